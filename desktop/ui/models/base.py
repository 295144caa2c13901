"""Table models over the store's frozen result objects.

A model is described by :class:`Column` s (a translated title and how a row reads in that
column), so a page declares *what* it shows and the model does the Qt plumbing once.
Titles and cell texts are functions, called whenever the view asks, so after a language
switch :meth:`TableModel.retranslate` only has to tell the view to ask again.

Rows are the store's frozen results (never ORM objects), so a model never reaches back
into the store from the GUI thread.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

AnyIndex = QModelIndex | QPersistentModelIndex

# The row's id (an int) and the row itself, for pages that act on a selection.
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ITEM_ROLE = int(Qt.ItemDataRole.UserRole) + 2
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MUTED = "#7a7f87"

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_STYLE_ROLES = frozenset({_BACKGROUND, _FONT, _FOREGROUND})
# the roles a cell answers; every other role a view asks is None at once
_ANSWERED = frozenset({_DISPLAY, _ALIGNMENT, _TOOLTIP, ID_ROLE, ITEM_ROLE, *_STYLE_ROLES})
_STYLE_MEMO_SECONDS = 0.5


@functools.cache
def _brush(color: str) -> QBrush:
    return QBrush(QColor(color))


@functools.cache
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def two_lines(title: str) -> str:
    """``title`` broken at the space that makes its two lines most even (a header too
    long for its column's width); a single word stays as it is."""
    words = title.replace("\n", " ").split(" ")
    if len(words) < 2:
        return title
    best = min(
        range(1, len(words)),
        key=lambda cut: max(len(" ".join(words[:cut])), len(" ".join(words[cut:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


@dataclass(frozen=True)
class Column:
    """One column: its title, the text of a row in it, and (for SQL-sorted lists) the
    sort key the store's query takes for it; None: not sortable."""

    title: Callable[[], str]
    text: Callable[[Any], str]
    sort: str | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class RowStyle:
    """How a row stands out: urgent (a deadline tomorrow), muted (closed, left)."""

    background: str | None = None
    bold: bool = False
    muted: bool = False


class TableModel(QAbstractTableModel):
    """The shared part: columns, headers, roles. Subclasses say where rows come from."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        row_style: Callable[[Any], RowStyle | None] | None = None,
        id_of: Callable[[Any], int] = lambda item: int(item.id),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.row_style = row_style
        self.id_of = id_of
        self._style_memo: tuple[Any, float, RowStyle | None] | None = None
        self.wrapped: frozenset[int] = frozenset()  # columns whose title shows on two lines

    # -- what subclasses give ----------------------------------------------------------

    def item(self, row: int) -> Any | None:
        """The row's object, or None while it is being fetched."""
        raise NotImplementedError

    def peek(self, row: int) -> Any | None:
        """The row's object if it is here, never asking for it (a measure is no reason
        to read the store)."""
        return self.item(row)

    # -- Qt --------------------------------------------------------------------------------

    def columnCount(self, parent: AnyIndex | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                title = self.columns[section].title()
                return two_lines(title) if section in self.wrapped else title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align)
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        return self._cell(self.item(index.row()), index.column(), int(role))

    def multiData(self, index: AnyIndex, roleDataSpan: Any) -> None:
        """Every role a view asks of a cell, in one call: Qt's delegates ask seven at each
        paint (and the column fitter's size hints eight), and one Python call per cell
        instead of one per role is most of a 50,000-row list's cost of showing a page."""
        # the span is the delegate's own, reused cell after cell: a role with no value
        # must be cleared, or the previous cell's (a bold font, a muted colour) stays
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            for entry in roleDataSpan:
                entry.clearData()
            return
        item = self.item(index.row())
        number = index.column()
        column = self.columns[number]
        for entry in roleDataSpan:  # _cell, unrolled for the roles every paint asks
            role = entry.role()
            if role == _DISPLAY and item is not None:
                value: Any = column.text(item)
            elif role == _ALIGNMENT and item is not None:
                value = int(column.align)
            elif role in _STYLE_ROLES and item is not None:
                value = self._style(item, role)
            elif role in _ANSWERED:
                value = self._cell(item, number, role)
            else:
                value = None
            if value is None:
                entry.clearData()
            else:
                entry.setData(value)

    def _cell(self, item: Any, column_number: int, role: int) -> Any:
        if role not in _ANSWERED:
            return None  # decoration, check state, size hint…: asked of every cell
        column = self.columns[column_number]
        if item is None:
            if role == _DISPLAY and column_number == 0:
                return "…"
            return None
        if role == _DISPLAY:
            return column.text(item)
        if role == _ALIGNMENT:
            return int(column.align)
        if role in _STYLE_ROLES:
            return self._style(item, role)
        if role == ID_ROLE:
            return self.id_of(item)
        if role == ITEM_ROLE:
            return item
        if role == _TOOLTIP and column.tooltip is not None:
            return column.tooltip(item)
        return None

    def _row_style_of(self, item: Any) -> RowStyle | None:
        """The row's style, worked out once for all its cells (a view paints a row's cells
        one after the other; a style may cost a working-days count). Kept a moment only,
        so a style that depends on the time is never stale."""
        if self.row_style is None:
            return None
        now = time.monotonic()
        memo = self._style_memo
        if memo is not None and memo[0] is item and now - memo[1] < _STYLE_MEMO_SECONDS:
            return memo[2]
        style = self.row_style(item)
        self._style_memo = (item, now, style)
        return style

    def _style(self, item: Any, role: int) -> Any:
        style = self._row_style_of(item)
        if style is None:
            return None
        if role == _BACKGROUND and style.background:
            return _brush(style.background)
        if role == _FONT and style.bold:
            return _bold()
        if role == _FOREGROUND and style.muted:
            return _brush(MUTED)
        return None

    def cell_texts(self, rows: range, column: int) -> Iterator[tuple[int, str, bool]]:
        """(row, text, bold) of the cells of ``column`` in ``rows`` whose row is here: what
        a column's width is measured from (:class:`desktop.ui.widgets.tables.ColumnFitter`),
        without a trip through the view's delegate for each cell."""
        text = self.columns[column].text
        for row in rows:
            item = self.peek(row)
            if item is not None:
                style = self._row_style_of(item)
                yield row, text(item), style is not None and style.bold

    def set_wrapped_titles(self, columns: set[int]) -> None:
        """Show these columns' titles on two lines (the table is narrower than they are
        on one line; see :class:`desktop.ui.widgets.tables.ColumnFitter`)."""
        wrapped = frozenset(columns)
        if wrapped != self.wrapped:
            self.wrapped = wrapped
            if self.columns:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def retranslate(self) -> None:
        """Titles and cell words are made on demand: ask the view to ask again."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(self.columns) - 1))

    def id_at(self, row: int) -> int | None:
        item = self.item(row) if 0 <= row < self.rowCount() else None
        return self.id_of(item) if item is not None else None


class ListTableModel(TableModel):
    """A short list held whole (groups, conflicts, sync runs): replaced on each refresh."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        row_style: Callable[[Any], RowStyle | None] | None = None,
        id_of: Callable[[Any], int] = lambda item: int(item.id),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, row_style=row_style, id_of=id_of, parent=parent)
        self.rows: list[Any] = []

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return len(self.rows)

    def item(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self.rows):
            if self.id_of(item) == item_id:
                return row
        return None
