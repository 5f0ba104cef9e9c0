"""Word lists for the demo data, written for shopbot (no scraped or real customer data).

Brands are invented; emails use example domains only; phone numbers come from ranges
reserved for fiction where a country has one (and are left empty elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CARRIERS",
    "CARRIERS_BY_CURRENCY",
    "CATEGORIES",
    "CURRENCY_RATES",
    "DELAY_REASONS",
    "DELIVERED_DESCRIPTIONS",
    "HUBS",
    "LOCALES",
    "RETURN_REASONS",
    "WAREHOUSES",
    "Category",
    "LocaleNames",
]


@dataclass(frozen=True)
class Category:
    """One product category and the words its products are composed from."""

    prefix: str
    path: str
    brands: tuple[str, ...]
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    materials: tuple[str, ...]
    colours: tuple[str, ...]
    sizes: tuple[str, ...]
    price_range: tuple[int, int]
    final_sale_rate: float
    features: tuple[str, ...]
    tags: tuple[str, ...]


# The tables below are laid out by hand, one record per block.
# fmt: off
_APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
_SHOE_SIZES = tuple(str(size) for size in range(36, 47))
_NEUTRALS = ("Black", "White", "Navy", "Charcoal", "Stone", "Olive", "Burgundy", "Sand")

CATEGORIES: tuple[Category, ...] = (
    Category(
        "APP", "Apparel > Clothing",
        ("Nordvik", "Alder & Finch", "Mistral Studio", "Kestrel Lane"),
        ("Crew-Neck Sweater", "Oxford Shirt", "Linen Shirt", "Hoodie", "Cardigan", "Polo Shirt",
         "Organic Cotton T-Shirt", "Quilted Jacket", "Chino Trousers", "Wrap Dress"),
        ("Classic", "Relaxed", "Slim-Fit", "Everyday", "Heritage", "Lightweight", "Cosy",
         "Essential"),
        ("merino wool", "organic cotton", "linen", "recycled polyester", "cashmere blend"),
        (*_NEUTRALS, "Sky Blue", "Rust"), _APPAREL_SIZES, (19, 149), 0.06,
        ("a tailored fit that keeps its shape", "reinforced seams", "a soft brushed finish",
         "breathable fabric for all-day comfort"),
        ("clothing", "apparel"),
    ),
    Category(
        "FTW", "Footwear > Shoes",
        ("Stride Theory", "Cobblestone Co.", "Paveway"),
        ("Running Shoe", "Leather Sneaker", "Chelsea Boot", "Trail Runner", "Loafer",
         "Canvas Plimsoll", "Hiking Boot", "Slide Sandal"),
        ("Cushioned", "Waterproof", "Minimal", "All-Terrain", "Classic", "Featherweight"),
        ("full-grain leather", "suede", "recycled mesh", "canvas", "natural rubber"),
        (*_NEUTRALS[:6], "Tan"), _SHOE_SIZES, (39, 189), 0.05,
        ("a cushioned footbed", "a grippy rubber outsole", "a padded heel collar",
         "a removable insole"),
        ("shoes", "footwear"),
    ),
    Category(
        "OUT", "Outdoor > Camping & Hiking",
        ("Summit Ridge", "Fjellmark", "Trailcraft"),
        ("Two-Person Tent", "Sleeping Bag", "Trekking Poles", "Headlamp", "Insulated Flask",
         "Rain Shell", "Camping Stove", "Daypack", "Fleece Jacket"),
        ("Ultralight", "Packable", "Four-Season", "Rugged", "Compact", "Weatherproof"),
        ("ripstop nylon", "aluminium", "stainless steel", "recycled fleece", "Gore-style membrane"),
        ("Forest Green", "Slate", "Orange", "Black", "Sand", "Glacier Blue"), (), (15, 329), 0.03,
        ("packs down small", "taped seams keep the rain out", "tested in alpine conditions",
         "weighs less than you would expect"),
        ("outdoor", "camping", "hiking"),
    ),
    Category(
        "SPT", "Sports > Fitness",
        ("Pulse Athletics", "Velocita", "Iron Harbor"),
        ("Yoga Mat", "Resistance Band Set", "Adjustable Dumbbell", "Training Shorts",
         "Sports Bra", "Cycling Jersey", "Swim Goggles", "Jump Rope", "Foam Roller"),
        ("Pro", "Performance", "Studio", "Endurance", "Quick-Dry", "Non-Slip"),
        ("TPE foam", "natural rubber", "recycled polyester", "silicone", "steel"),
        ("Black", "Coral", "Teal", "Grey", "Lime", "Purple"), ("S", "M", "L", "XL"), (9, 159), 0.08,
        ("sweat-wicking fabric", "a non-slip texture", "easy to clean after training",
         "built for daily workouts"),
        ("sports", "fitness"),
    ),
    Category(
        "ELA", "Electronics > Accessories",
        ("Voltwise", "Lumen Labs", "Cablecraft"),
        ("USB-C Charging Cable", "Wireless Charger", "Power Bank", "Phone Case",
         "Bluetooth Earbuds", "Laptop Sleeve", "Screen Protector", "Travel Adapter", "Smart Plug"),
        ("Fast-Charge", "Slim", "Braided", "Magnetic", "Rugged", "Compact"),
        ("braided nylon", "aluminium", "recycled plastic", "tempered glass", "silicone"),
        ("Black", "White", "Graphite", "Midnight Blue", "Silver"), (), (9, 119), 0.10,
        ("a two-year warranty", "works with most USB-C devices", "overcharge protection",
         "fits in any pocket"),
        ("electronics", "accessories"),
    ),
    Category(
        "HOM", "Home & Kitchen > Cookware & Living",
        ("Hearth & Oak", "Copperleaf", "Maison Verre"),
        ("Cast-Iron Skillet", "Chef's Knife", "French Press", "Linen Duvet Cover",
         "Ceramic Dinner Set", "Scented Candle", "Bamboo Cutting Board", "Glass Storage Jars",
         "Throw Blanket"),
        ("Artisan", "Everyday", "Nordic", "Hand-Finished", "Stoneware", "Heirloom"),
        ("cast iron", "stainless steel", "stoneware", "borosilicate glass", "linen", "bamboo"),
        ("Natural", "Charcoal", "Sage", "Terracotta", "White", "Oat"), (), (12, 219), 0.07,
        ("dishwasher safe", "made to last for years", "a timeless design",
         "suitable for every hob"),
        ("home", "kitchen"),
    ),
    Category(
        "BTY", "Beauty > Skincare",
        ("Petal & Pine", "Aurelle", "Saltwater Skin"),
        ("Hydrating Face Cream", "Vitamin C Serum", "Lip Balm Trio", "Body Lotion",
         "Clay Face Mask", "Hair Oil", "Mineral Sunscreen SPF 50", "Hand Cream"),
        ("Gentle", "Nourishing", "Fragrance-Free", "Radiance", "Daily", "Overnight"),
        ("shea butter", "aloe vera", "hyaluronic acid", "jojoba oil", "niacinamide"),
        (), ("30 ml", "50 ml", "100 ml"), (8, 69), 0.45,
        ("dermatologically tested", "vegan and cruelty-free", "absorbs quickly",
         "suitable for sensitive skin"),
        ("beauty", "skincare"),
    ),
    Category(
        "TOY", "Toys > Games & Learning",
        ("Tinker Town", "Bumblebox", "Little Orbit"),
        ("Wooden Building Blocks", "Marble Run", "Plush Fox", "Puzzle (1000 Pieces)",
         "Science Kit", "Board Game", "Remote-Control Car", "Magnetic Tiles"),
        ("Classic", "Creative", "Junior", "Deluxe", "Eco", "Family"),
        ("FSC beech wood", "recycled plastic", "organic cotton", "cardboard"),
        ("Multicolour", "Pastel", "Natural"), (), (9, 89), 0.04,
        ("safety tested to EN 71", "for ages 3 and up", "encourages creative play",
         "hours of screen-free fun"),
        ("toys", "kids", "gifts"),
    ),
    Category(
        "BAG", "Bags > Bags & Luggage",
        ("Carryall Works", "Satchel & Sons", "Rove Goods"),
        ("Leather Backpack", "Weekender Bag", "Crossbody Bag", "Tote Bag", "Laptop Backpack",
         "Cabin Suitcase", "Wash Bag", "Belt Bag"),
        ("Waxed", "Roll-Top", "Minimalist", "Expandable", "Vintage", "Commuter"),
        ("waxed canvas", "vegetable-tanned leather", "recycled nylon", "polycarbonate"),
        ("Black", "Cognac", "Olive", "Navy", "Grey"), (), (25, 249), 0.05,
        ("a padded laptop compartment", "YKK zips", "water-resistant fabric",
         "fits airline cabin limits"),
        ("bags", "travel"),
    ),
    Category(
        "JWL", "Watches & Jewellery",
        ("Halcyon Time", "Orrery", "Lune Atelier"),
        ("Automatic Watch", "Chronograph", "Silver Hoop Earrings", "Pendant Necklace",
         "Signet Ring", "Charm Bracelet", "Minimalist Watch", "Stud Earrings"),
        ("Sterling", "Classic", "Everyday", "Sapphire-Glass", "Gold-Plated", "Vintage-Inspired"),
        ("925 sterling silver", "stainless steel", "18k gold plating", "leather strap"),
        ("Silver", "Gold", "Rose Gold", "Black"), ("One size", "52", "54", "56", "58"),
        (29, 399), 0.20,
        ("comes in a gift box", "nickel-free", "water resistant to 50 m",
         "hand-polished finish"),
        ("jewellery", "watches", "gifts"),
    ),
)


@dataclass(frozen=True)
class LocaleNames:
    """First and last names, currency and email domains of one locale."""

    locale: str
    currency: str
    weight: int
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    domains: tuple[str, ...]
    cities: tuple[str, ...]


_GENERIC = ("example.com", "example.org", "example.net")

LOCALES: tuple[LocaleNames, ...] = (
    LocaleNames(
        "en-US", "USD", 24,
        ("James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Harper",
         "Lucas", "Zoe", "Jamal", "Maya", "Diego", "Aaliyah"),
        ("Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez",
         "Wilson", "Anderson", "Thompson", "Nguyen", "Robinson", "Walker"),
        _GENERIC, ("Denver, CO", "Austin, TX", "Portland, OR", "Columbus, OH", "Raleigh, NC"),
    ),
    LocaleNames(
        "en-GB", "GBP", 16,
        ("Oliver", "Amelia", "George", "Isla", "Harry", "Poppy", "Jack", "Freya", "Alfie",
         "Priya", "Callum", "Niamh"),
        ("Taylor", "Evans", "Hughes", "Patel", "Wright", "Roberts", "Clarke", "Khan", "Murphy",
         "Hall", "Campbell", "Bennett"),
        (*_GENERIC, "example.co.uk"), ("Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich"),
    ),
    LocaleNames(
        "de-DE", "EUR", 18,
        ("Lukas", "Mia", "Jonas", "Hannah", "Felix", "Lea", "Maximilian", "Sophie", "Jürgen",
         "Anja", "Tobias", "Katrin"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer",
         "Koch", "Richter", "Wolf", "Krüger"),
        (*_GENERIC, "example.de"), ("Leipzig", "Köln", "Hamburg", "Freiburg", "Nürnberg"),
    ),
    LocaleNames(
        "fr-FR", "EUR", 10,
        ("Louis", "Chloé", "Hugo", "Léa", "Gabriel", "Manon", "Théo", "Camille", "Étienne",
         "Inès"),
        ("Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard",
         "Roux", "Fontaine"),
        (*_GENERIC, "example.fr"), ("Lyon", "Nantes", "Lille", "Bordeaux", "Toulouse"),
    ),
    LocaleNames(
        "es-ES", "EUR", 8,
        ("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Pablo", "Valeria", "Álvaro", "Carmen",
         "Javier"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
         "Romero", "Navarro"),
        (*_GENERIC, "example.es"), ("Valencia", "Sevilla", "Bilbao", "Zaragoza", "Málaga"),
    ),
    LocaleNames(
        "it-IT", "EUR", 6,
        ("Giulia", "Leonardo", "Sofia", "Francesco", "Aurora", "Alessandro", "Chiara", "Matteo"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
        (*_GENERIC, "example.it"), ("Torino", "Bologna", "Firenze", "Napoli", "Verona"),
    ),
    LocaleNames(
        "nl-NL", "EUR", 6,
        ("Daan", "Emma", "Sem", "Julia", "Lars", "Tess", "Bram", "Fenna"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"),
        (*_GENERIC, "example.nl"), ("Utrecht", "Groningen", "Eindhoven", "Haarlem", "Leiden"),
    ),
    LocaleNames(
        "pl-PL", "EUR", 4,
        ("Zofia", "Jakub", "Maja", "Kacper", "Zuzanna", "Łukasz", "Agnieszka", "Piotr"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zieliński"),
        _GENERIC, ("Kraków", "Wrocław", "Gdańsk", "Poznań", "Łódź"),
    ),
    LocaleNames(
        "sv-SE", "SEK", 4,
        ("Elsa", "William", "Alice", "Oscar", "Maja", "Hugo", "Saga", "Björn"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Öberg"),
        (*_GENERIC, "example.se"), ("Göteborg", "Malmö", "Uppsala", "Umeå", "Lund"),
    ),
    LocaleNames(
        "de-CH", "CHF", 2,
        ("Luca", "Lina", "Noah", "Elena", "Nico", "Laura"),
        ("Meier", "Keller", "Brunner", "Frei", "Gerber", "Baumann"),
        (*_GENERIC, "example.ch"), ("Zürich", "Bern", "Basel", "Luzern", "St. Gallen"),
    ),
    LocaleNames(
        "en-AU", "AUD", 2,
        ("Charlotte", "Jack", "Ruby", "Cooper", "Matilda", "Lachlan"),
        ("Kelly", "Ryan", "Mitchell", "Stewart", "Morris", "Cooper"),
        _GENERIC, ("Brisbane", "Adelaide", "Perth", "Hobart", "Geelong"),
    ),
)

#: Shop prices are kept in EUR; other currencies are converted with these demo rates.
CURRENCY_RATES: dict[str, float] = {
    "EUR": 1.0, "USD": 1.09, "GBP": 0.86, "CHF": 0.95, "SEK": 11.4, "AUD": 1.65,
}

#: carrier -> (tracking URL template, fastest and slowest transit in days)
CARRIERS: dict[str, tuple[str, tuple[int, int]]] = {
    "DHL": ("https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}", (1, 3)),
    "UPS": ("https://www.ups.com/track?tracknum={n}", (1, 4)),
    "FedEx": ("https://www.fedex.com/fedextrack/?trknbr={n}", (1, 4)),
    "USPS": ("https://tools.usps.com/go/TrackConfirmAction?tLabels={n}", (2, 5)),
    "Royal Mail": ("https://www.royalmail.com/track-your-item#/tracking-results/{n}", (1, 3)),
    "PostNL": ("https://jouw.postnl.nl/track-and-trace/{n}", (1, 3)),
    "DPD": ("https://tracking.dpd.de/status/en_US/parcel/{n}", (1, 3)),
    "GLS": ("https://gls-group.com/track/{n}", (2, 4)),
}

CARRIERS_BY_CURRENCY: dict[str, tuple[str, ...]] = {
    "EUR": ("DHL", "DPD", "GLS", "PostNL", "UPS"),
    "USD": ("UPS", "FedEx", "USPS"),
    "GBP": ("Royal Mail", "DPD", "DHL"),
    "CHF": ("DHL", "DPD"),
    "SEK": ("DHL", "PostNL"),
    "AUD": ("DHL", "FedEx"),
}

#: Where parcels of each currency region start and pass through.
WAREHOUSES: dict[str, str] = {
    "EUR": "Venlo, NL", "CHF": "Venlo, NL", "SEK": "Venlo, NL",
    "USD": "Reno, NV, US", "GBP": "Northampton, GB", "AUD": "Melbourne, AU",
}
HUBS: dict[str, tuple[str, ...]] = {
    "EUR": ("Duisburg Hub, DE", "Lyon Sort Centre, FR", "Leipzig Hub, DE", "Madrid Hub, ES"),
    "CHF": ("Basel Customs, CH", "Frankfurt Hub, DE"),
    "SEK": ("Malmö Sort Centre, SE", "Hamburg Hub, DE"),
    "USD": ("Salt Lake City Hub, UT, US", "Louisville Hub, KY, US", "Memphis Hub, TN, US"),
    "GBP": ("Birmingham Hub, GB", "Warrington Mail Centre, GB"),
    "AUD": ("Sydney Gateway, AU", "Melbourne Hub, AU"),
}

DELAY_REASONS: tuple[str, ...] = (
    "Delayed: high parcel volume in the network",
    "Delayed: severe weather in the region",
    "Delayed: held at customs for clearance",
    "Delivery attempt failed: recipient not available",
    "Delayed: parcel missed its connection at the hub",
)
DELIVERED_DESCRIPTIONS: tuple[str, ...] = (
    "Delivered",
    "Delivered to the front door",
    "Delivered to a neighbour",
    "Delivered to a parcel locker",
    "Delivered and signed for",
)
RETURN_REASONS: tuple[str, ...] = (
    "Too small",
    "Too large",
    "Not as described",
    "Arrived damaged",
    "Changed my mind",
    "Wrong item sent",
    "Quality not as expected",
    "Colour differs from the photos",
)
# fmt: on
