"""The desk's shell: first start, start-up offline, languages, keyboard, sync status,
errors (pytest-qt, offscreen, a real SQLCipher store, a real server on loopback)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.models.store import LocalStore, open_store
from desktop.ui import app as desk_app
from desktop.ui import dialogs
from desktop.ui.context import DeskContext
from desktop.ui.first_start import FirstStartDialog, sign_in
from desktop.ui.i18n import I18N_DIR, LANGUAGES, Translators
from desktop.ui.main_window import PAGE_MODULES, MainWindow, page_class
from domain.errors import DomainError
from domain.messages import message
from tests.desktop import factories
from tests.desktop.conftest import Clock, MemoryKeyring
from tests.desktop.ui.conftest import (
    DemoServer,
    Passphrases,
    make_context,
    start_demo_server,
)
from tests.live import free_port

Settle = Callable[[DeskContext], None]


def _window(qtbot: QtBot, ctx: DeskContext, **kwargs: object) -> MainWindow:
    window = MainWindow(ctx, auto_sync=False, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def _models(widget: QWidget) -> list[QAbstractItemModel]:
    return [view.model() for view in widget.findChildren(QAbstractItemView) if view.model()]


def _texts(model: QAbstractItemModel) -> list[str]:
    return [
        str(model.data(model.index(row, column)) or "")
        for row in range(min(model.rowCount(), 50))
        for column in range(model.columnCount())
    ]


# ------------------------------------------------------------------------------ first start


def _first_start(
    qtbot: QtBot, ctx: DeskContext, translators: Translators | None = None
) -> FirstStartDialog:
    dialog = FirstStartDialog(ctx, translators)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(qtbot: QtBot, dialog: FirstStartDialog, server: str, login: str, password: str) -> None:
    for field, text in (
        (dialog.server, server),
        (dialog.login, login),
        (dialog.password, password),
    ):
        field.clear()
        qtbot.keyClicks(field, text)


def test_first_start_signs_in_against_a_live_server_and_pulls_the_snapshot(
    qtbot: QtBot,
    demo_server: DemoServer,
    home: Path,
    demo_clock: Clock,
    memory_keyring: MemoryKeyring,
    translators: Translators,
) -> None:
    store = open_store("fresh", home=home, clock=demo_clock)
    try:
        ctx = make_context(store, "ru")
        assert not ctx.sync_store.configured()
        dialog = _first_start(qtbot, ctx, translators)
        _fill(qtbot, dialog, demo_server.base_url, demo_server.login, demo_server.password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30_000)
        ctx.runner.wait()

        assert ctx.sync_store.configured()
        state = ctx.sync_store.state()
        assert state.kindergarten_id == demo_server.kindergarten_id
        assert state.last_sync_at is not None
        assert store.load_token()  # the token is kept (in the keyring), never the password
        assert "demo" not in memory_keyring.secrets.values()
        assert ctx.queries.referrals().total >= 1  # the snapshot brought the waiting families
    finally:
        store.close()


def test_a_rejected_login_and_a_dead_server_say_so_in_the_chosen_language_and_keep_the_input(
    qtbot: QtBot,
    demo_server: DemoServer,
    home: Path,
    demo_clock: Clock,
    memory_keyring: MemoryKeyring,
    translators: Translators,
) -> None:
    store = open_store("fresh", home=home, clock=demo_clock)
    try:
        ctx = make_context(store, "ru")
        dialog = _first_start(qtbot, ctx, translators)
        dialog.language.setCurrentIndex(LANGUAGES.index("kk"))  # the form speaks Kazakh now
        _fill(qtbot, dialog, demo_server.base_url, demo_server.login, "wrong-password")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy, timeout=20_000)
        assert dialog.error.text() == message("AUTH_FAILED", "kk")
        assert dialog.server.text() == demo_server.base_url
        assert dialog.login.text() == demo_server.login
        assert dialog.password.text() == "wrong-password"
        assert dialog.result() != QDialog.DialogCode.Accepted

        dead = f"http://127.0.0.1:{free_port()}"
        dialog.server.setText(dead)
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dead in dialog.error.text() and not dialog.busy, timeout=20_000)
        assert dialog.error.text() != dialog.error_text("missing")
        assert dialog.login.text() == demo_server.login
        assert not ctx.sync_store.configured()
        assert store.load_token() is None
        translators.apply("ru")
        assert dead in dialog.error.text()  # the message follows the language switch
    finally:
        store.close()


# ---------------------------------------------------------------------------- start-up


@pytest.fixture
def synced_then_stopped(
    tmp_path: Path, home: Path, memory_keyring: MemoryKeyring, qapp: QApplication
) -> Iterator[tuple[Path, str]]:
    """A "demo" profile synced from a demo server that is then stopped; yields the desk
    home and a child's name the snapshot brought."""
    servers = start_demo_server(tmp_path / "server")
    demo = next(servers)
    store = open_store("demo", home=home, clock=Clock(demo.live.clock.now()))
    try:
        sign_in(store, demo.base_url, demo.login, demo.password)
        engine = make_context(store).engine_factory
        assert engine is not None
        engine().sync()  # type: ignore[attr-defined]
        name = store_child_name(store)
    finally:
        store.close()
        servers.close()  # the server stops here
    yield home, name


def store_child_name(store: LocalStore) -> str:
    from desktop.models.queries import DeskQueries

    page = DeskQueries(store).referrals()
    assert page.items
    return page.items[0].child_name


class _ClearingTranslators(Translators):
    """main()'s translators, removed when the test's window closes."""

    made: ClassVar[list[Translators]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _ClearingTranslators.made.append(self)


@pytest.fixture(autouse=True)
def _clear_main_translators() -> Iterator[None]:
    yield
    while _ClearingTranslators.made:
        _ClearingTranslators.made.pop().clear()


def test_startup_with_an_existing_store_opens_offline_and_shows_the_cached_data(
    qtbot: QtBot,
    synced_then_stopped: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    compiled_i18n: Path,
) -> None:
    home, child = synced_then_stopped
    # main() installs its own hooks and translators: put everything back afterwards
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(desk_app.i18n, "Translators", _ClearingTranslators)
    seen: dict[str, object] = {}

    def inspect() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = windows[0] if windows and windows[0].isVisible() else None
        if window is None:
            QTimer.singleShot(50, inspect)
            return
        referrals = window.page("referrals")
        texts = [t for model in _models(referrals) for t in _texts(model)] if referrals else []
        connection = window.status.connection.text()
        if (child in texts and "Офлайн" in connection) or seen.get("tries", 0) > 400:  # type: ignore[operator]
            seen.update(texts=texts, connection=connection, first=window.stack.currentWidget())
            seen["sidebar"] = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
            window.close()
            return
        seen["tries"] = int(seen.get("tries", 0)) + 1  # type: ignore[call-overload]
        if referrals is not None and window.current_page() is not referrals:
            window.show_page("referrals")
        QTimer.singleShot(50, inspect)

    QTimer.singleShot(0, inspect)
    code = desk_app.main(
        ["--home", str(home), "--profile", "demo", "--language", "ru"], i18n_dir=compiled_i18n
    )
    assert code == 0
    assert "Офлайн" in str(seen["connection"])
    assert child in seen["texts"]  # type: ignore[operator]
    assert "Направления" in seen["sidebar"]  # type: ignore[operator]  # Russian, as chosen


# ---------------------------------------------------------------------------- languages


def test_language_switch_retranslates_the_window_and_a_page_at_once(
    qtbot: QtBot, ctx: DeskContext, translators: Translators, settle: Settle
) -> None:
    translators.apply("ru")
    window = _window(qtbot, ctx, translators=translators)
    window.show_page("referrals")
    russian = window.sidebar.item(0).text()
    russian_page = window.pages[0].title()
    russian_menu = window.desk_menu.title()
    window.status.refresh()
    settle(ctx)
    russian_pending = window.status.pending.text()
    assert russian_pending
    assert russian == russian_page and russian not in ("", "Today")

    qtbot.keyClick(
        window,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    kazakh = window.sidebar.item(0).text()
    assert kazakh not in (russian, "Today")
    assert kazakh == window.pages[0].title()
    assert window.desk_menu.title() != russian_menu
    assert ctx.language == "kk" and ctx.store.language == "kk"
    assert window.status.pending.text() not in ("", russian_pending)


def test_first_start_language_is_kazakh_or_russian_by_the_system_locale() -> None:
    from PySide6.QtCore import QLocale

    from desktop.ui.i18n import system_language

    assert system_language(QLocale(QLocale.Language.Kazakh, QLocale.Country.Kazakhstan)) == "kk"
    assert system_language(QLocale(QLocale.Language.Russian, QLocale.Country.Russia)) == "ru"
    assert system_language(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "ru"


def test_every_date_reads_as_on_the_papers_in_every_language(
    qtbot: QtBot, ctx: DeskContext, settle: Settle, translators: Translators
) -> None:
    """The clerk compares the screen with paper documents: dd.mm.yyyy and Kazakhstan time
    in the status bar as in the tables, whatever the language (English too)."""
    from datetime import UTC, datetime

    from desktop.models.common import sync_state_row

    with ctx.store.write() as session:
        sync_state_row(session).last_sync_at = datetime(2026, 3, 2, 6, 5, tzinfo=UTC)
    window = _window(qtbot, ctx)
    for language in ("en", "kk", "ru"):
        translators.apply(language)
        ctx.language = language
        window.status.refresh()
        settle(ctx)
        assert "02.03.2026 11:05" in window.status.last_sync.text()  # 06:05 UTC


# ----------------------------------------------------------------------------- keyboard


def test_ctrl_digit_switches_pages(qtbot: QtBot, ctx: DeskContext) -> None:
    window = _window(qtbot, ctx)
    assert len(window.pages) == len(PAGE_MODULES)
    for index in range(len(window.pages)):
        key = getattr(Qt.Key, f"Key_{index + 1}")
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == index
        assert window.sidebar.currentRow() == index
        focused = QApplication.focusWidget()
        # the keyboard moved into the page: typing goes on there
        assert focused is not None and window.pages[index].isAncestorOf(focused), index


def test_typing_an_iin_anywhere_jumps_to_the_referral(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    window = _window(qtbot, ctx)
    window.show_page("today")
    window.sidebar.setFocus()
    iin = factories.child_iin(2)
    assert ctx.queries.lookup_iin(iin).referral_ids

    opened: list[object] = []
    window.sidebar.itemActivated.connect(opened.append)
    with qtbot.waitSignal(ctx.changes.jump_to_iin, timeout=10_000) as jumped:
        qtbot.keyClicks(window.sidebar, iin)
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Return)  # a scanner's Enter
        settle(ctx)
    assert opened == []  # the scanner's Enter went to the scan, not to the focused widget
    assert jumped.args == [iin]
    assert window.current_page() is window.page("referrals")
    settle(ctx)
    referrals = window.page("referrals")
    assert referrals is not None
    current = getattr(referrals, "current_id", lambda: None)()
    if current is not None:  # the page selected the family
        assert iin in {
            ctx.queries.referral(current).child_iin,
            ctx.queries.referral(current).parent_iin,
        }


def test_ctrl_f_focuses_the_iin_field_and_enter_finds(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    window = _window(qtbot, ctx)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.iin_field

    qtbot.keyClicks(window.iin_field, "123")
    qtbot.keyClick(window.iin_field, Qt.Key.Key_Return)
    assert window.iin_feedback.text() == message("IIN_FORMAT", "ru")

    unknown = factories.child_iin(77)
    window.iin_field.clear()
    qtbot.keyClicks(window.iin_field, unknown)
    qtbot.keyClick(window.iin_field, Qt.Key.Key_Return)
    settle(ctx)
    assert unknown in window.iin_feedback.text()  # nobody here: it says so, with a way on


def test_digits_typed_into_a_text_field_stay_there(qtbot: QtBot, ctx: DeskContext) -> None:
    window = _window(qtbot, ctx)
    iin = factories.child_iin(2)
    with qtbot.assertNotEmitted(ctx.changes.jump_to_iin):
        qtbot.keyClicks(window.iin_field, iin)
    assert window.iin_field.text() == iin


# -------------------------------------------------------------------------------- sync


def test_a_dead_server_during_sync_shows_offline_and_keeps_the_pending_changes(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    state = ctx.sync_store.state()
    assert state.kindergarten_id is not None and state.account_id is not None
    ctx.sync_store.set_server(
        f"http://127.0.0.1:{free_port()}", state.kindergarten_id, state.account_id, role="head"
    )
    ctx.desk.publish_places(factories.GENERAL_GROUP, 1, date(2026, 3, 10))
    window = _window(qtbot, ctx)

    with qtbot.waitSignal(window.controller.finished, timeout=30_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    settle(ctx)
    assert finished.args[0].error_code == "SYNC_OFFLINE"
    assert window.controller.connection == "offline"
    assert (
        "Офлайн" in window.status.connection.text() or "Offline" in window.status.connection.text()
    )
    assert ctx.sync_store.pending_count() == 1
    assert "1" in window.status.pending.text()
    assert window.status.note.text() == message("SYNC_OFFLINE", "ru")


def test_a_refused_token_asks_to_sign_in_again_and_keeps_the_data(
    qtbot: QtBot,
    demo_ctx: DeskContext,
    demo_server: DemoServer,
    demo_clock: Clock,
    settle: Settle,
) -> None:
    referrals = demo_ctx.queries.referrals().total
    demo_server.live.clock.advance(timedelta(hours=13))  # past the token's lifetime
    demo_clock.advance(timedelta(hours=13))
    window = _window(qtbot, demo_ctx)
    with qtbot.waitSignal(window.controller.finished, timeout=30_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    settle(demo_ctx)
    assert finished.args[0].error_code == "SYNC_AUTH"
    assert window.controller.connection == "auth"
    assert window.status.sign_in.isVisible()
    assert demo_ctx.queries.referrals().total == referrals  # nothing lost

    dialog = FirstStartDialog(demo_ctx, relogin=True, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server.text() == demo_server.base_url  # kept from the first sign-in
    _fill(qtbot, dialog, demo_server.base_url, demo_server.login, demo_server.password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    with qtbot.waitSignal(window.controller.finished, timeout=30_000) as finished:
        window.controller.start()
    assert finished.args[0].ok
    assert window.controller.connection == "online"


def test_a_clock_far_from_the_servers_is_warned_about(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    from desktop.models.common import sync_state_row

    with ctx.store.write() as session:
        sync_state_row(session).clock_skew_seconds = 20 * 60
    window = _window(qtbot, ctx)
    window.status.refresh()
    settle(ctx)
    assert window.status.skew.isVisible()
    assert "20" in window.status.skew.text()


# ------------------------------------------------------------------------------- errors


def test_an_unexpected_error_shows_a_sentence_and_logs_only_its_type(
    messages: list[dialogs.Message], caplog: pytest.LogCaptureFixture, qapp: QApplication
) -> None:
    secret = "Әлиев Нұрлан 220315300011"
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError(secret)
        except ValueError as exc:
            desk_app.excepthook(type(exc), exc, exc.__traceback__)
    assert len(messages) == 1 and messages[0].kind == "error"
    assert secret not in messages[0].text and "Traceback" not in messages[0].text
    assert "ValueError" in caplog.text and secret not in caplog.text


def test_a_wrong_passphrase_asks_again_and_opens_with_the_right_one(
    home: Path, passphrases: Passphrases, qapp: QApplication
) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # no secure keyring: the store asks a passphrase
    try:
        passphrases.answers.append("correct horse battery")
        created = desk_app.open_store_interactive("pp", home=home, language="kk")
        assert created is not None and created.mode == "passphrase"
        created.close()

        passphrases.answers.extend(["wrong horse battery", "correct horse battery"])
        opened = desk_app.open_store_interactive("pp", home=home, language="kk")
        assert opened is not None
        opened.close()
        assert passphrases.errors[-1] == message("STORE_KEY_WRONG", "kk")
        assert passphrases.asked[-1].creating is False

        assert desk_app.open_store_interactive("pp", home=home) is None  # cancelled
    finally:
        keyring.set_keyring(previous)


def test_a_passphrase_from_the_environment_opens_without_asking_and_a_wrong_one_asks(
    home: Path, passphrases: Passphrases, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo of ``make run`` on a machine without a keyring (and any desk started by a
    script) passes the store's passphrase in KEZEK_DESK_PASSPHRASE; a wrong one falls back
    to the dialog with the reason, never to a dead end."""
    import keyring
    from keyring.backends import fail

    from desktop.models.keys import PASSPHRASE_ENV

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setenv(PASSPHRASE_ENV, "kezek demo desk")
        created = desk_app.open_store_interactive("env", home=home, language="ru")
        assert created is not None and created.mode == "passphrase"
        created.close()
        assert passphrases.asked == []  # nobody was asked

        monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase")
        passphrases.answers.append("kezek demo desk")
        opened = desk_app.open_store_interactive("env", home=home, language="ru")
        assert opened is not None
        opened.close()
        assert passphrases.errors == [message("STORE_KEY_WRONG", "ru")]
    finally:
        keyring.set_keyring(previous)


def test_a_locked_store_offers_to_try_again_and_a_failed_migration_says_what_to_do(
    home: Path,
    memory_keyring: MemoryKeyring,
    messages: list[dialogs.Message],
    monkeypatch: pytest.MonkeyPatch,
    qapp: QApplication,
) -> None:
    real = desk_app.open_store
    failures = [DomainError("STORE_LOCKED")]

    def flaky(*args: object, **kwargs: object) -> LocalStore:
        if failures:
            raise failures.pop(0)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(desk_app, "open_store", flaky)
    opened = desk_app.open_store_interactive("locked", home=home, language="ru")
    assert opened is not None
    opened.close()
    assert messages[-1].kind == "question"
    assert messages[-1].text.startswith(message("STORE_LOCKED", "ru"))

    failures.append(DomainError("STORE_KEY_MISSING"))  # a store copied from another PC
    fresh = desk_app.open_store_interactive("locked", home=home, language="ru")
    assert fresh is not None and fresh.profile == "locked-2"  # a new profile, synced later
    fresh.close()
    assert messages[-1].kind == "question"

    failures.append(DomainError("STORE_MIGRATION_FAILED"))
    assert desk_app.open_store_interactive("locked", home=home, language="ru") is None
    assert messages[-1].kind == "error"
    assert messages[-1].text.startswith(message("STORE_MIGRATION_FAILED", "ru"))


# ------------------------------------------------------------------------ translations


def _ts_files() -> list[Path]:
    return [I18N_DIR / f"kezek_{language}.ts" for language in LANGUAGES]


# how many plural forms Qt's rules give each language (a wrong count silently falls back
# to the English source text)
NUMERUS_FORMS = {"kk": 2, "ru": 3, "en": 2}


def test_every_translation_is_finished() -> None:
    for language, path in zip(LANGUAGES, _ts_files(), strict=True):
        root = ET.parse(path).getroot()
        for msg in root.iter("message"):
            source = msg.findtext("source")
            translation = msg.find("translation")
            assert translation is not None, (path.name, source)
            assert translation.get("type") is None, (path.name, source, translation.get("type"))
            forms = translation.findall("numerusform")
            if msg.get("numerus") == "yes":
                assert len(forms) == NUMERUS_FORMS[language], (path.name, source)
            texts = [f.text for f in forms] if forms else [translation.text]
            assert all(t and t.strip() for t in texts), (path.name, source)


def test_the_translations_cover_every_text_of_the_ui(tmp_path: Path) -> None:
    """lupdate over desktop/ui finds no text the .ts files lack (run ``make lupdate``)."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (I18N_DIR.parent / "ui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )

    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (context.findtext("name") or "", msg.findtext("source") or "")
            for context in root.iter("context")
            for msg in context.iter("message")
        }

    wanted = keys(fresh)
    for path in _ts_files():
        assert wanted - keys(path) == set(), path.name


def test_every_page_module_defines_a_page_with_its_own_key() -> None:
    keys = [page_class(name).key for name in PAGE_MODULES]
    assert len(set(keys)) == len(PAGE_MODULES)
