"""The sync protocol between a desk and the central server: the one contract both import.

Server-authoritative and offline-first (DESIGN.md, "Sync"):

- ``GET  /api/v1/sync/meta``      -> :class:`Meta` (versions, server id, server time)
- ``POST /api/v1/sync/push``      :class:`PushRequest` -> :class:`PushResponse`; each op is
  applied once (its ``op_id`` is remembered) and answered ``applied``, ``duplicate`` or
  ``rejected`` with a reason code and the server's canonical rows.
- ``GET  /api/v1/sync/changes?since=CURSOR&limit=N`` -> :class:`ChangesPage`, the desk's
  kindergarten's change feed in commit order, tombstones included; 410 when ``since`` is
  older than the history kept.
- ``GET  /api/v1/sync/snapshot``  -> :class:`Snapshot`, everything the desk mirrors, with
  the cursor to continue from.
- ``GET  /api/v1/sync/directory`` -> :class:`Directory`, the kindergartens of the desk's
  district (public data only), for the walk-in form's choices; fetched when
  :attr:`Meta.directory_version` differs from the one the desk stored.

Ops are intents ("enroll on referral R"), not row overwrites: the server validates them
against its own state, so what the desk did offline is applied or refused with a reason,
never silently lost. Times a desk sends are its own clock's, kept for display and audit
only; the server decides everything by its own time (R9).
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.documents import (
    BirthCertificate,
    DocumentSet,
    EpidCertificate,
    HealthPassport,
    ParentIdDocument,
    Vaccination,
)

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS: tuple[int, ...] = (1,)
MAX_OPS_PER_PUSH = 200
MAX_PAGE = 1000


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


# ----------------------------------------------------------------------------- documents


class ParentIdIn(_Wire):
    number: str = Field(max_length=40)
    iin: str = Field(max_length=20)
    expiry_date: date | None = Field(None, description="null for a document that never expires")

    def to_domain(self) -> ParentIdDocument:
        return ParentIdDocument(self.number, self.iin, self.expiry_date)


class BirthCertificateIn(_Wire):
    number: str = Field(max_length=40)
    child_iin: str = Field(max_length=20)
    birth_date: date

    def to_domain(self) -> BirthCertificate:
        return BirthCertificate(self.number, self.child_iin, self.birth_date)


class EpidCertificateIn(_Wire):
    number: str = Field(max_length=40)
    issue_date: date

    def to_domain(self) -> EpidCertificate:
        return EpidCertificate(self.number, self.issue_date)


class HealthPassportIn(_Wire):
    number: str = Field(max_length=40)
    vaccination: Vaccination

    def to_domain(self) -> HealthPassport:
        return HealthPassport(self.number, self.vaccination)


class DocumentsIn(_Wire):
    """What a family brought on a visit; null for a document not brought (R20)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "visit_date": "2026-03-03",
                    "parent_id": {
                        "number": "N12345678",
                        "iin": "900101400012",
                        "expiry_date": "2030-01-01",
                    },
                    "birth_certificate": {
                        "number": "I-АЛ 123456",
                        "child_iin": "220315500017",
                        "birth_date": "2022-03-15",
                    },
                    "epid_certificate": {"number": "E-77", "issue_date": "2026-03-02"},
                    "health_passport": {"number": "HP-5", "vaccination": "complete"},
                }
            ]
        }
    )

    visit_date: date | None = Field(None, description="Default: today (Kazakhstan time)")
    parent_id: ParentIdIn | None = None
    birth_certificate: BirthCertificateIn | None = None
    epid_certificate: EpidCertificateIn | None = None
    health_passport: HealthPassportIn | None = None

    def to_domain(self) -> DocumentSet:
        return DocumentSet(
            parent_id=self.parent_id.to_domain() if self.parent_id else None,
            birth_certificate=(
                self.birth_certificate.to_domain() if self.birth_certificate else None
            ),
            epid_certificate=self.epid_certificate.to_domain() if self.epid_certificate else None,
            health_passport=self.health_passport.to_domain() if self.health_passport else None,
        )


# ----------------------------------------------------------------------------------- ops


class PublishPlaces(_Wire):
    kind: Literal["publish_places"] = "publish_places"
    group_id: int
    count: int = Field(ge=1, le=500)
    free_from: date


class WithdrawPlace(_Wire):
    kind: Literal["withdraw_place"] = "withdraw_place"
    place_id: int


class RecordDocumentCheck(_Wire):
    kind: Literal["record_document_check"] = "record_document_check"
    referral_id: int
    documents: DocumentsIn


class Enroll(_Wire):
    kind: Literal["enroll"] = "enroll"
    referral_id: int
    head_decision: str | None = Field(None, max_length=2000)


class RecordLeave(_Wire):
    kind: Literal["record_leave"] = "record_leave"
    enrollment_id: int
    # ``dt.date``: a field named ``date`` would shadow the type in its own annotation
    date: dt.date | None = None
    reason: str = Field(min_length=1, max_length=200)


class RegisterWalkIn(_Wire):
    """An application a desk registers for a family without internet (R9).

    Its queue time is the server's time of receipt, i.e. of the sync that delivers it.
    ``client_ref`` lets the desk match the server's application to its local draft.
    """

    kind: Literal["register_walk_in"] = "register_walk_in"
    client_ref: UUID
    child_iin: str = Field(max_length=32)
    child_name: str = Field(min_length=1, max_length=300)
    birth_date: date
    parent_iin: str = Field(max_length=32)
    phones: list[str] = Field(min_length=1, max_length=2)
    kindergarten_ids: list[int] = Field(min_length=1, max_length=4)
    accepted_languages: list[Literal["kk", "ru"]] = Field(default=["kk", "ru"], min_length=1)
    need: Literal["general", "correctional", "sanatorium"] = "general"
    benefit: str | None = None
    language: Literal["kk", "ru"] = "ru"
    desired_start: date | None = None


Op = Annotated[
    PublishPlaces | WithdrawPlace | RecordDocumentCheck | Enroll | RecordLeave | RegisterWalkIn,
    Field(discriminator="kind"),
]
OpKind = Literal[
    "publish_places",
    "withdraw_place",
    "record_document_check",
    "enroll",
    "record_leave",
    "register_walk_in",
]


class OpEnvelope(_Wire):
    op_id: UUID = Field(description="Generated by the desk; a replay returns the first result")
    created_at: datetime = Field(description="The desk's clock: display and audit only")
    op: Op


class PushRequest(_Wire):
    protocol: int = PROTOCOL_VERSION
    device_id: str = Field(min_length=1, max_length=64)
    ops: list[OpEnvelope] = Field(max_length=MAX_OPS_PER_PUSH)


# ---------------------------------------------------------------------------------- rows

Entity = Literal[
    "kindergarten", "group", "place", "referral", "document_check", "enrollment", "application"
]


class KindergartenRow(_Wire):
    id: int
    name_kk: str
    name_ru: str
    address: str
    languages: list[str]


class GroupRow(_Wire):
    id: int
    name: str
    age_group: int
    language: str
    type: str
    capacity: int
    active: bool


class PlaceRow(_Wire):
    id: int
    group_id: int
    status: Literal["free", "offered", "reserved", "filled", "withdrawn"]
    free_from: date
    published_at: datetime


class ReferralRow(_Wire):
    """A referral to the desk's kindergarten with the family's data (R30: its own only)."""

    id: int
    number: str
    application_id: int
    application_number: str
    group_id: int
    place_id: int
    status: Literal["active", "postponed", "enrolled", "lapsed", "cancelled"]
    issued_at: datetime
    expires_at: datetime
    postponed_until: date | None
    staff_relative: bool
    closed_at: datetime | None
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    phones: list[str]


class DocumentCheckRow(_Wire):
    id: int
    referral_id: int
    kind: str
    ok: bool
    code: str | None
    visit_date: date
    checked_by: int
    checked_at: datetime
    details: dict[str, Any]


class EnrollmentRow(_Wire):
    id: int
    referral_id: int | None
    group_id: int
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    vaccination: str
    head_decision: str | None
    enrolled_at: datetime
    left_at: datetime | None
    leave_reason: str | None


class ApplicationRow(_Wire):
    """A walk-in application this desk registered: its number and place in the queue."""

    id: int
    number: str
    client_ref: UUID | None
    status: str
    queued_at: datetime
    child_name: str
    child_iin: str


ROW_TYPES: dict[str, type[_Wire]] = {
    "kindergarten": KindergartenRow,
    "group": GroupRow,
    "place": PlaceRow,
    "referral": ReferralRow,
    "document_check": DocumentCheckRow,
    "enrollment": EnrollmentRow,
    "application": ApplicationRow,
}


class Change(_Wire):
    """One row as it is now (``upsert``), or gone from the desk's view (``delete``)."""

    seq: int
    entity: Entity
    id: int
    op: Literal["upsert", "delete"]
    row: dict[str, Any] | None = None


class ChangesPage(_Wire):
    changes: list[Change]
    cursor: int = Field(description="Pass as ?since= for the next page")
    more: bool


class Snapshot(_Wire):
    server_id: str
    cursor: int
    kindergarten: KindergartenRow
    groups: list[GroupRow]
    places: list[PlaceRow]
    referrals: list[ReferralRow]
    document_checks: list[DocumentCheckRow]
    enrollments: list[EnrollmentRow]
    applications: list[ApplicationRow]


class DirectoryEntry(KindergartenRow):
    """A kindergarten of the desk's district as anyone may see it (R28: public data only:
    its names, its building's address and its languages of instruction): the same
    fields as the desk's own kindergarten row."""


class Directory(_Wire):
    """The kindergartens a family at this desk may choose: the district's active ones.

    Why a directory of its own rather than a part of the snapshot or the feed: the
    snapshot is taken once (and after a restore), the feed carries the desk's *own* rows;
    the district's list changes rarely and is the same for every desk of the district,
    so it goes by a content ``version`` (a hash of the entries): :attr:`Meta.directory_version`
    says whether the stored copy is current, and the desk downloads it only when not.
    ``format`` versions the shape of this document, independently of the protocol.
    """

    format: Literal[1] = 1
    version: str = Field(description="Changes whenever any entry changes")
    district_id: int
    kindergartens: list[DirectoryEntry]


# -------------------------------------------------------------------------------- answers


class OpResult(_Wire):
    op_id: UUID
    status: Literal["applied", "duplicate", "rejected"]
    code: str | None = Field(None, description="Reason code when rejected")
    message: str | None = Field(None, description="The reason in the caller's language")
    rows: list[Change] = Field(
        default_factory=list,
        description="The server's canonical rows the op touched (or that made it fail)",
    )


class PushResponse(_Wire):
    results: list[OpResult]
    server_time: datetime


class Meta(_Wire):
    protocol_versions: list[int]
    server_id: str
    server_time: datetime
    kindergarten_id: int
    latest_cursor: int
    oldest_cursor: int = Field(description="A ?since= below this answers 410: take a snapshot")
    directory_version: str | None = Field(
        None,
        description="The district directory's version (GET /directory when it differs from"
        " the desk's); null from a server without a directory",
    )
