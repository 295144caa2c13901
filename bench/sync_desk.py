"""A desk as the app wires it, for the benchmark: a real SQLCipher store in a folder of its
own, signed in to the server as a kindergarten's head, the Desk use cases, and the
SyncEngine over a transport the benchmark chooses.

The store is in passphrase mode (no OS keyring on a benchmark machine) with cheap Argon2
parameters for the key; that only changes how the key is derived at opening, not the
store's work: SQLCipher encryption, WAL, ``synchronous=FULL``, one transaction per use case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx

from desktop.models.keys import KdfParams, PassphraseRequest
from desktop.models.store import LocalStore, open_store
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from sync.client import Progress, RetryPolicy, SyncEngine, SyncSummary

FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)
PASSPHRASE = "benchmark passphrase"
# What the desk app uses (desktop/ui/app.py: UI_RETRY; the engine's default timeout); not
# imported from there, which would load Qt.
APP_RETRY = RetryPolicy(attempts=3, base_seconds=0.5, cap_seconds=4.0)
APP_TIMEOUT = SyncEngine.timeout_seconds


def _passphrase(_request: PassphraseRequest) -> str:
    return PASSPHRASE


class BenchDesk:
    """One desk: ``store``, ``local`` (the engine's view of it), ``desk`` (use cases)."""

    def __init__(
        self,
        home: Path,
        base_url: str,
        login: str,
        password: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.home = home
        self.base_url = base_url
        self.clock = clock
        self.store: LocalStore = open_store(
            "bench",
            home=home,
            mode="passphrase",
            passphrase=_passphrase,
            kdf=FAST_KDF,
            clock=clock,
        )
        with httpx.Client(base_url=base_url, timeout=30) as client:
            answer = client.post("/api/v1/auth/login", json={"login": login, "password": password})
            answer.raise_for_status()
            token = str(answer.json()["token"])
            me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
            me.raise_for_status()
            who = me.json()
        self.store.save_token(token)
        self.local = LocalSyncStore(self.store)
        self.local.set_server(
            base_url,
            int(who["kindergarten_id"]),
            int(who["account_id"]),
            role=who["role"],
            login=who.get("login"),
            full_name=who.get("full_name"),
        )
        self.kindergarten_id = int(who["kindergarten_id"])
        self.desk = Desk(self.store)

    def engine(self, transport: httpx.BaseTransport | None = None) -> SyncEngine:
        """A SyncEngine as the app builds one for a run (``engine_factory``)."""
        return SyncEngine(
            store=self.local,
            base_url=self.base_url,
            token=lambda: self.store.load_token() or "",
            transport=transport,
            lock_path=self.home / "sync.lock",
            retry=APP_RETRY,
            timeout_seconds=APP_TIMEOUT,
            clock=self.clock,
        )

    def sync(
        self,
        transport: httpx.BaseTransport | None = None,
        progress: Callable[[Progress], None] | None = None,
    ) -> SyncSummary:
        return self.engine(transport).sync(progress=progress)

    def close(self) -> None:
        self.store.close()
