"""Portuguese: the words the bot reads in Portuguese messages (see :class:`ShopperWords`).

Words compared with folded text are written without accents ("setimo" reads "sétimo").
"""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
ORDINALS = ("primeiro primeira", "segundo segunda", "terceiro terceira", "quarto quarta",
            "quinto quinta", "sexto sexta", "setimo setima", "oitavo oitava", "nono nona",
            "decimo decima")  # fmt: skip
NUMBERS = {"um": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5}
NUMBER_CUES = ("numero", "nº", "nº.", "no", "no.", "n°", "n°.", "artigo", "produto", "opcao")
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER = ("um",)
LAST_WORDS = ("ultimo", "ultima", "ultimos", "ultimas")
ALL_WORDS = ("todos", "todas", "ambos", "ambas")
ALL_PHRASES = ("os dois", "as duas")
POINTER_WORDS = ("o", "a", "os", "as", "aquele", "aquela")
PRONOUNS: tuple[str, ...] = ()

# --- Questions about a product -------------------------------------------------------------
QUESTION_WORDS = {
    "rating": ("avaliacao", "avaliacoes", "estrelas", "opinioes", "classificacao"),
    "price": ("quanto custa", "quanto e", "preco", "precos", "custa", "custam", "caro", "cara",
              "barato", "barata"),
    "materials": ("material", "materiais", "tecido", "de que e feito", "de que e feita",
                  "composicao"),
    "colours": ("cor", "cores"),
    "sizes": ("tamanho", "tamanhos", "medida", "medidas"),
    "stock": ("disponivel", "disponiveis", "em stock", "em estoque", "esgotado", "esgotada",
              "tem stock", "ha stock", "tem em"),
    "overview": ("mais detalhes", "mais informacoes", "mais info", "fala-me", "conte-me",
                 "detalhes", "descricao", "descreve"),
    "question": ("e", "esta", "tem", "da", "pode", "quanto", "qual", "quais", "como", "sao"),
}  # fmt: skip
FEATURES = {
    "impermeavel": "waterproof", "resistente a agua": "water", "lavavel": "washable",
    "maquina de lavar": "washable", "respiravel": "breathable", "vegano": "vegan",
    "vegana": "vegan", "quente": "warm", "leve": "light", "pesado": "heavy",
    "pesa": "weight", "peso": "weight", "isolado": "insulated", "termico": "thermal",
    "organico": "organic", "reciclado": "recycled", "dobravel": "foldable",
    "ajustavel": "adjustable", "recarregavel": "rechargeable", "sem fios": "wireless",
    "sem fio": "wireless", "lava-loica": "dishwasher", "corta-vento": "windproof",
    "antiderrapante": "non-slip", "capacidade": "capacity", "bateria": "battery",
}  # fmt: skip
STOPWORDS = frozenset(
    """o a os as um uma uns umas de do da dos das ao em no na e ou que e esta este isto esse
    essa sao tem ha se pode muito mais para por com sem como qual quais quanto produto artigo
    nao bem""".split()  # noqa: SIM905
)
COLOURS: frozenset[str] = frozenset()
COLOUR_ALIASES: dict[str, str] = {}
SIZE_CUES = ("tamanho", "numero")
SIZE_WORDS = {"pequena": "S", "pequeno": "S", "media": "M", "medio": "M", "grande": "L"}
NOT_SIZE_AFTER: tuple[str, ...] = ()

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("de",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "saltar",
    "ignorar",
    "passar",
    "não",
    "não obrigado",
    "não obrigada",
    "não, obrigado",
    "não, obrigada",
    "agora não",
    "prefiro não",
    "mais tarde",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
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
# fmt: on
AUDIENCE_WORDS: tuple[str, ...] = ()
GLOSS_LINKS = ("de", "do", "da", "dos", "das", "para")
