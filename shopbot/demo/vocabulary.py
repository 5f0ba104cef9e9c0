"""Word lists of the demo customers, parcels and returns, written for shopbot (no scraped or
real customer data). The demo products have their own in :mod:`knowledge.catalog.vocabulary`.

Emails use example domains only; phone numbers come from ranges reserved for fiction where
a country has one (and are left empty elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CARRIERS",
    "CARRIERS_BY_CURRENCY",
    "DELAY_REASONS",
    "DELIVERED_DESCRIPTIONS",
    "HUBS",
    "LOCALES",
    "RETURN_REASONS",
    "WAREHOUSES",
    "LocaleNames",
]


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


# The tables below are laid out by hand, one record per block.
# fmt: off
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
