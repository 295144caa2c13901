"""Free places: how many a group may still publish, which may be taken back, and when
nothing is published at all (R15, R16-R18, R25).

The desk publishes offline and the server publishes again when the op arrives; if the two
counted a group's seats differently, a desk would accept a publication the server then
refuses (or the reverse), so the counting is here, once.
"""

from __future__ import annotations

from datetime import date

from domain.errors import DomainError
from domain.policy import DEFAULT_POLICY, Policy

# A published place that still counts against its group: nobody enrolled on it yet.
OPEN_PLACE_STATUSES: tuple[str, ...] = ("free", "offered", "reserved")
# A place with a family acting on it (an open offer, or a referral holding it, R16-R18).
PROMISED_PLACE_STATUSES: tuple[str, ...] = ("offered", "reserved")


def published_places(free: int, offered: int, reserved: int) -> int:
    """R15: places published and not yet filled (a filled one is counted as enrolled)."""
    return free + offered + reserved


def available_seats(capacity: int, enrolled: int, published: int) -> int:
    """R15: seats that may still be published: capacity - enrolled - published, never
    negative (a group shrunk below its children, or a data fix, must not go below 0)."""
    return max(0, capacity - enrolled - published)


def require_publishable(count: int, *, capacity: int, enrolled: int, published: int) -> None:
    """R15: publish at least one place and no more than the group has room for.

    The refusal names the numbers, so the head sees why without counting seats by hand.
    """
    available = available_seats(capacity, enrolled, published)
    if count < 1 or count > available:
        raise DomainError(
            "PLACES_OVER_CAPACITY",
            available=available,
            capacity=capacity,
            enrolled=enrolled,
            published=published,
        )


def require_withdrawable(status: str) -> None:
    """A published place may be taken back only while nobody has been offered it.

    An offered or reserved place has a family acting on it (R16-R18): withdrawing it would
    take a promise back, so it gets its own reason; any other status is simply not free.
    """
    if status in PROMISED_PLACE_STATUSES:
        raise DomainError("PLACE_ALREADY_OFFERED", status=status)
    if status != "free":
        raise DomainError("PLACE_NOT_FREE", status=status)


def in_august_freeze(day: date, policy: Policy = DEFAULT_POLICY) -> bool:
    """R25: during group transfers (1-31 August by default) no places are published and
    no offers or referrals are made. ``day`` is a Kazakhstan calendar day."""
    key = (day.month, day.day)
    start, end = policy.freeze_start, policy.freeze_end
    return (start.month, start.day) <= key <= (end.month, end.day)
