"""Bodies of ``/api/v1/desk``: the kindergarten's groups, places, referrals and children.

Answers that carry a family's data (referrals, children) are for the desk of the
kindergarten the family was referred to or attends, and each is audited (R30).
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.documents import DocumentKind

PlaceStatus = Literal["free", "offered", "reserved", "filled", "withdrawn"]
ReferralStatus = Literal["active", "postponed", "enrolled", "lapsed", "cancelled"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class GroupOut(_Out):
    """A group and how its capacity is used; ``available`` is what may still be published."""

    id: int
    name: str
    age_group: int
    language: str
    type: str
    capacity: int
    active: bool
    enrolled: int = Field(description="Children attending now")
    published: int = Field(description="Places published and not yet filled")
    free: int
    offered: int
    reserved: int
    available: int


class PublishIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"group_id": 12, "count": 2, "free_from": "2026-03-10"}]}
    )

    group_id: int
    count: int = Field(ge=1, le=500, description="At most the group's available seats")
    free_from: date


class PlaceOut(_Out):
    id: int
    group_id: int
    status: PlaceStatus
    free_from: date
    published_at: datetime
    published_by: int | None


class OfferMadeOut(_Out):
    """An offer the engine made at once; the application number is public (R28)."""

    offer_id: int
    place_id: int
    application_number: str
    deadline_at: datetime


class PublishOut(_Out):
    places: list[PlaceOut]
    offers: list[OfferMadeOut]


class DocumentStateOut(BaseModel):
    kind: DocumentKind
    status: Literal["not_checked", "passed", "failed"]
    code: str | None = None
    message: str | None = Field(None, description="Why it failed, in the caller's language")
    visit_date: date | None = None
    checked_at: datetime | None = None
    checked_by: int | None = None
    this_visit: bool = Field(False, description="Checked in this request")


class ReferralOut(BaseModel):
    id: int
    number: str
    status: ReferralStatus
    application_id: int
    application_number: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    phones: list[str]
    group_id: int
    group_name: str
    age_group: int
    issued_at: datetime
    expires_at: datetime
    days_left: int = Field(description="Working days left after today (R18)")
    postponed_until: date | None
    staff_relative: bool
    closed_at: datetime | None
    documents: list[DocumentStateOut]


class CheckOut(BaseModel):
    referral_id: int
    visit_date: date
    all_passed: bool
    documents: list[DocumentStateOut]


class EnrollIn(BaseModel):
    head_decision: str | None = Field(
        None,
        max_length=2000,
        description="The head's recorded decision, required when R21's share would be exceeded",
    )


class EnrollmentOut(_Out):
    enrollment_id: int
    referral_id: int
    application_id: int
    application_number: str
    group_id: int
    place_id: int
    vaccination: str
    head_decision_recorded: bool
    enrolled_at: datetime


class ChildOut(_Out):
    id: int
    group_id: int
    group_name: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    vaccination: str
    enrolled_at: datetime
    referral_id: int | None
    left_at: datetime | None
    leave_reason: str | None


class LeaveIn(BaseModel):
    # ``dt.date``: a field named ``date`` would shadow the type in its own annotation
    date: dt.date | None = Field(None, description="The day the child left; default today")
    reason: str = Field(min_length=1, max_length=200)
