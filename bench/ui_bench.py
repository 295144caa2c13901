"""``python -m bench ui``: the desk (desktop/ui) on a very large kindergarten.

Examples::

    python -m bench ui --quick                        # 5,000 children, 2 starts, to stdout
    python -m bench ui --out docs/PERFORMANCE.md      # 50,000 children, 7 starts
    python -m bench ui --children 20000 --repeats 3 --keep

A store is built the way a desk gets one (``bench/ui_store.py``: ``open_store`` in a
profile folder, then the first sync's snapshot through ``LocalSyncStore``), then every
measurement runs the real app in a **new process** (``bench/ui_desk.py``, offscreen):

1. **Cold start**, ``--repeats`` times: from the spawn of the process (a new interpreter:
   every import included) to the main window shown with its first page's data in and the
   event loop idle; with where the time went (imports, store open with the Argon2id key
   derivation and the migrations check, window build, first page).
2. **Filter keystrokes**: in the Children and Referrals search boxes, a typing plan of
   name prefixes, IINs digit by digit, numbers, corrections (Backspace) and clears (Esc),
   one key at a time (``QTest``), each timed from the key event to the list reset with
   the new query's rows and the view painted; and the Referrals sort box stepped through
   every order (with and without a search).
3. **Memory**: the desk process's VmRSS and VmHWM (peak) after the start, after scrolling
   the Children list to its last row (a page of rows at a time), and after the typing.

Targets (issue 5): start ≤ 2 s, keystroke ≤ 50 ms, resident memory ≤ 300 MB. A missed
target (or ``--profile always``) adds a cProfile of a cold start's GUI thread to the report;
``--keep`` leaves the store, every run's JSON and log, for ``python -m bench.ui_desk
--mode session --cprofile F --cprofile-phase typing`` by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.profiling import FunctionStat, top_functions
from bench.stats import load_average, positive
from bench.ui_store import PASSPHRASE, PROFILE, StoreFacts, build_store
from desktop.models.keys import PASSPHRASE_ENV

ROOT = Path(__file__).resolve().parent.parent
START_TARGET_MS = 2000.0
KEY_TARGET_MS = 50.0
MEMORY_TARGET_MB = 300.0
QUICK = {"children": 5_000, "groups": 20, "repeats": 2}


def log(message: str) -> None:
    print(f"[bench ui] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ options


@dataclass(frozen=True)
class UiOptions:
    children: int
    referrals: int
    groups: int
    repeats: int
    seed: int
    profile: str  # auto | always | never
    keep: bool
    work_dir: Path | None


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench ui",
        description=__doc__,
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument("--children", type=positive, help="attending (50000; --quick 5000)")
    parser.add_argument("--referrals", type=positive, help="in the desk's list (= children)")
    parser.add_argument("--groups", type=positive, help="groups (200; --quick 20)")
    parser.add_argument("--repeats", type=positive, help="cold starts (7; --quick 2)")
    parser.add_argument("--quick", action="store_true", help="5,000 children, 2 starts")
    parser.add_argument("--out", type=Path, help="update this file's 'Desk' section")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="cProfile the desk: auto when a target is missed",
    )
    parser.add_argument("--keep", action="store_true", help="keep the store and the logs")
    parser.add_argument("--work-dir", type=Path, help="where the store goes (default: /tmp)")
    args = parser.parse_args(argv)
    args.children = args.children or (QUICK["children"] if args.quick else 50_000)
    args.referrals = args.referrals or args.children
    args.groups = args.groups or (QUICK["groups"] if args.quick else 200)
    args.repeats = args.repeats or (QUICK["repeats"] if args.quick else 7)
    return args


# ---------------------------------------------------------------------------- the typing


def _typed(text: str, clear: str) -> list[list[str]]:
    actions = [["key", ch] for ch in text]
    if clear == "escape":
        actions.append(["escape", ""])
    else:
        actions += [["backspace", ""] for _ in text]
    return actions


def typing_plan(facts: StoreFacts) -> dict[str, list[list[str]]]:
    """What a clerk types: surnames and given names (Kazakh and Russian, any case), IINs
    digit by digit (a child's, a birth-date prefix), numbers; corrected with Backspace or
    cleared with Esc, which brings the whole list back."""
    iins = facts.sample_iins or ("220315500017",)
    referral_iins = facts.sample_referral_iins or iins
    number = facts.sample_numbers[len(facts.sample_numbers) // 2] if facts.sample_numbers else ""
    children = [
        *_typed("Ахметов Ал", "backspace"),
        *_typed(iins[0], "escape"),
        *_typed("омарова", "escape"),
        *_typed(iins[len(iins) // 2][:6], "backspace"),
        *_typed("Нұрлан", "escape"),
        *_typed("Иванова Ан", "escape"),
        *_typed("Ким", "escape"),
        *_typed(iins[-1], "escape"),
        *_typed("Сериков Е", "escape"),
    ]
    sorts_down = [["sort", "down"] for _ in range(6)]
    sorts_up = [["sort", "up"] for _ in range(6)]
    referrals = [
        *_typed(number[:11] or "N-2026-0001", "escape"),
        *_typed(referral_iins[0], "escape"),
        *_typed("Жумабаев", "backspace"),
        *_typed("Q-2024-05", "escape"),
        *_typed(referral_iins[-1][:6], "escape"),
        *sorts_down,
        *sorts_up,
        *[["key", ch] for ch in "Али"],
        *sorts_down,
        *sorts_up,
        ["escape", ""],
        *_typed("Смирнова Ва", "escape"),
    ]
    return {"children": children, "referrals": referrals}


# ------------------------------------------------------------------------------ running


@dataclass
class Conditions:
    """The machine while a phase ran: 1-minute load average before and after it."""

    load_before: float
    load_after: float = float("nan")

    def done(self) -> Conditions:
        self.load_after = load_average()
        return self


@dataclass
class StartRun:
    total_ms: float
    phases: dict[str, float]  # ms, in order
    key_derivation_ms: float
    migrations_ms: float
    context_ms: float
    first_queries_ms: dict[str, float]
    children_open_ms: float
    memory: dict[str, float]


@dataclass
class UiResult:
    facts: StoreFacts
    starts: list[StartRun]
    start_conditions: Conditions
    session: dict[str, Any]
    session_conditions: Conditions
    profiles: dict[str, list[str]] = field(default_factory=dict)


def _spawn(
    home: Path,
    mode: str,
    out: Path,
    *,
    plan: Path | None = None,
    cprofile: Path | None = None,
    phase: str = "start",
) -> tuple[float, dict[str, Any]]:
    """Run the desk process once; (the spawn's wall-clock time, its JSON result)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", PASSPHRASE_ENV: PASSPHRASE}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "bench.ui_desk",
        "--home",
        str(home),
        "--profile",
        PROFILE,
        "--mode",
        mode,
        "--out",
        str(out),
    ]
    if plan is not None:
        command += ["--plan", str(plan)]
    if cprofile is not None:
        command += ["--cprofile", str(cprofile), "--cprofile-phase", phase]
    out.unlink(missing_ok=True)
    logfile = out.with_suffix(".log")
    with logfile.open("w", encoding="utf-8") as stderr:
        spawned = time.time()
        finished = subprocess.run(
            command, cwd=ROOT, env=env, stdout=stderr, stderr=stderr, timeout=3600, check=False
        )
    if not out.exists():
        tail = logfile.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"the desk process failed (exit {finished.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if "error" in result:
        raise RuntimeError(f"the desk process reported: {result['error']}")
    return spawned, result


def _start_run(spawned: float, result: dict[str, Any]) -> StartRun:
    m = result["marks"]
    spans = result["spans"]

    def ms(a: float, b: float) -> float:
        return (b - a) * 1000

    phases = {
        "interpreter": ms(spawned, m["interpreter"]),
        "imports": ms(m["interpreter"], m["imports"]),
        "qt": ms(m["imports"], m["store_open_started"]),
        "store": ms(m["store_open_started"], m["store_opened"]),
        "context": ms(m["store_opened"], m["window_build_started"]),
        "window": ms(m["window_build_started"], m["window_built"]),
        "show": ms(m["window_built"], m["window_started"]),
        "first_page": ms(m["window_started"], m.get("first_page_loaded", m["window_started"])),
        "paint": ms(m.get("first_page_loaded", m["window_started"]), m["interactive"]),
    }
    first: dict[str, float] = {}
    for name, spent in result["queries"]:
        if name.startswith("children"):
            break  # the Children page, opened after the start
        first[name] = first.get(name, 0.0) + spent
    return StartRun(
        total_ms=ms(spawned, m["interactive"]),
        phases=phases,
        key_derivation_ms=spans.get("key_derivation", 0.0) * 1000,
        migrations_ms=spans.get("migrations_check", 0.0) * 1000,
        context_ms=spans.get("context", 0.0) * 1000,
        first_queries_ms=first,
        children_open_ms=float(result.get("children_open_ms", float("nan"))),
        memory=result["memory_start"],
    )


def _hotspots(path: Path) -> list[str]:
    """Markdown rows: the desk's own functions by cumulative time, then every function
    (libraries and Qt's C++ calls included) by self time."""
    own, everything = top_functions(pstats.Stats(str(path)), own=("desktop", "sync", "domain"))

    def table(title: str, picked: list[FunctionStat]) -> list[str]:
        return [
            title,
            "",
            "| cumulative ms | self ms | calls | function |",
            "|---:|---:|---:|---|",
            *(
                f"| {f.cum_ms:,.0f} | {f.self_ms:,.0f} | {f.calls:,.0f} | `{f.where}` |"
                for f in picked
            ),
            "",
        ]

    return [
        *table("The desk's own code (desktop/, sync/, domain/) by cumulative time:", own),
        *table("Everything by self time (`~:0` entries are C/C++ calls):", everything),
    ]


def run(options: UiOptions) -> UiResult:
    if options.work_dir is not None:
        options.work_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kezek-ui-bench-", dir=options.work_dir))
    try:
        home = work / "desk-home"
        log(
            f"building the store: {options.children:,} children, {options.referrals:,} "
            f"referrals, {options.groups} groups (in {work})"
        )
        facts = build_store(
            home,
            children=options.children,
            referrals=options.referrals,
            groups=options.groups,
            seed=options.seed,
        )
        log(f"store built in {facts.seconds:.1f} s ({facts.file_mib:.0f} MiB)")
        # one start that is not counted: the first run after the store was written reads
        # files the later ones find in the page cache (as a desk's every start does)
        _spawn(home, "start", work / "warmup.json")
        conditions = Conditions(load_average())
        starts: list[StartRun] = []
        for number in range(options.repeats):
            spawned, result = _spawn(home, "start", work / f"start-{number}.json")
            starts.append(_start_run(spawned, result))
            log(f"cold start {number + 1}/{options.repeats}: {starts[-1].total_ms:,.0f} ms")
        conditions.done()
        plan_path = work / "plan.json"
        plan_path.write_text(json.dumps(typing_plan(facts), ensure_ascii=False), "utf-8")
        session_conditions = Conditions(load_average())
        _spawned, session = _spawn(home, "session", work / "session.json", plan=plan_path)
        session_conditions.done()
        log("session done (scroll, typing, memory)")
        measured = UiResult(facts, starts, conditions, session, session_conditions)
        if options.profile != "never":
            from bench.ui_report import verdicts

            missed = [v for v in verdicts(measured) if not v.met]
            if options.profile == "always" or missed:
                log("profiling the desk (cProfile)")
                cold = work / "start.prof"
                _spawn(home, "start", work / "profiled-start.json", cprofile=cold)
                measured.profiles["start"] = _hotspots(cold)
        return measured
    finally:
        if options.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    from bench.ui_report import render_block, summary_lines, update_document

    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    options = UiOptions(
        children=args.children,
        referrals=args.referrals,
        groups=args.groups,
        repeats=args.repeats,
        seed=args.seed,
        profile=args.profile,
        keep=args.keep,
        work_dir=args.work_dir,
    )
    command = " ".join(["python -m bench ui", *map(shlex.quote, argv)])
    machine = describe(None)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    result = run(options)
    for line in summary_lines(result):
        log(line)
    block = render_block(result, machine, command, when, options)
    if args.out is not None:
        update_document(args.out, block)
        log(f"updated {args.out}")
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
