"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.live import LiveServer, live_server

# database fixtures (engine, session_factory, database_url, ...) for every folder
pytest_plugins = ["tests.databases"]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.db'}"


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """A real server on loopback over a fresh SQLite file."""
    with live_server(sqlite_url, tmp_path) as running:
        yield running
