"""Desk fixtures: a real SQLCipher store in tmp_path, an in-memory keyring, a hand clock.

The OS keyring is an outside system, so tests install :class:`MemoryKeyring` through
``keyring.set_keyring`` (a fake behind the library's own interface); the store code asks
whatever keyring is configured, exactly as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from desktop.models.keys import KdfParams
from desktop.models.queries import DeskQueries
from desktop.models.store import LocalStore, open_store
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from tests.desktop import factories

# Tests that do not test the KDF itself use cheap Argon2 parameters.
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)
# 2026-03-03 11:00 in Almaty: a Tuesday, one day after the referrals were issued.
START = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)


class MemoryKeyring(KeyringBackend):
    """A secure-looking keyring that keeps secrets in a dict."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


class Clock:
    """The desk's clock in tests: moves only when told."""

    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "desk-home"


@pytest.fixture
def store(home: Path, clock: Clock, memory_keyring: MemoryKeyring) -> Iterator[LocalStore]:
    opened = open_store("test", home=home, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sync(store: LocalStore) -> LocalSyncStore:
    """A store signed in as the head of kindergarten 1, with the factories' snapshot."""
    local = LocalSyncStore(store)
    local.set_server(
        "http://127.0.0.1:8000", factories.KINDERGARTEN_ID, factories.ACCOUNT_ID, role="head"
    )
    local.replace_with_snapshot(factories.snapshot())
    return local


@pytest.fixture
def desk(sync: LocalSyncStore) -> Desk:
    return Desk(sync.store)


@pytest.fixture
def queries(sync: LocalSyncStore) -> DeskQueries:
    return DeskQueries(sync.store)
