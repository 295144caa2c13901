"""The allocation engine: free places go to the first eligible applicants, by itself (R16).

The order comes from :mod:`domain.priority` and nowhere else, so the numbers parents see
(R14) and the offers made agree. This module only gathers the candidates of one
kindergarten and age group from the database, says which of them are blocked and why,
and records each decision with its inputs so it can be explained and replayed.

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
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class Pool:
    """The candidates of one kindergarten and age group, with the applications behind them."""

    kindergarten_id: int
    age_group: int
    school_year: int
    candidates: tuple[Candidate, ...]
    applications: dict[int, Application]


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
    low, high = _birth_range(school_year, group_age, ctx)
    rows = session.scalars(
        select(Application)
        .join(Choice, Choice.application_id == Application.id)
        .where(
            Choice.kindergarten_id == kindergarten_id,
            Choice.active.is_(True),
            Application.status.in_(QUEUE_STATUSES),
            Application.birth_date > low,
            Application.birth_date <= high,
        )
    ).all()
    apps = {a.id: a for a in rows if age_group(a.birth_date, school_year, ctx.policy) == group_age}
    parents = {a.parent_iin for a in apps.values()}
    siblings: set[str] = set()
    if parents:
        siblings = set(
            session.scalars(
                select(Enrollment.parent_iin).where(
                    Enrollment.kindergarten_id == kindergarten_id,
                    Enrollment.left_at.is_(None),
                    Enrollment.parent_iin.in_(parents),
                )
            ).all()
        )
    on_day = max(free_from or ctx.today, ctx.today)
    candidates = tuple(
        Candidate(
            application_id=a.id,
            category=Category(a.category),
            queued_at=a.queued_at,
            sibling_here=a.parent_iin in siblings,
            batch_id=a.batch_id,
            blocked=_blocked(a, ctx, group, on_day, school_year),
        )
        for a in apps.values()
    )
    return Pool(kindergarten_id, group_age, school_year, candidates, apps)


def _blocked(
    app: Application, ctx: Ctx, group: Group | None, on_day: date, school_year: int
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
        select(InterleaveTurn)
        .where(
            InterleaveTurn.kindergarten_id == kindergarten_id,
            InterleaveTurn.age_group == group_age,
        )
        .with_for_update()
    )
    if row is None:
        row = InterleaveTurn(kindergarten_id=kindergarten_id, age_group=group_age, turn=0)
        session.add(row)
        session.flush()
    return row


def queue_positions(session: Session, ctx: Ctx, app: Application) -> dict[int, int | None]:
    """kindergarten id -> the application's number in that queue now (R14).

    ``None`` where it has no number: suspended, or outside the age groups taken (too young
    for the early group this school year, or aged out).
    """
    school_year = school_year_for(ctx, app.desired_start or ctx.today)
    group_age = age_group(app.birth_date, school_year, ctx.policy)
    result: dict[int, int | None] = {}
    for choice in app.choices:
        if not choice.active:
            continue
        if group_age is None or app.status not in QUEUE_STATUSES:
            result[choice.kindergarten_id] = None
            continue
        pool = build_pool(
            session,
            ctx,
            kindergarten_id=choice.kindergarten_id,
            group_age=int(group_age),
            school_year=school_year,
        )
        turn = session.get(InterleaveTurn, (choice.kindergarten_id, int(group_age)))
        state = InterleaveState(turn.turn if turn else 0)
        result[choice.kindergarten_id] = positions(pool.candidates, state, ctx.policy).get(app.id)
    return result


def allocate(session: Session, ctx: Ctx, kindergarten_id: int) -> list[Offer]:
    """Offer every free place of a kindergarten to the first eligible applicants (R16).

    Called after places are published or come back (decline, expiry, lapse, withdrawal)
    and by the scheduler. Nothing happens during the August freeze (R25).
    """
    if ctx.in_august_freeze():
        return []
    lock_queue(session)
    places = session.scalars(
        select(Place)
        .where(Place.kindergarten_id == kindergarten_id, Place.status == "free")
        .order_by(Place.id)
    ).all()
    if not places:
        return []
    by_group: dict[int, list[Place]] = defaultdict(list)
    for place in places:
        by_group[place.group_id].append(place)
    groups = {
        g.id: g for g in session.scalars(select(Group).where(Group.id.in_(list(by_group)))).all()
    }
    kindergarten = session.get(Kindergarten, kindergarten_id)
    assert kindergarten is not None
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
    free = session.scalars(
        select(Place)
        .where(Place.id.in_([p.id for p in places]), Place.status == "free")
        .order_by(Place.id)
        .with_for_update()
    ).all()
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
            offer = _make_offer(session, ctx, kindergarten, group, place, app)
            record = _record_decision(session, ctx, pool, group, place, app, before, decision)
            offer.allocation_id = record.id
            made.append(offer)
    return made


def _lock_application(session: Session, app_id: int) -> Application:
    app = session.scalar(select(Application).where(Application.id == app_id).with_for_update())
    assert app is not None
    session.refresh(app)
    return app


def _make_offer(
    session: Session,
    ctx: Ctx,
    kindergarten: Kindergarten,
    group: Group,
    place: Place,
    app: Application,
) -> Offer:
    deadline = ctx.working_deadline(ctx.policy.offer_window_working_days)
    offer = Offer(
        place_id=place.id,
        application_id=app.id,
        status="open",
        made_at=ctx.now,
        deadline_at=deadline,
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
