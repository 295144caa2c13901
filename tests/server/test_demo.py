"""The demo region generator, on SQLite and PostgreSQL (``engine`` fixture of conftest).

The demo data feed demos, benchmarks and black-box tests, so they must obey the same rules
as real data (valid and unique IINs, phones, categories, choices near home, groups never
over capacity) and be reproducible from a seed.
"""

from __future__ import annotations

import re
import threading
from collections import Counter as Tally
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, Table, delete, func, inspect, select
from sqlalchemy.orm import Session

from domain.ages import age_group, age_in_full_years, is_aged_out, school_year_of
from domain.benefits import DEFAULT_BENEFIT_RULES, Benefit, Category
from domain.iin import birth_date_agrees, is_valid_iin, parse_iin
from domain.phones import MOBILE_CODES
from domain.policy import DEFAULT_POLICY
from domain.priority import batches_from_births
from server_stub import demo
from server_stub.clock import local_date
from server_stub.demo import DemoDataError, DemoReport, demo_kindergarten_ids, generate
from server_stub.models import (
    Account,
    Application,
    Choice,
    Counter,
    District,
    Enrollment,
    Group,
    Kindergarten,
)
from server_stub.services.applications import confirmation_year

# 21 November 2026: after the 1 October confirmation deadline, inside the grace period,
# so the region has suspended applications too (R24).
NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PHONE = re.compile(r"^\+77\d{9}$")

ALL_TABLES = (Choice, Application, Account, Enrollment, Group, Kindergarten, District, Counter)


def _generate(
    engine: Engine,
    kindergartens: int = 20,
    applications: int = 2000,
    *,
    seed: int = 11,
    now: datetime = NOW,
) -> DemoReport:
    return generate(
        engine,
        kindergartens=kindergartens,
        applications=applications,
        seed=seed,
        now=now,
        password_hasher=CHEAP,
    )


def _snapshot(session: Session) -> dict[str, object]:
    """Counts and the first rows of every table, as plain values."""
    snapshot: dict[str, object] = {}
    for model in ALL_TABLES:
        table = model.__table__
        assert isinstance(table, Table)
        snapshot[table.name] = session.scalar(select(func.count()).select_from(table))
        order = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*order).limit(25)).all()
        snapshot[f"{table.name} rows"] = [
            tuple(v for k, v in row._mapping.items() if k != "password_hash") for row in rows
        ]
    return snapshot


def _empty(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        for model in ALL_TABLES:
            session.execute(delete(model))


def test_same_seed_same_region_other_seed_other_region(engine: Engine) -> None:
    first = _generate(engine, kindergartens=12, applications=600, seed=5)
    with Session(engine) as session:
        before = _snapshot(session)
    _empty(engine)
    second = _generate(engine, kindergartens=12, applications=600, seed=5)
    with Session(engine) as session:
        assert _snapshot(session) == before
    assert first.counts == second.counts
    assert first.stats == second.stats
    _empty(engine)
    _generate(engine, kindergartens=12, applications=600, seed=6)
    with Session(engine) as session:
        assert _snapshot(session)["application rows"] != before["application rows"]


def test_the_region_obeys_the_rules(engine: Engine) -> None:
    report = _generate(engine)
    assert isinstance(report, DemoReport)
    today = local_date(NOW)
    school_year = school_year_of(today)
    with Session(engine) as s:
        apps = s.scalars(select(Application).order_by(Application.id)).all()
        enrollments = s.scalars(select(Enrollment)).all()
        groups = {g.id: g for g in s.scalars(select(Group))}
        kgs = {k.id: k for k in s.scalars(select(Kindergarten))}
        choices = s.scalars(select(Choice)).all()
        counter = s.get(Counter, "application")

    assert len(apps) == 2000 == report.counts["application"]
    assert len(kgs) == 20 and report.counts["district"] == 1
    assert report.counts["enrollment"] == len(enrollments)

    # R1/R3: valid IINs, one child one IIN, never the parent's
    child_iins = [a.child_iin for a in apps] + [e.child_iin for e in enrollments]
    assert len(set(child_iins)) == len(child_iins)
    for iin in child_iins + [a.parent_iin for a in apps] + [e.parent_iin for e in enrollments]:
        assert is_valid_iin(iin), iin
    assert all(a.child_iin != a.parent_iin for a in apps)
    people: list[Application | Enrollment] = [*apps, *enrollments]
    for person in people:
        assert birth_date_agrees(person.child_iin, person.birth_date)  # R2 hints agree
        parent_birth = parse_iin(person.parent_iin).birth_date
        assert parent_birth is not None
        assert 20 <= age_in_full_years(parent_birth, today) <= 45
        assert age_in_full_years(parent_birth, person.birth_date) >= 18
    assert not {a.parent_iin for a in apps} & set(child_iins)

    # R4: one or two mobile phones
    for app in apps:
        for phone in (app.phone1, app.phone2):
            if phone is not None:
                assert PHONE.match(phone) and phone[2:5] in MOBILE_CODES, phone
        assert app.phone2 != app.phone1

    # R8/R13: categories in their shares and consistent with the benefit
    shares = Tally(Category(a.category) for a in apps)
    assert 0.015 * 2000 <= shares[Category.EXTRAORDINARY] <= 0.05 * 2000
    assert 0.10 * 2000 <= shares[Category.FIRST_PRIORITY] <= 0.20 * 2000
    assert shares[Category.GENERAL] >= 0.75 * 2000
    for app in apps:
        if app.benefit is None:
            assert (app.category, app.benefit_status) == (Category.GENERAL, "none")
        else:
            benefit = Benefit(app.benefit)
            assert app.category == DEFAULT_BENEFIT_RULES.category_of(benefit)
            assert app.benefit_status in ("confirmed", "pending")
            if app.benefit_status == "pending":
                assert benefit in DEFAULT_BENEFIT_RULES.needs_document  # only documents wait
        if app.need == "correctional":
            assert app.category <= Category.FIRST_PRIORITY
    assert any(a.benefit_status == "pending" for a in apps)
    needs = Tally(a.need for a in apps)
    assert 0.015 * 2000 <= needs["correctional"] <= 0.05 * 2000
    assert set(needs) <= {"general", "correctional", "sanatorium"}

    # R9: queued before now, within five years, ids in queue order; R6: nobody aged out
    assert all(a.queued_at < NOW for a in apps)
    assert min(a.queued_at for a in apps) >= NOW - timedelta(days=5 * 366)
    assert [a.queued_at for a in apps] == sorted(a.queued_at for a in apps)
    for app in apps:
        assert app.birth_date < local_date(app.queued_at)
        assert not is_aged_out(app.birth_date, school_year)
        assert app.status_changed_at >= app.queued_at
    ages = Tally(age_in_full_years(a.birth_date, today) for a in apps)
    assert set(ages) <= {0, 1, 2, 3, 4, 5}
    assert sum(ages[y] for y in (1, 2, 3, 4)) > 0.6 * 2000

    # R24: after the 1 October deadline everyone confirmed this year, or is suspended
    year = confirmation_year(today, DEFAULT_POLICY)
    assert year == 2026
    for app in apps:
        if app.status == "queued":
            assert app.confirmed_school_year == year and app.suspended_at is None
        else:
            assert app.status == "suspended"
            assert app.confirmed_school_year == year - 1
            assert app.queued_at < datetime(2026, 7, 31, 19, 0, tzinfo=UTC)  # before 1 Aug
            assert app.suspended_at == app.status_changed_at
            assert app.suspended_at == datetime(2026, 9, 30, 19, 0, tzinfo=UTC)  # 1 Oct, KZ
    assert 0 < sum(a.status == "suspended" for a in apps) <= 0.05 * 2000

    # numbers: unique, and the counter continues after them
    assert len({a.number for a in apps}) == 2000
    assert all(re.fullmatch(r"Q-\d{7}", a.number) for a in apps)
    assert counter is not None and counter.value == 2000
    assert apps[-1].number == "Q-0002000"

    # choices: 1-4 ranked, distinct, in the applicant's district, with a suitable group
    by_app: dict[int, list[Choice]] = defaultdict(list)
    for choice in choices:
        by_app[choice.application_id].append(choice)
    assert set(by_app) == {a.id for a in apps}
    kinds: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for group in groups.values():
        kinds[group.kindergarten_id].add((group.language, group.type))
    for app in apps:
        ranked = sorted(by_app[app.id], key=lambda c: c.rank)
        assert 1 <= len(ranked) <= 4
        assert [c.rank for c in ranked] == list(range(1, len(ranked) + 1))
        assert len({c.kindergarten_id for c in ranked}) == len(ranked)
        assert len({kgs[c.kindergarten_id].district_id for c in ranked}) == 1
        accepted = app.accepted_languages.split(",")
        for choice in ranked[1:]:
            assert kinds[choice.kindergarten_id] & {(lang, app.need) for lang in accepted}

    # R12: the stored batches are exactly the ones the rule gives; twins are consecutive
    expected = batches_from_births((a.id, a.parent_iin, a.birth_date) for a in apps)
    assert {a.id: a.batch_id for a in apps if a.batch_id} == expected
    assert expected, "no twins generated"
    for app_id, batch in expected.items():
        assert batch in (f"batch-{app_id}", f"batch-{app_id - 1}")

    # R11: some applicants have an older sibling attending their first choice
    attending = {(e.kindergarten_id, e.parent_iin) for e in enrollments}
    first_choice = {c.application_id: c.kindergarten_id for c in choices if c.rank == 1}
    siblings = [a for a in apps if (first_choice[a.id], a.parent_iin) in attending]
    assert len(siblings) >= 0.03 * 2000

    # groups: 85-100 % full, the right ages (R5), at most 10 % unvaccinated (R21)
    per_group: dict[int, list[Enrollment]] = defaultdict(list)
    for enrollment in enrollments:
        per_group[enrollment.group_id].append(enrollment)
    assert set(per_group) == set(groups)
    for group_id, children in per_group.items():
        group = groups[group_id]
        assert 15 <= group.capacity <= 30
        assert 0.85 * group.capacity - 1 <= len(children) <= group.capacity
        assert group.language in kgs[group.kindergarten_id].languages.split(",")
        for child in children:
            assert child.kindergarten_id == group.kindergarten_id
            assert age_group(child.birth_date, school_year) == group.age_group
            assert child.enrolled_at <= NOW and child.left_at is None
            assert child.vaccination in ("complete", "incomplete", "exempt")
        unvaccinated = sum(c.vaccination == "incomplete" for c in children)
        if group.type != "correctional":
            assert unvaccinated <= 0.10 * len(children)
    for kg in kgs.values():
        assert {g.age_group for g in groups.values() if g.kindergarten_id == kg.id} == {
            1, 2, 3, 4, 5,
        }  # fmt: skip


def _foreign_keys(engine: Engine) -> list[tuple[str, str, str, str]]:
    inspector = inspect(engine)
    return sorted(
        (table, str(fk["name"]), ",".join(fk["constrained_columns"]), fk["referred_table"])
        for table in inspector.get_table_names()
        for fk in inspector.get_foreign_keys(table)
    )


def test_foreign_keys_are_as_migrated_after_generation(engine: Engine) -> None:
    """PostgreSQL checks them in bulk (dropped, then re-added): they must all be back."""
    before = _foreign_keys(engine)
    assert len(before) > 10
    _generate(engine, kindergartens=3, applications=100)
    assert _foreign_keys(engine) == before


def test_accounts_for_the_desk_demo(engine: Engine) -> None:
    _generate(engine, kindergartens=60, applications=100)
    with Session(engine) as s:
        accounts = {a.login: a for a in s.scalars(select(Account))}
        first_kgs = s.scalars(select(Kindergarten.id).order_by(Kindergarten.id).limit(50)).all()
        assert demo_kindergarten_ids(s) == list(first_kgs)
    assert len(accounts) == 51
    assert accounts["admin"].role == "admin" and accounts["admin"].kindergarten_id is None
    assert CHEAP.verify(accounts["admin"].password_hash, "admin")
    head = accounts[f"head{first_kgs[0]}"]
    assert head.role == "head" and head.kindergarten_id == first_kgs[0]
    assert CHEAP.verify(head.password_hash, "demo")


KAZAKH_GROUP = re.compile(
    r"«[^»]+» (бөбекжай|кіші|ортаңғы|ересек|мектепалды) тобы( \((түзету|санаторлық)\))?"
)
RUSSIAN_GROUP = re.compile(
    r"(Ясельная|Младшая|Средняя|Старшая|Предшкольная) группа «[^»]+»"
    r"( \((коррекционная|санаторная)\))?"
)


def test_groups_are_named_in_their_own_language(engine: Engine) -> None:
    """A Kazakh group reads "«Балапандар» кіші тобы" (the possessive after its name), a
    Russian one "Младшая группа «Капельки»": the desk shows them as the staff say them."""
    _generate(engine, kindergartens=12, applications=100)
    with Session(engine) as s:
        groups = s.scalars(select(Group)).all()
    assert {g.language for g in groups} == {"kk", "ru"}
    for g in groups:
        pattern = KAZAKH_GROUP if g.language == "kk" else RUSSIAN_GROUP
        assert pattern.fullmatch(g.name), (g.language, g.name)


def test_refuses_a_database_that_has_applications(engine: Engine) -> None:
    _generate(engine, kindergartens=3, applications=50)
    with Session(engine) as s:
        before = _snapshot(s)
    with pytest.raises(DemoDataError, match="already holds 50 applications"):
        _generate(engine, kindergartens=3, applications=50)
    with Session(engine) as s:
        assert _snapshot(s) == before


def test_ids_and_numbers_continue_after_generation(engine: Engine) -> None:
    """The server inserts through the ORM: sequences (PostgreSQL) must be past our ids."""
    report = _generate(engine, kindergartens=3, applications=30)
    with Session(engine) as s, s.begin():
        district = District(name_kk="Жаңа ауданы", name_ru="Новый район")
        s.add(district)
        s.flush()
        kg = Kindergarten(district_id=district.id, name_kk="x", name_ru="x", address="x")
        s.add(kg)
        s.flush()
        s.add(Group(kindergarten_id=kg.id, name="x", age_group=3, language="kk", capacity=20))
        app = Application(
            number="Q-0000031",
            child_iin="200101500019",
            child_name="Test",
            birth_date=date(2022, 1, 1),
            parent_iin="900101400018",
            phone1="+77011234567",
            queued_at=NOW,
            status_changed_at=NOW,
            confirmed_school_year=2026,
        )
        s.add(app)
        s.flush()
        assert district.id == report.counts["district"] + 1
        assert kg.id == 4
        assert app.id == 31
        s.add(Choice(application_id=app.id, kindergarten_id=kg.id, rank=1))
    with Session(engine) as s:
        counter = s.get(Counter, "application")
        assert counter is not None and counter.value == 30


def test_rows_made_before_stay_and_ids_continue_after_them(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        s.add(District(name_kk="Бар ауданы", name_ru="Существующий район"))
        s.add(Account(login="admin", password_hash="kept", role="admin", created_at=NOW))
    report = _generate(engine, kindergartens=3, applications=20)
    assert report.counts["account"] == 3  # the heads only
    with Session(engine) as s:
        districts = s.scalars(select(District).order_by(District.id)).all()
        admin = s.scalar(select(Account).where(Account.login == "admin"))
    assert [d.id for d in districts] == [1, 2]
    assert districts[0].name_ru == "Существующий район"
    assert admin is not None and admin.password_hash == "kept"


def test_no_suspensions_after_the_grace_period(engine: Engine) -> None:
    """R24: the server closes suspended applications after 90 days; none are left."""
    spring = datetime(2027, 3, 10, 6, 0, tzinfo=UTC)
    report = _generate(engine, kindergartens=4, applications=300, now=spring)
    assert report.stats["suspended"] == 0
    with Session(engine) as s:
        years = set(s.scalars(select(Application.confirmed_school_year)).all())
        statuses = set(s.scalars(select(Application.status)).all())
    assert years == {2026} and statuses == {"queued"}


def test_inside_the_confirmation_window_some_have_not_confirmed_yet(engine: Engine) -> None:
    """R24: between 1 August and 1 October, older applications are partly confirmed."""
    august = datetime(2026, 8, 20, 6, 0, tzinfo=UTC)
    report = _generate(engine, kindergartens=4, applications=400, now=august)
    assert report.stats["suspended"] == 0
    with Session(engine) as s:
        apps = s.scalars(select(Application)).all()
    window = datetime(2026, 7, 31, 19, 0, tzinfo=UTC)  # 1 August, Kazakhstan time
    years = Tally(a.confirmed_school_year for a in apps if a.queued_at < window)
    assert set(years) == {2025, 2026} and min(years.values()) > 40
    assert {a.confirmed_school_year for a in apps if a.queued_at >= window} <= {2026}
    assert {a.status for a in apps} == {"queued"}


def test_smallest_region_and_readable_report(engine: Engine) -> None:
    report = _generate(engine, kindergartens=1, applications=0)
    assert report.counts["kindergarten"] == 1 and report.counts.get("application", 0) == 0
    text = str(report)
    assert "kindergarten" in text and "rows/s" in text and "admin/admin" in text
    assert report.rows == sum(report.counts.values()) and report.seconds > 0


def test_rejects_bad_arguments(engine: Engine) -> None:
    with pytest.raises(ValueError):
        _generate(engine, kindergartens=0)
    with pytest.raises(ValueError):
        _generate(engine, now=datetime(2026, 11, 21, 6, 0))


def _table_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in ALL_TABLES
        }


def test_a_failure_midway_leaves_the_database_empty(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: a generator that fails half-way writes nothing (and stops its thread)."""
    real = demo.make_iin
    calls = 0

    def failing(*args: Any) -> str:
        nonlocal calls
        calls += 1
        if calls > 3000:
            raise RuntimeError("boom")
        return real(*args)

    threads = threading.active_count()
    monkeypatch.setattr(demo, "make_iin", failing)
    monkeypatch.setattr(demo, "CHUNK_ROWS", 300)  # several chunks are written before
    foreign_keys = _foreign_keys(engine)
    with pytest.raises(RuntimeError, match="boom"):
        _generate(engine, kindergartens=40, applications=500)
    assert threading.active_count() == threads
    assert _foreign_keys(engine) == foreign_keys
    assert set(_table_counts(engine).values()) == {0}


@pytest.mark.parametrize("db_dialect", [pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_failing_copy_reaches_the_caller(
    engine: Engine, db_dialect: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COPY (PostgreSQL only) runs in a second thread: its error must stop the generator."""

    def no_type(table: Table, column: str) -> str:
        if table.name == "choice":
            raise TypeError("no type")
        return real(table, column)

    real = demo._copy_type
    monkeypatch.setattr(demo, "_copy_type", no_type)
    monkeypatch.setattr(demo, "CHUNK_ROWS", 50)  # the generator is still busy when it fails
    threads = threading.active_count()
    with pytest.raises(TypeError, match="no type"):
        _generate(engine, kindergartens=3, applications=200)
    assert threading.active_count() == threads
    assert set(_table_counts(engine).values()) == {0}
