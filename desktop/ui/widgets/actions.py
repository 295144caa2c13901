"""Keyboard actions of a page: every command is a QAction with a shortcut, and the button
that shows it is only a view of that action.

Why actions scoped to the page (``WidgetWithChildrenShortcut``): the same key may mean
"save" on two pages (Ctrl+S saves a check and registers a walk-in); only the page the
clerk is in reacts, and the shell's window-wide keys stay unambiguous.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget


def page_action(
    owner: QWidget,
    shortcut: str | QKeySequence | QKeySequence.StandardKey,
    slot: Callable[[], None],
    *,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
    name: str = "",
) -> QAction:
    """An action on ``owner`` that runs ``slot`` on its shortcut; its text is set by the
    page's ``retranslate`` (through :func:`set_action_text`)."""
    action = QAction(owner)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(context)
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def set_action_text(action: QAction, text: str, tip: str = "") -> None:
    """The action's label, and a tooltip that teaches its key."""
    action.setText(text)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    shown = tip or text.replace("&", "")
    action.setToolTip(f"{shown} ({keys})" if keys else shown)


def action_button(action: QAction, parent: QWidget | None = None) -> QToolButton:
    """A button that is only a face of ``action`` (text, enabled state, tooltip)."""
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setMinimumHeight(28)
    return button


def tab_chain(owner: QWidget, widgets: list[QWidget]) -> None:
    """Tab visits ``widgets`` in this order (the order a clerk fills the form in)."""
    for first, second in itertools.pairwise(widgets):
        owner.setTabOrder(first, second)
