"""A hand-made set of conversations for the analytics tests: Rasa events written by hand,
folded by the summaries' own fold (:func:`store_set`), and the counts retention keeps.

The set (UTC days; the tests' range is 28-30 May 2026):

==  ======  ========  ========  ==================================================================
id  day     channel   language  what happens
==  ======  ========  ========  ==================================================================
a   28 May  socketio  en        greeting, a search that lists, asked for a rating, rates 5
b   28 May  socketio  de        not understood (fallback), asks for a person; agent answers 90 s in
c   29 May  rest      en        not understood, handed over at once (not_understood); nobody answers
d   29 May  (none)    (none)    the widget opened: the greeting only, no shopper message
e   30 May  telegram  es        three searches find nothing; asked for a rating, none given; an
                                agent writes without a hand-over
f   30 May  socketio  en        a search finds nothing, one the catalog cannot answer; rates 2
                                unasked
g   30 May  rest      fr        starts at 23:59:59.5: handed over (agent answers 30 s in), resumed,
                                handed over again (human_only)
h   27 May  socketio  en        before the range
i   31 May  socketio  en        its first event at 00:00:00.00 of 31 May: after the range
==  ======  ========  ========  ==================================================================

Retention counted 3 (socketio, en) and 2 (telegram, unknown) conversations of 29 May, and 4
of 27 May. Leads corrected (:data:`CORRECTIONS`): a's greeting (entities only: the intent
stayed), b's and c's fallbacks, one of e's searches (dismissed), f's search; e's second
search is an example; h's greeting (before the range).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete

from core.db.annotation_models import NluCorrection
from core.db.database import Database
from core.db.privacy_models import ConversationCount
from shop.conversations import ConversationState, erase_summaries, fold_events
from shop.conversations.store import save_states
from tests.console.rasa_events import Script

__all__ = [
    "CORRECTIONS",
    "FIRST",
    "LAST",
    "PREFIX",
    "RETAINED",
    "SCRIPTS",
    "at",
    "remove_set",
    "store_set",
]

FIRST, LAST = date(2026, 5, 28), date(2026, 5, 30)
#: The conversations' ids are this and their letter.
PREFIX = "conv-"


def at(day: int, hour: int = 0, minute: int = 0, second: float = 0.0) -> float:
    """An event timestamp on ``day`` May 2026 (UTC)."""
    return datetime(2026, 5, day, hour, minute, tzinfo=UTC).timestamp() + second


def conversation_a() -> Script:
    s = Script(at(28, 9), "socketio").session_start()
    s.user("hi", "greet", sentiment=("positive", 0.6)).action("utter_greet").bot(
        "Hi!", "utter_greet"
    )
    s.listen().user("waterproof boots", "search_product", sentiment=("neutral", 0.2))
    s.action("action_search_products").bot("Here you are", "utter_search_results")
    s.slot("shown_products", ["P1", "P2"]).action("action_ask_satisfaction")
    s.bot("How would you rate this chat?", "utter_ask_satisfaction").listen()
    s.user(
        '/rate_conversation{"satisfaction_rating": "5"}',
        "rate_conversation",
        1.0,
        runner_up=None,
        language=None,
        sentiment=None,
    )
    s.action("action_record_rating").slot("satisfaction_rating", 5.0)
    s.bot("Thank you for your rating (5/5)!", "utter_rating_thanks").listen()
    return s


def conversation_b() -> Script:
    s = Script(at(28, 15), "socketio").session_start()
    s.user("blorf", "nlu_fallback", 0.3, language="de", sentiment=("negative", -0.5))
    s.action("action_fallback").bot("Wie bitte?", "utter_rephrase").listen()
    s.user("/human_handoff", "human_handoff", 1.0, runner_up=None, language=None, sentiment=None)
    s.action("action_handover").bot("Ticket T-1 is open", "utter_handover_open").pause()
    s.wait(60).bot("Ana has joined", "utter_agent_joined")
    s.wait(30).bot("Hallo, hier ist Ana.", agent="Ana")  # 90.02 s after the pause
    return s


def conversation_c() -> Script:
    s = Script(at(29, 10), "rest").session_start()
    s.user("asdf qwer", "nlu_fallback", 0.2, sentiment=("negative", -0.3))
    s.action("action_fallback").bot("A person will help", "utter_handover_open").pause()
    return s


def conversation_d() -> Script:
    return Script(at(29, 12), "socketio").session_start().bot("Hi! How can I help?", "utter_greet")


def conversation_e() -> Script:
    s = Script(at(30, 8), "telegram").session_start()
    for text, score in (("Botas  ROJAS", -0.9), ("botas rojas", 0.1), ("=cmd|' /C calc'!A0", 0.0)):
        s.user(text, "search_product", language="es", sentiment=("neutral", score))
        s.action("action_search_products").bot("Nada", "utter_search_no_match").listen()
    s.action("action_ask_satisfaction").bot("¿Qué tal?", "utter_ask_satisfaction")
    s.bot("Soy Ana, del equipo de atención.", agent="Ana")
    return s


def conversation_f() -> Script:
    s = Script(at(30, 11), "socketio").session_start()
    s.user("my email is bob@example.com, find boots", "search_product", sentiment=("neutral", 0.0))
    s.action("action_search_products").bot("Nothing fits", "utter_search_no_match").listen()
    s.user("tents", "search_product", sentiment=("neutral", 0.0))
    s.action("action_search_products").bot("Search is down", "utter_products_unavailable")
    s.listen().user("2 stars", "rate_conversation", sentiment=("negative", -0.4))
    s.action("action_record_rating").slot("satisfaction_rating", 2.0)
    s.bot("Thank you for your rating (2/5)!", "utter_rating_thanks").listen()
    return s


def conversation_g() -> Script:
    s = Script(at(30, 23, 59, 59.5), "rest").session_start()
    s.user("je veux un humain", "human_handoff", language="fr", sentiment=("negative", -0.8))
    s.action("action_handover").bot("Ticket T-2", "utter_handover_open").pause()
    s.wait(30).bot("Bonjour, ici Léa.", agent="Léa").resume()  # 30.01 s after the pause
    s.user("avocat, chargeback", "complain", language="fr", sentiment=("negative", -0.6))
    s.slot("handover_due", "human_only").action("action_handover")
    s.bot("Ticket T-3", "utter_handover_open").pause()
    return s


def outside(start: float) -> Script:
    s = Script(start, "socketio")
    s.user("hello", "greet").action("action_handover").bot("Ticket", "utter_handover_open")
    return s.pause()


SCRIPTS = {
    "a": conversation_a(),
    "b": conversation_b(),
    "c": conversation_c(),
    "d": conversation_d(),
    "e": conversation_e(),
    "f": conversation_f(),
    "g": conversation_g(),
    "h": outside(at(27, 12)),
    "i": outside(at(31) - 0.01),  # its first event is at exactly 00:00:00 of 31 May
}
#: (conversation, turn, predicted intent, corrected intent, kind, status)
CORRECTIONS = [
    ("a", 0, "greet", "greet", "correction", "open"),
    ("b", 0, "nlu_fallback", "order_status", "correction", "open"),
    ("c", 0, "nlu_fallback", "complain", "correction", "done"),
    ("e", 0, "search_product", "order_status", "correction", "dismissed"),
    ("e", 1, "search_product", "search_product", "example", "open"),
    ("f", 1, "search_product", "inform", "correction", "open"),
    ("h", 0, "greet", "order_status", "correction", "open"),
]
RETAINED = [
    (date(2026, 5, 29), "socketio", "en", "other", 3),
    (date(2026, 5, 29), "telegram", "unknown", "handed_over", 2),
    (date(2026, 5, 27), "socketio", "en", "other", 4),
]


def store_set(database: Database) -> None:
    """Fold and store the set, and add the retained counts."""
    states = []
    for name, script in SCRIPTS.items():
        state = ConversationState(PREFIX + name)
        events: list[Mapping[str, Any]] = list(script.events)
        fold_events(state, events)
        states.append(state)
    with database.begin() as connection:
        save_states(connection, states)
    with database.session() as session:
        for day, channel, language, outcome, count in RETAINED:
            session.add(
                ConversationCount(
                    day=day,
                    channel=channel,
                    language=language,
                    outcome=outcome,
                    conversations=count,
                    messages=count * 2,
                )
            )
        for name, position, predicted, intent, kind, status in CORRECTIONS:
            session.add(
                NluCorrection(
                    conversation_id=PREFIX + name,
                    turn_position=position,
                    text="a shopper message",
                    language="en",
                    predicted_intent=predicted,
                    intent=intent,
                    kind=kind,
                    status=status,
                    author="lee",
                )
            )


def remove_set(database: Database) -> None:
    """Remove what :func:`store_set` stored."""
    erase_summaries(database, [PREFIX + name for name in SCRIPTS])
    with database.begin() as connection:
        connection.execute(
            delete(NluCorrection).where(
                NluCorrection.conversation_id.in_([PREFIX + name for name in SCRIPTS])
            )
        )
        for day, channel, language, outcome, _count in RETAINED:
            connection.execute(
                delete(ConversationCount).where(
                    ConversationCount.day == day,
                    ConversationCount.channel == channel,
                    ConversationCount.language == language,
                    ConversationCount.outcome == outcome,
                )
            )
