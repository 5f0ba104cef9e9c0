"""The conversation list's filters, sort and page, read from a URL's query and written back.

The whole state of the list lives in the URL (a GET form), so a filtered list can be
shared, bookmarked and gone back to. Parameters::

    from, until             dates (YYYY-MM-DD), the first message's day, both inclusive
    channel, language, intent, tag, reason, rating       repeatable (any of them)
    lowest_min, lowest_max  the lowest message's sentiment, in [-1, 1]
    mean_min, mean_max      the mean sentiment, in [-1, 1]
    handed_over, fallback, rated, failed_search, verified       yes | no
    q                       words in the shopper's messages
    sort, order             a SortKey value; asc | desc
    page, size              page from 1; 10, 25, 50 or 100 rows

A value that is not understood is left out and named in ``problems`` (the page says so; the
JSON API answers 400).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from core.errors import AnnotationError
from shop.annotations import normalise_tag
from shop.annotations.corrections import LANGUAGE_PATTERN
from shop.conversations import ConversationFilters, PageRequest, Sort, SortKey

__all__ = [
    "FLAGS",
    "PAGE_SIZES",
    "ListQuery",
    "args_of",
    "parse_list_query",
]

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_SIZE = 25
#: yes/no filters: parameter -> ConversationFilters field.
FLAGS: Mapping[str, str] = {
    "handed_over": "handed_over",
    "fallback": "fallback",
    "rated": "rated",
    "failed_search": "failed_search",
    "verified": "verified",
}
_SENTIMENTS: Mapping[str, str] = {
    "lowest_min": "sentiment_min_at_least",
    "lowest_max": "sentiment_min_at_most",
    "mean_min": "sentiment_mean_at_least",
    "mean_max": "sentiment_mean_at_most",
}
_MAX_VALUES = 20
_MAX_QUERY = 200
_CHANNEL = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_NAME = re.compile(r"[A-Za-z0-9_]{1,128}")
_REASON = re.compile(r"[a-z_]{1,64}")


def args_of(request: Any) -> dict[str, list[str]]:
    """A Sanic request's query parameters, every value of each."""
    return {name: list(request.args.getlist(name)) for name in request.args}


def _matching(pattern: re.Pattern[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise ValueError(value)
        return value

    return check


def _tag(value: str) -> str:
    try:
        return normalise_tag(value)
    except AnnotationError as error:
        raise ValueError(value) from error


def _rating(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 5:
        raise ValueError(value)
    return number


#: repeatable filters: parameter -> (ConversationFilters field, the value's parser).
_LISTS: Mapping[str, tuple[str, Callable[[str], Any]]] = {
    "channel": ("channels", _matching(_CHANNEL)),
    "language": ("languages", _matching(LANGUAGE_PATTERN)),
    "intent": ("intents", _matching(_NAME)),
    "tag": ("tags", _tag),
    "reason": ("handover_reasons", _matching(_REASON)),
    "rating": ("ratings", _rating),
}


@dataclass(frozen=True)
class ListQuery:
    """What the list shows, and the parameters that say so (the understood ones)."""

    filters: ConversationFilters
    sort: Sort
    page: PageRequest
    params: dict[str, list[str]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def value(self, name: str) -> str:
        """The parameter's (first) value, or ""."""
        values = self.params.get(name)
        return values[0] if values else ""

    def has(self, name: str, value: object) -> bool:
        """Whether ``value`` is among the parameter's values."""
        return str(value) in self.params.get(name, ())

    @property
    def filtered(self) -> bool:
        """Whether any filter or search is set (not only sort and page)."""
        return any(name not in ("sort", "order", "page", "size") for name in self.params)

    def query_string(self, *, without: Sequence[str] = (), **changes: object) -> str:
        """The parameters as a query string (``?...``, or "" when none), ``changes``
        applied (None removes a parameter) and ``without`` left out."""
        params = {name: list(values) for name, values in self.params.items()}
        for name in without:
            params.pop(name, None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = [str(value)]
        pairs = [(name, value) for name, values in params.items() for value in values]
        return f"?{urlencode(pairs)}" if pairs else ""


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _sentiment(value: str) -> float:
    number = float(value)
    if not -1.0 <= number <= 1.0:
        raise ValueError(value)
    return number


def _flag(value: str) -> bool:
    if value not in ("yes", "no"):
        raise ValueError(value)
    return value == "yes"


def _choice(raw: Mapping[str, Sequence[str]], name: str, kept: dict[str, list[str]]) -> str | None:
    values = [value.strip() for value in raw.get(name, ()) if value.strip()]
    if not values:
        return None
    kept[name] = [values[0]]
    return values[0]


def _page(
    raw: Mapping[str, Sequence[str]], problems: list[str], kept: dict[str, list[str]]
) -> PageRequest:
    number, size = 1, DEFAULT_SIZE
    page_text = _choice(raw, "page", kept)
    if page_text is not None:
        if page_text.isdigit() and 1 <= int(page_text) <= 1_000_000:
            number = int(page_text)
        else:
            problems.append("page")
            kept.pop("page")
    size_text = _choice(raw, "size", kept)
    if size_text is not None:
        if size_text.isdigit() and int(size_text) in PAGE_SIZES:
            size = int(size_text)
        else:
            problems.append("size")
            kept.pop("size")
    return PageRequest(number, size)


def _sort(
    raw: Mapping[str, Sequence[str]], problems: list[str], kept: dict[str, list[str]]
) -> Sort:
    key, descending = SortKey.LAST_ACTIVITY, True
    key_text = _choice(raw, "sort", kept)
    if key_text is not None:
        try:
            key = SortKey(key_text)
        except ValueError:
            problems.append("sort")
            kept.pop("sort")
    order = _choice(raw, "order", kept)
    if order is not None:
        if order in ("asc", "desc"):
            descending = order == "desc"
        else:
            problems.append("order")
            kept.pop("order")
    return Sort(key, descending)


def parse_list_query(raw: Mapping[str, Sequence[str]]) -> ListQuery:
    """The list's state from a query's parameters (``{name: [values]}``)."""
    problems: list[str] = []
    kept: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def single(name: str, parse: Callable[[str], Any]) -> Any:
        text = _choice(raw, name, kept)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError:
            problems.append(name)
            kept.pop(name)
            return None

    start, end = single("from", _date), single("until", _date)
    if start is not None:
        values["started_from"] = _start_of(start)
    if end is not None:
        values["started_until"] = _start_of(end) + timedelta(days=1)
    for name, target in _SENTIMENTS.items():
        number = single(name, _sentiment)
        if number is not None:
            values[target] = number
    for name, target in FLAGS.items():
        flag = single(name, _flag)
        if flag is not None:
            values[target] = flag
    for name, (target, parse) in _LISTS.items():
        parsed: list[Any] = []
        for text in dict.fromkeys(value.strip() for value in raw.get(name, ()) if value.strip()):
            try:
                item = parse(text)
            except ValueError:
                problems.append(name)
                continue
            if item not in parsed and len(parsed) < _MAX_VALUES:
                parsed.append(item)
        if parsed:
            values[target] = tuple(parsed)
            kept[name] = [str(item) for item in parsed]
    text = " ".join(" ".join(raw.get("q", ())).split())[:_MAX_QUERY]
    if text:
        values["text"] = text
        kept["q"] = [text]
    sort = _sort(raw, problems, kept)
    page = _page(raw, problems, kept)
    return ListQuery(
        filters=ConversationFilters(**values),
        sort=sort,
        page=page,
        params=kept,
        problems=tuple(dict.fromkeys(problems)),
    )
