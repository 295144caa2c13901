"""The allocation engine and the deadlines it lives by (R8-R19, R24, R25), on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from server_stub.models import Allocation, Application, Choice, Enrollment, Offer, Place, Referral
from server_stub.services import allocation, offers
from server_stub.services.deadlines import tick
from tests.server.factories import (
    T0,
    add_places,
    birth_for_age_group,
    ctx_at,
    make_application,
    make_region,
)


def _open_offer(session: Session, app_id: int) -> Offer | None:
    return session.scalar(
        select(Offer).where(Offer.application_id == app_id, Offer.status == "open")
    )


def test_r8_r10_offers_follow_categories_and_the_1_to_3_share(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        group = region.groups[(kg.id, 3)]
        general = [
            make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=100 - i))
            for i in range(5)
        ]
        first = [
            make_application(
                s, kindergarten_ids=[kg.id], category=1, queued_at=T0 - timedelta(days=50 - i)
            )
            for i in range(2)
        ]
        extra = make_application(s, kindergarten_ids=[kg.id], category=0, queued_at=T0)
        ctx = ctx_at()
        shown = allocation.queue_positions(s, ctx, s.get(Application, first[1].id))
        add_places(s, group, 6)
        made = allocation.allocate(s, ctx, kg.id)
        order = [o.application_id for o in made]
    # extraordinary first (R8), then FP, G, G, G, FP (R10)
    assert order == [
        extra.id,
        first[0].id,
        general[0].id,
        general[1].id,
        general[2].id,
        first[1].id,
    ]
    # R14: the number shown before the offers was the order in which they came
    assert shown[kg.id] == 6


def test_r17_one_open_offer_per_applicant_and_no_place_given_twice(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=2)
        a, b = region.kindergartens
        first = make_application(s, kindergarten_ids=[a.id, b.id], queued_at=T0 - timedelta(days=9))
        second = make_application(
            s, kindergarten_ids=[a.id, b.id], queued_at=T0 - timedelta(days=1)
        )
        ctx = ctx_at()
        add_places(s, region.groups[(a.id, 3)], 1)
        add_places(s, region.groups[(b.id, 3)], 1)
        allocation.allocate(s, ctx, a.id)
        allocation.allocate(s, ctx, b.id)
        by_app = {
            o.application_id: o for o in s.scalars(select(Offer).where(Offer.status == "open"))
        }
        assert set(by_app) == {first.id, second.id}
        assert len({o.place_id for o in by_app.values()}) == 2
        # the second kindergarten passed over the first applicant, and says why
        decision = s.scalar(select(Allocation).where(Allocation.application_id == second.id))
        assert decision is not None
        reasons = {p["number"]: p["reason"] for p in decision.inputs["passed_over"]}
        assert reasons == {first.number: "HAS_OPEN_OFFER"}


def test_r17_decline_removes_the_choice_and_the_place_goes_on_at_once(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        first = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=9))
        second = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=1))
        ctx = ctx_at()
        add_places(s, region.groups[(kg.id, 3)], 1)
        (offer,) = allocation.allocate(s, ctx, kg.id)
        assert offer.application_id == first.id
        offers.decline_offer(s, ctx, offer.id)
        assert s.get(Choice, (first.id, kg.id)).active is False
        assert s.get(Application, first.id).status == "queued"
        nxt = _open_offer(s, second.id)
        assert nxt is not None and nxt.place_id == offer.place_id


def test_r16_r17_unanswered_offer_expires_after_three_working_days(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        first = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=9))
        second = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=1))
        add_places(s, region.groups[(kg.id, 3)], 1)
        (offer,) = allocation.allocate(s, ctx_at(), kg.id)
        # offered Monday 2 March 2026: Tue, Wed, Thu are the three working days
        assert offer.deadline_at == datetime(2026, 3, 5, 18, 59, 59, 999999, tzinfo=UTC)
    thursday_evening = datetime(2026, 3, 5, 18, 0, tzinfo=UTC)
    assert tick(session_factory, ctx_at(thursday_evening))["offers_expired"] == 0
    friday = datetime(2026, 3, 6, 4, 0, tzinfo=UTC)
    report = tick(session_factory, ctx_at(friday))
    assert report["offers_expired"] == 1
    assert tick(session_factory, ctx_at(friday))["offers_expired"] == 0  # idempotent
    with session_factory() as s:
        assert s.get(Offer, offer.id).status == "expired"
        assert s.get(Choice, (first.id, kg.id)).active is False
        assert _open_offer(s, second.id) is not None


def test_r18_r19_lapsed_referral_stop_list_and_return_with_original_position(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        group = region.groups[(kg.id, 3)]
        first = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=9))
        second = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=1))
        add_places(s, group, 1)
        (offer,) = allocation.allocate(s, ctx_at(), kg.id)
        referral = offers.accept_offer(s, ctx_at(T0 + timedelta(hours=1)), offer.id)
        # five working days after Monday 2 March, 9 March being a day off: Tuesday 10 March
        assert referral.expires_at.date() == date(2026, 3, 10)
        assert s.get(Application, first.id).status == "referred"
    lapse_at = datetime(2026, 3, 12, 4, 0, tzinfo=UTC)
    assert tick(session_factory, ctx_at(lapse_at))["referrals_lapsed"] == 1
    with session_factory() as s:
        app = s.get(Application, first.id)
        assert app.status == "stop_listed"
        assert app.stop_until == lapse_at + timedelta(days=10)
        assert _open_offer(s, second.id) is not None  # the place went on at once
        # while stop-listed it keeps its number: first in the queue (R19)
        assert allocation.queue_positions(s, ctx_at(lapse_at), app)[kg.id] == 1
    with session_factory.begin() as s:
        offers.accept_offer(s, ctx_at(lapse_at), _open_offer(s, second.id).id)
        add_places(s, group, 1)
    # a free place, but the only other applicant is still on the stop list
    assert tick(session_factory, ctx_at(lapse_at + timedelta(days=1)))["offers_made_sweep"] == 0
    back = lapse_at + timedelta(days=10, hours=1)
    report = tick(session_factory, ctx_at(back))
    assert report["stop_list_released"] == 1
    with session_factory() as s:
        assert _open_offer(s, first.id) is not None


def test_r18_postponement_once_moves_the_deadline(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        make_application(s, kindergarten_ids=[kg.id])
        add_places(s, region.groups[(kg.id, 3)], 1)
        (offer,) = allocation.allocate(s, ctx_at(), kg.id)
        referral = offers.accept_offer(s, ctx_at(), offer.id)
        offers.postpone_referral(s, ctx_at(), referral.id, date(2026, 3, 30))
        assert referral.status == "postponed"
        assert referral.expires_at.date() == date(2026, 4, 6)
        with pytest.raises(DomainError) as refused:
            offers.postpone_referral(s, ctx_at(), referral.id, date(2026, 3, 31))
        assert refused.value.code == "REFERRAL_NOT_ACTIVE"
        place = s.get(Place, referral.place_id)
        assert place.status == "reserved"


def test_r25_r26_no_offers_in_august_then_the_new_school_year_decides(
    session_factory: sessionmaker[Session],
) -> None:
    july = datetime(2026, 7, 30, 6, 0, tzinfo=UTC)
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        older = make_application(s, kindergarten_ids=[kg.id], queued_at=july - timedelta(days=30))
        younger = make_application(
            s,
            kindergarten_ids=[kg.id],
            birth_date=birth_for_age_group(3, 2026),
            queued_at=july - timedelta(days=1),
            confirmed_school_year=2026,
        )
        add_places(s, region.groups[(kg.id, 3)], 1, free_from=date(2026, 7, 30))
        (offer,) = allocation.allocate(s, ctx_at(july), kg.id)
        assert offer.application_id == older.id
    august = datetime(2026, 8, 3, 6, 0, tzinfo=UTC)
    report = tick(session_factory, ctx_at(august))
    assert report["offers_cancelled_freeze"] == 1
    assert report["offers_made_sweep"] == 0
    with session_factory() as s:
        assert _open_offer(s, older.id) is None
        assert s.get(Choice, (older.id, kg.id)).active is True  # not counted as a decline
        with pytest.raises(DomainError) as refused:
            offers.accept_offer(s, ctx_at(august), offer.id)
        assert refused.value.code == "OFFER_NOT_OPEN"
    # 1 September: the older child is now in the senior group's age; the middle-group
    # place goes to the child who is three this school year (R5, R26)
    september = datetime(2026, 9, 1, 6, 0, tzinfo=UTC)
    assert tick(session_factory, ctx_at(september))["offers_made_sweep"] == 1
    with session_factory() as s:
        assert _open_offer(s, younger.id) is not None
        assert _open_offer(s, older.id) is None


def test_r24_unconfirmed_applications_are_suspended_and_others_move_up(
    session_factory: sessionmaker[Session],
) -> None:
    october = datetime(2026, 10, 1, 6, 0, tzinfo=UTC)
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        birth = birth_for_age_group(3, 2026)
        lazy = make_application(
            s, kindergarten_ids=[kg.id], birth_date=birth, queued_at=T0 - timedelta(days=9)
        )
        keen = make_application(
            s,
            kindergarten_ids=[kg.id],
            birth_date=birth,
            queued_at=T0,
            confirmed_school_year=2026,
        )
    report = tick(session_factory, ctx_at(october))
    assert report["suspended"] == 1
    with session_factory() as s:
        assert s.get(Application, lazy.id).status == "suspended"
        assert allocation.queue_positions(s, ctx_at(october), s.get(Application, keen.id)) == {
            kg.id: 1
        }
    closing = october + timedelta(days=91)
    assert tick(session_factory, ctx_at(closing))["closed"] == 1


def test_r6_aged_out_children_are_closed_on_1_september(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1)
        kg = region.kindergartens[0]
        old = make_application(s, kindergarten_ids=[kg.id], birth_date=date(2020, 9, 1))
        young = make_application(s, kindergarten_ids=[kg.id], birth_date=date(2020, 9, 2))
    first_september = datetime(2026, 9, 1, 6, 0, tzinfo=UTC)
    assert tick(session_factory, ctx_at(first_september))["aged_out"] == 1
    with session_factory() as s:
        assert s.get(Application, old.id).status == "aged_out"
        assert s.get(Application, young.id).status == "queued"


def test_r7_language_and_r11_sibling_and_r12_twins(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        region = make_region(s, kindergartens=1, language="kk")
        kg = region.kindergartens[0]
        group = region.groups[(kg.id, 3)]
        russian_only = make_application(
            s, kindergarten_ids=[kg.id], accepted_languages="ru", queued_at=T0 - timedelta(days=90)
        )
        twin_a = make_application(
            s, kindergarten_ids=[kg.id], batch_id="batch-x", queued_at=T0 - timedelta(days=80)
        )
        twin_b = make_application(
            s,
            kindergarten_ids=[kg.id],
            batch_id="batch-x",
            parent_iin=twin_a.parent_iin,
            queued_at=T0 - timedelta(days=80),
        )
        sibling = make_application(s, kindergarten_ids=[kg.id], queued_at=T0 - timedelta(days=1))
        s.add(
            Enrollment(
                kindergarten_id=kg.id,
                group_id=region.groups[(kg.id, 5)].id,
                child_iin="000000000000",
                child_name="Старший брат",
                birth_date=date(2020, 10, 1),
                parent_iin=sibling.parent_iin,
                vaccination="complete",
                enrolled_at=T0 - timedelta(days=400),
            )
        )
        s.flush()
        add_places(s, group, 1)
        (offer,) = allocation.allocate(s, ctx_at(), kg.id)
        # the sibling goes to the head of its category (R11)
        assert offer.application_id == sibling.id
        offers.decline_offer(s, ctx_at(), offer.id)
        # one place left: the twins need two (R12), the Russian-only child can't take it (R7)
        assert _open_offer(s, twin_a.id) is None and _open_offer(s, russian_only.id) is None
        add_places(s, group, 1)
        allocation.allocate(s, ctx_at(), kg.id)
        assert _open_offer(s, twin_a.id) and _open_offer(s, twin_b.id)
        assert _open_offer(s, russian_only.id) is None
        placed = s.scalars(select(Referral)).all()
        assert placed == []
