"""Builders for server tests: a small region and applications, written through the ORM.

They write rows directly (not through the services under test) so that a test of one
service does not depend on another; `apply` in the parents' service has its own tests.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from domain.calendar import WorkingCalendar
from domain.iin import make_iin
from domain.policy import DEFAULT_POLICY, Policy
from server_stub.models import Application, Choice, District, Group, Kindergarten, Place
from server_stub.services.auth import create_account
from server_stub.services.context import Ctx

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday 11:00 in Kazakhstan, not a holiday
_serial = itertools.count(1)


def ctx_at(now: datetime = T0, policy: Policy = DEFAULT_POLICY, actor: str = "test") -> Ctx:
    return Ctx(now=now, policy=policy, calendar=WorkingCalendar.default(), actor=actor)


@dataclass
class Region:
    district: District
    kindergartens: list[Kindergarten]
    groups: dict[tuple[int, int], Group]  # (kindergarten id, age group) -> group


def make_region(
    session: Session,
    *,
    kindergartens: int = 2,
    age_groups: tuple[int, ...] = (1, 2, 3, 4, 5),
    language: str = "ru",
    capacity: int = 20,
    with_accounts: bool = True,
) -> Region:
    district = District(name_kk="Алмалы ауданы", name_ru="Алмалинский район")
    session.add(district)
    session.flush()
    kgs: list[Kindergarten] = []
    groups: dict[tuple[int, int], Group] = {}
    for n in range(1, kindergartens + 1):
        kg = Kindergarten(
            district_id=district.id,
            name_kk=f"№{n} «Балапан» бөбекжайы",
            name_ru=f"Ясли-сад №{n} «Балапан»",
            address=f"ул. Абая, {n}",
            languages=language,
        )
        session.add(kg)
        session.flush()
        kgs.append(kg)
        for age in age_groups:
            group = Group(
                kindergarten_id=kg.id,
                name=f"Группа {age}",
                age_group=age,
                language=language,
                type="general",
                capacity=capacity,
            )
            session.add(group)
            session.flush()
            groups[(kg.id, age)] = group
        if with_accounts:
            create_account(
                session,
                now=T0,
                login=f"head{kg.id}",
                password="secret-pass",
                role="head",
                kindergarten_id=kg.id,
            )
    if with_accounts:
        create_account(
            session,
            now=T0,
            login="admin",
            password="admin-pass",
            role="admin",
            district_id=district.id,
        )
    session.flush()
    return Region(district, kgs, groups)


def birth_for_age_group(age: int, school_year: int = 2025) -> date:
    """A birth date that puts a child in ``age`` group for the school year (born in March)."""
    return date(school_year - age, 3, 15)


def make_application(
    session: Session,
    *,
    kindergarten_ids: list[int],
    queued_at: datetime = T0,
    birth_date: date | None = None,
    category: int = 2,
    parent_iin: str | None = None,
    status: str = "queued",
    language: str = "ru",
    accepted_languages: str = "kk,ru",
    need: str = "general",
    benefit: str | None = None,
    benefit_status: str = "none",
    batch_id: str | None = None,
    confirmed_school_year: int = 2025,
) -> Application:
    serial = next(_serial)
    birth = birth_date or birth_for_age_group(3)
    child_iin = make_iin(birth, "M" if serial % 2 else "F", serial)
    parent = parent_iin or make_iin(date(1990, 1, 1), "F", serial)
    app = Application(
        number=f"Q-{serial:07d}",
        child_iin=child_iin,
        child_name=f"Ребёнок {serial}",
        birth_date=birth,
        parent_iin=parent,
        phone1=f"+7701{serial:07d}",
        language=language,
        benefit=benefit,
        benefit_status=benefit_status,
        category=category,
        need=need,
        accepted_languages=accepted_languages,
        queued_at=queued_at,
        status=status,
        status_changed_at=queued_at,
        confirmed_school_year=confirmed_school_year,
        batch_id=batch_id,
    )
    session.add(app)
    session.flush()
    for rank, kid in enumerate(kindergarten_ids, start=1):
        session.add(Choice(application_id=app.id, kindergarten_id=kid, rank=rank))
    session.flush()
    return app


def add_places(
    session: Session, group: Group, count: int, free_from: date | None = None
) -> list[Place]:
    """Free places as the desk's publish would leave them, before allocation runs."""
    places = [
        Place(
            group_id=group.id,
            kindergarten_id=group.kindergarten_id,
            free_from=free_from or date(2026, 3, 2),
            status="free",
            published_at=T0,
        )
        for _ in range(count)
    ]
    session.add_all(places)
    session.flush()
    return places
