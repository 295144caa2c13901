"""The desk's encrypted local store: one SQLCipher file per profile.

``open_store`` finds the profile's folder, gets the key (:mod:`desktop.models.keys`),
opens the file through SQLAlchemy with the key as the very first statement of every
connection, checks that the key is right, runs the migrations, and hands back a
:class:`LocalStore`, whose :meth:`~LocalStore.write` and :meth:`~LocalStore.read` are the
only ways to reach the data: each is one transaction.

Failures a user can meet are :class:`DomainError` codes with a sentence in kk/ru/en, never
a traceback: STORE_KEY_WRONG (a wrong passphrase or key), STORE_KEY_MISSING (the keyring
does not hold this store's key: a copied file), STORE_LOCKED (another program holds the
write lock longer than the busy timeout), STORE_MIGRATION_FAILED, STORE_TOO_NEW.

Connections: WAL (the sync thread writes while the UI reads), foreign keys on, a busy
timeout, ``synchronous=FULL`` (an enrollment recorded at the desk must survive a power
cut), and ``BEGIN IMMEDIATE`` for writers, so two writers queue on the busy timeout
instead of failing on a read-to-write lock upgrade.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3
import sqlcipher3.dbapi2
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from desktop.models import keys
from desktop.models.keys import (
    DEFAULT_KDF,
    KdfParams,
    KeyMode,
    KeyringTokenVault,
    ModeChoice,
    PassphrasePrompt,
    StoreHeader,
)
from desktop.models.tables import LocalSecret, SyncStateRow
from domain.errors import DomainError
from domain.messages import DEFAULT_LANGUAGE

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
STORE_FILE = "store.db"
HEADER_FILE = "store.header.json"
HOME_ENV = "KEZEK_DESK_HOME"
DEFAULT_PROFILE = "default"
DEFAULT_BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 16 * 1024
ENGINE_LOGGER = "sqlalchemy.engine.Engine.kezek_desk"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------------------ profiles


def desk_home(home: Path | str | None = None) -> Path:
    """The folder that holds every profile: ``home``, else $KEZEK_DESK_HOME, else the
    user's data folder (``~/.local/share/kezek/desk`` on Linux, honouring XDG_DATA_HOME;
    %LOCALAPPDATA% on Windows; Application Support on macOS)."""
    if home is not None:
        return Path(home)
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kezek" / "desk"


def profile_dir(profile: str = DEFAULT_PROFILE, home: Path | str | None = None) -> Path:
    """``<home>/<profile>``; a profile is a plain name, never a path (PROFILE_NAME_INVALID)."""
    if not _PROFILE_NAME.match(profile):
        raise DomainError("PROFILE_NAME_INVALID")
    return desk_home(home) / profile


def list_profiles(home: Path | str | None = None) -> list[str]:
    """Profiles that have a store, for the UI's profile chooser."""
    root = desk_home(home)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / STORE_FILE).exists())


# --------------------------------------------------------------------------------- errors


def _sqlite_message(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    return str(orig if orig is not None else error).lower()


def translate(error: BaseException) -> DomainError | None:
    """The DomainError a database failure means to a user, or None for a bug."""
    message = _sqlite_message(error)
    if "locked" in message or "busy" in message:
        return DomainError("STORE_LOCKED")
    if "not a database" in message or "encrypted" in message:
        return DomainError("STORE_KEY_WRONG")
    if "disk is full" in message or "disk i/o" in message or "readonly" in message:
        return DomainError("STORE_IO_FAILED")
    return None


_DB_ERRORS = (sa_exc.OperationalError, sa_exc.DatabaseError, sqlcipher3.dbapi2.DatabaseError)


# ---------------------------------------------------------------------------------- engine


def _connector(path: Path, key: bytes, busy_timeout_ms: int) -> Callable[[], Any]:
    """A DBAPI connection factory whose first statement is the raw key.

    The raw-key form (``x'…'``) skips SQLCipher's own PBKDF2: the key already has full
    entropy (random, or Argon2id-derived). The first read proves the key: with a wrong one
    SQLCipher answers "file is not a database".
    """
    key_sql = f"PRAGMA key = \"x'{key.hex()}'\""

    def connect() -> Any:
        conn = sqlcipher3.connect(
            str(path),
            check_same_thread=False,
            isolation_level=None,  # SQLAlchemy's begin hook issues BEGIN itself
            timeout=busy_timeout_ms / 1000,
        )
        try:
            # SQLCipher would log decryption failures to stderr: nothing for a user there
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(key_sql)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA synchronous = FULL")
            # decrypted pages are costly to re-read: keep up to 16 MiB of them per connection
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        except Exception:
            conn.close()
            raise
        return conn

    return connect


def _quiet_engine_logger() -> None:
    """SQLAlchemy logs result rows at DEBUG, and a row here is a child's record: the desk's
    engine logger stays at WARNING unless someone sets it on purpose, so turning on
    ``sqlalchemy.engine`` debugging elsewhere never dumps personal data (R30)."""
    logger = logging.getLogger(ENGINE_LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


def make_engine(
    path: Path, key: bytes, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> Engine:
    """A SQLAlchemy engine over the SQLCipher file (the pysqlite dialect, sqlcipher3 as
    its DBAPI module so that errors are wrapped like sqlite3's)."""
    _quiet_engine_logger()
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        creator=_connector(path, key, busy_timeout_ms),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        # the most recently used connection first: its page cache is the warm one. Every
        # list read writes its audit row, and a write makes SQLite drop the page cache of
        # every *other* connection, so a pool handing connections out in turn decrypted the
        # same pages again on every keystroke (a search at 50,000 rows: 7 -> 16 ms)
        pool_use_lifo=True,
        # R30: parameters are IINs and names; keep them out of SQL logging and of the
        # text of database exceptions, which may end up in a log
        hide_parameters=True,
        logging_name=ENGINE_LOGGER.rsplit(".", 1)[-1],
    )

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("kezek_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# ------------------------------------------------------------------------------ migrations


def _alembic_config(migrations_dir: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    return config


_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*=\s*(?:None|["']([^"']*)["'])""", re.MULTILINE)


def _known_head(migrations_dir: Path) -> tuple[str, set[str]] | None:
    """The head revision and every revision of a linear migration history, read from the
    files without importing alembic (a tenth of the desk's start-up); None when the
    history is anything else, and alembic's own reading decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None:
            continue
        if down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return (heads.pop(), revisions) if len(heads) == 1 else None


def _stored_revision(connection: Any) -> tuple[str | None, bool]:
    """The store's alembic revision, and whether it is one plain row (else alembic reads)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    found = driver.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not found or not found[0]:
        return None, True
    rows = driver.execute("SELECT version_num FROM alembic_version").fetchall()
    return (str(rows[0][0]) if len(rows) == 1 else None), len(rows) <= 1


def upgrade(engine: Engine, migrations_dir: Path = MIGRATIONS) -> None:
    """Bring the schema to head in ONE transaction: a failure leaves the file as it was
    (SQLite DDL is transactional; alembic joins our transaction instead of its own).

    Foreign keys are switched off on this connection for the duration, because batch
    migrations rebuild tables (and a PRAGMA cannot change inside a transaction); the
    result is checked with ``foreign_key_check`` before the commit.

    A store already at head (every start but the first after an update) is recognised
    from the migration files and the ``alembic_version`` row alone: alembic is imported
    only when there is something to do.
    """
    try:
        with engine.connect() as connection:
            stored, plain = _stored_revision(connection)
            connection.rollback()
            known = _known_head(migrations_dir)
            if plain and known is not None:
                if stored == known[0]:
                    return
                if stored is not None and stored not in known[1]:
                    raise DomainError("STORE_TOO_NEW")
            from alembic import command
            from alembic.runtime.migration import MigrationContext
            from alembic.script import ScriptDirectory

            config = _alembic_config(migrations_dir)
            script = ScriptDirectory.from_config(config)
            head = script.get_current_head()
            current = MigrationContext.configure(connection).get_current_revision()
            connection.rollback()
            if current is not None and current not in {
                rev.revision for rev in script.walk_revisions()
            }:
                raise DomainError("STORE_TOO_NEW")
            if current == head:
                return
            # outside any transaction (a PRAGMA inside one is ignored): the driver itself
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            try:
                with connection.execution_options(kezek_write=True).begin():
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"foreign key check failed on {len(broken)} rows")
            finally:
                driver.execute("PRAGMA foreign_keys = ON")
            log.info("local store migrated from %s to %s", current, head)
    except DomainError:
        raise
    except _DB_ERRORS as exc:
        translated = translate(exc)
        if translated is not None:
            raise translated from exc
        log.error("local store migration failed: %s", type(exc).__name__)
        raise DomainError("STORE_MIGRATION_FAILED") from exc
    except Exception as exc:
        log.error("local store migration failed: %s", type(exc).__name__)
        raise DomainError("STORE_MIGRATION_FAILED") from exc


# ----------------------------------------------------------------------------------- store


class LocalStore:
    """An open local store: transactions, the clock, the token, the user's language.

    Everything the desk keeps goes through :meth:`write` / :meth:`read`; a database
    failure a user can meet comes out of them as a DomainError. ``clock`` is injected so
    tests (and the use cases' deadline checks) never read the real time by themselves.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        path: Path,
        profile: str,
        mode: KeyMode,
        clock: Clock = system_clock,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        self.engine = engine
        self.path = path
        self.profile = profile
        self.mode = mode
        self.clock = clock
        # the language reason codes are rendered in when a conflict is recorded
        self.language = language
        self._keyring_tokens = KeyringTokenVault(profile) if mode == "keyring" else None

    # --- transactions -------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Session]:
        try:
            with self.engine.connect() as connection:
                connection.execution_options(kezek_write=write)
                with (
                    connection.begin(),
                    Session(
                        bind=connection,
                        expire_on_commit=False,
                        autoflush=True,
                        join_transaction_mode="rollback_only",
                    ) as session,
                ):
                    yield session
                    session.flush()
        except _DB_ERRORS as exc:
            translated = translate(exc)
            if translated is None:
                raise
            raise translated from exc

    def write(self) -> AbstractContextManager[Session]:
        """One write transaction (BEGIN IMMEDIATE): commit on success, roll back on any
        exception, so a use case's change, its outbox op and its audit row go together."""
        return self._transaction(write=True)

    def read(self) -> AbstractContextManager[Session]:
        """One read transaction (deferred BEGIN; a WAL snapshot that never waits)."""
        return self._transaction(write=False)

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the desk clock must return an aware datetime")
        return moment.astimezone(UTC)

    # --- the server token ---------------------------------------------------------------

    def save_token(self, token: str) -> None:
        """Keep the server token: in the keyring, or in the encrypted store in passphrase
        mode (never in a plain file)."""
        if self._keyring_tokens is not None:
            self._keyring_tokens.save(token)
            return
        with self.write() as session:
            session.merge(LocalSecret(name="token", value=token))

    def load_token(self) -> str | None:
        if self._keyring_tokens is not None:
            return self._keyring_tokens.load()
        with self.read() as session:
            return session.scalar(select(LocalSecret.value).where(LocalSecret.name == "token"))

    def forget_token(self) -> None:
        """Sign out: the token goes, the data and the outbox stay."""
        if self._keyring_tokens is not None:
            self._keyring_tokens.forget()
            return
        with self.write() as session:
            secret = session.get(LocalSecret, "token")
            if secret is not None:
                session.delete(secret)

    # --- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _ensure_state(store: LocalStore) -> None:
    """The single sync_state row, with a device id generated once for the store's life.

    Read first: an initialised store then opens even while another program writes.
    """
    with store.read() as session:
        if session.get(SyncStateRow, 1) is not None:
            return
    with store.write() as session:
        if session.get(SyncStateRow, 1) is None:
            session.add(SyncStateRow(id=1, device_id=str(uuid.uuid4()), cursor=0, last_local_id=0))


def _resolve_key(
    directory: Path,
    profile: str,
    *,
    exists: bool,
    mode: ModeChoice,
    passphrase: PassphrasePrompt | None,
    kdf: KdfParams,
) -> tuple[KeyMode, bytes]:
    header_path = directory / HEADER_FILE
    header = keys.read_header(header_path)
    if header is None and exists:
        # a store without its header: only a keyring can still hold its key
        return "keyring", keys.keyring_key(profile, create=False)
    if header is None:
        chosen: KeyMode
        if mode == "auto":
            chosen = "keyring" if keys.keyring_is_secure() else "passphrase"
        else:
            chosen = mode
        if chosen == "keyring" and not keys.keyring_is_secure():
            raise DomainError("STORE_KEYRING_UNAVAILABLE")
        if chosen == "passphrase":
            header = StoreHeader(mode="passphrase", salt_hex=keys.new_salt(), kdf=kdf)
        else:
            header = StoreHeader(mode="keyring")
        if chosen == "passphrase":
            # ask before writing anything, so a cancelled first start leaves no trace
            secret = keys.ask_passphrase(passphrase, profile, creating=True)
            keys.write_header(header_path, header)
            assert header.salt_hex is not None and header.kdf is not None
            return "passphrase", keys.derive_key(secret, header.salt_hex, header.kdf)
        key = keys.keyring_key(profile, create=True)
        keys.write_header(header_path, header)
        return "keyring", key
    if header.mode == "keyring":
        # no store file yet (an interrupted first start): a new key is harmless
        return "keyring", keys.keyring_key(profile, create=not exists)
    assert header.salt_hex is not None and header.kdf is not None
    secret = keys.ask_passphrase(passphrase, profile, creating=not exists)
    return "passphrase", keys.derive_key(secret, header.salt_hex, header.kdf)


def open_store(
    profile: str = DEFAULT_PROFILE,
    *,
    home: Path | str | None = None,
    passphrase: PassphrasePrompt | None = None,
    mode: ModeChoice = "auto",
    clock: Clock = system_clock,
    language: str = DEFAULT_LANGUAGE,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    kdf: KdfParams = DEFAULT_KDF,
    migrations_dir: Path = MIGRATIONS,
) -> LocalStore:
    """Open (or create) the profile's store, migrated to the current schema.

    ``mode`` matters only when the store is created: ``auto`` takes the keyring when a
    secure one exists, else a passphrase (asked through ``passphrase``, the UI's dialog).
    ``migrations_dir`` exists for tests that check a failing migration.
    """
    directory = profile_dir(profile, home)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / STORE_FILE
    exists = path.exists() and path.stat().st_size > 0
    key_mode, key = _resolve_key(
        directory, profile, exists=exists, mode=mode, passphrase=passphrase, kdf=kdf
    )
    engine = make_engine(path, key, busy_timeout_ms=busy_timeout_ms)
    try:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except _DB_ERRORS as exc:
            translated = translate(exc)
            if translated is None:
                raise
            raise translated from exc
        if not exists:
            with contextlib.suppress(OSError):  # a filesystem without modes (Windows, shares)
                path.chmod(0o600)
        upgrade(engine, migrations_dir)
        store = LocalStore(
            engine, path=path, profile=profile, mode=key_mode, clock=clock, language=language
        )
        _ensure_state(store)
    except BaseException:
        engine.dispose()
        raise
    log.info("local store opened (profile %s, %s mode)", profile, key_mode)
    return store
