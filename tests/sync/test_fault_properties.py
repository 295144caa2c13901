"""Property: whatever faults hit whichever requests, once they stop and the desk syncs once
more, the server and the desk are exactly where a fault-free run of the same work leaves
them, and the outbox is empty (DESIGN.md, "Sync": the transactional outbox, push before
pull, each op applied once whatever is replayed, transient failures leave the outbox as
it is, a crash at any point resumes by re-sending; nothing dropped, nothing twice).

Hypothesis draws a program: desk operations on a seeded region (places published,
document checks passing and failing, enrollments, children leaving, walk-in families)
interleaved with syncs, each sync with random faults on random requests (lost requests,
answers lost after the server committed, duplicated deliveries, 500s before and after the
work, slow answers). The same program runs fault-free on a fresh server with the same
seed, and the two ends are compared by stable projections (counts and business keys,
never ids).

Why the two runs can be compared at all: what the desk accepts offline does not depend on
how far its syncs got (its own pending work counts as done), so both runs record the same
ops in the same order, and the server, whose clock stands still, decides the same way when
they arrive in that order. The test checks that premise too: both runs must accept and
refuse the same operations.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import DomainError
from sync.client import SyncError
from tests.live import live_server
from tests.sync.faults import Fault, script
from tests.sync.rig import (
    DeskRig,
    Region,
    desk_state,
    documents,
    seed_region,
    server_state,
    today_at,
    walk_in,
)

pytestmark = pytest.mark.usefixtures("cheap_passwords")

REFERRALS = 3
ENROLLMENTS = 2
FAULTS = [None, None, *Fault]  # about a third of the requests go through untouched

Step = tuple[Any, ...]

steps: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("publish"), st.integers(1, 2)),
    st.tuples(st.just("check"), st.integers(0, REFERRALS - 1), st.booleans()),
    st.tuples(st.just("enroll"), st.integers(0, REFERRALS - 1)),
    st.tuples(st.just("leave"), st.integers(0, ENROLLMENTS - 1)),
    st.tuples(st.just("walk_in")),
    st.tuples(st.just("sync"), st.lists(st.sampled_from(FAULTS), max_size=6)),
)


def _perform(rig: DeskRig, region: Region, step: Step, walk_ins: list[int]) -> str:
    """Do one desk operation; what the desk said (``ok`` or the refusal's code)."""
    today = today_at(rig.clock())
    kind = step[0]
    try:
        if kind == "publish":
            rig.desk.publish_places(region.group, step[1], today)
        elif kind == "check":
            family = region.families[step[1]]
            rig.desk.record_document_check(
                family.referral_id, documents(family, today, passing=step[2])
            )
        elif kind == "enroll":
            rig.desk.enroll(region.families[step[1]].referral_id)
        elif kind == "leave":
            rig.desk.record_leave(region.enrollments[step[1]], None, "moved away")
        else:
            rig.desk.register_walk_in(**walk_in(len(walk_ins), region.kg))
            walk_ins.append(1)
    except DomainError as refused:
        return refused.code
    return "ok"


def _run(program: list[Step], work: Path, *, faults: bool) -> tuple[Any, ...]:
    """The program on a fresh server; (what the desk said to each operation, the server's
    state, the desk's state). Fault-free, the syncs in between are skipped: what the desk
    accepts does not depend on them, and the final sync sends everything."""
    with live_server(f"sqlite:///{work / 'server.db'}", work) as live:
        region = seed_region(
            live, referrals=REFERRALS, enrollments=ENROLLMENTS, waiting=2, capacity=60
        )
        rig = DeskRig(live, work / "desk", region.head, batch_size=3, page_size=7, attempts=3)
        try:
            assert rig.sync().outcome == "ok"
            said: list[str] = []
            walk_ins: list[int] = []
            for step in program:
                if step[0] != "sync":
                    said.append(_perform(rig, region, step, walk_ins))
                elif faults:
                    plan = script({n: f for n, f in enumerate(step[1]) if f is not None})
                    try:
                        rig.sync(plan)
                    except SyncError as exc:
                        assert exc.code == "SYNC_OFFLINE", exc.code  # only the network failed
            final = rig.sync()  # the faults have stopped
            assert final.outcome == "ok"
            return said, server_state(live, region.kg), desk_state(rig.store)
        finally:
            rig.close()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(program=st.lists(steps, min_size=1, max_size=10))
def test_any_faults_end_where_a_fault_free_run_ends(program: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as faulty, tempfile.TemporaryDirectory() as clean:
        said, server, desk = _run(program, Path(faulty), faults=True)
        expected_said, expected_server, expected_desk = _run(program, Path(clean), faults=False)
    assert said == expected_said  # the premise: the same ops were recorded
    assert server == expected_server
    assert desk == expected_desk
    assert desk["outbox"] == 0 and desk["pending_marks"] == 0
    processed = sum(n for (_kind, _status), n in server["processed_ops"])
    assert processed == said.count("ok")  # every op recorded reached the server, once
