"""Italian: the words the bot reads in Italian messages (see :class:`ShopperWords`).

Words compared with folded text are written without accents ("puo" reads "può").
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
# fmt: off
ORDINALS = ("primo prima", "secondo seconda", "terzo terza", "quarto quarta", "quinto quinta",
            "sesto sesta", "settimo settima", "ottavo ottava", "nono nona", "decimo decima")
# fmt: on
NUMBERS = {"uno": 1, "una": 1, "un": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5}
NUMBER_CUES = ("numero", "n°", "n°.", "articolo", "prodotto", "opzione")
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER = ("un", "uno", "per")
LAST_WORDS = ("ultimo", "ultima")
ALL_WORDS = ("tutti", "tutte", "tutto", "entrambi", "entrambe")
ALL_PHRASES = ("tutti e due", "tutte e due")
POINTER_WORDS = ("il", "lo", "la", "gli", "le", "quello", "quella", "quelli", "quelle")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("valutazione", "valutazioni", "recensione", "recensioni", "stelle", "voto"),
    "price": ("quanto costa", "quanto viene", "prezzo", "prezzi", "costa", "costano", "caro",
              "cara", "economico"),
    "materials": ("materiale", "materiali", "tessuto", "di cosa e fatto", "di cosa e fatta",
                  "composizione"),
    "colours": ("colore", "colori"),
    "sizes": ("taglia", "taglie", "misura", "misure"),
    "stock": ("disponibile", "disponibili", "in magazzino", "esaurito", "esaurita", "avete",
              "c'e"),
    "overview": ("dimmi di piu", "di piu su", "di piu sul", "piu informazioni", "piu info",
                 "dettagli", "descrivi", "descrizione", "parlami"),
    "question": ("e", "ha", "hanno", "si", "puo", "quanto", "quale", "quali", "come", "c'e",
                 "sono"),
}  # fmt: skip
FEATURES = {
    "impermeabile": "waterproof", "idrorepellente": "water", "lavabile": "washable",
    "lavatrice": "washable", "traspirante": "breathable", "vegano": "vegan",
    "vegana": "vegan", "caldo": "warm", "calda": "warm", "leggero": "light",
    "leggera": "light", "pesante": "heavy", "pesa": "weight", "peso": "weight",
    "isolato": "insulated", "termico": "thermal", "biologico": "organic",
    "riciclato": "recycled", "pieghevole": "foldable", "regolabile": "adjustable",
    "ricaricabile": "rechargeable", "senza fili": "wireless",
    "lavastoviglie": "dishwasher", "antivento": "windproof",
    "antiscivolo": "non-slip", "capacita": "capacity", "batteria": "battery",
}  # fmt: skip
STOPWORDS = frozenset(
    """il lo la i gli le un uno una di del della dei delle a al alla in e o che e' sono ha
    hanno si puo questo questa quello quella molto piu per con senza come quale quali quanto
    prodotto articolo se non bene""".split()  # noqa: SIM905
)
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("taglia", "misura", "numero")
SIZE_WORDS = {"piccola": "S", "piccolo": "S", "media": "M", "medio": "M", "grande": "L"}
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("su",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "salta",
    "saltare",
    "no",
    "no grazie",
    "non ora",
    "non adesso",
    "passo",
    "più tardi",
    "preferisco di no",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
    "max_before": ("sotto", "sotto i", "meno di", "fino a", "massimo", "al massimo",
                   "non più di", "inferiore a"),
    "min_before": ("più di", "sopra", "sopra i", "almeno", "da", "a partire da", "minimo"),
    "around_before": ("circa", "intorno a", "intorno ai", "sui"),
    "max_after": ("o meno", "massimo", "al massimo"),
    "min_after": ("o più",),
    "between": ("tra", "fra"), "between_joiners": ("e",), "range_joiners": ("a",),
    "units": ("anni", "anno", "mesi", "litri", "paia", "pezzi", "persone"),
    "age_words": ("età",),
    "size_cues": ("taglia", "numero", "misura"),
    "in_words": ("in",),
    "stock": ("disponibile", "disponibili", "in magazzino", "pronta consegna"),
    "filler": ("cerco", "sto cercando", "vorrei", "mostrami", "per favore", "avete", "ciao"),
    "lead_ins": ("in", "a", "da", "per", "di", "che", "con"),
    "connectors": ("e", "o"),
    "currencies": {"euro": "EUR", "dollari": "USD", "dollaro": "USD", "sterline": "GBP"},
    "colours": {"nero|nera|neri|nere": "black", "bianco|bianca|bianchi|bianche": "white",
                "grigio|grigia|grigi|grigie": "grey", "blu|azzurro|azzurra": "blue",
                "verde|verdi": "green", "rosso|rossa|rossi|rosse": "red", "rosa": "pink",
                "viola": "purple", "giallo|gialla|gialli|gialle": "yellow",
                "arancione|arancioni": "orange", "marrone|marroni": "brown", "beige": "beige",
                "oro|dorato|dorata": "gold", "argento|argentato|argentata": "silver"},
}
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS = ("di", "della", "dello", "dei", "delle", "per")
