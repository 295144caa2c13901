"""The status bar and the sync controller: is the server there, what is waiting, when
did the desk last sync, and a sync button with progress.

Why a controller apart from the bar: sync starts from the button (F5), the menu, a timer
and the start of the desk, and the Sync page shows its progress too; all of them go
through one :class:`SyncController`, which runs the engine in the runner (off the GUI
thread), passes its progress over a signal and refuses a second run while one is going.

Online/offline is a fact the desk learns, never assumes: the outcome of the last sync, and
between syncs a cheap request to the server's ``/api/v1/sync/meta`` on a timer (any HTTP
answer means the server is there; only a network failure means offline).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import httpx
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from desktop.models.results import DeskStatus
from desktop.ui.context import TOPICS, DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.widgets.formats import fmt_moment
from domain.errors import DomainError
from sync.client import Progress, SyncError, SyncSummary

log = logging.getLogger("kezek.desk.ui")

Connection = Literal["unknown", "online", "offline", "auth", "unregistered"]

# a clock more than this far from the server's makes deadlines shown at the desk wrong
SKEW_WARNING_SECONDS = 5 * 60
REACHABILITY_INTERVAL_MS = 60_000
AUTO_SYNC_INTERVAL_MS = 10 * 60_000
REACHABILITY_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class SyncOutcome:
    """What a run ended with, handed from the worker thread to the GUI."""

    summary: SyncSummary | None
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None and self.summary is not None


def connection_after(code: str | None) -> Connection:
    """What a sync's end says about the connection."""
    if code is None:
        return "online"
    if code == "SYNC_OFFLINE":
        return "offline"
    if code in ("SYNC_AUTH", "AUTH_EXPIRED", "AUTH_REQUIRED"):
        return "auth"
    if code == "DESK_NOT_REGISTERED":
        return "unregistered"
    # the server answered, but refused or spoke another protocol: it is there
    return "online"


class SyncController(QObject):
    """Runs syncs for the desk, one at a time, off the GUI thread."""

    started = Signal()
    # a Progress from the engine (delivered on the GUI thread: queued across threads)
    progress = Signal(object)
    # a SyncOutcome
    finished = Signal(object)
    # the connection as last learned: a Connection value
    connection_changed = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.connection: Connection = "unknown"
        self._cancel: threading.Event | None = None
        self._checking = False
        self.last_outcome: SyncOutcome | None = None

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def set_connection(self, state: Connection) -> None:
        if state != self.connection:
            self.connection = state
            self.connection_changed.emit(state)

    def start(self) -> bool:
        """Start a sync unless one runs; False when it could not start."""
        if self.running:
            return False
        factory = self.ctx.engine_factory
        if factory is None:
            self.set_connection("unregistered")
            return False
        cancel = threading.Event()
        self._cancel = cancel
        relay = self.progress  # a bound signal: emitting from the worker is queued

        def run() -> SyncOutcome:
            try:
                engine = factory()
            except DomainError as exc:
                return SyncOutcome(None, exc.code)
            if engine is None:
                return SyncOutcome(None, "DESK_NOT_REGISTERED")
            try:
                summary = engine.sync(  # type: ignore[attr-defined]
                    progress=relay.emit, cancel=cancel
                )
            except SyncError as exc:
                return SyncOutcome(None, exc.code)
            except DomainError as exc:
                return SyncOutcome(None, exc.code)
            return SyncOutcome(summary)

        self.started.emit()
        self.ctx.runner.submit(run, self._done, self._failed)
        return True

    def cancel(self) -> None:
        """Stop at the next safe point (between batches and pages): nothing is lost."""
        if self._cancel is not None:
            self._cancel.set()

    def _done(self, outcome: SyncOutcome) -> None:
        self._cancel = None
        self.last_outcome = outcome
        self.set_connection(connection_after(outcome.error_code))
        self.finished.emit(outcome)
        # the store changed under every page (or may have: a failed run can still have
        # pushed some batches); they all refresh what they show
        self.ctx.changes.notify(*sorted(TOPICS))

    def _failed(self, error: DomainError) -> None:
        self._done(SyncOutcome(None, error.code))

    def check_reachability(self) -> None:
        """A cheap request to the server, off the GUI thread, to learn online/offline
        between syncs; never while a sync runs (the sync tells)."""
        if self.running or self._checking:
            return
        sync_store = self.ctx.sync_store
        store = self.ctx.store

        def probe() -> Connection:
            if not sync_store.configured():
                return "unregistered"
            url = sync_store.state().server_url.rstrip("/") + "/api/v1/sync/meta"
            token = store.load_token() or ""
            try:
                answer = httpx.get(
                    url,
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=REACHABILITY_TIMEOUT_SECONDS,
                )
            except httpx.HTTPError:
                return "offline"
            if answer.status_code == 401:
                return "auth"
            return "online"

        def done(state: Connection) -> None:
            self._checking = False
            if not self.running:
                self.set_connection(state)

        def failed(_error: DomainError) -> None:
            self._checking = False

        self._checking = True
        self.ctx.runner.submit(probe, done, failed)


class DeskStatusBar(QStatusBar):
    """Connection, pending changes, last sync, clock skew, a sync button with progress."""

    # asks the window to sign in again (the token was refused)
    sign_in_requested = Signal()

    def __init__(self, ctx: DeskContext, controller: SyncController) -> None:
        super().__init__()
        self.setObjectName("desk-status")
        self.ctx = ctx
        self.controller = controller
        self.status: DeskStatus | None = None
        self._phase = ""

        self.connection = QLabel()
        self.connection.setObjectName("status-connection")
        self.pending = QLabel()
        self.pending.setObjectName("status-pending")
        self.last_sync = QLabel()
        self.last_sync.setObjectName("status-last-sync")
        self.skew = QLabel()
        self.skew.setObjectName("status-skew")
        self.skew.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.skew.setVisible(False)
        # the outcome of the last action (a sync, a failed lookup); QStatusBar's own
        # temporary message would hide the connection and the counts meanwhile
        self.note = QLabel()
        self.note.setObjectName("status-note")
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.note.clear)
        self.progress = QProgressBar()
        self.progress.setObjectName("status-progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)
        self.button = QPushButton()
        self.button.setObjectName("status-sync")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F5 and Shift+F5 reach it anyway
        self.button.clicked.connect(self.toggle_sync)
        self.sign_in = QPushButton()
        self.sign_in.setObjectName("status-sign-in")
        self.sign_in.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign_in.setVisible(False)
        self.sign_in.clicked.connect(self.sign_in_requested)

        for widget in (self.connection, self.pending, self.last_sync, self.skew):
            self.addWidget(widget)
        self.addWidget(self.note, 1)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.sign_in)
        self.addPermanentWidget(self.button)

        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.connection_changed.connect(lambda _state: self._show())
        ctx.changes.changed.connect(self._changed)
        self.retranslate()

    # --- actions ------------------------------------------------------------------------

    def toggle_sync(self) -> None:
        """The button: sync now, or cancel the running sync."""
        if self.controller.running:
            self.controller.cancel()
        else:
            self.controller.start()

    def say(self, text: str, msecs: int = 15_000) -> None:
        """Show ``text`` beside the counts for a while (0: until replaced)."""
        self.note.setText(text)
        self.note.setToolTip(text)
        self._note_timer.stop()
        if msecs:
            self._note_timer.start(msecs)

    def refresh(self) -> None:
        """Re-read the counts and the last sync (one read, in the runner)."""
        self.ctx.runner.submit(self.ctx.queries.status, self._got_status)

    def _changed(self, topics: frozenset[str]) -> None:
        self.refresh()

    def _got_status(self, status: DeskStatus) -> None:
        self.status = status
        self._show()

    # --- sync progress ------------------------------------------------------------------

    def _started(self) -> None:
        self.progress.setRange(0, 0)  # busy until the engine says how far
        self.progress.setVisible(True)
        self._phase = "meta"
        self._show()

    def _progress(self, step: Progress) -> None:
        self._phase = step.phase
        if step.total:
            self.progress.setRange(0, step.total)
            self.progress.setValue(step.done)
        else:
            self.progress.setRange(0, 0)
        self.progress.setFormat(self._phase_text(step.phase))
        self.progress.setToolTip(self._phase_text(step.phase))

    def _finished(self, outcome: SyncOutcome) -> None:
        self.progress.setVisible(False)
        self._phase = ""
        if outcome.error_code and outcome.error_code != "SYNC_RUNNING":
            self.say(reason_text(outcome.error_code, self.ctx.language), 60_000)
        elif outcome.summary is not None and outcome.summary.outcome == "cancelled":
            self.say(self.tr("Sync cancelled; nothing is lost."))
        elif outcome.summary is not None:
            summary = outcome.summary
            self.say(
                self.tr("Synced: %1 sent, %2 received, %3 conflicts.")
                .replace("%1", str(summary.pushed))
                .replace("%2", str(summary.pulled))
                .replace("%3", str(summary.conflicts))
            )
        self.refresh()
        self._show()

    def _phase_text(self, phase: str) -> str:
        texts = {
            "meta": self.tr("Connecting…"),
            "push": self.tr("Sending changes…"),
            "snapshot": self.tr("Downloading all data…"),
            "pull": self.tr("Receiving changes…"),
            "directory": self.tr("Updating the district's kindergartens…"),
            "retry": self.tr("No answer, retrying…"),
            "done": self.tr("Done"),
        }
        return texts.get(phase, phase)

    # --- texts --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.sign_in.setText(self.tr("Sign in again"))
        self.sign_in.setToolTip(self.tr("The server refused the saved sign-in (Ctrl+L)"))
        self._show()

    def _show(self) -> None:
        state = self.controller.connection
        texts = {
            "unknown": self.tr("Connection: checking…"),
            "online": self.tr("● Online"),
            "offline": self.tr("○ Offline: working locally"),
            "auth": self.tr("● Online: sign in again to sync"),
            "unregistered": self.tr("Not signed in"),
        }
        colours = {
            "online": "#1b7a33",
            "offline": "#a33",
            "auth": "#b35c00",
        }
        self.connection.setText(texts[state])
        self.connection.setStyleSheet(f"color: {colours.get(state, '#555')};")
        self.sign_in.setVisible(state == "auth")
        running = self.controller.running
        self.button.setText(self.tr("Cancel sync (Shift+F5)") if running else self.tr("Sync (F5)"))
        self.button.setToolTip(
            QKeySequence("Shift+F5" if running else "F5").toString(
                QKeySequence.SequenceFormat.NativeText
            )
        )
        status = self.status
        if status is None:
            self.pending.setText("")
            self.last_sync.setText("")
            self.skew.setVisible(False)
            return
        self.pending.setText(self.tr("Pending changes: %1").replace("%1", str(status.pending)))
        self.pending.setStyleSheet("font-weight: bold;" if status.pending else "")
        self.last_sync.setText(self._last_sync_text(status.last_sync_at))
        skew = status.clock_skew_seconds
        if skew is not None and abs(skew) > SKEW_WARNING_SECONDS:
            minutes = round(abs(skew) / 60)
            text = (
                self.tr("⚠ This computer's clock is %1 min ahead of the server's")
                if skew > 0
                else self.tr("⚠ This computer's clock is %1 min behind the server's")
            )
            self.skew.setText(text.replace("%1", str(minutes)))
            self.skew.setToolTip(
                self.tr(
                    "Deadlines are counted by the server's clock; set this computer's "
                    "date and time correctly."
                )
            )
            self.skew.setVisible(True)
        else:
            self.skew.setVisible(False)

    def _last_sync_text(self, moment: datetime | None) -> str:
        if moment is None:
            return self.tr("Never synced")
        return self.tr("Last sync: %1").replace("%1", fmt_moment(moment))
