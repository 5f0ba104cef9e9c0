"""What the conversation pages and their API share: the database, the settings, the
annotation services, and the filter values (cached for a minute)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from core.db.database import Database
from core.settings import Settings
from shop.annotations import Annotations
from shop.conversation_facets import Facets, facets
from shopbot.console.auth import ConsoleState
from shopbot.console.responses import in_thread

__all__ = ["FACETS_SECONDS", "ConversationsState", "FacetCache"]

#: How long the filter values (channels, languages, reasons) are reused.
FACETS_SECONDS = 60.0


@dataclass
class FacetCache:
    """The summaries' channels, languages and hand-over reasons, read at most once a
    minute (a new channel shows in the filters within a minute)."""

    database: Database
    seconds: float = FACETS_SECONDS
    clock: Callable[[], float] = time.monotonic
    _value: Facets | None = field(default=None, init=False)
    _read_at: float = field(default=0.0, init=False)

    async def get(self) -> Facets:
        """The values, read again when they are older than ``seconds``."""
        now = self.clock()
        if self._value is None or now - self._read_at > self.seconds:
            self._value = await in_thread(facets, self.database)
            self._read_at = now
        return self._value


@dataclass(frozen=True)
class ConversationsState:
    """The conversation pages' services."""

    database: Database
    settings: Settings
    annotations: Annotations
    facets: FacetCache

    @classmethod
    def of(cls, console: ConsoleState) -> ConversationsState:
        """Built from the console's state (reads the domain's intents and entities)."""
        return cls(
            console.database,
            console.settings,
            Annotations.from_settings(console.database, console.settings),
            FacetCache(console.database),
        )
