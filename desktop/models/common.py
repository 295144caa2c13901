"""What the desk's use cases and reads share: local time, roles, the outbox, the audit
log, and the server's desk rules (``server_stub/services/desk.py``) applied to the local
mirror with the same :mod:`domain` functions, so that a verdict given offline is the
verdict the server will give when the op arrives (unless the server's state moved on).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.models import mirror
from desktop.models.tables import (
    Audit,
    DocumentCheck,
    Enrollment,
    Group,
    Outbox,
    Pending,
    Place,
    Referral,
    SyncStateRow,
)
from domain.documents import (
    CheckResult,
    DocumentKind,
    DocumentSet,
    EpidCertificate,
    check_epid_certificate,
)
from domain.errors import DomainError
from domain.policy import MonthDay, Policy
from sync import protocol

log = logging.getLogger(__name__)

# Kazakhstan has one time zone, UTC+5, since 1 March 2024; days and deadlines are local.
KZ_TZ = timezone(timedelta(hours=5), "Asia/Almaty")
LIVE_REFERRAL = ("active", "postponed")
OPEN_PLACE_STATUSES = ("free", "offered", "reserved")
DOCUMENT_KINDS: tuple[DocumentKind, ...] = tuple(DocumentKind)
# A pending row sorts after every synced one: the server records it when it arrives.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def local_date(moment: datetime) -> date:
    """The calendar day in Kazakhstan at ``moment``."""
    return moment.astimezone(KZ_TZ).date()


def end_of_local_day(day: date) -> datetime:
    """The last instant of ``day`` in Kazakhstan, in UTC."""
    start_next = datetime(day.year, day.month, day.day, tzinfo=KZ_TZ) + timedelta(days=1)
    return (start_next - timedelta(microseconds=1)).astimezone(UTC)


def in_august_freeze(day: date, policy: Policy) -> bool:
    """R25: from 1 to 31 August no places are published (the server checks again)."""
    return _within(day, policy.freeze_start, policy.freeze_end)


def _within(day: date, start: MonthDay, end: MonthDay) -> bool:
    key = (day.month, day.day)
    return (start.month, start.day) <= key <= (end.month, end.day)


# ------------------------------------------------------------------------------- roles


class DeskAction(StrEnum):
    """The server's desk actions (``server_stub.services.desk.DeskAction``), mirrored so a
    staff member is told at once, not at the next sync, that the head must do it."""

    VIEW = "view"
    CHECK_DOCUMENTS = "check_documents"
    PUBLISH_PLACES = "publish_places"
    WITHDRAW_PLACE = "withdraw_place"
    ENROLL = "enroll"
    RECORD_LEAVE = "record_leave"


ROLE_ACTIONS: Mapping[str, frozenset[DeskAction]] = {
    "head": frozenset(DeskAction),
    "staff": frozenset({DeskAction.VIEW, DeskAction.CHECK_DOCUMENTS}),
}


# ------------------------------------------------------------------------------ context


@dataclass(frozen=True)
class Actor:
    """Who works at the desk now: the signed-in account of the sync state."""

    kindergarten_id: int
    account_id: int
    role: str | None

    def require(self, action: DeskAction) -> None:
        """FORBIDDEN unless the role may ``action``; an unknown role (an older sign-in)
        is left to the server."""
        if self.role is not None and action not in ROLE_ACTIONS.get(self.role, frozenset()):
            raise DomainError("FORBIDDEN")


def sync_state_row(session: Session) -> SyncStateRow:
    state = session.get(SyncStateRow, 1)
    assert state is not None, "open_store creates the sync_state row"
    return state


def current_actor(session: Session) -> Actor:
    """The signed-in account; DESK_NOT_REGISTERED before the first sign-in."""
    state = sync_state_row(session)
    if state.kindergarten_id is None or state.account_id is None:
        raise DomainError("DESK_NOT_REGISTERED")
    return Actor(state.kindergarten_id, state.account_id, state.account_role)


def next_temp_id(session: Session) -> int:
    """A new negative id for a row the server has not seen; never reused."""
    state = sync_state_row(session)
    state.last_local_id -= 1
    return state.last_local_id


# ------------------------------------------------------------------------------ writing


def write_audit(
    session: Session,
    *,
    at: datetime,
    actor: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    data: Mapping[str, Any] | None = None,
) -> None:
    """One audit record (R30). ``data`` carries ids and reason codes, never a name, an
    IIN or a phone: the audit log is read by people who need not see them."""
    session.add(
        Audit(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            data=dict(data or {}),
        )
    )


@dataclass(frozen=True)
class Touch:
    """A mirror row an op changes: ``create`` (a temporary row) or ``update``."""

    entity: str
    entity_id: int
    action: str
    summary: Mapping[str, Any]


def build_op(factory: type[protocol._Wire], **fields: Any) -> Any:
    """Build an op through the wire model; a field the protocol refuses (too long, out
    of range) is INVALID_REQUEST naming the fields, never a pydantic traceback."""
    try:
        return factory(**fields)
    except ValidationError as exc:
        names = sorted({str(err["loc"][0]) for err in exc.errors() if err.get("loc")})
        raise DomainError("INVALID_REQUEST", fields=", ".join(names)) from exc


def enqueue(
    session: Session, op: Any, *, created_at: datetime, touches: Sequence[Touch]
) -> uuid.UUID:
    """Put ``op`` in the outbox with a new op id, and mark the rows it touches as pending.

    Called inside the use case's transaction: the change and its op commit together or
    not at all (transactional outbox).
    """
    op_id = uuid.uuid4()
    envelope = protocol.OpEnvelope(op_id=op_id, created_at=created_at, op=op)
    session.add(
        Outbox(
            op_id=str(op_id),
            kind=op.kind,
            payload=envelope.model_dump(mode="json"),
            created_at=created_at,
            touches=[[t.entity, t.entity_id] for t in touches],
            attempts=0,
        )
    )
    session.flush()
    for touch in touches:
        session.add(
            Pending(
                op_id=str(op_id),
                entity=touch.entity,
                entity_id=touch.entity_id,
                action=touch.action,
                summary={"kind": op.kind, **touch.summary},
            )
        )
    log.info("outbox: %s queued as %s", op.kind, op_id)  # a kind and an id: nothing personal
    return op_id


def change(session: Session, entity: str, entity_id: int) -> None:
    """Shorthand: keep the server's version before the desk changes a row."""
    mirror.begin_change(session, entity, entity_id)


# ------------------------------------------------------------------------------ lookups


def get_referral(session: Session, referral_id: int) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise DomainError("NOT_FOUND")
    return referral


def get_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise DomainError("NOT_FOUND")
    return group


def require_open(referral: Referral, now: datetime) -> None:
    """A referral the family can still act on: live and not past its deadline (R18, R19),
    judged by the desk's clock here and by the server's when the op arrives."""
    if referral.status not in LIVE_REFERRAL:
        raise DomainError("REFERRAL_NOT_ACTIVE", status=referral.status)
    if referral.expires_at <= now:
        raise DomainError("REFERRAL_LAPSED")


def latest_checks(session: Session, referral_id: int) -> dict[str, DocumentCheck]:
    """Document kind -> its latest check: synced ones by (time, id) as the server orders
    them, then the desk's pending ones in the order they were recorded."""
    rows = session.scalars(
        select(DocumentCheck).where(DocumentCheck.referral_id == referral_id)
    ).all()

    def order(row: DocumentCheck) -> tuple[int, datetime, int]:
        if row.id < 0:
            return (1, _EPOCH, -row.id)
        return (0, row.checked_at, row.id)

    latest: dict[str, DocumentCheck] = {}
    for row in sorted(rows, key=order):
        latest[row.kind] = row
    return latest


def check_details(kind: DocumentKind, docs: DocumentSet, result: CheckResult) -> dict[str, Any]:
    """What a check keeps, as the server keeps it: document numbers and validity dates,
    never an IIN or a birth date, plus the failure's message params."""
    details: dict[str, Any] = {"params": dict(result.params)}
    if kind is DocumentKind.PARENT_ID and docs.parent_id is not None:
        details["number"] = docs.parent_id.number.strip()
        expiry = docs.parent_id.expiry_date
        details["expiry_date"] = expiry.isoformat() if expiry else None
    elif kind is DocumentKind.BIRTH_CERTIFICATE and docs.birth_certificate is not None:
        details["number"] = docs.birth_certificate.number.strip()
    elif kind is DocumentKind.EPID_CERTIFICATE and docs.epid_certificate is not None:
        details["number"] = docs.epid_certificate.number.strip()
        details["issue_date"] = docs.epid_certificate.issue_date.isoformat()
    elif kind is DocumentKind.HEALTH_PASSPORT and docs.health_passport is not None:
        details["number"] = docs.health_passport.number.strip()
        details["vaccination"] = docs.health_passport.vaccination.value
    return details


def require_documents(
    referral: Referral, checks: Mapping[str, DocumentCheck], today: date, policy: Policy
) -> None:
    """R20 before enrolling: every document's latest check, on a visit within the
    referral, passed; the epidemiological certificate is judged again on the enrollment
    day, since it proves the absence of a *recent* contact."""
    issued = local_date(referral.issued_at)
    current = {kind: row for kind, row in checks.items() if issued <= row.visit_date <= today}
    missing = [k.value for k in DOCUMENT_KINDS if k.value not in current]
    if missing:
        raise DomainError("DOCUMENTS_NOT_CHECKED", documents=", ".join(missing))
    failed = [k.value for k in DOCUMENT_KINDS if not current[k.value].ok]
    if failed:
        raise DomainError("DOCUMENTS_FAILED", documents=", ".join(failed))
    epid = current[DocumentKind.EPID_CERTIFICATE.value].details
    again = check_epid_certificate(
        EpidCertificate(
            number=str(epid.get("number", "")),
            issue_date=date.fromisoformat(str(epid["issue_date"])),
        ),
        today,
        policy,
    )
    if not again.ok:
        assert again.code is not None
        raise DomainError(again.code, **dict(again.params))


@dataclass(frozen=True)
class GroupCounts:
    """A group's occupancy as the desk sees it now, its own pending work included."""

    enrolled: int
    unvaccinated: int
    free: int
    offered: int
    reserved: int

    @property
    def published(self) -> int:
        """Places published and not yet filled (a filled one is counted as enrolled)."""
        return self.free + self.offered + self.reserved

    def available(self, capacity: int) -> int:
        """Seats that may still be published (R15): capacity - enrolled - published."""
        return max(0, capacity - self.enrolled - self.published)


def group_counts(
    session: Session, group_ids: Sequence[int] | None = None
) -> dict[int, GroupCounts]:
    """Per group: children attending, unvaccinated ones (R21), places by status (R15)."""
    enrolled_q = (
        select(
            Enrollment.group_id,
            func.count(),
            func.sum(case((Enrollment.vaccination == "incomplete", 1), else_=0)),
        )
        .where(Enrollment.left_at.is_(None))
        .group_by(Enrollment.group_id)
    )
    places_q = (
        select(Place.group_id, Place.status, func.count())
        .where(Place.status.in_(OPEN_PLACE_STATUSES))
        .group_by(Place.group_id, Place.status)
    )
    if group_ids is not None:
        enrolled_q = enrolled_q.where(Enrollment.group_id.in_(list(group_ids)))
        places_q = places_q.where(Place.group_id.in_(list(group_ids)))
    enrolled: dict[int, tuple[int, int]] = {
        int(g): (int(n), int(u or 0)) for g, n, u in session.execute(enrolled_q).all()
    }
    places: dict[int, dict[str, int]] = {}
    for g, status, n in session.execute(places_q).all():
        places.setdefault(int(g), {})[str(status)] = int(n)
    ids = set(enrolled) | set(places) | set(group_ids or ())
    result: dict[int, GroupCounts] = {}
    for gid in ids:
        n, u = enrolled.get(gid, (0, 0))
        by_status = places.get(gid, {})
        result[gid] = GroupCounts(
            enrolled=n,
            unvaccinated=u,
            free=by_status.get("free", 0),
            offered=by_status.get("offered", 0),
            reserved=by_status.get("reserved", 0),
        )
    return result
