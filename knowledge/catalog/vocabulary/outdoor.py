"""Outdoor and camping in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    OUTDOOR_COLOURS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["OUTDOOR"]

# fmt: off
_GEAR = ("Forest Green", "Burnt Orange", "Slate Grey", "Glacier Blue", "Black", "Sand")

OUTDOOR = TopCategory(
    "Outdoor & camping", "OUT",
    (Brand("Summit Ridge", 1.1), Brand("Fjellmark", 1.2), Brand("Trailcraft"),
     Brand("Northloop", 0.9), Brand("Campfire Goods", 0.85, "USD"),
     Brand("Bothy & Burn", 1.0, "GBP")),
    (
        SubCategory("Tents & shelters", "TN", (
            ProductType(
                "Backpacking Tent", (120, 480), ("nylon",),
                ("backpacking trips and wild camping", "bikepacking and lightweight touring"),
                ("A freestanding dome that pitches in under five minutes.",
                 "Two doors and two porches, one for each sleeper's boots and pack.",
                 "Colour-coded poles and clips make pitching foolproof."),
                _GEAR, (), ("waterproof", "lightweight", "packable"),
                ("It sleeps {persons} and weighs {kg} kg packed.",),
                (("persons", ("one person", "two people", "three people")),
                 ("kg", ("1.1", "1.4", "1.8", "2.3", "2.9")),),
                tags=("camping", "tent"), plural=False, weight=1.5),
            ProductType(
                "Family Tent", (180, 650), ("recycled_poly", "nylon"),
                ("family camping holidays and festivals",),
                ("Blackout bedrooms keep the early sun out.",
                 "A tall living area you can stand up in.",
                 "A sewn-in groundsheet keeps out draughts and insects."),
                _GEAR, (), ("waterproof",),
                ("It sleeps {persons} in {rooms} bedrooms.",),
                (("persons", ("four people", "five people", "six people")),
                 ("rooms", ("two", "three")),), tags=("camping", "tent", "family")),
            ProductType(
                "Camping Hammock", (35, 110), ("nylon",),
                ("lazy afternoons between two trees", "lightweight camping in the woods"),
                ("Tree straps and carabiners are included.",
                 "An integrated bug net zips shut."),
                _GEAR, (), ("packable", "lightweight"),
                ("It holds up to {load} kg.",), (("load", ("150", "180", "200")),),
                tags=("camping",)),
            ProductType(
                "Tarp Shelter", (40, 140), ("nylon",),
                ("rain cover over camp and minimalist trips",),
                ("Eight reinforced guy-out points allow many pitches.",
                 "{It} pack{s} down to the size of a water bottle."),
                _GEAR, (), ("waterproof", "lightweight"), tags=("camping",), plural=False),
        ), ("outdoor", "camping")),
        SubCategory("Sleeping bags & mats", "SB", (
            ProductType(
                "Sleeping Bag", (60, 420), ("down", "synthetic_fill"),
                ("three-season camping", "cold nights in the mountains",
                 "summer festivals and hut trips"),
                ("A mummy shape with a draught collar and a hood.",
                 "A two-way zip lets you vent your feet.",
                 "A compression sack is included."),
                _GEAR, ("Regular", "Long"), ("lightweight", "recycled", "packable"),
                ("Comfort rating {temp} °C; it weighs {grams} g.",),
                (("temp", ("+10", "+5", "0", "-5", "-10")),
                 ("grams", ("680", "890", "1,100", "1,400")),),
                tags=("camping", "sleeping"), weight=1.4),
            ProductType(
                "Sleeping Mat", (40, 190), ("nylon",),
                ("camping on hard ground",),
                ("A one-way valve makes inflating quick.",
                 "Horizontal baffles stop you rolling off in the night."),
                _GEAR, ("Regular", "Long", "Wide"), ("insulated", "lightweight", "packable"),
                ("It is {cm} cm thick with an R-value of {r}.",),
                (("cm", ("5", "7", "8", "10")), ("r", ("2.5", "3.2", "4.2", "5.4")),),
                tags=("camping", "sleeping")),
            ProductType(
                "Camping Pillow", (15, 40), ("recycled_poly",),
                ("camping, hostels and long flights",),
                ("A brushed cover that is kind to your face.",
                 "{It} pack{s} into a pouch the size of a fist."),
                _GEAR, (), ("packable", "lightweight"), tags=("camping", "travel")),
        ), ("outdoor", "camping")),
        SubCategory("Camp kitchen & hydration", "CK", (
            ProductType(
                "Camping Stove", (30, 150), ("steel", "aluminium", "titanium"),
                ("cooking at camp and brewing coffee on summits",),
                ("A piezo igniter, so no matches are needed.",
                 "Folding pot supports hold pans up to 20 cm wide.",
                 "Burns standard screw-on gas canisters."),
                (), (), ("lightweight",),
                ("It boils a litre of water in about {minutes} minutes.",),
                (("minutes", ("3", "3.5", "4")),), tags=("camping", "cooking")),
            ProductType(
                "Camping Cook Set", (30, 120), ("aluminium", "titanium", "steel"),
                ("cooking for one or two at camp",),
                ("Pots, a pan and two mugs nest inside each other.",
                 "Folding handles lock in place."),
                (), (), ("non_stick", "lightweight"),
                ("The largest pot holds {litres} litres.",), (("litres", ("0.9", "1.3", "2")),),
                tags=("camping", "cooking"), plural=False),
            ProductType(
                "Insulated Water Bottle", (18, 45), ("steel",),
                ("hikes, the gym, the office and school",),
                ("Double-wall vacuum insulation keeps drinks cold for 24 hours or hot for 12.",
                 "A leak-proof lid with a carry loop.",
                 "Powder-coated so {it} do{es} not slip or sweat."),
                OUTDOOR_COLOURS, ("500 ml", "750 ml", "1 l"), ("bpa_free", "dishwasher_safe"),
                tags=("hydration", "bpa-free"), weight=1.3),
            ProductType(
                "Water Filter", (25, 90), ("plastic",),
                ("treating stream water on hikes and trips abroad",),
                ("A hollow-fibre membrane removes 99.9999% of bacteria.",
                 "Screws onto standard bottles or drinks straight from a stream."),
                (), (), ("lightweight",), ("It filters up to {litres} litres.",),
                (("litres", ("1,000", "2,000", "4,000")),), tags=("hydration", "travel")),
            ProductType(
                "Vacuum Flask", (25, 60), ("steel",),
                ("cold mornings, fishing trips and long drives",),
                ("The cup lid doubles as a mug.",
                 "Keeps tea hot for about {hours} hours."),
                ("Forest Green", "Black", "Slate Grey", "Red"), ("750 ml", "1 l", "1.2 l"),
                ("bpa_free", "insulated_drink"), numbers=(("hours", ("18", "24")),),
                tags=("hydration",)),
        ), ("outdoor",)),
        SubCategory("Hiking backpacks", "HP", (
            ProductType(
                "Hiking Daypack", (45, 150), ("nylon", "recycled_nylon"),
                ("day hikes and weekend walks",),
                ("A ventilated mesh back panel keeps air moving.",
                 "Hip-belt pockets hold snacks and a phone.",
                 "A hydration sleeve and a hose port."),
                _GEAR, (), ("water_resistant", "lightweight", "recycled"),
                ("A {litres}-litre main compartment with a rain cover tucked in the base.",),
                (("litres", ("18", "22", "25", "28", "32")),), title_spec="{litres}L",
                tags=("hiking", "backpack"), weight=1.3),
            ProductType(
                "Trekking Backpack", (120, 320), ("nylon", "recycled_nylon"),
                ("multi-day treks and hut-to-hut tours",),
                ("An adjustable back system fits different torso lengths.",
                 "A sleeping-bag compartment with its own zip.",
                 "Load lifters and a padded hip belt move weight to your hips."),
                _GEAR, ("S/M", "M/L"), ("water_resistant", "recycled"),
                ("A capacity of {litres} litres plus a 10-litre extendable lid.",),
                (("litres", ("45", "55", "65", "70")),), title_spec="{litres}L",
                tags=("hiking", "backpack", "trekking")),
            ProductType(
                "Hydration Pack", (45, 130), ("nylon",),
                ("trail running, mountain biking and hot hikes",),
                ("A bite valve with an on-off switch.",
                 "A wide-opening reservoir is easy to clean."),
                _GEAR, (), ("lightweight", "reflective", "bpa_free"),
                ("It comes with a {litres}-litre water reservoir.",),
                (("litres", ("1.5", "2", "3")),), tags=("hydration", "running", "cycling")),
        ), ("outdoor", "bags")),
        SubCategory("Lights & tools", "LT", (
            ProductType(
                "Headlamp", (20, 90), ("abs", "aluminium"),
                ("night hikes, camping and power cuts", "early-morning runs"),
                ("A red-light mode saves your night vision.",
                 "Tilts 60 degrees to light the path at your feet.",
                 "Recharges over USB-C."),
                ("Black", "Orange", "Blue", "Green"), (), ("waterproof_ip", "reflective"),
                ("It puts out {lumens} lumens and runs up to {hours} hours on a charge.",),
                (("lumens", ("250", "400", "600", "900")), ("hours", ("8", "20", "40", "60")),),
                tags=("camping", "lighting"), weight=1.3),
            ProductType(
                "Camping Lantern", (20, 70), ("abs", "recycled_plastic"),
                ("lighting the tent and the picnic table",),
                ("Warm and cool white modes plus a dimmer.",
                 "A folding hook hangs {obj} from tent loops."),
                ("Green", "Orange", "Black"), (), ("solar", "waterproof_ip"),
                ("Up to {hours} hours of light; it doubles as a power bank.",),
                (("hours", ("12", "24", "50")),), tags=("camping", "lighting")),
            ProductType(
                "Multi-Tool", (25, 120), ("steel", "titanium"),
                ("camping, cycling and small repairs",),
                ("Every blade locks open for safety.",
                 "Needle-nose pliers with wire cutters and a bit driver."),
                ("Silver", "Black"), (), ("lightweight",),
                ("{It} pack{s} {tools} tools into {grams} g.",),
                (("tools", ("12", "15", "18")), ("grams", ("180", "230", "260")),),
                tags=("tools", "gift")),
            ProductType(
                "Trekking Poles", (35, 160), ("aluminium", "carbon"),
                ("steep descents and long treks",),
                ("Flick locks adjust the length in seconds.",
                 "Cork-blend grips stay comfortable in the heat.",
                 "Tungsten tips and snow baskets are included."),
                ("Black", "Blue", "Orange", "Grey"), ("100-125 cm", "110-135 cm"),
                ("lightweight", "foldable"), tags=("hiking",)),
        ), ("outdoor",)),
    ),
)
# fmt: on
