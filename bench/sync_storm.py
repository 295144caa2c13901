"""The end-of-day storm: many desks push at once over a fixed number of connections.

Each simulated desk speaks the sync protocol directly: its ops are built as
:class:`sync.protocol.PushRequest` and gzip-compressed exactly as the SyncEngine sends
them (``Content-Encoding: gzip``, ``Accept-Encoding: gzip``), all before the clock starts,
so the client's own work during the storm is sending bytes and reading answers. Worker
threads (one HTTP connection each, kept alive) take the next desk's push until none is
left; they start together.
"""

from __future__ import annotations

import gzip
import json
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bench.sync_net import _server_ms
from sync import protocol


@dataclass(frozen=True)
class DeskPush:
    kindergarten_id: int
    token: str
    body: bytes  # gzip-compressed PushRequest JSON
    ops: int
    plain_bytes: int


def build_push(
    kindergarten_id: int, token: str, ops: list[protocol.OpEnvelope], device_id: str
) -> DeskPush:
    request = protocol.PushRequest(device_id=device_id, ops=ops)
    plain = request.model_dump_json().encode()
    return DeskPush(kindergarten_id, token, gzip.compress(plain), len(ops), len(plain))


@dataclass
class Answer:
    kindergarten_id: int
    seconds: float
    status: int  # 0: no HTTP answer (a transport error)
    error: str | None
    server_ms: float
    results: Counter[str] = field(default_factory=Counter)  # applied/duplicate/rejected
    rejected: Counter[str] = field(default_factory=Counter)  # by reason code
    sent_bytes: int = 0
    received_bytes: int = 0


@dataclass
class StormRun:
    answers: list[Answer]
    wall_seconds: float
    concurrency: int


def _one(client: httpx.Client, push: DeskPush) -> Answer:
    headers = {
        "Authorization": f"Bearer {push.token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }
    started = time.perf_counter()
    try:
        with client.stream("POST", "/push", content=push.body, headers=headers) as response:
            raw = b"".join(response.iter_raw())
        seconds = time.perf_counter() - started
    except httpx.HTTPError as exc:
        return Answer(
            push.kindergarten_id, time.perf_counter() - started, 0, type(exc).__name__, 0.0
        )
    answer = Answer(
        push.kindergarten_id,
        seconds,
        response.status_code,
        None,
        _server_ms(response),
        sent_bytes=len(push.body),
        received_bytes=len(raw),
    )
    encoding = response.headers.get("content-encoding", "")
    text = gzip.decompress(raw) if encoding == "gzip" else raw
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if response.status_code != 200:
        code = body.get("code") if isinstance(body, dict) else None
        answer.error = f"HTTP {response.status_code} {code or ''}".strip()
        return answer
    parsed = protocol.PushResponse.model_validate(body)
    for result in parsed.results:
        answer.results[result.status] += 1
        if result.status == "rejected":
            answer.rejected[result.code or "?"] += 1
    return answer


def run_storm(base_url: str, pushes: list[DeskPush], concurrency: int) -> StormRun:
    work: queue.SimpleQueue[DeskPush] = queue.SimpleQueue()
    for push in pushes:
        work.put(push)
    answers: list[Answer] = []
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)

    def worker() -> None:
        with httpx.Client(
            base_url=base_url.rstrip("/") + "/api/v1/sync",
            timeout=900,
            headers={"Accept-Encoding": "gzip", "Accept-Language": "ru"},
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        ) as client:
            ready.wait()
            while True:
                try:
                    push = work.get_nowait()
                except queue.Empty:
                    return
                answer = _one(client, push)
                with lock:
                    answers.append(answer)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return StormRun(answers, time.perf_counter() - started, concurrency)
