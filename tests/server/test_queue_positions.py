"""R14: the numbers parents see, read for all of an application's choices at once, are the
numbers :mod:`domain.priority` gives each kindergarten's queue on its own, on both
databases."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.ages import age_group, school_year_of
from domain.benefits import Category
from domain.priority import Candidate, InterleaveState, positions
from server_stub.models import Application, Choice, Enrollment, InterleaveTurn
from server_stub.services import allocation
from tests.server.factories import T0, ctx_at, make_application, make_region

KINDERGARTENS = 5
APPLICATIONS = 160


def _random_region(session: Session, rng: random.Random) -> None:
    """A small region whose queues overlap: shared choices, ties in the queue time, twins,
    siblings (some of whom have left), every queue status, later starts, declined choices
    and 1:3 cycles part-way through."""
    region = make_region(session, kindergartens=KINDERGARTENS, with_accounts=False)
    kg_ids = [kg.id for kg in region.kindergartens]
    parents: list[str] = []
    for _ in range(APPLICATIONS):
        age = rng.choice((1, 2, 2, 3, 3, 3, 4, 5))
        birth = date(2025 - age - 1, 9, 2) + timedelta(days=rng.randrange(365))
        if rng.random() < 0.03:
            birth = date(2025, rng.randrange(1, 9), 1)  # too young for any group this year
        twin_of = bool(parents) and rng.random() < 0.08
        chosen = rng.sample(kg_ids, rng.randint(1, 4))
        status = rng.choices(
            ("queued", "offered", "referred", "stop_listed", "suspended"), (80, 6, 4, 6, 4)
        )[0]
        app = make_application(
            session,
            kindergarten_ids=chosen,
            birth_date=birth,
            category=rng.choices((0, 1, 2), (5, 20, 75))[0],
            # whole days: equal queue times are common and fall back to the id (R9)
            queued_at=T0 - timedelta(days=rng.randrange(40)),
            parent_iin=parents[-1] if twin_of else None,
            status=status,
        )
        parents.append(app.parent_iin)
        if twin_of:
            previous = session.scalars(
                select(Application)
                .where(Application.parent_iin == app.parent_iin, Application.id != app.id)
                .order_by(Application.id.desc())
            ).first()
            assert previous is not None
            batch = previous.batch_id or f"batch-{previous.id}"
            previous.batch_id = app.batch_id = batch
        if status == "stop_listed":  # some still on the stop list, some past it (R19)
            app.stop_until = T0 + timedelta(days=rng.choice((-3, 5)))
        if rng.random() < 0.06:
            app.desired_start = date(2026, 9, 1)  # a later school year, other queues
        if rng.random() < 0.1:  # a declined offer took one choice away (R17)
            declined = session.get(Choice, (app.id, rng.choice(chosen)))
            assert declined is not None
            declined.active = False
        session.flush()
    for n, parent in enumerate(rng.sample(parents, 30)):
        kid = rng.choice(kg_ids)
        session.add(
            Enrollment(
                kindergarten_id=kid,
                group_id=region.groups[(kid, 4)].id,
                child_iin=f"19{n:010d}",
                child_name=f"Старший {n}",
                birth_date=date(2021, 5, 5),
                parent_iin=parent,
                vaccination="complete",
                enrolled_at=T0 - timedelta(days=400),
                left_at=T0 - timedelta(days=10) if n % 5 == 0 else None,
            )
        )
    for kid in kg_ids:
        for age in (1, 2, 3, 4, 5):
            if rng.random() < 0.6:
                session.add(
                    InterleaveTurn(kindergarten_id=kid, age_group=age, turn=rng.randrange(4))
                )
    session.flush()


def _expected(session: Session, app: Application) -> dict[int, int | None]:
    """Each active choice's queue built here from the ORM rows, one kindergarten at a time,
    and numbered by domain.priority alone."""
    ctx = ctx_at()
    active = [c.kindergarten_id for c in sorted(app.choices, key=lambda c: c.rank) if c.active]
    school_year = school_year_of(max(app.desired_start or ctx.today, ctx.today), ctx.policy)
    group = age_group(app.birth_date, school_year, ctx.policy)
    if group is None or app.status not in allocation.QUEUE_STATUSES:
        return dict.fromkeys(active)
    everyone = session.scalars(select(Application)).all()
    siblings = {
        (e.kindergarten_id, e.parent_iin)
        for e in session.scalars(select(Enrollment).where(Enrollment.left_at.is_(None)))
    }
    result: dict[int, int | None] = {}
    for kid in active:
        candidates = [
            Candidate(
                application_id=other.id,
                category=Category(other.category),
                queued_at=other.queued_at,
                sibling_here=(kid, other.parent_iin) in siblings,
                batch_id=other.batch_id,
            )
            for other in everyone
            if other.status in allocation.QUEUE_STATUSES
            and any(c.kindergarten_id == kid and c.active for c in other.choices)
            and age_group(other.birth_date, school_year, ctx.policy) == group
        ]
        turn = session.get(InterleaveTurn, (kid, int(group)))
        state = InterleaveState(turn.turn if turn else 0)
        result[kid] = positions(candidates, state, ctx.policy).get(app.id)
    return result


@pytest.mark.parametrize("seed", [14, 2026])
def test_r14_positions_read_together_equal_each_queue_numbered_alone(
    session_factory: sessionmaker[Session], seed: int
) -> None:
    rng = random.Random(seed)
    with session_factory.begin() as s:
        _random_region(s, rng)
    ctx = ctx_at()
    numbered = 0
    with session_factory() as s:
        apps = s.scalars(select(Application).order_by(Application.id)).all()
        assert len(apps) == APPLICATIONS
        for app in apps:
            shown = allocation.queue_positions(s, ctx, app)
            assert shown == _expected(s, app), f"application {app.id}"
            numbered += sum(n is not None for n in shown.values())
            # the same queues built one kindergarten at a time (public queue, allocation)
            school_year = allocation.school_year_for(ctx, app.desired_start or ctx.today)
            group = age_group(app.birth_date, school_year, ctx.policy)
            if group is None or not shown:
                continue
            pools = allocation.build_pools(
                s, ctx, kindergarten_ids=list(shown), group_age=int(group), school_year=school_year
            )
            for kid, pool in pools.items():
                alone = allocation.build_pool(
                    s, ctx, kindergarten_id=kid, group_age=int(group), school_year=school_year
                )
                assert sorted(pool.candidates, key=lambda c: c.application_id) == sorted(
                    alone.candidates, key=lambda c: c.application_id
                )
                assert pool.applications == alone.applications
    # the region is not degenerate: most applications have numbers, in shared queues
    assert numbered > APPLICATIONS
