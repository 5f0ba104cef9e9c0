"""German: the words the bot reads in German messages (see :class:`ShopperWords`).

Words compared with folded text are written without accents ("funfte" reads "fünfte"); "ß"
is no accent and stays ("größe").
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
ORDINALS = ("erste erster erstes ersten erstem", "zweite zweiter zweites zweiten zweitem",
            "dritte dritter drittes dritten drittem", "vierte vierter viertes vierten",
            "funfte funfter funftes funften fuenfte", "sechste sechster sechstes sechsten",
            "siebte siebter siebtes siebten", "achte achter achtes achten",
            "neunte neunter neuntes neunten", "zehnte zehnter zehntes zehnten")  # fmt: skip
NUMBERS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5}
NUMBER_CUES = ("nummer", "nr", "nr.", "artikel", "produkt")
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER: tuple[str, ...] = ()
LAST_WORDS = ("letzte", "letzter", "letztes", "letzten", "letztem")
ALL_WORDS = ("alle", "alles", "beide", "beiden")
ALL_PHRASES: tuple[str, ...] = ()
POINTER_WORDS = ("der", "die", "das", "den", "dem")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("bewertung", "bewertungen", "sterne", "rezension", "rezensionen"),
    "price": ("wie viel", "wieviel", "preis", "preise", "kostet", "kosten", "teuer", "billig",
              "gunstig", "guenstig"),
    "materials": ("material", "materialien", "stoff", "woraus", "aus was", "zusammensetzung"),
    "colours": ("farbe", "farben"),
    "sizes": ("große", "großen", "grosse", "grossen", "groesse", "groessen"),
    "stock": ("verfugbar", "verfuegbar", "lieferbar", "auf lager", "vorratig", "vorraetig",
              "ausverkauft", "habt ihr", "haben sie", "gibt es", "noch da"),
    "overview": ("erzahl mir mehr", "erzaehl mir mehr", "mehr uber", "mehr ueber", "mehr info",
                 "mehr infos", "mehr informationen", "details", "beschreib", "beschreibung"),
    "question": ("ist", "sind", "hat", "haben", "kann", "gibt", "wie", "was", "welche",
                 "welcher", "welches", "lasst", "taugt"),
}  # fmt: skip
FEATURES = {
    "wasserdicht": "waterproof", "wasserfest": "waterproof",
    "wasserabweisend": "water", "waschbar": "washable",
    "waschmaschinenfest": "washable", "atmungsaktiv": "breathable", "vegan": "vegan",
    "warm": "warm", "leicht": "light", "schwer": "heavy", "wiegt": "weight",
    "gewicht": "weight", "isoliert": "insulated", "gefuttert": "insulated",
    "bio": "organic", "recycelt": "recycled", "faltbar": "foldable",
    "verstellbar": "adjustable", "aufladbar": "rechargeable", "kabellos": "wireless",
    "spulmaschinenfest": "dishwasher", "winddicht": "windproof",
    "rutschfest": "non-slip", "fassungsvermogen": "capacity", "akku": "battery",
}  # fmt: skip
STOPWORDS = frozenset(
    """der die das den dem des ein eine einen einem einer und oder ist sind hat haben es er
    sie das dies diese dieser dieses kann man sehr auch noch mehr fur mit ohne von wie was
    welche welcher welches produkt artikel ob nicht gut wirklich denn mal""".split()  # noqa: SIM905
)
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("größe", "grosse", "groesse", "gr")
SIZE_WORDS = {"klein": "S", "mittel": "M", "gross": "L", "groß": "L"}
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
#: "ein Stern": the article counts as "one" in a rating only ("Nummer ein" is no German).
RATING_NUMBERS = {"ein": 1}
OUT_OF = ("von",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "überspringen",
    "überspringe",
    "nein",
    "nein danke",
    "danke nein",
    "nicht jetzt",
    "lieber nicht",
    "später",
    "weiter",
    "keine bewertung",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
    "max_before": ("unter", "bis", "bis zu", "weniger als", "höchstens", "maximal", "max",
                   "nicht mehr als", "billiger als", "günstiger als"),
    "min_before": ("über", "ab", "mehr als", "mindestens", "teurer als"),
    "around_before": ("etwa", "ungefähr", "circa", "rund", "um die"),
    "max_after": ("oder weniger", "max", "maximal", "höchstens"),
    "min_after": ("oder mehr", "aufwärts"),
    "between": ("zwischen",), "between_joiners": ("und",), "range_joiners": ("bis",),
    "units": ("jahre", "jahren", "jahr", "monate", "liter", "stück", "paar", "personen"),
    "age_words": ("alter", "ab alter"),
    "size_cues": ("größe", "grösse", "gr.", "gr", "schuhgröße"),
    "in_words": ("in",),
    "stock": ("auf lager", "lieferbar", "verfügbar", "sofort lieferbar", "vorrätig"),
    "filler": ("ich suche", "ich hätte gern", "ich hätte gerne", "ich möchte", "zeig mir",
               "zeigen sie mir", "bitte", "haben sie", "gibt es", "hallo"),
    "lead_ins": ("in", "für", "zu", "um", "mit", "die", "der"),
    "connectors": ("und", "oder"),
    "currencies": {"euro": "EUR", "dollar": "USD", "pfund": "GBP"},
    "colours": {"schwarz": "black", "weiß|weiss": "white", "grau": "grey", "blau": "blue",
                "marineblau": "navy blue", "grün": "green", "rot": "red", "rosa|pink": "pink",
                "lila|violett": "purple", "gelb": "yellow", "orange": "orange", "braun": "brown",
                "beige": "beige", "gold|golden": "gold", "silber|silbern": "silver"},
    "colour_endings": ("e", "en", "er", "es", "em"),
}
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS = ("fur", "von")
