"""Publishing at once (``bench/crowd.py``), on both databases: publisher processes of
their own, all publishing into one small demo region. What is checked is what the
benchmark claims, never its timings: every publish is accounted for, none fails, and
the offers it counts are the ones the database holds."""

from __future__ import annotations

import random
import time
from dataclasses import replace

from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select

from bench.__main__ import DEFAULT_NOW
from bench.crowd import START_SECONDS, run_crowd
from bench.scratch import EngineSpec
from bench.workloads import PublishTarget, bench_ctx, publish_targets
from server_stub.demo import generate
from server_stub.models import Offer, Place
from server_stub.runtime import session_factory_for


def _region(engine: Engine, count: int) -> list[PublishTarget]:
    generate(
        engine,
        kindergartens=12,
        applications=1_500,
        seed=7,
        now=DEFAULT_NOW,
        password_hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )
    factory = session_factory_for(engine)
    return publish_targets(factory, bench_ctx(DEFAULT_NOW), count, random.Random(3))


def test_publishers_at_once_lose_nothing_and_fail_nothing(
    engine: Engine, database_url: str
) -> None:
    targets = _region(engine, 15)
    factory = session_factory_for(engine)
    with factory() as session:
        places_before = session.scalar(select(func.count()).select_from(Place))
        offers_before = session.scalar(select(func.count()).select_from(Offer))

    crowd = run_crowd(EngineSpec(database_url), DEFAULT_NOW, targets, publishers=3)

    assert crowd.errors == {}
    assert crowd.publishes == crowd.latency.n == 12  # 15, less each publisher's warm-up
    with factory() as session:
        places = session.scalar(select(func.count()).select_from(Place))
        offers = session.scalar(select(func.count()).select_from(Offer))
    assert places == places_before + 15  # every publish, warm-ups too, left its place
    # the measured publishes' offers are among the ones made; the warm-ups made up to 3
    assert crowd.offers <= offers - offers_before <= crowd.offers + 3
    assert crowd.offers >= 1
    assert crowd.wall_seconds > 0 and crowd.per_second > 0
    assert crowd.lock_wait.n == 12


def test_a_failing_publisher_is_counted_and_nobody_waits_for_it(
    engine: Engine, database_url: str
) -> None:
    """A publish that fails is an error in the report, never a silent gap; a publisher
    that cannot start stops the others waiting for it at the start line (they would wait
    five minutes) and every publish it owed is counted."""
    targets = _region(engine, 9)
    nowhere = replace(targets[4], group_id=999_999)  # no such group: the INSERT fails

    crowd = run_crowd(
        EngineSpec(database_url), DEFAULT_NOW, [*targets[:4], nowhere, *targets[5:]], 3
    )
    assert crowd.errors == {"IntegrityError": 1}  # publisher 1's second publish
    assert crowd.latency.n == 5 and crowd.publishes == 6

    started = time.monotonic()
    crowd = run_crowd(EngineSpec(database_url), DEFAULT_NOW, [nowhere, *targets[1:]], 3)
    assert time.monotonic() - started < START_SECONDS / 2
    assert crowd.latency.n == 0 and crowd.publishes == 6
    assert crowd.errors == {
        "not started (IntegrityError)": 2,  # the publisher whose warm-up failed
        "not started (BrokenBarrierError)": 4,  # the two it let go
    }
