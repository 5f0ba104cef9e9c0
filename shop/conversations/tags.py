"""The hook through which conversation tags (console part 3, ``shop.annotations``) reach the
list: a filter condition and the tags of the conversations on a page.

Tags live in their own table, keyed by the conversation id; the summaries know nothing of
it. The annotations service registers a :class:`TagSource` once
(:func:`register_tag_source`); until one is registered, no conversation has tags and a tag
filter matches nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, false

__all__ = ["TagSource", "register_tag_source", "tag_condition", "tags_of"]


class TagSource(Protocol):
    """Where tags come from."""

    def condition(self, conversation_id: Any, tags: Sequence[str]) -> ColumnElement[bool]:
        """SQL that is true when the conversation whose id is the column ``conversation_id``
        has any of ``tags``."""

    def tags_of(
        self, connection: Connection, conversation_ids: Sequence[str]
    ) -> Mapping[str, Sequence[str]]:
        """The tags of each of these conversations (those without tags may be left out)."""


_SOURCE: list[TagSource] = []


def register_tag_source(source: TagSource | None) -> None:
    """Make ``source`` the tags' source (``None`` removes it)."""
    _SOURCE.clear()
    if source is not None:
        _SOURCE.append(source)


def tag_condition(conversation_id: Any, tags: Sequence[str]) -> ColumnElement[bool]:
    """The condition "has any of these tags" (false without a registered source)."""
    if not _SOURCE:
        return false()
    return _SOURCE[0].condition(conversation_id, tags)


def tags_of(connection: Connection, conversation_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each conversation's tags (empty without a registered source)."""
    if not _SOURCE or not conversation_ids:
        return {}
    found = _SOURCE[0].tags_of(connection, conversation_ids)
    return {key: sorted(values) for key, values in found.items()}
