"""What the desk's use cases and reads share: the signed-in actor, the outbox, the audit
log, and the lookups of the local mirror.

The rules themselves (who may do what, Kazakhstan local time, what a document check
keeps and what enrolling needs, a group's publishable seats, a referral's deadline) are
the :mod:`domain` functions the server applies too (``server_stub/services/desk.py``), so
that a verdict given offline is the verdict the server will give when the op arrives
(unless the server's state moved on). Nothing here restates one of them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.models import mirror
from desktop.models.results import DocumentState
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
from domain.documents import DocumentKind
from domain.errors import DomainError
from domain.kztime import KZ_TZ as KZ_TZ  # re-exported: desktop/ui/widgets/formats.py
from domain.kztime import local_date as local_date
from domain.places import OPEN_PLACE_STATUSES, available_seats, published_places
from domain.roles import DeskAction, authorize
from sync import protocol

log = logging.getLogger(__name__)

# A pending row sorts after every synced one: the server records it when it arrives.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ------------------------------------------------------------------------------ context


@dataclass(frozen=True)
class Actor:
    """Who works at the desk now: the signed-in account of the sync state."""

    kindergarten_id: int
    account_id: int
    role: str | None

    def require(self, action: DeskAction) -> None:
        """FORBIDDEN unless the role may ``action`` (:func:`domain.roles.authorize`), so a
        staff member is told at once, not at the next sync, that the head must do it.

        A sign-in that recorded no role (an older desk version) is let through: the
        server, which knows the account's role, decides when the op arrives.
        """
        if self.role is not None:
            authorize(self.role, action)


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


def document_state(
    kind: DocumentKind, row: DocumentCheck | None, *, this_visit: bool = False
) -> DocumentState:
    """The latest check of one document as the desk's pages show it; ``pending`` while
    the check is the desk's own, not yet seen by the server."""
    if row is None:
        return DocumentState(kind=kind, status="not_checked")
    return DocumentState(
        kind=kind,
        status="passed" if row.ok else "failed",
        code=row.code,
        params=dict(row.details.get("params", {})),
        visit_date=row.visit_date,
        checked_at=row.checked_at,
        checked_by=row.checked_by,
        this_visit=this_visit,
        pending=row.id < 0,
    )


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
        """R15: places published and not yet filled (:mod:`domain.places`)."""
        return published_places(self.free, self.offered, self.reserved)

    def available(self, capacity: int) -> int:
        """R15: seats that may still be published (:mod:`domain.places`)."""
        return available_seats(capacity, self.enrolled, self.published)


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
