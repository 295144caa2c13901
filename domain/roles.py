"""Who may do what at a kindergarten desk (DOMAIN.md "Who is who"; R15, R20-R23, R30).

The head commits the kindergarten's places (publishing, withdrawing, enrolling, ending a
contract); reception staff see the families and do the paperwork done with the family's
documents in hand. This is the one table: the server's HTTP desk API, the sync push (each
op names its action) and the offline desk all consult it, so a staff member is told "the
head must do this" at once at the desk and for the same reason the server would give.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from domain.errors import DomainError

HEAD = "head"
STAFF = "staff"


class DeskAction(StrEnum):
    """One thing a desk account may be allowed to do."""

    VIEW = "view"  # groups, places, referrals, children
    CHECK_DOCUMENTS = "check_documents"  # record an R20 check
    PUBLISH_PLACES = "publish_places"  # R15
    WITHDRAW_PLACE = "withdraw_place"
    ENROLL = "enroll"  # R21, R22: the contract is the head's signature
    RECORD_LEAVE = "record_leave"  # R23: ends a contract
    REGISTER_WALK_IN = "register_walk_in"  # R9: an application filed at the desk


ROLE_ACTIONS: Mapping[str, frozenset[DeskAction]] = MappingProxyType(
    {
        HEAD: frozenset(DeskAction),
        # Reception staff see the families and check their papers; registering a walk-in
        # is the same duty (done with the family's documents in hand). Decisions that
        # commit the kindergarten's places are the head's.
        STAFF: frozenset(
            {DeskAction.VIEW, DeskAction.CHECK_DOCUMENTS, DeskAction.REGISTER_WALK_IN}
        ),
    }
)


def may(role: str | None, action: DeskAction) -> bool:
    """Whether ``role`` may perform ``action``; an unknown or missing role may do nothing."""
    return action in ROLE_ACTIONS.get(role or "", frozenset())


def authorize(role: str | None, action: DeskAction) -> None:
    """Refuse with FORBIDDEN unless ``role`` may perform ``action`` at a desk."""
    if not may(role, action):
        raise DomainError("FORBIDDEN")
