"""The referrals list: a windowed model whose search and sort run in the store's SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject

from desktop.models.queries import DeskQueries, ReferralSort
from desktop.models.results import PageKey, ReferralItem, ReferralPage
from desktop.ui.models.base import RIGHT, Column, RowStyle
from desktop.ui.models.paged import PagedTableModel
from desktop.ui.runner import TaskRunner
from desktop.ui.widgets.formats import days_left, fmt_date, fmt_moment
from desktop.ui.widgets.terms import Terms
from domain.referrals import LIVE_REFERRAL_STATUSES

LIVE = LIVE_REFERRAL_STATUSES
URGENT = "#fde2e1"  # a deadline today or tomorrow: the family must come now


class ReferralsModel(PagedTableModel):
    """Referrals to this kindergarten, the way ``DeskQueries.referrals`` pages them.

    ``now`` is the desk's clock (for the working days left); the sort keys of the
    columns are the query's, so a header click is an ORDER BY, never a sort in Python.
    """

    def __init__(
        self,
        runner: TaskRunner,
        queries: DeskQueries,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, [], parent=parent)
        self.queries = queries
        self.now = now
        self.terms = Terms(self)
        self.columns = self._columns()
        self.row_style = self._row_style
        self.query = ""
        self.sort_key: ReferralSort = "expires_at"
        self.descending = False

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Number"), lambda r: r.number, sort="number"),
            Column(lambda: self.tr("Child"), lambda r: r.child_name, sort="child_name"),
            Column(lambda: self.tr("Child's IIN"), lambda r: r.child_iin),
            Column(lambda: self.tr("Born"), lambda r: fmt_date(r.birth_date)),
            Column(lambda: self.tr("Group"), lambda r: r.group_name),
            Column(
                lambda: self.tr("Status"),
                lambda r: self.terms.referral_status(r.status),
                sort="status",
            ),
            Column(
                lambda: self.tr("Valid until"),
                lambda r: fmt_moment(r.expires_at),
                sort="expires_at",
            ),
            Column(lambda: self.tr("Days left"), self._days_text, align=RIGHT),
            Column(lambda: self.tr("Sync"), self._sync_text),
        ]

    def _days_text(self, item: ReferralItem) -> str:
        if item.status not in LIVE:
            return "—"
        return str(days_left(item.expires_at, self.now()))

    def _sync_text(self, item: ReferralItem) -> str:
        return self.terms.waiting_to_sync() if item.pending else ""

    def _row_style(self, item: Any) -> RowStyle | None:
        if item.status not in LIVE:
            return RowStyle(muted=True)
        if days_left(item.expires_at, self.now()) <= 1:
            return RowStyle(background=URGENT, bold=True)
        return None

    def set_query(
        self,
        query: str | None = None,
        *,
        sort: ReferralSort | None = None,
        descending: bool | None = None,
    ) -> None:
        """Search and/or sort in SQL; what is not given stays as it was."""
        if query is not None:
            self.query = query.strip()
        if sort is not None:
            self.sort_key = sort
        if descending is not None:
            self.descending = descending
        queries, text, key, desc = self.queries, self.query, self.sort_key, self.descending

        def fetch(offset: int, limit: int, after: PageKey | None) -> ReferralPage:
            return queries.referrals(
                text or None, sort=key, descending=desc, offset=offset, limit=limit, after=after
            )

        self.set_fetch(fetch)

    def sort_column(self) -> int:
        for number, column in enumerate(self.columns):
            if column.sort == self.sort_key:
                return number
        return 0
