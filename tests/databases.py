"""Databases for tests: every test that asks for one runs on SQLite and PostgreSQL.

Fixtures (all function-scoped, so each test gets an empty, freshly migrated database):

- ``database_url``: a URL of a fresh, *unmigrated* database. SQLite: a file in the test's
  ``tmp_path``. PostgreSQL: a private schema ``t_<random>`` in the database of
  ``KEZEK_TEST_PG_URL``, selected through the URL itself (``options=-csearch_path=...``),
  so the URL alone is enough for anything that takes ``--db URL`` (a uvicorn server in a
  subprocess, ``python -m server_stub ...``). The schema is dropped after the test.
- ``engine``: ``make_engine(database_url)`` with the Alembic migrations applied.
- ``session_factory``: sessions with the feed and audit hooks, as the running server has them.
- ``db_dialect``: ``"sqlite"`` or ``"postgresql"``, to skip what makes sense on one only.

The PostgreSQL parameter carries the ``postgres`` marker (``-m "not postgres"`` runs the
SQLite half). When PostgreSQL does not answer, its tests are skipped, unless
``KEZEK_REQUIRE_POSTGRES=1`` (set by ``.ci/run``): then they fail, so CI never goes green
by skipping them silently.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from server_stub.db import make_engine
from server_stub.migrate import upgrade
from server_stub.runtime import session_factory_for

PG_URL_ENV = "KEZEK_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REQUIRE_PG_ENV = "KEZEK_REQUIRE_POSTGRES"

DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_base_url() -> str:
    return os.environ.get(PG_URL_ENV) or DEFAULT_PG_URL


def _require_postgres() -> bool:
    return os.environ.get(REQUIRE_PG_ENV, "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def pg_admin_engine() -> Iterator[Engine]:
    """An autocommit engine on the test database for creating and dropping schemas.

    Skips (or fails, see the module docstring) the requesting test when PostgreSQL does
    not answer; the check is made once per session.
    """
    url = pg_base_url()
    shown = make_url(url).render_as_string(hide_password=True)
    engine = create_engine(
        url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    failure: str | None = None
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        engine.dispose()
        failure = f"PostgreSQL at {shown} is unreachable ({type(exc).__name__})"
    if failure is not None:  # outside the except: no chained traceback in the report
        if _require_postgres():
            pytest.fail(
                f"{failure} and {REQUIRE_PG_ENV}=1: start it (see .ci/run) or set {PG_URL_ENV}",
                pytrace=False,
            )
        pytest.skip(f"{failure}; set {REQUIRE_PG_ENV}=1 to make this a failure")
    yield engine
    engine.dispose()


@pytest.fixture(params=DIALECTS)
def db_dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(db_dialect: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if db_dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'kezek.db'}"
        return
    admin: Engine = request.getfixturevalue("pg_admin_engine")
    schema = f"t_{secrets.token_hex(6)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(pg_base_url())
    # application_name lets teardown find and end connections a test left open
    query = {
        **base.query,
        "options": f"-csearch_path={schema}",
        "application_name": f"kezek-{schema}",
    }
    yield base.set(query=query).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name AND pid <> pg_backend_pid()"
            ),
            {"name": f"kezek-{schema}"},
        )
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return session_factory_for(engine)
