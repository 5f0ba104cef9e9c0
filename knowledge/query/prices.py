"""Prices in a message: amounts, currencies and the words around them.

An amount is a number, with a currency symbol, code or word before or after it ("€99",
"50 dollars", "100元"). It becomes a price only with a price word ("under 120", "between
50 and 100", "100 or less") or a currency ("€99": around 99, ±20%). A number next to a
unit ("30L", "2 litres", "8 years"), after a size or age word ("size 43", "ages 8") or
before a plural noun ("2 pairs", "more than 3 pockets") is never a price.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc

from knowledge.query.filters import PriceRange
from knowledge.query.vocabulary import RoleIndex, RoleSpan, TermMatchers

__all__ = ["Amount", "PriceMention", "PriceReader", "merge_prices", "parse_number"]

_NUMBER = re.compile(
    r"(?P<pre>[^\d\s]{0,4}?)"
    r"(?P<int>\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*|\d{1,9})"
    r"(?:[.,](?P<dec>\d{1,2}))?"
    r"(?P<suf>[^\d\s]{0,6})"
)
_LARGEST = Decimal("99999999.99")
_CENT = Decimal("0.01")
_AROUND = (Decimal("0.8"), Decimal("1.2"))
_BEFORE = ("max_before", "min_before", "around_before")
_AFTER = ("max_after", "min_after", "around_after")
_WEIGHT_WORDS = frozenset({"pound", "pounds"})


def parse_number(text: str) -> tuple[Decimal, str, str] | None:
    """ "1,200" -> 1200, "45,50" -> 45.50, "€99" -> (99, "€", ""), "30L" -> (30, "", "l")."""
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        return None
    digits = match["int"].replace(",", "").replace(".", "")
    try:
        value = Decimal(f"{digits}.{match['dec'] or '0'}")
    except InvalidOperation:
        return None
    return value, match["pre"].lower(), match["suf"].lower()


@dataclass(frozen=True, slots=True)
class Amount:
    """A number read as money: tokens ``start:end``, currency if named."""

    value: Decimal
    currency: str | None
    marked: bool
    approximate: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PriceMention:
    """One price phrase: tokens ``start:end`` and the bounds it sets."""

    start: int
    end: int
    minimum: Decimal | None
    maximum: Decimal | None
    currency: str | None


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT)


def _mention(
    start: int, end: int, kind: str, first: Amount, second: Amount | None = None
) -> PriceMention:
    currency = first.currency or (second.currency if second else None)
    if second is not None:
        low, high = sorted((first.value, second.value))
        return PriceMention(start, end, _cents(low), _cents(high), currency)
    value = first.value
    if kind.startswith("max"):
        return PriceMention(start, end, None, _cents(value), currency)
    if kind.startswith("min"):
        return PriceMention(start, end, _cents(value), None, currency)
    low, high = value * _AROUND[0], value * _AROUND[1]
    return PriceMention(start, end, _cents(low), _cents(high), currency)


class PriceReader:
    """Finds the price phrases of one message (tokens in ``claimed`` are not prices)."""

    def __init__(
        self, doc: Doc, roles: RoleIndex, matchers: TermMatchers, claimed: Iterable[int]
    ) -> None:
        self._doc = doc
        self._roles = roles
        self._matchers = matchers
        self._claimed = frozenset(claimed)
        self._tagged = doc.has_annotation("TAG")

    def mentions(self) -> list[PriceMention]:
        """Every price phrase, in text order, without overlaps."""
        found: list[PriceMention] = []
        index = 0
        while index < len(self._doc):
            mention = self._between(index) or self._cued(index) or self._plain(index)
            if mention is None:
                index += 1
            else:
                found.append(mention)
                index = mention.end
        return found

    # --- Patterns ------------------------------------------------------------------------

    def _between(self, index: int) -> PriceMention | None:
        """ "between 50 and 100", "entre 50 y 100", "在100到200元之间"."""
        cue = self._roles.at(index, "between")
        first = self._amount(cue.end) if cue else None
        if cue is None or first is None:
            return None
        joiner = self._roles.at(first.end, "between_joiners", "range_joiners")
        second = self._amount(joiner.end) if joiner else None
        if second is None:
            return None
        return _mention(index, self._closed(second.end), "range", first, second)

    def _cued(self, index: int) -> PriceMention | None:
        """ "under 120", "more than £80", "around 100", "from 50 to 100"."""
        cue = self._roles.at(index, *_BEFORE)
        first = self._amount(cue.end) if cue else None
        if cue is None or first is None:
            return None
        ranged = self._range_from(first)
        if ranged is not None:
            return PriceMention(index, ranged.end, ranged.minimum, ranged.maximum, ranged.currency)
        kind = next(role for role in _BEFORE if role in cue.roles)
        return _mention(index, first.end, kind, first)

    def _plain(self, index: int) -> PriceMention | None:
        """ "50-100 euros", "80 or less", "100元以下", "€99" (around), else nothing."""
        first = self._amount(index)
        if first is None:
            return None
        ranged = self._range_from(first)
        if ranged is not None:
            return ranged
        after = self._roles.at(first.end, *_AFTER)
        if after is not None:
            kind = next(role for role in _AFTER if role in after.roles)
            return _mention(index, after.end, kind, first)
        if first.marked or first.approximate:
            return _mention(index, first.end, "around", first)
        return None

    def _range_from(self, first: Amount) -> PriceMention | None:
        joiner = self._roles.at(first.end, "range_joiners")
        second = self._amount(joiner.end) if joiner else None
        if second is None:
            return None
        return _mention(first.start, self._closed(second.end), "range", first, second)

    def _closed(self, end: int) -> int:
        closer = self._roles.at(end, "between_after")
        return closer.end if closer else end

    # --- Amounts -------------------------------------------------------------------------

    def _amount(self, start: int) -> Amount | None:
        """ "€99", "99 €", "$45.50", "50 dollars", "1,200", "2k", "100ish" at ``start``."""
        before = self._roles.at(start, "currency")
        index = before.end if before else start
        if index >= len(self._doc) or index in self._claimed:
            return None
        number = parse_number(self._doc[index].text)
        if number is None or self._blocked_before(start):
            return None
        value, prefix, suffix = number
        currencies = [self._matchers.currency(before.key)] if before else []
        approximate = prefix in ("~", "≈") or suffix in ("ish", "-ish")
        if prefix and prefix not in ("~", "≈"):
            if prefix not in self._matchers.lexicon.currencies:
                return None
            currencies.append(self._matchers.currency(prefix))
        if suffix == "k":
            value *= 1000
        elif suffix and not approximate:
            if suffix not in self._matchers.lexicon.currencies:
                return None
            currencies.append(self._matchers.currency(suffix))
        after = self._roles.at(index + 1, "currency")
        if after is not None:
            currencies.append(self._matchers.currency(after.key))
        end = after.end if after else index + 1
        marked = bool(before or after or currencies)
        if not 0 < value <= _LARGEST or self._blocked_after(end, marked, after):
            return None
        currency = next((code for code in currencies if code), None)
        return Amount(value, currency, marked, approximate, start, end)

    def _blocked_before(self, start: int) -> bool:
        """After a size or age word ("size 43", "ages 8"): not a price."""
        return self._roles.ending_at(start, "size_cues", "age_words") is not None

    def _blocked_after(self, end: int, marked: bool, currency: RoleSpan | None) -> bool:
        """Before a unit ("30 L", "8-year-old") or a counted noun ("2 pairs"): not a price."""
        index = end
        while index < len(self._doc) and self._doc[index].text in ("-", "\u2013"):
            index += 1
        if index >= len(self._doc):
            return False
        if self._roles.at(index, "units") is not None and not marked:
            return True
        token = self._doc[index]
        if not self._tagged or not token.is_alpha or index in self._roles.starts():
            return False
        if currency is not None and currency.key in _WEIGHT_WORDS:
            return token.tag_.startswith("NN")
        return not marked and token.tag_ == "NNS"


def merge_prices(mentions: Sequence[PriceMention]) -> PriceRange | None:
    """One range from every mention: the last bound of each side wins, the first currency."""
    low: Decimal | None = None
    high: Decimal | None = None
    for mention in mentions:
        low = mention.minimum if mention.minimum is not None else low
        high = mention.maximum if mention.maximum is not None else high
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    currency = next((m.currency for m in mentions if m.currency), None)
    return PriceRange(low, high, currency)
