"""The desk application's entry point: ``python -m desktop.ui.app`` (``make run``).

Start-up, in order, each step with a clear message and a way forward instead of a
traceback: the language (saved, else Kazakh or Russian by the system locale) and its
translators; the profile's encrypted store (keyring, else a passphrase dialog; a wrong
passphrase asks again, a locked store offers to retry, a failed migration says the data
were left as they were); the first-start form when the profile never signed in; then the
main window, which opens offline from the cached data and syncs when the server answers.

``make run`` passes ``--server --login --password --profile demo`` to sign in to the local
demo server without typing (a demo convenience: a real desk never takes a password on the
command line).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QDialog

from desktop.models.keys import PASSPHRASE_ENV, PassphrasePrompt
from desktop.models.queries import DeskQueries
from desktop.models.store import (
    DEFAULT_PROFILE,
    STORE_FILE,
    LocalStore,
    open_store,
    profile_dir,
)
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from desktop.ui import dialogs, i18n
from desktop.ui.context import Changes, DeskContext
from desktop.ui.runner import TaskRunner
from domain.errors import DomainError
from sync.client import RetryPolicy, SyncEngine

log = logging.getLogger("kezek.desk.ui")

# The desk retries a failing request a few times only: a reception cannot wait minutes to
# learn that the server is down; the next timer run tries again anyway.
UI_RETRY = RetryPolicy(attempts=3, base_seconds=0.5, cap_seconds=4.0)


def build_context(
    store: LocalStore,
    *,
    language: str = "ru",
    runner: TaskRunner | None = None,
    sleep: Callable[[float], None] = time.sleep,
    retry: RetryPolicy = UI_RETRY,
) -> DeskContext:
    """Everything the pages share, over an open store.

    ``engine_factory`` builds a :class:`SyncEngine` for the server the store is signed in
    to (None before the first sign-in); it is built anew for every run so a changed
    server address or language is taken at once. ``sleep`` and ``retry`` exist for tests
    (no real waiting between retries).
    """
    sync_store = LocalSyncStore(store)
    store.language = language
    ctx = DeskContext(
        store=store,
        desk=Desk(store),
        queries=DeskQueries(store),
        sync_store=sync_store,
        runner=runner or TaskRunner(),
        changes=Changes(),
        language=language,
    )
    lock_path = store.path.parent / "sync.lock"

    def engine_factory() -> SyncEngine | None:
        if not sync_store.configured():
            return None
        state = sync_store.state()
        return SyncEngine(
            store=sync_store,
            base_url=state.server_url,
            token=lambda: store.load_token() or "",
            lock_path=lock_path,
            sleep=sleep,
            retry=retry,
            language=ctx.language,
            clock=store.now,
        )

    ctx.engine_factory = engine_factory
    return ctx


# --------------------------------------------------------------------------------- errors

_handling = False


def excepthook(
    kind: type[BaseException], value: BaseException, tb: types.TracebackType | None
) -> None:
    """A bug reached the event loop: log its type only (a message or a traceback may hold a
    child's name or IIN, R30) and tell the user in a sentence; never a traceback dialog."""
    global _handling
    log.error("unexpected error in the desk: %s", kind.__name__)
    if _handling or QApplication.instance() is None:
        return
    _handling = True
    try:
        dialogs.show_error(
            None,
            QCoreApplication.translate(
                "App",
                "Something went wrong in the desk. Your saved work is safe. If it happens "
                "again, restart the desk; if it persists, tell your administrator.",
            ),
        )
    finally:
        _handling = False


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    log.error("unexpected error in a desk thread: %s", args.exc_type.__name__)


def install_excepthook() -> None:
    sys.excepthook = excepthook
    threading.excepthook = _thread_excepthook


# ---------------------------------------------------------------------------- the store


def open_store_interactive(
    profile: str,
    *,
    home: Path | str | None = None,
    language: str = "ru",
) -> LocalStore | None:
    """Open the profile's store, asking what is needed; None when the user gives up.

    A wrong passphrase asks again with the reason shown in the dialog; a locked store
    (another desk window) or a locked keyring offers to try again; a store this computer
    cannot unlock (its key is not in this keyring, its header is damaged) offers a new
    profile, which the first sync fills from the server; anything else is a sentence with
    what to do.
    """
    error = ""
    given = os.environ.get(PASSPHRASE_ENV, "")
    while True:
        try:
            return open_store(
                profile,
                home=home,
                passphrase=_given(given) if given else dialogs.passphrase_prompt(None, error),
                language=language,
            )
        except DomainError as exc:
            code = exc.code
            if code in ("STORE_KEY_WRONG", "STORE_PASSPHRASE_WEAK"):
                error, given = dialogs.reason_text(exc, language), ""  # now ask the user
                continue
            if code == "STORE_PASSPHRASE_REQUIRED":
                return None  # the user cancelled the passphrase dialog
            if code in ("STORE_KEY_MISSING", "STORE_HEADER_INVALID"):
                fresh = _free_profile_name(profile, home)
                text = (
                    dialogs.reason_text(exc, language)
                    + "\n\n"
                    + QCoreApplication.translate(
                        "App",
                        "Start a new profile “%1” now? The data come back from the server "
                        "with the first sync; the old file is left as it is.",
                    ).replace("%1", fresh)
                )
                if dialogs.ask(None, text):
                    profile, error = fresh, ""
                    continue
                return None
            if code in ("STORE_LOCKED", "STORE_KEYRING_UNAVAILABLE"):
                text = (
                    dialogs.reason_text(exc, language)
                    + "\n\n"
                    + QCoreApplication.translate("App", "Try again now?")
                )
                if dialogs.ask(None, text):
                    continue
                return None
            text = dialogs.reason_text(exc, language)
            if code == "STORE_MIGRATION_FAILED":
                text += "\n\n" + QCoreApplication.translate(
                    "App",
                    "The desk will close now. Nothing was lost: the previous version of the "
                    "desk still opens these data.",
                )
            dialogs.show_error(None, text)
            return None


def _given(passphrase: str) -> PassphrasePrompt:
    return lambda _request: passphrase


def _free_profile_name(profile: str, home: Path | str | None) -> str:
    """``default-2``, ``default-3``…: the first name without a store yet."""
    base = profile[:58]
    for number in range(2, 1000):
        name = f"{base}-{number}"
        if not (profile_dir(name, home) / STORE_FILE).exists():
            return name
    raise DomainError("PROFILE_NAME_INVALID")


# ----------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kezek-desk", description="Kezek kindergarten desk")
    parser.add_argument(
        "--profile", default=DEFAULT_PROFILE, help="desk profile (default: default)"
    )
    parser.add_argument("--home", help="folder of the profiles (default: the user's data folder)")
    parser.add_argument("--language", choices=i18n.LANGUAGES, help="kk, ru or en")
    parser.add_argument("--server", default="", help="server address (first start)")
    parser.add_argument("--login", default="", help="desk login (first start)")
    parser.add_argument(
        "--password", default="", help="demo only: sign in without typing (never in production)"
    )
    parser.add_argument("--no-sync", action="store_true", help="do not sync at start")
    return parser.parse_args(list(argv) if argv is not None else None)


def choose_language(args: argparse.Namespace, settings: QSettings) -> str:
    """--language, else the saved choice, else Kazakh or Russian by the system locale."""
    if args.language:
        return str(args.language)
    return i18n.saved_language(settings) or i18n.system_language()


def main(argv: Sequence[str] | None = None, *, i18n_dir: Path | None = None) -> int:
    """Run the desk; returns the exit code (0 normal, 1 when start-up was given up).
    ``i18n_dir``: where the compiled .qm files are (tests compile their own)."""
    from desktop.ui.first_start import FirstStartDialog
    from desktop.ui.main_window import MainWindow

    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request is noise
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Kezek")
    app.setOrganizationName("Kezek")
    install_excepthook()
    settings = i18n.settings(args.home)
    language = choose_language(args, settings)
    settings.setValue("language", language)
    translators = i18n.Translators(i18n_dir or i18n.I18N_DIR)
    translators.apply(language)

    store = open_store_interactive(args.profile, home=args.home, language=language)
    if store is None:
        return 1
    try:
        ctx = build_context(store, language=language)
        signed_in = ctx.sync_store.configured()
        just_synced = False
        if not signed_in or (args.password and not store.load_token()):
            dialog = FirstStartDialog(
                ctx,
                translators,
                relogin=signed_in,
                server=args.server,
                login=args.login,
                password=args.password,
                auto=bool(args.server and args.login and args.password),
                settings=settings,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 1
            outcome = dialog.controller.last_outcome
            just_synced = outcome is not None and outcome.ok
        window = MainWindow(
            ctx, translators=translators, settings=settings, auto_sync=not args.no_sync
        )
        window.show()
        window.start(sync_now=not just_synced)
        code = app.exec()
        ctx.runner.wait(30_000)
        return int(code)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
