"""Small labels that carry a state: a document's verdict, "waiting to sync", a hint under
a field, a banner with the outcome of the last action, a list's empty state.

Why they keep a *state* and not a text: after a language switch each re-renders itself
from what it shows (a verdict, a reason code), so nothing stays in the old language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

Verdict = Literal["passed", "failed", "not_checked", "incomplete"]
Level = Literal["ok", "info", "warning", "error"]

_VERDICT_STYLE: dict[str, str] = {
    "passed": "background:#1b7f3b; color:white;",
    "failed": "background:#b00020; color:white;",
    "not_checked": "background:#8a8f98; color:white;",
    "incomplete": "background:#c77700; color:white;",
}
_LEVEL_COLOR: dict[str, str] = {
    "ok": "#1b7f3b",
    "info": "#30506e",
    "warning": "#a35a00",
    "error": "#b00020",
}
_PILL = "border-radius:6px; padding:1px 8px; font-weight:bold;"


class _Retranslating(QLabel):
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class VerdictBadge(_Retranslating):
    """Passes / fails / not checked / incomplete, in colour and in words (never colour
    alone: the words are what a colour-blind clerk and a screen reader get)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict: Verdict = "not_checked"
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_verdict("not_checked")

    def set_verdict(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.setStyleSheet(f"QLabel {{ {_VERDICT_STYLE[verdict]} {_PILL} }}")
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(
            {
                "passed": self.tr("Passes"),
                "failed": self.tr("Fails"),
                "not_checked": self.tr("Not checked"),
                "incomplete": self.tr("Incomplete"),
            }[self.verdict]
        )


class PendingBadge(_Retranslating):
    """Marks the desk's own work the server has not confirmed yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"QLabel {{ background:#e8eef7; color:#30506e; {_PILL} }}")
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Waiting to sync"))
        self.setToolTip(self.tr("Recorded on this computer; the server gets it at the next sync."))


class Note(_Retranslating):
    """A line of text rendered by a function, at a level (hint under a field, banner).

    ``show_text(render, level)``: ``render`` is called now and after every language switch,
    so a reason code's message or a ``self.tr`` text is re-made in the new language.
    """

    def __init__(self, parent: QWidget | None = None, *, banner: bool = False) -> None:
        super().__init__(parent)
        self.banner = banner
        self.level: Level = "info"
        self._render: Callable[[], str] | None = None
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_text(self, render: Callable[[], str], level: Level = "info") -> None:
        self._render = render
        self.level = level
        color = _LEVEL_COLOR[level]
        if self.banner:
            self.setStyleSheet(
                f"QLabel {{ border-left: 4px solid {color}; background: #f6f7f9;"
                f" color: {color}; padding: 6px; }}"
            )
        else:
            self.setStyleSheet(f"QLabel {{ color: {color}; }}")
        self.retranslate()
        self.setVisible(True)

    def clear_text(self) -> None:
        self._render = None
        self.setText("")
        self.setVisible(False)

    def retranslate(self) -> None:
        if self._render is not None:
            self.setText(self._render())


class EmptyStack(QStackedWidget):
    """A list and, in its place while it is empty, a sentence that says what to do."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.empty = QLabel()
        self.empty.setObjectName("empty-state")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("QLabel { color: #5f6670; font-size: 13pt; padding: 24px; }")
        self.addWidget(content)
        self.addWidget(self.empty)

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def set_empty(self, empty: bool) -> None:
        """Show the sentence instead of the list (keeping the focus usable: the list
        stays the focus target so Tab order does not change)."""
        self.setCurrentWidget(self.empty if empty else self.content)

    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty
