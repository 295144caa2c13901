"""Alembic environment: the connection is handed in by :func:`server_stub.migrate.upgrade`."""

from __future__ import annotations

from alembic import context

from server_stub.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
