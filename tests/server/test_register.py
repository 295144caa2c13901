"""The department's register and benefit confirmation (R13, R15), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from server_stub.models import (
    Application,
    AuditRecord,
    Notification,
    Offer,
    Place,
    Referral,
    Token,
)
from server_stub.services import auth, benefits, desk, offers, register
from tests.server.factories import T0, ctx_at, make_application, make_region

TODAY = date(2026, 3, 2)


def test_districts_kindergartens_and_groups(session_factory: sessionmaker[Session]) -> None:
    ctx = ctx_at(actor="account:1")
    with session_factory.begin() as s:
        district = register.create_district(s, ctx, name_kk="Алмалы", name_ru="Алмалинский")
        kg = register.create_kindergarten(
            s,
            ctx,
            district_id=district.id,
            name_kk="№1 бөбекжай",
            name_ru="Ясли-сад №1",
            address=" ул. Абая, 1 ",
            languages=["ru", "kk", "ru"],
            latitude=43.2,
            longitude=76.9,
        )
        assert kg.languages == ("kk", "ru") and kg.address == "ул. Абая, 1"
        group = register.create_group(
            s, ctx, kg.id, name="Күншуақ", age_group=3, language="kk", capacity=2
        )
        assert (group.capacity, group.available, group.enrolled) == (2, 2, 0)
        with pytest.raises(DomainError) as bad:
            register.create_group(s, ctx, kg.id, name="x", age_group=6, language="en", capacity=0)
        assert bad.value.code == "INVALID_REQUEST"
        assert bad.value.params["fields"] == "age_group, language, capacity"
        with pytest.raises(DomainError) as missing:
            register.create_kindergarten(s, ctx, district_id=999, name_kk="a", name_ru="b")
        assert missing.value.code == "NOT_FOUND"
        renamed = register.update_kindergarten(s, ctx, kg.id, name_ru="Ясли-сад №1 «Балапан»")
        assert renamed.name_ru == "Ясли-сад №1 «Балапан»" and renamed.name_kk == "№1 бөбекжай"
        assert [k.id for k in register.list_kindergartens(s, district_id=district.id)] == [kg.id]
        assert register.list_kindergartens(s, active=False) == []
        assert [g.id for g in register.list_groups(s, kg.id)] == [group.id]
        assert [d.name_ru for d in register.list_districts(s)] == ["Алмалинский"]
    with session_factory() as s:
        actions = s.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
        assert actions == [
            "district_created",
            "kindergarten_created",
            "group_created",
            "kindergarten_updated",
        ]


def test_capacity_cannot_go_below_the_seats_taken(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(3,), capacity=5)
        kg = region.kindergartens[0]
        group = region.groups[(kg.id, 3)]
        desk.publish_places(
            s, ctx_at(), kg.id, group_id=group.id, count=3, free_from=TODAY, account_id=None
        )
        with pytest.raises(DomainError) as refused:
            register.update_group(s, ctx_at(), group.id, capacity=2)
        assert refused.value.code == "CAPACITY_BELOW_ENROLLED"
        assert refused.value.params == {"capacity": 2, "enrolled": 0, "published": 3}
        assert register.update_group(s, ctx_at(), group.id, capacity=3).available == 0
        # who may get these places must not change under them (R5, R7)
        changes: list[dict[str, Any]] = [{"language": "kk"}, {"age_group": 4}, {"active": False}]
        for change in changes:
            with pytest.raises(DomainError) as open_places:
                register.update_group(s, ctx_at(), group.id, **change)
            assert open_places.value.code == "OPEN_PLACES_EXIST"
        with pytest.raises(DomainError) as closing:
            register.update_kindergarten(s, ctx_at(), kg.id, active=False)
        assert closing.value.code == "OPEN_PLACES_EXIST"
        assert register.update_group(s, ctx_at(), group.id, name="Балапан").name == "Балапан"


def test_accounts(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, with_accounts=False)
        kg = region.kindergartens[0]
        admin = register.create_account(s, ctx_at(), login="boss", password="pw-1234", role="admin")
        staff = register.create_account(
            s,
            ctx_at(actor=f"account:{admin.id}"),
            login="reception",
            password="pw-1234",
            role="staff",
            kindergarten_id=kg.id,
            full_name="Айгерим Бекова",
        )
        assert staff.kindergarten_id == kg.id and staff.active
        with pytest.raises(DomainError) as taken:
            register.create_account(s, ctx_at(), login="boss", password="pw-1234", role="admin")
        assert taken.value.code == "ACCOUNT_LOGIN_TAKEN"
        with pytest.raises(DomainError) as no_kg:
            register.create_account(
                s, ctx_at(), login="x", password="pw-1234", role="head", kindergarten_id=999
            )
        assert no_kg.value.code == "NOT_FOUND"
        secret, _, _ = auth.login(
            s, now=T0, login="reception", password="pw-1234", ttl=timedelta(hours=1)
        )
        listed = register.list_accounts(s, kindergarten_id=kg.id)
        assert [a.login for a in listed] == ["reception"]
        assert not hasattr(listed[0], "password_hash")
        with pytest.raises(DomainError) as self_off:
            register.deactivate_account(s, ctx_at(), admin.id, by_account_id=admin.id)
        assert self_off.value.code == "ACCOUNT_SELF_DEACTIVATE"
        off = register.deactivate_account(s, ctx_at(), staff.id, by_account_id=admin.id)
        assert not off.active
        assert s.scalar(select(Token.revoked).where(Token.account_id == staff.id)) is True
        with pytest.raises(DomainError):
            auth.authenticate(s, now=T0, secret=secret)
        assert [a.login for a in register.list_accounts(s, active=True)] == ["boss"]
    with session_factory() as s:
        created = s.scalars(
            select(AuditRecord).where(AuditRecord.action == "account_created")
        ).all()
        # R30: neither the login nor the name goes into the audit log
        assert all("reception" not in str(r.data) and "Айгерим" not in str(r.data) for r in created)


def test_statistics(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=2, age_groups=(3,), capacity=10)
        kg, other = region.kindergartens
        other.district_id = register.create_district(
            s, ctx_at(), name_kk="Бостандық", name_ru="Бостандыкский"
        ).id
        for category in (0, 1, 2, 2):
            make_application(s, kindergarten_ids=[kg.id], category=category)
        make_application(s, kindergarten_ids=[other.id], status="withdrawn")
        desk.publish_places(
            s,
            ctx_at(),
            kg.id,
            group_id=region.groups[(kg.id, 3)].id,
            count=5,
            free_from=TODAY,
            account_id=None,
        )
        stats = register.statistics(s)
        assert stats.applications_by_status == {"offered": 4, "withdrawn": 1}
        assert stats.applications_by_category == {0: 1, 1: 1, 2: 2}
        assert stats.offers_by_status == {"open": 4}
        assert stats.places_by_status == {"offered": 4, "free": 1}
        assert stats.free_places == 1
        first, second = stats.districts
        assert (first.kindergartens, first.capacity, first.queued_applications) == (1, 10, 4)
        assert (first.places, first.live_referrals) == ({"offered": 4, "free": 1}, 0)
        assert (second.kindergartens, second.queued_applications, second.places) == (1, 0, {})
        only = register.statistics(s, district_id=region.district.id)
        assert only.applications_by_status == {"offered": 4}
        with pytest.raises(DomainError):
            register.statistics(s, district_id=999)


def _pending_referral(s: Session) -> tuple[int, Application, Application, Referral]:
    """A military family (pending benefit) holds a referral; a general family waits."""
    region = make_region(s, kindergartens=1, age_groups=(3,))
    kg = region.kindergartens[0]
    military = make_application(
        s,
        kindergarten_ids=[kg.id],
        category=0,
        benefit="military",
        benefit_status="pending",
        queued_at=T0 - timedelta(days=1),
    )
    military.benefit_deadline = T0 + timedelta(days=7)
    waiting = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=300))
    result = desk.publish_places(
        s,
        ctx_at(),
        kg.id,
        group_id=region.groups[(kg.id, 3)].id,
        count=1,
        free_from=TODAY,
        account_id=None,
    )
    assert [o.application_number for o in result.offers] == [military.number]  # R8
    referral = offers.accept_offer(s, ctx_at(), result.offers[0].offer_id)
    assert referral.awaiting_benefit
    return kg.id, military, waiting, referral


def test_confirming_a_benefit_hands_the_referral_to_the_kindergarten(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        kg_id, military, _, referral = _pending_referral(s)
        (pending,) = benefits.list_pending(s, ctx_at())
        assert (pending.application_id, pending.referral_id) == (military.id, referral.id)
        assert desk.list_referrals(s, ctx_at(), kg_id) == []
        # the department answers on the fourth working day: the family still gets 5 at the desk
        later = ctx_at(T0 + timedelta(days=3))
        decision = benefits.confirm_benefit(s, later, military.id)
        assert (decision.benefit_status, decision.category, decision.referral_id) == (
            "confirmed",
            0,
            referral.id,
        )
        (handed,) = desk.list_referrals(s, later, kg_id)
        assert handed.id == referral.id and handed.days_left == 5
        with pytest.raises(DomainError) as again:
            benefits.confirm_benefit(s, later, military.id)
        assert again.value.code == "BENEFIT_NOT_PENDING"
        assert benefits.list_pending(s, later) == []


def test_rejecting_a_benefit_cancels_the_referral_and_reoffers_the_place(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        kg_id, military, waiting, referral = _pending_referral(s)
        queued_at = military.queued_at
        decision = benefits.reject_benefit(s, ctx_at(), military.id)
        assert (decision.benefit_status, decision.category, decision.referral_id) == (
            "rejected",
            2,
            referral.id,
        )
        assert decision.offers_made == 1
        s.refresh(referral)
        assert referral.status == "cancelled"
        app = s.get(Application, military.id)
        assert app is not None
        # R13: general category, original timestamp, back in the queue (no stop list)
        assert (app.category, app.queued_at, app.status, app.stop_until) == (
            2,
            queued_at,
            "queued",
            None,
        )
        # the place went to the general applicant who had waited longer (R9)
        offer = s.scalar(select(Offer).where(Offer.status == "open"))
        assert offer is not None and offer.application_id == waiting.id
        assert s.get_one(Place, offer.place_id).status == "offered"
        sms = s.scalar(
            select(Notification).where(
                Notification.application_id == military.id,
                Notification.kind == "benefit_rejected",
            )
        )
        assert sms is not None and military.number in sms.body
        assert desk.list_referrals(s, ctx_at(), kg_id) == []


def test_rejecting_a_benefit_cancels_an_open_offer_made_on_its_strength(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(3,))
        kg = region.kindergartens[0]
        military = make_application(
            s, kindergarten_ids=[kg.id], category=0, benefit="military", benefit_status="pending"
        )
        waiting = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(1))
        desk.publish_places(
            s,
            ctx_at(),
            kg.id,
            group_id=region.groups[(kg.id, 3)].id,
            count=1,
            free_from=TODAY,
            account_id=None,
        )
        # the scheduler's path when the deadline passes
        decision = benefits.reject_benefit(s, ctx_at(), military.id, reason="not_confirmed_in_time")
        assert decision.status == "queued" and decision.referral_id is None
        by_app = {o.application_id: o.status for o in s.scalars(select(Offer).order_by(Offer.id))}
        assert by_app == {military.id: "cancelled", waiting.id: "open"}
        assert s.get_one(Application, military.id).status == "queued"
    with session_factory() as s:
        record = s.scalar(select(AuditRecord).where(AuditRecord.action == "benefit_rejected"))
        assert record is not None and record.data["reason"] == "not_confirmed_in_time"


def test_only_pending_benefits_can_be_decided(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, with_accounts=False)
        app = make_application(s, kindergarten_ids=[region.kindergartens[0].id])
        for decide in (benefits.confirm_benefit, benefits.reject_benefit):
            with pytest.raises(DomainError) as refused:
                decide(s, ctx_at(), app.id)
            assert refused.value.code == "BENEFIT_NOT_PENDING"
        with pytest.raises(DomainError) as missing:
            benefits.confirm_benefit(s, ctx_at(), 999_999)
        assert missing.value.code == "NOT_FOUND"
