"""R30: no personal data in logs, in audit data or in the desk's pending marks, over a
full run of every use case, read and sync step (and their refusals)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from desktop.models.queries import DeskQueries
from desktop.models.store import ENGINE_LOGGER
from desktop.models.sync_store import LocalSyncStore, SyncSummary
from desktop.models.tables import Audit, Pending
from desktop.models.usecases import Desk
from domain.errors import DomainError
from domain.iin import make_iin
from sync import protocol
from tests.desktop import factories
from tests.desktop.factories import change

WALK_IN_IIN = make_iin(date(2023, 5, 1), "F", 7)
PERSONAL = [
    factories.PARENT_IIN,
    factories.child_iin(1),
    factories.child_iin(2),
    WALK_IN_IIN,
    "Әлиев",
    "Нұрлан",
    "Сейтқали",
    "Аружан",
    "7011234567",
    "701 123",
]


def _full_run(sync: LocalSyncStore) -> None:
    store = sync.store
    desk, queries = Desk(store), DeskQueries(store)
    sync.replace_with_snapshot(
        factories.snapshot(
            places=[
                factories.place(501),
                factories.place(502),
                factories.place(600, status="free"),
            ],
            enrollments=[factories.enrollment(300, n=3)],
        )
    )
    queries.referrals("Әлиев")
    queries.referrals(factories.child_iin(1)[:6])
    queries.referral(1)
    desk.record_document_check(1, factories.documents())
    with pytest.raises(DomainError):
        desk.record_document_check(
            2,
            factories.documents(n=2, child=factories.child_iin(1)).model_copy(
                update={"visit_date": date(2027, 1, 1)}
            ),
        )
    enrolled = desk.enroll(1)
    published = desk.publish_places(10, 1, date(2026, 4, 1))
    desk.withdraw_place(600)
    desk.record_leave(300, None, "moved")
    walk_in = desk.register_walk_in(
        child_iin=WALK_IN_IIN,
        child_name="Сейтқали Аружан",
        birth_date=date(2023, 5, 1),
        parent_iin=factories.PARENT_IIN,
        phones=["+7 701 123 45 67"],
        kindergarten_ids=[1],
    )
    with pytest.raises(DomainError):
        desk.register_walk_in(
            child_iin=WALK_IN_IIN[:11] + "0" if WALK_IN_IIN[11] != "0" else WALK_IN_IIN[:11] + "1",
            child_name="Сейтқали Аружан",
            birth_date=date(2023, 5, 1),
            parent_iin=factories.PARENT_IIN,
            phones=["+7 701 123 45 67"],
            kindergarten_ids=[1],
        )
    queries.children("Нұрлан")
    queries.child(300)
    queries.walk_ins()
    now = datetime(2026, 3, 3, 6, 1, tzinfo=UTC)
    sync.record_results(
        [
            protocol.OpResult(
                op_id=enrolled.op_id,
                status="rejected",
                code="REFERRAL_LAPSED",
                message=None,
                rows=[change("referral", factories.referral(1, status="lapsed"), seq=0)],
            ),
            protocol.OpResult(
                op_id=published.op_id,
                status="applied",
                code=None,
                message=None,
                rows=[change("place", factories.place(700, status="free"), seq=0)],
            ),
            protocol.OpResult(
                op_id=walk_in.op_id, status="rejected", code="APPLICATION_DUPLICATE", message=None
            ),
        ],
        now,
    )
    sync.apply_page(
        protocol.ChangesPage(
            changes=[change("referral", factories.referral(2, name="Нұрланова Әлия"), seq=101)],
            cursor=101,
            more=False,
        )
    )
    with pytest.raises(DomainError):
        sync.apply_page(
            protocol.ChangesPage(
                changes=[
                    protocol.Change(
                        seq=102,
                        entity="referral",
                        id=2,
                        op="upsert",
                        row={"id": 2, "child_iin": factories.child_iin(2)},
                    )
                ],
                cursor=102,
                more=False,
            )
        )
    sync.mark_failure("NETWORK")
    sync.record_sync(SyncSummary(started_at=now, finished_at=now, pushed=3, outcome="ok"))
    queries.conflicts()


def test_r30_no_personal_data_in_log_output(
    sync: LocalSyncStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # SQLAlchemy debugging switched on as broadly as an admin might (rows are logged at
    # DEBUG), and the desk's own statement log deliberately at INFO
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    caplog.set_level(logging.INFO, logger=ENGINE_LOGGER)
    _full_run(sync)
    statements = [r for r in caplog.records if r.name == ENGINE_LOGGER]
    assert statements, "the statement log is live, so parameters would show if not hidden"
    text = caplog.text
    for secret in PERSONAL:
        assert secret not in text, secret


def test_r30_the_desks_engine_never_logs_rows_by_default(sync: LocalSyncStore) -> None:
    assert logging.getLogger(ENGINE_LOGGER).getEffectiveLevel() >= logging.WARNING


def test_r30_audit_data_and_pending_marks_hold_ids_and_codes_only(sync: LocalSyncStore) -> None:
    _full_run(sync)
    with sync.store.read() as session:
        audit = [json.dumps(a.data, ensure_ascii=False) for a in session.scalars(select(Audit))]
        marks = [
            json.dumps(p.summary, ensure_ascii=False) for p in session.scalars(select(Pending))
        ]
    assert len(audit) > 10
    blob = "\n".join(audit + marks)
    for secret in PERSONAL:
        assert secret not in blob, secret


def test_r30_a_database_error_does_not_carry_the_parameters(sync: LocalSyncStore) -> None:
    from sqlalchemy import text

    with pytest.raises(Exception) as err, sync.store.write() as session:
        session.execute(
            text("INSERT INTO kgroup (id) VALUES (:iin)"), {"iin": factories.child_iin(1)}
        )
    assert factories.child_iin(1) not in str(err.value)
