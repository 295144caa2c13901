"""Where the time goes: SQL statements timed at the driver, Python functions by cProfile,
and the plan of the statements that cost most."""

from __future__ import annotations

import cProfile
import pstats
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, event

from bench.scratch import Scratch
from bench.stats import Stopwatch

_ROOT = Path(__file__).resolve().parent.parent
_IN_LIST = re.compile(
    r"\((?:\s*(?:%\(\w+\)s|\?|\$\d+|__\[POSTCOMPILE_\w+\])(?:::[A-Z ]+)?\s*,?)+\)"
)
_NAMED = re.compile(r"%\((\w+)\)s")
_PG_PLACEHOLDER = re.compile(r"\$\d+")
_SELECT_LIST = re.compile(r"^SELECT (?P<cols>.{80,}?) FROM ", re.DOTALL)


def normalise_sql(statement: str) -> str:
    """One line; parameter lists of any length alike; long select lists shortened."""
    sql = " ".join(statement.split())
    sql = _IN_LIST.sub("(…)", sql)
    match = _SELECT_LIST.match(sql)
    if match:
        cols = match.group("cols")
        first = cols.split(",", 1)[0]
        sql = f"SELECT {first}, … ({cols.count(',') + 1} columns) FROM " + sql[match.end() :]
    return sql


@dataclass
class StatementStat:
    sql: str
    calls: int = 0
    total: float = 0.0
    max: float = 0.0
    slowest: tuple[str, Any] | None = None  # (statement, parameters) of the slowest call


@dataclass
class StatementTimer:
    """Times every cursor execution on ``engine`` while active."""

    engine: Engine
    stats: dict[str, StatementStat] = field(default_factory=dict)

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        elapsed = time.perf_counter() - conn.info["bench_started"].pop()
        key = normalise_sql(statement)
        stat = self.stats.setdefault(key, StatementStat(key))
        stat.calls += 1
        stat.total += elapsed
        if elapsed >= stat.max:
            stat.max = elapsed
            stat.slowest = (statement, parameters)

    @contextmanager
    def active(self) -> Iterator[StatementTimer]:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        try:
            yield self
        finally:
            event.remove(self.engine, "before_cursor_execute", self._before)
            event.remove(self.engine, "after_cursor_execute", self._after)


class LockWaitMeter:
    """Seconds spent waiting for the queue lock: in ``pg_advisory_xact_lock`` on
    PostgreSQL, in ``BEGIN IMMEDIATE`` (the database's write lock) on SQLite.

    The PostgreSQL lock key is one for the whole database, so any other session
    allocating in the same PostgreSQL database (another schema's tests, say) makes the
    benchmark wait.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.total = 0.0

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "pg_advisory_xact_lock" in statement or statement.startswith("BEGIN IMMEDIATE"):
            conn.info["bench_lock_started"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        started = conn.info.pop("bench_lock_started", None)
        if started is not None:
            self.total += time.perf_counter() - started

    @contextmanager
    def active(self) -> Iterator[LockWaitMeter]:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        try:
            yield self
        finally:
            event.remove(self.engine, "before_cursor_execute", self._before)
            event.remove(self.engine, "after_cursor_execute", self._after)


@dataclass(frozen=True)
class FunctionStat:
    where: str
    calls: float  # per sample
    self_ms: float  # per sample
    cum_ms: float  # per sample


@dataclass(frozen=True)
class StatementRow:
    sql: str
    calls: float  # per sample
    ms: float  # per sample
    max_ms: float


@dataclass
class Hotspots:
    dialect: str
    workload: str
    samples: int
    wall_ms: float  # mean per sample, without the profiler
    sql_ms: float  # of which inside cursor.execute
    statements: list[StatementRow]
    by_self: list[FunctionStat]
    by_cumulative: list[FunctionStat]
    plans: list[Plan]  # of the costliest statements
    cpu_ms: float = float("nan")  # mean CPU of this process per sample (SQL pass)
    statements_per_sample: float = float("nan")


@dataclass(frozen=True)
class Plan:
    sql: str
    title: str
    text: str


def _where(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    if filename == "~":
        return name  # a built-in
    path = Path(filename)
    try:
        shown = str(path.resolve().relative_to(_ROOT))
    except ValueError:
        parts = path.parts
        shown = (
            "/".join(parts[parts.index("site-packages") + 1 :])
            if "site-packages" in parts
            else path.name
        )
    return f"{shown}:{line} {name}"


def top_functions(
    stats: pstats.Stats, *, own: Sequence[str], per: int = 1, limit: int = 12
) -> tuple[list[FunctionStat], list[FunctionStat]]:
    """(the project's ``own`` packages' functions by cumulative time, every function by
    self time), ``limit`` of each, in calls and ms per sample (``per`` samples profiled)."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = [
        (key, FunctionStat(_where(key), nc / per, tt * 1000 / per, ct * 1000 / per))
        for key, (_cc, nc, tt, ct, _callers) in raw.items()
        if not key[0].startswith("<frozen")
    ]
    by_self = [stat for _, stat in sorted(rows, key=lambda r: -r[1].self_ms)[:limit]]
    by_cumulative = [
        stat
        for key, stat in sorted(rows, key=lambda r: -r[1].cum_ms)
        if any(f"/{package}/" in key[0] for package in own)
    ][:limit]
    return by_cumulative, by_self


def _explain(engine: Engine, statement: str, parameters: Any) -> str:
    """The plan of one statement as it ran, in a transaction that is rolled back."""
    postgresql = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if postgresql else "EXPLAIN QUERY PLAN "
    with engine.connect() as connection:
        try:
            result = connection.exec_driver_sql(prefix + statement, parameters)
            if postgresql:
                lines = [str(row[0]) for row in result]
            else:  # rows of (id, parent, unused, detail): indent by depth
                depth: dict[int, int] = {0: -1}
                lines = []
                for node, parent, _unused, detail in result:
                    depth[node] = depth.get(parent, -1) + 1
                    lines.append("  " * depth[node] + str(detail))
        finally:
            connection.rollback()
    return "\n".join(lines)


def _generic_plan(scratch: Scratch, statement: str, parameters: dict[str, Any]) -> str:
    """PostgreSQL: the generic plan a server-side prepared statement switches to.

    psycopg prepares a statement after it ran 5 times; from then PostgreSQL may run a
    generic plan, made without the parameter values, which can differ from the plan that
    ``EXPLAIN`` with values shows.
    """
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    sql = _NAMED.sub(number, statement).replace("%%", "%")
    connection = scratch.raw_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            cursor.execute(f"PREPARE bench_generic AS {sql}")
        client = psycopg.ClientCursor(connection)
        marks = ", ".join(["%s"] * len(names))
        client.execute(
            f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE bench_generic ({marks})",
            [parameters[name] for name in names],
        )
        lines = [str(row[0]) for row in client.fetchall()]
        connection.rollback()
    finally:
        connection.close()
    return "\n".join(lines)


def _prepared_counts(engine: Engine) -> dict[str, tuple[int, int]]:
    """Normalised statement -> (generic plans, custom plans) on the pool's connection."""
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
        ).all()
        connection.rollback()
    counts: dict[str, tuple[int, int]] = {}
    for statement, generic, custom in rows:
        key = normalise_sql(_PG_PLACEHOLDER.sub("%(p)s", statement))
        old = counts.get(key, (0, 0))
        counts[key] = (old[0] + int(generic), old[1] + int(custom))
    return counts


def _plans(scratch: Scratch, statements: Sequence[StatementStat], wanted: int) -> list[Plan]:
    engine = scratch.engine
    postgresql = scratch.dialect == "postgresql"
    prepared = _prepared_counts(engine) if postgresql else {}
    plans: list[Plan] = []
    for stat in statements:
        if len(plans) >= wanted * (2 if postgresql else 1):
            break
        if stat.slowest is None or " FROM " not in stat.sql or not stat.sql.startswith("SELECT"):
            continue
        statement, parameters = stat.slowest
        try:
            plans.append(
                Plan(
                    stat.sql,
                    "with its slowest call's values",
                    _explain(engine, statement, parameters),
                )
            )
        except Exception as exc:  # a plan is a nicety: never lose the measurements for it
            plans.append(Plan(stat.sql, "EXPLAIN failed", f"{type(exc).__name__}: {exc}"))
        if not postgresql or not isinstance(parameters, dict):
            continue
        key = normalise_sql(_NAMED.sub("%(p)s", statement))
        generic, custom = prepared.get(key, (0, 0))
        title = (
            f"generic (what a prepared statement may run; on the pool's connection: "
            f"{generic} generic and {custom} custom plans so far)"
        )
        try:
            plans.append(Plan(stat.sql, title, _generic_plan(scratch, statement, parameters)))
        except Exception as exc:
            plans.append(Plan(stat.sql, "generic EXPLAIN failed", f"{type(exc).__name__}: {exc}"))
    return plans


def profile(
    scratch: Scratch,
    workload: str,
    sql_pass: Sequence[Callable[[], object]],
    profile_pass: Sequence[Callable[[], object]],
    *,
    top: int = 12,
    plans: int = 2,
) -> Hotspots:
    """Time SQL statements over ``sql_pass`` and profile Python over ``profile_pass``.

    Two passes, so that the profiler's overhead does not inflate the statement timings.
    """
    engine = scratch.engine
    timer = StatementTimer(engine)
    watch = Stopwatch()
    with timer.active():
        for op in sql_pass:
            op()
    watch.stop()
    wall = watch.wall
    n = max(1, len(sql_pass))

    profiler = cProfile.Profile()
    for op in profile_pass:
        profiler.enable()
        op()
        profiler.disable()
    by_cumulative, by_self = top_functions(
        pstats.Stats(profiler),
        own=("server_stub", "domain"),
        per=max(1, len(profile_pass)),
        limit=top,
    )

    statements = sorted(timer.stats.values(), key=lambda s: -s.total)
    return Hotspots(
        dialect=scratch.dialect,
        workload=workload,
        samples=n,
        wall_ms=wall * 1000 / n,
        sql_ms=sum(s.total for s in statements) * 1000 / n,
        statements=[
            StatementRow(s.sql, s.calls / n, s.total * 1000 / n, s.max * 1000)
            for s in statements[:top]
        ],
        by_self=by_self,
        by_cumulative=by_cumulative,
        plans=_plans(scratch, statements, plans),
        cpu_ms=watch.cpu * 1000 / n,
        statements_per_sample=sum(s.calls for s in statements) / n,
    )
