"""The desk's reads: search, sort and paging in SQL over indexes (50,000 referrals stay
smooth), and every view of a child's personal data audited (R30)."""

from __future__ import annotations

import functools
import time
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from desktop.models import queries as queries_module
from desktop.models.queries import DENSE_ROWS, DeskQueries, search_kind
from desktop.models.store import LocalStore
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from domain.iin import make_iin
from tests.desktop import factories


def _last_audit(queries: DeskQueries) -> Any:
    return queries.audit_log(limit=1)[0]


def _names(page: Any) -> list[str]:
    return [item.child_name for item in page.items]


@pytest.fixture
def families(sync: LocalSyncStore) -> LocalSyncStore:
    referrals = [
        factories.referral(
            1, name="Әлиева Аружан Серікқызы", iin=make_iin(date(2022, 1, 5), "F", 11)
        ),
        factories.referral(2, name="Иванов Пётр", iin=make_iin(date(2021, 6, 1), "M", 12)),
        factories.referral(3, name="Сейтқали Әлия", iin=make_iin(date(2022, 1, 7), "F", 13)),
        factories.referral(
            4, name="Ким-Ли Анна", iin=make_iin(date(2020, 9, 9), "F", 14), status="enrolled"
        ),
    ]
    sync.replace_with_snapshot(
        factories.snapshot(
            referrals=referrals,
            enrollments=[factories.enrollment(300, n=1), factories.enrollment(301, n=2)],
        )
    )
    return sync


def test_r30_search_by_iin_prefix_name_words_and_number(
    families: LocalSyncStore, queries: DeskQueries
) -> None:
    assert search_kind("2201") == "iin"
    assert _names(queries.referrals("2201")) == ["Әлиева Аружан Серікқызы", "Сейтқали Әлия"]
    assert _names(queries.referrals(make_iin(date(2021, 6, 1), "M", 12))) == ["Иванов Пётр"]
    assert queries.referrals(factories.PARENT_IIN[:6]).total == 3  # the parent's IIN
    assert _names(queries.referrals("әлиева")) == ["Әлиева Аружан Серікқызы"]  # Kazakh case
    assert _names(queries.referrals("ӘЛИ")) == ["Әлиева Аружан Серікқызы", "Сейтқали Әлия"]
    assert _names(queries.referrals("аружан әлиева")) == ["Әлиева Аружан Серікқызы"]
    assert _names(queries.referrals("петр")) == ["Иванов Пётр"]  # ё typed as е
    assert queries.referrals("n-2026-0000002").items[0].id == 2
    assert queries.referrals("Q-0001003").items[0].id == 3
    assert queries.referrals("Смирнов").total == 0
    assert _names(queries.referrals("ли", status="enrolled")) == ["Ким-Ли Анна"]  # hyphenated


def test_referral_list_sorts_and_pages_in_sql(
    families: LocalSyncStore, queries: DeskQueries
) -> None:
    page = queries.referrals(sort="child_name", offset=1, limit=1)
    assert page.total == 3 and page.offset == 1
    assert _names(page) == ["Иванов Пётр"]
    # alphabetical as a Kazakh reader expects: Ә right after А, not after Я
    assert _names(queries.referrals(sort="child_name", descending=True)) == [
        "Сейтқали Әлия",
        "Иванов Пётр",
        "Әлиева Аружан Серікқызы",
    ]
    assert [i.id for i in queries.referrals(sort="number").items] == [1, 2, 3]


def test_r30_every_view_of_personal_data_is_audited_without_it(
    families: LocalSyncStore, queries: DeskQueries
) -> None:
    queries.referrals("Әлиева")
    entry = _last_audit(queries)
    assert (entry.action, entry.entity, entry.data) == (
        "view_referral_list",
        "kindergarten",
        {"referral_ids": [1], "search": "name"},
    )
    detail = queries.referral(2)
    # working days after 3 March to 10 March: 8 March is a Sunday, so 9 March is off (R27)
    assert detail.child_name == "Иванов Пётр" and detail.days_left == 4
    entry = _last_audit(queries)
    assert (entry.action, entry.entity, entry.entity_id, entry.actor) == (
        "view_referral",
        "referral",
        2,
        factories.ACCOUNT_ID,
    )
    queries.children()
    assert _last_audit(queries).data["enrollment_ids"] == [300, 301]
    queries.child(301)
    entry = _last_audit(queries)
    assert (entry.action, entry.entity, entry.entity_id) == ("view_child", "enrollment", 301)
    before = len(queries.audit_log(limit=500))
    assert queries.referrals("nobody-here").items == []  # nothing shown, nothing to audit
    queries.groups()
    assert len(queries.audit_log(limit=500)) == before


def test_many_matches_walk_the_list_and_find_the_same_rows(
    families: LocalSyncStore, queries: DeskQueries, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search with many matches walks the list's order instead of sorting the matches
    (DENSE_ROWS); both ways must give the same rows in the same order."""
    searches = [None, "2", "2201", factories.PARENT_IIN[:6], "әли", "аружан әлиева", "N-2026"]
    sorts: list[Any] = ["expires_at", "issued_at", "number", "child_name", "status"]

    def pages() -> list[list[int]]:
        seen = []
        for query in searches:
            for sort in sorts:
                for descending in (False, True):
                    for offset in (0, 1):
                        page = queries.referrals(
                            query, sort=sort, descending=descending, offset=offset, limit=2
                        )
                        seen.append([page.total, *(i.id for i in page.items)])
            for left in (False, True):
                children = queries.children(query, include_left=left)
                seen.append([children.total, *(c.id for c in children.items)])
        return seen

    sorted_matches = pages()
    monkeypatch.setattr(queries_module, "DENSE_ROWS", 1)
    assert pages() == sorted_matches


def test_children_search_and_detail(
    families: LocalSyncStore, queries: DeskQueries, desk: Desk
) -> None:
    assert [c.id for c in queries.children("әлиев1 нұр").items] == [300]
    assert queries.children("Сейтқали").total == 0
    assert [c.id for c in queries.children(factories.child_iin(1)).items] == [300]
    assert [c.id for c in queries.children(factories.child_iin(1)[:6]).items] == [300, 301]
    desk.record_leave(300, None, "moved")
    assert [c.id for c in queries.children().items] == [301]
    assert queries.children(include_left=True).total == 2
    assert queries.child(300).pending


def test_status_lookup_and_pending_views(
    families: LocalSyncStore, queries: DeskQueries, desk: Desk
) -> None:
    iin = make_iin(date(2022, 1, 5), "F", 11)
    assert queries.lookup_iin(iin).referral_ids == [1]
    assert queries.lookup_iin(factories.PARENT_IIN).referral_ids != []
    desk.record_document_check(1, factories.documents(child=iin))
    status = queries.status()
    assert (status.registered, status.pending, status.open_conflicts, status.role) == (
        True,
        1,
        0,
        "head",
    )
    (pending,) = queries.pending_changes()
    assert pending.kind == "record_document_check" and len(pending.touches) == 4
    assert [i.pending for i in queries.referrals().items] == [True, False, False]
    assert queries.referral(1).pending_ops[0].op_id == pending.op_id


# ----------------------------------------------------------------------------- 50,000


SURNAMES = ["Әлиев", "Иванов", "Сейтқали", "Нұрланов", "Петрова", "Жұмабек", "Ким", "Омаров"]


def _plans(store: LocalStore, run: Any) -> tuple[float, list[str]]:
    """Run ``run`` once, timing it, and EXPLAIN every SELECT it sent."""
    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    details: list[str] = []
    with store.engine.connect() as connection:
        for statement, params in sent:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            details.extend(str(row[-1]) for row in rows)
    return elapsed, details


def test_searching_50000_referrals_uses_indexes(
    sync: LocalSyncStore, queries: DeskQueries, capsys: pytest.CaptureFixture[str]
) -> None:
    referrals = [
        factories.referral(
            i,
            name=f"{SURNAMES[i % 8]}{i} Нұрлан",
            iin=make_iin(date(2021 + i % 4, 1 + i % 12, 1 + i % 28), "M", i % 9000),
        )
        for i in range(1, 50_001)
    ]
    started = time.perf_counter()
    sync.replace_with_snapshot(factories.snapshot(referrals=referrals, places=[]))
    loaded = time.perf_counter() - started
    report = [f"snapshot of 50,000 referrals applied in {loaded:.2f} s"]
    for query in ["2101", "230315", "Әлиев", "әлиев1 нұрлан", "N-2026-00012"]:
        queries.referrals(query, limit=50)  # warm the statement cache and the page cache
        elapsed, plan = _plans(sync.store, lambda q=query: queries.referrals(q, limit=50))
        total = queries.referrals(query, limit=1).total
        report.append(
            f"referrals({query!r}): {total} matches, first page in {elapsed * 1000:.1f} ms"
        )
        # a full pass over a table (or an index of it); "SCAN anon_1" is the capped count
        # of a word's matches, which ranks the words. A search with many matches walks the
        # list's sort index instead, stopping after the page (queries.DENSE_ROWS)
        walk = "SCAN referral USING INDEX ix_referral_expires_at"
        scans = [
            line
            for line in plan
            if line.startswith(("SCAN referral", "SCAN name_token")) and line != walk
        ]
        assert not scans, (query, plan)
        assert (walk in plan) == (total >= DENSE_ROWS), (query, total, plan)
        assert any("INDEX" in line for line in plan), (query, plan)
    elapsed, _ = _plans(sync.store, lambda: queries.referrals(limit=50))
    report.append(f"referrals() default list, first page in {elapsed * 1000:.1f} ms")
    with capsys.disabled():
        print("\n" + "\n".join(report))


# ------------------------------------------------------------------------- keyset paging


@pytest.fixture
def crowded(sync: LocalSyncStore) -> LocalSyncStore:
    """Ties everywhere a sort can meet them: a deadline, a name, a status shared by many
    rows; children spread over groups with namesakes."""
    statuses = ["active", "postponed", "active", "enrolled"]
    referrals = [
        factories.referral(
            i,
            name=["Ким Анна", "Әлиев Нұрлан", f"Омаров{i} Ерлан"][i % 3],
            iin=make_iin(date(2021 + i % 3, 1 + i % 12, 1 + i % 28), "F", i),
            status=statuses[i % 4],
            expires_at=factories.EXPIRES_AT + timedelta(days=i % 4),
        )
        for i in range(1, 61)
    ]
    groups = [factories.GENERAL_GROUP, factories.CORRECTIONAL_GROUP]
    enrollments = [factories.enrollment(400 + i, gid=groups[i % 2], n=i % 5) for i in range(1, 41)]
    sync.replace_with_snapshot(factories.snapshot(referrals=referrals, enrollments=enrollments))
    return sync


def _read_on(read: Any) -> list[int]:
    """Every row of a list, each page read from where the one before ended."""
    ids: list[int] = []
    after = None
    while True:
        page = read(offset=len(ids), after=after)
        ids += [item.id for item in page.items]
        after = page.next_key
        if after is None:
            assert len(ids) == page.total
            return ids


def _by_offset(read: Any) -> list[int]:
    ids: list[int] = []
    while page := read(offset=len(ids), after=None).items:
        ids += [item.id for item in page]
    return ids


@pytest.mark.parametrize("dense", [False, True], ids=["sorted", "walked"])
def test_reading_on_from_a_pages_end_finds_every_row_once_in_the_list_order(
    crowded: LocalSyncStore, queries: DeskQueries, monkeypatch: pytest.MonkeyPatch, dense: bool
) -> None:
    """Scrolling reads each next page from the last row's sort values, not by OFFSET; with
    ties in every sort key, no row is skipped or shown twice, in either search plan."""
    if dense:
        monkeypatch.setattr(queries_module, "DENSE_ROWS", 1)
    sorts: list[Any] = ["expires_at", "issued_at", "number", "child_name", "status"]
    for query in [None, "ким", "2", "N-2026"]:
        for sort in sorts:
            for descending in (False, True):
                referrals = functools.partial(
                    queries.referrals, query, sort=sort, descending=descending, limit=7
                )
                keyset = _read_on(referrals)
                assert keyset == _by_offset(referrals), (query, sort, descending)
                assert len(set(keyset)) == len(keyset) > 0
        for left in (False, True):
            children = functools.partial(queries.children, query, include_left=left, limit=3)
            keyset = _read_on(children)
            assert keyset == _by_offset(children), (query, left)
            assert len(set(keyset)) == len(keyset)


def test_a_page_read_on_from_a_key_starts_in_the_index_there(
    crowded: LocalSyncStore, queries: DeskQueries
) -> None:
    """The next page is an index range from the key, not a walk from the list's top."""
    first = queries.referrals(limit=10)
    assert first.next_key is not None
    _elapsed, plan = _plans(
        crowded.store, lambda: queries.referrals(offset=10, limit=10, after=first.next_key)
    )
    assert any(
        line.startswith("SEARCH referral USING INDEX ix_referral_expires_at (expires_at>?)")
        for line in plan
    ), plan
    kids = queries.children(limit=10)
    assert kids.next_key is not None
    _elapsed, plan = _plans(
        crowded.store, lambda: queries.children(offset=10, limit=10, after=kids.next_key)
    )
    assert any("USING INDEX ix_enrollment_list (group_id>?)" in line for line in plan), plan
    assert queries.referrals(limit=1000).next_key is None  # the last page: nothing after it
