"""actions/feedback.py: the frustration offer, the satisfaction question, rating and comment."""

from __future__ import annotations

from typing import Any

import pytest

from actions.feedback import (
    ActionAskSatisfaction,
    ActionOfferHuman,
    ActionRecordComment,
    ActionRecordRating,
    ValidateSatisfactionCommentForm,
    assess_sentiment,
)
from actions.order_task import ActionOrderTask
from actions.rating import parse_rating
from actions.services import Services
from core.languages import REPLY_LANGUAGES
from tests.actions.conftest import first_order
from tests.actions.support import Event, make_tracker, run_action, run_reading, slot, user


def said(text: str, label: str, score: float, intent: str = "inform") -> Event:
    """A user message whose parse data carries a sentiment, as the NLU component stores it."""
    event = user(text, intent)
    event["parse_data"]["sentiment"] = {"label": label, "score": score, "confidence": 0.9}
    return event


def assess(*events: Event, **slots: Any) -> dict[str, Any]:
    return run_reading(assess_sentiment, make_tracker(list(events), slots=slots)).slot_values()


# --- assessing every message ----------------------------------------------------------------


def test_summary_follows_the_conversation() -> None:
    values = assess(
        said("hi", "neutral", 0.0), said("it's late", "negative", -0.5), said("ok", "neutral", 0.1)
    )
    summary = values["sentiment_summary"]
    assert summary["messages"] == 3
    assert summary["minimum"] == -0.5
    assert summary["mean"] == pytest.approx(-0.1333, abs=1e-3)
    assert summary["negative_streak"] == 0
    assert "human_offer_due" not in values


def test_a_strongly_negative_message_makes_the_offer_due() -> None:
    values = assess(said("this is a disgrace!!", "negative", -0.92))
    assert values["human_offer_due"] is True


def test_negative_messages_in_a_row_make_the_offer_due() -> None:
    first = assess(said("still nothing", "negative", -0.4))
    assert "human_offer_due" not in first
    second = assess(said("still nothing", "negative", -0.4), said("seriously?", "negative", -0.3))
    assert second["human_offer_due"] is True
    assert second["sentiment_summary"]["negative_streak"] == 2


def test_the_offer_is_made_only_once() -> None:
    values = assess(said("awful", "negative", -0.95), human_offered=True)
    assert "human_offer_due" not in values


@pytest.mark.parametrize("intent", ["human_handoff", "stop", "goodbye"])
def test_no_offer_when_the_shopper_asks_for_a_person_or_leaves(intent: str) -> None:
    values = assess(said("useless, get me a human", "negative", -0.9, intent=intent))
    assert "human_offer_due" not in values


def test_button_payloads_have_no_sentiment_and_change_nothing() -> None:
    values = assess(user("/order_status", "order_status"))
    assert values == {}


def test_thanks_after_products_asks_for_a_rating_once() -> None:
    thanks = said("thanks!", "positive", 0.9, intent="thanks")
    assert assess(thanks, shown_products=["P1"])["satisfaction_due"] is True
    assert "satisfaction_due" not in assess(thanks)  # no product flow happened
    assert "satisfaction_due" not in assess(thanks, shown_products=["P1"], satisfaction_asked=True)


def test_a_finished_order_task_asks_for_a_rating(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    slots = {
        "order_number": order["order_number"],
        "email": order["email"],
        "order_verified": True,
        "verified_order": order["order_number"],
        "order_task": "status",
    }
    done = run_action(ActionOrderTask(), make_tracker([user("…", "inform")], slots=slots))
    assert done.slot_values()["satisfaction_due"] is True
    asked = {**slots, "satisfaction_asked": True}
    again = run_action(ActionOrderTask(), make_tracker([user("…", "inform")], slots=asked))
    assert "satisfaction_due" not in again.slot_values()


# --- the triggered actions step out of the history --------------------------------------------


def test_offer_apologises_offers_a_person_and_reverts_itself() -> None:
    result = run_action(ActionOfferHuman(), make_tracker([said("awful", "negative", -0.9)]))
    assert result.responses == ["utter_offer_human"]
    assert result.events[0]["event"] == "undo"
    assert result.slot_values() == {"human_offer_due": False, "human_offered": True}


def on_channel(event: Event, channel: str) -> Event:
    """``event`` as received on ``channel``."""
    return {**event, "input_channel": channel}


def test_the_question_waits_while_the_shopper_is_on_the_task() -> None:
    """After a served answer that is no thanks or goodbye the question is not asked (the
    pause reminder is the Rasa server's: bot/winding_down.py)."""
    due = {"satisfaction_due": True}
    tracker = make_tracker(
        [on_channel(user("where is it?", "order_status"), "socketio")], slots=due
    )
    result = run_action(ActionAskSatisfaction(), tracker)
    assert result.responses == []
    assert [e["event"] for e in result.events] == ["undo"]


def test_nothing_waits_in_the_middle_of_a_form_or_before_anything_was_served() -> None:
    in_form = make_tracker(
        [on_channel(user("a@b.co", "inform"), "socketio")],
        slots={"satisfaction_due": True},
        active_loop="order_form",
    )
    assert [e["event"] for e in run_action(ActionAskSatisfaction(), in_form).events] == ["undo"]
    nothing_served = make_tracker([on_channel(user("thanks", "thanks"), "socketio")])
    result = run_action(ActionAskSatisfaction(), nothing_served)
    assert result.responses == [] and [e["event"] for e in result.events] == ["undo"]


@pytest.mark.parametrize("intent", ["thanks", "goodbye"])
def test_thanks_or_goodbye_after_a_served_task_asks_once(intent: str) -> None:
    tracker = make_tracker([user("…", intent)], slots={"satisfaction_due": True})
    result = run_action(ActionAskSatisfaction(), tracker)
    assert result.responses == ["utter_ask_satisfaction"]
    assert result.events[0]["event"] == "undo"
    assert result.slot_values() == {
        "satisfaction_due": False,
        "satisfaction_asked": True,
        "rating_question_open": True,
    }
    asked = make_tracker(
        [user("…", intent)], slots={"satisfaction_due": True, "satisfaction_asked": True}
    )
    again = run_action(ActionAskSatisfaction(), asked)
    assert again.responses == []
    assert again.slot_values() == {"satisfaction_due": False}


def test_the_pause_reminder_asks_without_reverting() -> None:
    """Run by the rule for the reminder's external intent: reverting would let the rule
    predict it again."""
    paused = user("EXTERNAL: EXTERNAL_conversation_paused", "EXTERNAL_conversation_paused")
    result = run_action(
        ActionAskSatisfaction(), make_tracker([paused], slots={"satisfaction_due": True})
    )
    assert result.responses == ["utter_ask_satisfaction"]
    assert "undo" not in [e["event"] for e in result.events]
    late = run_action(
        ActionAskSatisfaction(),
        make_tracker([paused], slots={"satisfaction_due": True, "satisfaction_asked": True}),
    )
    assert late.responses == [] and "undo" not in [e["event"] for e in late.events]


# --- the answer to the question ------------------------------------------------------------------


def answer(text: str, intent: str = "inform", entities: list[dict[str, Any]] | None = None):  # type: ignore[no-untyped-def]
    tracker = make_tracker([user(text, intent, entities)], slots={"rating_question_open": True})
    return run_action(ActionRecordRating(), tracker)


def test_rating_from_the_button_entity_is_stored() -> None:
    entities = [{"entity": "satisfaction_rating", "value": "4"}]
    result = answer('/rate_conversation{"satisfaction_rating": "4"}', "rate_conversation", entities)
    assert result.slot_values()["satisfaction_rating"] == 4.0
    assert result.slot_values()["rating_question_open"] is False
    assert result.responses == ["utter_rating_thanks"]
    assert result.messages[0]["rating"] == 4
    assert result.events[-1] == {
        "event": "followup",
        "name": "satisfaction_comment_form",
        "timestamp": None,
    }


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("4", 4),
        ("4/5", 4),
        ("vier", 4),
        ("cinco estrellas", 5),
        ("四星", 4),
        ("⭐⭐", 2),
        ("I'd give it 3 out of 5", 3),
    ],
)
def test_a_typed_rating_in_any_language_is_stored(text: str, rating: int) -> None:
    result = answer(text)
    assert result.slot_values()["satisfaction_rating"] == float(rating)
    assert result.responses == ["utter_rating_thanks"]


@pytest.mark.parametrize(
    "text", ["skip", "No thanks!", "nein danke", "Überspringen", "non merci", "跳过", "不用了"]
)
def test_a_typed_skip_in_any_language_is_accepted(text: str) -> None:
    result = answer(text, "deny")
    assert result.responses == ["utter_feedback_skipped"]
    assert result.slot_values() == {"rating_question_open": False}
    assert result.events[-1]["event"] == "followup" and result.events[-1]["name"] == "action_listen"


#: In every reply language, as a shopper would type them: a number word, a score with its
#: scale, and a refusal.
TYPED_ANSWERS = {
    "en": ("four", "4 out of 5", "no thanks"),
    "es": ("cuatro", "4 de 5", "no gracias"),
    "fr": ("quatre", "4 sur 5", "non merci"),
    "de": ("vier", "4 von 5", "nein danke"),
    "it": ("quattro", "4 su 5", "no grazie"),
    "pt": ("quatro", "4 de 5", "não, obrigado"),
    "nl": ("vier", "4 van 5", "nee bedankt"),
    "zh": ("四星", "4分", "不用了，谢谢"),
}


def test_every_reply_language_has_its_typed_answers() -> None:
    assert tuple(TYPED_ANSWERS) == REPLY_LANGUAGES


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_typed_ratings_and_a_typed_skip_in_every_reply_language(language: str) -> None:
    word, scaled, skip = TYPED_ANSWERS[language]
    for typed in (word, scaled, "4", "4/5"):
        result = answer(typed)
        assert result.slot_values()["satisfaction_rating"] == 4.0, (language, typed)
    skipped = answer(skip, "deny")
    assert skipped.responses == ["utter_feedback_skipped"], (language, skip)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("全部", "inform"),
        ("when will it arrive?", "ask_delivery_date"),
        ("I ordered 3 shirts and 2 hats", "inform"),
    ],
)
def test_anything_else_after_the_question_goes_on_as_if_it_was_not_asked(
    text: str, intent: str
) -> None:
    result = answer(text, intent)
    assert result.responses == []
    assert result.events[0]["event"] == "undo"
    assert result.slot_values() == {"rating_question_open": False}


def test_unreadable_rating_from_a_button_says_so_and_stores_nothing() -> None:
    result = answer("ten out of ten", "rate_conversation")
    assert result.responses == ["utter_rating_not_understood"]
    assert result.slot_values() == {"rating_question_open": False, "satisfaction_rating": None}


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        ("5", 5),
        (4, 4),
        ("4/5", 4),
        ("2 out of 5", 2),
        ("⭐⭐⭐", 3),
        ("four stars", 4),
        ("cuatro estrellas", 4),
        ("cinq étoiles", 5),
        ("四星", 4),
        ("10/10", None),
        ("0", None),
        ("4.5", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_rating(value: Any, rating: int | None) -> None:
    assert parse_rating(value) == rating


def test_comment_is_trimmed_and_a_blank_one_refused() -> None:
    form = ValidateSatisfactionCommentForm()
    tracker = make_tracker([user("x", "inform")])
    long_comment = "slow  delivery " * 200
    kept = form.validate_satisfaction_comment(long_comment, None, tracker, {})  # type: ignore[arg-type]
    assert len(kept["satisfaction_comment"]) == 1000
    assert kept["satisfaction_comment"].startswith("slow delivery slow")
    assert form.validate_satisfaction_comment("   ", None, tracker, {}) == {  # type: ignore[arg-type]
        "satisfaction_comment": None
    }


def test_comment_is_acknowledged() -> None:
    tracker = make_tracker(
        [user("more sizes please", "inform"), slot("satisfaction_comment", "more sizes please")]
    )
    assert run_action(ActionRecordComment(), tracker).responses == ["utter_feedback_thanks"]
