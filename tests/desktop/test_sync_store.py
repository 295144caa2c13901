"""The interface the sync engine uses (DESIGN.md, "Sync"): push results settle the
outbox, a rejection becomes a conflict that keeps everything, pulled pages never
overwrite the desk's unanswered work, a snapshot keeps the outbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from desktop.models.common import write_audit
from desktop.models.queries import DeskQueries
from desktop.models.store import open_store
from desktop.models.sync_store import LocalSyncStore, SyncSummary
from desktop.models.tables import DeskAccount
from desktop.models.usecases import Desk
from domain.errors import DomainError
from domain.messages import message
from sync import protocol
from tests.desktop import factories
from tests.desktop.conftest import Clock, MemoryKeyring
from tests.desktop.factories import change

SERVER_TIME = datetime(2026, 3, 3, 6, 0, 30, tzinfo=UTC)


def _result(
    op_id: UUID,
    status: str = "applied",
    rows: list[protocol.Change] | None = None,
    code: str | None = None,
    msg: str | None = None,
) -> protocol.OpResult:
    return protocol.OpResult(
        op_id=op_id,
        status=status,  # type: ignore[arg-type]
        code=code,
        message=msg,
        rows=rows or [],
    )


def _place_statuses(queries: DeskQueries) -> dict[int, str]:
    return {p.id: p.status for p in queries.places()}


# ---------------------------------------------------------------------------------- push


def test_pending_ops_come_in_recording_order(desk: Desk, sync: LocalSyncStore) -> None:
    first = desk.publish_places(10, 1, date(2026, 4, 1)).op_id
    second = desk.record_document_check(1, factories.documents()).op_id
    third = desk.publish_places(10, 1, date(2026, 4, 2)).op_id
    assert [e.op_id for e in sync.pending_ops(10)] == [first, second, third]
    assert [e.op_id for e in sync.pending_ops(2)] == [first, second]
    assert sync.pending_count() == 3


def test_unsent_work_survives_a_restart(
    home: Path, clock: Clock, memory_keyring: MemoryKeyring, desk: Desk, sync: LocalSyncStore
) -> None:
    op_id = desk.publish_places(10, 1, date(2026, 4, 1)).op_id
    desk.store.close()
    with open_store("test", home=home, clock=clock) as reopened:
        again = LocalSyncStore(reopened)
        assert [e.op_id for e in again.pending_ops(10)] == [op_id]
        assert again.state().cursor == 100


def test_applied_result_replaces_the_desks_rows_with_the_servers(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    published = desk.publish_places(10, 2, date(2026, 4, 1))
    rows = [
        change("place", factories.place(700, status="free"), seq=0),
        change("place", factories.place(701, status="offered"), seq=0),
    ]
    summary = sync.record_results([_result(published.op_id, rows=rows)], SERVER_TIME)
    assert (summary.applied, summary.rejected, summary.conflicts) == (1, 0, 0)
    assert sync.pending_count() == 0
    statuses = _place_statuses(queries)
    assert statuses[700] == "free" and statuses[701] == "offered"
    assert all(pid > 0 for pid in statuses)
    assert not any(g.pending for g in queries.groups())
    assert queries.status().clock_skew_seconds == pytest.approx(-30.0)


def test_checks_and_enrollment_become_the_servers_rows(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    check = desk.record_document_check(1, factories.documents())
    enrolled = desk.enroll(1)
    canonical_checks = [
        change(
            "document_check",
            factories.document_check(90 + i, 1, kind.value, visit=date(2026, 3, 3)),
            seq=0,
        )
        for i, kind in enumerate(d.kind for d in check.documents)
    ]
    sync.record_results([_result(check.op_id, "applied", canonical_checks)], SERVER_TIME)
    detail = queries.referral(1)
    assert detail.all_passed and not any(d.pending for d in detail.documents)
    assert detail.status == "enrolled"  # still the desk's view: the enroll op is unanswered
    server_referral = factories.referral(1).model_copy(
        update={"status": "enrolled", "closed_at": SERVER_TIME}
    )
    enrollment = factories.enrollment(800, n=1).model_copy(update={"referral_id": 1})
    sync.record_results(
        [
            _result(
                enrolled.op_id,
                "duplicate",  # a replay: the server answers as the first time
                [
                    change("referral", server_referral, seq=0),
                    change("place", factories.place(501, status="filled"), seq=0),
                    change("enrollment", enrollment, seq=0),
                ],
            )
        ],
        SERVER_TIME,
    )
    assert sync.pending_count() == 0
    children = queries.children()
    assert [c.id for c in children.items] == [800]
    assert queries.referral(1).closed_at == SERVER_TIME


def test_rejection_becomes_a_conflict_with_the_servers_rows_and_the_payload(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    desk.record_document_check(1, factories.documents())
    enrolled = desk.enroll(1)
    envelope = sync.pending_ops(10)[-1]
    lapsed = factories.referral(1, status="lapsed")
    result = _result(
        enrolled.op_id,
        "rejected",
        [change("referral", lapsed, seq=0)],
        code="REFERRAL_LAPSED",
        msg="Жолдаманың мерзімі өтіп кетті.",
    )
    summary = sync.record_results([result], SERVER_TIME)
    assert (summary.rejected, summary.conflicts) == (1, 1)
    (conflict,) = queries.conflicts()
    assert conflict.op_id == enrolled.op_id and conflict.kind == "enroll"
    assert conflict.code == "REFERRAL_LAPSED"
    assert conflict.message == "Жолдаманың мерзімі өтіп кетті."
    assert conflict.payload == envelope.model_dump(mode="json")
    assert conflict.server_rows == [change("referral", lapsed, seq=0).model_dump(mode="json")]
    assert conflict.created_at == SERVER_TIME
    # the server's row is applied; what the desk had changed on its own goes back
    assert queries.referral(1).status == "lapsed"
    assert _place_statuses(queries)[501] == "reserved"
    assert queries.children().items == []
    assert sync.pending_count() == 1  # only the document check is left
    desk.resolve_conflict(conflict.id, "Called the family: the referral lapsed.")
    assert queries.conflicts() == []
    resolution = queries.conflicts(include_resolved=True)[0].resolution
    assert resolution is not None and resolution.startswith("Called")
    with pytest.raises(DomainError) as err:
        desk.resolve_conflict(conflict.id, "again")
    assert err.value.code == "CONFLICT_ALREADY_RESOLVED"


def test_a_rejection_without_a_message_is_explained_in_the_desks_language(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    sync.store.language = "kk"
    op_id = desk.publish_places(10, 1, date(2026, 4, 1)).op_id
    sync.record_results([_result(op_id, "rejected", code="AUGUST_FREEZE")], SERVER_TIME)
    (conflict,) = queries.conflicts()
    assert conflict.message == message("AUGUST_FREEZE", "kk")
    assert conflict.language == "kk"
    assert _place_statuses(queries) == {501: "reserved", 502: "reserved"}


def test_results_for_unknown_ops_are_ignored(desk: Desk, sync: LocalSyncStore) -> None:
    op_id = desk.publish_places(10, 1, date(2026, 4, 1)).op_id
    summary = sync.record_results([_result(uuid4()), _result(op_id)], SERVER_TIME)
    assert (summary.applied, summary.ignored) == (1, 1)
    again = sync.record_results([_result(op_id)], SERVER_TIME)  # a late duplicate answer
    assert (again.applied, again.ignored) == (0, 1)


# ---------------------------------------------------------------------------------- pull


def test_apply_page_skips_rows_touched_by_pending_ops_and_stores_the_cursor(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    sync.replace_with_snapshot(
        factories.snapshot(
            places=[factories.place(501), factories.place(502), factories.place(600, status="free")]
        )
    )
    withdrawn = desk.withdraw_place(600)
    renamed = factories.referral(2, name="Жаңа Есім")
    page = protocol.ChangesPage(
        changes=[
            change("place", factories.place(600, status="offered"), seq=101),
            change("referral", renamed, seq=102),
        ],
        cursor=102,
        more=False,
    )
    assert sync.apply_page(page) == 1
    assert sync.state().cursor == 102
    assert _place_statuses(queries)[600] == "withdrawn"  # the desk's work is not overwritten
    assert queries.referral(2).child_name == "Жаңа Есім"
    # the server refused the withdrawal without rows: the skipped change is what shows now
    sync.record_results(
        [_result(withdrawn.op_id, "rejected", code="PLACE_ALREADY_OFFERED")], SERVER_TIME
    )
    assert _place_statuses(queries)[600] == "offered"


def test_apply_page_deletes_tombstones(sync: LocalSyncStore, queries: DeskQueries) -> None:
    page = protocol.ChangesPage(
        changes=[change("referral", None, seq=101, id_=2)], cursor=101, more=False
    )
    assert sync.apply_page(page) == 1
    assert [r.id for r in queries.referrals().items] == [1]
    assert queries.referrals("Әлиев2").total == 0  # its name left the search index too


def test_an_invalid_page_changes_nothing(sync: LocalSyncStore, queries: DeskQueries) -> None:
    bad = protocol.Change(seq=101, entity="referral", id=1, op="upsert", row={"id": 1})
    page = protocol.ChangesPage(
        changes=[change("referral", factories.referral(2, name="Other"), seq=100), bad],
        cursor=101,
        more=False,
    )
    with pytest.raises(DomainError) as err:
        sync.apply_page(page)
    assert err.value.code == "SYNC_DATA_INVALID"
    assert sync.state().cursor == 100
    assert queries.referral(2).child_name == factories.child_name(2)


def test_walk_in_draft_gives_way_to_the_servers_application(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    walk_in = desk.register_walk_in(
        child_iin=factories.child_iin(50),
        child_name="Сейтқали Аружан",
        birth_date=date(2022, 3, 15),
        parent_iin=factories.PARENT_IIN,
        phones=["+77011234567"],
        kindergarten_ids=[1],
    )
    row = protocol.ApplicationRow(
        id=4000,
        number="Q-0004000",
        client_ref=walk_in.client_ref,
        status="queued",
        queued_at=SERVER_TIME,
        child_name="Сейтқали Аружан",
        child_iin=factories.child_iin(50),
    )
    # the push answer was lost, but the pull already brings the server's row
    sync.apply_page(
        protocol.ChangesPage(changes=[change("application", row, seq=101)], cursor=101, more=False)
    )
    assert [(w.id, w.number) for w in queries.walk_ins()] == [(4000, "Q-0004000")]
    sync.record_results(
        [_result(walk_in.op_id, "duplicate", [change("application", row, seq=0)])], SERVER_TIME
    )
    assert [(w.id, w.pending) for w in queries.walk_ins()] == [(4000, False)]
    assert sync.pending_count() == 0


# ------------------------------------------------------------------------------ snapshot


def test_replace_with_snapshot_keeps_the_outbox_overlays_and_conflicts(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries
) -> None:
    rejected = desk.publish_places(10, 1, date(2026, 4, 1)).op_id
    sync.record_results([_result(rejected, "rejected", code="AUGUST_FREEZE")], SERVER_TIME)
    desk.record_document_check(1, factories.documents())
    enrolled = desk.enroll(1)
    fresh = factories.snapshot(
        referrals=[factories.referral(1, status="active"), factories.referral(3)],
        cursor=5,
        server_id="server-B",
    )
    sync.replace_with_snapshot(fresh)
    state = sync.state()
    assert (state.server_id, state.cursor) == ("server-B", 5)
    assert sync.pending_count() == 2
    assert len(queries.conflicts()) == 1
    referrals = {r.id: r for r in queries.referrals().items}
    assert set(referrals) == {1, 3}  # referral 2 is gone from this desk
    assert referrals[1].status == "enrolled" and referrals[1].pending  # the desk's own work
    assert queries.referral(1).all_passed  # the unsent checks still show
    assert [c.id for c in queries.children().items] == [enrolled.enrollment_id]
    # once answered, the snapshot's version (the shadow) shows
    sync.record_results([_result(enrolled.op_id, "rejected", code="REFERRAL_LAPSED")], SERVER_TIME)
    assert queries.referral(1).status == "active"


def test_a_snapshot_of_another_kindergarten_is_refused(sync: LocalSyncStore) -> None:
    other = factories.snapshot().model_copy(
        update={"kindergarten": factories.kindergarten().model_copy(update={"id": 2})}
    )
    with pytest.raises(DomainError) as err:
        sync.replace_with_snapshot(other)
    assert err.value.code == "SYNC_KINDERGARTEN_MISMATCH"


def test_a_profile_belongs_to_one_kindergarten(sync: LocalSyncStore) -> None:
    with pytest.raises(DomainError) as err:
        sync.set_server("http://server", 2, 9)
    assert err.value.code == "PROFILE_OTHER_KINDERGARTEN"
    sync.set_server("https://new-host", 1, 9, role="staff")  # the same kindergarten: fine
    assert sync.state().server_url == "https://new-host"


def test_the_audit_names_the_accounts_that_signed_in_here(
    sync: LocalSyncStore, queries: DeskQueries, clock: Clock
) -> None:
    sync.set_server("http://server", 1, 3, role="head", login="head1", full_name="Айгүл Сейітова")
    sync.set_server("http://server", 1, 9, role="staff", login="staff1", full_name="  ")
    clock.advance(timedelta(hours=1))
    sync.set_server("http://server", 1, 3, role="head")  # an older server: names kept
    with sync.store.write() as session:
        write_audit(session, at=clock(), actor=99, action="signed_in", entity="x", entity_id=1)
    names = {(e.actor, e.actor_name) for e in queries.audit_log()}
    assert (3, "Айгүл Сейітова") in names
    assert (9, "staff1") in names  # no full name: the login
    assert (99, None) in names  # never signed in here: no name
    assert (factories.ACCOUNT_ID, None) in names  # signed in without names (the fixture)
    assert factories.ACCOUNT_ID not in (3, 9, 99)
    with sync.store.read() as session:
        head = session.get(DeskAccount, 3)
        assert head is not None
        assert (head.login, head.full_name, head.role) == ("head1", "Айгүл Сейітова", "head")
        assert head.last_signed_in_at == clock()


# ------------------------------------------------------------------------------- history


def test_sync_history_and_failures(desk: Desk, sync: LocalSyncStore, queries: DeskQueries) -> None:
    op_id = desk.publish_places(10, 1, date(2026, 4, 1)).op_id
    sync.mark_failure("NETWORK", [op_id])
    assert queries.status().last_error_code == "NETWORK"
    (pending,) = queries.pending_changes()
    assert (pending.attempts, pending.last_error) == (1, "NETWORK")
    started = datetime(2026, 3, 3, 6, 1, tzinfo=UTC)
    sync.record_sync(  # the engine's own summary type
        SyncSummary(
            started_at=started,
            finished_at=started + timedelta(seconds=2),
            pushed=1,
            applied=1,
            outcome="ok",
            clock_skew_seconds=-4.0,
        )
    )
    state = sync.state()
    assert state.last_sync_at == started + timedelta(seconds=2)
    assert state.last_error_code is None
    assert queries.status().clock_skew_seconds == -4.0
    sync.record_sync(
        SyncSummary(
            started_at=started, finished_at=started, outcome="failed", error_code="HTTP_503"
        )
    )
    sync.record_sync(SyncSummary(started_at=started, outcome="cancelled", snapshot=True))
    history = queries.sync_history()
    assert [(r.outcome, r.error_code, r.snapshot) for r in history] == [
        ("cancelled", None, True),
        ("failed", "HTTP_503", False),
        ("ok", None, False),
    ]
    assert sync.state().last_sync_at == started + timedelta(seconds=2)
    assert sync.state().last_error_code == "HTTP_503"
