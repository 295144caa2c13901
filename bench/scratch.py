"""Throw-away databases: a schema ``bench_<pid>`` on PostgreSQL, a file under /tmp for SQLite.

The engine comes from :func:`server_stub.db.make_engine`, exactly as the server makes it,
and the schema from the Alembic migrations. Everything is removed on exit unless ``keep``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from server_stub.db import make_engine
from server_stub.migrate import upgrade


@dataclass(frozen=True)
class EngineSpec:
    """How to open the scratch database as the server does, in this process or another
    (a publisher of :mod:`bench.crowd`): picklable, unlike an engine."""

    url: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def open(self) -> Engine:
        return make_engine(self.url, **self.kwargs)


@dataclass
class Scratch:
    """One migrated, empty database and how to reach it with and without SQLAlchemy."""

    dialect: str  # "sqlite" | "postgresql"
    engine: Engine
    spec: EngineSpec
    where: str  # the file or the schema, for the report
    sqlite_path: Path | None = None
    pg_conninfo: str | None = None
    pg_options: str | None = None
    application_name: str | None = None  # PostgreSQL: how our sessions are told apart

    def raw_connection(self) -> Any:
        """A plain DB-API connection, configured as the server's engine configures its own."""
        if self.dialect == "postgresql":
            assert self.pg_conninfo is not None
            return psycopg.connect(
                self.pg_conninfo,
                options=self.pg_options,
                application_name=self.application_name,
                autocommit=False,
            )
        assert self.sqlite_path is not None
        connection = sqlite3.connect(self.sqlite_path, isolation_level=None, timeout=30)
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=30000",
            "PRAGMA synchronous=NORMAL",
        ):
            connection.execute(pragma)
        return connection


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def sqlite_scratch(directory: Path = Path("/tmp"), *, keep: bool = False) -> Iterator[Scratch]:
    path = directory / f"kezek-bench-{os.getpid()}.db"
    _remove_sqlite(path)
    spec = EngineSpec(f"sqlite:///{path}")
    engine = spec.open()
    try:
        upgrade(engine)
        yield Scratch("sqlite", engine, spec, str(path), sqlite_path=path)
    finally:
        engine.dispose()
        if not keep:
            _remove_sqlite(path)


@contextmanager
def postgresql_scratch(url: str, *, keep: bool = False) -> Iterator[Scratch]:
    schema = f"bench_{os.getpid()}"
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = f"-csearch_path={schema}"
    application_name = f"kezek-{schema}"
    spec = EngineSpec(
        url, {"connect_args": {"options": options, "application_name": application_name}}
    )
    engine = spec.open()
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        upgrade(engine)
        yield Scratch(
            "postgresql",
            engine,
            spec,
            f"schema {schema}",
            pg_conninfo=conninfo,
            pg_options=options,
            application_name=application_name,
        )
    finally:
        engine.dispose()
        if not keep:
            with admin.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": application_name},
                )
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class ServerCpu:
    """CPU time of the PostgreSQL backends serving our sessions, read from /proc.

    The server runs on this machine, so ``utime + stime`` of the backend processes (found
    by our ``application_name``) says how much of a latency was the database's own work;
    the rest is the client, I/O (the WAL flush at COMMIT) and waiting for a core. The
    kernel counts in ticks (10 ms), so only a mean over many operations is meaningful.
    """

    def __init__(self, scratch: Scratch) -> None:
        self.scratch = scratch
        self.seconds = float("nan")
        self._start: dict[int, float] = {}

    def _pids(self) -> list[int]:
        with self.scratch.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                {"name": self.scratch.application_name},
            ).all()
            connection.rollback()
        return [int(row[0]) for row in rows]

    @staticmethod
    def _cpu(pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        # fields[0] is the state (field 3 of stat(5)); utime and stime are fields 14 and 15
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> ServerCpu:
        if self.scratch.dialect == "postgresql":
            for pid in self._pids():
                cpu = self._cpu(pid)
                if cpu is not None:
                    self._start[pid] = cpu
        return self

    def __exit__(self, *exc: object) -> None:
        if self.scratch.dialect != "postgresql":
            return
        total = 0.0
        for pid in set(self._pids()) | set(self._start):
            cpu = self._cpu(pid)
            if cpu is not None:
                total += cpu - self._start.get(pid, 0.0)
        self.seconds = total
