"""``python -m bench``: the central server's latencies on SQLite and PostgreSQL.

Examples::

    python -m bench --quick                      # smoke run on both databases, to stdout
    python -m bench --db postgresql --out docs/PERFORMANCE.md
    python -m bench --db sqlite --kindergartens 10000 --applications 1000000
    python -m bench --db postgresql --crowds 1,8,32   # publishers at once (bench/crowd.py)
    python -m bench sync --out docs/PERFORMANCE.md   # the desks' sync (bench/sync_bench.py)
    python -m bench ui --out docs/PERFORMANCE.md     # the desk app (bench/ui_bench.py)

Every run builds its own scratch database and removes it (``--keep`` leaves it, for
EXPLAIN by hand).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.machine import describe
from bench.report import render_block, render_markdown, update_document
from bench.runner import LABELS, DbResult, Options, log, run_database
from bench.stats import positive

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_URL_ENV = "KEZEK_BENCH_PG_URL"
# A Monday, 11:00 in Kazakhstan, neither a holiday nor in the August freeze; the demo
# region's queue ends just before it.
DEFAULT_NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
QUICK = (200, 20_000)


def _now(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("--now needs a time zone, e.g. 2026-03-02T06:00+00:00")
    return moment.astimezone(UTC)


def _counts(value: str) -> tuple[int, ...]:
    if value.strip() == "none":
        return ()
    try:
        return tuple(positive(part) for part in value.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r}: counts like 1,4,16, or none") from exc


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--kindergartens", type=positive, help="default 10000 (--quick: 200)")
    parser.add_argument("--applications", type=positive, help="default 1000000 (--quick: 20000)")
    parser.add_argument("--samples", type=positive, default=300, help="per operation (300)")
    parser.add_argument("--inserts", type=positive, default=2000, help="baseline (2000)")
    parser.add_argument(
        "--quick", action="store_true", help="200 kindergartens / 20,000 applications"
    )
    parser.add_argument(
        "--out", type=Path, help="update this file's 'Central server' section (else stdout)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--now", type=_now, default=DEFAULT_NOW, help="the server clock (UTC)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(PG_URL_ENV, DEFAULT_PG_URL),
        help=f"PostgreSQL database for the scratch schema (${PG_URL_ENV})",
    )
    parser.add_argument(
        "--analyze",
        choices=("auto", "yes", "no"),
        default="auto",
        help="statistics after the load; auto: PostgreSQL yes, SQLite no (as in service)",
    )
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="profile an operation: auto when its p95 is over the 30 ms target",
    )
    parser.add_argument("--profile-samples", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10, help="uncounted samples first")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--crowds",
        type=_counts,
        default=(1, 4, 16),
        help="publishers at once, comma-separated; --samples publishes each (1,4,16; none)",
    )
    args = parser.parse_args(argv)
    if any(publishers > args.samples for publishers in args.crowds):
        parser.error("--crowds: more publishers than --samples publishes to share")
    default_kgs, default_apps = QUICK if args.quick else (10_000, 1_000_000)
    args.kindergartens = args.kindergartens or default_kgs
    args.applications = args.applications or default_apps
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "sync":
        from bench.sync_bench import main as sync_main

        return sync_main(argv[1:])
    if argv and argv[0] == "ui":
        from bench.ui_bench import main as ui_main

        return ui_main(argv[1:])
    args = parse_args(argv)
    dialects = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    options = Options(
        kindergartens=args.kindergartens,
        applications=args.applications,
        samples=args.samples,
        inserts=args.inserts,
        seed=args.seed,
        now=args.now,
        pg_url=args.pg_url,
        analyze=args.analyze,
        profile=args.profile,
        profile_samples=max(0, args.profile_samples),
        warmup=max(0, args.warmup),
        keep=args.keep,
        crowds=args.crowds,
    )
    command = " ".join(["python -m bench", *map(shlex.quote, argv)])
    machine = describe(args.pg_url if "postgresql" in dialects else None)
    for line in machine.lines():
        log(line)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results: list[DbResult] = []
    for dialect in dialects:
        log(f"=== {LABELS[dialect]}: {options.kindergartens:,} kindergartens, "
            f"{options.applications:,} applications, {options.samples} samples")  # fmt: skip
        results.append(run_database(dialect, options))
    blocks = {r.dialect: render_block(r, machine, command, when, options) for r in results}
    for result in results:
        _summary(result)
    if args.out is not None:
        update_document(args.out, blocks)
        log(f"updated {args.out}")
    else:
        print(render_markdown(blocks))
    return 0


def _summary(result: DbResult) -> None:
    for m in (
        result.insert_engine,
        result.insert_raw,
        result.round_trip,
        result.publish,
        *([result.publish_net] if result.publish_net else []),
        result.positions,
    ):
        s = m.summary
        log(
            f"{result.label}: {m.label}: p50 {s.p50:.2f} p95 {s.p95:.2f} p99 {s.p99:.2f} "
            f"max {s.max:.2f} ms, {s.per_second:,.0f} {m.unit}"
        )
    for target in result.targets:
        state = "met" if target.met else "MISSED"
        log(f"{result.label}: {target.name}: {target.measured_ms:.2f} ms -> {state}")


if __name__ == "__main__":
    sys.exit(main())
