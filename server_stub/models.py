"""The central server's tables.

Invariants that money and fairness depend on are enforced by the database itself, not by
the code that happens to run first (DESIGN.md, "Concurrency"):

- one active application per child IIN in the country (R3): partial unique index;
- at most one open offer per application (R17) and per place: partial unique indexes;
- a place is held by at most one live referral: partial unique index;
- a processed sync op is stored once: primary key on ``op_id``.

Times are stored in UTC; :class:`UtcDateTime` gives them back timezone-aware on SQLite too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime, dict[str, Any]: JSON}


# Application statuses in which a child is "in the queue" (R3 uniqueness, R14 positions).
ACTIVE_APPLICATION_STATUSES = (
    "queued",
    "offered",
    "referred",
    "stop_listed",
    "suspended",
)
_ACTIVE_SQL = "status IN ('queued','offered','referred','stop_listed','suspended')"


class District(Base):
    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))


class Kindergarten(Base):
    __tablename__ = "kindergarten"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[str] = mapped_column(String(20), default="kk,ru")
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    groups: Mapped[list[Group]] = relationship(back_populates="kindergarten")


class Group(Base):
    __tablename__ = "kgroup"

    id: Mapped[int] = mapped_column(primary_key=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    age_group: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    type: Mapped[str] = mapped_column(String(20), default="general")
    capacity: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    kindergarten: Mapped[Kindergarten] = relationship(back_populates="groups")


class Account(Base):
    """A desk or department login; parents are not accounts (they log in by SMS code)."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | head | staff
    full_name: Mapped[str] = mapped_column(String(200), default="")
    kindergarten_id: Mapped[int | None] = mapped_column(ForeignKey("kindergarten.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Token(Base):
    """An opaque bearer token; only its SHA-256 is stored, so a leaked table opens nothing."""

    __tablename__ = "token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    parent_iin: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class PhoneCode(Base):
    """A one-time SMS code: parent login, or proof that a new phone is the parent's (R4)."""

    __tablename__ = "phone_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_iin: Mapped[str] = mapped_column(String(12), index=True)
    phone: Mapped[str] = mapped_column(String(12))
    purpose: Mapped[str] = mapped_column(String(20))  # login | phone
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None]


class VerifiedPhone(Base):
    __tablename__ = "verified_phone"

    parent_iin: Mapped[str] = mapped_column(String(12), primary_key=True)
    phone: Mapped[str] = mapped_column(String(12), primary_key=True)
    verified_at: Mapped[datetime]


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (
        Index(
            "uq_application_active_child",
            "child_iin",
            unique=True,
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
        Index("ix_application_parent", "parent_iin"),
        UniqueConstraint("client_ref", name="uq_application_client_ref"),
        Index("ix_application_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    child_iin: Mapped[str] = mapped_column(String(12))
    child_name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date] = mapped_column(Date)
    parent_iin: Mapped[str] = mapped_column(String(12))
    phone1: Mapped[str] = mapped_column(String(12))
    phone2: Mapped[str | None] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(2), default="ru")  # of SMS messages
    benefit: Mapped[str | None] = mapped_column(String(40))
    # none | pending | confirmed | rejected (R13)
    benefit_status: Mapped[str] = mapped_column(String(12), default="none")
    benefit_deadline: Mapped[datetime | None]
    category: Mapped[int] = mapped_column(Integer, default=2)
    need: Mapped[str] = mapped_column(String(20), default="general")
    accepted_languages: Mapped[str] = mapped_column(String(10), default="kk,ru")
    desired_start: Mapped[date | None] = mapped_column(Date)
    staff_relative_of: Mapped[int | None] = mapped_column(ForeignKey("kindergarten.id"))
    batch_id: Mapped[str | None] = mapped_column(String(40))
    queued_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="queued")
    status_changed_at: Mapped[datetime]
    stop_until: Mapped[datetime | None]
    confirmed_school_year: Mapped[int] = mapped_column(Integer)
    suspended_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(40), default="parent")
    # a walk-in registered at a desk (R9): the desk's id for its draft, and which desk
    client_ref: Mapped[str | None] = mapped_column(String(36))
    registered_at_kindergarten: Mapped[int | None] = mapped_column(
        ForeignKey("kindergarten.id", name="fk_application_registered_kg")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    choices: Mapped[list[Choice]] = relationship(
        back_populates="application", order_by="Choice.rank", cascade="all, delete-orphan"
    )


class Choice(Base):
    """One of up to four ranked kindergartens; a declined offer deactivates it (R17)."""

    __tablename__ = "choice"
    # covering the queue's pool query: an index-only scan yields the applications queued
    # at a kindergarten (migration 0003)
    __table_args__ = (
        Index("ix_choice_kindergarten", "kindergarten_id", "active", "application_id"),
    )

    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), primary_key=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    application: Mapped[Application] = relationship(back_populates="choices")


class InterleaveTurn(Base):
    """Where the 1:3 cycle (R10) stands for a kindergarten and age group.

    Its row is also the lock that serialises allocation for that queue.
    """

    __tablename__ = "interleave_turn"

    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), primary_key=True)
    age_group: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn: Mapped[int] = mapped_column(Integer, default=0)


class Place(Base):
    """One free place in one group, from publication to enrollment (R15)."""

    __tablename__ = "place"
    __table_args__ = (Index("ix_place_kindergarten_status", "kindergarten_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("kgroup.id"), index=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"))
    free_from: Mapped[date] = mapped_column(Date)
    # free | offered | reserved | filled | withdrawn
    status: Mapped[str] = mapped_column(String(12), default="free")
    published_at: Mapped[datetime]
    published_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)


_OPEN_SQL = "status = 'open'"
_LIVE_REFERRAL_SQL = "status IN ('active','postponed')"


class Offer(Base):
    __tablename__ = "offer"
    __table_args__ = (
        Index(
            "uq_offer_open_application",
            "application_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index(
            "uq_offer_open_place",
            "place_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_offer_status_deadline", "status", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    # open | accepted | declined | expired | cancelled
    status: Mapped[str] = mapped_column(String(12), default="open")
    made_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("allocation.id"))


class Referral(Base):
    """An accepted offer: the family has until ``expires_at`` to enroll (R18)."""

    __tablename__ = "referral"
    __table_args__ = (
        Index(
            "uq_referral_live_place",
            "place_id",
            unique=True,
            sqlite_where=text(_LIVE_REFERRAL_SQL),
            postgresql_where=text(_LIVE_REFERRAL_SQL),
        ),
        Index("ix_referral_kindergarten_status", "kindergarten_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"), unique=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("kgroup.id"))
    # active | postponed | enrolled | lapsed | cancelled
    status: Mapped[str] = mapped_column(String(12), default="active")
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    postponed_until: Mapped[date | None] = mapped_column(Date)
    postponements: Mapped[int] = mapped_column(Integer, default=0)
    # R13: handed to the kindergarten only once a documentary benefit is confirmed
    awaiting_benefit: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_relative: Mapped[bool] = mapped_column(Boolean, default=False)  # R29
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)


class DocumentCheck(Base):
    """One document checked at the desk (R20): who, when, and why it failed."""

    __tablename__ = "document_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    ok: Mapped[bool] = mapped_column(Boolean)
    code: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    visit_date: Mapped[date] = mapped_column(Date)
    checked_by: Mapped[int] = mapped_column(ForeignKey("account.id"))
    checked_at: Mapped[datetime]


class Enrollment(Base):
    """A child attending a kindergarten (R21-R23); also the sibling fact of R11."""

    __tablename__ = "enrollment"
    __table_args__ = (
        Index("ix_enrollment_kg_parent", "kindergarten_id", "parent_iin"),
        Index("ix_enrollment_group_left", "group_id", "left_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), unique=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("kgroup.id"))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    child_iin: Mapped[str] = mapped_column(String(12))
    child_name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date] = mapped_column(Date)
    parent_iin: Mapped[str] = mapped_column(String(12))
    vaccination: Mapped[str] = mapped_column(String(12))
    head_decision: Mapped[str | None] = mapped_column(Text)  # R21
    enrolled_at: Mapped[datetime]
    enrolled_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    left_at: Mapped[datetime | None]
    leave_reason: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)


class Allocation(Base):
    """One decision of the engine with the inputs it used, for "why this child" answers."""

    __tablename__ = "allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"))
    age_group: Mapped[int] = mapped_column(Integer)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    decided_at: Mapped[datetime]
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)


class Notification(Base):
    """The SMS outbox: written in the same transaction as the event it tells about."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_pending", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    phone: Mapped[str] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    dedup_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))


class AuditRecord(Base):
    """Append-only, hash-chained: changing or deleting a record breaks the chain (R30)."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    kindergarten_id: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Counter(Base):
    """Named sequences (application and referral numbers) that both databases share."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class ServerMeta(Base):
    """Facts about this database itself; ``server_id`` changes when it is re-created."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class FeedHead(Base):
    """The last change number of one kindergarten's feed.

    Its row lock, taken at commit, orders that kindergarten's changes: a transaction gets
    its numbers only when no other one holding lower numbers is still uncommitted, so a
    reader that has seen change N can never later meet an N-1 (DESIGN.md, "Pull").
    """

    __tablename__ = "feed_head"

    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # changes up to this number were pruned: a cursor below it must take a snapshot
    pruned_through: Mapped[int] = mapped_column(Integer, default=0)


class FeedChange(Base):
    """One row of a kindergarten's change feed: the row as it is now, or a tombstone."""

    __tablename__ = "feed_change"

    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(6))  # upsert | delete
    row: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime]


class ProcessedOp(Base):
    """A sync op already applied: a replayed ``op_id`` gets this stored answer back."""

    __tablename__ = "processed_op"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10))  # applied | rejected
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    client_created_at: Mapped[datetime]
    processed_at: Mapped[datetime]
