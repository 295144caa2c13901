"""The local store's migrations: run at every open, idempotent, matching the tables, and
all-or-nothing (a failed one leaves the file as it was)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from desktop.models.store import MIGRATIONS, LocalStore, _alembic_config, open_store
from desktop.models.sync_store import LocalSyncStore
from desktop.models.tables import Base
from desktop.models.usecases import Desk
from domain.errors import DomainError
from tests.desktop import factories
from tests.desktop.conftest import Clock, MemoryKeyring

HEAD = ScriptDirectory.from_config(_alembic_config(MIGRATIONS)).get_current_head()

BROKEN = '''"""a migration that fails half-way"""

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=True))
    op.create_table("extra", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO extra (id) VALUES (1)")
    op.execute("DELETE FROM outbox")
    raise RuntimeError("boom")


def downgrade() -> None:
    pass
'''


def _revision(store: LocalStore) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _schema(store: LocalStore) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master ORDER BY name"))
        return [(str(name), str(sql)) for name, sql in rows]


def _with_work(home: Path, clock: Clock) -> None:
    with open_store("kg", home=home, clock=clock) as store:
        local = LocalSyncStore(store)
        local.set_server("http://server", factories.KINDERGARTEN_ID, factories.ACCOUNT_ID)
        local.replace_with_snapshot(factories.snapshot())
        Desk(store).record_document_check(1, factories.documents())


def test_migrations_run_at_open_and_match_the_tables(store: LocalStore) -> None:
    assert _revision(store) == HEAD
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        tables = set(inspect(connection).get_table_names())
    assert diff == []
    assert set(Base.metadata.tables) <= tables


def test_migrations_are_idempotent(home: Path, clock: Clock, memory_keyring: MemoryKeyring) -> None:
    _with_work(home, clock)
    for _ in range(2):
        with open_store("kg", home=home, clock=clock) as store:
            assert _revision(store) == HEAD
            assert LocalSyncStore(store).pending_count() == 1
            device = LocalSyncStore(store).state().device_id
    with open_store("kg", home=home, clock=clock) as store:
        assert LocalSyncStore(store).state().device_id == device  # generated once


def test_a_failed_migration_leaves_the_store_as_it_was(
    home: Path, tmp_path: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    _with_work(home, clock)
    with open_store("kg", home=home, clock=clock) as store:
        before = _schema(store)
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, broken)
    (broken / "versions" / "0099_broken.py").write_text(BROKEN.format(head=HEAD))
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock, migrations_dir=broken)
    assert err.value.code == "STORE_MIGRATION_FAILED"
    assert str(err.value.__cause__) == "boom"  # it failed at the end, after all its DDL
    with open_store("kg", home=home, clock=clock) as store:
        assert _schema(store) == before
        assert _revision(store) == HEAD
        assert LocalSyncStore(store).pending_count() == 1  # the DELETE was rolled back too
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_store_from_a_newer_desk_is_store_too_new(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    _with_work(home, clock)
    with open_store("kg", home=home, clock=clock) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock)
    assert err.value.code == "STORE_TOO_NEW"
