"""How the dashboard shows each measure: title, caption, chart, and a one-line headline.

:data:`CHARTS` lists the charts in page order, one per measure of
:data:`shop.analytics.MEASURES`; the template turns each into a card (``data-`` attributes
tell ``web/console/analytics.js`` how to draw it) and :func:`headline` words a result's
figures for people (the chart's accessible name and the line above it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shop.analytics import MeasureResult

__all__ = ["CHARTS", "Chart", "duration", "headline", "percent"]


@dataclass(frozen=True)
class Chart:
    """One card of the dashboard.

    ``kind``: ``line`` or ``bar``; ``series``: the columns drawn (``*``: every column but
    the first and ``total``); ``horizontal``: bars along the x axis (rankings);
    ``stacked``: stacked bars; ``scale``: ``percent`` (rates 0-1 shown as %),
    ``sentiment`` (-1 to 1) or ``count``; ``unit``: the value axis's title, if any.
    """

    measure: str
    title: str
    caption: str
    kind: str = "line"
    series: str = "*"
    horizontal: bool = False
    stacked: bool = False
    scale: str = "count"
    unit: str = ""


CHARTS: tuple[Chart, ...] = (
    Chart(
        "conversations_by_channel",
        "Conversations per day by channel",
        "Every conversation on the UTC day it started, by the channel of its shopper's "
        "messages; days older than the retention period come from the counts it keeps.",
        kind="bar",
        stacked=True,
    ),
    Chart(
        "conversations_by_language",
        "Conversations per day by language",
        "Every conversation on the UTC day it started, by its reply language "
        "(unknown: no message in a detected language).",
        kind="bar",
        stacked=True,
    ),
    Chart(
        "automation",
        "Automation rate",
        "Share of conversations with a shopper message that ended without a person: never "
        "handed over, and no agent wrote in them. Per day the conversations started.",
        series="rate",
        scale="percent",
    ),
    Chart(
        "handover",
        "Hand-over rate",
        "Share of conversations with a shopper message that were handed over to a person "
        "(paused for one), whether or not an agent took them.",
        series="rate",
        scale="percent",
    ),
    Chart(
        "handover_reasons",
        "Hand-over reasons",
        "Handed-over conversations by the reason of their latest hand-over: asked for a "
        "person, not understood, order check failed, a topic only people handle.",
        kind="bar",
        series="conversations",
        horizontal=True,
    ),
    Chart(
        "fallback",
        "Fallback rate",
        "Share of conversations with a shopper message in which the bot did not understand "
        "at least one message (nlu_fallback or a fallback action).",
        series="rate",
        scale="percent",
    ),
    Chart(
        "sentiment",
        "Mean sentiment",
        "Mean score of the shoppers' scored messages, from -1 (negative) to 1 (positive), "
        "per day the conversations started; button presses have no score.",
        series="mean_sentiment",
        scale="sentiment",
    ),
    Chart(
        "ratings",
        "Ratings",
        "Conversations by their 1-5 rating; the response rate is rated conversations over "
        "those asked for a rating (a rating given unasked counts as asked).",
        kind="bar",
        series="conversations",
    ),
    Chart(
        "top_intents",
        "Top intents",
        "Shopper messages per intent the model predicted (nlu_fallback: below its "
        "confidence threshold), the 15 most frequent.",
        kind="bar",
        series="messages",
        horizontal=True,
    ),
    Chart(
        "corrected_intents",
        "Most-corrected intents",
        "Corrections that changed a message's intent (made on the transcripts; dismissed "
        "ones left out), by the intent the model had predicted.",
        kind="bar",
        series="corrections",
        horizontal=True,
    ),
    Chart(
        "failed_searches",
        "Searches that found nothing",
        "Product searches that listed no product, by the shopper's words (redacted, lower "
        "case), the 25 most frequent.",
        kind="bar",
        series="searches",
        horizontal=True,
    ),
    Chart(
        "first_response",
        "Agents' first response",
        "Median time from a conversation's hand-over to the first message an agent wrote, "
        "per day the conversations started; hand-overs never answered are counted apart.",
        kind="bar",
        series="median_seconds",
        unit="seconds",
    ),
)


def percent(rate: Any) -> str:
    """A 0-1 rate as a percentage with one decimal ("n/a" without one)."""
    return "n/a" if rate is None else f"{rate * 100:.1f}%"


def duration(seconds: Any) -> str:
    """Seconds as "45 s", "1 min 30 s" or "2 h 5 min" ("n/a" without any)."""
    if seconds is None:
        return "n/a"
    whole = round(float(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _volume(f: Mapping[str, Any]) -> str:
    return (
        f"{f['conversations']} conversations, {f['retained']} of them from the counts "
        "retention keeps."
    )


def _rate(what: str) -> Callable[[Mapping[str, Any]], str]:
    def words(f: Mapping[str, Any]) -> str:
        return (
            f"{percent(f['rate'])} of {f['denominator']} conversations {what} ({f['numerator']})."
        )

    return words


def _automation(f: Mapping[str, Any]) -> str:
    return (
        _rate("ended without a person")(f)
        + f" Not counted: {f['without_message']} without a shopper message."
    )


def _fallback(f: Mapping[str, Any]) -> str:
    return (
        _rate("had a message the bot did not understand")(f)
        + f" {percent(f['message_rate'])} of {f['messages']} shopper messages."
    )


def _sentiment(f: Mapping[str, Any]) -> str:
    if f["mean"] is None:
        return "No scored shopper messages."
    return f"Mean sentiment {f['mean']:+.2f} over {f['scored_messages']} scored messages."


def _ratings(f: Mapping[str, Any]) -> str:
    mean = "n/a" if f["mean_rating"] is None else f"{f['mean_rating']:.1f}"
    return (
        f"{f['rated']} ratings from {f['asked']} conversations asked: response rate "
        f"{percent(f['response_rate'])}; mean rating {mean}."
    )


def _corrections(f: Mapping[str, Any]) -> str:
    if not f["total"]:
        return "No intent corrections in these conversations."
    return f"{f['total']} intent corrections over {f['intents']} predicted intents."


def _searches(f: Mapping[str, Any]) -> str:
    return (
        f"{f['failed']} of {f['searches']} product searches found nothing "
        f"({percent(f['no_result_rate'])}); {f['distinct_queries']} different searches."
    )


def _first_response(f: Mapping[str, Any]) -> str:
    return (
        f"Median first response {duration(f['median_seconds'])} over {f['answered']} "
        f"answered hand-overs; {f['unanswered']} never answered."
    )


_HEADLINES: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "conversations_by_channel": _volume,
    "conversations_by_language": _volume,
    "automation": _automation,
    "handover": _rate("were handed over to a person"),
    "handover_reasons": lambda f: f"{f['handed_over']} handed-over conversations by reason.",
    "fallback": _fallback,
    "sentiment": _sentiment,
    "ratings": _ratings,
    "top_intents": lambda f: f"{f['total']} shopper messages over {f['intents']} intents.",
    "corrected_intents": _corrections,
    "failed_searches": _searches,
    "first_response": _first_response,
}


def headline(result: MeasureResult) -> str:
    """The result's figures in one sentence."""
    words = _HEADLINES.get(result.measure)
    return words(result.figures) if words else ""
