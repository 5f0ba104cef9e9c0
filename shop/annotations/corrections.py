"""Intent corrections and examples: what the bot should have understood in a shopper turn.

A lead corrects a turn's intent (and entities), or adds a turn the bot understood well as
an example; either way one row per turn (correcting it again replaces the row and opens
it again). The message is kept as the console shows it, redacted, and the entities are
spans of that text. Open corrections wait for a developer, who exports them per language
(:mod:`shop.annotations.nlu_yaml`), adds them to ``data/nlu/`` and marks them done; a
lead may dismiss one instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, insert, select, update

from core.db.annotation_models import CORRECTION_KINDS, CORRECTION_STATUSES
from core.db.base import utc_now
from core.db.database import Database
from core.errors import AnnotationError, NotFoundError
from core.redaction import redact
from shop.annotations.spans import check_spans, redacted_spans
from shop.annotations.tables import CORRECTIONS
from shop.annotations.views import CorrectionPage, CorrectionView, Count, EntitySpan
from shop.annotations.vocabulary import Vocabulary
from shop.conversations.tables import SUMMARIES, TURNS

__all__ = [
    "LANGUAGE_PATTERN",
    "MAX_PAGE_SIZE",
    "PAYLOAD_PREFIX",
    "CorrectionService",
    "check_kind",
    "check_language",
    "check_status",
]

LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
#: A button's payload (``/intent{...}``): the model never reads it as text.
PAYLOAD_PREFIX = "/"
MAX_PAGE_SIZE = 200
_EXPORT_BATCH = 500


def check_language(value: Any) -> str:
    """A language code (``de``, ``pt-BR``); :class:`AnnotationError` otherwise."""
    if not isinstance(value, str) or not LANGUAGE_PATTERN.fullmatch(value):
        raise AnnotationError("a language is a code such as 'de' or 'pt-BR'")
    return value


def check_status(value: Any) -> str:
    """One of :data:`~core.db.annotation_models.CORRECTION_STATUSES`."""
    if value not in CORRECTION_STATUSES:
        raise AnnotationError(f"a status is one of {', '.join(CORRECTION_STATUSES)}")
    return str(value)


def check_kind(value: Any) -> str:
    """One of :data:`~core.db.annotation_models.CORRECTION_KINDS`."""
    if value not in CORRECTION_KINDS:
        raise AnnotationError(f"a kind is one of {', '.join(CORRECTION_KINDS)}")
    return str(value)


def _spans(raw: Any) -> tuple[EntitySpan, ...]:
    spans = []
    for entry in raw or ():
        spans.append(
            EntitySpan(
                int(entry["start"]), int(entry["end"]), str(entry["entity"]), entry.get("value")
            )
        )
    return tuple(spans)


def _view(row: Any) -> CorrectionView:
    values = row._mapping
    return CorrectionView(
        id=int(values["id"]),
        conversation_id=values["conversation_id"],
        turn_position=int(values["turn_position"]),
        message_id=values["message_id"],
        text=values["text"],
        language=values["language"],
        predicted_intent=values["predicted_intent"],
        predicted_confidence=values["predicted_confidence"],
        intent=values["intent"],
        entities=_spans(values["entities"]),
        kind=values["kind"],
        status=values["status"],
        author=values["author"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        reviewed_by=values["reviewed_by"],
        reviewed_at=values["reviewed_at"],
    )


class CorrectionService:
    """Recording, listing, reviewing and counting corrections."""

    def __init__(
        self,
        database: Database,
        vocabulary: Vocabulary,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Works on ``database``; intents and entities must be the ``vocabulary``'s."""
        self._database = database
        self.vocabulary = vocabulary
        self._clock = clock

    # --- writing -------------------------------------------------------------------------

    def record(
        self,
        conversation_id: str,
        position: int,
        *,
        intent: Any,
        entities: Any = (),
        kind: Any = "correction",
        author: str,
        language: Any = None,
    ) -> CorrectionView:
        """Correct turn ``position`` of the conversation (or add it as an example).

        ``entities`` are spans of the turn's text as the console shows it (redacted).
        :class:`NotFoundError` without such a turn; :class:`AnnotationError` for an intent
        or entity outside the domain, spans outside the text, a button's payload.
        """
        name = self.vocabulary.intent(intent)
        kind = check_kind(kind)
        turn = self._turn(conversation_id, position)
        text = redact(str(turn["text"] or ""))
        if not text.strip():
            raise AnnotationError("this turn has no text to learn from")
        if text.lstrip().startswith(PAYLOAD_PREFIX):
            raise AnnotationError("a button's payload is not a message to learn from")
        spans = check_spans(text, entities, self.vocabulary)
        if language is None or language == "":
            language = turn["language"] or turn["conversation_language"]
            if language is None:
                raise AnnotationError("say which language the message is in")
        language = check_language(language)
        now = self._clock()
        values = {
            "message_id": turn["message_id"],
            "text": text,
            "language": language,
            "predicted_intent": turn["intent"],
            "predicted_confidence": turn["confidence"],
            "intent": name,
            "entities": [span.to_dict() for span in spans],
            "kind": kind,
            "status": "open",
            "author": author,
            "updated_at": now,
            "reviewed_by": None,
            "reviewed_at": None,
        }
        where = and_(
            CORRECTIONS.c.conversation_id == conversation_id,
            CORRECTIONS.c.turn_position == position,
        )
        with self._database.begin() as connection:
            changed = connection.execute(update(CORRECTIONS).where(where).values(values))
            if not changed.rowcount:
                connection.execute(
                    insert(CORRECTIONS).values(
                        conversation_id=conversation_id,
                        turn_position=position,
                        created_at=now,
                        **values,
                    )
                )
            row = connection.execute(select(CORRECTIONS).where(where)).one()
        return _view(row)

    def set_status(self, correction_id: int, status: Any, reviewer: str) -> CorrectionView:
        """Mark a correction done, dismissed, or open again (who and when are kept)."""
        status = check_status(status)
        reopened = status == "open"
        with self._database.begin() as connection:
            changed = connection.execute(
                update(CORRECTIONS)
                .where(CORRECTIONS.c.id == correction_id)
                .values(
                    status=status,
                    reviewed_by=None if reopened else reviewer,
                    reviewed_at=None if reopened else self._clock(),
                )
            )
            if not changed.rowcount:
                raise NotFoundError("no correction has this id")
            row = connection.execute(
                select(CORRECTIONS).where(CORRECTIONS.c.id == correction_id)
            ).one()
        return _view(row)

    def _turn(self, conversation_id: str, position: int) -> Any:
        statement = (
            select(
                TURNS.c.text,
                TURNS.c.intent,
                TURNS.c.confidence,
                TURNS.c.language,
                TURNS.c.message_id,
                SUMMARIES.c.language.label("conversation_language"),
            )
            .join(SUMMARIES, TURNS.c.conversation_pk == SUMMARIES.c.id)
            .where(SUMMARIES.c.conversation_id == conversation_id, TURNS.c.position == position)
        )
        with self._database.begin() as connection:
            row = connection.execute(statement).first()
        if row is None:
            raise NotFoundError("the conversation has no such turn")
        return row._mapping

    # --- reading -------------------------------------------------------------------------

    def get(self, correction_id: int) -> CorrectionView:
        """One correction; :class:`NotFoundError` when there is none."""
        with self._database.begin() as connection:
            row = connection.execute(
                select(CORRECTIONS).where(CORRECTIONS.c.id == correction_id)
            ).first()
        if row is None:
            raise NotFoundError("no correction has this id")
        return _view(row)

    def of_conversation(self, conversation_id: str) -> tuple[CorrectionView, ...]:
        """The conversation's corrections, by turn."""
        statement = (
            select(CORRECTIONS)
            .where(CORRECTIONS.c.conversation_id == conversation_id)
            .order_by(CORRECTIONS.c.turn_position)
        )
        with self._database.begin() as connection:
            return tuple(_view(row) for row in connection.execute(statement))

    def suggested_entities(self, conversation_id: str) -> dict[int, tuple[EntitySpan, ...]]:
        """The entities the bot found in each turn, as spans of the redacted text the
        console shows (a starting point for a correction)."""
        statement = (
            select(TURNS.c.position, TURNS.c.text, TURNS.c.entities)
            .join(SUMMARIES, TURNS.c.conversation_pk == SUMMARIES.c.id)
            .where(SUMMARIES.c.conversation_id == conversation_id)
        )
        with self._database.begin() as connection:
            rows = connection.execute(statement).all()
        found: dict[int, tuple[EntitySpan, ...]] = {}
        for position, text, entities in rows:
            spans = redacted_spans(str(text or ""), entities or ())
            if spans:
                found[int(position)] = spans
        return found

    @staticmethod
    def _filtered(
        statement: Select[Any],
        status: str | None,
        language: str | None,
        intent: str | None,
    ) -> Select[Any]:
        if status is not None:
            statement = statement.where(CORRECTIONS.c.status == check_status(status))
        if language is not None:
            statement = statement.where(CORRECTIONS.c.language == check_language(language))
        if intent is not None:
            statement = statement.where(CORRECTIONS.c.intent == intent)
        return statement

    def list(
        self,
        *,
        status: str | None = "open",
        language: str | None = None,
        intent: str | None = None,
        page: int = 1,
        size: int = 50,
    ) -> CorrectionPage:
        """A page of corrections, newest change first (``None``: any status, language or
        intent)."""
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            raise AnnotationError(f"pages are numbered from 1 and hold 1-{MAX_PAGE_SIZE} rows")
        rows = self._filtered(select(CORRECTIONS), status, language, intent)
        rows = rows.order_by(CORRECTIONS.c.updated_at.desc(), CORRECTIONS.c.id.desc())
        counted = self._filtered(select(func.count(CORRECTIONS.c.id)), status, language, intent)
        with self._database.begin() as connection:
            items = tuple(
                _view(row) for row in connection.execute(rows.limit(size).offset((page - 1) * size))
            )
            total = int(connection.execute(counted).scalar() or 0)
        return CorrectionPage(items, total, page, size)

    def _counts(self, column: Any, statement: Select[Any]) -> tuple[Count, ...]:
        number = func.count(CORRECTIONS.c.id)
        grouped = (
            statement.add_columns(column, number).group_by(column).order_by(number.desc(), column)
        )
        with self._database.begin() as connection:
            return tuple(
                Count(str(name), int(count))
                for name, count in connection.execute(grouped)
                if name is not None
            )

    def open_by_intent(self, language: str | None = None) -> tuple[Count, ...]:
        """How many open corrections each intent has (the intent they should have had)."""
        statement = self._filtered(select(), "open", language, None)
        return self._counts(CORRECTIONS.c.intent, statement)

    def by_language(self, status: str | None = "open") -> tuple[Count, ...]:
        """How many corrections (of ``status``) each language has."""
        return self._counts(CORRECTIONS.c.language, self._filtered(select(), status, None, None))

    def most_corrected(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        language: str | None = None,
        limit: int = 10,
    ) -> tuple[Count, ...]:
        """The intents the bot most often got wrong: the predicted intent of corrections
        that changed it (any status but dismissed), ``since`` inclusive, ``until``
        exclusive (when the correction was made)."""
        statement = select().where(
            CORRECTIONS.c.kind == "correction",
            CORRECTIONS.c.status != "dismissed",
            CORRECTIONS.c.predicted_intent.is_not(None),
            CORRECTIONS.c.predicted_intent != CORRECTIONS.c.intent,
        )
        if since is not None:
            statement = statement.where(CORRECTIONS.c.created_at >= since)
        if until is not None:
            statement = statement.where(CORRECTIONS.c.created_at < until)
        statement = self._filtered(statement, None, language, None)
        return self._counts(CORRECTIONS.c.predicted_intent, statement)[:limit]

    def for_export(self, language: str, status: str | None = "open") -> Iterator[CorrectionView]:
        """Every correction of ``language`` (and ``status``), by intent, oldest first."""
        statement = self._filtered(select(CORRECTIONS), status, language, None).order_by(
            CORRECTIONS.c.intent, CORRECTIONS.c.created_at, CORRECTIONS.c.id
        )
        offset = 0
        while True:
            with self._database.begin() as connection:
                rows = connection.execute(statement.limit(_EXPORT_BATCH).offset(offset)).all()
            yield from (_view(row) for row in rows)
            if len(rows) < _EXPORT_BATCH:
                return
            offset += _EXPORT_BATCH
