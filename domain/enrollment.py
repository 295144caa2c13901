"""A child leaving the kindergarten (R23).

The desk records a leave offline and the server again when the op arrives; the date and
reason rules and the moment stored must be the same on both, or the seat would count as
free on one side and not on the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.errors import DomainError
from domain.kztime import end_of_local_day

# The reason is free text for the staff; kept short, it is not a record of the family.
LEAVE_REASON_MAX = 200


@dataclass(frozen=True)
class Leave:
    """A valid leave: its local day and its trimmed reason."""

    day: date
    reason: str


def check_leave(
    *,
    left_at: datetime | None,
    day: date | None,
    today: date,
    enrolled_on: date,
    reason: str,
) -> Leave:
    """R23: a child leaves once, on or after its enrollment day and never in the future
    (a future date would free the seat now), for a reason that says something.

    ``day`` defaults to ``today``; ``left_at`` is the leave already recorded, if any.
    """
    if left_at is not None:
        raise DomainError("CHILD_ALREADY_LEFT")
    on = day or today
    if on > today or on < enrolled_on:
        raise DomainError("LEAVE_DATE_INVALID", day=on.isoformat())
    text = reason.strip()
    if not text:
        raise DomainError("INVALID_REQUEST", fields="reason")
    return Leave(day=on, reason=text[:LEAVE_REASON_MAX])


def left_at(day: date, *, today: date, now: datetime) -> datetime:
    """The moment stored for a leave on ``day``: now for today, else the end of that
    Kazakhstan day, so a leave recorded late still counts the whole day as attended."""
    return now if day == today else end_of_local_day(day)
