"""The enrolled children: a windowed model whose search runs in the store's SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from desktop.models.queries import DeskQueries
from desktop.models.results import ChildPage, PageKey
from desktop.ui.models.base import Column, RowStyle
from desktop.ui.models.paged import PagedTableModel
from desktop.ui.runner import TaskRunner
from desktop.ui.widgets.formats import fmt_date, fmt_moment
from desktop.ui.widgets.terms import Terms


class ChildrenModel(PagedTableModel):
    def __init__(
        self, runner: TaskRunner, queries: DeskQueries, parent: QObject | None = None
    ) -> None:
        super().__init__(runner, [], parent=parent)
        self.queries = queries
        self.terms = Terms(self)
        self.columns = self._columns()
        self.row_style = self._row_style
        self.query = ""
        self.include_left = False

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Child"), lambda c: c.child_name),
            Column(lambda: self.tr("IIN"), lambda c: c.child_iin),
            Column(lambda: self.tr("Born"), lambda c: fmt_date(c.birth_date)),
            Column(lambda: self.tr("Group"), lambda c: c.group_name),
            Column(lambda: self.tr("Vaccination"), lambda c: self.terms.vaccination(c.vaccination)),
            Column(lambda: self.tr("Enrolled"), lambda c: fmt_moment(c.enrolled_at)),
            Column(lambda: self.tr("Left"), lambda c: fmt_moment(c.left_at)),
            Column(
                lambda: self.tr("Sync"),
                lambda c: self.terms.waiting_to_sync() if c.pending else "",
            ),
        ]

    @staticmethod
    def _row_style(item: Any) -> RowStyle | None:
        return RowStyle(muted=True) if item.left_at is not None else None

    def set_query(self, query: str | None = None, *, include_left: bool | None = None) -> None:
        if query is not None:
            self.query = query.strip()
        if include_left is not None:
            self.include_left = include_left
        queries, text, everyone = self.queries, self.query, self.include_left

        def fetch(offset: int, limit: int, after: PageKey | None) -> ChildPage:
            return queries.children(
                text or None, include_left=everyone, offset=offset, limit=limit, after=after
            )

        self.set_fetch(fetch)
