"""R30 / DESIGN "Data protection": the desk's store is encrypted at rest, its key is never
in a plain file, and every failure to open it is a clear reason code."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from desktop.models import keys
from desktop.models.keys import KdfParams, PassphraseRequest, derive_key, keyring_is_secure
from desktop.models.store import (
    HEADER_FILE,
    STORE_FILE,
    desk_home,
    list_profiles,
    open_store,
    profile_dir,
)
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from domain.errors import DomainError
from tests.desktop import factories
from tests.desktop.conftest import FAST_KDF, Clock, MemoryKeyring

SQLITE_MAGIC = b"SQLite format 3\x00"


def _fill(store_home: Path, clock: Clock, **kwargs: object) -> Path:
    """A store with a family's data in it and some unsent work; returns its file."""
    with open_store("kg", home=store_home, clock=clock, **kwargs) as store:  # type: ignore[arg-type]
        local = LocalSyncStore(store)
        local.set_server("http://server", factories.KINDERGARTEN_ID, factories.ACCOUNT_ID)
        local.replace_with_snapshot(factories.snapshot())
        Desk(store).record_document_check(1, factories.documents())
        return store.path


def test_r30_store_file_is_encrypted_and_holds_no_readable_personal_data(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    path = _fill(home, clock)
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())
    assert path.read_bytes()[:16] != SQLITE_MAGIC
    for secret in (factories.child_iin(1), factories.PARENT_IIN, "+77011234567"):
        assert secret.encode() not in raw
    assert factories.child_name(1).encode("utf-8") not in raw
    assert "Әлиев".encode() not in raw


def test_r30_plain_sqlite_cannot_read_the_store(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    path = _fill(home, clock)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_r30_another_key_cannot_read_the_store(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    path = _fill(home, clock)
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = \"x'" + "11" * 32 + "'\"")
    with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    conn.close()


def test_r30_key_lives_in_the_keyring_not_in_files(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    path = _fill(home, clock)
    key_hex = memory_keyring.secrets[(keys.SERVICE, "kg/store-key")]
    assert len(bytes.fromhex(key_hex)) == 32
    header = json.loads((path.parent / HEADER_FILE).read_text())
    assert header == {"format": 1, "mode": "keyring"}
    for file in path.parent.iterdir():
        if file.is_file():
            assert key_hex.encode() not in file.read_bytes()
            assert bytes.fromhex(key_hex) not in file.read_bytes()


def test_r30_store_copied_to_a_machine_without_its_key_cannot_be_opened(
    home: Path, tmp_path: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    path = _fill(home, clock)
    other_home = tmp_path / "other-machine"
    shutil.copytree(path.parent, other_home / "kg")
    keyring.set_keyring(MemoryKeyring())  # the other machine's (empty) keyring
    with pytest.raises(DomainError) as err:
        open_store("kg", home=other_home, clock=clock)
    assert err.value.code == "STORE_KEY_MISSING"


def test_r30_a_wrong_key_in_the_keyring_is_store_key_wrong(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    _fill(home, clock)
    memory_keyring.secrets[(keys.SERVICE, "kg/store-key")] = "22" * 32
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock)
    assert err.value.code == "STORE_KEY_WRONG"


def test_r30_reopening_with_the_keyring_key_reads_the_data(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    _fill(home, clock)
    with open_store("kg", home=home, clock=clock) as store:
        assert LocalSyncStore(store).pending_count() == 1
        assert store.mode == "keyring"


# --------------------------------------------------------------------------- passphrase


class Prompt:
    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.requests: list[PassphraseRequest] = []

    def __call__(self, request: PassphraseRequest) -> str | None:
        self.requests.append(request)
        return self.answer


@pytest.fixture
def no_keyring() -> object:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_r30_without_a_secure_keyring_the_desk_asks_for_a_passphrase(
    home: Path, clock: Clock, no_keyring: object
) -> None:
    prompt = Prompt("correct horse battery staple")
    path = _fill(home, clock, passphrase=prompt, kdf=FAST_KDF)
    assert prompt.requests == [PassphraseRequest(profile="kg", creating=True)]
    header = json.loads((path.parent / HEADER_FILE).read_text())
    assert header["mode"] == "passphrase"
    assert header["kdf"]["name"] == "argon2id"
    assert "correct horse" not in (path.parent / HEADER_FILE).read_text()
    assert path.read_bytes()[:16] != SQLITE_MAGIC
    again = Prompt("correct horse battery staple")
    with open_store("kg", home=home, clock=clock, passphrase=again) as store:
        assert store.mode == "passphrase"
        assert LocalSyncStore(store).pending_count() == 1
    assert again.requests == [PassphraseRequest(profile="kg", creating=False)]


def test_r30_wrong_passphrase_is_store_key_wrong(
    home: Path, clock: Clock, no_keyring: object
) -> None:
    _fill(home, clock, passphrase=Prompt("correct horse battery staple"), kdf=FAST_KDF)
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock, passphrase=Prompt("wrong horse battery staple"))
    assert err.value.code == "STORE_KEY_WRONG"
    assert "passphrase" in err.value.message("en")


def test_r30_passphrase_cancelled_or_too_short(
    home: Path, clock: Clock, no_keyring: object
) -> None:
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock, passphrase=Prompt(None))
    assert err.value.code == "STORE_PASSPHRASE_REQUIRED"
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock)
    assert err.value.code == "STORE_PASSPHRASE_REQUIRED"
    with pytest.raises(DomainError) as err:
        open_store("kg", home=home, clock=clock, passphrase=Prompt("short"))
    assert err.value.code == "STORE_PASSPHRASE_WEAK"
    assert not (profile_dir("kg", home) / STORE_FILE).exists()


def test_r30_argon2id_derives_the_same_key_from_the_same_passphrase_and_salt() -> None:
    salt = keys.new_salt()
    first = derive_key("пароль қазақша 2026", salt)  # the default, memory-hard parameters
    assert first == derive_key("пароль қазақша 2026", salt)
    assert len(first) == 32
    assert first != derive_key("пароль қазақша 2027", salt)
    assert first != derive_key("пароль қазақша 2026", keys.new_salt())
    # composed and decomposed spellings of one letter are one passphrase
    assert derive_key("\u0419", salt, FAST_KDF) == derive_key("\u0418\u0306", salt, FAST_KDF)
    assert keys.DEFAULT_KDF.memory_cost_kib >= 64 * 1024


def test_r30_header_is_validated() -> None:
    with pytest.raises(DomainError) as err:
        keys.StoreHeader.from_json('{"format": 1, "mode": "passphrase", "kdf": {}}')
    assert err.value.code == "STORE_HEADER_INVALID"
    header = keys.StoreHeader(mode="passphrase", salt_hex=keys.new_salt(), kdf=KdfParams())
    assert keys.StoreHeader.from_json(header.to_json()) == header


# ------------------------------------------------------------------------ keyring choice


def test_r30_insecure_keyrings_are_recognised(memory_keyring: MemoryKeyring) -> None:
    assert keyring_is_secure(memory_keyring)
    assert not keyring_is_secure(fail.Keyring())
    assert not keyring_is_secure(null.Keyring())


def test_r30_a_chainer_is_secure_only_if_every_backend_is(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    class Plain(MemoryKeyring):
        priority = 0.5  # type: ignore[assignment]  # like keyrings.alt's plaintext file

    monkeypatch.setattr(ChainerBackend, "backends", [memory_keyring, Plain()])
    assert not keyring_is_secure(ChainerBackend())
    monkeypatch.setattr(ChainerBackend, "backends", [memory_keyring, MemoryKeyring()])
    assert keyring_is_secure(ChainerBackend())


def test_r30_the_token_is_kept_in_the_keyring_or_inside_the_store(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    with open_store("kg", home=home, clock=clock) as store:
        store.save_token("tok-123")
        assert store.load_token() == "tok-123"
        assert memory_keyring.secrets[(keys.SERVICE, "kg/token")] == "tok-123"
        store.forget_token()
        assert store.load_token() is None
    keyring.set_keyring(fail.Keyring())
    prompt = Prompt("a long enough passphrase")
    with open_store("pp", home=home, clock=clock, passphrase=prompt, kdf=FAST_KDF) as store:
        store.save_token("tok-456")
        assert store.load_token() == "tok-456"
        raw = store.path.read_bytes()
    assert b"tok-456" not in raw


# ------------------------------------------------------------------- locks and profiles


def test_r30_a_store_locked_by_another_process_is_store_locked(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring
) -> None:
    path = _fill(home, clock)
    key = memory_keyring.secrets[(keys.SERVICE, "kg/store-key")]
    other = sqlcipher3.connect(str(path), isolation_level=None)
    other.execute(f"PRAGMA key = \"x'{key}'\"")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with open_store("kg", home=home, clock=clock, busy_timeout_ms=100) as store:
            with pytest.raises(DomainError) as err:
                Desk(store).record_document_check(2, factories.documents(n=2))
            assert err.value.code == "STORE_LOCKED"
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_r30_profiles_live_under_the_desk_home(
    tmp_path: Path, clock: Clock, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEZEK_DESK_HOME", str(tmp_path / "env-home"))
    assert desk_home() == tmp_path / "env-home"
    with open_store("school-7", clock=clock) as store:
        assert store.path == tmp_path / "env-home" / "school-7" / "store.db"
    assert list_profiles() == ["school-7"]
    monkeypatch.delenv("KEZEK_DESK_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert profile_dir("a") == tmp_path / "xdg" / "kezek" / "desk" / "a"
    for bad in ("../etc", "a/b", "", ".hidden"):
        with pytest.raises(DomainError) as err:
            profile_dir(bad)
        assert err.value.code == "PROFILE_NAME_INVALID"
