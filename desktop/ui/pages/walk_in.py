"""Walk-in: register an application for a family that came to the desk without internet.

Why it is built this way: the use case checks everything the server's filing checks, so
the form only helps the clerk get it right before pressing Register: each IIN says at
once whether it is valid (R1), a birth date that disagrees with the IIN is a *warning*,
never a refusal (R2), phones show the form they will be kept in (R4). The queue time is
the server's time of the sync that delivers the application (R9), so the list shows
"waiting to sync" until then, and the number and queue time after it.

The family's kindergartens (up to four, in order of preference) are chosen by name,
number or address from the district's directory the desk keeps (downloaded at sync,
:meth:`DeskQueries.kindergarten_directory`), never typed as server ids: nobody at a
desk knows other kindergartens' ids. The first choice starts as the desk's own
kindergarten (the family came here); a kindergarten chosen twice is refused at once,
since the rank the family meant is unknown (the use case refuses it too). Before the
first sync the directory is empty and the page says so: only the desk's own
kindergarten can be chosen until then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models.results import KindergartenDirectory, WalkInResult, WalkInView
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.models.base import Column, ListTableModel, RowStyle
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import action_button, page_action, set_action_text, tab_chain
from desktop.ui.widgets.badges import EmptyStack, Note
from desktop.ui.widgets.choosers import KindergartenChooser, KindergartenList
from desktop.ui.widgets.formats import fmt_date, fmt_moment
from desktop.ui.widgets.inputs import DateEdit, IinEdit
from desktop.ui.widgets.tables import make_table
from desktop.ui.widgets.terms import Terms
from domain.applications import check_choices
from domain.benefits import Benefit
from domain.errors import DomainError
from domain.iin import birth_date_agrees
from domain.messages import message
from domain.phones import format_phone, normalize_phone

NEEDS = ("general", "correctional", "sanatorium")
SMS_LANGUAGES = ("kk", "ru")
NAME_MAX = 300


@dataclass(frozen=True)
class WalkInData:
    walk_ins: list[WalkInView]
    kindergarten_id: int | None
    directory: KindergartenDirectory


class WalkInPage(Page):
    key = "walk_in"
    topics = frozenset({"walk_ins"})

    loaded = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.kindergarten_id: int | None = None
        self.directory: KindergartenDirectory | None = None
        self._generation = 0
        self.busy = False

        self.form_box = QGroupBox()
        form = QFormLayout(self.form_box)
        self._captions: list[tuple[QLabel, Callable[[], str]]] = []

        self.child_iin = IinEdit()
        self.child_iin.setObjectName("walkin-child-iin")
        self.child_iin_hint = Note()
        self.child_iin_hint.setObjectName("walkin-child-iin-hint")
        self.name = QLineEdit()
        self.name.setObjectName("walkin-name")
        self.name.setMaxLength(NAME_MAX)
        self.birth = DateEdit()
        self.birth.setObjectName("walkin-birth")
        self.birth_hint = Note()
        self.birth_hint.setObjectName("walkin-birth-hint")
        self.parent_iin = IinEdit()
        self.parent_iin.setObjectName("walkin-parent-iin")
        self.parent_iin_hint = Note()
        self.phones = [QLineEdit(), QLineEdit()]
        self.phone_hints = [Note(), Note()]
        for number, phone in enumerate(self.phones, start=1):
            phone.setObjectName(f"walkin-phone{number}")
            phone.setMaxLength(24)
        self.kindergartens = KindergartenList(self)
        most = ctx.desk.policy.max_choices
        self.choices = [KindergartenChooser(self.kindergartens) for _ in range(most)]
        self.ranks = [QLabel(f"{number}.") for number in range(1, most + 1)]
        for number, choice in enumerate(self.choices, start=1):
            choice.setObjectName(f"walkin-kindergarten{number}")
            choice.changed.connect(self._update)
        self.choices_hint = Note()
        self.choices_hint.setObjectName("walkin-kindergartens-hint")
        self.directory_note = Note()
        self.directory_note.setObjectName("walkin-directory-note")
        self.kazakh = QCheckBox()
        self.russian = QCheckBox()
        self.kazakh.setChecked(True)
        self.russian.setChecked(True)
        self.need = QComboBox()
        self.need.addItems([""] * len(NEEDS))
        self.benefit = QComboBox()
        self.benefit.addItems([""] * (len(Benefit) + 1))
        self.sms_language = QComboBox()
        self.sms_language.addItems([""] * len(SMS_LANGUAGES))
        # the long benefit names must not widen the form over the list beside it: the
        # open list shows them whole
        for box in (self.need, self.benefit, self.sms_language):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(16)
        self.sms_language.setCurrentIndex(
            SMS_LANGUAGES.index(ctx.language) if ctx.language in SMS_LANGUAGES else 1
        )

        self._row(form, lambda: self.tr("Child's &IIN:"), self.child_iin, self.child_iin_hint)
        self._row(form, lambda: self.tr("Child's &name:"), self.name)
        self._row(form, lambda: self.tr("&Born:"), self.birth, self.birth_hint)
        self._row(form, lambda: self.tr("&Parent's IIN:"), self.parent_iin, self.parent_iin_hint)
        self._row(form, lambda: self.tr("Phone &1:"), self.phones[0], self.phone_hints[0])
        self._row(form, lambda: self.tr("Phone &2:"), self.phones[1], self.phone_hints[1])
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for rank, choice in zip(self.ranks, self.choices, strict=True):
            row = QHBoxLayout()
            row.addWidget(rank)
            row.addWidget(choice, 1)
            column.addLayout(row)
        column.addWidget(self.choices_hint)
        column.addWidget(self.directory_note)
        self._row(form, lambda: self.tr("&Kindergartens:"), choices, focus=self.choices[0])
        languages = QWidget()
        row = QHBoxLayout(languages)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kazakh)
        row.addWidget(self.russian)
        row.addStretch(1)
        self._row(form, lambda: self.tr("Languages:"), languages, focus=self.kazakh)
        self._row(form, lambda: self.tr("N&eed:"), self.need)
        self._row(form, lambda: self.tr("Bene&fit:"), self.benefit)
        self._row(form, lambda: self.tr("S&MS language:"), self.sms_language)

        self.register_action = page_action(
            self, "Ctrl+S", self.register, name="action-register-walk-in"
        )
        self.new_action = page_action(self, "Ctrl+N", self.new, name="action-new-walk-in")
        self.register_button = action_button(self.register_action)
        self.register_button.setObjectName("register-walk-in")
        self.new_button = action_button(self.new_action)
        self.new_button.setObjectName("new-walk-in")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.register_button)
        form.addRow(buttons)
        self.note = Note(banner=True)
        self.note.setObjectName("walkin-note")

        self.model = ListTableModel(self._columns(), row_style=self._style)
        self.table = make_table(self.model, "walkin-table", stretch=(0,))
        self.stack = EmptyStack(self.table)
        self.list_box = QGroupBox()
        list_layout = QVBoxLayout(self.list_box)
        list_layout.addWidget(self.stack)

        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.form_box)
        left.addWidget(self.note)
        left.addStretch(1)
        layout.addLayout(left, 2)
        layout.addWidget(self.list_box, 3)
        tab_chain(
            self,
            [
                self.child_iin,
                self.name,
                self.birth,
                self.parent_iin,
                *self.phones,
                *self.choices,
                self.kazakh,
                self.russian,
                self.need,
                self.benefit,
                self.sms_language,
                self.register_button,
                self.new_button,
                self.table,
            ],
        )
        for edit in (self.child_iin, self.parent_iin, self.name, *self.phones, self.birth):
            edit.textChanged.connect(lambda _t: self._update())
        self.retranslate()
        self._update()

    def _row(
        self,
        form: QFormLayout,
        caption: Callable[[], str],
        field: QWidget,
        hint: Note | None = None,
        *,
        focus: QWidget | None = None,
    ) -> None:
        label = QLabel()
        label.setBuddy(focus or field)
        self._captions.append((label, caption))
        if hint is None:
            form.addRow(label, field)
            return
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(hint)
        form.addRow(label, cell)

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Child"), lambda w: w.child_name),
            Column(lambda: self.tr("IIN"), lambda w: w.child_iin),
            Column(lambda: self.tr("Status"), lambda w: self.terms.application_status(w.status)),
            Column(lambda: self.tr("Number"), lambda w: w.number or "—"),
            Column(lambda: self.tr("In the queue since"), lambda w: fmt_moment(w.queued_at)),
        ]

    @staticmethod
    def _style(walk_in: WalkInView) -> RowStyle | None:
        return RowStyle(bold=True) if walk_in.pending else None

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Walk-in application")

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        queries = self.ctx.queries

        def load() -> WalkInData:
            return WalkInData(
                queries.walk_ins(),
                queries.status().kindergarten_id,
                queries.kindergarten_directory(),
            )

        self.ctx.runner.submit(
            load,
            on_done=lambda data: self._show(generation, data),
            on_error=lambda error: self._failed(generation, error),
        )

    def retranslate(self) -> None:
        for label, caption in self._captions:
            label.setText(caption())
        self.form_box.setTitle(self.tr("A new application"))
        self.list_box.setTitle(self.tr("Registered at this desk"))
        self.name.setPlaceholderText(self.tr("Surname, name, patronymic"))
        for phone in self.phones:
            phone.setPlaceholderText(self.tr("+7 7XX XXX XX XX"))
        self.phones[1].setToolTip(self.tr("Optional: a second number"))
        for choice in self.choices:
            choice.setPlaceholderText(self.tr("name, number or address"))
        self._fill_kindergartens()
        self.kazakh.setText(self.terms.language("kk"))
        self.russian.setText(self.terms.language("ru"))
        for index, need in enumerate(NEEDS):
            self.need.setItemText(index, self.terms.group_type(need))
        self.benefit.setItemText(0, self.tr("No benefit"))
        for index, benefit in enumerate(Benefit, start=1):
            self.benefit.setItemText(index, self.terms.benefit(benefit.value))
        for index, language in enumerate(SMS_LANGUAGES):
            self.sms_language.setItemText(index, self.terms.language(language))
        set_action_text(self.register_action, self.tr("&Register"))
        set_action_text(self.new_action, self.tr("New application"))
        self.stack.set_empty_text(
            self.tr(
                "No walk-in applications yet. Register one with the form (Ctrl+S); it gets "
                "its number and queue time at the next sync."
            )
        )
        self.model.retranslate()
        self._update()

    # --- showing ----------------------------------------------------------------------------

    def _show(self, generation: int, data: WalkInData) -> None:
        if generation != self._generation:
            return
        self.kindergarten_id = data.kindergarten_id
        self.directory = data.directory
        self._fill_kindergartens()
        if data.kindergarten_id is not None and not any(c.text() for c in self.choices):
            self.choices[0].choose(data.kindergarten_id)
        self._show_directory_state()
        self.model.set_rows(data.walk_ins)
        self.stack.set_empty(not data.walk_ins)
        self.loaded.emit()

    def _fill_kindergartens(self) -> None:
        """The choosers' list in the desk's language; each keeps its choice."""
        if self.directory is None:
            return
        self.kindergartens.set_choices(self.directory.choices, self.ctx.language)
        for choice in self.choices:
            choice.relabel()

    def _show_directory_state(self) -> None:
        directory = self.directory
        if directory is None or directory.stored:
            self.directory_note.clear_text()
        elif directory.choices:
            self.directory_note.show_text(
                lambda: self.tr(
                    "The district's kindergartens are not downloaded yet: sync once (F5) to "
                    "choose from them. Until then only this kindergarten can be chosen."
                ),
                "warning",
            )
        else:
            self.directory_note.show_text(
                lambda: self.tr(
                    "No kindergartens to choose from yet: sync once (F5) to download the "
                    "district's kindergartens."
                ),
                "warning",
            )

    def chosen_kindergartens(self) -> list[int]:
        """The chosen kindergartens' ids in rank order (empty choosers skipped)."""
        return [i for c in self.choices if (i := c.chosen_id()) is not None]

    def _choices_ok(self) -> bool:
        """Live check of the choices: none twice, none typed but not picked, at least one."""
        chosen = self.chosen_kindergartens()
        unresolved = [n for n, c in enumerate(self.choices, start=1) if c.unresolved()]
        try:
            if chosen:
                check_choices(chosen, self.ctx.desk.policy)  # the rule the desk's use case keeps
        except DomainError as refused:
            error = refused  # the except clause's name is gone once the clause ends
            self.choices_hint.show_text(lambda: reason_text(error, self.ctx.language), "error")
            return False
        if unresolved:
            number = unresolved[0]
            self.choices_hint.show_text(
                lambda: self.tr(
                    "Choice {number}: no such kindergarten in the district's list. Type part "
                    "of its name, number or address and pick it from the list (Enter)."
                ).format(number=number),
                "warning",
            )
            return False
        self.choices_hint.clear_text()
        return bool(chosen)

    def _failed(self, generation: int, error: DomainError) -> None:
        if generation == self._generation:
            self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")
            self.loaded.emit()

    def _iin_hint(self, edit: IinEdit, hint: Note) -> None:
        if not edit.iin():
            hint.clear_text()
        elif not edit.is_complete():
            hint.show_text(lambda: self.tr("Type all 12 digits."), "info")
        elif (code := edit.problem()) is not None:
            hint.show_text(lambda: message(code, self.ctx.language), "error")
        else:
            hint.show_text(lambda: self.tr("Valid IIN."), "ok")

    def _update(self) -> None:
        """The live hints: IIN validity (R1), the birth-date warning (R2), phones (R4)."""
        self._iin_hint(self.child_iin, self.child_iin_hint)
        self._iin_hint(self.parent_iin, self.parent_iin_hint)
        child, parent = self.child_iin.info(), self.parent_iin.info()
        if child is not None and parent is not None and child.iin == parent.iin:
            self.parent_iin_hint.show_text(
                lambda: message("IIN_SAME_AS_PARENT", self.ctx.language), "error"
            )
        birth = self.birth.date()
        if child is not None and birth is not None and not birth_date_agrees(child.iin, birth):
            hinted = child.birth_date
            self.birth_hint.show_text(
                lambda: " ".join(
                    [
                        message("IIN_BIRTH_DATE_MISMATCH", self.ctx.language),
                        self.tr("The IIN says {day}.").format(day=fmt_date(hinted))
                        if hinted is not None
                        else "",
                    ]
                ).strip(),
                "warning",
            )
        elif not self.birth.is_empty() and birth is None:
            self.birth_hint.show_text(lambda: self.tr("Type the date as dd.mm.yyyy."), "info")
        else:
            self.birth_hint.clear_text()
        for phone, hint in zip(self.phones, self.phone_hints, strict=True):
            self._phone_hint(phone, hint)
        required = [self.child_iin.iin(), self.name.text().strip(), self.parent_iin.iin()]
        choices_ok = self._choices_ok()
        self.register_action.setEnabled(
            not self.busy
            and all(required)
            and birth is not None
            and bool(self.phones[0].text().strip())
            and choices_ok
        )

    def _phone_hint(self, phone: QLineEdit, hint: Note) -> None:
        text = phone.text().strip()
        if not text:
            hint.clear_text()
            return
        try:
            shown = format_phone(normalize_phone(text))
        except DomainError as error:
            code, params = error.code, dict(error.params)
            hint.show_text(lambda: message(code, self.ctx.language, **params), "warning")
            return
        hint.show_text(lambda: self.tr("Kept as {phone}").format(phone=shown), "ok")

    # --- actions ------------------------------------------------------------------------------

    def new(self) -> None:
        """An empty form for the next family (the first choice back to this kindergarten)."""
        for edit in (self.child_iin, self.name, self.birth, self.parent_iin, *self.phones):
            edit.clear()
        for choice in self.choices[1:]:
            choice.choose(None)
        self.choices[0].choose(self.kindergarten_id)
        self.kazakh.setChecked(True)
        self.russian.setChecked(True)
        self.need.setCurrentIndex(0)
        self.benefit.setCurrentIndex(0)
        self.child_iin.setFocus()

    def _languages(self) -> list[str]:
        return [
            code for code, box in (("kk", self.kazakh), ("ru", self.russian)) if box.isChecked()
        ]

    def register(self) -> None:
        """Record the application offline; every refusal keeps the form as typed."""
        birth = self.birth.date()
        if not self.register_action.isEnabled() or birth is None:
            return
        kindergartens = self.chosen_kindergartens()
        benefit_index = self.benefit.currentIndex()
        fields = {
            "child_iin": self.child_iin.iin(),
            "child_name": self.name.text(),
            "birth_date": birth,
            "parent_iin": self.parent_iin.iin(),
            "phones": [p.text() for p in self.phones if p.text().strip()],
            "kindergarten_ids": kindergartens,
            "accepted_languages": self._languages(),
            "need": NEEDS[max(0, self.need.currentIndex())],
            "benefit": list(Benefit)[benefit_index - 1].value if benefit_index > 0 else None,
            "language": SMS_LANGUAGES[max(0, self.sms_language.currentIndex())],
        }
        desk = self.ctx.desk
        self.busy = True
        self._update()
        name = " ".join(self.name.text().split())
        self.ctx.runner.submit(
            lambda: desk.register_walk_in(**fields),  # type: ignore[arg-type]
            on_done=lambda result: self._registered(result, name),
            on_error=self._register_failed,
        )

    def _registered(self, result: WalkInResult, name: str) -> None:
        self.busy = False
        warnings = list(result.warnings)

        def render() -> str:
            lines = [
                self.tr(
                    "{child} is registered. Waiting to sync: the number and the place in "
                    "the queue come from the server at the next sync."
                ).format(child=name)
            ]
            lines.extend(message(code, self.ctx.language) for code in warnings)
            return "\n".join(lines)

        self.note.show_text(render, "warning" if warnings else "ok")
        self.new()
        self.ctx.changes.notify("walk_ins", "sync", "audit")
        self._update()

    def _register_failed(self, error: DomainError) -> None:
        self.busy = False
        self.note.show_text(lambda: reason_text(error, self.ctx.language), "error")
        self._update()
