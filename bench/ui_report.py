"""Markdown for docs/PERFORMANCE.md's "Desk (desktop/ui)" section.

Only what lies between ``<!-- bench:ui:begin -->`` and ``<!-- bench:ui:end -->`` is
rewritten; the section (with a short introduction outside the block) is added at the end
of the document when it is missing, and every other section and block is left alone.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.document import update_section
from bench.machine import Machine
from bench.stats import figure, percentile
from bench.ui_bench import (
    KEY_TARGET_MS,
    MEMORY_TARGET_MB,
    START_TARGET_MS,
    Conditions,
    UiOptions,
    UiResult,
)

SECTION = "## Desk (desktop/ui)"
BEGIN = "<!-- bench:ui:begin -->"
END = "<!-- bench:ui:end -->"
INTRO = """Measured by `python -m bench ui` (`bench/ui_bench.py`; `make bench` runs it last): the
desk app itself (`desktop.ui.app.main`, offscreen, `--no-sync`) in a new process for every
run, over a store built the way a desk gets one (passphrase mode with the production
Argon2id parameters, then the first sync's snapshot). The block below is rewritten by the
tool; this paragraph is not."""
KEYS = ("key", "backspace", "escape")
MIB_TO_MB = 1024 * 1024 / 1e6


@dataclass(frozen=True)
class Verdict:
    name: str
    measured: float
    target: float
    unit: str

    @property
    def met(self) -> bool:
        return self.measured <= self.target


def _spread(values: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return percentile(ordered, 50), percentile(ordered, 95), ordered[-1] if ordered else math.nan


def _keys(result: UiResult, page: str, kinds: Sequence[str] = KEYS) -> list[dict[str, Any]]:
    return [a for a in result.session.get("keys", {}).get(page, []) if a["kind"] in kinds]


def _peak_mb(result: UiResult) -> float:
    s = result.session
    peaks = [s[k]["hwm_mib"] for k in ("memory_start", "memory_scrolled", "memory_typed")]
    peaks += [r.memory["hwm_mib"] for r in result.starts]
    return max(peaks) * MIB_TO_MB


def verdicts(result: UiResult) -> list[Verdict]:
    found = [
        Verdict(
            "Cold start to an interactive window (p50)",
            _spread([r.total_ms for r in result.starts])[0],
            START_TARGET_MS,
            "ms",
        )
    ]
    for page, label in (("children", "Children"), ("referrals", "Referrals")):
        keys = _keys(result, page)
        if keys:
            found.append(
                Verdict(
                    f"Filter keystroke, {label} (p95)",
                    _spread([a["ms"] for a in keys])[1],
                    KEY_TARGET_MS,
                    "ms",
                )
            )
    sorts = _keys(result, "referrals", ("sort",))
    if sorts:
        found.append(
            Verdict(
                "Sort change, Referrals (p95)",
                _spread([a["ms"] for a in sorts])[1],
                KEY_TARGET_MS,
                "ms",
            )
        )
    found.append(Verdict("Resident memory, peak (VmHWM)", _peak_mb(result), MEMORY_TARGET_MB, "MB"))
    return found


def summary_lines(result: UiResult) -> list[str]:
    return [
        f"{v.name}: {v.measured:,.1f} {v.unit} (target ≤ {v.target:,.0f}) -> "
        + ("met" if v.met else "MISSED")
        for v in verdicts(result)
    ]


def _state(met: bool) -> str:
    return "met" if met else "**missed**"


def _cond(c: Conditions) -> str:
    return f"{figure(c.load_before, 2)} → {figure(c.load_after, 2)}"


def _versions() -> str:
    try:
        import sqlcipher3

        connection = sqlcipher3.connect(":memory:")
        cipher = str(connection.execute("PRAGMA cipher_version").fetchone()[0])
        sqlite = str(connection.execute("SELECT sqlite_version()").fetchone()[0])
        connection.close()
    except Exception:  # a report line, never a failure
        cipher, sqlite = "unknown", "unknown"
    try:
        from PySide6 import QtCore

        qt = QtCore.qVersion()
    except Exception:
        qt = "unknown"
    try:
        pyside = metadata.version("PySide6")
    except metadata.PackageNotFoundError:
        pyside = "unknown"
    return f"PySide6 {pyside} (Qt {qt}, QPA offscreen), SQLCipher {cipher} (SQLite {sqlite})"


def _row(name: str, values: Sequence[float], target: str, state: str, n: int | None = None) -> str:
    p50, p95, top = _spread(values) if values else (math.nan, math.nan, math.nan)
    count = n if n is not None else len(values)
    spread = " | ".join(figure(v, 1) for v in (p50, p95, top))
    return f"| {name} | {count:,} | {spread} | {target} | {state} |"


def _start_breakdown(result: UiResult) -> list[str]:
    starts = result.starts
    names = {
        "interpreter": "Interpreter up (spawn → first line of the desk process)",
        "imports": "Imports (PySide6, SQLAlchemy, pydantic, httpx, the desk's modules, pages)",
        "qt": "QApplication, settings, translators",
        "store": "Store open (header, key, engine, first read, migrations check, state)",
        "context": "Desk context (sync store, queries, runner)",
        "window": "Main window built (every page, the first page's query sent)",
        "show": "Window shown, status bar read",
        "first_page": "Waiting for the first page's data (Today)",
        "paint": "First page filled and painted, event loop idle",
    }
    lines = [
        "Cold start, where the time went (median of the runs; the phases add up to the total):",
        "",
        "| Phase | Median ms | Max ms |",
        "|---|---:|---:|",
    ]
    for key, label in names.items():
        values = [r.phases[key] for r in starts]
        lines.append(f"| {label} | {figure(statistics.median(values))} | {figure(max(values))} |")
        if key == "store":
            for sub, attr in (
                ("… of which Argon2id key derivation (t=3, 64 MiB, p=4)", "key_derivation_ms"),
                ("… of which the migrations check (at head: no alembic import)", "migrations_ms"),
            ):
                subs = [getattr(r, attr) for r in starts]
                lines.append(f"| {sub} | {figure(statistics.median(subs))} | {figure(max(subs))} |")
    totals = [r.total_ms for r in starts]
    lines.append(f"| **Total** | **{figure(statistics.median(totals))}** | {figure(max(totals))} |")
    queries: dict[str, list[float]] = {}
    for r in starts:
        for name, spent in r.first_queries_ms.items():
            queries.setdefault(name, []).append(spent)
    if queries:
        reads = ", ".join(
            f"`DeskQueries.{name}` {figure(statistics.median(v))} ms" for name, v in queries.items()
        )
        lines += [
            "",
            f"The first page's reads run in the runner's thread while the window is built "
            f"and shown (medians, all calls of a start summed): {reads}.",
        ]
    return [*lines, ""]


def _p(values: Sequence[float], q: float) -> str:
    return figure(percentile(sorted(values), q), 1)


def _typing_breakdown(result: UiResult) -> list[str]:
    lines: list[str] = []
    for page, label in (("children", "Children"), ("referrals", "Referrals")):
        actions = _keys(result, page, (*KEYS, "sort"))
        if not actions:
            continue
        queried = [a for a in actions if a["queried"]]
        own = [s for a in queried for _name, s in a.get("queries", [])]
        slow = sorted(actions, key=lambda a: a["ms"], reverse=True)[:5]

        def part(key: str, among: list[dict[str, Any]] = queried) -> str:
            values = [a[key] for a in among]
            return f"{_p(values, 50)} / {_p(values, 95)}"

        lines += [
            f"{label}, where an action's time went ({len(actions)} actions, {len(queried)} "
            "of them sent a query; p50 / p95 ms): the key event and the query sent "
            f"{part('key_ms', actions)}; waiting for the first page {part('wait_ms')} (the "
            f"store's calls themselves, in the runner thread: {_p(own, 50)} / {_p(own, 95)});"
            f" the GUI thread after it arrived (model reset, layout, paint, column fit) "
            f"{part('view_ms')}. CPU of the desk process per action (all threads) "
            f"{part('cpu_ms', actions)}. Slowest: "
            + "; ".join(
                f"{a['kind']} {a['value']!r} → {a['rows']:,} rows, {figure(a['ms'], 1)} ms "
                f"(waiting {figure(a['wait_ms'], 1)}, GUI {figure(a['view_ms'], 1)})"
                for a in slow
            )
            + ".",
            "",
        ]
    return lines


def render_block(
    result: UiResult, machine: Machine, command: str, when: str, options: UiOptions
) -> str:
    f = result.facts
    s = result.session
    starts = result.starts
    totals = [r.total_ms for r in starts]
    v = {x.name: x for x in verdicts(result)}
    start_v = v["Cold start to an interactive window (p50)"]
    lines = [
        BEGIN,
        f"### Desk with {f.children:,} children",
        "",
        f"Measured {when} with `{command}` (seed {options.seed}).",
        "",
        "Machine:",
        "",
        f"- CPU: {machine.cpu}, {machine.cores} cores; RAM {machine.ram_gib:.1f} GiB; "
        f"Linux {machine.kernel}",
        f"- Python {machine.python}, {_versions()}",
        f"- Code: {machine.code}",
        f"- Load average (1 min) before → after: cold starts {_cond(result.start_conditions)}; "
        f"scroll and typing {_cond(result.session_conditions)} (a shared 2-core VM: other "
        "jobs ran too)",
        "",
        f"Store: {f.children:,} attending children (+{f.left:,} who left this month) in "
        f"{f.groups} groups, {f.referrals:,} referrals ({f.live_referrals:,} live), "
        f"{f.places:,} places, {f.document_checks:,} document checks; "
        f"{f.file_mib:.0f} MiB encrypted, built in {f.seconds:.0f} s (setup, not measured).",
        "",
        "| Measurement | Samples | p50 | p95 | max | Target | |",
        "|---|---:|---:|---:|---:|---|---|",
        _row(
            "Cold start: spawn → main window shown, first page's data in, event loop idle (ms)",
            totals,
            f"≤ {START_TARGET_MS:,.0f} ms (p50)",
            _state(start_v.met),
        ),
        _row(
            f"Children page opened after the start: first rows of {s.get('children_total', 0):,}"
            " shown (ms)",
            [r.children_open_ms for r in starts],
            "–",
            "",
        ),
    ]
    for page, label in (("children", "Children"), ("referrals", "Referrals")):
        keys = _keys(result, page)
        if keys:
            verdict = v[f"Filter keystroke, {label} (p95)"]
            lines.append(
                _row(
                    f"Filter keystroke, {label}: key event → list reset with the new query's "
                    "rows, view painted (ms)",
                    [a["ms"] for a in keys],
                    f"≤ {KEY_TARGET_MS:,.0f} ms (p95)",
                    _state(verdict.met),
                )
            )
    sorts = _keys(result, "referrals", ("sort",))
    if sorts:
        lines.append(
            _row(
                "Sort change, Referrals (↑/↓ in the Sort box, with and without a search; ms)",
                [a["ms"] for a in sorts],
                f"≤ {KEY_TARGET_MS:,.0f} ms (p95)",
                _state(v["Sort change, Referrals (p95)"].met),
            )
        )
    scroll = s.get("scroll_ms", [])
    if scroll:
        lines.append(
            _row(
                "Scroll step on Children: the next page of rows at the top, its rows "
                "fetched and painted (ms)",
                scroll,
                "–",
                "",
            )
        )
    memory = v["Resident memory, peak (VmHWM)"]

    def mb(key: str, field: str = "rss_mib") -> str:
        return figure(s[key][field] * MIB_TO_MB)

    lines += [
        f"| Resident memory (VmRSS) after the start / after scrolling to row "
        f"{s.get('children_total', 0):,} / after the typing (MB) | 1 | {mb('memory_start')} "
        f"/ {mb('memory_scrolled')} / {mb('memory_typed')} | | | | |",
        f"| Peak resident memory (VmHWM) of the desk process (MB) | {len(starts) + 1} "
        f"| | | {figure(memory.measured)} | ≤ {MEMORY_TARGET_MB:,.0f} MB | {_state(memory.met)} |",
        "",
        "Keystrokes are timed from the key event (`QTest`, one key at a time) to the model "
        "reset with the new query's first page and every event already posted delivered "
        "(layout, paint). The search box's 150 ms typing pause is skipped (`flush()`): it "
        "is a choice, not work, and would add 150 ms to every number. MB are 10⁶ bytes.",
        "",
        *_start_breakdown(result),
        *_typing_breakdown(result),
        f"Memory: after scrolling to the last row the Children model held "
        f"{s.get('cached_rows', 0):,} rows' data (its window of pages) and the ids of the "
        f"rows seen. Peak VmHWM over the cold starts "
        f"{figure(max(r.memory['hwm_mib'] for r in starts) * MIB_TO_MB)} MB (the Argon2id "
        f"derivation alone asks for 64 MiB).",
        "",
    ]
    if result.profiles.get("start"):
        lines += [
            "#### Hotspots: a cold start (cProfile of the GUI thread)",
            "",
            "A start profiled to the interactive window (the profiler slows Python about "
            "twofold; the runner thread's queries are not in it).",
            "",
            *result.profiles["start"],
        ]
    lines.append(END)
    return "\n".join(lines)


def update_document(path: Path, block: str) -> None:
    """Put the block in the Desk section (made at the end of the file if missing)."""
    update_section(path, SECTION, {"ui": block}, order=("ui",), intro=INTRO)
