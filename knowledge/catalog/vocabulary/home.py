"""Home and kitchen in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    SOFT_COLOURS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["HOME"]

# fmt: off
_KITCHEN = ("Natural", "Charcoal Grey", "Sage Green", "Terracotta", "White", "Oat", "Black")
_BED_SIZES = ("Single", "Double", "King", "Super King")

HOME = TopCategory(
    "Home & kitchen", "HOM",
    (Brand("Hearth & Oak"), Brand("Copperleaf", 1.2), Brand("Maison Verre", 1.1),
     Brand("Kettle & Crumb", 0.9), Brand("Larder Lane", 1.0, "GBP"),
     Brand("Greystone Home", 0.95, "USD")),
    (
        SubCategory("Cookware", "CW", (
            ProductType(
                "Frying Pan", (25, 120), ("steel", "cast_iron", "aluminium"),
                ("searing, frying and everyday cooking",),
                ("Works on every hob, including induction.",
                 "A riveted, stay-cool handle.", "Oven-safe up to 250 °C."),
                (), ("20 cm", "24 cm", "28 cm", "30 cm"), ("non_stick", "dishwasher_safe"),
                tags=("cooking",), weight=1.3),
            ProductType(
                "Casserole Dish", (60, 280), ("cast_iron",),
                ("slow-cooked stews, soups and bread",),
                ("A heavy lid with self-basting spikes.",
                 "An enamelled interior that needs no seasoning."),
                ("Red", "Sage Green", "Charcoal Grey", "Cream", "Blue"),
                ("2.5 l", "4 l", "5.5 l"), (), tags=("cooking",)),
            ProductType(
                "Saucepan Set", (60, 250), ("steel",),
                ("everyday family cooking",),
                ("Glass lids let you watch without lifting.",
                 "Measuring marks inside every pan."),
                (), (), ("dishwasher_safe", "non_stick"),
                ("{count} pans from 16 to 20 cm, all induction-ready.",),
                (("count", ("Three", "Four", "Five")),), tags=("cooking",), plural=False),
            ProductType(
                "Wok", (30, 110), ("steel", "cast_iron"),
                ("stir-fries on high heat",),
                ("A flat base sits steady on induction and gas.",
                 "A helper handle for lifting when full."),
                (), ("28 cm", "32 cm"), ("non_stick",), tags=("cooking",)),
        ), ("kitchen",)),
        SubCategory("Knives & kitchen tools", "KT", (
            ProductType(
                "Chef's Knife", (30, 180), ("steel",),
                ("chopping, slicing and dicing", "home cooks who want one great knife"),
                ("The blade is hardened to {hrc} HRC and holds its edge for months.",
                 "A full-tang handle gives balance.", "Hand wash and dry to keep it sharp."),
                (), (), ("handmade",), ("A {blade} cm blade.",),
                (("blade", ("18", "20", "21", "24")), ("hrc", ("58", "60", "61")),),
                tags=("knives", "gift")),
            ProductType(
                "Knife Block Set", (70, 300), ("steel", "oak", "bamboo"),
                ("a complete kitchen",),
                ("Chef's, bread, utility and paring knives in a wooden block.",
                 "A honing steel is included."),
                (), (), (), ("{count} pieces in total.",), (("count", ("Five", "Six", "Seven")),),
                tags=("knives", "gift"), plural=False),
            ProductType(
                "Cutting Board", (15, 80), ("oak", "bamboo", "plastic"),
                ("chopping vegetables and carving roasts",),
                ("A juice groove catches liquids.",
                 "Non-slip feet keep {obj} still."),
                (), ("S", "M", "L"), ("eco",), tags=("kitchen tools",)),
            ProductType(
                "Digital Kitchen Scale", (15, 45), ("glass", "steel"),
                ("baking and portioning",),
                ("Tare function and a clear backlit display.",
                 "Weighs up to 5 kg in 1 g steps."),
                ("Black", "White"), (), (), tags=("baking", "kitchen tools")),
        ), ("kitchen",)),
        SubCategory("Coffee & tea", "CT", (
            ProductType(
                "French Press", (20, 80), ("borosilicate", "steel"),
                ("rich coffee at home", "slow weekend breakfasts"),
                ("A four-layer filter keeps grounds out of the cup.",
                 "Easy to take apart and clean."),
                ("Silver", "Black", "Copper"), ("0.35 l", "0.8 l", "1 l"), ("dishwasher_safe",),
                tags=("coffee",)),
            ProductType(
                "Electric Kettle", (30, 120), ("steel", "borosilicate"),
                ("tea and coffee lovers",),
                ("Temperature presets for green tea, coffee and boiling.",
                 "{It} lift{s} off a 360-degree base, so {it} {is} easy to pour from any side.",
                 "A keep-warm mode holds the temperature for 30 minutes."),
                ("Black", "White", "Silver", "Sage Green"), (), (),
                ("It holds {litres} litres and boils with {watts} W.",),
                (("litres", ("1.2", "1.5", "1.7")), ("watts", ("2,000", "2,200", "3,000")),),
                tags=("coffee", "tea")),
            ProductType(
                "Manual Coffee Grinder", (30, 130), ("steel", "oak"),
                ("fresh espresso and filter coffee",),
                ("Conical steel burrs with {settings} grind settings.",
                 "Small enough to take camping."),
                ("Black", "Silver"), (), (), numbers=(("settings", ("30", "40", "48")),),
                tags=("coffee", "gift")),
            ProductType(
                "Teapot", (25, 90), ("ceramic", "borosilicate", "cast_iron"),
                ("loose-leaf tea for two or four",),
                ("A removable steel infuser.", "A drip-free spout."),
                _KITCHEN, ("0.6 l", "1 l"), (), tags=("tea", "gift")),
        ), ("kitchen",)),
        SubCategory("Tableware & drinkware", "TW", (
            ProductType(
                "Dinner Set", (50, 220), ("stoneware", "porcelain"),
                ("everyday meals and dinner parties",),
                ("Microwave-safe and chip-resistant.",
                 "A reactive glaze makes each piece slightly different."),
                _KITCHEN, (), ("dishwasher_safe",),
                ("{pieces} pieces: plates, side plates and bowls for {people}.",),
                (("pieces", ("12", "16", "18")), ("people", ("four", "six")),),
                tags=("tableware",), plural=False, weight=1.2),
            ProductType(
                "Drinking Glasses", (20, 60), ("borosilicate", "glass"),
                ("water, juice and cocktails",),
                ("Thin rims with a sturdy base.",
                 "Sold as a set of {pack}."),
                ("Clear", "Smoke Grey", "Amber"), (), ("dishwasher_safe",),
                numbers=(("pack", ("four", "six")),), tags=("glassware",)),
            ProductType(
                "Travel Mug", (15, 40), ("steel", "bamboo"),
                ("coffee on the commute",),
                ("A one-handed, leak-proof lid.",
                 "Fits most car cup holders and coffee machines."),
                _KITCHEN, ("350 ml", "470 ml"), ("bpa_free", "insulated_drink"),
                tags=("coffee", "travel")),
            ProductType(
                "Lunch Box", (12, 40), ("steel", "plastic"),
                ("school lunches and office meals",),
                ("Removable dividers keep foods apart.",
                 "Clip locks keep sauces inside."),
                ("Blue", "Green", "Pink", "Grey"), ("0.8 l", "1.2 l"),
                ("bpa_free", "dishwasher_safe"), tags=("kids", "school")),
        ), ("kitchen",)),
        SubCategory("Bedding & bath", "BD", (
            ProductType(
                "Duvet Cover Set", (50, 180), ("percale", "linen", "cotton"),
                ("cool, restful nights",),
                ("A hidden button closure and corner ties keep the duvet in place.",
                 "Two pillowcases are included."),
                SOFT_COLOURS, _BED_SIZES, ("organic",),
                ("A {tc} thread count weave that gets softer with every wash.",),
                (("tc", ("200", "300", "400")),), tags=("bedroom",), plural=False),
            ProductType(
                "Throw Blanket", (35, 140), ("wool", "cotton", "merino"),
                ("sofa evenings and cool nights",),
                ("Tasselled edges and a chunky weave.",
                 "It measures 130 x 170 cm."),
                SOFT_COLOURS, (), ("handmade",), tags=("living room", "gift")),
            ProductType(
                "Bath Towel Set", (30, 110), ("cotton", "bamboo"),
                ("soft, absorbent towels every day",),
                ("Hand, bath and guest towels.",
                 "A {gsm} g/m² weight that is plush but dries quickly."),
                SOFT_COLOURS, (), ("organic",), numbers=(("gsm", ("550", "600", "700")),),
                tags=("bathroom",), plural=False),
            ProductType(
                "Pillow", (25, 90), ("down", "synthetic_fill"),
                ("side, back and front sleepers",),
                ("Adjustable fill: take some out for a lower pillow.",
                 "A removable, washable cover."),
                ("White",), ("Standard", "King"), ("allergy_friendly",), tags=("bedroom",)),
        ), ("home",)),
        SubCategory("Home fragrance & decor", "HD", (
            ProductType(
                "Scented Candle", (15, 60), ("wax",),
                ("cosy evenings and relaxing baths",),
                ("Notes of {scent}.", "A cotton wick in a reusable glass jar."),
                (), (), ("vegan", "eco"), ("About {hours} hours of burn time.",),
                (("hours", ("30", "45", "60")),
                 ("scent", ("fig and cedar", "sea salt and sage", "bergamot and vetiver",
                            "amber and vanilla")),), tags=("candles", "gift"), weight=1.3),
            ProductType(
                "Reed Diffuser", (20, 60), ("glass",),
                ("hallways and bathrooms",),
                ("Notes of {scent}.", "Turn the reeds every week for a stronger scent."),
                (), (), ("vegan",), ("A {ml} ml bottle lasts about {weeks} weeks.",),
                (("ml", ("100", "200")), ("weeks", ("8", "12")),
                 ("scent", ("linen and lavender", "orange blossom", "oud and rose")),),
                tags=("fragrance", "gift")),
            ProductType(
                "Table Lamp", (35, 160), ("ceramic", "oak", "steel"),
                ("bedside tables and reading corners",),
                ("A linen shade gives a warm, diffused light.",
                 "Takes an E27 bulb; a 7 W LED bulb is included."),
                _KITCHEN, (), ("cordless", "smart"), tags=("lighting", "living room")),
            ProductType(
                "Plant Pot", (12, 60), ("ceramic", "stoneware", "recycled_plastic"),
                ("houseplants on shelves and windowsills",),
                ("A drainage hole with a matching saucer.",
                 "Frost-resistant, so {it} can go outside too."),
                _KITCHEN, ("12 cm", "17 cm", "24 cm"), ("handmade",), tags=("garden", "decor")),
        ), ("home",)),
    ),
)
# fmt: on
