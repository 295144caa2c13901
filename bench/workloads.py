"""The two operations with latency targets, run the way the server runs them.

- publish: one transaction inserts one free place in a group and calls
  :func:`server_stub.services.allocation.allocate` for its kindergarten (the desk's
  publish does exactly this, plus its capacity check), then commits;
- positions: one transaction loads an application (``session.get``) and calls
  :func:`server_stub.services.allocation.queue_positions` for its four choices.

Each sample is a fresh session from the server's session factory
(:func:`server_stub.runtime.session_factory_for`: change-feed and audit hooks), timed end
to end: session, BEGIN, statements, ORM work, the feed and audit rows at commit, COMMIT.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bench.profiling import LockWaitMeter
from bench.stats import Stopwatch
from domain.ages import counting_date
from domain.calendar import WorkingCalendar
from domain.policy import DEFAULT_POLICY, Policy
from server_stub.clock import local_date
from server_stub.models import Application, Choice, Group, Place
from server_stub.services import allocation
from server_stub.services.context import Ctx

Factory = sessionmaker[Session]
_T = TypeVar("_T")


def bench_ctx(now: datetime, policy: Policy = DEFAULT_POLICY) -> Ctx:
    """The allocation context; ``now`` must be a working day outside the August freeze."""
    ctx = Ctx(now=now, policy=policy, calendar=WorkingCalendar.default(), actor="bench")
    if not ctx.calendar.is_working_day(local_date(now)):
        raise ValueError(f"--now {now.isoformat()} is not a working day in Kazakhstan")
    if ctx.in_august_freeze():
        raise ValueError(f"--now {now.isoformat()} falls in the August freeze: no offers")
    return ctx


@dataclass(frozen=True)
class PublishTarget:
    kindergarten_id: int
    group_id: int
    age_group: int


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu: float  # this process's CPU seconds
    hit: bool  # publish: an offer was made; positions: every choice got a number
    lock_wait: float = 0.0  # publish on PostgreSQL: inside pg_advisory_xact_lock


def _birth_range(ctx: Ctx, school_year: int, group_age: int) -> tuple[date, date]:
    """Birth dates (exclusive, inclusive] of the age group, as allocation computes them."""
    counting = counting_date(school_year, ctx.policy)
    return (
        counting.replace(year=counting.year - group_age - 1),
        counting.replace(year=counting.year - group_age),
    )


def publish_targets(
    factory: Factory, ctx: Ctx, count: int, rng: random.Random
) -> list[PublishTarget]:
    """Random general groups whose kindergarten has queued applicants of the group's age
    who accept its language; distinct kindergartens first, then distinct groups, then
    repeats (a small region has fewer kindergartens than samples)."""
    school_year = allocation.school_year_for(ctx, ctx.today)
    picked: list[PublishTarget] = []
    with factory() as session:
        groups = list(
            session.execute(
                select(Group.id, Group.kindergarten_id, Group.age_group, Group.language)
                .where(Group.active.is_(True), Group.type == "general")
                .order_by(Group.id)
            ).all()
        )
        rng.shuffle(groups)
        used_kgs: set[int] = set()
        used_groups: set[int] = set()
        checked: dict[int, bool] = {}

        def has_queue(group_id: int, kg_id: int, age: int, language: str) -> bool:
            if group_id not in checked:
                low, high = _birth_range(ctx, school_year, age)
                hit = session.scalar(
                    select(Choice.application_id)
                    .join(Application, Application.id == Choice.application_id)
                    .where(
                        Choice.kindergarten_id == kg_id,
                        Choice.active.is_(True),
                        Application.status == "queued",
                        Application.need == "general",
                        Application.accepted_languages.contains(language),
                        Application.birth_date > low,
                        Application.birth_date <= high,
                    )
                    .limit(1)
                )
                checked[group_id] = hit is not None
            return checked[group_id]

        for distinct_kg in (True, False):
            for group_id, kg_id, age, language in groups:
                if len(picked) >= count:
                    break
                if group_id in used_groups or (distinct_kg and kg_id in used_kgs):
                    continue
                if has_queue(group_id, kg_id, age, language):
                    picked.append(PublishTarget(kg_id, group_id, age))
                    used_kgs.add(kg_id)
                    used_groups.add(group_id)
        session.rollback()
    if not picked:
        raise RuntimeError("no group has queued applicants: is the demo region empty?")
    return _repeated(picked, count)  # a repeat offers to the next in that group's queue


def publish_once(
    factory: Factory, ctx: Ctx, target: PublishTarget, meter: LockWaitMeter | None = None
) -> Sample:
    waited = meter.total if meter is not None else 0.0
    watch = Stopwatch()
    with factory() as session, session.begin():
        session.add(
            Place(
                group_id=target.group_id,
                kindergarten_id=target.kindergarten_id,
                free_from=ctx.today,
                status="free",
                published_at=ctx.now,
            )
        )
        session.flush()
        made = allocation.allocate(session, ctx, target.kindergarten_id)
    watch.stop()
    waited = meter.total - waited if meter is not None else 0.0
    return Sample(watch.wall, watch.cpu, bool(made), waited)


def positions_targets(factory: Factory, ctx: Ctx, count: int, rng: random.Random) -> list[int]:
    """Random applications in the queue (R14 statuses) with four active choices and an age
    group this school year.

    Children too young for any group this school year (about a fifth of the demo queue)
    have no number anywhere and ``queue_positions`` returns without a query for them, so
    they would only flatter the numbers.
    """
    school_year = allocation.school_year_for(ctx, ctx.today)
    youngest = _birth_range(ctx, school_year, 1)[1]
    oldest = _birth_range(ctx, school_year, 5)[0]
    picked: list[int] = []
    with factory() as session:
        low, high = session.execute(
            select(func.min(Application.id), func.max(Application.id))
        ).one()
        if low is None:
            raise RuntimeError("no applications: is the demo region empty?")
        ids = list(range(low, high + 1))
        rng.shuffle(ids)
        for start in range(0, len(ids), 1000):
            if len(picked) >= count:
                break
            batch = ids[start : start + 1000]
            found = set(
                session.scalars(
                    select(Choice.application_id)
                    .join(Application, Application.id == Choice.application_id)
                    .where(
                        Choice.application_id.in_(batch),
                        Choice.active.is_(True),
                        Application.status.in_(allocation.QUEUE_STATUSES),
                        Application.desired_start.is_(None),
                        Application.birth_date > oldest,
                        Application.birth_date <= youngest,
                    )
                    .group_by(Choice.application_id)
                    .having(func.count() == 4)
                ).all()
            )
            picked.extend(i for i in batch if i in found)  # in the shuffled order
        session.rollback()
    if not picked:
        raise RuntimeError("no queued application has four active choices")
    return _repeated(picked[:count], count)


def _repeated(items: list[_T], count: int) -> list[_T]:
    """``items`` cycled to ``count`` entries (a small region has fewer than the samples)."""
    return [items[i % len(items)] for i in range(count)]


def positions_once(factory: Factory, ctx: Ctx, application_id: int) -> Sample:
    watch = Stopwatch()
    with factory() as session, session.begin():
        app = session.get(Application, application_id)
        assert app is not None
        numbers = allocation.queue_positions(session, ctx, app)
    watch.stop()
    numbered = len(numbers) == 4 and all(n is not None for n in numbers.values())
    return Sample(watch.wall, watch.cpu, numbered)
