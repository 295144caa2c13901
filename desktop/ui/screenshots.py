"""``make screenshots``: every page of the desk, in Kazakh, Russian and English, with real
data, rendered offscreen into ``docs/screenshots/<language>-<page>.png``.

Why real data and not a mock-up: a screenshot is how a reviewer (or a kindergarten head
choosing the desk) judges texts that do not fit, untranslated words, long Kazakh names
and empty pages; only the real code paths show those. So this script starts a real server
on a free loopback port over a temporary SQLite file with a generated demo region, signs a
real desk store in as the demo head, syncs it, and does a morning's reception work through
the desk's own use cases: a check that fails, an enrollment, a walk-in waiting to sync,
and a conflict (another reception PC enrolled the same child first). Both clocks are
fixed, so the pictures come out the same on every run.

Run with ``QT_QPA_PLATFORM=offscreen python -m desktop.ui.screenshots --out DIR``.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QApplication, QWidget

from desktop.models.store import LocalStore, open_store
from desktop.ui import dialogs
from desktop.ui.app import build_context
from desktop.ui.context import DeskContext
from desktop.ui.first_start import FirstStartDialog, sign_in
from desktop.ui.i18n import LANGUAGES, Translators
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.walk_in import WalkInPage
from desktop.ui.widgets.choosers import ID_ROLE
from domain.documents import Vaccination
from sync import protocol
from sync.client import RetryPolicy

# Monday 2 March 2026, 11:00 in Kazakhstan: a working morning at reception.
MOMENT = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
WINDOW = QSize(1280, 800)
DEMO_PASSWORD = "demo"


class _MemoryKeyring(KeyringBackend):
    """The script's own keyring: a throwaway demo store must not touch the user's."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class _Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DemoServer:
    base_url: str
    kindergarten_id: int
    login: str


@contextmanager
def demo_server(work: Path) -> Iterator[DemoServer]:
    """A real server (uvicorn in a thread) over a fresh demo region, clock fixed."""
    import uvicorn
    from sqlalchemy import select

    from server_stub.app import create_app
    from server_stub.clock import ManualClock
    from server_stub.demo import demo_kindergarten_ids, generate
    from server_stub.demo_activity import bring_to_life
    from server_stub.models import Kindergarten
    from server_stub.runtime import Runtime
    from server_stub.settings import Settings

    port = _free_port()
    settings = Settings.load(
        database_url=f"sqlite:///{work / 'server.db'}",
        port=port,
        sms_outbox_path=work / "sms-outbox.jsonl",
        scheduler_interval_seconds=0,
    )
    runtime = Runtime.start(settings, clock=ManualClock(MOMENT))
    generate(
        runtime.engine,
        kindergartens=4,
        applications=800,
        seed=7,
        now=MOMENT,
        policy=settings.policy,
    )
    with runtime.session_factory() as session:
        ids = demo_kindergarten_ids(session)
        # a kindergarten with Kazakh and Russian groups: the pictures show both
        both = list(
            session.scalars(
                select(Kindergarten.id).where(
                    Kindergarten.id.in_(ids), Kindergarten.languages == "kk,ru"
                )
            )
        )
    chosen = (both or ids)[0]
    for _ in range(2):  # two rounds: more families waiting at the desk
        bring_to_life(runtime.session_factory, runtime.ctx("demo"), [chosen])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(runtime), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the demo server did not start")
        time.sleep(0.02)
    try:
        yield DemoServer(f"http://127.0.0.1:{port}", chosen, f"head{chosen}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.engine.dispose()


def _context(store: LocalStore, language: str) -> DeskContext:
    return build_context(
        store,
        language=language,
        sleep=lambda _s: None,
        retry=RetryPolicy(attempts=1, base_seconds=0, cap_seconds=0),
    )


def _sync(ctx: DeskContext) -> None:
    factory = ctx.engine_factory
    assert factory is not None
    engine = factory()
    assert engine is not None
    engine.sync()  # type: ignore[attr-defined]


def _documents(ctx: DeskContext, referral_id: int, *, wrong_birth: bool) -> protocol.DocumentsIn:
    """What a family brings; ``wrong_birth``: the certificate's date was mistyped."""
    detail = ctx.queries.referral(referral_id)
    today = ctx.store.now().date()
    born = detail.birth_date + timedelta(days=1) if wrong_birth else detail.birth_date
    return protocol.DocumentsIn(
        visit_date=today,
        parent_id=protocol.ParentIdIn(number="N 04512877", iin=detail.parent_iin, expiry_date=None),
        birth_certificate=protocol.BirthCertificateIn(
            number="I-АЛ 0458712", child_iin=detail.child_iin, birth_date=born
        ),
        epid_certificate=protocol.EpidCertificateIn(number="Э-2211", issue_date=today),
        health_passport=protocol.HealthPassportIn(
            number="063/у 7781", vaccination=Vaccination.COMPLETE
        ),
    )


@dataclass
class Scene:
    """The reception morning the screenshots show."""

    failing_referral: int | None


def reception_morning(ctx: DeskContext, server: DemoServer, home: Path, clock: _Clock) -> Scene:
    """Signed in and synced; then the morning's work through the desk's use cases."""
    sign_in(ctx.store, server.base_url, server.login, DEMO_PASSWORD)
    _sync(ctx)
    waiting = [r.id for r in ctx.queries.referrals().items if r.status == "active"]

    # another reception PC of the same kindergarten enrolls the first family and syncs...
    other_store = open_store("second-desk", home=home, clock=clock)
    try:
        other = _context(other_store, "ru")
        sign_in(other_store, server.base_url, server.login, DEMO_PASSWORD)
        _sync(other)
        if waiting:
            other.desk.record_document_check(
                waiting[0], _documents(other, waiting[0], wrong_birth=False)
            )
            other.desk.enroll(waiting[0])
            _sync(other)
    finally:
        other_store.close()

    # ...while this desk, not yet synced, enrolls the same family: a conflict at the sync
    if waiting:
        ctx.desk.record_document_check(waiting[0], _documents(ctx, waiting[0], wrong_birth=False))
        ctx.desk.enroll(waiting[0])
    # a family whose birth certificate does not match: the check fails, the referral stays
    failing = waiting[1] if len(waiting) > 1 else None
    if failing is not None:
        ctx.desk.record_document_check(failing, _documents(ctx, failing, wrong_birth=True))
    # a family whose papers are right: enrolled
    if len(waiting) > 2:
        ctx.desk.record_document_check(waiting[2], _documents(ctx, waiting[2], wrong_birth=False))
        ctx.desk.enroll(waiting[2])
    _sync(ctx)

    # later, offline: a walk-in family registered at the desk, waiting to sync
    groups = ctx.queries.groups()
    age_group = groups[0].age_group if groups and groups[0].age_group else 3
    from domain.iin import make_iin

    birth = date(2026 - age_group - 1, 5, 14)
    ctx.desk.register_walk_in(
        child_iin=make_iin(birth, "F", 5123),
        child_name="Сейітқали Аружан Нұрсұлтанқызы",
        birth_date=birth,
        parent_iin=make_iin(date(1993, 11, 2), "F", 5123),
        phones=["+7 701 555 12 34"],
        kindergarten_ids=[server.kindergarten_id],
        language="kk",
    )
    return Scene(failing_referral=failing)


def _second_choice(page: WalkInPage) -> None:
    """The walk-in form as a family fills it: a second kindergarten of the district chosen
    (the first is the desk's own)."""
    ids = [page.kindergartens.item(r).data(ID_ROLE) for r in range(page.kindergartens.rowCount())]
    others = [i for i in ids if i != page.kindergarten_id]
    if others and page.choices[1].chosen_id() is None:
        page.choices[1].choose(int(others[0]))


def _settle(ctx: DeskContext, rounds: int = 6) -> None:
    for _ in range(rounds):
        ctx.runner.wait(30_000)
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()
        time.sleep(0.05)
        QCoreApplication.processEvents()


def _save(widget: QWidget, path: Path) -> None:
    pixmap = widget.grab()
    if not pixmap.save(str(path)):
        raise RuntimeError(f"could not write {path}")


def render(out: Path, languages: list[str], pages: list[str] | None) -> list[Path]:
    """Start the server, prepare the desk, and write one PNG per language and page."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")  # the same look on every machine the script runs on
    dialogs.set_presenter(lambda _parent, _note: True)  # never block on a message box
    keyring.set_keyring(_MemoryKeyring())
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    translators = Translators()
    with tempfile.TemporaryDirectory(prefix="kezek-screens-") as tmp:
        work = Path(tmp)
        clock = _Clock(MOMENT)
        with demo_server(work / "server") as server:
            store = open_store("demo", home=work / "desk", clock=clock)
            try:
                ctx = _context(store, languages[0])
                translators.apply(languages[0])

                # the first start, before anything is synced
                for language in languages:
                    translators.apply(language)
                    ctx.language = ctx.store.language = language
                    dialog = FirstStartDialog(
                        ctx, translators, server="https://kezek.almaty.kz", login=server.login
                    )
                    dialog.resize(640, dialog.sizeHint().height())
                    dialog.show()
                    _settle(ctx, 2)
                    if pages is None or "first_start" in pages:
                        path = out / f"{language}-first_start.png"
                        _save(dialog, path)
                        written.append(path)
                    dialog.close()
                    dialog.deleteLater()

                # the morning's work is done in the first language: the server's messages
                # kept with conflicts are in it
                ctx.language = ctx.store.language = languages[0]
                translators.apply(languages[0])
                scene = reception_morning(ctx, server, work / "desk", clock)
                window = MainWindow(ctx, translators=translators, auto_sync=False)
                window.resize(WINDOW)
                window.show()
                window.start()
                # the status bar as after a sync: online, with the morning's outcome
                window.controller.set_connection("online")
                _settle(ctx)
                for language in languages:
                    window.set_language(language)
                    _settle(ctx)
                    for page in window.pages:
                        if pages is not None and page.key not in pages:
                            continue
                        if page.key == "document_check" and scene.failing_referral is not None:
                            opener = getattr(page, "open", None)
                            if callable(opener):
                                opener(scene.failing_referral)
                        window.show_page(page.key)
                        _settle(ctx)
                        if isinstance(page, WalkInPage):
                            _second_choice(page)
                        path = out / f"{language}-{page.key}.png"
                        _save(window, path)
                        written.append(path)
                window.close()
                _settle(ctx)
            finally:
                store.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNG files")
    parser.add_argument(
        "--languages", default=",".join(LANGUAGES), help="comma-separated: kk,ru,en"
    )
    parser.add_argument("--pages", help="comma-separated page keys (default: every page)")
    args = parser.parse_args(argv)
    languages = [lang for lang in args.languages.split(",") if lang]
    pages = args.pages.split(",") if args.pages else None
    for path in render(Path(args.out), languages, pages):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
