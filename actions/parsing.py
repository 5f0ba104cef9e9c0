"""Pure helpers that read what shoppers type: order numbers, emails, item choices.

No Rasa here, so everything is easy to test (financial-demo's ``parsing.py`` habit).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import get_close_matches

from actions.shopper_words import find_foreign_position, selects_all
from core.text import fold
from knowledge.words import words_for

__all__ = [
    "ORDER_NUMBER_DIGITS",
    "parse_email",
    "parse_line_selection",
    "parse_order_number",
    "suggest_email_fix",
]

ORDER_NUMBER_DIGITS = 6
_DIGIT_GROUPS = re.compile(r"\d[\d\s./-]*\d|\d")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL_LOOSE = re.compile(r"\S+@\S+")
_COMMON_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "t-online.de",
    "orange.fr",
    "free.fr",
    "libero.it",
    "proton.me",
    "protonmail.com",
    "example.com",
    "example.org",
    "example.net",
    "example.de",
)
_ENGLISH = words_for("en")
_MAX_LINE_WORD = 5
#: Words that pick an order line: the ordinals and the number words up to five ("one" is
#: left out: "the blue one"), and "last".
_ORDINALS: dict[str, int] = {
    **{word: n for word, n in _ENGLISH.positions.items() if n <= _MAX_LINE_WORD},
    **{word: n for word, n in _ENGLISH.numbers.items() if 2 <= n <= _MAX_LINE_WORD},
    **dict.fromkeys(_ENGLISH.last_words, -1),
}
#: A whole message that selects every line; its single words count anywhere ("all").
_ALL = {*_ENGLISH.all_words, *_ENGLISH.all_phrases}


def parse_order_number(text: str | None) -> str | None:
    """The six-digit order number in ``text``, however it was typed, else None.

    Accepts ``#100234``, ``100 234``, ``100-234``, ``order no. 100234`` and trailing text.
    A run of digits that is not six long (a phone number, a postcode) is refused, and so
    are the digits of an email address (``jo.100234@example.org``).
    """
    if not text:
        return None
    for match in _DIGIT_GROUPS.finditer(_EMAIL.sub(" ", text[:500])):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == ORDER_NUMBER_DIGITS:
            return digits
    return None


def parse_email(text: str | None) -> str | None:
    """The email address in ``text``, lower-cased, or None when there is no valid one."""
    if not text:
        return None
    match = _EMAIL.search(text[:500])
    if not match:
        return None
    email = match.group().strip(".").lower()
    local, _, domain = email.partition("@")
    if not local or ".." in email or domain.startswith("-"):
        return None
    return email


def suggest_email_fix(text: str | None) -> str | None:
    """A corrected address when ``text`` holds an email with a typo in a common domain.

    ``anna@gmial.com`` -> ``anna@gmail.com``; ``anna@gmail,com`` -> ``anna@gmail.com``.
    Returns None when nothing close enough is found or nothing needs fixing.
    """
    if not text:
        return None
    match = _EMAIL_LOOSE.search(text[:500].replace(" @ ", "@"))
    if not match:
        return None
    local, _, domain = match.group().strip(".,;:!?").lower().partition("@")
    domain = domain.replace(",", ".")
    if not local or domain in _COMMON_DOMAINS:
        fixed = f"{local}@{domain}"
        return fixed if parse_email(fixed) and fixed != parse_email(text) else None
    if "." not in domain:
        candidates = [d for d in _COMMON_DOMAINS if d.split(".")[0] == domain]
        close = candidates[:1] or get_close_matches(domain, _COMMON_DOMAINS, n=1, cutoff=0.75)
    else:
        # A well-formed domain: only a misspelt provider name with the same ending.
        label, _, ending = domain.partition(".")
        same_ending = {
            d.partition(".")[0]: d for d in _COMMON_DOMAINS if d.partition(".")[2] == ending
        }
        if label in {d.partition(".")[0] for d in _COMMON_DOMAINS}:
            return None
        names = get_close_matches(label, list(same_ending), n=1, cutoff=0.75)
        close = [same_ending[names[0]]] if names else []
    if not close:
        return None
    suggestion = f"{local}@{close[0]}"
    return suggestion if parse_email(suggestion) else None


def parse_line_selection(text: str | None, titles: Sequence[str]) -> list[int] | None:
    """Which of the listed items ``text`` picks, as 0-based positions, or None.

    Understands "all", "1", "2 and 3", "the second one", "the last", and words of a title
    ("the boots"), and the same in the other reply languages ("todos", "la segunda",
    "le dernier", "第二个"; accents optional). ``titles`` are the eligible items in the order
    they were offered.
    """
    if not text or not titles:
        return None
    cleaned = text.strip().lower()[:300]
    if cleaned in _ALL or any(word in _ALL for word in re.findall(r"[a-z]+", cleaned)):
        return list(range(len(titles)))
    if selects_all(cleaned):
        return list(range(len(titles)))
    positions: list[int] = []
    for token in re.findall(r"\d+|[a-z0-9]+", cleaned):
        number = int(token) if token.isdigit() else _ORDINALS.get(token)
        if number is None:
            continue
        index = len(titles) - 1 if number == -1 else number - 1
        if 0 <= index < len(titles) and index not in positions:
            positions.append(index)
    if positions:
        return positions
    for token in re.findall(r"[^\W_]+", fold(cleaned)):
        number = find_foreign_position(token)
        index = len(titles) - 1 if number == -1 else (number or 0) - 1
        if number is not None and 0 <= index < len(titles) and index not in positions:
            positions.append(index)
    if positions:
        return positions
    words = {word for word in re.findall(r"[a-z]{3,}", cleaned)}
    words |= {word for word in re.findall(r"[^\W\d_]{3,}", fold(cleaned))}
    matches = [
        index
        for index, title in enumerate(titles)
        if words & set(re.findall(r"[a-z]{3,}", title.lower()))
    ]
    return matches if len(matches) == 1 else None
