"""Intents: the most frequent ones, and the ones leads corrected most.

- **top intents**: shopper messages per predicted intent (``nlu_fallback`` included: it is
  what the model answered), the most frequent first; messages without an intent (the
  model gave none) are left out of the counts and the shares;
- **most-corrected intents**: the console's intent corrections (``nlu_corrections``, made
  by ``shop.annotations``) per intent the model had predicted, over the turns of the
  selected conversations. A correction counts when it changed the intent (an
  entities-only correction does not, nor an "add as example"), whatever its status but
  dismissed; as :meth:`shop.annotations.CorrectionService.most_corrected` counts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from core.db.annotation_models import NluCorrection
from core.db.database import Database
from shop.analytics.selection import AnalyticsFilters
from shop.analytics.views import MeasureResult, ratio
from shop.conversations.tables import SUMMARIES, TURNS

__all__ = ["TOP", "corrected_intents", "top_intents"]

#: How many intents a ranking lists.
TOP = 15
_CORRECTIONS = NluCorrection.__table__.c


def _ranked(
    measure: str,
    filters: AnalyticsFilters,
    counted: Mapping[str, int],
    column: tuple[str, str],
    figures: dict[str, Any],
) -> MeasureResult:
    everything = sum(counted.values())
    ranked = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    name, label = column
    return MeasureResult(
        measure=measure,
        filters=filters,
        columns=("intent", name, "share"),
        labels=("Intent", label, "Share"),
        rows=tuple((intent, count, ratio(count, everything)) for intent, count in ranked),
        figures={**figures, "total": everything, "intents": len(counted)},
    )


def top_intents(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Shopper messages per predicted intent (the :data:`TOP` most frequent)."""
    statement = (
        select(TURNS.c.intent, func.count())
        .join(SUMMARIES, TURNS.c.conversation_pk == SUMMARIES.c.id)
        .where(*filters.conditions(database.backend), TURNS.c.intent.is_not(None))
        .group_by(TURNS.c.intent)
    )
    with database.begin() as connection:
        counted = {str(intent): int(count) for intent, count in connection.execute(statement)}
    return _ranked("top_intents", filters, counted, ("messages", "Messages"), {})


def corrected_intents(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Intent corrections per predicted intent (the :data:`TOP` most corrected)."""
    conversations = select(SUMMARIES.c.conversation_id).where(*filters.conditions(database.backend))
    statement = (
        select(_CORRECTIONS.predicted_intent, func.count())
        .where(
            _CORRECTIONS.conversation_id.in_(conversations),
            _CORRECTIONS.kind == "correction",
            _CORRECTIONS.status != "dismissed",
            _CORRECTIONS.predicted_intent.is_not(None),
            _CORRECTIONS.predicted_intent != _CORRECTIONS.intent,
        )
        .group_by(_CORRECTIONS.predicted_intent)
    )
    with database.begin() as connection:
        counted = {str(intent): int(count) for intent, count in connection.execute(statement)}
    return _ranked("corrected_intents", filters, counted, ("corrections", "Corrections"), {})
