"""One database, start to finish: scratch schema, demo region, baseline, the two
operations, a profile of any that misses its target, clean-up."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import text

from bench import baseline, workloads
from bench.crowd import Crowd, run_crowd
from bench.profiling import Hotspots, LockWaitMeter, profile
from bench.scratch import Scratch, ServerCpu, postgresql_scratch, sqlite_scratch
from bench.stats import Summary, load_average
from domain.policy import DEFAULT_POLICY
from server_stub.demo import generate
from server_stub.models import Base
from server_stub.runtime import session_factory_for

TARGET_MS = 30.0
LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Options:
    kindergartens: int
    applications: int
    samples: int
    inserts: int
    seed: int
    now: datetime
    pg_url: str
    analyze: str  # auto | yes | no
    profile: str  # auto | always | never
    profile_samples: int
    warmup: int
    keep: bool
    crowds: tuple[int, ...] = (1, 4, 16)  # publishers at once (bench/crowd.py); () none


@dataclass(frozen=True)
class Measured:
    label: str
    summary: Summary
    unit: str  # of throughput
    hits: int | None = None
    server_cpu_ms: float = float("nan")  # PostgreSQL backends' CPU per operation (mean)

    def with_server_cpu(self, meter: ServerCpu, operations: int) -> Measured:
        return replace(self, server_cpu_ms=meter.seconds * 1000 / max(1, operations))


@dataclass(frozen=True)
class Generation:
    seconds: float
    rows: int
    counts: dict[str, int]
    phases: dict[str, float]
    stats: dict[str, int]
    analyze: str | None  # what was run after it (a settled database), or None
    analyze_seconds: float
    size_bytes: int = 0  # the whole database after the load
    table_bytes: dict[str, int] = field(default_factory=dict)  # largest tables, with indexes

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class Target:
    name: str
    measured_ms: float
    binding: bool  # False: the issue sets it for the other database; shown for reference
    limit_ms: float = TARGET_MS

    @property
    def met(self) -> bool:
        return self.measured_ms <= self.limit_ms


@dataclass
class DbResult:
    dialect: str
    where: str
    generation: Generation
    insert_engine: Measured
    insert_raw: Measured
    round_trip: Measured
    publish: Measured
    publish_net: Measured | None  # publish minus waits for the queue lock (PostgreSQL)
    positions: Measured
    targets: list[Target]
    hotspots: list[Hotspots] = field(default_factory=list)
    crowds: list[Crowd] = field(default_factory=list)  # publishing at once
    # (phase, 1-minute load average, other busy PostgreSQL sessions) along the run
    load: list[tuple[str, float, int | None]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.dialect]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _scratch(dialect: str, options: Options) -> AbstractContextManager[Scratch]:
    if dialect == "postgresql":
        return postgresql_scratch(options.pg_url, keep=options.keep)
    return sqlite_scratch(keep=options.keep)


def _settle(scratch: Scratch, mode: str) -> tuple[str | None, float]:
    """Statistics for the planner after the bulk load, as a running server's database has.

    ``auto``: on PostgreSQL ``VACUUM (ANALYZE)`` of our tables (autovacuum does this
    within minutes of a bulk load anyway); on SQLite nothing, because the server never
    runs ANALYZE there, so that is what its queries meet.
    """
    postgresql = scratch.dialect == "postgresql"
    if mode == "no" or (mode == "auto" and not postgresql):
        return None, 0.0
    started = time.perf_counter()
    if postgresql:
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        statement = f"VACUUM (ANALYZE) {tables}"
        with scratch.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(statement)
        shown = "VACUUM (ANALYZE) of the schema's tables"
    else:
        with scratch.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        shown = "ANALYZE"
    return shown, time.perf_counter() - started


def _busy_sessions(scratch: Scratch) -> int | None:
    """Other sessions of the PostgreSQL server running a statement or in a transaction."""
    if scratch.dialect != "postgresql":
        return None
    with scratch.engine.connect() as connection:
        busy = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                "AND state <> 'idle' AND pid <> pg_backend_pid() "
                "AND application_name NOT LIKE 'kezek-bench_%'"
            )
        )
    return int(busy or 0)


def _sizes(scratch: Scratch) -> tuple[int, dict[str, int]]:
    """Bytes on disk after the load: the database, and its largest tables with indexes."""
    if scratch.dialect == "sqlite":
        assert scratch.sqlite_path is not None
        files = [
            scratch.sqlite_path,
            scratch.sqlite_path.with_name(scratch.sqlite_path.name + "-wal"),
        ]
        return sum(f.stat().st_size for f in files if f.exists()), {}
    with scratch.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 2 DESC"
            )
        ).all()
        connection.rollback()
    sizes = {str(name): int(size) for name, size in rows}
    return sum(sizes.values()), dict(list(sizes.items())[:3])


def _timed(
    label: str, unit: str, ops: Iterator[workloads.Sample], warmup: int
) -> tuple[Measured, list[workloads.Sample]]:
    samples = [sample for i, sample in enumerate(ops) if i >= warmup]
    summary = Summary.of([s.seconds for s in samples], [s.cpu for s in samples])
    return Measured(label, summary, unit, sum(s.hit for s in samples)), samples


def run_database(dialect: str, options: Options) -> DbResult:
    label = LABELS[dialect]
    load: list[tuple[str, float, int | None]] = []
    with _scratch(dialect, options) as scratch:
        log(f"{label}: scratch database ready ({scratch.where}), migrated")

        def note_load(phase: str) -> None:
            load.append((phase, load_average(), _busy_sessions(scratch)))
            log(f"{label}: {phase}: load average {load[-1][1]:.2f}, other busy sessions "
                f"{load[-1][2] if load[-1][2] is not None else '-'}")  # fmt: skip

        note_load("before generation")
        started = time.perf_counter()
        report = generate(
            scratch.engine,
            kindergartens=options.kindergartens,
            applications=options.applications,
            seed=options.seed,
            now=options.now,
            policy=DEFAULT_POLICY,
            # the 51 demo logins: a cheap hash, so that the time is the data's
            password_hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
        )
        seconds = time.perf_counter() - started
        log(f"{label}: {report}")
        analyzed, analyze_seconds = _settle(scratch, options.analyze)
        if analyzed:
            log(f"{label}: {analyzed} in {analyze_seconds:.1f} s")
        size, tables = _sizes(scratch)
        generation = Generation(
            seconds, report.rows, dict(report.counts), dict(report.phases), dict(report.stats),
            analyzed, analyze_seconds, size, tables,
        )  # fmt: skip

        note_load("before baseline")
        log(f"{label}: baseline, {options.inserts} x INSERT + COMMIT (engine, then raw driver)")
        with ServerCpu(scratch) as server_cpu:
            inserts = baseline.engine_inserts(scratch.engine, options.inserts)
        insert_engine = Measured(
            "INSERT + COMMIT, server engine (SQLAlchemy)", inserts, "tx/s"
        ).with_server_cpu(server_cpu, options.inserts + 20)
        driver = "psycopg 3" if dialect == "postgresql" else "sqlite3"
        insert_raw = Measured(
            f"INSERT + COMMIT, raw {driver}", baseline.raw_inserts(scratch, options.inserts), "tx/s"
        )
        round_trip = Measured(
            f"SELECT 1, raw {driver}, no transaction (one round trip)",
            baseline.raw_round_trips(scratch, options.inserts),
            "/s",
        )

        # the server's own factory: the desks' change feed and the audit chain at commit
        factory = session_factory_for(scratch.engine)
        ctx = workloads.bench_ctx(options.now)
        rng = random.Random(options.seed)
        extra = 2 * options.profile_samples
        wanted = options.warmup + options.samples
        crowd_total = sum(options.samples + n for n in options.crowds)  # + warm-ups
        log(f"{label}: choosing {wanted + extra + crowd_total} publish targets and "
            f"{wanted + extra} positions lookups")  # fmt: skip
        publish_targets = workloads.publish_targets(factory, ctx, wanted + extra, rng)
        positions_ids = workloads.positions_targets(factory, ctx, wanted + extra, rng)
        crowd_targets = (
            workloads.publish_targets(factory, ctx, crowd_total, rng) if crowd_total else []
        )

        note_load("before publish")
        log(f"{label}: publish one place -> offer, {options.samples} samples")
        meter = LockWaitMeter(scratch.engine)
        with meter.active(), ServerCpu(scratch) as server_cpu:
            publish, publish_samples = _timed(
                "Publish one place → offer (one transaction)",
                "tx/s",
                (workloads.publish_once(factory, ctx, t, meter) for t in publish_targets[:wanted]),
                options.warmup,
            )
        publish = publish.with_server_cpu(server_cpu, wanted)
        publish_net: Measured | None = None
        if dialect == "postgresql":
            publish_net = Measured(
                "… the same minus waits for the queue lock (`pg_advisory_xact_lock`)",
                Summary.of(
                    [s.seconds - s.lock_wait for s in publish_samples],
                    [s.cpu for s in publish_samples],
                ),
                "tx/s",
                publish.hits,
                publish.server_cpu_ms,
            )
        note_load("before positions")
        log(f"{label}: queue positions, {options.samples} samples")
        with ServerCpu(scratch) as server_cpu:
            positions, _ = _timed(
                "Queue positions of an application with 4 choices",
                "lookups/s",
                (workloads.positions_once(factory, ctx, i) for i in positions_ids[:wanted]),
                options.warmup,
            )
        positions = positions.with_server_cpu(server_cpu, wanted)
        note_load("after positions")
        crowds: list[Crowd] = []
        dealt = 0
        for publishers in options.crowds:
            share = crowd_targets[dealt : dealt + options.samples + publishers]
            dealt += len(share)
            log(f"{label}: {options.samples} publishes by {publishers} publishers at once")
            crowds.append(run_crowd(scratch.spec, options.now, share, publishers))
            note_load(f"after {publishers} publishers")
        targets = [
            Target("publish → offer p95 ≤ 30 ms (PostgreSQL)", publish.summary.p95,
                   binding=dialect == "postgresql"),
            Target("queue positions p95 ≤ 30 ms", positions.summary.p95, binding=True),
        ]  # fmt: skip
        if publish_net is not None:
            targets.insert(
                1,
                Target(
                    "publish → offer p95 without queue-lock waits (information)",
                    publish_net.summary.p95,
                    binding=False,
                ),
            )

        hotspots: list[Hotspots] = []
        n = options.profile_samples
        runs: list[tuple[Measured, str, list[Callable[[], Any]]]] = [
            (
                publish,
                "publish one place → offer",
                [_bind(workloads.publish_once, factory, ctx, t) for t in publish_targets[wanted:]],
            ),
            (
                positions,
                "queue positions (4 choices)",
                [_bind(workloads.positions_once, factory, ctx, i) for i in positions_ids[wanted:]],
            ),
        ]
        for measured, name, ops in runs:
            slow = measured.summary.p95 > TARGET_MS
            if options.profile == "never" or (options.profile == "auto" and not slow) or n < 1:
                continue
            log(f"{label}: profiling {name} ({n} samples with statement timing, {n} in cProfile)")
            hotspots.append(profile(scratch, name, ops[:n], ops[n : 2 * n]))
        if options.keep:
            log(f"{label}: kept {scratch.where}")
        return DbResult(
            dialect, scratch.where, generation, insert_engine, insert_raw, round_trip, publish,
            publish_net, positions, targets, hotspots, crowds, load,
        )  # fmt: skip


def _bind(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return lambda: fn(*args)
