"""Apparel in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    APPAREL_SIZES,
    KIDS_SIZES,
    NEUTRALS,
    ONE_SIZE,
    OUTDOOR_COLOURS,
    SOFT_COLOURS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["APPAREL"]

# fmt: off
_ADULTS = ("Men's", "Women's")
_KIDS_COLOURS = ("Red", "Cobalt Blue", "Sunflower Yellow", "Lime Green", "Hot Pink", "Navy Blue")

APPAREL = TopCategory(
    "Apparel", "APP",
    (Brand("Nordvik"), Brand("Alder & Finch", 1.15), Brand("Mistral Studio", 1.1),
     Brand("Kestrel Lane", 0.9), Brand("Harbour & Pine", 1.05, "GBP"),
     Brand("Bayside Supply", 0.85, "USD"), Brand("Loomhouse", 0.95)),
    (
        SubCategory("Tops & sweatshirts", "TS", (
            ProductType(
                "T-Shirt", (15, 45), ("cotton", "cotton_jersey", "merino", "linen"),
                ("everyday wear and warm weekends", "layering under a shirt or jacket",
                 "relaxed days off"),
                ("The crew neckline keeps its shape wash after wash.",
                 "{It} {has} a relaxed, slightly boxy fit.",
                 "Side seams are taped so {it} stay{s} straight after washing.",
                 "{It} can be washed at 30 degrees and tumble-dried on low."),
                NEUTRALS, APPAREL_SIZES, ("organic", "quick_dry"),
                ("The fabric weighs {gsm} g/m², soft but never see-through.",),
                (("gsm", ("160", "180", "200", "220")),), audiences=_ADULTS, weight=1.4),
            ProductType(
                "Long-Sleeve Top", (25, 55), ("cotton_jersey", "merino", "recycled_poly"),
                ("cool mornings and layering", "yoga, travel and lazy Sundays"),
                ("Thumbholes keep the sleeves in place under a jacket.",
                 "A longer back hem stays tucked in when you bend.",
                 "Flatlock seams avoid rubbing under a backpack."),
                NEUTRALS, APPAREL_SIZES, ("quick_dry", "breathable", "thermal"),
                audiences=_ADULTS),
            ProductType(
                "Polo Shirt", (30, 75), ("cotton", "cotton_jersey"),
                ("the office, golf and summer dinners",),
                ("A piqué knit collar that stays crisp.",
                 "Mother-of-pearl-look buttons and a two-button placket.",
                 "Short side vents make {obj} easy to wear untucked."),
                NEUTRALS, APPAREL_SIZES, ("organic", "stretch"), audiences=_ADULTS),
            ProductType(
                "Hoodie", (45, 110), ("cotton", "fleece", "recycled_poly"),
                ("chilly evenings, the sofa and the school run",
                 "warming up before a run or after a swim"),
                ("A lined hood with flat drawcords and a roomy kangaroo pocket.",
                 "Ribbed cuffs and hem keep the warmth in.",
                 "The brushed inside feels soft from the first wear."),
                NEUTRALS, APPAREL_SIZES, ("organic", "recycled"),
                ("The heavyweight loopback fabric weighs {gsm} g/m².",),
                (("gsm", ("320", "360", "400")),), audiences=_ADULTS, weight=1.2),
            ProductType(
                "Sweatshirt", (40, 90), ("cotton", "recycled_poly"),
                ("layering on cool days",),
                ("A classic crew neck with a V-insert.",
                 "Dropped shoulders give a relaxed, easy fit."),
                NEUTRALS, APPAREL_SIZES, ("organic",), audiences=_ADULTS),
        ), ("clothing",)),
        SubCategory("Knitwear & winter accessories", "KW", (
            ProductType(
                "Crew-Neck Sweater", (55, 190), ("merino", "wool", "cashmere", "cotton"),
                ("cold offices and winter weekends", "layering over a shirt"),
                ("The fine-gauge knit drapes well and resists pilling.",
                 "Fully fashioned shoulders give a neat, tailored fit.",
                 "Hand wash cold or use the wool cycle, and dry flat."),
                NEUTRALS, APPAREL_SIZES, ("handmade",), audiences=_ADULTS, weight=1.2),
            ProductType(
                "Cardigan", (55, 160), ("merino", "wool", "cotton"),
                ("layering in the office and on cool evenings",),
                ("Horn-look buttons and two patch pockets.",
                 "A chunky rib knit that keeps you warm on its own."),
                SOFT_COLOURS, APPAREL_SIZES, audiences=_ADULTS),
            ProductType(
                "Beanie", (15, 45), ("merino", "wool", "fleece", "cotton"),
                ("winter walks, ski trips and cold commutes",),
                ("A double-layer cuff covers the ears.",
                 "{It} {is} stretchy enough to fit most heads comfortably."),
                OUTDOOR_COLOURS, ONE_SIZE, ("thermal", "recycled"), tags=("winter", "gift")),
            ProductType(
                "Scarf", (25, 90), ("merino", "cashmere", "wool", "linen"),
                ("cold winter days", "windy city walks"),
                ("{It} measure{s} {length} cm long, enough to wrap twice.",
                 "Fringed ends and a soft brushed finish."),
                SOFT_COLOURS, ONE_SIZE, ("handmade",),
                numbers=(("length", ("170", "180", "200")),), tags=("winter", "gift")),
            ProductType(
                "Gloves", (20, 70), ("leather", "merino", "fleece", "softshell"),
                ("cold commutes and winter hikes",),
                ("Touchscreen-compatible fingertips let you use your phone.",
                 "A silicone grip on the palm holds on to poles and handlebars."),
                NEUTRALS, ("S", "M", "L", "XL"), ("insulated", "waterproof", "thermal"),
                tags=("winter",)),
        ), ("clothing",)),
        SubCategory("Jackets & coats", "JC", (
            ProductType(
                "Rain Jacket", (70, 260), ("nylon", "recycled_poly", "softshell"),
                ("wet commutes and rainy hikes", "unpredictable spring weather"),
                ("An adjustable hood with a stiffened peak keeps rain off your face.",
                 "Pit zips let heat out on climbs.",
                 "Two zipped hand pockets sit above a hip belt."),
                OUTDOOR_COLOURS, APPAREL_SIZES,
                ("waterproof", "packable", "lightweight", "breathable"),
                ("The shell is rated {hh} mm hydrostatic head.",),
                (("hh", ("10,000", "15,000", "20,000", "28,000")),), audiences=_ADULTS,
                tags=("rain", "outdoor"), weight=1.4),
            ProductType(
                "Puffer Jacket", (110, 340), ("down", "synthetic_fill"),
                ("freezing city days and winter trips", "cold belay stops and ski lifts"),
                ("Baffled quilting stops the fill from shifting.",
                 "An internal chest pocket keeps your phone battery warm.",
                 "{It} pack{s} down into a small stuff sack."),
                NEUTRALS, APPAREL_SIZES, ("insulated", "water_resistant", "recycled", "packable"),
                ("Comfortable down to about {temp} °C when worn over a base layer.",),
                (("temp", ("-5", "-10", "-15", "-20")),), audiences=_ADULTS, tags=("winter",),
                weight=1.2),
            ProductType(
                "Wool Coat", (150, 390), ("wool", "cashmere"),
                ("smart winter commutes", "evenings out in the cold"),
                ("A tailored, knee-length cut with a notch lapel.",
                 "A quilted lining adds warmth without bulk."),
                NEUTRALS, APPAREL_SIZES, ("water_resistant",), audiences=_ADULTS,
                tags=("winter",)),
            ProductType(
                "Softshell Jacket", (80, 200), ("softshell",),
                ("cool, breezy hikes and bike rides",),
                ("A brushed inner face feels warm against the skin.",
                 "A chin guard stops the zip from rubbing."),
                OUTDOOR_COLOURS, APPAREL_SIZES, ("water_resistant", "stretch", "breathable"),
                audiences=_ADULTS, tags=("outdoor",)),
            ProductType(
                "Denim Jacket", (60, 140), ("denim",),
                ("spring days and cool summer evenings",),
                ("Classic chest flap pockets and metal shank buttons.",
                 "The rinse wash softens the denim from the first wear."),
                ("Light Blue", "Mid Blue", "Indigo Blue", "Black"), APPAREL_SIZES,
                audiences=_ADULTS),
        ), ("clothing", "outerwear")),
        SubCategory("Trousers & shorts", "TR", (
            ProductType(
                "Chinos", (45, 110), ("cotton", "denim"),
                ("the office and weekends alike",),
                ("A slim, tapered leg with a mid rise.",
                 "A hidden coin pocket and a sturdy metal zip.",
                 "Pre-washed, so {it} will not shrink."),
                NEUTRALS, ("28", "30", "32", "34", "36", "38"), ("stretch", "organic"),
                audiences=_ADULTS),
            ProductType(
                "Jeans", (55, 140), ("denim",),
                ("every day of the week",),
                ("A straight leg with a classic five-pocket design.",
                 "The {oz} oz denim softens and fades with wear.",
                 "Copper rivets reinforce the pockets."),
                ("Light Blue", "Mid Blue", "Indigo Blue", "Black", "Grey"),
                ("28", "30", "32", "34", "36", "38"), ("stretch", "organic"),
                numbers=(("oz", ("11", "12", "13", "14")),), audiences=_ADULTS, weight=1.2),
            ProductType(
                "Hiking Trousers", (55, 150), ("softshell", "nylon", "recycled_poly"),
                ("long days on the trail", "scrambling and trekking"),
                ("Articulated knees and a gusseted crotch for big steps.",
                 "Zip-off lower legs turn {obj} into shorts.",
                 "A zipped thigh pocket fits a phone or map."),
                OUTDOOR_COLOURS, APPAREL_SIZES, ("stretch", "quick_dry", "water_resistant"),
                audiences=_ADULTS, tags=("hiking", "outdoor")),
            ProductType(
                "Shorts", (25, 70), ("cotton", "linen", "recycled_poly"),
                ("summer days, holidays and the beach",),
                ("An elasticated waist with a drawcord.",
                 "A {inseam} cm inseam, ending just above the knee."),
                NEUTRALS, APPAREL_SIZES, ("quick_dry", "organic"),
                numbers=(("inseam", ("13", "18", "23")),), audiences=_ADULTS, tags=("summer",)),
            ProductType(
                "Joggers", (35, 85), ("cotton", "fleece", "recycled_poly"),
                ("lounging, travel and gentle workouts",),
                ("Cuffed ankles and deep side pockets.",
                 "A wide elastic waistband that does not dig in."),
                NEUTRALS, APPAREL_SIZES, ("organic", "stretch"), audiences=_ADULTS),
        ), ("clothing",)),
        SubCategory("Dresses & skirts", "DR", (
            ProductType(
                "Wrap Dress", (50, 150), ("viscose", "linen", "cotton"),
                ("summer weddings, dinners and the office",),
                ("A true wrap front with a tie waist you can adjust.",
                 "Flutter sleeves and a midi length.",
                 "Fully lined to the knee."),
                SOFT_COLOURS, APPAREL_SIZES, ("organic",), tags=("women",)),
            ProductType(
                "Shirt Dress", (50, 130), ("cotton", "linen"),
                ("warm days in town and on holiday",),
                ("A button-through front, a belt and two side pockets.",
                 "Roll-up sleeves with button tabs."),
                NEUTRALS, APPAREL_SIZES, ("organic",), tags=("women",)),
            ProductType(
                "Midi Skirt", (40, 110), ("viscose", "linen", "wool"),
                ("the office and weekends",),
                ("A flattering A-line cut that falls below the knee.",
                 "An invisible side zip and a comfortable waistband."),
                SOFT_COLOURS, APPAREL_SIZES, tags=("women",)),
            ProductType(
                "Jumpsuit", (60, 150), ("linen", "cotton", "viscose"),
                ("hot days and holidays",),
                ("Wide legs, a drawstring waist and deep pockets.",
                 "Adjustable straps for a good fit."),
                SOFT_COLOURS, APPAREL_SIZES, tags=("women", "summer")),
        ), ("clothing",)),
        SubCategory("Kids' clothing", "KD", (
            ProductType(
                "Kids' Rain Jacket", (30, 75), ("nylon", "recycled_poly"),
                ("puddles, school runs and rainy playgrounds",),
                ("Reflective strips keep children visible on dark mornings.",
                 "A detachable hood is safe for climbing frames.",
                 "A name label inside the collar."),
                _KIDS_COLOURS,
                KIDS_SIZES, ("waterproof", "recycled", "packable"), tags=("kids", "rain")),
            ProductType(
                "Kids' T-Shirt", (10, 25), ("cotton",),
                ("school, play and holidays",),
                ("A playful print that survives the washing machine.",
                 "Soft, tag-free neck labels for sensitive skin."),
                _KIDS_COLOURS, KIDS_SIZES, ("organic",), tags=("kids",)),
            ProductType(
                "Kids' Hoodie", (25, 50), ("cotton", "fleece"),
                ("cool days at school and in the park",),
                ("Double-layered elbows stand up to climbing and crawling.",
                 "A full-length zip that small hands can manage."),
                _KIDS_COLOURS, KIDS_SIZES, ("organic", "recycled"), tags=("kids",)),
            ProductType(
                "Kids' Pyjama Set", (18, 40), ("cotton",),
                ("bedtime and lazy weekend mornings",),
                ("A long-sleeve top and trousers with a soft elastic waist.",
                 "Snug-fitting for safety, as sleepwear should be."),
                SOFT_COLOURS, KIDS_SIZES, ("organic",), tags=("kids", "gift"), plural=False),
            ProductType(
                "Kids' Snowsuit", (60, 130), ("nylon", "synthetic_fill"),
                ("sledging, skiing and snowball fights",),
                ("Elasticated boot gaiters keep snow out.",
                 "Reinforced seat and knees for sliding down hills."),
                _KIDS_COLOURS, KIDS_SIZES[:4], ("waterproof", "insulated"),
                tags=("kids", "winter")),
        ), ("clothing", "kids"), final_sale_rate=0.02),
    ),
)
# fmt: on
