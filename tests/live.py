"""A real uvicorn server on a loopback port, in a thread of the test process.

Tests talk to it over HTTP like any client; holding the :class:`ManualClock` lets them
move the server's time without sleeping. :meth:`LiveServer.stop` / :meth:`~LiveServer.start`
/ :meth:`~LiveServer.restart` take it down and bring it back on the same port and
database, as a restarted server process would come back (a new engine and sessions, the
migrations run again); ``request_delay`` makes every request take a little longer, so a
test can land something in the middle of a sync.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from server_stub.app import create_app
from server_stub.clock import ManualClock
from server_stub.runtime import Runtime
from server_stub.services import notifications
from server_stub.settings import Settings

# Monday 2 March 2026, 11:00 in Kazakhstan: a working day, outside the August freeze.
DEFAULT_START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@dataclass
class LiveServer:
    base_url: str
    clock: ManualClock
    runtime: Runtime
    sms_path: Path
    settings: Settings | None = None
    request_delay: float = 0.0
    _server: uvicorn.Server | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        """Serve (again) on the same port and database with a fresh runtime, as a
        restarted process would: a new engine and sessions, migrations run (a no-op)."""
        if self._server is not None:
            return
        if self.settings is None:
            raise RuntimeError("a LiveServer made by live_server() can be started")
        if self._thread is not None:  # stopped before: the old engine is gone
            self.runtime = Runtime.start(self.settings, clock=self.clock)
        app: ASGIApp = create_app(self.runtime)
        if self.request_delay > 0:
            app = _Slow(app, self.request_delay)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        """Stop serving (new connections are refused) and close the database engine, as
        a server process that exits; requests in flight are finished first."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout=10)
        self._server = None
        self.runtime.engine.dispose()

    def restart(self, while_down: Callable[[], None] | None = None) -> None:
        """:meth:`stop`, then ``while_down`` (e.g. restore a backup), then :meth:`start`."""
        self.stop()
        if while_down is not None:
            while_down()
        self.start()

    def client(self, token: str | None = None, language: str = "en") -> httpx.Client:
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30, verify=tls())

    def sms(self) -> list[dict[str, str]]:
        """Send the outbox through the dev gateway and read everything it wrote."""
        notifications.deliver_pending(
            self.runtime.session_factory, self.runtime.gateway, self.clock.now()
        )
        if not self.sms_path.exists():
            return []
        return [json.loads(line) for line in self.sms_path.read_text("utf-8").splitlines()]

    def code_for(self, phone: str) -> str:
        """The last one-time code texted to ``phone``, as the parent reads it."""
        bodies = [m["body"] for m in self.sms() if m["phone"] == phone]
        assert bodies, f"no SMS to {phone}"
        found = re.search(r"\b(\d{6})\b", bodies[-1])
        assert found is not None
        return found.group(1)

    def parent_token(self, iin: str, phone: str) -> str:
        """Log a parent in the way a real one does: ask for a code, read it, send it back."""
        with self.client() as client:
            sent = client.post(
                "/api/v1/auth/parent/code",
                json={"parent_iin": iin, "phone": phone, "language": "ru"},
            )
            assert sent.status_code == 200, sent.text
            answer = client.post(
                "/api/v1/auth/parent/login",
                json={"parent_iin": iin, "phone": phone, "code": self.code_for(phone)},
            )
            assert answer.status_code == 200, answer.text
            token: str = answer.json()["token"]
            return token

    def desk_token(self, login: str, password: str) -> str:
        with self.client() as client:
            answer = client.post("/api/v1/auth/login", json={"login": login, "password": password})
            assert answer.status_code == 200, answer.text
            token: str = answer.json()["token"]
            return token


@functools.cache
def tls() -> ssl.SSLContext:
    """One TLS context for every test client: httpx would load the CA bundle again for
    each client (a fifth of a second on a slow machine), though loopback is plain HTTP."""
    return ssl.create_default_context()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Slow:
    """Every HTTP request waits ``delay`` seconds before the app sees it: a slow server."""

    def __init__(self, app: ASGIApp, delay: float) -> None:
        self.app = app
        self.delay = delay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self.delay)
        await self.app(scope, receive, send)


@contextmanager
def live_server(
    database_url: str,
    work_dir: Path,
    start: datetime = DEFAULT_START,
    *,
    request_delay: float = 0.0,
    **settings: Any,
) -> Iterator[LiveServer]:
    port = free_port()
    sms_path = work_dir / "sms-outbox.jsonl"
    config = Settings.load(
        database_url=database_url,
        port=port,
        sms_outbox_path=sms_path,
        scheduler_interval_seconds=0,
        **settings,
    )
    clock = ManualClock(start)
    runtime = Runtime.start(config, clock=clock)
    live = LiveServer(
        f"http://127.0.0.1:{port}",
        clock,
        runtime,
        sms_path,
        settings=config,
        request_delay=request_delay,
    )
    live.start()
    try:
        yield live
    finally:
        if live.running:
            live.stop()
        else:
            live.runtime.engine.dispose()
