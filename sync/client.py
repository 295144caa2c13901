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
4. ``directory``: the kindergartens of the desk's district (the walk-in form's choices),
   downloaded only when ``meta`` names a version other than the stored one, and stored
   whole in one transaction. Last, because it is the least urgent: a run that fails
   earlier has done the work that matters, and the next run fetches it.

A **restored server** (its id changed since the last sync) may have lost what the desk
sent after the backup it was restored from was taken. So the ops the server acknowledged
recently go back into the outbox *first* (one store transaction, before the snapshot that
records the new server id: a crash in between repeats the requeue, never skips it), then
the snapshot, then the push, then the pull. A re-push of an op the backup does have is
answered ``duplicate`` (the server's ``processed_ops``), so it is harmless.

Every way a run can end is recorded in the store's sync history: ``ok``, ``cancelled``,
or ``failed`` with a reason code, whether the failure came from the network, the server,
or the store itself (a :class:`~domain.errors.DomainError` such as STORE_LOCKED comes out
as a :class:`SyncError` with the same code). A run never stays "running".

Sync state lives in the store's tables, never in this object: a crash at any point is
resumed by the next run. Only one run per store at a time (single flight, across
processes too: the UI and a scheduled ``python -m desktop sync`` may both try); the
cross-process lock is ``fcntl.flock`` on POSIX and ``msvcrt.locking`` on Windows, each
imported only on its own platform so that this module imports everywhere.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import json
import logging
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar
from uuid import UUID

import httpx
from pydantic import ValidationError

from domain.errors import DomainError
from sync import protocol

log = logging.getLogger("kezek.sync")

CONNECT_TIMEOUT_SECONDS = 10.0
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
# The code a run that broke on something unforeseen (a bug) is recorded under.
INTERNAL = "SYNC_INTERNAL"


# ---------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class SyncState:
    server_url: str
    server_id: str | None
    kindergarten_id: int | None
    device_id: str
    cursor: int
    last_sync_at: datetime | None
    # the district directory's version stored (None: never downloaded)
    directory_version: str | None = None


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
    # acknowledged ops sent again because the server's identity changed (a restore)
    requeued: int = 0
    # the district directory was downloaded (it changed, or was never stored)
    directory: bool = False

    @property
    def conflicts(self) -> int:
        return self.rejected

    def line(self) -> str:
        return (
            f"pushed {self.pushed} (applied {self.applied}, duplicates {self.duplicates}, "
            f"rejected {self.rejected}), pulled {self.pulled}"
            + (" from a snapshot" if self.snapshot else "")
            + (f", re-sent {self.requeued} after a server restore" if self.requeued else "")
            + (", directory updated" if self.directory else "")
            + f", conflicts {self.conflicts}: {self.outcome}"
            + (f" ({self.error_code})" if self.error_code else "")
        )


@dataclass(frozen=True)
class ResultSummary:
    applied: int
    duplicates: int
    rejected: int


class SyncStore(Protocol):
    """What the engine needs of the local store; each method is one transaction.

    Any method may raise :class:`~domain.errors.DomainError` (the store is locked, the
    desk is not signed in, the server's data cannot be read); the engine ends the run
    ``failed`` with that code.
    """

    def state(self) -> SyncState: ...

    def pending_count(self) -> int: ...

    def pending_ops(self, limit: int) -> list[protocol.OpEnvelope]: ...

    def record_results(
        self, results: list[protocol.OpResult], server_time: datetime
    ) -> ResultSummary: ...

    def mark_failure(self, code: str, op_ids: Sequence[UUID] = ()) -> None:
        """A push of ``op_ids`` failed without an answer: count an attempt on each."""
        ...

    def requeue_acknowledged(self) -> int:
        """Put the recently acknowledged ops back into the outbox, in their original order
        and before the ops still waiting; returns how many (a restored server)."""
        ...

    def apply_page(self, page: protocol.ChangesPage) -> int: ...

    def replace_with_snapshot(self, snapshot: protocol.Snapshot) -> None: ...

    def replace_directory(self, directory: protocol.Directory) -> None:
        """Store the district's kindergartens and their version, replacing the old copy
        (``state().directory_version`` gives the version afterwards)."""
        ...

    def record_sync(self, summary: SyncSummary) -> None: ...


# ----------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class Progress:
    """A step of a run, for a progress bar or a terminal line."""

    phase: str  # meta | push | snapshot | pull | directory | done | retry
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


Checkpoint = Callable[[], None]
Report = Callable[[Progress], None]


@dataclass
class SyncEngine:
    """Runs syncs for one store against one server.

    ``token`` gives the current bearer token; ``reauthenticate`` (optional) is called once
    on a 401 to renew what ``token`` returns (the UI asks for the password; a scheduler
    has none and the run fails with SYNC_AUTH). ``transport`` is httpx's, replaceable for
    tests; so are ``sleep`` and ``rng`` (retries never wait for real in a test) and
    ``clock`` (the desk's, used only for the run's times and the skew warning).
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
    # Seconds to wait for an answer once connected. Generous on purpose: at the end of the
    # day a push queues behind other desks' pushes on the server (docs/PERFORMANCE.md,
    # the storm), and giving up early would only make the desk send the same ops again
    # while the server is still applying them. A dead server is found by the connect
    # timeout instead.
    timeout_seconds: float = 120.0
    language: str = "ru"
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # -- the run ---------------------------------------------------------------------

    def sync(
        self,
        *,
        progress: Report | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncSummary:
        """One full sync. Raises :class:`SyncError` when it cannot finish (nothing lost).

        Whatever stops the run, its history row says how it ended: a failure of the
        store (a DomainError) is recorded and raised as a SyncError of the same code, so
        callers handle one exception type; anything unforeseen is recorded as
        SYNC_INTERNAL and raised as a SyncError whose ``__cause__`` is the original.
        """
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
                _failed(summary, exc.code)
                raise
            except DomainError as exc:
                _failed(summary, exc.code)
                raise SyncError(exc.code) from exc
            except KeyboardInterrupt:
                summary.outcome = "cancelled"
                raise
            except Exception as exc:
                # the type only: an exception's text may quote a row, i.e. personal data
                log.error("sync run broke on %s", type(exc).__name__)
                _failed(summary, INTERNAL)
                raise SyncError(INTERNAL, type(exc).__name__) from exc
            finally:
                summary.finished_at = self.clock()
                self._record(summary)
                report(Progress("done", detail=summary.outcome))
        return summary

    def _record(self, summary: SyncSummary) -> None:
        """Write the history row; a store that cannot take it must not hide the run's
        own outcome (its exception is what the caller needs to see)."""
        try:
            self.store.record_sync(summary)
        except Exception as exc:
            code = exc.code if isinstance(exc, DomainError) else type(exc).__name__
            log.warning("sync history not recorded: %s", code)

    def _run(
        self,
        client: httpx.Client,
        summary: SyncSummary,
        report: Report,
        cancel: threading.Event | None,
    ) -> None:
        def checkpoint() -> None:
            if cancel is not None and cancel.is_set():
                raise Cancelled

        # the store first: an unregistered desk fails at once, without a request
        state = self.store.state()
        report(Progress("meta"))
        meta = _parse(protocol.Meta, self._call(client, "GET", "/meta", report, checkpoint))
        if protocol.PROTOCOL_VERSION not in meta.protocol_versions:
            raise SyncError("SYNC_UPDATE_REQUIRED", f"server speaks {meta.protocol_versions}")
        if state.kindergarten_id is not None and meta.kindergarten_id != state.kindergarten_id:
            # the token is another kindergarten's: pushing would file this desk's work there
            raise SyncError("SYNC_KINDERGARTEN_MISMATCH")
        summary.clock_skew_seconds = (self.clock() - meta.server_time).total_seconds()

        if state.server_id is not None and state.server_id != meta.server_id:
            log.info("sync: the server's identity changed (a restore): snapshot and re-push")
            summary.requeued = self.store.requeue_acknowledged()
            checkpoint()
            self._snapshot(client, summary, report, checkpoint)
            self._push(client, state.device_id, summary, report, checkpoint)
        else:
            self._push(client, state.device_id, summary, report, checkpoint)
            checkpoint()
            if state.server_id is None:
                self._snapshot(client, summary, report, checkpoint)
        self._pull(client, summary, report, checkpoint)
        self._directory(client, meta, state, summary, report, checkpoint)

    def _push(
        self,
        client: httpx.Client,
        device: str,
        summary: SyncSummary,
        report: Report,
        checkpoint: Checkpoint,
    ) -> None:
        total = summary.pushed + self.store.pending_count()
        while True:
            checkpoint()
            ops = self.store.pending_ops(self.batch_size)
            if not ops:
                return
            request = protocol.PushRequest(device_id=device, ops=ops)
            report(Progress("push", done=summary.pushed, total=total, detail=f"{len(ops)}"))
            try:
                body = self._call(client, "POST", "/push", report, checkpoint, payload=request)
                response = _parse(protocol.PushResponse, body)
                if not {r.op_id for r in response.results} & {op.op_id for op in ops}:
                    raise SyncError("SYNC_PROTOCOL", "the server answered none of the ops sent")
            except SyncError as exc:
                # the batch stays in the outbox; each op counts an unanswered attempt
                self._mark_failure(exc.code, [op.op_id for op in ops])
                raise
            counts = self.store.record_results(response.results, response.server_time)
            summary.pushed += len(response.results)
            summary.applied += counts.applied
            summary.duplicates += counts.duplicates
            summary.rejected += counts.rejected
            report(Progress("push", done=summary.pushed, total=max(total, summary.pushed)))

    def _mark_failure(self, code: str, op_ids: list[UUID]) -> None:
        try:
            self.store.mark_failure(code, op_ids)
        except DomainError as exc:  # the run's own failure is the one to report
            log.warning("sync: the failed attempt was not counted: %s", exc.code)

    def _snapshot(
        self,
        client: httpx.Client,
        summary: SyncSummary,
        report: Report,
        checkpoint: Checkpoint,
    ) -> None:
        report(Progress("snapshot"))
        body = self._call(client, "GET", "/snapshot", report, checkpoint)
        snapshot = _parse(protocol.Snapshot, body)
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
        report: Report,
        checkpoint: Checkpoint,
    ) -> None:
        while True:
            checkpoint()
            cursor = self.store.state().cursor
            try:
                body = self._call(
                    client,
                    "GET",
                    "/changes",
                    report,
                    checkpoint,
                    params={"since": cursor, "limit": self.page_size},
                )
            except _Gone:
                self._snapshot(client, summary, report, checkpoint)
                continue
            page = _parse(protocol.ChangesPage, body)
            summary.pulled += self.store.apply_page(page)
            report(Progress("pull", done=summary.pulled))
            if not page.more:
                return

    def _directory(
        self,
        client: httpx.Client,
        meta: protocol.Meta,
        state: SyncState,
        summary: SyncSummary,
        report: Report,
        checkpoint: Checkpoint,
    ) -> None:
        """Download the district directory when ``meta`` says it differs from the stored
        one; a server without a directory (``directory_version`` null) is left alone."""
        checkpoint()
        if meta.directory_version is None or meta.directory_version == state.directory_version:
            return
        report(Progress("directory"))
        body = self._call(client, "GET", "/directory", report, checkpoint)
        directory = _parse(protocol.Directory, body)
        self.store.replace_directory(directory)
        summary.directory = True

    # -- HTTP ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _client(self) -> Iterator[httpx.Client]:
        client = httpx.Client(
            base_url=self.base_url.rstrip("/") + "/api/v1/sync",
            transport=self.transport,
            timeout=httpx.Timeout(self.timeout_seconds, connect=CONNECT_TIMEOUT_SECONDS),
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
        report: Report,
        checkpoint: Checkpoint,
        *,
        payload: protocol._Wire | None = None,
        params: dict[str, Any] | None = None,
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
            checkpoint()
        raise SyncError("SYNC_OFFLINE", failure)

    # -- single flight ---------------------------------------------------------------

    @contextlib.contextmanager
    def _single_flight(self) -> Iterator[None]:
        if not self._lock.acquire(blocking=False):
            raise SyncError("SYNC_RUNNING")
        handle: IO[bytes] | None = None
        try:
            if self.lock_path is not None:
                self.lock_path.parent.mkdir(parents=True, exist_ok=True)
                handle = open(self.lock_path, "a+b")  # noqa: SIM115 - held for the whole run
                if not _lock_file(handle):
                    raise SyncError("SYNC_RUNNING")
            yield
        finally:
            if handle is not None:
                _unlock_file(handle)
                handle.close()
            self._lock.release()


def _failed(summary: SyncSummary, code: str) -> None:
    summary.outcome = "failed"
    summary.error_code = code


# ------------------------------------------------------------------ the cross-process lock


def _lock_file(handle: IO[bytes]) -> bool:
    """Lock ``handle``'s file without waiting; False when another process holds it.

    ``fcntl`` exists only on POSIX and ``msvcrt`` only on Windows, so each is imported
    where it is used: importing this module must work on the reception PCs (Windows) as
    on Linux. Both locks belong to the process: one killed mid-sync leaves none behind.
    """
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        try:
            # one byte at offset 0 is the whole protocol; locking past EOF is allowed
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _unlock_file(handle: IO[bytes]) -> None:
    """Release :func:`_lock_file`'s lock (on POSIX closing the file would do as well)."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# ------------------------------------------------------------------------------ answers


class _Gone(Exception):
    """410: the cursor is older than the server's history."""


_Model = TypeVar("_Model", bound=protocol._Wire)


def _parse(model: type[_Model], body: Any) -> _Model:
    """A server answer as its protocol type; one that does not fit is SYNC_PROTOCOL.

    The detail names the type only: pydantic's own text quotes the input, which may be
    a family's data.
    """
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise SyncError("SYNC_PROTOCOL", f"{model.__name__} did not validate") from exc


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
