"""A table model over a list that lives in the store: 50,000 rows, a window of them here.

Why: the referrals of a big kindergarten, and every search over them, must scroll and
filter smoothly, and the children's personal data should not sit in memory by the
thousand (R30). So the model keeps only

- the row count, which the store's SQL count gives with the first page,
- row -> id for the rows it has seen (ids are what a page acts on), and
- a small LRU window of pages of rows to display.

A row the view needs that is not in the window is asked for page by page, off the GUI
thread (:class:`desktop.ui.runner.TaskRunner`); until it arrives the row shows "…". The
page after one in the window is read from where that one ended (its ``next_key``: keyset
paging, as flat at row 50,000 as at row 100); any other page by its offset. A new
search or sort is a new *generation*: answers to an older one are dropped, and the old
rows stay on screen until the new first page is in, so typing never flickers the list.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from desktop.models.results import PageKey
from desktop.ui.models.base import AnyIndex, Column, RowStyle, TableModel
from desktop.ui.runner import TaskRunner
from domain.errors import DomainError


class Page(Protocol):
    """A page of a list as the store reads it (:class:`desktop.models.results.ChildPage`)."""

    @property
    def total(self) -> int: ...

    @property
    def items(self) -> Sequence[Any]: ...

    @property
    def next_key(self) -> PageKey | None: ...


# offset, limit, where the page before ended (None: read by offset) -> the page; runs in
# a worker thread (a store query)
Fetch = Callable[[int, int, PageKey | None], Page]


class PagedTableModel(TableModel):
    """Rows fetched from the store a page at a time into a bounded window."""

    # the first page of the current query is in: rowCount() is the query's count
    loaded = Signal()
    # ... and it is a *new* query (a search, a sort; not a reload of the same one): a view
    # shows it from its top. Emitted just before the model is reset with the new rows, so
    # the view is at the top when it lays them out and sizes its columns for them. A view
    # left where the old list was scrolled would at once ask for rows deep in the new one
    # (a page each, at an offset as deep as the old scroll position) instead of its first
    # rows.
    restarted = Signal()
    # a page could not be read (the reason code's message is for the page to show)
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        columns: Sequence[Column],
        *,
        page_size: int = 100,
        max_pages: int = 8,
        row_style: Callable[[Any], RowStyle | None] | None = None,
        id_of: Callable[[Any], int] = lambda item: int(item.id),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, row_style=row_style, id_of=id_of, parent=parent)
        self.runner = runner
        self.page_size = page_size
        self.max_pages = max_pages
        self._fetch: Fetch | None = None
        self._generation = 0
        self._awaiting_first = False
        self._fresh = False
        self._total = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._ends: dict[int, PageKey] = {}  # where each page in the window ended
        self._ids: dict[int, int] = {}
        self._inflight: set[tuple[int, int]] = set()
        self.fetches = 0  # pages asked of the store (tests and diagnostics)

    # -- queries ---------------------------------------------------------------------------

    def set_fetch(self, fetch: Fetch | None, *, fresh: bool = True) -> None:
        """Show another query (a search, a sort). The rows shown stay until it answers;
        ``fresh=False``: the same query read again (it keeps its scroll position)."""
        self._fetch = fetch
        self._fresh = fresh
        self._generation += 1
        self._inflight.clear()
        self._ends.clear()  # where the old query's pages ended means nothing to this one
        if fetch is None:
            self.beginResetModel()
            self._clear()
            self.endResetModel()
            self._awaiting_first = False
            self.loaded.emit()
            return
        self._awaiting_first = True
        self._request(0)

    def reload(self) -> None:
        """The same query again, after a change in the store."""
        self.set_fetch(self._fetch, fresh=False)

    def is_loading(self) -> bool:
        return self._awaiting_first

    def total(self) -> int:
        return self._total

    def cached_rows(self) -> int:
        """How many rows' data the window holds now (never the whole list)."""
        return sum(len(page) for page in self._pages.values())

    def known_ids(self) -> dict[int, int]:
        """Row -> id of every row seen since the query was set."""
        return dict(self._ids)

    def row_of(self, item_id: int) -> int | None:
        for row, known in self._ids.items():
            if known == item_id:
                return row
        return None

    # -- the model ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return self._total

    def item(self, row: int) -> Any | None:
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            if not self._awaiting_first:
                self._request(number)
            return None
        self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def peek(self, row: int) -> Any | None:
        page = self._pages.get(row // self.page_size) if 0 <= row < self._total else None
        offset = row % self.page_size
        return page[offset] if page is not None and offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        known = self._ids.get(row)
        return known if known is not None else super().id_at(row)

    # -- fetching ----------------------------------------------------------------------------

    def _clear(self) -> None:
        self._total = 0
        self._pages.clear()
        self._ends.clear()
        self._ids.clear()

    def _request(self, number: int) -> None:
        fetch = self._fetch
        generation = self._generation
        key = (generation, number)
        if fetch is None or key in self._inflight:
            return
        self._inflight.add(key)
        self.fetches += 1
        offset, limit = number * self.page_size, self.page_size
        after = self._ends.get(number - 1)

        def read() -> Page | None:
            # typing runs ahead of the store: a page of a query already replaced is not
            # read at all (it would hold up the new query's first page in the runner)
            if generation != self._generation:
                return None
            return fetch(offset, limit, after)

        self.runner.submit(
            read,
            on_done=lambda result: self._arrived(generation, number, result),
            on_error=lambda error: self._failed(generation, number, error),
        )

    def _arrived(self, generation: int, number: int, page: Page | None) -> None:
        self._inflight.discard((generation, number))
        if generation != self._generation or page is None:
            return  # an answer to a query the user has moved on from
        total, rows = page.total, page.items
        if self._awaiting_first:
            if self._fresh:
                self.restarted.emit()
            self.beginResetModel()
            self._clear()
            self._total = total
            self._store(number, page)
            self._awaiting_first = False
            self.endResetModel()
            self.loaded.emit()
            return
        if total != self._total:
            self.reload()  # the list changed between two pages: read it afresh
            return
        self._store(number, page)
        if rows:
            first = number * self.page_size
            last = first + len(rows) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _store(self, number: int, page: Page) -> None:
        self._pages[number] = list(page.items)
        self._pages.move_to_end(number)
        if page.next_key is not None:
            self._ends[number] = page.next_key
        while len(self._pages) > self.max_pages:
            gone, _rows = self._pages.popitem(last=False)
            self._ends.pop(gone, None)  # a row's sort values (a name) go with its page
        first = number * self.page_size
        for i, row in enumerate(page.items):
            self._ids[first + i] = self.id_of(row)

    def _failed(self, generation: int, number: int, error: DomainError) -> None:
        self._inflight.discard((generation, number))
        if generation != self._generation:
            return
        if self._awaiting_first:
            self._awaiting_first = False
            self.loaded.emit()
        self.failed.emit(error)
