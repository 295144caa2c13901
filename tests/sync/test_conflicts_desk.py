"""Conflicts end to end: what the desk did offline meets a server whose state moved on
(DESIGN.md, "Sync": intent commands, not row overwrites; "if the referral lapsed or the
place went elsewhere while the desk was offline, the op is rejected with a reason and the
desk shows it in a conflicts list. Nothing the desk recorded is ever silently dropped.")

Through the real engine, the desk's encrypted store and a live server, on SQLite and
PostgreSQL; two desks of one kindergarten racing each other on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from server_stub.models import Enrollment, Place, Referral
from server_stub.services import allocation
from sync.client import Progress, SyncError, SyncSummary
from tests.live import LiveServer, live_server
from tests.server.factories import ctx_at
from tests.sync.rig import SECOND_HEAD, DeskRig, documents, seed_region, today_at
from tests.sync.test_server_sync import queued

pytestmark = pytest.mark.usefixtures("cheap_passwords")


@pytest.fixture
def live(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(database_url, tmp_path) as server:
        yield server


@pytest.mark.parametrize("deadlines_ran", [True, False], ids=["lapsed", "expired"])
def test_enrolling_on_a_referral_that_lapsed_while_offline(
    live: LiveServer, tmp_path: Path, deadlines_ran: bool
) -> None:
    """The desk enrolls a child offline on a referral its clock says is live; meanwhile
    the referral's five working days run out on the server (and, in the "lapsed" case,
    its scheduler lapses it and offers the place to the next family). At the next sync
    the enrollment is refused (REFERRAL_NOT_ACTIVE, or REFERRAL_LAPSED before the
    scheduler ran) and the desk shows a conflict with the op and the server's referral
    row; its own enrollment gives way, the referral shows lapsed, nothing is dropped."""
    region = seed_region(live, referrals=1, waiting=1, enrollments=0)
    (family,) = region.families
    rig = DeskRig(live, tmp_path / "desk", region.head)
    try:
        rig.sync()
        today = today_at(rig.clock())
        assert rig.desk.record_document_check(
            family.referral_id, documents(family, today)
        ).all_passed
        rig.sync()
        # offline from here: the enrollment is recorded on the desk
        enrolled = rig.desk.enroll(family.referral_id)
        assert [c.id for c in rig.queries.children().items] == [enrolled.enrollment_id]
        with live.runtime.session_factory() as s:
            expires = s.get_one(Referral, family.referral_id).expires_at
        live.clock.set(expires + timedelta(hours=1))
        if deadlines_ran:
            assert live.runtime.run_deadlines()["referrals_lapsed"] == 1
        rig.clock.moment = live.clock.now()  # the desk comes back days later

        run = rig.sync()  # its token expired meanwhile: the engine signs in again
        assert (run.outcome, run.pushed, run.applied, run.rejected) == ("ok", 1, 0, 1)
        (conflict,) = rig.queries.conflicts()
        code = "REFERRAL_NOT_ACTIVE" if deadlines_ran else "REFERRAL_LAPSED"
        assert (conflict.kind, conflict.code) == ("enroll", code)
        assert conflict.payload["op"]["referral_id"] == family.referral_id
        assert conflict.message and code not in conflict.message  # a sentence, in Russian
        (server_row,) = [r for r in conflict.server_rows if r["entity"] == "referral"]
        assert server_row["id"] == family.referral_id
        assert server_row["row"]["status"] == ("lapsed" if deadlines_ran else "active")
        assert server_row["row"]["expires_at"] <= live.clock.now().isoformat()
        assert rig.queries.children().items == []  # the desk's enrollment gave way
        assert rig.local.pending_count() == 0
        with live.runtime.session_factory() as s:
            assert s.scalars(select(Enrollment)).all() == []

        if not deadlines_ran:  # the scheduler runs later; the feed tells the desk
            assert live.runtime.run_deadlines()["referrals_lapsed"] == 1
            rig.sync()
        assert rig.queries.referral(family.referral_id).status == "lapsed"
        # the place went on to the next family (R19), and the desk knows it
        (place,) = [p for p in rig.queries.places() if p.id > 0]
        assert place.status == "offered"
        # the conflict stays until someone deals with it, and then stays on record
        rig.desk.resolve_conflict(conflict.id, "called the family: the referral lapsed")
        assert rig.queries.conflicts() == []
        (kept,) = rig.queries.conflicts(include_resolved=True)
        assert kept.resolved_at is not None and kept.payload == conflict.payload
    finally:
        rig.close()


def test_withdrawing_a_place_that_was_offered_meanwhile(live: LiveServer, tmp_path: Path) -> None:
    """The desk withdraws a free place offline; meanwhile a family applies and the server
    offers it the place. The withdrawal is refused (PLACE_ALREADY_OFFERED) with the
    place's row; the desk shows the conflict and the place as the server has it."""
    region = seed_region(live, referrals=0, waiting=0, enrollments=0)
    rig = DeskRig(live, tmp_path / "desk", region.head)
    try:
        rig.sync()
        rig.desk.publish_places(region.group, 1, today_at(rig.clock()))
        rig.sync()
        (place,) = rig.queries.places()
        assert (place.status, place.pending) == ("free", False)  # nobody was waiting
        # offline: the head takes the place back
        assert rig.desk.withdraw_place(place.id).place.status == "withdrawn"
        # meanwhile a family applies and the engine offers it the place at once
        queued(live, region.kg)
        with live.runtime.session_factory.begin() as s:
            assert len(allocation.allocate(s, ctx_at(live.clock.now()), region.kg)) == 1

        run = rig.sync()
        assert (run.outcome, run.applied, run.rejected) == ("ok", 0, 1)
        (conflict,) = rig.queries.conflicts()
        assert (conflict.kind, conflict.code) == ("withdraw_place", "PLACE_ALREADY_OFFERED")
        assert conflict.payload["op"]["place_id"] == place.id
        assert [(r["entity"], r["id"], r["row"]["status"]) for r in conflict.server_rows] == [
            ("place", place.id, "offered")
        ]
        (now,) = rig.queries.places()
        assert (now.id, now.status, now.pending) == (place.id, "offered", False)
        with live.runtime.session_factory() as s:
            assert s.get_one(Place, place.id).status == "offered"
    finally:
        rig.close()


def _at_once(*rigs: DeskRig) -> list[SyncSummary | SyncError]:
    """Sync the desks from threads of their own, their pushes released together."""
    start = threading.Barrier(len(rigs), timeout=60)
    results: list[SyncSummary | SyncError] = [SyncError("NOT_RUN") for _ in rigs]
    errors: list[BaseException] = []

    def run(index: int, rig: DeskRig) -> None:
        def progress(step: Progress) -> None:
            if step.phase == "push" and step.done == 0:
                start.wait()

        try:
            rig.engine.transport = None
            results[index] = rig.engine.sync(progress=progress)
        except SyncError as exc:
            results[index] = exc
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, rig)) for i, rig in enumerate(rigs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.parametrize(
    "db_dialect", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_desks_enroll_the_same_children_at_once(live: LiveServer, tmp_path: Path) -> None:
    """Two desks of one kindergarten (the head's and a second head's, two profiles) both
    enroll the same two children offline and sync at the same moment, on PostgreSQL with
    real parallel transactions. Each child is enrolled once: one desk's op is applied,
    the other's is a visible conflict (REFERRAL_NOT_ACTIVE, the winner's row); after one
    more sync both desks show the same two children, each once."""
    region = seed_region(live, referrals=2, waiting=0, enrollments=0)
    one = DeskRig(live, tmp_path / "desks", region.head, profile="reception")
    two = DeskRig(live, tmp_path / "desks", SECOND_HEAD, profile="office")
    try:
        one.sync()
        today = today_at(one.clock())
        for family in region.families:
            one.desk.record_document_check(family.referral_id, documents(family, today))
        one.sync()
        two.sync()  # both desks know the checks passed
        ids = [f.referral_id for f in region.families]
        for referral_id in ids:
            one.desk.enroll(referral_id)
        for referral_id in reversed(ids):
            two.desk.enroll(referral_id)

        runs = _at_once(one, two)
        assert all(isinstance(r, SyncSummary) for r in runs), runs
        summaries = [r for r in runs if isinstance(r, SyncSummary)]
        assert sum(r.applied for r in summaries) == 2
        assert sum(r.rejected for r in summaries) == 2
        for rig in (one, two):
            rig.sync()  # each learns the other's enrollments from the feed
        conflicts = one.queries.conflicts() + two.queries.conflicts()
        assert sorted(c.payload["op"]["referral_id"] for c in conflicts) == sorted(ids)
        for conflict in conflicts:
            assert (conflict.kind, conflict.code) == ("enroll", "REFERRAL_NOT_ACTIVE")
            (row,) = [r for r in conflict.server_rows if r["entity"] == "referral"]
            assert row["row"]["status"] == "enrolled"
        with live.runtime.session_factory() as s:
            enrolled = s.scalars(select(Enrollment.referral_id)).all()
        assert sorted(enrolled) == sorted(ids)  # type: ignore[type-var]
        for rig in (one, two):
            children = rig.queries.children().items
            assert sorted(c.child_iin for c in children) == sorted(
                f.child_iin for f in region.families
            )
            assert all(c.id > 0 and not c.pending for c in children)
            assert {rig.queries.referral(r).status for r in ids} == {"enrolled"}
            assert rig.local.pending_count() == 0
    finally:
        one.close()
        two.close()
