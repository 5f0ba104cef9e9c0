"""When a notice may go out: never in the shop's quiet hours, at most N a customer a day.

Both are read in the shop's time zone (the store policy's support time zone): quiet hours
``21:00-08:00`` span midnight, ``""`` means none; "a day" is the shop's calendar day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from core.errors import ConfigurationError

__all__ = ["NoticePolicy", "QuietHours"]


def _clock(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class QuietHours:
    """A daily window without notices; ``start == end`` or ``None`` means none."""

    start: time | None = None
    end: time | None = None

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """``"21:00-08:00"`` (or empty: none); :class:`ConfigurationError` otherwise."""
        text = text.strip()
        if not text:
            return cls()
        try:
            start, end = text.split("-")
            return cls(_clock(start), _clock(end))
        except ValueError:
            raise ConfigurationError(
                f"quiet hours must look like 21:00-08:00, not {text!r}"
            ) from None

    def contains(self, local: time) -> bool:
        """Whether the local time of day ``local`` is quiet."""
        if self.start is None or self.end is None or self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end


@dataclass(frozen=True)
class NoticePolicy:
    """The shop's rules for writing first."""

    quiet_hours: QuietHours
    daily_limit: int
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        if self.daily_limit < 1:
            raise ConfigurationError("the daily limit of notices must be 1 or more")
        ZoneInfo(self.timezone)  # raises for an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        """The shop's time zone."""
        return ZoneInfo(self.timezone)

    def is_quiet(self, now: datetime) -> bool:
        """Whether ``now`` (aware) falls in the quiet hours, shop time."""
        return self.quiet_hours.contains(now.astimezone(self.zone).time())

    def day_start(self, now: datetime) -> datetime:
        """Midnight of ``now``'s day, shop time (the daily limit counts from here)."""
        local = now.astimezone(self.zone)
        return local.replace(hour=0, minute=0, second=0, microsecond=0)

    def today(self, now: datetime) -> datetime:
        """``now`` in the shop's time zone."""
        return now.astimezone(self.zone)

    def over_limit(self, delivered_today: int) -> bool:
        """Whether a customer who got ``delivered_today`` notices today may get no more."""
        return delivered_today >= self.daily_limit
