"""Alembic environment of the local store: the connection, already inside the one
transaction of :func:`desktop.models.store.upgrade`, is handed in; batch mode because
SQLite alters most things only by rebuilding a table."""

from __future__ import annotations

from alembic import context

from desktop.models.tables import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
