"""Bodies of ``/api/v1/public`` (R28, R29): lists anyone may read.

These models are the whole of what the public sees of a family: an application number,
a birth year, a category and whether a correctional group is needed. No field here may
ever hold a name, an IIN, a phone, a family's address or a nationality.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class FreeGroupOut(_Out):
    group_id: int
    name: str
    age_group: int
    language: str
    type: str
    free: int


class KindergartenFreeOut(_Out):
    id: int
    district_id: int
    name_kk: str
    name_ru: str
    address: str = Field(description="The kindergarten's address")
    languages: list[str]
    latitude: float | None
    longitude: float | None
    free: int
    groups: list[FreeGroupOut]


class BulletinEntryOut(_Out):
    kindergarten_id: int
    kindergarten_name_kk: str
    kindergarten_name_ru: str
    district_id: int
    group_id: int
    group_name: str
    age_group: int
    language: str
    type: str
    free_from: date
    published: int = Field(description="Places published that day")
    still_free: int = Field(description="Of those, not yet offered to anyone")


class BulletinOut(_Out):
    date: date
    entries: list[BulletinEntryOut]


class QueueEntryOut(_Out):
    position: int
    application_number: str
    birth_year: int
    category: int = Field(description="0 extraordinary, 1 first priority, 2 general (R8)")
    correctional: bool = Field(description="Needs a correctional group (R7)")


class QueueOut(_Out):
    kindergarten_id: int
    age_group: int
    school_year: int
    total: int
    page: int
    page_size: int
    entries: list[QueueEntryOut]


class IssuedReferralOut(_Out):
    number: str
    application_number: str
    kindergarten_id: int
    kindergarten_name_kk: str
    kindergarten_name_ru: str
    group_name: str
    age_group: int
    issued_on: date
    status: str
    birth_year: int
    category: int
    correctional: bool
    staff_relative: bool = Field(
        description="R29: the child or grandchild of a member of the kindergarten's staff"
    )


class ReferralsOut(_Out):
    total: int
    page: int
    page_size: int
    entries: list[IssuedReferralOut]
