"""Sync: what this desk has not sent yet, and what each sync did.

Why: reception works offline and must be able to tell a family "this is recorded and
will reach the server" and an administrator "this desk last synced at ...". Both come
from the store's tables (the outbox and the sync history), never from memory. Syncing
itself is the window's (F5, the status bar); the button here is the same action.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.models.results import PendingOpView, SyncRunView
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.base import RIGHT, Column, ListTableModel, RowStyle
from desktop.ui.pages.base import Page
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.formats import fmt_moment
from desktop.ui.widgets.tables import make_table
from desktop.ui.widgets.terms import Terms
from domain.errors import DomainError
from domain.messages import message

HISTORY = 50


@dataclass(frozen=True)
class SyncData:
    pending: list[PendingOpView]
    history: list[SyncRunView]


class SyncPage(Page):
    key = "sync"
    topics = frozenset({"sync", "conflicts"})

    loaded = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.data: SyncData | None = None
        self._generation = 0

        self.summary = QLabel()
        self.summary.setObjectName("sync-summary")
        self.summary.setWordWrap(True)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("sync-now")
        self.sync_button.clicked.connect(self.sync_now)
        self.note = Note(banner=True)

        self.pending_model = ListTableModel(self._pending_columns(), id_of=lambda op: int(op.seq))
        self.pending_table = make_table(self.pending_model, "sync-pending")
        self.pending_stack = EmptyStack(self.pending_table)
        self.pending_box = QGroupBox()
        box = QVBoxLayout(self.pending_box)
        box.addWidget(self.pending_stack)

        self.history_model = ListTableModel(self._history_columns(), row_style=self._run_style)
        self.history_table = make_table(self.history_model, "sync-history")
        self.history_stack = EmptyStack(self.history_table)
        self.history_box = QGroupBox()
        box = QVBoxLayout(self.history_box)
        box.addWidget(self.history_stack)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.pending_box, 1)
        layout.addWidget(self.history_box, 2)
        self.setTabOrder(self.sync_button, self.pending_table)
        self.setTabOrder(self.pending_table, self.history_table)
        self.retranslate()

    # --- columns --------------------------------------------------------------------------

    def _pending_columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Recorded"), lambda op: fmt_moment(op.created_at)),
            Column(lambda: self.tr("Change"), lambda op: self.terms.op_kind(op.kind)),
            Column(lambda: self.tr("Attempts"), lambda op: str(op.attempts), align=RIGHT),
            Column(
                lambda: self.tr("Last problem"),
                lambda op: message(op.last_error, self.ctx.language) if op.last_error else "",
            ),
        ]

    def _history_columns(self) -> list[Column]:
        def number(attribute: str) -> Column:
            titles = {
                "pushed": lambda: self.tr("Sent"),
                "applied": lambda: self.tr("Applied"),
                "duplicates": lambda: self.tr("Already there"),
                "rejected": lambda: self.tr("Refused"),
                "pulled": lambda: self.tr("Received"),
            }
            return Column(titles[attribute], lambda run: str(getattr(run, attribute)), align=RIGHT)

        return [
            Column(lambda: self.tr("Started"), lambda run: fmt_moment(run.started_at)),
            Column(lambda: self.tr("Outcome"), lambda run: self.terms.sync_outcome(run.outcome)),
            number("pushed"),
            number("applied"),
            number("duplicates"),
            number("rejected"),
            number("pulled"),
            Column(
                lambda: self.tr("Full copy"),
                lambda run: self.tr("yes") if run.snapshot else "",
            ),
            Column(
                lambda: self.tr("Problem"),
                lambda run: message(run.error_code, self.ctx.language) if run.error_code else "",
                tooltip=lambda run: (
                    message(run.error_code, self.ctx.language) if run.error_code else ""
                ),
            ),
        ]

    @staticmethod
    def _run_style(run: SyncRunView) -> RowStyle | None:
        if run.outcome == "failed":
            return RowStyle(background="#fde2e1")
        if run.rejected:
            return RowStyle(bold=True)
        return None

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Sync")

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        queries = self.ctx.queries

        def load() -> SyncData:
            return SyncData(queries.pending_changes(), queries.sync_history(HISTORY))

        self.ctx.runner.submit(
            load,
            on_done=lambda data: self._show(generation, data),
            on_error=lambda error: self._failed(generation, error),
        )

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now (F5)"))
        self.pending_box.setTitle(self.tr("Waiting to be sent"))
        self.history_box.setTitle(self.tr("Syncs"))
        self.pending_stack.set_empty_text(
            self.tr("Nothing waits to be sent: the server has everything recorded here.")
        )
        self.history_stack.set_empty_text(
            self.tr("This desk has not synced yet. Press F5 to sync now.")
        )
        self.pending_model.retranslate()
        self.history_model.retranslate()
        self._show_summary()

    # --- showing ----------------------------------------------------------------------------

    def _show(self, generation: int, data: SyncData) -> None:
        if generation != self._generation:
            return
        self.data = data
        self.note.clear_text()
        self.pending_model.set_rows(data.pending)
        self.history_model.set_rows(data.history)
        self.pending_stack.set_empty(not data.pending)
        self.history_stack.set_empty(not data.history)
        self._show_summary()
        self.loaded.emit()

    def _failed(self, generation: int, error: DomainError) -> None:
        if generation == self._generation:
            self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")
            self.loaded.emit()

    def _show_summary(self) -> None:
        data = self.data
        if data is None:
            self.summary.setText("")
            return
        pending = len(data.pending)
        lines = [
            self.tr("%n change(s) wait to be sent.", "", pending)
            if pending
            else self.tr("Everything recorded here is on the server.")
        ]
        done = next((run for run in data.history if run.outcome == "ok"), None)
        if done is not None:
            lines.append(
                self.tr("Last successful sync: {moment}.").format(
                    moment=fmt_moment(done.finished_at)
                )
            )
        self.summary.setText("\n".join(lines))

    # --- syncing ----------------------------------------------------------------------------

    def sync_now(self) -> None:
        """The window's sync (one at a time, with the status bar's progress); a page shown
        on its own has none and says so."""
        action = self.window().findChild(QAction, "action-sync")
        if action is not None and action.isEnabled():
            action.trigger()
        elif action is None:
            self.note.show_text(lambda: self.tr("Syncing is available in the desk window."))
