"""Today: what reception needs to know on arrival, on one screen.

Why these four things: the families expected (live referrals, soonest deadline first,
marked when today or tomorrow is the last working day, R18) are who will walk in; free
places per group are what the head may publish (R15, R23); unresolved conflicts are work
the server refused and nobody has looked at yet; pending changes say whether the server
has everything. Each list says what to do when it is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from desktop.models.results import DeskStatus, GroupSummary, ReferralItem
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.base import RIGHT, Column, ListTableModel, RowStyle
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import action_button, page_action, set_action_text
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.formats import days_left, fmt_date, fmt_moment
from desktop.ui.widgets.navigation import open_page
from desktop.ui.widgets.tables import make_table
from desktop.ui.widgets.terms import Terms
from domain.errors import DomainError
from domain.kztime import local_date

URGENT = "#fde2e1"
EXPECTED_LIMIT = 500  # more live referrals than this are found on the Referrals page


@dataclass(frozen=True)
class TodayData:
    expected: list[ReferralItem]
    groups: list[GroupSummary]
    status: DeskStatus


class TodayPage(Page):
    key = "today"
    topics = frozenset({"referrals", "checks", "groups", "places", "conflicts", "sync"})

    loaded = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.data: TodayData | None = None
        self._generation = 0

        self.heading = QLabel()
        self.heading.setObjectName("today-heading")
        self.heading.setStyleSheet("QLabel { font-size: 15pt; font-weight: bold; }")
        self.note = Note(banner=True)

        self.expected_model = ListTableModel(self._expected_columns(), row_style=self._urgency)
        self.expected = make_table(
            self.expected_model, "today-expected", stretch=(0, 3), optional=(6,)
        )
        self.expected_stack = EmptyStack(self.expected)
        self.expected_box = QGroupBox()
        box = QVBoxLayout(self.expected_box)
        box.addWidget(self.expected_stack)

        self.places_model = ListTableModel(self._places_columns())
        self.places = make_table(self.places_model, "today-places", stretch=(0,))
        self.places_stack = EmptyStack(self.places)
        self.places_box = QGroupBox()
        box = QVBoxLayout(self.places_box)
        box.addWidget(self.places_stack)

        self.conflicts_text = QLabel()
        self.conflicts_text.setObjectName("today-conflicts")
        self.conflicts_text.setWordWrap(True)
        self.pending_text = QLabel()
        self.pending_text.setObjectName("today-pending")
        self.pending_text.setWordWrap(True)
        self.conflicts_action = page_action(
            self, "Ctrl+Shift+C", self.open_conflicts, name="action-open-conflicts"
        )
        self.conflicts_button = action_button(self.conflicts_action)
        self.open_action = page_action(
            self.expected,
            QKeySequence(Qt.Key.Key_Return),
            self.open_current,
            context=Qt.ShortcutContext.WidgetShortcut,
            name="action-open-expected",
        )
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.expected.doubleClicked.connect(lambda _index: self.open_current())

        work = QGroupBox()
        self.work_box = work
        lines = QVBoxLayout(work)
        lines.addWidget(self.conflicts_text)
        lines.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignLeft)
        lines.addSpacing(12)
        lines.addWidget(self.pending_text)
        lines.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.expected_box, 3)
        lower = QHBoxLayout()
        lower.addWidget(self.places_box, 3)
        lower.addWidget(work, 1)
        layout.addLayout(lower, 2)
        self.setTabOrder(self.expected, self.places)
        self.setTabOrder(self.places, self.conflicts_button)
        self.retranslate()

    # --- columns --------------------------------------------------------------------------

    def _expected_columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Child"), lambda r: r.child_name),
            Column(lambda: self.tr("Child's IIN"), lambda r: r.child_iin),
            Column(lambda: self.tr("Referral"), lambda r: r.number),
            Column(lambda: self.tr("Group"), lambda r: r.group_name),
            Column(lambda: self.tr("Valid until"), lambda r: fmt_moment(r.expires_at)),
            Column(lambda: self.tr("Working days left"), self._days_text, align=RIGHT),
            Column(
                lambda: self.tr("Sync"),
                lambda r: self.terms.waiting_to_sync() if r.pending else "",
            ),
        ]

    def _places_columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Group"), lambda g: g.name),
            Column(lambda: self.tr("Capacity"), lambda g: str(g.capacity), align=RIGHT),
            Column(lambda: self.tr("Children"), lambda g: str(g.enrolled), align=RIGHT),
            Column(lambda: self.tr("Published, free"), lambda g: str(g.free), align=RIGHT),
            Column(lambda: self.tr("Can publish"), lambda g: str(g.available), align=RIGHT),
        ]

    def _left(self, item: ReferralItem) -> int:
        return days_left(item.expires_at, self.ctx.store.now())

    def _days_text(self, item: ReferralItem) -> str:
        left = self._left(item)
        return self.tr("last day") if left == 0 else str(left)

    def _urgency(self, item: ReferralItem) -> RowStyle | None:
        return RowStyle(background=URGENT, bold=True) if self._left(item) <= 1 else None

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Today")

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        queries, now = self.ctx.queries, self.ctx.store.now()

        def load() -> TodayData:
            expected: list[ReferralItem] = []
            for status in ("active", "postponed"):
                page = queries.referrals(status=status, sort="expires_at", limit=EXPECTED_LIMIT)
                expected.extend(item for item in page.items if item.expires_at > now)
            expected.sort(key=lambda item: (item.expires_at, item.id))
            return TodayData(expected, queries.groups(), queries.status())

        self.ctx.runner.submit(
            load,
            on_done=lambda data: self._show(generation, data),
            on_error=lambda error: self._failed(generation, error),
        )

    def retranslate(self) -> None:
        self.expected_box.setTitle(self.tr("Families expected"))
        self.places_box.setTitle(self.tr("Places by group"))
        self.work_box.setTitle(self.tr("Work to finish"))
        set_action_text(self.conflicts_action, self.tr("Open &conflicts"))
        set_action_text(self.open_action, self.tr("Check this family's documents"))
        self.expected.setToolTip(self.tr("Enter: check this family's documents"))
        self.expected_stack.set_empty_text(
            self.tr(
                "No families are expected: there is no live referral. New referrals arrive "
                "with a sync (F5)."
            )
        )
        self.places_stack.set_empty_text(
            self.tr("No groups yet — sync (F5) to receive them from the server.")
        )
        self.expected_model.retranslate()
        self.places_model.retranslate()
        self._show_texts()

    # --- showing ----------------------------------------------------------------------------

    def _show(self, generation: int, data: TodayData) -> None:
        if generation != self._generation:
            return
        self.data = data
        self.note.clear_text()
        self.expected_model.set_rows(data.expected)
        self.places_model.set_rows(data.groups)
        self.expected_stack.set_empty(not data.expected)
        self.places_stack.set_empty(not data.groups)
        self._show_texts()
        self.loaded.emit()

    def _failed(self, generation: int, error: DomainError) -> None:
        if generation == self._generation:
            self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")
            self.loaded.emit()

    def _show_texts(self) -> None:
        today = fmt_date(local_date(self.ctx.store.now()))
        self.heading.setText(self.tr("Today, {day}").format(day=today))
        data = self.data
        if data is None:
            self.conflicts_text.setText("")
            self.pending_text.setText("")
            self.conflicts_action.setEnabled(False)
            return
        conflicts = data.status.open_conflicts
        if conflicts:
            self.conflicts_text.setText(
                self.tr("%n change(s) refused by the server need a decision.", "", conflicts)
            )
            self.conflicts_text.setStyleSheet("QLabel { color: #b00020; font-weight: bold; }")
        else:
            self.conflicts_text.setText(self.tr("No conflicts."))
            self.conflicts_text.setStyleSheet("")
        self.conflicts_action.setEnabled(bool(conflicts))
        pending = data.status.pending
        if pending:
            text = self.tr("%n change(s) recorded here wait for the next sync (F5).", "", pending)
        else:
            text = self.tr("Nothing waits to be sent: the server has all of this desk's work.")
        if data.status.last_sync_at is not None:
            text = "\n".join(
                [
                    text,
                    self.tr("Last sync: {moment}").format(
                        moment=fmt_moment(data.status.last_sync_at)
                    ),
                ]
            )
        else:
            text = "\n".join([text, self.tr("This desk has not synced yet.")])
        self.pending_text.setText(text)

    # --- actions ------------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.expected.currentIndex()
        referral_id = self.expected_model.id_at(index.row()) if index.isValid() else None
        if referral_id is not None:
            open_page(self, "document_check", referral_id)

    def open_conflicts(self) -> None:
        open_page(self, "conflicts")
