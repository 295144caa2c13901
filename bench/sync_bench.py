"""``python -m bench sync``: the desks' sync against a real server process (issue 4).

Per database: a scratch database with a demo region (:mod:`bench.scratch`,
:func:`server_stub.demo.generate`), the raw single-row INSERT + COMMIT baseline on it
(:mod:`bench.baseline`), the scene set through the server's services
(:mod:`bench.sync_setup`), then the server in a separate process
(:mod:`bench.sync_server`: uvicorn workers, the benchmark's clock, ``Server-Timing``) and:

1. **push**: a desk (:mod:`bench.sync_desk`: real SQLCipher store, head account) records
   ``--ops`` ops offline through the Desk use cases, then one ``SyncEngine.sync()``
   pushes them (and pulls back their echo from the feed);
2. **pull**: the server makes ``--pull-changes`` feed changes for a synced desk's
   kindergarten through its services; one ``sync()`` pulls them;
3. **storm** (PostgreSQL): ``--storm-desks`` desks push ``--storm-ops`` ops each over
   ``--storm-concurrency`` connections (:mod:`bench.sync_storm`);
4. bytes on the wire per op and per change, from a counting transport
   (:mod:`bench.sync_net`) under the SyncEngine;
5. **slow link** (PostgreSQL): a desk's day (``--slow-ops`` ops, then the day's sync) over
   an emulated rural line, ``--slow-days`` times.

Every result carries the 1-minute load average and the machine's CPU use while it ran.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import random
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bench import baseline
from bench.machine import Machine, describe
from bench.profiling import FunctionStat, Hotspots, profile, top_functions
from bench.runner import LABELS, _settle, log
from bench.scratch import Scratch, ServerCpu, postgresql_scratch, sqlite_scratch
from bench.stats import Summary, load_average, percentile, positive
from bench.sync_desk import BenchDesk
from bench.sync_net import CountingTransport, Exchange, SlowLink
from bench.sync_server import BenchClock, ServerConfig, ServerProcess
from bench.sync_setup import (
    CHEAP_HASHER,
    Factory,
    Planned,
    accept_open_offers,
    ctx_at,
    documents,
    ensure_heads,
    envelope,
    issue_tokens,
    kinds,
    local_today,
    make_referrals,
    password_of,
    plan_ops,
    read_site,
    run_on_desk,
)
from bench.sync_storm import DeskPush, build_push, run_storm
from domain.errors import DomainError
from domain.policy import DEFAULT_POLICY
from server_stub.demo import generate
from server_stub.models import Account, Kindergarten, ProcessedOp
from server_stub.registries import DevRegistry
from server_stub.runtime import session_factory_for
from server_stub.services import auth, feed
from server_stub.services import desk as desk_service
from server_stub.services import sync as sync_service
from sync import protocol
from sync.client import Progress, SyncError, SyncSummary

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_URL_ENV = "KEZEK_BENCH_PG_URL"
DEFAULT_START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday 11:00 in Kazakhstan
PARTS = ("push", "pull", "storm", "slow")


# -------------------------------------------------------------------------------- options


@dataclass(frozen=True)
class SyncOptions:
    kindergartens: int = 1000
    applications: int = 100_000
    ops: int = 10_000
    push_referrals: int = 1000
    pull_changes: int = 10_000
    storm_desks: int = 1000
    storm_ops: int = 50
    storm_concurrency: int = 100
    storm_referrals: int = 4
    workers: int = 2
    threads: int = 20
    slow_days: int = 3
    slow_ops: int = 50
    latency_ms: float = 300.0
    kbit: float = 64.0
    failure_rate: float = 0.2
    inserts: int = 2000
    seed: int = 2026
    start: datetime = DEFAULT_START
    pg_url: str = DEFAULT_PG_URL
    parts: tuple[str, ...] = PARTS
    keep: bool = False
    own_database: bool = True  # PostgreSQL: a database of its own (see _own_pg_database)
    profile_ops: int = 500  # desk and server profiles after the push (0: none)


# -------------------------------------------------------------------------------- meters


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


@dataclass
class Conditions:
    """What else the machine was doing while a number was taken."""

    load_before: float = math.nan
    load_after: float = math.nan
    machine_busy: float = math.nan  # share of all cores busy (any process), 0..1
    server_cpu: float = math.nan  # seconds of the uvicorn processes
    database_cpu: float = math.nan  # seconds of our PostgreSQL backends (pooled ones)
    seconds: float = math.nan

    def line(self) -> str:
        parts = [f"load {self.load_before:.1f}→{self.load_after:.1f}"]
        if not math.isnan(self.machine_busy):
            parts.append(f"CPU busy {self.machine_busy * 100:.0f} %")
        if not math.isnan(self.server_cpu):
            parts.append(f"server CPU {self.server_cpu:.1f} s")
        if not math.isnan(self.database_cpu):
            parts.append(f"PostgreSQL CPU {self.database_cpu:.1f} s")
        return ", ".join(parts)


@contextmanager
def measured(scratch: Scratch, server: ServerProcess | None) -> Iterator[Conditions]:
    conditions = Conditions(load_before=load_average())
    busy0, total0 = _cpu_jiffies()
    server0 = server.cpu_seconds() if server else math.nan
    started = time.perf_counter()
    with ServerCpu(scratch) as database:
        yield conditions
    conditions.seconds = time.perf_counter() - started
    busy1, total1 = _cpu_jiffies()
    if total1 > total0:
        conditions.machine_busy = (busy1 - busy0) / (total1 - total0)
    if server is not None:
        conditions.server_cpu = server.cpu_seconds() - server0
    conditions.database_cpu = database.seconds
    conditions.load_after = load_average()


# ------------------------------------------------------------------------------- results


@dataclass
class Transfer:
    """Requests of one kind as they crossed the wire, summed."""

    requests: int = 0
    request_head: int = 0
    request_body: int = 0
    request_plain: int = 0
    response_head: int = 0
    response_body: int = 0
    response_plain: int = 0
    server_seconds: float = 0.0
    round_trip_seconds: float = 0.0
    failures: int = 0

    @classmethod
    def of(cls, exchanges: Sequence[Exchange]) -> Transfer:
        t = cls()
        for e in exchanges:
            t.requests += 1
            t.request_head += e.request_head
            t.request_body += e.request_body
            t.request_plain += e.request_decoded
            t.response_head += e.response_head
            t.response_body += e.response_body
            t.response_plain += e.response_decoded
            if not math.isnan(e.server_ms):
                t.server_seconds += e.server_ms / 1000
            t.round_trip_seconds += e.seconds
            t.failures += e.failed is not None
        return t

    @property
    def sent(self) -> int:
        return self.request_head + self.request_body

    @property
    def received(self) -> int:
        return self.response_head + self.response_body


@dataclass
class DeskProfile:
    """cProfile of a SyncEngine push in the desk's process (the server is elsewhere)."""

    ops: int
    seconds: float  # with the profiler's overhead
    by_cumulative: list[FunctionStat]  # desktop/ and sync/ code
    by_self: list[FunctionStat]


@dataclass
class PushResult:
    kindergarten_id: int
    referrals: int
    ops: int
    mix: dict[str, int]
    record_seconds: float
    desk_refusals: Counter[str]
    push_seconds: float
    push: Transfer
    applied: int
    duplicates: int
    rejected: int
    rejected_codes: Counter[str]
    retries: int
    echo_changes: int
    echo_seconds: float
    echo: Transfer
    meta: Transfer
    conditions: Conditions
    # per push request: (ops still in the outbox before it, seconds in the server,
    # seconds the desk spent after its answer before the next request)
    failed_runs: list[str] = field(default_factory=list)  # codes of runs that gave up
    batches: list[tuple[int, float, float]] = field(default_factory=list)
    server_hotspots: Hotspots | None = None
    desk_profile: DeskProfile | None = None

    @property
    def ops_per_second(self) -> float:
        return self.ops / self.push_seconds if self.push_seconds else math.nan

    @property
    def server_ops_per_second(self) -> float:
        s = self.push.server_seconds
        return self.ops / s if s else math.nan


@dataclass
class PullResult:
    kindergarten_id: int
    produced: int
    produce_seconds: float
    produce_transactions: int
    pulled: int
    seconds: float
    transfer: Transfer
    retries: int
    conditions: Conditions
    failed_runs: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.pulled / self.seconds if self.seconds else math.nan

    @property
    def server_per_second(self) -> float:
        s = self.transfer.server_seconds
        return self.pulled / s if s else math.nan


@dataclass
class SlowDay:
    ops: int
    pushed: int
    pulled: int
    seconds: float
    runs: int
    retries: int
    lost_before: int
    lost_after: int
    requests: int
    sent: int
    received: int
    wire_seconds: float
    outcome: str


@dataclass
class SlowResult:
    kindergarten_id: int
    days: list[SlowDay]
    conditions: Conditions


@dataclass
class StormResult:
    desks: int
    ops: int
    concurrency: int
    wall_seconds: float
    latencies_ms: list[float]
    server_ms: list[float]
    errors: Counter[str]
    results: Counter[str]
    rejected: Counter[str]
    sent: int
    received: int
    plain_sent: int
    conditions: Conditions
    setup_seconds: float

    @property
    def ops_per_second(self) -> float:
        return self.ops / self.wall_seconds if self.wall_seconds else math.nan

    def latency(self, q: float) -> float:
        return percentile(sorted(self.latencies_ms), q)

    def server(self, q: float) -> float:
        return percentile(sorted(v for v in self.server_ms if not math.isnan(v)), q)


@dataclass
class SyncDbResult:
    dialect: str
    where: str
    region: str
    region_seconds: float
    insert_raw: Summary
    insert_engine: Summary
    workers: int
    threads: int
    setup_seconds: dict[str, float] = field(default_factory=dict)
    push: PushResult | None = None
    pull: PullResult | None = None
    slow: SlowResult | None = None
    storm: StormResult | None = None

    @property
    def label(self) -> str:
        return LABELS[self.dialect]

    @property
    def insert_rate(self) -> float:
        return self.insert_raw.per_second


# --------------------------------------------------------------------------------- runs


def _retry_counter() -> tuple[list[int], Any]:
    count = [0]

    def progress(p: Progress) -> None:
        if p.phase == "retry":
            count[0] += 1

    return count, progress


def _outcomes(factory: Factory, device: str) -> Counter[str]:
    """What the server stored for the device's ops: applied / rejected (ground truth)."""
    with factory() as session:
        rows = session.execute(
            select(ProcessedOp.status, func.count())
            .where(ProcessedOp.device_id == device)
            .group_by(ProcessedOp.status)
        ).all()
    return Counter({str(status): int(n) for status, n in rows})


def _rejections(
    factory: Factory, kindergarten_ids: Sequence[int], device: str | None
) -> Counter[str]:
    codes: Counter[str] = Counter()
    with factory() as session:
        query = select(ProcessedOp.result).where(
            ProcessedOp.status == "rejected", ProcessedOp.kindergarten_id.in_(kindergarten_ids)
        )
        if device is not None:
            query = query.where(ProcessedOp.device_id == device)
        for result in session.scalars(query):
            codes[str(result.get("code"))] += 1
    return codes


def _profile_desk(
    desk: BenchDesk, factory: Factory, kg: int, login: str, count: int, today: Any
) -> DeskProfile:
    """Record ``count`` more check ops offline, then sync them under cProfile (the push
    and the pull of its echo, in pages of 1,000)."""
    site = read_site(factory, kg, login)
    plan = plan_ops(site, count, visit=today, leaves=0, publishes=0, withdraws=0, enrolls=0)
    for op in plan:
        run_on_desk(desk.desk, op, visit=today)
    engine = desk.engine()
    engine.page_size = protocol.MAX_PAGE
    ops = desk.local.pending_count()
    log(f"push: profiling the desk's side of a push of {ops:,} ops (cProfile)")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    engine.sync()
    profiler.disable()
    seconds = time.perf_counter() - started
    by_cumulative, by_self = top_functions(pstats.Stats(profiler), own=("desktop", "sync"), per=ops)
    return DeskProfile(ops, seconds, by_cumulative, by_self)


def _profile_server(
    scratch: Scratch, factory: Factory, clock: BenchClock, kg: int, login: str, count: int
) -> Hotspots:
    """The server's push of one document-check op at a time, in this process: statements
    timed at the driver, then Python under cProfile (:func:`bench.profiling.profile`)."""
    token = issue_tokens(factory, clock, {kg: login})[kg]
    with factory() as session:
        principal = auth.authenticate(session, now=clock(), secret=token)
    site = read_site(factory, kg, login)
    today = local_today(clock)
    plan = plan_ops(site, 2 * count, visit=today, leaves=0, publishes=0, withdraws=0, enrolls=0)

    def one(planned: Planned) -> Callable[[], object]:
        def push() -> object:
            request = protocol.PushRequest(
                device_id="bench-profile", ops=[envelope(planned, visit=today, at=clock())]
            )
            return sync_service.push(
                factory,
                ctx_at(clock, principal.actor),
                principal,
                request,
                "ru",
                registry=DevRegistry(),
            )

        return push

    calls = [one(p) for p in plan]
    log(f"push: profiling the server's side, {count} + {count} single-op pushes in process")
    return profile(
        scratch,
        "the server's push of one document-check op (`services.sync.push`, in process)",
        calls[:count],
        calls[count:],
        plans=0,
    )


def _sync_until_done(
    desk: BenchDesk,
    transport: httpx.BaseTransport,
    progress: Callable[[Progress], None],
    retries: list[int],
    runs: int = 5,
) -> tuple[SyncSummary, list[str]]:
    """``sync()`` again at once after a run that gives up (as the app's timer would, later):
    the last run's summary and the codes of the runs that failed."""
    failed: list[str] = []
    while True:
        try:
            return desk.sync(transport, progress), failed
        except SyncError as exc:
            failed.append(exc.code)
            retries[0] += 1
            log(f"sync run failed ({exc.code}); running it again")
            if len(failed) >= runs:
                raise


def run_push(
    scratch: Scratch,
    server: ServerProcess,
    factory: Factory,
    clock: BenchClock,
    kg: int,
    login: str,
    options: SyncOptions,
    home: Path,
) -> PushResult:
    transport = CountingTransport()
    desk = BenchDesk(home, server.base_url, login, password_of(login), clock)
    try:
        desk.sync(transport)  # sign-in's first sync: the snapshot
        transport.take()
        site = read_site(factory, kg, login)
        today = local_today(clock)
        plan = plan_ops(
            site,
            options.ops,
            visit=today,
            leaves=max(1, options.ops * 15 // 1000),
            publishes=max(1, options.ops // 100),
            withdraws=max(1, options.ops // 100),
            enrolls=len(site.referrals) // 2,
        )
        log(f"push: recording {len(plan):,} ops offline at kindergarten {kg} {kinds(plan)}")
        refusals: Counter[str] = Counter()
        started = time.perf_counter()
        for op in plan:
            try:
                run_on_desk(desk.desk, op, visit=today)
            except DomainError as exc:
                refusals[exc.code] += 1
        record_seconds = time.perf_counter() - started
        pending = desk.local.pending_count()
        log(f"push: {pending:,} ops in the outbox in {record_seconds:.1f} s "
            f"({pending / record_seconds:,.0f} ops/s); desk refusals {dict(refusals)}")  # fmt: skip
        retries, progress = _retry_counter()
        with measured(scratch, server) as conditions:
            started = time.perf_counter()
            summary, failed_runs = _sync_until_done(desk, transport, progress, retries)
            finished = time.perf_counter()
        exchanges = transport.take()
        pulls = [e for e in exchanges if e.path == "changes"]
        push_end = pulls[0].started if pulls else finished
        pushes = [e for e in exchanges if e.path == "push"]
        echo = Transfer.of(pulls)
        device = desk.local.state().device_id
        batches: list[tuple[int, float, float]] = []
        for i, e in enumerate(pushes):
            following = pushes[i + 1].started if i + 1 < len(pushes) else push_end
            batches.append(
                (pending - i * desk.engine().batch_size, e.server_ms / 1000, following - e.finished)
            )
        desk_profile = None
        if options.profile_ops:
            desk_profile = _profile_desk(desk, factory, kg, login, options.profile_ops, today)
    finally:
        desk.close()
    result = PushResult(
        kindergarten_id=kg,
        referrals=len(site.referrals),
        ops=pending,
        mix=kinds(plan),
        record_seconds=record_seconds,
        desk_refusals=refusals,
        push_seconds=push_end - started,
        push=Transfer.of(pushes),
        applied=_outcomes(factory, device).get("applied", 0),
        duplicates=summary.duplicates,
        rejected=_outcomes(factory, device).get("rejected", 0),
        rejected_codes=_rejections(factory, [kg], device),
        retries=retries[0],
        echo_changes=summary.pulled,
        failed_runs=failed_runs,
        echo_seconds=finished - push_end,
        echo=echo,
        meta=Transfer.of([e for e in exchanges if e.path == "meta"]),
        conditions=conditions,
        batches=batches,
        desk_profile=desk_profile,
    )
    if options.profile_ops:
        result.server_hotspots = _profile_server(
            scratch, factory, clock, kg, login, options.profile_ops
        )
    log(f"push: {result.ops:,} ops in {result.push_seconds:.1f} s = {result.ops_per_second:,.0f} "
        f"ops/s end to end, {result.server_ops_per_second:,.0f} ops/s in the server; applied "
        f"{result.applied:,}, rejected {result.rejected:,} {dict(result.rejected_codes)}, "
        f"retries {result.retries}; echo {result.echo_changes:,} changes in "
        f"{result.echo_seconds:.1f} s; {conditions.line()}")  # fmt: skip
    return result


def _produce_changes(
    factory: Factory, clock: BenchClock, kg: int, wanted: int
) -> tuple[int, float, int]:
    """``wanted`` feed changes at ``kg`` through the desk services: leaves (one change
    each, a family's data: the pull audits them) and document checks of all four
    documents (four changes each). (changes made, seconds, transactions)."""
    with factory() as session:
        _, head0 = feed.bounds(session, kg)
        account = session.scalar(
            select(Account.id).where(Account.kindergarten_id == kg, Account.role == "head")
        )
    assert account is not None
    site = read_site(factory, kg, "")
    transactions = 0
    started = time.perf_counter()
    leaves = site.enrollments[: min(len(site.enrollments), wanted // 100)]
    for enrollment_id, _group in leaves:
        with factory.begin() as session:
            ctx = ctx_at(clock, f"account:{account}")
            desk_service.record_leave(
                session, ctx, kg, enrollment_id, day=ctx.today, reason="Семья переехала"
            )
        transactions += 1
    made = len(leaves)
    index = 0
    while made < wanted and site.referrals:
        family = site.referrals[index % len(site.referrals)]
        index += 1
        with factory.begin() as session:
            ctx = ctx_at(clock, f"account:{account}")
            docs = documents(family, ctx.today, "all")
            desk_service.record_document_check(
                session,
                ctx,
                kg,
                family.referral_id,
                docs.to_domain(),
                visit_date=ctx.today,
                account_id=account,
            )
        transactions += 1
        made += 4
    seconds = time.perf_counter() - started
    with factory() as session:
        _, head1 = feed.bounds(session, kg)
    return head1 - head0, seconds, transactions


def run_pull(
    scratch: Scratch,
    server: ServerProcess,
    factory: Factory,
    clock: BenchClock,
    kg: int,
    login: str,
    options: SyncOptions,
    home: Path,
) -> PullResult:
    transport = CountingTransport()
    desk = BenchDesk(home, server.base_url, login, password_of(login), clock)
    try:
        desk.sync(transport)
        transport.take()
        produced, produce_seconds, transactions = _produce_changes(
            factory, clock, kg, options.pull_changes
        )
        log(f"pull: the server made {produced:,} changes at kindergarten {kg} in "
            f"{produce_seconds:.1f} s ({transactions:,} service transactions)")  # fmt: skip
        retries, progress = _retry_counter()
        with measured(scratch, server) as conditions:
            started = time.perf_counter()
            summary, failed_runs = _sync_until_done(desk, transport, progress, retries)
            seconds = time.perf_counter() - started
        exchanges = transport.take()
    finally:
        desk.close()
    result = PullResult(
        kindergarten_id=kg,
        produced=produced,
        produce_seconds=produce_seconds,
        produce_transactions=transactions,
        pulled=summary.pulled,
        seconds=seconds,
        failed_runs=failed_runs,
        transfer=Transfer.of([e for e in exchanges if e.path == "changes"]),
        retries=retries[0],
        conditions=conditions,
    )
    log(f"pull: {result.pulled:,} changes in {seconds:.1f} s = {result.per_second:,.0f}/s "
        f"end to end, {result.server_per_second:,.0f}/s in the server; "
        f"{conditions.line()}")  # fmt: skip
    return result


def run_slow(
    scratch: Scratch,
    server: ServerProcess,
    factory: Factory,
    clock: BenchClock,
    kg: int,
    login: str,
    options: SyncOptions,
    home: Path,
) -> SlowResult:
    counting = CountingTransport()
    link = SlowLink(
        counting,
        latency_seconds=options.latency_ms / 1000,
        bytes_per_second=options.kbit * 1000 / 8,
        failure_rate=options.failure_rate,
        rng=random.Random(options.seed),
    )
    desk = BenchDesk(home, server.base_url, login, password_of(login), clock)
    days: list[SlowDay] = []
    try:
        desk.sync()  # the first sync (snapshot) at the district office, on a good line
        with measured(scratch, server) as conditions:
            for day in range(options.slow_days):
                # families accept yesterday's offers: the day's referrals reach the desk
                accept_open_offers(factory, clock, kg)
                site = read_site(factory, kg, login)
                today = local_today(clock)
                plan = plan_ops(
                    site, options.slow_ops, visit=today, leaves=2, publishes=1, withdraws=0,
                    enrolls=2,
                )  # fmt: skip
                for op in plan:
                    try:
                        run_on_desk(desk.desk, op, visit=today)
                    except DomainError as exc:
                        log(f"slow link: desk refused {op.kind}: {exc.code}")
                ops = desk.local.pending_count()
                retries, progress = _retry_counter()
                before = (link.stats.lost_before, link.stats.lost_after, link.stats.requests)
                wire0 = link.stats.seconds_on_wire
                started = time.perf_counter()
                runs, pushed, pulled, outcome = 0, 0, 0, "failed"
                while runs < 10:
                    runs += 1
                    try:
                        summary = desk.sync(link, progress)
                    except SyncError as exc:
                        outcome = exc.code
                        retries[0] += 1  # the next run is a retry too
                        continue
                    pushed += summary.pushed
                    pulled += summary.pulled
                    outcome = summary.outcome
                    break
                seconds = time.perf_counter() - started
                exchanges = counting.take()
                t = Transfer.of(exchanges)
                lost_before = link.stats.lost_before - before[0]
                days.append(
                    SlowDay(
                        ops=ops,
                        pushed=pushed,
                        pulled=pulled,
                        seconds=seconds,
                        runs=runs,
                        retries=retries[0],
                        lost_before=lost_before,
                        lost_after=link.stats.lost_after - before[1],
                        requests=link.stats.requests - before[2],
                        sent=t.sent,
                        received=t.received,
                        wire_seconds=link.stats.seconds_on_wire - wire0,
                        outcome=outcome,
                    )
                )
                d = days[-1]
                log(f"slow link day {day + 1}: {d.ops} ops, pulled {d.pulled}, {d.seconds:.1f} s, "
                    f"{d.requests} requests, retries {d.retries} (lost before {d.lost_before}, "
                    f"after {d.lost_after}), {d.runs} run(s), {d.outcome}")  # fmt: skip
    finally:
        desk.close()
    return SlowResult(kg, days, conditions)


def prepare_storm(
    factory: Factory, clock: BenchClock, options: SyncOptions, rng: random.Random
) -> tuple[list[int], dict[int, str], float]:
    started = time.perf_counter()
    with factory() as session:
        kgs = [
            int(k)
            for k in session.scalars(
                select(Kindergarten.id).order_by(Kindergarten.id).limit(options.storm_desks)
            )
        ]
    heads = ensure_heads(factory, clock, kgs)
    log(f"storm: {len(heads):,} head accounts; referrals at each kindergarten ...")
    short = 0
    for n, kg in enumerate(kgs, start=1):
        if make_referrals(factory, clock, kg, options.storm_referrals, rng) < 1:
            short += 1
        if n % 200 == 0:
            log(f"storm: {n:,} kindergartens ready")
    if short:
        log(f"storm: {short} kindergartens without a referral (their desks only record leaves)")
    return kgs, heads, time.perf_counter() - started


def run_storm_part(
    scratch: Scratch,
    server: ServerProcess,
    factory: Factory,
    clock: BenchClock,
    kgs: list[int],
    heads: dict[int, str],
    options: SyncOptions,
    setup_seconds: float,
) -> StormResult:
    tokens = issue_tokens(factory, clock, {kg: heads[kg] for kg in kgs})
    today = local_today(clock)
    pushes: list[DeskPush] = []
    for kg in kgs:
        site = read_site(factory, kg, heads[kg])
        planned = plan_ops(
            site,
            options.storm_ops,
            visit=today,
            leaves=3 if site.referrals else options.storm_ops - 1,
            publishes=1,
            withdraws=0,
            enrolls=1,
        )
        ops = [envelope(p, visit=today, at=clock()) for p in planned]
        pushes.append(build_push(kg, tokens[kg], ops, f"bench-storm-{kg}"))
    total = sum(p.ops for p in pushes)
    log(f"storm: {len(pushes):,} desks, {total:,} ops, {options.storm_concurrency} connections")
    with measured(scratch, server) as conditions:
        run = run_storm(server.base_url, pushes, options.storm_concurrency)
    errors: Counter[str] = Counter()
    results: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for answer in run.answers:
        if answer.error is not None:
            errors[answer.error] += 1
        results.update(answer.results)
        rejected.update(answer.rejected)
    done = sum(results.values())
    result = StormResult(
        desks=len(pushes),
        ops=done,
        concurrency=run.concurrency,
        wall_seconds=run.wall_seconds,
        latencies_ms=[a.seconds * 1000 for a in run.answers],
        server_ms=[a.server_ms for a in run.answers],
        errors=errors,
        results=results,
        rejected=rejected,
        sent=sum(p.body.__len__() for p in pushes),
        received=sum(a.received_bytes for a in run.answers),
        plain_sent=sum(p.plain_bytes for p in pushes),
        conditions=conditions,
        setup_seconds=setup_seconds,
    )
    log(f"storm: {done:,} ops answered in {run.wall_seconds:.1f} s = "
        f"{result.ops_per_second:,.0f} ops/s; request p50 {result.latency(50):,.0f} ms, p95 "
        f"{result.latency(95):,.0f} ms, max {result.latency(100):,.0f} ms; errors "
        f"{dict(errors) or 0}; results {dict(results)}; rejected {dict(rejected)}; "
        f"{conditions.line()}")  # fmt: skip
    return result


# ------------------------------------------------------------------------------ database


@contextmanager
def _own_pg_database(url: str, *, enabled: bool, keep: bool) -> Iterator[str]:
    """A database of its own on the same PostgreSQL server (dropped afterwards).

    The queue lock is ``pg_advisory_xact_lock`` with one key per *database*: in a schema
    of a shared database, every publish (and the set-up's) would wait for other sessions'
    allocations (test suites of other schemas), and make them wait in turn.
    """
    if not enabled:
        yield url
        return
    name = f"kezek_sync_bench_{os.getpid()}"
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def _database(dialect: str, options: SyncOptions) -> Iterator[tuple[Scratch, str]]:
    """The scratch database and the URL the server process opens it with."""
    if dialect == "postgresql":
        with (
            _own_pg_database(
                options.pg_url, enabled=options.own_database, keep=options.keep
            ) as url,
            postgresql_scratch(url, keep=options.keep) as scratch,
        ):
            yield scratch, url
        return
    with sqlite_scratch(keep=options.keep) as scratch:
        assert scratch.sqlite_path is not None
        yield scratch, f"sqlite:///{scratch.sqlite_path}"


def _server_config(
    scratch: Scratch, url: str, options: SyncOptions, clock: BenchClock, work: Path
) -> ServerConfig:
    connect: dict[str, Any] = {}
    if scratch.dialect == "postgresql":
        connect = {"options": scratch.pg_options, "application_name": scratch.application_name}
    return ServerConfig(
        database_url=url,
        connect_args=connect,
        start=clock.start.isoformat(),
        anchor=clock.anchor,
        threads=options.threads,
        sms_outbox=str(work / "sms-outbox.jsonl"),
    )


def run_database(dialect: str, options: SyncOptions) -> SyncDbResult:
    label = LABELS[dialect]
    rng = random.Random(options.seed)
    with (
        _database(dialect, options) as (scratch, url),
        tempfile.TemporaryDirectory(prefix="kezek-sync-bench-") as tmp,
    ):
        work = Path(tmp)
        log(f"{label}: scratch database ready ({scratch.where}); load {load_average():.2f}")
        started = time.perf_counter()
        report = generate(
            scratch.engine,
            kindergartens=options.kindergartens,
            applications=options.applications,
            seed=options.seed,
            now=options.start,
            policy=DEFAULT_POLICY,
            password_hasher=CHEAP_HASHER,
        )
        _settle(scratch, "auto")
        region_seconds = time.perf_counter() - started
        counts = ", ".join(f"{k} {v:,}" for k, v in report.counts.items())
        log(f"{label}: demo region in {region_seconds:.1f} s ({counts})")
        log(f"{label}: baseline, {options.inserts} x INSERT + COMMIT; load {load_average():.2f}")
        insert_raw = baseline.raw_inserts(scratch, options.inserts)
        insert_engine = baseline.engine_inserts(scratch.engine, options.inserts)
        log(f"{label}: INSERT + COMMIT raw {insert_raw.per_second:,.0f}/s, engine "
            f"{insert_engine.per_second:,.0f}/s")  # fmt: skip
        # everything from here on runs on the benchmark's clock, which the server shares
        clock = BenchClock(options.start, time.time())
        factory = session_factory_for(scratch.engine, clock)
        workers = options.workers if dialect == "postgresql" else 1
        where = scratch.where
        if dialect == "postgresql":
            where = f"database {make_url(url).database}, {where}"
        result = SyncDbResult(
            dialect, where, counts, region_seconds, insert_raw, insert_engine,
            workers, options.threads,
        )  # fmt: skip
        with factory() as session:
            demo_heads = [
                int(k)
                for k in session.scalars(
                    select(Account.kindergarten_id)
                    .where(Account.role == "head", Account.kindergarten_id.is_not(None))
                    .order_by(Account.kindergarten_id)
                )
                if k is not None
            ]
        push_kg, pull_kg, slow_kg = demo_heads[0], demo_heads[1], demo_heads[2]
        logins = ensure_heads(factory, clock, [push_kg, pull_kg, slow_kg])
        parts = set(options.parts)
        if dialect == "sqlite":
            parts -= {"storm", "slow"}
        mark = time.perf_counter()
        if "push" in parts:
            got = make_referrals(factory, clock, push_kg, options.push_referrals, rng)
            log(f"{label}: {got:,} live referrals at kindergarten {push_kg} (push)")
        if "pull" in parts:
            make_referrals(factory, clock, pull_kg, 50, rng)
        if "slow" in parts:
            make_referrals(factory, clock, slow_kg, 20, rng)
        result.setup_seconds["referrals"] = time.perf_counter() - mark
        storm_kgs: list[int] = []
        storm_heads: dict[int, str] = {}
        if "storm" in parts:
            storm_kgs, storm_heads, seconds = prepare_storm(factory, clock, options, rng)
            result.setup_seconds["storm"] = seconds
        if dialect == "postgresql":
            # the set-up wrote a lot; the server meets a settled database, as in service
            _settle(scratch, "auto")
        config = _server_config(scratch, url, options, clock, work)
        log(f"{label}: starting the server ({workers} worker(s), {options.threads} threads each)")
        with ServerProcess(config, workers=workers, log_path=work / "server.log") as server:
            try:
                if "push" in parts:
                    result.push = run_push(
                        scratch, server, factory, clock, push_kg, logins[push_kg], options,
                        work / "push-desk",
                    )  # fmt: skip
                if "pull" in parts:
                    result.pull = run_pull(
                        scratch, server, factory, clock, pull_kg, logins[pull_kg], options,
                        work / "pull-desk",
                    )  # fmt: skip
                if "slow" in parts:
                    result.slow = run_slow(
                        scratch, server, factory, clock, slow_kg, logins[slow_kg], options,
                        work / "slow-desk",
                    )  # fmt: skip
                if "storm" in parts:
                    result.storm = run_storm_part(
                        scratch, server, factory, clock, storm_kgs, storm_heads, options,
                        result.setup_seconds.get("storm", math.nan),
                    )  # fmt: skip
            finally:
                log_text = (work / "server.log").read_text(errors="replace")
                interesting = [
                    ln for ln in log_text.splitlines() if "Traceback" in ln or "ERROR" in ln
                ]
                if interesting:
                    log(f"{label}: server log has {len(interesting)} error line(s):")
                    for line in log_text.splitlines()[-40:]:
                        log(f"  server: {line}")
        with factory() as session:
            total = session.scalar(select(func.count()).select_from(ProcessedOp))
        log(f"{label}: {total:,} ops processed by the server in all")
        return result


# ------------------------------------------------------------------------------------ CLI


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, SyncOptions]:
    d = SyncOptions()
    parser = argparse.ArgumentParser(
        prog="python -m bench sync",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}"
    )
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--kindergartens", type=positive)
    parser.add_argument("--applications", type=positive)
    parser.add_argument("--ops", type=positive, help=f"ops pushed by one desk ({d.ops})")
    parser.add_argument("--push-referrals", type=positive, help=f"({d.push_referrals})")
    parser.add_argument("--pull-changes", type=positive, help=f"({d.pull_changes})")
    parser.add_argument("--storm-desks", type=positive, help=f"({d.storm_desks})")
    parser.add_argument("--storm-ops", type=positive, default=d.storm_ops)
    parser.add_argument("--storm-concurrency", type=positive)
    parser.add_argument("--storm-referrals", type=positive, default=d.storm_referrals)
    parser.add_argument("--workers", type=positive, default=d.workers, help="uvicorn (PG)")
    parser.add_argument("--threads", type=positive, default=d.threads, help="per worker")
    parser.add_argument("--slow-days", type=positive)
    parser.add_argument("--slow-ops", type=positive, default=d.slow_ops)
    parser.add_argument("--latency-ms", type=float, default=d.latency_ms, help="round trip")
    parser.add_argument("--kbit", type=float, default=d.kbit, help="link bandwidth, kbit/s")
    parser.add_argument("--failure-rate", type=float, default=d.failure_rate)
    parser.add_argument("--inserts", type=positive, default=d.inserts)
    parser.add_argument(
        "--profile-ops",
        type=int,
        default=d.profile_ops,
        help=f"profile the push's desk and server sides over this many ops ({d.profile_ops}; "
        "0: no profiles)",
    )
    parser.add_argument("--seed", type=int, default=d.seed)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(PG_URL_ENV, DEFAULT_PG_URL),
        help=f"PostgreSQL database for the scratch schema (${PG_URL_ENV})",
    )
    parser.add_argument("--out", type=Path, help="update this file's 'Sync' section")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--shared-database",
        action="store_true",
        help="PostgreSQL: a schema in --pg-url's database, not a database of its own "
        "(the queue's advisory lock is then shared with that database's other sessions)",
    )
    args = parser.parse_args(argv)
    parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    quick = args.quick

    def pick(value: int | None, full: int, small: int) -> int:
        return value if value is not None else (small if quick else full)

    options = SyncOptions(
        kindergartens=pick(args.kindergartens, d.kindergartens, 100),
        applications=pick(args.applications, d.applications, 10_000),
        ops=pick(args.ops, d.ops, 1000),
        push_referrals=pick(args.push_referrals, d.push_referrals, 100),
        pull_changes=pick(args.pull_changes, d.pull_changes, 1000),
        storm_desks=pick(args.storm_desks, d.storm_desks, 100),
        storm_ops=args.storm_ops,
        storm_concurrency=pick(args.storm_concurrency, d.storm_concurrency, 20),
        storm_referrals=args.storm_referrals,
        workers=args.workers,
        threads=args.threads,
        slow_days=pick(args.slow_days, d.slow_days, 1),
        slow_ops=args.slow_ops,
        latency_ms=args.latency_ms,
        kbit=args.kbit,
        failure_rate=args.failure_rate,
        inserts=args.inserts,
        seed=args.seed,
        pg_url=args.pg_url,
        parts=parts,
        keep=args.keep,
        own_database=not args.shared_database,
        profile_ops=max(0, args.profile_ops),
    )
    return args, options


def main(argv: Sequence[str]) -> int:
    from bench.sync_report import render, update_document

    args, options = parse_args(argv)
    dialects = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    command = " ".join(["python -m bench sync", *map(shlex.quote, argv)])
    machine: Machine = describe(options.pg_url if "postgresql" in dialects else None)
    for line in machine.lines():
        log(line)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results = []
    for dialect in dialects:
        log(f"=== sync on {LABELS[dialect]} ===")
        results.append(run_database(dialect, options))
    blocks = {r.dialect: render(r, machine, command, when, options) for r in results}
    if args.out is not None:
        update_document(args.out, blocks)
        log(f"updated {args.out}")
    else:
        for block in blocks.values():
            print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
