"""The one accent fold and the one text cutter (core/text.py)."""

from __future__ import annotations

import pytest

from core.text import ELLIPSIS, cut, fold, fold_with_offsets

# --- fold ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deuxième", "deuxieme"),
        ("ÚLTIMA", "ultima"),
        ("Größe", "große"),  # "ß" is no accent: lower case keeps it
        ("Søren", "søren"),  # nor is "ø"
        ("第二个", "第二个"),  # CJK as it is
        ("c’est", "c'est"),  # the typographic apostrophe, as phones type it
        ("ＸＬ", "ｘｌ"),  # full-width forms stay without compatibility
        ("", ""),
    ],
)
def test_fold_lowers_and_drops_accents(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_options() -> None:
    assert fold("Größe", casefold=True) == "grosse"
    assert fold("ＸＬ ﬁt", compatibility=True) == "xl fit"
    assert fold("c’est", apostrophes=False) == "c’est"
    assert fold("한국어") == "한국어"  # syllables come back composed


def test_fold_with_offsets_points_at_the_original_characters() -> None:
    folded, offsets = fold_with_offsets("Straße é", casefold=True)
    assert folded == "strasse e"
    assert len(offsets) == len(folded)
    assert offsets[4:6] == [4, 4]  # both "s" of "ß"
    assert offsets[-1] == 7
    assert fold_with_offsets("") == ("", [])


# --- cut -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short text", 100, "short text"),
        ("exactly ten", 11, "exactly ten"),  # not longer: unchanged
        ("hello world again", 11, "hello world"),  # the limit falls on a space
        ("hello world again", 12, "hello world"),  # the limit falls after a space
        ("hello world again", 13, "hello world"),  # inside "again": back to the space
        ("hello   world again", 10, "hello"),  # several spaces
        ("hello\nworld again", 8, "hello"),  # any whitespace is a boundary
        ("x" * 50, 10, "x" * 10),  # no whitespace at all: hard cut
        ("订单" * 50, 7, "订单订单订单订"),  # a script without spaces: hard cut
        ("   " + "y" * 50, 10, "   " + "y" * 7),  # only leading spaces: hard cut
        ("anything", 0, ""),
    ],
)
def test_cut_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    assert cut(text, limit) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Shipping and returns", 20, "Shipping and returns"),
        ("Shipping and returns!", 20, "Shipping and…"),
        ("Shipping and returns!", 13, "Shipping and…"),  # the cut falls on a space
        ("x" * 50, 10, "x" * 9 + ELLIPSIS),
        ("订单" * 50, 5, "订单订单" + ELLIPSIS),
    ],
)
def test_cut_with_an_ellipsis(text: str, limit: int, expected: str) -> None:
    result = cut(text, limit, marker=ELLIPSIS)
    assert result == expected
    assert len(result) <= limit


def test_a_hard_cut_with_an_ellipsis() -> None:
    assert cut("Shipping and returns!", 20, marker=ELLIPSIS, at_word=False) == (
        "Shipping and return…"
    )
    assert cut("Shipping and returns!", 14, marker=ELLIPSIS, at_word=False) == "Shipping and…"
    # No room for the marker: cut at the limit without it.
    assert cut("Shipping", 1, marker=ELLIPSIS, at_word=False) == "S"
    assert cut("Shipping", 1, marker=ELLIPSIS) == "S"


def test_min_kept_refuses_a_word_boundary_too_far_back() -> None:
    text = "a " + "x" * 30
    assert cut(text, 10, marker=ELLIPSIS) == "a…"
    assert cut(text, 10, marker=ELLIPSIS, min_kept=5) == "a " + "x" * 7 + ELLIPSIS


def test_cut_refuses_a_negative_limit() -> None:
    with pytest.raises(ValueError, match="negative"):
        cut("text", -1)


def test_cut_is_a_prefix_that_ends_a_word() -> None:
    text = " ".join(f"word{index}" for index in range(300))
    result = cut(text, 1000)
    assert len(result) <= 1000
    assert text.startswith(result)
    assert text[len(result)].isspace()
