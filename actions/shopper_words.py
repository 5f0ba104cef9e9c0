"""What shoppers type in the bot's other reply languages (es, fr, de, it, pt, nl, zh), as
data: list positions ("la segunda", "第二个"), "all" for a return ("todos", "alle", "全部"),
and the words of product questions (price, sizes, colours, stock, materials, features).

English lives where it always did (:mod:`actions.parsing`, :mod:`actions.product_reference`,
:mod:`actions.product_questions`); the readers there consult these tables too. Words are
stored without accents and matched against :func:`fold`-ed text, so accents are optional
("deuxieme" = "deuxième"). Chinese has no spaces: its phrases are matched anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from knowledge.query.lexicon import lexicon_for

__all__ = [
    "ALL_WORDS",
    "FEATURE_WORDS",
    "FOREIGN_LANGUAGES",
    "LAST_WORDS",
    "ORDINAL_WORDS",
    "QUESTION_WORDS",
    "SIZE_CUES",
    "SIZE_WORDS",
    "STOPWORDS",
    "asks",
    "colour_forms",
    "find_foreign_position",
    "fold",
    "selects_all",
    "strip_foreign_position",
]

FOREIGN_LANGUAGES = ("es", "fr", "de", "it", "pt", "nl", "zh")


def fold(text: str) -> str:
    """Lower case without accents: "Deuxième" -> "deuxieme" ("ß" and CJK kept)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("\u2019", "'"))
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- List positions and "all" --------------------------------------------------------------
_GENDERED = {
    "es": ("primer primero primera", "segundo segunda", "tercer tercero tercera",
           "cuarto cuarta", "quinto quinta", "sexto sexta", "septimo septima",
           "octavo octava", "noveno novena", "decimo decima"),
    "fr": ("premier premiere 1er 1re 1ere", "deuxieme seconde 2e 2eme",
           "troisieme 3e 3eme", "quatrieme 4e 4eme", "cinquieme 5e 5eme", "sixieme 6e 6eme",
           "septieme 7e 7eme", "huitieme 8e 8eme", "neuvieme 9e 9eme", "dixieme 10e 10eme"),
    "de": ("erste erster erstes ersten erstem", "zweite zweiter zweites zweiten zweitem",
           "dritte dritter drittes dritten drittem", "vierte vierter viertes vierten",
           "funfte funfter funftes funften fuenfte", "sechste sechster sechstes sechsten",
           "siebte siebter siebtes siebten", "achte achter achtes achten",
           "neunte neunter neuntes neunten", "zehnte zehnter zehntes zehnten"),
    "it": ("primo prima", "secondo seconda", "terzo terza", "quarto quarta", "quinto quinta",
           "sesto sesta", "settimo settima", "ottavo ottava", "nono nona", "decimo decima"),
    "pt": ("primeiro primeira", "segundo segunda", "terceiro terceira", "quarto quarta",
           "quinto quinta", "sexto sexta", "setimo setima", "oitavo oitava", "nono nona",
           "decimo decima"),
    "nl": ("eerste 1e 1ste", "tweede 2e 2de", "derde 3e 3de", "vierde 4e 4de",
           "vijfde 5e 5de", "zesde 6e 6de", "zevende 7e 7de", "achtste 8e 8ste",
           "negende 9e 9de", "tiende 10e 10de"),
}  # fmt: skip
#: folded ordinal word -> 1-based position, every language.
ORDINAL_WORDS: dict[str, int] = {
    form: position
    for forms in _GENDERED.values()
    for position, group in enumerate(forms, start=1)
    for form in group.split()
}
#: "the last one"
LAST_WORDS = _words(
    "ultimo ultima ultimos ultimas dernier derniere letzte letzter letztes letzten letztem laatste"
)
#: "all" / "both" for a return ("todos", „alle“, « tous », "tutti", "alles", "全部").
ALL_WORDS = _words(
    "todos todas todo ambos ambas tous toutes tout alle alles beide beiden tutti tutte tutto "
    "entrambi entrambe allemaal allebei"
)
_ALL_PHRASES = (
    "los dos",
    "las dos",
    "les deux",
    "tutti e due",
    "tutte e due",
    "os dois",
    "as duas",
    "全部",
    "所有",
    "都要",
    "都退",
    "两件都",
    "两个都",
    "全都",
    "整个订单",
)
_NUMBER_CUES = r"numero|nummer|n[ºo°]\.?|nr\.?|articulo|article|artikel|articolo|artigo|producto|produit|produkt|prodotto|produto|opcion|option|optie|opzione|opcao"  # noqa: E501
_NUMBER_WORDS = {
    "uno": 1, "una": 1, "un": 1, "une": 1, "eins": 1, "um": 1, "een": 1,
    "dos": 2, "deux": 2, "zwei": 2, "due": 2, "dois": 2, "duas": 2, "twee": 2,
    "tres": 3, "trois": 3, "drei": 3, "tre": 3, "drie": 3,
    "cuatro": 4, "quatre": 4, "vier": 4, "quattro": 4, "quatro": 4,
    "cinco": 5, "cinq": 5, "funf": 5, "cinque": 5, "vijf": 5,
}  # fmt: skip
_FOREIGN_NUMBERED = re.compile(rf"\b(?:{_NUMBER_CUES})\s*(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\b")
# "un segundo" / "um segundo" / "ein zweites" is a moment or "another", not a position.
_FOREIGN_ORDINAL = re.compile(
    r"(?<!\bun )(?<!\buno )(?<!\bum )(?<!\bune )(?<!\bper )"
    r"(?<![\w-])(" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")(?![\w-])"
)
_ABBREVIATED = re.compile(r"(?<![\w.,])(\d{1,2})\s*[ºª°](?!\w)")
_FOREIGN_LAST = re.compile(r"(?<![\w-])(?:" + "|".join(LAST_WORDS) + r")(?![\w-])")
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}  # fmt: skip
_ZH_ORDINAL = re.compile(
    r"第\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|件|款|项|种|样|双|条|个商品)?"
)
_ZH_LAST = re.compile(r"最后(?:一个|一件|一款|那个|那件|一项)?")


def find_foreign_position(text: str) -> int | None:
    """The position a non-English message names ("la segunda" -> 2, "第2个" -> 2, "le
    dernier" -> -1), else None."""
    folded = fold(text)
    numbered = _FOREIGN_NUMBERED.search(folded)
    if numbered:
        value = numbered.group(1)
        return int(value) if value.isdigit() else _NUMBER_WORDS[value]
    zh = _ZH_ORDINAL.search(folded)
    if zh:
        value = zh.group(1)
        return int(value) if value.isdigit() else _ZH_DIGITS[value]
    for pattern in (_FOREIGN_ORDINAL, _ABBREVIATED):
        found = pattern.search(folded)
        if found:
            value = found.group(1)
            return int(value) if value.isdigit() else ORDINAL_WORDS[value]
    if _FOREIGN_LAST.search(folded) or _ZH_LAST.search(folded):
        return -1
    return None


def strip_foreign_position(lowered: str) -> str:
    """``lowered`` without the non-English words that name a position."""
    text = lowered
    if _FOREIGN_NUMBERED.search(fold(text)):
        text = _FOREIGN_NUMBERED.sub(" ", fold(text))
    for pattern in (_ZH_ORDINAL, _ZH_LAST, _ABBREVIATED):
        text = pattern.sub(" ", text)
    words = [
        word
        for word in text.split()
        if fold(word).strip("¿?¡!.,;:") not in ORDINAL_WORDS
        and fold(word).strip("¿?¡!.,;:") not in LAST_WORDS
    ]
    return " ".join(words)


def selects_all(text: str) -> bool:
    """True when a return selection means every item ("todos", "les deux", "全部")."""
    folded = fold(text)
    if any(word in ALL_WORDS for word in re.findall(r"[^\W\d_]+", folded)):
        return True
    return any(phrase in folded for phrase in _ALL_PHRASES)


# --- Product questions ---------------------------------------------------------------------
#: kind -> language -> folded phrases (Chinese matched anywhere, others as whole words).
QUESTION_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "rating": {
        "es": ("valoracion", "valoraciones", "opinion", "opiniones", "resena", "resenas",
               "estrellas", "puntuacion"),
        "fr": ("note", "notes", "avis", "etoiles", "evaluation", "evaluations"),
        "de": ("bewertung", "bewertungen", "sterne", "rezension", "rezensionen"),
        "it": ("valutazione", "valutazioni", "recensione", "recensioni", "stelle", "voto"),
        "pt": ("avaliacao", "avaliacoes", "estrelas", "opinioes", "classificacao"),
        "nl": ("beoordeling", "beoordelingen", "sterren", "reviews", "recensies"),
        "zh": ("评分", "评价", "几星", "星级", "口碑", "好评"),
    },
    "price": {
        "es": ("cuanto cuesta", "cuanto vale", "cuanto es", "precio", "precios", "cuesta",
               "cuestan", "caro", "cara", "barato", "barata"),
        "fr": ("combien", "prix", "coute", "coutent", "cher", "chere", "tarif"),
        "de": ("wie viel", "wieviel", "preis", "preise", "kostet", "kosten", "teuer", "billig",
               "gunstig", "guenstig"),
        "it": ("quanto costa", "quanto viene", "prezzo", "prezzi", "costa", "costano", "caro",
               "cara", "economico"),
        "pt": ("quanto custa", "quanto e", "preco", "precos", "custa", "custam", "caro", "cara",
               "barato", "barata"),
        "nl": ("hoeveel", "prijs", "prijzen", "kost", "kosten", "duur", "goedkoop"),
        "zh": ("多少钱", "价格", "价钱", "售价", "贵不贵", "多贵", "便宜"),
    },
    "materials": {
        "es": ("material", "materiales", "de que esta hecho", "de que esta hecha", "tejido",
               "composicion"),
        "fr": ("matiere", "matieres", "materiau", "materiaux", "en quoi", "tissu",
               "composition"),
        "de": ("material", "materialien", "stoff", "woraus", "aus was", "zusammensetzung"),
        "it": ("materiale", "materiali", "tessuto", "di cosa e fatto", "di cosa e fatta",
               "composizione"),
        "pt": ("material", "materiais", "tecido", "de que e feito", "de que e feita",
               "composicao"),
        "nl": ("materiaal", "materialen", "stof", "gemaakt van", "waarvan gemaakt",
               "samenstelling"),
        "zh": ("材质", "材料", "面料", "成分", "什么做的"),
    },
    "colours": {
        "es": ("color", "colores"), "fr": ("couleur", "couleurs", "coloris"),
        "de": ("farbe", "farben"), "it": ("colore", "colori"), "pt": ("cor", "cores"),
        "nl": ("kleur", "kleuren"), "zh": ("颜色", "配色"),
    },
    "sizes": {
        "es": ("talla", "tallas", "tamano", "tamanos", "medida", "medidas"),
        "fr": ("taille", "tailles", "pointure", "pointures"),
        "de": ("große", "großen", "grosse", "grossen", "groesse", "groessen"),
        "it": ("taglia", "taglie", "misura", "misure"),
        "pt": ("tamanho", "tamanhos", "medida", "medidas"),
        "nl": ("maat", "maten"),
        "zh": ("尺码", "尺寸", "码数", "大小", "码"),
    },
    "stock": {
        "es": ("disponible", "disponibles", "en stock", "hay stock", "quedan", "queda",
               "agotado", "agotada", "tienen", "teneis", "existencias"),
        "fr": ("disponible", "disponibles", "en stock", "epuise", "epuisee", "il reste",
               "il y a", "avez-vous", "vous avez"),
        "de": ("verfugbar", "verfuegbar", "lieferbar", "auf lager", "vorratig", "vorraetig",
               "ausverkauft", "habt ihr", "haben sie", "gibt es", "noch da"),
        "it": ("disponibile", "disponibili", "in magazzino", "esaurito", "esaurita", "avete",
               "c'e"),
        "pt": ("disponivel", "disponiveis", "em stock", "em estoque", "esgotado", "esgotada",
               "tem stock", "ha stock", "tem em"),
        "nl": ("op voorraad", "beschikbaar", "leverbaar", "uitverkocht", "hebben jullie",
               "is er"),
        "zh": ("有货", "有没有货", "库存", "现货", "缺货", "卖完", "还有吗", "有吗"),
    },
    "overview": {
        "es": ("cuentame mas", "mas sobre", "mas informacion", "mas info", "detalles",
               "describe", "descripcion", "hablame de"),
        "fr": ("plus d'infos", "plus d'informations", "plus de details", "en savoir plus",
               "details", "decris", "description", "parle-moi", "c'est quoi"),
        "de": ("erzahl mir mehr", "erzaehl mir mehr", "mehr uber", "mehr ueber", "mehr info",
               "mehr infos", "mehr informationen", "details", "beschreib", "beschreibung"),
        "it": ("dimmi di piu", "di piu su", "di piu sul", "piu informazioni", "piu info",
               "dettagli", "descrivi", "descrizione", "parlami"),
        "pt": ("mais detalhes", "mais informacoes", "mais info", "fala-me", "conte-me",
               "detalhes", "descricao", "descreve"),
        "nl": ("vertel me meer", "meer over", "meer info", "meer informatie", "details",
               "beschrijving", "beschrijf"),
        "zh": ("详细", "介绍", "详情", "多说", "说说", "更多信息"),
    },
    "question": {
        "es": ("es", "esta", "tiene", "hay", "puede", "puedo", "cuanto", "cuanta", "que",
               "cual", "cuales", "como", "son", "sirve", "se"),
        "fr": ("est-ce", "est-il", "est-elle", "est", "a-t-il", "a-t-elle", "peut", "peut-on",
               "combien", "quel", "quelle", "quels", "quelles", "comment", "c'est", "y a-t-il"),
        "de": ("ist", "sind", "hat", "haben", "kann", "gibt", "wie", "was", "welche",
               "welcher", "welches", "lasst", "taugt"),
        "it": ("e", "ha", "hanno", "si", "puo", "quanto", "quale", "quali", "come", "c'e",
               "sono"),
        "pt": ("e", "esta", "tem", "da", "pode", "quanto", "qual", "quais", "como", "sao"),
        "nl": ("is", "zijn", "heeft", "hebben", "kan", "hoe", "wat", "welke", "past"),
        "zh": ("吗", "呢", "是否", "能不能", "可不可以", "有没有", "是不是", "怎么样"),
    },
}  # fmt: skip

#: Folded feature words and phrases -> the English word the catalog uses.
FEATURE_WORDS: dict[str, dict[str, str]] = {
    "es": {"impermeable": "waterproof", "resistente al agua": "water", "lavable": "washable",
           "lavar a maquina": "washable", "lavadora": "washable", "transpirable": "breathable",
           "vegano": "vegan", "vegana": "vegan", "calido": "warm", "calida": "warm",
           "abrigado": "warm", "ligero": "light", "ligera": "light", "pesado": "heavy",
           "pesa": "weight", "peso": "weight", "aislado": "insulated", "termico": "thermal",
           "organico": "organic", "ecologico": "organic", "reciclado": "recycled",
           "plegable": "foldable", "ajustable": "adjustable", "recargable": "rechargeable",
           "inalambrico": "wireless", "lavavajillas": "dishwasher", "cortavientos": "windproof",
           "antideslizante": "non-slip", "capacidad": "capacity", "bateria": "battery"},
    "fr": {"impermeable": "waterproof", "etanche": "waterproof", "lavable": "washable",
           "lavable en machine": "washable", "respirant": "breathable", "vegan": "vegan",
           "vegane": "vegan", "chaud": "warm", "chaude": "warm", "leger": "light",
           "legere": "light", "lourd": "heavy", "lourde": "heavy", "pese": "weight",
           "poids": "weight", "isole": "insulated", "isolant": "insulated", "bio": "organic",
           "biologique": "organic", "recycle": "recycled", "pliable": "foldable",
           "reglable": "adjustable", "rechargeable": "rechargeable", "sans fil": "wireless",
           "lave-vaisselle": "dishwasher", "coupe-vent": "windproof",
           "antiderapant": "non-slip", "capacite": "capacity", "batterie": "battery"},
    "de": {"wasserdicht": "waterproof", "wasserfest": "waterproof",
           "wasserabweisend": "water", "waschbar": "washable",
           "waschmaschinenfest": "washable", "atmungsaktiv": "breathable", "vegan": "vegan",
           "warm": "warm", "leicht": "light", "schwer": "heavy", "wiegt": "weight",
           "gewicht": "weight", "isoliert": "insulated", "gefuttert": "insulated",
           "bio": "organic", "recycelt": "recycled", "faltbar": "foldable",
           "verstellbar": "adjustable", "aufladbar": "rechargeable", "kabellos": "wireless",
           "spulmaschinenfest": "dishwasher", "winddicht": "windproof",
           "rutschfest": "non-slip", "fassungsvermogen": "capacity", "akku": "battery"},
    "it": {"impermeabile": "waterproof", "idrorepellente": "water", "lavabile": "washable",
           "lavatrice": "washable", "traspirante": "breathable", "vegano": "vegan",
           "vegana": "vegan", "caldo": "warm", "calda": "warm", "leggero": "light",
           "leggera": "light", "pesante": "heavy", "pesa": "weight", "peso": "weight",
           "isolato": "insulated", "termico": "thermal", "biologico": "organic",
           "riciclato": "recycled", "pieghevole": "foldable", "regolabile": "adjustable",
           "ricaricabile": "rechargeable", "senza fili": "wireless",
           "lavastoviglie": "dishwasher", "antivento": "windproof",
           "antiscivolo": "non-slip", "capacita": "capacity", "batteria": "battery"},
    "pt": {"impermeavel": "waterproof", "resistente a agua": "water", "lavavel": "washable",
           "maquina de lavar": "washable", "respiravel": "breathable", "vegano": "vegan",
           "vegana": "vegan", "quente": "warm", "leve": "light", "pesado": "heavy",
           "pesa": "weight", "peso": "weight", "isolado": "insulated", "termico": "thermal",
           "organico": "organic", "reciclado": "recycled", "dobravel": "foldable",
           "ajustavel": "adjustable", "recarregavel": "rechargeable", "sem fios": "wireless",
           "sem fio": "wireless", "lava-loica": "dishwasher", "corta-vento": "windproof",
           "antiderrapante": "non-slip", "capacidade": "capacity", "bateria": "battery"},
    "nl": {"waterdicht": "waterproof", "waterafstotend": "water", "wasbaar": "washable",
           "wasmachine": "washable", "ademend": "breathable", "vegan": "vegan",
           "veganistisch": "vegan", "warm": "warm", "licht": "light", "zwaar": "heavy",
           "weegt": "weight", "gewicht": "weight", "geisoleerd": "insulated", "bio": "organic",
           "biologisch": "organic", "gerecycled": "recycled", "opvouwbaar": "foldable",
           "verstelbaar": "adjustable", "oplaadbaar": "rechargeable", "draadloos": "wireless",
           "vaatwasser": "dishwasher", "winddicht": "windproof", "antislip": "non-slip",
           "inhoud": "capacity", "batterij": "battery", "accu": "battery"},
    "zh": {"防水": "waterproof", "防泼水": "water", "可水洗": "washable", "机洗": "washable",
           "透气": "breathable", "纯素": "vegan", "保暖": "warm", "轻便": "light", "轻": "light",
           "重量": "weight", "多重": "weight", "重": "heavy", "隔热": "insulated",
           "保温": "insulated", "有机": "organic", "回收": "recycled", "可折叠": "foldable",
           "折叠": "foldable", "可调节": "adjustable", "可充电": "rechargeable",
           "无线": "wireless", "洗碗机": "dishwasher", "防风": "windproof", "防滑": "non-slip",
           "容量": "capacity", "电池": "battery"},
}  # fmt: skip

#: Words that never name a feature, by language (folded).
STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "es": "el la los las un una unos unas lo de del al a en y o que es esta este esto ese "
              "esa eso son tiene tienen hay se puede puedo me te le su sus muy mas tan para "
              "por con sin como cual cuales cuanto uno otra otro producto articulo si no "
              "bien ser estar sera",
        "fr": "le la les l un une des du de d a au aux en et ou est-ce est il elle ils elles "
              "ce c cet cette ces que qu qui quoi est sont a-t-il a-t-elle y peut on tres "
              "plus pour par avec sans comment quel quelle quels quelles produit article si "
              "ne pas bien",
        "de": "der die das den dem des ein eine einen einem einer und oder ist sind hat haben "
              "es er sie das dies diese dieser dieses kann man sehr auch noch mehr fur mit "
              "ohne von wie was welche welcher welches produkt artikel ob nicht gut wirklich "
              "denn mal",
        "it": "il lo la i gli le un uno una di del della dei delle a al alla in e o che e' "
              "sono ha hanno si puo questo questa quello quella molto piu per con senza come "
              "quale quali quanto prodotto articolo se non bene",
        "pt": "o a os as um uma uns umas de do da dos das ao em no na e ou que e esta este "
              "isto esse essa sao tem ha se pode muito mais para por com sem como qual quais "
              "quanto produto artigo nao bem",
        "nl": "de het een en of is zijn heeft hebben het dit dat deze die kan men zeer erg "
              "ook nog meer voor met zonder van hoe wat welke product artikel niet goed echt",
        "zh": "",
    }.items()
}  # fmt: skip

#: Cues before a size: "talla 42", "taille M", „Größe 43“, "maat L", "尺码 42".
SIZE_CUES = ("talla", "taille", "pointure", "größe", "grosse", "groesse", "gr", "taglia",
             "misura", "numero", "tamanho", "maat", "尺码", "码数")  # fmt: skip
#: Size words after a cue ("talla mediana") -> letter size.
SIZE_WORDS: dict[str, str] = {
    "pequena": "S", "pequeno": "S", "petite": "S", "petit": "S", "klein": "S", "piccola": "S",
    "piccolo": "S", "mediana": "M", "mediano": "M", "moyenne": "M", "moyen": "M",
    "mittel": "M", "media": "M", "medio": "M", "grande": "L", "grand": "L",
    "gross": "L", "groß": "L", "groot": "L", "小号": "S", "中号": "M", "大号": "L",
    "加大": "XL", "加大号": "XL",
}  # fmt: skip


@cache
def _pattern(kind: str) -> re.Pattern[str]:
    latin = sorted(
        {
            phrase
            for language, phrases in QUESTION_WORDS[kind].items()
            if language != "zh"
            for phrase in phrases
        },
        key=len,
        reverse=True,
    )
    chinese = sorted(QUESTION_WORDS[kind].get("zh", ()), key=len, reverse=True)
    parts = [r"(?<![\w'-])(?:" + "|".join(re.escape(p) for p in latin) + r")(?![\w'-])"]
    if chinese:
        parts.append("|".join(re.escape(p) for p in chinese))
    return re.compile("|".join(parts))


def asks(kind: str, folded: str) -> bool:
    """True when ``folded`` (see :func:`fold`) uses a word of ``kind`` in another language."""
    return bool(_pattern(kind).search(folded))


@cache
def colour_forms(language: str) -> dict[str, str]:
    """The language's colour words (with and without accents) -> English colour."""
    forms: dict[str, str] = {}
    for form, english in lexicon_for(language).colours.items():
        forms.setdefault(form, english)
        forms.setdefault(fold(form), english)
    return forms
