"""Publishing at once: several desks' publishes in flight together, each publisher a
process of its own (as each uvicorn worker is), all allocating in one region.

Why: the single-client numbers say what one publish costs; a region's morning is many
kindergartens publishing in the same minute, and every allocation takes the region's
queue lock (:func:`server_stub.services.allocation.lock_queue`; on SQLite the database's
write lock). This measures what that lock does to latency and throughput, and that
nothing fails: no deadlock, no serialisation error, no publish lost.

Each publisher opens its own engine and session factory (the server's own:
:class:`bench.scratch.EngineSpec`, :func:`server_stub.runtime.session_factory_for`),
waits at a barrier for the others, then runs its share of publishes back to back. A
publish is :func:`bench.workloads.publish_once`, the single-client workload.
"""

from __future__ import annotations

import math
import multiprocessing
import queue
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bench.profiling import LockWaitMeter
from bench.scratch import EngineSpec
from bench.stats import Summary
from bench.workloads import PublishTarget, bench_ctx, publish_once
from server_stub.runtime import session_factory_for

# how long the publishers may take to start (imports, engine, warm-up) and to publish
# before the run is given up on them
START_SECONDS = 300
RUN_SECONDS = 600


@dataclass(frozen=True)
class Crowd:
    """``publishers`` publishing at once."""

    publishers: int
    latency: Summary  # every publish, start to commit
    lock_wait: Summary  # of it, waiting for the queue lock (bench.profiling.LockWaitMeter)
    wall_seconds: float  # the first publish's start to the last one's commit
    offers: int
    errors: dict[str, int]  # exception type -> count (none expected)

    @property
    def publishes(self) -> int:
        return self.latency.n + sum(self.errors.values())

    @property
    def per_second(self) -> float:
        return self.latency.n / self.wall_seconds if self.wall_seconds > 0 else float("nan")


# one publish as a publisher reports it: (started, seconds, lock wait, offer made, error);
# ``started`` is time.perf_counter(), CLOCK_MONOTONIC on Linux: one clock for every
# process; NaN for a publish never started (its publisher failed or died before it)
Outcome = tuple[float, float, float, bool, str | None]


def _not_started(count: int, reason: str) -> list[Outcome]:
    return [(math.nan, 0.0, 0.0, False, reason)] * count


def _publisher(
    number: int,
    spec: EngineSpec,
    now: datetime,
    targets: list[PublishTarget],
    barrier: Any,
    results: Any,
) -> None:
    """Warm up on ``targets[0]``, wait for the others, publish the rest; report every one
    of them, each publish it could not even start as an error."""
    owed = len(targets) - 1
    outcomes: list[Outcome] = []
    try:
        engine = spec.open()
        try:
            factory = session_factory_for(engine)
            ctx = bench_ctx(now)
            meter = LockWaitMeter(engine)
            # a new process compiles every statement on its first publish (about 100 ms,
            # in the lock): the first one warms it up uncounted, as a worker in service is
            publish_once(factory, ctx, targets[0])
            barrier.wait(timeout=START_SECONDS)
            with meter.active():
                for target in targets[1:]:
                    started = time.perf_counter()
                    try:
                        sample = publish_once(factory, ctx, target, meter)
                    except Exception as exc:  # counted and reported: the run must show none
                        failed = time.perf_counter() - started
                        outcomes.append((started, failed, 0.0, False, type(exc).__name__))
                        continue
                    outcomes.append((started, sample.seconds, sample.lock_wait, sample.hit, None))
        finally:
            engine.dispose()
    except Exception as exc:  # before or between publishes: the others stop waiting for it
        barrier.abort()
        outcomes += _not_started(owed - len(outcomes), f"not started ({type(exc).__name__})")
    finally:
        results.put((number, outcomes))


def _collect(processes: list[Any], owed: list[int], barrier: Any, results: Any) -> list[Outcome]:
    """Every publisher's outcomes; one that dies without a word (killed, crashed) or does
    not finish in time has its publishes counted as errors, and nothing waits for it."""
    received: dict[int, list[Outcome]] = {}
    deadline = time.monotonic() + START_SECONDS + RUN_SECONDS
    while len(received) < len(processes):
        try:
            number, outcomes = results.get(timeout=1.0)
            received[number] = outcomes
            continue
        except queue.Empty:
            pass
        late = time.monotonic() > deadline
        for number, process in enumerate(processes):
            if number in received or (process.exitcode is None and not late):
                continue
            try:  # its word may still be on the way: one more look before giving up on it
                number_, outcomes = results.get(timeout=2.0)
                received[number_] = outcomes
                continue
            except queue.Empty:
                pass
            barrier.abort()
            if process.exitcode is None:
                process.terminate()
            reason = "timed out" if late else f"publisher died (exit code {process.exitcode})"
            received[number] = _not_started(owed[number], reason)
    for process in processes:
        process.join()
    return [outcome for number in sorted(received) for outcome in received[number]]


def run_crowd(
    spec: EngineSpec, now: datetime, targets: Sequence[PublishTarget], publishers: int
) -> Crowd:
    """``targets`` published by ``publishers`` processes at once (dealt round-robin), the
    first of each process's share a warm-up (so ``publishers`` fewer are measured)."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(publishers)
    results = context.Queue()
    shares = [list(targets[i::publishers]) for i in range(publishers)]
    if any(len(share) < 2 for share in shares):
        raise ValueError(f"{len(targets)} publishes are too few for {publishers} publishers")
    processes = [
        context.Process(target=_publisher, args=(n, spec, now, share, barrier, results))
        for n, share in enumerate(shares)
    ]
    for process in processes:
        process.start()
    outcomes = _collect(processes, [len(share) - 1 for share in shares], barrier, results)
    done = [o for o in outcomes if o[4] is None]
    errors = Counter(o[4] for o in outcomes if o[4] is not None)
    ran = [o for o in outcomes if not math.isnan(o[0])]
    first = min((o[0] for o in ran), default=0.0)
    last = max((o[0] + o[1] for o in ran), default=0.0)
    return Crowd(
        publishers=publishers,
        latency=Summary.of([o[1] for o in done]),
        lock_wait=Summary.of([o[2] for o in done]),
        wall_seconds=last - first,
        offers=sum(1 for o in done if o[3]),
        errors=dict(errors),
    )
