"""The migrations build exactly the schema the models describe, and can go down and up."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from server_stub.migrate import alembic_config
from server_stub.models import Base, ServerMeta


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert drift == []


def test_downgrade_to_the_first_revision_and_back(engine: Engine) -> None:
    with Session(engine) as session:
        server_id = session.scalar(select(ServerMeta.value).where(ServerMeta.key == "server_id"))
    assert server_id and len(server_id) == 32
    config = alembic_config()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.commit()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
        command.upgrade(config, "head")
        connection.commit()
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
