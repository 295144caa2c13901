"""Many places published and many offers answered at once, on PostgreSQL.

The invariants that fairness depends on must hold under real concurrency, not by luck:
no place given twice, no applicant with two open offers, and no request failing with a
deadlock or a constraint violation that a user would see as an error.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from server_stub.models import Group, Offer, Place, Referral
from server_stub.services import allocation, offers
from tests.server.factories import T0, add_places, ctx_at, make_application, make_region

THREADS = 8
ROUNDS = 12


@pytest.mark.postgres
@pytest.mark.parametrize("db_dialect", ["postgresql"], indirect=True)
def test_no_place_given_twice_and_one_open_offer_each_under_load(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=4, age_groups=(3,))
        kgs = [kg.id for kg in region.kindergartens]
        groups = [region.groups[(kid, 3)].id for kid in kgs]
        for i in range(60):
            make_application(
                s,
                kindergarten_ids=random.Random(i).sample(kgs, 4),
                queued_at=T0 - timedelta(minutes=600 - i),
                category=1 if i % 5 == 0 else 2,
            )
    ctx = ctx_at(T0 + timedelta(hours=1))
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def publisher(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        for _ in range(ROUNDS):
            gid = rng.choice(groups)
            with session_factory.begin() as s:
                group = s.get(Group, gid)
                assert group is not None
                add_places(s, group, rng.randint(1, 2))
                allocation.allocate(s, ctx, group.kindergarten_id)

    def answerer(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        for _ in range(ROUNDS * 2):
            with session_factory() as s:
                open_ids = s.scalars(select(Offer.id).where(Offer.status == "open")).all()
            if not open_ids:
                continue
            offer_id = rng.choice(open_ids)
            try:
                with session_factory.begin() as s:
                    if rng.random() < 0.5:
                        offers.accept_offer(s, ctx, offer_id)
                    else:
                        offers.decline_offer(s, ctx, offer_id)
            except DomainError as exc:
                # someone else answered it first: a clean refusal, not an error
                assert exc.code == "OFFER_NOT_OPEN"

    def run(target: Callable[[int], None], seed: int) -> None:
        try:
            target(seed)
        except BaseException as exc:
            failures.append(exc)

    threads = [
        threading.Thread(target=run, args=(publisher if n % 2 == 0 else answerer, n))
        for n in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures

    with session_factory() as s:
        per_app = s.execute(
            select(Offer.application_id, func.count())
            .where(Offer.status == "open")
            .group_by(Offer.application_id)
            .having(func.count() > 1)
        ).all()
        assert per_app == []
        holders: dict[int, int] = {}
        for place_id in s.scalars(select(Offer.place_id).where(Offer.status == "open")):
            holders[place_id] = holders.get(place_id, 0) + 1
        for place_id in s.scalars(
            select(Referral.place_id).where(Referral.status.in_(("active", "postponed")))
        ):
            holders[place_id] = holders.get(place_id, 0) + 1
        assert all(n == 1 for n in holders.values())
        taken = s.scalar(select(func.count()).where(Place.status.in_(("offered", "reserved"))))
        assert taken == len(holders)
        published = s.scalar(select(func.count()).select_from(Place))
        assert published and published >= THREADS // 2 * ROUNDS
