"""The headless desk: ``python -m desktop login`` and ``python -m desktop sync`` run as an
admin or a scheduler runs them, as subprocesses against a live server (DESIGN.md, "Desk":
a headless sync for admins who sync at the end of the day; "Data protection": secrets
never in a plain file, no personal data in logs).

The subprocesses have no keyring (``PYTHON_KEYRING_BACKEND`` names keyring's "fail"
backend, as on a server without a desktop session), so the store is created in passphrase
mode, unlocked with ``KEZEK_DESK_PASSPHRASE``, and the token lives inside the encrypted
store; the password comes from ``KEZEK_DESK_PASSWORD``. No test-only door: the commands
run exactly as they would for a user. Exit codes: 0 done, 1 not done, 2 a usage error.
"""

from __future__ import annotations

import importlib.machinery
import os
import signal
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.cli import PASSPHRASE_ENV, PASSWORD_ENV
from desktop.models.queries import DeskQueries
from desktop.models.store import STORE_FILE, LocalStore, open_store
from desktop.models.sync_store import LocalSyncStore
from server_stub.models import Account
from tests.desktop.conftest import FAST_KDF, Clock
from tests.live import LiveServer, live_server
from tests.sync.rig import (
    PASSWORD,
    Region,
    documents,
    seed_region,
    today_at,
    walk_in,
    walk_in_personal,
)

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "a long passphrase for the office"
PROFILE = "office"
pytestmark = pytest.mark.usefixtures("cheap_passwords")


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_url, tmp_path) as server:
        yield server


@pytest.fixture
def region(live: LiveServer) -> Region:
    return seed_region(live, referrals=1, waiting=0, enrollments=0)


def desk(
    home: Path, *args: str, lang: str | None = "en", **env: str | None
) -> subprocess.CompletedProcess[str]:
    """``python -m desktop ARGS`` as a user without a terminal (a scheduler) runs it."""
    environ = {
        **os.environ,
        "KEZEK_DESK_HOME": str(home),
        PASSPHRASE_ENV: PASSPHRASE,
        PASSWORD_ENV: PASSWORD,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "KEZEK_LANG": lang or "",
        "LANG": "C.UTF-8",
    }
    for name in ("LC_ALL", "LC_MESSAGES"):
        environ.pop(name, None)
    for name, value in env.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def _login(live: LiveServer, home: Path, login: str) -> subprocess.CompletedProcess[str]:
    return desk(home, "login", "--server", live.base_url, "--login", login, "--profile", PROFILE)


def _profile(tmp_path: Path) -> Path:
    """A profile created earlier, signed out, with cheap Argon2 parameters (its header
    keeps them, so every process that opens it derives the key quickly)."""
    home = tmp_path / "home"
    open_store(
        PROFILE, home=home, mode="passphrase", passphrase=lambda _r: PASSPHRASE, kdf=FAST_KDF
    ).close()
    return home


def _store(home: Path, live: LiveServer) -> LocalStore:
    """The profile's store, opened in the test (the passphrase; the desk's clock at the
    server's day, so the day's rules judge the work as on that day)."""
    return open_store(
        PROFILE, home=home, clock=Clock(live.clock.now()), passphrase=lambda _r: PASSPHRASE
    )


def _work(home: Path, live: LiveServer, region: Region) -> list[str]:
    """A walk-in family, a document check and a published place, recorded at the desk;
    the personal data they carry."""
    from desktop.models.usecases import Desk

    with _store(home, live) as store:
        desk_ = Desk(store)
        (family,) = region.families
        today = today_at(store.now())
        desk_.register_walk_in(**walk_in(1, region.kg))
        desk_.record_document_check(family.referral_id, documents(family, today))
        desk_.publish_places(region.group, 1, today)
        assert LocalSyncStore(store).pending_count() == 3
    return [*walk_in_personal(1, region.kg), family.child_iin, family.parent_iin, family.child_name]


# ------------------------------------------------------------------------------- the path


def test_login_then_sync_on_a_fresh_machine(
    live: LiveServer, region: Region, tmp_path: Path
) -> None:
    """A fresh machine: ``login`` creates the profile's encrypted store (passphrase mode:
    no keyring here), signs it in to the account's kindergarten and keeps the token inside
    it; ``sync`` then runs headless: progress on stderr, the summary on stdout, exit 0; a
    clock off by more than five minutes is warned about. Nothing personal in the output,
    even with ``--verbose`` logging."""
    home = tmp_path / "home"
    signed = _login(live, home, region.head)
    assert signed.returncode == 0, signed.stderr
    assert f"Signed in as {region.head}" in signed.stdout
    assert (home / PROFILE / STORE_FILE).exists()
    with _store(home, live) as store:
        assert store.mode == "passphrase"
        token = store.load_token()
        assert token and LocalSyncStore(store).state().kindergarten_id == region.kg
        (signed_in,) = DeskQueries(store).audit_log(entity="kindergarten")
    with live.runtime.session_factory() as session:
        head = session.scalar(select(Account).where(Account.login == region.head))
        assert head is not None
        # the audit names the head as /auth/me did: the full name, else the login
        assert signed_in.actor == head.id
        assert signed_in.actor_name == (head.full_name.strip() or head.login)
    assert token not in signed.stdout + signed.stderr and PASSWORD not in signed.stdout

    first = desk(home, "sync", "--profile", PROFILE)
    assert first.returncode == 0, first.stderr
    assert "Sync done: sent 0 (applied 0, already on the server 0, refused 0)" in first.stdout
    assert "A full copy of the kindergarten's data was downloaded." in first.stdout
    assert "Connecting to the server" in first.stderr  # the progress, phase by phase
    # this machine's real clock is months from the test server's: a warning, not a failure
    assert "Warning: this computer's clock differs from the server's" in first.stderr

    personal = _work(home, live, region)
    second = desk(home, "sync", "--profile", PROFILE, "--verbose")
    assert second.returncode == 0, second.stderr
    assert "Sync done: sent 3 (applied 3, already on the server 0, refused 0)" in second.stdout
    assert "Sending changes: 0 of 3" in second.stderr
    assert "HTTP Request: POST" in second.stderr  # the verbose log is really on
    output = first.stdout + first.stderr + second.stdout + second.stderr
    for value in [*personal, token]:
        assert value not in output, value
    with _store(home, live) as store:
        assert LocalSyncStore(store).pending_count() == 0
        assert DeskQueries(store).sync_history()[0].outcome == "ok"


def test_a_dead_server_fails_with_the_offline_message_and_keeps_the_outbox(
    live: LiveServer, region: Region, tmp_path: Path
) -> None:
    """Transient failures leave the outbox as it is: with the server down the sync exits
    1 with the offline sentence and how much is kept; the work is all still there, and
    the next sync after the server is back sends it."""
    home = _profile(tmp_path)
    assert _login(live, home, region.head).returncode == 0
    assert desk(home, "sync", "--profile", PROFILE).returncode == 0
    _work(home, live, region)
    live.stop()
    down = desk(home, "sync", "--profile", PROFILE, "--retries", "1")
    assert down.returncode == 1
    assert "The sync did not finish. The server cannot be reached." in down.stderr
    assert "Changes kept on this computer for the next sync: 3." in down.stderr
    with _store(home, live) as store:
        assert LocalSyncStore(store).pending_count() == 3
        last = DeskQueries(store).sync_history()[0]
        assert (last.outcome, last.error_code) == ("failed", "SYNC_OFFLINE")
    live.start()
    back = desk(home, "sync", "--profile", PROFILE)
    assert back.returncode == 0 and "sent 3 (applied 3" in back.stdout


def test_a_revoked_login_asks_to_log_in_again(
    live: LiveServer, region: Region, tmp_path: Path
) -> None:
    """A 401 during a headless sync (the token was revoked, or expired) is exit 1 with
    SYNC_AUTH, "log in again", and the command to do it; after ``login`` it works."""
    home = _profile(tmp_path)
    assert _login(live, home, region.head).returncode == 0
    with _store(home, live) as store:
        token = store.load_token()
    with live.client(token) as client:
        assert client.post("/api/v1/auth/logout").status_code == 204
    refused = desk(home, "sync", "--profile", PROFILE)
    assert refused.returncode == 1
    assert "The server did not accept the login. Log in again to sync" in refused.stderr
    assert f"python -m desktop login --server ADDRESS --login LOGIN --profile {PROFILE}" in (
        refused.stderr
    )
    assert _login(live, home, region.head).returncode == 0
    assert desk(home, "sync", "--profile", PROFILE).returncode == 0


def test_logins_the_desk_cannot_use(live: LiveServer, region: Region, tmp_path: Path) -> None:
    """A wrong password is the server's AUTH_FAILED sentence; a department admin's account
    is refused (it has no kindergarten); either way the profile stays signed out."""
    home = _profile(tmp_path)
    wrong = desk(
        home,
        *("login", "--server", live.base_url, "--login", region.head, "--profile", PROFILE),
        **{PASSWORD_ENV: "not the password"},
    )
    assert wrong.returncode == 1 and "login or password" in wrong.stderr.lower()
    admin = desk(
        home,
        *("login", "--server", live.base_url, "--login", "admin", "--profile", PROFILE),
        **{PASSWORD_ENV: "admin-pass"},  # the region's department admin
    )
    assert admin.returncode == 1
    assert "does not belong to a kindergarten's desk" in admin.stderr
    unsigned = desk(home, "sync", "--profile", PROFILE)
    assert unsigned.returncode == 1 and "not yet connected to a kindergarten" in unsigned.stderr


def test_the_stores_passphrase_for_a_scheduled_run(
    live: LiveServer, region: Region, tmp_path: Path
) -> None:
    """Without a terminal the passphrase comes from KEZEK_DESK_PASSPHRASE only: missing,
    the sync says so and how to give it; wrong, it says the data cannot be opened."""
    home = _profile(tmp_path)
    assert _login(live, home, region.head).returncode == 0
    missing = desk(home, "sync", "--profile", PROFILE, **{PASSPHRASE_ENV: None})
    assert missing.returncode == 1
    assert "protected by a passphrase" in missing.stderr
    assert "KEZEK_DESK_PASSPHRASE" in missing.stderr
    wrong = desk(home, "sync", "--profile", PROFILE, **{PASSPHRASE_ENV: "not the passphrase"})
    assert wrong.returncode == 1
    assert "cannot be opened with this passphrase" in wrong.stderr


# ------------------------------------------------------------------------------- usage


USAGE = {
    "unknown-option": (("sync", "--bogus"), "unrecognized arguments"),
    "unknown-command": (("frobnicate",), "invalid choice"),
    "no-server": (("login", "--login", "head1"), "--server"),
    "plain-http": (("login", "--server", "http://kezek.example.kz", "--login", "h"), "https://"),
    "ftp": (("login", "--server", "ftp://127.0.0.1", "--login", "h"), "https://"),
    "path": (("sync", "--profile", "../etc"), "profile name"),
    "retries": (("sync", "--retries", "0"), "--retries"),
}


@pytest.mark.parametrize(("args", "expected"), list(USAGE.values()), ids=list(USAGE))
def test_usage_errors_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    expected: str,
) -> None:
    """A command line that cannot run is exit 2 with the reason (in process: the same
    ``main`` the script calls; two of them as real processes below)."""
    monkeypatch.setenv("KEZEK_DESK_HOME", str(tmp_path))
    monkeypatch.setenv("KEZEK_LANG", "en")
    assert cli.main(list(args)) == 2
    assert expected in capsys.readouterr().err


def test_usage_errors_exit_2_from_the_command(tmp_path: Path) -> None:
    for name in ("unknown-command", "plain-http"):
        args, expected = USAGE[name]
        done = desk(tmp_path, *args)
        assert done.returncode == 2 and expected in done.stderr, done.stderr


def test_no_password_and_no_terminal_is_a_usage_error(tmp_path: Path) -> None:
    """The password is never taken from the command line; without the variable and
    without a terminal to ask on, the command says how to give it."""
    done = desk(
        tmp_path,
        *("login", "--server", "http://127.0.0.1:9", "--login", "head1"),
        **{PASSWORD_ENV: None},
    )
    assert done.returncode == 2 and "KEZEK_DESK_PASSWORD" in done.stderr
    assert not (tmp_path / "default").exists()  # asked before anything was created


def test_the_users_language(tmp_path: Path) -> None:
    """KEZEK_LANG, else the locale, else Russian: the same failure in the user's language,
    from a real process with an empty KEZEK_LANG and a C locale (Russian), then Kazakh."""
    russian = desk(tmp_path, "sync", "--profile", "nobody", lang=None)
    assert russian.returncode == 1 and "Синхронизация не завершена" in russian.stderr
    kazakh = desk(tmp_path, "sync", "--profile", "nobody", lang=None, LANG="kk_KZ.UTF-8")
    assert kazakh.returncode == 1 and "Синхрондау аяқталмады" in kazakh.stderr
    assert not (tmp_path / "nobody").exists()  # a sync never creates a profile


def test_the_language_is_read_from_the_locale() -> None:
    assert cli.user_language({}) in ("kk", "ru", "en")
    assert cli.user_language({"KEZEK_LANG": "en", "LANG": "kk_KZ.UTF-8"}) == "en"
    assert cli.user_language({"LC_ALL": "kk_KZ.UTF-8", "LANG": "en_US"}) == "kk"
    assert cli.user_language({"LANG": "C.UTF-8"}) == "ru"
    assert cli.user_language({"KEZEK_LANG": "de", "LANG": "English_United States.1252"}) == "en"


# ------------------------------------------------------------------------------ window


def test_without_a_command_the_desk_window_opens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m desktop`` (options included) belongs to the window, loaded only then;
    an installation without it says so instead of failing with a traceback."""
    opened: list[list[str]] = []
    window = types.ModuleType("kezek_test_window")
    window.__spec__ = importlib.machinery.ModuleSpec("kezek_test_window", None)

    def main(argv: list[str]) -> int:
        opened.append(list(argv))
        return 0

    window.main = main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kezek_test_window", window)
    monkeypatch.setattr(cli, "UI_MODULE", "kezek_test_window")
    assert cli.main([]) == 0
    assert cli.main(["--profile", "office", "--no-sync"]) == 0
    assert opened == [[], ["--profile", "office", "--no-sync"]]

    monkeypatch.setenv("KEZEK_LANG", "en")
    monkeypatch.setattr(cli, "UI_MODULE", "kezek_no_such_window.app")
    assert cli.main([]) == 1
    assert "The desk window is not installed" in capsys.readouterr().err


def test_ctrl_c_stops_at_the_next_safe_point_and_a_second_one_at_once() -> None:
    """The first Ctrl-C (or a scheduler's SIGTERM) only asks the run to stop between
    batches and pages, so nothing is half-done; a second one stops at once."""
    cancel = threading.Event()
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when started in the background
    with cli._stop_on_signals(cancel):
        os.kill(os.getpid(), signal.SIGINT)
        assert cancel.is_set()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) == before  # handed back


def test_an_unforeseen_error_is_a_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: object, _console: object) -> int:
        raise RuntimeError("a child's name could be in here")

    monkeypatch.setattr(cli, "run_sync", broken)
    monkeypatch.setenv("KEZEK_LANG", "en")
    assert cli.main(["sync"]) == 1
    err = capsys.readouterr().err
    assert "Something unexpected went wrong (RuntimeError)" in err
    assert "child's name" not in err and "Traceback" not in err
