"""Explicit requests to change language: "can we speak French?", "auf Deutsch bitte", "用中文".

A request needs a language name together with either a speaking/writing verb close before
it (or just after it: "Deutsch sprechen?"), or almost nothing else ("in english please",
"español por favor", "français ?"). A negation between them ("I don't speak German",
"no hablo inglés") is not a request. Names and verbs cover the eight spoken languages, each
written in each of them, plus a few other languages' names in English.
"""

from __future__ import annotations

import re

from knowledge.language.lexicon import strip_accents, words

__all__ = ["LANGUAGE_NAMES", "find_switch_request"]

LANGUAGE_NAMES: dict[str, str] = {
    "en": "english inglés ingles anglais englisch inglese engels",
    "es": "spanish español espanol castellano espagnol spanisch spagnolo espanhol spaans",
    "fr": "french francés frances français francais französisch franzosisch franzoesisch "
    "francese francês frans",
    "de": "german alemán aleman allemand deutsch tedesco alemão alemao duits",
    "it": "italian italiano italien italienisch italiaans",
    "pt": "portuguese portugués portugues portugais portugiesisch portoghese português portugees",
    "nl": "dutch neerlandés neerlandes holandés holandes néerlandais neerlandais hollandais "
    "niederländisch niederlandisch hollandisch holländisch olandese neerlandês holandês "
    "nederlands hollands flemish flamand vlaams",
    "zh": "chinese mandarin chino mandarín chinois chinesisch cinese chinês chines mandarim "
    "chinees",
    "ru": "russian ruso russe russisch russo russisch",
    "ja": "japanese japonés japonais japanisch giapponese japonês japans",
    "pl": "polish polaco polonais polnisch polacco polonês pools",
    "tr": "turkish turco turc türkisch turkisch turco turco turks",
    "ar": "arabic árabe arabe arabisch arabo arabisch",
}
"""Language names by the code they ask for (accents optional)."""

_CUES = frozenset(
    strip_accents(word)
    for word in """
    speak speaks speaking talk talking write writing reply answer respond chat switch change
    use language hablar hablas habla hablan hablamos hable hablame háblame hablemos hablo
    escribir escribe escribeme escríbeme responder responde contestar contesta cambiar cambia
    idioma parler parlez parles parle parlons ecrire écrire écrivez ecrivez ecris écris
    répondre repondre répondez repondez réponds reponds passer passez passons changer langue
    sprechen sprichst spricht sprecht sprich schreiben schreib schreibst schreibe antworten
    antworte antwortest wechseln sprache reden parlare parla parli parliamo parlate parlo
    scrivere scrivi scriva rispondere rispondi risponda cambiare passare lingua falar fala
    falas falam falamos fale falo escrever escreva escreve responda mudar trocar língua
    spreken spreek spreekt praten praat schrijven schrijf antwoorden antwoord taal
    overschakelen
    """.split()  # noqa: SIM905
)

_PREPOSITIONS = frozenset({"in", "en", "auf", "em", "op", "het", "al", "na", "to", "into", "an"})
_FILLER = frozenset(
    strip_accents(word)
    for word in """
    please pls plz por favor porfa svp stp s'il vous te plait plaît bitte per favore graag
    alstublieft alsjeblieft aub ajb thanks merci gracias danke grazie obrigado obrigada
    no yes ok okay si sí oui ja nee nein non sim não nao only solo seulement nur solo só
    instead hey hi hola hallo bonjour ciao olá ola hoi
    """.split()  # noqa: SIM905
)
_NEGATIONS = frozenset(
    {"not", "dont", "don't", "doesn't", "can't", "cannot", "no", "ne", "pas", "n'est",
     "nicht", "kein", "keine", "non", "nao", "niet", "geen", "never", "nunca", "jamais"}
)  # fmt: skip

_NAME_INDEX: dict[str, str] = {
    strip_accents(name): code for code, names in LANGUAGE_NAMES.items() for name in names.split()
}

_ZH_NAMES: dict[str, str] = {
    "英语": "en", "英文": "en", "英語": "en",
    "西班牙语": "es", "西班牙文": "es", "西班牙語": "es",
    "法语": "fr", "法文": "fr", "法語": "fr",
    "德语": "de", "德文": "de", "德語": "de",
    "意大利语": "it", "意大利文": "it", "義大利語": "it", "意大利語": "it",
    "葡萄牙语": "pt", "葡萄牙文": "pt", "葡萄牙語": "pt",
    "荷兰语": "nl", "荷兰文": "nl", "荷蘭語": "nl", "荷蘭文": "nl",
    "中文": "zh", "汉语": "zh", "漢語": "zh", "普通话": "zh", "普通話": "zh", "华语": "zh",
    "國語": "zh", "国语": "zh",
    "俄语": "ru", "日语": "ja", "日文": "ja",
}  # fmt: skip
_ZH_NAME = "|".join(sorted(map(re.escape, _ZH_NAMES), key=len, reverse=True))
_ZH_BEFORE = (
    r"(?:用|说|說|讲|講|改用|换成|換成|改成|切换到|切換到|切换成|会说|會說|能说|能說|可以说)"
)
_ZH_AFTER = r"(?:可以吗|可以嗎|好吗|好嗎|吗|嗎|回答|回复|回覆|交流|沟通|聊天|说|說|讲|講)"
_ZH_REQUEST = re.compile(
    rf"{_ZH_BEFORE}\s*(?P<a>{_ZH_NAME})|(?P<b>{_ZH_NAME})\s*{_ZH_AFTER}|^\W*(?P<c>{_ZH_NAME})\W*$"
)
_ZH_NEGATION = re.compile(r"不(?:会|會|能|要|懂)")

_MAX_WORDS = 40


def find_switch_request(text: str) -> str | None:
    """The language code the shopper asks to speak, or ``None`` when this is no such request."""
    zh = _chinese_request(text)
    if zh is not None:
        return zh
    tokens = [strip_accents(token) for token in words(text)]
    if not tokens or len(tokens) > _MAX_WORDS:
        return None
    names = [
        (index, _NAME_INDEX[token]) for index, token in enumerate(tokens) if token in _NAME_INDEX
    ]
    if not names:
        return None
    if len(tokens) <= 6:
        rest = [t for t in tokens if t not in _FILLER and t not in _PREPOSITIONS]
        if len(rest) == 1 and rest[0] in _NAME_INDEX:
            return _NAME_INDEX[rest[0]]
    cues = [index for index, token in enumerate(tokens) if token in _CUES]
    for name_index, code in names:
        for cue_index in cues:
            distance = name_index - cue_index
            if not (0 < distance <= 4 or 0 < -distance <= 2):
                continue
            start = max(0, min(cue_index, name_index) - 2)
            span = tokens[start : max(cue_index, name_index)]
            if not any(token in _NEGATIONS for token in span):
                return code
    return None


def _chinese_request(text: str) -> str | None:
    """``用中文``, ``你会说英语吗``, ``中文可以吗``; ``我不会说英语`` is no request."""
    match = _ZH_REQUEST.search(text)
    if match is None or _ZH_NEGATION.search(text[: match.end()]):
        return None
    name = match.group("a") or match.group("b") or match.group("c")
    return _ZH_NAMES.get(name) if name else None
