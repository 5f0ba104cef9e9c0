"""Which words mark the formal and the informal address, per reply language.

Every response file says its register (``register: formal`` or ``register: informal``) and
the translation test (``tests/unit/test_response_translations.py``) runs every text and
button title of every file through :func:`register_problems`: a word that marks the other
register fails the test. Nothing here runs while the bot answers.

What counts as a mark, per language (whole words; case does not matter unless said):

- **de** informal: du, dich, dir, dein*, euch, euer/eure*, the common second-person verbs
  (bist, hast, kannst, möchtest, ...), the du-imperatives sag, schreib, frag, gib, nenn,
  beschreib, lass, "versuch es" and "Entschuldige,"; formal: Sie, Ihnen, Ihr* written
  with a capital and *not* at the start of a sentence (at the start they may mean she/they).
- **fr** informal: tu, te, t', toi, ton, ta, tes, tien(ne)(s), dis-moi and a few other
  tu-imperatives, n'hésite; formal: vous, votre, vos, and any verb ending in -ez (chez, assez,
  nez excepted).
- **nl** informal: je, jij, jou, jouw, jullie, jezelf; formal: u, uw, uzelf.
- **es** informal: tú, te, ti, contigo, tu(s), tuyo*, vosotros, os, vuestro*, pronouns glued
  to an infinitive or gerund (ayudarte, enviándote) and a few tú-imperatives (dime, avísame,
  cuéntame, ...); formal: usted(es), Ud./Uds., pronouns glued the same way (ayudarle), "le"
  before a verb of serving the shopper (le ayudo, le enviamos, ...), su(s) before a thing
  the shopper owns (su pedido, sus compras, ...), and a few usted-imperatives (dígame,
  escríbanos, disculpe, elija, ...).
- **it** informal: tu, ti, te, tuo, tua, tuoi, tue, second-person verbs (hai, puoi, vuoi,
  devi, potresti, vorresti, and futures in -rai), pronouns glued to an infinitive (aiutarti,
  contattarti; plural adjectives such as aperti, esperti excepted) and a few
  tu-imperatives (dimmi, scrivi, scegli, ...); formal: the capitalised courtesy forms Lei,
  La, Le, Suo, Sua, Suoi, Sue (not at a sentence start), La/Le glued to a verb
  (contattarLa), and a few Lei-imperatives (mi dica, scriva, scelga, ...).
- **pt** informal: tu, te, ti, teu(s), tua(s), contigo, second-person verbs (podes, queres,
  tens, estás, és, ...), diz-me, escreve-me; formal: você(s), o senhor / a senhora, lhe(s),
  and seu/sua/seus/suas before a thing the shopper owns (a sua encomenda, o seu e-mail, ...).
- **zh** informal: 你 (你们); formal: 您.

Left out before looking: ``{placeholders}`` (filled at run time) and anything in quotation
marks („…“, “…”, «…», "…"): those are the examples of what the *shopper* may type ("heb je
iets vergelijkbaars?" addresses the shop, not the shopper).

What it cannot see, so a reviewer still has to read new texts:

- Verb forms with no pronoun are mostly invisible: a German "Prüfe bitte" in a formal file,
  a Spanish "escribe" or an Italian "prova" pass (only the listed imperatives are caught),
  and the Dutch imperative is the same in both registers. Portuguese você-forms without a
  pronoun ("Pode verificar?") are third-person verbs and mark nothing.
- Words with another meaning are left out or narrowed: German "ihr" (her/their), Spanish
  "su"/"le" about a third person (only su before the shopper's things and le before
  serving verbs count), lower-case Italian "lei/la/le/suo" (she/the/his; modern shops often
  write the courtesy forms in lower case, which this cannot tell from the third person),
  Portuguese "seu/sua" likewise, French "vous" addressing several people.
- A sentence that starts with the German "Sie" or "Ihr", or the Italian "La", "Le", is not
  counted: at the start of a sentence the capital says nothing.
- It finds the marks of the *other* register; it does not check that a text addresses the
  shopper at all, nor the tone (Hoi/Hallo, Salut/Bonjour), nor grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from core.languages import REGISTERS

__all__ = ["REGISTER_MARKS", "register_marks", "register_problems"]

_WORD = r"[^\W\d_]"
# Placeholders are filled at run time; quoted passages are what the shopper may type.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_QUOTED = re.compile(r'„[^“”"\n]*[“”"]|“[^”\n]*”|«[^»\n]*»|"[^"\n]*"')
# What may stand between a sentence's end and its first word.
_SENTENCE_END = ".!?:;\n…¿¡"
_OPENING = " \t\"'„“«‚‘(["


@dataclass(frozen=True)
class _Rules:
    """The marks of one register of one language."""

    #: Whole words, any case.
    words: frozenset[str] = frozenset()
    #: Whole words that count only written exactly so (capitalised) and not where a
    #: sentence starts.
    courtesy: frozenset[str] = frozenset()
    #: Patterns over the text (case-insensitive unless the pattern says otherwise).
    patterns: tuple[re.Pattern[str], ...] = ()
    #: Words a pattern matches that are not marks (lower case).
    exceptions: frozenset[str] = frozenset()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _any_case(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


# The things a shopper owns that Spanish "su" and Portuguese "seu/sua" mark as addressed.
_ES_OWNED = (
    "pedidos?|correos?|compras?|cuentas?|dinero|reembolsos?|devoluci[oó]n|devoluciones|"
    "direcci[oó]n|n[uú]mero|tarjeta|paquetes?|banco|pagos?|datos|consultas?|preguntas?|"
    "opini[oó]n|valoraci[oó]n|comentarios?|seguridad|mensajes?|carrito|conexi[oó]n|idioma|"
    "lengua|art[ií]culos?|productos?|confirmaci[oó]n|email|e-mail|tel[eé]fono|m[eé]todo"
)
_PT_OWNED = (
    "encomendas?|pedidos?|e-?mails?|contas?|reembolsos?|devolu[cç][aã]o|devolu[cç][oõ]es|"
    "moradas?|n[uú]mero|pagamentos?|banco|dados|seguran[cç]a|opini[aã]o|avalia[cç][aã]o|"
    "coment[aá]rios?|carrinho|liga[cç][aã]o|idioma|l[ií]ngua|compras?|cart[aã]o|artigos?|"
    "mensagens?|confirma[cç][aã]o|m[eé]todo|dinheiro"
)

#: Per language, per register, what marks it (see the module's docstring).
REGISTER_MARKS: Mapping[str, Mapping[str, _Rules]] = MappingProxyType({
    "de": {
        "informal": _Rules(
            words=_words(
                "du dich dir dein deine deinen deinem deiner deines euch euer eure euren "
                "eurem eurer eures bist hast kannst willst möchtest musst sollst solltest "
                "könntest würdest wirst brauchst suchst meinst findest siehst bekommst "
                "erhältst erreichst weißt magst darfst gibst nimmst schreibst sagst "
                "bestellst wählst sag schreib frag gib nenn beschreib lass"
            ),
            patterns=_any_case(r"\bversuch(?:'s|\s+es)\b", r"\bentschuldige(?=\s*[,!])"),
        ),
        "formal": _Rules(courtesy=_words("Sie Ihnen Ihr Ihre Ihren Ihrem Ihrer Ihres")),
    },
    "fr": {
        "informal": _Rules(
            words=_words("tu te toi ton ta tes tien tienne tiennes"),
            patterns=_any_case(
                rf"\bt['’](?={_WORD})",
                r"\b(?:dis|écris|indique|envoie|donne|précise)-(?:moi|nous)\b",
                r"\bn['’]hésite\b",
            ),
        ),
        "formal": _Rules(
            words=_words("vous votre vos"),
            patterns=_any_case(rf"\b{_WORD}+ez\b"),
            exceptions=_words("chez assez nez rez"),
        ),
    },
    "nl": {
        "informal": _Rules(words=_words("je jij jou jouw jouwe jullie jezelf")),
        "formal": _Rules(words=_words("u uw uwe uzelf")),
    },
    "es": {
        "informal": _Rules(
            words=_words(
                "tú te ti contigo tu tus tuyo tuya tuyos tuyas vosotros vosotras os vuestro "
                "vuestra vuestros vuestras dime avísame cuéntame escríbeme escríbenos "
                "pregúntame indícame dinos"
            ),
            patterns=_any_case(rf"\b{_WORD}+(?:[aeiáéí]r|nd[oó])te\b"),
            exceptions=_words(
                "parte aparte arte contraparte baluarte estandarte marte suerte fuerte "
                "muerte inerte despierte advierte convierte invierte divierte concierte acierte"
            ),
        ),
        "formal": _Rules(
            words=_words(
                "usted ustedes dígame escríbanos escríbame indíqueme pregúnteme cuénteme "
                "avíseme disculpe inténtelo pruébelo compruébelo descríbalo elija"
            ),
            patterns=(
                *_any_case(
                    r"\bUds?\.",
                    rf"\b{_WORD}+(?:[aeiáéí]r|nd[oó])le\b",
                    r"\ble\s+(?:ayud|envi|avis|devolv|devuelv|reembols|conect|pas|atiend|"
                    r"escrib|respond|muestr|mostr|recomiend|recomend|contact|llam|confirm|"
                    r"ofrec|ofrez|propon|propong|pregunt|mand|pid|ped|sugier|indic|dej|"
                    r"pued|pod|gust|interes|molest|parec)\w*",
                    rf"\bsus?\s+(?:{_ES_OWNED})\b",
                ),
            ),
            exceptions=_words("índole"),
        ),
    },
    "it": {
        "informal": _Rules(
            words=_words(
                "tu ti te tuo tua tuoi tue hai puoi vuoi devi potresti vorresti dovresti "
                "dimmi scrivimi fammi scrivi scegli indicami chiedimi"
            ),
            patterns=_any_case(rf"\b{_WORD}{{2,}}rai\b", rf"\b{_WORD}+[aei]rti\b"),
            exceptions=_words(
                "parti esperti aperti riaperti offerti sofferti coperti scoperti certi "
                "incerti inserti deserti concerti sarti scarti quarti inerti conserti "
                "avverti"
            ),
        ),
        "formal": _Rules(
            words=_words("dica scriva scelga indichi chieda"),
            courtesy=_words("Lei La Le Suo Sua Suoi Sue"),
            patterns=(re.compile(r"\b[a-zàèéìòù]{3,}(?:La|Le)\b"),),
        ),
    },
    "pt": {
        "informal": _Rules(
            words=_words(
                "tu te ti teu tua teus tuas contigo podes queres tens estás és sabes "
                "precisas consegues preferes recebes vês"
            ),
            patterns=_any_case(r"\b(?:diz|escreve|conta)-me\b"),
        ),
        "formal": _Rules(
            words=_words("você vocês lhe lhes"),
            patterns=_any_case(
                r"\b(?:o|a|os|as)\s+senhor(?:a|es|as)?\b",
                rf"\b(?:seu|sua|seus|suas)\s+(?:{_PT_OWNED})\b",
            ),
        ),
    },
    "zh": {
        "informal": _Rules(patterns=(re.compile("你"),)),
        "formal": _Rules(patterns=(re.compile("您"),)),
    },
})  # fmt: skip


def register_marks(text: str, language: str) -> list[tuple[str, str]]:
    """The marks of either register in ``text``: ``(register, word)`` pairs in the order
    they appear (none for a language without rules)."""
    rules = REGISTER_MARKS.get(language)
    if not rules:
        return []
    cleaned = _QUOTED.sub("X", _PLACEHOLDER.sub("X", text))
    found: list[tuple[int, str, str]] = []
    for register in REGISTERS:
        found += [(start, register, word) for start, word in _find(cleaned, rules[register])]
    return [(register, word) for _start, register, word in sorted(found)]


def register_problems(text: str, language: str, register: str) -> list[str]:
    """The words of ``text`` that mark the register other than ``register`` (empty when the
    text keeps to it, as far as :data:`REGISTER_MARKS` can tell)."""
    if register not in REGISTERS:
        raise ValueError(f"register must be {' or '.join(REGISTERS)}")
    return [word for found, word in register_marks(text, language) if found != register]


def _find(text: str, rules: _Rules) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for match in re.finditer(rf"{_WORD}+", text):
        word = match.group()
        courtesy = word in rules.courtesy and not _starts_sentence(text, match.start())
        if courtesy or word.lower() in rules.words:
            found.append((match.start(), word))
    for pattern in rules.patterns:
        for match in pattern.finditer(text):
            if match.group().lower() not in rules.exceptions:
                found.append((match.start(), match.group()))
    return found


def _starts_sentence(text: str, position: int) -> bool:
    """Whether the word at ``position`` is the first of a sentence (or of the text)."""
    before = text[:position].rstrip(_OPENING)
    return not before or before[-1] in _SENTENCE_END
