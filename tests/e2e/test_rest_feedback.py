"""Sentiment, the offer of a human and the satisfaction rating, over the REST channel.

Real servers (see conftest): the trained model's sentiment component labels each typed
message, the action server decides, the feedback policy runs the offer and the question,
and everything is read back from the SQL tracker store the way the console reads it.
"""

from __future__ import annotations

import pytest

from core.db.database import Database
from shop.feedback import TrackerEvents, feedback_from_events
from tests.e2e.conftest import Conversation, Stack, returnable_order
from tests.e2e.test_rest_languages import says

pytestmark = pytest.mark.e2e

OFFER = "frustrating"
QUESTION = "rate this conversation"
RATE_4 = '/rate_conversation{"satisfaction_rating": "4"}'


def stored(stack: Stack, conversation: Conversation):  # type: ignore[no-untyped-def]
    database = Database(stack.tracker_store_url)
    try:
        store = TrackerEvents(database)
        return feedback_from_events(conversation.sender, store.events(conversation.sender))
    finally:
        database.dispose()


def verified(stack: Stack, conversation: Conversation, status: str = "delivered") -> str:
    order = stack.order_with_status(status)
    conversation.say_text(f"where is my order {order['order_number']}?")
    return conversation.say_text(order["email"])


def test_frustration_gets_one_apology_and_offer_and_the_form_goes_on(stack: Stack) -> None:
    conversation = stack.conversation()
    asked = conversation.say_text("I want to track my order")
    assert "order number" in asked.lower()
    replies = [
        conversation.say("This is ridiculous, I've waited three weeks and nobody ever helps me!"),
        conversation.say("Absolutely useless service, I am furious"),
        conversation.say("worst shop ever, honestly a disgrace"),
    ]
    texts = ["\n".join(str(m.get("text") or "") for m in reply) for reply in replies]
    offers = [text for text in texts if OFFER in text]
    assert len(offers) == 1, texts
    offer = next(m for reply in replies for m in reply if OFFER in str(m.get("text")))
    assert [b["payload"] for b in offer["buttons"]] == ["/human_handoff"]
    # The flow was not derailed: the apology comes first, the flow's own reply follows.
    turn = next(reply for reply in replies if any(OFFER in str(m.get("text")) for m in reply))
    assert OFFER in str(turn[0].get("text")) and len(turn) > 1
    feedback = stored(stack, conversation)
    assert feedback.human_offered
    assert [m.sentiment.label for m in feedback.messages[1:] if m.sentiment] == ["negative"] * 3
    assert feedback.summary is not None and feedback.summary.negative_streak == 3


def test_offer_accepted_hands_over(stack: Stack) -> None:
    conversation = stack.conversation()
    conversation.say("I'm so angry, my parcel is lost and this is a disaster!!")
    reply = conversation.say_text("/human_handoff")
    assert "ticket" in reply.lower()


def test_the_question_waits_for_thanks_then_a_typed_rating_and_comment_are_stored(
    stack: Stack,
) -> None:
    conversation = stack.conversation()
    reply = verified(stack, conversation)
    # The shopper is still on the task: no question after the answer or the follow-up.
    assert "delivered" in reply and QUESTION not in reply
    assert QUESTION not in conversation.say_text("when will it arrive?")
    assert QUESTION in conversation.say_text("great, thank you!")
    # A bare "4" is the rating (it used to start the order form).
    thanks = conversation.say_text("4")
    assert "4/5" in thanks and "anything you'd like to add" in thanks.lower()
    assert "feedback helps" in conversation.say_text("Quick answers, but the parcel was late")
    # Never twice.
    assert QUESTION not in conversation.say_text("thanks again, bye")
    feedback = stored(stack, conversation)
    assert feedback.rating == 4
    assert feedback.comment == "Quick answers, but the parcel was late"
    labelled = [m for m in feedback.messages if m.sentiment]
    assert all(not m.text.startswith("/") for m in labelled)
    assert len(labelled) >= 3


def test_the_button_rating_still_works(stack: Stack) -> None:
    conversation = stack.conversation()
    verified(stack, conversation)
    assert QUESTION in conversation.say_text("thanks")
    conversation.say_text(RATE_4)
    assert stored(stack, conversation).rating == 4


def test_a_german_rating_is_typed_as_a_word(stack: Stack) -> None:
    conversation = stack.conversation()
    order = stack.order_with_status("delivered")
    conversation.say_text(f"Wo ist meine Bestellung {order['order_number']}?")
    conversation.say_text(order["email"])
    assert "bewerte dieses Gespräch" in conversation.say_text("Danke schön!")
    assert "4/5" in conversation.say_text("vier")
    assert stored(stack, conversation).rating == 4


@pytest.mark.parametrize("skip", ["/skip_feedback", "no thanks", "skip"])
def test_rating_can_be_skipped(stack: Stack, skip: str) -> None:
    conversation = stack.conversation()
    verified(stack, conversation)
    assert QUESTION in conversation.say_text("thanks!")
    assert "no problem" in conversation.say_text(skip).lower()
    assert stored(stack, conversation).rating is None


def test_a_new_request_after_the_question_is_answered_and_the_question_dropped(
    stack: Stack,
) -> None:
    conversation = stack.conversation()
    verified(stack, conversation)
    assert QUESTION in conversation.say_text("thanks")
    reply = conversation.say_text("what is your return policy?")
    assert "30 days" in reply and QUESTION not in reply
    assert stored(stack, conversation).rating is None
    assert QUESTION not in conversation.say_text("thanks, bye")


def test_comment_can_be_skipped(stack: Stack) -> None:
    conversation = stack.conversation()
    verified(stack, conversation)
    conversation.say_text("thanks")
    conversation.say_text('/rate_conversation{"satisfaction_rating": "2"}')
    assert "feedback helps" in conversation.say_text("/skip_feedback")
    feedback = stored(stack, conversation)
    assert (feedback.rating, feedback.comment) == (2, None)


def test_sentiment_is_in_the_tracker_of_the_http_api(stack: Stack) -> None:
    conversation = stack.conversation()
    conversation.say("thank you so much, you're wonderful!")
    tracker = conversation.tracker()
    sentiment = tracker["latest_message"]["sentiment"]
    assert sentiment["label"] == "positive" and sentiment["score"] > 0.3
    assert tracker["slots"]["sentiment_summary"]["messages"] == 1


#: A shopper in each language: the order question, thanks, a rating typed as a word and a
#: typed refusal (English and German have their own tests above).
SHOPPERS = {
    "es": ("hola, ¿dónde está mi pedido {number}?", "¡muchas gracias!", "cuatro", "no, gracias"),
    "fr": ("bonjour, où en est ma commande {number} ?", "merci beaucoup !", "quatre", "non merci"),
    "zh": ("你好，我的订单{number}到哪里了？", "谢谢你！", "四星", "跳过"),
}


def served_in(stack: Stack, conversation: Conversation, language: str) -> None:
    """The shopper's order question answered in ``language``, then their thanks: the rating
    question comes in the same language."""
    question, thanks, _, _ = SHOPPERS[language]
    order = stack.order_with_status("delivered")
    asked = conversation.say_text(question.format(number=order["order_number"]))
    assert says(asked, language, "utter_ask_order_form_email"), asked
    answer = conversation.say_text(order["email"])
    assert not says(answer, language, "utter_ask_satisfaction"), answer
    rating_question = conversation.say_text(thanks)
    assert says(rating_question, language, "utter_ask_satisfaction"), rating_question


@pytest.mark.parametrize("language", list(SHOPPERS))
def test_a_rating_typed_as_a_word_in_the_shoppers_language(stack: Stack, language: str) -> None:
    conversation = stack.conversation()
    served_in(stack, conversation, language)
    thanked = conversation.say_text(SHOPPERS[language][2])
    assert says(thanked, language, "utter_rating_thanks") and "4/5" in thanked, thanked
    assert stored(stack, conversation).rating == 4


@pytest.mark.parametrize("language", list(SHOPPERS))
def test_a_typed_refusal_in_the_shoppers_language(stack: Stack, language: str) -> None:
    conversation = stack.conversation()
    served_in(stack, conversation, language)
    skipped = conversation.say_text(SHOPPERS[language][3])
    assert says(skipped, language, "utter_feedback_skipped"), skipped
    assert stored(stack, conversation).rating is None


def test_a_chinese_return_for_all_items_is_not_taken_for_an_answer_to_the_rating(
    stack: Stack,
) -> None:
    """The issue's "全部": after the answer about an order, the shopper returns every item of
    it. The rating question waits (the shopper is on a task), and "全部" selects the items."""
    order = returnable_order(stack, minimum_lines=2)
    conversation = stack.conversation()
    asked = conversation.say_text(f"你好，我的订单{order['order_number']}到哪里了？")
    assert says(asked, "zh", "utter_ask_order_form_email"), asked
    answer = conversation.say_text(order["email"])
    assert not says(answer, "zh", "utter_ask_satisfaction"), answer
    which = conversation.say_text("我想把这个订单的东西退掉")
    assert says(which, "zh", "utter_ask_return_lines"), which
    reason = conversation.say_text("全部")
    assert says(reason, "zh", "utter_ask_order_form_return_reason"), reason
    assert not says(reason, "zh", "utter_ask_satisfaction")
    tracker = conversation.tracker()
    assert tracker["slots"]["language"] == "zh"
    assert not tracker["slots"].get("rating_question_open")
