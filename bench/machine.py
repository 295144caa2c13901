"""What the numbers were measured on: CPU, memory, database and library versions."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    ram_gib: float
    kernel: str
    python: str
    sqlite: str
    postgresql: str
    postgresql_settings: str
    sqlalchemy: str
    psycopg: str
    code: str  # git revision of the code measured

    def lines(self) -> list[str]:
        pg = self.postgresql
        if self.postgresql_settings:
            pg += f" ({self.postgresql_settings})"
        return [
            f"CPU: {self.cpu}, {self.cores} cores; RAM {self.ram_gib:.1f} GiB; Linux {self.kernel}",
            f"PostgreSQL {pg}",
            f"SQLite {self.sqlite} (WAL, synchronous=NORMAL, BEGIN IMMEDIATE: server_stub.db)",
            f"Python {self.python}, SQLAlchemy {self.sqlalchemy}, psycopg {self.psycopg}",
            f"Code: {self.code}",
        ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    return float("nan")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _postgresql(url: str | None) -> tuple[str, str]:
    if url is None:
        return "not used", ""
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            version = str(connection.scalar(text("SHOW server_version")))
            settings = [
                f"{name} {connection.scalar(text(f'SHOW {name}'))}"
                for name in ("shared_buffers", "synchronous_commit", "fsync")
            ]
        return version, ", ".join(settings)
    except SQLAlchemyError as exc:
        return f"unreachable ({type(exc).__name__})", ""
    finally:
        engine.dispose()


def _code_revision() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def describe(pg_url: str | None) -> Machine:
    postgresql, settings = _postgresql(pg_url)
    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 1,
        ram_gib=_ram_gib(),
        kernel=platform.release(),
        python=platform.python_version(),
        sqlite=sqlite3.sqlite_version,
        postgresql=postgresql,
        postgresql_settings=settings,
        sqlalchemy=_version("SQLAlchemy"),
        psycopg=_version("psycopg"),
        code=_code_revision(),
    )
