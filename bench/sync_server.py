"""The central server as a separate process for the sync benchmark.

``python -m server_stub serve`` runs one uvicorn worker against a settings file; the
benchmark needs a little more, all of it deployment, none of it server code:

- the scratch database (a PostgreSQL schema through ``search_path``, or a SQLite file),
  reached with the server's own ``make_engine`` and ``session_factory_for``;
- the benchmark's clock: a fixed start (a Monday 11:00 in Kazakhstan, as the demo region
  expects) running at the speed of real time from an anchor shared by every process, so
  the desks, the set-up code and each worker agree on the time to the millisecond;
- several uvicorn worker processes (``--workers``), each with a bounded thread pool for
  the synchronous endpoints (``--threads``), so that 100 connections cannot open more
  PostgreSQL connections than the shared server has to spare;
- the scheduler off (nothing lapses or is texted while the numbers are taken);
- a ``Server-Timing: app;dur=<ms>`` header on every answer: the time from the request's
  arrival in the app to the start of its answer (body read and gunzipped, validated,
  handled, serialised, gzipped), i.e. the server's own share of a round trip.

Started by :class:`ServerProcess`; uvicorn imports :func:`create` in each worker and finds
its settings in the environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENV = "KEZEK_BENCH_SYNC_SERVER"
TIMING_HEADER = "server-timing"


@dataclass(frozen=True)
class BenchClock:
    """``start`` at the wall-clock instant ``anchor`` (``time.time()``), then real time."""

    start: datetime
    anchor: float

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.time() - self.anchor)

    def __call__(self) -> datetime:
        return self.now()


@dataclass(frozen=True)
class ServerConfig:
    database_url: str
    connect_args: dict[str, Any]
    start: str  # ISO time of the clock at ``anchor``
    anchor: float
    threads: int
    sms_outbox: str

    def dumps(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def loads(cls, text: str) -> ServerConfig:
        return cls(**json.loads(text))


class ServerTiming:
    """ASGI wrapper: ``Server-Timing: app;dur=`` on each answer; sets the thread pool."""

    def __init__(self, app: ASGIApp, threads: int) -> None:
        self.app = app
        self.threads = threads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                headers.append((TIMING_HEADER.encode(), f"app;dur={ms:.3f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed_send)


def create() -> ASGIApp:
    """The app of one worker process (uvicorn's factory), configured from ``$ENV``."""
    from domain.calendar import WorkingCalendar
    from server_stub.app import create_app
    from server_stub.db import make_engine
    from server_stub.runtime import Runtime, session_factory_for
    from server_stub.services.notifications import FileGateway
    from server_stub.settings import Settings

    config = ServerConfig.loads(os.environ[ENV])
    clock = BenchClock(datetime.fromisoformat(config.start), config.anchor)
    settings = Settings.load(
        database_url=config.database_url,
        scheduler_interval_seconds=0,
        sms_outbox_path=Path(config.sms_outbox),
    )
    kwargs: dict[str, Any] = {}
    if config.connect_args:
        kwargs["connect_args"] = config.connect_args
    engine = make_engine(config.database_url, **kwargs)
    runtime = Runtime(
        settings=settings,
        engine=engine,
        session_factory=session_factory_for(engine, clock),
        clock=clock,
        calendar=WorkingCalendar.default(),
        gateway=FileGateway(settings.sms_outbox_path),
    )
    return ServerTiming(create_app(runtime), config.threads)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``python -m bench.sync_server`` in its own process group; stopped on exit."""

    def __init__(self, config: ServerConfig, *, workers: int, log_path: Path) -> None:
        self.config = config
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ServerProcess:
        env = {**os.environ, ENV: self.config.dumps()}
        root = Path(__file__).resolve().parent.parent
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bench.sync_server", str(self.port), str(self.workers)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log_path}")
            try:
                answer = httpx.get(f"{self.base_url}/api/v1/sync/meta", timeout=2)
                if answer.status_code == 401:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start; see {self.log_path}")
            time.sleep(0.2)
        # with several workers, give each a moment to finish its start-up
        time.sleep(1.0 if self.workers > 1 else 0.0)
        return self

    def pids(self) -> list[int]:
        """The supervisor and its worker processes (for their CPU time)."""
        if self.process is None:
            return []
        found = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == self.process.pid:
                found.append(int(entry.name))
        return found

    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _main(argv: list[str]) -> None:
    import uvicorn

    port, workers = int(argv[0]), int(argv[1])
    uvicorn.run(
        "bench.sync_server:create",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        # the default keep-alive (5 s) would drop idle desks between their requests
        timeout_keep_alive=60,
    )


if __name__ == "__main__":
    _main(sys.argv[1:])
