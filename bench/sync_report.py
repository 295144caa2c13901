"""Markdown for docs/PERFORMANCE.md's "Sync" section.

Like :mod:`bench.report`, only what lies between ``<!-- bench:sync-<name>:begin -->`` and
``<!-- bench:sync-<name>:end -->`` is rewritten (``intro``, ``postgresql``, ``sqlite``);
the hand-written analysis after the blocks, and every other section, are kept.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from bench.document import update_section
from bench.machine import Machine
from bench.report import _hotspots
from bench.stats import figure
from bench.sync_bench import (
    Conditions,
    DeskProfile,
    PullResult,
    PushResult,
    SlowResult,
    StormResult,
    SyncDbResult,
    SyncOptions,
    Transfer,
)
from bench.sync_desk import APP_TIMEOUT

SECTION = "## Sync"
ORDER = ("postgresql", "sqlite")

INTRO = """<!-- bench:sync-intro:begin -->
Measured by `python -m bench sync` (`bench/sync_bench.py`; `make bench` runs it after the
central server's part). Per database: a scratch database with a demo region, the raw
single-row INSERT + COMMIT rate on it (the yardstick: every rate below is also given as a
fraction of it), the scene set through the server's own services (head accounts,
referrals from published places and accepted offers, walk-ins where the queue is too
short), then the server in a **separate process** (`bench/sync_server.py`: uvicorn
workers, the scheduler off, a `Server-Timing` header with the server's own time per
request) and, on loopback:

1. **Push**: a desk (a real SQLCipher `LocalStore` in a temporary folder, signed in as the
   kindergarten's head, first sync = snapshot) records the ops offline through the `Desk`
   use cases; then one `SyncEngine.sync()` (the app's settings: 100 ops a push, 120 s
   timeout for an answer, 3 attempts) pushes them. *End to end* runs from `sync()` to the first pull
   request (meta, every push request, the desk storing every answer); *in the server* is
   the sum of the push requests' `Server-Timing`. The same run then pulls the pushed ops'
   echo from the change feed (reported as its own row).
2. **Pull**: a second desk is synced, then the server makes the changes at its
   kindergarten through the desk services (leaves, document checks of four documents:
   four changes each); one `sync()` pulls them (pages of 500).
3. **Storm** (PostgreSQL): every kindergarten's desk pushes its end-of-day ops (leaves,
   one seat published, document checks, one enrollment) as one `PushRequest`, gzip as the
   SyncEngine sends it, over a fixed number of kept-alive connections (threads).
4. **Bytes on the wire**: counted by a transport under the SyncEngine (request line,
   headers, gzip body as sent; status line, headers, body as received, gzip when over
   500 bytes). No TLS: over HTTPS add about 30 bytes a record and a handshake per
   connection.
5. **Slow link** (PostgreSQL): one desk's day (the ops recorded offline, then one sync:
   meta, push, the day's pull) through a transport that waits the round-trip latency plus
   bytes ÷ bandwidth for each request (both directions) and loses a share of requests at
   random, half before the server sees them and half after it answered. Lost requests
   fail at once (no timeout is waited); the engine retries them (the app's policy:
   3 attempts, backoff 0.5 s doubling with jitter, at most 4 s); a run that gives up is
   started again at once, as the app's timer would later.

Every number is given with the 1-minute load average before → after it and the share of
the machine's CPU in use while it ran (all processes: this is a shared 2-core VM; the
client, the server and PostgreSQL compete for the same cores).
<!-- bench:sync-intro:end -->"""


def _ratio(rate: float, base: float) -> str:
    if math.isnan(rate) or not base:
        return "–"
    return f"{rate / base:.3f}× (1 : {base / rate:.1f})"


def _cond(c: Conditions) -> str:
    busy = "" if math.isnan(c.machine_busy) else f", CPU {c.machine_busy * 100:.0f} %"
    return f"{c.load_before:.1f} → {c.load_after:.1f}{busy}"


def _codes(codes: Counter[str]) -> str:
    if not codes:
        return "none"
    return ", ".join(f"{code} × {count:,}" for code, count in codes.most_common())


def _per(total: int, count: int) -> str:
    return figure(total / count, 0) if count else "–"


def _push_rows(p: PushResult, base: float) -> list[str]:
    return [
        f"| Push {p.ops:,} ops, end to end (`SyncEngine.sync()`, {p.push.requests} push "
        f"requests) | {p.ops:,} | {p.push_seconds:.1f} | **{figure(p.ops_per_second)} ops/s** "
        f"| {_ratio(p.ops_per_second, base)} | {_cond(p.conditions)} |",
        f"| … of which inside the server (`Server-Timing`) | {p.ops:,} "
        f"| {p.push.server_seconds:.1f} | {figure(p.server_ops_per_second)} ops/s "
        f"| {_ratio(p.server_ops_per_second, base)} | same run |",
        f"| Echo pull after the push (the pushed ops' rows from the feed) | "
        f"{p.echo_changes:,} | {p.echo_seconds:.1f} | "
        f"{figure(p.echo_changes / p.echo_seconds if p.echo_seconds else math.nan)} changes/s "
        f"| {_ratio(p.echo_changes / p.echo_seconds if p.echo_seconds else math.nan, base)} "
        f"| same run |",
        f"| (Recording the ops offline: `Desk` use cases, SQLCipher, one transaction each) "
        f"| {p.ops:,} | {p.record_seconds:.1f} | {figure(p.ops / p.record_seconds)} ops/s "
        f"| not the server's database | – |",
    ]


def _pull_rows(p: PullResult, base: float) -> list[str]:
    return [
        f"| Pull {p.pulled:,} changes, end to end ({p.transfer.requests} pages) | "
        f"{p.pulled:,} | {p.seconds:.1f} | **{figure(p.per_second)} changes/s** "
        f"| {_ratio(p.per_second, base)} | {_cond(p.conditions)} |",
        f"| … of which inside the server (`Server-Timing`) | {p.pulled:,} "
        f"| {p.transfer.server_seconds:.1f} | {figure(p.server_per_second)} changes/s "
        f"| {_ratio(p.server_per_second, base)} | same run |",
    ]


def _storm_row(s: StormResult, base: float) -> str:
    return (
        f"| Storm: {s.desks:,} desks × {s.ops // max(1, s.desks)} ops, "
        f"{s.concurrency} connections | {s.ops:,} | {s.wall_seconds:.1f} | "
        f"**{figure(s.ops_per_second)} ops/s** | {_ratio(s.ops_per_second, base)} "
        f"| {_cond(s.conditions)} |"
    )


def _breakdown(p: PushResult) -> str:
    server = p.push.server_seconds
    http = p.push.round_trip_seconds - server
    desk = p.push_seconds - p.push.round_trip_seconds
    return (
        f"Push, where the {p.push_seconds:.1f} s went: {server:.1f} s inside the server "
        f"({server / p.push_seconds * 100:.0f} %), {http:.1f} s in HTTP between them "
        f"(client, loopback, uvicorn; {http / p.push_seconds * 100:.0f} %), {desk:.1f} s in "
        f"the desk between requests (reading the outbox, storing the answers in one SQLCipher "
        f"transaction per push; {desk / p.push_seconds * 100:.0f} %). Answers: applied "
        f"{p.applied:,}, duplicates {p.duplicates:,}, rejected {p.rejected:,} "
        f"({_codes(p.rejected_codes)}); retries {p.retries}"
        + (f", runs that gave up: {', '.join(p.failed_runs)}" if p.failed_runs else "")
        + ". The desk refused "
        f"{sum(p.desk_refusals.values()):,} of the planned ops itself "
        f"({_codes(p.desk_refusals)}). Server processes' CPU "
        f"{figure(p.conditions.server_cpu, 1)} s, "
        f"PostgreSQL backends' {figure(p.conditions.database_cpu, 1)} s (– on SQLite: in the "
        f"server process)."
    )


def _batches(p: PushResult) -> list[str]:
    if not p.batches:
        return []
    n = len(p.batches)
    picks = sorted({0, n // 4, n // 2, (3 * n) // 4, n - 1})
    lines = [
        "Each answer is stored by the desk in one transaction; its cost must not grow with "
        "the ops still waiting (it did, O(n²) over a push, until the desk read the outbox's "
        "touched rows once per answer instead of once per op). Per push request of "
        f"{p.push.requests and p.ops // p.push.requests} ops:",
        "",
        "| Request | Ops still in the outbox | Server s | Desk s after the answer |",
        "|---:|---:|---:|---:|",
    ]
    for i in picks:
        waiting, server, desk = p.batches[i]
        lines.append(f"| {i + 1} of {n} | {waiting:,} | {server:.2f} | {desk:.2f} |")
    return [*lines, ""]


def _desk_profile(d: DeskProfile) -> list[str]:
    lines = [
        f"#### Hotspots: the desk's side of a sync of {d.ops:,} ops",
        "",
        f"cProfile of `SyncEngine.sync()` in the desk's process for {d.ops:,} more ops "
        f"recorded after the run above (push, then the pull of their echo; "
        f"{d.seconds:.1f} s with the profiler). Milliseconds per op:",
        "",
        "| cumulative | self | calls / op | function (desktop/, sync/) |",
        "|---:|---:|---:|---|",
    ]
    lines += [
        f"| {f.cum_ms:.2f} | {f.self_ms:.2f} | {f.calls:,.1f} | `{f.where}` |"
        for f in d.by_cumulative[:10]
    ]
    lines += ["", "All code by self time:", "", "| self | cumulative | calls / op | function |",
              "|---:|---:|---:|---|"]  # fmt: skip
    lines += [
        f"| {f.self_ms:.2f} | {f.cum_ms:.2f} | {f.calls:,.1f} | `{f.where}` |"
        for f in d.by_self[:8]
    ]
    return [*lines, ""]


def _bytes_rows(r: SyncDbResult) -> list[str]:
    rows: list[str] = []

    def row(name: str, t: Transfer, count: int, unit: str) -> None:
        rows.append(
            f"| {name} | {t.requests:,} | {count:,} {unit} | {_per(t.request_body, count)} "
            f"| {_per(t.sent, count)} | {_per(t.response_body, count)} "
            f"| {_per(t.received, count)} | {_per(t.request_plain, count)} / "
            f"{_per(t.response_plain, count)} |"
        )

    if r.push is not None:
        row(f"Push ({r.push.ops:,}-op desk, mixed ops)", r.push.push, r.push.ops, "ops")
        row("Echo pull after that push", r.push.echo, r.push.echo_changes, "changes")
    if r.pull is not None:
        row("Pull of server-made changes", r.pull.transfer, r.pull.pulled, "changes")
    if r.storm is not None:
        s = r.storm
        rows.append(
            f"| Storm push (end-of-day mix) | {s.desks:,} | {s.ops:,} ops "
            f"| {_per(s.sent, s.ops)} | – | {_per(s.received, s.ops)} | – "
            f"| {_per(s.plain_sent, s.ops)} / – |"
        )
    return rows


def _slow_rows(s: SlowResult) -> list[str]:
    rows = []
    for i, d in enumerate(s.days, start=1):
        rows.append(
            f"| {i} | {d.ops} | {d.pulled} | {d.requests} | {d.lost_before} / {d.lost_after} "
            f"| {d.retries} | {d.runs} | {d.sent:,} / {d.received:,} | {d.wire_seconds:.1f} "
            f"| **{d.seconds:.1f}** | {d.outcome} |"
        )
    return rows


def render(r: SyncDbResult, machine: Machine, command: str, when: str, options: SyncOptions) -> str:
    base = r.insert_rate
    lines = [
        f"<!-- bench:sync-{r.dialect}:begin -->",
        f"### Sync on {r.label}",
        "",
        f"Measured {when} with `{command}` (seed {options.seed}; server clock from "
        f"{options.start.isoformat()}).",
        "",
        "Machine:",
        "",
        *[f"- {line}" for line in machine.lines()],
        f"- Server: `bench/sync_server.py`, {r.workers} uvicorn worker(s) × {r.threads} "
        f"threads, on loopback with the client on the same machine; scratch: {r.where}",
        "",
        f"Region: {options.kindergartens:,} kindergartens, {options.applications:,} "
        f"applications ({r.region}), generated and settled in {r.region_seconds:.0f} s; "
        "scene set in "
        + ", ".join(f"{k} {v:.0f} s" for k, v in r.setup_seconds.items())
        + f". Yardstick on this database: raw single-row INSERT + COMMIT "
        f"**{r.insert_raw.per_second:,.0f}/s** (p50 {r.insert_raw.p50:.2f} ms; through the "
        f"server's engine {r.insert_engine.per_second:,.0f}/s).",
        "",
        "| Measurement | Ops / changes | Seconds | Rate | Rate ÷ INSERT+COMMIT/s "
        "| Load (1 min) before → after, CPU busy |",
        "|---|---:|---:|---:|---:|---|",
    ]
    if r.push is not None:
        lines += _push_rows(r.push, base)
    if r.pull is not None:
        lines += _pull_rows(r.pull, base)
    if r.storm is not None:
        lines.append(_storm_row(r.storm, base))
    lines.append("")
    if r.push is not None:
        p = r.push
        mix = ", ".join(f"{kind} {count:,}" for kind, count in p.mix.items())
        lines += [
            f"Push desk: kindergarten {p.kindergarten_id} with {p.referrals:,} live "
            f"referrals; the ops: {mix}.",
            "",
            _breakdown(p),
            "",
            *_batches(p),
        ]
    if r.pull is not None:
        q = r.pull
        lines += [
            f"Pull desk: kindergarten {q.kindergarten_id}; the server made "
            f"{q.produced:,} changes in {q.produce_seconds:.1f} s with "
            f"{q.produce_transactions:,} service transactions "
            f"({q.produce_transactions / q.produce_seconds:,.0f} tx/s, in the benchmark's "
            f"process). Inside the server the pull took {q.transfer.server_seconds:.1f} s of "
            f"{q.seconds:.1f} s; the rest is HTTP and the desk applying pages (one SQLCipher "
            f"transaction per page). Retries {q.retries}.",
            "",
        ]
    if r.storm is not None:
        s = r.storm
        lines += [
            "Storm, per push request (one desk's ops):",
            "",
            "| Requests | p50 ms | p95 ms | p99 ms | max ms | server p50 ms | server p95 ms "
            f"| over {APP_TIMEOUT:.0f} s (the app's timeout) | Errors | Ops applied / rejected "
            "| Rejections by code |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
            f"| {len(s.latencies_ms):,} | {figure(s.latency(50))} | **{figure(s.latency(95))}** "
            f"| {figure(s.latency(99))} | {figure(s.latency(100))} | {figure(s.server(50))} "
            f"| {figure(s.server(95))} | {sum(v > APP_TIMEOUT * 1000 for v in s.latencies_ms):,} "
            f"| {_codes(s.errors) if s.errors else '**0**'} "
            f"| {s.results.get('applied', 0):,} / {s.results.get('rejected', 0):,} "
            f"| {_codes(s.rejected)} |",
            "",
            f"Storm scene (head accounts, referrals at every kindergarten) set in "
            f"{s.setup_seconds:.0f} s. Server processes' CPU during the storm "
            f"{figure(s.conditions.server_cpu, 1)} s in {s.wall_seconds:.1f} s.",
            "",
        ]
    lines += [
        "Bytes on the wire (gzip both ways, as the SyncEngine sends and accepts):",
        "",
        "| Traffic | Requests | Count | Request body B / op | Request with headers B / op "
        "| Response body B / op | Response with headers B / op | Uncompressed JSON B / op "
        "(request / response) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *_bytes_rows(r),
        "",
    ]
    if r.slow is not None:
        sl = r.slow
        lines += [
            f"Slow link: {options.kbit:g} kbit/s, {options.latency_ms:.0f} ms round trip, "
            f"{options.failure_rate * 100:.0f} % of requests lost (kindergarten "
            f"{sl.kindergarten_id}; {_cond(sl.conditions)}):",
            "",
            "| Day | Ops pushed | Changes pulled | Requests | Lost before / after delivery "
            "| Retries | Sync runs | Bytes up / down | On the wire s | Day's sync s | Outcome |",
            "|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---|",
            *_slow_rows(sl),
            "",
        ]
    if r.push is not None and r.push.desk_profile is not None:
        lines += _desk_profile(r.push.desk_profile)
    if r.push is not None and r.push.server_hotspots is not None:
        lines += _hotspots(r.push.server_hotspots)
    lines.append(f"<!-- bench:sync-{r.dialect}:end -->")
    return "\n".join(lines)


def update_document(path: Path, blocks: dict[str, str]) -> None:
    """Put the intro and each database's block in the Sync section (made if missing)."""
    update_section(
        path,
        SECTION,
        {"sync-intro": INTRO, **{f"sync-{name}": block for name, block in blocks.items()}},
        order=("sync-intro", *(f"sync-{name}" for name in ORDER)),
    )
