"""Referrals: every family sent to this kindergarten, searchable by IIN, number or name.

Why it is built this way: a big kindergarten holds tens of thousands of referrals over
the years, and reception searches them while a family waits. The list is a windowed model
(:class:`desktop.ui.models.referrals.ReferralsModel`): search and sort are the store's SQL,
a keystroke pause (150 ms) sends one query off the GUI thread, and only the visible pages
of rows are read. Enter opens the referral in the Document check page; a scanned or typed
IIN anywhere in the window (``jump_to_iin``) filters to that family and selects it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from desktop.models.queries import ReferralSort
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.referrals import ReferralsModel
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import page_action, set_action_text
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.inputs import SearchEdit
from desktop.ui.widgets.navigation import open_page
from desktop.ui.widgets.tables import make_table, select_row
from domain.errors import DomainError

# (sort key, descending) offered in the "Sort" box, which is the keyboard's header click
SORTS: tuple[tuple[ReferralSort, bool], ...] = (
    ("expires_at", False),
    ("expires_at", True),
    ("issued_at", True),
    ("number", False),
    ("child_name", False),
    ("child_name", True),
    ("status", False),
)


class ReferralsPage(Page):
    key = "referrals"
    topics = frozenset({"referrals", "checks"})

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.model = ReferralsModel(ctx.runner, ctx.queries, ctx.store.now, self)
        self._started = False
        self._after_load: Callable[[], None] | None = None
        self._keep_id: int | None = None

        self.search_label = QLabel()
        self.search = SearchEdit()
        self.search.setObjectName("referral-search")
        self.search_label.setBuddy(self.search)
        self.sort_label = QLabel()
        self.sort_box = QComboBox()
        self.sort_box.setObjectName("referral-sort")
        self.sort_label.setBuddy(self.sort_box)
        self.count = QLabel()
        self.count.setObjectName("referral-count")

        # sized from the header and the rows on screen only (never every row)
        self.table = make_table(
            self.model, "referral-table", fit=False, stretch=(1, 4), optional=(8,)
        )
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._header_sort)
        self.stack = EmptyStack(self.table)
        self.note = Note(banner=True)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 3)
        top.addSpacing(12)
        top.addWidget(self.sort_label)
        top.addWidget(self.sort_box, 1)
        top.addStretch(0)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.search, self.sort_box)
        self.setTabOrder(self.sort_box, self.table)

        self.open_action = page_action(
            self.table,
            QKeySequence(Qt.Key.Key_Return),
            self.open_current,
            context=Qt.ShortcutContext.WidgetShortcut,
            name="action-open-referral",
        )
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.table.doubleClicked.connect(lambda _index: self.open_current())

        self.search.searchChanged.connect(lambda text: self.model.set_query(text))
        self.search.submitted.connect(self._submitted)
        self.search.leave.connect(self.focus_list)
        self.sort_box.currentIndexChanged.connect(self._box_sort)
        # a new search or sort is shown from its first row (not from where the old list
        # was scrolled, which would fetch rows deep in the new one first)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        ctx.changes.jump_to_iin.connect(self.jump)
        self.retranslate()

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Referrals")

    def refresh(self) -> None:
        """Read the list again (after a change or when shown), keeping the selection."""
        self._keep_id = self.current_id()
        if not self._started:
            self._started = True
            self.model.set_query(self.search.text())
        elif not self.model.is_loading():  # a query on its way is as fresh as a new one
            self.model.reload()

    def retranslate(self) -> None:
        self.search_label.setText(self.tr("&Search:"))
        self.search.setPlaceholderText(self.tr("IIN, referral or application number, or name"))
        self.sort_label.setText(self.tr("S&ort:"))
        names = [
            self.tr("Deadline: soonest first"),
            self.tr("Deadline: latest first"),
            self.tr("Issued: newest first"),
            self.tr("Number"),
            self.tr("Child's name: A to Z"),
            self.tr("Child's name: Z to A"),
            self.tr("Status"),
        ]
        self.sort_box.blockSignals(True)
        self.sort_box.clear()
        self.sort_box.addItems(names)
        self.sort_box.blockSignals(False)
        self._show_sort_in_box()
        set_action_text(self.open_action, self.tr("Open in Document check"))
        self.table.setToolTip(self.tr("Enter: check this family's documents"))
        self.model.retranslate()
        self._show_count()

    def open(self, payload: object) -> None:
        """Another page asks to show a family: an IIN or search text."""
        if isinstance(payload, str):
            self.show_family(payload)

    # --- reading --------------------------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _loaded(self) -> None:
        self.note.clear_text()
        self._show_count()
        keep, self._keep_id = self._keep_id, None
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                self.select_row(row, focus=False)
        action, self._after_load = self._after_load, None
        if action is not None:
            action()

    def _failed(self, error: DomainError) -> None:
        self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")

    def _show_count(self) -> None:
        total = self.model.total()
        self.count.setText(self.tr("%n referral(s)", "", total))
        if total == 0 and not self.model.is_loading():
            if self.model.query:
                self.stack.set_empty_text(
                    self.tr(
                        "Nothing matches “{query}”. Search by IIN, referral or application "
                        "number, or the child's name."
                    ).format(query=self.model.query)
                )
            else:
                self.stack.set_empty_text(
                    self.tr("No referrals yet — sync (F5) to receive them from the server.")
                )
            self.stack.set_empty(True)
        else:
            self.stack.set_empty(False)

    # --- selection and opening -----------------------------------------------------------------

    def select_row(self, row: int, *, focus: bool = True) -> None:
        select_row(self.table, row, focus=focus)

    def focus_list(self) -> None:
        if self.model.total():
            if not self.table.currentIndex().isValid():
                self.select_row(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_current(self) -> None:
        referral_id = self.current_id()
        if referral_id is not None:
            self.open_referral(referral_id)

    def open_referral(self, referral_id: int) -> None:
        open_page(self, "document_check", referral_id)

    def _submitted(self, _text: str) -> None:
        """Enter in the search box: one family found opens it (a scanner's Enter), more
        put the clerk in the list."""

        def act() -> None:
            if self.model.total() == 1:
                self.select_row(0, focus=False)
                self.open_current()
            else:
                self.focus_list()

        if self.model.is_loading():
            self._after_load = act
        else:
            act()

    def jump(self, iin: str) -> None:
        """A typed or scanned IIN (``jump_to_iin``): the shell shows this page first when
        the IIN has a referral; a hidden page keeps the clerk's own search."""
        if self.isVisible():
            self.show_family(iin)

    def show_family(self, iin: str) -> None:
        """Filter to an IIN and select the family's referral with the soonest deadline."""
        self._started = True

        def select() -> None:
            for row in range(min(self.model.total(), self.model.page_size)):
                item = self.model.item(row)
                if item is not None and iin in (item.child_iin, item.parent_iin):
                    self.select_row(row)
                    return
            self.focus_list()

        self._after_load = select
        self.search.set_search(iin)

    # --- sorting -------------------------------------------------------------------------------

    def _header_sort(self, column: int, order: Qt.SortOrder) -> None:
        key = self.model.columns[column].sort if 0 <= column < len(self.model.columns) else None
        if key is None:  # not a column the store sorts by: keep the current sort
            self._show_sort_indicator()
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._apply_sort(key, descending)  # type: ignore[arg-type]

    def _box_sort(self, index: int) -> None:
        if 0 <= index < len(SORTS):
            key, descending = SORTS[index]
            self._apply_sort(key, descending)

    def _apply_sort(self, key: ReferralSort, descending: bool) -> None:
        self._keep_id = self.current_id()
        self.model.set_query(sort=key, descending=descending)
        self._show_sort_indicator()
        self._show_sort_in_box()

    def _show_sort_in_box(self) -> None:
        """The box shows the current sort; none of its entries (-1) for a header sort
        it has no entry for (e.g. number, descending)."""
        current = (self.model.sort_key, self.model.descending)
        self.sort_box.blockSignals(True)
        self.sort_box.setCurrentIndex(SORTS.index(current) if current in SORTS else -1)
        self.sort_box.blockSignals(False)

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        order = (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)
