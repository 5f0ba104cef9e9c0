"""The hand-over desk: what an agent does with a ticket, over the Rasa HTTP API.

- ``tickets``: a page of the list, newest activity first; an agent sees the tickets
  assigned to them or to nobody (``detail`` reports another agent's ticket as unknown);
- ``take``: the agent owns the ticket; the shopper is told a person has joined;
- ``say``: the agent's message is appended to the conversation as a bot event marked with
  the agent's name and sent on the channel the shopper last wrote on (Rasa's
  ``execute_side_effects`` with ``output_channel=latest``); the bot itself stays silent
  because the conversation is paused (``ConversationPaused`` at hand-over). Taking the
  ticket or answering also ends the off-hours acknowledgement (``handover_wait``);
- ``hand_back``: the ticket closes, the conversation resumes (``ConversationResumed``) and
  the bot says it is back, in the shopper's language; slots (verified order, language,
  products shown) are untouched, so the bot carries on with the context.

A closed ticket gives no access to the live conversation: no message, no hand-back, and its
transcript ends when it closed (what the shopper writes later is not shown through it).

The shopper-facing sentences are named responses (``utter_agent_joined``,
``utter_handback``) rendered with the same catalog and renderer as the Rasa server's (bot/nlg.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from core.errors import HandoverError, RasaUnavailable
from core.views import TicketView
from knowledge.responses import ResponseCatalog, render
from shop.handover import DEFAULT_PAGE_SIZE, Cursor, HandoverService, TicketPage
from shop.rasa_api import RasaClient
from shop.support.transcript import AGENT_METADATA_KEY, TranscriptLine, transcript_from_events

__all__ = ["HANDBACK_ACTION", "AgentMessage", "HandoverDesk", "TicketDetail"]

#: Characters an agent's message may have (a chat message, not a letter).
AGENT_MESSAGE_CHARACTERS = 4000
HANDBACK_ACTION = "action_listen"
#: The slot that makes the bot acknowledge a message while the conversation waits outside
#: the team's hours (actions/handoff.py).
HANDOVER_WAIT_SLOT = "handover_wait"


@dataclass(frozen=True)
class TicketDetail:
    """A ticket and its conversation's transcript (up to its closing, once closed)."""

    ticket: TicketView
    transcript: list[TranscriptLine]
    #: Whether the bot is paused; None for a closed ticket (the live state is not shown).
    paused: bool | None


@dataclass(frozen=True)
class AgentMessage:
    """What an agent sent, as stored in the conversation."""

    ticket_number: str
    agent: str
    text: str


def _timestamp(event: dict[str, Any]) -> float:
    try:
        return float(event.get("timestamp") or 0)
    except (TypeError, ValueError):
        return 0.0


def _unavailable(error: httpx.HTTPError) -> RasaUnavailable:
    return RasaUnavailable(f"the Rasa server did not answer ({type(error).__name__})")


class HandoverDesk:
    """Tickets (order database) and conversations (Rasa HTTP API), for agents."""

    def __init__(
        self,
        tickets: HandoverService,
        rasa: Callable[[], RasaClient],
        responses: ResponseCatalog,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._tickets = tickets
        self._rasa = rasa
        self._responses = responses
        self._clock = clock

    def tickets(
        self,
        statuses: tuple[str, ...],
        *,
        agent: str | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        after: Cursor | None = None,
    ) -> TicketPage:
        """A page of tickets in ``statuses``, newest activity first (with ``agent``: the
        ones assigned to them or to nobody)."""
        return self._tickets.page(statuses, agent=agent, limit=limit, after=after)

    def queue(self, limit: int = 200) -> list[TicketView]:
        """The tickets nobody has taken, in the order to take them (HandoverService.queue)."""
        return self._tickets.queue(limit=limit)

    def detail(self, ticket_number: str, agent: str | None = None) -> TicketDetail:
        """The ticket with its transcript; with ``agent``, only their ticket or nobody's.

        A closed ticket's transcript stops at its closing, without the live paused state.
        """
        ticket = self._tickets.get(ticket_number, agent)
        tracker = self._tracker(ticket.conversation_id)
        events = tracker.get("events") or []
        if ticket.closed_at is not None:
            closed = ticket.closed_at.timestamp()
            events = [event for event in events if _timestamp(event) <= closed]
            return TicketDetail(ticket, transcript_from_events(events), paused=None)
        return TicketDetail(
            ticket=ticket,
            transcript=transcript_from_events(events),
            paused=bool(tracker.get("paused")),
        )

    def take(self, ticket_number: str, agent: str) -> TicketView:
        """Assign the ticket to ``agent``; the shopper hears that a person joined (once)."""
        before = self._tickets.get(ticket_number)
        ticket = self._tickets.take(ticket_number, agent)
        if before.assigned_agent is None:
            self._utter(ticket, "utter_agent_joined", {"agent": agent}, agent=agent)
        return ticket

    def say(self, ticket_number: str, agent: str, text: str) -> AgentMessage:
        """Send ``text`` to the shopper on their channel, as ``agent``."""
        text = text.strip()
        if not text:
            raise HandoverError("the message is empty")
        if len(text) > AGENT_MESSAGE_CHARACTERS:
            raise HandoverError(f"a message has at most {AGENT_MESSAGE_CHARACTERS} characters")
        ticket = self._tickets.check_owner(ticket_number, agent)
        self._append(
            ticket.conversation_id,
            [self._bot_event({"text": text}, agent=agent), self._wait_over()],
        )
        self._tickets.touch(ticket.ticket_number)
        return AgentMessage(ticket_number=ticket.ticket_number, agent=agent, text=text)

    def hand_back(self, ticket_number: str, agent: str) -> TicketView:
        """Close the ticket, resume the bot, and let it say it is back."""
        ticket = self._tickets.check_owner(ticket_number, agent)
        tracker = self._tracker(ticket.conversation_id)
        message = render(self._responses, "utter_handback", {"agent": agent}, tracker)
        self._append(
            ticket.conversation_id,
            [
                {"event": "resume", "timestamp": self._clock()},
                self._bot_event(message, response="utter_handback"),
                {"event": "action", "name": HANDBACK_ACTION, "timestamp": self._clock()},
            ],
        )
        return self._tickets.close(ticket.ticket_number)

    def _utter(
        self, ticket: TicketView, response: str, arguments: dict[str, Any], agent: str
    ) -> None:
        tracker = self._tracker(ticket.conversation_id)
        message = render(self._responses, response, arguments, tracker)
        self._append(
            ticket.conversation_id,
            [self._bot_event(message, response=response, agent=agent), self._wait_over()],
        )

    def _wait_over(self) -> dict[str, Any]:
        """A person is there: the bot no longer acknowledges the shopper's messages while
        the conversation waits (``handover_wait``, actions/handoff.py)."""
        return {
            "event": "slot",
            "name": HANDOVER_WAIT_SLOT,
            "value": None,
            "timestamp": self._clock(),
        }

    def _bot_event(
        self, message: dict[str, Any], *, response: str | None = None, agent: str | None = None
    ) -> dict[str, Any]:
        metadata: dict[str, Any] = {}
        if response:
            metadata["utter_action"] = response
        if agent and not response:
            metadata[AGENT_METADATA_KEY] = agent
        data = {key: message[key] for key in ("buttons", "custom", "image") if key in message}
        return {
            "event": "bot",
            "text": message.get("text"),
            "data": data,
            "metadata": metadata,
            "timestamp": self._clock(),
        }

    def _tracker(self, conversation_id: str) -> dict[str, Any]:
        try:
            with self._rasa() as client:
                return client.tracker(conversation_id)
        except httpx.HTTPError as error:
            raise _unavailable(error) from error

    def _append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        try:
            with self._rasa() as client:
                client.append_events(conversation_id, events)
        except httpx.HTTPError as error:
            raise _unavailable(error) from error
