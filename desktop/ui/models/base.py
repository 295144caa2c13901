"""Table models over the store's frozen result objects.

A model is described by :class:`Column` s (a translated title and how a row reads in that
column), so a page declares *what* it shows and the model does the Qt plumbing once.
Titles and cell texts are functions, called whenever the view asks, so after a language
switch :meth:`TableModel.retranslate` only has to tell the view to ask again.

Rows are the store's frozen results (never ORM objects), so a model never reaches back
into the store from the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

    # -- what subclasses give ----------------------------------------------------------

    def item(self, row: int) -> Any | None:
        """The row's object, or None while it is being fetched."""
        raise NotImplementedError

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
                return self.columns[section].title()
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align)
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        item = self.item(index.row())
        column = self.columns[index.column()]
        if item is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return "…"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == ID_ROLE:
            return self.id_of(item)
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return self._style(item, role)
        return None

    def _style(self, item: Any, role: int) -> Any:
        style = self.row_style(item) if self.row_style is not None else None
        if style is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole and style.background:
            return QBrush(QColor(style.background))
        if role == Qt.ItemDataRole.FontRole and style.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and style.muted:
            return QBrush(QColor("#7a7f87"))
        return None

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
