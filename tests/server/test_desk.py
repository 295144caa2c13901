"""The desk's services (R15-R23), on SQLite and PostgreSQL.

They are called the way the API and, later, the sync protocol call them: with the desk's
kindergarten id as an argument and plain values in and out.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.documents import (
    BirthCertificate,
    DocumentSet,
    EpidCertificate,
    HealthPassport,
    ParentIdDocument,
    Vaccination,
)
from domain.errors import DomainError
from server_stub.models import (
    Account,
    Application,
    AuditRecord,
    DocumentCheck,
    Enrollment,
    Group,
    Notification,
    Offer,
    Place,
    Referral,
)
from server_stub.services import desk, offers
from server_stub.services.desk import DeskAction
from tests.server.factories import T0, Region, ctx_at, make_application, make_region

TODAY = date(2026, 3, 2)  # T0's day in Kazakhstan


@dataclass
class Scene:
    region: Region
    kg_id: int
    other_kg_id: int
    group_id: int
    head_id: int


def _head_id(session: Session, kg_id: int) -> int:
    account_id = session.scalar(select(Account.id).where(Account.login == f"head{kg_id}"))
    assert account_id is not None
    return account_id


def _scene(session: Session, capacity: int = 20) -> Scene:
    region = make_region(session, kindergartens=2, age_groups=(3,), capacity=capacity)
    kg, other = region.kindergartens
    return Scene(region, kg.id, other.id, region.groups[(kg.id, 3)].id, _head_id(session, kg.id))


def _docs(
    app: Application, *, epid_issued: date = TODAY, vaccination: str = "complete"
) -> DocumentSet:
    return DocumentSet(
        parent_id=ParentIdDocument("N0001", app.parent_iin, date(2030, 1, 1)),
        birth_certificate=BirthCertificate("I-АЛ 1", app.child_iin, app.birth_date),
        epid_certificate=EpidCertificate("E-1", epid_issued),
        health_passport=HealthPassport("HP-1", Vaccination(vaccination)),
    )


def _referred(session: Session, scene: Scene, **app_fields: Any) -> tuple[Application, Referral]:
    """An application that was offered a freshly published place and accepted it."""
    app = make_application(session, kindergarten_ids=[scene.kg_id], **app_fields)
    result = desk.publish_places(
        session,
        ctx_at(),
        scene.kg_id,
        group_id=scene.group_id,
        count=1,
        free_from=TODAY,
        account_id=scene.head_id,
    )
    (offer,) = [o for o in result.offers if o.application_number == app.number]
    referral = offers.accept_offer(session, ctx_at(), offer.offer_id)
    return app, referral


def _enroll_filler(session: Session, scene: Scene, vaccination: str) -> None:
    """A child already attending the group (for R21 counts), written directly."""
    app = make_application(session, kindergarten_ids=[scene.kg_id], status="enrolled")
    session.add(
        Enrollment(
            kindergarten_id=scene.kg_id,
            group_id=scene.group_id,
            application_id=app.id,
            child_iin=app.child_iin,
            child_name=app.child_name,
            birth_date=app.birth_date,
            parent_iin=app.parent_iin,
            vaccination=vaccination,
            enrolled_at=T0 - timedelta(days=100),
        )
    )
    session.flush()


def test_lifecycle_publish_offer_check_enroll(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        later = make_application(
            s, kindergarten_ids=[scene.kg_id], queued_at=T0 - timedelta(days=1)
        )
        first = make_application(
            s, kindergarten_ids=[scene.kg_id], queued_at=T0 - timedelta(days=30)
        )
        ctx = ctx_at(actor=f"account:{scene.head_id}")
        result = desk.publish_places(
            s,
            ctx,
            scene.kg_id,
            group_id=scene.group_id,
            count=1,
            free_from=TODAY,
            account_id=scene.head_id,
        )
        # R16: the place is offered at once, in the same transaction, to the first in line
        assert [p.status for p in result.places] == ["offered"]
        assert [o.application_number for o in result.offers] == [first.number]
        assert s.get_one(Application, later.id).status == "queued"
        referral = offers.accept_offer(s, ctx, result.offers[0].offer_id)
        referral_id = referral.id

    with session_factory.begin() as s:
        ctx = ctx_at(T0 + timedelta(hours=1), actor=f"account:{scene.head_id}")
        (listed,) = desk.list_referrals(s, ctx, scene.kg_id)
        assert listed.id == referral_id
        assert listed.child_name == first.child_name and listed.parent_iin == first.parent_iin
        assert listed.days_left == 5  # R18: five working days
        assert {d.status for d in listed.documents} == {"not_checked"}
        app = s.get(Application, first.id)
        assert app is not None
        stale = desk.record_document_check(
            s,
            ctx,
            scene.kg_id,
            referral_id,
            _docs(app, epid_issued=TODAY - timedelta(days=4)),
            account_id=scene.head_id,
        )
        assert not stale.all_passed
        by_kind = {d.kind.value: d for d in stale.documents}
        assert by_kind["epid_certificate"].code == "EPID_CERT_TOO_OLD"
        assert by_kind["epid_certificate"].params == {
            "issued": "2026-02-26",
            "valid_until": "2026-03-01",
        }
        assert by_kind["parent_id"].status == "passed"
        with pytest.raises(DomainError) as refused:
            desk.enroll(s, ctx, scene.kg_id, referral_id, account_id=scene.head_id)
        assert refused.value.code == "DOCUMENTS_FAILED"
        assert refused.value.params == {"documents": "epid_certificate"}
        # R20: a failed check does not end the referral
        assert s.get_one(Referral, referral_id).status == "active"

    with session_factory.begin() as s:
        ctx = ctx_at(T0 + timedelta(hours=2), actor=f"account:{scene.head_id}")
        fixed = desk.record_document_check(
            s,
            ctx,
            scene.kg_id,
            referral_id,
            DocumentSet(epid_certificate=EpidCertificate("E-2", TODAY)),
            account_id=scene.head_id,
        )
        assert fixed.all_passed
        assert [d.this_visit for d in fixed.documents] == [False, False, True, False]
        done = desk.enroll(s, ctx, scene.kg_id, referral_id, account_id=scene.head_id)
        assert done.vaccination == "complete" and not done.head_decision_recorded

    with session_factory() as s:
        closed = s.get_one(Referral, referral_id)
        assert closed.status == "enrolled"
        assert s.get_one(Place, closed.place_id).status == "filled"
        assert s.get_one(Application, first.id).status == "enrolled"
        enrollment = s.scalar(select(Enrollment).where(Enrollment.referral_id == referral_id))
        assert enrollment is not None
        assert (enrollment.child_iin, enrollment.child_name, enrollment.parent_iin) == (
            first.child_iin,
            first.child_name,
            first.parent_iin,
        )
        checks = s.scalars(
            select(DocumentCheck).where(DocumentCheck.referral_id == referral_id)
        ).all()
        assert len(checks) == 5  # four on the first visit, the epid certificate again
        assert all(c.checked_by == scene.head_id for c in checks)
        for check in checks:  # R30: document numbers, never the IINs or the birth date
            assert first.child_iin not in str(check.details)
            assert first.parent_iin not in str(check.details)
        sms = s.scalars(
            select(Notification.kind).where(Notification.application_id == first.id)
        ).all()
        assert "enrolled" in sms
        actions = s.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
        assert {"places_published", "view_referral", "documents_checked", "child_enrolled"} <= set(
            actions
        )
        # R22: the next applicant is now first in the queue; nothing else was offered
        assert s.get_one(Application, later.id).status == "queued"


def test_publishing_is_refused_in_the_august_freeze(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        august = ctx_at(T0.replace(month=8, day=10))
        with pytest.raises(DomainError) as refused:
            desk.publish_places(
                s,
                august,
                scene.kg_id,
                group_id=scene.group_id,
                count=1,
                free_from=date(2026, 9, 1),
                account_id=scene.head_id,
            )
        assert refused.value.code == "AUGUST_FREEZE"
        assert s.scalar(select(func.count()).select_from(Place)) == 0


def test_publishing_stops_at_capacity(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s, capacity=4)
        _enroll_filler(s, scene, "complete")
        desk.publish_places(
            s,
            ctx_at(),
            scene.kg_id,
            group_id=scene.group_id,
            count=2,
            free_from=TODAY,
            account_id=scene.head_id,
        )
        (group,) = desk.list_groups(s, ctx_at(), scene.kg_id)
        assert (group.enrolled, group.free, group.published, group.available) == (1, 2, 2, 1)
        with pytest.raises(DomainError) as refused:
            desk.publish_places(
                s,
                ctx_at(),
                scene.kg_id,
                group_id=scene.group_id,
                count=2,
                free_from=TODAY,
                account_id=scene.head_id,
            )
        assert refused.value.code == "PLACES_OVER_CAPACITY"
        assert refused.value.params["available"] == 1
        desk.publish_places(
            s,
            ctx_at(),
            scene.kg_id,
            group_id=scene.group_id,
            count=1,
            free_from=TODAY,
            account_id=scene.head_id,
        )
        assert desk.list_groups(s, ctx_at(), scene.kg_id)[0].available == 0


def test_concurrent_publications_never_exceed_capacity(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        scene = _scene(s, capacity=3)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def publish() -> None:
        barrier.wait()
        try:
            with session_factory.begin() as s:
                desk.publish_places(
                    s,
                    ctx_at(),
                    scene.kg_id,
                    group_id=scene.group_id,
                    count=2,
                    free_from=TODAY,
                    account_id=scene.head_id,
                )
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["PLACES_OVER_CAPACITY", "ok"]
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 2


def test_withdraw_only_a_free_place(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        make_application(s, kindergarten_ids=[scene.kg_id])
        result = desk.publish_places(
            s,
            ctx_at(),
            scene.kg_id,
            group_id=scene.group_id,
            count=2,
            free_from=TODAY,
            account_id=scene.head_id,
        )
        offered = next(p for p in result.places if p.status == "offered")
        free = next(p for p in result.places if p.status == "free")
        with pytest.raises(DomainError) as refused:
            desk.withdraw_place(s, ctx_at(), scene.kg_id, offered.id)
        assert refused.value.code == "PLACE_ALREADY_OFFERED"
        assert desk.withdraw_place(s, ctx_at(), scene.kg_id, free.id).status == "withdrawn"
        with pytest.raises(DomainError) as again:
            desk.withdraw_place(s, ctx_at(), scene.kg_id, free.id)
        assert again.value.code == "PLACE_NOT_FREE"
        # another kindergarten's desk cannot even see it
        with pytest.raises(DomainError) as foreign:
            desk.withdraw_place(s, ctx_at(), scene.other_kg_id, offered.id)
        assert foreign.value.code == "NOT_FOUND"


def test_another_kindergarten_sees_nothing(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        app, referral = _referred(s, scene)
        other = scene.other_kg_id
        ctx = ctx_at()
        assert desk.list_referrals(s, ctx, other) == []
        assert desk.list_places(s, ctx_at(), other) == []
        calls = [
            lambda: desk.get_referral(s, ctx, other, referral.id),
            lambda: desk.record_document_check(
                s, ctx, other, referral.id, _docs(app), account_id=scene.head_id
            ),
            lambda: desk.enroll(s, ctx, other, referral.id, account_id=scene.head_id),
            lambda: desk.publish_places(
                s, ctx, other, group_id=scene.group_id, count=1, free_from=TODAY, account_id=None
            ),
        ]
        for call in calls:
            with pytest.raises(DomainError) as refused:
                call()
            assert refused.value.code == "NOT_FOUND"


def test_a_referral_awaiting_a_benefit_is_not_handed_over(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        _, referral = _referred(s, scene, category=0, benefit="military", benefit_status="pending")
        assert referral.awaiting_benefit
        assert desk.list_referrals(s, ctx_at(), scene.kg_id) == []
        with pytest.raises(DomainError) as refused:
            desk.get_referral(s, ctx_at(), scene.kg_id, referral.id)
        assert refused.value.code == "NOT_FOUND"


def test_documents_not_brought_keep_their_earlier_check(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        app, referral = _referred(s, scene)
        ctx = ctx_at()
        first = desk.record_document_check(
            s,
            ctx,
            scene.kg_id,
            referral.id,
            DocumentSet(parent_id=_docs(app).parent_id),
            account_id=scene.head_id,
        )
        # never checked before and not brought: recorded as missing
        assert [(d.kind, d.status, d.code) for d in first.documents] == [
            ("parent_id", "passed", None),
            ("birth_certificate", "failed", "DOC_MISSING"),
            ("epid_certificate", "failed", "DOC_MISSING"),
            ("health_passport", "failed", "DOC_MISSING"),
        ]
        second = desk.record_document_check(
            s,
            ctx,
            scene.kg_id,
            referral.id,
            DocumentSet(
                birth_certificate=BirthCertificate(
                    "B", app.child_iin, app.birth_date + timedelta(1)
                )
            ),
            account_id=scene.head_id,
        )
        assert [(d.status, d.this_visit) for d in second.documents] == [
            ("passed", False),
            ("failed", True),
            ("failed", False),
            ("failed", False),
        ]
        assert second.documents[1].code == "BIRTH_CERT_DATE_MISMATCH"
        assert s.scalar(select(func.count()).select_from(DocumentCheck)) == 5


def test_enrollment_needs_every_document_checked_and_passed(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        app, referral = _referred(s, scene)
        ctx = ctx_at()
        with pytest.raises(DomainError) as unchecked:
            desk.enroll(s, ctx, scene.kg_id, referral.id, account_id=scene.head_id)
        assert unchecked.value.code == "DOCUMENTS_NOT_CHECKED"
        assert "epid_certificate" in unchecked.value.params["documents"]
        with pytest.raises(DomainError) as future:
            desk.record_document_check(
                s,
                ctx,
                scene.kg_id,
                referral.id,
                _docs(app),
                visit_date=TODAY + timedelta(days=1),
                account_id=scene.head_id,
            )
        assert future.value.code == "VISIT_DATE_INVALID"
        desk.record_document_check(s, ctx, scene.kg_id, referral.id, _docs(app), account_id=1)
        # four days later the certificate that was fresh at the visit is stale (R20)
        later = ctx_at(T0 + timedelta(days=4))
        with pytest.raises(DomainError) as stale:
            desk.enroll(s, later, scene.kg_id, referral.id, account_id=scene.head_id)
        assert stale.value.code == "EPID_CERT_TOO_OLD"
        # past the referral's deadline nothing can be done with it (R19)
        lapsed = ctx_at(referral.expires_at + timedelta(seconds=1))
        for call in (
            lambda: desk.enroll(s, lapsed, scene.kg_id, referral.id, account_id=scene.head_id),
            lambda: desk.record_document_check(
                s, lapsed, scene.kg_id, referral.id, _docs(app), account_id=scene.head_id
            ),
        ):
            with pytest.raises(DomainError) as refused:
                call()
            assert refused.value.code == "REFERRAL_LAPSED"


def test_r21_unvaccinated_share_needs_the_heads_decision(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        for n in range(9):
            _enroll_filler(s, scene, "incomplete" if n == 0 else "complete")
        app, referral = _referred(s, scene)
        ctx = ctx_at()
        desk.record_document_check(
            s,
            ctx,
            scene.kg_id,
            referral.id,
            _docs(app, vaccination="incomplete"),
            account_id=scene.head_id,
        )
        # 2 of 10 unvaccinated would exceed 10 %
        for decision in (None, "   "):
            with pytest.raises(DomainError) as refused:
                desk.enroll(
                    s,
                    ctx,
                    scene.kg_id,
                    referral.id,
                    head_decision=decision,
                    account_id=scene.head_id,
                )
            assert refused.value.code == "VACCINATION_DECISION_REQUIRED"
        done = desk.enroll(
            s,
            ctx,
            scene.kg_id,
            referral.id,
            head_decision="Приказ №12: медотвод оформляется",
            account_id=scene.head_id,
        )
        assert done.head_decision_recorded and done.vaccination == "incomplete"
        row = s.get(Enrollment, done.enrollment_id)
        assert row is not None and row.head_decision == "Приказ №12: медотвод оформляется"


def test_r21_an_exempt_child_needs_no_decision(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        _enroll_filler(s, scene, "incomplete")
        app, referral = _referred(s, scene)
        ctx = ctx_at()
        desk.record_document_check(
            s,
            ctx,
            scene.kg_id,
            referral.id,
            _docs(app, vaccination="exempt"),
            account_id=scene.head_id,
        )
        assert desk.enroll(s, ctx, scene.kg_id, referral.id, account_id=None).vaccination == (
            "exempt"
        )


def test_leaving_frees_capacity_but_publishes_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        scene = _scene(s, capacity=1)
        app, referral = _referred(s, scene)
        ctx = ctx_at()
        desk.record_document_check(s, ctx, scene.kg_id, referral.id, _docs(app), account_id=1)
        done = desk.enroll(s, ctx, scene.kg_id, referral.id, account_id=scene.head_id)
        assert desk.list_groups(s, ctx_at(), scene.kg_id)[0].available == 0
        (child,) = desk.list_children(s, ctx, scene.kg_id, query=app.child_name.upper())
        assert child.id == done.enrollment_id
        with pytest.raises(DomainError) as early:
            desk.record_leave(
                s, ctx, scene.kg_id, child.id, day=TODAY - timedelta(days=1), reason="x"
            )
        assert early.value.code == "LEAVE_DATE_INVALID"
        left = desk.record_leave(s, ctx, scene.kg_id, child.id, reason="переезд")
        assert left.left_at == ctx.now and left.leave_reason == "переезд"
        with pytest.raises(DomainError) as twice:
            desk.record_leave(s, ctx, scene.kg_id, child.id, reason="again")
        assert twice.value.code == "CHILD_ALREADY_LEFT"
        (group,) = desk.list_groups(s, ctx_at(), scene.kg_id)
        assert (group.enrolled, group.available, group.free) == (0, 1, 0)  # R23
        assert desk.list_children(s, ctx, scene.kg_id) == []


def test_referral_search_and_audited_views(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        scene = _scene(s)
        app, referral = _referred(s, scene)
        app.child_name = "Әлихан Серікұлы"
        _referred(s, scene)
        ctx = ctx_at(actor="account:7")
        assert len(desk.list_referrals(s, ctx, scene.kg_id)) == 2
        assert [r.id for r in desk.list_referrals(s, ctx, scene.kg_id, query="әлихан")] == [
            referral.id
        ]
        assert [r.id for r in desk.list_referrals(s, ctx, scene.kg_id, query=app.child_iin)] == [
            referral.id
        ]
        assert desk.list_referrals(s, ctx, scene.kg_id, status="enrolled") == []
        desk.get_referral(s, ctx, scene.kg_id, referral.id)
    with session_factory() as s:
        views = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "view_referral")
            .order_by(AuditRecord.id)
        ).all()
        assert len(views) == 4  # once per call, listing the ids shown
        assert sorted(views[1].data["referral_ids"]) == [referral.id]
        assert views[-1].entity == "referral" and views[-1].entity_id == str(referral.id)
        assert all(v.actor == "account:7" for v in views)


def test_only_a_head_commits_places_and_contracts() -> None:
    for action in DeskAction:
        desk.authorize("head", action)
    desk.authorize("staff", DeskAction.VIEW)
    desk.authorize("staff", DeskAction.CHECK_DOCUMENTS)
    for action in (
        DeskAction.PUBLISH_PLACES,
        DeskAction.WITHDRAW_PLACE,
        DeskAction.ENROLL,
        DeskAction.RECORD_LEAVE,
    ):
        with pytest.raises(DomainError) as refused:
            desk.authorize("staff", action)
        assert refused.value.code == "FORBIDDEN"
    for role in ("admin", None):
        with pytest.raises(DomainError):
            desk.authorize(role, DeskAction.VIEW)


def test_offers_are_only_for_the_right_group(session_factory: sessionmaker[Session]) -> None:
    """A place in a Kazakh group is not offered to a family that accepts only Russian (R7)."""
    with session_factory.begin() as s:
        scene = _scene(s)
        kk_group = Group(
            kindergarten_id=scene.kg_id, name="Күншуақ", age_group=3, language="kk", capacity=5
        )
        s.add(kk_group)
        s.flush()
        make_application(s, kindergarten_ids=[scene.kg_id], accepted_languages="ru")
        result = desk.publish_places(
            s,
            ctx_at(),
            scene.kg_id,
            group_id=kk_group.id,
            count=1,
            free_from=TODAY,
            account_id=scene.head_id,
        )
        assert result.offers == [] and result.places[0].status == "free"
        assert s.scalar(select(func.count()).select_from(Offer)) == 0
