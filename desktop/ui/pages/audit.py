"""Audit: who did what, when, at this desk; every view and change of a child's personal
data is in it (R30).

Why it is built this way: the log only grows, so it is read newest first, a page at a
time as the list is scrolled (Qt's fetchMore); a filter by kind of record (and its id)
answers "who looked at this referral". The log holds ids and codes, never a name or an
IIN, so showing it shows no personal data.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.models.results import AuditEntry
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.appending import AppendingTableModel
from desktop.ui.models.base import RIGHT, Column
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import tab_chain
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.formats import fmt_moment
from desktop.ui.widgets.tables import make_table
from desktop.ui.widgets.terms import Terms

ENTITIES: tuple[str | None, ...] = (
    None,
    "referral",
    "enrollment",
    "application",
    "group",
    "place",
    "conflict",
    "kindergarten",
)
COLUMN_WIDTHS = (130, 110, 230, 110, 70)


def describe(data: dict[str, Any]) -> str:
    """A record's data in one line; lists of ids are counted, not spelled out."""
    parts = []
    for name, value in sorted(data.items()):
        if isinstance(value, list):
            parts.append(f"{name}: {len(value)}")
        elif isinstance(value, dict):
            parts.append(f"{name}: {', '.join(f'{k}={v}' for k, v in sorted(value.items()))}")
        elif value is not None:
            parts.append(f"{name}: {value}")
    return "; ".join(parts)


class AuditPage(Page):
    key = "audit"
    topics = frozenset({"audit"})

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.model = AppendingTableModel(ctx.runner, self._columns(), page_size=100)
        self.entity_label = QLabel()
        self.entity = QComboBox()
        self.entity.setObjectName("audit-entity")
        self.entity.addItems([""] * len(ENTITIES))
        self.entity_label.setBuddy(self.entity)
        self.id_label = QLabel()
        self.entity_id = QLineEdit()
        self.entity_id.setObjectName("audit-entity-id")
        self.entity_id.setValidator(QIntValidator(-(2**31), 2**31 - 1, self))
        self.entity_id.setMaximumWidth(120)
        self.entity_id.setClearButtonEnabled(True)
        self.id_label.setBuddy(self.entity_id)
        self.table = make_table(self.model, "audit-table", fit=False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.stack = EmptyStack(self.table)
        self.note = Note(banner=True)

        top = QHBoxLayout()
        top.addWidget(self.entity_label)
        top.addWidget(self.entity)
        top.addSpacing(12)
        top.addWidget(self.id_label)
        top.addWidget(self.entity_id)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        tab_chain(self, [self.entity, self.entity_id, self.table])

        self.entity.currentIndexChanged.connect(lambda _i: self.refresh())
        self.entity_id.returnPressed.connect(self.refresh)
        self.entity_id.textChanged.connect(lambda text: self.refresh() if not text else None)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(
            lambda error: self.note.show_text(
                lambda: reason_text(error, self.ctx.language), "error"
            )
        )
        self.retranslate()

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("When"), lambda a: fmt_moment(a.at)),
            Column(lambda: self.tr("Who"), self._actor),
            Column(lambda: self.tr("What"), lambda a: self.terms.audit_action(a.action)),
            Column(lambda: self.tr("Record"), lambda a: self.terms.entity(a.entity)),
            Column(
                lambda: self.tr("Id"),
                lambda a: "" if a.entity_id is None else str(a.entity_id),
                align=RIGHT,
            ),
            Column(
                lambda: self.tr("Details"),
                lambda a: describe(a.data),
                tooltip=lambda a: describe(a.data),
            ),
        ]

    def _actor(self, entry: AuditEntry) -> str:
        if entry.actor is None:
            return self.tr("sync")
        return self.tr("account {id}").format(id=entry.actor)

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Audit log")

    def refresh(self) -> None:
        queries = self.ctx.queries
        index = self.entity.currentIndex()
        entity = ENTITIES[index] if 0 <= index < len(ENTITIES) else None
        text = self.entity_id.text().strip()
        entity_id = int(text) if text.lstrip("-").isdigit() else None

        def fetch(offset: int, limit: int) -> list[AuditEntry]:
            return queries.audit_log(entity=entity, entity_id=entity_id, offset=offset, limit=limit)

        self.model.set_fetch(fetch)

    def retranslate(self) -> None:
        self.entity_label.setText(self.tr("&Record:"))
        self.id_label.setText(self.tr("&Id:"))
        self.entity_id.setPlaceholderText(self.tr("any"))
        for index, entity in enumerate(ENTITIES):
            self.entity.setItemText(
                index, self.tr("All records") if entity is None else self.terms.entity(entity)
            )
        self.stack.set_empty_text(
            self.tr("Nothing recorded yet. Every view and change of a child's data appears here.")
        )
        self.model.retranslate()

    def _loaded(self) -> None:
        self.note.clear_text()
        self.stack.set_empty(self.model.rowCount() == 0)
