"""The desk's use cases offline (R15, R20-R23, R25, walk-ins): each validates against the
local data with the domain rules the server uses, and writes its change, its outbox op
and its audit record in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models import usecases
from desktop.models.queries import DeskQueries
from desktop.models.store import LocalStore
from desktop.models.sync_store import LocalSyncStore
from desktop.models.tables import Audit, Base, Outbox, Pending
from desktop.models.usecases import Desk
from domain import roles
from domain.documents import DocumentKind, check_documents
from domain.errors import DomainError
from domain.iin import make_iin
from domain.roles import DeskAction
from server_stub.services import desk as server_desk
from sync import protocol
from tests.desktop import factories
from tests.desktop.conftest import Clock

VISIT = date(2026, 3, 3)


def _ops(store: LocalStore) -> list[protocol.OpEnvelope]:
    return LocalSyncStore(store).pending_ops(100)


def _audit(store: LocalStore) -> list[Audit]:
    with store.read() as session:
        return list(session.scalars(select(Audit).order_by(Audit.id)))


def _dump(store: LocalStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what "nothing of it stayed" is checked against."""
    with store.read() as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table)).all()]
            for table in Base.metadata.sorted_tables
        }


def _raises(code: str, call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.code == code, err.value
    return err.value


def _reload(sync: LocalSyncStore, **kwargs: Any) -> None:
    sync.replace_with_snapshot(factories.snapshot(**kwargs))


# ----------------------------------------------------------------------------- places


def test_r15_publish_places_writes_places_op_and_audit_together(
    desk: Desk, queries: DeskQueries
) -> None:
    result = desk.publish_places(factories.GENERAL_GROUP, 3, date(2026, 4, 1))
    assert [p.status for p in result.places] == ["free"] * 3
    assert all(p.id < 0 and p.pending for p in result.places)
    (envelope,) = _ops(desk.store)
    assert envelope.op_id == result.op_id
    assert envelope.op == protocol.PublishPlaces(
        group_id=factories.GENERAL_GROUP, count=3, free_from=date(2026, 4, 1)
    )
    assert envelope.created_at == desk.store.now()
    audit = _audit(desk.store)[-1]
    assert (audit.action, audit.entity, audit.entity_id) == ("places_published", "group", 10)
    group = next(g for g in queries.groups() if g.id == factories.GENERAL_GROUP)
    assert (group.free, group.reserved, group.available, group.pending) == (3, 2, 15, True)


def test_r15_publish_is_checked_against_the_local_capacity(desk: Desk) -> None:
    err = _raises("PLACES_OVER_CAPACITY", lambda: desk.publish_places(10, 19, date(2026, 4, 1)))
    assert err.params == {"available": 18, "capacity": 20, "enrolled": 0, "published": 2}
    desk.publish_places(10, 18, date(2026, 4, 1))
    _raises("PLACES_OVER_CAPACITY", lambda: desk.publish_places(10, 1, date(2026, 4, 1)))
    _raises("PLACES_OVER_CAPACITY", lambda: desk.publish_places(11, 0, date(2026, 4, 1)))
    _raises("GROUP_INACTIVE", lambda: desk.publish_places(12, 1, date(2026, 4, 1)))
    _raises("NOT_FOUND", lambda: desk.publish_places(99, 1, date(2026, 4, 1)))


def test_r25_no_places_are_published_in_august_by_the_desk_date(desk: Desk, clock: Clock) -> None:
    clock.moment = datetime(2026, 8, 1, 0, 30, tzinfo=UTC)  # 05:30 on 1 August in Almaty
    _raises("AUGUST_FREEZE", lambda: desk.publish_places(10, 1, date(2026, 9, 1)))
    clock.moment = datetime(2026, 7, 31, 18, 30, tzinfo=UTC)  # 23:30 on 31 July in Almaty
    desk.publish_places(10, 1, date(2026, 9, 1))


def test_withdraw_place_only_a_free_one(desk: Desk, sync: LocalSyncStore) -> None:
    _reload(
        sync,
        places=[
            factories.place(501),
            factories.place(600, status="free"),
            factories.place(601, status="filled"),
            factories.place(602, status="offered"),
        ],
    )
    result = desk.withdraw_place(600)
    assert (result.place.status, result.place.pending) == ("withdrawn", True)
    assert _ops(desk.store)[-1].op == protocol.WithdrawPlace(place_id=600)
    assert _audit(desk.store)[-1].action == "place_withdrawn"
    _raises("PLACE_NOT_FREE", lambda: desk.withdraw_place(600))
    _raises("PLACE_NOT_FREE", lambda: desk.withdraw_place(601))
    _raises("PLACE_ALREADY_OFFERED", lambda: desk.withdraw_place(602))
    _raises("PLACE_ALREADY_OFFERED", lambda: desk.withdraw_place(501))
    new = desk.publish_places(10, 1, date(2026, 4, 1)).places[0]
    _raises("PENDING_SYNC", lambda: desk.withdraw_place(new.id))
    _raises("NOT_FOUND", lambda: desk.withdraw_place(12345))


# -------------------------------------------------------------------------- documents


def test_r20_document_check_gives_the_domain_verdict_at_once(
    desk: Desk, queries: DeskQueries
) -> None:
    docs = factories.documents(visit=VISIT)
    outcome = desk.record_document_check(1, docs)
    assert outcome.all_passed and outcome.visit_date == VISIT
    assert [d.kind for d in outcome.documents] == list(DocumentKind)
    assert all(d.pending and d.this_visit and d.status == "passed" for d in outcome.documents)
    (envelope,) = _ops(desk.store)
    assert envelope.op == protocol.RecordDocumentCheck(referral_id=1, documents=docs)
    audit = _audit(desk.store)[-1]
    assert audit.action == "documents_checked"
    assert audit.data["results"] == {k.value: "OK" for k in DocumentKind}
    detail = queries.referral(1)
    assert detail.all_passed and all(d.pending for d in detail.documents)


@pytest.mark.parametrize(
    ("issued", "code"),
    [
        (date(2026, 3, 3), None),
        (date(2026, 2, 28), None),  # visit - 3 days: still fresh
        (date(2026, 2, 27), "EPID_CERT_TOO_OLD"),  # 4 days
        (date(2026, 3, 4), "EPID_CERT_FUTURE_DATE"),
    ],
)
def test_r20_epid_certificate_three_days_ok_four_days_fails(
    desk: Desk, issued: date, code: str | None
) -> None:
    docs = factories.documents(visit=VISIT, epid_issued=issued)
    outcome = desk.record_document_check(1, docs)
    epid = next(d for d in outcome.documents if d.kind is DocumentKind.EPID_CERTIFICATE)
    assert epid.code == code
    expected = check_documents(
        docs.to_domain(),
        parent_iin=factories.PARENT_IIN,
        child_iin=factories.child_iin(1),
        birth_date=date(2022, 3, 15),
        visit_date=VISIT,
    )
    assert [(d.kind, d.code, dict(d.params)) for d in outcome.documents] == [
        (r.document, r.code, dict(r.params)) for r in expected.results
    ]
    if code == "EPID_CERT_TOO_OLD":
        assert dict(epid.params) == {"issued": "2026-02-27", "valid_until": "2026-03-02"}


def test_r20_a_failed_check_is_saved_and_the_family_can_come_back(desk: Desk) -> None:
    first = factories.documents(visit=VISIT).model_copy(
        update={
            "epid_certificate": None,
            "parent_id": protocol.ParentIdIn(
                number="N1", iin=factories.PARENT_IIN, expiry_date=date(2026, 1, 1)
            ),
        }
    )
    outcome = desk.record_document_check(1, first)
    codes = {d.kind.value: d.code for d in outcome.documents}
    assert codes == {
        "parent_id": "PARENT_ID_EXPIRED",
        "birth_certificate": None,
        "epid_certificate": "DOC_MISSING",
        "health_passport": None,
    }
    assert not outcome.all_passed
    again = protocol.DocumentsIn(
        visit_date=None,
        parent_id=protocol.ParentIdIn(number="N2", iin=factories.PARENT_IIN, expiry_date=None),
        epid_certificate=protocol.EpidCertificateIn(number="E-1", issue_date=VISIT),
    )
    second = desk.record_document_check(1, again)
    assert second.all_passed
    assert {d.kind.value for d in second.documents if d.this_visit} == {
        "parent_id",
        "epid_certificate",
    }
    assert len(_ops(desk.store)) == 2


def test_r20_checks_need_a_live_referral_and_a_valid_visit_date(
    desk: Desk, sync: LocalSyncStore, clock: Clock
) -> None:
    _reload(sync, referrals=[factories.referral(1), factories.referral(2, status="lapsed")])
    _raises("REFERRAL_NOT_ACTIVE", lambda: desk.record_document_check(2, factories.documents(n=2)))
    _raises("NOT_FOUND", lambda: desk.record_document_check(9, factories.documents()))
    future = factories.documents(visit=VISIT + timedelta(days=1))
    _raises("VISIT_DATE_INVALID", lambda: desk.record_document_check(1, future))
    before = factories.documents(visit=date(2026, 3, 1))
    _raises("VISIT_DATE_INVALID", lambda: desk.record_document_check(1, before))
    clock.moment = factories.EXPIRES_AT + timedelta(seconds=1)
    _raises("REFERRAL_LAPSED", lambda: desk.record_document_check(1, factories.documents()))
    assert _ops(desk.store) == []


# ---------------------------------------------------------------------------- enroll


def test_r20_r22_enroll_is_refused_until_every_check_passed(
    desk: Desk, queries: DeskQueries
) -> None:
    err = _raises("DOCUMENTS_NOT_CHECKED", lambda: desk.enroll(1))
    assert err.params == {
        "documents": "parent_id, birth_certificate, epid_certificate, health_passport"
    }
    desk.record_document_check(
        1, factories.documents().model_copy(update={"health_passport": None})
    )
    err = _raises("DOCUMENTS_FAILED", lambda: desk.enroll(1))
    assert err.params == {"documents": "health_passport"}
    desk.record_document_check(1, factories.documents())
    result = desk.enroll(1)
    assert result.enrollment_id < 0 and result.vaccination == "complete"
    assert not result.head_decision_recorded
    assert _ops(desk.store)[-1].op == protocol.Enroll(referral_id=1, head_decision=None)
    assert _audit(desk.store)[-1].action == "child_enrolled"
    detail = queries.referral(1)
    assert detail.status == "enrolled" and any(op.kind == "enroll" for op in detail.pending_ops)
    group = next(g for g in queries.groups() if g.id == 10)
    assert (group.enrolled, group.reserved) == (1, 1)
    child = queries.child(result.enrollment_id)
    assert child.pending and child.child_iin == factories.child_iin(1)
    _raises("REFERRAL_NOT_ACTIVE", lambda: desk.enroll(1))


def test_r20_the_epid_certificate_is_judged_again_on_the_enrollment_day(
    desk: Desk, clock: Clock
) -> None:
    desk.record_document_check(1, factories.documents(visit=VISIT, epid_issued=date(2026, 2, 28)))
    clock.advance(timedelta(days=1))
    err = _raises("EPID_CERT_TOO_OLD", lambda: desk.enroll(1))
    assert err.params == {"issued": "2026-02-28", "valid_until": "2026-03-03"}


def test_r18_a_referral_past_its_deadline_by_the_desk_clock_cannot_be_used(
    desk: Desk, clock: Clock
) -> None:
    desk.record_document_check(1, factories.documents())
    clock.moment = factories.EXPIRES_AT
    _raises("REFERRAL_LAPSED", lambda: desk.enroll(1))


@pytest.mark.parametrize(
    ("unvaccinated", "group", "needs_decision"),
    [
        (0, factories.GENERAL_GROUP, False),  # 1 of 10 = exactly 10 %: allowed
        (1, factories.GENERAL_GROUP, True),  # 2 of 10 = 20 %
        (5, factories.CORRECTIONAL_GROUP, False),  # R21 does not apply
    ],
)
def test_r21_unvaccinated_share_needs_the_heads_decision(
    desk: Desk, sync: LocalSyncStore, unvaccinated: int, group: int, needs_decision: bool
) -> None:
    enrollments = [
        factories.enrollment(
            100 + i, gid=group, vaccination="incomplete" if i < unvaccinated else "complete"
        )
        for i in range(9)
    ]
    _reload(sync, referrals=[factories.referral(1, gid=group)], enrollments=enrollments)
    desk.record_document_check(1, factories.documents(vaccination="incomplete"))
    if needs_decision:
        _raises("VACCINATION_DECISION_REQUIRED", lambda: desk.enroll(1))
        _raises("VACCINATION_DECISION_REQUIRED", lambda: desk.enroll(1, "   "))
        result = desk.enroll(1, "Медициналық қорытынды бар, рұқсат етемін")
        assert result.head_decision_recorded
        assert _ops(desk.store)[-1].op == protocol.Enroll(
            referral_id=1, head_decision="Медициналық қорытынды бар, рұқсат етемін"
        )
    else:
        assert not desk.enroll(1).head_decision_recorded


def test_r21_counts_the_desks_own_pending_enrollments(desk: Desk, sync: LocalSyncStore) -> None:
    enrollments = [factories.enrollment(100 + i) for i in range(9)]
    _reload(sync, referrals=[factories.referral(1), factories.referral(2)], enrollments=enrollments)
    for n in (1, 2):
        desk.record_document_check(n, factories.documents(vaccination="incomplete", n=n))
    desk.enroll(1)  # 1 of 10 unvaccinated: exactly 10 %, fine
    _raises("VACCINATION_DECISION_REQUIRED", lambda: desk.enroll(2))  # 2 of 11, pending one counted


# ------------------------------------------------------------------------------ leave


def test_r23_leave_frees_capacity_and_publishes_nothing(
    desk: Desk, sync: LocalSyncStore, queries: DeskQueries, clock: Clock
) -> None:
    _reload(sync, enrollments=[factories.enrollment(300), factories.enrollment(301)])
    before = next(g for g in queries.groups() if g.id == 10)
    _raises(
        "LEAVE_DATE_INVALID", lambda: desk.record_leave(300, VISIT + timedelta(days=1), "moved")
    )
    _raises("LEAVE_DATE_INVALID", lambda: desk.record_leave(300, date(2025, 8, 1), "moved"))
    _raises("INVALID_REQUEST", lambda: desk.record_leave(300, None, "   "))
    result = desk.record_leave(300, None, "  moved to Astana ")
    assert result.left_at == clock.moment and result.reason == "moved to Astana"
    earlier = desk.record_leave(301, date(2026, 3, 1), "moved")
    assert earlier.left_at == datetime(2026, 3, 1, 18, 59, 59, 999999, tzinfo=UTC)
    assert _ops(desk.store)[-2].op == protocol.RecordLeave(
        enrollment_id=300, date=VISIT, reason="moved to Astana"
    )
    after = next(g for g in queries.groups() if g.id == 10)
    assert (after.enrolled, after.available, after.free) == (
        before.enrolled - 2,
        before.available + 2,
        0,
    )
    _raises("CHILD_ALREADY_LEFT", lambda: desk.record_leave(300, None, "again"))
    desk.record_document_check(1, factories.documents())
    pending_child = desk.enroll(1).enrollment_id
    _raises("PENDING_SYNC", lambda: desk.record_leave(pending_child, None, "moved"))


# ---------------------------------------------------------------------------- walk-in


def _walk_in(desk: Desk, **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "child_iin": make_iin(date(2023, 5, 1), "F", 7),
        "child_name": "  Сейтқали   Аружан ",
        "birth_date": date(2023, 5, 1),
        "parent_iin": factories.PARENT_IIN,
        "phones": ["8 701 123 45 67", "+7 (701) 123-45-67"],
        "kindergarten_ids": [1, 4],
    }
    fields.update(changes)
    return desk.register_walk_in(**fields)


def test_r9_walk_in_is_validated_and_queued_for_the_server(
    desk: Desk, queries: DeskQueries
) -> None:
    result = _walk_in(desk)
    assert result.application_id < 0 and result.warnings == ()
    op = _ops(desk.store)[-1].op
    assert isinstance(op, protocol.RegisterWalkIn)
    assert op.client_ref == result.client_ref
    assert op.phones == ["+77011234567"]  # R4: one number, two spellings
    assert op.child_name == "Сейтқали Аружан"
    (walk_in,) = queries.walk_ins()
    assert (walk_in.number, walk_in.queued_at, walk_in.pending) == (None, None, True)
    assert _audit(desk.store)[-1].action == "view_walk_ins"
    _raises("APPLICATION_DUPLICATE", lambda: _walk_in(desk))


def test_r1_r4_r6_walk_in_refusals(desk: Desk) -> None:
    child = make_iin(date(2023, 5, 1), "F", 7)
    wrong = child[:11] + str((int(child[11]) + 1) % 10)
    _raises("IIN_CHECKSUM", lambda: _walk_in(desk, child_iin=wrong))
    _raises("IIN_SAME_AS_PARENT", lambda: _walk_in(desk, child_iin=factories.PARENT_IIN))
    _raises("PHONE_NOT_MOBILE", lambda: _walk_in(desk, phones=["+7 727 123 45 67"]))
    _raises("PHONES_COUNT", lambda: _walk_in(desk, phones=[]))
    _raises("CHOICES_COUNT", lambda: _walk_in(desk, kindergarten_ids=[1, 2, 3, 4, 5]))
    _raises("CHOICE_DUPLICATE", lambda: _walk_in(desk, kindergarten_ids=[1, 1]))
    _raises("CHILD_NAME_REQUIRED", lambda: _walk_in(desk, child_name="  "))
    _raises("BIRTH_DATE_IN_FUTURE", lambda: _walk_in(desk, birth_date=date(2027, 1, 1)))
    old = make_iin(date(2019, 6, 1), "M", 3)  # 6 on 1 September 2025 (R6)
    _raises("AGE_AGED_OUT", lambda: _walk_in(desk, child_iin=old, birth_date=date(2019, 6, 1)))
    _raises("NEED_INVALID", lambda: _walk_in(desk, need="special"))
    _raises("BENEFIT_UNKNOWN", lambda: _walk_in(desk, benefit="vip"))
    _raises("ACCEPTED_LANGUAGES_INVALID", lambda: _walk_in(desk, accepted_languages=["en"]))
    assert _ops(desk.store) == []
    warned = _walk_in(desk, birth_date=date(2023, 5, 2))
    assert warned.warnings == ("IIN_BIRTH_DATE_MISMATCH",)  # R2: a hint, never a refusal


# ---------------------------------------------------------------------- transactions


def _publish(desk: Desk) -> object:
    return desk.publish_places(10, 2, date(2026, 4, 1))


def _withdraw(desk: Desk) -> object:
    return desk.withdraw_place(600)


def _check(desk: Desk) -> object:
    return desk.record_document_check(2, factories.documents(n=2))


def _enroll(desk: Desk) -> object:
    return desk.enroll(1)


def _leave(desk: Desk) -> object:
    return desk.record_leave(300, None, "moved")


@pytest.mark.parametrize("use_case", [_publish, _withdraw, _check, _enroll, _leave, _walk_in])
def test_a_use_case_failing_midway_leaves_nothing_behind(
    desk: Desk,
    sync: LocalSyncStore,
    monkeypatch: pytest.MonkeyPatch,
    use_case: Callable[[Desk], object],
) -> None:
    refs = [factories.referral(1), factories.referral(2)]
    _reload(
        sync,
        referrals=refs,
        places=[factories.place(501), factories.place(502), factories.place(600, status="free")],
        enrollments=[factories.enrollment(300)],
    )
    desk.record_document_check(1, factories.documents())
    before = _dump(desk.store)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("power cut")

    # the audit record is the last write of every use case: its change and op came first
    monkeypatch.setattr("desktop.models.usecases.write_audit", fail)
    with pytest.raises(RuntimeError):
        use_case(desk)
    assert _dump(desk.store) == before
    monkeypatch.undo()
    use_case(desk)
    after = _dump(desk.store)
    assert len(after["outbox"]) == len(before["outbox"]) + 1
    assert len(after["audit"]) == len(before["audit"]) + 1
    with desk.store.read() as session:
        last = session.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
        assert last is not None
        marks = session.scalars(select(Pending).where(Pending.op_id == last.op_id)).all()
    assert marks and {(m.entity, m.entity_id) for m in marks} == {tuple(t) for t in last.touches}


# ---------------------------------------------------------------------- roles, sign-in


def test_staff_may_check_documents_but_not_commit_places(desk: Desk, sync: LocalSyncStore) -> None:
    sync.set_server("http://127.0.0.1:8000", 1, 8, role="staff")
    desk.record_document_check(1, factories.documents())
    _raises("FORBIDDEN", lambda: desk.enroll(1))
    _raises("FORBIDDEN", lambda: desk.publish_places(10, 1, date(2026, 4, 1)))
    assert _ops(desk.store)[0].op.kind == "record_document_check"


def test_role_table_mirrors_the_servers() -> None:
    local = {role: {a.value for a in actions} for role, actions in roles.ROLE_ACTIONS.items()}
    server = {
        role: {a.value for a in actions} for role, actions in server_desk.ROLE_ACTIONS.items()
    }
    assert local == server
    assert {a.value for a in DeskAction} == {a.value for a in server_desk.DeskAction}
    # one table, not two kept alike: both sides consult domain.roles
    assert server_desk.ROLE_ACTIONS is roles.ROLE_ACTIONS
    assert server_desk.DeskAction is DeskAction


def test_check_details_mirror_the_servers() -> None:
    docs = factories.documents(epid_issued=date(2026, 2, 20)).to_domain()
    verdict = check_documents(
        docs, parent_iin="x", child_iin="y", birth_date=date(2022, 3, 15), visit_date=VISIT
    )
    for result in verdict.results:
        assert usecases.check_details(result.document, docs, result) == server_desk.check_details(
            result.document, docs, result
        )
    assert usecases.check_details is server_desk.check_details  # domain.documents' one


def test_nothing_works_before_the_first_sign_in(store: LocalStore) -> None:
    _raises("DESK_NOT_REGISTERED", lambda: Desk(store).publish_places(10, 1, date(2026, 4, 1)))
    _raises("DESK_NOT_REGISTERED", lambda: LocalSyncStore(store).state())
    assert not LocalSyncStore(store).configured()
