"""``shopbot demo conversations`` against the real servers (see conftest): a small run makes
conversations in several languages with a hand-over, a rating and a failed search, all of
it read back from the tracker store; the same seed again adds nothing; ``--if-empty``
leaves a store that has enough conversations alone."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from sqlalchemy import text

from core.db.database import Database
from shop.feedback import TrackerEvents
from shop.support.transcript import AGENT_METADATA_KEY
from shopbot.demo.plans import SHOWCASE, sender_id
from shopbot.runtime import offline_environment
from tests.e2e.conftest import SHOPBOT, Stack

pytestmark = pytest.mark.e2e

SEED = 4242  # this test's own conversation ids: demo-4242-0000 ...
N = 6  # the showcase's first six: order status (en), hand-over (es), failed search (de),
# frustrated (fr), search (it), wrong email then right (en)


def demo(stack: Stack, *args: str) -> dict[str, Any]:
    """Run ``shopbot demo conversations ARGS --json`` against the stack; its summary."""
    done = subprocess.run(
        [str(SHOPBOT), "demo", "conversations", *args, "--json"],
        capture_output=True,
        text=True,
        env=offline_environment(stack.env),
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def stored_events(stack: Stack, senders: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each conversation's events as Rasa stored them."""
    database = Database(stack.tracker_store_url)
    try:
        store = TrackerEvents(database)
        return {sender: store.events(sender) for sender in senders}
    finally:
        database.dispose()


def detected_languages(events: list[dict[str, Any]]) -> set[str]:
    """The languages the bot's NLU read in the shopper's typed messages."""
    return {
        str(event["parse_data"]["language"]["language"])
        for event in events
        if event.get("event") == "user"
        and not str(event.get("text") or "").startswith("/")
        and (event.get("parse_data") or {}).get("language")
    }


def ratings(events: list[dict[str, Any]]) -> list[Any]:
    """The ratings the bot recorded (slot events)."""
    return [
        event.get("value")
        for event in events
        if event.get("event") == "slot" and event.get("name") == "satisfaction_rating"
    ]


def failed_searches(events: list[dict[str, Any]]) -> int:
    """Product searches the bot answered with one of its no-match responses."""
    count, searching = 0, False
    for event in events:
        if event.get("event") == "action":
            searching = event.get("name") == "action_search_products"
        elif event.get("event") == "bot" and searching:
            response = str((event.get("metadata") or {}).get("utter_action") or "")
            if response.startswith("utter_search_no_match"):
                count += 1
                searching = False
    return count


def test_a_small_run_drives_the_bot_in_several_languages(stack: Stack) -> None:
    assert [language for _, language in SHOWCASE[:N]] == ["en", "es", "de", "fr", "it", "en"]
    summary = demo(stack, "--n", str(N), "--seed", str(SEED), "--concurrency", "3")
    assert summary["created"] == N and summary["failed"] == 0, summary
    senders = [sender_id(SEED, index) for index in range(N)]
    events = stored_events(stack, senders)

    # Every conversation is the real bot's: the shopper's messages went through the NLU,
    # and the bot answered each of them.
    for sender, stream in events.items():
        typed = [e for e in stream if e.get("event") == "user"]
        assert typed and all((e.get("parse_data") or {}).get("intent") for e in typed), sender
        assert any(e.get("event") == "bot" for e in stream), sender

    languages = set().union(*(detected_languages(stream) for stream in events.values()))
    assert {"en", "es", "de"} <= languages, languages
    assert any(rating in ("5", 5) for stream in events.values() for rating in ratings(stream))
    assert sum(failed_searches(stream) for stream in events.values()) >= 1

    # The hand-over: a ticket in the order database, answered by the demo agent through
    # the desk (an agent's message in the tracker), then handed back.
    with stack.database.session() as session:
        tickets = session.execute(
            text("SELECT status FROM handover_tickets WHERE conversation_id = :id"),
            {"id": senders[1]},
        ).all()
    assert tickets and tickets[0][0] == "closed"
    assert any(
        (e.get("metadata") or {}).get(AGENT_METADATA_KEY)
        for e in events[senders[1]]
        if e.get("event") == "bot"
    )
    assert summary["tickets"] >= 1 and summary["answered_by_agent"] >= 1
    assert summary["failed_searches"] >= 1 and summary["ratings"]

    # The same seed again: every conversation is there already, nothing is added.
    again = demo(stack, "--n", str(N), "--seed", str(SEED))
    assert (again["created"], again["already_there"]) == (0, N)
    # --if-empty: the store holds at least N conversations, so nothing is even planned.
    skipped = demo(stack, "--n", str(N), "--seed", str(SEED + 1), "--if-empty")
    assert skipped["skipped"] and skipped["created"] == 0
