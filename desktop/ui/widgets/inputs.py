"""Line edits for what a reception clerk types all day: dates, IINs and searches.

Why line edits and not ``QDateEdit``: a clerk copies a date off a paper document in one go
("03032026", "3.3.26"); a sectioned date editor fights that typing, cannot be empty (a
parent's ID that never expires) and cannot be scanned into. These edits take whatever the
keyboard or a scanner sends, say at once whether it is valid, and never throw away what
was typed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.ui.widgets.formats import fmt_date, parse_date
from domain.errors import DomainError
from domain.iin import IinInfo, parse_iin

INVALID_STYLE = "QLineEdit { border: 1px solid #b00020; }"
# a line edit's frame and inner margins around its text, in pixels
EDIT_PADDING = 18


def fit_to_text(edit: QLineEdit, *samples: str) -> None:
    """At least as wide as its longest possible value and its placeholder, so neither
    shows cut ("кк.аа.жжж…") however narrow its row is (recalled after a language
    switch: the placeholder changes)."""
    metrics = edit.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in (*samples, edit.placeholderText()))
    edit.setMinimumWidth(widest + EDIT_PADDING)


class DateEdit(QLineEdit):
    """A date typed as text; Up/Down move it a day, PageUp/PageDown a month.

    ``optional``: empty means "no date" (a document that never expires) and is valid.
    ``dateChanged`` carries the parsed date (or None) whenever it changes.
    """

    dateChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self._last: dt.date | None = None
        self.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9./\- ]{0,10}"), self)
        )
        self.setMaxLength(10)
        self.textChanged.connect(self._on_text)
        self.editingFinished.connect(self._normalize)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("dd.mm.yyyy"))
        fit_to_text(self, "00.00.0000")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def date(self) -> dt.date | None:
        return parse_date(self.text())

    def setDate(self, day: dt.date | None) -> None:
        self.setText(fmt_date(day))

    def is_empty(self) -> bool:
        return not self.text().strip()

    def is_valid(self) -> bool:
        """A date, or nothing when the field is optional."""
        return self.date() is not None or (self.optional and self.is_empty())

    def _on_text(self, _text: str) -> None:
        self.setStyleSheet("" if self.is_valid() or self.is_empty() else INVALID_STYLE)
        value = self.date()
        if value != self._last:
            self._last = value
            self.dateChanged.emit(value)

    def _normalize(self) -> None:
        value = self.date()
        if value is not None and self.text() != fmt_date(value):
            self.setDate(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Up: dt.timedelta(days=1),
            Qt.Key.Key_Down: dt.timedelta(days=-1),
        }
        key = Qt.Key(event.key())
        current = self.date()
        if current is not None and key in steps:
            self.setDate(current + steps[key])
            return
        if current is not None and key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.setDate(_add_months(current, 1 if key == Qt.Key.Key_PageUp else -1))
            return
        super().keyPressEvent(event)


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class IinEdit(QLineEdit):
    """Twelve digits, nothing else; says whether the number is a valid IIN (R1).

    ``problem()`` is the reason code while the IIN is not valid (IIN_FORMAT while it is
    still being typed), None once it is; the check runs on every keystroke because it is a
    few additions, and a clerk should see a wrong digit before the family leaves.
    """

    iinChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self))
        self.setMaxLength(12)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.textChanged.connect(self._on_text)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("12 digits"))
        fit_to_text(self, "000000000000")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def iin(self) -> str:
        return self.text().strip()

    def info(self) -> IinInfo | None:
        try:
            return parse_iin(self.iin())
        except DomainError:
            return None

    def problem(self) -> str | None:
        try:
            parse_iin(self.iin())
        except DomainError as error:
            return error.code
        return None

    def is_complete(self) -> bool:
        return len(self.iin()) == 12

    def _on_text(self, text: str) -> None:
        wrong = self.is_complete() and self.problem() is not None
        self.setStyleSheet(INVALID_STYLE if wrong else "")
        self.iinChanged.emit(text)


class SearchEdit(QLineEdit):
    """A search box that asks once the typing pauses (``delay_ms``), not per keystroke.

    Why: every search is an SQL query in the runner; a clerk typing an IIN at speed would
    otherwise queue twelve of them. Enter searches at once (a scanner ends with Enter) and
    then emits ``submitted``; Down emits ``leave`` so the page can move into its list.
    """

    searchChanged = Signal(str)
    submitted = Signal(str)
    leave = Signal()

    def __init__(self, parent: QWidget | None = None, delay_ms: int = 150) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._sent: str | None = None
        self.textChanged.connect(lambda _t: self._timer.start())

    def flush(self) -> None:
        """Search now if the text changed since the last search."""
        self._timer.stop()
        self._fire()

    def _fire(self) -> None:
        text = self.text().strip()
        if text != self._sent:
            self._sent = text
            self.searchChanged.emit(text)

    def set_search(self, text: str) -> None:
        """Put ``text`` in the box and search it at once (a jump to an IIN)."""
        self.setText(text)
        self.flush()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.submitted.emit(self.text().strip())
            return
        if key == Qt.Key.Key_Down:
            self.leave.emit()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            return
        super().keyPressEvent(event)
