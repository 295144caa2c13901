"""A fault-injecting httpx transport: the network between a desk and the server, misbehaving.

It wraps the real transport (requests really reach the real uvicorn server) and, by a
plan, loses a request before it is sent, loses the answer after the server committed,
delivers a request twice, turns an answer into a 500, or delays it.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


class Fault(enum.Enum):
    LOSE_REQUEST = "lose_request"  # never reaches the server
    LOSE_RESPONSE = "lose_response"  # the server committed; the desk never hears
    DUPLICATE = "duplicate"  # delivered twice; the desk sees the second answer
    ERROR_BEFORE = "error_before"  # a proxy answers 500; the server never saw it
    ERROR_AFTER = "error_after"  # the server did the work, then the desk gets a 500
    SLOW = "slow"  # delivered after a delay


Plan = Callable[[httpx.Request, int], "Fault | None"]


@dataclass
class FaultyTransport(httpx.BaseTransport):
    """``plan(request, n)`` decides the fault for the n-th request (0-based), or None."""

    inner: httpx.BaseTransport
    plan: Plan
    delay: Callable[[], None] = lambda: None
    log: list[tuple[str, Fault | None]] = field(default_factory=list)
    _count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            n = self._count
            self._count += 1
        fault = self.plan(request, n)
        self.log.append((f"{request.method} {request.url.path}", fault))
        if fault is Fault.LOSE_REQUEST:
            raise httpx.ConnectError("injected: request lost", request=request)
        if fault is Fault.ERROR_BEFORE:
            return httpx.Response(500, json={"code": "INTERNAL"}, request=request)
        if fault is Fault.SLOW:
            self.delay()
        response = self._forward(request)
        if fault is Fault.DUPLICATE:
            response = self._forward(request)
        if fault is Fault.LOSE_RESPONSE:
            raise httpx.ReadError("injected: response lost after the server committed")
        if fault is Fault.ERROR_AFTER:
            return httpx.Response(500, json={"code": "INTERNAL"}, request=request)
        return response

    def _forward(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()  # decodes gzip: the copy below carries the plain body
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        }
        return httpx.Response(
            response.status_code, headers=headers, content=response.content, request=request
        )

    def close(self) -> None:
        self.inner.close()


def script(faults: dict[int, Fault]) -> Plan:
    """A plan that injects the given fault into the n-th request and none elsewhere."""
    return lambda _request, n: faults.get(n)


def on_path(path_suffix: str, faults: list[Fault | None]) -> Plan:
    """A plan that injects faults, in turn, into the requests whose path ends so."""
    queue = list(faults)

    def plan(request: httpx.Request, _n: int) -> Fault | None:
        if request.url.path.endswith(path_suffix) and queue:
            return queue.pop(0)
        return None

    return plan
