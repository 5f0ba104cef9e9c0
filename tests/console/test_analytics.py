"""The dashboard's definitions (docs/console.md, "Analytics") on the hand-made set of
:mod:`tests.console.analytics_set` (its table says what each conversation does): Rasa events
written by hand, folded by the summaries' own fold, stored, then every figure asserted;
with the counts retention keeps; SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from core.db.database import Database
from core.errors import NotFoundError
from shop.analytics import (
    MAX_DAYS,
    MEASURES,
    AnalyticsFilters,
    MeasureResult,
    filter_options,
    measure,
    to_csv,
)
from shop.analytics.searches import query_key
from tests.console.analytics_set import FIRST, LAST, SCRIPTS, remove_set, store_set

RANGE = AnalyticsFilters(FIRST, LAST)


@pytest.fixture(scope="module")
def dashboard(database: Database) -> Iterator[Database]:
    """The set, folded and stored, and retention's counts."""
    store_set(database)
    yield database
    remove_set(database)


def get(database: Database, name: str, filters: AnalyticsFilters = RANGE) -> MeasureResult:
    return measure(database, name, filters)


def by_day(result: MeasureResult, *columns: str) -> dict[str, tuple[Any, ...]]:
    return {
        str(row["day"]): tuple(row[column] for column in columns)
        for row in (dict(zip(result.columns, cells, strict=True)) for cells in result.rows)
    }


# --- the hand-made set is what the table above says -------------------------------------


def test_the_set_starts_where_the_table_says() -> None:
    starts = {name: script.events[0]["timestamp"] for name, script in SCRIPTS.items()}
    day = {name: datetime.fromtimestamp(moment, UTC).date().day for name, moment in starts.items()}
    assert day == {"a": 28, "b": 28, "c": 29, "d": 29, "e": 30, "f": 30, "g": 30, "h": 27, "i": 31}
    assert datetime.fromtimestamp(starts["i"], UTC) == datetime(2026, 5, 31, tzinfo=UTC)


# --- volume --------------------------------------------------------------------------------


def test_conversations_per_day_by_channel_with_the_retained_counts(dashboard: Database) -> None:
    result = get(dashboard, "conversations_by_channel")
    assert result.columns == ("day", "socketio", "telegram", "rest", "unknown", "total")
    assert [list(row) for row in result.rows] == [
        ["2026-05-28", 2, 0, 0, 0, 2],
        ["2026-05-29", 3, 2, 1, 1, 7],  # c, d and the five retention counted
        ["2026-05-30", 1, 1, 1, 0, 3],
    ]
    assert result.figures["conversations"] == 12
    assert result.figures["retained"] == 5
    assert result.figures["channels"] == ["socketio", "telegram", "rest", "unknown"]


def test_conversations_per_day_by_language(dashboard: Database) -> None:
    result = get(dashboard, "conversations_by_language")
    assert result.columns == ("day", "en", "unknown", "de", "es", "fr", "total")
    assert by_day(result, "en", "unknown", "de", "es", "fr", "total") == {
        "2026-05-28": (1, 0, 1, 0, 0, 2),
        "2026-05-29": (4, 3, 0, 0, 0, 7),
        "2026-05-30": (1, 0, 0, 1, 1, 3),
    }


def test_the_channel_and_language_filters_apply_to_the_retained_counts_too(
    dashboard: Database,
) -> None:
    socketio = AnalyticsFilters(FIRST, LAST, channels=("socketio",))
    result = get(dashboard, "conversations_by_channel", socketio)
    assert result.columns == ("day", "socketio", "total")
    assert result.column("total") == [2, 3, 1]  # d has no channel: no shopper message
    english = AnalyticsFilters(FIRST, LAST, languages=("en",))
    assert get(dashboard, "conversations_by_language", english).column("total") == [1, 4, 1]


def test_days_without_conversations_are_zero_and_the_range_ends_are_exact(
    dashboard: Database,
) -> None:
    wider = AnalyticsFilters(date(2026, 5, 26), date(2026, 6, 1))
    totals = get(dashboard, "conversations_by_channel", wider).column("total")
    assert totals == [0, 5, 2, 7, 3, 1, 0]  # 27th: h and 4 retained; 31st: i
    assert get(dashboard, "conversations_by_channel", AnalyticsFilters(LAST, LAST)).column(
        "total"
    ) == [3]


# --- outcomes -------------------------------------------------------------------------------


def test_automation_rate_counts_engaged_conversations_that_no_person_touched(
    dashboard: Database,
) -> None:
    result = get(dashboard, "automation")
    # engaged: a b c e f g (d wrote nothing); without a person: a, f (e had an agent's message)
    assert dict(result.figures) == {
        "numerator": 2,
        "denominator": 6,
        "rate": 0.3333,
        "without_message": 1,
    }
    assert by_day(result, "conversations", "automated", "rate") == {
        "2026-05-28": (2, 1, 0.5),
        "2026-05-29": (1, 0, 0.0),
        "2026-05-30": (3, 1, 0.3333),
    }


def test_a_day_without_engaged_conversations_has_no_rate(dashboard: Database) -> None:
    day = AnalyticsFilters(date(2026, 5, 25), date(2026, 5, 25))
    result = get(dashboard, "automation", day)
    assert result.rows == (("2026-05-25", 0, 0, None),)
    assert result.figures["rate"] is None


def test_handover_rate(dashboard: Database) -> None:
    result = get(dashboard, "handover")
    assert (result.figures["numerator"], result.figures["denominator"]) == (3, 6)
    assert result.figures["rate"] == 0.5
    assert by_day(result, "conversations", "handed_over", "rate") == {
        "2026-05-28": (2, 1, 0.5),
        "2026-05-29": (1, 1, 1.0),
        "2026-05-30": (3, 1, 0.3333),
    }


def test_handover_reasons_are_each_conversations_latest(dashboard: Database) -> None:
    result = get(dashboard, "handover_reasons")
    assert result.rows == (
        ("human_only", 1, 0.3333),  # g: its second hand-over
        ("not_understood", 1, 0.3333),  # c
        ("requested", 1, 0.3333),  # b
    )
    assert result.figures["handed_over"] == 3


def test_fallback_rate_per_conversation_and_per_message(dashboard: Database) -> None:
    result = get(dashboard, "fallback")
    assert (result.figures["numerator"], result.figures["denominator"]) == (2, 6)
    assert result.figures["rate"] == 0.3333
    # c's message was nlu_fallback and ran action_fallback: one fallback turn, not two
    assert (result.figures["fallback_messages"], result.figures["messages"]) == (2, 14)
    assert result.figures["message_rate"] == 0.1429
    assert result.column("rate") == [0.5, 1.0, 0.0]


def test_the_language_filter_narrows_the_rates(dashboard: Database) -> None:
    english = AnalyticsFilters(FIRST, LAST, languages=("en",))
    result = get(dashboard, "automation", english)
    assert (result.figures["numerator"], result.figures["denominator"]) == (2, 3)  # a, f of a c f


# --- sentiment, ratings ------------------------------------------------------------------------


def test_mean_sentiment_weighs_every_scored_message(dashboard: Database) -> None:
    result = get(dashboard, "sentiment")
    assert by_day(result, "scored_messages", "mean_sentiment") == {
        "2026-05-28": (3, 0.1),  # a: 0.6, 0.2 and b: -0.5 (payloads have no score)
        "2026-05-29": (1, -0.3),
        "2026-05-30": (8, -0.325),  # e: -0.9 0.1 0; f: 0 0 -0.4; g: -0.8 -0.6
    }
    assert result.figures["mean"] == -0.2167
    assert result.figures["scored_messages"] == 12


def test_rating_distribution_and_response_rate(dashboard: Database) -> None:
    result = get(dashboard, "ratings")
    assert [list(row) for row in result.rows] == [
        [1, 0, 0.0],
        [2, 1, 0.5],
        [3, 0, 0.0],
        [4, 0, 0.0],
        [5, 1, 0.5],
    ]
    # asked: a and e (the question), f (rated unasked); rated: a, f
    assert dict(result.figures) == {
        "rated": 2,
        "asked": 3,
        "response_rate": 0.6667,
        "mean_rating": 3.5,
    }


# --- intents, searches, agents ---------------------------------------------------------------


def test_top_intents_count_shopper_messages(dashboard: Database) -> None:
    result = get(dashboard, "top_intents")
    assert result.rows == (
        ("search_product", 6, 0.4286),
        ("human_handoff", 2, 0.1429),
        ("nlu_fallback", 2, 0.1429),
        ("rate_conversation", 2, 0.1429),
        ("complain", 1, 0.0714),
        ("greet", 1, 0.0714),
    )
    assert result.figures["total"] == 14


def test_most_corrected_intents_count_corrections_that_changed_the_intent(
    dashboard: Database,
) -> None:
    result = get(dashboard, "corrected_intents")
    # b, c: nlu_fallback; f: search_product. Not: a (same intent), e (dismissed; an
    # example), h (before the range)
    assert result.rows == (("nlu_fallback", 2, 0.6667), ("search_product", 1, 0.3333))
    assert (result.figures["total"], result.figures["intents"]) == (3, 2)
    first_day = get(dashboard, "corrected_intents", AnalyticsFilters(FIRST, FIRST))
    assert first_day.rows == (("nlu_fallback", 1, 1.0),)
    socketio = AnalyticsFilters(FIRST, LAST, channels=("socketio",))
    assert get(dashboard, "corrected_intents", socketio).figures["total"] == 2  # b, f


def test_failed_searches_by_their_words(dashboard: Database) -> None:
    result = get(dashboard, "failed_searches")
    # a: 1 search that listed; e: 3 that found nothing; f: 1 that found nothing, 1 unanswered
    assert {key: result.figures[key] for key in ("searches", "failed", "no_result_rate")} == {
        "searches": 6,
        "failed": 4,
        "no_result_rate": 0.6667,
    }
    assert result.rows == (
        ("botas rojas", 2),
        ("=cmd|' /c calc'!a0", 1),
        ("my email is [email], find boots", 1),
    )
    assert result.figures["distinct_queries"] == 3
    assert query_key("Bob@Example.com  wants\tBOOTS") == "[email] wants boots"


def test_median_first_response_of_agents(dashboard: Database) -> None:
    result = get(dashboard, "first_response")
    # b: 90.02 s, g: 30.01 s (its first hand-over); c: never answered; e: no hand-over
    assert dict(result.figures) == {"median_seconds": 60.0, "answered": 2, "unanswered": 1}
    assert by_day(result, "answered", "unanswered", "median_seconds") == {
        "2026-05-28": (1, 0, 90.0),
        "2026-05-29": (0, 1, None),
        "2026-05-30": (1, 0, 30.0),
    }


# --- the catalog, CSV, filters ---------------------------------------------------------------


def test_every_measure_answers_on_an_empty_range(dashboard: Database) -> None:
    empty = AnalyticsFilters(date(2020, 1, 1), date(2020, 1, 2))
    for name in MEASURES:
        result = get(dashboard, name, empty)
        assert result.measure == name
        assert result.to_dict()["filters"] == {
            "from": "2020-01-01",
            "to": "2020-01-02",
            "languages": [],
            "channels": [],
        }
    with pytest.raises(NotFoundError):
        get(dashboard, "no_such_measure")


def test_csv_has_the_columns_and_defuses_formulas(dashboard: Database) -> None:
    text = to_csv(get(dashboard, "failed_searches"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["query", "searches"]
    assert rows[2] == ["'=cmd|' /c calc'!a0", "1"]
    empty_rate = to_csv(get(dashboard, "automation", AnalyticsFilters(FIRST, FIRST)))
    assert empty_rate.splitlines()[1] == "2026-05-28,2,1,0.5"
    negative = to_csv(get(dashboard, "sentiment", AnalyticsFilters(LAST, LAST)))
    assert negative.splitlines()[1] == "2026-05-30,8,-0.325"  # numbers are left alone


def test_filter_options_list_what_conversations_have(dashboard: Database) -> None:
    options = filter_options(dashboard)
    assert options.channels == ("rest", "socketio", "telegram")
    assert options.languages == ("de", "en", "es", "fr")


@pytest.mark.parametrize(
    ("first", "last", "extra"),
    [
        (date(2026, 5, 2), date(2026, 5, 1), {}),
        (date(2020, 1, 1), date(2020, 1, 1).replace(year=2023), {}),
        (FIRST, LAST, {"languages": ("en'; drop",)}),
        (FIRST, LAST, {"channels": ("",)}),
    ],
)
def test_filters_refuse_what_they_cannot_mean(
    first: date, last: date, extra: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        AnalyticsFilters(first, last, **extra)


def test_the_longest_range_and_the_default_one() -> None:
    longest = AnalyticsFilters.recent(date(2026, 5, 30), days=MAX_DAYS)
    assert longest.day_count == MAX_DAYS and longest.last == date(2026, 5, 30)
    recent = AnalyticsFilters.recent(date(2026, 5, 30))
    assert (recent.first, recent.last, recent.day_count) == (date(2026, 5, 1), LAST, 30)
