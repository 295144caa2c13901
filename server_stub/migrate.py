"""Schema migrations, run at every start so a server never meets an old schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # our BEGIN IMMEDIATE hook wants a fresh transaction per begin
            connection.commit()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()
