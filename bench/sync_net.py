"""httpx transports for the sync benchmark: one that counts, one that is a slow link.

:class:`CountingTransport` wraps the real transport and records, per request, the bytes
that cross the wire (request line and headers, the body as sent, i.e. gzip-compressed by
the SyncEngine; status line and headers, the body as received, gzip-compressed by the
server) and how long the round trip took; also the server's own time from its
``Server-Timing`` header (:mod:`bench.sync_server`) and the body's size once decoded.

:class:`SlowLink` wraps that and behaves like a poor rural line: each request costs the
round-trip latency plus its bytes (both ways) over the bandwidth, in real time, and a
share of requests fails at random, half of them before reaching the server (the desk sees
a connection error) and half after the server answered (the desk sees the connection
drop while reading: the server did the work, the desk does not know). Timeouts are not
emulated: a failure is noticed as soon as its bytes have been sent or received.
"""

from __future__ import annotations

import random
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx

from bench.sync_server import TIMING_HEADER


@dataclass
class Exchange:
    """One request and its answer as they crossed the wire."""

    method: str
    path: str
    request_head: int
    request_body: int
    started: float  # perf_counter
    status: int = 0
    response_head: int = 0
    response_body: int = 0  # as received (compressed when the server gzipped it)
    response_decoded: int = 0  # after gunzip
    request_decoded: int = 0  # the request body before the desk gzipped it (if known)
    server_ms: float = float("nan")
    finished: float = 0.0
    failed: str | None = None  # injected by SlowLink

    @property
    def seconds(self) -> float:
        return self.finished - self.started

    @property
    def wire_bytes(self) -> int:
        return self.request_head + self.request_body + self.response_head + self.response_body


def _head_bytes(request: httpx.Request) -> int:
    target = request.url.raw_path.decode("ascii", "replace")
    line = len(f"{request.method} {target} HTTP/1.1\r\n")
    return line + sum(len(k) + len(v) + 4 for k, v in request.headers.raw) + 2


def _response_head_bytes(response: httpx.Response) -> int:
    line = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
    return line + sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 2


def _server_ms(response: httpx.Response) -> float:
    value = response.headers.get(TIMING_HEADER, "")
    for part in value.split(";"):
        if part.strip().startswith("dur="):
            try:
                return float(part.strip()[4:])
            except ValueError:
                break
    return float("nan")


class _CountingStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, exchange: Exchange, gzipped: bool) -> None:
        self.inner = inner
        self.exchange = exchange
        self.inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if gzipped else None

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self.exchange.response_body += len(chunk)
            if self.inflater is not None:
                self.exchange.response_decoded += len(self.inflater.decompress(chunk))
            else:
                self.exchange.response_decoded += len(chunk)
            yield chunk
        self.exchange.finished = time.perf_counter()

    def close(self) -> None:
        if not self.exchange.finished:
            self.exchange.finished = time.perf_counter()
        self.inner.close()


@dataclass
class CountingTransport(httpx.BaseTransport):
    """Records an :class:`Exchange` per request; thread-safe."""

    inner: httpx.BaseTransport = field(default_factory=httpx.HTTPTransport)
    exchanges: list[Exchange] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        decoded = len(body)
        if request.headers.get("content-encoding") == "gzip" and body:
            decoded = len(zlib.decompress(body, wbits=16 + zlib.MAX_WBITS))
        exchange = Exchange(
            method=request.method,
            path=request.url.path.rsplit("/", 1)[-1],
            request_head=_head_bytes(request),
            request_body=len(body),
            request_decoded=decoded,
            started=time.perf_counter(),
        )
        with self._lock:
            self.exchanges.append(exchange)
        response = self.inner.handle_request(request)
        exchange.status = response.status_code
        exchange.response_head = _response_head_bytes(response)
        exchange.server_ms = _server_ms(response)
        assert isinstance(response.stream, httpx.SyncByteStream)
        gzipped = response.headers.get("content-encoding", "").lower() == "gzip"
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_CountingStream(response.stream, exchange, gzipped),
            extensions=response.extensions,
            request=request,
        )

    def take(self) -> list[Exchange]:
        """The exchanges so far, forgetting them."""
        with self._lock:
            taken, self.exchanges = self.exchanges, []
        return taken

    def close(self) -> None:
        # httpx closes its transport with the client; a desk's next run gets a fresh one
        self.inner.close()
        self.inner = httpx.HTTPTransport()


@dataclass
class LinkStats:
    requests: int = 0
    lost_before: int = 0
    lost_after: int = 0
    seconds_on_wire: float = 0.0  # slept for latency and bandwidth


@dataclass
class SlowLink(httpx.BaseTransport):
    """Latency + bytes / bandwidth per request, and ``failure_rate`` of requests lost."""

    inner: CountingTransport
    latency_seconds: float = 0.3
    bytes_per_second: float = 64_000 / 8
    failure_rate: float = 0.2
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    stats: LinkStats = field(default_factory=LinkStats)

    def _wait(self, sent: int, received: int) -> None:
        seconds = self.latency_seconds + (sent + received) / self.bytes_per_second
        self.stats.seconds_on_wire += seconds
        time.sleep(seconds)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.stats.requests += 1
        fails = self.rng.random() < self.failure_rate
        before = self.rng.random() < 0.5
        if fails and before:
            self.stats.lost_before += 1
            body = request.read()
            self._wait(_head_bytes(request) + len(body), 0)
            raise httpx.ConnectError("emulated: request lost on the way", request=request)
        response = self.inner.handle_request(request)
        content = response.read()  # counted by the inner transport as it arrives
        exchange = self.inner.exchanges[-1]
        self._wait(
            exchange.request_head + exchange.request_body,
            exchange.response_head + exchange.response_body,
        )
        if fails:
            self.stats.lost_after += 1
            exchange.failed = "lost_after"
            raise httpx.ReadError("emulated: answer lost on the way back")
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        }
        return httpx.Response(
            response.status_code, headers=headers, content=content, request=request
        )

    def close(self) -> None:
        self.inner.close()
