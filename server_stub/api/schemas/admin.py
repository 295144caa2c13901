"""Bodies of ``/api/v1/admin``: the district department's register and oversight."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LanguageCode = Literal["kk", "ru"]
GroupKind = Literal["general", "correctional", "sanatorium"]
Role = Literal["admin", "head", "staff"]


def _both_languages() -> list[LanguageCode]:
    return ["kk", "ru"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DistrictIn(BaseModel):
    name_kk: str = Field(min_length=1, max_length=200)
    name_ru: str = Field(min_length=1, max_length=200)


class DistrictOut(_Out):
    id: int
    name_kk: str
    name_ru: str


class KindergartenIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "district_id": 1,
                    "name_kk": "№12 «Балапан» бөбекжайы",
                    "name_ru": "Ясли-сад №12 «Балапан»",
                    "address": "г. Алматы, ул. Абая, 12",
                    "languages": ["kk", "ru"],
                    "latitude": 43.238,
                    "longitude": 76.945,
                }
            ]
        }
    )

    district_id: int
    name_kk: str = Field(min_length=1, max_length=300)
    name_ru: str = Field(min_length=1, max_length=300)
    address: str = Field("", max_length=500)
    languages: list[LanguageCode] = Field(default_factory=_both_languages, min_length=1)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    active: bool = True


class KindergartenPatch(BaseModel):
    """Only the fields sent change."""

    district_id: int | None = None
    name_kk: str | None = Field(None, min_length=1, max_length=300)
    name_ru: str | None = Field(None, min_length=1, max_length=300)
    address: str | None = Field(None, max_length=500)
    languages: list[LanguageCode] | None = Field(None, min_length=1)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    active: bool | None = None


class KindergartenOut(_Out):
    id: int
    district_id: int
    name_kk: str
    name_ru: str
    address: str
    languages: list[str]
    latitude: float | None
    longitude: float | None
    active: bool


class GroupIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Күншуақ",
                    "age_group": 3,
                    "language": "kk",
                    "type": "general",
                    "capacity": 25,
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=200)
    age_group: int = Field(ge=1, le=5, description="R5: 1 early ... 5 pre-school")
    language: LanguageCode
    type: GroupKind = "general"
    capacity: int = Field(ge=1, le=500)
    active: bool = True


class GroupPatch(BaseModel):
    """Only the fields sent change; capacity cannot go below the seats taken."""

    name: str | None = Field(None, min_length=1, max_length=200)
    age_group: int | None = Field(None, ge=1, le=5)
    language: LanguageCode | None = None
    type: GroupKind | None = None
    capacity: int | None = Field(None, ge=1, le=500)
    active: bool | None = None


class GroupOut(_Out):
    id: int
    kindergarten_id: int
    name: str
    age_group: int
    language: str
    type: str
    capacity: int
    active: bool
    enrolled: int
    published: int
    free: int
    offered: int
    reserved: int
    available: int


class AccountIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "login": "head12",
                    "password": "a long passphrase",
                    "role": "head",
                    "kindergarten_id": 12,
                    "full_name": "Айгүл Серікқызы",
                }
            ]
        }
    )

    login: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    role: Role
    kindergarten_id: int | None = Field(None, description="Required for head and staff")
    district_id: int | None = None
    full_name: str = Field("", max_length=200)


class AccountOut(_Out):
    """An account without its password hash, which never leaves the server."""

    id: int
    login: str
    role: str
    full_name: str
    kindergarten_id: int | None
    district_id: int | None
    active: bool
    created_at: datetime


class PendingBenefitOut(_Out):
    application_id: int
    application_number: str
    child_name: str
    parent_iin: str
    benefit: str | None
    category: int
    status: str
    queued_at: datetime
    benefit_deadline: datetime | None
    referral_id: int | None = Field(description="A referral waiting for this confirmation")


class BenefitDecisionOut(_Out):
    application_id: int
    application_number: str
    benefit_status: str
    category: int
    status: str
    referral_id: int | None = Field(
        description="The referral handed to the kindergarten (confirm) or cancelled (reject)"
    )
    offers_made: int = 0


class DistrictStatisticsOut(_Out):
    district_id: int
    name_kk: str
    name_ru: str
    kindergartens: int
    capacity: int
    enrolled: int
    places: dict[str, int]
    live_referrals: int
    queued_applications: int


class StatisticsOut(_Out):
    applications_by_status: dict[str, int]
    applications_by_category: dict[int, int] = Field(
        description="Applications in a queue, by category: 0 extraordinary, 1 first, 2 general"
    )
    offers_by_status: dict[str, int]
    referrals_by_status: dict[str, int]
    places_by_status: dict[str, int]
    free_places: int
    districts: list[DistrictStatisticsOut]


class ExplanationOut(_Out):
    allocation_id: int
    kindergarten_id: int | None = None
    decided_at: datetime | None = None
    summary: str
    lines: list[str]
