"""A real uvicorn server on a loopback port, in a thread of the test process.

Tests talk to it over HTTP like any client; holding the :class:`ManualClock` lets them
move the server's time without sleeping.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn

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

    def client(self, token: str | None = None, language: str = "en") -> httpx.Client:
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(
    database_url: str, work_dir: Path, start: datetime = DEFAULT_START, **settings: Any
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
    app = create_app(runtime)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", clock, runtime, sms_path)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.engine.dispose()
