"""Beauty and personal care in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["BEAUTY"]

# fmt: off
_SMALL = ("30 ml", "50 ml")
_BOTTLE = ("50 ml", "100 ml", "200 ml")
_SHADES = ("Nude Beige", "Rosewood", "Classic Red", "Coral", "Berry", "Mauve")

BEAUTY = TopCategory(
    "Beauty & personal care", "BTY",
    (Brand("Petal & Pine"), Brand("Aurelle", 1.25), Brand("Saltwater Skin", 0.9),
     Brand("Verdana Botanics", 1.05), Brand("Glow Theory", 1.0, "USD"),
     Brand("Moss & Mere", 1.1, "GBP")),
    (
        SubCategory("Skincare", "SK", (
            ProductType(
                "Face Moisturiser", (12, 65), ("hyaluronic", "shea", "niacinamide", "aloe"),
                ("dry, dehydrated or combination skin", "daily hydration under make-up"),
                ("A light gel-cream that absorbs in seconds.",
                 "Dermatologically tested.", "Non-comedogenic: it will not clog pores."),
                (), _SMALL, ("fragrance_free", "cruelty_free", "organic"),
                tags=("skincare", "face"), weight=1.3),
            ProductType(
                "Vitamin C Serum", (15, 70), ("vitamin_c", "hyaluronic"),
                ("dull skin and uneven tone",),
                ("Apply two or three drops in the morning before sunscreen.",
                 "An airless pump keeps the formula stable."),
                (), ("15 ml", "30 ml"), ("cruelty_free", "fragrance_free"),
                ("A {pct}% vitamin C concentration.",), (("pct", ("10", "15", "20")),),
                tags=("skincare", "face", "serum")),
            ProductType(
                "Mineral Sunscreen SPF 50", (12, 40), ("aloe", "shea"),
                ("beach days, hikes and everyday city sun",),
                ("Zinc oxide filters that are reef-friendly.",
                 "No white cast on most skin tones.",
                 "Water-resistant for 80 minutes."),
                (), ("50 ml", "100 ml"), ("fragrance_free", "cruelty_free"),
                tags=("skincare", "sun", "summer")),
            ProductType(
                "Cleansing Balm", (15, 45), ("jojoba", "shea"),
                ("removing make-up and sunscreen",),
                ("Melts into an oil, then rinses off as a milk.",
                 "A muslin cloth is included."),
                (), ("50 ml", "100 ml"), ("cruelty_free", "organic"), tags=("skincare", "face")),
            ProductType(
                "Eye Cream", (18, 60), ("niacinamide", "hyaluronic"),
                ("puffiness and fine lines around the eyes",),
                ("A cooling metal applicator tip.", "Ophthalmologist-tested."),
                (), ("15 ml",), ("fragrance_free",), tags=("skincare", "face")),
        ), ("beauty",), final_sale_rate=0.2, weight=1.2),
        SubCategory("Hair care", "HC", (
            ProductType(
                "Shampoo Bar", (8, 18), ("argan", "shea"),
                ("plastic-free showers and travel",),
                ("One bar lasts as long as about three bottles of shampoo.",
                 "Free of sulphates and silicones."),
                (), (), ("vegan", "eco"), tags=("hair", "plastic-free")),
            ProductType(
                "Repair Hair Mask", (12, 38), ("argan", "shea", "jojoba"),
                ("dry, coloured or heat-damaged hair",),
                ("Leave on for five minutes, then rinse.",
                 "Fine hair stays light, not greasy."),
                (), ("150 ml", "250 ml"), ("cruelty_free", "vegan"), tags=("hair",)),
            ProductType(
                "Hair Oil", (12, 40), ("argan", "jojoba"),
                ("frizz, split ends and shine",),
                ("Two drops on damp hair before styling.",
                 "Protects against heat up to 230 °C."),
                (), ("50 ml", "100 ml"), ("organic", "cruelty_free"), tags=("hair",)),
            ProductType(
                "Hair Dryer", (40, 180), ("electronics",),
                ("quick, frizz-free drying at home",),
                ("Three heat and two speed settings with a cold shot.",
                 "A diffuser and a concentrator nozzle are included.",
                 "Ionic technology reduces static."),
                ("Black", "White", "Rose Gold"), (), ("foldable", "lightweight"),
                ("A {watts} W motor.",), (("watts", ("1,800", "2,000", "2,400")),),
                tags=("hair", "appliance")),
        ), ("beauty",), final_sale_rate=0.2),
        SubCategory("Make-up", "MK", (
            ProductType(
                "Lipstick", (10, 35), ("shea", "jojoba"),
                ("everyday wear and evenings out",),
                ("A creamy satin finish that does not dry the lips.",
                 "Long-wearing colour for up to eight hours."),
                _SHADES, (), ("cruelty_free", "vegan"), tags=("make-up", "lips"),
                weight=1.2),
            ProductType(
                "Mascara", (10, 32), ("jojoba",),
                ("volume and length that lasts all day",),
                ("A curved brush lifts every lash.",
                 "Removes easily with warm water."),
                ("Black", "Brown Black"), (), ("cruelty_free",), tags=("make-up", "eyes")),
            ProductType(
                "Tinted Moisturiser", (14, 42), ("hyaluronic", "niacinamide"),
                ("a light, natural look",),
                ("Sheer coverage with SPF 30.", "Available in many shades."),
                ("Fair", "Light", "Medium", "Tan", "Deep"), _SMALL,
                ("fragrance_free", "cruelty_free"), tags=("make-up", "face")),
            ProductType(
                "Eyeshadow Palette", (15, 55), ("jojoba",),
                ("day and night looks",),
                ("{count} matte and shimmer shades with a mirror.",
                 "Highly pigmented and easy to blend."),
                ("Warm Neutrals", "Cool Smoky", "Sunset"), (), ("cruelty_free", "vegan"),
                numbers=(("count", ("Nine", "Twelve", "Eighteen")),),
                tags=("make-up", "eyes", "gift")),
        ), ("beauty",), final_sale_rate=0.35),
        SubCategory("Fragrance", "FR", (
            ProductType(
                "Eau de Parfum", (35, 160), ("fragrance_oils",),
                ("evenings out and special days",),
                ("Notes of {scent}.", "A refillable glass bottle.",
                 "Lasts six to eight hours on the skin."),
                (), ("30 ml", "50 ml", "100 ml"), ("vegan", "cruelty_free"),
                numbers=(("scent", ("bergamot, iris and musk", "fig, cedar and vetiver",
                                    "neroli, amber and sandalwood", "pink pepper and rose",
                                    "sea salt, sage and driftwood")),),
                tags=("fragrance", "gift"), weight=1.5),
            ProductType(
                "Solid Perfume", (15, 40), ("shea",),
                ("travel and handbags",),
                ("Notes of {scent}.", "A pocket-sized refillable tin."),
                (), (), ("vegan", "eco"),
                numbers=(("scent", ("jasmine and vanilla", "vetiver and lime",
                                    "lavender and tonka")),),
                tags=("fragrance", "travel", "gift")),
            ProductType(
                "Body Mist", (12, 35), ("aloe",),
                ("a light, fresh scent after the gym or the beach",),
                ("Notes of {scent}.", "Alcohol-free and gentle."),
                (), ("100 ml", "200 ml"), ("vegan",),
                numbers=(("scent", ("coconut and lime", "cucumber and mint", "peony")),),
                tags=("fragrance",)),
        ), ("beauty",), final_sale_rate=0.25),
        SubCategory("Bath & body", "BB", (
            ProductType(
                "Body Lotion", (10, 38), ("shea", "aloe", "jojoba"),
                ("daily moisture after the shower",),
                ("A fast-absorbing, non-greasy texture.",
                 "A pump bottle made from recycled plastic."),
                (), (*_BOTTLE, "400 ml"), ("fragrance_free", "organic", "vegan"),
                tags=("body",)),
            ProductType(
                "Hand Cream Set", (15, 45), ("shea",),
                ("dry hands in winter",),
                ("{count} tubes in different scents, in a gift box.",
                 "Rich but not sticky."),
                (), (), ("vegan", "cruelty_free"),
                numbers=(("count", ("Three", "Four")),), tags=("body", "gift"), plural=False),
            ProductType(
                "Bath Salts", (10, 30), ("aloe",),
                ("a relaxing soak after a long day",),
                ("Magnesium-rich salts with {scent}.", "Comes in a resealable pouch."),
                (), ("500 g", "1 kg"), ("vegan", "organic"),
                numbers=(("scent", ("lavender oil", "eucalyptus oil", "rose petals")),),
                tags=("bath", "gift")),
            ProductType(
                "Natural Deodorant", (8, 20), ("shea", "aloe"),
                ("sensitive underarms",),
                ("Free of aluminium and baking soda.", "Lasts for 24 hours."),
                (), (), ("vegan", "eco", "fragrance_free"), tags=("body", "plastic-free")),
        ), ("beauty",), final_sale_rate=0.2),
        SubCategory("Shaving & grooming", "SG", (
            ProductType(
                "Safety Razor", (20, 60), ("steel",),
                ("a close, plastic-free shave",),
                ("A weighted handle does the work, no pressing needed.",
                 "Ten replacement blades are included."),
                ("Silver", "Black", "Rose Gold"), (), ("eco",),
                tags=("shaving", "plastic-free", "gift")),
            ProductType(
                "Beard Oil", (12, 30), ("argan", "jojoba"),
                ("soft, tidy beards",),
                ("A few drops tame itchy stubble.", "A glass dropper bottle."),
                (), ("30 ml", "50 ml"), ("organic", "vegan"), tags=("grooming", "men")),
            ProductType(
                "Electric Toothbrush", (30, 150), ("electronics",),
                ("a cleaner smile",),
                ("A two-minute timer with 30-second pacing.",
                 "A pressure sensor warns when you brush too hard."),
                ("White", "Black", "Pink", "Mint Green"), (), ("cordless",),
                ("One charge lasts about {weeks} weeks.",), (("weeks", ("2", "3", "4")),),
                tags=("oral care", "appliance")),
            ProductType(
                "Electric Shaver", (40, 200), ("electronics",),
                ("quick daily shaves, wet or dry",),
                ("Flexing heads follow the contours of the face.",
                 "A pop-up trimmer for sideburns."),
                ("Black", "Silver"), (), ("cordless", "waterproof_ip"),
                ("Up to {minutes} minutes of shaving on a charge.",),
                (("minutes", ("50", "60", "90")),), tags=("shaving", "men", "appliance")),
        ), ("grooming",), final_sale_rate=0.15),
    ),
    gift_rate=0.15,
    material_label="ingredient",
)
# fmt: on
