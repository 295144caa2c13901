"""The server side of the sync protocol: meta, push, changes and snapshot (DESIGN.md, "Sync").

Push applies a desk's outbox ops in order, each in a transaction of its own together with
its :class:`ProcessedOp` row, so a replayed ``op_id`` (a lost response, a retry, a crash
of the desk after sending) returns the stored answer instead of doing the work twice. The
ops are intents; each one calls the very desk service the HTTP desk API calls
(:mod:`server_stub.services.desk`), with the same scope (the caller's kindergarten) and the
same role table, so the two paths can never disagree about a rule.

Outcomes:

- ``applied``: the op's change and its ProcessedOp row committed together; ``rows`` are the
  server's rows the op touched, as they are after it.
- ``rejected``: the service refused it (a :class:`DomainError`); the failed transaction is
  rolled back and the refusal, with the server's rows the op named, is stored in a second
  transaction, so a replay is refused the same way and nothing the desk did is dropped
  without a reason.
- ``duplicate``: the ``op_id`` was processed before; the stored code and rows come back.

A transient failure (deadlock, serialization failure, lost connection, a concurrent
insert of the same op) is *not* an outcome: it is retried, and when it persists the push
stops there with :class:`TryLater`, so the ops after it are not attempted out of order and
the desk re-sends them all later.

Reads (changes, snapshot) run in one consistent snapshot of the database: on PostgreSQL a
REPEATABLE READ transaction, on SQLite the single-writer transaction every session takes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from domain.messages import message
from domain.places import OPEN_PLACE_STATUSES
from domain.referrals import LIVE_REFERRAL_STATUSES
from domain.roles import DeskAction, authorize
from server_stub.models import (
    Application,
    DocumentCheck,
    Enrollment,
    Group,
    Kindergarten,
    Place,
    ProcessedOp,
    Referral,
    ServerMeta,
)
from server_stub.registries import StateRegistry
from server_stub.services import applications, audit, desk, feed
from server_stub.services.auth import Principal
from server_stub.services.context import Ctx
from sync import protocol

log = logging.getLogger("kezek.sync")
_T = TypeVar("_T")

# Attempts per op before the push gives up with TryLater (the desk then backs off).
RETRIES = 3
# Errors that say "not now" rather than "no": another transaction won a lock, a
# serialization check failed, the connection dropped, or a concurrent push of the same
# op_id inserted its ProcessedOp first (the retry then finds it and answers duplicate).
TRANSIENT: tuple[type[Exception], ...] = (OperationalError, InterfaceError, IntegrityError)
# What the snapshot carries besides the live rows: recent history for the desk's lists.
RECENT_DAYS = 90
ENROLLMENT_HISTORY_DAYS = 365
# The snapshot is sent in pieces of about this size, so 50,000 children never sit in
# memory as one string.
STREAM_CHUNK = 64 * 1024

# Which desk action each op is; who may do it is the one table of domain.roles, which the
# HTTP desk API and the offline desk consult too.
OP_ACTIONS: dict[str, DeskAction] = {
    "publish_places": DeskAction.PUBLISH_PLACES,
    "withdraw_place": DeskAction.WITHDRAW_PLACE,
    "record_document_check": DeskAction.CHECK_DOCUMENTS,
    "enroll": DeskAction.ENROLL,
    "record_leave": DeskAction.RECORD_LEAVE,
    "register_walk_in": DeskAction.REGISTER_WALK_IN,
}


class TryLater(Exception):
    """A transient failure outlasted :data:`RETRIES`; the push stopped before that op.

    ``processed`` ops before it are done and stored: the desk re-sends the whole batch
    later and gets ``duplicate`` for them, so their order with the rest is kept.
    """

    def __init__(self, processed: int) -> None:
        super().__init__(f"push stopped after {processed} ops")
        self.processed = processed


def check_protocol(version: int) -> None:
    """Refuse a desk speaking a protocol this server does not, before touching anything."""
    if version not in protocol.SUPPORTED_VERSIONS:
        raise DomainError(
            "PROTOCOL_UNSUPPORTED",
            version=version,
            supported=", ".join(str(v) for v in protocol.SUPPORTED_VERSIONS),
        )


def _kindergarten(principal: Principal) -> int:
    if not principal.is_desk or principal.kindergarten_id is None:
        raise DomainError("FORBIDDEN")
    return principal.kindergarten_id


# --------------------------------------------------------------------------------- meta


def meta(session: Session, ctx: Ctx, kindergarten_id: int) -> protocol.Meta:
    """Versions, this database's identity and time, and the desk's feed bounds."""
    oldest, latest = feed.bounds(session, kindergarten_id)
    return protocol.Meta(
        protocol_versions=list(protocol.SUPPORTED_VERSIONS),
        server_id=feed.server_id(session),
        server_time=ctx.now,
        kindergarten_id=kindergarten_id,
        latest_cursor=latest,
        oldest_cursor=oldest,
        directory_version=directory(session, kindergarten_id).version,
    )


def directory(session: Session, kindergarten_id: int) -> protocol.Directory:
    """The active kindergartens of ``kindergarten_id``'s district, the desk's own included,
    by id: what a walk-in family may choose (the filing checks each is active).

    Fields are chosen one by one (R28): names, the building's address, languages; nothing
    about a family, an account or a coordinate. The version is a hash of exactly what is
    sent, so it changes when and only when the document does; computing it costs one
    indexed read of a district's rows (a few hundred at most), cheap enough for every
    ``meta``.
    """
    own = session.get(Kindergarten, kindergarten_id)
    if own is None:
        raise DomainError("KINDERGARTEN_NOT_FOUND", kindergarten_id=kindergarten_id)
    rows = session.scalars(
        select(Kindergarten)
        .where(Kindergarten.district_id == own.district_id, Kindergarten.active.is_(True))
        .order_by(Kindergarten.id)
    )
    entries = [protocol.DirectoryEntry.model_validate(feed.kindergarten_row(kg)) for kg in rows]
    digest = hashlib.sha256(
        json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False).encode()
    ).hexdigest()[:24]
    return protocol.Directory(
        version=f"{own.district_id}-{digest}", district_id=own.district_id, kindergartens=entries
    )


def renew_server_id(session: Session, ctx: Ctx) -> str:
    """Give this database a new identity, after it was restored from a backup.

    The backup may lack ops the desks sent after it was taken, and their outboxes have
    already forgotten them. A new ``server_id`` is how a desk learns of the restore: at
    its next ``meta`` it re-sends the ops acknowledged in the last two weeks (the
    restored ``processed_op`` rows answer ``duplicate`` for those the backup has) and
    re-downloads a snapshot, since the restored feed's cursors mean nothing to it.
    """
    row = session.scalar(select(ServerMeta).where(ServerMeta.key == "server_id").with_for_update())
    assert row is not None, "server_meta.server_id is set by migration 0002"
    previous, row.value = row.value, uuid.uuid4().hex
    # the ids by their first 8 characters: enough to tell them apart, and never a run of
    # digits the audit's personal-data guard would take for an IIN or a phone
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="server.restored",
        entity="server",
        entity_id=row.value[:8],
        data={"previous_server_id": previous[:8]},
    )
    return row.value


# --------------------------------------------------------------------------------- push


def push(
    session_factory: sessionmaker[Session],
    ctx: Ctx,
    principal: Principal,
    request: protocol.PushRequest,
    language: str,
    *,
    registry: StateRegistry,
) -> protocol.PushResponse:
    """Apply ``request.ops`` in order, each once; see the module docstring for outcomes.

    Raises :class:`TryLater` when an op keeps failing transiently; ops before it stay
    applied (and are answered ``duplicate`` when re-sent), ops after it are not tried.
    """
    check_protocol(request.protocol)
    kindergarten_id = _kindergarten(principal)
    pusher = _Pusher(session_factory, ctx, principal, kindergarten_id, request, language, registry)
    results = [pusher.one(index, envelope) for index, envelope in enumerate(request.ops)]
    return protocol.PushResponse(results=results, server_time=ctx.now)


@dataclass
class _Pusher:
    factory: sessionmaker[Session]
    ctx: Ctx
    principal: Principal
    kindergarten_id: int
    request: protocol.PushRequest
    language: str
    registry: StateRegistry

    def one(self, index: int, envelope: protocol.OpEnvelope) -> protocol.OpResult:
        for attempt in range(1, RETRIES + 1):
            try:
                return self._attempt(envelope)
            except TRANSIENT as exc:
                # the type only: a driver message may quote the row, i.e. personal data
                log.info(
                    "op %s (%s) attempt %d failed: %s",
                    envelope.op_id,
                    envelope.op.kind,
                    attempt,
                    type(exc).__name__,
                )
        raise TryLater(index)

    def _attempt(self, envelope: protocol.OpEnvelope) -> protocol.OpResult:
        op_id = str(envelope.op_id)
        try:
            with self.factory.begin() as session:
                stored = session.get(ProcessedOp, op_id)
                if stored is not None:
                    return self._replay(stored, envelope)
                # Inserted first: a concurrent push of the same op waits here on the key
                # instead of doing the work a second time (it then fails and replays).
                record = self._record(envelope, status="applied", result={})
                session.add(record)
                session.flush()
                rows = _apply(
                    session,
                    self.ctx,
                    self.principal,
                    self.kindergarten_id,
                    envelope.op,
                    self.registry,
                )
                record.result = {"code": None, "params": {}, "rows": _dump(rows)}
            return protocol.OpResult(
                op_id=envelope.op_id, status="applied", code=None, message=None, rows=rows
            )
        except DomainError as refusal:
            return self._reject(envelope, refusal)

    def _reject(self, envelope: protocol.OpEnvelope, refusal: DomainError) -> protocol.OpResult:
        """Store the refusal in a transaction of its own, the failed one rolled back."""
        params = _plain(refusal.params)
        with self.factory.begin() as session:
            stored = session.get(ProcessedOp, str(envelope.op_id))
            if stored is not None:  # a concurrent push of this op stored its outcome first
                return self._replay(stored, envelope)
            rows = canonical_rows(session, self.kindergarten_id, envelope.op)
            session.add(
                self._record(
                    envelope,
                    status="rejected",
                    result={"code": refusal.code, "params": params, "rows": _dump(rows)},
                )
            )
            # The rows may carry a family's data back to the desk: a read (R30).
            audit.record(
                session,
                now=self.ctx.now,
                actor=self.ctx.actor,
                action="sync_op_rejected",
                entity="kindergarten",
                entity_id=self.kindergarten_id,
                kindergarten_id=self.kindergarten_id,
                data={"kind": envelope.op.kind, "code": refusal.code, **_row_ids(rows)},
            )
        return protocol.OpResult(
            op_id=envelope.op_id,
            status="rejected",
            code=refusal.code,
            message=message(refusal.code, self.language, **params),
            rows=rows,
        )

    def _replay(self, stored: ProcessedOp, envelope: protocol.OpEnvelope) -> protocol.OpResult:
        if stored.kindergarten_id != self.kindergarten_id:
            # Another kindergarten's op id: say nothing about it, store nothing.
            return self._refused(envelope, "FORBIDDEN")
        if stored.kind != envelope.op.kind:
            return self._refused(envelope, "SYNC_OP_ID_REUSED", kind=stored.kind)
        code = stored.result.get("code")
        params = stored.result.get("params") or {}
        return protocol.OpResult(
            op_id=envelope.op_id,
            status="duplicate",
            code=code,
            message=message(code, self.language, **params) if code else None,
            rows=[protocol.Change.model_validate(r) for r in stored.result.get("rows", [])],
        )

    def _refused(
        self, envelope: protocol.OpEnvelope, code: str, **params: Any
    ) -> protocol.OpResult:
        return protocol.OpResult(
            op_id=envelope.op_id,
            status="rejected",
            code=code,
            message=message(code, self.language, **params),
        )

    def _record(
        self, envelope: protocol.OpEnvelope, *, status: str, result: dict[str, Any]
    ) -> ProcessedOp:
        assert self.principal.account_id is not None  # a desk is an account
        created = envelope.created_at
        if created.tzinfo is None:  # a desk clock without a zone: display only, call it UTC
            created = created.replace(tzinfo=UTC)
        return ProcessedOp(
            op_id=str(envelope.op_id),
            kindergarten_id=self.kindergarten_id,
            account_id=self.principal.account_id,
            device_id=self.request.device_id,
            kind=envelope.op.kind,
            status=status,
            result=result,
            client_created_at=created,
            processed_at=self.ctx.now,
        )


def _apply(
    session: Session,
    ctx: Ctx,
    principal: Principal,
    kindergarten_id: int,
    op: protocol.Op,
    registry: StateRegistry,
) -> list[protocol.Change]:
    """Run one op through its desk service; the rows it touched, as they are now."""
    authorize(principal.role, OP_ACTIONS[op.kind])
    account_id = principal.account_id
    assert account_id is not None
    if isinstance(op, protocol.PublishPlaces):
        published = desk.publish_places(
            session,
            ctx,
            kindergarten_id,
            group_id=op.group_id,
            count=op.count,
            free_from=op.free_from,
            account_id=account_id,
        )
        # their status after the immediate allocation: offered to whom the queue says
        return [_place(session, p.id) for p in published.places]
    if isinstance(op, protocol.WithdrawPlace):
        withdrawn = desk.withdraw_place(session, ctx, kindergarten_id, op.place_id)
        return [_place(session, withdrawn.id)]
    if isinstance(op, protocol.RecordDocumentCheck):
        before = set(_check_ids(session, op.referral_id))
        desk.record_document_check(
            session,
            ctx,
            kindergarten_id,
            op.referral_id,
            op.documents.to_domain(),
            visit_date=op.documents.visit_date,
            account_id=account_id,
        )
        new = [i for i in _check_ids(session, op.referral_id) if i not in before]
        checks = session.scalars(select(DocumentCheck).where(DocumentCheck.id.in_(new)))
        return [_upsert("document_check", c.id, feed.document_check_row(c)) for c in checks]
    if isinstance(op, protocol.Enroll):
        enrolled = desk.enroll(
            session,
            ctx,
            kindergarten_id,
            op.referral_id,
            head_decision=op.head_decision,
            account_id=account_id,
        )
        enrollment = session.get_one(Enrollment, enrolled.enrollment_id)
        referral = session.get_one(Referral, enrolled.referral_id)
        return [
            _upsert("enrollment", enrollment.id, feed.enrollment_row(enrollment)),
            _referral(session, referral),
            _place(session, enrolled.place_id),
        ]
    if isinstance(op, protocol.RecordLeave):
        left = desk.record_leave(
            session, ctx, kindergarten_id, op.enrollment_id, day=op.date, reason=op.reason
        )
        row = session.get_one(Enrollment, left.id)
        return [_upsert("enrollment", row.id, feed.enrollment_row(row))]
    if isinstance(op, protocol.RegisterWalkIn):
        filed = applications.file_walk_in(
            session,
            ctx,
            kindergarten_id=kindergarten_id,
            data=applications.ApplicationInput(
                child_iin=op.child_iin,
                child_name=op.child_name,
                birth_date=op.birth_date,
                phones=tuple(op.phones),
                kindergarten_ids=tuple(op.kindergarten_ids),
                accepted_languages=tuple(op.accepted_languages),
                need=op.need,
                benefit=op.benefit,
                language=op.language,
                desired_start=op.desired_start,
            ),
            parent_iin=op.parent_iin,
            client_ref=str(op.client_ref),
            registry=registry,
        )
        session.flush()
        app = filed.application
        return [_upsert("application", app.id, feed.application_row(app))]
    raise AssertionError(f"unhandled op {op.kind}")  # the Op union is closed


def canonical_rows(
    session: Session, kindergarten_id: int, op: protocol.Op
) -> list[protocol.Change]:
    """The server's current rows of what ``op`` names, as this desk may see them.

    What the desk may not see (another kindergarten's id, a referral awaiting a benefit's
    confirmation) comes back as a tombstone: the desk drops its copy and learns nothing.
    """
    if isinstance(op, protocol.PublishPlaces):
        group = session.scalar(
            select(Group).where(Group.id == op.group_id, Group.kindergarten_id == kindergarten_id)
        )
        return [
            _upsert("group", group.id, feed.group_row(group))
            if group
            else _delete("group", op.group_id)
        ]
    if isinstance(op, protocol.WithdrawPlace):
        return [_own_place_row(session, kindergarten_id, op.place_id)]
    if isinstance(op, protocol.RecordDocumentCheck | protocol.Enroll):
        referral = session.scalar(
            select(Referral).where(
                Referral.id == op.referral_id, Referral.kindergarten_id == kindergarten_id
            )
        )
        if referral is None:
            return [_delete("referral", op.referral_id)]
        shown = _referral(session, referral)
        if isinstance(op, protocol.RecordDocumentCheck) or shown.op == "delete":
            return [shown]
        return [shown, _own_place_row(session, kindergarten_id, referral.place_id)]
    if isinstance(op, protocol.RecordLeave):
        enrollment = session.scalar(
            select(Enrollment).where(
                Enrollment.id == op.enrollment_id, Enrollment.kindergarten_id == kindergarten_id
            )
        )
        if enrollment is None:
            return [_delete("enrollment", op.enrollment_id)]
        return [_upsert("enrollment", enrollment.id, feed.enrollment_row(enrollment))]
    if isinstance(op, protocol.RegisterWalkIn):
        app = session.scalar(
            select(Application).where(
                Application.client_ref == str(op.client_ref),
                Application.registered_at_kindergarten == kindergarten_id,
            )
        )
        return [_upsert("application", app.id, feed.application_row(app))] if app else []
    raise AssertionError(f"unhandled op {op.kind}")


def _upsert(entity: str, entity_id: int, row: dict[str, Any]) -> protocol.Change:
    return protocol.Change(seq=0, entity=entity, id=entity_id, op="upsert", row=row)  # type: ignore[arg-type]


def _delete(entity: str, entity_id: int) -> protocol.Change:
    return protocol.Change(seq=0, entity=entity, id=entity_id, op="delete")  # type: ignore[arg-type]


def _place(session: Session, place_id: int) -> protocol.Change:
    place = session.get_one(Place, place_id)
    return _upsert("place", place.id, feed.place_row(place))


def _own_place_row(session: Session, kindergarten_id: int, place_id: int) -> protocol.Change:
    place = session.scalar(
        select(Place).where(Place.id == place_id, Place.kindergarten_id == kindergarten_id)
    )
    return (
        _upsert("place", place.id, feed.place_row(place)) if place else _delete("place", place_id)
    )


def _referral(session: Session, referral: Referral) -> protocol.Change:
    row = feed.referral_row(session, referral)
    return _upsert("referral", referral.id, row) if row else _delete("referral", referral.id)


def _check_ids(session: Session, referral_id: int) -> list[int]:
    return list(
        session.scalars(
            select(DocumentCheck.id)
            .where(DocumentCheck.referral_id == referral_id)
            .order_by(DocumentCheck.id)
        )
    )


def _dump(rows: Iterable[protocol.Change]) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in rows]


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Message params as JSON can store them (a date becomes its ISO text)."""
    return {
        k: v if isinstance(v, int | float | bool | str | None) else str(v)
        for k, v in params.items()
    }


def _row_ids(rows: Iterable[protocol.Change]) -> dict[str, list[int]]:
    """``{"referral_ids": [...], ...}``: what an audit record may say about rows (ids)."""
    ids: dict[str, list[int]] = {}
    for row in rows:
        ids.setdefault(f"{row.entity}_ids", []).append(row.id)
    return ids


# ------------------------------------------------------------------------------- reads


@contextmanager
def read_session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose every statement sees one snapshot of the database.

    PostgreSQL: REPEATABLE READ, read only, set before the first statement; the
    snapshot is taken by that statement. SQLite: each transaction already holds the
    database (BEGIN IMMEDIATE), so nothing commits in between. Nothing is written: the
    session is closed, i.e. rolled back.
    """
    with session_factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(
                execution_options={
                    "isolation_level": "REPEATABLE READ",
                    "postgresql_readonly": True,
                }
            )
        yield session


def changes(session: Session, kindergarten_id: int, since: int, limit: int) -> protocol.ChangesPage:
    """One page of the desk's feed after ``since``; run it in :func:`read_session`.

    In one snapshot, a prune committing between reading the bounds and reading the rows
    cannot make the page start after a gap. A cursor beyond the feed's head was never
    given by this database (a restored backup): like a pruned one, it needs a snapshot.
    """
    oldest, latest = feed.bounds(session, kindergarten_id)
    if since > latest:
        raise DomainError("CURSOR_UNKNOWN", cursor=since, latest=latest)
    try:
        return feed.changes_since(session, kindergarten_id, since, limit)
    except feed.CursorTooOld:
        raise DomainError("CURSOR_TOO_OLD", cursor=since, oldest=oldest) from None


def audit_pull(
    session: Session, ctx: Ctx, kindergarten_id: int, page: protocol.ChangesPage
) -> None:
    """R30: a page that brings a family's data to the desk is a read of it; ids only.

    Written in a transaction of its own (the page is read in a read-only snapshot), and
    only for pages carrying such rows: most pulls bring nothing and write nothing.
    """
    personal = [c for c in page.changes if c.entity in ("referral", "enrollment", "application")]
    if not personal:
        return
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="sync_changes",
        entity="kindergarten",
        entity_id=kindergarten_id,
        kindergarten_id=kindergarten_id,
        data={"cursor": page.cursor, **_row_ids(personal)},
    )


def audit_snapshot(session: Session, ctx: Ctx, kindergarten_id: int) -> None:
    """R30: the snapshot hands the desk every family it serves; recorded before sending.

    Before, not after: if the record cannot be written the data are not sent. Counts
    and ids of 50,000 rows do not belong in an audit record; the feed head at the time
    says which state was served, to within the changes committed meanwhile.
    """
    _, latest = feed.bounds(session, kindergarten_id)
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="sync_snapshot",
        entity="kindergarten",
        entity_id=kindergarten_id,
        kindergarten_id=kindergarten_id,
        data={"feed_head": latest},
    )


@dataclass(frozen=True)
class _Part:
    name: str
    value: Any = None
    rows: Callable[[], Iterator[dict[str, Any]]] | None = None


def _snapshot_parts(session: Session, kindergarten_id: int, now: datetime) -> Iterator[_Part]:
    """The snapshot's fields in :class:`protocol.Snapshot` order; lists as row streams.

    The cursor is read first: in one snapshot of the database the rows below are exactly
    those of the changes up to it, so pulling from it misses nothing and repeats nothing
    that the rows do not already show.
    """
    _, cursor = feed.bounds(session, kindergarten_id)
    kg = session.get(Kindergarten, kindergarten_id)
    if kg is None:
        raise DomainError("NOT_FOUND")
    recent = now - timedelta(days=RECENT_DAYS)
    referral_filter = and_(
        Referral.kindergarten_id == kindergarten_id,
        Referral.awaiting_benefit.is_(False),  # not the desk's yet (R13)
        or_(Referral.status.in_(LIVE_REFERRAL_STATUSES), Referral.closed_at >= recent),
    )
    referral_ids = select(Referral.id).where(referral_filter)

    def groups() -> Iterator[dict[str, Any]]:
        query = select(Group).where(Group.kindergarten_id == kindergarten_id).order_by(Group.id)
        return (feed.group_row(g) for g in session.scalars(query))

    def places() -> Iterator[dict[str, Any]]:
        query = (
            select(Place)
            .where(
                Place.kindergarten_id == kindergarten_id,
                or_(
                    Place.status.in_(OPEN_PLACE_STATUSES),
                    # a place has no "closed at": recent ones by publication, and those
                    # of the referrals sent, whatever their age
                    Place.published_at >= recent,
                    Place.id.in_(select(Referral.place_id).where(referral_filter)),
                ),
            )
            .order_by(Place.id)
        )
        return (feed.place_row(p) for p in _stream(session, query))

    def referrals() -> Iterator[dict[str, Any]]:
        rows = session.scalars(select(Referral).where(referral_filter).order_by(Referral.id)).all()
        # one query for the families, held here so referral_row finds them in the
        # (weak) identity map instead of asking for each
        families = session.scalars(
            select(Application).where(
                Application.id.in_(select(Referral.application_id).where(referral_filter))
            )
        ).all()
        for referral in rows:
            row = feed.referral_row(session, referral)
            if row is not None:
                yield row
        del families  # held until here on purpose

    def document_checks() -> Iterator[dict[str, Any]]:
        query = (
            select(DocumentCheck)
            .where(DocumentCheck.referral_id.in_(referral_ids))
            .order_by(DocumentCheck.id)
        )
        return (feed.document_check_row(c) for c in _stream(session, query))

    def enrollments() -> Iterator[dict[str, Any]]:
        query = (
            select(Enrollment)
            .where(
                Enrollment.kindergarten_id == kindergarten_id,
                or_(
                    Enrollment.left_at.is_(None),
                    Enrollment.left_at >= now - timedelta(days=ENROLLMENT_HISTORY_DAYS),
                ),
            )
            .order_by(Enrollment.id)
        )
        return (feed.enrollment_row(e) for e in _stream(session, query))

    def walk_ins() -> Iterator[dict[str, Any]]:
        query = (
            select(Application)
            .where(Application.registered_at_kindergarten == kindergarten_id)
            .order_by(Application.id)
        )
        return (feed.application_row(a) for a in _stream(session, query))

    yield _Part("server_id", feed.server_id(session))
    yield _Part("cursor", cursor)
    yield _Part("kindergarten", feed.kindergarten_row(kg))
    yield _Part("groups", rows=groups)
    yield _Part("places", rows=places)
    yield _Part("referrals", rows=referrals)
    yield _Part("document_checks", rows=document_checks)
    yield _Part("enrollments", rows=enrollments)
    yield _Part("applications", rows=walk_ins)


def _stream(session: Session, query: Select[_T]) -> Iterator[_T]:
    """Rows a thousand at a time (a server-side cursor on PostgreSQL).

    The identity map holds clean objects weakly, so rows already sent are let go.
    """
    yield from session.scalars(query.execution_options(yield_per=1000))


def snapshot(session: Session, kindergarten_id: int, *, now: datetime) -> protocol.Snapshot:
    """Everything the desk mirrors, in memory; run it in :func:`read_session`."""
    fields: dict[str, Any] = {}
    for part in _snapshot_parts(session, kindergarten_id, now):
        fields[part.name] = list(part.rows()) if part.rows is not None else part.value
    return protocol.Snapshot.model_validate(fields)


def stream_snapshot(
    session_factory: sessionmaker[Session], kindergarten_id: int, *, now: datetime
) -> Iterator[bytes]:
    """The same snapshot as JSON bytes, produced while it is sent.

    The read transaction lives as long as the generator; the bytes are exactly
    ``Snapshot`` JSON (the rows come from the same serializers the feed uses).
    """
    with read_session(session_factory) as session:
        out: list[str] = ["{"]
        size = 1
        for index, part in enumerate(_snapshot_parts(session, kindergarten_id, now)):
            out.append(("," if index else "") + json.dumps(part.name) + ":")
            if part.rows is None:
                out.append(_json(part.value))
                continue
            out.append("[")
            for number, row in enumerate(part.rows()):
                text = _json(row)
                out.append("," + text if number else text)
                size += len(text) + 1
                if size >= STREAM_CHUNK:
                    yield "".join(out).encode()
                    out, size = [], 0
            out.append("]")
        out.append("}")
        yield "".join(out).encode()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
