"""Children: who attends the kindergarten, and recording a child leaving (R23).

Why it is built this way: the list is windowed and searched in SQL like the referrals
(a kindergarten keeps its children for years); a leave is recorded with its date and
reason and frees a seat the head may publish later (R23: nothing is published by itself,
so the page says so).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from desktop.models.results import ChildItem, LeaveResult
from desktop.ui import dialogs
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.children import ChildrenModel
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import action_button, page_action, set_action_text, tab_chain
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.formats import fmt_date
from desktop.ui.widgets.inputs import DateEdit, SearchEdit
from desktop.ui.widgets.tables import make_table, select_row
from domain.errors import DomainError
from domain.kztime import local_date

REASON_MAX = 200


class ChildrenPage(Page):
    key = "children"
    topics = frozenset({"children", "groups"})

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.model = ChildrenModel(ctx.runner, ctx.queries, self)
        self._started = False
        self._keep_id: int | None = None
        self._select_iin: str | None = None
        self.busy = False

        self.search_label = QLabel()
        self.search = SearchEdit()
        self.search.setObjectName("children-search")
        self.search_label.setBuddy(self.search)
        self.include_left = QCheckBox()
        self.include_left.setObjectName("children-include-left")
        self.count = QLabel()
        self.table = make_table(
            self.model, "children-table", fit=False, stretch=(0, 3), optional=(6, 7)
        )
        self.stack = EmptyStack(self.table)

        self.leave_box = QGroupBox()
        self.day_label = QLabel()
        self.day = DateEdit()
        self.day.setObjectName("leave-date")
        self.day_label.setBuddy(self.day)
        self.reason_label = QLabel()
        self.reason = QComboBox()
        self.reason.setObjectName("leave-reason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.reason.lineEdit()
        assert line is not None
        line.setMaxLength(REASON_MAX)
        self.reason_label.setBuddy(self.reason)
        self.leave_action = page_action(self, "Ctrl+D", self.record_leave, name="action-leave")
        self.leave_button = action_button(self.leave_action)
        self.leave_button.setObjectName("record-leave")
        form = QHBoxLayout(self.leave_box)
        form.addWidget(self.day_label)
        form.addWidget(self.day)
        form.addSpacing(12)
        form.addWidget(self.reason_label)
        form.addWidget(self.reason, 1)
        form.addWidget(self.leave_button)
        self.note = Note(banner=True)
        self.note.setObjectName("children-note")

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 3)
        top.addWidget(self.include_left)
        top.addStretch(0)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.leave_box)
        layout.addWidget(self.note)
        tab_chain(
            self,
            [self.search, self.include_left, self.table, self.day, self.reason, self.leave_button],
        )

        self.search.searchChanged.connect(lambda text: self.model.set_query(text))
        self.search.submitted.connect(lambda _text: self.focus_list())
        self.search.leave.connect(self.focus_list)
        self.include_left.toggled.connect(
            lambda checked: self.model.set_query(include_left=checked)
        )
        # a new search or sort is shown from its first row (not from where the old list
        # was scrolled, which would fetch rows deep in the new one first)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(
            lambda error: self.note.show_text(
                lambda: reason_text(error, self.ctx.language), "error"
            )
        )
        self.table.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self._update_actions()
        )
        self.day.textChanged.connect(lambda _t: self._update_actions())
        self.reason.editTextChanged.connect(lambda _t: self._update_actions())
        ctx.changes.jump_to_iin.connect(self.jump)
        self.retranslate()
        self._update_actions()

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Children")

    def refresh(self) -> None:
        self._keep_id = self.current_id()
        if self.day.is_empty():
            self.day.setDate(local_date(self.ctx.store.now()))
        if not self._started:
            self._started = True
            self.model.set_query(self.search.text())
        elif not self.model.is_loading():  # a query on its way is as fresh as a new one
            self.model.reload()

    def retranslate(self) -> None:
        self.search_label.setText(self.tr("&Search:"))
        self.search.setPlaceholderText(self.tr("IIN or name"))
        self.include_left.setText(self.tr("&Include children who left"))
        self.leave_box.setTitle(self.tr("The selected child leaves"))
        self.day_label.setText(self.tr("Left &on:"))
        self.reason_label.setText(self.tr("&Reason:"))
        typed = self.reason.currentText()
        self.reason.clear()
        self.reason.addItems(
            [
                "",
                self.tr("Moved to another kindergarten"),
                self.tr("Went to school"),
                self.tr("The family moved away"),
                self.tr("The parents' decision"),
                self.tr("Health reasons"),
            ]
        )
        self.reason.setEditText(typed)
        set_action_text(self.leave_action, self.tr("Record leaving"))
        self.model.retranslate()
        self._show_count()

    def open(self, payload: object) -> None:
        if isinstance(payload, str):
            self.show_child(payload)

    # --- the list ---------------------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def current_child(self) -> ChildItem | None:
        index = self.table.currentIndex()
        item = self.model.item(index.row()) if index.isValid() else None
        return item if isinstance(item, ChildItem) else None

    def focus_list(self) -> None:
        if self.model.total():
            if not self.table.currentIndex().isValid():
                select_row(self.table, 0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def jump(self, iin: str) -> None:
        """The shell found this IIN among the children: show that child (only when this
        page is the one shown, so a hidden page keeps the clerk's own search)."""
        if self.isVisible():
            self.show_child(iin)

    def show_child(self, iin: str) -> None:
        self._started = True
        self._select_iin = iin
        self.search.set_search(iin)

    def _loaded(self) -> None:
        self._show_count()
        keep, self._keep_id = self._keep_id, None
        iin, self._select_iin = self._select_iin, None
        row = self.model.row_of(keep) if keep is not None else None
        if iin is not None:
            row = next(
                (
                    r
                    for r in range(min(self.model.total(), self.model.page_size))
                    if (item := self.model.item(r)) is not None and item.child_iin == iin
                ),
                0 if self.model.total() else None,
            )
        if row is not None:
            select_row(self.table, row, focus=iin is not None)
        self._update_actions()

    def _show_count(self) -> None:
        total = self.model.total()
        self.count.setText(self.tr("%n child(ren)", "", total))
        if total == 0 and not self.model.is_loading():
            if self.model.query:
                self.stack.set_empty_text(
                    self.tr("No child matches “{query}”. Search by IIN or name.").format(
                        query=self.model.query
                    )
                )
            else:
                self.stack.set_empty_text(
                    self.tr(
                        "No children yet. Children appear here when they are enrolled on "
                        "the Document check page, or after a sync (F5)."
                    )
                )
            self.stack.set_empty(True)
        else:
            self.stack.set_empty(False)

    # --- leaving ------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        child = self.current_child()
        self.leave_action.setEnabled(
            not self.busy
            and child is not None
            and child.left_at is None
            and child.id > 0
            and self.day.date() is not None
            and bool(self.reason.currentText().strip())
        )

    def record_leave(self) -> None:
        """R23: the child leaves on a day with a reason; asks first (it cannot be undone
        here), and says that the seat is the head's to publish."""
        child = self.current_child()
        day = self.day.date()
        reason = self.reason.currentText().strip()
        if child is None or day is None or not self.leave_action.isEnabled():
            return
        if not dialogs.ask(
            self,
            self.tr("Record that {child} left on {day}?").format(
                child=child.child_name, day=fmt_date(day)
            ),
        ):
            return
        desk = self.ctx.desk
        self.busy = True
        self._update_actions()
        self.ctx.runner.submit(
            lambda: desk.record_leave(child.id, day, reason),
            on_done=lambda result: self._left(result, child.child_name),
            on_error=self._failed,
        )

    def _left(self, _result: LeaveResult, name: str) -> None:
        self.busy = False
        self.reason.setEditText("")
        self.note.show_text(
            lambda: self.tr(
                "{child} has left. The seat is free: publish it on the Groups and places "
                "page when you are ready. Waiting to sync."
            ).format(child=name),
            "ok",
        )
        self.ctx.changes.notify("children", "groups", "sync", "audit")
        self._update_actions()

    def _failed(self, error: DomainError) -> None:
        self.busy = False
        self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")
        self._update_actions()
