"""Conversations with everything the console's pages show, stored in a database's
summaries (as the event consumer stores them) for the page, API, export and browser tests.

- ``rt-de-angry``: German, REST, a frustrated shopper (lowest sentiment -0.8): a low
  intent confidence with a runner-up, entities, a product search that found nothing, a
  fallback, an email and a phone number, HTML in a message, a hand-over and an agent's
  reply, a 2/5 rating with a comment that holds an email;
- ``rt-en-happy``: English, the website, a verified order and a product search with 3
  results, rated 5, a message that starts like a spreadsheet formula;
- ``rt-fr-quiet``: French, Telegram, one greeting.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from core.db.database import Database
from shop.conversations import ConversationState, fold_events
from shop.conversations.store import save_states
from shop.conversations.tables import SUMMARIES, TURNS
from tests.console.rasa_events import START, Script

__all__ = ["ANGRY", "FRENCH", "HAPPY", "HOSTILE_TEXT", "SAMPLES", "remove", "store"]

ANGRY, HAPPY, FRENCH = "rt-de-angry", "rt-en-happy", "rt-fr-quiet"
#: A message that would run script if a page put it in as HTML.
HOSTILE_TEXT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> hallo'
DAY = 86_400.0


def _angry() -> list[dict[str, Any]]:
    s = Script(START + 3 * DAY, channel="rest")
    s.user(
        "wo ist meine bestellung 100234? schreib an bea@example.com",
        "ask_carrier",
        0.41,
        runner_up=("order_status", 0.38),
        language="de",
        sentiment=("negative", -0.4),
        entities=[{"entity": "order_number", "start": 24, "end": 30, "value": "100234"}],
    )
    s.action("action_read_message").slot("language", "de")
    s.action("action_ask_carrier").bot("Welche Bestellnummer?", "utter_ask_order_number").listen()
    s.user("wasserdichte lila stiefel", "search_product", 0.9, language="de")
    s.action("action_search_products").bot("Nichts gefunden.", "utter_search_no_match").listen()
    s.user(HOSTILE_TEXT, "nlu_fallback", 0.2, language="de", sentiment=("negative", -0.8))
    s.action("action_fallback").bot("Wie bitte?", "utter_rephrase")
    s.action("action_handover").bot("Ein Mensch hilft.", "utter_handover_open").pause()
    s.bot("Hallo, ich bin Sam. Rufen Sie +49 30 1234567 an.", agent="sam").resume()
    s.slot("satisfaction_rating", 2.0).slot("satisfaction_comment", "zu langsam, bea@example.com")
    return s.events


def _happy() -> list[dict[str, Any]]:
    s = Script(START + 5 * DAY, channel="socketio")
    s.user(
        '=cmd|" /C calc"!A0 where is order 100234',
        "order_status",
        0.97,
        sentiment=("positive", 0.6),
    )
    s.action("action_order_task").slot("verified_order", "100234")
    s.bot("It is on its way.", "utter_order_status").listen()
    s.user('=HYPERLINK("http://x") waterproof boots', "search_product", 0.88)
    s.action("action_search_products").slot("shown_products", ["P1", "P2", "P3"])
    s.bot("Here are 3.", "utter_search_results", products=["Boot A", "Boot B", "Boot C"])
    s.listen().slot("satisfaction_rating", 5.0)
    return s.events


def _french() -> list[dict[str, Any]]:
    s = Script(START + 1 * DAY, channel="telegram")
    s.user("bonjour", "greet", 0.99, language="fr", sentiment=("neutral", 0.1))
    s.action("utter_greet").bot("Bonjour !", "utter_greet").listen()
    # An hour later the shop writes first (shopbot proactive scan): Rasa's external event,
    # then the notice; the console marks it as proactive.
    s.wait(3600).user("EXTERNAL: EXTERNAL_order_notice", "EXTERNAL_order_notice", 1.0)
    s.action("action_order_notice").action("action_say_order_notice")
    s.bot("Un mot sur votre commande 100777 : DHL signale un retard.", "utter_notice_delayed")
    s.listen()
    return s.events


SAMPLES = {ANGRY: _angry, HAPPY: _happy, FRENCH: _french}


def store(database: Database) -> None:
    """Fold the sample conversations into ``database``'s summaries."""
    states = []
    for sender, events in SAMPLES.items():
        state = ConversationState(sender)
        fold_events(state, events())
        states.append(state)
    with database.begin() as connection:
        save_states(connection, states)


def remove(database: Database) -> None:
    """Take the sample conversations out again."""
    with database.begin() as connection:
        pks = SUMMARIES.select().with_only_columns(SUMMARIES.c.id)
        pks = pks.where(SUMMARIES.c.conversation_id.in_(list(SAMPLES)))
        connection.execute(delete(TURNS).where(TURNS.c.conversation_pk.in_(pks)))
        connection.execute(delete(SUMMARIES).where(SUMMARIES.c.conversation_id.in_(list(SAMPLES))))
