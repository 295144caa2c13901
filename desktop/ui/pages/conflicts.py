"""Conflicts: work this desk recorded offline that the server refused, and what to do.

Why it is built this way: the server decides by its own state and clock (R9), so an
enrollment on a referral that lapsed meanwhile, or places published over what the group
holds, come back refused. Nothing the desk recorded is dropped silently (DESIGN.md,
"Sync"): each refusal stays here with what was attempted, the server's reason in the
user's language, what the server has now, and what to do, until a person resolves it
with a note of what they did (the note goes to the audit log).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.models.results import ConflictView, GroupSummary
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.base import Column, ListTableModel, RowStyle
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import action_button, page_action, set_action_text, tab_chain
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.formats import fmt_date, fmt_moment, parse_date
from desktop.ui.widgets.tables import make_table, select_row
from desktop.ui.widgets.terms import Terms
from domain.errors import DomainError
from domain.messages import translated


@dataclass(frozen=True)
class ConflictsData:
    conflicts: list[ConflictView]
    groups: dict[int, str]


class ConflictsPage(Page):
    key = "conflicts"
    topics = frozenset({"conflicts", "sync"})

    loaded = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.data: ConflictsData | None = None
        self._generation = 0
        self.busy = False

        self.show_resolved = QCheckBox()
        self.show_resolved.setObjectName("conflicts-show-resolved")
        self.model = ListTableModel(self._columns(), row_style=self._style)
        self.table = make_table(self.model, "conflicts-table", stretch=(2,))
        self.stack = EmptyStack(self.table)

        self.detail_box = QGroupBox()
        details = QFormLayout(self.detail_box)
        details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._captions: list[tuple[QLabel, Any]] = []
        self.attempted = self._detail_row(details, lambda: self.tr("What was attempted:"))
        self.reason = self._detail_row(details, lambda: self.tr("Why the server refused:"))
        self.advice = self._detail_row(details, lambda: self.tr("What to do:"))
        self.server_now = self._detail_row(details, lambda: self.tr("On the server now:"))
        self.resolution_shown = self._detail_row(details, lambda: self.tr("Resolved:"))
        self.note_label = QLabel()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("conflict-note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(80)
        self.note_label.setBuddy(self.note_edit)
        details.addRow(self.note_label, self.note_edit)
        self.resolve_action = page_action(
            self, "Ctrl+Return", self.resolve, name="action-resolve-conflict"
        )
        self.resolve_button = action_button(self.resolve_action)
        self.resolve_button.setObjectName("resolve-conflict")
        details.addRow("", self.resolve_button)
        self.banner = Note(banner=True)
        self.banner.setObjectName("conflicts-note")

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.show_resolved)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 2)
        layout.addWidget(self.banner)
        layout.addWidget(self.detail_box, 3)
        tab_chain(self, [self.show_resolved, self.table, self.note_edit, self.resolve_button])

        self.show_resolved.toggled.connect(lambda _checked: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda _n, _b: self._show_detail())
        self.note_edit.textChanged.connect(self._update_actions)
        self.retranslate()

    def _detail_row(self, form: QFormLayout, caption: Any) -> QLabel:
        label, value = QLabel(), QLabel()
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label, value)
        self._captions.append((label, caption))
        return value

    # --- columns --------------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Refused"), lambda c: fmt_moment(c.created_at)),
            Column(lambda: self.tr("Change"), lambda c: self.terms.op_kind(c.kind)),
            Column(lambda: self.tr("Reason"), self.reason_of, tooltip=self.reason_of),
            Column(
                lambda: self.tr("State"),
                lambda c: self.tr("resolved") if c.resolved_at else self.tr("to resolve"),
            ),
        ]

    @staticmethod
    def _style(conflict: ConflictView) -> RowStyle | None:
        return RowStyle(muted=True) if conflict.resolved_at else RowStyle(bold=True)

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Conflicts")

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        queries, everything = self.ctx.queries, self.show_resolved.isChecked()

        def load() -> ConflictsData:
            groups: list[GroupSummary] = queries.groups(include_inactive=True)
            return ConflictsData(
                queries.conflicts(include_resolved=everything), {g.id: g.name for g in groups}
            )

        self.ctx.runner.submit(
            load,
            on_done=lambda data: self._show(generation, data),
            on_error=lambda error: self._failed(generation, error),
        )

    def retranslate(self) -> None:
        self.show_resolved.setText(self.tr("Show &resolved ones"))
        self.detail_box.setTitle(self.tr("The selected conflict"))
        for label, caption in self._captions:
            label.setText(caption())
        self.note_label.setText(self.tr("&Note:"))
        self.note_edit.setPlaceholderText(
            self.tr("What you did about it (e.g. called the family, published again)")
        )
        set_action_text(self.resolve_action, self.tr("Mark resolved"))
        self.stack.set_empty_text(
            self.tr(
                "No conflicts. When the server refuses something recorded here, it appears "
                "here with the reason and what to do."
            )
        )
        self.model.retranslate()
        self._show_detail()

    # --- showing ----------------------------------------------------------------------------

    def current(self) -> ConflictView | None:
        index = self.table.currentIndex()
        item = self.model.item(index.row()) if index.isValid() else None
        return item if isinstance(item, ConflictView) else None

    def _show(self, generation: int, data: ConflictsData) -> None:
        if generation != self._generation:
            return
        keep = self.current()
        self.data = data
        self.model.set_rows(data.conflicts)
        self.stack.set_empty(not data.conflicts)
        row = self.model.row_of(keep.id) if keep is not None else None
        if data.conflicts:
            select_row(self.table, row if row is not None else 0)
        self._show_detail()
        self.loaded.emit()

    def _failed(self, generation: int, error: DomainError) -> None:
        if generation == self._generation:
            self.banner.show_text(lambda: reason_text(error, self.ctx.language), "error")
            self.loaded.emit()

    def reason_of(self, conflict: ConflictView) -> str:
        """The server's reason in the user's language now (:func:`translated`)."""
        return translated(conflict.code, conflict.message, conflict.language, self.ctx.language)

    def _show_detail(self) -> None:
        conflict = self.current()
        self.detail_box.setEnabled(conflict is not None)
        if conflict is None:
            for label in (self.attempted, self.reason, self.advice, self.server_now):
                label.setText("")
            self.resolution_shown.setText("")
            self._update_actions()
            return
        self.attempted.setText(
            self.tr("{change}: {summary}").format(
                change=self.terms.op_kind(conflict.kind), summary=self.summary(conflict)
            )
        )
        self.reason.setText(self.reason_of(conflict))
        self.advice.setText(self.advice_for(conflict.code))
        self.server_now.setText(self.server_rows(conflict))
        if conflict.resolved_at is not None:
            self.resolution_shown.setText(
                self.tr("{moment}: {note}").format(
                    moment=fmt_moment(conflict.resolved_at), note=conflict.resolution or ""
                )
            )
        else:
            self.resolution_shown.setText(self.tr("not yet"))
        self._update_actions()

    # --- words for a conflict --------------------------------------------------------------------

    def _referral_number(self, conflict: ConflictView, referral_id: object) -> str:
        for change in conflict.server_rows:
            row = change.get("row") or {}
            if change.get("entity") == "referral" and change.get("id") == referral_id:
                return str(row.get("number", referral_id))
        return str(referral_id)

    def _group_name(self, group_id: object) -> str:
        groups = self.data.groups if self.data is not None else {}
        return groups.get(group_id, str(group_id)) if isinstance(group_id, int) else ""

    def summary(self, conflict: ConflictView) -> str:
        """What the desk tried, in words, from the op it sent."""
        op: dict[str, Any] = dict(conflict.payload.get("op", {}))
        kind = conflict.kind
        day = fmt_date(parse_date(str(op.get("free_from") or op.get("date") or "")))
        if kind == "publish_places":
            count = int(op.get("count", 0))
            return self.tr("%n place(s) in {group} free from {day}", "", count).format(
                group=self._group_name(op.get("group_id")), day=day
            )
        if kind == "withdraw_place":
            return self.tr("place {place}").format(place=op.get("place_id"))
        if kind == "record_document_check":
            visit = fmt_date(parse_date(str((op.get("documents") or {}).get("visit_date", ""))))
            return self.tr("referral {referral}, visit of {day}").format(
                referral=self._referral_number(conflict, op.get("referral_id")), day=visit
            )
        if kind == "enroll":
            number = self._referral_number(conflict, op.get("referral_id"))
            if op.get("head_decision"):
                return self.tr("referral {referral}, with the head's decision").format(
                    referral=number
                )
            return self.tr("referral {referral}").format(referral=number)
        if kind == "record_leave":
            return self.tr("child record {child}, left on {day}").format(
                child=op.get("enrollment_id"), day=day
            )
        if kind == "register_walk_in":
            return str(op.get("child_name", ""))
        return ""

    def server_rows(self, conflict: ConflictView) -> str:
        """What the server has now for what the op touched (its canonical rows)."""
        lines = []
        for change in conflict.server_rows:
            entity = str(change.get("entity", ""))
            row = change.get("row")
            name = self.terms.entity(entity)
            if change.get("op") == "delete" or not row:
                lines.append(
                    self.tr("{entity} {id}: no longer here").format(
                        entity=name, id=change.get("id")
                    )
                )
                continue
            label = str(row.get("number") or row.get("id", ""))
            status = str(row.get("status", ""))
            if entity == "referral":
                status = self.terms.referral_status(status)
            elif entity == "place":
                status = self.terms.place_status(status)
            elif entity == "application":
                status = self.terms.application_status(status)
            lines.append(
                self.tr("{entity} {label}: {status}").format(
                    entity=name, label=label, status=status or "—"
                )
            )
        return "\n".join(lines) if lines else self.tr("nothing that concerns it")

    def advice_for(self, code: str) -> str:
        advice = {
            "REFERRAL_LAPSED": self.tr(
                "The referral had lapsed on the server before this change arrived. Call the "
                "family: their application returns to the queue after the 10-day stop list."
            ),
            "REFERRAL_NOT_ACTIVE": self.tr(
                "The referral was already closed on the server. Check the family on the "
                "Referrals page before doing anything else."
            ),
            "PLACES_OVER_CAPACITY": self.tr(
                "The group has fewer free seats on the server. Look at Groups and places and "
                "publish again what is really free."
            ),
            "AUGUST_FREEZE": self.tr(
                "No places are published in August. Publish them again from 1 September."
            ),
            "PLACE_ALREADY_OFFERED": self.tr(
                "A family was already offered this place, so it stays in the queue. Nothing "
                "to undo."
            ),
            "PLACE_NOT_FREE": self.tr(
                "The place is no longer free on the server. Nothing to undo."
            ),
            "DOCUMENTS_FAILED": self.tr(
                "The server did not accept the documents as checked. Check them again with "
                "the family, then enroll again."
            ),
            "DOCUMENTS_NOT_CHECKED": self.tr(
                "The server did not accept the documents as checked. Check them again with "
                "the family, then enroll again."
            ),
            "EPID_CERT_TOO_OLD": self.tr(
                "The epidemiological certificate was too old by then. Ask the family for a "
                "new one, check it, then enroll again."
            ),
            "VACCINATION_DECISION_REQUIRED": self.tr(
                "The group is over its share of unvaccinated children. Enroll again with the "
                "head's decision."
            ),
            "APPLICATION_DUPLICATE": self.tr(
                "The child already has an application in the queue. Tell the family; nothing "
                "else to do."
            ),
            "FORBIDDEN": self.tr("Only the head of the kindergarten may do this."),
            "CHILD_ALREADY_LEFT": self.tr(
                "The server already has this child as left. Nothing to do."
            ),
        }
        return advice.get(
            code,
            self.tr(
                "Look at what the server has now, do what is needed, then mark the conflict "
                "resolved with a note."
            ),
        )

    # --- resolving -------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        conflict = self.current()
        self.resolve_action.setEnabled(
            not self.busy
            and conflict is not None
            and conflict.resolved_at is None
            and bool(self.note_edit.toPlainText().strip())
        )
        self.note_edit.setEnabled(conflict is not None and conflict.resolved_at is None)

    def resolve(self) -> None:
        conflict = self.current()
        text = self.note_edit.toPlainText().strip()
        if conflict is None or not self.resolve_action.isEnabled():
            return
        desk = self.ctx.desk
        self.busy = True
        self._update_actions()
        self.ctx.runner.submit(
            lambda: desk.resolve_conflict(conflict.id, text),
            on_done=lambda _none: self._resolved(),
            on_error=self._resolve_failed,
        )

    def _resolved(self) -> None:
        self.busy = False
        self.note_edit.clear()
        self.banner.show_text(lambda: self.tr("Conflict resolved; your note is kept."), "ok")
        self.ctx.changes.notify("conflicts", "audit")
        self._update_actions()

    def _resolve_failed(self, error: DomainError) -> None:
        self.busy = False
        self.banner.show_text(lambda: reason_text(error, self.ctx.language), "error")
        self._update_actions()
