"""Shared fixtures of the desk's UI tests (pytest-qt, offscreen, real store and server).

Everything the desk tests in ``tests/desktop/conftest.py`` give (``memory_keyring``,
``clock``, ``home``, ``store``, ``sync``, ``desk``, ``queries``) is available here too.
This file adds:

- ``ctx``: a :class:`DeskContext` over the factories' store (kindergarten 1, signed in to
  a server address where nothing listens: every sync fails as offline, fast).
- ``demo_server``: a real server on loopback over a small demo region with referrals
  waiting at its first kindergarten (``head<id>`` / ``demo``).
- ``demo_store`` / ``demo_ctx``: a desk profile signed in to that server, its snapshot
  pulled by the real sync engine: real data for pages and screenshots.
- ``settle``: wait for the runner's background work and deliver its results on the GUI
  thread (call it after an action, before asserting).
- ``messages`` (autouse): message boxes of :mod:`desktop.ui.dialogs` are recorded in a
  list instead of shown, so no test ever blocks on a modal box; assert on it.
- ``passphrases``: answers for the passphrase dialog (``passphrases.answers``, a list to
  fill; none left: cancel) and what it was asked (``passphrases.asked``, ``.errors``).
- ``translators``: the desk's translators over .qm files compiled from the current .ts
  sources (``make i18n`` not needed); ``translators.apply("kk")`` switches the language.
- ``make_context(store, language)``: a DeskContext as the app builds it, with a retry
  policy that never sleeps.

Nothing here sleeps for a deadline: the desk clock is a hand clock, and the server's is a
ManualClock (``demo_server.live.clock``).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from desktop.models.keys import PassphraseRequest
from desktop.models.store import LocalStore, open_store
from desktop.models.sync_store import LocalSyncStore
from desktop.ui import dialogs
from desktop.ui.app import build_context
from desktop.ui.context import DeskContext
from desktop.ui.first_start import sign_in
from desktop.ui.i18n import I18N_DIR, Translators
from desktop.ui.runner import TaskRunner
from server_stub.demo import demo_kindergarten_ids, generate
from server_stub.demo_activity import bring_to_life
from sync.client import RetryPolicy
from tests.desktop.conftest import Clock, MemoryKeyring
from tests.live import LiveServer, live_server

DEMO_PASSWORD = "demo"
# A cheap retry policy: a dead server is known after two quick attempts, no real sleeping.
TEST_RETRY = RetryPolicy(attempts=2, base_seconds=0.0, cap_seconds=0.0)


def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture(autouse=True)
def messages() -> Iterator[list[dialogs.Message]]:
    """Record every message box instead of showing it; questions are answered "yes"
    (a test that needs "no" installs its own presenter with dialogs.set_presenter)."""
    shown: list[dialogs.Message] = []

    def record(_parent: QWidget | None, note: dialogs.Message) -> bool:
        shown.append(note)
        return True

    previous = dialogs.set_presenter(record)
    try:
        yield shown
    finally:
        dialogs.set_presenter(previous)


@dataclass
class Passphrases:
    """The passphrase dialog in tests: answers given in order, requests and errors seen."""

    answers: list[str | None] = field(default_factory=list)
    asked: list[PassphraseRequest] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __call__(
        self, request: PassphraseRequest, _parent: QWidget | None, error: str
    ) -> str | None:
        self.asked.append(request)
        self.errors.append(error)
        return self.answers.pop(0) if self.answers else None


@pytest.fixture
def passphrases() -> Iterator[Passphrases]:
    """Answers the passphrase dialog gives, in order; when none is left it cancels."""
    made = Passphrases()
    previous = dialogs.set_passphrase_asker(made)
    try:
        yield made
    finally:
        dialogs.set_passphrase_asker(previous)


@pytest.fixture(scope="session")
def compiled_i18n(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .ts sources compiled to .qm in a temporary folder (the tests never depend on
    a previous ``make i18n``, and always see the current translations)."""
    out = tmp_path_factory.mktemp("i18n")
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in sorted(I18N_DIR.glob("kezek_*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(out / ts.with_suffix(".qm").name)],
            check=True,
        )
    return out


@pytest.fixture
def translators(qapp: QApplication, compiled_i18n: Path) -> Iterator[Translators]:
    """Translators over the compiled .ts; the test's language is undone afterwards."""
    made = Translators(compiled_i18n)
    try:
        yield made
    finally:
        made.clear()


@pytest.fixture
def settle(qapp: QApplication) -> Callable[[DeskContext], None]:
    """Wait for the runner's work and deliver the results (several rounds: a result may
    start more work, e.g. a refresh after a change)."""

    def run(ctx: DeskContext, rounds: int = 5) -> None:
        for _ in range(rounds):
            ctx.runner.wait(30_000)
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents()
        ctx.runner.wait(30_000)
        QCoreApplication.processEvents()

    return run


def make_context(store: LocalStore, language: str = "ru") -> DeskContext:
    """A DeskContext as the app builds it, with retries that never sleep."""
    return build_context(
        store, language=language, runner=TaskRunner(), sleep=_no_sleep, retry=TEST_RETRY
    )


@pytest.fixture
def ctx(qapp: QApplication, sync: LocalSyncStore) -> Iterator[DeskContext]:
    """The factories' store (kindergarten 1), in Russian, its server unreachable."""
    made = make_context(sync.store, "ru")
    try:
        yield made
    finally:
        made.runner.wait(30_000)


@dataclass
class DemoServer:
    """A live server over a demo region; ``login`` heads a kindergarten with referrals."""

    live: LiveServer
    kindergarten_id: int
    login: str
    password: str = DEMO_PASSWORD

    @property
    def base_url(self) -> str:
        return self.live.base_url


def start_demo_server(
    work_dir: Path, *, kindergartens: int = 3, applications: int = 300, seed: int = 1
) -> Generator[DemoServer, None, None]:
    """A generator for fixtures and scripts: a live server over a fresh demo region with
    places published and referrals made at the first kindergarten."""
    work_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work_dir / 'server.db'}"
    with live_server(url, work_dir) as live:
        runtime = live.runtime
        generate(
            runtime.engine,
            kindergartens=kindergartens,
            applications=applications,
            seed=seed,
            now=live.clock.now(),
            policy=runtime.settings.policy,
        )
        with runtime.session_factory() as session:
            ids = demo_kindergarten_ids(session)
        bring_to_life(runtime.session_factory, runtime.ctx("demo"), ids[:1])
        yield DemoServer(live=live, kindergarten_id=ids[0], login=f"head{ids[0]}")


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[DemoServer]:
    yield from start_demo_server(tmp_path / "server")


@pytest.fixture
def demo_clock(demo_server: DemoServer) -> Clock:
    """The desk's clock, set to the server's (no clock-skew warning)."""
    return Clock(demo_server.live.clock.now())


@pytest.fixture
def demo_store(
    qapp: QApplication,
    demo_server: DemoServer,
    home: Path,
    demo_clock: Clock,
    memory_keyring: MemoryKeyring,
) -> Iterator[LocalStore]:
    """Profile "demo" signed in as the demo head, its snapshot pulled by the real engine."""
    opened = open_store("demo", home=home, clock=demo_clock)
    try:
        sign_in(opened, demo_server.base_url, demo_server.login, demo_server.password)
        engine = make_context(opened, "ru").engine_factory
        assert engine is not None
        made = engine()
        assert made is not None
        made.sync()  # type: ignore[attr-defined]
        yield opened
    finally:
        opened.close()


@pytest.fixture
def demo_ctx(demo_store: LocalStore) -> Iterator[DeskContext]:
    made = make_context(demo_store, "ru")
    try:
        yield made
    finally:
        made.runner.wait(30_000)
