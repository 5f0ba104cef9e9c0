"""Toys and games in the demo catalog (invented brands and products).

Toy types carry an ``ages`` number ("ages 8-12"); the generator also adds it as a tag.
"""

from __future__ import annotations

from knowledge.catalog.vocabulary.common import (
    BRIGHTS,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = ["TOYS"]

# fmt: off
_KIDS = ("Multicolour",)

TOYS = TopCategory(
    "Toys & games", "TOY",
    (Brand("Tinker Town"), Brand("Bumblebox", 0.9), Brand("Little Orbit", 1.05),
     Brand("Puzzlewick", 1.0), Brand("Brightblock", 1.1, "USD"),
     Brand("Hopscotch & Co.", 1.0, "GBP")),
    (
        SubCategory("Science & STEM", "SC", (
            ProductType(
                "Crystal Growing Kit", (15, 40), ("plastic",),
                ("young scientists who love experiments",),
                ("Grow {count} colourful crystals in about a week.",
                 "A display case and a magnifier are included.",
                 "A fully illustrated guide explains the chemistry."),
                _KIDS, (), (), ("Recommended for {ages}.",),
                (("ages", ("ages 8-12", "ages 10+", "ages 7-11")),
                 ("count", ("seven", "ten", "twelve")),), tags=("science", "stem")),
            ProductType(
                "Chemistry Set", (25, 70), ("plastic", "borosilicate"),
                ("budding chemists and rainy afternoons",),
                ("{count} safe experiments with fizzing, colour changes and slime.",
                 "Safety goggles and gloves are in the box."),
                _KIDS, (), (), ("Recommended for {ages} with adult supervision.",),
                (("ages", ("ages 8-12", "ages 10-14", "ages 8+")),
                 ("count", ("40", "60", "100")),), tags=("science", "stem"), plural=False),
            ProductType(
                "Coding Robot", (45, 160), ("abs",),
                ("learning to code through play",),
                ("Children program it with drag-and-drop blocks on a tablet, then Python.",
                 "Sensors follow lines and avoid obstacles.",
                 "Recharges over USB-C in about an hour."),
                ("White", "Blue", "Orange"), (), ("wireless",), ("Designed for {ages}.",),
                (("ages", ("ages 6-9", "ages 8-12", "ages 10-14")),),
                tags=("science", "stem", "coding"), weight=1.2),
            ProductType(
                "Microscope Kit", (35, 120), ("aluminium", "plastic"),
                ("looking closely at leaves, insects and pond water",),
                ("{zoom}x magnification with LED lighting.",
                 "Prepared slides and tools for your own samples."),
                ("White", "Blue"), (), (), ("Suitable for {ages}.",),
                (("ages", ("ages 8+", "ages 10+", "ages 8-14")),
                 ("zoom", ("300", "640", "1200")),), tags=("science", "stem")),
            ProductType(
                "Electronics Circuit Kit", (30, 90), ("abs",),
                ("building working circuits without soldering",),
                ("Snap-together parts build {count} projects, from a doorbell to a radio.",
                 "Colour-coded parts and step-by-step instructions."),
                _KIDS, (), (), ("Recommended for {ages}.",),
                (("ages", ("ages 8-12", "ages 8+", "ages 10+")), ("count", ("100", "300")),),
                tags=("science", "stem"), plural=False),
            ProductType(
                "Solar System Model Kit", (15, 45), ("plastic", "cardboard"),
                ("space fans and school projects",),
                ("Paint the planets, then watch them glow in the dark.",
                 "A motor turns the planets around the sun."),
                _KIDS, (), (), ("Best for {ages}.",),
                (("ages", ("ages 6-10", "ages 8+")),), tags=("science", "space")),
        ), ("toys", "kids", "educational"), weight=1.3),
        SubCategory("Building & construction", "BC", (
            ProductType(
                "Building Blocks Set", (15, 90), ("beech", "recycled_plastic"),
                ("imaginative building",),
                ("{count} pieces with ideas for houses, towers and vehicles.",
                 "Sanded edges and water-based paints."),
                _KIDS, (), ("eco",), ("For {ages}.",),
                (("ages", ("ages 2-5", "ages 3+", "ages 4-8")), ("count", ("50", "100", "150")),),
                tags=("building",), plural=False),
            ProductType(
                "Magnetic Tiles", (30, 110), ("abs",),
                ("open-ended building and early geometry",),
                ("Strong magnets are sealed safely inside each tile.",
                 "Translucent colours glow on a sunny windowsill."),
                _KIDS, (), (), ("{count} tiles for {ages}.",),
                (("count", ("32", "60", "100")), ("ages", ("ages 3+", "ages 3-8")),),
                tags=("building", "stem"), plural=True),
            ProductType(
                "Marble Run", (25, 90), ("beech", "plastic"),
                ("engineering fun for the whole family",),
                ("Build tracks, funnels and spirals in countless combinations.",
                 "{count} parts and 20 marbles."),
                _KIDS, (), (), ("For {ages}.",),
                (("ages", ("ages 4+", "ages 6-12", "ages 8+")), ("count", ("80", "120", "200")),),
                tags=("building", "stem")),
            ProductType(
                "Wooden Train Set", (30, 120), ("beech",),
                ("toddlers who love trains",),
                ("Tracks, a bridge, a station and {count} carriages.",
                 "Compatible with other popular wooden track systems."),
                ("Natural",), (), ("eco",), ("For {ages}.",),
                (("ages", ("ages 3+", "ages 2-6")), ("count", ("three", "four")),),
                tags=("trains",), plural=False),
        ), ("toys", "kids")),
        SubCategory("Board games & puzzles", "BG", (
            ProductType(
                "Family Board Game", (20, 55), ("cardboard",),
                ("game nights with the whole family",),
                ("Games take about {minutes} minutes.",
                 "Easy rules you can learn in five minutes."),
                (), (), (), ("For {players} players, {ages}.",),
                (("players", ("2-4", "2-6", "3-8")), ("ages", ("ages 6+", "ages 8+", "ages 10+")),
                 ("minutes", ("20", "30", "45")),), tags=("games", "family"), weight=1.3),
            ProductType(
                "Strategy Game", (30, 70), ("cardboard", "beech"),
                ("teenagers and adults who love a challenge",),
                ("Build, trade and outwit your opponents.",
                 "Beautifully illustrated board and wooden pieces."),
                (), (), (), ("For {players} players, {ages}.",),
                (("players", ("2-4", "2-5")), ("ages", ("ages 10+", "ages 12+", "ages 14+")),),
                tags=("games",)),
            ProductType(
                "Jigsaw Puzzle", (12, 40), ("cardboard",),
                ("quiet evenings and rainy days",),
                ("Thick, blue-board pieces that fit snugly.",
                 "A poster of the picture is included."),
                (), (), (), ("{pieces} pieces, {ages}.",),
                (("pieces", ("500", "1,000", "1,500")), ("ages", ("ages 10+", "ages 12+")),),
                title_spec="{pieces}-Piece", tags=("puzzles",)),
            ProductType(
                "Card Game", (8, 25), ("cardboard",),
                ("travel, parties and quick games",),
                ("Fits in a pocket.", "Rounds last about ten minutes."),
                (), (), (), ("For {players} players, {ages}.",),
                (("players", ("2-6", "3-10")), ("ages", ("ages 7+", "ages 8+")),),
                tags=("games", "travel")),
        ), ("games", "gift")),
        SubCategory("Dolls & soft toys", "DS", (
            ProductType(
                "Plush Toy", (12, 45), ("plush", "cotton"),
                ("cuddles and bedtime stories",),
                ("Safety-stitched eyes, no small parts.",
                 "Machine washable at 30 degrees."),
                (), (), ("organic", "recycled"), ("Suitable for {ages}.",),
                (("ages", ("ages 0+", "ages 3+")),
                 ("animal", ("Fox", "Bear", "Rabbit", "Whale", "Dinosaur", "Otter", "Owl")),),
                title_spec="{animal}", tags=("soft toys", "baby")),
            ProductType(
                "Doll", (18, 60), ("cotton", "recycled_plastic"),
                ("role play and storytelling",),
                ("Comes with two outfits.", "Soft body with poseable arms."),
                (), (), ("organic",), ("For {ages}.",),
                (("ages", ("ages 3+", "ages 3-8")),), tags=("dolls",)),
            ProductType(
                "Dollhouse", (60, 200), ("beech",),
                ("hours of imaginative play",),
                ("Three floors and {count} pieces of furniture.",
                 "An open back makes play easy from both sides."),
                ("Natural", "Pastel"), (), ("eco",), ("For {ages}.",),
                (("ages", ("ages 3+", "ages 3-10")), ("count", ("15", "20", "25")),),
                tags=("dolls",)),
            ProductType(
                "Hand Puppet Set", (15, 40), ("cotton", "plush"),
                ("puppet shows and language play",),
                ("{count} characters with moving mouths.",
                 "Great for storytelling."),
                (), (), (), ("For {ages}.",),
                (("ages", ("ages 2+", "ages 3+")), ("count", ("Four", "Six")),),
                tags=("puppets",), plural=False),
        ), ("toys", "kids")),
        SubCategory("Outdoor play", "OP", (
            ProductType(
                "Kids' Scooter", (35, 130), ("aluminium",),
                ("the school run and the park",),
                ("Light-up wheels and a rear brake.",
                 "The handlebar grows with your child."),
                BRIGHTS[:6], (), ("foldable", "adjustable"), ("For {ages}, up to 50 kg.",),
                (("ages", ("ages 3-6", "ages 5-12", "ages 6+")),), tags=("outdoor", "ride-on")),
            ProductType(
                "Balance Bike", (50, 150), ("beech", "aluminium"),
                ("first rides before pedals",),
                ("Puncture-proof tyres.", "An adjustable seat and handlebar."),
                BRIGHTS[:6], (), ("lightweight",), ("For {ages}.",),
                (("ages", ("ages 2-5", "ages 3-5")),), tags=("outdoor", "ride-on")),
            ProductType(
                "Kite", (15, 50), ("nylon", "carbon"),
                ("windy days at the beach and in the park",),
                ("Easy to launch, even for beginners.",
                 "A {lines} m line on a handle."),
                BRIGHTS[:6], (), (), ("For {ages}.",),
                (("ages", ("ages 5+", "ages 8+")), ("lines", ("30", "50")),),
                tags=("outdoor", "beach")),
            ProductType(
                "Garden Games Set", (25, 80), ("beech", "oak"),
                ("barbecues and summer parties",),
                ("Ring toss, skittles and quoits in one bag.",
                 "Weatherproof finish."),
                ("Natural",), (), (), ("For {ages}.",),
                (("ages", ("ages 4+", "ages 6+")),), tags=("outdoor", "family", "garden"),
                plural=False),
        ), ("toys", "kids", "outdoor")),
        SubCategory("Baby & toddler", "BY", (
            ProductType(
                "Stacking Rings", (10, 30), ("beech", "silicone"),
                ("little hands learning to grasp and stack",),
                ("Smooth, rounded pieces that are safe to chew.",
                 "{count} rings in soft colours."),
                ("Pastel", "Natural"), (), ("eco", "bpa_free"), ("For {ages}.",),
                (("ages", ("ages 6 months+", "ages 1+")), ("count", ("five", "six", "seven")),),
                tags=("baby",)),
            ProductType(
                "Activity Cube", (30, 80), ("beech",),
                ("curious toddlers",),
                ("Five sides of bead mazes, gears and shape sorters.",
                 "Non-toxic, water-based paints."),
                ("Multicolour",), (), ("eco",), ("For {ages}.",),
                (("ages", ("ages 1+", "ages 1-3")),), tags=("baby", "educational")),
            ProductType(
                "Soft Book", (10, 25), ("cotton",),
                ("first stories and sensory play",),
                ("Crinkly pages, mirrors and textures.",
                 "Machine washable."), (), (), ("organic",), ("For {ages}.",),
                (("ages", ("ages 0+",)),), tags=("baby", "books")),
            ProductType(
                "Teething Toy", (8, 20), ("silicone", "rubber"),
                ("sore gums",),
                ("Chill it in the fridge for extra relief.",
                 "Easy to hold, one piece with no gaps."),
                ("Mint Green", "Dusty Pink", "Powder Blue"), (), ("bpa_free",), ("For {ages}.",),
                (("ages", ("ages 3 months+", "ages 0+")),), tags=("baby",)),
        ), ("toys", "baby")),
    ),
    gift_rate=0.5,
)
# fmt: on
