"""Groups and places: how full each group is, publishing free places, withdrawing one.

Why it is built this way: publishing is the only way places enter the queue (R15) and a
child leaving publishes nothing by itself (R23), so the head needs, per group, capacity
against children and places already published, and "can publish" (what the use case
accepts). The rules (capacity, the August freeze of R25) are the use case's: a refusal
comes back as its reason, in the user's language, and the form keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from desktop.models.results import GroupSummary, PlaceView, PublishResult, WithdrawResult
from desktop.ui import dialogs
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.base import RIGHT, Column, ListTableModel, RowStyle
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import action_button, page_action, set_action_text, tab_chain
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.formats import fmt_date, fmt_moment
from desktop.ui.widgets.inputs import DateEdit
from desktop.ui.widgets.tables import make_table, select_row
from desktop.ui.widgets.terms import Terms
from domain.errors import DomainError
from domain.kztime import local_date

OPEN_PLACES = ("free", "offered", "reserved")


@dataclass(frozen=True)
class GroupsData:
    groups: list[GroupSummary]
    places: list[PlaceView]


class GroupsPage(Page):
    key = "groups"
    topics = frozenset({"groups", "places", "children"})

    loaded = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.data: GroupsData | None = None
        self._generation = 0
        self.busy = False

        self.groups_model = ListTableModel(self._group_columns())
        self.groups_table = make_table(
            self.groups_model, "groups-table", stretch=(0,), optional=(10,)
        )
        self.groups_stack = EmptyStack(self.groups_table)
        self.places_model = ListTableModel(self._place_columns(), row_style=self._place_style)
        self.places_table = make_table(self.places_model, "places-table", optional=(4,))
        self.places_stack = EmptyStack(self.places_table)
        self.places_box = QGroupBox()
        places = QVBoxLayout(self.places_box)
        places.addWidget(self.places_stack)

        self.publish_box = QGroupBox()
        self.count_label = QLabel()
        self.count = QSpinBox()
        self.count.setObjectName("publish-count")
        self.count.setRange(1, 500)
        self.count_label.setBuddy(self.count)
        self.from_label = QLabel()
        self.free_from = DateEdit()
        self.free_from.setObjectName("publish-from")
        self.from_label.setBuddy(self.free_from)
        self.free_from.textChanged.connect(lambda _t: self._update_actions())
        self.publish_action = page_action(self, "Ctrl+P", self.publish, name="action-publish")
        self.publish_button = action_button(self.publish_action)
        self.publish_button.setObjectName("publish")
        form = QHBoxLayout(self.publish_box)
        form.addWidget(self.count_label)
        form.addWidget(self.count)
        form.addSpacing(12)
        form.addWidget(self.from_label)
        form.addWidget(self.free_from)
        form.addSpacing(12)
        form.addWidget(self.publish_button)
        form.addStretch(1)

        self.withdraw_action = page_action(
            self.places_table,
            QKeySequence(Qt.Key.Key_Delete),
            self.withdraw,
            context=Qt.ShortcutContext.WidgetShortcut,
            name="action-withdraw",
        )
        self.withdraw_button = action_button(self.withdraw_action)
        self.withdraw_button.setObjectName("withdraw")
        places.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignRight)

        self.note = Note(banner=True)
        self.note.setObjectName("groups-note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.groups_stack, 3)
        layout.addWidget(self.publish_box)
        layout.addWidget(self.note)
        layout.addWidget(self.places_box, 2)
        tab_chain(
            self,
            [
                self.groups_table,
                self.count,
                self.free_from,
                self.publish_button,
                self.places_table,
                self.withdraw_button,
            ],
        )
        self.groups_table.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self._show_places()
        )
        self.places_table.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self._update_actions()
        )
        self.retranslate()
        self._update_actions()

    # --- columns --------------------------------------------------------------------------

    def _group_columns(self) -> list[Column]:
        terms = self.terms
        return [
            Column(lambda: self.tr("Group"), lambda g: g.name),
            Column(lambda: self.tr("Age"), lambda g: terms.age_group(g.age_group)),
            Column(lambda: self.tr("Language"), lambda g: terms.language(g.language)),
            Column(lambda: self.tr("Type"), lambda g: terms.group_type(g.type)),
            Column(lambda: self.tr("Capacity"), lambda g: str(g.capacity), align=RIGHT),
            Column(lambda: self.tr("Children"), lambda g: str(g.enrolled), align=RIGHT),
            Column(lambda: self.tr("Unvaccinated"), lambda g: str(g.unvaccinated), align=RIGHT),
            Column(lambda: self.tr("Published"), lambda g: str(g.published), align=RIGHT),
            Column(lambda: self.tr("Free"), lambda g: str(g.free), align=RIGHT),
            Column(lambda: self.tr("Can publish"), lambda g: str(g.available), align=RIGHT),
            Column(lambda: self.tr("Sync"), lambda g: terms.waiting_to_sync() if g.pending else ""),
        ]

    def _place_columns(self) -> list[Column]:
        terms = self.terms
        return [
            Column(lambda: self.tr("Place"), lambda p: str(p.id) if p.id > 0 else "—"),
            Column(lambda: self.tr("Status"), lambda p: terms.place_status(p.status)),
            Column(lambda: self.tr("Free from"), lambda p: fmt_date(p.free_from)),
            Column(lambda: self.tr("Published"), lambda p: fmt_moment(p.published_at)),
            Column(lambda: self.tr("Sync"), lambda p: terms.waiting_to_sync() if p.pending else ""),
        ]

    @staticmethod
    def _place_style(place: PlaceView) -> RowStyle | None:
        return None if place.status == "free" else RowStyle(muted=True)

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Groups and places")

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        queries = self.ctx.queries

        def load() -> GroupsData:
            return GroupsData(queries.groups(), queries.places())

        self.ctx.runner.submit(
            load,
            on_done=lambda data: self._show(generation, data),
            on_error=lambda error: self._failed(generation, error),
        )

    def retranslate(self) -> None:
        self.publish_box.setTitle(self.tr("Publish free places in the selected group"))
        self.count_label.setText(self.tr("&Places:"))
        self.from_label.setText(self.tr("Free &from:"))
        set_action_text(self.publish_action, self.tr("Publish"))
        set_action_text(self.withdraw_action, self.tr("&Withdraw the place"))
        self.groups_stack.set_empty_text(
            self.tr("No groups yet — sync (F5) to receive them from the server.")
        )
        self.places_stack.set_empty_text(
            self.tr("No places published in this group. Publish free places above (Ctrl+P).")
        )
        self.groups_model.retranslate()
        self.places_model.retranslate()
        self._show_places_title()

    # --- showing ----------------------------------------------------------------------------

    def current_group(self) -> GroupSummary | None:
        index = self.groups_table.currentIndex()
        item = self.groups_model.item(index.row()) if index.isValid() else None
        return item if isinstance(item, GroupSummary) else None

    def current_place(self) -> PlaceView | None:
        index = self.places_table.currentIndex()
        item = self.places_model.item(index.row()) if index.isValid() else None
        return item if isinstance(item, PlaceView) else None

    def _show(self, generation: int, data: GroupsData) -> None:
        if generation != self._generation:
            return
        group = self.current_group()
        place = self.current_place()
        self.data = data
        if self.free_from.is_empty():
            self.free_from.setDate(local_date(self.ctx.store.now()))
        self.groups_model.set_rows(data.groups)
        self.groups_stack.set_empty(not data.groups)
        row = self.groups_model.row_of(group.id) if group is not None else None
        if row is None and data.groups:
            row = 0
        if row is not None:
            select_row(self.groups_table, row)
        self._show_places(keep=place.id if place is not None else None)
        self.loaded.emit()

    def _failed(self, generation: int, error: DomainError) -> None:
        if generation == self._generation:
            self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")
            self.loaded.emit()

    def _show_places(self, keep: int | None = None) -> None:
        group = self.current_group()
        places = []
        if group is not None and self.data is not None:
            places = [
                p for p in self.data.places if p.group_id == group.id and p.status in OPEN_PLACES
            ]
        self.places_model.set_rows(places)
        self.places_stack.set_empty(not places)
        row = self.places_model.row_of(keep) if keep is not None else None
        if places:
            select_row(self.places_table, row if row is not None else 0)
        if group is not None:
            self.count.setMaximum(max(1, group.available))
        self._show_places_title()
        self._update_actions()

    def _show_places_title(self) -> None:
        group = self.current_group()
        if group is None:
            self.places_box.setTitle(self.tr("Open places"))
        else:
            self.places_box.setTitle(self.tr("Open places of {group}").format(group=group.name))

    def _update_actions(self) -> None:
        group = self.current_group()
        self.publish_action.setEnabled(
            not self.busy and group is not None and self.free_from.date() is not None
        )
        place = self.current_place()
        self.withdraw_action.setEnabled(
            not self.busy and place is not None and place.status == "free" and place.id > 0
        )

    # --- actions ------------------------------------------------------------------------------

    def publish(self) -> None:
        """R15: publish places from a date; refusals (capacity, R25) come from the use case."""
        group = self.current_group()
        free_from = self.free_from.date()
        if group is None or free_from is None or self.busy:
            return
        count = self.count.value()
        desk = self.ctx.desk
        self._set_busy(True)
        self.ctx.runner.submit(
            lambda: desk.publish_places(group.id, count, free_from),
            on_done=lambda result: self._published(result, group.name),
            on_error=self._action_failed,
        )

    def _published(self, result: PublishResult, group: str) -> None:
        self._set_busy(False)
        count = len(result.places)
        day = fmt_date(result.places[0].free_from) if result.places else ""
        self.note.show_text(
            lambda: self.tr(
                "%n place(s) published in {group} from {day}. Waiting to sync: the "
                "server offers them to the queue then.",
                "",
                count,
            ).format(group=group, day=day),
            "ok",
        )
        self.ctx.changes.notify("groups", "places", "sync", "audit")

    def withdraw(self) -> None:
        """Take back a free place nobody has been offered yet (asks first: it leaves the
        queue at the next sync)."""
        place = self.current_place()
        if place is None or self.busy or not self.withdraw_action.isEnabled():
            return
        if not dialogs.ask(
            self,
            self.tr("Withdraw place {place}? It leaves the queue at the next sync.").format(
                place=place.id
            ),
        ):
            return
        desk = self.ctx.desk
        self._set_busy(True)
        self.ctx.runner.submit(
            lambda: desk.withdraw_place(place.id),
            on_done=self._withdrawn,
            on_error=self._action_failed,
        )

    def _withdrawn(self, result: WithdrawResult) -> None:
        self._set_busy(False)
        place = result.place.id
        self.note.show_text(
            lambda: self.tr("Place {place} withdrawn. Waiting to sync.").format(place=place),
            "ok",
        )
        self.ctx.changes.notify("groups", "places", "sync", "audit")

    def _action_failed(self, error: DomainError) -> None:
        self._set_busy(False)
        self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_actions()
