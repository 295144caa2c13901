"""Where the server's time comes from.

Every service takes ``now`` as an argument; only the edges (the request dependency, the
scheduler loop) ask a :class:`Clock`. ``DevClock`` lets a demo or a black-box test move
time forward through an endpoint that exists only with ``--dev-clock``.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

# Kazakhstan has one time zone, UTC+5, since 1 March 2024; deadlines end at local midnight.
KZ_TZ = timezone(timedelta(hours=5), "Asia/Almaty")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class DevClock:
    """Real time plus an offset that only moves forward."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the dev clock never goes back")
        with self._lock:
            self._offset += delta
        return self.now()


class ManualClock:
    """A clock that moves only when told: tests step through deadlines without sleeping."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now


def local_date(moment: datetime) -> date:
    """The calendar day in Kazakhstan at ``moment``."""
    return moment.astimezone(KZ_TZ).date()


def end_of_local_day(day: date) -> datetime:
    """The last instant of ``day`` in Kazakhstan, in UTC: when a deadline on ``day`` ends."""
    start_next = datetime(day.year, day.month, day.day, tzinfo=KZ_TZ) + timedelta(days=1)
    return (start_next - timedelta(microseconds=1)).astimezone(UTC)
