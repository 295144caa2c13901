"""The plain, frozen result objects the use cases and reads return.

The UI shows them and never holds a session or an ORM object, so nothing it keeps can
lazily reach back into the store from the GUI thread. A ``pending`` flag says the row
carries the desk's own work that the server has not yet confirmed ("waiting to sync");
negative ids are such rows, created at this desk and numbered by the server later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from domain.documents import DocumentKind

DocumentStatus = Literal["not_checked", "passed", "failed"]
# where a page of a list ended: its last row's sort values, given back as ``after`` to
# read the next page from there (:func:`desktop.models.queries.DeskQueries.children`)
PageKey = tuple[Any, ...]


# ------------------------------------------------------------------------------ commands


@dataclass(frozen=True)
class PlaceView:
    id: int
    group_id: int
    status: str
    free_from: date
    published_at: datetime
    pending: bool = False


@dataclass(frozen=True)
class PublishResult:
    op_id: UUID
    group_id: int
    places: list[PlaceView]


@dataclass(frozen=True)
class WithdrawResult:
    op_id: UUID
    place: PlaceView


@dataclass(frozen=True)
class DocumentState:
    """The latest R20 check of one document kind; ``params`` fill the message of
    ``code`` and hold no personal data. ``pending``: recorded here, not yet synced."""

    kind: DocumentKind
    status: DocumentStatus
    code: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    visit_date: date | None = None
    checked_at: datetime | None = None
    checked_by: int | None = None
    this_visit: bool = False
    pending: bool = False


@dataclass(frozen=True)
class CheckOutcome:
    op_id: UUID
    referral_id: int
    visit_date: date
    all_passed: bool
    documents: list[DocumentState]


@dataclass(frozen=True)
class EnrollmentResult:
    """``enrollment_id`` is the desk's temporary (negative) id until the sync."""

    op_id: UUID
    enrollment_id: int
    referral_id: int
    application_id: int
    application_number: str
    group_id: int
    place_id: int
    vaccination: str
    head_decision_recorded: bool
    enrolled_at: datetime


@dataclass(frozen=True)
class LeaveResult:
    op_id: UUID
    enrollment_id: int
    group_id: int
    left_at: datetime
    reason: str


@dataclass(frozen=True)
class WalkInResult:
    """A walk-in application recorded offline; its number and queue time come from the
    server at the sync that delivers it (R9). ``warnings`` are reason codes (R2)."""

    op_id: UUID
    application_id: int
    client_ref: UUID
    warnings: tuple[str, ...]


# --------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class ReferralItem:
    """One line of the referrals list (the family's data: its view is audited, R30)."""

    id: int
    number: str
    status: str
    application_number: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    group_id: int
    group_name: str
    issued_at: datetime
    expires_at: datetime
    closed_at: datetime | None
    pending: bool


@dataclass(frozen=True)
class ReferralPage:
    total: int
    offset: int
    items: list[ReferralItem]
    next_key: PageKey | None = None  # None: the last page, or read the next one by offset


@dataclass(frozen=True)
class PendingOpView:
    """An op waiting for the server, for the Sync page and the status bar."""

    op_id: UUID
    seq: int
    kind: str
    created_at: datetime
    attempts: int
    last_error: str | None
    touches: list[tuple[str, int]]


@dataclass(frozen=True)
class ReferralDetail:
    id: int
    number: str
    status: str
    application_id: int
    application_number: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    phones: list[str]
    group_id: int
    group_name: str
    age_group: int | None
    place_id: int
    issued_at: datetime
    expires_at: datetime
    days_left: int
    postponed_until: date | None
    staff_relative: bool
    closed_at: datetime | None
    documents: list[DocumentState]
    all_passed: bool
    pending_ops: list[PendingOpView]


@dataclass(frozen=True)
class GroupSummary:
    """A group with the occupancy a publication is checked against (R15, R21)."""

    id: int
    name: str
    age_group: int
    language: str
    type: str
    capacity: int
    active: bool
    enrolled: int
    unvaccinated: int
    free: int
    offered: int
    reserved: int
    published: int
    available: int
    pending: bool


@dataclass(frozen=True)
class ChildItem:
    id: int
    group_id: int
    group_name: str
    child_name: str
    child_iin: str
    birth_date: date
    vaccination: str
    enrolled_at: datetime
    left_at: datetime | None
    pending: bool


@dataclass(frozen=True)
class ChildPage:
    total: int
    offset: int
    items: list[ChildItem]
    next_key: PageKey | None = None  # None: the last page, or read the next one by offset


@dataclass(frozen=True)
class ChildDetail:
    id: int
    group_id: int
    group_name: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    vaccination: str
    head_decision: str | None
    enrolled_at: datetime
    referral_id: int | None
    left_at: datetime | None
    leave_reason: str | None
    pending: bool


@dataclass(frozen=True)
class KindergartenChoice:
    """A kindergarten a walk-in family may choose (public data: the district directory)."""

    id: int
    name_kk: str
    name_ru: str
    address: str
    languages: tuple[str, ...]

    def name(self, language: str) -> str:
        return self.name_kk if language == "kk" else self.name_ru

    @property
    def search(self) -> str:
        """What a chooser's typed words are looked for in: both names and the address,
        case-folded in Python (SQLite folds only ASCII, not Kazakh or Russian letters)."""
        return " ".join(
            " ".join(p.split()) for p in (self.name_kk, self.name_ru, self.address)
        ).casefold()


@dataclass(frozen=True)
class KindergartenDirectory:
    """The walk-in form's choices: the district's kindergartens as last synced
    (``stored`` False: never downloaded; ``choices`` then holds the desk's own only)."""

    stored: bool
    choices: list[KindergartenChoice]


@dataclass(frozen=True)
class WalkInView:
    id: int
    number: str | None
    client_ref: UUID | None
    status: str
    queued_at: datetime | None
    child_name: str
    child_iin: str
    pending: bool


@dataclass(frozen=True)
class ConflictView:
    """A refused op: what the desk recorded (``payload``, the op as sent), why the server
    refused (``code``, ``message`` in the language of the moment) and its rows."""

    id: int
    op_id: UUID
    kind: str
    code: str
    message: str
    language: str
    payload: dict[str, Any]
    server_rows: list[dict[str, Any]]
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: int | None
    resolution: str | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: int | None
    action: str
    entity: str
    entity_id: int | None
    data: dict[str, Any]
    # the actor's full name (else login) if the account signed in on this desk; None for
    # the sync engine and for an account this desk never saw
    actor_name: str | None = None


@dataclass(frozen=True)
class SyncRunView:
    id: int
    started_at: datetime
    finished_at: datetime
    pushed: int
    applied: int
    duplicates: int
    rejected: int
    pulled: int
    conflicts: int
    snapshot: bool
    outcome: str
    error_code: str | None


@dataclass(frozen=True)
class DeskStatus:
    """The status bar: connection facts derived from tables, never from memory."""

    registered: bool
    kindergarten_id: int | None
    account_id: int | None
    role: str | None
    pending: int
    open_conflicts: int
    last_sync_at: datetime | None
    last_error_code: str | None
    clock_skew_seconds: float | None


@dataclass(frozen=True)
class IinMatches:
    """Where a typed or scanned IIN occurs (ids only: the jump, not yet a view)."""

    referral_ids: list[int]
    enrollment_ids: list[int]
    application_ids: list[int]
