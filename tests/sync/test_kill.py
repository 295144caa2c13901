"""A desk process killed in the middle of a sync, and started again (DESIGN.md, "Sync":
"Sync state is derived from tables (outbox rows, cursor), never from a flag in memory; a
crash at any point resumes by re-sending").

The desk works a busy day offline (three dozen ops); a separate process
(``desk_process.py``: the real store, engine and network, in small batches and pages)
syncs it against a live server that answers a little slowly, and is killed with SIGKILL
at a chosen point of the sync plus a random few milliseconds: inside the first batch,
halfway through the outbox, twice in a row, while pulling. Each time the store must open
again with no more unsent work than before. Then the real ``python -m desktop sync``
finishes the job, and both sides must be exactly where an uninterrupted run of the same
day ends: nothing lost, nothing applied twice, the outbox empty.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import PASSPHRASE_ENV
from desktop.models.store import open_store
from desktop.models.sync_store import LocalSyncStore
from tests.desktop.conftest import Clock
from tests.live import LiveServer, live_server
from tests.sync.rig import (
    DESK_PASSPHRASE,
    DeskRig,
    Region,
    desk_state,
    reception_day,
    seed_region,
    server_state,
)

REPO = Path(__file__).resolve().parents[2]
WALK_INS = 24  # with the rest of the day: 35 ops, nine batches of four
REQUEST_DELAY = 0.02  # every request takes 20 ms more: kills land inside requests too
PROFILE = "desk"

pytestmark = [
    pytest.mark.usefixtures("cheap_passwords"),
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

State = tuple[dict[str, Any], dict[str, Any]]


def _busy_day(live: LiveServer, home: Path) -> tuple[Region, int]:
    """A seeded region and a desk that synced once, then recorded the day offline."""
    region = seed_region(live)
    rig = DeskRig(live, home, region.head)
    try:
        assert rig.sync().outcome == "ok"
        return region, reception_day(rig, region, walk_ins=WALK_INS)
    finally:
        rig.close()


@pytest.fixture(scope="module")
def reference(cheap_passwords: None, tmp_path_factory: pytest.TempPathFactory) -> State:
    """The same day synced without interruption."""
    tmp = tmp_path_factory.mktemp("reference")
    with live_server(f"sqlite:///{tmp / 'server.db'}", tmp) as live:
        region = seed_region(live)
        rig = DeskRig(live, tmp / "desk", region.head)
        try:
            rig.sync()
            ops = reception_day(rig, region, walk_ins=WALK_INS)
            run = rig.sync()
            assert (run.outcome, run.applied) == ("ok", ops)
            return server_state(live, region.kg), desk_state(rig.store)
        finally:
            rig.close()


class _opened:
    """The desk's store, opened in the test process (the killed one is gone)."""

    def __init__(self, home: Path, live: LiveServer) -> None:
        self.home, self.live = home, live

    def __enter__(self) -> LocalSyncStore:
        store = open_store(
            PROFILE,
            home=self.home,
            clock=Clock(self.live.clock.now()),
            passphrase=lambda _r: DESK_PASSPHRASE,
        )
        self.local = LocalSyncStore(store)
        return self.local

    def __exit__(self, *_exc: object) -> None:
        self.local.store.close()


def _env() -> dict[str, str]:
    return {**os.environ, PASSPHRASE_ENV: DESK_PASSPHRASE, "KEZEK_LANG": "en"}


def _kill_at(home: Path, phase: str, nth: int, delay: float) -> tuple[bool, str]:
    """Start a desk process and SIGKILL it ``delay`` seconds after its ``nth`` progress
    line of ``phase``; (whether it was killed there, what it printed)."""
    command = ["-m", "tests.sync.desk_process", "--home", str(home), "--profile", PROFILE]
    proc = subprocess.Popen(
        [sys.executable, *command],
        cwd=REPO,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    printed: list[str] = []
    try:
        assert proc.stdout is not None
        seen = 0
        for line in proc.stdout:
            printed.append(line)
            if line.split()[:1] == [phase]:
                seen += 1
                if seen == nth:
                    time.sleep(delay)
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait(timeout=60)
    finally:
        watchdog.cancel()
    return proc.returncode == -signal.SIGKILL, "".join(printed)


KILLS = {
    "in-the-first-batch": [("push", 1)],
    "halfway-through-the-outbox": [("push", 9)],
    "twice-in-a-row": [("push", 4), ("push", 2)],
    "while-pulling": [("pull", 2)],
}


@pytest.mark.parametrize("kills", list(KILLS.values()), ids=list(KILLS))
def test_a_desk_killed_mid_sync_ends_where_an_uninterrupted_one_does(
    kills: list[tuple[str, int]], tmp_path: Path, reference: State
) -> None:
    rng = random.Random(repr(kills))
    home = tmp_path / "desk"
    with live_server(
        f"sqlite:///{tmp_path / 'server.db'}", tmp_path, request_delay=REQUEST_DELAY
    ) as live:
        region, ops = _busy_day(live, home)
        pending = ops
        for phase, nth in kills:
            killed, printed = _kill_at(home, phase, nth, rng.uniform(0, 0.05))
            assert killed, f"the sync ended before the kill point:\n{printed}"
            with _opened(home, live) as local:  # the store opens again, intact
                left = local.pending_count()
                assert left <= pending, "a kill must never bring unsent work back"
                # it died mid-sync: pushing, work was still unsent; pulling, none was
                assert (left > 0) if phase == "push" else (left == 0), printed
                pending = left
                desk_state(local.store)
        # started again: the real headless command finishes the job
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "sync", "--home", str(home), "--profile", PROFILE],
            cwd=REPO,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Sync done" in done.stdout
        server, desk = reference
        assert server_state(live, region.kg) == server
        with _opened(home, live) as local:
            assert desk_state(local.store) == desk
            assert local.pending_count() == 0
