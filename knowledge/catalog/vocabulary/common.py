"""The building blocks of the demo catalog: materials, modifiers, sizes, colours, templates.

Everything here was written for shopbot: brand and line names are invented, and the
sentences describe invented products. Sentence templates use these placeholders, filled
in per product by :mod:`knowledge.catalog.generate`:

``{It}``/``{it}`` (It/They), ``{is}`` (is/are), ``{has}`` (has/have), ``{its}`` (its/their),
``{s}`` (verb ending: "keep{s}"), ``{obj}`` (it/them), ``{This}`` (This/These), ``{noun}``
(the product noun, lower case), ``{brand}``, ``{material}``, ``{use}``, and the type's own numbers
(``{litres}``, ``{hours}``, ``{ages}``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "APPAREL_SIZES",
    "BRIGHTS",
    "INTROS",
    "KIDS_SIZES",
    "LINE_NAMES",
    "MATERIALS",
    "MATERIAL_SENTENCES",
    "METALS",
    "MODIFIERS",
    "NEUTRALS",
    "ONE_SIZE",
    "OUTDOOR_COLOURS",
    "RING_SIZES",
    "SHOE_SIZES",
    "SOFT_COLOURS",
    "TECH_COLOURS",
    "Brand",
    "Material",
    "Modifier",
    "ProductType",
    "SubCategory",
    "TopCategory",
]


@dataclass(frozen=True)
class Material:
    """A material: how descriptions name it, the word titles may use, the tags it implies."""

    phrase: str
    title: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Modifier:
    """A title word with the description sentence and tags that back it up."""

    word: str
    sentence: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brand:
    """An invented brand; ``tier`` scales its prices, ``currency`` is its list currency."""

    name: str
    tier: float = 1.0
    currency: str = "EUR"


@dataclass(frozen=True)
class ProductType:
    """A kind of product ("Hiking Boots") and the words its products are made of.

    ``numbers`` maps a placeholder to the values it can take; ``title_spec`` (e.g.
    ``"{litres}L"``) goes before the noun in the title. ``audiences`` are title prefixes
    such as "Women's" (shoe sizes follow them). ``plural`` defaults to a noun ending in -s.
    """

    noun: str
    price: tuple[int, int]
    materials: tuple[str, ...]
    uses: tuple[str, ...]
    features: tuple[str, ...]
    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    specs: tuple[str, ...] = ()
    numbers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    title_spec: str = ""
    tags: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    plural: bool | None = None
    weight: float = 1.0

    @property
    def is_plural(self) -> bool:
        """Whether descriptions say "they are" rather than "it is"."""
        if self.plural is not None:
            return self.plural
        return self.noun.endswith("s") and not self.noun.endswith(("ss", "us", "Kit"))


@dataclass(frozen=True)
class SubCategory:
    """The second level of the category path, with its product types."""

    name: str
    code: str
    types: tuple[ProductType, ...]
    tags: tuple[str, ...] = ()
    final_sale_rate: float = 0.03
    weight: float = 1.0


@dataclass(frozen=True)
class TopCategory:
    """A top category of the shop, its brands and sub-categories."""

    name: str
    code: str
    brands: tuple[Brand, ...]
    subcategories: tuple[SubCategory, ...]
    gift_rate: float = 0.1
    material_label: str = "material"


# fmt: off
APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
SHOE_SIZES = tuple(str(size) for size in range(36, 48))
KIDS_SIZES = ("2-3Y", "4-5Y", "6-7Y", "8-9Y", "10-11Y", "12-13Y")
RING_SIZES = ("50", "52", "54", "56", "58", "60")
ONE_SIZE = ("One size",)

NEUTRALS = ("Black", "White", "Navy Blue", "Charcoal Grey", "Stone Beige", "Olive Green",
            "Burgundy Red", "Sand", "Light Grey", "Chocolate Brown")
OUTDOOR_COLOURS = ("Forest Green", "Slate Grey", "Burnt Orange", "Black", "Glacier Blue",
                   "Sand", "Rust Red", "Mustard Yellow", "Olive Green", "Navy Blue")
BRIGHTS = ("Red", "Cobalt Blue", "Sunflower Yellow", "Lime Green", "Hot Pink", "Purple",
           "Orange", "Turquoise", "Black", "White")
SOFT_COLOURS = ("Sage Green", "Dusty Pink", "Oat", "Terracotta", "Powder Blue", "Cream",
                "Charcoal Grey", "Lavender", "Natural", "White")
TECH_COLOURS = ("Black", "White", "Graphite Grey", "Midnight Blue", "Silver", "Sage Green",
                "Coral Pink", "Sand")
METALS = ("Silver", "Gold", "Rose Gold", "Black", "Gunmetal Grey")

MATERIALS: dict[str, Material] = {
    "leather": Material("full-grain leather", "Leather", ("leather",)),
    "nubuck": Material("nubuck leather", "Nubuck", ("leather",)),
    "suede": Material("suede", "Suede", ("leather",)),
    "veg_leather": Material("vegetable-tanned leather", "Leather", ("leather",)),
    "vegan_leather": Material("plant-based vegan leather", "Vegan Leather", ("vegan",)),
    "mesh": Material("recycled mesh", "Mesh", ("recycled",)),
    "knit": Material("engineered knit", "Knit", ()),
    "canvas": Material("heavy cotton canvas", "Canvas", ()),
    "waxed_canvas": Material("waxed cotton canvas", "Waxed Canvas", ()),
    "rubber": Material("natural rubber", "Rubber", ()),
    "cotton": Material("organic cotton", "Organic Cotton", ("organic",)),
    "cotton_jersey": Material("soft cotton jersey", "Cotton", ()),
    "denim": Material("stretch denim", "Denim", ()),
    "linen": Material("washed linen", "Linen", ()),
    "merino": Material("merino wool", "Merino", ("wool",)),
    "wool": Material("lambswool", "Wool", ("wool",)),
    "cashmere": Material("cashmere", "Cashmere", ("wool",)),
    "fleece": Material("recycled polyester fleece", "Fleece", ("recycled",)),
    "recycled_poly": Material("recycled polyester", "", ("recycled",)),
    "nylon": Material("ripstop nylon", "Ripstop", ()),
    "recycled_nylon": Material("recycled nylon", "", ("recycled",)),
    "down": Material("responsibly sourced duck down", "Down", ()),
    "synthetic_fill": Material("synthetic insulation", "", ()),
    "softshell": Material("stretch softshell", "Softshell", ()),
    "viscose": Material("flowing viscose", "", ()),
    "aluminium": Material("anodised aluminium", "Aluminium", ()),
    "steel": Material("stainless steel", "Steel", ()),
    "cast_iron": Material("cast iron", "Cast-Iron", ()),
    "titanium": Material("titanium", "Titanium", ()),
    "carbon": Material("carbon fibre", "Carbon", ()),
    "tpe": Material("TPE foam", "", ()),
    "cork": Material("natural cork", "Cork", ("vegan",)),
    "silicone": Material("food-grade silicone", "Silicone", ()),
    "plastic": Material("BPA-free plastic", "", ("bpa-free",)),
    "recycled_plastic": Material("recycled plastic", "", ("recycled",)),
    "abs": Material("impact-resistant ABS", "", ()),
    "polycarbonate": Material("polycarbonate", "Hardshell", ()),
    "glass": Material("tempered glass", "Glass", ()),
    "borosilicate": Material("borosilicate glass", "Glass", ()),
    "ceramic": Material("glazed ceramic", "Ceramic", ()),
    "stoneware": Material("stoneware", "Stoneware", ()),
    "porcelain": Material("fine porcelain", "Porcelain", ()),
    "bamboo": Material("bamboo", "Bamboo", ("sustainable",)),
    "oak": Material("solid oak", "Oak", ()),
    "beech": Material("FSC-certified beech wood", "Wooden", ("sustainable",)),
    "cardboard": Material("recycled cardboard", "", ("recycled",)),
    "plush": Material("soft recycled plush", "", ("recycled",)),
    "percale": Material("cotton percale", "Percale", ()),
    "wax": Material("soy wax", "Soy", ("vegan",)),
    "shea": Material("shea butter", "Shea", ()),
    "aloe": Material("aloe vera", "Aloe", ()),
    "hyaluronic": Material("hyaluronic acid", "Hyaluronic", ()),
    "jojoba": Material("jojoba oil", "Jojoba", ()),
    "niacinamide": Material("niacinamide", "Niacinamide", ()),
    "argan": Material("argan oil", "Argan", ()),
    "vitamin_c": Material("vitamin C", "Vitamin C", ()),
    "silver": Material("925 sterling silver", "Sterling Silver", ()),
    "gold_plated": Material("18k gold plating over sterling silver", "Gold-Plated", ()),
    "solid_gold": Material("9k solid gold", "9k Gold", ()),
    "surgical_steel": Material("hypoallergenic surgical steel", "", ("hypoallergenic",)),
    "sapphire": Material("sapphire crystal", "Sapphire", ()),
    "pearl": Material("freshwater pearls", "Pearl", ()),
    "fragrance_oils": Material("natural essential oils", "", ()),
    "electronics": Material("recycled aluminium and plastic", "", ("recycled",)),
}

MODIFIERS: dict[str, Modifier] = {
    "waterproof": Modifier(
        "Waterproof",
        "A waterproof membrane and taped seams keep water out, even in heavy rain.",
        ("waterproof",)),
    "waterproof_ip": Modifier(
        "Waterproof",
        "{It} {is} waterproof to IPX7, so rain, splashes and even a dunk in water do no harm.",
        ("waterproof",)),
    "waterproof_solid": Modifier(
        "Waterproof", "{It} {is} fully waterproof: water, mud and puddles do {obj} no harm.",
        ("waterproof",)),
    "water_resistant": Modifier(
        "Water-Resistant",
        "{It} {is} water-resistant, so showers and splashes are no problem.",
        ("water-resistant",)),
    "insulated": Modifier(
        "Insulated",
        "Insulation holds warmth in freezing weather without adding bulk.",
        ("insulated", "winter")),
    "insulated_drink": Modifier(
        "Insulated",
        "Double-wall vacuum insulation keeps drinks hot for hours and cold even longer.",
        ("insulated",)),
    "lightweight": Modifier(
        "Lightweight", "{It} {is} noticeably light, so {it} never weigh{s} you down.",
        ("lightweight",)),
    "breathable": Modifier(
        "Breathable", "Breathable panels let heat escape when you work up a sweat.",
        ("breathable",)),
    "vegan": Modifier(
        "Vegan", "No animal-derived materials are used anywhere: {it} {is} fully vegan.",
        ("vegan",)),
    "recycled": Modifier(
        "Recycled", "Most of the material comes from recycled sources, such as plastic bottles "
        "and offcuts.",
        ("recycled", "sustainable")),
    "packable": Modifier(
        "Packable", "{It} pack{s} into {its} own pocket for travel.", ("packable",)),
    "wireless": Modifier(
        "Wireless", "{It} connect{s} wirelessly over Bluetooth 5.3 with a stable, low-lag link.",
        ("wireless", "bluetooth")),
    "noise_cancelling": Modifier(
        "Noise-Cancelling",
        "Active noise cancelling blocks out engines, traffic and office chatter.",
        ("noise-cancelling",)),
    "fast_charge": Modifier(
        "Fast-Charge",
        "Fast charging with USB Power Delivery tops up a phone to 50% in about 30 minutes.",
        ("fast-charging",)),
    "magnetic": Modifier(
        "Magnetic", "Built-in magnets snap {obj} into place and keep {obj} aligned.",
        ("magnetic",)),
    "rugged": Modifier(
        "Rugged", "{It} {is} drop-tested from two metres and built to survive daily knocks.",
        ("rugged",)),
    "bpa_free": Modifier(
        "BPA-Free", "Every part that touches food or drink is BPA-free.", ("bpa-free",)),
    "dishwasher_safe": Modifier(
        "Dishwasher-Safe", "{It} {is} dishwasher-safe for easy cleaning.", ("dishwasher-safe",)),
    "non_stick": Modifier(
        "Non-Stick",
        "A PFAS-free ceramic non-stick coating releases eggs and fish with little oil.",
        ("non-stick",)),
    "organic": Modifier(
        "Organic", "Certified organic ingredients and fibres, grown without synthetic pesticides.",
        ("organic",)),
    "fragrance_free": Modifier(
        "Fragrance-Free", "{It} {is} fragrance-free and gentle on sensitive skin.",
        ("fragrance-free", "sensitive-skin")),
    "cruelty_free": Modifier(
        "Cruelty-Free", "{It} {is} vegan and cruelty-free: never tested on animals.",
        ("vegan", "cruelty-free")),
    "stretch": Modifier(
        "Stretch", "A touch of elastane gives {obj} stretch for freedom of movement.",
        ("stretch",)),
    "quick_dry": Modifier(
        "Quick-Dry", "The quick-dry fabric wicks sweat and dries in minutes.", ("quick-dry",)),
    "thermal": Modifier(
        "Thermal", "A brushed thermal lining traps warm air on cold days.", ("thermal", "winter")),
    "handmade": Modifier(
        "Handmade", "Each piece is made by hand in a small workshop, so no two are identical.",
        ("handmade",)),
    "hypoallergenic": Modifier(
        "Hypoallergenic", "{It} {is} nickel-free and hypoallergenic for sensitive skin.",
        ("hypoallergenic",)),
    "allergy_friendly": Modifier(
        "Hypoallergenic",
        "The hypoallergenic filling can be washed at 60 °C to keep dust mites away.",
        ("hypoallergenic",)),
    "expandable": Modifier(
        "Expandable", "An expansion zip adds extra room for the trip home.", ("expandable",)),
    "anti_theft": Modifier(
        "Anti-Theft", "Hidden zips and an RFID-blocking pocket protect cards and passport.",
        ("anti-theft", "rfid")),
    "reflective": Modifier(
        "Reflective", "Reflective details make you visible to traffic after dark.",
        ("reflective",)),
    "cordless": Modifier(
        "Cordless", "{It} run{s} cordless from a rechargeable battery.", ("cordless",)),
    "smart": Modifier(
        "Smart", "{It} pair{s} with a free app for settings, schedules and updates.", ("smart",)),
    "eco": Modifier(
        "Eco", "Plastic-free packaging and sustainably sourced materials.", ("sustainable",)),
    "solar": Modifier(
        "Solar", "A built-in solar panel tops up the battery in daylight.", ("solar",)),
    "foldable": Modifier(
        "Foldable", "{It} fold{s} flat for storage and travel.", ("foldable",)),
    "adjustable": Modifier(
        "Adjustable", "{It} adjust{s} quickly to fit different users.", ("adjustable",)),
}

LINE_NAMES = (
    "Alta", "Arden", "Aster", "Atlas", "Basalt", "Birch", "Breeze", "Brook", "Cairn", "Cedar",
    "Cirrus", "Cliff", "Comet", "Cove", "Crest", "Delta", "Drift", "Dune", "Echo", "Ember",
    "Fern", "Fjord", "Flint", "Gale", "Glen", "Grove", "Halo", "Harbor", "Haven", "Heath",
    "Horizon", "Isla", "Juniper", "Kestrel", "Koda", "Lark", "Linden", "Lumen", "Marlow",
    "Meadow", "Mesa", "Moss", "Nimbus", "Nova", "Oak", "Onyx", "Orbit", "Pace", "Peak",
    "Pine", "Pioneer", "Quartz", "Raven", "Reef", "Ridge", "River", "Rook", "Sage", "Sierra",
    "Solace", "Sparrow", "Spruce", "Strata", "Summit", "Tala", "Terra", "Thistle", "Tide",
    "Timber", "Tundra", "Umber", "Vale", "Vega", "Vela", "Verve", "Willow", "Wren", "Yarrow",
    "Zephyr", "Zenith",
)

INTROS = (
    "{brand_s} {line_noun} {is} made for {use}.",
    "{This} {noun} from {brand} {is} built for {use}.",
    "Designed for {use}, the {brand} {line_noun} {is} made with {material}.",
    "Made for {use}, {this_lower} {line_noun} by {brand} combine{s} {material} with "
    "careful detailing.",
    "{brand} made the {line_noun} for {use}, using {material}.",
    "If you need {a_noun} for {use}, the {brand} {line_noun} {is} a dependable choice.",
)

MATERIAL_SENTENCES = (
    "{It} {is} made with {material}.",
    "The key {material_label} is {material}.",
)
# fmt: on
