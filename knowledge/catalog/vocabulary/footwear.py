"""Footwear in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    SHOE_SIZES,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["FOOTWEAR"]

# fmt: off
_SOCK_SIZES = ("35-38", "39-42", "43-46")

FOOTWEAR = TopCategory(
    "Footwear", "FTW",
    (Brand("Trailhead"), Brand("Stride Theory", 1.1), Brand("Cobblestone Co.", 0.95),
     Brand("Paveway", 0.9), Brand("Fjellmark", 1.2), Brand("Ridgeback Supply", 1.0, "USD"),
     Brand("Hollins & Hart", 1.15, "GBP")),
    (
        SubCategory("Hiking boots", "HB", (
            ProductType(
                "Hiking Boots", (85, 240), ("leather", "nubuck", "suede", "mesh"),
                ("day hikes on rocky trails", "muddy forest paths and hill walks",
                 "multi-day treks with a loaded pack"),
                ("A deep-lugged rubber outsole grips on wet rock and mud.",
                 "A padded ankle collar and a gusseted tongue keep grit out.",
                 "A shock-absorbing EVA midsole cushions long descents.",
                 "A rubber toe cap protects against roots and stones."),
                ("Brown", "Dark Brown", "Black", "Grey", "Olive Green", "Navy Blue"),
                SHOE_SIZES, ("waterproof", "insulated", "lightweight", "vegan"),
                ("A pair weighs about {grams} g in size 42.",),
                (("grams", ("780", "860", "940", "1,020", "1,150")),),
                audiences=("Men's", "Women's", ""), tags=("hiking", "outdoor", "boots"),
                weight=2.0),
            ProductType(
                "Hiking Shoes", (70, 170), ("mesh", "suede", "nubuck"),
                ("fast hikes and well-kept trails", "travel and light trail walking"),
                ("A low-cut design with a supportive heel counter.",
                 "Quick-pull laces tuck into a pocket on the tongue.",
                 "A sticky rubber outsole for wet rock and roots."),
                ("Grey", "Black", "Blue", "Olive Green", "Sand"), SHOE_SIZES,
                ("waterproof", "lightweight", "breathable", "vegan"),
                audiences=("Men's", "Women's", ""), tags=("hiking", "outdoor"), weight=1.4),
            ProductType(
                "Backpacking Boots", (150, 300), ("leather", "nubuck"),
                ("heavy loads, off-trail routes and alpine treks",),
                ("A stiff nylon shank supports you under a heavy pack.",
                 "A welt at the heel takes semi-automatic crampons.",
                 "Can be resoled by a cobbler when the tread wears down."),
                ("Brown", "Black", "Grey"), SHOE_SIZES, ("waterproof", "insulated"),
                ("A pair weighs about {grams} g in size 42.",),
                (("grams", ("1,200", "1,350", "1,480")),),
                audiences=("Men's", "Women's"), tags=("hiking", "outdoor", "boots")),
        ), ("footwear",)),
        SubCategory("Running shoes", "RN", (
            ProductType(
                "Running Shoes", (70, 190), ("mesh", "knit"),
                ("road running and daily training", "long runs and marathon training",
                 "easy runs and gym sessions"),
                ("A responsive foam midsole with a {drop} mm heel-to-toe drop.",
                 "A breathable upper and a padded, heel-hugging collar.",
                 "Reflective details for runs before sunrise."),
                ("Black", "White", "Blue", "Red", "Grey", "Neon Yellow", "Pink"), SHOE_SIZES,
                ("lightweight", "breathable", "recycled", "vegan"),
                numbers=(("drop", ("4", "6", "8", "10")),), audiences=("Men's", "Women's"),
                tags=("running", "sports"), weight=1.8),
            ProductType(
                "Trail Running Shoes", (80, 180), ("mesh", "knit"),
                ("muddy trails and mountain races",),
                ("Deep {lug} mm lugs bite into mud and loose gravel.",
                 "A rock plate protects the sole of the foot on sharp stones.",
                 "A gaiter attachment at the heel."),
                ("Black", "Orange", "Blue", "Green", "Grey"), SHOE_SIZES,
                ("waterproof", "lightweight", "breathable"),
                numbers=(("lug", ("4", "5", "6")),), audiences=("Men's", "Women's"),
                tags=("running", "trail", "outdoor")),
        ), ("footwear", "sports")),
        SubCategory("Sneakers", "SN", (
            ProductType(
                "Leather Sneakers", (70, 170), ("leather", "vegan_leather", "suede"),
                ("everyday city wear",),
                ("A cupsole stitched to the upper for a long life.",
                 "A cushioned, removable leather insole.",
                 "Minimal, logo-free design that goes with everything."),
                ("White", "Black", "Off-White", "Tan", "Navy Blue"), SHOE_SIZES,
                ("vegan",), audiences=("Men's", "Women's", ""), weight=1.4),
            ProductType(
                "Canvas Sneakers", (40, 90), ("canvas", "cotton"),
                ("summer days and casual weekends",),
                ("A vulcanised rubber sole with a classic toe cap.",
                 "Metal eyelets and flat cotton laces."),
                ("White", "Black", "Red", "Navy Blue", "Olive Green"), SHOE_SIZES,
                ("vegan", "organic"), audiences=("",)),
            ProductType(
                "Slip-On Sneakers", (45, 95), ("knit", "canvas"),
                ("travel days and quick errands",),
                ("Elastic side gores make them easy to pull on.",
                 "A padded heel tab and a flexible sole."),
                ("Black", "Grey", "White", "Navy Blue"), SHOE_SIZES, ("vegan", "recycled"),
                audiences=("Men's", "Women's")),
        ), ("footwear",)),
        SubCategory("Boots", "BT", (
            ProductType(
                "Chelsea Boots", (90, 230), ("leather", "suede"),
                ("the office, evenings out and city winters",),
                ("Elastic side panels and a pull tab at the heel.",
                 "A Goodyear-welted sole that can be replaced.",
                 "A commando rubber sole for grip on wet pavements."),
                ("Black", "Dark Brown", "Tan", "Grey"), SHOE_SIZES, ("water_resistant",),
                audiences=("Men's", "Women's"), tags=("boots",), weight=1.2),
            ProductType(
                "Winter Boots", (80, 220), ("nubuck", "leather", "nylon"),
                ("snow, slush and icy pavements", "winter walks and ski holidays"),
                ("A removable wool-blend felt liner.",
                 "A grippy outsole compound that stays soft in the cold.",
                 "A gusseted tongue keeps snow out."),
                ("Black", "Brown", "Grey", "Olive Green"), SHOE_SIZES,
                ("waterproof", "insulated", "thermal"),
                ("Rated warm down to {temp} °C.",), (("temp", ("-20", "-25", "-30", "-40")),),
                audiences=("Men's", "Women's"), tags=("boots", "winter"), weight=1.3),
            ProductType(
                "Ankle Boots", (80, 200), ("leather", "suede", "vegan_leather"),
                ("autumn days in town",),
                ("A {heel} cm block heel that is easy to walk in.",
                 "A side zip makes them quick to put on."),
                ("Black", "Cognac Brown", "Burgundy Red", "Taupe"), SHOE_SIZES[:8],
                ("vegan", "water_resistant"), numbers=(("heel", ("3", "5", "6")),),
                tags=("boots", "women")),
            ProductType(
                "Rain Boots", (35, 90), ("rubber",),
                ("festivals, gardens and rainy days",),
                ("A handcrafted natural-rubber boot with a cotton lining.",
                 "An adjustable buckle at the calf."),
                ("Black", "Olive Green", "Navy Blue", "Yellow", "Red"), SHOE_SIZES,
                ("waterproof_solid", "vegan"), tags=("boots", "rain")),
        ), ("footwear",)),
        SubCategory("Sandals & slippers", "SA", (
            ProductType(
                "Sandals", (30, 110), ("leather", "vegan_leather", "nylon"),
                ("summer holidays and city heat", "river crossings and beach walks"),
                ("A contoured cork footbed supports the arch.",
                 "Three adjustable hook-and-loop straps.",
                 "A grippy outsole for wet rocks and boat decks."),
                ("Black", "Brown", "Tan", "Olive Green", "Navy Blue"), SHOE_SIZES,
                ("waterproof_solid", "vegan", "lightweight"), audiences=("Men's", "Women's", ""),
                tags=("summer",)),
            ProductType(
                "Slides", (20, 60), ("rubber", "recycled_plastic"),
                ("the pool, the gym and the beach",),
                ("A soft, one-piece footbed that dries quickly.",
                 "A textured footbed keeps your feet from slipping."),
                ("Black", "White", "Sand", "Sage Green"), SHOE_SIZES,
                ("vegan", "recycled"), audiences=("",), tags=("summer",)),
            ProductType(
                "Slippers", (25, 70), ("wool", "suede", "fleece"),
                ("cosy evenings at home",),
                ("A memory-foam footbed and a plush lining.",
                 "A rubber sole so you can pop outside to fetch the post."),
                ("Grey", "Chocolate Brown", "Navy Blue", "Cream"), SHOE_SIZES,
                ("thermal",), audiences=("Men's", "Women's"), tags=("home", "gift")),
        ), ("footwear",)),
        SubCategory("Socks & insoles", "SK", (
            ProductType(
                "Hiking Socks", (15, 35), ("merino",),
                ("long hikes in boots",),
                ("Cushioning under the heel and ball of the foot.",
                 "A seamless toe avoids blisters.",
                 "Merino wool keeps odour down over several days."),
                ("Grey", "Navy Blue", "Olive Green", "Burnt Orange"), _SOCK_SIZES,
                ("breathable",), ("Sold as a pack of {pack} pairs.",),
                (("pack", ("2", "3")),), tags=("hiking", "outdoor")),
            ProductType(
                "Running Socks", (10, 25), ("recycled_poly", "merino"),
                ("road and trail running",),
                ("A snug arch band keeps them from slipping.",
                 "Mesh zones let the heat out."),
                ("White", "Black", "Neon Yellow"), _SOCK_SIZES,
                ("quick_dry", "reflective"), ("Sold as a pack of {pack} pairs.",),
                (("pack", ("2", "3", "5")),), tags=("running",)),
            ProductType(
                "Insoles", (20, 50), ("cork", "tpe"),
                ("walking, standing and running", "hiking boots and work shoes"),
                ("A firm heel cup stabilises the foot.",
                 "Trim them to fit your shoes with scissors."),
                (), ("36-38", "39-41", "42-44", "45-47"), ("breathable",),
                tags=("foot care",)),
        ), ("footwear", "accessories"), final_sale_rate=0.08),
    ),
)
# fmt: on
