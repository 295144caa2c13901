"""The desk's tables: read-only, whole rows selected, keyboard first, never wider than
the window.

Why one factory: every list a clerk works through behaves alike (arrows move, Tab leaves
the table instead of walking its cells, Enter is the page's main action on the row).

Why columns are laid out here and not by Qt's resize modes: Kazakh and Russian headers
are long ("Осталось рабочих дней", "Жарамдылық мерзімі"), and a table wider than the
page hides its last columns behind a horizontal scroll bar nobody at reception uses. So
:class:`ColumnFitter` gives every column the width of its header and contents, lets the
``stretch`` columns (a child's name, a group) take what is left, and when the page is too
narrow for all of it first puts long headers on two lines, then narrows the stretch
columns, whose long texts then end in "…" and show whole in a tooltip. For the paged
lists (``fit=False``: 50,000 referrals) it measures only the rows on screen, never
every row, and a new search keeps the widths the list already has (they only grow), so
the columns do not jump at every keystroke and the view is painted once per keystroke,
not again for new widths.

Why cells are first measured by their text's font metrics: a size hint is a trip through
the delegate and the style (about 25 µs a cell), which made the fitter as costly as the
paint itself after each keystroke. The metrics only pick the widest texts of a column:
those are then sized by the view, since the delegate's layout can need a pixel more than
the text's advance (a last glyph's overhang, rounding), and a pixel short cuts the
widest name with "…".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QFontMetricsF, QHelpEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from desktop.ui.models.base import TableModel, two_lines
from desktop.ui.models.paged import PagedTableModel

# a stretch column is not narrowed below this (or its contents, when shorter)
STRETCH_FLOOR = 120
# short lists (``fit=True``) are measured whole up to this many rows
FIT_ROWS = 2000
# a text this much narrower than a column's widest (by font metrics) may still need as
# much room: the delegate's layout adds a last glyph's overhang ("Бердақ") and rounds
NEAR_WIDEST = 2.0
# widths of kinds of text remembered (ColumnFitter._size) before the memo starts afresh
SIZES_KEPT = 4096


class ElidedTipDelegate(QStyledItemDelegate):
    """Shows a cell's whole text as its tooltip when the cell shows it cut ("…"), unless
    the model gives a tooltip of its own."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        if index.data(Qt.ItemDataRole.ToolTipRole):
            return super().helpEvent(event, view, option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text and self.sizeHint(option, index).width() > option.rect.width():
            QToolTip.showText(event.globalPos(), str(text), view)
            return True
        QToolTip.hideText()
        event.ignore()
        return True


class ColumnFitter(QObject):
    """Keeps a table's columns as wide as the viewport, no wider (see the module's doc).

    Re-measures when the rows or the titles change (a refresh, a page of rows arriving,
    a language switch) and re-divides the width when the viewport is resized.
    """

    def __init__(
        self,
        table: QTableView,
        stretch: Iterable[int],
        *,
        fit: bool,
        optional: Iterable[int] = (),
    ) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = tuple(stretch)
        self.optional = frozenset(optional)
        self.fit = fit
        self.filled: set[int] = set()  # optional columns with a text in a measured row
        self.natural: dict[int, int] = {}  # header on one line, or contents, if wider
        self.least: dict[int, int] = {}  # the header on two lines, contents kept whole
        self.one_line: dict[int, int] = {}  # the header on one line
        self.contents: dict[int, int] = {}  # the widest cell measured (since the reset)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refit)
        self._reset = True
        self._dividing = False
        self._sizes: dict[tuple[int, float, str, bool], int] = {}  # see _size
        # bound methods, not lambdas: Qt drops the connections when the fitter goes
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsRemoved):
            signal.connect(self.rows_replaced)
        for signal in (model.headerDataChanged, model.columnsInserted):
            signal.connect(self.remeasure)
        model.rowsInserted.connect(self.measure_more)
        model.dataChanged.connect(self.measure_more)

    # -- when -------------------------------------------------------------------------------

    def remeasure(self, *_args: object) -> None:
        """The titles are new (a language switch) or the table is shown: measure afresh
        (soon: changes come in bursts). When the fitter itself put titles on two lines,
        only the headers are measured again (a header's two lines take a pixel or two
        more than their text), the rows' widths are kept."""
        if not self._dividing:
            self._reset = True
            self._sizes.clear()
        self._timer.start()

    def rows_replaced(self, *_args: object) -> None:
        """A refresh, a search, a sort: a short list is measured afresh; a paged one keeps
        its widths and widens for the new rows on screen (see the module).

        At once, not soon: the view lays its rows out (a new row count, new scroll bar
        range) and the columns get their widths before the one paint of the new rows.
        Left to the view's and the fitter's zero-time timers, these came after the
        paint, and each painted the list again: two or three paints per keystroke."""
        if self.fit:
            self._reset = True
        self.filled = set()  # an optional column shows while the rows on screen use it
        self._timer.stop()
        self.table.executeDelayedItemsLayout()
        self.refit()

    def measure_more(self, *_args: object) -> None:
        """More rows, or rows' data arrived: widen for them if need be (soon)."""
        self._timer.start()

    # -- measuring --------------------------------------------------------------------------

    def _rows(self) -> range:
        """The rows measured: all of a short list; the rows on screen of a paged one."""
        total = self.table.model().rowCount()
        if self.fit:
            return range(min(total, FIT_ROWS))
        first = max(0, self.table.rowAt(0))
        height = max(1, self.table.verticalHeader().defaultSectionSize())
        shown = self.table.viewport().height() // height + 2
        return range(first, min(total, first + shown))

    def _measured(self) -> list[int]:
        """The columns measured: those not hidden by the page (optional ones always)."""
        model = self.table.model()
        return [
            c
            for c in range(model.columnCount())
            if c in self.optional or not self.table.isColumnHidden(c)
        ]

    def _columns(self) -> list[int]:
        """The columns shown: an optional one only when a row has something in it."""
        return [
            c
            for c in self._measured()
            if c in self.natural and (c not in self.optional or c in self.filled)
        ]

    def measure(self) -> None:
        table = self.table
        model = cast(TableModel, table.model())
        header = table.horizontalHeader()
        font = header.font()
        font.setBold(True)  # Qt sizes a header for its bold (selected) look
        metrics = QFontMetrics(font)
        strong = table.font()
        strong.setBold(True)  # a bold row's font: the view's, made bold (as the delegate does)
        cells = {False: QFontMetricsF(table.font()), True: QFontMetricsF(strong)}
        if self._reset:
            self.contents = {}
            self.filled = set()
            self._reset = False
        grid = 1 if table.showGrid() else 0
        rows = self._rows()
        measured = self._measured()
        margins: dict[int, int] = {}
        for column in measured:
            if not header.isSectionHidden(column):
                shown = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                margins[column] = header.sectionSizeHint(column) - max(
                    metrics.horizontalAdvance(line) for line in shown.split("\n")
                )
        usual = min(margins.values(), default=2 * metrics.averageCharWidth())
        for column in measured:
            shown = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            lines = shown.split("\n")
            margin = margins.get(column, usual)
            title = " ".join(lines)
            one = metrics.horizontalAdvance(title) + margin
            two = max(metrics.horizontalAdvance(line) for line in two_lines(title).split("\n"))
            widest = self.contents.get(column, 0)
            advances: dict[tuple[str, bool], tuple[float, int]] = {}
            for row, text, bold in model.cell_texts(rows, column):
                if text and (text, bold) not in advances:
                    advances[text, bold] = (cells[bold].horizontalAdvance(text), row)
            if advances:
                if column in self.optional:
                    self.filled.add(column)
                longest = max(advance for advance, _row in advances.values())
                for (text, bold), (advance, row) in advances.items():
                    if advance >= longest - NEAR_WIDEST:
                        widest = max(widest, self._size(column, row, text, bold, advance) + grid)
            self.contents[column] = widest
            self.one_line[column] = one
            self.natural[column] = max(one, widest)
            wrapped = two + margin
            if column in self.stretch:
                self.least[column] = max(wrapped, min(widest, STRETCH_FLOOR))
            else:
                self.least[column] = max(wrapped, widest)

    def _size(self, column: int, row: int, text: str, bold: bool, advance: float) -> int:
        """The width the view gives a cell's text, asked once per kind of text: texts of
        one advance ending in the same glyph are laid out alike, so a column of IINs or
        dates, all of one advance, is asked about ten times, not once per row. Keyed by
        the advance and the last letter only: no child's name or IIN is kept here."""
        key = (column, round(advance, 2), text[-1], bold)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= SIZES_KEPT:
                self._sizes.clear()
            size = self._sizes[key] = self.table.sizeHintForIndex(
                self.table.model().index(row, column)
            ).width()
        return size

    # -- dividing ---------------------------------------------------------------------------

    def refit(self) -> None:
        self.measure()
        self.divide()

    def divide(self) -> None:
        """Give each column its width: natural when all fit, stretch columns taking what
        is left; else long headers on two lines first, then narrower stretch columns."""
        for c in self.optional:
            shown = c in self.filled
            if self.table.isColumnHidden(c) == shown:
                self.table.setColumnHidden(c, not shown)
        columns = self._columns()
        if not columns:
            return
        stretch = [c for c in columns if c in self.stretch] or [columns[-1]]
        width = {c: self.natural[c] for c in columns}
        room = self.table.viewport().width()
        excess = sum(width.values()) - room
        if excess < 0:
            share, rest = divmod(-excess, len(stretch))
            for c in stretch:
                width[c] += share
            width[stretch[-1]] += rest
        else:
            excess = self._wrap([c for c in columns if c not in stretch], width, excess)
            if excess < 0:  # a wrapped header gave more than needed: to the stretch ones
                width[stretch[-1]] -= excess
            else:
                self._narrow(stretch, width, excess)
        header = self.table.horizontalHeader()
        for c in columns:
            if header.sectionSize(c) != width[c]:
                header.resizeSection(c, width[c])
        self._dividing = True
        try:
            cast(TableModel, self.table.model()).set_wrapped_titles(
                {c for c in columns if width[c] < self.one_line[c]}
            )
        finally:
            self._dividing = False

    def _wrap(self, group: list[int], width: dict[int, int], excess: int) -> int:
        """Put headers on two lines, the one that saves most first, until ``excess``
        pixels are saved (the fewer headers on two lines, the calmer the table); returns
        what is still to save (below zero: saved too much)."""
        for c in sorted(group, key=lambda c: self.least[c] - width[c]):
            if excess <= 0:
                break
            saving = width[c] - self.least[c]
            if saving > 0:
                width[c] -= saving
                excess -= saving
        return excess

    def _narrow(self, group: list[int], width: dict[int, int], excess: int) -> int:
        """Take up to ``excess`` pixels from ``group``, each column in proportion to how
        far it can give (down to its least width); what could not be taken is returned."""
        slack = {c: max(0, width[c] - self.least[c]) for c in group}
        total = sum(slack.values())
        if excess <= 0 or total <= 0:
            return excess
        take = min(excess, total)
        taken = 0
        for c in group:
            part = slack[c] * take // total
            width[c] -= part
            taken += part
        for c in group:  # the rounding's leftover pixels
            if taken >= take:
                break
            if width[c] > self.least[c]:
                width[c] -= 1
                taken += 1
        return excess - taken


class DeskTable(QTableView):
    """A table whose columns a :class:`ColumnFitter` keeps to the viewport's width."""

    fitter: ColumnFitter

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize and hasattr(self, "fitter"):
            self.fitter.divide()
        return handled

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if hasattr(self, "fitter"):
            self.fitter.remeasure()


def make_table(
    model: TableModel,
    name: str,
    *,
    fit: bool = True,
    stretch: Iterable[int] = (),
    optional: Iterable[int] = (),
) -> QTableView:
    """A desk table over ``model``.

    ``stretch``: the columns that take the width left over (names, groups); none named:
    the last. ``optional``: columns shown only when a row has something in them (e.g.
    "waiting to sync"). ``fit``: measure every row (short lists); False: only the rows
    on screen (the paged lists of tens of thousands of rows).
    """
    table = DeskTable()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setItemDelegate(ElidedTipDelegate(table))
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.fitter = ColumnFitter(table, stretch, fit=fit, optional=optional)
    if isinstance(model, PagedTableModel):
        model.restarted.connect(table.scrollToTop)  # a new search shows from its top
    return table


def select_row(table: QTableView, row: int, *, focus: bool = False) -> None:
    """Make ``row`` the current, selected row and show it."""
    model = table.model()
    if not 0 <= row < model.rowCount():
        return
    index = model.index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)
    if focus:
        table.setFocus(Qt.FocusReason.OtherFocusReason)
