"""Dutch: the words the bot reads in Dutch messages (see :class:`ShopperWords`).

Words compared with folded text are written without accents ("geisoleerd" reads "geïsoleerd").
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
ORDINALS = ("eerste 1e 1ste", "tweede 2e 2de", "derde 3e 3de", "vierde 4e 4de",
            "vijfde 5e 5de", "zesde 6e 6de", "zevende 7e 7de", "achtste 8e 8ste",
            "negende 9e 9de", "tiende 10e 10de")  # fmt: skip
NUMBERS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5}
NUMBER_CUES = ("nummer", "nr", "nr.", "artikel", "optie")
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER: tuple[str, ...] = ()
LAST_WORDS = ("laatste",)
ALL_WORDS = ("allemaal", "allebei")
ALL_PHRASES: tuple[str, ...] = ()
POINTER_WORDS = ("de", "het", "die")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("beoordeling", "beoordelingen", "sterren", "reviews", "recensies"),
    "price": ("hoeveel", "prijs", "prijzen", "kost", "kosten", "duur", "goedkoop"),
    "materials": ("materiaal", "materialen", "stof", "gemaakt van", "waarvan gemaakt",
                  "samenstelling"),
    "colours": ("kleur", "kleuren"),
    "sizes": ("maat", "maten"),
    "stock": ("op voorraad", "beschikbaar", "leverbaar", "uitverkocht", "hebben jullie",
              "is er"),
    "overview": ("vertel me meer", "meer over", "meer info", "meer informatie", "details",
                 "beschrijving", "beschrijf"),
    "question": ("is", "zijn", "heeft", "hebben", "kan", "hoe", "wat", "welke", "past"),
}  # fmt: skip
FEATURES = {
    "waterdicht": "waterproof", "waterafstotend": "water", "wasbaar": "washable",
    "wasmachine": "washable", "ademend": "breathable", "vegan": "vegan",
    "veganistisch": "vegan", "warm": "warm", "licht": "light", "zwaar": "heavy",
    "weegt": "weight", "gewicht": "weight", "geisoleerd": "insulated", "bio": "organic",
    "biologisch": "organic", "gerecycled": "recycled", "opvouwbaar": "foldable",
    "verstelbaar": "adjustable", "oplaadbaar": "rechargeable", "draadloos": "wireless",
    "vaatwasser": "dishwasher", "winddicht": "windproof", "antislip": "non-slip",
    "inhoud": "capacity", "batterij": "battery", "accu": "battery",
}  # fmt: skip
STOPWORDS = frozenset(
    """de het een en of is zijn heeft hebben het dit dat deze die kan men zeer erg ook nog
    meer voor met zonder van hoe wat welke product artikel niet goed echt""".split()  # noqa: SIM905
)
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("maat",)
SIZE_WORDS = {"klein": "S", "groot": "L"}
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("van",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "overslaan",
    "sla over",
    "nee",
    "nee bedankt",
    "nee dank je",
    "niet nu",
    "later",
    "liever niet",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
    "max_before": ("onder", "minder dan", "tot", "maximaal", "max", "hooguit", "niet meer dan",
                   "goedkoper dan", "tot maximaal"),
    "min_before": ("boven", "meer dan", "vanaf", "minstens", "minimaal", "duurder dan"),
    "around_before": ("ongeveer", "rond", "rond de", "circa", "zo'n"),
    "max_after": ("of minder", "max", "maximaal"),
    "min_after": ("of meer",),
    "between": ("tussen",), "between_joiners": ("en",), "range_joiners": ("tot",),
    "units": ("jaar", "maanden", "liter", "paar", "stuks", "personen"),
    "age_words": ("leeftijd",),
    "size_cues": ("maat", "schoenmaat"),
    "in_words": ("in",),
    "stock": ("op voorraad", "beschikbaar", "leverbaar", "direct leverbaar"),
    "filler": ("ik zoek", "ik wil", "ik ben op zoek naar", "laat me zien", "toon me",
               "alsjeblieft", "graag", "hebben jullie", "hallo"),
    "lead_ins": ("in", "voor", "van", "met", "die"),
    "connectors": ("en", "of"),
    "currencies": {"euro": "EUR", "dollar": "USD", "pond": "GBP"},
    "colours": {"zwart": "black", "wit": "white", "grijs": "grey", "blauw": "blue",
                "marineblauw": "navy blue", "groen": "green", "rood": "red", "roze": "pink",
                "paars": "purple", "geel": "yellow", "oranje": "orange", "bruin": "brown",
                "beige": "beige", "goud|gouden": "gold", "zilver|zilveren": "silver"},
    "colour_endings": ("e",),
}
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS = ("voor", "van")
