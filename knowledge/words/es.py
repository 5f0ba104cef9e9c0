"""Spanish: the words the bot reads in Spanish messages (see :class:`ShopperWords`).

Words compared with folded text are written without accents ("ultimo" reads "último").
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
ORDINALS = ("primer primero primera", "segundo segunda", "tercer tercero tercera",
            "cuarto cuarta", "quinto quinta", "sexto sexta", "septimo septima",
            "octavo octava", "noveno novena", "decimo decima")  # fmt: skip
NUMBERS = {"uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
NUMBER_CUES = ("numero", "nº", "nº.", "no", "no.", "n°", "n°.", "articulo", "producto",
               "opcion")  # fmt: skip
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER = ("un", "uno")
LAST_WORDS = ("ultimo", "ultima", "ultimos", "ultimas")
ALL_WORDS = ("todos", "todas", "todo", "ambos", "ambas")
ALL_PHRASES = ("los dos", "las dos")
POINTER_WORDS = ("el", "la", "los", "las", "ese", "esa")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("valoracion", "valoraciones", "opinion", "opiniones", "resena", "resenas",
               "estrellas", "puntuacion"),
    "price": ("cuanto cuesta", "cuanto vale", "cuanto es", "precio", "precios", "cuesta",
              "cuestan", "caro", "cara", "barato", "barata"),
    "materials": ("material", "materiales", "de que esta hecho", "de que esta hecha", "tejido",
                  "composicion"),
    "colours": ("color", "colores"),
    "sizes": ("talla", "tallas", "tamano", "tamanos", "medida", "medidas"),
    "stock": ("disponible", "disponibles", "en stock", "hay stock", "quedan", "queda",
              "agotado", "agotada", "tienen", "teneis", "existencias"),
    "overview": ("cuentame mas", "mas sobre", "mas informacion", "mas info", "detalles",
                 "describe", "descripcion", "hablame de"),
    "question": ("es", "esta", "tiene", "hay", "puede", "puedo", "cuanto", "cuanta", "que",
                 "cual", "cuales", "como", "son", "sirve", "se"),
}  # fmt: skip
FEATURES = {
    "impermeable": "waterproof", "resistente al agua": "water", "lavable": "washable",
    "lavar a maquina": "washable", "lavadora": "washable", "transpirable": "breathable",
    "vegano": "vegan", "vegana": "vegan", "calido": "warm", "calida": "warm",
    "abrigado": "warm", "ligero": "light", "ligera": "light", "pesado": "heavy",
    "pesa": "weight", "peso": "weight", "aislado": "insulated", "termico": "thermal",
    "organico": "organic", "ecologico": "organic", "reciclado": "recycled",
    "plegable": "foldable", "ajustable": "adjustable", "recargable": "rechargeable",
    "inalambrico": "wireless", "lavavajillas": "dishwasher", "cortavientos": "windproof",
    "antideslizante": "non-slip", "capacidad": "capacity", "bateria": "battery",
}  # fmt: skip
STOPWORDS = frozenset(
    """el la los las un una unos unas lo de del al a en y o que es esta este esto ese esa eso
    son tiene tienen hay se puede puedo me te le su sus muy mas tan para por con sin como cual
    cuales cuanto uno otra otro producto articulo si no bien ser estar sera""".split()  # noqa: SIM905
)
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("talla", "numero")
SIZE_WORDS = {"pequena": "S", "pequeno": "S", "mediana": "M", "mediano": "M", "grande": "L"}
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("de",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "omitir",
    "saltar",
    "no",
    "no gracias",
    "no, gracias",
    "ahora no",
    "paso",
    "prefiero no",
    "luego",
    "más tarde",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
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
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS = ("de", "del", "para")
