"""Choosing a kindergarten by typing part of its name, number or address.

Why this and not a combo box of ids: nobody at a reception desk knows other
kindergartens' server ids, and a district has a few hundred kindergartens, too many to
scroll. A :class:`KindergartenChooser` is a line edit: typing filters the district's
kindergartens (the desk's local directory, so it works offline) on every word typed,
anywhere in either name or the address ("балап 12" finds "№12 «Балапан»"), and the list
drops down under it. Enter takes the highlighted one, or the first when none is
highlighted; Down (or F4) opens the list for browsing; leaving the field with one match
left takes that one. Editing the text again un-chooses, so what shows is what counts.

Why words and not Qt's own "contains" filtering: that looks for the typed text as one
piece, so "Балапан 12" would find nothing. The filter is a proxy model in front of
the shared list; the completer shows the proxy unfiltered.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from desktop.models.results import KindergartenChoice

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_ROLE = Qt.ItemDataRole.UserRole + 3
VISIBLE_ITEMS = 10


def choice_label(choice: KindergartenChoice, language: str) -> str:
    """What the open list shows for a kindergarten: its name in the desk's language
    (Russian for English, as the register spells it) and its address, to tell two of a
    name apart. A chooser's field shows the name alone (it fits; the address is in its
    tooltip)."""
    name = choice.name(language)
    return f"{name} — {choice.address}" if choice.address else name


class KindergartenList(QStandardItemModel):
    """The kindergartens the choosers offer, shared by all of them; rebuilt whole when
    the directory or the language changes (a few hundred rows at most)."""

    def set_choices(self, choices: Sequence[KindergartenChoice], language: str) -> None:
        self.clear()
        for choice in choices:
            label = choice_label(choice, language)
            item = QStandardItem(label)
            item.setEditable(False)
            item.setToolTip(label)
            item.setData(choice.id, ID_ROLE)
            item.setData(choice.name(language), NAME_ROLE)
            # the label too: an English desk's Russian name is in the search text already
            item.setData(f"{choice.search} {label.casefold()}", SEARCH_ROLE)
            self.appendRow(item)

    def item_of(self, kindergarten_id: int) -> QStandardItem | None:
        for row in range(self.rowCount()):
            item = self.item(row)
            if item.data(ID_ROLE) == kindergarten_id:
                return item
        return None


class _WordFilter(QSortFilterProxyModel):
    """Rows whose search text holds every typed word (case-folded)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        search = str(model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or "")
        return all(word in search for word in self.words)


class KindergartenChooser(QLineEdit):
    """One ranked choice; ``chosen_id()`` is the kindergarten chosen or None.

    ``changed`` is emitted whenever the choice may have changed (chosen, cleared, or
    the text edited so that nothing is chosen).
    """

    changed = Signal()

    def __init__(self, kindergartens: KindergartenList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kindergartens = kindergartens
        self._id: int | None = None
        self.filter = _WordFilter(self)
        self.filter.setSourceModel(kindergartens)
        self.completer_ = QCompleter(self)
        self.completer_.setModel(self.filter)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(VISIBLE_ITEMS)
        self.completer_.setWidget(self)
        # the QModelIndex overload: the row, not its text
        self.completer_.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._edited)
        self.returnPressed.connect(self._enter)
        self.editingFinished.connect(self._finished)
        self.setClearButtonEnabled(True)

    # --- the choice -----------------------------------------------------------------------

    def chosen_id(self) -> int | None:
        return self._id

    def unresolved(self) -> bool:
        """Text typed that names no kindergarten yet (not picked from the list)."""
        return self._id is None and bool(self.text().strip())

    def choose(self, kindergarten_id: int | None) -> None:
        """Choose ``kindergarten_id`` (None: clear); one not in the list clears too."""
        item = self.kindergartens.item_of(kindergarten_id) if kindergarten_id else None
        self._id = kindergarten_id if item is not None else None
        self.setText(str(item.data(NAME_ROLE)) if item is not None else "")
        self.setCursorPosition(0)
        self.setToolTip(item.text() if item is not None else "")
        self.changed.emit()

    def relabel(self) -> None:
        """After the list was rebuilt (a language switch, a new directory): show the
        chosen kindergarten's new label, or nothing if it left the list."""
        if self._id is not None:
            self.choose(self._id)

    def matches(self) -> int:
        return self.filter.rowCount()

    # --- typing ---------------------------------------------------------------------------

    def _edited(self, text: str) -> None:
        self._id = None
        self.setToolTip("")
        self.filter.set_text(text)
        if text.strip() and self.matches():
            self._popup()
        else:
            self._list().hide()
        self.changed.emit()

    def _list(self) -> QAbstractItemView:
        popup = self.completer_.popup()
        assert popup is not None  # a completer always has one (made on first use)
        return popup

    def _popup(self) -> None:
        self.completer_.complete()
        popup = self._list()
        if not popup.currentIndex().isValid() and self.matches():
            popup.setCurrentIndex(self.completer_.completionModel().index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        kindergarten_id = index.data(ID_ROLE)
        if kindergarten_id is not None:
            self.choose(int(kindergarten_id))
        self._list().hide()

    def _enter(self) -> None:
        """Enter takes the highlighted row of the open list, or else the first match of
        what is typed. (With the list open the completer sees the key after this and
        takes the same row again, which changes nothing.)"""
        popup = self._list()
        if popup.isVisible() and popup.currentIndex().isValid():
            self._activated(popup.currentIndex())
        elif self._id is None and self.text().strip() and self.matches():
            self._activated(self.filter.index(0, 0))

    def _finished(self) -> None:
        """Leaving the field with exactly one match left takes it."""
        if self._id is None and self.text().strip() and self.matches() == 1:
            self._activated(self.filter.index(0, 0))

    def event(self, event: QEvent) -> bool:
        """Tab or Shift+Tab with the list open: close it, take the one match if only one
        is left, and move on (the completer would take the highlighted row, a guess)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self._list().isVisible()
        ):
            self._list().hide()
            self._finished()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        browse = key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and not self._list().isVisible())
        if browse and self.kindergartens.rowCount():
            self.filter.set_text("" if self._id is not None else self.text())
            self._popup()
            return
        super().keyPressEvent(event)
