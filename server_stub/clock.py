"""Where the server's time comes from.

Every service takes ``now`` as an argument; only the edges (the request dependency, the
scheduler loop) ask a :class:`Clock`. ``DevClock`` lets a demo or a black-box test move
time forward through an endpoint that exists only with ``--dev-clock``.

Kazakhstan local time (``KZ_TZ``, ``local_date``, ``end_of_local_day``) is a rule the desk
shares, so it lives in :mod:`domain.kztime`; it is re-exported here for the server modules
that import it from the clock.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol

from domain.kztime import KZ_TZ as KZ_TZ
from domain.kztime import end_of_local_day as end_of_local_day
from domain.kztime import local_date as local_date


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
