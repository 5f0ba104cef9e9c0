"""English: the words the bot reads in English messages (see :class:`ShopperWords`)."""

from __future__ import annotations

from knowledge.words.schema import LanguageTable

# --- Which listed item ---------------------------------------------------------------------
ORDINALS = ("first 1st", "second 2nd", "third 3rd", "fourth 4th", "fifth 5th", "sixth 6th",
            "seventh 7th", "eighth 8th", "ninth 9th", "tenth 10th")  # fmt: skip
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
NUMBER_CUES = ("number", "no", "nr", "item", "option", "product", "result", "choice", "pick")
ORDINAL_PREFIXES: tuple[str, ...] = ()
COUNTERS: tuple[str, ...] = ()
NOT_ORDINAL_AFTER = ("a", "per")
LAST_WORDS = ("last",)
ALL_WORDS = ("all", "everything", "both")
ALL_PHRASES = ("all of them", "the whole order", "whole order")
POINTER_WORDS = ("the",)
PRONOUNS = ("it", "its", "it's", "this", "that", "they", "them", "these", "those")

# --- Questions about a product -------------------------------------------------------------
#: English questions are read by the patterns of ``actions/product_questions.py``.
QUESTION_WORDS: dict[str, tuple[str, ...]] = {}
#: English feature words are the catalog's own.
FEATURES: dict[str, str] = {}
STOPWORDS = frozenset(
    """a an the and or but so of in on at to for from with without by about as into than then
    is are was were be been being am do does did doing done can could will would should shall
    may might must has have had having it its it's this that these those they them their there
    here one ones i me my we us our you your he she his her what whats what's which who how
    when where why whether if not no yes any some all both either each other another more most
    very really actually also still just too please pls thanks thank tell know say said show
    give let like want need get got make go going item items product products thing things
    one's it'd good ok okay fine great nice well suitable use used using work works enough
    much many lot lots kind sort type bit little bought buy buying order ordered else same
    hey hi hello number option result choice pick""".split()  # noqa: SIM905
)
COLOURS = frozenset(
    """black white grey gray blue red green yellow orange pink purple brown beige navy silver
    gold rose cream tan taupe turquoise lavender mauve plum coral burgundy olive khaki teal
    mint sage lime charcoal graphite copper amber berry terracotta rust sand oat cognac
    chocolate indigo cobalt ivory maroon violet multicolour multicolor gunmetal""".split()  # noqa: SIM905
)
COLOUR_ALIASES = {"gray": "grey", "multicolor": "multicolour"}
SIZE_CUES = ("size",)
SIZE_WORDS = {"extra small": "XS", "small": "S", "medium": "M", "large": "L", "extra large": "XL"}
NOT_SIZE_AFTER = ("eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "pound", "pounds",
                  "quid", "bucks", "%", "year", "years", "yr", "yrs", "month", "months",
                  "percent", "star", "stars", "piece", "pieces", "pcs")  # fmt: skip

# --- Ratings -------------------------------------------------------------------------------
RATING_NUMBERS: dict[str, int] = {}
OUT_OF = ("out of",)
RATING_UNITS: tuple[str, ...] = ()
#: Whole replies that decline the rating question (folded: compared without accents).
RATING_SKIPS = (
    "skip",
    "skip it",
    "no",
    "no thanks",
    "no thank you",
    "nope",
    "not now",
    "maybe later",
    "rather not",
    "pass",
)

# --- Product search ------------------------------------------------------------------------
# fmt: off
QUERY: LanguageTable = {
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
AUDIENCE_WORDS = ("men", "women", "kids", "children", "boys", "girls", "unisex", "adults",
                  "ladies", "mens", "womens", "baby")
# fmt: on
GLOSS_LINKS: tuple[str, ...] = ()
