"""The annotation services together, as the console uses them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from core.db.base import utc_now
from core.db.database import Database
from core.settings import Settings
from shop.annotations.corrections import CorrectionService
from shop.annotations.notes import NoteService
from shop.annotations.tags import TagService
from shop.annotations.vocabulary import Vocabulary

__all__ = ["Annotations"]


@dataclass(frozen=True)
class Annotations:
    """Tags, notes and corrections over one database and the domain's vocabulary."""

    tags: TagService
    notes: NoteService
    corrections: CorrectionService

    @classmethod
    def build(
        cls,
        database: Database,
        vocabulary: Vocabulary,
        clock: Callable[[], datetime] = utc_now,
    ) -> Annotations:
        """The services on ``database``."""
        return cls(
            TagService(database, clock),
            NoteService(database, clock),
            CorrectionService(database, vocabulary, clock),
        )

    @classmethod
    def from_settings(cls, database: Database, settings: Settings) -> Annotations:
        """The services with the vocabulary of the settings' domain file."""
        return cls.build(database, Vocabulary.from_domain(settings.domain_file))

    @property
    def vocabulary(self) -> Vocabulary:
        """The intents and entities corrections may name."""
        return self.corrections.vocabulary
