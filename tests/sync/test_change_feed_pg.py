"""The change feed under real concurrency, on PostgreSQL (DESIGN.md, "Pull").

The feed's promise is that its order equals commit order, so a reader that advances its
cursor past what it has seen never skips a change committed later with a smaller number.
That is only true because numbers are taken under the kindergarten's FeedHead row lock,
held until commit; these tests make writers linger between taking their numbers and
committing, which is exactly the window where a feed numbered any other way (a sequence,
a counter) lets a reader jump over a change that is not yet visible.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from domain.documents import (
    BirthCertificate,
    DocumentSet,
    EpidCertificate,
    HealthPassport,
    ParentIdDocument,
    Vaccination,
)
from server_stub.models import Account, DocumentCheck, FeedChange, Group, Place
from server_stub.services import desk, feed, offers, sync
from tests.server.factories import add_places, ctx_at, make_application, make_region

WRITERS = 6
ROUNDS = 15
REFERRALS = 4
TODAY = date(2026, 3, 2)
_DAWDLE = "test_dawdle"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("db_dialect", ["postgresql"], indirect=True),
]


@dataclass
class World:
    kg: int
    group: int
    head: int
    referrals: list[tuple[int, DocumentSet]]
    committed: dict[str, set[int]] = field(
        default_factory=lambda: {"place": set(), "document_check": set()}
    )
    lock: threading.Lock = field(default_factory=threading.Lock)


def _world(factory: sessionmaker[Session]) -> World:
    """One kindergarten with a roomy group and families holding live referrals."""
    with factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(3,), capacity=1000)
        kg = region.kindergartens[0]
        group = region.groups[(kg.id, 3)]
        head = s.scalar(select(Account.id).where(Account.login == f"head{kg.id}"))
        assert head is not None
        referrals: list[tuple[int, DocumentSet]] = []
        for _ in range(REFERRALS):
            app = make_application(s, kindergarten_ids=[kg.id])
            result = desk.publish_places(
                s, ctx_at(), kg.id, group_id=group.id, count=1, free_from=TODAY, account_id=head
            )
            (offer,) = result.offers
            referral = offers.accept_offer(s, ctx_at(), offer.offer_id)
            docs = DocumentSet(
                parent_id=ParentIdDocument("N1", app.parent_iin, date(2030, 1, 1)),
                birth_certificate=BirthCertificate("B1", app.child_iin, app.birth_date),
                epid_certificate=EpidCertificate("E1", TODAY),
                health_passport=HealthPassport("H1", Vaccination.COMPLETE),
            )
            referrals.append((referral.id, docs))
        return World(kg.id, group.id, head, referrals)


def _linger_after_numbering(factory: sessionmaker[Session]) -> Callable[[], None]:
    """Make writers wait *after* the feed hook numbered their changes, before COMMIT.

    Registered after the feed's own ``before_commit`` listener, so it runs once the
    numbers are taken and flushed: the widest window for a reader to overtake them.
    """

    def linger(session: Session) -> None:
        rng = session.info.get(_DAWDLE)
        if rng is not None:
            time.sleep(rng.uniform(0, 0.012))

    event.listen(factory, "before_commit", linger)
    return lambda: event.remove(factory, "before_commit", linger)


def _writer(factory: sessionmaker[Session], world: World, seed: int) -> None:
    """Publish places and record document checks, lingering inside each transaction."""
    rng = random.Random(seed)
    for _ in range(ROUNDS):
        with factory.begin() as s:
            s.info[_DAWDLE] = rng
            kind = rng.choice(("places", "places", "publish", "check"))
            if kind == "places":  # no queue lock: these writers really run side by side
                made = add_places(s, s.get_one(Group, world.group), rng.randint(1, 3))
                ids = ("place", {p.id for p in made})
            elif kind == "publish":
                published = desk.publish_places(
                    s,
                    ctx_at(),
                    world.kg,
                    group_id=world.group,
                    count=1,
                    free_from=TODAY,
                    account_id=world.head,
                )
                ids = ("place", {p.id for p in published.places})
            else:
                referral_id, docs = rng.choice(world.referrals)
                before = set(s.scalars(select(DocumentCheck.id)))
                desk.record_document_check(
                    s, ctx_at(), world.kg, referral_id, docs, account_id=world.head
                )
                s.flush()
                ids = ("document_check", set(s.scalars(select(DocumentCheck.id))) - before)
            s.flush()
            time.sleep(rng.uniform(0, 0.008))  # inside the transaction, after the flush
        with world.lock:  # committed: only now does the change exist
            world.committed[ids[0]] |= ids[1]


def _run(
    factory: sessionmaker[Session], world: World, reader: Callable[[threading.Event], Any]
) -> Any:
    done = threading.Event()
    failures: list[BaseException] = []
    found: list[Any] = []

    def guarded(target: Callable[[], Any]) -> None:
        try:
            found.append(target())
        except BaseException as exc:  # reported in the main thread
            failures.append(exc)

    writers = [
        threading.Thread(target=guarded, args=(lambda seed=seed: _writer(factory, world, seed),))
        for seed in range(WRITERS)
    ]
    reading = threading.Thread(target=guarded, args=(lambda: reader(done),))
    remove = _linger_after_numbering(factory)
    try:
        reading.start()
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join(timeout=180)
        done.set()
        reading.join(timeout=60)
    finally:
        remove()
    assert not failures, failures
    return next(f for f in found if f is not None)


def test_concurrent_server_transactions_never_make_a_reader_skip_a_change(
    session_factory: sessionmaker[Session],
) -> None:
    """Change feed: concurrent server transactions never make a reader skip a change.

    Writers commit places and document checks to one kindergarten, lingering between
    taking their feed numbers and committing; a reader pulls ``changes`` from its cursor
    the whole time, in small pages. It must collect exactly 1..N, each once, and see
    every entity that was committed.
    """
    world = _world(session_factory)
    seen: list[tuple[int, str, int]] = []

    def reader(done: threading.Event) -> list[tuple[int, str, int]]:
        rng = random.Random(99)
        cursor = 0
        while True:
            finished = done.is_set()  # read before the pull: a last full drain follows
            with sync.read_session(session_factory) as s:
                page = sync.changes(s, world.kg, cursor, rng.randint(1, 8))
            for change in page.changes:
                assert change.seq > cursor
                seen.append((change.seq, change.entity, change.id))
            cursor = page.cursor
            if finished and not page.more:
                return seen
            if not page.changes:
                time.sleep(0.002)

    _run(session_factory, world, reader)
    with session_factory() as s:
        _, latest = feed.bounds(s, world.kg)
        places = set(s.scalars(select(Place.id).where(Place.kindergarten_id == world.kg)))
        checks = set(s.scalars(select(DocumentCheck.id)))
    seqs = [seq for seq, _, _ in seen]
    assert seqs == list(range(1, latest + 1)), "the reader skipped or repeated a change"
    assert latest > WRITERS * ROUNDS  # every transaction wrote at least one change
    assert {i for _, e, i in seen if e == "place"} == places
    assert {i for _, e, i in seen if e == "document_check"} == checks
    assert world.committed["place"] <= places and world.committed["document_check"] == checks


def test_a_snapshot_cursor_is_never_ahead_of_or_behind_its_rows(
    session_factory: sessionmaker[Session],
) -> None:
    """Snapshot: the cursor is read in the same consistent snapshot as the rows, so under
    concurrent writers each snapshot holds exactly the entities whose changes are at or
    below its cursor: pulling from it misses nothing and the rows hide nothing."""
    world = _world(session_factory)

    def reader(done: threading.Event) -> list[Any]:
        taken = []
        while not done.is_set():
            with sync.read_session(session_factory) as s:
                snap = sync.snapshot(s, world.kg, now=ctx_at().now)
            taken.append(snap)
        return taken

    snapshots = _run(session_factory, world, reader)
    assert len(snapshots) >= 3
    with session_factory() as s:
        first_seq: dict[tuple[str, int], int] = {}
        for change in s.scalars(
            select(FeedChange)
            .where(FeedChange.kindergarten_id == world.kg)
            .order_by(FeedChange.seq)
        ):
            first_seq.setdefault((change.entity, change.entity_id), change.seq)

    def up_to(entity: str, cursor: int) -> set[int]:
        return {i for (e, i), seq in first_seq.items() if e == entity and seq <= cursor}

    cursors = [snap.cursor for snap in snapshots]
    assert cursors == sorted(cursors) and len(set(cursors)) > 1  # taken while writes went on
    for snap in snapshots:
        assert {p.id for p in snap.places} == up_to("place", snap.cursor), snap.cursor
        assert {c.id for c in snap.document_checks} == up_to("document_check", snap.cursor)
