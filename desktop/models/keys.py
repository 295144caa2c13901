"""Where the key of a desk's encrypted store, and its server token, come from.

The local store holds children's personal data (R30), so it is encrypted with SQLCipher
(DESIGN.md, "Data protection") and its key must never sit in a plain file beside it:

* **keyring mode** — a random 256-bit key, kept in the operating system's keyring (service
  ``kezek-desk``, one entry per profile), together with the server token. A store file
  copied to another machine is useless there: the key stays in this user's keyring.
* **passphrase mode** — where no *secure* keyring exists (a server without a desktop
  session, a kiosk account), the user types a passphrase and the key is derived from it
  with Argon2id (memory-hard, so guessing passphrases against a stolen file is slow).
  The random salt and the cost parameters are not secret and live in a small header file
  beside the store; the server token is then kept *inside* the encrypted store.

The mode is chosen once, when the store is created, and written in the header, so a store
never silently changes how it is unlocked. The keyring itself is an outside system: tests
install a small in-memory backend with ``keyring.set_keyring``; this module only asks
whatever backend is configured.
"""

from __future__ import annotations

import json
import os
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from argon2.low_level import Type, hash_secret_raw

from domain.errors import DomainError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# The keyring library is imported where a keyring is asked, not with this module: a desk
# in passphrase mode never needs it, and importing it (backends, entry points) costs about
# 40 ms of every start.

SERVICE = "kezek-desk"
KEY_BYTES = 32  # 256-bit SQLCipher raw key
SALT_BYTES = 16
HEADER_FORMAT = 1
# A passphrase is the only secret in passphrase mode; Argon2id slows guessing, it cannot
# rescue a four-letter word.
MIN_PASSPHRASE_LENGTH = 10
# Where a desk that cannot ask (a scheduled `python -m desktop sync`, the demo of
# `make run` on a machine without a keyring) finds the store's passphrase; the window
# asks in a dialog when it is unset or wrong.
PASSPHRASE_ENV = "KEZEK_DESK_PASSPHRASE"

KeyMode = Literal["keyring", "passphrase"]
ModeChoice = Literal["auto", "keyring", "passphrase"]

# Backends that answer but do not protect anything: the "fail" and "null" backends, and
# keyrings.alt, whose backends write plain files or ask for a password on a console the
# desk does not have.
_INSECURE_MODULES: tuple[str, ...] = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt",
)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters; the defaults are RFC 9106's second recommended option
    (t=3, 64 MiB, p=4), which a reception PC derives in well under a second."""

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 4

    def __post_init__(self) -> None:
        if self.time_cost < 1 or self.memory_cost_kib < 8 * self.parallelism:
            raise ValueError("Argon2id parameters out of range")


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class StoreHeader:
    """The non-secret file beside a store: how to unlock it, never what unlocks it."""

    mode: KeyMode
    salt_hex: str | None = None
    kdf: KdfParams | None = None
    format: int = HEADER_FORMAT

    def to_json(self) -> str:
        data: dict[str, Any] = {"format": self.format, "mode": self.mode}
        if self.mode == "passphrase":
            assert self.salt_hex is not None and self.kdf is not None
            data["kdf"] = {"name": "argon2id", "salt": self.salt_hex, **asdict(self.kdf)}
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> StoreHeader:
        """Parse a header; anything unreadable is STORE_HEADER_INVALID, never a traceback."""
        try:
            data = json.loads(text)
            mode = data["mode"]
            if data.get("format") != HEADER_FORMAT or mode not in ("keyring", "passphrase"):
                raise ValueError("unknown header format or mode")
            if mode == "keyring":
                return cls(mode="keyring")
            kdf = data["kdf"]
            if kdf.get("name") != "argon2id":
                raise ValueError("unknown KDF")
            salt = str(kdf["salt"])
            if len(bytes.fromhex(salt)) < SALT_BYTES:
                raise ValueError("salt too short")
            params = KdfParams(
                time_cost=int(kdf["time_cost"]),
                memory_cost_kib=int(kdf["memory_cost_kib"]),
                parallelism=int(kdf["parallelism"]),
            )
            return cls(mode="passphrase", salt_hex=salt, kdf=params)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DomainError("STORE_HEADER_INVALID") from exc


def read_header(path: Path) -> StoreHeader | None:
    if not path.exists():
        return None
    return StoreHeader.from_json(path.read_text(encoding="utf-8"))


def write_header(path: Path, header: StoreHeader) -> None:
    """Write atomically (temp file + rename): a half-written header would lose the salt."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(header.to_json(), encoding="utf-8")
    os.replace(tmp, path)


# ------------------------------------------------------------------------------ keyring


def keyring_is_secure(backend: KeyringBackend | None = None) -> bool:
    """Whether ``backend`` (default: the configured one) keeps secrets safely.

    ``keyring.core.recommended`` (priority >= 1) is the library's own verdict; on top of it
    known plain-text or do-nothing backends are refused by module, and a chainer is secure
    only if every backend it may fall back to is, since it writes to the first that works.
    """
    import keyring
    import keyring.core
    from keyring.backends.chainer import ChainerBackend

    backend = backend if backend is not None else keyring.get_keyring()
    if isinstance(backend, ChainerBackend):
        members = list(backend.backends)
        return bool(members) and all(keyring_is_secure(m) for m in members)
    module = type(backend).__module__
    if any(module == m or module.startswith(m + ".") for m in _INSECURE_MODULES):
        return False
    try:
        return bool(keyring.core.recommended(backend))
    except Exception:  # a backend whose priority probe fails is not one to trust
        return False


def _entry(profile: str, what: str) -> str:
    return f"{profile}/{what}"


def _keyring_get(profile: str, what: str) -> str | None:
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(SERVICE, _entry(profile, what))
    except keyring.errors.KeyringError as exc:
        raise DomainError("STORE_KEYRING_UNAVAILABLE") from exc


def _keyring_set(profile: str, what: str, value: str) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.set_password(SERVICE, _entry(profile, what), value)
    except keyring.errors.KeyringError as exc:
        raise DomainError("STORE_KEYRING_UNAVAILABLE") from exc


def _keyring_delete(profile: str, what: str) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(SERVICE, _entry(profile, what))
    except keyring.errors.PasswordDeleteError:
        pass  # nothing stored: already forgotten
    except keyring.errors.KeyringError as exc:
        raise DomainError("STORE_KEYRING_UNAVAILABLE") from exc


def keyring_key(profile: str, *, create: bool) -> bytes:
    """The profile's store key from the keyring; a new random one when ``create``.

    A key found but malformed, or none where a store exists, means this keyring does not
    hold the key of this store (a copied file, a wiped keyring): STORE_KEY_MISSING.
    """
    stored = _keyring_get(profile, "store-key")
    if stored is not None:
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise DomainError("STORE_KEY_MISSING")
        return key
    if not create:
        raise DomainError("STORE_KEY_MISSING")
    key = secrets.token_bytes(KEY_BYTES)
    _keyring_set(profile, "store-key", key.hex())
    if _keyring_get(profile, "store-key") != key.hex():
        # a backend that accepts and forgets would lock the user out of the new store
        raise DomainError("STORE_KEYRING_UNAVAILABLE")
    return key


# ---------------------------------------------------------------------------- passphrase


@dataclass(frozen=True)
class PassphraseRequest:
    """What the UI is asked for: ``creating`` means a new store (ask twice, explain that a
    forgotten passphrase cannot be recovered: the data then come back only by a sync)."""

    profile: str
    creating: bool


# The UI's dialog: returns the passphrase, or None when the user cancels.
PassphrasePrompt = Callable[[PassphraseRequest], str | None]


def new_salt() -> str:
    return secrets.token_bytes(SALT_BYTES).hex()


def derive_key(passphrase: str, salt_hex: str, params: KdfParams = DEFAULT_KDF) -> bytes:
    """Argon2id(passphrase, salt) -> the 256-bit store key.

    The passphrase is NFC-normalised first: the same words typed on a Kazakh and a Russian
    keyboard layout (composed or decomposed letters) must give the same key.
    """
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hash_secret_raw(
        secret=secret,
        salt=bytes.fromhex(salt_hex),
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def ask_passphrase(prompt: PassphrasePrompt | None, profile: str, *, creating: bool) -> str:
    """Ask the UI; no prompt or a cancel is STORE_PASSPHRASE_REQUIRED, a short new one
    STORE_PASSPHRASE_WEAK."""
    if prompt is None:
        raise DomainError("STORE_PASSPHRASE_REQUIRED")
    answer = prompt(PassphraseRequest(profile=profile, creating=creating))
    if answer is None or answer == "":
        raise DomainError("STORE_PASSPHRASE_REQUIRED")
    if creating and len(answer) < MIN_PASSPHRASE_LENGTH:
        raise DomainError("STORE_PASSPHRASE_WEAK", min=MIN_PASSPHRASE_LENGTH)
    return answer


# --------------------------------------------------------------------------------- token


class KeyringTokenVault:
    """The server token in the keyring, beside the store key (keyring mode)."""

    def __init__(self, profile: str) -> None:
        self._profile = profile

    def save(self, token: str) -> None:
        _keyring_set(self._profile, "token", token)

    def load(self) -> str | None:
        return _keyring_get(self._profile, "token")

    def forget(self) -> None:
        _keyring_delete(self._profile, "token")
