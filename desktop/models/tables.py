"""The tables of a desk's local store.

Three kinds of tables, kept apart on purpose:

* **Mirrors** of what the server shows this desk (``kindergarten``, ``kgroup``, ``place``,
  ``referral``, ``document_check``, ``enrollment``, ``application``): exactly the columns
  of the protocol's row types (:mod:`sync.protocol`), keyed by the server's ids. Local
  work is shown in them *optimistically* before the server answers: a withdrawn place
  reads ``withdrawn`` at once, a new document check is a row with a **negative** temporary
  id (the server's ids are positive, so the two never meet). Only two columns are looser
  than the protocol's: a walk-in application has no ``number`` or ``queued_at`` until the
  server has received it (R9), so those are NULL locally instead of a made-up value.
  Mirrors carry no foreign keys: the server is authoritative and enforces integrity; a
  feed page may carry a tombstone of a parent whose rows the desk still shows.
* **Overlay bookkeeping**: ``outbox`` (the ops to send, in order), ``pending`` (which
  mirror rows each op changed, for the "waiting to sync" marks and to undo them),
  ``shadow`` (the server's latest version of a row the desk is overlaying), ``conflict``,
  ``acknowledged_op`` (recently acknowledged ops, re-sent to a restored server).
* **Directory**: ``directory_kindergarten``, the kindergartens of the desk's district
  (public data only) for the walk-in form's choices; replaced whole when the server's
  directory version changes (``sync_state.directory_version``).
* **Desk-only**: ``audit`` (R30), ``desk_account`` (the accounts that signed in here, to
  name them in the audit log), ``sync_state`` (one row), ``sync_run`` (history),
  ``name_token`` and ``name_key`` (name search and alphabetical order), ``local_secret``
  (the token in passphrase mode).

Times are UTC and come back timezone-aware (:class:`UtcDateTime`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints: batch-mode migrations (table rebuilds on SQLite) must find them by name.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite keeps a fixed-width naive UTC text, which
    therefore sorts in time order (the server's column type does the same)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        date: Date,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


# ------------------------------------------------------------------------------- mirrors


class KindergartenColumns:
    """A kindergarten as the protocol sends it (``KindergartenRow``): this desk's own in
    its mirror, its district's in the directory."""

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500))
    languages: Mapped[list[Any]] = mapped_column(JSON)


class Kindergarten(KindergartenColumns, Base):
    __tablename__ = "kindergarten"


class Group(Base):
    __tablename__ = "kgroup"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    age_group: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    type: Mapped[str] = mapped_column(String(20))
    capacity: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)


class Place(Base):
    __tablename__ = "place"
    __table_args__ = (Index("ix_place_group_status", "group_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    group_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    free_from: Mapped[date]
    published_at: Mapped[datetime]


class Referral(Base):
    """A referral with its family's data: the desk's most sensitive rows (R30)."""

    __tablename__ = "referral"
    __table_args__ = (
        # R30 search at the desk: IIN prefixes and numbers through range scans, carrying
        # what the default list filters on (status, closed_at), so a search's count never
        # reads the table; the default list (live first, by deadline) and every sort key
        # through its own index, which a search with many matches walks (queries.DENSE_ROWS).
        Index("ix_referral_child_iin_live", "child_iin", "status", "closed_at"),
        Index("ix_referral_parent_iin_live", "parent_iin", "status", "closed_at"),
        Index("ix_referral_number_live", "number", "status", "closed_at"),
        Index("ix_referral_application_number_live", "application_number", "status", "closed_at"),
        Index("ix_referral_status", "status"),
        Index("ix_referral_status_expires", "status", "expires_at"),
        Index("ix_referral_expires_at", "expires_at"),
        Index("ix_referral_issued_at", "issued_at"),
        Index("ix_referral_child_name", "child_name"),
        Index("ix_referral_place_id", "place_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number: Mapped[str] = mapped_column(String(40))
    application_id: Mapped[int] = mapped_column(Integer)
    application_number: Mapped[str] = mapped_column(String(40))
    group_id: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    postponed_until: Mapped[date | None]
    staff_relative: Mapped[bool] = mapped_column(Boolean)
    closed_at: Mapped[datetime | None]
    child_name: Mapped[str] = mapped_column(String(300))
    child_iin: Mapped[str] = mapped_column(String(12))
    birth_date: Mapped[date]
    parent_iin: Mapped[str] = mapped_column(String(12))
    phones: Mapped[list[Any]] = mapped_column(JSON)


class DocumentCheck(Base):
    __tablename__ = "document_check"
    __table_args__ = (Index("ix_document_check_referral_kind", "referral_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    referral_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    ok: Mapped[bool] = mapped_column(Boolean)
    code: Mapped[str | None] = mapped_column(String(60))
    visit_date: Mapped[date]
    checked_by: Mapped[int] = mapped_column(Integer)
    checked_at: Mapped[datetime]
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class Enrollment(Base):
    __tablename__ = "enrollment"
    __table_args__ = (
        # the Children list's order (group, then name) with what its search reads, so a
        # search with many matches walks it and stops after the page (queries.DENSE_ROWS)
        Index("ix_enrollment_list", "group_id", "left_at", "child_iin", "parent_iin"),
        Index("ix_enrollment_referral_id", "referral_id"),
        # IIN prefixes, with left_at: a search's count of attending children is index-only
        Index("ix_enrollment_child_iin_left", "child_iin", "left_at"),
        Index("ix_enrollment_parent_iin_left", "parent_iin", "left_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    referral_id: Mapped[int | None] = mapped_column(Integer)
    group_id: Mapped[int] = mapped_column(Integer)
    child_name: Mapped[str] = mapped_column(String(300))
    child_iin: Mapped[str] = mapped_column(String(12))
    birth_date: Mapped[date]
    parent_iin: Mapped[str] = mapped_column(String(12))
    vaccination: Mapped[str] = mapped_column(String(20))
    head_decision: Mapped[str | None] = mapped_column(Text)
    enrolled_at: Mapped[datetime]
    left_at: Mapped[datetime | None]
    leave_reason: Mapped[str | None] = mapped_column(String(200))


class Application(Base):
    """A walk-in application this desk registered (protocol ``ApplicationRow``)."""

    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_client_ref", "client_ref"),
        Index("ix_application_child_iin", "child_iin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # NULL until the server has received it: the number and the queue time are its (R9)
    number: Mapped[str | None] = mapped_column(String(40))
    client_ref: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    queued_at: Mapped[datetime | None]
    child_name: Mapped[str] = mapped_column(String(300))
    child_iin: Mapped[str] = mapped_column(String(12))


# ---------------------------------------------------------------------------- bookkeeping


class Outbox(Base):
    """One intent op waiting for the server, in the order the desk recorded it.

    ``seq`` is AUTOINCREMENT so a number is never reused, even after the last op left:
    order is the order of recording. ``touches`` lists the [entity, id] mirror rows the
    op changed locally; a pulled change to one of them waits for the op's result.
    """

    __tablename__ = "outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    touches: Mapped[list[Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(60))


class Acknowledged(Base):
    """An op the server acknowledged (``applied`` or ``duplicate``), kept for a while
    after it left the outbox.

    A server restored from a backup (its server id changes) may have lost what it
    acknowledged after that backup; the sync engine then puts these back into the outbox
    (:meth:`~desktop.models.sync_store.LocalSyncStore.requeue_acknowledged`) and pushes
    them again, which the server's ``processed_ops`` makes harmless for the ones it still
    has. ``seq`` is the op's outbox number, so a requeued op takes its old place in line.
    Kept for a bounded time only: the payloads hold families' data (R30).
    """

    __tablename__ = "acknowledged_op"
    __table_args__ = (Index("ix_acknowledged_op_acknowledged_at", "acknowledged_at"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime]


class Pending(Base):
    """A mirror row an unsent (or unanswered) op created or changed: the UI's "waiting to
    sync" mark. ``summary`` holds ids and codes only, never personal data; it goes with
    its op (ON DELETE CASCADE)."""

    __tablename__ = "pending"
    __table_args__ = (Index("ix_pending_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    op_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("outbox.op_id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # create | update
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class Shadow(Base):
    """The server's latest known version of a mirror row the desk overlays locally
    (``row`` NULL: the server has no such row, e.g. a temporary one). When the last op
    touching the row is answered, the mirror row becomes this one unless the answer
    carried a newer row."""

    __tablename__ = "shadow"

    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    row: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Conflict(Base):
    """An op the server refused: kept with its payload, so nothing is silently dropped."""

    __tablename__ = "conflict"
    __table_args__ = (Index("ix_conflict_resolved_at", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    code: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    server_rows: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(Integer)
    resolution: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------------------- directory


class DirectoryKindergarten(KindergartenColumns, Base):
    """A kindergarten of the desk's district, as the server's ``/sync/directory`` gives it.

    Public data only (names, the building's address, languages of instruction), so it
    needs none of the care of the mirrors.
    """

    __tablename__ = "directory_kindergarten"


# ---------------------------------------------------------------------------- desk-only


class Audit(Base):
    """Who did or viewed what at this desk (R30); ``data`` holds ids and codes only."""

    __tablename__ = "audit"
    __table_args__ = (
        Index("ix_audit_at", "at"),
        Index("ix_audit_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class DeskAccount(Base):
    """An account (head or staff) that signed in on this desk, as ``/auth/me`` named it,
    so the audit log (which keeps account ids only) can say who by name. Updated at every
    sign-in; kept when the profile moves to another kindergarten, since the audit still
    holds the earlier accounts' ids. A staff member's name only, nothing about children."""

    __tablename__ = "desk_account"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    login: Mapped[str | None] = mapped_column(String(100))
    full_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(20))
    last_signed_in_at: Mapped[datetime]


class SyncStateRow(Base):
    """The one row of sync state; everything else the engine needs is derived from the
    outbox and the mirrors, so a crash never leaves it out of step."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    device_id: Mapped[str] = mapped_column(String(36))
    server_url: Mapped[str | None] = mapped_column(String(500))
    server_id: Mapped[str | None] = mapped_column(String(64))
    kindergarten_id: Mapped[int | None] = mapped_column(Integer)
    account_id: Mapped[int | None] = mapped_column(Integer)
    account_role: Mapped[str | None] = mapped_column(String(20))
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None]
    last_error_code: Mapped[str | None] = mapped_column(String(60))
    # desk clock minus server clock at the last push, for the skew warning (DESIGN "Sync")
    clock_skew_seconds: Mapped[float | None]
    # the last temporary (negative) id handed out; only ever decreases
    last_local_id: Mapped[int] = mapped_column(Integer, default=0)
    # the version of the district directory stored (NULL: never downloaded)
    directory_version: Mapped[str | None] = mapped_column(String(64))


class SyncRun(Base):
    __tablename__ = "sync_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    pushed: Mapped[int] = mapped_column(Integer)
    applied: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    pulled: Mapped[int] = mapped_column(Integer)
    conflicts: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[bool] = mapped_column(Boolean)  # the run re-downloaded everything
    outcome: Mapped[str] = mapped_column(String(20))  # ok | failed | cancelled
    error_code: Mapped[str | None] = mapped_column(String(60))


class NameToken(Base):
    """One word of a child's name, case-folded, for indexed prefix search (R30 desk
    search): SQLite's LOWER() and LIKE fold only ASCII, Kazakh and Russian names need
    Python's casefold, done once when the row is written."""

    __tablename__ = "name_token"
    # (entity, token, id) finds the rows whose name has a word; (entity, id, token) checks
    # one row's other words, and removes a row's words when it changes
    __table_args__ = (Index("ix_name_token_owner", "entity", "entity_id", "token"),)

    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    token: Mapped[str] = mapped_column(String(300), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class NameKey(Base):
    """A child's name as an alphabet-order key, so lists sort as a Kazakh or Russian
    reader expects (Ә after А, not after Я, as code points would put it)."""

    __tablename__ = "name_key"
    __table_args__ = (Index("ix_name_key_order", "entity", "sort_key", "entity_id"),)

    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sort_key: Mapped[str] = mapped_column(String(300))


class LocalSecret(Base):
    """Secrets that must not leave the encrypted store (the token in passphrase mode)."""

    __tablename__ = "local_secret"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


MIRRORS: dict[str, type[Base]] = {
    "kindergarten": Kindergarten,
    "group": Group,
    "place": Place,
    "referral": Referral,
    "document_check": DocumentCheck,
    "enrollment": Enrollment,
    "application": Application,
}
