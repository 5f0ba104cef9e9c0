"""Notes on conversations: what a lead wants the next reader to know, with author and time.

Notes are stored redacted: an email or phone number typed into a note is masked before it
is written (a note is read by every lead, and exported nowhere).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from core.db.base import utc_now
from core.db.database import Database
from core.errors import AnnotationError
from core.redaction import redact
from shop.annotations.tables import NOTES, require_conversation
from shop.annotations.views import NoteView

__all__ = ["MAX_NOTE_CHARACTERS", "NoteService"]

MAX_NOTE_CHARACTERS = 4000


def _view(row: Any) -> NoteView:
    values = row._mapping
    return NoteView(
        id=int(values["id"]),
        conversation_id=values["conversation_id"],
        author=values["author"],
        body=values["body"],
        created_at=values["created_at"],
    )


class NoteService:
    """Writing and reading notes."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        """Works on ``database``; ``clock`` stamps new notes."""
        self._database = database
        self._clock = clock

    def add(self, conversation_id: str, body: Any, author: str) -> NoteView:
        """Write a note (1 to :data:`MAX_NOTE_CHARACTERS` characters, redacted);
        :class:`NotFoundError` without such a conversation."""
        if not isinstance(body, str) or not body.strip():
            raise AnnotationError("a note says something")
        text = body.strip().replace("\r\n", "\n")
        if len(text) > MAX_NOTE_CHARACTERS:
            raise AnnotationError(f"a note has at most {MAX_NOTE_CHARACTERS} characters")
        with self._database.begin() as connection:
            require_conversation(connection, conversation_id)
            row = connection.execute(
                insert(NOTES)
                .values(
                    conversation_id=conversation_id,
                    author=author,
                    body=redact(text),
                    created_at=self._clock(),
                )
                .returning(*NOTES.c)
            ).one()
        return _view(row)

    def of(self, conversation_id: str) -> tuple[NoteView, ...]:
        """The conversation's notes, oldest first."""
        statement = (
            select(NOTES)
            .where(NOTES.c.conversation_id == conversation_id)
            .order_by(NOTES.c.created_at, NOTES.c.id)
        )
        with self._database.begin() as connection:
            return tuple(_view(row) for row in connection.execute(statement))
