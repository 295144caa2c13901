"""The per-kindergarten change feed desks pull, written by a session hook at commit."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server_stub.models import Application, AuditRecord, FeedChange
from server_stub.services import allocation, audit, feed, offers
from server_stub.services import sync as sync_service
from tests.server.factories import T0, add_places, ctx_at, make_application, make_region


def _feed(factory: sessionmaker[Session], kindergarten_id: int) -> list[FeedChange]:
    with factory() as session:
        return list(
            session.scalars(
                select(FeedChange)
                .where(FeedChange.kindergarten_id == kindergarten_id)
                .order_by(FeedChange.seq)
            )
        )


def test_every_commit_feeds_the_desks_of_the_kindergartens_it_touched(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=2, age_groups=(3,), with_accounts=False)
        a, b = region.kindergartens
        app = make_application(s, kindergarten_ids=[a.id])
    first = _feed(session_factory, a.id)
    assert [(c.entity, c.op) for c in first] == [("kindergarten", "upsert"), ("group", "upsert")]
    assert [c.seq for c in first] == [1, 2]
    with session_factory.begin() as s:
        add_places(s, region.groups[(a.id, 3)], 1)
        (offer,) = allocation.allocate(s, ctx_at(), a.id)
    with session_factory.begin() as s:
        referral = offers.accept_offer(s, ctx_at(T0 + timedelta(hours=1)), offer.id)
    changes = _feed(session_factory, a.id)
    assert [c.seq for c in changes] == list(range(1, len(changes) + 1))  # no gaps
    (row,) = [c.row for c in changes if c.entity == "referral"]
    assert row is not None and row["number"] == referral.number
    assert row["child_iin"] == app.child_iin  # the desk of the referral sees the family
    # the other kindergarten's desk saw only its own rows, and nothing of the family
    other = _feed(session_factory, b.id)
    assert {c.entity for c in other} == {"kindergarten", "group"}
    assert app.child_iin not in str([c.row for c in other])


def test_a_family_data_change_reaches_the_desk_through_its_referral(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(3,), with_accounts=False)
        kg = region.kindergartens[0]
        app = make_application(s, kindergarten_ids=[kg.id])
        add_places(s, region.groups[(kg.id, 3)], 1)
        (offer,) = allocation.allocate(s, ctx_at(), kg.id)
        offers.accept_offer(s, ctx_at(), offer.id)
    with session_factory.begin() as s:
        s.get(Application, app.id).phone2 = "+77771234567"
    last = _feed(session_factory, kg.id)[-1]
    assert last.entity == "referral" and last.row["phones"][-1] == "+77771234567"


def test_rolled_back_work_leaves_no_trace_and_pages_follow_the_cursor(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(1, 2, 3, 4, 5), with_accounts=False)
        kg = region.kindergartens[0]
    with pytest.raises(RuntimeError), session_factory.begin() as s:
        add_places(s, region.groups[(kg.id, 3)], 2)
        raise RuntimeError("the desk's request failed half-way")
    with session_factory() as s:
        page = feed.changes_since(s, kg.id, since=0, limit=4)
        assert [c.seq for c in page.changes] == [1, 2, 3, 4] and page.more
        rest = feed.changes_since(s, kg.id, since=page.cursor, limit=4)
        assert [c.seq for c in rest.changes] == [5, 6] and not rest.more
        assert {c.entity for c in rest.changes} == {"group"}  # no place: it rolled back


def test_a_cursor_older_than_the_kept_history_is_refused(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(3,), with_accounts=False)
        kg = region.kindergartens[0]
    with session_factory.begin() as s:
        add_places(s, region.groups[(kg.id, 3)], 1)
    with session_factory.begin() as s:
        removed = feed.prune(s, kg.id, now=T0 + timedelta(days=3650), keep=timedelta(days=1))
        assert removed == 3
    with session_factory() as s:
        with pytest.raises(feed.CursorTooOld):
            feed.changes_since(s, kg.id, since=1, limit=10)
        assert feed.changes_since(s, kg.id, since=3, limit=10).changes == []


def test_a_restore_gives_the_database_a_new_identity_and_audits_it(
    session_factory: sessionmaker[Session],
) -> None:
    """The desks see a restore only through a changed server id (sync meta)."""
    with session_factory() as s:
        before = feed.server_id(s)
    with session_factory.begin() as s:
        renewed = sync_service.renew_server_id(s, ctx_at().acting("admin:restore"))
    with session_factory() as s:
        assert feed.server_id(s) == renewed != before
        entry = s.scalars(select(AuditRecord).where(AuditRecord.action == "server.restored")).one()
        assert (entry.actor, entry.entity_id) == ("admin:restore", renewed[:8])
        assert entry.data == {"previous_server_id": before[:8]}
        assert audit.verify(s).ok


def test_a_new_identity_with_a_run_of_digits_is_still_audited(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A random server id may hold a run of 12 digits, which the audit's guard takes for
    an IIN; the restore must not fail one time in fifteen for it."""
    digits = uuid.UUID("abcd123456789012abcdabcdabcdabcd")  # 12 digits in a row
    monkeypatch.setattr(sync_service.uuid, "uuid4", lambda: digits)
    with session_factory.begin() as s:
        assert sync_service.renew_server_id(s, ctx_at()) == digits.hex
    with session_factory.begin() as s:  # and again: now the previous id holds the run
        sync_service.renew_server_id(s, ctx_at())
    with session_factory() as s:
        assert audit.verify(s).ok
