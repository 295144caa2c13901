"""A table model that grows page by page as the view scrolls (Qt's fetchMore).

Why not the windowed model: the audit log has no count to scroll against (and needs
none: it is read newest first, and nobody scrolls to the first day); so the view asks
for more when it reaches the end, the next page is read off the GUI thread and appended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Signal

from desktop.ui.models.base import AnyIndex, Column, RowStyle, TableModel
from desktop.ui.runner import TaskRunner
from domain.errors import DomainError

# offset, limit -> rows; runs in a worker thread
FetchPage = Callable[[int, int], Sequence[Any]]


class AppendingTableModel(TableModel):
    loaded = Signal()  # a page arrived
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        columns: Sequence[Column],
        *,
        page_size: int = 100,
        row_style: Callable[[Any], RowStyle | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, row_style=row_style, parent=parent)
        self.runner = runner
        self.page_size = page_size
        self.rows: list[Any] = []
        self._fetch: FetchPage | None = None
        self._generation = 0
        self._exhausted = True
        self._inflight = False

    def set_fetch(self, fetch: FetchPage | None) -> None:
        """Start over with another query (a filter); the first page is asked at once."""
        self._fetch = fetch
        self._generation += 1
        self._inflight = False
        self.beginResetModel()
        self.rows = []
        self._exhausted = fetch is None
        self.endResetModel()
        if fetch is None:
            self.loaded.emit()
        else:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_fetch(self._fetch)

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return len(self.rows)

    def item(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._exhausted and not self._inflight

    def fetchMore(self, parent: AnyIndex) -> None:
        fetch = self._fetch
        if fetch is None or parent.isValid() or self._inflight or self._exhausted:
            return
        self._inflight = True
        generation, offset, limit = self._generation, len(self.rows), self.page_size
        self.runner.submit(
            lambda: fetch(offset, limit),
            on_done=lambda rows: self._arrived(generation, rows),
            on_error=lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        self._inflight = False
        self._exhausted = len(rows) < self.page_size
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, generation: int, error: DomainError) -> None:
        if generation != self._generation:
            return
        self._inflight = False
        self.loaded.emit()
        self.failed.emit(error)
