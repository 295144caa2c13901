"""The desk's pages over a real local store (pytest-qt, offscreen).

Data enter the store as a server would send them (``LocalSyncStore.replace_with_snapshot``
with protocol rows) and through the use cases; the pages read it off the GUI thread
through the runner, exactly as in the app. Keyboard tests press real keys on the focused
widget: a flow that needs a mouse fails here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.common import write_audit
from desktop.models.queries import DeskQueries
from desktop.models.results import ReferralPage
from desktop.models.sync_store import LocalSyncStore
from desktop.ui import dialogs
from desktop.ui.context import DeskContext
from desktop.ui.i18n import Translators
from desktop.ui.main_window import MainWindow
from desktop.ui.models.paged import PagedTableModel
from desktop.ui.pages.audit import ENTITIES, AuditPage
from desktop.ui.pages.base import Page
from desktop.ui.pages.children import ChildrenPage
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.pages.document_check import (
    DocumentCheckPage,
    EpidCertificateForm,
    ParentIdForm,
)
from desktop.ui.pages.groups import GroupsPage
from desktop.ui.pages.referrals import SORTS, ReferralsPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.pages.today import TodayPage
from desktop.ui.pages.walk_in import WalkInPage
from domain.iin import make_iin
from domain.kztime import local_date
from domain.messages import message
from server_stub.models import Account
from sync import protocol
from sync.client import SyncSummary
from tests.desktop import factories
from tests.desktop.conftest import Clock
from tests.desktop.ui.conftest import DemoServer

Settle = Callable[[DeskContext], None]
PAGES: tuple[type[Page], ...] = (
    TodayPage,
    ReferralsPage,
    DocumentCheckPage,
    GroupsPage,
    ChildrenPage,
    ConflictsPage,
    SyncPage,
    AuditPage,
    WalkInPage,
)
# 3 March 2026 in Almaty is the factories' desk day; the referral of family 2 ends on the
# 4th: one working day left, so it is highlighted
TOMORROW_END = datetime(2026, 3, 4, 18, 59, 59, tzinfo=UTC)
FREE_PLACE = 900


# ------------------------------------------------------------------------------ keyboard


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the focus, as the keyboard delivers it."""
    QTest.keyClick(focused(), key, modifier)


def type_into(widget: QWidget, text: str) -> None:
    """Key presses for ``text``; letters outside ASCII (Kazakh, Russian) arrive as a
    keyboard layout delivers them: a key event carrying the character."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_text(text: str) -> None:
    type_into(focused(), text)


def type_field(name: str, text: str) -> None:
    """Type into the focused field, which must be ``name``, then Tab to the next one."""
    assert focused().objectName() == name, (focused().objectName(), name)
    type_text(text)
    press(Qt.Key.Key_Tab)


def show_active(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


# ------------------------------------------------------------------------------ data


def populate(sync: LocalSyncStore, ctx: DeskContext) -> None:
    """A kindergarten with some of everything: live referrals (one due tomorrow), an
    enrolled one, children, a free place, a walk-in, a sync and a conflict."""
    referrals = [
        factories.referral(1),
        factories.referral(2, expires_at=TOMORROW_END),
        factories.referral(3, status="enrolled"),
    ]
    places = [factories.place(r.place_id, r.group_id) for r in referrals]
    places.append(factories.place(FREE_PLACE, status="free"))
    sync.replace_with_snapshot(
        factories.snapshot(
            referrals=referrals,
            places=places,
            enrollments=[factories.enrollment(300, n=1), factories.enrollment(301, n=2)],
            checks=[factories.document_check(700, 1, "parent_id")],
        )
    )
    # the server refused an enrollment this desk made (the referral lapsed meanwhile)
    desk = ctx.desk
    desk.record_document_check(2, factories.documents(n=2))
    enrolled = desk.enroll(2)
    lapsed = factories.referral(2, expires_at=TOMORROW_END, status="lapsed")
    sync.record_results(
        [
            protocol.OpResult(
                op_id=enrolled.op_id,
                status="rejected",
                code="REFERRAL_LAPSED",
                message=None,
                rows=[factories.change("referral", lapsed, seq=200)],
            )
        ],
        datetime(2026, 3, 3, 6, 0, tzinfo=UTC),
    )
    started = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    sync.record_sync(
        SyncSummary(
            started_at=started,
            finished_at=started + timedelta(seconds=3),
            pushed=2,
            applied=1,
            rejected=1,
            pulled=7,
            outcome="ok",
        )
    )
    birth = date(2023, 5, 5)
    desk.register_walk_in(
        child_iin=make_iin(birth, "F", 4242),
        child_name="Сейтқали Аружан",
        birth_date=birth,
        parent_iin=make_iin(date(1991, 5, 5), "F", 4242),
        phones=["8 701 555 00 42"],
        kindergarten_ids=[factories.KINDERGARTEN_ID],
    )


@pytest.fixture
def full(sync: LocalSyncStore, ctx: DeskContext) -> DeskContext:
    populate(sync, ctx)
    return ctx


@pytest.fixture
def empty(sync: LocalSyncStore, ctx: DeskContext) -> DeskContext:
    sync.replace_with_snapshot(factories.snapshot(referrals=[], groups=[], places=[]))
    return ctx


def shown(qtbot: QtBot, page: Page, settle: Settle) -> Page:
    """A page on its own, wired as the window wires it: it refreshes when an operation
    reports one of its topics."""
    qtbot.addWidget(page)
    page.ctx.changes.changed.connect(
        lambda topics: page.refresh() if page.topics & topics else None
    )
    page.resize(1200, 800)
    page.show()
    page.refresh()
    settle(page.ctx)
    return page


@pytest.fixture
def window(qtbot: QtBot, ctx: DeskContext, settle: Settle) -> Iterator[MainWindow]:
    """The desk's window over the store (no timers: nothing syncs by itself)."""
    made = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(made)
    show_active(qtbot, made)
    settle(ctx)
    yield made
    settle(ctx)


# ------------------------------------------------------------------------------ rendering


def test_every_page_renders_its_data(qtbot: QtBot, full: DeskContext, settle: Settle) -> None:
    today = shown(qtbot, TodayPage(full), settle)
    assert isinstance(today, TodayPage)
    names = [r.child_name for r in today.expected_model.rows]
    assert names == [factories.child_name(1)]  # 2 lapsed on the server, 3 is enrolled
    assert today.places_model.rows and today.conflicts_action.isEnabled()
    assert "1" in today.conflicts_text.text()

    referrals = shown(qtbot, ReferralsPage(full), settle)
    assert isinstance(referrals, ReferralsPage)
    assert referrals.model.rowCount() == full.queries.referrals().total == 1  # the live one
    assert referrals.count.text() and not referrals.stack.is_empty()

    check = shown(qtbot, DocumentCheckPage(full), settle)
    assert isinstance(check, DocumentCheckPage)
    assert check.stack.is_empty()  # nothing open yet: it says how to open a family
    check.open_referral(1)
    settle(full)
    assert check.values["child"].text() == factories.child_name(1)
    assert check.values["parent_iin"].text() == factories.PARENT_IIN
    assert check.form[check.forms[0].kind].badge.verdict == "passed"  # recorded before
    assert check.visit.date() == date(2026, 3, 3)

    groups = shown(qtbot, GroupsPage(full), settle)
    assert isinstance(groups, GroupsPage)
    assert [g.id for g in groups.groups_model.rows] == [
        factories.GENERAL_GROUP,
        factories.CORRECTIONAL_GROUP,
    ]
    assert FREE_PLACE in [p.id for p in groups.places_model.rows]

    children = shown(qtbot, ChildrenPage(full), settle)
    assert isinstance(children, ChildrenPage)
    assert children.model.rowCount() == 2

    conflicts = shown(qtbot, ConflictsPage(full), settle)
    assert isinstance(conflicts, ConflictsPage)
    assert len(conflicts.model.rows) == 1
    assert conflicts.reason.text() == message("REFERRAL_LAPSED", "ru")
    assert "N-2026-0000002" in conflicts.attempted.text()
    assert conflicts.advice.text() and conflicts.server_now.text()

    sync_page = shown(qtbot, SyncPage(full), settle)
    assert isinstance(sync_page, SyncPage)
    assert [op.kind for op in sync_page.pending_model.rows] == [
        "record_document_check",
        "register_walk_in",
    ]
    assert sync_page.history_model.rows[0].rejected == 1

    audit = shown(qtbot, AuditPage(full), settle)
    assert isinstance(audit, AuditPage)
    assert audit.model.rowCount() > 0

    walk_in = shown(qtbot, WalkInPage(full), settle)
    assert isinstance(walk_in, WalkInPage)
    (draft,) = walk_in.model.rows
    assert draft.pending and draft.number is None
    assert walk_in.chosen_kindergartens() == [factories.KINDERGARTEN_ID]


@pytest.mark.parametrize("page_class", PAGES, ids=lambda c: c.key)
def test_every_page_says_what_to_do_when_empty(
    qtbot: QtBot, empty: DeskContext, settle: Settle, page_class: type[Page]
) -> None:
    page = shown(qtbot, page_class(empty), settle)
    if isinstance(page, AuditPage):  # the sign-in is always there: look at referrals
        page.entity.setCurrentIndex(1)
        settle(empty)
    stacks = [w for w in page.findChildren(QWidget) if w.objectName() == "empty-state"]
    assert stacks, "the page has an empty state"
    visible = [label for label in stacks if label.isVisible()]
    assert visible, f"{page.key} shows its empty state"
    assert all(label.text().strip() for label in visible)  # type: ignore[attr-defined]


def test_pages_retranslate_reason_messages(qtbot: QtBot, full: DeskContext, settle: Settle) -> None:
    conflicts = shown(qtbot, ConflictsPage(full), settle)
    assert isinstance(conflicts, ConflictsPage)
    full.language = "kk"
    conflicts.retranslate()
    assert conflicts.reason.text() == message("REFERRAL_LAPSED", "kk")
    full.language = "en"
    conflicts.retranslate()
    assert conflicts.reason.text() == message("REFERRAL_LAPSED", "en")


# ------------------------------------------------------------------------------ referrals


def test_referrals_model_holds_ids_and_reads_50000_rows_page_by_page(
    qtbot: QtBot,
    sync: LocalSyncStore,
    ctx: DeskContext,
    settle: Settle,
    capsys: pytest.CaptureFixture[str],
) -> None:
    referrals = [
        factories.referral(
            i,
            name=f"Әлиев{i} Нұрлан",
            iin=make_iin(date(2021 + i % 4, 1 + i % 12, 1 + i % 28), "M", i % 9000),
        )
        for i in range(1, 50_001)
    ]
    sync.replace_with_snapshot(factories.snapshot(referrals=referrals, places=[]))
    page = shown(qtbot, ReferralsPage(ctx), settle)
    assert isinstance(page, ReferralsPage)
    model = page.model
    assert isinstance(model, PagedTableModel)
    assert model.rowCount() == 50_000  # the SQL count, with the first page only
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        started = time.perf_counter()
        model.reload()
    unfiltered = time.perf_counter() - started
    assert model.cached_rows() <= model.page_size * model.max_pages

    # scrolling to the middle reads the pages there, not the rows in between
    fetched = model.fetches
    page.table.scrollTo(model.index(25_000, 0))
    QApplication.processEvents()
    settle(ctx)
    assert model.item(25_000) is not None
    assert model.fetches - fetched <= 3
    assert model.cached_rows() <= model.page_size * model.max_pages
    assert model.id_at(25_000) == model.known_ids()[25_000]

    # a search typed into the box is one SQL query after the typing pauses
    prefix = "2303"  # born in March 2023
    expected = ctx.queries.referrals(prefix, limit=1).total
    moments: dict[str, float] = {}
    page.search.searchChanged.connect(lambda _t: moments.setdefault("asked", time.perf_counter()))
    model.loaded.connect(lambda: moments.setdefault("shown", time.perf_counter()))
    page.search.setFocus()
    QTest.keyClicks(page.search, prefix)
    qtbot.waitUntil(lambda: model.query == prefix and not model.is_loading(), timeout=10_000)
    elapsed = moments["shown"] - moments["asked"]
    assert model.rowCount() == expected > 0
    shown_iins = [model.item(r).child_iin for r in range(min(expected, 50))]  # type: ignore[union-attr]
    assert all(iin.startswith(prefix) for iin in shown_iins)
    # a header click is an ORDER BY in SQL
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=10_000)
    first = ctx.queries.referrals(prefix, sort="child_name", descending=True, limit=1).items[0]
    assert model.id_at(0) == first.id
    with capsys.disabled():
        print(
            f"\nreferrals page: 50,000 rows, first page in {unfiltered * 1000:.0f} ms; "
            f"filter {prefix!r} -> {expected} rows shown {elapsed * 1000:.0f} ms after the "
            "typing paused (count, first page and its audit record, in the runner; the GUI "
            "thread stays free)"
        )


def test_scrolling_on_reads_each_next_page_from_where_the_last_one_ended(
    qtbot: QtBot,
    sync: LocalSyncStore,
    ctx: DeskContext,
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scrolling down a page at a time asks the store for the rows after the last one
    shown (keyset paging: as quick at row 50,000 as at row 100), and the list is the
    same as the store's own order; a jump to a page far away is read by its offset."""
    referrals = [factories.referral(i, name=f"Ким{i % 7} Анна") for i in range(1, 1_001)]
    sync.replace_with_snapshot(factories.snapshot(referrals=referrals, places=[]))
    asked: list[tuple[int, bool]] = []
    read = DeskQueries.referrals

    def recording(self: DeskQueries, *args: Any, **kwargs: Any) -> ReferralPage:
        asked.append((kwargs["offset"], kwargs["after"] is not None))
        return read(self, *args, **kwargs)

    monkeypatch.setattr(DeskQueries, "referrals", recording)
    page = shown(qtbot, ReferralsPage(ctx), settle)
    assert isinstance(page, ReferralsPage)
    model, table = page.model, page.table
    page.sort_box.setCurrentIndex(SORTS.index(("child_name", False)))
    qtbot.waitUntil(lambda: not model.is_loading() and model.id_at(0) is not None)
    asked.clear()
    for row in range(0, 1_000, model.page_size):
        table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        QApplication.processEvents()
        settle(ctx)
        QApplication.processEvents()
    assert [offset for offset, _key in asked] == list(range(100, 1_000, 100))
    assert all(key for _offset, key in asked)
    store_order = [r.id for r in read(ctx.queries, sort="child_name", limit=500).items]
    store_order += [r.id for r in read(ctx.queries, sort="child_name", offset=500, limit=500).items]
    assert [model.known_ids()[row] for row in range(1_000)] == store_order

    asked.clear()
    table.scrollTo(model.index(150, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    QApplication.processEvents()
    settle(ctx)
    assert asked == [(100, False)]  # page 1 left the window long ago: read by its offset


def test_a_scanned_iin_filters_the_referrals_and_selects_the_family(
    qtbot: QtBot, full: DeskContext, settle: Settle
) -> None:
    page = shown(qtbot, ReferralsPage(full), settle)
    assert isinstance(page, ReferralsPage)
    full.changes.jump_to_iin.emit(factories.child_iin(1))
    settle(full)
    assert page.search.text() == factories.child_iin(1)
    assert page.model.rowCount() == 1
    assert page.current_id() == 1


# ------------------------------------------------------------------------------ checking


def open_check(qtbot: QtBot, ctx: DeskContext, settle: Settle, referral: int) -> DocumentCheckPage:
    page = shown(qtbot, DocumentCheckPage(ctx), settle)
    assert isinstance(page, DocumentCheckPage)
    page.open_referral(referral)
    settle(ctx)
    return page


def test_the_verdict_follows_the_typing(qtbot: QtBot, full: DeskContext, settle: Settle) -> None:
    page = open_check(qtbot, full, settle, 1)
    epid = page.forms[2]
    assert isinstance(epid, EpidCertificateForm)
    visit = page.visit.date()
    assert visit == date(2026, 3, 3)
    QTest.keyClicks(epid.number, "E-77")
    assert epid.badge.verdict == "incomplete"  # no issue date yet: nothing to judge
    stale = visit - timedelta(days=4)
    QTest.keyClicks(epid.issued, stale.strftime("%d.%m.%Y"))
    assert epid.badge.verdict == "failed"
    assert epid.reason.text() == message(
        "EPID_CERT_TOO_OLD",
        "ru",
        issued=stale.isoformat(),
        valid_until=(stale + timedelta(days=3)).isoformat(),
    )
    epid.issued.clear()
    QTest.keyClicks(epid.issued, (visit - timedelta(days=1)).strftime("%d%m%Y"))
    assert epid.badge.verdict == "passed"

    parent = page.forms[0]
    assert isinstance(parent, ParentIdForm)
    QTest.keyClicks(parent.iin, factories.PARENT_IIN[:6])
    assert parent.badge.verdict == "incomplete"
    QTest.keyClicks(parent.iin, factories.PARENT_IIN[6:])
    assert parent.badge.verdict == "failed"  # no number on the document
    assert parent.reason.text() == message("DOC_NUMBER_MISSING", "ru")
    QTest.keyClicks(parent.number, "N123")
    assert parent.badge.verdict == "passed"
    assert not page.enroll_action.isEnabled()  # the other two are not brought
    assert page.save_action.isEnabled()


def fill_documents(page: DocumentCheckPage, *, child: int, vaccination_steps: int = 1) -> None:
    """Fill the four documents of factories' family ``child`` through the keyboard."""
    page.forms[0].number.setFocus()
    type_field("parent_id-number", "N123")
    type_field("parent_id-iin", factories.PARENT_IIN)
    type_field("parent_id-expiry", "01.01.2030")
    type_field("birth_certificate-number", "I-АЛ 1")
    type_field("birth_certificate-iin", factories.child_iin(child))
    type_field("birth_certificate-birth", "15.03.2022")
    type_field("epid_certificate-number", "E-77")
    type_field("epid_certificate-issued", "02.03.2026")
    type_field("health_passport-number", "HP-5")
    assert focused().objectName() == "health_passport-vaccination"
    for _ in range(vaccination_steps):
        press(Qt.Key.Key_Down)


def test_a_failed_check_is_saved_and_no_typed_input_is_lost(
    qtbot: QtBot, full: DeskContext, settle: Settle, clock: Clock
) -> None:
    page = open_check(qtbot, full, settle, 1)
    epid = page.forms[2]
    assert isinstance(epid, EpidCertificateForm)
    QTest.keyClicks(epid.number, "E-1")
    QTest.keyClicks(epid.issued, "20.02.2026")
    assert epid.badge.verdict == "failed"
    page.save_action.trigger()
    settle(full)
    detail = full.queries.referral(1)
    (state,) = [d for d in detail.documents if d.kind == epid.kind]
    assert state.status == "failed" and state.code == "EPID_CERT_TOO_OLD" and state.pending
    assert epid.pending.isVisibleTo(page)  # waiting to sync
    assert page.banner.level == "warning"

    # the family comes back with a new certificate, but the referral's deadline passed
    # before the clerk saves: the save is refused and every typed value stays
    epid.issued.clear()
    QTest.keyClicks(epid.issued, "02.03.2026")
    assert epid.badge.verdict == "passed"
    clock.advance(timedelta(days=10))
    assert page.save_action.isEnabled()
    QTest.keyClick(epid.issued, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(full)
    assert page.banner.level == "error"
    assert page.banner.text() == message("REFERRAL_LAPSED", "ru")
    assert epid.number.text() == "E-1" and epid.issued.text() == "02.03.2026"


def test_enrolling_an_unvaccinated_child_asks_for_the_heads_decision(
    qtbot: QtBot, window: MainWindow, ctx: DeskContext, settle: Settle
) -> None:
    page = window.page("document_check")
    assert isinstance(page, DocumentCheckPage)
    referrals = window.page("referrals")
    assert isinstance(referrals, ReferralsPage)
    referrals.open_referral(1)
    settle(ctx)
    assert window.current_page() is page
    fill_documents(page, child=1, vaccination_steps=2)  # "not fully vaccinated"
    assert all(form.ok for form in page.forms)
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    dialog = page.decision_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert focused() is dialog.text
    assert dialog.intro.text() == message("VACCINATION_DECISION_REQUIRED", "ru")
    type_into(dialog.text, "Решение заведующей: мед. отвод оформляется")
    QTest.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.decision_dialog is None)  # a button's key "clicks" it
    settle(ctx)
    (child,) = [c for c in ctx.queries.children().items if c.child_iin == factories.child_iin(1)]
    detail = ctx.queries.child(child.id)
    assert detail.head_decision == "Решение заведующей: мед. отвод оформляется"
    assert detail.vaccination == "incomplete" and detail.pending


# ------------------------------------------------------------------------------ keyboard


def test_check_and_enroll_without_a_mouse(
    qtbot: QtBot, window: MainWindow, ctx: DeskContext, settle: Settle
) -> None:
    # the referrals page (Ctrl+2), its search box (Alt+S), the child's IIN, Enter
    press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    assert window.current_page() is window.page("referrals")
    press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert focused().objectName() == "referral-search"
    type_text(factories.child_iin(2))
    press(Qt.Key.Key_Return)
    settle(ctx)
    page = window.current_page()
    assert isinstance(page, DocumentCheckPage)
    assert page.referral_id == 2
    assert focused().objectName() == "parent_id-number"  # typing starts at once

    fill_documents(page, child=2)
    assert [f.badge.verdict for f in page.forms] == ["passed"] * 4
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    assert ctx.queries.referral(2).all_passed
    press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    assert ctx.queries.referral(2).status == "enrolled"
    assert factories.child_iin(2) in [c.child_iin for c in ctx.queries.children().items]
    assert not page.enroll_action.isEnabled()
    assert page.banner.level == "ok"

    # the Children page shows the child, waiting to sync (Ctrl+5)
    press(Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    children = window.current_page()
    assert isinstance(children, ChildrenPage)
    assert children.model.rowCount() == 1
    assert children.model.item(0).pending  # type: ignore[union-attr]


def test_a_scanned_iin_anywhere_opens_the_family(
    qtbot: QtBot, window: MainWindow, ctx: DeskContext, settle: Settle
) -> None:
    window.sidebar.setFocus()
    type_text(factories.child_iin(1))  # a scanner types twelve digits and Enter
    settle(ctx)
    referrals = window.current_page()
    assert isinstance(referrals, ReferralsPage)
    assert referrals.current_id() == 1
    assert focused() is referrals.table
    press(Qt.Key.Key_Return)
    settle(ctx)
    check = window.current_page()
    assert isinstance(check, DocumentCheckPage) and check.referral_id == 1


# ------------------------------------------------------------------------------ other pages


def test_publishing_and_withdrawing_places(
    qtbot: QtBot, full: DeskContext, settle: Settle, clock: Clock, messages: list[dialogs.Message]
) -> None:
    page = shown(qtbot, GroupsPage(full), settle)
    assert isinstance(page, GroupsPage)
    assert page.current_group() is not None
    group = page.current_group()
    assert group is not None and group.id == factories.GENERAL_GROUP
    page.count.setValue(2)
    page.publish_action.trigger()
    settle(full)
    assert page.note.level == "ok"
    page.refresh()
    settle(full)
    pending = [p for p in page.places_model.rows if p.pending and p.id < 0]
    assert len(pending) == 2

    page.count.setMaximum(500)
    page.count.setValue(500)
    page.publish_action.trigger()
    settle(full)
    assert page.note.level == "error"
    assert "вместимость" in page.note.text()  # PLACES_OVER_CAPACITY, in Russian

    # Del on the places list withdraws the selected free place (after asking)
    row = page.places_model.row_of(FREE_PLACE)
    assert row is not None
    page.places_table.setFocus()
    page.places_table.selectRow(row)
    assert page.withdraw_action.isEnabled()
    page.withdraw()
    settle(full)
    assert messages and messages[-1].kind == "question"
    assert page.note.level == "ok"
    assert [p.status for p in full.queries.places() if p.id == FREE_PLACE] == ["withdrawn"]

    # R25: nothing is published in August; the use case says why, in Russian
    clock.moment = datetime(2026, 8, 10, 6, 0, tzinfo=UTC)
    page.count.setValue(1)
    page.publish_action.trigger()
    settle(full)
    assert page.note.text() == message("AUGUST_FREEZE", "ru")


def test_a_child_leaves(qtbot: QtBot, full: DeskContext, settle: Settle) -> None:
    page = shown(qtbot, ChildrenPage(full), settle)
    assert isinstance(page, ChildrenPage)
    type_into(page.search, factories.child_name(1).split()[0])
    qtbot.waitUntil(lambda: page.model.query != "" and not page.model.is_loading())
    settle(full)
    assert page.model.rowCount() == 1
    page.focus_list()
    page.reason.setFocus()
    type_into(page.reason, "Переезд")
    assert page.leave_action.isEnabled()
    QTest.keyClick(page.reason, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(full)
    assert page.note.level == "ok"
    assert full.queries.children(include_left=True).total == 2
    assert full.queries.children().total == 1


def test_a_conflict_is_resolved_with_a_note(
    qtbot: QtBot, full: DeskContext, settle: Settle
) -> None:
    page = shown(qtbot, ConflictsPage(full), settle)
    assert isinstance(page, ConflictsPage)
    assert not page.resolve_action.isEnabled()  # a note is needed
    page.note_edit.setFocus()
    type_into(page.note_edit, "Позвонили семье")
    QTest.keyClick(page.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(full)
    assert full.queries.conflicts() == []
    (resolved,) = full.queries.conflicts(include_resolved=True)
    assert resolved.resolution == "Позвонили семье"
    page.refresh()
    settle(full)
    assert page.stack.is_empty()


def test_a_walk_in_is_registered_with_live_hints(
    qtbot: QtBot, empty: DeskContext, settle: Settle
) -> None:
    page = shown(qtbot, WalkInPage(empty), settle)
    assert isinstance(page, WalkInPage)
    birth = date(2023, 6, 1)
    child = make_iin(birth, "M", 77)
    page.child_iin.setFocus()
    type_field("walkin-child-iin", child[:11] + str((int(child[11]) + 1) % 10))
    assert page.child_iin_hint.level == "error"  # R1: a wrong check digit
    page.child_iin.setFocus()
    page.child_iin.clear()
    type_field("walkin-child-iin", child)
    assert page.child_iin_hint.level == "ok"
    type_field("walkin-name", "Ахметов Нұрсұлтан")
    type_field("walkin-birth", "02.06.2023")  # the IIN says 1 June: a warning (R2)
    assert page.birth_hint.level == "warning"
    assert message("IIN_BIRTH_DATE_MISMATCH", "ru") in page.birth_hint.text()
    type_field("walkin-parent-iin", make_iin(date(1990, 2, 2), "M", 77))
    type_field("walkin-phone1", "8 701 555 12 34")
    assert page.phone_hints[0].text().endswith("+7 701 555 12 34")
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(empty)
    assert page.note.level == "warning"  # registered, with the R2 warning
    assert page.child_iin.text() == ""  # a fresh form for the next family
    (walk_in,) = page.model.rows
    assert walk_in.status == "pending" and walk_in.child_iin == child

    # a refusal keeps the form as typed
    page.child_iin.setFocus()
    type_field("walkin-child-iin", child)  # the same child again: R3
    type_field("walkin-name", "Ахметов Нұрсұлтан")
    type_field("walkin-birth", "01.06.2023")
    type_field("walkin-parent-iin", make_iin(date(1990, 2, 2), "M", 77))
    type_field("walkin-phone1", "+77015551234")
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(empty)
    assert page.note.text() == message("APPLICATION_DUPLICATE", "ru")
    assert page.child_iin.text() == child and page.name.text() == "Ахметов Нұрсұлтан"
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.child_iin.text() == "" and focused() is page.child_iin


def _fill_family(page: WalkInPage, serial: int) -> None:
    """The family's fields by keyboard, from the child's IIN to the second phone."""
    birth = date(2023, 6, 1)
    page.child_iin.setFocus()
    type_field("walkin-child-iin", make_iin(birth, "M", serial))
    type_field("walkin-name", "Ахметов Нұрсұлтан")
    type_field("walkin-birth", "01.06.2023")
    type_field("walkin-parent-iin", make_iin(date(1990, 2, 2), "M", serial))
    type_field("walkin-phone1", "8 701 555 12 34")
    type_field("walkin-phone2", "")


def _sent_kindergartens(ctx: DeskContext) -> list[list[int]]:
    """The kindergarten ids of each walk-in waiting in the outbox, as they will be sent."""
    ops = [envelope.op for envelope in LocalSyncStore(ctx.queries.store).pending_ops(100)]
    return [op.kindergarten_ids for op in ops if isinstance(op, protocol.RegisterWalkIn)]


@pytest.fixture
def district(sync: LocalSyncStore, empty: DeskContext) -> DeskContext:
    """The empty kindergarten, its district's directory synced."""
    sync.replace_directory(factories.directory())
    return empty


def test_walk_in_kindergartens_are_chosen_by_typing_part_of_a_name(
    qtbot: QtBot, district: DeskContext, settle: Settle
) -> None:
    """Keyboard only: Tab into each chooser, type part of a name, a number or an address,
    Enter takes the match; the walk-in is registered with the ids in rank order."""
    page = shown(qtbot, WalkInPage(district), settle)
    assert isinstance(page, WalkInPage)
    assert page.choices[0].text().startswith("Балдырган")  # the desk's own, first
    assert not page.directory_note.isVisible()
    _fill_family(page, 77)
    assert focused() is page.choices[0]
    press(Qt.Key.Key_Tab)
    type_text("акбот")  # part of a name, any case
    assert page.choices[1].matches() == 1
    press(Qt.Key.Key_Return)
    assert page.choices[1].chosen_id() == 2 and "Акбота" in page.choices[1].text()
    press(Qt.Key.Key_Tab)
    type_text("балапан 23")  # words in any order: "Детский сад №23 «Балапан»"
    press(Qt.Key.Key_Return)
    assert page.choices[2].chosen_id() == 5
    press(Qt.Key.Key_Tab)
    type_text("жибек")  # the address: "Алматы, Жибек жолы 40"
    press(Qt.Key.Key_Tab)  # leaving with one match left takes it
    assert page.choices[3].chosen_id() == 3 and focused() is page.kazakh
    assert page.chosen_kindergartens() == [factories.KINDERGARTEN_ID, 2, 5, 3]
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(district)
    assert page.note.level == "ok", page.note.text()
    assert _sent_kindergartens(district) == [[factories.KINDERGARTEN_ID, 2, 5, 3]]
    # the next family starts again from this kindergarten alone
    assert page.chosen_kindergartens() == [factories.KINDERGARTEN_ID]


def test_a_kindergarten_chosen_twice_is_refused_with_a_message(
    qtbot: QtBot, district: DeskContext, settle: Settle
) -> None:
    page = shown(qtbot, WalkInPage(district), settle)
    assert isinstance(page, WalkInPage)
    _fill_family(page, 78)
    press(Qt.Key.Key_Tab)
    type_text("Балдырган")  # the desk's own again, as the second choice
    press(Qt.Key.Key_Return)
    assert page.chosen_kindergartens() == [factories.KINDERGARTEN_ID] * 2
    assert page.choices_hint.isVisible()
    assert page.choices_hint.text() == message("CHOICE_DUPLICATE", "ru")
    assert not page.register_action.isEnabled()
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(district)
    assert _sent_kindergartens(district) == []  # nothing registered
    # typed but not picked: said too, and not registered with the choice dropped
    page.choices[1].setFocus()
    page.choices[1].selectAll()
    type_text("нет такого")
    assert "2" in page.choices_hint.text() and not page.register_action.isEnabled()
    page.choices[1].clear()
    page.choices[1].choose(None)
    assert not page.choices_hint.isVisible() and page.register_action.isEnabled()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_before_the_first_sync_the_walk_in_page_says_the_directory_is_empty(
    qtbot: QtBot, empty: DeskContext, settle: Settle, translators: Translators, language: str
) -> None:
    """Offline, never synced the directory: the page says so in the desk's language and
    still registers the family for this kindergarten."""
    translators.apply(language)
    empty.language = language
    page = shown(qtbot, WalkInPage(empty), settle)
    assert isinstance(page, WalkInPage)
    assert page.directory_note.isVisible()
    said = page.directory_note.text()
    assert "F5" in said
    if language != "en":
        assert "sync" not in said.casefold()  # translated, not the English source
    assert page.chosen_kindergartens() == [factories.KINDERGARTEN_ID]
    page.choices[1].setFocus()
    type_text("акбот")
    assert page.choices[1].matches() == 0 and not page.register_action.isEnabled()


def test_the_audit_log_filters_by_record(qtbot: QtBot, full: DeskContext, settle: Settle) -> None:
    page = shown(qtbot, AuditPage(full), settle)
    assert isinstance(page, AuditPage)
    everything = page.model.rowCount()
    page.entity.setCurrentIndex(1)  # referrals
    settle(full)
    rows = [page.model.item(r) for r in range(page.model.rowCount())]
    assert 0 < len(rows) < everything
    assert {r.entity for r in rows if r is not None} == {"referral"}


def _who(page: AuditPage) -> dict[int | None, str]:
    """The Who column's text by the record's actor id."""
    shown_ = {}
    for row in range(page.model.rowCount()):
        entry = page.model.item(row)
        assert entry is not None
        shown_[entry.actor] = str(page.model.data(page.model.index(row, 1)))
    return shown_


def test_the_audit_log_names_the_head_who_signed_in(
    qtbot: QtBot, demo_server: DemoServer, demo_ctx: DeskContext, settle: Settle
) -> None:
    """Signed in against a real server: the Who column says the head's full name."""
    with demo_server.live.runtime.session_factory() as session:
        head = session.scalar(select(Account).where(Account.login == demo_server.login))
        assert head is not None and head.full_name
        account_id, full_name = head.id, head.full_name
    page = shown(qtbot, AuditPage(demo_ctx), settle)
    assert isinstance(page, AuditPage)
    who = _who(page)
    assert who[account_id] == full_name
    assert "account" not in who[account_id] and str(account_id) not in who[account_id]
    row = next(r for r in range(page.model.rowCount()) if page.model.item(r).actor == account_id)
    tip = page.model.data(page.model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
    assert full_name in tip and str(account_id) in tip


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_audit_log_names_an_unknown_account_by_its_id(
    qtbot: QtBot,
    sync: LocalSyncStore,
    ctx: DeskContext,
    settle: Settle,
    translators: Translators,
    language: str,
) -> None:
    """An account this desk never saw (and one that signed in before names were kept):
    "account N" in the desk's language; the engine is "sync"; a login stands in for an
    empty full name."""
    translators.apply(language)
    ctx.language = language
    sync.set_server("http://127.0.0.1:8000", 1, 9, role="staff", login="staff1", full_name="")
    with ctx.store.write() as session:
        for actor in (42, None):
            write_audit(
                session,
                at=ctx.store.now(),
                actor=actor,
                action="view_referral",
                entity="referral",
                entity_id=1,
            )
    page = shown(qtbot, AuditPage(ctx), settle)
    assert isinstance(page, AuditPage)
    who = _who(page)
    account = {"kk": "пайдаланушы {id}", "ru": "пользователь {id}", "en": "account {id}"}[language]
    assert who[42] == account.format(id=42)
    assert who[factories.ACCOUNT_ID] == account.format(id=factories.ACCOUNT_ID)
    assert who[9] == "staff1"
    assert who[None] == {"kk": "синхрондау", "ru": "синхронизация", "en": "sync"}[language]
    page.entity.setCurrentIndex(ENTITIES.index("kindergarten"))  # the filter still works
    settle(ctx)
    assert set(_who(page)) == {factories.ACCOUNT_ID, 9}


def test_today_marks_a_deadline_tomorrow(
    qtbot: QtBot, sync: LocalSyncStore, ctx: DeskContext, settle: Settle
) -> None:
    sync.replace_with_snapshot(
        factories.snapshot(
            referrals=[factories.referral(1), factories.referral(2, expires_at=TOMORROW_END)]
        )
    )
    page = shown(qtbot, TodayPage(ctx), settle)
    assert isinstance(page, TodayPage)
    assert [r.id for r in page.expected_model.rows] == [2, 1]  # soonest deadline first
    urgent = page.expected_model.data(
        page.expected_model.index(0, 0), Qt.ItemDataRole.BackgroundRole
    )
    calm = page.expected_model.data(page.expected_model.index(1, 0), Qt.ItemDataRole.BackgroundRole)
    assert urgent is not None and calm is None
    assert local_date(ctx.store.now()).strftime("%d.%m.%Y") in page.heading.text()
    assert not page.conflicts_action.isEnabled()


def test_typed_input_is_kept_when_another_family_is_opened(
    qtbot: QtBot, full: DeskContext, settle: Settle
) -> None:
    page = open_check(qtbot, full, settle, 1)
    epid = page.forms[2]
    assert isinstance(epid, EpidCertificateForm)
    QTest.keyClicks(epid.number, "E-9")
    QTest.keyClicks(epid.issued, "01.03.2026")
    page.open_referral(2)
    settle(full)
    assert epid.number.text() == "" and page.values["child"].text() == factories.child_name(2)
    page.open_referral(1)
    settle(full)
    assert (epid.number.text(), epid.issued.text()) == ("E-9", "01.03.2026")
    assert epid.badge.verdict == "passed"


def test_the_sort_box_is_the_keyboards_header_click(
    qtbot: QtBot, sync: LocalSyncStore, ctx: DeskContext, settle: Settle
) -> None:
    sync.replace_with_snapshot(
        factories.snapshot(referrals=[factories.referral(n) for n in (3, 1, 2)])
    )
    page = shown(qtbot, ReferralsPage(ctx), settle)
    assert isinstance(page, ReferralsPage)
    page.sort_box.setFocus()
    page.sort_box.setCurrentIndex(3)  # by number
    settle(ctx)
    assert [page.model.id_at(r) for r in range(3)] == [1, 2, 3]
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    settle(ctx)
    assert [page.model.id_at(r) for r in range(3)] == [3, 2, 1]
    assert page.sort_box.currentIndex() == -1  # no box entry is "number, descending"
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # the IIN: not an SQL sort
    settle(ctx)
    assert header.sortIndicatorSection() == 0
