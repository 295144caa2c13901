"""Document check: the family at the desk, the four documents of R20, then enrollment.

Why it is built this way:

- The verdict is live: each document is judged as it is typed, with the same pure
  :mod:`domain.documents` checks the store and the server apply, in the GUI thread (they
  are a few comparisons). The clerk sees "the epidemiological certificate is 4 days old"
  while the family is still at the desk, in the clerk's language.
- Nothing typed is lost: a failed save or enrollment leaves every field as it was; a
  family's unsaved input is kept (in memory only) when the clerk opens another referral
  and comes back.
- A failed check is saved too (R20: the family may come back with a corrected document);
  on a return visit only what was brought is typed, and the documents not brought keep
  their recorded check (the use case keeps them the same way).
- Enrolling needs every document to pass; it saves the typed check first when it was not
  saved. When R21 needs the head's decision (VACCINATION_DECISION_REQUIRED) a dialog asks
  for it and the enrollment is retried with it.
- Work recorded here and not yet synced carries a "waiting to sync" badge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.models.results import (
    CheckOutcome,
    DocumentState,
    EnrollmentResult,
    ReferralDetail,
)
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.pages.base import Page
from desktop.ui.widgets.actions import action_button, page_action, set_action_text, tab_chain
from desktop.ui.widgets.badges import EmptyStack, Level, Note, PendingBadge, VerdictBadge
from desktop.ui.widgets.formats import fmt_date, fmt_moment
from desktop.ui.widgets.inputs import DateEdit, IinEdit
from desktop.ui.widgets.terms import Terms
from domain.documents import (
    VACCINATION_DECISION_REQUIRED,
    CheckResult,
    DocumentKind,
    Vaccination,
    check_birth_certificate,
    check_epid_certificate,
    check_health_passport,
    check_parent_id,
    require_visit_date,
)
from domain.errors import DomainError
from domain.kztime import local_date
from domain.messages import message
from domain.policy import Policy
from domain.referrals import require_open
from sync import protocol

Render = Callable[[], str]
NUMBER_MAX = 40  # the protocol's limit for a document number


# ------------------------------------------------------------------------------ documents


FIELDS_PER_ROW = 2


class DocumentForm(QObject):
    """One document: its fields, the live verdict on them and its recorded check.

    Subclasses name the fields, say when the typed input is incomplete (a date that is
    not yet a date), and judge the document with its :mod:`domain.documents` check.
    """

    changed = Signal()
    kind: DocumentKind

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.box = QGroupBox()
        self.box.setObjectName(f"document-{self.kind.value}")
        self.grid = QGridLayout(self.box)
        self.inputs: list[QWidget] = []
        self._labels: list[tuple[QLabel, Render]] = []
        self.badge = VerdictBadge()
        self.badge.setObjectName(f"verdict-{self.kind.value}")
        self.reason = Note()
        self.reason.setObjectName(f"reason-{self.kind.value}")
        self.recorded = QLabel()
        self.recorded.setObjectName(f"recorded-{self.kind.value}")
        self.recorded.setStyleSheet("QLabel { color: #5f6670; }")
        self.pending = PendingBadge()
        self.pending.setVisible(False)
        self.number = QLineEdit()
        self.number.setMaxLength(NUMBER_MAX)
        self.number.setObjectName(f"{self.kind.value}-number")
        self.add_field(lambda: self.tr("Number:"), self.number)
        self.ok = False
        self.state: DocumentState | None = None
        self.terms = Terms(self)

    def add_field(self, label: Render, widget: QWidget) -> None:
        """Two fields a row: with three on one row, Kazakh and Russian captions ("Жарамдылық
        мерзімі:") left the number field too narrow to show a number."""
        caption = QLabel()
        caption.setBuddy(widget)
        row, pair = divmod(len(self.inputs), FIELDS_PER_ROW)
        column = pair * 2
        self.grid.addWidget(caption, row, column)
        self.grid.addWidget(widget, row, column + 1)
        self.grid.setColumnStretch(column + 1, 1)
        self.inputs.append(widget)
        self._labels.append((caption, label))
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: self.changed.emit())
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def finish_layout(self) -> None:
        span = 2 * min(FIELDS_PER_ROW, max(1, len(self.inputs)))
        below = -(-len(self.inputs) // FIELDS_PER_ROW)  # the first row under the fields
        row = QHBoxLayout()
        row.addWidget(self.badge)
        row.addWidget(self.reason, 1)
        self.grid.addLayout(row, below, 0, 1, span)
        record = QHBoxLayout()
        record.addWidget(self.recorded)
        record.addWidget(self.pending)
        record.addStretch(1)
        self.grid.addLayout(record, below + 1, 0, 1, span)

    def retranslate(self) -> None:
        self.box.setTitle(self.terms.document(self.kind))
        for caption, render in self._labels:
            caption.setText(render())

    # -- what subclasses say -----------------------------------------------------------------

    def brought(self) -> bool:
        """Anything typed: the family brought this document to this visit."""
        return any(
            (w.currentIndex() > 0) if isinstance(w, QComboBox) else bool(w.text().strip())
            for w in self.inputs
            if isinstance(w, QLineEdit | QComboBox)
        )

    def problem(self) -> Render | None:
        """Why the typed input cannot be judged yet, or None."""
        return None

    def wire(self) -> Any:
        """The document as the op carries it (only when brought and complete)."""
        raise NotImplementedError

    def check(self, detail: ReferralDetail, visit: date, policy: Policy) -> CheckResult:
        raise NotImplementedError

    # -- values (drafts, "saved?") -------------------------------------------------------------

    def values(self) -> tuple[object, ...]:
        return tuple(
            w.currentIndex() if isinstance(w, QComboBox) else w.text()
            for w in self.inputs
            if isinstance(w, QLineEdit | QComboBox)
        )

    def set_values(self, values: tuple[object, ...]) -> None:
        for widget, value in zip(self.inputs, values, strict=False):
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(int(value))  # type: ignore[call-overload]
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))

    def clear(self) -> None:
        for widget in self.inputs:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif isinstance(widget, QLineEdit):
                widget.clear()

    def set_editable(self, editable: bool) -> None:
        for widget in self.inputs:
            widget.setEnabled(editable)


class ParentIdForm(DocumentForm):
    kind = DocumentKind.PARENT_ID

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.iin = IinEdit()
        self.iin.setObjectName("parent_id-iin")
        self.expiry = DateEdit(optional=True)
        self.expiry.setObjectName("parent_id-expiry")
        self.add_field(lambda: self.tr("IIN:"), self.iin)
        self.add_field(lambda: self.tr("Valid until:"), self.expiry)
        self.finish_layout()

    def retranslate(self) -> None:
        super().retranslate()
        self.expiry.setToolTip(self.tr("Leave empty when the document has no expiry date."))

    def problem(self) -> Render | None:
        if not self.iin.is_complete():
            return lambda: self.tr("Type the 12 digits of the IIN on the document.")
        if not self.expiry.is_valid():
            return lambda: self.tr(
                "Type the expiry date as dd.mm.yyyy, or leave it empty when there is none."
            )
        return None

    def wire(self) -> protocol.ParentIdIn:
        return protocol.ParentIdIn(
            number=self.number.text(), iin=self.iin.iin(), expiry_date=self.expiry.date()
        )

    def check(self, detail: ReferralDetail, visit: date, policy: Policy) -> CheckResult:
        return check_parent_id(self.wire().to_domain(), detail.parent_iin, visit)


class BirthCertificateForm(DocumentForm):
    kind = DocumentKind.BIRTH_CERTIFICATE

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.iin = IinEdit()
        self.iin.setObjectName("birth_certificate-iin")
        self.birth = DateEdit()
        self.birth.setObjectName("birth_certificate-birth")
        self.add_field(lambda: self.tr("Child's IIN:"), self.iin)
        self.add_field(lambda: self.tr("Born:"), self.birth)
        self.finish_layout()

    def problem(self) -> Render | None:
        if not self.iin.is_complete():
            return lambda: self.tr("Type the 12 digits of the child's IIN on the certificate.")
        if not self.birth.is_valid():
            return lambda: self.tr("Type the birth date as dd.mm.yyyy.")
        return None

    def wire(self) -> protocol.BirthCertificateIn:
        birth = self.birth.date()
        assert birth is not None
        return protocol.BirthCertificateIn(
            number=self.number.text(), child_iin=self.iin.iin(), birth_date=birth
        )

    def check(self, detail: ReferralDetail, visit: date, policy: Policy) -> CheckResult:
        return check_birth_certificate(self.wire().to_domain(), detail.child_iin, detail.birth_date)


class EpidCertificateForm(DocumentForm):
    kind = DocumentKind.EPID_CERTIFICATE

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.issued = DateEdit()
        self.issued.setObjectName("epid_certificate-issued")
        self.add_field(lambda: self.tr("Issued on:"), self.issued)
        self.finish_layout()

    def problem(self) -> Render | None:
        if not self.issued.is_valid():
            return lambda: self.tr("Type the issue date as dd.mm.yyyy.")
        return None

    def wire(self) -> protocol.EpidCertificateIn:
        issued = self.issued.date()
        assert issued is not None
        return protocol.EpidCertificateIn(number=self.number.text(), issue_date=issued)

    def check(self, detail: ReferralDetail, visit: date, policy: Policy) -> CheckResult:
        return check_epid_certificate(self.wire().to_domain(), visit, policy)


VACCINATIONS: tuple[Vaccination, ...] = (
    Vaccination.COMPLETE,
    Vaccination.INCOMPLETE,
    Vaccination.EXEMPT,
)


class HealthPassportForm(DocumentForm):
    kind = DocumentKind.HEALTH_PASSPORT

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.vaccination = QComboBox()
        self.vaccination.setObjectName("health_passport-vaccination")
        self.vaccination.addItems([""] * (len(VACCINATIONS) + 1))
        self.add_field(lambda: self.tr("Vaccinations:"), self.vaccination)
        self.finish_layout()

    def retranslate(self) -> None:
        super().retranslate()
        self.vaccination.setItemText(0, self.tr("— choose —"))
        for index, status in enumerate(VACCINATIONS, start=1):
            self.vaccination.setItemText(index, self.terms.vaccination(status.value))

    def chosen(self) -> Vaccination | None:
        index = self.vaccination.currentIndex()
        return VACCINATIONS[index - 1] if index > 0 else None

    def problem(self) -> Render | None:
        if self.chosen() is None:
            return lambda: self.tr("Choose the vaccination status in the passport.")
        return None

    def wire(self) -> protocol.HealthPassportIn:
        chosen = self.chosen()
        assert chosen is not None
        return protocol.HealthPassportIn(number=self.number.text(), vaccination=chosen)

    def check(self, detail: ReferralDetail, visit: date, policy: Policy) -> CheckResult:
        return check_health_passport(self.wire().to_domain())


# --------------------------------------------------------------------------- the decision


class HeadDecisionDialog(QDialog):
    """R21: the head's decision to enroll a child over the group's share of unvaccinated
    children, recorded with the enrollment. Opened window-modal (``open``), so the desk
    never runs a nested event loop while a background task may finish."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("head-decision-dialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("head-decision-text")
        self.text.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        # a dialog action, not the button's shortcut: a button's text replaces its shortcut
        page_action(self, "Ctrl+Return", self._accept_if_written, name="action-decide")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.text.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.hint)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.retranslate(language)
        self.text.setFocus()

    def retranslate(self, language: str) -> None:
        """Every text in ``language`` (the desk's language may switch while it is open)."""
        self.intro.setText(message(VACCINATION_DECISION_REQUIRED, language))
        self.setWindowTitle(self.tr("The head's decision"))
        self.hint.setText(
            self.tr(
                "Write the head's decision (who decided and why). It is recorded with the "
                "enrollment. Ctrl+Enter: enroll with it; Esc: cancel."
            )
        )
        self.ok.setText(self.tr("Enroll with this decision"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def decision(self) -> str:
        return self.text.toPlainText().strip()

    def _accept_if_written(self) -> None:
        if self.ok.isEnabled():
            self.accept()


# ---------------------------------------------------------------------------------- page


class DocumentCheckPage(Page):
    key = "document_check"
    topics = frozenset({"referrals", "checks"})

    loaded = Signal()  # a referral's detail was read (tests, screenshots)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.terms = Terms(self)
        self.referral_id: int | None = None
        self.detail: ReferralDetail | None = None
        self.busy = False
        self._visit_ok = True
        self._generation = 0
        self._drafts: dict[int, dict[str, tuple[object, ...]]] = {}
        self._saved: dict[str, tuple[object, ...]] | None = None
        self._focus_first = False
        self.decision_dialog: HeadDecisionDialog | None = None

        # --- the family -----------------------------------------------------------------
        self.family_box = QGroupBox()
        family = QGridLayout(self.family_box)
        self._family_labels: list[tuple[QLabel, Render]] = []
        self.values: dict[str, QLabel] = {}
        fields: list[tuple[str, Render]] = [
            ("child", lambda: self.tr("Child:")),
            ("child_iin", lambda: self.tr("Child's IIN:")),
            ("birth", lambda: self.tr("Born:")),
            ("parent_iin", lambda: self.tr("Parent's IIN:")),
            ("phones", lambda: self.tr("Phones:")),
            ("group", lambda: self.tr("Group:")),
            ("referral", lambda: self.tr("Referral:")),
            ("deadline", lambda: self.tr("Valid until:")),
            ("days_left", lambda: self.tr("Working days left:")),
            ("postponed", lambda: self.tr("Postponed until:")),
        ]
        for number, (name, render) in enumerate(fields):
            caption = QLabel()
            value = QLabel()
            value.setObjectName(f"family-{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row, column = number % 5, (number // 5) * 2
            family.addWidget(caption, row, column)
            family.addWidget(value, row, column + 1)
            family.setColumnStretch(column + 1, 1)
            self._family_labels.append((caption, render))
            self.values[name] = value
        self.family_pending = PendingBadge()
        self.family_pending.setVisible(False)
        family.addWidget(self.family_pending, 5, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)

        # --- the visit and the documents ------------------------------------------------
        self.visit_label = QLabel()
        self.visit = DateEdit()
        self.visit.setObjectName("visit-date")
        self.visit.setMaximumWidth(140)
        self.visit_label.setBuddy(self.visit)
        self.visit_hint = Note()
        self.forms: list[DocumentForm] = [
            ParentIdForm(self),
            BirthCertificateForm(self),
            EpidCertificateForm(self),
            HealthPassportForm(self),
        ]
        self.form: dict[DocumentKind, DocumentForm] = {f.kind: f for f in self.forms}
        for form in self.forms:
            form.changed.connect(self._update)
        self.visit.dateChanged.connect(lambda _d: self._update())

        # --- actions --------------------------------------------------------------------
        self.save_action = page_action(self, "Ctrl+S", self.save, name="action-save-check")
        self.enroll_action = page_action(self, "Ctrl+E", self.enroll, name="action-enroll")
        self.save_button = action_button(self.save_action)
        self.save_button.setObjectName("save-check")
        self.enroll_button = action_button(self.enroll_action)
        self.enroll_button.setObjectName("enroll")
        self.banner = Note(banner=True)
        self.banner.setObjectName("check-banner")

        # --- layout ---------------------------------------------------------------------
        content = QWidget()
        body = QVBoxLayout(content)
        body.addWidget(self.family_box)
        visit_row = QHBoxLayout()
        visit_row.addWidget(self.visit_label)
        visit_row.addWidget(self.visit)
        visit_row.addWidget(self.visit_hint, 1)
        body.addLayout(visit_row)
        documents = QGridLayout()
        for number, form in enumerate(self.forms):
            documents.addWidget(form.box, number // 2, number % 2)
        body.addLayout(documents)
        body.addWidget(self.banner)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.enroll_button)
        body.addLayout(buttons)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.stack = EmptyStack(scroll)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        chain: list[QWidget] = [self.visit]
        for form in self.forms:
            chain.extend(form.inputs)
        chain.extend([self.save_button, self.enroll_button])
        tab_chain(self, chain)

        self.retranslate()
        self._show_family()

    # --- the Page contract ------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Document check")

    def refresh(self) -> None:
        if self.referral_id is not None:
            self._load(self.referral_id)
        else:
            self._show_family()

    def retranslate(self) -> None:
        self.family_box.setTitle(self.tr("Family"))
        for caption, render in self._family_labels:
            caption.setText(render())
        self.visit_label.setText(self.tr("&Visit date:"))
        self.visit.setToolTip(self.tr("The day the family brought the documents (today)."))
        for form in self.forms:
            form.retranslate()
        set_action_text(self.save_action, self.tr("&Save check"))
        set_action_text(self.enroll_action, self.tr("&Enroll"))
        self.stack.set_empty_text(
            self.tr(
                "No family open. Find the family by IIN (Ctrl+F), or choose a referral on "
                "the Referrals page and press Enter."
            )
        )
        self._show_family()
        self._update()
        self.banner.retranslate()
        if self.decision_dialog is not None:
            self.decision_dialog.retranslate(self.ctx.language)

    def open(self, payload: object) -> None:
        if isinstance(payload, int):
            self.open_referral(payload)

    # --- opening a referral --------------------------------------------------------------------

    def open_referral(self, referral_id: int) -> None:
        """Show a referral: the input typed for another one is kept as its draft, and
        this one's draft (if any) comes back."""
        if referral_id != self.referral_id:
            self._keep_draft()
            self.referral_id = referral_id
            self.detail = None
            self._saved = None
            self.banner.clear_text()
            for form in self.forms:
                form.clear()
            self.visit.setDate(self._today())
            draft = self._drafts.pop(referral_id, None)
            if draft is not None:
                self._restore(draft)
            self._show_family()
            self._update()
            self._focus_first = True
        if self.isVisible():  # else the window's refresh on showing the page reads it
            self._load(referral_id)

    def _today(self) -> date:
        return local_date(self.ctx.store.now())

    def _current_values(self) -> dict[str, tuple[object, ...]]:
        values = {form.kind.value: form.values() for form in self.forms}
        values["visit"] = (self.visit.text(),)
        return values

    def _keep_draft(self) -> None:
        if self.referral_id is not None and any(form.brought() for form in self.forms):
            self._drafts[self.referral_id] = self._current_values()

    def _restore(self, draft: dict[str, tuple[object, ...]]) -> None:
        for form in self.forms:
            form.set_values(draft.get(form.kind.value, ()))
        visit = draft.get("visit")
        if visit:
            self.visit.setText(str(visit[0]))

    def _load(self, referral_id: int) -> None:
        self._generation += 1
        generation = self._generation
        queries = self.ctx.queries
        self.ctx.runner.submit(
            lambda: queries.referral(referral_id),
            on_done=lambda detail: self._got(generation, detail),
            on_error=lambda error: self._load_failed(generation, error),
        )

    def _got(self, generation: int, detail: ReferralDetail) -> None:
        if generation != self._generation or detail.id != self.referral_id:
            return
        self.detail = detail
        self._show_family()
        self._update()
        if self._focus_first:
            self._focus_first = False
            if self._live():  # the clerk starts typing the first document at once
                self.forms[0].inputs[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()

    def _load_failed(self, generation: int, error: DomainError) -> None:
        if generation != self._generation:
            return
        self._say(lambda: reason_text(error, self.ctx.language), "error")
        self.loaded.emit()

    # --- showing ---------------------------------------------------------------------------------

    def _show_family(self) -> None:
        detail = self.detail
        self.stack.set_empty(self.referral_id is None)
        if detail is None:
            for value in self.values.values():
                value.setText("…" if self.referral_id is not None else "")
            self.family_pending.setVisible(False)
            return
        status = self.terms.referral_status(detail.status)
        texts = {
            "child": detail.child_name,
            "child_iin": detail.child_iin,
            "birth": fmt_date(detail.birth_date),
            "parent_iin": detail.parent_iin,
            "phones": ", ".join(detail.phones),
            "group": detail.group_name,
            "referral": self.tr("{number} ({status})").format(number=detail.number, status=status),
            "deadline": fmt_moment(detail.expires_at),
            "days_left": str(detail.days_left) if self._live() else "—",
            "postponed": fmt_date(detail.postponed_until) or self.tr("no"),
        }
        for name, text in texts.items():
            self.values[name].setText(text)
        urgent = self._live() and detail.days_left <= 1
        self.values["days_left"].setStyleSheet(
            "QLabel { color: #b00020; font-weight: bold; }" if urgent else ""
        )
        self.family_pending.setVisible(bool(detail.pending_ops))

    def _live_blocker(self) -> DomainError | None:
        """Why this referral can no longer be acted on (by the desk's clock), or None."""
        detail = self.detail
        if detail is None:
            return None
        try:
            require_open(detail.status, detail.expires_at, self.ctx.store.now())
        except DomainError as error:
            return error
        return None

    def _live(self) -> bool:
        return self.detail is not None and self._live_blocker() is None

    def _recorded_text(self, state: DocumentState | None) -> str:
        if state is None or state.status == "not_checked":
            return self.tr("Nothing recorded yet.")
        day = fmt_date(state.visit_date)
        if state.status == "passed":
            return self.tr("Recorded {day}: passes.").format(day=day)
        return self.tr("Recorded {day}: fails.").format(day=day)

    def _update(self) -> None:
        """Judge every document as typed (or as recorded, when not brought this visit),
        and enable what the verdicts allow."""
        detail = self.detail
        live = self._live()
        visit = self.visit.date()
        visit_ok = visit is not None
        if detail is not None and visit is not None:
            try:
                require_visit_date(
                    visit, today=self._today(), issued_on=local_date(detail.issued_at)
                )
            except DomainError:
                visit_ok = False
        self._visit_ok = visit_ok
        if visit_ok:
            self.visit_hint.clear_text()
        else:
            self.visit_hint.show_text(
                lambda: self.tr(
                    "The visit date is today or an earlier day of this referral (dd.mm.yyyy)."
                ),
                "warning",
            )
        states = {s.kind.value: s for s in detail.documents} if detail is not None else {}
        policy = self.ctx.desk.policy
        for form in self.forms:
            state = states.get(form.kind.value)
            form.state = state
            form.recorded.setText(self._recorded_text(state) if detail is not None else "")
            form.pending.setVisible(bool(state is not None and state.pending))
            form.set_editable(live)
            form.ok = False
            if detail is None:
                form.badge.set_verdict("not_checked")
                form.reason.clear_text()
            elif form.brought() and live:
                self._judge(form, detail, visit if visit_ok else None, policy)
            else:
                self._show_recorded(form, state)
        self._update_actions()

    def _judge(
        self, form: DocumentForm, detail: ReferralDetail, visit: date | None, policy: Policy
    ) -> None:
        problem = form.problem()
        if problem is not None:
            form.badge.set_verdict("incomplete")
            form.reason.show_text(problem, "warning")
            return
        if visit is None:
            form.badge.set_verdict("incomplete")
            form.reason.show_text(lambda: self.tr("Type a valid visit date first."), "warning")
            return
        result = form.check(detail, visit, policy)
        form.ok = result.ok
        if result.ok:
            form.badge.set_verdict("passed")
            form.reason.show_text(lambda: self.tr("Matches the application."), "ok")
        else:
            code, params = result.code or "INTERNAL", dict(result.params)
            form.badge.set_verdict("failed")
            form.reason.show_text(lambda: message(code, self.ctx.language, **params), "error")

    def _show_recorded(self, form: DocumentForm, state: DocumentState | None) -> None:
        if state is None or state.status == "not_checked":
            form.badge.set_verdict("not_checked")
            form.reason.show_text(lambda: self.tr("Not brought yet."), "info")
        elif state.status == "passed":
            form.ok = True
            form.badge.set_verdict("passed")
            form.reason.show_text(lambda: self.tr("Passed at a visit; not needed again."), "ok")
        else:
            code, params = state.code or "INTERNAL", dict(state.params)
            form.badge.set_verdict("failed")
            form.reason.show_text(lambda: message(code, self.ctx.language, **params), "error")

    def _complete(self) -> bool:
        """Every brought document can be sent (no half-typed date or IIN)."""
        return all(form.problem() is None for form in self.forms if form.brought())

    def _dirty(self) -> bool:
        """Typed input that is not what was last saved for this referral."""
        if not any(form.brought() for form in self.forms):
            return False
        return self._saved != self._current_values()

    def _update_actions(self) -> None:
        live = self._live()
        ready = live and not self.busy and self._visit_ok and self._complete()
        self.save_action.setEnabled(ready and any(form.brought() for form in self.forms))
        self.enroll_action.setEnabled(ready and all(form.ok for form in self.forms))
        blocker = self._live_blocker()
        if self.detail is not None and blocker is not None and not self.busy:
            if self.detail.status == "enrolled":
                self._say(lambda: self.tr("This child is enrolled."), "ok", keep=True)
            else:
                self._say(lambda: reason_text(blocker, self.ctx.language), "info", keep=True)

    def _say(self, render: Render, level: Level, *, keep: bool = False) -> None:
        """The banner; ``keep``: do not replace what an action just reported."""
        if keep and self.banner.isVisibleTo(self) and self.banner.level in ("ok", "error"):
            return
        self.banner.show_text(render, level)

    # --- saving and enrolling ------------------------------------------------------------------

    def documents(self) -> protocol.DocumentsIn:
        """What was brought this visit, as the op carries it."""
        brought = {form.kind.value: form.wire() for form in self.forms if form.brought()}
        return protocol.DocumentsIn(visit_date=self.visit.date(), **brought)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_actions()

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Record the check as typed, passed or failed (R20)."""
        if self.referral_id is None or not self.save_action.isEnabled():
            return
        referral_id, documents = self.referral_id, self.documents()
        visit, values = self.visit.date(), self._current_values()
        desk = self.ctx.desk
        self._set_busy(True)
        self.ctx.runner.submit(
            lambda: desk.record_document_check(referral_id, documents, visit),
            on_done=lambda outcome: self._saved_check(outcome, values, then),
            on_error=self._failed,
        )

    def _saved_check(
        self,
        outcome: CheckOutcome,
        values: dict[str, tuple[object, ...]],
        then: Callable[[], None] | None,
    ) -> None:
        self.busy = False
        if outcome.referral_id == self.referral_id:
            self._saved = values
        failed = [s for s in outcome.documents if s.status != "passed"]
        if not failed:
            self._say(lambda: self.tr("Check saved: every document passes."), "ok")
        else:
            count = len(failed)
            self._say(
                lambda: self.tr(
                    "Check saved. %n document(s) do not pass: the family can bring "
                    "corrected ones while the referral is valid.",
                    "",
                    count,
                ),
                "warning",
            )
        self.ctx.changes.notify("checks", "referrals", "sync", "audit")
        self._update_actions()
        if then is not None:
            then()

    def enroll(self, head_decision: str | None = None) -> None:
        """Enroll the child (R20-R22); saves the typed check first when it is not saved."""
        if self.referral_id is None or not self.enroll_action.isEnabled():
            return
        if self._dirty():
            self.save(then=lambda: self._enroll(head_decision))
        else:
            self._enroll(head_decision)

    def _enroll(self, head_decision: str | None) -> None:
        referral_id = self.referral_id
        if referral_id is None:
            return
        desk = self.ctx.desk
        self._set_busy(True)
        self.ctx.runner.submit(
            lambda: desk.enroll(referral_id, head_decision),
            on_done=self._enrolled,
            on_error=self._enroll_failed,
        )

    def _enrolled(self, result: EnrollmentResult) -> None:
        self.busy = False
        self._drafts.pop(result.referral_id, None)
        name = self.detail.child_name if self.detail is not None else ""
        group = self.detail.group_name if self.detail is not None else ""
        self._say(
            lambda: self.tr("{child} is enrolled in {group}. Waiting to sync.").format(
                child=name, group=group
            ),
            "ok",
        )
        self.ctx.changes.notify(
            "referrals", "checks", "children", "groups", "places", "sync", "audit"
        )
        self._update_actions()

    def _enroll_failed(self, error: DomainError) -> None:
        if error.code == VACCINATION_DECISION_REQUIRED:
            self.busy = False
            self._update_actions()
            self.ask_decision()
            return
        self._failed(error)

    def ask_decision(self) -> None:
        """R21: ask for the head's decision; enrolling again with it on OK."""
        dialog = HeadDecisionDialog(self.ctx.language, self)
        self.decision_dialog = dialog
        dialog.accepted.connect(lambda: self.enroll(dialog.decision()))
        dialog.rejected.connect(
            lambda: self._say(
                lambda: self.tr("Not enrolled: the head's decision is needed (R21)."), "warning"
            )
        )
        dialog.finished.connect(lambda _result: self._decision_closed(dialog))
        dialog.open()

    def _decision_closed(self, dialog: HeadDecisionDialog) -> None:
        if self.decision_dialog is dialog:
            self.decision_dialog = None
        dialog.deleteLater()

    def _failed(self, error: DomainError) -> None:
        """An action failed: say why; every typed field stays as it was."""
        self.busy = False
        self._say(lambda: reason_text(error, self.ctx.language), "error")
        self._update_actions()
