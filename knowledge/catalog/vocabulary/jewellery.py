"""Watches and jewellery in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    METALS,
    NEUTRALS,
    RING_SIZES,
    TECH_COLOURS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["JEWELLERY"]

# fmt: off
_CHAINS = ("40 cm", "45 cm", "50 cm")

JEWELLERY = TopCategory(
    "Watches & jewellery", "JWL",
    (Brand("Halcyon Time", 1.2), Brand("Orrery", 1.3), Brand("Lune Atelier"),
     Brand("Marlowe & Kin", 1.1, "GBP"), Brand("Bellwether Watch Co.", 1.0, "USD"),
     Brand("Solstice", 0.85)),
    (
        SubCategory("Watches", "WT", (
            ProductType(
                "Automatic Watch", (180, 650), ("steel", "titanium", "sapphire"),
                ("everyday wear and special occasions",),
                ("A self-winding movement with a {reserve}-hour power reserve.",
                 "A scratch-resistant sapphire crystal.",
                 "An exhibition case back shows the movement."),
                METALS, (), ("water_resistant",),
                ("A {mm} mm case, water-resistant to {depth} m.",),
                (("mm", ("38", "40", "41", "42")), ("depth", ("50", "100", "200")),
                 ("reserve", ("38", "42", "80")),), tags=("watches", "gift"), weight=1.3),
            ProductType(
                "Chronograph Watch", (120, 450), ("steel", "titanium"),
                ("sport and timing laps",),
                ("Three sub-dials and a tachymeter bezel.",
                 "Luminous hands you can read in the dark."),
                METALS, (), ("water_resistant",),
                ("A {mm} mm case, water-resistant to {depth} m.",),
                (("mm", ("40", "42", "44")), ("depth", ("50", "100")),), tags=("watches",)),
            ProductType(
                "Minimalist Watch", (60, 220), ("steel", "veg_leather"),
                ("the office and everyday wear",),
                ("A clean dial with no numbers.",
                 "Quick-release straps you can swap without tools."),
                METALS, (), ("water_resistant", "vegan"),
                ("A slim {mm} mm case.",), (("mm", ("32", "36", "38", "40")),),
                tags=("watches", "gift")),
            ProductType(
                "Fitness Tracker Watch", (50, 250), ("aluminium", "silicone"),
                ("runners, swimmers and everyday health tracking",),
                ("Heart rate, sleep and blood-oxygen tracking.",
                 "Built-in GPS for runs and rides without your phone."),
                TECH_COLOURS, ("S", "M", "L"), ("waterproof_ip", "smart"),
                ("The battery lasts up to {days} days.",), (("days", ("7", "10", "14", "21")),),
                tags=("watches", "fitness", "smart")),
            ProductType(
                "Kids' Watch", (20, 60), ("silicone", "abs"),
                ("learning to tell the time",),
                ("An easy-to-read dial with minute markings.",
                 "A soft, comfortable strap."),
                ("Blue", "Pink", "Green", "Purple"), (), ("water_resistant",),
                ("Designed for {ages}.",), (("ages", ("ages 5-8", "ages 6-12")),),
                tags=("watches", "kids", "gift")),
        ), ("watches",)),
        SubCategory("Necklaces & pendants", "NK", (
            ProductType(
                "Pendant Necklace", (30, 180), ("silver", "gold_plated", "solid_gold"),
                ("everyday wear and gifts",),
                ("A delicate {pendant} pendant on a fine chain.",
                 "Comes in a recycled gift box."),
                METALS[:3], _CHAINS, ("hypoallergenic", "handmade"),
                numbers=(("pendant", ("moon", "star", "heart", "leaf", "compass")),),
                tags=("necklaces", "gift"), weight=1.3),
            ProductType(
                "Pearl Necklace", (50, 250), ("pearl", "silver"),
                ("weddings and elegant evenings",),
                ("Hand-knotted between each pearl.",
                 "A secure lobster clasp."),
                ("White", "Cream"), _CHAINS, ("handmade",),
                tags=("necklaces", "gift", "wedding")),
            ProductType(
                "Chain Necklace", (30, 160), ("silver", "gold_plated", "surgical_steel"),
                ("layering with other necklaces",),
                ("A classic curb chain with a lobster clasp.",
                 "{It} do{es} not tarnish with daily wear."),
                METALS[:3], _CHAINS, ("hypoallergenic",), tags=("necklaces",)),
        ), ("jewellery",)),
        SubCategory("Earrings", "ER", (
            ProductType(
                "Hoop Earrings", (20, 150), ("silver", "gold_plated", "solid_gold"),
                ("everyday wear",),
                ("Hinged clicker closures are easy to put in.",
                 "Lightweight, so they are comfortable all day."),
                METALS[:3], (), ("hypoallergenic",), ("{mm} mm hoops.",),
                (("mm", ("12", "18", "25", "30")),), tags=("earrings", "gift"), weight=1.2),
            ProductType(
                "Stud Earrings", (15, 120), ("silver", "gold_plated", "surgical_steel"),
                ("sensitive ears and everyday wear",),
                ("Butterfly backs hold them securely.",
                 "Set with {stone}."),
                METALS[:3], (), ("hypoallergenic",),
                numbers=(("stone", ("cubic zirconia", "a freshwater pearl", "blue topaz",
                                    "green onyx")),), tags=("earrings", "gift")),
            ProductType(
                "Drop Earrings", (25, 140), ("silver", "gold_plated", "pearl"),
                ("weddings, parties and evenings out",),
                ("They move and catch the light as you turn.",
                 "A {mm} mm drop."), METALS[:3], (), ("handmade", "hypoallergenic"),
                numbers=(("mm", ("25", "35", "45")),), tags=("earrings", "gift")),
        ), ("jewellery",), final_sale_rate=0.3),
        SubCategory("Rings", "RG", (
            ProductType(
                "Signet Ring", (40, 220), ("silver", "gold_plated", "solid_gold"),
                ("everyday wear and engraving",),
                ("A flat face that can be engraved with initials.",
                 "A comfort-fit inner band."),
                METALS[:3], RING_SIZES, ("handmade",), tags=("rings", "gift")),
            ProductType(
                "Stacking Ring", (20, 90), ("silver", "gold_plated"),
                ("wearing alone or stacked in threes",),
                ("A slim {mm} mm band.", "Polished by hand."),
                METALS[:3], RING_SIZES, ("hypoallergenic",),
                numbers=(("mm", ("1.5", "2", "2.5")),), tags=("rings",)),
            ProductType(
                "Gemstone Ring", (60, 300), ("silver", "solid_gold"),
                ("birthdays and anniversaries",),
                ("A claw setting holds the {stone}.",
                 "Each stone is ethically sourced."),
                METALS[:3], RING_SIZES, ("handmade",),
                numbers=(("stone", ("amethyst", "blue topaz", "garnet", "moonstone",
                                    "peridot")),), tags=("rings", "gift")),
        ), ("jewellery",), final_sale_rate=0.1),
        SubCategory("Bracelets", "BR", (
            ProductType(
                "Charm Bracelet", (30, 150), ("silver", "gold_plated"),
                ("collecting memories, one charm at a time",),
                ("Comes with {count} charms.", "A toggle clasp."),
                METALS[:3], ("16 cm", "18 cm", "20 cm"), ("hypoallergenic",),
                numbers=(("count", ("two", "three")),), tags=("bracelets", "gift")),
            ProductType(
                "Bangle", (25, 160), ("silver", "gold_plated", "solid_gold"),
                ("everyday wear and stacking",),
                ("A smooth, rounded profile.", "Slips on over the hand."),
                METALS[:3], ("S/M", "M/L"), ("hypoallergenic",), tags=("bracelets",)),
            ProductType(
                "Leather Bracelet", (20, 70), ("veg_leather",),
                ("casual wear",),
                ("A magnetic steel clasp.", "Braided by hand."),
                ("Black", "Brown", "Navy Blue"), ("S", "M", "L"), ("handmade",),
                tags=("bracelets", "men")),
        ), ("jewellery",)),
        SubCategory("Watch straps & boxes", "SB", (
            ProductType(
                "Watch Strap", (15, 60), ("veg_leather", "recycled_nylon", "steel", "silicone"),
                ("giving a watch a new look",),
                ("Quick-release spring bars for tool-free changes.",
                 "Fits most watches with standard lugs."),
                NEUTRALS[:6], ("18 mm", "20 mm", "22 mm"), ("vegan", "water_resistant"),
                tags=("watches", "straps")),
            ProductType(
                "Jewellery Box", (25, 120), ("oak", "vegan_leather"),
                ("keeping rings, earrings and necklaces tidy",),
                ("Velvet-lined compartments and a mirror in the lid.",
                 "A removable travel case."),
                ("Cream", "Dusty Pink", "Black", "Natural"), (), ("handmade",),
                tags=("storage", "gift")),
        ), ("accessories",)),
    ),
    gift_rate=0.35,
)
# fmt: on
