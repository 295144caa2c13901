"""The public lists (R28, R29): free places, the daily bulletin, the queue, referrals.

Anyone may read them, so what leaves this module is chosen field by field: the
application number, the birth *year*, the category and whether a correctional group is
needed, and nothing else about a family; never a name, an IIN, a phone, an address or a
nationality (R28). Result objects are built from those fields only, never from a whole
row, so a column added to ``application`` later cannot leak here by accident.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.priority import InterleaveState, queue_order
from server_stub.clock import KZ_TZ, local_date
from server_stub.models import Application, Group, InterleaveTurn, Kindergarten, Place, Referral
from server_stub.services import allocation
from server_stub.services.context import Ctx

MAX_PAGE_SIZE = 200
CORRECTIONAL = "correctional"


@dataclass(frozen=True)
class Page:
    """1-based page of a list that may run to thousands of rows (a city's queue)."""

    number: int
    size: int

    def __post_init__(self) -> None:
        if self.number < 1 or not 1 <= self.size <= MAX_PAGE_SIZE:
            raise DomainError("INVALID_REQUEST", fields="page, page_size")

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class FreeGroup:
    group_id: int
    name: str
    age_group: int
    language: str
    type: str
    free: int


@dataclass(frozen=True)
class KindergartenFree:
    id: int
    district_id: int
    name_kk: str
    name_ru: str
    address: str  # the kindergarten's own address, a public building
    languages: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    free: int
    groups: list[FreeGroup]


@dataclass(frozen=True)
class BulletinEntry:
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
    published: int
    still_free: int


@dataclass(frozen=True)
class QueueEntry:
    position: int
    application_number: str
    birth_year: int
    category: int
    correctional: bool


@dataclass(frozen=True)
class QueuePage:
    kindergarten_id: int
    age_group: int
    school_year: int
    total: int
    page: int
    page_size: int
    entries: list[QueueEntry]


@dataclass(frozen=True)
class IssuedReferral:
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
    staff_relative: bool  # R29


@dataclass(frozen=True)
class ReferralPage:
    total: int
    page: int
    page_size: int
    entries: list[IssuedReferral]


def kindergartens_with_free_places(
    session: Session,
    *,
    district_id: int | None = None,
    language: str | None = None,
    age_group: int | None = None,
) -> list[KindergartenFree]:
    """Active kindergartens with places published and not yet offered to anyone.

    A published place is offered at once (R16), so a place stays free only while no
    eligible applicant waits for it: that is exactly what a family looking for a
    kindergarten to choose wants to know.
    """
    query = (
        select(Group, func.count(Place.id))
        .join(Place, Place.group_id == Group.id)
        .join(Kindergarten, Kindergarten.id == Group.kindergarten_id)
        .where(Place.status == "free", Kindergarten.active.is_(True))
        .group_by(Group.id)
        .order_by(Group.kindergarten_id, Group.age_group, Group.id)
    )
    if district_id is not None:
        query = query.where(Kindergarten.district_id == district_id)
    if language is not None:
        query = query.where(Group.language == language)
    if age_group is not None:
        query = query.where(Group.age_group == age_group)
    by_kg: dict[int, list[FreeGroup]] = {}
    for group, count in session.execute(query).all():
        by_kg.setdefault(group.kindergarten_id, []).append(
            FreeGroup(group.id, group.name, group.age_group, group.language, group.type, count)
        )
    if not by_kg:
        return []
    kgs = session.scalars(
        select(Kindergarten).where(Kindergarten.id.in_(list(by_kg))).order_by(Kindergarten.id)
    ).all()
    return [
        KindergartenFree(
            id=kg.id,
            district_id=kg.district_id,
            name_kk=kg.name_kk,
            name_ru=kg.name_ru,
            address=kg.address,
            languages=tuple(x for x in kg.languages.split(",") if x),
            latitude=kg.latitude,
            longitude=kg.longitude,
            free=sum(g.free for g in by_kg[kg.id]),
            groups=by_kg[kg.id],
        )
        for kg in kgs
    ]


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=KZ_TZ)
    return start, start + timedelta(days=1)


def bulletin(session: Session, day: date, *, district_id: int | None = None) -> list[BulletinEntry]:
    """Places published on ``day`` (Kazakhstan time), per group and free-from date.

    Withdrawn places are left out: a withdrawal corrects a publication made in error.
    """
    start, end = _local_day_bounds(day)
    query = (
        select(Place, Group, Kindergarten)
        .join(Group, Group.id == Place.group_id)
        .join(Kindergarten, Kindergarten.id == Place.kindergarten_id)
        .where(
            Place.published_at >= start,
            Place.published_at < end,
            Place.status != "withdrawn",
        )
        .order_by(Kindergarten.id, Group.id, Place.free_from, Place.id)
    )
    if district_id is not None:
        query = query.where(Kindergarten.district_id == district_id)
    published: Tally[tuple[int, date]] = Tally()
    free: Tally[tuple[int, date]] = Tally()
    rows: dict[tuple[int, date], tuple[Group, Kindergarten]] = {}
    for place, group, kg in session.execute(query).all():
        key = (group.id, place.free_from)
        rows.setdefault(key, (group, kg))
        published[key] += 1
        free[key] += place.status == "free"
    return [
        BulletinEntry(
            kindergarten_id=kg.id,
            kindergarten_name_kk=kg.name_kk,
            kindergarten_name_ru=kg.name_ru,
            district_id=kg.district_id,
            group_id=group.id,
            group_name=group.name,
            age_group=group.age_group,
            language=group.language,
            type=group.type,
            free_from=key[1],
            published=published[key],
            still_free=free[key],
        )
        for key, (group, kg) in rows.items()
    ]


def queue(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    age_group: int,
    page: Page,
    *,
    school_year: int | None = None,
) -> QueuePage:
    """The queue of one kindergarten and age group, in the order offers would be made.

    Built by the same :func:`allocation.build_pool` and :func:`domain.priority.queue_order`
    as the positions parents see and the offers made (R14), so the three always agree.
    """
    kg = session.get(Kindergarten, kindergarten_id)
    if kg is None or not kg.active:
        raise DomainError("NOT_FOUND")
    if not 1 <= age_group <= 5:
        raise DomainError("INVALID_REQUEST", fields="age_group")
    year = school_year if school_year is not None else allocation.school_year_for(ctx, ctx.today)
    pool = allocation.build_pool(
        session, ctx, kindergarten_id=kindergarten_id, group_age=age_group, school_year=year
    )
    turn = session.get(InterleaveTurn, (kindergarten_id, age_group))
    order = queue_order(pool.candidates, InterleaveState(turn.turn if turn else 0), ctx.policy)
    entries = []
    for entry in order[page.offset : page.offset + page.size]:
        app = pool.applications[entry.candidate.application_id]
        entries.append(
            QueueEntry(
                position=entry.position,
                application_number=app.number,
                birth_year=app.birth_date.year,
                category=int(entry.candidate.category),
                correctional=app.need == CORRECTIONAL,
            )
        )
    return QueuePage(
        kindergarten_id=kindergarten_id,
        age_group=age_group,
        school_year=year,
        total=len(order),
        page=page.number,
        page_size=page.size,
        entries=entries,
    )


def issued_referrals(
    session: Session,
    page: Page,
    *,
    kindergarten_id: int | None = None,
    district_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ReferralPage:
    """Referrals issued, newest first; R29 marks those to the kindergarten's staff's
    children or grandchildren, so favouritism is visible to everyone."""
    query = (
        select(Referral, Application.number, Application.birth_date, Application.category)
        .add_columns(Application.need, Group.name, Group.age_group, Kindergarten)
        .join(Application, Application.id == Referral.application_id)
        .join(Group, Group.id == Referral.group_id)
        .join(Kindergarten, Kindergarten.id == Referral.kindergarten_id)
    )
    if kindergarten_id is not None:
        query = query.where(Referral.kindergarten_id == kindergarten_id)
    if district_id is not None:
        query = query.where(Kindergarten.district_id == district_id)
    if date_from is not None:
        query = query.where(Referral.issued_at >= _local_day_bounds(date_from)[0])
    if date_to is not None:
        query = query.where(Referral.issued_at < _local_day_bounds(date_to)[1])
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Referral.issued_at.desc(), Referral.id.desc())
        .offset(page.offset)
        .limit(page.size)
    ).all()
    entries = [
        IssuedReferral(
            number=referral.number,
            application_number=number,
            kindergarten_id=kg.id,
            kindergarten_name_kk=kg.name_kk,
            kindergarten_name_ru=kg.name_ru,
            group_name=group_name,
            age_group=group_age,
            issued_on=local_date(referral.issued_at),
            status=referral.status,
            birth_year=birth_date.year,
            category=category,
            correctional=need == CORRECTIONAL,
            staff_relative=referral.staff_relative,
        )
        for referral, number, birth_date, category, need, group_name, group_age, kg in rows
    ]
    return ReferralPage(total=int(total), page=page.number, page_size=page.size, entries=entries)
