"""Demo customers from varied locales, composed from :mod:`shopbot.demo.vocabulary`.

Pure functions of a ``random.Random``: the same seed gives the same rows. Rows are plain
dicts keyed by column name, ready for Core bulk inserts.
"""

from __future__ import annotations

import random
from typing import Any

from core.text import fold
from shopbot.demo.vocabulary import LOCALES, LocaleNames

__all__ = ["locale_names", "make_customers"]

Row = dict[str, Any]

_TRANSLITERATE = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae"})


def _ascii(text: str) -> str:
    """A name as the ASCII letters and digits of an email address ("Søren" -> "soren")."""
    folded = fold(text.translate(_TRANSLITERATE), compatibility=True)  # "ᴬ" folds to "A"
    return "".join(char for char in folded if char.isascii() and char.isalnum()).lower()


def _email(rng: random.Random, names: LocaleNames, first: str, last: str, taken: set[str]) -> str:
    first_part, last_part = _ascii(first), _ascii(last)
    pattern = rng.randrange(5)
    local = (
        f"{first_part}.{last_part}",
        f"{first_part}{last_part}",
        f"{first_part[0]}.{last_part}",
        f"{first_part}_{last_part}{rng.randint(1, 99)}",
        f"{last_part}.{first_part}{rng.randint(70, 99)}",
    )[pattern]
    domain = rng.choice(names.domains)
    email = f"{local}@{domain}"
    suffix = 2
    while email in taken:
        email = f"{local}{suffix}@{domain}"
        suffix += 1
    taken.add(email)
    return email


def _phone(rng: random.Random, locale: str) -> str | None:
    """A number from a range reserved for fiction (US, GB, FR, AU), else none."""
    if rng.random() < 0.3:
        return None
    if locale == "en-US":
        return f"+1 202-555-01{rng.randint(0, 99):02d}"
    if locale == "en-GB":
        return f"+44 7700 900{rng.randint(0, 999):03d}"
    if locale == "fr-FR":
        return f"+33 6 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    if locale == "en-AU":
        return f"+61 491 570 {rng.randint(100, 999)}"
    return None


def make_customers(rng: random.Random, count: int) -> list[Row]:
    """``count`` customers from varied locales; ``created_at`` is filled in later."""
    weights = [names.weight for names in LOCALES]
    taken: set[str] = set()
    customers: list[Row] = []
    for customer_id in range(1, count + 1):
        names = rng.choices(LOCALES, weights=weights)[0]
        first, last = rng.choice(names.first_names), rng.choice(names.last_names)
        customers.append(
            {
                "id": customer_id,
                "email": _email(rng, names, first, last, taken),
                "first_name": first,
                "last_name": last,
                "phone": _phone(rng, names.locale),
                "locale": names.locale,
            }
        )
    return customers


def locale_names(locale: str) -> LocaleNames:
    """The vocabulary of one locale."""
    return next(names for names in LOCALES if names.locale == locale)
