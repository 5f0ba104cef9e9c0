"""Bags and luggage in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["BAGS"]

# fmt: off
_BAG_COLOURS = ("Black", "Cognac Brown", "Olive Green", "Navy Blue", "Charcoal Grey", "Sand",
                "Burgundy Red")
_CASE_COLOURS = ("Black", "Silver", "Navy Blue", "Forest Green", "Terracotta", "Sand")

BAGS = TopCategory(
    "Bags & luggage", "BAG",
    (Brand("Carryall Works"), Brand("Satchel & Sons", 1.2, "GBP"), Brand("Rove Goods", 0.95),
     Brand("Packwell", 0.85), Brand("Wayfarer & Co.", 1.1, "USD"), Brand("Tessera", 1.15)),
    (
        SubCategory("Backpacks", "BP", (
            ProductType(
                "Laptop Backpack", (45, 190), ("recycled_nylon", "waxed_canvas", "veg_leather"),
                ("commuting, university and business trips",),
                ("A padded sleeve fits laptops up to {laptop} inches.",
                 "A luggage strap slides over a suitcase handle.",
                 "Padded shoulder straps with a sternum strap."),
                _BAG_COLOURS, (), ("water_resistant", "anti_theft", "recycled", "expandable"),
                ("It holds {litres} litres.",), (("litres", ("18", "20", "24", "28", "30")),
                                                 ("laptop", ("14", "15.6", "16", "17")),),
                title_spec="{litres}L", tags=("backpack", "laptop", "work"), weight=1.6),
            ProductType(
                "Roll-Top Backpack", (50, 160), ("recycled_nylon", "waxed_canvas"),
                ("cycling to work and rainy city days",),
                ("The roll-top closure expands to fit a gym kit.",
                 "Reflective strips on the front and straps."),
                _BAG_COLOURS, (), ("waterproof", "reflective", "recycled"),
                ("A {litres}-litre capacity.",), (("litres", ("20", "25", "30")),),
                title_spec="{litres}L", tags=("backpack", "cycling")),
            ProductType(
                "Kids' School Backpack", (25, 70), ("recycled_poly",),
                ("school and day trips",),
                ("A chest strap and padded back for growing backs.",
                 "Reflective details and a name tag inside."),
                ("Blue", "Pink", "Red", "Green", "Purple"), (),
                ("lightweight", "reflective", "recycled"),
                ("A {litres}-litre size made for {ages}.",),
                (("litres", ("10", "12", "15", "18")), ("ages", ("ages 4-7", "ages 6-10",
                                                                 "ages 8-12")),),
                tags=("backpack", "kids", "school")),
        ), ("bags",), weight=1.3),
        SubCategory("Suitcases", "SU", (
            ProductType(
                "Cabin Suitcase", (70, 320), ("polycarbonate", "recycled_nylon", "aluminium"),
                ("weekend trips with hand luggage only",),
                ("It measures 55 x 40 x 20 cm and fits most airline cabin limits.",
                 "Four double spinner wheels glide quietly.",
                 "A TSA-approved combination lock."),
                _CASE_COLOURS, (), ("lightweight", "expandable"),
                ("It holds {litres} litres and weighs {kg} kg.",),
                (("litres", ("36", "39", "42")), ("kg", ("2.1", "2.5", "2.9", "3.4")),),
                tags=("luggage", "travel"), weight=1.5),
            ProductType(
                "Check-In Suitcase", (110, 450), ("polycarbonate", "aluminium"),
                ("long holidays and family trips",),
                ("A compression board keeps packing tidy.",
                 "A telescopic handle with three heights.",
                 "A ten-year warranty on the shell, wheels and handle."),
                _CASE_COLOURS, ("Medium", "Large"), ("lightweight", "expandable"),
                ("Medium holds about {medium} litres, Large about {large} litres.",),
                (("medium", ("65", "72")), ("large", ("95", "105")),),
                tags=("luggage", "travel")),
        ), ("luggage",)),
        SubCategory("Travel & duffel bags", "TD", (
            ProductType(
                "Weekender Bag", (60, 260), ("waxed_canvas", "veg_leather", "canvas"),
                ("weekends away and overnight trips",),
                ("A separate shoe compartment at the end.",
                 "A detachable, padded shoulder strap.", "Brass hardware that ages well."),
                _BAG_COLOURS, (), ("water_resistant", "handmade"),
                ("It holds {litres} litres, within most cabin limits.",),
                (("litres", ("35", "40", "45")),), tags=("travel", "gift")),
            ProductType(
                "Duffel Bag", (40, 160), ("recycled_nylon", "nylon"),
                ("the gym, sports weekends and expeditions",),
                ("Backpack straps tuck away when you carry {obj} by hand.",
                 "A wide U-shaped opening makes packing easy."),
                _BAG_COLOURS, (), ("waterproof", "packable", "recycled"),
                ("A capacity of {litres} litres.",), (("litres", ("40", "50", "70", "90")),),
                title_spec="{litres}L", tags=("travel", "sports")),
            ProductType(
                "Packing Cubes Set", (20, 50), ("recycled_nylon",),
                ("organised suitcases and backpacks",),
                ("{count} cubes in three sizes with mesh tops.",
                 "Compression zips save about a third of the space."),
                _BAG_COLOURS, (), ("lightweight", "recycled"),
                numbers=(("count", ("Four", "Five", "Six")),), tags=("travel",), plural=False),
            ProductType(
                "Wash Bag", (20, 70), ("waxed_canvas", "recycled_nylon", "veg_leather"),
                ("toiletries on every trip",),
                ("A hanging hook and a wipe-clean lining.",
                 "Clear pockets for travel-size liquids."),
                _BAG_COLOURS, (), ("water_resistant",), tags=("travel", "gift")),
        ), ("bags", "travel")),
        SubCategory("Handbags & totes", "HT", (
            ProductType(
                "Tote Bag", (25, 190), ("canvas", "veg_leather", "vegan_leather"),
                ("work, shopping and the beach",),
                ("An inside zip pocket for keys and phone.",
                 "Long handles fit over the shoulder, even with a coat."),
                _BAG_COLOURS, (), ("vegan", "organic"), tags=("bags", "women"), weight=1.3),
            ProductType(
                "Crossbody Bag", (30, 180), ("veg_leather", "vegan_leather", "recycled_nylon"),
                ("city days, festivals and travel",),
                ("An adjustable strap you can wear across the body.",
                 "Card slots on the back."),
                _BAG_COLOURS, (), ("vegan", "anti_theft"), tags=("bags",)),
            ProductType(
                "Shoulder Bag", (50, 240), ("veg_leather", "suede"),
                ("the office and dinners out",),
                ("A magnetic flap closure and a structured shape.",
                 "Gold-tone hardware."),
                _BAG_COLOURS, (), ("handmade",), tags=("bags", "women", "gift")),
            ProductType(
                "Belt Bag", (20, 80), ("recycled_nylon", "veg_leather"),
                ("festivals, dog walks and travel",),
                ("Wear it round the waist or across the chest.",
                 "A hidden back pocket for cards."),
                _BAG_COLOURS, (), ("water_resistant", "recycled"), tags=("bags",)),
        ), ("bags",)),
        SubCategory("Wallets & accessories", "WA", (
            ProductType(
                "Wallet", (25, 110), ("veg_leather", "vegan_leather", "recycled_nylon"),
                ("everyday carry",),
                ("{count} card slots, a note section and a coin pocket.",
                 "Slim enough for a front pocket."),
                _BAG_COLOURS, (), ("anti_theft", "handmade"),
                numbers=(("count", ("Six", "Eight", "Twelve")),), tags=("wallets", "gift")),
            ProductType(
                "Card Holder", (15, 60), ("veg_leather", "vegan_leather"),
                ("carrying just the essentials",),
                ("Holds up to {count} cards.", "Hand-stitched edges."),
                _BAG_COLOURS, (), ("anti_theft", "handmade"),
                numbers=(("count", ("four", "six", "eight")),), tags=("wallets", "gift")),
            ProductType(
                "Passport Holder", (15, 50), ("veg_leather", "recycled_nylon"),
                ("travel documents and boarding passes",),
                ("Slots for cards, tickets and a pen.",), _BAG_COLOURS, (), ("anti_theft",),
                tags=("travel", "gift")),
            ProductType(
                "Leather Belt", (25, 90), ("veg_leather",),
                ("jeans and chinos",),
                ("A solid brass buckle.",
                 "A {width} cm wide strap that softens with wear."),
                ("Black", "Dark Brown", "Tan"), ("85 cm", "90 cm", "95 cm", "100 cm", "105 cm",
                                                  "110 cm"),
                ("handmade",), numbers=(("width", ("3", "3.5", "4")),), tags=("belts",)),
        ), ("accessories",)),
    ),
)
# fmt: on
