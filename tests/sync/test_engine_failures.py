"""How a sync run ends when something other than the network fails (DESIGN.md, "Sync":
sync state is derived from tables; a crash at any point resumes by re-sending).

Whatever stops a run, the store's sync history says how it ended (``failed`` with a reason
code, never "running"), the caller gets a :class:`SyncError` with that code, and the
outbox is as it was. Also: one run per store at a time, across processes, with a lock that
works on Windows as on POSIX.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from desktop.models.store import open_store
from desktop.models.sync_store import ACKNOWLEDGED_KEPT, LocalSyncStore, ResultSummary
from desktop.models.tables import Acknowledged
from domain.errors import DomainError
from sync import protocol
from sync.client import Progress, SyncEngine, SyncError
from tests.desktop.conftest import FAST_KDF, Clock
from tests.live import LiveServer, live_server, tls
from tests.sync.rig import (
    DESK_PASSPHRASE,
    PASSWORD,
    DeskRig,
    Region,
    reception_day,
    seed_region,
    today_at,
)

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("cheap_passwords")


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_url, tmp_path) as server:
        yield server


@pytest.fixture
def region(live: LiveServer) -> Region:
    return seed_region(live)


@pytest.fixture
def rig(live: LiveServer, region: Region, tmp_path: Path) -> Iterator[DeskRig]:
    made = DeskRig(live, tmp_path / "desk", region.head)
    assert made.sync().outcome == "ok"
    yield made
    made.close()


def _outcomes(rig: DeskRig) -> list[tuple[str, str | None]]:
    return [(r.outcome, r.error_code) for r in rig.queries.sync_history()]


class FailingStore(LocalSyncStore):
    """The desk's store, failing once in ``method`` with ``error``."""

    def __init__(self, inner: LocalSyncStore, method: str, error: Exception) -> None:
        super().__init__(inner.store)
        self.method, self.error = method, error

    def _fail(self, method: str) -> None:
        if self.method == method:
            self.method = ""
            raise self.error

    def record_results(
        self, results: list[protocol.OpResult], server_time: datetime
    ) -> ResultSummary:
        self._fail("record_results")
        return super().record_results(results, server_time)

    def apply_page(self, page: protocol.ChangesPage) -> int:
        self._fail("apply_page")
        return super().apply_page(page)


# ------------------------------------------------------------------------ store errors


def test_a_store_error_ends_the_run_failed_with_its_code(rig: DeskRig, region: Region) -> None:
    """A DomainError from the store (here STORE_LOCKED while the push's answers are
    recorded) ends the run ``failed`` with that code in the history, comes out as a
    SyncError of the same code, and leaves the outbox as it was; the next run re-sends
    and the server answers ``duplicate``."""
    ops = reception_day(rig, region)
    rig.engine.store = FailingStore(rig.local, "record_results", DomainError("STORE_LOCKED"))
    with pytest.raises(SyncError) as failed:
        rig.sync()
    assert failed.value.code == "STORE_LOCKED"
    assert isinstance(failed.value.__cause__, DomainError)
    assert _outcomes(rig)[0] == ("failed", "STORE_LOCKED")
    assert rig.local.state().last_error_code == "STORE_LOCKED"
    assert rig.local.pending_count() == ops
    run = rig.sync()
    assert (run.outcome, run.duplicates, run.applied) == ("ok", ops, 0)
    assert rig.local.pending_count() == 0
    assert all(outcome != "running" for outcome, _ in _outcomes(rig))


def test_a_really_locked_store_is_store_locked_not_a_traceback(
    live: LiveServer, region: Region, tmp_path: Path
) -> None:
    """The real thing: another program holds the store's write lock longer than the busy
    timeout; the run ends with SyncError STORE_LOCKED and, once the lock is gone, the
    history shows no run left "running"."""
    home = tmp_path / "desk"
    rig = DeskRig(live, home, region.head)
    rig.sync()
    ops = reception_day(rig, region)
    rig.close()
    clock = Clock(live.clock.now())
    options: dict[str, Any] = {
        "home": home,
        "clock": clock,
        "passphrase": lambda _r: DESK_PASSPHRASE,
        "kdf": FAST_KDF,
    }
    store = open_store("desk", busy_timeout_ms=150, **options)
    other = open_store("desk", **options)
    try:
        engine = SyncEngine(
            store=LocalSyncStore(store),
            base_url=live.base_url,
            token=lambda: store.load_token() or "",
            sleep=lambda _s: None,
        )
        with other.write(), pytest.raises(SyncError) as failed:
            engine.sync()
        assert failed.value.code == "STORE_LOCKED"
        assert LocalSyncStore(store).pending_count() == ops
        history = {(run.outcome, run.error_code) for run in _history(store)}
        assert ("running", None) not in history
        assert engine.sync().outcome == "ok"  # the lock gone, the same engine goes on
    finally:
        store.close()
        other.close()


def _history(store: Any) -> list[Any]:
    from desktop.models.queries import DeskQueries

    return DeskQueries(store).sync_history()


def test_a_desk_that_never_signed_in_fails_before_any_request(
    live: LiveServer, tmp_path: Path
) -> None:
    """DESK_NOT_REGISTERED comes from the store before the network is touched, and the
    run is recorded as failed with it."""
    store = open_store(
        "fresh",
        home=tmp_path,
        mode="passphrase",
        passphrase=lambda _r: DESK_PASSPHRASE,
        kdf=FAST_KDF,
    )
    requests: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        requests.append(request.url.path)
        return httpx.Response(500)

    try:
        engine = SyncEngine(
            store=LocalSyncStore(store),
            base_url=live.base_url,
            token=lambda: "",
            transport=httpx.MockTransport(refuse),
        )
        with pytest.raises(SyncError) as failed:
            engine.sync()
        assert failed.value.code == "DESK_NOT_REGISTERED" and requests == []
        assert [(r.outcome, r.error_code) for r in _history(store)] == [
            ("failed", "DESK_NOT_REGISTERED")
        ]
    finally:
        store.close()


class Mangle(httpx.BaseTransport):
    """The real server's answers, with one kind of answer rewritten."""

    def __init__(self, path: str, rewrite: Any) -> None:
        self.inner = httpx.HTTPTransport(verify=tls())
        self.path, self.rewrite = path, rewrite

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not request.url.path.endswith(self.path):
            return response
        body = json.loads(response.read())
        return httpx.Response(response.status_code, json=self.rewrite(body), request=request)

    def close(self) -> None:
        self.inner.close()


def test_a_page_the_desk_cannot_read_fails_the_run_and_keeps_the_cursor(
    rig: DeskRig, region: Region
) -> None:
    """Pull: a page with a row the contract does not allow is SYNC_DATA_INVALID from the
    store: the page is refused whole, the cursor stays, the run is recorded as failed;
    the next run reads the page again."""
    rig.desk.publish_places(region.group, 1, rig.clock().date())
    before = rig.local.state().cursor

    def corrupt(page: dict[str, Any]) -> dict[str, Any]:
        for change in page["changes"]:
            if change["entity"] == "place" and change["row"]:
                change["row"]["status"] = "teleported"
        return page

    with pytest.raises(SyncError) as failed:
        rig.sync(inner=Mangle("/changes", corrupt))
    assert failed.value.code == "SYNC_DATA_INVALID"
    assert rig.local.state().cursor == before
    assert _outcomes(rig)[0] == ("failed", "SYNC_DATA_INVALID")
    assert rig.sync().outcome == "ok" and rig.local.state().cursor > before


def test_an_answer_that_is_not_the_protocol_is_sync_protocol(rig: DeskRig) -> None:
    """A 200 whose body is not the protocol's type is SYNC_PROTOCOL (recorded), never a
    validation traceback (whose text would quote the data)."""
    with pytest.raises(SyncError) as failed:
        rig.sync(inner=Mangle("/meta", lambda _body: {"server": "someone else"}))
    assert failed.value.code == "SYNC_PROTOCOL"
    assert _outcomes(rig)[0] == ("failed", "SYNC_PROTOCOL")


def test_an_unforeseen_error_is_recorded_as_sync_internal(rig: DeskRig, region: Region) -> None:
    """A bug (any other exception) still ends the run ``failed`` (SYNC_INTERNAL) in the
    history, and the caller gets a SyncError whose cause is the original."""
    rig.desk.publish_places(region.group, 1, rig.clock().date())
    rig.engine.store = FailingStore(rig.local, "apply_page", RuntimeError("boom"))
    with pytest.raises(SyncError) as failed:
        rig.sync()
    assert failed.value.code == "SYNC_INTERNAL"
    assert isinstance(failed.value.__cause__, RuntimeError)
    assert _outcomes(rig)[0] == ("failed", "SYNC_INTERNAL")


def test_another_kindergartens_token_pushes_nothing(
    live: LiveServer, region: Region, rig: DeskRig
) -> None:
    """A desk acts only on its own kindergarten: a token of another kindergarten's account
    (a mistaken sign-in) is found out from meta, before the outbox is sent."""
    ops = reception_day(rig, region)
    rig.engine.token = lambda: live.desk_token(f"head{region.other}", PASSWORD)
    with pytest.raises(SyncError) as failed:
        rig.sync()
    assert failed.value.code == "SYNC_KINDERGARTEN_MISMATCH"
    assert rig.local.pending_count() == ops
    assert [where for where, _ in rig.transport.log] == ["GET /api/v1/sync/meta"]  # type: ignore[union-attr]


def test_acknowledged_ops_are_kept_for_a_bounded_time(rig: DeskRig, region: Region) -> None:
    """Meta: a restored server gets the recently acknowledged ops again; "recently" is
    the store's window (two weeks): older acknowledgements are dropped (they hold
    families' data, R30), newer ones are requeued in their original order."""
    ops = reception_day(rig, region)
    assert rig.sync().applied == ops
    with rig.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Acknowledged)) == ops
    rig.clock.advance(ACKNOWLEDGED_KEPT + timedelta(hours=1))
    rig.desk.publish_places(region.group, 1, rig.clock().date())
    assert rig.sync().applied == 1  # recording this answer drops the old ones
    with rig.store.read() as s:
        assert s.scalars(select(Acknowledged.kind)).all() == ["publish_places"]
    assert rig.local.requeue_acknowledged() == 1
    (waiting,) = rig.queries.pending_changes()
    assert waiting.kind == "publish_places"
    with rig.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Acknowledged)) == 0
    run = rig.sync()  # the same server: the re-sent op is a harmless duplicate
    assert (run.pushed, run.duplicates, run.applied) == (1, 1, 0)


# ------------------------------------------------------------------------- single flight


def _second_engine(rig: DeskRig) -> SyncEngine:
    return SyncEngine(
        store=rig.local,
        base_url=rig.live.base_url,
        token=lambda: rig.store.load_token() or "",
        lock_path=rig.engine.lock_path,
    )


def test_one_run_at_a_time_across_engines(rig: DeskRig) -> None:
    """Only one run per store at a time: a second engine (the window and a scheduled
    ``python -m desktop sync`` each have one) is refused with SYNC_RUNNING while the first
    runs, and runs once it is done."""
    other = _second_engine(rig)
    refused: list[str] = []

    def progress(step: Progress) -> None:
        if step.phase == "meta":
            with pytest.raises(SyncError) as running:
                other.sync()
            refused.append(running.value.code)

    rig.engine.transport = None
    assert rig.engine.sync(progress=progress).outcome == "ok"
    assert refused == ["SYNC_RUNNING"]
    assert other.sync().outcome == "ok"


class FakeMsvcrt(types.ModuleType):
    """Windows' byte-range locks, as ``msvcrt.locking`` behaves, for a test on POSIX."""

    LK_UNLCK = 0
    LK_NBLCK = 2

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[int, int] = {}  # inode -> the descriptor holding it
        self.calls: list[int] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        assert nbytes == 1
        self.calls.append(mode)
        inode = os.fstat(fd).st_ino
        if mode == self.LK_UNLCK:
            if self.held.get(inode) == fd:
                del self.held[inode]
            return
        if self.held.get(inode, fd) != fd:
            raise PermissionError(13, "Permission denied")
        self.held[inode] = fd


def test_the_run_lock_the_windows_way(rig: DeskRig, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cross-process lock on Windows is ``msvcrt.locking`` (there is no fcntl there):
    a second engine is refused while the first holds it, and it is released after."""
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setitem(sys.modules, "fcntl", None)  # importing it would fail, as on Windows
    monkeypatch.setattr(sys, "platform", "win32")
    other = _second_engine(rig)
    with rig.engine._single_flight():
        with pytest.raises(SyncError) as running, other._single_flight():
            pass
        assert running.value.code == "SYNC_RUNNING"
        assert len(fake.held) == 1
    assert fake.held == {}
    with other._single_flight():
        assert len(fake.held) == 1
    assert fake.held == {} and fake.calls.count(FakeMsvcrt.LK_NBLCK) == 3


def test_the_engine_imports_where_there_is_no_fcntl() -> None:
    """``import sync.client`` must work on the reception PCs (Windows): no POSIX-only
    module is imported at the top."""
    code = "import sys; sys.modules['fcntl'] = None; import sync.client; print('ok')"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


# ------------------------------------------------------------------- protocol version


class FutureServer(httpx.BaseTransport):
    """The real server, upgraded in the meantime: its meta speaks only a later protocol."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport(verify=tls())
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        response = self.inner.handle_request(request)
        response.read()
        if not request.url.path.endswith("/meta"):
            return response
        meta = json.loads(response.content)
        meta["protocol_versions"] = [protocol.PROTOCOL_VERSION + 1]
        return httpx.Response(200, json=meta, request=request)


def test_a_desk_too_old_for_the_server_is_told_to_update_and_keeps_working(
    rig: DeskRig, region: Region
) -> None:
    """Meta (DESIGN.md: "a client outside the supported versions is told to update and
    keeps working offline"): nothing is pushed in a protocol the server no longer speaks,
    the outbox stays whole, the reason is in the history, and work goes on offline."""
    ops = reception_day(rig, region)
    future = FutureServer()
    with pytest.raises(SyncError) as failed:
        rig.sync(inner=future)
    assert failed.value.code == "SYNC_UPDATE_REQUIRED"
    assert [p.rsplit("/", 1)[-1] for p in future.paths] == ["meta"]
    assert _outcomes(rig)[0] == ("failed", "SYNC_UPDATE_REQUIRED")
    assert rig.local.pending_count() == ops
    rig.desk.publish_places(region.group, 1, today_at(rig.clock()))
    assert rig.local.pending_count() == ops + 1
