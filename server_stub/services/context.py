"""The inputs every decision shares: the server's time, the region's policy, the calendar."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain import places
from domain.calendar import WorkingCalendar
from domain.policy import Policy
from server_stub.clock import end_of_local_day, local_date
from server_stub.db import insert_missing
from server_stub.models import Counter


@dataclass(frozen=True)
class Ctx:
    """``now`` is the server's clock (R9); ``actor`` names the caller in the audit log."""

    now: datetime
    policy: Policy
    calendar: WorkingCalendar
    actor: str = "system"

    @property
    def today(self) -> date:
        return local_date(self.now)

    def acting(self, actor: str) -> Ctx:
        return dataclasses.replace(self, actor=actor)

    def working_deadline(self, working_days: int, start: date | None = None) -> datetime:
        """End of the n-th working day after ``start`` (default today), Kazakhstan time."""
        day = self.calendar.add_working_days(start or self.today, working_days)
        return end_of_local_day(day)

    def in_august_freeze(self, day: date | None = None) -> bool:
        """R25: group transfers; no places published, no offers or referrals made."""
        return places.in_august_freeze(day or self.today, self.policy)


def next_number(session: Session, name: str) -> int:
    """The next value of a named counter, safe under concurrent transactions.

    The UPDATE takes the row lock first, so two transactions never read the same value.
    The row is created with ON CONFLICT DO NOTHING: two first uses at once (a fresh
    database) must not collide on the primary key.
    """
    if session.get(Counter, name) is None:
        insert_missing(session, Counter, name=name, value=0)
    session.execute(update(Counter).where(Counter.name == name).values(value=Counter.value + 1))
    value = session.scalar(select(Counter.value).where(Counter.name == name))
    assert value is not None
    return value
