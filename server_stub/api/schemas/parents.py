"""Bodies of ``/api/v1/parents``: applications, choices, offers, referrals, explanations.

Kindergarten names come in the caller's language (Accept-Language: kk gives the Kazakh
name, anything else the Russian one, which is the other official language).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.benefits import Benefit
from server_stub.api.schemas.auth import IIN_EXAMPLE, PHONE_EXAMPLE

ApplicationStatus = Literal[
    "queued",
    "offered",
    "referred",
    "enrolled",
    "suspended",
    "stop_listed",
    "pending_benefit",
    "withdrawn",
    "aged_out",
    "closed",
]


SchoolLanguage = Literal["kk", "ru"]


def _both_languages() -> list[SchoolLanguage]:
    return ["kk", "ru"]


class ApplicationIn(BaseModel):
    """A new application. The parent is the caller (from the token), never a field."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "child_iin": "220315500010",
                    "child_name": "Әлихан Серікұлы",
                    "birth_date": "2022-03-15",
                    "phones": [PHONE_EXAMPLE],
                    "kindergarten_ids": [12, 7],
                    "accepted_languages": ["kk", "ru"],
                    "need": "general",
                    "benefit": None,
                    "language": "kk",
                }
            ]
        }
    )

    child_iin: str = Field(max_length=32, examples=[IIN_EXAMPLE])
    child_name: str = Field(min_length=1, max_length=300)
    birth_date: date = Field(description="As in the birth certificate; may differ from the IIN")
    phones: list[str] = Field(
        min_length=1, max_length=10, description="1-2 numbers, each confirmed by an SMS code"
    )
    kindergarten_ids: list[int] = Field(
        max_length=20, description="1-4 kindergartens, most wanted first"
    )
    accepted_languages: list[SchoolLanguage] = Field(
        default_factory=_both_languages, min_length=1, max_length=2
    )
    need: Literal["general", "correctional", "sanatorium"] = "general"
    benefit: Benefit | None = Field(None, description="A ground for priority, if any (R8)")
    staff_relative_of: int | None = Field(
        None, description="Kindergarten where a parent or grandparent works (R29)"
    )
    language: Literal["kk", "ru"] | None = Field(
        None, description="Language of the SMS; default from Accept-Language, else ru"
    )
    desired_start: date | None = Field(None, description="No offer for a place free before it")


class ChoicesIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"kindergarten_ids": [7, 12]}]})

    kindergarten_ids: list[int] = Field(max_length=20)


class PostponeIn(BaseModel):
    until: date = Field(description="The new start date, at most 30 days from today (R18)")


class PhoneCodeIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"phone": PHONE_EXAMPLE}]})

    phone: str = Field(max_length=40)
    language: Literal["kk", "ru", "en"] | None = None


class PhoneVerifyIn(BaseModel):
    """Prove a phone with its code; with ``application_id`` it becomes that application's
    second phone at once."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"phone": PHONE_EXAMPLE, "code": "123456", "application_id": 1}]
        }
    )

    phone: str = Field(max_length=40)
    code: str = Field(min_length=1, max_length=12)
    application_id: int | None = None


class PhoneVerified(BaseModel):
    phone: str = Field(description="The number in its canonical form")
    verified: bool = True


class WarningOut(BaseModel):
    code: str
    message: str


class PositionOut(BaseModel):
    kindergarten_id: int
    kindergarten_name: str
    rank: int = Field(description="The family's order of preference")
    position: int | None = Field(
        description="Number in that queue (R14); null while suspended or outside any age group"
    )


class OfferOut(BaseModel):
    id: int
    place_id: int
    kindergarten_id: int
    kindergarten_name: str
    group_id: int
    group_name: str
    age_group: int
    group_language: str
    free_from: date
    made_at: datetime
    deadline_at: datetime = Field(description="Answer before this moment (R16)")
    status: str = "open"


class ReferralOut(BaseModel):
    id: int
    number: str
    kindergarten_id: int
    kindergarten_name: str
    group_name: str
    status: str
    issued_at: datetime
    expires_at: datetime = Field(description="Enroll before this moment (R18)")
    postponed_until: date | None = None
    postponements: int = 0
    awaiting_benefit: bool = Field(
        False, description="Not sent to the kindergarten until the benefit is confirmed (R13)"
    )


class OfferAnswerOut(BaseModel):
    """Accepting gives a referral; declining gives the offer back, now declined."""

    offer_id: int
    status: Literal["accepted", "declined"]
    referral: ReferralOut | None = None


class ApplicationOut(BaseModel):
    id: int
    number: str = Field(description="The public number, e.g. Q-0000123")
    status: ApplicationStatus
    child_name: str
    birth_date: date
    category: int = Field(description="0 extraordinary, 1 first priority, 2 general (R8)")
    benefit: str | None
    benefit_status: Literal["none", "pending", "confirmed", "rejected"]
    benefit_deadline: datetime | None
    need: str
    accepted_languages: list[str]
    language: str
    phones: list[str]
    desired_start: date | None
    staff_relative_of: int | None
    queued_at: datetime = Field(description="Server time of receipt: the order in category (R9)")
    confirmed_school_year: int
    stop_until: datetime | None
    choices: list[PositionOut]
    offer: OfferOut | None
    referral: ReferralOut | None
    warnings: list[WarningOut] = Field(
        default_factory=list, description="Filed anyway, but worth checking (R2, R13)"
    )


class PositionsOut(BaseModel):
    application_id: int
    status: ApplicationStatus
    positions: list[PositionOut]


class ExplanationOut(BaseModel):
    allocation_id: int
    kindergarten_id: int | None
    decided_at: datetime | None
    summary: str
    lines: list[str]
    viewer_line: str | None = Field(description="Why this application did not get the place")
