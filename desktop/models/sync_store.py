"""What the sync engine (``sync/client.py``) asks of the local store.

Every method is ONE transaction, and the engine keeps nothing in memory that the tables
do not also say: the outbox is what is left to push, ``sync_state.cursor`` is where the
pull goes on. A crash at any point therefore resumes by re-sending: an op whose answer
was lost is still in the outbox, and the server answers its replay ``duplicate`` with the
same rows (DESIGN.md, "Sync").

:class:`LocalSyncStore` is the store behind :class:`sync.client.SyncEngine` (it satisfies
the engine's ``SyncStore`` protocol, with the engine's own result types)::

    SyncEngine(store=LocalSyncStore(store), base_url=..., token=lambda: store.load_token() or "")

Acknowledged ops are not forgotten at once: for :data:`ACKNOWLEDGED_KEPT` they stay in
``acknowledged_op``, so that a server restored from a backup taken before they arrived
gets them again (:meth:`LocalSyncStore.requeue_acknowledged`, called by the engine when
the server's id changes).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from desktop.models import mirror
from desktop.models.common import sync_state_row, write_audit
from desktop.models.store import LocalStore
from desktop.models.tables import (
    MIRRORS,
    Acknowledged,
    Conflict,
    DeskAccount,
    DirectoryKindergarten,
    Outbox,
    Pending,
    Shadow,
    SyncRun,
)
from domain.errors import DomainError
from domain.messages import message
from sync import client as engine
from sync import protocol
from sync.client import SyncSummary

log = logging.getLogger(__name__)

# The code a rejection without one is recorded under (a server bug, but never lost).
FALLBACK_REJECTION = "SYNC_REJECTED"
# How long an acknowledged op is kept for a restored server. A restore is from last night's
# backup or so; two weeks covers a late one, and bounds how long the desk keeps the
# payloads (families' data, R30) beyond the mirrors' own copy.
ACKNOWLEDGED_KEPT = timedelta(days=14)


@dataclass(frozen=True)
class SyncState(engine.SyncState):
    """The engine's :class:`sync.client.SyncState` (``cursor`` 0: never pulled), plus who
    is signed in and the last failure, for the status bar."""

    account_id: int | None = None
    last_error_code: str | None = None


@dataclass(frozen=True)
class ResultSummary(engine.ResultSummary):
    """The engine's counts of one push's answers, plus ``ignored`` (answers to ops already
    settled) and the ids of the conflicts it created (for a notification)."""

    ignored: int = 0
    conflict_ids: tuple[int, ...] = ()

    @property
    def conflicts(self) -> int:
        return len(self.conflict_ids)


def _rows_json(changes: Sequence[protocol.Change]) -> list[dict[str, Any]]:
    return [change.model_dump(mode="json") for change in changes]


class LocalSyncStore:
    """The sync engine's view of one open :class:`LocalStore`."""

    def __init__(
        self, store: LocalStore, *, keep_acknowledged: timedelta = ACKNOWLEDGED_KEPT
    ) -> None:
        self.store = store
        # by the desk's clock: local housekeeping, no decision of the server's depends on it
        self.keep_acknowledged = keep_acknowledged

    # --- state ------------------------------------------------------------------------------

    def configured(self) -> bool:
        """Whether :meth:`set_server` ran (the desk signed in once)."""
        with self.store.read() as session:
            state = sync_state_row(session)
            return state.server_url is not None and state.kindergarten_id is not None

    def state(self) -> SyncState:
        """The sync state; DESK_NOT_REGISTERED before the first :meth:`set_server`."""
        with self.store.read() as session:
            state = sync_state_row(session)
            if state.server_url is None or state.kindergarten_id is None:
                raise DomainError("DESK_NOT_REGISTERED")
            return SyncState(
                server_url=state.server_url,
                server_id=state.server_id,
                kindergarten_id=state.kindergarten_id,
                device_id=state.device_id,
                cursor=state.cursor,
                last_sync_at=state.last_sync_at,
                directory_version=state.directory_version,
                account_id=state.account_id,
                last_error_code=state.last_error_code,
            )

    def set_server(
        self,
        server_url: str,
        kindergarten_id: int,
        account_id: int,
        *,
        role: str | None = None,
        login: str | None = None,
        full_name: str | None = None,
    ) -> None:
        """After a sign-in: where to sync, for which kindergarten, as whom.

        A profile belongs to one kindergarten (R30: its children only); another
        kindergarten's sign-in into a profile that holds data or unsent work is refused
        with PROFILE_OTHER_KINDERGARTEN (use another profile). ``role`` (head/staff) lets
        the desk refuse at once what the server would refuse for that role. ``login`` and
        ``full_name`` (from ``/auth/me``) are kept in ``desk_account`` so the audit log
        names the account; a sign-in without them keeps the names already known.
        """
        with self.store.write() as session:
            state = sync_state_row(session)
            if state.kindergarten_id is not None and state.kindergarten_id != kindergarten_id:
                unsent = session.scalar(select(func.count()).select_from(Outbox)) or 0
                if unsent or any(mirror.count(session, entity) for entity in MIRRORS):
                    raise DomainError("PROFILE_OTHER_KINDERGARTEN")
                state.server_id = None
                state.cursor = 0
                state.last_sync_at = None
                # another district, maybe: its directory comes with the next sync
                state.directory_version = None
                session.execute(delete(DirectoryKindergarten))
                # the other kindergarten's acknowledged ops must never be re-sent here
                session.execute(delete(Acknowledged))
            state.server_url = server_url
            state.kindergarten_id = kindergarten_id
            state.account_id = account_id
            state.account_role = role
            now = self.store.now()
            account = session.get(DeskAccount, account_id)
            if account is None:
                account = DeskAccount(id=account_id, last_signed_in_at=now)
                session.add(account)
            account.last_signed_in_at = now
            if role is not None:
                account.role = role
            if login is not None:
                account.login = login
            if full_name is not None:
                account.full_name = full_name
            write_audit(
                session,
                at=now,
                actor=account_id,
                action="signed_in",
                entity="kindergarten",
                entity_id=kindergarten_id,
            )

    # --- push ---------------------------------------------------------------------------------

    def pending_ops(self, limit: int) -> list[protocol.OpEnvelope]:
        """The first ``limit`` ops of the outbox, in the order they were recorded."""
        with self.store.read() as session:
            payloads = session.scalars(select(Outbox.payload).order_by(Outbox.seq).limit(limit))
            return [protocol.OpEnvelope.model_validate(p) for p in payloads]

    def pending_count(self) -> int:
        with self.store.read() as session:
            return int(session.scalar(select(func.count()).select_from(Outbox)) or 0)

    def record_results(
        self, results: list[protocol.OpResult], server_time: datetime
    ) -> ResultSummary:
        """Settle pushed ops by the server's answers, in one transaction.

        ``applied``/``duplicate``: the op leaves the outbox; the desk's temporary rows and
        overlays go, the server's canonical ``rows`` come in. ``rejected``: the same, plus
        a conflict keeping the op's payload, the code, the message (the server's, or made
        from the code in the desk's language) and the server's rows, which are applied
        too (the server is authoritative). Answers to unknown op ids are ignored.
        """
        applied = duplicates = rejected = ignored = 0
        conflict_ids: list[int] = []
        now = self.store.now()
        with self.store.write() as session:
            touched = mirror.Touches(session)
            for result in results:
                op = session.scalar(select(Outbox).where(Outbox.op_id == str(result.op_id)))
                if op is None:
                    ignored += 1
                    continue
                if result.status == "rejected":
                    rejected += 1
                    conflict_ids.append(self._conflict(session, op, result, server_time))
                else:
                    if result.status == "duplicate":
                        duplicates += 1
                    else:
                        applied += 1
                    self._acknowledge(session, op, now)
                self._settle(session, op, result.rows, touched)
            expired = Acknowledged.acknowledged_at < now - self.keep_acknowledged
            session.execute(delete(Acknowledged).where(expired))
            state = sync_state_row(session)
            state.clock_skew_seconds = (now - server_time).total_seconds()
        if rejected:
            log.info("sync: %d op(s) rejected, kept as conflicts", rejected)
        return ResultSummary(
            applied=applied,
            duplicates=duplicates,
            rejected=rejected,
            ignored=ignored,
            conflict_ids=tuple(conflict_ids),
        )

    def _conflict(
        self, session: Session, op: Outbox, result: protocol.OpResult, server_time: datetime
    ) -> int:
        code = result.code or FALLBACK_REJECTION
        language = self.store.language
        conflict = Conflict(
            op_id=op.op_id,
            kind=op.kind,
            payload=op.payload,
            code=code,
            message=result.message or message(code, language),
            language=language,
            server_rows=_rows_json(result.rows),
            created_at=server_time,
        )
        session.add(conflict)
        session.flush()
        write_audit(
            session,
            at=self.store.now(),
            actor=None,
            action="op_rejected",
            entity="conflict",
            entity_id=conflict.id,
            data={"op_id": op.op_id, "kind": op.kind, "code": code},
        )
        return conflict.id

    @staticmethod
    def _acknowledge(session: Session, op: Outbox, now: datetime) -> None:
        """Keep an acknowledged op for a restored server (a rejected one is a conflict:
        re-sending it could apply what the staff already saw refused and acted upon)."""
        session.merge(
            Acknowledged(
                seq=op.seq,
                op_id=op.op_id,
                kind=op.kind,
                payload=op.payload,
                created_at=op.created_at,
                acknowledged_at=now,
            )
        )

    def requeue_acknowledged(self) -> int:
        """Put the ops acknowledged within :attr:`keep_acknowledged` back into the outbox
        (the server was restored and may lack them); returns how many.

        They take their old outbox numbers, so they go out in the order they were
        recorded and before every op still waiting, and the push that follows re-sends
        them; the server answers ``duplicate`` for those its backup has. They come back
        without overlays (``touches`` empty): the desk's rows are the server's already,
        and the push's answer brings whatever the restored server makes of them. Older
        acknowledgements are dropped: beyond the window nothing is promised.
        """
        with self.store.write() as session:
            now = self.store.now()
            since = now - self.keep_acknowledged
            waiting = set(session.scalars(select(Outbox.op_id)))
            kept = session.scalars(
                select(Acknowledged)
                .where(Acknowledged.acknowledged_at >= since)
                .order_by(Acknowledged.seq)
            ).all()
            requeued = 0
            for ack in kept:
                if ack.op_id in waiting:
                    continue
                session.add(
                    Outbox(
                        seq=ack.seq,
                        op_id=ack.op_id,
                        kind=ack.kind,
                        payload=ack.payload,
                        created_at=ack.created_at,
                        touches=[],
                        attempts=0,
                    )
                )
                requeued += 1
            session.execute(delete(Acknowledged))
            state = sync_state_row(session)
            write_audit(
                session,
                at=now,
                actor=None,
                action="ops_requeued",
                entity="kindergarten",
                entity_id=state.kindergarten_id,
                data={"count": requeued},
            )
        log.info("sync: %d acknowledged op(s) queued again for a restored server", requeued)
        return requeued

    def _settle(
        self,
        session: Session,
        op: Outbox,
        rows: Sequence[protocol.Change],
        touched: mirror.Touches,
    ) -> None:
        keys = [(str(entity), int(entity_id)) for entity, entity_id in op.touches]
        session.execute(delete(Pending).where(Pending.op_id == op.op_id))
        session.delete(op)
        session.flush()
        touched.release(keys)
        mirror.lift(session, keys, touched)
        self._apply(session, rows, touched)

    @staticmethod
    def _apply(
        session: Session, changes: Iterable[protocol.Change], touched: mirror.Touches
    ) -> int:
        applied = 0
        for change in changes:
            row = change.row if change.op == "upsert" else None
            if change.op == "upsert" and row is None:
                raise DomainError("SYNC_DATA_INVALID")
            if mirror.apply_server_row(session, change.entity, change.id, row, touched):
                applied += 1
        return applied

    # --- pull ---------------------------------------------------------------------------------

    def apply_page(self, page: protocol.ChangesPage) -> int:
        """Apply a page of the change feed in order and store its cursor, together.

        A row some pending op changed locally is not overwritten: the change goes to its
        shadow, and the op's answer (or, failing that, the shadow) settles it. Returns the
        number of changes applied to the mirror.
        """
        with self.store.write() as session:
            touched = mirror.Touches(session)
            applied = self._apply(session, page.changes, touched)
            sync_state_row(session).cursor = page.cursor
        return applied

    def replace_with_snapshot(self, snapshot: protocol.Snapshot) -> None:
        """Replace every mirror with ``snapshot`` (a cursor too old, a restored server),
        and set the server id and cursor; the outbox, its overlays and the conflicts stay,
        so unsent work is re-pushed and the desk's own rows keep showing until answered.
        """
        with self.store.write() as session:
            state = sync_state_row(session)
            if (
                state.kindergarten_id is not None
                and snapshot.kindergarten.id != state.kindergarten_id
            ):
                raise DomainError("SYNC_KINDERGARTEN_MISMATCH")
            touched = mirror.Touches(session)
            kept: dict[str, list[int]] = {entity: [] for entity in MIRRORS}
            for entity, entity_id in touched:
                if entity in kept:
                    kept[entity].append(entity_id)
            # overlaid server rows: absent from the snapshot means gone from this desk
            session.execute(update(Shadow).where(Shadow.entity_id > 0).values(row=None))
            sections: list[tuple[str, Sequence[protocol._Wire]]] = [
                ("kindergarten", [snapshot.kindergarten]),
                ("group", snapshot.groups),
                ("place", snapshot.places),
                ("referral", snapshot.referrals),
                ("document_check", snapshot.document_checks),
                ("enrollment", snapshot.enrollments),
                ("application", snapshot.applications),
            ]
            for entity, rows in sections:
                mirror.clear(session, entity, kept[entity])
                fresh: list[dict[str, Any]] = []
                for model in rows:
                    entity_id = int(model.id)  # type: ignore[attr-defined]
                    if (entity, entity_id) in touched:
                        row = model.model_dump(mode="json")
                        mirror.apply_server_row(session, entity, entity_id, row, touched)
                    else:
                        fresh.append(mirror.model_values(model))
                mirror.bulk_insert(session, entity, fresh)
                if entity == "application":
                    for values in fresh:
                        if values.get("client_ref"):
                            mirror.drop_walk_in_drafts(session, str(values["client_ref"]))
            state.server_id = snapshot.server_id
            state.cursor = snapshot.cursor
            state.kindergarten_id = snapshot.kindergarten.id
        log.info("sync: snapshot applied, cursor %d", snapshot.cursor)

    # --- directory ----------------------------------------------------------------------------

    def replace_directory(self, directory: protocol.Directory) -> None:
        """Replace the district's kindergartens and store their version, together (so a
        crash leaves the old copy and the old version, and the next sync fetches again).
        The engine calls it only when the server's version differs from the stored one."""
        with self.store.write() as session:
            state = sync_state_row(session)
            session.execute(delete(DirectoryKindergarten))
            session.add_all(
                DirectoryKindergarten(**entry.model_dump()) for entry in directory.kindergartens
            )
            state.directory_version = directory.version
        log.info("sync: directory stored, %d kindergarten(s)", len(directory.kindergartens))

    # --- history ------------------------------------------------------------------------------

    def record_sync(self, summary: SyncSummary) -> None:
        """One history row for the engine's run. ``ok`` also sets last_sync_at and clears
        the error; ``failed`` keeps its code for the status bar; ``cancelled`` changes
        neither. The skew the engine measured against the server's time is kept for the
        warning (DESIGN.md: a large skew is shown)."""
        finished = summary.finished_at or self.store.now()
        with self.store.write() as session:
            session.add(
                SyncRun(
                    started_at=summary.started_at,
                    finished_at=finished,
                    pushed=summary.pushed,
                    applied=summary.applied,
                    duplicates=summary.duplicates,
                    rejected=summary.rejected,
                    pulled=summary.pulled,
                    conflicts=summary.conflicts,
                    snapshot=summary.snapshot,
                    outcome=summary.outcome,
                    error_code=summary.error_code,
                )
            )
            state = sync_state_row(session)
            if summary.clock_skew_seconds is not None:
                state.clock_skew_seconds = summary.clock_skew_seconds
            if summary.outcome == "ok":
                state.last_sync_at = finished
                state.last_error_code = None
            elif summary.outcome == "failed":
                state.last_error_code = summary.error_code

    def mark_failure(self, code: str, op_ids: Sequence[UUID] = ()) -> None:
        """A transient failure (network, 5xx, 429, an outdated protocol): remembered for
        the status bar; ``op_ids`` (the ops that were being sent) count an attempt."""
        with self.store.write() as session:
            sync_state_row(session).last_error_code = code
            if op_ids:
                session.execute(
                    update(Outbox)
                    .where(Outbox.op_id.in_([str(op_id) for op_id in op_ids]))
                    .values(attempts=Outbox.attempts + 1, last_error=code)
                )
