"""The demo's support agent: takes some hand-over tickets through the desk and answers.

The agent works through :class:`shop.support.HandoverDesk`, as ``shopbot handover`` and the
console do: take (the shopper hears a person joined), say (the message reaches the shopper's
channel), hand back (the bot resumes). The plan decides per ticket: answer and hand back,
answer and keep the ticket, or leave it open for the console's inbox.
"""

from __future__ import annotations

from shop.support import HandoverDesk
from shopbot.demo.shopper import Shopper

__all__ = ["DEMO_AGENT", "DemoAgent"]

DEMO_AGENT = "Sam (demo agent)"


class DemoAgent:
    """Attends the demo's tickets as :data:`DEMO_AGENT`."""

    def __init__(self, desk: HandoverDesk, name: str = DEMO_AGENT) -> None:
        """``desk``: the hand-over desk on the order database and the Rasa server."""
        self.desk = desk
        self.name = name

    def attend(self, shopper: Shopper) -> None:
        """Whatever the plan says for the shopper's ticket (nothing without one)."""
        ticket = shopper.outcome.ticket
        if ticket is None:
            return
        if shopper.rng.random() < 0.6:
            shopper.say("waiting")  # the bot is paused: kept for the agent, not answered
        if shopper.plan.agent == "leave":
            return
        self.desk.take(ticket, self.name)
        self.desk.say(ticket, self.name, shopper.line("agent_answer"))
        shopper.outcome.agent = self.name
        shopper.say("agent_thanks")
        if shopper.plan.agent == "answer":
            self.desk.hand_back(ticket, self.name)
