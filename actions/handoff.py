"""Hand-over to a human: a ticket with the conversation's summary, then the bot pauses.

Reasons: the shopper asked (``requested``), the bot failed to understand several times in a
row (``not_understood``, actions/fallback.py), the shopper accepted the offer made after
sustained frustration (actions/feedback.py), a verified top-tier customer raised a topic
the shop keeps for people for them (``top_tier``, ``SHOPBOT_TOP_TIER_HUMAN_INTENTS``), or
the message is about a topic configured as human-only (``human_only``). For these two,
:func:`route_to_human`, one of the readings of ``action_read_message``, sets
``handover_due`` and bot.feedback_policy runs ``action_handover`` straight away. Agents
answer and hand back through the support desk (shop.support). A ticket keeps the verified
customer's value tier (never the amount), which moves it up the queue (shop.handover).

Outside the support team's hours the shopper is told when they are back; the first message
written while the conversation waits (the Rasa server lets the paused conversation answer it,
bot/paused_conversations.py) gets ``action_handover_waiting``: the message is with the team,
back today, tomorrow or on <day> at <time> (:func:`waiting_answer`). Later ones get silence,
until an agent joins or answers (shop.support clears ``handover_wait``) or the shopper says
"stop": ``action_resume_bot`` withdraws the ticket and the bot takes the conversation back.

A new ticket counts against the network client's limit (``client_key_of``: the channel's
``shopbot_client``); past it the shopper is told to wait for the tickets already open, or to
write, and the bot does not pause (no ticket, no person).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from rasa_sdk import Action
from rasa_sdk.events import ConversationPaused, ConversationResumed, SlotSet

from actions.conversation import client_key_of, language_of, verified_order_number
from actions.services import Services, get_services
from core.conversation_events import is_shopper_message
from core.errors import DatabaseError, HandoverError, HandoverLimited
from core.money import locale_for
from core.redaction import redact

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = [
    "HANDOVER_DUE",
    "HANDOVER_WAIT",
    "ActionHandover",
    "ActionHandoverWaiting",
    "ActionResumeBot",
    "conversation_summary",
    "customer_tier",
    "hand_over",
    "human_only_reason",
    "next_opening",
    "route_to_human",
    "support_is_open",
    "team_back_at",
    "top_tier_reason",
    "waiting_answer",
]

logger = logging.getLogger(__name__)
#: A ticket's summary keeps no more shopper text than an agent needs at a glance (the
#: transcript is in the tracker store): the last few messages, shortened and redacted.
SUMMARY_MESSAGES = 3
SUMMARY_CHARACTERS = 160
#: Slot holding the reason when a hand-over is due without the shopper asking.
HANDOVER_DUE = "handover_due"
HUMAN_ONLY = "human_only"
#: Reason of a hand-over because a top-tier customer raised a topic the shop keeps for people.
TOP_TIER = "top_tier"
#: Slot of a hand-over made outside the team's hours: ``"ack_due"`` until the shopper's
#: next message is acknowledged, then ``"acknowledged"``; empty once an agent is there.
HANDOVER_WAIT = "handover_wait"
WAIT_ACK_DUE = "ack_due"
WAIT_ACKNOWLEDGED = "acknowledged"


def human_only_reason(
    intent: str | None, text: str, intents: Sequence[str], keywords: Sequence[str]
) -> str | None:
    """``human_only`` when the intent or a keyword (whole words, any case) is configured."""
    if intent and intent in intents:
        return HUMAN_ONLY
    lowered = text.casefold()
    for keyword in keywords:
        if re.search(rf"(?<!\w){re.escape(keyword.casefold())}(?!\w)", lowered):
            return HUMAN_ONLY
    return None


def conversation_summary(tracker: Tracker) -> str:
    """What an agent reads first: the verified order, the last intent and the last shopper
    messages, shortened, with emails, phone numbers, cards and addresses masked."""
    user_texts = [
        redact(" ".join(str(event.get("text") or "").split()))[:SUMMARY_CHARACTERS]
        for event in tracker.events
        if is_shopper_message(event)
    ][-SUMMARY_MESSAGES:]
    lines = []
    order_number = verified_order_number(tracker)
    if order_number:
        lines.append(f"Verified order: {order_number}")
    intent = (tracker.latest_message or {}).get("intent", {}).get("name")
    if intent:
        lines.append(f"Last intent: {intent}")
    lines.extend(f"Shopper: {text}" for text in user_texts if text)
    return "\n".join(lines)


def support_is_open(support: dict[str, Any], now: datetime | None = None) -> bool:
    """Whether the support team works at ``now`` (their time zone, days and hours)."""
    local = (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(support["timezone"]))
    return (
        local.weekday() in support["working_days"]
        and support["opening_hour"] <= local.hour < support["closing_hour"]
    )


def next_opening(support: dict[str, Any], now: datetime | None = None) -> datetime:
    """When the support team next opens after ``now``, in their time zone."""
    zone = ZoneInfo(support["timezone"])
    local = (now or datetime.now(ZoneInfo("UTC"))).astimezone(zone)
    for days in range(8):
        day = (local + timedelta(days=days)).date()
        opening = datetime(day.year, day.month, day.day, support["opening_hour"], tzinfo=zone)
        if day.weekday() in support["working_days"] and opening > local:
            return opening
    raise HandoverError("the support team has no working day in the settings")


def team_back_at(support: dict[str, Any], now: datetime | None = None) -> datetime:
    """When the team is (or was) back for a shopper waiting at ``now``: today's opening while
    they work (the hand-over came before it), else their next opening."""
    moment = now or datetime.now(ZoneInfo("UTC"))
    if not support_is_open(support, moment):
        return next_opening(support, moment)
    local = moment.astimezone(ZoneInfo(support["timezone"]))
    return local.replace(hour=support["opening_hour"], minute=0, second=0, microsecond=0)


#: The acknowledgement's response by how many of the team's days away their return is
#: (today and tomorrow are said so; later ones name the weekday).
WAITING_RESPONSES = {0: "utter_handover_waiting_today", 1: "utter_handover_waiting_tomorrow"}
WAITING_ON_A_DAY = "utter_handover_waiting"


def waiting_answer(
    support: dict[str, Any], language: str, now: datetime | None = None
) -> tuple[str, dict[str, str]]:
    """The acknowledgement's response name and its ``day`` and ``time`` in ``language``:
    "today at 9:00" when the team opens later on the day it is for them, "tomorrow at 9:00"
    the day after, else "on Monday at 9:00"."""
    moment = now or datetime.now(ZoneInfo("UTC"))
    back = team_back_at(support, moment)
    days = (back.date() - moment.astimezone(back.tzinfo).date()).days
    locale = locale_for(language)
    return WAITING_RESPONSES.get(days, WAITING_ON_A_DAY), {
        "day": format_date(back, "EEEE", locale=locale),
        "time": format_time(back, "short", locale=locale),
    }


def hand_over(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reason: str,
    services: Services | None = None,
) -> list[dict[str, Any]]:
    """Open (or reuse) the ticket, tell the shopper what happens next, pause the bot."""
    services = services or get_services()
    language = language_of(tracker)
    channel = str(tracker.get_latest_input_channel() or "rest")
    try:
        ticket = services.handover.open_ticket(
            tracker.sender_id,
            reason,
            conversation_summary(tracker),
            channel=channel,
            language=language,
            client_key=client_key_of(tracker),
            value_tier=customer_tier(tracker, services),
        )
    except HandoverLimited:
        logger.warning("hand-over refused: this client opened too many tickets")
        dispatcher.utter_message(
            response="utter_handover_limited", support_email=services.settings.support_email
        )
        return []
    except DatabaseError:
        logger.warning("hand-over ticket could not be stored (database error)")
        dispatcher.utter_message(
            response="utter_handover_unavailable", support_email=services.settings.support_email
        )
        return []
    if reason == HUMAN_ONLY:
        dispatcher.utter_message(response="utter_handover_human_only")
    facts = services.policy(language).facts
    support = facts.support
    is_open = support_is_open(support)
    dispatcher.utter_message(
        response="utter_handover_open" if is_open else "utter_handover_closed",
        ticket_number=ticket.ticket_number,
        wait_minutes=support["expected_wait_minutes"],
        hours=facts.support_hours(language),
    )
    logger.info("hand-over ticket opened, reason=%s", reason)
    return [ConversationPaused(), SlotSet(HANDOVER_WAIT, None if is_open else WAIT_ACK_DUE)]


class ActionHandover(Action):
    """The shopper asked for a person, or a human-only topic came up (``handover_due``)."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_handover"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Hand the conversation to a human."""
        due = tracker.get_slot(HANDOVER_DUE)
        events = hand_over(dispatcher, tracker, reason=str(due) if due else "requested")
        return [SlotSet(HANDOVER_DUE, None), *events] if due else events


class ActionHandoverWaiting(Action):
    """The first message while the conversation waits for the team outside their hours:
    it is with the team, who are back today, tomorrow or on <day> at <time> (the shopper's
    language)."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_handover_waiting"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Acknowledge once; the conversation stays paused."""
        language = language_of(tracker)
        support = get_services().policy(language).facts.support
        response, when = waiting_answer(support, language)
        dispatcher.utter_message(response=response, **when)
        return [SlotSet(HANDOVER_WAIT, WAIT_ACKNOWLEDGED)]


class ActionResumeBot(Action):
    """The shopper asks for the bot back while waiting for the team: the ticket is
    withdrawn (closed) and the conversation resumes."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_resume_bot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Close the open ticket, say the bot is back, resume."""
        handover = get_services().handover
        try:
            ticket = handover.get_open(tracker.sender_id)
            if ticket is not None:
                handover.close(ticket.ticket_number)
        except DatabaseError:
            logger.warning("the waiting ticket could not be closed (database error)")
        dispatcher.utter_message(response="utter_handover_withdrawn")
        return [ConversationResumed(), SlotSet(HANDOVER_WAIT, None)]


def customer_tier(tracker: Tracker, services: Services) -> str | None:
    """The value tier of the customer whose order this conversation verified (None when no
    order is verified, the customer is not scored, or the database fails)."""
    order_number = verified_order_number(tracker)
    if not order_number:
        return None
    try:
        return services.tiers.for_order(order_number)
    except DatabaseError:
        logger.warning("the customer's value tier could not be read (database error)")
        return None


def top_tier_reason(
    intent: str | None, intents: Sequence[str], tier: Callable[[], str | None]
) -> str | None:
    """``top_tier`` when ``intent`` is one the shop sends its top-tier customers to a person
    for (``SHOPBOT_TOP_TIER_HUMAN_INTENTS``) and the customer is top tier (``tier`` is asked
    only then)."""
    if intent and intent in intents and tier() == "top":
        return TOP_TIER
    return None


def route_to_human(tracker: Tracker) -> list[dict[str, Any]]:
    """After every message (a reading of ``action_read_message``): ``handover_due`` when the
    message is about a human-only intent or keyword, or about an intent the shop hands its
    top-tier customers to a person for and the verified customer is top tier (nothing while
    a person has it)."""
    if tracker.is_paused():
        return []
    message = tracker.latest_message or {}
    services = get_services()
    settings = services.settings
    intent = (message.get("intent") or {}).get("name")
    reason = human_only_reason(
        intent,
        str(message.get("text") or ""),
        settings.human_only_intents,
        settings.human_only_keywords,
    ) or top_tier_reason(
        intent, settings.top_tier_human_intents, lambda: customer_tier(tracker, services)
    )
    if reason is None:
        return []
    logger.info("a hand-over is due, reason=%s", reason)
    return [SlotSet(HANDOVER_DUE, reason)]
