"""Reception end to end: the desk's window against a real server on loopback.

The server (``tests/live.py``, a temp SQLite) holds a region, an application, a place the
desk published and the family's accepted offer: a referral. The desk signs in, syncs, and
the clerk works only with the keyboard: find the family by IIN, check the documents (the
epidemiological certificate is 4 days old: refused, with the reason in Russian), correct
it, save, enroll, sync; the server has the child enrolled. Then work done offline reaches
the server at the next sync, and an enrollment the server refuses (the referral lapsed
while the desk was offline) comes back as a conflict that the clerk resolves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.store import LocalStore, open_store
from desktop.ui.app import build_context
from desktop.ui.context import DeskContext
from desktop.ui.first_start import sign_in
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.pages.document_check import DocumentCheckPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.runner import TaskRunner
from domain.messages import message
from server_stub.models import Application, DocumentCheck, Enrollment, Referral
from tests.desktop.conftest import Clock, MemoryKeyring
from tests.desktop.ui.conftest import TEST_RETRY
from tests.desktop.ui.test_pages import focused, press, show_active, type_field, type_text
from tests.live import LiveServer, free_port, live_server
from tests.sync.test_server_sync import Scene, open_scene, referred

Settle = Callable[[DeskContext], None]
PASSWORD = "secret-pass"


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_url, tmp_path / "server") as server:
        yield server


@pytest.fixture
def scene(live: LiveServer) -> Iterator[Scene]:
    made = open_scene(live)
    yield made
    made.close()


class Reception:
    """The desk as a clerk has it: the store, the window, and the keyboard."""

    def __init__(
        self, qtbot: QtBot, live: LiveServer, scene: Scene, home: Path, settle: Settle
    ) -> None:
        self.qtbot, self.live, self.settle = qtbot, live, settle
        self.login = f"head{scene.kg}"
        self.clock = Clock(live.clock.now())
        self.store: LocalStore = open_store("reception", home=home, clock=self.clock)
        sign_in(self.store, live.base_url, self.login, PASSWORD)
        self.ctx = build_context(
            self.store,
            language="ru",
            runner=TaskRunner(),
            sleep=lambda _seconds: None,
            retry=TEST_RETRY,
        )
        self.window = MainWindow(self.ctx, auto_sync=False)
        qtbot.addWidget(self.window)
        show_active(qtbot, self.window)
        self.dead_url = f"http://127.0.0.1:{free_port()}"

    def wait(self) -> None:
        self.settle(self.ctx)

    def sync(self) -> str | None:
        """F5, as the clerk syncs; the run's error code (None: it went through)."""
        press(Qt.Key.Key_F5)
        self.qtbot.waitUntil(lambda: not self.window.controller.running, timeout=30_000)
        self.wait()
        outcome = self.window.controller.last_outcome
        assert outcome is not None
        return outcome.error_code

    def unplug(self) -> None:
        """The network goes: the server's address answers nothing."""
        status = self.ctx.queries.status()
        assert status.kindergarten_id is not None and status.account_id is not None
        self.ctx.sync_store.set_server(
            self.dead_url, status.kindergarten_id, status.account_id, role=status.role
        )

    def plug_in(self) -> None:
        """Back online; signing in again, as the clerk does when the token expired."""
        sign_in(self.store, self.live.base_url, self.login, PASSWORD)

    def page(self, key: str) -> object:
        return self.window.page(key)

    def find_and_open(self, iin: str) -> DocumentCheckPage:
        """Ctrl+2 (Referrals), Alt+S (search), the IIN, Enter: the family's check."""
        press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        self.wait()
        press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(iin)
        press(Qt.Key.Key_Return)
        self.wait()
        page = self.window.current_page()
        assert isinstance(page, DocumentCheckPage)
        assert page.detail is not None and page.detail.child_iin == iin
        return page

    def close(self) -> None:
        self.wait()
        self.window.close()
        self.store.close()


@pytest.fixture
def reception(
    qtbot: QtBot,
    live: LiveServer,
    scene: Scene,
    tmp_path: Path,
    settle: Settle,
    memory_keyring: MemoryKeyring,
) -> Iterator[Reception]:
    made = Reception(qtbot, live, scene, tmp_path / "desk", settle)
    yield made
    made.close()


def fill(app: Application, *, epid_issued: date) -> None:
    """The four documents as the family hands them over, field by field with Tab."""
    type_field("parent_id-number", "N0001234")
    type_field("parent_id-iin", app.parent_iin)
    press(Qt.Key.Key_Tab)  # an ID card without an expiry date
    type_field("birth_certificate-number", "I-AL 000123")
    type_field("birth_certificate-iin", app.child_iin)
    type_field("birth_certificate-birth", app.birth_date.strftime("%d.%m.%Y"))
    type_field("epid_certificate-number", "E-1")
    type_field("epid_certificate-issued", epid_issued.strftime("%d.%m.%Y"))
    type_field("health_passport-number", "HP-1")
    assert focused().objectName() == "health_passport-vaccination"
    press(Qt.Key.Key_Down)  # vaccinated


def server_rows(live: LiveServer, model: type[Any], **where: object) -> list[Any]:
    """The server's own rows, read from its database."""
    with live.runtime.session_factory() as session:
        return list(session.scalars(select(model).filter_by(**where)))


def test_reception_finds_checks_enrolls_and_syncs(
    reception: Reception, live: LiveServer, scene: Scene
) -> None:
    app, referral_id = referred(scene)
    assert reception.sync() is None
    visit = reception.clock().date()

    page = reception.find_and_open(app.child_iin)
    assert page.referral_id == referral_id
    assert focused().objectName() == "parent_id-number"
    stale = visit - timedelta(days=4)
    fill(app, epid_issued=stale)
    epid = page.forms[2]
    assert epid.badge.verdict == "failed"
    assert epid.reason.text() == message(
        "EPID_CERT_TOO_OLD",
        "ru",
        issued=stale.isoformat(),
        valid_until=(stale + timedelta(days=3)).isoformat(),
    )
    assert "Справка об эпидокружении" in epid.reason.text()
    assert not page.enroll_action.isEnabled()

    # the family brings yesterday's certificate: Shift+Tab back to its date, retype it
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused().objectName() == "epid_certificate-issued"
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text((visit - timedelta(days=1)).strftime("%d.%m.%Y"))
    assert [form.badge.verdict for form in page.forms] == ["passed"] * 4

    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    reception.wait()
    assert page.banner.level == "ok"
    assert all(state.pending for state in page.detail.documents)  # type: ignore[union-attr]
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    reception.wait()
    assert page.detail is not None and page.detail.status == "enrolled"
    assert page.family_pending.isVisibleTo(page)  # waiting to sync
    assert server_rows(live, Enrollment, application_id=app.id) == []

    assert reception.sync() is None
    (enrolled,) = server_rows(live, Enrollment, application_id=app.id)
    assert enrolled.child_iin == app.child_iin
    (application,) = server_rows(live, Application, id=app.id)
    assert application.status == "enrolled"
    assert reception.ctx.queries.pending_count() == 0


def test_offline_work_reaches_the_server_and_a_refusal_becomes_a_conflict(
    reception: Reception, live: LiveServer, scene: Scene
) -> None:
    app, referral_id = referred(scene)
    assert reception.sync() is None
    visit = reception.clock().date()

    # offline: the documents are checked and saved; the sync fails and keeps them
    reception.unplug()
    page = reception.find_and_open(app.child_iin)
    fill(app, epid_issued=visit)
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    reception.wait()
    assert reception.sync() == "SYNC_OFFLINE"
    press(Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)  # the Sync page
    reception.wait()
    sync_page = reception.window.current_page()
    assert isinstance(sync_page, SyncPage)
    assert [op.kind for op in sync_page.pending_model.rows] == ["record_document_check"]
    assert sync_page.history_model.rows[0].outcome == "failed"
    assert server_rows(live, DocumentCheck, referral_id=referral_id) == []

    # back online: the check reaches the server
    reception.plug_in()
    assert reception.sync() is None
    checks = server_rows(live, DocumentCheck, referral_id=referral_id)
    assert len(checks) == 4 and all(check.ok for check in checks)
    assert sync_page.pending_model.rows == []

    # offline again; meanwhile the server's time passes the referral's deadline
    reception.unplug()
    live.clock.advance(timedelta(days=14))
    live.runtime.run_deadlines()
    (lapsed,) = server_rows(live, Referral, id=referral_id)
    assert lapsed.status == "lapsed"
    # the desk's clock still says the referral is live: the clerk enrolls the child
    page = reception.find_and_open(app.child_iin)
    assert page.enroll_action.isEnabled()
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    reception.wait()
    assert page.detail is not None and page.detail.status == "enrolled"

    reception.plug_in()
    assert reception.sync() is None
    assert server_rows(live, Enrollment, application_id=app.id) == []
    press(Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Conflicts
    reception.wait()
    conflicts = reception.window.current_page()
    assert isinstance(conflicts, ConflictsPage)
    (conflict,) = conflicts.model.rows
    # the server's deadline run marked it lapsed: "no longer active (lapsed)"
    assert conflict.kind == "enroll" and conflict.code == "REFERRAL_NOT_ACTIVE"
    assert conflicts.reason.text() == message("REFERRAL_NOT_ACTIVE", "ru", status="lapsed")
    assert lapsed.number in conflicts.attempted.text()
    assert conflicts.advice.text()
    # the desk now shows what the server has: the referral lapsed, no child enrolled
    assert reception.ctx.queries.referral(referral_id).status == "lapsed"
    assert reception.ctx.queries.children().total == 0

    press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # the "Note" field
    assert focused().objectName() == "conflict-note"
    type_text("Called the family: they apply again after the stop list")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    reception.wait()
    assert reception.ctx.queries.conflicts() == []
    assert conflicts.stack.is_empty()
