"""The desk's sync engine: meta, push the outbox in order, pull the feed (no Qt).

One run (:meth:`SyncEngine.sync`):

1. ``meta``: the server's protocol versions, identity and time. An unsupported version
   stops here (the desk keeps working offline and says "update"); a new server id (a
   restored server) or a first sync means a snapshot is needed.
2. ``push``: outbox ops in order, in batches; each batch's per-op results are recorded by
   the store in one transaction (applied and duplicate ops leave the outbox, rejected ops
   become conflicts with the server's row). A transient failure (network, 5xx, 429) leaves
   the outbox as it is and is retried with exponential backoff and jitter, honouring
   ``Retry-After``; a replay is harmless because the server remembers every ``op_id``.
3. ``pull``: a snapshot if needed (also on 410: the cursor is older than the server's
   history), then change pages from the stored cursor; each page and its cursor are
   stored in one transaction.

Sync state lives in the store's tables, never in this object: a crash at any point is
resumed by the next run. Only one run per store at a time (single flight, across
processes too: the UI and a scheduled ``python -m desktop sync`` may both try).
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

import httpx
from pydantic import ValidationError

from sync import protocol

log = logging.getLogger("kezek.sync")

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


# ---------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class SyncState:
    server_url: str
    server_id: str | None
    kindergarten_id: int | None
    device_id: str
    cursor: int
    last_sync_at: datetime | None


@dataclass
class SyncSummary:
    """What one run did; kept in the store's sync history and shown to the user."""

    started_at: datetime
    finished_at: datetime | None = None
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    snapshot: bool = False
    outcome: str = "running"  # ok | failed | cancelled
    error_code: str | None = None
    clock_skew_seconds: float | None = None

    @property
    def conflicts(self) -> int:
        return self.rejected

    def line(self) -> str:
        return (
            f"pushed {self.pushed} (applied {self.applied}, duplicates {self.duplicates}, "
            f"rejected {self.rejected}), pulled {self.pulled}"
            + (" from a snapshot" if self.snapshot else "")
            + f", conflicts {self.conflicts}: {self.outcome}"
            + (f" ({self.error_code})" if self.error_code else "")
        )


@dataclass(frozen=True)
class ResultSummary:
    applied: int
    duplicates: int
    rejected: int


class SyncStore(Protocol):
    """What the engine needs of the local store; each method is one transaction."""

    def state(self) -> SyncState: ...

    def pending_ops(self, limit: int) -> list[protocol.OpEnvelope]: ...

    def record_results(
        self, results: list[protocol.OpResult], server_time: datetime
    ) -> ResultSummary: ...

    def apply_page(self, page: protocol.ChangesPage) -> int: ...

    def replace_with_snapshot(self, snapshot: protocol.Snapshot) -> None: ...

    def record_sync(self, summary: SyncSummary) -> None: ...


# ----------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class Progress:
    """A step of a run, for a progress bar or a terminal line."""

    phase: str  # meta | push | snapshot | pull | done | retry
    done: int = 0
    total: int | None = None
    detail: str = ""


class SyncError(Exception):
    """A run could not complete; ``code`` is a catalogued reason code for the user."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


class Cancelled(Exception):
    pass


# ------------------------------------------------------------------------------- engine


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter, capped; ``Retry-After`` wins when longer."""

    attempts: int = 6
    base_seconds: float = 0.5
    cap_seconds: float = 30.0

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None) -> float:
        backoff = rng.uniform(0, min(self.cap_seconds, self.base_seconds * 2**attempt))
        if retry_after is not None:
            return max(min(retry_after, self.cap_seconds * 4), backoff)
        return backoff


@dataclass
class SyncEngine:
    """Runs syncs for one store against one server.

    ``token`` gives the current bearer token; ``reauthenticate`` (optional) is called once
    on a 401 to renew what ``token`` returns (the UI asks for the password; a scheduler
    has none and the run fails with SYNC_AUTH). ``transport`` is httpx's, replaceable for tests.
    """

    store: SyncStore
    base_url: str
    token: Callable[[], str]
    reauthenticate: Callable[[], None] | None = None
    transport: httpx.BaseTransport | None = None
    lock_path: Path | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch_size: int = 100
    page_size: int = 500
    timeout_seconds: float = 30.0
    language: str = "ru"
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # -- the run ---------------------------------------------------------------------

    def sync(
        self,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncSummary:
        """One full sync. Raises :class:`SyncError` when it cannot finish (nothing lost)."""
        summary = SyncSummary(started_at=self.clock())
        report = progress or (lambda _p: None)
        with self._single_flight():
            try:
                with self._client() as client:
                    self._run(client, summary, report, cancel)
                summary.outcome = "ok"
            except Cancelled:
                summary.outcome = "cancelled"
            except SyncError as exc:
                summary.outcome = "failed"
                summary.error_code = exc.code
                raise
            finally:
                summary.finished_at = self.clock()
                self.store.record_sync(summary)
                report(Progress("done", detail=summary.outcome))
        return summary

    def _run(
        self,
        client: httpx.Client,
        summary: SyncSummary,
        report: Callable[[Progress], None],
        cancel: threading.Event | None,
    ) -> None:
        def checkpoint() -> None:
            if cancel is not None and cancel.is_set():
                raise Cancelled

        report(Progress("meta"))
        meta = protocol.Meta.model_validate(self._call(client, "GET", "/meta", report=report))
        if protocol.PROTOCOL_VERSION not in meta.protocol_versions:
            raise SyncError("SYNC_UPDATE_REQUIRED", f"server speaks {meta.protocol_versions}")
        summary.clock_skew_seconds = (self.clock() - meta.server_time).total_seconds()
        state = self.store.state()
        needs_snapshot = state.server_id != meta.server_id

        self._push(client, summary, report, checkpoint)
        checkpoint()
        if needs_snapshot:
            self._snapshot(client, summary, report)
        self._pull(client, summary, report, checkpoint)

    def _push(
        self,
        client: httpx.Client,
        summary: SyncSummary,
        report: Callable[[Progress], None],
        checkpoint: Callable[[], None],
    ) -> None:
        device = self.store.state().device_id
        while True:
            checkpoint()
            ops = self.store.pending_ops(self.batch_size)
            if not ops:
                return
            request = protocol.PushRequest(device_id=device, ops=ops)
            report(Progress("push", done=summary.pushed, detail=f"{len(ops)} changes"))
            body = self._call(client, "POST", "/push", payload=request, report=report)
            response = protocol.PushResponse.model_validate(body)
            answered = {r.op_id for r in response.results}
            if not answered & {op.op_id for op in ops}:
                raise SyncError("SYNC_PROTOCOL", "the server answered none of the ops sent")
            counts = self.store.record_results(response.results, response.server_time)
            summary.pushed += len(response.results)
            summary.applied += counts.applied
            summary.duplicates += counts.duplicates
            summary.rejected += counts.rejected

    def _snapshot(
        self, client: httpx.Client, summary: SyncSummary, report: Callable[[Progress], None]
    ) -> None:
        report(Progress("snapshot"))
        body = self._call(client, "GET", "/snapshot", report=report)
        snapshot = protocol.Snapshot.model_validate(body)
        self.store.replace_with_snapshot(snapshot)
        summary.snapshot = True
        summary.pulled += (
            len(snapshot.groups)
            + len(snapshot.places)
            + len(snapshot.referrals)
            + len(snapshot.document_checks)
            + len(snapshot.enrollments)
            + len(snapshot.applications)
        )

    def _pull(
        self,
        client: httpx.Client,
        summary: SyncSummary,
        report: Callable[[Progress], None],
        checkpoint: Callable[[], None],
    ) -> None:
        while True:
            checkpoint()
            cursor = self.store.state().cursor
            try:
                body = self._call(
                    client,
                    "GET",
                    "/changes",
                    params={"since": cursor, "limit": self.page_size},
                    report=report,
                )
            except _Gone:
                self._snapshot(client, summary, report)
                continue
            page = protocol.ChangesPage.model_validate(body)
            summary.pulled += self.store.apply_page(page)
            report(Progress("pull", done=summary.pulled))
            if not page.more:
                return

    # -- HTTP ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _client(self) -> Iterator[httpx.Client]:
        client = httpx.Client(
            base_url=self.base_url.rstrip("/") + "/api/v1/sync",
            transport=self.transport,
            timeout=self.timeout_seconds,
            headers={"Accept-Language": self.language, "Accept-Encoding": "gzip"},
        )
        try:
            yield client
        finally:
            client.close()

    def _call(
        self,
        client: httpx.Client,
        method: str,
        path: str,
        *,
        payload: protocol._Wire | None = None,
        params: dict[str, Any] | None = None,
        report: Callable[[Progress], None],
    ) -> Any:
        """One request with retries; returns the decoded JSON body of a 2xx answer."""
        content: bytes | None = None
        headers: dict[str, str] = {}
        if payload is not None:
            content = gzip.compress(payload.model_dump_json().encode())
            headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        reauthenticated = False
        failure = "no answer"
        for attempt in range(self.retry.attempts):
            headers["Authorization"] = f"Bearer {self.token()}"
            retry_after: float | None = None
            try:
                response = client.request(
                    method, path, content=content, params=params, headers=headers
                )
            except httpx.TransportError as exc:
                failure = f"network: {type(exc).__name__}"
            else:
                if response.is_success:
                    try:
                        return response.json()
                    except (json.JSONDecodeError, ValueError):
                        failure = "garbled answer"
                elif response.status_code == 401 and not reauthenticated:
                    if self.reauthenticate is None:
                        raise SyncError("SYNC_AUTH")
                    self.reauthenticate()
                    reauthenticated = True
                    continue
                elif response.status_code == 401:
                    raise SyncError("SYNC_AUTH")
                elif response.status_code == 410:
                    raise _Gone
                elif response.status_code in RETRYABLE_STATUS:
                    failure = f"HTTP {response.status_code}"
                    retry_after = _retry_after(response)
                else:
                    raise SyncError(_refusal_code(response), f"HTTP {response.status_code}")
            if attempt == self.retry.attempts - 1:
                break
            delay = self.retry.delay(attempt, self.rng, retry_after)
            log.info("sync %s %s: %s; retrying in %.1f s", method, path, failure, delay)
            report(Progress("retry", done=attempt + 1, total=self.retry.attempts, detail=failure))
            self.sleep(delay)
        raise SyncError("SYNC_OFFLINE", failure)

    # -- single flight ---------------------------------------------------------------

    @contextlib.contextmanager
    def _single_flight(self) -> Iterator[None]:
        if not self._lock.acquire(blocking=False):
            raise SyncError("SYNC_RUNNING")
        handle: IO[str] | None = None
        try:
            if self.lock_path is not None:
                self.lock_path.parent.mkdir(parents=True, exist_ok=True)
                handle = open(self.lock_path, "a")  # noqa: SIM115 - held for the whole run
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError as exc:
                    raise SyncError("SYNC_RUNNING") from exc
            yield
        finally:
            if handle is not None:
                handle.close()  # closing releases the flock
            self._lock.release()


class _Gone(Exception):
    """410: the cursor is older than the server's history."""


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _refusal_code(response: httpx.Response) -> str:
    """The server's reason code for a refusal that retrying cannot fix."""
    try:
        body = response.json()
        code = body.get("code") if isinstance(body, dict) else None
    except (json.JSONDecodeError, ValueError, ValidationError):
        code = None
    return str(code) if code else "SYNC_PROTOCOL"
