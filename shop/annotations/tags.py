"""Tags on conversations: short lower-case words (``refund-bug``, ``vip``) a lead puts on
a conversation to find it again, filter the list by, and count.

:data:`TAG_SOURCE` answers the conversation list's tag filter and shows each listed
conversation's tags (:func:`shop.conversations.register_tag_source`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.db.base import utc_now
from core.db.database import Database
from core.errors import AnnotationError
from shop.annotations.tables import TAGS, require_conversation
from shop.annotations.views import Count

__all__ = [
    "MAX_TAGS",
    "TAG_PATTERN",
    "TAG_SOURCE",
    "TagService",
    "TagTable",
    "normalise_tag",
]

#: A tag: a letter or digit, then up to 31 letters, digits, "-" or "_" (lower case).
TAG_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
#: Tags one conversation may have.
MAX_TAGS = 20


def normalise_tag(value: Any) -> str:
    """``value`` as a tag: trimmed, lower case, spaces as "-"; :class:`AnnotationError`
    when it is not one."""
    if not isinstance(value, str):
        raise AnnotationError("a tag is a word")
    tag = "-".join(value.strip().lower().split())
    if not TAG_PATTERN.fullmatch(tag):
        raise AnnotationError(
            "a tag has 1-32 letters, digits, '-' or '_' and starts with a letter or digit"
        )
    return tag


class TagTable:
    """The tags' table as the conversation list's tag source."""

    def condition(self, conversation_id: Any, tags: Sequence[str]) -> ColumnElement[bool]:
        """True when the conversation has any of ``tags``."""
        return (
            select(TAGS.c.id)
            .where(TAGS.c.conversation_id == conversation_id, TAGS.c.tag.in_(list(tags)))
            .exists()
        )

    def tags_of(
        self, connection: Connection, conversation_ids: Sequence[str]
    ) -> Mapping[str, Sequence[str]]:
        """Each conversation's tags."""
        found: dict[str, list[str]] = {}
        rows = connection.execute(
            select(TAGS.c.conversation_id, TAGS.c.tag).where(
                TAGS.c.conversation_id.in_(list(conversation_ids))
            )
        )
        for conversation_id, tag in rows:
            found.setdefault(str(conversation_id), []).append(str(tag))
        return found


TAG_SOURCE = TagTable()


class TagService:
    """Adding, removing and counting tags."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        """Works on ``database``; ``clock`` stamps new tags."""
        self._database = database
        self._clock = clock

    def _tags(self, connection: Connection, conversation_id: str) -> tuple[str, ...]:
        rows = connection.execute(
            select(TAGS.c.tag).where(TAGS.c.conversation_id == conversation_id).order_by(TAGS.c.tag)
        )
        return tuple(str(tag) for tag in rows.scalars())

    def of(self, conversation_id: str) -> tuple[str, ...]:
        """The conversation's tags, alphabetically."""
        with self._database.begin() as connection:
            return self._tags(connection, conversation_id)

    def add(self, conversation_id: str, tag: Any, author: str) -> tuple[str, ...]:
        """Tag the conversation (once; again changes nothing); its tags afterwards.
        :class:`NotFoundError` without such a conversation."""
        name = normalise_tag(tag)
        with self._database.begin() as connection:
            require_conversation(connection, conversation_id)
            present = self._tags(connection, conversation_id)
            if name in present:
                return present
            if len(present) >= MAX_TAGS:
                raise AnnotationError(f"a conversation has at most {MAX_TAGS} tags")
            insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
            connection.execute(  # another lead may add it at the same moment
                insert(TAGS)
                .values(
                    conversation_id=conversation_id,
                    tag=name,
                    author=author,
                    created_at=self._clock(),
                )
                .on_conflict_do_nothing(index_elements=["conversation_id", "tag"])
            )
            return self._tags(connection, conversation_id)

    def remove(self, conversation_id: str, tag: Any) -> tuple[str, ...]:
        """Take the tag off (nothing when it was not there); the tags afterwards."""
        name = normalise_tag(tag)
        with self._database.begin() as connection:
            require_conversation(connection, conversation_id)
            connection.execute(
                delete(TAGS).where(TAGS.c.conversation_id == conversation_id, TAGS.c.tag == name)
            )
            return self._tags(connection, conversation_id)

    def counts(self, limit: int = 200) -> tuple[Count, ...]:
        """Every tag in use and how many conversations have it, most used first."""
        number = func.count(TAGS.c.id)
        statement = (
            select(TAGS.c.tag, number)
            .group_by(TAGS.c.tag)
            .order_by(number.desc(), TAGS.c.tag)
            .limit(limit)
        )
        with self._database.begin() as connection:
            return tuple(
                Count(str(tag), int(count)) for tag, count in connection.execute(statement)
            )
