"""The desk from a terminal: ``python -m desktop sync`` and ``python -m desktop login``.

``python -m desktop`` (or ``kezek-desk``) with no command opens the desk window
(``desktop.ui.app``, imported only then: a scheduled sync needs no Qt); any option
without a command goes to the window too.

- ``sync [--profile NAME] [--server URL] [--retries N]``: one full sync of a profile, for
  admins who sync at the end of the day and for schedulers (DESIGN.md, "Desk"). A
  progress line (rewritten in place on a terminal, one line per phase otherwise), then a
  summary: sent, applied, already on the server, refused, received, conflicts, and a
  warning when this computer's clock is more than five minutes off the server's.
- ``login --server URL --login LOGIN [--profile NAME]``: signs a profile in (the
  account's kindergarten, the token kept in the keyring, or inside the encrypted store
  in passphrase mode), so the headless sync works on a fresh machine.

Secrets never come from the command line, which every user of the machine can read in
the process list and which shells keep in their history: the store's passphrase comes
from ``KEZEK_DESK_PASSPHRASE`` or a prompt on a terminal, the password from
``KEZEK_DESK_PASSWORD`` or a prompt, and the token is never shown.

Everything printed is in the user's language (``KEZEK_LANG``, else the locale, else
Russian) and says what happened in a sentence, never with a traceback; nothing personal
is printed or logged, only counts and reason codes (R30). Exit codes: 0 done, 1 not
done (offline, refused, signed out, cancelled, ...), 2 a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import importlib.util
import ipaddress
import locale
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from desktop.models.keys import PASSPHRASE_ENV
from domain.errors import DomainError
from domain.messages import DEFAULT_LANGUAGE, message

if TYPE_CHECKING:
    from desktop.models.keys import PassphrasePrompt, PassphraseRequest
    from desktop.models.store import LocalStore
    from desktop.models.sync_store import LocalSyncStore
    from sync.client import Progress, SyncSummary

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
COMMANDS = ("sync", "login")
UI_MODULE = "desktop.ui.app"
PASSWORD_ENV = "KEZEK_DESK_PASSWORD"
LANGUAGE_ENV = "KEZEK_LANG"
# DESIGN.md: a large skew between the desk's clock and the server's is shown as a warning
SKEW_WARNING_SECONDS = 5 * 60
DEFAULT_RETRIES = 6
# Store failures that are the command line's fault rather than the data's
USAGE_CODES = frozenset({"PROFILE_NAME_INVALID"})
PASSPHRASE_CODES = frozenset({"STORE_PASSPHRASE_REQUIRED", "STORE_PASSPHRASE_WEAK"})

log = logging.getLogger("kezek.desk.cli")


class UsageError(Exception):
    """A command line that cannot be run as given (exit 2); ``key`` says why."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# ------------------------------------------------------------------------------ language

_LANGUAGE_NAMES = {
    "kk": "kk",
    "kazakh": "kk",
    "ru": "ru",
    "russian": "ru",
    "en": "en",
    "english": "en",
}


def _language_of(value: str | None) -> str | None:
    """kk/ru/en from a locale name (``kk_KZ.UTF-8``, Windows' ``Russian_Russia``)."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return _LANGUAGE_NAMES.get(head)


def user_language(environ: Mapping[str, str] | None = None) -> str:
    """``KEZEK_LANG``, else the locale (POSIX order: LC_ALL, LC_MESSAGES, LANG, whichever
    is set first decides; then the C library's, which is what Windows has), else Russian."""
    env = os.environ if environ is None else environ
    chosen = _language_of(env.get(LANGUAGE_ENV))
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return _language_of(env[name]) or DEFAULT_LANGUAGE
    with contextlib.suppress(ValueError):
        return _language_of(locale.getlocale()[0]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


# ------------------------------------------------------------------------------- console


class Console:
    """Where the command speaks: results on stdout, progress and problems on stderr
    (a scheduler's log keeps both; a pipe reading stdout gets the summary alone)."""

    def __init__(self, language: str, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.language = language
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.live = _isatty(self.err)
        self._drawn = False
        self._phase: str | None = None

    def text(self, key: str, **params: Any) -> str:
        return message(key, self.language, **params)

    def say(self, key: str, **params: Any) -> None:
        self.end_progress()
        print(self.text(key, **params), file=self.out, flush=True)

    def warn(self, key: str, **params: Any) -> None:
        self.end_progress()
        print(self.text(key, **params), file=self.err, flush=True)

    def sync_failed(self, code: str, **params: Any) -> None:
        self.warn("CLI_SYNC_FAILED", reason=self.text(code, **params))

    def progress(self, step: Progress) -> None:
        """One line, rewritten in place on a terminal; elsewhere (a log file) a line per
        phase and per retry, so a scheduler's log shows how far a run got."""
        text = self._progress_text(step)
        if text is None:
            self.end_progress()
            return
        if self.live:
            self.err.write("\r\x1b[K" + text)
            self.err.flush()
            self._drawn = True
        elif step.phase != self._phase or step.phase == "retry":
            print(text, file=self.err, flush=True)
        self._phase = step.phase

    def end_progress(self) -> None:
        if self._drawn:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._drawn = False

    def _progress_text(self, step: Progress) -> str | None:
        if step.phase == "meta":
            return self.text("CLI_PROGRESS_META")
        if step.phase == "push":
            total = step.total if step.total is not None else step.done
            return self.text("CLI_PROGRESS_PUSH", done=step.done, total=total)
        if step.phase == "snapshot":
            return self.text("CLI_PROGRESS_SNAPSHOT")
        if step.phase == "pull":
            return self.text("CLI_PROGRESS_PULL", done=step.done)
        if step.phase == "retry":
            return self.text("CLI_PROGRESS_RETRY", done=step.done, total=step.total or step.done)
        return None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --------------------------------------------------------------------------------- input


def _interactive() -> bool:
    return _isatty(sys.stdin)


def passphrase_prompt(console: Console) -> PassphrasePrompt:
    """The store's passphrase: ``KEZEK_DESK_PASSPHRASE``, else asked on a terminal (twice
    for a new store), else none (the store then says STORE_PASSPHRASE_REQUIRED)."""

    def ask(request: PassphraseRequest) -> str | None:
        given = os.environ.get(PASSPHRASE_ENV)
        if given:
            return given
        if not _interactive():
            return None
        first = getpass.getpass(console.text("CLI_PASSPHRASE_PROMPT", profile=request.profile))
        if request.creating and first:
            again = getpass.getpass(console.text("CLI_PASSPHRASE_REPEAT"))
            if again != first:
                raise DomainError("CLI_PASSPHRASE_MISMATCH")
        return first

    return ask


def _password(login: str, console: Console) -> str:
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if _interactive():
        typed = getpass.getpass(console.text("CLI_PASSWORD_PROMPT", login=login))
        if typed:
            return typed
    raise UsageError("CLI_PASSWORD_REQUIRED")


def server_url(text: str) -> str:
    """A server address as the desk keeps it; https, or http to this computer only
    (DESIGN.md: TLS to the server outside of localhost)."""
    value = text.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError("CLI_SERVER_URL_INVALID")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise UsageError("CLI_SERVER_URL_INVALID")
    return value


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def _stop_on_signals(cancel: threading.Event) -> Iterator[None]:
    """Ctrl-C (or a scheduler's SIGTERM) asks the run to stop at its next safe point,
    between batches and pages, so nothing is half-done; a second one stops at once."""

    def handler(_signum: int, _frame: object) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous: dict[int, Any] = {}
    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        # not the main thread (an embedding program): leave its signals be
        with contextlib.suppress(ValueError):
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


# ------------------------------------------------------------------------------ commands


def _open_store(args: argparse.Namespace, console: Console) -> LocalStore:
    from desktop.models.store import open_store

    return open_store(
        args.profile,
        home=args.home,
        passphrase=passphrase_prompt(console),
        language=console.language,
    )


def run_sync(args: argparse.Namespace, console: Console) -> int:
    """One full sync of the profile's store; see the module docstring."""
    from desktop.models.store import STORE_FILE, profile_dir
    from desktop.models.sync_store import LocalSyncStore
    from sync.client import RetryPolicy, SyncEngine, SyncError

    base_url = server_url(args.server) if args.server else None
    if args.retries < 1:
        raise UsageError("INVALID_REQUEST", fields="--retries")
    if not (profile_dir(args.profile, args.home) / STORE_FILE).exists():
        # never create a store here: an empty one would only hide the typo in --profile
        return _not_signed_in(console, "DESK_NOT_REGISTERED", args.profile)
    store = _open_store(args, console)
    try:
        local = LocalSyncStore(store)
        if not local.configured():
            return _not_signed_in(console, "DESK_NOT_REGISTERED", args.profile)
        if not store.load_token():
            return _not_signed_in(console, "SYNC_AUTH", args.profile)
        engine = SyncEngine(
            store=local,
            base_url=base_url or local.state().server_url,
            token=lambda: store.load_token() or "",
            lock_path=store.path.parent / "sync.lock",  # the same lock as the window's
            retry=RetryPolicy(attempts=args.retries),
            language=console.language,
            clock=store.now,
        )
        cancel = threading.Event()
        try:
            with _stop_on_signals(cancel):
                summary = engine.sync(progress=console.progress, cancel=cancel)
        except SyncError as exc:
            console.sync_failed(exc.code)
            if exc.code == "SYNC_AUTH":
                console.warn("CLI_LOGIN_HINT", profile=args.profile)
            _still_pending(console, local)
            return EXIT_FAILED
        return _report(console, summary, local)
    finally:
        store.close()


def _not_signed_in(console: Console, code: str, profile: str) -> int:
    console.sync_failed(code)
    console.warn("CLI_LOGIN_HINT", profile=profile)
    return EXIT_FAILED


def _still_pending(console: Console, local: LocalSyncStore) -> None:
    with contextlib.suppress(DomainError):
        pending = local.pending_count()
        if pending:
            console.warn("CLI_PENDING", count=pending)


def _report(console: Console, summary: SyncSummary, local: LocalSyncStore) -> int:
    if summary.outcome == "cancelled":
        console.warn("CLI_CANCELLED")
        _still_pending(console, local)
        return EXIT_FAILED
    console.say(
        "CLI_SUMMARY",
        pushed=summary.pushed,
        applied=summary.applied,
        duplicates=summary.duplicates,
        rejected=summary.rejected,
        pulled=summary.pulled,
        conflicts=summary.conflicts,
    )
    if summary.snapshot:
        console.say("CLI_SNAPSHOT")
    if summary.requeued:
        console.say("CLI_REQUEUED", count=summary.requeued)
    if summary.conflicts:
        console.say("CLI_CONFLICTS_HINT", count=summary.conflicts)
    skew = summary.clock_skew_seconds
    if skew is not None and abs(skew) > SKEW_WARNING_SECONDS:
        console.warn("CLI_CLOCK_SKEW", minutes=round(abs(skew) / 60))
    return EXIT_OK


def run_login(args: argparse.Namespace, console: Console) -> int:
    """Sign the profile in: the account's kindergarten and role into the store, the
    token into the keyring (or the encrypted store); a department account is refused."""
    import httpx

    from desktop.models.sync_store import LocalSyncStore

    base_url = server_url(args.server)
    password = _password(args.login, console)
    store = _open_store(args, console)
    try:
        headers = {"Accept-Language": console.language}
        try:
            with httpx.Client(base_url=base_url, timeout=30.0, headers=headers) as client:
                answer = client.post(
                    "/api/v1/auth/login", json={"login": args.login, "password": password}
                )
                if answer.status_code != 200:
                    console.warn(_refusal_code(answer))
                    return EXIT_FAILED
                signed = answer.json()
                token = str(signed["token"])
                kindergarten_id = signed.get("kindergarten_id")
                role = signed.get("role")
                auth = {"Authorization": f"Bearer {token}"}
                if kindergarten_id is None or role not in ("head", "staff"):
                    with contextlib.suppress(httpx.HTTPError):
                        client.post("/api/v1/auth/logout", headers=auth)
                    console.warn("CLI_NOT_A_DESK_ACCOUNT")
                    return EXIT_FAILED
                me = client.get("/api/v1/auth/me", headers=auth)
                me.raise_for_status()
                who = me.json()
                account_id = int(who["account_id"])
        except httpx.TransportError:
            console.warn("SYNC_OFFLINE")
            return EXIT_FAILED
        except (httpx.HTTPStatusError, ValueError, KeyError, TypeError):
            console.warn("SYNC_PROTOCOL")
            return EXIT_FAILED
        local = LocalSyncStore(store)
        local.set_server(
            base_url,
            int(kindergarten_id),
            account_id,
            role=str(role),
            login=who.get("login") if isinstance(who.get("login"), str) else None,
            full_name=who.get("full_name") if isinstance(who.get("full_name"), str) else None,
        )
        store.save_token(token)
    finally:
        store.close()
    console.say("CLI_LOGIN_DONE", login=args.login, server=base_url, profile=args.profile)
    return EXIT_OK


def _refusal_code(answer: Any) -> str:
    try:
        code = answer.json().get("code")
    except (ValueError, AttributeError):
        code = None
    return str(code) if code else "SYNC_PROTOCOL"


# -------------------------------------------------------------------------------- window


def launch_ui(argv: Sequence[str], console: Console | None = None) -> int:
    """The desk window, if this installation has it (another team builds ``desktop.ui``;
    a server or a scheduler machine may have the desk without Qt)."""
    speaker = console or Console(user_language())
    try:
        found = importlib.util.find_spec(UI_MODULE) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        speaker.warn("CLI_UI_MISSING")
        return EXIT_FAILED
    try:
        module = importlib.import_module(UI_MODULE)
    except ImportError as exc:  # Qt itself missing from this installation
        log.info("desk window unavailable: %s", type(exc).__name__)
        speaker.warn("CLI_UI_MISSING")
        return EXIT_FAILED
    result = module.main(list(argv))
    return int(result or 0)


# ---------------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m desktop",
        description="Kezek desk. Without a command: the desk window.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{sync,login}")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--profile", default="default", help="desk profile (default: default)")
        sub.add_argument("--home", help="folder of the profiles (default: the user's data folder)")
        sub.add_argument("-v", "--verbose", action="store_true", help="log to stderr")

    sync = commands.add_parser(
        "sync",
        help="one full sync of a profile (for admins and schedulers)",
        description="One full sync. The store's passphrase, if it has one, comes from "
        f"{PASSPHRASE_ENV} or a prompt; never from the command line.",
    )
    common(sync)
    sync.add_argument("--server", help="server address for this run (default: the signed-in one)")
    sync.add_argument(
        "--retries",
        type=int,
        default=DEFAULT_RETRIES,
        help=f"tries per request before giving up (default {DEFAULT_RETRIES})",
    )
    sync.set_defaults(run=run_sync)

    login = commands.add_parser(
        "login",
        help="sign a profile in, so that the headless sync works",
        description=f"Sign a profile in. The password comes from {PASSWORD_ENV} or a prompt; "
        "never from the command line.",
    )
    common(login)
    login.add_argument("--server", required=True, help="server address, https://...")
    login.add_argument("--login", required=True, help="the desk account's login")
    login.set_defaults(run=run_login)
    return parser


def _configure_logging(verbose: bool) -> None:
    if verbose:
        logging.basicConfig(
            level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m desktop [sync|login] ...``; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help")):
        return launch_ui(words)
    console = Console(user_language())
    try:
        args = build_parser().parse_args(words)
    except SystemExit as exc:  # argparse: 2 after printing the usage, 0 after --help
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    _configure_logging(args.verbose)
    runner: Callable[[argparse.Namespace, Console], int] = args.run
    try:
        return runner(args, console)
    except UsageError as exc:
        console.warn(exc.key, **exc.params)
        return EXIT_USAGE
    except DomainError as exc:
        console.warn(exc.code, **exc.params)
        if exc.code in PASSPHRASE_CODES:
            console.warn("CLI_PASSPHRASE_HINT")
        return EXIT_USAGE if exc.code in USAGE_CODES else EXIT_FAILED
    except KeyboardInterrupt:
        console.warn("CLI_CANCELLED")
        return EXIT_FAILED
    except Exception as exc:
        # the type only, in the user's words: the text may quote data (R30)
        console.warn("CLI_UNEXPECTED", kind=type(exc).__name__)
        return EXIT_FAILED
