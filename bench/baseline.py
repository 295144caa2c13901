"""The yardstick: one single-row INSERT + COMMIT, the least a write transaction costs.

The scratch table looks like a slim application row (a key, a few strings, a date, a
timestamp and one secondary index). Run through the server's own engine (pool, pre-ping,
SQLite's BEGIN IMMEDIATE hook) and through the bare driver, so the engine's share shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Column, Date, DateTime, Engine, Index, Integer, MetaData, String, Table

from bench.scratch import Scratch
from bench.stats import Stopwatch, Summary

_metadata = MetaData()
BASELINE_TABLE = Table(
    "bench_insert",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False),
    Column("child_iin", String(12), nullable=False),
    Column("parent_iin", String(12), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Index("ix_bench_insert_parent", "parent_iin"),
)
RAW_TABLE = "bench_insert_raw"

_T0 = datetime(2026, 1, 5, 4, 0, tzinfo=UTC)


def _row(i: int) -> dict[str, Any]:
    return {
        "number": f"B-{i:07d}",
        "child_iin": f"{200301500000 + i:012d}",
        "parent_iin": f"{900101400000 + i % 997:012d}",
        "birth_date": date(2023, 1, 1) + timedelta(days=i % 900),
        "status": "queued",
        "queued_at": _T0 + timedelta(seconds=i),
    }


def engine_inserts(engine: Engine, count: int, warmup: int = 20) -> Summary:
    """``count`` transactions of one INSERT each through the server's engine."""
    _metadata.create_all(engine, tables=[BASELINE_TABLE])
    statement = BASELINE_TABLE.insert()
    timings: list[float] = []
    cpu: list[float] = []
    for i in range(warmup + count):
        row = _row(i)
        watch = Stopwatch()
        with engine.begin() as connection:
            connection.execute(statement, row)
        watch.stop()
        if i >= warmup:
            timings.append(watch.wall)
            cpu.append(watch.cpu)
    return Summary.of(timings, cpu)


def raw_inserts(scratch: Scratch, count: int, warmup: int = 20) -> Summary:
    """The same through the bare DB-API driver (psycopg 3 or sqlite3), no SQLAlchemy."""
    connection = scratch.raw_connection()
    postgresql = scratch.dialect == "postgresql"
    key = "serial PRIMARY KEY" if postgresql else "INTEGER PRIMARY KEY"
    stamp = "timestamptz" if postgresql else "TIMESTAMP"
    mark = "%s" if postgresql else "?"
    try:
        cursor = connection.cursor()
        if not postgresql:
            cursor.execute("BEGIN IMMEDIATE")
        cursor.execute(
            f"CREATE TABLE {RAW_TABLE} (id {key}, number varchar(20) NOT NULL, "
            "child_iin varchar(12) NOT NULL, parent_iin varchar(12) NOT NULL, "
            f"birth_date date NOT NULL, status varchar(20) NOT NULL, queued_at {stamp} NOT NULL)"
        )
        cursor.execute(f"CREATE INDEX ix_{RAW_TABLE}_parent ON {RAW_TABLE} (parent_iin)")
        if postgresql:
            connection.commit()
        else:
            cursor.execute("COMMIT")
        sql = (
            f"INSERT INTO {RAW_TABLE} (number, child_iin, parent_iin, birth_date, status, "
            f"queued_at) VALUES ({', '.join([mark] * 6)})"
        )
        timings: list[float] = []
        cpu: list[float] = []
        for i in range(warmup + count):
            row = _row(i)
            queued_at = row["queued_at"]
            params = (
                row["number"],
                row["child_iin"],
                row["parent_iin"],
                row["birth_date"] if postgresql else row["birth_date"].isoformat(),
                row["status"],
                queued_at if postgresql else queued_at.replace(tzinfo=None).isoformat(" "),
            )
            watch = Stopwatch()
            if postgresql:
                cursor.execute(sql, params)
                connection.commit()
            else:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute(sql, params)
                cursor.execute("COMMIT")
            watch.stop()
            if i >= warmup:
                timings.append(watch.wall)
                cpu.append(watch.cpu)
        cursor.close()
    finally:
        connection.close()
    return Summary.of(timings, cpu)


def raw_round_trips(scratch: Scratch, count: int, warmup: int = 20) -> Summary:
    """``SELECT 1`` through the bare driver outside a transaction: one network round trip
    (PostgreSQL) or one call into the library (SQLite), no commit. Every statement a
    transaction sends costs at least this."""
    connection = scratch.raw_connection()
    if scratch.dialect == "postgresql":
        connection.commit()
        connection.autocommit = True
    timings: list[float] = []
    cpu: list[float] = []
    try:
        cursor = connection.cursor()
        for i in range(warmup + count):
            watch = Stopwatch()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            watch.stop()
            if i >= warmup:
                timings.append(watch.wall)
                cpu.append(watch.cpu)
        cursor.close()
    finally:
        connection.close()
    return Summary.of(timings, cpu)
