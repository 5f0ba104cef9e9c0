"""What a real secret looks like: the one rule every server checks before it starts.

Pure (no imports beyond the standard library), so the Rasa side (``bot/server.py``, Python
3.10 without pydantic-settings) applies exactly the rule :mod:`core.settings` applies.
A secret is refused when it is empty, shorter than :data:`MIN_SECRET_CHARACTERS`, a known
placeholder (the old development default, ``changeme``, an unrendered ``${VARIABLE}``), or
made of too few different characters (``aaaa...``), in every environment.
"""

from __future__ import annotations

__all__ = [
    "MIN_DISTINCT_CHARACTERS",
    "MIN_SECRET_CHARACTERS",
    "PLACEHOLDER_SECRETS",
    "secret_problem",
]

#: 32 characters: 16 random bytes as hex, what ``make run`` and the tests generate at least.
MIN_SECRET_CHARACTERS = 32
#: A random secret of 32+ characters has far more; ``"a" * 32`` or ``"abab..."`` have fewer.
MIN_DISTINCT_CHARACTERS = 8
#: Values seen in examples and old defaults, compared lower-cased and without separators.
PLACEHOLDER_SECRETS: frozenset[str] = frozenset(
    {
        "developmentonlysecret",
        "changeme",
        "secret",
        "password",
        "token",
        "yoursecrethere",
        "replacewitharealsecret",
    }
)
_SEPARATORS = str.maketrans("", "", "-_ .")


def secret_problem(value: str | None) -> str | None:
    """Why ``value`` is not a usable secret (a short phrase), or ``None`` when it is."""
    if value is None or not value.strip():
        return "is not set"
    if value != value.strip():
        return "has leading or trailing spaces"
    if "${" in value:
        return "is an unrendered template (${...})"
    squeezed = value.lower().translate(_SEPARATORS)
    if squeezed in PLACEHOLDER_SECRETS or any(
        squeezed == placeholder * (len(squeezed) // len(placeholder))
        for placeholder in PLACEHOLDER_SECRETS
    ):
        return "is a known placeholder"
    if len(value) < MIN_SECRET_CHARACTERS:
        return f"is shorter than {MIN_SECRET_CHARACTERS} characters"
    if len(set(value)) < MIN_DISTINCT_CHARACTERS:
        return "is not random (too few different characters)"
    return None
