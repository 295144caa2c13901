"""Audit: who did what, when, at this desk; every view and change of a child's personal
data is in it (R30).

Why it is built this way: the log only grows, so it is read newest first, a page at a
time as the list is scrolled (Qt's fetchMore); a filter by kind of record (and its id)
answers "who looked at this referral". The log holds ids and codes, never a name or an
IIN, so showing it shows no family's data; "who" is named from the accounts that signed
in on this desk (a staff member's full name, else login; the id in the tooltip), and an
account this desk never saw stays "account N".
"""

from __future__ import annotations

from datetime import date
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
from desktop.ui.widgets.formats import fmt_date, fmt_moment
from desktop.ui.widgets.tables import make_table
from desktop.ui.widgets.terms import Terms
from domain.messages import message, message_without_values

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


# record data that mean nothing to a reader (op ids, the desk's own references)
HIDDEN_KEYS = frozenset({"op_id", "client_ref", "enrollment_id"})


def describe(data: dict[str, Any]) -> str:
    """A record's data in one line, as stored (for data this desk has no words for):
    lists of ids are counted, not spelled out."""
    parts = []
    for name, value in sorted(data.items()):
        if isinstance(value, list):
            parts.append(f"{name}: {len(value)}")
        elif isinstance(value, dict):
            parts.append(f"{name}: {', '.join(f'{k}={v}' for k, v in sorted(value.items()))}")
        elif value is not None:
            parts.append(f"{name}: {value}")
    return "; ".join(parts)


def _day(value: object) -> str:
    try:
        return fmt_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


class AuditPage(Page):
    key = "audit"
    topics = frozenset({"audit"})

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.group_names: dict[int, str] = {}
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
        self.table = make_table(self.model, "audit-table", fit=False, stretch=(5,))
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
            Column(lambda: self.tr("Who"), self._actor, tooltip=self._actor_tip),
            Column(lambda: self.tr("What"), lambda a: self.terms.audit_action(a.action)),
            Column(lambda: self.tr("Record"), lambda a: self.terms.entity(a.entity)),
            Column(
                lambda: self.tr("Id"),
                lambda a: "" if a.entity_id is None else str(a.entity_id),
                align=RIGHT,
            ),
            Column(lambda: self.tr("Details"), self.details, tooltip=self.details),
        ]

    def details(self, entry: AuditEntry) -> str:
        """What the record's data say, in words of the current language: counts, days,
        documents, groups and reasons; ids a reader cannot use are left out."""
        data, parts, lang = entry.data, [], self.ctx.language
        change = ""
        counted = {
            "referral_ids": lambda n: self.tr("%n referral(s) shown", "", n),
            "enrollment_ids": lambda n: self.tr("%n child(ren) shown", "", n),
            "application_ids": lambda n: self.tr("%n walk-in(s) shown", "", n),
        }
        searches = {
            "iin": self.tr("search by IIN"),
            "number": self.tr("search by number"),
            "name": self.tr("search by name"),
        }
        for key, value in data.items():
            if key in HIDDEN_KEYS or value is None:
                continue
            if key in counted and isinstance(value, list):
                parts.append(counted[key](len(value)))
            elif key == "search":
                parts.append(searches.get(str(value), str(value)))
            elif key == "count":
                if entry.action == "places_published":
                    parts.append(self.tr("%n place(s)", "", int(value)))
                else:
                    parts.append(self.tr("%n change(s)", "", int(value)))
            elif key == "free_from":
                parts.append(self.tr("free from {day}").format(day=_day(value)))
            elif key == "visit_date":
                parts.append(self.tr("visit of {day}").format(day=_day(value)))
            elif key == "results" and isinstance(value, dict):
                parts.extend(self._results(value))
            elif key == "group_id":
                name = self.group_names.get(int(value)) or str(value)
                parts.append(self.tr("group: {name}").format(name=name))
            elif key == "place_id":
                parts.append(self.tr("place {id}").format(id=value))
            elif key == "head_decision":
                if value:
                    parts.append(self.tr("with the head's decision on vaccination"))
            elif key == "kindergarten_ids" and isinstance(value, list):
                ids = ", ".join(str(i) for i in value)
                parts.append(self.tr("kindergartens chosen: {ids}").format(ids=ids))
            elif key == "warnings" and isinstance(value, list):
                parts.extend(message(str(code), lang) for code in value)
            elif key == "kind":
                change = self.terms.op_kind(str(value))
            elif key == "code":
                parts.append(message_without_values(str(value), lang))
            else:  # data this desk has no words for (a newer version's): as stored
                parts.append(describe({key: value}))
        text = "; ".join(parts)
        return (
            self.tr("{change}: {details}").format(change=change, details=text) if change else text
        )

    def _results(self, results: dict[str, Any]) -> list[str]:
        matched = [self.terms.document(k) for k, code in results.items() if code == "OK"]
        failed = [self.terms.document(k) for k, code in results.items() if code != "OK"]
        parts = []
        if failed:
            parts.append(self.tr("does not match: {documents}").format(documents=", ".join(failed)))
        if matched:
            parts.append(self.tr("matches: {documents}").format(documents=", ".join(matched)))
        return parts

    def _actor(self, entry: AuditEntry) -> str:
        if entry.actor is None:
            return self.tr("sync")
        if entry.actor_name:
            return entry.actor_name
        return self.tr("account {id}").format(id=entry.actor)

    def _actor_tip(self, entry: AuditEntry) -> str:
        """The whole name (the column may cut it) and the account's id behind it (two
        staff members may share a name)."""
        if entry.actor is None or not entry.actor_name:
            return ""
        account = self.tr("account {id}").format(id=entry.actor)
        return f"{entry.actor_name} ({account})"

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
        self.ctx.runner.submit(
            queries.groups, on_done=self._groups_loaded, on_error=lambda _e: None
        )

    def _groups_loaded(self, groups: list[Any]) -> None:
        """Group names for the details ("group: Балапан"); the log itself keeps ids."""
        names = {int(g.id): str(g.name) for g in groups}
        if names != self.group_names:
            self.group_names = names
            self.model.retranslate()

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
