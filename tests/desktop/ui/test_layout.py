"""Nothing clipped: every page of the desk fits a 1280x800 window in Kazakh, Russian and
English, over a real demo kindergarten (long Kazakh and Russian names and group names).

What a user would notice is asserted, not how it is achieved: no table scrolls sideways,
every column header shows whole, the sidebar's page names show whole, a name cut short
shows whole in its tooltip; and the words around the tables (audit details, the server's
reasons, the head's decision) are in the language chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.models.results import PageKey
from desktop.models.sync_store import LocalSyncStore
from desktop.ui.context import DeskContext
from desktop.ui.i18n import Translators
from desktop.ui.main_window import MainWindow
from desktop.ui.models.base import MUTED, Column, ListTableModel, RowStyle
from desktop.ui.models.paged import Fetch, Page, PagedTableModel
from desktop.ui.pages.audit import AuditPage
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.pages.document_check import DocumentCheckPage
from desktop.ui.widgets.tables import make_table
from domain.errors import DomainError
from domain.messages import message
from sync import protocol
from tests.desktop import factories
from tests.desktop.ui.test_pages import fill_documents, populate, press

Settle = Callable[[DeskContext], None]
WIDTH, HEIGHT = 1280, 800
# a stored key or code shown raw ("referral_ids: 8", "op_id: …", "REFERRAL_NOT_ACTIVE")
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]+_[A-Z_]+\b")


def calm(qtbot: QtBot, ctx: DeskContext, settle: Settle) -> None:
    """The runner's work delivered, then the tables' layout (a zero-time timer) done."""
    settle(ctx)
    qtbot.wait(30)
    QApplication.processEvents()


def tables(page: QWidget) -> list[QTableView]:
    return [t for t in page.findChildren(QTableView) if t.isVisible()]


def header_lines(table: QTableView, column: int) -> Sequence[str]:
    text = table.model().headerData(column, Qt.Orientation.Horizontal)
    return str(text or "").split("\n")


def clipped(table: QTableView) -> list[str]:
    """What the user cannot see whole: a sideways scroll bar, a header cut short."""
    problems = []
    name = table.objectName()
    if table.horizontalScrollBar().isVisible():
        problems.append(f"{name}: scrolls sideways")
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    if sum(header.sectionSize(c) for c in shown) > table.viewport().width():
        problems.append(f"{name}: columns wider than the table")
    for c in shown:
        if header.sectionSize(c) < header.sectionSizeHint(c):
            problems.append(f"{name}: header {header_lines(table, c)} cut")
    return problems


@pytest.fixture
def window(
    qtbot: QtBot, demo_ctx: DeskContext, translators: Translators, settle: Settle
) -> Iterator[MainWindow]:
    translators.apply("ru")
    made = MainWindow(demo_ctx, translators=translators, auto_sync=False)
    qtbot.addWidget(made)
    made.resize(WIDTH, HEIGHT)
    made.show()
    qtbot.waitExposed(made)
    calm(qtbot, demo_ctx, settle)
    yield made
    settle(demo_ctx)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_page_is_wider_than_the_window_at_1280x800(
    qtbot: QtBot, window: MainWindow, demo_ctx: DeskContext, settle: Settle, language: str
) -> None:
    assert (window.width(), window.height()) == (WIDTH, HEIGHT)
    window.set_language(language)
    problems: list[str] = []
    seen = 0
    for page in window.pages:
        window.show_page(page.key)
        calm(qtbot, demo_ctx, settle)
        for table in tables(page):
            seen += 1
            problems += [f"{language} {page.key}: {p}" for p in clipped(table)]
    assert seen >= 8  # Today (2), Referrals, Groups, Children, Conflicts, Sync (2), ...
    assert problems == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_sidebar_shows_every_page_name_whole(
    qtbot: QtBot, window: MainWindow, demo_ctx: DeskContext, settle: Settle, language: str
) -> None:
    window.set_language(language)
    calm(qtbot, demo_ctx, settle)
    sidebar = window.sidebar
    metrics = sidebar.fontMetrics()
    for row in range(sidebar.count()):
        item = sidebar.item(row)
        room = sidebar.visualItemRect(item).width() - 12  # the items' padding (6 px a side)
        assert metrics.horizontalAdvance(item.text()) <= room, item.text()
    assert not sidebar.horizontalScrollBar().isVisible()


def test_switching_language_lays_the_tables_out_again(
    qtbot: QtBot, window: MainWindow, demo_ctx: DeskContext, settle: Settle
) -> None:
    """The same table, Russian then English then Kazakh: it fits after every switch."""
    window.show_page("today")
    for language in ("ru", "en", "kk"):
        window.set_language(language)
        calm(qtbot, demo_ctx, settle)
        page = window.current_page()
        assert page is not None
        for table in tables(page):
            assert clipped(table) == [], language


def test_a_name_cut_short_shows_whole_in_its_tooltip(
    qtbot: QtBot, window: MainWindow, demo_ctx: DeskContext, settle: Settle
) -> None:
    """Narrowed until the child's names cannot show whole: still no sideways scrolling;
    the name ends in "…" and its tooltip says it all."""
    window.show_page("referrals")
    window.resize(1100, HEIGHT)
    calm(qtbot, demo_ctx, settle)
    page = window.current_page()
    assert page is not None
    (table,) = tables(page)
    assert not table.horizontalScrollBar().isVisible()
    model = table.model()
    cut = [
        row
        for row in range(model.rowCount())
        if table.sizeHintForIndex(model.index(row, 1)).width() > table.columnWidth(1)
    ]
    assert cut, "some child's name is wider than its column"
    index = model.index(cut[0], 1)
    full = str(model.data(index))
    spot = table.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, spot, table.viewport().mapToGlobal(spot))
    QApplication.sendEvent(table.viewport(), event)
    assert QToolTip.text() == full
    QToolTip.hideText()


# ------------------------------------------------------------------ a paged list of 50,000


def test_a_paged_table_is_sized_from_the_rows_on_screen_only(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    asked: list[int] = []

    def fetch(offset: int, limit: int, _after: PageKey | None) -> Listed:
        asked.append(offset)
        rows = [factories.referral(i + 1) for i in range(offset, min(offset + limit, 50_000))]
        return Listed(50_000, rows)

    model = PagedTableModel(
        ctx.runner,
        [
            Column(lambda: "Number", lambda r: r.number),
            Column(lambda: "Child", lambda r: r.child_name),
            Column(lambda: "Valid until", lambda r: str(r.expires_at)),
        ],
    )
    table = make_table(model, "paged", fit=False, stretch=(1,))
    qtbot.addWidget(table)
    table.resize(700, 400)
    table.show()
    model.set_fetch(fetch)
    calm(qtbot, ctx, settle)
    assert model.rowCount() == 50_000
    assert asked == [0]  # the first page only: no column read the other 49,900 rows
    assert not table.horizontalScrollBar().isVisible()
    widest = max(table.sizeHintForIndex(model.index(r, 0)).width() for r in range(10))
    assert table.columnWidth(0) >= widest  # the numbers show whole


@dataclass(frozen=True)
class Listed:
    """A page of a list as the paged model reads it (the shape of the store's pages)."""

    total: int
    items: list[Any]
    next_key: PageKey | None = None


class Paints(QObject):
    """Counts the paints of a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def numbered(width: int) -> Fetch:
    """A 20,000-row list whose numbers are ``width`` digits long."""

    def fetch(offset: int, limit: int, _after: PageKey | None) -> Listed:
        rows = range(offset, min(offset + limit, 20_000))
        return Listed(20_000, [(i + 1, f"{i + 1:0{width}d}", f"Әлиев{i} Нұрлан") for i in rows])

    return fetch


def numbers_table(qtbot: QtBot, ctx: DeskContext) -> tuple[PagedTableModel, QTableView]:
    """A paged table of (id, number, child's name) rows, shown, waiting for its query."""
    model = PagedTableModel(
        ctx.runner,
        [Column(lambda: "Number", lambda r: r[1]), Column(lambda: "Child", lambda r: r[2])],
        id_of=lambda r: int(r[0]),
    )
    table = make_table(model, "numbers", fit=False, stretch=(1,))
    qtbot.addWidget(table)
    table.resize(600, 400)
    table.show()
    qtbot.waitExposed(table)
    return model, table


def test_typing_a_search_neither_jumps_the_columns_nor_paints_the_list_twice(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """The clerk types and the list changes under the cursor: a column never narrows from
    one keystroke to the next (it widens when longer texts arrive), and each new list is
    painted once, with its columns already at their widths."""
    model, table = numbers_table(qtbot, ctx)
    model.set_fetch(numbered(12))
    calm(qtbot, ctx, settle)
    wide = table.columnWidth(0)
    assert wide >= table.sizeHintForIndex(model.index(0, 0)).width()
    paints = Paints(table.viewport())

    model.set_fetch(numbered(3))  # a search: short numbers only
    calm(qtbot, ctx, settle)
    assert model.data(model.index(0, 0)) == "001"
    assert table.columnWidth(0) == wide
    assert paints.count == 1

    model.set_fetch(numbered(20))  # longer ones: the column makes room for them
    calm(qtbot, ctx, settle)
    assert table.columnWidth(0) >= table.sizeHintForIndex(model.index(0, 0)).width() > wide
    assert not table.horizontalScrollBar().isVisible()


def test_a_new_search_made_down_the_list_is_sized_for_the_rows_it_shows(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """Scrolled to the end of one list, the clerk searches: the new list shows from its
    top, and its columns are sized for the rows shown there, not for where the old list
    was scrolled."""
    model, table = numbers_table(qtbot, ctx)
    model.set_fetch(numbered(3))
    calm(qtbot, ctx, settle)
    table.scrollToBottom()
    calm(qtbot, ctx, settle)
    assert table.rowAt(0) > 19_000

    def long_first(offset: int, limit: int, _after: PageKey | None) -> Listed:
        rows = range(offset, min(offset + limit, 50))
        return Listed(50, [(i + 1, "N-2026-" + "9" * 20 if i < 10 else "7", "Ким") for i in rows])

    model.set_fetch(long_first)
    calm(qtbot, ctx, settle)
    assert table.rowAt(0) == 0
    assert table.columnWidth(0) >= table.sizeHintForIndex(model.index(0, 0)).width()


def test_where_an_old_list_ended_is_never_asked_of_a_new_one(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """A new sort whose first page could not be read (the store was locked) leaves the
    old rows on screen; scrolling them then reads the new list by offset, never from a
    key of the old order (a deadline is no place to start a list of names)."""
    asked: list[tuple[str, int, PageKey | None]] = []

    def sorted_by(name: str, *, first_fails: bool = False) -> Fetch:
        def fetch(offset: int, limit: int, after: PageKey | None) -> Listed:
            asked.append((name, offset, after))
            if first_fails and offset == 0:
                raise DomainError("STORE_LOCKED")
            rows = [(i + 1, f"{i:06d}", "Ким") for i in range(offset, offset + limit)]
            return Listed(20_000, rows, (name, offset + limit - 1))

        return fetch

    model, table = numbers_table(qtbot, ctx)
    model.set_fetch(sorted_by("deadline"))
    calm(qtbot, ctx, settle)
    table.scrollTo(model.index(150, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    calm(qtbot, ctx, settle)
    assert ("deadline", 100, ("deadline", 99)) in asked  # read on from page 0's end
    failures: list[object] = []
    model.failed.connect(failures.append)
    model.set_fetch(sorted_by("name", first_fails=True))
    calm(qtbot, ctx, settle)
    assert failures
    asked.clear()
    table.scrollTo(model.index(200, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    calm(qtbot, ctx, settle)  # the page after one still on screen from the old order
    assert asked and all(after is None or after[0] == "name" for _name, _o, after in asked)


def test_an_optional_column_of_a_paged_list_goes_when_no_row_on_screen_uses_it(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """ "Left on" shows while the list includes children who left; searched again without
    them, the empty column gives its room back to the names."""
    model = PagedTableModel(
        ctx.runner,
        [Column(lambda: "Child", lambda r: r[1]), Column(lambda: "Left on", lambda r: r[2])],
        id_of=lambda r: int(r[0]),
    )
    table = make_table(model, "left", fit=False, stretch=(0,), optional=(1,))
    qtbot.addWidget(table)
    table.resize(600, 400)
    table.show()

    def children(left: str) -> Fetch:
        def fetch(offset: int, limit: int, _after: PageKey | None) -> Listed:
            rows = range(offset, min(offset + limit, 500))
            return Listed(500, [(i + 1, f"Әлиев{i} Нұрлан", left) for i in rows])

        return fetch

    model.set_fetch(children("01.02.2026"))
    calm(qtbot, ctx, settle)
    assert not table.isColumnHidden(1)
    model.set_fetch(children(""))
    calm(qtbot, ctx, settle)
    assert table.isColumnHidden(1)
    assert table.columnWidth(0) == table.viewport().width()


def test_a_name_ending_in_an_overhanging_letter_shows_whole(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """Font metrics leave out a last glyph's overhang ("…қ"): the widest names are sized by
    the view itself, so none of them ends in "…" when there is room."""
    model = ListTableModel(
        [Column(lambda: "Child", lambda r: r[0]), Column(lambda: "Group", lambda r: r[1])],
        id_of=lambda r: 0,
    )
    table = make_table(model, "overhang", stretch=(1,))
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    for name in ["Әлиев Бердақ", "Сейтқали Өмірзақ", "Жұмабек Ерғанат", "Ким Ү"]:
        model.set_rows([("Иванов Иван", "Балапан"), (name, "Балапан")])
        calm(qtbot, ctx, settle)
        assert table.columnWidth(0) >= table.sizeHintForColumn(0), name


def test_a_new_search_reads_only_its_first_page_when_the_list_was_scrolled_deep(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """Measuring the columns never reads rows: the view shows the new list from its top,
    and nothing deep in it is read for the widths."""
    asked: list[tuple[str, int]] = []

    def fetch(query: str) -> Fetch:
        def read(offset: int, limit: int, after: PageKey | None) -> Page:
            asked.append((query, offset))
            return numbered(6)(offset, limit, after)

        return read

    model, table = numbers_table(qtbot, ctx)
    model.set_fetch(fetch("all"))
    calm(qtbot, ctx, settle)
    table.scrollTo(model.index(15_000, 0))
    calm(qtbot, ctx, settle)
    assert model.peek(15_000) is not None
    model.set_fetch(fetch("search"))
    calm(qtbot, ctx, settle)
    assert [offset for query, offset in asked if query == "search"] == [0]
    assert table.rowAt(0) == 0


def test_a_column_with_nothing_in_it_makes_room_for_the_others(
    qtbot: QtBot, ctx: DeskContext, settle: Settle
) -> None:
    """ "Waiting to sync" shows only while something waits; the names get the room."""
    model = ListTableModel(
        [
            Column(lambda: "Group", lambda g: g[0]),
            Column(lambda: "Waiting to sync", lambda g: g[1]),
        ],
        id_of=lambda g: 0,
    )
    table = make_table(model, "optional", stretch=(0,), optional=(1,))
    qtbot.addWidget(table)
    table.resize(500, 200)
    table.show()
    model.set_rows([("Предшкольная группа «Капельки»", "")])
    calm(qtbot, ctx, settle)
    assert table.isColumnHidden(1)
    model.set_rows([("Предшкольная группа «Капельки»", "ждёт синхронизации")])
    calm(qtbot, ctx, settle)
    assert not table.isColumnHidden(1)
    assert clipped(table) == []


# ------------------------------------------------------------------ words, not stored values


def test_audit_details_are_sentences_in_the_chosen_language(
    qtbot: QtBot, sync: LocalSyncStore, ctx: DeskContext, translators: Translators, settle: Settle
) -> None:
    populate(sync, ctx)
    ctx.queries.referrals()  # a list viewed: "8 referrals shown"
    translators.apply("ru")
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    page.resize(WIDTH - 200, HEIGHT)
    page.show()
    page.refresh()
    calm(qtbot, ctx, settle)

    def details() -> dict[str, str]:
        rows = page.model.rows
        return {row.action: page.details(row) for row in rows}

    russian = details()
    assert {"documents_checked", "op_rejected", "view_referral_list"} <= set(russian)
    assert "показано направлений" in russian["view_referral_list"]
    assert "визит 03.03.2026" in russian["documents_checked"]
    assert "соответствует: " in russian["documents_checked"]
    assert russian["op_rejected"] == "Зачисление: " + message("REFERRAL_LAPSED", "ru")
    for action, text in russian.items():
        assert not RAW.search(text), (action, text)

    translators.apply("kk")
    ctx.language = "kk"
    page.retranslate()
    kazakh = details()
    assert "жолдама көрсетілді" in kazakh["view_referral_list"]
    assert kazakh["op_rejected"] == "Қабылдау: " + message("REFERRAL_LAPSED", "kk")
    for action, text in kazakh.items():
        assert not RAW.search(text), (action, text)
        assert text == "" or text != russian[action], action


def _refused_while_kazakh(sync: LocalSyncStore, ctx: DeskContext, text: str) -> None:
    """The desk enrolled family 1 while in Kazakh; the server refused in Kazakh."""
    sync.replace_with_snapshot(factories.snapshot(referrals=[factories.referral(1)]))
    ctx.desk.record_document_check(1, factories.documents(n=1))
    enrolled = ctx.desk.enroll(1)
    sync.store.language = "kk"
    lapsed = factories.referral(1, status="lapsed")
    sync.record_results(
        [
            protocol.OpResult(
                op_id=enrolled.op_id,
                status="rejected",
                code="REFERRAL_NOT_ACTIVE",
                message=text,
                rows=[factories.change("referral", lapsed, seq=200)],
            )
        ],
        datetime(2026, 3, 3, 6, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "server_said",
    [
        message("REFERRAL_NOT_ACTIVE", "kk", status="lapsed"),
        "Жолдама енді жарамсыз (мәртебесі: lapsed).",  # as older servers worded it
    ],
    ids=["worded-now", "worded-before"],
)
def test_a_refusal_names_the_status_in_the_language_shown(
    qtbot: QtBot, sync: LocalSyncStore, ctx: DeskContext, settle: Settle, server_said: str
) -> None:
    _refused_while_kazakh(sync, ctx, server_said)
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    for language, word in (("ru", "истекло"), ("kk", "мерзімі өтті"), ("en", "lapsed")):
        ctx.language = language
        page.refresh()
        calm(qtbot, ctx, settle)
        assert page.reason.text() == message("REFERRAL_NOT_ACTIVE", language, status="lapsed")
        assert word in page.reason.text()
        if language != "en":
            assert "lapsed" not in page.reason.text()


def test_the_heads_decision_follows_a_language_switch(
    qtbot: QtBot, sync: LocalSyncStore, ctx: DeskContext, translators: Translators, settle: Settle
) -> None:
    populate(sync, ctx)
    translators.apply("ru")
    window = MainWindow(ctx, translators=translators, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.page("document_check")
    assert isinstance(page, DocumentCheckPage)
    window.show_page("document_check")
    page.open_referral(1)
    calm(qtbot, ctx, settle)
    fill_documents(page, child=1, vaccination_steps=2)  # "not fully vaccinated"
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    calm(qtbot, ctx, settle)
    dialog = page.decision_dialog
    assert dialog is not None and dialog.isVisible()
    russian = (dialog.windowTitle(), dialog.hint.text(), dialog.ok.text())
    assert dialog.intro.text() == message("VACCINATION_DECISION_REQUIRED", "ru")

    window.set_language("kk")
    assert dialog.intro.text() == message("VACCINATION_DECISION_REQUIRED", "kk")
    kazakh = (dialog.windowTitle(), dialog.hint.text(), dialog.ok.text())
    assert all(k and k != r for k, r in zip(kazakh, russian, strict=True)), kazakh
    QTest.keyClick(dialog.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.decision_dialog is None)


def test_bold_headers_fit_too(qtbot: QtBot, ctx: DeskContext, settle: Settle) -> None:
    """A header is drawn bold while its column holds the selection: sized for that."""
    model = ListTableModel(
        [
            Column(lambda: "Осталось рабочих дней", lambda r: r),
            Column(lambda: "Группа", lambda r: r),
        ],
        id_of=lambda r: 0,
    )
    table = make_table(model, "bold", stretch=(1,))
    qtbot.addWidget(table)
    table.resize(400, 200)
    table.show()
    model.set_rows(["6"])
    table.selectRow(0)
    calm(qtbot, ctx, settle)
    font = QFont(table.horizontalHeader().font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    for line in header_lines(table, 0):
        assert metrics.horizontalAdvance(line) < table.columnWidth(0)
    assert clipped(table) == []


def test_a_rows_look_stays_on_its_row(qtbot: QtBot, ctx: DeskContext, settle: Settle) -> None:
    """An urgent (bold) or closed (muted) row does not lend its look to the rows painted
    after it: Qt's delegate asks a cell's roles in one span it reuses cell after cell."""
    model = ListTableModel(
        [Column(lambda: "Child", lambda r: r[0])],
        row_style=lambda r: RowStyle(bold=True, muted=True) if r[1] else None,
        id_of=lambda r: 0,
    )
    table = make_table(model, "looks")
    qtbot.addWidget(table)
    table.show()
    model.set_rows([("urgent", True), ("calm", False)])
    calm(qtbot, ctx, settle)
    delegate = table.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    plain = QStyleOptionViewItem()
    delegate.initStyleOption(plain, QModelIndex())
    looks = []
    for row in (0, 1, 0, 1):
        option = QStyleOptionViewItem()
        option.palette = plain.palette
        delegate.initStyleOption(option, model.index(row, 0))
        text = option.palette.color(QPalette.ColorRole.Text).name()
        looks.append((option.font.bold(), text == MUTED))
    assert looks == [(True, True), (False, False), (True, True), (False, False)]
