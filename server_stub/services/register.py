"""The department's register: districts, kindergartens, groups, desk accounts, statistics.

Groups carry the capacity that every publication is measured against (R15): the seats a
group still has to give are ``capacity - enrolled - places published and not yet filled``.
That arithmetic lives here, once, because the desk (publishing) and the department
(changing a capacity) must agree on it exactly.

Every change is audited with ids and codes only; a login or a full name never goes into
the audit data (R30), since either may be a person's name.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.ages import GroupType, Language
from domain.errors import DomainError
from domain.places import OPEN_PLACE_STATUSES, available_seats, published_places
from domain.referrals import LIVE_REFERRAL_STATUSES
from server_stub.models import (
    ACTIVE_APPLICATION_STATUSES,
    Account,
    Application,
    Base,
    Choice,
    District,
    Enrollment,
    Group,
    Kindergarten,
    Offer,
    Place,
    Referral,
    Token,
)
from server_stub.services import audit, auth
from server_stub.services.allocation import QUEUE_STATUSES
from server_stub.services.context import Ctx

LANGUAGES = tuple(language.value for language in Language)
GROUP_TYPES = tuple(kind.value for kind in GroupType)
AGE_GROUPS = range(1, 6)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictView:
    id: int
    name_kk: str
    name_ru: str


@dataclass(frozen=True)
class KindergartenView:
    id: int
    district_id: int
    name_kk: str
    name_ru: str
    address: str
    languages: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    active: bool


@dataclass(frozen=True)
class GroupSummary:
    """A group with the occupancy a publication is checked against (R15, R23)."""

    id: int
    kindergarten_id: int
    name: str
    age_group: int
    language: str
    type: str
    capacity: int
    active: bool
    enrolled: int
    free: int
    offered: int
    reserved: int

    @property
    def published(self) -> int:
        """R15: places published and not yet filled (:mod:`domain.places`)."""
        return published_places(self.free, self.offered, self.reserved)

    @property
    def available(self) -> int:
        """R15: seats that may still be published (:mod:`domain.places`)."""
        return available_seats(self.capacity, self.enrolled, self.published)


@dataclass(frozen=True)
class AccountView:
    """An account as the department sees it; the password hash never leaves the table."""

    id: int
    login: str
    role: str
    full_name: str
    kindergarten_id: int | None
    district_id: int | None
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class DistrictStatistics:
    district_id: int
    name_kk: str
    name_ru: str
    kindergartens: int
    capacity: int
    enrolled: int
    places: dict[str, int]
    live_referrals: int
    queued_applications: int


@dataclass(frozen=True)
class Statistics:
    """Counts for the department's overview; no row here identifies a child."""

    applications_by_status: dict[str, int]
    applications_by_category: dict[int, int]
    offers_by_status: dict[str, int]
    referrals_by_status: dict[str, int]
    places_by_status: dict[str, int]
    free_places: int
    districts: list[DistrictStatistics] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Districts
# --------------------------------------------------------------------------------------


def _district_view(row: District) -> DistrictView:
    return DistrictView(row.id, row.name_kk, row.name_ru)


def create_district(session: Session, ctx: Ctx, *, name_kk: str, name_ru: str) -> DistrictView:
    row = District(name_kk=_required(name_kk), name_ru=_required(name_ru))
    session.add(row)
    session.flush()
    _audit(session, ctx, "district_created", "district", row.id, None, {})
    return _district_view(row)


def list_districts(session: Session) -> list[DistrictView]:
    return [_district_view(d) for d in session.scalars(select(District).order_by(District.id))]


def _district(session: Session, district_id: int) -> District:
    row = session.get(District, district_id)
    if row is None:
        raise DomainError("NOT_FOUND")
    return row


# --------------------------------------------------------------------------------------
# Kindergartens
# --------------------------------------------------------------------------------------


def _kindergarten_view(row: Kindergarten) -> KindergartenView:
    return KindergartenView(
        id=row.id,
        district_id=row.district_id,
        name_kk=row.name_kk,
        name_ru=row.name_ru,
        address=row.address,
        languages=tuple(x for x in row.languages.split(",") if x),
        latitude=row.latitude,
        longitude=row.longitude,
        active=row.active,
    )


def _languages(languages: Iterable[str]) -> str:
    """Stored as "kk,ru" in a fixed order, so equal sets compare equal as text."""
    chosen = set(languages)
    if not chosen or not chosen <= set(LANGUAGES):
        raise DomainError("INVALID_REQUEST", fields="languages")
    return ",".join(x for x in LANGUAGES if x in chosen)


def _required(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError("INVALID_REQUEST", fields="name")
    return text


def create_kindergarten(
    session: Session,
    ctx: Ctx,
    *,
    district_id: int,
    name_kk: str,
    name_ru: str,
    address: str = "",
    languages: Sequence[str] = LANGUAGES,
    latitude: float | None = None,
    longitude: float | None = None,
    active: bool = True,
) -> KindergartenView:
    _district(session, district_id)
    row = Kindergarten(
        district_id=district_id,
        name_kk=_required(name_kk),
        name_ru=_required(name_ru),
        address=address.strip(),
        languages=_languages(languages),
        latitude=latitude,
        longitude=longitude,
        active=active,
    )
    session.add(row)
    session.flush()
    _audit(session, ctx, "kindergarten_created", "kindergarten", row.id, row.id, {})
    return _kindergarten_view(row)


def update_kindergarten(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    *,
    district_id: int | None = None,
    name_kk: str | None = None,
    name_ru: str | None = None,
    address: str | None = None,
    languages: Sequence[str] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    active: bool | None = None,
) -> KindergartenView:
    """Change the given fields (None leaves a field as it is).

    Closing a kindergarten that still has published, unfilled places is refused: those
    places may carry open offers and referrals that families are acting on.
    """
    row = _lock_kindergarten(session, kindergarten_id)
    changed: list[str] = []
    if district_id is not None and district_id != row.district_id:
        _district(session, district_id)
        row.district_id = district_id
        changed.append("district_id")
    if name_kk is not None:
        row.name_kk = _required(name_kk)
        changed.append("name_kk")
    if name_ru is not None:
        row.name_ru = _required(name_ru)
        changed.append("name_ru")
    if address is not None:
        row.address = address.strip()
        changed.append("address")
    if languages is not None:
        row.languages = _languages(languages)
        changed.append("languages")
    if latitude is not None:
        row.latitude = latitude
        changed.append("latitude")
    if longitude is not None:
        row.longitude = longitude
        changed.append("longitude")
    if active is not None and active != row.active:
        if not active:
            _refuse_open_places(session, Place.kindergarten_id == row.id)
        row.active = active
        changed.append("active")
    session.flush()
    _audit(
        session, ctx, "kindergarten_updated", "kindergarten", row.id, row.id, {"fields": changed}
    )
    return _kindergarten_view(row)


def list_kindergartens(
    session: Session, *, district_id: int | None = None, active: bool | None = None
) -> list[KindergartenView]:
    query = select(Kindergarten).order_by(Kindergarten.id)
    if district_id is not None:
        query = query.where(Kindergarten.district_id == district_id)
    if active is not None:
        query = query.where(Kindergarten.active.is_(active))
    return [_kindergarten_view(k) for k in session.scalars(query)]


def get_kindergarten(session: Session, kindergarten_id: int) -> KindergartenView:
    row = session.get(Kindergarten, kindergarten_id)
    if row is None:
        raise DomainError("NOT_FOUND")
    return _kindergarten_view(row)


def _lock_kindergarten(session: Session, kindergarten_id: int) -> Kindergarten:
    row = session.scalar(
        select(Kindergarten)
        .where(Kindergarten.id == kindergarten_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise DomainError("NOT_FOUND")
    return row


# --------------------------------------------------------------------------------------
# Groups and their occupancy
# --------------------------------------------------------------------------------------


def group_summaries(
    session: Session, kindergarten_id: int, group_ids: Sequence[int] | None = None
) -> list[GroupSummary]:
    """Every group of a kindergarten (or the given ones) with enrolled and open places.

    Two grouped counts instead of one query per group: a desk opens this page often.
    """
    query = select(Group).where(Group.kindergarten_id == kindergarten_id).order_by(Group.id)
    if group_ids is not None:
        query = query.where(Group.id.in_(list(group_ids)))
    groups = session.scalars(query).all()
    if not groups:
        return []
    ids = [g.id for g in groups]
    enrolled = dict(
        session.execute(
            select(Enrollment.group_id, func.count())
            .where(Enrollment.group_id.in_(ids), Enrollment.left_at.is_(None))
            .group_by(Enrollment.group_id)
        ).all()
    )
    places: Tally[tuple[int, str]] = Tally()
    for group_id, status, count in session.execute(
        select(Place.group_id, Place.status, func.count())
        .where(Place.group_id.in_(ids), Place.status.in_(OPEN_PLACE_STATUSES))
        .group_by(Place.group_id, Place.status)
    ).all():
        places[(group_id, status)] = count
    return [
        GroupSummary(
            id=g.id,
            kindergarten_id=g.kindergarten_id,
            name=g.name,
            age_group=g.age_group,
            language=g.language,
            type=g.type,
            capacity=g.capacity,
            active=g.active,
            enrolled=enrolled.get(g.id, 0),
            free=places[(g.id, "free")],
            offered=places[(g.id, "offered")],
            reserved=places[(g.id, "reserved")],
        )
        for g in groups
    ]


def group_summary(session: Session, group: Group) -> GroupSummary:
    (summary,) = group_summaries(session, group.kindergarten_id, [group.id])
    return summary


def _validate_group(age_group: int, language: str, type: str, capacity: int) -> None:
    bad = [
        name
        for name, ok in (
            ("age_group", age_group in AGE_GROUPS),
            ("language", language in LANGUAGES),
            ("type", type in GROUP_TYPES),
            ("capacity", capacity >= 1),
        )
        if not ok
    ]
    if bad:
        raise DomainError("INVALID_REQUEST", fields=", ".join(bad))


def create_group(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    *,
    name: str,
    age_group: int,
    language: str,
    type: str = "general",
    capacity: int,
    active: bool = True,
) -> GroupSummary:
    kindergarten = session.get(Kindergarten, kindergarten_id)
    if kindergarten is None:
        raise DomainError("NOT_FOUND")
    _validate_group(age_group, language, type, capacity)
    row = Group(
        kindergarten_id=kindergarten_id,
        name=_required(name),
        age_group=age_group,
        language=language,
        type=type,
        capacity=capacity,
        active=active,
    )
    session.add(row)
    session.flush()
    _audit(session, ctx, "group_created", "group", row.id, kindergarten_id, {"capacity": capacity})
    return group_summary(session, row)


def update_group(
    session: Session,
    ctx: Ctx,
    group_id: int,
    *,
    name: str | None = None,
    age_group: int | None = None,
    language: str | None = None,
    type: str | None = None,
    capacity: int | None = None,
    active: bool | None = None,
) -> GroupSummary:
    """Change the given fields (None leaves a field as it is).

    A capacity below the children enrolled plus the places already published would
    promise seats that do not exist. Age group, language and type decide who may get a
    place (R5, R7), so they cannot change under places that are on offer; nor can a group
    with such places be closed. (Enrolled children do not prevent those changes: groups
    move up an age group every August, R25.)
    """
    row = session.scalar(
        select(Group)
        .where(Group.id == group_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise DomainError("NOT_FOUND")
    new_age = row.age_group if age_group is None else age_group
    new_language = row.language if language is None else language
    new_type = row.type if type is None else type
    new_capacity = row.capacity if capacity is None else capacity
    _validate_group(new_age, new_language, new_type, new_capacity)
    summary = group_summary(session, row)
    if new_capacity < summary.enrolled + summary.published:
        raise DomainError(
            "CAPACITY_BELOW_ENROLLED",
            capacity=new_capacity,
            enrolled=summary.enrolled,
            published=summary.published,
        )
    admission_changed = (new_age, new_language, new_type) != (row.age_group, row.language, row.type)
    closing = active is False and row.active
    if (admission_changed or closing) and summary.published:
        raise DomainError("OPEN_PLACES_EXIST", count=summary.published)
    changed = [
        key
        for key, old, new in (
            ("name", row.name, row.name if name is None else _required(name)),
            ("age_group", row.age_group, new_age),
            ("language", row.language, new_language),
            ("type", row.type, new_type),
            ("capacity", row.capacity, new_capacity),
            ("active", row.active, row.active if active is None else active),
        )
        if old != new
    ]
    if name is not None:
        row.name = _required(name)
    row.age_group, row.language, row.type, row.capacity = (
        new_age,
        new_language,
        new_type,
        new_capacity,
    )
    if active is not None:
        row.active = active
    session.flush()
    _audit(session, ctx, "group_updated", "group", row.id, row.kindergarten_id, {"fields": changed})
    return group_summary(session, row)


def list_groups(session: Session, kindergarten_id: int) -> list[GroupSummary]:
    if session.get(Kindergarten, kindergarten_id) is None:
        raise DomainError("NOT_FOUND")
    return group_summaries(session, kindergarten_id)


def _refuse_open_places(session: Session, *where: ColumnElement[bool]) -> None:
    count = _count(session, Place, Place.status.in_(OPEN_PLACE_STATUSES), *where)
    if count:
        raise DomainError("OPEN_PLACES_EXIST", count=count)


# --------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------


def _account_view(row: Account) -> AccountView:
    return AccountView(
        id=row.id,
        login=row.login,
        role=row.role,
        full_name=row.full_name,
        kindergarten_id=row.kindergarten_id,
        district_id=row.district_id,
        active=row.active,
        created_at=row.created_at,
    )


def create_account(
    session: Session,
    ctx: Ctx,
    *,
    login: str,
    password: str,
    role: str,
    kindergarten_id: int | None = None,
    district_id: int | None = None,
    full_name: str = "",
) -> AccountView:
    """A desk (head, staff) or department (admin) login; the password is hashed at once."""
    if kindergarten_id is not None and session.get(Kindergarten, kindergarten_id) is None:
        raise DomainError("NOT_FOUND")
    if district_id is not None:
        _district(session, district_id)
    row = auth.create_account(
        session,
        now=ctx.now,
        login=login,
        password=password,
        role=role,
        kindergarten_id=kindergarten_id,
        district_id=district_id,
        full_name=full_name.strip(),
    )
    _audit(
        session,
        ctx,
        "account_created",
        "account",
        row.id,
        row.kindergarten_id,
        {"role": row.role},
    )
    return _account_view(row)


def deactivate_account(
    session: Session, ctx: Ctx, account_id: int, *, by_account_id: int | None
) -> AccountView:
    """Close a login and revoke its tokens, so an open session ends now, not at expiry.

    An admin cannot close their own account: the last admin could lock the region out.
    """
    if account_id == by_account_id:
        raise DomainError("ACCOUNT_SELF_DEACTIVATE")
    row = session.get(Account, account_id, with_for_update=True)
    if row is None:
        raise DomainError("NOT_FOUND")
    row.active = False
    session.execute(
        update(Token)
        .where(Token.account_id == row.id, Token.revoked.is_(False))
        .values(revoked=True)
    )
    session.flush()
    _audit(session, ctx, "account_deactivated", "account", row.id, row.kindergarten_id, {})
    return _account_view(row)


def list_accounts(
    session: Session,
    *,
    kindergarten_id: int | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> list[AccountView]:
    query = select(Account).order_by(Account.id)
    if kindergarten_id is not None:
        query = query.where(Account.kindergarten_id == kindergarten_id)
    if role is not None:
        query = query.where(Account.role == role)
    if active is not None:
        query = query.where(Account.active.is_(active))
    return [_account_view(a) for a in session.scalars(query)]


# --------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------


def _counts(
    session: Session, column: InstrumentedAttribute[Any], *where: ColumnElement[bool]
) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).where(*where).group_by(column)).all()
    return {str(key): int(count) for key, count in rows}


def _count(session: Session, entity: type[Base], *where: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(entity).where(*where)) or 0)


def statistics(session: Session, *, district_id: int | None = None) -> Statistics:
    """Counts by status and category, region-wide or for one district.

    With a district, places, offers and referrals are those of its kindergartens and
    applications those with an active choice there (a family choosing kindergartens in
    two districts counts in both: it queues in both).
    """
    kg_ids = select(Kindergarten.id)
    app_filter: list[ColumnElement[bool]] = []
    if district_id is not None:
        _district(session, district_id)
        kg_ids = kg_ids.where(Kindergarten.district_id == district_id)
        app_filter.append(
            Application.id.in_(
                select(Choice.application_id).where(
                    Choice.kindergarten_id.in_(kg_ids), Choice.active.is_(True)
                )
            )
        )
    places = _counts(session, Place.status, Place.kindergarten_id.in_(kg_ids))
    in_queue = Application.status.in_(ACTIVE_APPLICATION_STATUSES)
    return Statistics(
        applications_by_status=_counts(session, Application.status, *app_filter),
        applications_by_category={
            int(k): v
            for k, v in _counts(session, Application.category, in_queue, *app_filter).items()
        },
        offers_by_status=_counts(
            session,
            Offer.status,
            Offer.place_id.in_(select(Place.id).where(Place.kindergarten_id.in_(kg_ids))),
        ),
        referrals_by_status=_counts(session, Referral.status, Referral.kindergarten_id.in_(kg_ids)),
        places_by_status=places,
        free_places=places.get("free", 0),
        districts=_district_statistics(session, district_id),
    )


def _district_statistics(session: Session, only: int | None) -> list[DistrictStatistics]:
    query = select(District).order_by(District.id)
    if only is not None:
        query = query.where(District.id == only)
    result = []
    for district in session.scalars(query).all():
        kg_ids = select(Kindergarten.id).where(Kindergarten.district_id == district.id)
        capacity = session.scalar(
            select(func.coalesce(func.sum(Group.capacity), 0)).where(
                Group.kindergarten_id.in_(kg_ids), Group.active.is_(True)
            )
        )
        queued = session.scalar(
            select(func.count(func.distinct(Choice.application_id)))
            .join(Application, Application.id == Choice.application_id)
            .where(
                Choice.kindergarten_id.in_(kg_ids),
                Choice.active.is_(True),
                Application.status.in_(QUEUE_STATUSES),
            )
        )
        result.append(
            DistrictStatistics(
                district_id=district.id,
                name_kk=district.name_kk,
                name_ru=district.name_ru,
                kindergartens=_count(
                    session, Kindergarten, Kindergarten.district_id == district.id
                ),
                capacity=int(capacity or 0),
                enrolled=_count(
                    session,
                    Enrollment,
                    Enrollment.kindergarten_id.in_(kg_ids),
                    Enrollment.left_at.is_(None),
                ),
                places=_counts(session, Place.status, Place.kindergarten_id.in_(kg_ids)),
                live_referrals=_count(
                    session,
                    Referral,
                    Referral.kindergarten_id.in_(kg_ids),
                    Referral.status.in_(LIVE_REFERRAL_STATUSES),
                ),
                queued_applications=int(queued or 0),
            )
        )
    return result


# --------------------------------------------------------------------------------------


def _audit(
    session: Session,
    ctx: Ctx,
    action: str,
    entity: str,
    entity_id: int,
    kindergarten_id: int | None,
    data: dict[str, object],
) -> None:
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        kindergarten_id=kindergarten_id,
        data=data,
    )
