"""The desk's sync over a misbehaving network and server, end to end (DESIGN.md, "Sync").

A real uvicorn server on loopback, the desk's encrypted store, the real engine, and the
fault-injecting transport between them (``faults.py``). Every test runs the same day at
reception (``rig.reception_day``: places published, documents passing and failing, two
enrollments, a child leaving, walk-in families) through one kind of fault, then lets the
faults stop and syncs once more, and compares both sides with a fault-free run of the
same day: the same enrollments, document checks, places, offers and walk-in applications
on the server, the same rows on the desk, an empty outbox: nothing lost, nothing twice.

Retries never sleep for real: the engine's ``sleep`` and ``rng`` are injected (a restart
test uses the desk's backoff as the moment the server comes back).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from desktop.models.tables import Acknowledged, Audit, Outbox
from server_stub.__main__ import main as server_cli
from server_stub.models import ProcessedOp
from server_stub.services import sync as sync_service
from sync import protocol
from sync.client import SyncError
from tests.live import LiveServer, live_server, tls
from tests.sync.faults import Fault, on_path
from tests.sync.rig import (
    DeskRig,
    Region,
    desk_state,
    reception_day,
    seed_region,
    server_state,
)

PUSH = "/api/v1/sync/push"
pytestmark = pytest.mark.usefixtures("cheap_passwords")

State = tuple[dict[str, Any], dict[str, Any]]


@dataclass
class World:
    live: LiveServer
    region: Region
    rig: DeskRig
    ops: int  # what the day left in the outbox

    def settle(self, reference: State) -> None:
        """The faults stop; one more sync; both sides are the fault-free run's."""
        final = self.rig.sync()
        assert final.outcome == "ok", final
        server, desk = reference
        assert server_state(self.live, self.region.kg) == server
        assert desk_state(self.rig.store) == desk
        assert self.rig.local.pending_count() == 0


@contextmanager
def world(database_url: str, tmp_path: Path, **rig_options: Any) -> Iterator[World]:
    """A seeded region, a desk that synced once (its snapshot) and then worked a day
    offline: the day's ops are in its outbox, not yet sent."""
    with live_server(database_url, tmp_path) as live:
        region = seed_region(live)
        rig = DeskRig(live, tmp_path / "desk", region.head, **rig_options)
        try:
            first = rig.sync()
            assert (first.outcome, first.snapshot) == ("ok", True)
            yield World(live, region, rig, reception_day(rig, region))
        finally:
            rig.close()


@pytest.fixture(scope="module")
def reference(cheap_passwords: None, tmp_path_factory: pytest.TempPathFactory) -> State:
    """The fault-free run of the day: the state every faulty run must end in."""
    tmp = tmp_path_factory.mktemp("reference")
    with world(f"sqlite:///{tmp / 'server.db'}", tmp) as w:
        run = w.rig.sync()
        assert (run.outcome, run.pushed, run.applied, run.rejected) == ("ok", w.ops, w.ops, 0)
        server, desk = server_state(w.live, w.region.kg), desk_state(w.rig.store)
    # the day really happened: an enrollment each, checks failing too, a walk-in each
    assert [e for e in server["enrollments"] if e[5]] and server["walk_ins"]
    assert any(not ok for _, _, ok, _, _ in server["document_checks"])
    assert desk["outbox"] == 0 and desk["conflicts"] == []
    return server, desk


def _processed(live: LiveServer) -> int:
    with live.runtime.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(ProcessedOp)) or 0)


# ------------------------------------------------------------------------- lost request


def test_a_lost_request_is_sent_again(database_url: str, tmp_path: Path, reference: State) -> None:
    """Transient failures leave the outbox as it is; retries with backoff (injected)
    re-send it: a push that never reached the server is simply applied on the retry."""
    with world(database_url, tmp_path) as w:
        run = w.rig.sync(on_path("/push", [Fault.LOSE_REQUEST]))
        assert (run.outcome, run.applied, run.duplicates) == ("ok", w.ops, 0)
        assert w.rig.faults_seen() == [(f"POST {PUSH}", "lose_request")]
        assert len(w.rig.sleeps) == 1  # one backoff, and no real waiting
        w.settle(reference)


def test_a_push_that_never_arrives_keeps_the_outbox_and_counts_the_attempt(
    database_url: str, tmp_path: Path, reference: State
) -> None:
    """Transient failures (network) leave the outbox as it is: when every retry is lost
    the run fails SYNC_OFFLINE (recorded in the history), each op of the batch counts
    one unanswered attempt, and the next run sends everything."""
    with world(database_url, tmp_path, attempts=3) as w:
        with pytest.raises(SyncError) as failed:
            w.rig.sync(on_path("/push", [Fault.LOSE_REQUEST] * 3))
        assert failed.value.code == "SYNC_OFFLINE"
        assert w.rig.local.pending_count() == w.ops
        with w.rig.store.read() as s:
            attempts = s.execute(select(Outbox.attempts, Outbox.last_error)).all()
        assert set(attempts) == {(1, "SYNC_OFFLINE")}
        (last,) = w.rig.queries.sync_history(limit=1)
        assert (last.outcome, last.error_code) == ("failed", "SYNC_OFFLINE")
        assert w.rig.local.state().last_error_code == "SYNC_OFFLINE"
        assert _processed(w.live) == 0
        w.settle(reference)


# ----------------------------------------------------------------- lost response, dupes


def test_a_response_lost_after_the_commit_is_answered_duplicate(
    database_url: str, tmp_path: Path, reference: State
) -> None:
    """A replayed op_id returns the stored result: the server committed the push and the
    answer was lost; the retry is answered ``duplicate`` for every op and the change
    happened once."""
    with world(database_url, tmp_path) as w:
        run = w.rig.sync(on_path("/push", [Fault.LOSE_RESPONSE]))
        assert (run.outcome, run.applied, run.duplicates, run.rejected) == ("ok", 0, w.ops, 0)
        assert _processed(w.live) == w.ops
        w.settle(reference)


def test_a_duplicated_delivery_changes_nothing_twice(
    database_url: str, tmp_path: Path, reference: State
) -> None:
    """Push: each op is applied once whatever the network repeats; pull: a page read twice
    is applied by its cursor, so nothing is doubled on either side."""
    with world(database_url, tmp_path, batch_size=4) as w:

        def plan(request: httpx.Request, _n: int) -> Fault | None:
            return Fault.DUPLICATE if request.method in ("POST", "GET") else None

        run = w.rig.sync(plan)
        assert (run.outcome, run.applied, run.duplicates) == ("ok", 0, w.ops)
        assert _processed(w.live) == w.ops
        w.settle(reference)


# ---------------------------------------------------------------------- 500 mid-batch


def test_a_500_after_the_second_of_several_pushes(
    database_url: str, tmp_path: Path, reference: State
) -> None:
    """Transient failures (5xx) leave the outbox as it is: the server applied the second
    batch and the desk got a 500; the batch is re-sent and answered ``duplicate``, the
    batches before and after are untouched, order is kept."""
    with world(database_url, tmp_path, batch_size=3) as w:
        run = w.rig.sync(on_path("/push", [None, Fault.ERROR_AFTER, Fault.ERROR_BEFORE]))
        assert run.outcome == "ok"
        assert (run.pushed, run.applied, run.duplicates) == (w.ops, w.ops - 3, 3)
        assert [f for _, f in w.rig.faults_seen()] == ["error_after", "error_before"]
        w.settle(reference)


def test_a_server_failing_in_the_middle_of_a_batch(
    database_url: str, tmp_path: Path, reference: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Push: a transient failure on the server stops the batch with 503 + Retry-After
    after the ops before it were applied; the desk honours Retry-After (its injected
    sleep is at least the server's 5 s), re-sends the batch in the same order, gets
    ``duplicate`` for the ops already applied and ``applied`` for the rest."""
    real_apply = sync_service._apply
    failures = {"enroll": sync_service.RETRIES}  # the first enroll fails on all retries

    def flaky(*args: Any) -> list[protocol.Change]:
        op = args[4]
        if failures.get(op.kind, 0) > 0:
            failures[op.kind] -= 1
            raise OperationalError("INSERT enrollment", {}, Exception("deadlock detected"))
        return real_apply(*args)

    with world(database_url, tmp_path) as w:
        monkeypatch.setattr(sync_service, "_apply", flaky)
        run = w.rig.sync()
        # the day's fourth op is its first enrollment: three were applied before it
        assert (run.outcome, run.duplicates, run.applied) == ("ok", 3, w.ops - 3)
        assert len(w.rig.sleeps) == 1 and w.rig.sleeps[0] >= 5.0
        w.settle(reference)


# --------------------------------------------------------------------------- slow link


def test_a_slow_link_completes_in_small_batches_and_pages(
    database_url: str, tmp_path: Path, reference: State
) -> None:
    """Pages sized for slow links: every request delayed (a tiny injected delay), ops in
    batches of two and pages of three changes; everything arrives, without a retry."""
    delays: list[float] = []

    def slow() -> None:
        delays.append(0.003)
        time.sleep(0.003)

    with world(database_url, tmp_path, batch_size=2, page_size=3) as w:
        run = w.rig.sync(lambda _request, _n: Fault.SLOW, delay=slow)
        assert (run.outcome, run.applied) == ("ok", w.ops)
        assert w.rig.sleeps == [] and len(delays) >= w.ops // 2 + 3
        w.settle(reference)


# ------------------------------------------------------------------- server restarted


class Outage:
    """The server goes down just before the ``nth`` request to ``path`` is sent, and comes
    back (a new process on the same port and database) when the desk backs off to retry:
    a restart in the middle of a sync, with no real waiting."""

    def __init__(self, live: LiveServer, path: str, nth: int) -> None:
        self.live, self.path, self.nth = live, path, nth
        self.seen = 0
        self.restarts = 0

    def plan(self, request: httpx.Request, _n: int) -> Fault | None:
        if request.url.path.endswith(self.path):
            self.seen += 1
            if self.seen == self.nth:
                self.live.stop()
        return None

    def back(self) -> None:
        if not self.live.running:
            self.live.start()
            self.restarts += 1


class DownAfterCommit(httpx.BaseTransport):
    """The ``nth`` push reaches the server and commits; then the server goes down before
    the desk reads the answer (the answer is lost with it)."""

    def __init__(self, live: LiveServer, nth: int) -> None:
        self.inner = httpx.HTTPTransport(verify=tls())
        self.live, self.nth = live, nth
        self.pushes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path.endswith("/push"):
            self.pushes += 1
            if self.pushes == self.nth:
                response.read()
                self.live.stop()
                raise httpx.ReadError("the server went down before answering", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize(
    ("path", "nth"),
    [("/push", 2), ("/changes", 1)],
    ids=["between-two-pushes", "between-push-and-pull"],
)
def test_a_server_restarted_mid_sync(
    database_url: str, tmp_path: Path, reference: State, path: str, nth: int
) -> None:
    """A crash at any point resumes by re-sending: the server process stops and a new one
    starts on the same database in the middle of a run (between two pushes, or between
    push and pull); the desk's retry reaches the new process and the run completes."""
    with world(database_url, tmp_path, batch_size=3) as w:
        outage = Outage(w.live, path, nth)
        w.rig.on_sleep = outage.back
        run = w.rig.sync(outage.plan)
        assert (run.outcome, run.applied, run.duplicates) == ("ok", w.ops, 0)
        assert outage.restarts == 1
        w.settle(reference)


def test_a_server_going_down_after_committing_a_push(
    database_url: str, tmp_path: Path, reference: State
) -> None:
    """Push before pull; a replayed op_id returns the stored result: the server committed
    the second batch and went down before answering; after its restart the batch is
    answered ``duplicate``, so the change happened once."""
    with world(database_url, tmp_path, batch_size=3) as w:
        down = DownAfterCommit(w.live, nth=2)
        w.rig.on_sleep = lambda: None if w.live.running else w.live.start()
        run = w.rig.sync(inner=down)
        assert (run.outcome, run.applied, run.duplicates) == ("ok", w.ops - 3, 3)
        assert w.live.running and _processed(w.live) == w.ops
        w.settle(reference)


# -------------------------------------------------------------------- server restored


def _backup(db: Path, to: Path) -> None:
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(to)) as target:
        source.backup(target)


def _restore(backup: Path, db: Path) -> Callable[[], None]:
    """The restore procedure of an admin: put the backup back, then ``kezek-server
    restored`` gives the database a new identity (DESIGN.md: a restored server has a new
    server id)."""

    def restore() -> None:
        with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(db)) as target:
            source.backup(target)
        assert server_cli(["restored", "--db", f"sqlite:///{db}"]) == 0

    return restore


def test_a_restored_server_gets_the_recently_acknowledged_ops_again(
    tmp_path: Path, reference: State
) -> None:
    """Meta: a changed server id (a restored server) triggers a snapshot re-download and
    a re-push. The server is restored from a backup taken in the middle of the push (it
    has the first batch, not the rest); its next sync the desk re-sends every op it had
    acknowledged: the first batch is answered ``duplicate`` (processed_ops came back with
    the backup), the rest ``applied``; the end state is the fault-free run's."""
    db = tmp_path / "server.db"
    backup = tmp_path / "backup.db"
    with world(f"sqlite:///{db}", tmp_path, batch_size=4) as w:

        def plan(request: httpx.Request, _n: int) -> Fault | None:
            if request.url.path.endswith("/push") and not backup.exists():
                pushes.append(1)
                if len(pushes) == 2:
                    _backup(db, backup)  # the nightly backup: the first batch only
            return None

        pushes: list[int] = []
        assert w.rig.sync(plan).applied == w.ops
        with w.rig.store.read() as s:
            assert s.scalar(select(func.count()).select_from(Acknowledged)) == w.ops

        w.live.restart(while_down=_restore(backup, db))
        assert _processed(w.live) == 4  # what the backup remembers

        run = w.rig.sync()
        assert (run.outcome, run.snapshot, run.requeued) == ("ok", True, w.ops)
        assert (run.duplicates, run.applied, run.rejected) == (4, w.ops - 4, 0)
        with w.rig.store.read() as s:
            (requeued,) = s.scalars(select(Audit).where(Audit.action == "ops_requeued")).all()
        assert requeued.data == {"count": w.ops}
        server, desk = reference
        assert server_state(w.live, w.region.kg) == server
        assert desk_state(w.rig.store) == desk
        # the next run is an ordinary one: nothing is re-sent again
        again = w.rig.sync()
        assert (again.requeued, again.pushed, again.snapshot) == (0, 0, False)
