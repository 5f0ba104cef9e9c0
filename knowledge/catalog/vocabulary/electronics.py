"""Electronics accessories in the demo catalog (invented brands and products)."""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    TECH_COLOURS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["ELECTRONICS"]

# fmt: off
ELECTRONICS = TopCategory(
    "Electronics accessories", "ELC",
    (Brand("Voltwise"), Brand("Lumen Labs", 1.1), Brand("Cablecraft", 0.85),
     Brand("Sonique", 1.2), Brand("Arcwave", 1.0, "USD"), Brand("Kitewire", 0.95, "GBP")),
    (
        SubCategory("Headphones & earbuds", "HE", (
            ProductType(
                "Wireless Earbuds", (30, 230), ("electronics",),
                ("commuting, calls and workouts",),
                ("Touch controls for music, calls and the voice assistant.",
                 "Three sizes of silicone ear tips are included.",
                 "Multipoint pairing switches between phone and laptop."),
                TECH_COLOURS, (), ("wireless", "noise_cancelling", "water_resistant"),
                ("Up to {hours} hours of playback, {total} hours with the charging case.",),
                (("hours", ("6", "8", "10")), ("total", ("24", "30", "36")),),
                tags=("audio", "wireless"), weight=1.6),
            ProductType(
                "Over-Ear Headphones", (60, 380), ("electronics",),
                ("long flights, open-plan offices and focused work",),
                ("Memory-foam ear cushions stay comfortable for hours.",
                 "They fold flat into a hard travel case.",
                 "A 3.5 mm cable is included for wired listening."),
                TECH_COLOURS, (), ("wireless", "noise_cancelling", "foldable"),
                ("The battery lasts up to {hours} hours; ten minutes of charging gives five "
                 "more.",),
                (("hours", ("30", "40", "50", "60")),), tags=("audio",), plural=True,
                weight=1.3),
            ProductType(
                "Sports Earbuds", (30, 140), ("electronics",),
                ("running, cycling and the gym",),
                ("Flexible ear hooks keep them in place on fast runs.",
                 "An ambient mode lets traffic noise through."),
                ("Black", "Neon Yellow", "Red", "Blue"), (), ("wireless", "waterproof_ip"),
                ("Rated IP{ip} and good for {hours} hours per charge.",),
                (("ip", ("55", "57", "68")), ("hours", ("8", "10", "12")),),
                tags=("audio", "sports", "running")),
            ProductType(
                "Kids' Headphones", (20, 60), ("abs",),
                ("tablets on car journeys, flights and school",),
                ("Volume is limited to 85 dB to protect young ears.",
                 "Soft, bendable headbands survive being sat on.",
                 "A sharing port lets two children listen together."),
                ("Blue", "Pink", "Green", "Purple"), (), ("wireless", "foldable"),
                ("Designed for {ages}.",), (("ages", ("3-7", "4-12", "6-12")),),
                tags=("audio", "kids", "gift"), plural=True),
        ), ("electronics", "audio")),
        SubCategory("Chargers & cables", "CC", (
            ProductType(
                "USB-C Charging Cable", (8, 30), ("recycled_nylon", "silicone"),
                ("charging phones, tablets and laptops",),
                ("A braided jacket survives more than 25,000 bends.",
                 "Supports data transfer at USB 2.0 speed.",
                 "A hook-and-loop tie keeps {obj} tidy in a bag."),
                ("Black", "White", "Grey", "Blue"), ("1 m", "2 m", "3 m"), ("fast_charge",),
                ("Carries up to {watts} W.",), (("watts", ("60", "100", "240")),),
                tags=("charging", "cable"), weight=1.4),
            ProductType(
                "Wall Charger", (15, 70), ("recycled_plastic",),
                ("charging a phone, tablet and laptop from one plug",),
                ("GaN technology makes {obj} half the size of older chargers.",
                 "Foldable pins for travel."),
                ("Black", "White"), (), ("fast_charge",),
                ("{ports} ports with {watts} W in total.",),
                (("ports", ("One", "Two", "Three")), ("watts", ("30", "45", "65", "100")),),
                title_spec="{watts}W", tags=("charging",)),
            ProductType(
                "Wireless Charging Pad", (20, 70), ("aluminium", "silicone"),
                ("bedside tables and desks",),
                ("A soft LED shows charging status without lighting up the room.",
                 "Works through most cases up to 5 mm thick."),
                ("Black", "White", "Sand"), (), ("wireless", "magnetic", "fast_charge"),
                ("Charges at up to {watts} W.",), (("watts", ("10", "15")),),
                tags=("charging", "wireless")),
            ProductType(
                "Car Charger", (12, 40), ("aluminium",),
                ("road trips and daily drives",),
                ("Sits flush in the socket.", "One USB-C and one USB-A port."),
                ("Black", "Silver"), (), ("fast_charge",), tags=("charging", "car", "travel")),
            ProductType(
                "Travel Adapter", (20, 50), ("recycled_plastic",),
                ("trips to more than 150 countries",),
                ("Slide-out plugs for the UK, EU, US and Australia.",
                 "Two USB-C and two USB-A ports charge four devices at once."),
                ("Black", "White", "Blue"), (), ("fast_charge",), tags=("travel", "charging")),
        ), ("electronics", "charging")),
        SubCategory("Power banks", "PB", (
            ProductType(
                "Power Bank", (20, 110), ("electronics",),
                ("long travel days, festivals and camping",),
                ("A display shows the exact charge left.",
                 "Pass-through charging tops up the bank and your phone together.",
                 "Small enough for a jacket pocket."),
                TECH_COLOURS, (), ("fast_charge",),
                ("{mah} mAh with a {watts} W USB-C port: about {charges} phone charges.",),
                (("mah", ("10,000", "20,000", "26,800")), ("watts", ("20", "30", "65")),
                 ("charges", ("two", "four", "five")),), title_spec="{mah} mAh",
                tags=("charging", "travel"), weight=1.5),
            ProductType(
                "Magnetic Power Bank", (30, 80), ("electronics",),
                ("phones that need a top-up on the go",),
                ("A fold-out stand props your phone up for video calls.",
                 "Snaps onto the back of magnetic phones and cases."),
                TECH_COLOURS, (), ("wireless", "magnetic"),
                ("A {mah} mAh battery in a slim case.",), (("mah", ("5,000", "10,000")),),
                tags=("charging", "wireless")),
            ProductType(
                "Solar Power Bank", (30, 90), ("electronics",),
                ("camping, hiking and emergencies",),
                ("A built-in torch and a carabiner.",
                 "A rubberised, shock-resistant shell."),
                ("Black", "Orange", "Forest Green"), (), ("solar", "rugged", "waterproof_ip"),
                ("{mah} mAh of capacity.",), (("mah", ("10,000", "20,000", "25,000")),),
                tags=("charging", "camping", "outdoor")),
        ), ("electronics", "charging")),
        SubCategory("Cases & sleeves", "CS", (
            ProductType(
                "Phone Case", (12, 50), ("silicone", "vegan_leather", "recycled_plastic"),
                ("everyday protection from drops and scratches",),
                ("Raised edges protect the screen and camera when the phone lies flat.",
                 "Works with wireless charging.", "A soft microfibre lining."),
                TECH_COLOURS, ("6.1 in", "6.3 in", "6.7 in"), ("magnetic", "rugged", "recycled"),
                tags=("phone",), weight=1.4),
            ProductType(
                "Screen Protector", (8, 30), ("glass",),
                ("keeping a phone screen free of scratches",),
                ("An alignment frame makes bubble-free fitting easy.",
                 "Oleophobic coating resists fingerprints."),
                (), ("6.1 in", "6.3 in", "6.7 in"), (), ("Sold as a pack of {pack}.",),
                (("pack", ("2", "3")),), tags=("phone",)),
            ProductType(
                "Laptop Sleeve", (20, 70), ("recycled_poly", "vegan_leather", "wool"),
                ("carrying a laptop in a bag",),
                ("A front pocket holds the charger and a mouse.",
                 "Thick padding on all sides and a soft lining."),
                TECH_COLOURS, ("13 in", "14 in", "16 in"), ("water_resistant", "recycled"),
                tags=("laptop",)),
            ProductType(
                "Tablet Case", (20, 60), ("vegan_leather", "recycled_plastic"),
                ("reading, drawing and video calls",),
                ("A folding cover doubles as a stand in two angles.",
                 "A holder for the stylus."),
                TECH_COLOURS, ("10.9 in", "11 in", "13 in"), ("magnetic",), tags=("tablet",)),
        ), ("electronics",)),
        SubCategory("Speakers", "SP", (
            ProductType(
                "Bluetooth Speaker", (30, 200), ("electronics", "recycled_poly"),
                ("parties, the beach and the garden", "camping trips and picnics"),
                ("Pair two for stereo sound.",
                 "{It} float{s} if {it} fall{s} into the pool.",
                 "A built-in microphone for hands-free calls."),
                ("Black", "Blue", "Red", "Forest Green", "Sand"), (),
                ("wireless", "waterproof_ip", "rugged"),
                ("Up to {hours} hours of play and IP67 dust and water protection.",),
                (("hours", ("10", "12", "16", "20", "24")),), tags=("audio", "speaker"),
                weight=1.5),
            ProductType(
                "Shower Speaker", (15, 40), ("silicone",),
                ("music and podcasts in the shower",),
                ("A strong suction cup holds {obj} on tiles and glass.",
                 "Big buttons are easy to press with wet hands."),
                ("Blue", "Pink", "White"), (), ("wireless", "waterproof_ip"), tags=("audio",)),
            ProductType(
                "Smart Speaker", (40, 150), ("electronics",),
                ("music, timers and smart-home control",),
                ("A physical mute switch for the microphones.",
                 "Room-filling 360-degree sound."),
                ("Charcoal Grey", "White", "Sand"), (), ("smart", "wireless"),
                tags=("audio", "smart home")),
        ), ("electronics", "audio")),
        SubCategory("Computer accessories", "CA", (
            ProductType(
                "Wireless Mouse", (15, 90), ("electronics",),
                ("working at a desk or on the go",),
                ("Silent clicks for shared offices.",
                 "An ergonomic shape supports the palm.",
                 "Connects over Bluetooth or a USB receiver."),
                TECH_COLOURS, (), ("wireless",),
                ("The rechargeable battery lasts up to {weeks} weeks.",),
                (("weeks", ("6", "10", "12")),), tags=("computer",)),
            ProductType(
                "Mechanical Keyboard", (50, 180), ("aluminium",),
                ("typing, coding and gaming",),
                ("Hot-swappable switches you can change without soldering.",
                 "Adjustable backlight with many effects."),
                ("Black", "White", "Grey"), (), ("wireless",),
                ("A compact {layout} layout.",), (("layout", ("65%", "75%", "full-size")),),
                tags=("computer", "gaming")),
            ProductType(
                "USB-C Hub", (25, 90), ("aluminium",),
                ("laptops with only a few ports",),
                ("4K HDMI output, SD card reader and Gigabit Ethernet.",
                 "Passes through up to 100 W of charging."),
                ("Silver", "Graphite Grey"), (), (),
                ("{ports} ports in one small hub.",), (("ports", ("Six", "Seven", "Nine")),),
                tags=("computer",)),
            ProductType(
                "Laptop Stand", (25, 80), ("aluminium",),
                ("better posture at a desk",),
                ("Raises the screen to eye level.",
                 "Open design cools the laptop."),
                ("Silver", "Black"), (), ("adjustable", "foldable"),
                tags=("computer", "home office")),
        ), ("electronics",)),
    ),
)
# fmt: on
