"""The support desk: human agents take hand-over tickets, answer, and hand back."""

from shop.support.desk import HANDBACK_ACTION, AgentMessage, HandoverDesk, TicketDetail
from shop.support.transcript import TranscriptLine, transcript_from_events

__all__ = [
    "HANDBACK_ACTION",
    "AgentMessage",
    "HandoverDesk",
    "TicketDetail",
    "TranscriptLine",
    "transcript_from_events",
]
