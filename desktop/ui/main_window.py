"""The desk's main window: a sidebar of pages, a global IIN entry, menus, the status bar.

Why it is built this way:

- Pages are found through a registry of module names (``desktop/ui/pages/<module>.py``,
  each defining one :class:`Page` subclass), so the shell never depends on a page's
  internals, only on the Page contract (key, topics, title, refresh, retranslate).
- Reception is keyboard first: typing or scanning twelve digits anywhere (outside a text
  field) jumps to that family, Ctrl+F / F3 focuses the IIN field, Ctrl+1..9 switch pages,
  F5 syncs, and every menu action has a shortcut. A mouse is never needed.
- The window refreshes a page when an operation reports a topic the page shows
  (``ctx.changes.changed``), and when the page is shown.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models.results import IinMatches
from desktop.ui import dialogs
from desktop.ui.context import DeskContext
from desktop.ui.i18n import LANGUAGES, NATIVE_NAMES, Translators
from desktop.ui.pages.base import Page
from desktop.ui.status import (
    AUTO_SYNC_INTERVAL_MS,
    REACHABILITY_INTERVAL_MS,
    DeskStatusBar,
    SyncController,
)
from domain.errors import DomainError
from domain.iin import is_valid_iin

log = logging.getLogger("kezek.desk.ui")

# The sidebar, in order; Ctrl+1..9 follow it. Each module defines one Page subclass.
PAGE_MODULES: tuple[str, ...] = (
    "today",
    "referrals",
    "document_check",
    "groups",
    "children",
    "conflicts",
    "sync_page",
    "audit",
    "walk_in",
)
IIN_LENGTH = 12
# digits typed further apart than this start a new IIN (a person types 12 digits in a
# few seconds; a scanner in well under one)
IIN_KEY_INTERVAL_SECONDS = 2.0
# how long after the twelfth digit an Enter still belongs to the scan
SCANNER_ENTER_SECONDS = 1.0


def page_class(module_name: str) -> type[Page]:
    """The Page subclass a page module defines (the one with a ``key``)."""
    qualified = f"desktop.ui.pages.{module_name}"
    module = importlib.import_module(qualified)
    found = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, Page)
        and obj is not Page
        and obj.__module__ == qualified
        and obj.key
    ]
    if not found:
        raise RuntimeError(f"{qualified} defines no Page subclass with a key")
    return found[0]


def load_pages(ctx: DeskContext) -> list[Page]:
    return [page_class(name)(ctx) for name in PAGE_MODULES]


def is_text_input(widget: QWidget | None) -> bool:
    """Whether typed digits belong to this widget (a field), not to the IIN catcher."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


class IinCatcher(QObject):
    """An application-wide event filter: twelve digits typed or scanned outside a text
    field become an IIN jump. The digits are consumed (they mean nothing else there);
    any other key, or a pause, starts over."""

    caught = Signal(str)

    def __init__(
        self,
        window: QWidget,
        interval: float = IIN_KEY_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.interval = interval
        self.clock = clock
        self.digits = ""
        self._last = 0.0
        self._swallow_enter_until = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        target = focus if focus is not None else watched
        # a key press is offered to the focus widget first, then to its parents: count once
        if watched is not target or watched.window() is not self.window:
            return False
        if is_text_input(focus):
            self.digits = ""
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if plain and len(text) == 1 and text.isdigit():
            now = self.clock()
            if now - self._last > self.interval:
                self.digits = ""
            self._last = now
            self.digits += text
            if len(self.digits) == IIN_LENGTH:
                iin, self.digits = self.digits, ""
                self._swallow_enter_until = now + SCANNER_ENTER_SECONDS
                self.caught.emit(iin)
            return True
        # a scanner ends the IIN with Enter: it must not also "open" whatever row the page
        # had selected before the jump
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.clock() <= self._swallow_enter_until
        ):
            self._swallow_enter_until = 0.0
            return True
        if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_NumLock):
            self.digits = ""
        return False


class MainWindow(QMainWindow):
    """The sidebar, the pages, the IIN entry, the menus and the status bar."""

    def __init__(
        self,
        ctx: DeskContext,
        *,
        translators: Translators | None = None,
        settings: QSettings | None = None,
        pages: list[Page] | None = None,
        auto_sync: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.ctx = ctx
        self.translators = translators
        self.settings = settings
        self.auto_sync = auto_sync
        self.controller = SyncController(ctx, self)
        self.pages: list[Page] = pages if pages is not None else load_pages(ctx)
        self._sync_on_online = False

        # --- the left column: IIN entry over the sidebar ---------------------------------
        left = QWidget()
        left.setObjectName("left-column")
        column = QVBoxLayout(left)
        column.setContentsMargins(6, 6, 0, 6)
        self.iin_label = QLabel()
        self.iin_field = QLineEdit()
        self.iin_field.setObjectName("iin-search")
        self.iin_field.setMaxLength(IIN_LENGTH)
        self.iin_field.setClearButtonEnabled(True)
        self.iin_field.returnPressed.connect(self._find_from_field)
        self.iin_label.setBuddy(self.iin_field)
        self.iin_feedback = QLabel()
        self.iin_feedback.setObjectName("iin-feedback")
        self.iin_feedback.setWordWrap(True)
        self.iin_feedback.setVisible(False)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setUniformItemSizes(True)
        self.sidebar.setMinimumWidth(180)
        # the sidebar is read from across the desk all day: larger rows than a list's
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { font-size: 11pt; }"
            "QListWidget#sidebar::item { padding: 5px 6px; }"
        )
        column.addWidget(self.iin_label)
        row = QHBoxLayout()
        row.addWidget(self.iin_field)
        column.addLayout(row)
        column.addWidget(self.iin_feedback)
        column.addWidget(self.sidebar, 1)

        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        for page in self.pages:
            self.stack.addWidget(page)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._show_row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1080])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        QWidget.setTabOrder(self.iin_field, self.sidebar)
        QWidget.setTabOrder(self.sidebar, self.stack)

        # --- status bar, actions, menus ---------------------------------------------------
        self.status = DeskStatusBar(ctx, self.controller)
        self.status.sign_in_requested.connect(self.sign_in_again)
        self.setStatusBar(self.status)
        self._build_actions()
        self.controller.started.connect(self._sync_running_changed)
        self.controller.finished.connect(self._sync_finished)
        self.controller.connection_changed.connect(self._connection_changed)

        # --- wiring -------------------------------------------------------------------------
        ctx.changes.changed.connect(self._changed)
        self.catcher = IinCatcher(self)
        self.catcher.caught.connect(self.find_iin)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.catcher)

        self.reachability = QTimer(self)
        self.reachability.setInterval(REACHABILITY_INTERVAL_MS)
        self.reachability.timeout.connect(self.controller.check_reachability)
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(AUTO_SYNC_INTERVAL_MS)
        self.sync_timer.timeout.connect(self.controller.start)

        self.resize(1280, 800)
        if settings is not None:
            geometry = settings.value("window/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)  # type: ignore[arg-type]
        self.retranslate()
        if self.pages:
            self.sidebar.setCurrentRow(0)

    # --- actions and menus -------------------------------------------------------------------

    def _action(
        self,
        name: str,
        slot: Callable[[], object],
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.sync_action = self._action("action-sync", self.controller.start, "F5")
        self.cancel_action = self._action("action-cancel-sync", self.controller.cancel, "Shift+F5")
        self.cancel_action.setEnabled(False)
        self.find_action = self._action(
            "action-find-iin", self.focus_iin_field, QKeySequence.StandardKey.Find, "F3"
        )
        self.sign_in_action = self._action("action-sign-in", self.sign_in_again, "Ctrl+L")
        self.quit_action = self._action("action-quit", self.close, "Ctrl+Q")
        self.page_actions: list[QAction] = []
        for index, _page in enumerate(self.pages):
            shortcut = f"Ctrl+{index + 1}" if index < 9 else ""
            action = self._action(
                f"action-page-{index + 1}",
                lambda i=index: self.show_page_at(i, focus=True),  # type: ignore[misc]
                *([shortcut] if shortcut else []),
            )
            self.page_actions.append(action)
        self.next_page_action = self._action(
            "action-next-page", lambda: self._step_page(1), "Ctrl+PgDown"
        )
        self.previous_page_action = self._action(
            "action-previous-page", lambda: self._step_page(-1), "Ctrl+PgUp"
        )
        self.language_actions: dict[str, QAction] = {}
        for language, key in zip(
            LANGUAGES, ("Ctrl+Shift+K", "Ctrl+Shift+R", "Ctrl+Shift+E"), strict=True
        ):
            action = self._action(
                f"action-language-{language}",
                lambda lang=language: self.set_language(lang),  # type: ignore[misc]
                key,
            )
            action.setCheckable(True)
            self.language_actions[language] = action
        self.shortcuts_action = self._action("action-shortcuts", self.show_shortcuts, "F1")
        self.about_action = self._action("action-about", self.show_about, "Shift+F1")

        bar = self.menuBar()
        self.desk_menu = QMenu(self)
        self.desk_menu.addActions([self.sync_action, self.cancel_action, self.find_action])
        self.desk_menu.addSeparator()
        self.desk_menu.addActions([self.sign_in_action])
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.quit_action)
        self.go_menu = QMenu(self)
        self.go_menu.addActions(self.page_actions)
        self.go_menu.addSeparator()
        self.go_menu.addActions([self.next_page_action, self.previous_page_action])
        self.language_menu = QMenu(self)
        self.language_menu.addActions(list(self.language_actions.values()))
        self.help_menu = QMenu(self)
        self.help_menu.addActions([self.shortcuts_action, self.about_action])
        for menu in (self.desk_menu, self.go_menu, self.language_menu, self.help_menu):
            bar.addMenu(menu)

    # --- texts ---------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Re-set every text of the window (pages retranslate themselves)."""
        self.setWindowTitle(self.tr("Kezek — kindergarten desk"))
        self.iin_label.setText(self.tr("&IIN (Ctrl+F):"))
        self.iin_field.setPlaceholderText(self.tr("12 digits"))
        self.iin_field.setToolTip(
            self.tr("Type or scan an IIN anywhere in the window to find the family")
        )
        self.sidebar.setAccessibleName(self.tr("Pages"))
        for index, page in enumerate(self.pages):
            title = page.title()
            item = self.sidebar.item(index)
            shortcut = f"Ctrl+{index + 1}" if index < 9 else ""
            item.setText(title)
            item.setToolTip(f"{title} ({shortcut})" if shortcut else title)
            self.page_actions[index].setText(title)
        self._fit_sidebar()
        self.desk_menu.setTitle(self.tr("&Desk"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.sync_action.setText(self.tr("&Sync now"))
        self.cancel_action.setText(self.tr("&Cancel sync"))
        self.find_action.setText(self.tr("&Find by IIN"))
        self.sign_in_action.setText(self.tr("Sign &in again…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.next_page_action.setText(self.tr("&Next page"))
        self.previous_page_action.setText(self.tr("&Previous page"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        self.about_action.setText(self.tr("&About Kezek"))
        for language, action in self.language_actions.items():
            action.setText(NATIVE_NAMES[language])
            action.setChecked(language == self.ctx.language)

    def _fit_sidebar(self) -> None:
        """Wide enough for the longest page title in this language (Russian and Kazakh
        titles are longer than English ones): a clipped title is a page nobody finds."""
        self.sidebar.ensurePolished()
        metrics = self.sidebar.fontMetrics()
        widest = max(
            (
                metrics.horizontalAdvance(self.sidebar.item(i).text())
                for i in range(self.sidebar.count())
            ),
            default=0,
        )
        # item padding, the frame and room for a scroll bar
        self.sidebar.setMinimumWidth(max(180, widest + 40))

    # --- pages ---------------------------------------------------------------------------------

    def page(self, key: str) -> Page | None:
        for page in self.pages:
            if page.key == key:
                return page
        return None

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def show_page_at(self, index: int, *, focus: bool = False) -> None:
        """Show the page; ``focus`` (the Ctrl+digit shortcuts) also moves the keyboard into
        it, where the page last had it, else to its first field, so typing goes on there."""
        if 0 <= index < len(self.pages):
            self.sidebar.setCurrentRow(index)
            if focus:
                self._focus_into(self.pages[index])

    @staticmethod
    def _focus_into(page: Page) -> None:
        last = page.focusWidget()
        if last is not None and last.isVisible() and last.isEnabled():
            last.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    def show_page(self, key: str) -> bool:
        for index, page in enumerate(self.pages):
            if page.key == key:
                self.show_page_at(index)
                return True
        return False

    def _step_page(self, step: int) -> None:
        if self.pages:
            self.show_page_at((self.sidebar.currentRow() + step) % len(self.pages), focus=True)

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        self.stack.setCurrentIndex(row)
        self._refresh(self.pages[row])

    def _refresh(self, page: Page) -> None:
        try:
            page.refresh()
        except DomainError as exc:  # a page that reads synchronously and fails
            self.status.say(dialogs.reason_text(exc, self.ctx.language))

    def _changed(self, topics: frozenset[str]) -> None:
        for page in self.pages:
            if page.topics & topics:
                self._refresh(page)

    # --- IIN ---------------------------------------------------------------------------------

    def focus_iin_field(self) -> None:
        self.iin_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.iin_field.selectAll()

    def _find_from_field(self) -> None:
        text = "".join(self.iin_field.text().split())
        self.find_iin(text)

    def _say(self, text: str) -> None:
        self.iin_feedback.setText(text)
        self.iin_feedback.setVisible(bool(text))

    def find_iin(self, iin: str) -> None:
        """Find the family of a typed or scanned IIN: its referral, else its child; the
        page then shows it (``jump_to_iin``). Nothing found says so, with a way forward."""
        if len(iin) != IIN_LENGTH or not iin.isdigit():
            self._say(dialogs.reason_text("IIN_FORMAT", self.ctx.language))
            return
        if not is_valid_iin(iin):
            self._say(dialogs.reason_text("IIN_CHECKSUM", self.ctx.language))
            return
        self.iin_field.setText(iin)
        self._say("")
        self.ctx.runner.submit(
            lambda: self.ctx.queries.lookup_iin(iin),
            lambda found: self._found(iin, found),
            lambda error: self._say(dialogs.reason_text(error, self.ctx.language)),
        )

    def _found(self, iin: str, found: IinMatches) -> None:
        if found.referral_ids or (found.application_ids and not found.enrollment_ids):
            target = "referrals"
        elif found.enrollment_ids:
            target = "children"
        else:
            self._say(
                self.tr(
                    "No referral or child with IIN %1 here. A family without a referral "
                    "can be registered on the Walk-in page."
                ).replace("%1", iin)
            )
            return
        self.show_page(target)
        self.ctx.changes.jump_to_iin.emit(iin)

    # --- sync ----------------------------------------------------------------------------------

    def start(self, *, sync_now: bool = True) -> None:
        """After the window is shown: read the status, learn whether the server is
        there, and sync at once when it is (not right after the first start's sync)."""
        self.status.refresh()
        if self.auto_sync:
            self._sync_on_online = sync_now
            self.controller.check_reachability()
            self.reachability.start()
            self.sync_timer.start()

    def _connection_changed(self, state: str) -> None:
        if state == "online" and self._sync_on_online:
            self._sync_on_online = False
            self.controller.start()
        elif state != "unknown":
            self._sync_on_online = False

    def _sync_running_changed(self) -> None:
        self.cancel_action.setEnabled(self.controller.running)
        self.sync_action.setEnabled(not self.controller.running)

    def _sync_finished(self, _outcome: object) -> None:
        self._sync_running_changed()

    def sign_in_again(self) -> None:
        """The server refused the saved token: ask for the password (the address and
        login stay), keep the data and the outbox, then sync."""
        from desktop.ui.first_start import FirstStartDialog

        dialog = FirstStartDialog(self.ctx, self.translators, relogin=True, parent=self)
        if dialog.exec():
            self.controller.set_connection("unknown")
            self.controller.start()

    # --- language ------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch the language at once: translators, dates, reason codes, every page."""
        if language not in LANGUAGES:
            return
        self.ctx.language = language
        self.ctx.store.language = language
        if self.settings is not None:
            self.settings.setValue("language", language)
            self.settings.sync()
        if self.translators is not None:
            self.translators.apply(language)
        # the LanguageChange events are posted; deliver them now so the switch is at once
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.retranslate()
        for page in self.pages:
            page.retranslate()
        self.status.retranslate()
        self.ctx.changes.language_changed.emit(language)

    # --- help ----------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        lines = [
            self.tr("Type or scan 12 digits anywhere: find the family by IIN"),
            self.tr("Ctrl+F or F3: the IIN field"),
            self.tr("Ctrl+1 … Ctrl+9: pages; Ctrl+PgUp / Ctrl+PgDown: previous / next"),
            self.tr("F5: sync now; Shift+F5: cancel the sync"),
            self.tr("Ctrl+L: sign in again"),
            self.tr("Ctrl+Shift+K / R / E: Kazakh / Russian / English"),
            self.tr("Tab / Shift+Tab: next / previous field; Enter: the main action"),
            self.tr("Ctrl+Q: quit"),
        ]
        dialogs.show_info(self, "\n".join(lines), self.tr("Keyboard shortcuts"))

    def show_about(self) -> None:
        dialogs.show_info(
            self,
            self.tr(
                "Kezek: the kindergarten e-queue desk. Works offline; the server is "
                "needed only to sync."
            ),
            self.tr("About Kezek"),
        )

    # --- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the timers and a running sync (nothing is lost: it resumes next time)."""
        self.reachability.stop()
        self.sync_timer.stop()
        self.controller.cancel()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.catcher)
        if self.settings is not None:
            self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)
