"""A referral's life at the kindergarten: whether the family can still act on it and how
many working days it has left (R18, R19).

The desk judges these by its own clock offline and the server by its own when the op
arrives (R9: the server's time decides); both must apply the same rule to their clock,
so the rule is here and the moment is an argument.
"""

from __future__ import annotations

from datetime import datetime

from domain.calendar import WorkingCalendar
from domain.errors import DomainError
from domain.kztime import local_date

# Statuses in which a referral still holds its place: issued, or its start postponed (R18).
LIVE_REFERRAL_STATUSES: tuple[str, ...] = ("active", "postponed")
# A closed referral stays in a desk's default list this long (calendar days), so the staff
# can still see what happened to a family that came last week.
RECENTLY_CLOSED_DAYS = 30


def require_open(status: str, expires_at: datetime, now: datetime) -> None:
    """A referral the family can still act on: live and not past its deadline (R18, R19).

    The deadline is judged here and not only when the scheduler marks the referral
    lapsed, which may not have happened yet: a lapsed referral must not be used even in
    the minutes before that.
    """
    if status not in LIVE_REFERRAL_STATUSES:
        raise DomainError("REFERRAL_NOT_ACTIVE", status=status)
    if expires_at <= now:
        raise DomainError("REFERRAL_LAPSED")


def working_days_left(calendar: WorkingCalendar, now: datetime, expires_at: datetime) -> int:
    """R18 counts working days: those left after today, 0 on the last day or past it."""
    if expires_at <= now:
        return 0
    return max(0, calendar.working_days_between(local_date(now), local_date(expires_at)))
