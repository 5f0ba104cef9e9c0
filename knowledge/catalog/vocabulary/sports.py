"""Sports and fitness in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    APPAREL_SIZES,
    BRIGHTS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["SPORTS"]

# fmt: off
SPORTS = TopCategory(
    "Sports & fitness", "SPT",
    (Brand("Pulse Athletics"), Brand("Velocita", 1.15), Brand("Iron Harbor", 1.05),
     Brand("Corestride", 0.95), Brand("Baseline Sports", 0.9, "USD"), Brand("Forma", 1.1)),
    (
        SubCategory("Yoga & pilates", "YG", (
            ProductType(
                "Yoga Mat", (20, 95), ("tpe", "rubber", "cork"),
                ("yoga, pilates and home workouts", "hot yoga and stretching"),
                ("Alignment lines help you place hands and feet.",
                 "A grippy surface that holds even when you sweat.",
                 "A carry strap is included."),
                ("Purple", "Sage Green", "Black", "Dusty Pink", "Ocean Blue", "Grey"), (),
                ("vegan", "eco"), ("It is {mm} mm thick and 183 x 61 cm.",),
                (("mm", ("4", "5", "6", "8")),), tags=("yoga", "fitness"), weight=1.4),
            ProductType(
                "Yoga Block Set", (12, 35), ("cork", "bamboo", "tpe"),
                ("deeper stretches and supported poses",),
                ("Rounded edges are comfortable to hold.",
                 "Two blocks and a cotton strap."),
                ("Natural", "Purple", "Grey"), (), ("eco", "vegan"),
                tags=("yoga",), plural=False),
            ProductType(
                "Yoga Leggings", (35, 90), ("recycled_poly", "cotton"),
                ("yoga, pilates and the gym",),
                ("A high, wide waistband with a hidden key pocket.",
                 "Squat-proof, opaque fabric.", "A seamless gusset for movement."),
                ("Black", "Navy Blue", "Plum", "Sage Green", "Charcoal Grey"), APPAREL_SIZES,
                ("stretch", "quick_dry", "recycled"), tags=("yoga", "women", "clothing"),
                weight=1.2),
        ), ("fitness",)),
        SubCategory("Strength training", "ST", (
            ProductType(
                "Adjustable Dumbbells", (80, 350), ("steel",),
                ("home gyms with little space",),
                ("A twist of the handle changes the weight.",
                 "A storage tray keeps the plates tidy."),
                ("Black",), (), (), ("Each dumbbell goes from {low} to {high} kg.",),
                (("low", ("2", "2.5")), ("high", ("12", "20", "24", "32")),),
                tags=("strength", "home gym")),
            ProductType(
                "Kettlebell", (15, 90), ("cast_iron", "steel"),
                ("swings, squats and full-body workouts",),
                ("A wide, powder-coated handle for a two-hand grip.",
                 "A flat base so {it} stand{s} steady."),
                ("Black",), ("4 kg", "8 kg", "12 kg", "16 kg", "20 kg", "24 kg"),
                tags=("strength", "home gym")),
            ProductType(
                "Resistance Band Set", (15, 45), ("rubber",),
                ("home workouts, rehab and travel",),
                ("{count} bands from extra-light to extra-heavy.",
                 "A door anchor, handles and ankle straps are included."),
                ("Multicolour",), (), ("lightweight",),
                numbers=(("count", ("Three", "Five")),), tags=("strength", "travel")),
            ProductType(
                "Pull-Up Bar", (25, 70), ("steel",),
                ("upper-body training at home",),
                ("Fits door frames 62 to 100 cm wide without screws.",
                 "Foam grips in three hand positions."),
                ("Black",), (), ("adjustable",), ("It holds up to {load} kg.",),
                (("load", ("120", "150")),), tags=("strength", "home gym")),
            ProductType(
                "Weightlifting Gloves", (15, 40), ("leather", "recycled_poly"),
                ("lifting and cross training",),
                ("Padded palms prevent calluses.",
                 "A wrist wrap adds support on heavy presses."),
                ("Black", "Grey"), ("S", "M", "L", "XL"), ("breathable",),
                tags=("strength",)),
        ), ("fitness",)),
        SubCategory("Running & cycling", "RC", (
            ProductType(
                "Running Belt", (15, 40), ("recycled_poly",),
                ("runs with a phone, keys and gels",),
                ("A bounce-free fit around the waist.",
                 "Holds phones up to 6.9 inches."),
                ("Black", "Neon Yellow", "Blue"), ("S/M", "L/XL"),
                ("reflective", "water_resistant"), tags=("running",)),
            ProductType(
                "Cycling Jersey", (45, 120), ("recycled_poly",),
                ("road rides and gran fondos",),
                ("Three rear pockets plus a zipped valuables pocket.",
                 "A silicone gripper keeps the hem in place."),
                BRIGHTS, APPAREL_SIZES, ("breathable", "quick_dry", "reflective"),
                audiences=("Men's", "Women's"), tags=("cycling", "clothing")),
            ProductType(
                "Bike Light Set", (20, 80), ("aluminium", "abs"),
                ("commuting in the dark and winter rides",),
                ("Front and rear lights mount without tools.",
                 "Recharges over USB-C in about two hours."),
                ("Black",), (), ("waterproof_ip",),
                ("The front light gives {lumens} lumens; up to {hours} hours per charge.",),
                (("lumens", ("200", "400", "800")), ("hours", ("6", "10", "15")),),
                tags=("cycling", "lighting"), plural=False),
            ProductType(
                "Cycling Helmet", (40, 160), ("polycarbonate",),
                ("commuting and road cycling",),
                ("A rotational impact liner reduces the forces from angled impacts.",
                 "A dial at the back adjusts the fit.",
                 "{vents} vents keep your head cool."),
                ("Black", "White", "Matte Blue", "Red"), ("S", "M", "L"),
                ("lightweight", "reflective"), numbers=(("vents", ("14", "18", "22")),),
                tags=("cycling", "safety")),
        ), ("sports",)),
        SubCategory("Racket sports", "RK", (
            ProductType(
                "Tennis Racket", (45, 220), ("carbon", "aluminium"),
                ("club players and beginners learning the game",),
                ("A {head} sq in head gives a forgiving sweet spot.",
                 "Strung and ready to play, with a cover."),
                ("Black", "Blue", "Red", "White"), ("Grip 2", "Grip 3", "Grip 4"),
                ("lightweight",), numbers=(("head", ("98", "100", "105")),),
                tags=("tennis",)),
            ProductType(
                "Padel Racket", (50, 200), ("carbon",),
                ("padel beginners and improving players",),
                ("A round shape for control.",
                 "A soft EVA core absorbs vibration."),
                ("Black", "Blue", "Yellow"), (), ("lightweight",), tags=("padel",)),
            ProductType(
                "Badminton Set", (25, 70), ("aluminium", "steel"),
                ("garden games and the beach",),
                ("Four rackets, three shuttlecocks and a net.",
                 "A carry bag keeps it all together."),
                ("Multicolour",), (), (), tags=("badminton", "family", "garden"), plural=False),
            ProductType(
                "Table Tennis Set", (20, 60), ("oak", "rubber"),
                ("family games and office breaks",),
                ("Two bats, three balls and a clamp-on net.",
                 "Pimpled rubbers give good spin."),
                ("Red", "Black"), (), (), tags=("table tennis", "family"), plural=False),
        ), ("sports",)),
        SubCategory("Swimming", "SW", (
            ProductType(
                "Swim Goggles", (12, 40), ("silicone",),
                ("pool training and open water",),
                ("Anti-fog coated lenses with UV protection.",
                 "Interchangeable nose bridges for a leak-free seal."),
                ("Clear", "Blue", "Smoke Grey", "Mirror Silver"), (), ("adjustable",),
                tags=("swimming",)),
            ProductType(
                "Swimsuit", (30, 90), ("recycled_nylon", "recycled_poly"),
                ("pool training and beach holidays",),
                ("A racer back allows a full range of motion.",
                 "Chlorine-resistant fabric keeps its colour and shape."),
                ("Black", "Navy Blue", "Turquoise", "Coral Pink"), APPAREL_SIZES,
                ("recycled", "quick_dry"), tags=("swimming", "women", "summer")),
            ProductType(
                "Swim Shorts", (25, 70), ("recycled_poly",),
                ("the beach, the pool and holidays",),
                ("A mesh lining and a zipped back pocket.",
                 "An elasticated drawcord waist."),
                ("Navy Blue", "Turquoise", "Orange", "Black"), APPAREL_SIZES,
                ("quick_dry", "recycled"), tags=("swimming", "men", "summer")),
            ProductType(
                "Microfibre Towel", (15, 45), ("recycled_poly",),
                ("the pool, the gym and travel",),
                ("{It} absorb{s} four times {its} weight in water.",
                 "A hanging loop and a mesh bag are included."),
                ("Turquoise", "Grey", "Orange", "Navy Blue"), ("M", "L", "XL"),
                ("quick_dry", "packable", "lightweight"), tags=("swimming", "travel")),
        ), ("sports", "swimming")),
        SubCategory("Team sports", "TM", (
            ProductType(
                "Football", (15, 60), ("rubber", "recycled_poly"),
                ("training, matches and kickabouts in the park",),
                ("Thermally bonded panels keep {its} shape and take on little water.",
                 "A butyl bladder holds air for weeks."),
                ("White", "Yellow", "Multicolour"), ("Size 3", "Size 4", "Size 5"),
                tags=("football",)),
            ProductType(
                "Basketball", (20, 70), ("rubber", "vegan_leather"),
                ("indoor and outdoor courts",),
                ("Deep channels make {obj} easy to grip.",
                 "A durable rubber cover for outdoor courts."),
                ("Orange", "Black"), ("Size 5", "Size 6", "Size 7"), tags=("basketball",)),
            ProductType(
                "Goalkeeper Gloves", (20, 70), ("rubber", "recycled_poly"),
                ("goalkeepers on grass and artificial turf",),
                ("A 4 mm latex palm grips in wet weather.",
                 "Finger protection spines guard against hyperextension."),
                ("Black", "Neon Yellow", "Red"), ("7", "8", "9", "10"), (),
                tags=("football",)),
            ProductType(
                "Volleyball", (15, 50), ("vegan_leather",),
                ("beach and indoor volleyball",),
                ("A soft-touch cover is kind to forearms.",
                 "Official size and weight."),
                ("White", "Yellow", "Multicolour"), (), tags=("volleyball", "summer")),
        ), ("sports",)),
    ),
)
# fmt: on
