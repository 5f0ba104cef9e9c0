"""French: the words the bot reads in French messages (see :class:`ShopperWords`).

Words compared with folded text are written without accents ("deuxieme" reads "deuxième").
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
# fmt: off
ORDINALS = ("premier premiere 1er 1re 1ere", "deuxieme seconde 2e 2eme", "troisieme 3e 3eme",
            "quatrieme 4e 4eme", "cinquieme 5e 5eme", "sixieme 6e 6eme", "septieme 7e 7eme",
            "huitieme 8e 8eme", "neuvieme 9e 9eme", "dixieme 10e 10eme")
# fmt: on
NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
NUMBER_CUES = ("numero", "n°", "n°.", "article", "produit", "option")
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER = ("un", "une")
LAST_WORDS = ("dernier", "derniere")
ALL_WORDS = ("tous", "toutes", "tout")
ALL_PHRASES = ("les deux",)
POINTER_WORDS = ("le", "la", "les", "celui", "celle")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("note", "notes", "avis", "etoiles", "evaluation", "evaluations"),
    "price": ("combien", "prix", "coute", "coutent", "cher", "chere", "tarif"),
    "materials": ("matiere", "matieres", "materiau", "materiaux", "en quoi", "tissu",
                  "composition"),
    "colours": ("couleur", "couleurs", "coloris"),
    "sizes": ("taille", "tailles", "pointure", "pointures"),
    "stock": ("disponible", "disponibles", "en stock", "epuise", "epuisee", "il reste",
              "il y a", "avez-vous", "vous avez"),
    "overview": ("plus d'infos", "plus d'informations", "plus de details", "en savoir plus",
                 "details", "decris", "description", "parle-moi", "c'est quoi"),
    "question": ("est-ce", "est-il", "est-elle", "est", "a-t-il", "a-t-elle", "peut", "peut-on",
                 "combien", "quel", "quelle", "quels", "quelles", "comment", "c'est",
                 "y a-t-il"),
}  # fmt: skip
FEATURES = {
    "impermeable": "waterproof", "etanche": "waterproof", "lavable": "washable",
    "lavable en machine": "washable", "respirant": "breathable", "vegan": "vegan",
    "vegane": "vegan", "chaud": "warm", "chaude": "warm", "leger": "light",
    "legere": "light", "lourd": "heavy", "lourde": "heavy", "pese": "weight",
    "poids": "weight", "isole": "insulated", "isolant": "insulated", "bio": "organic",
    "biologique": "organic", "recycle": "recycled", "pliable": "foldable",
    "reglable": "adjustable", "rechargeable": "rechargeable", "sans fil": "wireless",
    "lave-vaisselle": "dishwasher", "coupe-vent": "windproof",
    "antiderapant": "non-slip", "capacite": "capacity", "batterie": "battery",
}  # fmt: skip
STOPWORDS = frozenset(
    """le la les l un une des du de d a au aux en et ou est-ce est il elle ils elles ce c cet
    cette ces que qu qui quoi est sont a-t-il a-t-elle y peut on tres plus pour par avec sans
    comment quel quelle quels quelles produit article si ne pas bien""".split()  # noqa: SIM905
)
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("taille", "pointure")
SIZE_WORDS = {"petite": "S", "petit": "S", "moyenne": "M", "moyen": "M", "grande": "L",
              "grand": "L"}  # fmt: skip
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("sur",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "passer",
    "ignorer",
    "non",
    "non merci",
    "pas maintenant",
    "plus tard",
    "je passe",
    "sans façon",
    "pas de note",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
    "max_before": ("moins de", "jusqu'à", "jusqu' à", "maximum", "max", "au maximum",
                   "pas plus de", "en dessous de", "sous"),
    "min_before": ("plus de", "à partir de", "au moins", "minimum", "au-dessus de"),
    "around_before": ("environ", "autour de", "à peu près", "dans les"),
    "max_after": ("ou moins", "maximum", "max"),
    "min_after": ("ou plus",),
    "between": ("entre",), "between_joiners": ("et",), "range_joiners": ("à",),
    "units": ("ans", "an", "mois", "litres", "litre", "paires", "pièces", "personnes"),
    "age_words": ("âge",),
    "size_cues": ("taille", "pointure"),
    "in_words": ("en",),
    "stock": ("en stock", "disponible", "disponibles"),
    "filler": ("je cherche", "je voudrais", "montrez-moi", "montre-moi", "s'il vous plaît",
               "s'il te plaît", "svp", "avez-vous", "bonjour"),
    "lead_ins": ("en", "à", "de", "pour", "qui", "sont", "avec"),
    "connectors": ("et", "ou"),
    "currencies": {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
                   "livre": "GBP", "livres": "GBP"},
    "colours": {"noir": "black", "blanc|blanche": "white", "gris|grise": "grey", "bleu": "blue",
                "bleu marine": "navy blue", "vert|verte": "green", "rouge": "red",
                "rose": "pink", "violet|violette": "purple", "jaune": "yellow",
                "orange": "orange", "marron|brun|brune": "brown", "beige": "beige",
                "doré|dorée|or": "gold", "argenté|argentée": "silver"},
    "colour_endings": ("e", "s", "es"),
}
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS = ("de", "du", "des", "d", "pour")
