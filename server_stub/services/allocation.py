"""The allocation engine: free places go to the first eligible applicants, by itself (R16).

The order comes from :mod:`domain.priority` and nowhere else, so the numbers parents see
(R14) and the offers made agree. This module only gathers the candidates of a
kindergarten and age group from the database (of several kindergartens at once for a
parent's numbers), says which of them are blocked and why, and records each decision with
its inputs so it can be explained and replayed.

Concurrency: every transaction that changes who holds a place takes :func:`lock_queue`
first, before any row lock. An application may be wanted by the allocations of four
kindergartens at once, so finer locks would deadlock; one short lock held for a few
milliseconds keeps allocation deterministic and correct. Behind it, the partial unique
indexes on ``offer`` and ``referral`` make a double offer impossible even if that
reasoning were wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, any_, bindparam, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.ages import GroupType, Language, age_group, eligibility, group_matches
from domain.ages import school_year_of as _school_year_of
from domain.benefits import Category
from domain.priority import (
    DESIRED_START_LATER,
    HAS_OPEN_OFFER,
    HAS_REFERRAL,
    STOP_LISTED,
    Candidate,
    InterleaveState,
    positions,
    select_offers,
)
from domain.priority import Allocation as Decision
from server_stub.clock import local_date
from server_stub.models import (
    Allocation,
    Application,
    Choice,
    Enrollment,
    Group,
    InterleaveTurn,
    Kindergarten,
    Offer,
    Place,
)
from server_stub.services import audit, notifications
from server_stub.services.context import Ctx

# Applications that hold a position in the queues of their chosen kindergartens (R14).
# Suspended ones do not: others move up while they are suspended (R14, R24).
QUEUE_STATUSES = ("queued", "offered", "referred", "stop_listed")


class Applicant(NamedTuple):
    """The columns of an application that the queue looks at: one row of the pool query.

    Plain rows, not ORM ``Application`` objects: a pool holds hundreds of applications and
    loading each as an entity (identity map, every column converted) cost more than the
    queries themselves. The attribute names are those of :class:`Application`.
    """

    id: int
    number: str
    category: int
    queued_at: datetime
    batch_id: str | None
    status: str
    stop_until: datetime | None
    birth_date: date
    accepted_languages: str
    need: str
    desired_start: date | None


_APPLICANT_COLUMNS = (
    Application.id,
    Application.number,
    Application.category,
    Application.queued_at,
    Application.batch_id,
    Application.status,
    Application.stop_until,
    Application.birth_date,
    Application.accepted_languages,
    Application.need,
    Application.desired_start,
)


@dataclass(frozen=True)
class Pool:
    """The candidates of one kindergarten and age group, with the applications behind them."""

    kindergarten_id: int
    age_group: int
    school_year: int
    candidates: tuple[Candidate, ...]
    applications: dict[int, Applicant]


def school_year_for(ctx: Ctx, day: date) -> int:
    """The school year a place free from ``day`` (or a position asked on it) belongs to."""
    return _school_year_of(max(day, ctx.today), ctx.policy)


def _birth_range(school_year: int, group: int, ctx: Ctx) -> tuple[date, date]:
    """Birth dates (exclusive, inclusive] of children in ``group`` for that school year."""
    start = ctx.policy.school_year_start
    counting = date(school_year, start.month, start.day)
    return (
        counting.replace(year=counting.year - group - 1),
        counting.replace(year=counting.year - group),
    )


# The statements of the hot paths are built once, with bound parameters: building a
# select and its cache key costs SQLAlchemy as much CPU as a round trip, a prebuilt one
# neither. Where a statement takes a list of kindergartens, PostgreSQL gets
# ``= ANY(:array)``: one statement text whatever the length, so psycopg prepares it once
# (an expanded ``IN (…)`` is a new statement for every length of the list).


def _pool_statement(kindergartens: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The candidates of the chosen kindergartens (``low``, ``high``: the birth range) with
    whether a sibling attends that kindergarten (R11)."""
    sibling_here = (
        select(Enrollment.id)
        .where(
            Enrollment.kindergarten_id == Choice.kindergarten_id,
            Enrollment.parent_iin == Application.parent_iin,
            Enrollment.left_at.is_(None),
        )
        .exists()
    )
    return (
        select(Choice.kindergarten_id, sibling_here, *_APPLICANT_COLUMNS)
        .join(Application, Choice.application_id == Application.id)
        .where(
            kindergartens,
            Choice.active.is_(True),
            Application.status.in_(QUEUE_STATUSES),
            Application.birth_date > bindparam("low"),
            Application.birth_date <= bindparam("high"),
        )
    )


def _any_of(column: InstrumentedAttribute[int]) -> dict[str, ColumnElement[bool]]:
    """``column`` is one of the bound list ``ids``, per dialect."""
    return {
        "postgresql": column == any_(bindparam("ids", type_=ARRAY(Integer))),
        "sqlite": column.in_(bindparam("ids", expanding=True)),
    }


_POOL_ONE = _pool_statement(Choice.kindergarten_id == bindparam("kindergarten_id"))
_POOL_MANY = {d: _pool_statement(c) for d, c in _any_of(Choice.kindergarten_id).items()}
_TURNS = {
    d: select(InterleaveTurn.kindergarten_id, InterleaveTurn.turn).where(
        c, InterleaveTurn.age_group == bindparam("age_group")
    )
    for d, c in _any_of(InterleaveTurn.kindergarten_id).items()
}
_TURN_FOR_UPDATE = (
    select(InterleaveTurn)
    .where(
        InterleaveTurn.kindergarten_id == bindparam("kindergarten_id"),
        InterleaveTurn.age_group == bindparam("age_group"),
    )
    .with_for_update()
)
_FREE_PLACES = (
    select(Place, Group, Kindergarten)
    .join(Group, Group.id == Place.group_id)
    .join(Kindergarten, Kindergarten.id == Place.kindergarten_id)
    .where(Place.kindergarten_id == bindparam("kindergarten_id"), Place.status == "free")
    .order_by(Place.id)
)
_LOCK_FREE_PLACES = (
    select(Place)
    .where(Place.id.in_(bindparam("ids", expanding=True)), Place.status == "free")
    .order_by(Place.id)
    .with_for_update()
)
_LOCK_APPLICATION = (
    select(Application)
    .where(Application.id == bindparam("application_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)


_S = TypeVar("_S")


def _many(statements: dict[str, _S], session: Session) -> _S:
    """The variant of a statement over a list of kindergartens for this database."""
    name = session.get_bind().dialect.name
    return statements["postgresql" if name == "postgresql" else "sqlite"]


def build_pool(
    session: Session,
    ctx: Ctx,
    *,
    kindergarten_id: int,
    group_age: int,
    school_year: int,
    group: Group | None = None,
    free_from: date | None = None,
) -> Pool:
    """Everyone queued at this kindergarten for this age group, ranked fields and blocks.

    With ``group`` the candidates are judged for a real place in that group (language,
    type, age on the day it is free); without it, for the queue position shown to parents.
    """
    return build_pools(
        session,
        ctx,
        kindergarten_ids=[kindergarten_id],
        group_age=group_age,
        school_year=school_year,
        group=group,
        free_from=free_from,
    )[kindergarten_id]


def build_pools(
    session: Session,
    ctx: Ctx,
    *,
    kindergarten_ids: Iterable[int],
    group_age: int,
    school_year: int,
    group: Group | None = None,
    free_from: date | None = None,
) -> dict[int, Pool]:
    """:func:`build_pool` for several kindergartens (one age group and school year) at once.

    One statement for all of them: the candidates as column rows, each with whether a
    sibling attends that kindergarten (R11) worked out by the database.
    """
    ids = sorted(set(kindergarten_ids))
    if not ids:
        return {}
    low, high = _birth_range(school_year, group_age, ctx)
    if len(ids) == 1:
        params: dict[str, Any] = {"kindergarten_id": ids[0], "low": low, "high": high}
        rows = session.execute(_POOL_ONE, params).all()
    else:
        params = {"ids": ids, "low": low, "high": high}
        rows = session.execute(_many(_POOL_MANY, session), params).all()
    on_day = max(free_from or ctx.today, ctx.today)
    found: dict[int, list[Candidate]] = {kid: [] for kid in ids}
    applicants: dict[int, dict[int, Applicant]] = {kid: {} for kid in ids}
    # an application queued at several of these kindergartens is judged once
    judged: dict[int, tuple[Applicant, str | None] | None] = {}
    for row in rows:  # kindergarten id, sibling here, then the Applicant columns
        app_id = row[2]
        if app_id not in judged:
            applicant = Applicant._make(row[2:])
            if age_group(applicant.birth_date, school_year, ctx.policy) != group_age:
                judged[app_id] = None
            else:
                judged[app_id] = (applicant, _blocked(applicant, ctx, group, on_day, school_year))
        entry = judged[app_id]
        if entry is None:
            continue
        applicant, blocked = entry
        found[row[0]].append(
            Candidate(
                application_id=app_id,
                category=Category(applicant.category),
                queued_at=applicant.queued_at,
                sibling_here=bool(row[1]),
                batch_id=applicant.batch_id,
                blocked=blocked,
            )
        )
        applicants[row[0]][app_id] = applicant
    return {
        kid: Pool(kid, group_age, school_year, tuple(found[kid]), applicants[kid]) for kid in ids
    }


def _blocked(
    app: Applicant, ctx: Ctx, group: Group | None, on_day: date, school_year: int
) -> str | None:
    if app.status == "offered":
        return HAS_OPEN_OFFER
    if app.status == "referred":
        return HAS_REFERRAL
    if app.status == "stop_listed" and app.stop_until is not None and app.stop_until > ctx.now:
        return STOP_LISTED
    if group is None:
        return None
    reason = eligibility(app.birth_date, school_year, on_day, ctx.policy)
    if reason is not None:
        return reason
    accepted = [Language(x) for x in app.accepted_languages.split(",") if x]
    reason = group_matches(
        Language(group.language), GroupType(group.type), accepted, GroupType(app.need)
    )
    if reason is not None:
        return reason
    if app.desired_start is not None and app.desired_start > on_day:
        return DESIRED_START_LATER
    return None


# An arbitrary, fixed key for PostgreSQL's transaction-scoped advisory lock.
_QUEUE_LOCK_KEY = 0x4B455A454B  # "KEZEK"


def lock_queue(session: Session) -> None:
    """Serialise changes to the queue for the rest of this transaction.

    On SQLite every write transaction already holds the database lock (BEGIN IMMEDIATE).
    Re-entrant: a transaction may call it any number of times.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _QUEUE_LOCK_KEY})


def _turn_row(session: Session, kindergarten_id: int, group_age: int) -> InterleaveTurn:
    """The 1:3 cycle of this queue, row-locked: allocation for it is serialised here."""
    row = session.scalar(
        _TURN_FOR_UPDATE, {"kindergarten_id": kindergarten_id, "age_group": group_age}
    )
    if row is None:
        row = InterleaveTurn(kindergarten_id=kindergarten_id, age_group=group_age, turn=0)
        session.add(row)
        session.flush()
    return row


def queue_positions(session: Session, ctx: Ctx, app: Application) -> dict[int, int | None]:
    """kindergarten id -> the application's number in that queue now (R14).

    ``None`` where it has no number: suspended, or outside the age groups taken (too young
    for the early group this school year, or aged out). The queues of all the chosen
    kindergartens are read together: one statement for the candidates, one for the turns.
    """
    chosen = [c.kindergarten_id for c in app.choices if c.active]
    school_year = school_year_for(ctx, app.desired_start or ctx.today)
    group_age = age_group(app.birth_date, school_year, ctx.policy)
    if not chosen or group_age is None or app.status not in QUEUE_STATUSES:
        return dict.fromkeys(chosen)
    pools = build_pools(
        session,
        ctx,
        kindergarten_ids=chosen,
        group_age=int(group_age),
        school_year=school_year,
    )
    turns: dict[int, int] = {
        kid: turn
        for kid, turn in session.execute(
            _many(_TURNS, session), {"ids": sorted(set(chosen)), "age_group": int(group_age)}
        )
    }
    return {
        kid: positions(pools[kid].candidates, InterleaveState(turns.get(kid, 0)), ctx.policy).get(
            app.id
        )
        for kid in chosen
    }


def allocate(session: Session, ctx: Ctx, kindergarten_id: int) -> list[Offer]:
    """Offer every free place of a kindergarten to the first eligible applicants (R16).

    Called after places are published or come back (decline, expiry, lapse, withdrawal)
    and by the scheduler. Nothing happens during the August freeze (R25).
    """
    if ctx.in_august_freeze():
        return []
    lock_queue(session)
    # the free places with their groups and kindergarten, in one statement
    rows = session.execute(_FREE_PLACES, {"kindergarten_id": kindergarten_id}).all()
    if not rows:
        return []
    by_group: dict[int, list[Place]] = defaultdict(list)
    groups: dict[int, Group] = {}
    for place, group, _ in rows:
        by_group[place.group_id].append(place)
        groups[group.id] = group
    kindergarten = rows[0][2]
    made: list[Offer] = []
    # Lock the queues in a fixed order (age group, then group id) to avoid deadlocks.
    for group_id in sorted(by_group, key=lambda gid: (groups[gid].age_group, gid)):
        made.extend(
            _allocate_group(session, ctx, kindergarten, groups[group_id], by_group[group_id])
        )
    return made


def _allocate_group(
    session: Session,
    ctx: Ctx,
    kindergarten: Kindergarten,
    group: Group,
    places: Sequence[Place],
) -> list[Offer]:
    turn_row = _turn_row(session, kindergarten.id, group.age_group)
    # Re-read the places under the lock: a concurrent allocation may have taken some.
    free = session.scalars(_LOCK_FREE_PLACES, {"ids": [p.id for p in places]}).all()
    made: list[Offer] = []
    # Places free from different days may belong to different school years.
    by_year: dict[int, list[Place]] = defaultdict(list)
    for place in free:
        by_year[school_year_for(ctx, place.free_from)].append(place)
    for school_year in sorted(by_year):
        year_places = by_year[school_year]
        pool = build_pool(
            session,
            ctx,
            kindergarten_id=kindergarten.id,
            group_age=group.age_group,
            school_year=school_year,
            group=group,
            free_from=min(p.free_from for p in year_places),
        )
        before = InterleaveState(turn_row.turn)
        decision = select_offers(pool.candidates, len(year_places), before, ctx.policy)
        turn_row.turn = decision.state.turn
        for place, app_id in zip(year_places, decision.offers, strict=False):
            app = _lock_application(session, app_id)
            # the decision first, so the offer is inserted pointing at it
            record = _record_decision(session, ctx, pool, group, place, app, before, decision)
            made.append(_make_offer(session, ctx, kindergarten, group, place, app, record))
            _hold(session, place, app)
    return made


_HELD = "kezek_allocation_held"


def _hold(session: Session, *objects: object) -> None:
    """Keep ``objects`` in the identity map until the end of this transaction.

    The session holds clean objects only weakly, so once :func:`allocate` returns the
    place and the application it changed would be dropped, and the change feed's commit
    hook (and the desk's reply) would read each of them again.
    """
    transaction = session.get_transaction()
    held: tuple[object, list[object]] | None = session.info.get(_HELD)
    if held is None or held[0] is not transaction:
        held = (transaction, [])
        session.info[_HELD] = held
    held[1].extend(objects)


def _lock_application(session: Session, app_id: int) -> Application:
    """The chosen application, row-locked and read afresh (one statement)."""
    app = session.scalar(_LOCK_APPLICATION, {"application_id": app_id})
    assert app is not None
    return app


def _make_offer(
    session: Session,
    ctx: Ctx,
    kindergarten: Kindergarten,
    group: Group,
    place: Place,
    app: Application,
    record: Allocation,
) -> Offer:
    deadline = ctx.working_deadline(ctx.policy.offer_window_working_days)
    offer = Offer(
        place_id=place.id,
        application_id=app.id,
        status="open",
        made_at=ctx.now,
        deadline_at=deadline,
        allocation_id=record.id,
    )
    session.add(offer)
    place.status = "offered"
    place.version += 1
    app.status = "offered"
    app.stop_until = None
    app.status_changed_at = ctx.now
    app.version += 1
    session.flush()
    name = kindergarten.name_kk if app.language == "kk" else kindergarten.name_ru
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="offer_made",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={
            "kindergarten": name,
            "group": group.name,
            "deadline": local_date(deadline).strftime("%d.%m.%Y"),
            "number": app.number,
        },
        dedup_key=f"offer_made:{offer.id}",
    )
    return offer


def _record_decision(
    session: Session,
    ctx: Ctx,
    pool: Pool,
    group: Group,
    place: Place,
    app: Application,
    before: InterleaveState,
    decision: Decision,
) -> Allocation:
    """Keep what the decision saw: who was ahead of the chosen child and why not them."""
    chosen_position = positions(pool.candidates, before, ctx.policy).get(app.id)
    passed = [
        {
            "application_id": p.application_id,
            "number": pool.applications[p.application_id].number,
            "category": pool.applications[p.application_id].category,
            "position": p.position,
            "reason": p.reason,
        }
        for p in decision.passed_over
        if chosen_position is None or p.position < chosen_position
    ]
    chosen = next(c for c in pool.candidates if c.application_id == app.id)
    inputs = {
        "place_id": place.id,
        "group_id": group.id,
        "group_name": group.name,
        "language": group.language,
        "type": group.type,
        "age_group": group.age_group,
        "school_year": pool.school_year,
        "free_from": place.free_from.isoformat(),
        "turn_before": before.turn,
        "turn_after": decision.state.turn,
        "candidates": len(pool.candidates),
        "chosen": {
            "application_id": app.id,
            "number": app.number,
            "category": app.category,
            "queued_at": app.queued_at.isoformat(),
            "sibling_here": chosen.sibling_here,
            "batch": chosen.batch_id is not None,
            "position": chosen_position,
        },
        "passed_over": passed,
    }
    record = Allocation(
        place_id=place.id,
        kindergarten_id=pool.kindergarten_id,
        age_group=pool.age_group,
        application_id=app.id,
        decided_at=ctx.now,
        inputs=inputs,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="offer_made",
        entity="allocation",
        entity_id=record.id,
        kindergarten_id=pool.kindergarten_id,
        data={"place_id": place.id, "application_id": app.id, "passed_over": len(passed)},
    )
    return record


def kindergartens_with_free_places(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(Place.kindergarten_id).where(Place.status == "free").distinct()
        ).all()
    )


def allocate_many(session: Session, ctx: Ctx, kindergarten_ids: Iterable[int]) -> list[Offer]:
    made: list[Offer] = []
    for kid in sorted(set(kindergarten_ids)):
        made.extend(allocate(session, ctx, kid))
    return made
