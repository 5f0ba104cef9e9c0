"""The words of query understanding, as data: one table per language, plus a common one.

Each table maps a role to the phrases that play it (lower case, several words allowed; the
parser tokenises them with the language's own tokenizer). To support a language, add a
table to :data:`TABLES` under its ISO 639-1 code; to teach one a word, add it to a role.

Price roles: ``max_before`` / ``min_before`` / ``around_before`` come before an amount
("under 50"), ``max_after`` / ``min_after`` / ``around_after`` after it ("50 or less",
"100元以下"); ``between`` + ``between_joiners`` ("between 50 and 100"), ``range_joiners``
("50 to 100"), ``between_after`` ("之间"); ``currencies`` maps a word to its ISO code (None:
a money word that names no currency, like "元", used for any money). A number next to
``units`` or after ``age_words`` is not a price. Sizes: ``size_cues`` ("size 43"),
``size_after`` ("43码", "king size"), ``in_words`` and ``articles`` ("in a 42"). Colours:
``colours`` maps local forms (alternatives joined by ``|``) to an English colour,
``colour_endings`` are appended to each form ("schwarz" + "e"), ``colour_after`` makes a
context ("cream colour"). Text: ``stock`` ("in stock"), ``filler`` ("show me"),
``lead_ins`` (removed with a price, size or stock phrase right after them: "for under
50"), ``connectors`` (dropped when left dangling: "and").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

__all__ = [
    "AMBIGUOUS_COLOURS",
    "BASE_COLOURS",
    "COMMON",
    "PHRASE_ROLES",
    "TABLES",
    "LanguageTable",
    "Lexicon",
    "lexicon_for",
]

#: A table: role -> phrases, and "currencies" / "colours" -> a mapping.
LanguageTable = dict[str, tuple[str, ...] | dict[str, str | None]]

#: The roles whose values are phrases.
PHRASE_ROLES = (
    "max_before", "min_before", "around_before", "max_after", "min_after", "around_after",
    "between", "between_joiners", "range_joiners", "between_after", "units", "age_words",
    "size_cues", "size_after", "in_words", "articles", "colour_after", "stock", "filler",
    "lead_ins", "connectors", "colour_endings",
)  # fmt: skip

#: A plain base colour maps to every catalog colour that has it as a word ("blue" -> "Blue",
#: "Navy Blue", ...). Other single-word colours ("Turquoise") map to themselves only.
BASE_COLOURS = ("black", "white", "grey", "blue", "green", "red", "pink", "purple", "yellow",
                "orange", "brown", "beige", "gold", "silver")  # fmt: skip

#: Catalog colours that are also everyday words ("light jacket", "face cream"): they count
#: as colours only in a colour context ("in cream", "cream colour").
AMBIGUOUS_COLOURS = ("light", "medium", "deep", "fair", "natural", "clear", "cream", "sand",
                     "oat", "pastel", "sunset", "berry", "plum", "amber", "copper", "tan",
                     "rosewood", "classic", "mirror")  # fmt: skip

# fmt: off
#: Symbols, ISO codes and units understood in every language.
COMMON: LanguageTable = {
    "max_before": ("<", "≤", "<="),
    "min_before": (">", "≥", ">="),
    "around_before": ("~", "≈", "ca.", "ca"),
    "min_after": ("+",),
    "range_joiners": ("-", "\u2013", "\u2014", "~"),
    "size_cues": ("eu", "uk", "us", "eur"),
    "units": ("l", "ml", "cl", "dl", "gb", "tb", "mb", "mah", "wh", "w", "kw", "v", "cm", "mm",
              "km", "m", "kg", "g", "mg", "lb", "lbs", "oz", "mp", "%", "x", "hz", "db", "°",
              "°c", "°f", "ft", "yo", "yrs", "yr", "pcs", "pc", "h", "hrs", "min"),
    "currencies": {"€": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "usd": "USD",
                   "£": "GBP", "gbp": "GBP"},
}

ENGLISH: LanguageTable = {
    "max_before": ("under", "below", "beneath", "less than", "lower than", "cheaper than",
                   "no more than", "not more than", "not over", "no higher than", "at most",
                   "max", "max.", "maximum", "max of", "maximum of", "up to", "upto", "within",
                   "budget", "budget of", "budget is", "a budget of", "my budget is",
                   "nothing over", "nothing above", "nothing more than", "not above"),
    "min_before": ("over", "above", "more than", "greater than", "higher than", "at least",
                   "min", "min.", "minimum", "min of", "minimum of", "no less than",
                   "not less than", "starting at", "starting from", "from"),
    "around_before": ("around", "about", "approximately", "approx", "approx.", "roughly",
                      "circa", "close to", "near", "in the region of", "somewhere around"),
    "max_after": ("or less", "or under", "or lower", "or cheaper", "or below", "max", "max.",
                  "maximum", "at most", "and under", "and below"),
    "min_after": ("or more", "or above", "or over", "and up", "and above", "and over", "plus",
                  "or higher", "at least", "minimum", "upwards"),
    "around_after": ("or so", "ish", "-ish", "give or take"),
    "between": ("between", "somewhere between", "in the range", "in the range of"),
    "between_joiners": ("and",),
    "range_joiners": ("to", "and up to"),
    "units": ("litre", "litres", "liter", "liters", "ltr", "gig", "gigs", "watt", "watts", "volt",
              "volts", "metre", "metres", "meter", "meters", "inch", "inches", "feet", "foot",
              "gram", "grams", "kilo", "kilos", "year", "years", "month", "months", "week",
              "weeks", "day", "days", "hour", "hours", "minute", "minutes", "pair", "pairs",
              "pack", "packs", "piece", "pieces", "set", "sets", "person", "people", "player",
              "players", "seater", "seats", "cups", "megapixel", "percent", "degrees", "sq",
              "pounder", "kids", "children"),
    "age_words": ("age", "ages", "aged", "year old", "years old"),
    "size_cues": ("size", "sizes", "sz", "size:", "shoe size", "eu size", "uk size", "us size"),
    "size_after": ("size", "-size"),
    "in_words": ("in",),
    "articles": ("a", "an"),
    "colour_after": ("colour", "color", "colours", "colors", "coloured", "colored", "shade",
                     "tone"),
    "stock": ("in stock", "in-stock", "instock", "available", "available now", "available today",
              "ships today", "ship today", "shipping today", "ships now", "ready to ship",
              "can ship today", "ships immediately", "on hand", "not sold out",
              "currently available", "in stock now"),
    "filler": ("i'm looking for", "i am looking for", "im looking for", "looking for",
               "i'm searching for", "searching for", "search for", "show me", "can you show me",
               "could you show me", "can you find me", "can you find", "could you find",
               "find me", "help me find", "i want", "i'd like", "i would like", "i need",
               "i'm after", "do you have", "do you sell", "do you carry", "have you got",
               "got any", "is there", "are there", "please", "pls", "plz", "thanks",
               "thank you", "hi", "hello", "hey", "any", "something", "anything",
               "i'm interested in", "what have you got", "what do you have", "products",
               "items", "stuff"),
    "lead_ins": ("in", "at", "for", "a", "an", "of", "costing", "cost", "costs", "priced",
                 "price", "prices", "that", "which", "is", "are", "with", "that's", "budget"),
    "connectors": ("and", "or", "but", "also"),
    "currencies": {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
                   "bucks": "USD", "buck": "USD", "pound": "GBP", "pounds": "GBP",
                   "quid": "GBP", "sterling": "GBP"},
    "colours": {"gray": "grey", "navy": "navy blue", "burgundy": "burgundy red",
                "olive": "olive green", "charcoal": "charcoal grey", "violet": "purple",
                "multicolor|multicolored|multicoloured|multi-colour|multi-color": "multicolour",
                "off white|offwhite": "off-white", "golden": "gold"},
}

GERMAN: LanguageTable = {
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

SPANISH: LanguageTable = {
    "max_before": ("menos de", "por debajo de", "hasta", "máximo", "como máximo", "no más de",
                   "más barato que", "inferior a"),
    "min_before": ("más de", "desde", "a partir de", "mínimo", "como mínimo", "por encima de"),
    "around_before": ("alrededor de", "unos", "unas", "aproximadamente", "cerca de"),
    "max_after": ("o menos", "como máximo", "máximo"),
    "min_after": ("o más", "como mínimo"),
    "between": ("entre",), "between_joiners": ("y",), "range_joiners": ("a",),
    "units": ("años", "año", "meses", "litros", "pares", "piezas", "personas"),
    "age_words": ("edad",),
    "size_cues": ("talla", "talle", "número", "numero"),
    "in_words": ("en",),
    "stock": ("en stock", "disponible", "disponibles", "en existencia"),
    "filler": ("busco", "estoy buscando", "quiero", "me gustaría", "muéstrame", "por favor",
               "tienen", "hola"),
    "lead_ins": ("en", "de", "por", "a", "con", "que"),
    "connectors": ("y", "o"),
    "currencies": {"euro": "EUR", "euros": "EUR", "dólar": "USD", "dólares": "USD",
                   "libra": "GBP", "libras": "GBP"},
    "colours": {"negro|negra": "black", "blanco|blanca": "white", "gris|grises": "grey",
                "azul|azules": "blue", "azul marino": "navy blue", "verde|verdes": "green",
                "rojo|roja": "red", "rosa|rosado|rosada": "pink", "morado|morada": "purple",
                "amarillo|amarilla": "yellow", "naranja": "orange", "marrón|marrones": "brown",
                "beis|beige": "beige", "dorado|dorada": "gold", "plateado|plateada": "silver"},
    "colour_endings": ("s",),
}

FRENCH: LanguageTable = {
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

ITALIAN: LanguageTable = {
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

PORTUGUESE: LanguageTable = {
    "max_before": ("até", "menos de", "abaixo de", "no máximo", "máximo", "não mais de"),
    "min_before": ("mais de", "acima de", "a partir de", "pelo menos", "no mínimo", "desde"),
    "around_before": ("cerca de", "por volta de", "aproximadamente", "uns"),
    "max_after": ("ou menos", "no máximo"),
    "min_after": ("ou mais",),
    "between": ("entre",), "between_joiners": ("e",), "range_joiners": ("a",),
    "units": ("anos", "ano", "meses", "litros", "pares", "peças", "pessoas"),
    "age_words": ("idade",),
    "size_cues": ("tamanho", "número", "numero", "numeração"),
    "in_words": ("em", "no", "na"),
    "stock": ("em estoque", "em stock", "disponível", "disponíveis", "pronta entrega"),
    "filler": ("procuro", "estou procurando", "estou à procura de", "quero", "gostaria de",
               "mostre-me", "por favor", "vocês têm", "olá"),
    "lead_ins": ("em", "de", "por", "a", "que", "com", "no", "na"),
    "connectors": ("e", "ou"),
    "currencies": {"euro": "EUR", "euros": "EUR", "dólar": "USD", "dólares": "USD",
                   "libra": "GBP", "libras": "GBP", "reais": "BRL", "r$": "BRL"},
    "colours": {"preto|preta": "black", "branco|branca": "white", "cinza|cinzento": "grey",
                "azul|azuis": "blue", "azul marinho": "navy blue", "verde|verdes": "green",
                "vermelho|vermelha": "red", "rosa": "pink", "roxo|roxa": "purple",
                "amarelo|amarela": "yellow", "laranja": "orange", "marrom|castanho": "brown",
                "bege": "beige", "dourado|dourada": "gold", "prateado|prateada": "silver"},
    "colour_endings": ("s",),
}

DUTCH: LanguageTable = {
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

CHINESE: LanguageTable = {
    "max_before": ("低于", "不超过", "最多", "少于", "不到", "便宜于", "小于"),
    "min_before": ("高于", "超过", "至少", "多于", "大于"),
    "around_before": ("大约", "大概", "约"),
    "max_after": ("以下", "以内", "之内", "内"),
    "min_after": ("以上", "起"),
    "around_after": ("左右", "上下"),
    "between": ("介于", "在"), "between_joiners": ("和", "与", "到", "至"),
    "range_joiners": ("到", "至"), "between_after": ("之间",),
    "units": ("岁", "个月", "升", "毫升", "双", "件", "个", "寸", "英寸", "小时", "米", "厘米"),
    "size_cues": ("尺码", "码数", "号码"),
    "size_after": ("码", "号"),
    "stock": ("有货", "现货", "有库存", "库存"),
    "filler": ("我想要", "我想买", "我要", "我在找", "我想找", "请", "给我看看", "有没有", "你好"),
    "lead_ins": ("在",),
    "connectors": ("和", "或", "的"),
    "currencies": {"欧元": "EUR", "美元": "USD", "英镑": "GBP", "人民币": "CNY", "rmb": "CNY",
                   "cny": "CNY", "元": None, "块": None, "块钱": None},
    "colours": {"黑色": "black", "白色": "white", "灰色": "grey", "蓝色": "blue",
                "藏青色|海军蓝": "navy blue", "绿色": "green", "红色": "red", "粉色|粉红色": "pink",
                "紫色": "purple", "黄色": "yellow", "橙色": "orange", "棕色|咖啡色": "brown",
                "米色": "beige", "金色": "gold", "银色": "silver"},
}
# fmt: on

#: The per-language tables by ISO 639-1 code (English is the reference).
TABLES: dict[str, LanguageTable] = {
    "en": ENGLISH, "de": GERMAN, "es": SPANISH, "fr": FRENCH, "it": ITALIAN, "pt": PORTUGUESE,
    "nl": DUTCH, "zh": CHINESE,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Lexicon:
    """:data:`COMMON` merged with one language's table, colour forms spelled out."""

    language: str
    phrases: Mapping[str, tuple[str, ...]]
    currencies: Mapping[str, str | None]
    colours: Mapping[str, str]

    def get(self, role: str) -> tuple[str, ...]:
        """The phrases of ``role`` (empty when the language has none)."""
        return self.phrases.get(role, ())


def _phrases(table: LanguageTable, role: str) -> tuple[str, ...]:
    values = table.get(role, ())
    return values if isinstance(values, tuple) else ()


def _mapping(table: LanguageTable, role: str) -> dict[str, str | None]:
    values = table.get(role, {})
    return values if isinstance(values, dict) else {}


def _colour_forms(table: LanguageTable) -> dict[str, str]:
    """Every spelled-out form of the table's colours ("schwarz" + endings) -> English."""
    endings = ("", *_phrases(table, "colour_endings"))
    forms: dict[str, str] = {}
    for alternatives, english in _mapping(table, "colours").items():
        for form in alternatives.split("|"):
            for ending in endings:
                forms.setdefault(form.strip().lower() + ending, str(english))
    return forms


@cache
def lexicon_for(language: str) -> Lexicon:
    """The merged lexicon of ``language`` (ISO 639-1); only :data:`COMMON` for others."""
    own = TABLES.get(language, {})
    phrases = {
        role: tuple(dict.fromkeys(_phrases(COMMON, role) + _phrases(own, role)))
        for role in PHRASE_ROLES
    }
    currencies = {**_mapping(COMMON, "currencies"), **_mapping(own, "currencies")}
    return Lexicon(language, phrases, currencies, _colour_forms(own))
