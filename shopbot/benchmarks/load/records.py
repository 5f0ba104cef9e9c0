"""One line of JSON per turn: what the locust process sent and what came back.

The locust process appends a :class:`TurnRecord` after every turn (flushed at once, so the
parent's progress bar counts the lines while it runs); the parent reads them all at the end
for the figures and the reconciliation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Final

__all__ = ["NO_RESPONSE", "TurnRecord", "count_records", "read_records", "write_record"]

#: ``status`` of a turn that got no HTTP answer (timeout, refused connection).
NO_RESPONSE: Final = 0


@dataclass(frozen=True)
class TurnRecord:
    """One turn: the conversation, its kind, the text sent, when, how long, the HTTP status,
    what was wrong (nothing: a good turn) and the bot's replies."""

    conversation: int
    sender: str
    kind: str
    text: str
    #: Seconds since the epoch when the request left.
    started: float
    milliseconds: float
    status: int
    problems: list[str] = field(default_factory=list)
    #: The texts of the bot's messages in the reply, in order ("" for one without text).
    replies: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Answered with 200 and nothing wrong with the reply."""
        return self.status == 200 and not self.problems

    @property
    def accepted(self) -> bool:
        """The server took the message (200): it must be stored exactly once."""
        return self.status == 200

    @property
    def in_doubt(self) -> bool:
        """No answer, or a server error (a proxy's 502/504 may come after the turn was
        handled): stored at most once."""
        return self.status == NO_RESPONSE or self.status >= 500


def write_record(stream: IO[str], record: TurnRecord) -> None:
    """Append ``record`` as one line and flush."""
    stream.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
    stream.flush()


def read_records(path: Path) -> list[TurnRecord]:
    """Every complete record in ``path`` (a line cut short by a killed writer is skipped)."""
    return list(_records(path))


def _records(path: Path) -> Iterator[TurnRecord]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.endswith("\n"):
                break
            yield TurnRecord(**json.loads(line))


def count_records(path: Path) -> int:
    """How many complete records ``path`` holds so far."""
    try:
        with path.open("rb") as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 16), b""))
    except FileNotFoundError:
        return 0
