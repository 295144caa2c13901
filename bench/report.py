"""Markdown for docs/PERFORMANCE.md: one block per database inside "Central server".

The tool rewrites only what lies between ``<!-- bench:<dialect>:begin -->`` and
``<!-- bench:<dialect>:end -->``; any text around the blocks (the analysis) is kept, and a
run on one database leaves the other's block alone.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from bench.document import update_section
from bench.machine import Machine
from bench.profiling import Hotspots
from bench.runner import TARGET_MS, DbResult, Measured, Options

SECTION = "## Central server"
DIALECT_ORDER = ("postgresql", "sqlite")

_INTRO = f"""<!-- bench:intro:begin -->
A demo region (`server_stub.demo.generate`) is written into a scratch database made by the
server's own `make_engine` and migrations (PostgreSQL: a schema `bench_<pid>`; SQLite: a
file under /tmp), then one client measures, back to back:

- **INSERT + COMMIT**: the baseline. One row of a slim application-like table (key, five
  columns, one secondary index) per transaction, through the server's engine and through
  the bare driver. Every other latency is also given as a multiple of its p50 (engine).
  `SELECT 1` outside a transaction shows what one statement's round trip costs.
- **Publish one place → offer**: one transaction inserts a free `Place` in a random general
  group whose kindergarten has queued applicants of that age, calls
  `allocation.allocate(session, ctx, kindergarten_id)` and commits: what the desk's
  publish does. Timed end to end with the server's session factory
  (`session_factory_for`), so the change feed and audit chain written at commit and the
  COMMIT itself are included.
- **Queue positions**: one transaction loads a random queued application with four active
  choices and an age group this school year (`session.get`) and calls
  `allocation.queue_positions(session, ctx, app)`. (Children too young for any group get
  no number and no query; they would only flatter the numbers.)

Then **publishing at once** (`bench/crowd.py`, `--crowds`): 1, 4 and 16 publisher
processes start together and share the same number of publishes, to show what the queue
lock does to latency and throughput when a region's kindergartens publish in the same
minute, and that no publish fails.

Targets (from the issue): publish → offer p95 ≤ {TARGET_MS:.0f} ms on PostgreSQL; queue
positions p95 ≤ {TARGET_MS:.0f} ms. A workload whose p95 is over {TARGET_MS:.0f} ms is
profiled (statements timed at the driver, Python by cProfile, plans of the costliest
statements).
<!-- bench:intro:end -->"""


def _ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _bytes(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _measured_row(m: Measured, base_p50: float) -> str:
    s = m.summary
    ratio = s.p50 / base_p50 if base_p50 > 0 else math.nan
    return (
        f"| {m.label} | {s.n:,} | {_ms(s.p50)} | {_ms(s.p95)} | {_ms(s.p99)} | {_ms(s.max)} "
        f"| {_ms(s.cpu_mean)} | {_ms(m.server_cpu_ms)} | {s.per_second:,.0f} {m.unit} "
        f"| {ratio:.1f}× |"
    )


PLAN_LINE = 160


def shorten_plan(plan: str, width: int = PLAN_LINE) -> str:
    """Plans quote parameter lists (hundreds of parent IINs): keep each line readable."""
    return "\n".join(
        line if len(line) <= width else line[: width - 1] + "…" for line in plan.splitlines()
    )


def _hotspots(h: Hotspots) -> list[str]:
    share = h.sql_ms / h.wall_ms * 100 if h.wall_ms else math.nan
    lines = [
        f"#### Hotspots: {h.workload}",
        "",
        f"{h.samples} further samples with every statement timed at the driver: "
        f"{h.statements_per_sample:.0f} statements and {_ms(h.wall_ms)} ms per sample, of "
        f"which {_ms(h.sql_ms)} ms ({share:.0f} %) inside "
        "`cursor.execute` (the database, the driver and the round trip); the rest is Python"
        + (
            " and, on SQLite, the query itself: sqlite3 steps through the rows in `fetchall`"
            if h.dialect == "sqlite"
            else ""
        )
        + f". This process's CPU: {_ms(h.cpu_ms)} ms per sample.",
        "",
        "| ms / sample | calls / sample | slowest ms | statement |",
        "|---:|---:|---:|---|",
    ]
    lines += [
        f"| {_ms(s.ms)} | {s.calls:.1f} | {_ms(s.max_ms)} | `{_cell(s.sql[:260])}` |"
        for s in h.statements[:8]
    ]
    lines += [
        "",
        "cProfile, own code by cumulative time (ms per sample, with the profiler's overhead):",
        "",
        "| cumulative | self | calls | function |",
        "|---:|---:|---:|---|",
    ]
    lines += [
        f"| {_ms(f.cum_ms)} | {_ms(f.self_ms)} | {f.calls:,.0f} | `{_cell(f.where)}` |"
        for f in h.by_cumulative[:10]
    ]
    lines += [
        "",
        "cProfile, all code by self time:",
        "",
        "| self | cumulative | calls | function |",
        "|---:|---:|---:|---|",
    ]
    lines += [
        f"| {_ms(f.self_ms)} | {_ms(f.cum_ms)} | {f.calls:,.0f} | `{_cell(f.where)}` |"
        for f in h.by_self[:10]
    ]
    for plan in h.plans:
        lines += [
            "",
            f"Plan of `{_cell(plan.sql[:200])}`, {plan.title}:",
            "",
            "```text",
            shorten_plan(plan.text),
            "```",
        ]
    lines.append("")
    return lines


def _crowds(result: DbResult) -> list[str]:
    if not result.crowds:
        return []
    lock = (
        "`pg_advisory_xact_lock`, the region's queue lock"
        if result.dialect == "postgresql"
        else "`BEGIN IMMEDIATE`, the database's write lock"
    )
    lines = [
        "Publishing at once (`bench/crowd.py`): each publisher is a process of its own with "
        "its own connections (as a uvicorn worker is), all start together and publish back "
        "to back; a publish is the one measured above. The clients run on the same 2 cores "
        f"as the database. Waiting for the lock: the time in {lock}.",
        "",
        "| Publishers | Publishes | Offers made | Errors | p50 ms | p95 ms | max ms "
        "| waiting for the lock, p50 / p95 ms | Throughput |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for crowd in result.crowds:
        errors = ", ".join(f"{count} × {name}" for name, count in crowd.errors.items())
        latency, waited = crowd.latency, crowd.lock_wait
        lines.append(
            f"| {crowd.publishers} | {crowd.publishes:,} | {crowd.offers:,} | "
            f"{errors or 'none'} | {_ms(latency.p50)} | {_ms(latency.p95)} | "
            f"{_ms(latency.max)} | {_ms(waited.p50)} / {_ms(waited.p95)} | "
            f"{crowd.per_second:,.0f} publishes/s |"
        )
    lines.append("")
    return lines


def _load_line(result: DbResult) -> str:
    loads = [value for _, value, _ in result.load if not math.isnan(value)]
    busy = [value for _, _, value in result.load if value is not None]
    text = (
        "Client and server CPU are means per operation: this process (SQLite included, it "
        "runs in process) and the PostgreSQL backends serving it (from /proc, in 10 ms "
        "ticks, so warm-up samples are included there). The rest of a latency is I/O (the "
        "WAL flush at COMMIT) and waiting for a core."
    )
    if loads:
        text += (
            f" Machine load (1-minute average) during the run: {min(loads):.1f}–"
            f"{max(loads):.1f} on {os.cpu_count()} cores"
        )
        if busy:
            seen = f"{min(busy)}" if min(busy) == max(busy) else f"{min(busy)}–{max(busy)}"
            text += f"; other busy PostgreSQL sessions seen: {seen}"
        text += "."
    return text


def render_block(
    result: DbResult, machine: Machine, command: str, when: str, options: Options
) -> str:
    g = result.generation
    base = result.insert_engine.summary.p50
    counts = ", ".join(f"{name} {count:,}" for name, count in g.counts.items())
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in g.phases.items())
    settled = (
        f" Then {g.analyze}: {g.analyze_seconds:.1f} s."
        if g.analyze
        else " No ANALYZE afterwards (the server never runs it on SQLite)."
    )
    insert_rate = result.insert_engine.summary.per_second
    bulk = g.rows_per_second / insert_rate if insert_rate > 0 else math.nan
    size = f"Database size after the load: {_bytes(g.size_bytes)}"
    if g.table_bytes:
        size += " (" + ", ".join(f"{t} {_bytes(b)}" for t, b in g.table_bytes.items())
        size += ", each with its indexes)"
    lines = [
        f"<!-- bench:{result.dialect}:begin -->",
        f"### {result.label}",
        "",
        f"Measured {when} with `{command}` (seed {options.seed}, server clock "
        f"{options.now.isoformat()}).",
        "",
        "Machine:",
        "",
        *[f"- {line}" for line in machine.lines()],
        "",
        f"Demo data: {options.kindergartens:,} kindergartens and {options.applications:,} "
        f"applications, {g.rows:,} rows ({counts}) written in {g.seconds:.1f} s, "
        f"**{g.rows_per_second:,.0f} rows/s** ({phases}), {bulk:.0f}× the rate of single-row "
        f"INSERT + COMMIT through the server engine below.{settled} {size}.",
        "",
        "| Operation | Samples | p50 ms | p95 ms | p99 ms | max ms | client CPU ms "
        "| server CPU ms | Throughput, 1 client | p50 ÷ INSERT+COMMIT p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        _measured_row(result.insert_engine, base),
        _measured_row(result.insert_raw, base),
        _measured_row(result.round_trip, base),
        _measured_row(result.publish, base),
        *([_measured_row(result.publish_net, base)] if result.publish_net else []),
        _measured_row(result.positions, base),
        "",
        f"Offers made in {result.publish.hits} of {result.publish.summary.n} publishes; all "
        f"four positions numbered in {result.positions.hits} of {result.positions.summary.n} "
        f"lookups ({options.warmup} warm-up samples of each not counted).",
        "",
        _load_line(result),
        "",
        "| Target | p95 measured | Status |",
        "|---|---:|---|",
    ]
    for target in result.targets:
        if target.binding:
            status = "met" if target.met else "**missed**"
        elif result.dialect == "postgresql":
            status = "not a target: shows the share of other sessions" + (
                "; within 30 ms" if target.met else "; still above 30 ms"
            )
        else:
            status = "reference only (target is for PostgreSQL)" + (
                "; within it" if target.met else "; above it"
            )
        lines.append(f"| {target.name} | {_ms(target.measured_ms)} ms | {status} |")
    lines.append("")
    lines += _crowds(result)
    for hotspots in result.hotspots:
        lines += _hotspots(hotspots)
    lines.append(f"<!-- bench:{result.dialect}:end -->")
    return "\n".join(lines)


def render_markdown(blocks: dict[str, str]) -> str:
    return (
        f"{SECTION}\n\n{_INTRO}\n\n"
        + "\n\n".join(blocks[d] for d in DIALECT_ORDER if d in blocks)
        + "\n"
    )


def update_document(path: Path, blocks: dict[str, str]) -> None:
    """Put the intro and each database's block in the "Central server" section."""
    update_section(
        path,
        SECTION,
        {"intro": _INTRO, **blocks},
        order=("intro", *DIALECT_ORDER),
    )
