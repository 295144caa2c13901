"""The parents' service (services/applications.py) on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.benefits import Benefit
from domain.errors import DomainError
from domain.iin import make_iin
from server_stub.models import (
    Application,
    AuditRecord,
    Choice,
    Group,
    Notification,
    Offer,
    Place,
    Referral,
    VerifiedPhone,
)
from server_stub.registries import DevRegistry
from server_stub.services import allocation, applications
from server_stub.services.applications import ApplicationInput, confirmation_year
from server_stub.services.context import Ctx
from tests.server.factories import T0, Region, ctx_at, make_application, make_region

PHONE = "+77011234567"
PHONE2 = "+77771234567"
CHILD_BIRTH = date(2022, 3, 15)  # middle group (3) in school year 2025
_serial = itertools.count(100)


def parent_iin(n: int = 1) -> str:
    return make_iin(date(1990, 5, 5), "F", 7000 + n)


def child_iin(birth: date = CHILD_BIRTH) -> str:
    return make_iin(birth, "M", next(_serial))


@contextmanager
def uow(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session


def verify_phone(session: Session, parent: str, phone: str = PHONE) -> None:
    if session.get(VerifiedPhone, (parent, phone)) is None:
        session.add(VerifiedPhone(parent_iin=parent, phone=phone, verified_at=T0))
        session.flush()


def make_input(kgs: list[int], **overrides: Any) -> ApplicationInput:
    values: dict[str, Any] = {
        "child_iin": child_iin(overrides.get("birth_date", CHILD_BIRTH)),
        "child_name": "Айгерим Тестова",
        "birth_date": CHILD_BIRTH,
        "phones": (PHONE,),
        "kindergarten_ids": tuple(kgs),
    }
    values.update(overrides)
    return ApplicationInput(**values)


def file(
    session: Session,
    ctx: Ctx,
    kgs: list[int],
    *,
    parent: str | None = None,
    registry: DevRegistry | None = None,
    **overrides: Any,
) -> applications.FiledApplication:
    parent = parent or parent_iin()
    verify_phone(session, parent)
    return applications.file_application(
        session,
        ctx,
        parent_iin=parent,
        data=make_input(kgs, **overrides),
        registry=registry or DevRegistry(),
    )


def publish(session: Session, ctx: Ctx, group: Group, count: int = 1) -> list[Offer]:
    """Publish places the way the desk will: free Place rows, then the engine."""
    for _ in range(count):
        session.add(
            Place(
                group_id=group.id,
                kindergarten_id=group.kindergarten_id,
                free_from=ctx.today,
                status="free",
                published_at=ctx.now,
            )
        )
    session.flush()
    return allocation.allocate(session, ctx, group.kindergarten_id)


@pytest.fixture
def region(session_factory: sessionmaker[Session]) -> Region:
    with uow(session_factory) as session:
        made = make_region(session, kindergartens=3, age_groups=(3,), with_accounts=False)
        session.expunge_all()
    return made


def kg_ids(region: Region) -> list[int]:
    return [kg.id for kg in region.kindergartens]


def group_of(region: Region, index: int = 0) -> Group:
    return region.groups[(region.kindergartens[index].id, 3)]


# --------------------------------------------------------------------------------------
# Filing
# --------------------------------------------------------------------------------------


def test_confirmation_year_turns_on_the_first_of_august() -> None:
    policy = ctx_at().policy
    assert confirmation_year(date(2026, 3, 2), policy) == 2025
    assert confirmation_year(date(2026, 7, 31), policy) == 2025
    assert confirmation_year(date(2026, 8, 1), policy) == 2026
    assert confirmation_year(date(2026, 12, 31), policy) == 2026


def test_filing_queues_at_server_time_and_texts_the_positions(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    ctx = ctx_at(T0 + timedelta(minutes=5))
    with uow(session_factory) as session:
        filed = file(session, ctx, kg_ids(region)[:2], language="kk")
        app = filed.application
        app_id, number = app.id, app.number
        assert filed.warnings == ()
        assert number == "Q-0000001"
        assert app.queued_at == ctx.now
        assert app.status == "queued"
        assert app.category == 2 and app.benefit_status == "none"
        assert app.confirmed_school_year == 2025
        assert [(c.kindergarten_id, c.rank) for c in app.choices] == [
            (kg_ids(region)[0], 1),
            (kg_ids(region)[1], 2),
        ]
    with uow(session_factory) as session:
        sms = session.scalars(
            select(Notification).where(Notification.application_id == app_id)
        ).all()
        assert [n.kind for n in sms] == ["application_registered"]
        assert sms[0].language == "kk"
        assert number in sms[0].body and ": 1" in sms[0].body
        filed_audit = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "application_filed")
        ).one()
        assert filed_audit.entity_id == str(app_id)
        assert filed_audit.data["number"] == number


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"child_iin": "061211600013"}, "IIN_CHECKSUM"),
        ({"child_iin": "12345"}, "IIN_FORMAT"),
        ({"child_iin": "SAME"}, "IIN_SAME_AS_PARENT"),
        ({"phones": (PHONE2,)}, "PHONE_NOT_VERIFIED"),
        ({"phones": ("+7 727 123 45 67",)}, "PHONE_NOT_MOBILE"),
        ({"phones": (PHONE, PHONE2, "+77081234567")}, "PHONES_COUNT"),
        ({"phones": ()}, "PHONES_COUNT"),
        ({"kindergarten_ids": (1, 2, 3, 4, 5)}, "CHOICES_COUNT"),
        ({"kindergarten_ids": ()}, "CHOICES_COUNT"),
        ({"kindergarten_ids": "DUP"}, "CHOICE_DUPLICATE"),
        ({"kindergarten_ids": (999_999,)}, "KINDERGARTEN_NOT_FOUND"),
        ({"accepted_languages": ()}, "ACCEPTED_LANGUAGES_INVALID"),
        ({"accepted_languages": ("en",)}, "ACCEPTED_LANGUAGES_INVALID"),
        ({"need": "boarding"}, "NEED_INVALID"),
        ({"language": "en"}, "SMS_LANGUAGE_INVALID"),
        ({"benefit": "rich_uncle"}, "BENEFIT_UNKNOWN"),
        ({"child_name": "   "}, "CHILD_NAME_REQUIRED"),
        ({"birth_date": date(2026, 5, 1)}, "BIRTH_DATE_IN_FUTURE"),
        ({"birth_date": date(2019, 8, 1)}, "AGE_AGED_OUT"),
        ({"desired_start": date(2026, 1, 10)}, "DESIRED_START_PAST"),
        ({"staff_relative_of": 999_999}, "KINDERGARTEN_NOT_FOUND"),
    ],
)
def test_filing_refuses_with_the_rule_code(
    session_factory: sessionmaker[Session],
    region: Region,
    overrides: dict[str, Any],
    code: str,
) -> None:
    parent = parent_iin()
    if overrides.get("child_iin") == "SAME":
        overrides = {**overrides, "child_iin": parent}
    if overrides.get("kindergarten_ids") == "DUP":
        first = kg_ids(region)[0]
        overrides = {**overrides, "kindergarten_ids": (first, first)}
    with uow(session_factory) as session:
        verify_phone(session, parent, PHONE)
        verify_phone(session, parent, "+77081234567")
    with pytest.raises(DomainError) as refused, uow(session_factory) as session:
        file(session, ctx_at(), kg_ids(region)[:1], parent=parent, **overrides)
    assert refused.value.code == code
    with uow(session_factory) as session:
        assert session.scalar(select(Application.id)) is None  # nothing half-filed


def test_phone_codes_with_a_second_verified_phone_are_kept_canonical(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    parent = parent_iin()
    with uow(session_factory) as session:
        verify_phone(session, parent, PHONE2)
        filed = file(
            session,
            ctx_at(),
            kg_ids(region)[:1],
            parent=parent,
            phones=("8 701 123 45 67", "+7 (777) 123-45-67", "87011234567"),
        )
        assert (filed.application.phone1, filed.application.phone2) == (PHONE, PHONE2)


def test_birth_date_unlike_the_iin_is_only_a_warning(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    with uow(session_factory) as session:
        filed = file(
            session,
            ctx_at(),
            kg_ids(region)[:1],
            child_iin=make_iin(date(2022, 3, 15), "F", 55),
            birth_date=date(2022, 4, 20),
        )
        assert filed.warnings == ("IIN_BIRTH_DATE_MISMATCH",)
        assert filed.application.birth_date == date(2022, 4, 20)


def test_benefits_pending_confirmed_or_rejected(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    ctx = ctx_at()
    kgs = kg_ids(region)[:1]
    with uow(session_factory) as session:
        military = file(session, ctx, kgs, parent=parent_iin(1), benefit="military")
        assert military.application.benefit_status == "pending"
        assert military.application.category == 0
        assert military.application.benefit_deadline == ctx.working_deadline(5)
        assert military.warnings == ()

        large = file(session, ctx, kgs, parent=parent_iin(2), benefit="large_family")
        assert (large.application.benefit_status, large.application.category) == (
            "confirmed",
            1,
        )

        refusing = DevRegistry(refuse=frozenset({Benefit.ORPHAN}))
        orphan = file(session, ctx, kgs, parent=parent_iin(3), benefit="orphan", registry=refusing)
        assert (orphan.application.benefit_status, orphan.application.category) == (
            "rejected",
            2,
        )
        assert orphan.warnings == ("BENEFIT_NOT_CONFIRMED",)


def test_one_active_application_per_child_in_the_country(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kid = child_iin()
    with uow(session_factory) as session:
        first = file(session, ctx_at(), kg_ids(region)[:1], parent=parent_iin(1), child_iin=kid)
        first_id = first.application.id
    for parent in (parent_iin(1), parent_iin(2)):  # the same parent, or another one
        with pytest.raises(DomainError) as refused, uow(session_factory) as session:
            file(session, ctx_at(), kg_ids(region)[1:2], parent=parent, child_iin=kid)
        assert refused.value.code == "APPLICATION_DUPLICATE"
    with uow(session_factory) as session:
        applications.withdraw(session, ctx_at(), parent_iin=parent_iin(1), application_id=first_id)
    with uow(session_factory) as session:  # a withdrawn application no longer counts
        again = file(session, ctx_at(), kg_ids(region)[:1], parent=parent_iin(1), child_iin=kid)
        assert again.application.id != first_id


def test_duplicate_caught_by_the_index_keeps_the_transaction_usable(
    session_factory: sessionmaker[Session], region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-check can lose a race; the unique index then refuses inside a savepoint."""
    kid = child_iin()
    with uow(session_factory) as session:
        file(session, ctx_at(), kg_ids(region)[:1], parent=parent_iin(1), child_iin=kid)
    monkeypatch.setattr(applications, "_active_application_of", lambda session, iin: False)
    with uow(session_factory) as session:
        with pytest.raises(DomainError) as refused:
            file(session, ctx_at(), kg_ids(region)[:1], parent=parent_iin(2), child_iin=kid)
        assert refused.value.code == "APPLICATION_DUPLICATE"
        # the request's transaction survived the failed INSERT (PostgreSQL would abort it)
        assert session.scalar(select(Application.number)) == "Q-0000001"


@pytest.mark.postgres
@pytest.mark.parametrize("db_dialect", ["postgresql"], indirect=True)  # SQLite has no race
def test_concurrent_filings_for_one_child_give_one_application(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kid = child_iin()
    with uow(session_factory) as session:
        for n in (1, 2):
            verify_phone(session, parent_iin(n))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            with uow(session_factory) as session:
                barrier.wait()
                file(session, ctx_at(), kg_ids(region)[:1], parent=parent_iin(n), child_iin=kid)
            outcomes.append("filed")
        except DomainError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["APPLICATION_DUPLICATE", "filed"]
    with uow(session_factory) as session:
        assert (
            len(session.scalars(select(Application).where(Application.child_iin == kid)).all()) == 1
        )


def test_twins_form_a_batch_until_one_leaves(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    parent = parent_iin()
    with uow(session_factory) as session:
        a = file(session, ctx_at(), kg_ids(region)[:1], parent=parent).application
        b = file(session, ctx_at(), kg_ids(region)[:1], parent=parent).application
        assert a.batch_id == b.batch_id == f"batch-{a.id}"
        a_id, b_id = a.id, b.id
    with uow(session_factory) as session:
        applications.withdraw(session, ctx_at(), parent_iin=parent, application_id=a_id)
    with uow(session_factory) as session:
        still = session.get(Application, b_id)
        assert still is not None and still.batch_id is None


def test_filing_takes_a_place_that_was_waiting(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    ctx = ctx_at()
    with uow(session_factory) as session:
        assert publish(session, ctx, group_of(region)) == []  # nobody to offer it to
    with uow(session_factory) as session:
        app = file(session, ctx_at(T0 + timedelta(hours=1)), kg_ids(region)[:1]).application
        assert app.status == "offered"
        offer = session.scalars(select(Offer).where(Offer.application_id == app.id)).one()
        assert offer.status == "open"


# --------------------------------------------------------------------------------------
# Positions agree with the offers (R14)
# --------------------------------------------------------------------------------------


def test_positions_shown_are_the_order_of_the_offers(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kg = kg_ids(region)[0]
    layout = [  # (minutes after T0, benefit)
        (0, None),
        (1, "large_family"),
        (2, None),
        (3, "military"),
        (4, None),
        (5, "orphan"),
        (6, None),
        (7, None),
    ]
    ids: list[int] = []
    with uow(session_factory) as session:
        for n, (minute, benefit) in enumerate(layout, start=1):
            ctx = ctx_at(T0 + timedelta(minutes=minute))
            filed = file(session, ctx, [kg], parent=parent_iin(n), benefit=benefit)
            ids.append(filed.application.id)
    shown: dict[int, int] = {}
    with uow(session_factory) as session:
        for n, app_id in enumerate(ids, start=1):
            (choice,) = applications.positions(
                session, ctx_at(), parent_iin=parent_iin(n), application_id=app_id
            )
            assert choice.position is not None
            shown[app_id] = choice.position
    assert sorted(shown.values()) == list(range(1, len(ids) + 1))
    with uow(session_factory) as session:
        offers = publish(session, ctx_at(T0 + timedelta(hours=1)), group_of(region), len(ids))
        offered_in_order = [o.application_id for o in sorted(offers, key=lambda o: o.id)]
    assert offered_in_order == sorted(ids, key=lambda a: shown[a])


# --------------------------------------------------------------------------------------
# Choices, confirmation, withdrawal, phones
# --------------------------------------------------------------------------------------


def test_update_choices_keeps_the_queue_time_and_allocates_new_ones(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    k1, k2, k3 = kg_ids(region)
    parent = parent_iin()
    with uow(session_factory) as session:
        app = file(session, ctx_at(), [k1, k2], parent=parent).application
        app_id, queued_at = app.id, app.queued_at
    with uow(session_factory) as session:
        publish(session, ctx_at(), group_of(region, 2))  # k3 has a place, nobody wants it
    later = ctx_at(T0 + timedelta(days=2))
    with uow(session_factory) as session:
        app = applications.update_choices(
            session, later, parent_iin=parent, application_id=app_id, kindergarten_ids=[k2, k3]
        )
        assert [(c.kindergarten_id, c.rank) for c in app.choices] == [(k2, 1), (k3, 2)]
        assert app.queued_at == queued_at
        assert app.status == "offered"  # k3's waiting place came at once
    with uow(session_factory) as session:
        with pytest.raises(DomainError) as refused:
            applications.update_choices(
                session, later, parent_iin=parent, application_id=app_id, kindergarten_ids=[k1]
            )
        assert refused.value.code == "APPLICATION_NOT_EDITABLE"


def test_a_declined_kindergarten_cannot_be_chosen_again(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    k1, k2, _ = kg_ids(region)
    parent = parent_iin()
    with uow(session_factory) as session:
        app_id = file(session, ctx_at(), [k1, k2], parent=parent).application.id
    with uow(session_factory) as session:
        (offer,) = publish(session, ctx_at(), group_of(region, 0))
        offer_id = offer.id
    with uow(session_factory) as session:
        applications.answer_offer(
            session, ctx_at(), parent_iin=parent, offer_id=offer_id, accept=False
        )
    with uow(session_factory) as session:
        view = applications.get_application(
            session, ctx_at(), parent_iin=parent, application_id=app_id
        )
        assert [c.kindergarten_id for c in view.choices] == [k2]
        with pytest.raises(DomainError) as refused:
            applications.update_choices(
                session,
                ctx_at(),
                parent_iin=parent,
                application_id=app_id,
                kindergarten_ids=[k2, k1],
            )
        assert refused.value.code == "CHOICE_DECLINED_BEFORE"
        assert refused.value.params == {"kindergarten_id": k1}


def test_confirmation_after_suspension_restores_the_position(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kg = kg_ids(region)[0]
    with uow(session_factory) as session:
        ids = [
            file(
                session, ctx_at(T0 + timedelta(minutes=m)), [kg], parent=parent_iin(m + 1)
            ).application.id
            for m in range(3)
        ]
    october = datetime(2026, 10, 5, 6, 0, tzinfo=UTC)
    with uow(session_factory) as session:
        first = session.get(Application, ids[0])
        assert first is not None
        queued_at = first.queued_at
        first.status = "suspended"  # what the yearly tick does on 1 October (R24)
        first.suspended_at = october
    with uow(session_factory) as session:
        second = applications.positions(
            session, ctx_at(october), parent_iin=parent_iin(2), application_id=ids[1]
        )
        assert second[0].position == 1  # the others move up meanwhile
        mine = applications.positions(
            session, ctx_at(october), parent_iin=parent_iin(1), application_id=ids[0]
        )
        assert mine[0].position is None
    with uow(session_factory) as session:
        app = applications.confirm_year(
            session, ctx_at(october), parent_iin=parent_iin(1), application_id=ids[0]
        )
        assert app.status == "queued"
        assert app.confirmed_school_year == 2026
        assert app.queued_at == queued_at and app.suspended_at is None
    with uow(session_factory) as session:
        mine = applications.positions(
            session, ctx_at(october), parent_iin=parent_iin(1), application_id=ids[0]
        )
        assert mine[0].position == 1
    with uow(session_factory) as session:
        closed = session.get(Application, ids[2])
        assert closed is not None
        closed.status = "closed"
    with pytest.raises(DomainError) as refused, uow(session_factory) as session:
        applications.confirm_year(
            session, ctx_at(october), parent_iin=parent_iin(3), application_id=ids[2]
        )
    assert refused.value.code == "APPLICATION_NOT_EDITABLE"


def test_withdrawal_passes_the_open_offer_on_at_once(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kg = kg_ids(region)[0]
    with uow(session_factory) as session:
        first = file(session, ctx_at(), [kg], parent=parent_iin(1)).application.id
        second = file(
            session, ctx_at(T0 + timedelta(minutes=1)), [kg], parent=parent_iin(2)
        ).application.id
    with uow(session_factory) as session:
        (offer,) = publish(session, ctx_at(), group_of(region))
        assert offer.application_id == first
        place_id = offer.place_id
    with uow(session_factory) as session:
        app = applications.withdraw(
            session, ctx_at(), parent_iin=parent_iin(1), application_id=first
        )
        assert app.status == "withdrawn"
    with uow(session_factory) as session:
        offers = session.scalars(select(Offer).where(Offer.place_id == place_id)).all()
        assert [(o.application_id, o.status) for o in offers] == [
            (first, "cancelled"),
            (second, "open"),
        ]
        kinds = session.scalars(
            select(Notification.kind).where(Notification.application_id == first)
        ).all()
        assert "withdrawn" in kinds
    with pytest.raises(DomainError) as refused, uow(session_factory) as session:
        applications.withdraw(session, ctx_at(), parent_iin=parent_iin(1), application_id=first)
    assert refused.value.code == "APPLICATION_NOT_EDITABLE"


def test_second_phone_only_once_verified(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    parent = parent_iin()
    with uow(session_factory) as session:
        app_id = file(session, ctx_at(), kg_ids(region)[:1], parent=parent).application.id
    with pytest.raises(DomainError) as refused, uow(session_factory) as session:
        applications.add_phone(
            session, ctx_at(), parent_iin=parent, application_id=app_id, phone="8 777 123 45 67"
        )
    assert refused.value.code == "PHONE_NOT_VERIFIED"
    assert PHONE2 not in str(refused.value.params)  # masked (R30)
    with uow(session_factory) as session:
        verify_phone(session, parent, PHONE2)
        app = applications.add_phone(
            session, ctx_at(), parent_iin=parent, application_id=app_id, phone="8 777 123 45 67"
        )
        assert app.phone2 == PHONE2


# --------------------------------------------------------------------------------------
# Offers, referrals
# --------------------------------------------------------------------------------------


def test_accept_gives_a_referral_and_decline_moves_the_place_on(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    k1, k2, _ = kg_ids(region)
    with uow(session_factory) as session:
        a = file(session, ctx_at(), [k1, k2], parent=parent_iin(1)).application.id
        b = file(
            session, ctx_at(T0 + timedelta(minutes=1)), [k1], parent=parent_iin(2)
        ).application.id
    with uow(session_factory) as session:
        (offer,) = publish(session, ctx_at(), group_of(region, 0))
        assert offer.application_id == a
    with uow(session_factory) as session:
        applications.answer_offer(
            session, ctx_at(), parent_iin=parent_iin(1), offer_id=offer.id, accept=False
        )
    with uow(session_factory) as session:
        follow = session.scalars(
            select(Offer).where(Offer.application_id == b, Offer.status == "open")
        ).one()
        choice = session.get(Choice, (a, k1))
        assert choice is not None and not choice.active
        a_view = applications.get_application(
            session, ctx_at(), parent_iin=parent_iin(1), application_id=a
        )
        assert a_view.application.status == "queued"
        assert [c.kindergarten_id for c in a_view.choices] == [k2]
    with uow(session_factory) as session:
        referral = applications.answer_offer(
            session, ctx_at(), parent_iin=parent_iin(2), offer_id=follow.id, accept=True
        )
        assert isinstance(referral, Referral)
        assert referral.status == "active" and referral.application_id == b
    with uow(session_factory) as session:
        view = applications.get_application(
            session, ctx_at(), parent_iin=parent_iin(2), application_id=b
        )
        assert view.application.status == "referred"
        assert view.referral is not None and view.referral.number.startswith("N-2026-")
        assert view.offer is None


def test_postpone_once_and_not_twice(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kg = kg_ids(region)[0]
    parent = parent_iin()
    with uow(session_factory) as session:
        file(session, ctx_at(), [kg], parent=parent)
    with uow(session_factory) as session:
        (offer,) = publish(session, ctx_at(), group_of(region))
    with uow(session_factory) as session:
        referral = applications.answer_offer(
            session, ctx_at(), parent_iin=parent, offer_id=offer.id, accept=True
        )
        referral_id = referral.id
    with uow(session_factory) as session:
        moved = applications.postpone(
            session, ctx_at(), parent_iin=parent, referral_id=referral_id, until=date(2026, 3, 20)
        )
        assert moved.status == "postponed" and moved.postponed_until == date(2026, 3, 20)
    with pytest.raises(DomainError) as refused, uow(session_factory) as session:
        applications.postpone(
            session, ctx_at(), parent_iin=parent, referral_id=referral_id, until=date(2026, 3, 25)
        )
    assert refused.value.code == "POSTPONEMENT_USED"


def test_another_parent_sees_nothing(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kg = kg_ids(region)[0]
    owner, stranger = parent_iin(1), parent_iin(2)
    with uow(session_factory) as session:
        app_id = file(session, ctx_at(), [kg], parent=owner).application.id
    with uow(session_factory) as session:
        (offer,) = publish(session, ctx_at(), group_of(region))
    ctx = ctx_at()
    attempts = [
        lambda s: applications.get_application(s, ctx, parent_iin=stranger, application_id=app_id),
        lambda s: applications.positions(s, ctx, parent_iin=stranger, application_id=app_id),
        lambda s: applications.update_choices(
            s, ctx, parent_iin=stranger, application_id=app_id, kindergarten_ids=[kg]
        ),
        lambda s: applications.confirm_year(s, ctx, parent_iin=stranger, application_id=app_id),
        lambda s: applications.withdraw(s, ctx, parent_iin=stranger, application_id=app_id),
        lambda s: applications.add_phone(
            s, ctx, parent_iin=stranger, application_id=app_id, phone=PHONE
        ),
        lambda s: applications.answer_offer(
            s, ctx, parent_iin=stranger, offer_id=offer.id, accept=True
        ),
        lambda s: applications.answer_offer(
            s, ctx, parent_iin=stranger, offer_id=offer.id, accept=False
        ),
        lambda s: applications.application_explanations(
            s, ctx, parent_iin=stranger, application_id=app_id, language="ru"
        ),
        lambda s: applications.get_application(s, ctx, parent_iin=owner, application_id=10**6),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as refused, uow(session_factory) as session:
            attempt(session)
        assert refused.value.code == "NOT_FOUND"
    with uow(session_factory) as session:
        assert applications.my_applications(session, ctx, stranger) == []
        app = session.get(Application, app_id)
        assert app is not None and app.status == "offered"


def test_every_view_is_audited_without_personal_data(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    parent = parent_iin()
    with uow(session_factory) as session:
        app = file(session, ctx_at(), kg_ids(region)[:1], parent=parent).application
        app_id, kid = app.id, app.child_iin
    with uow(session_factory) as session:
        views = applications.my_applications(session, ctx_at(actor="parent-token:9"), parent)
        assert [v.application.id for v in views] == [app_id]
        assert views[0].choices[0].position == 1
    with uow(session_factory) as session:
        rows = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "view_application")
        ).all()
        assert [(r.actor, r.entity_id) for r in rows] == [("parent-token:9", str(app_id))]
        everything = " ".join(str(r.data) for r in session.scalars(select(AuditRecord)).all())
        assert parent not in everything and kid not in everything and PHONE not in everything


def test_make_application_factory_rows_are_visible_to_the_service(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    """Rows written by the shared factory (desk walk-ins, imports) show up for the parent."""
    parent = parent_iin(9)
    with uow(session_factory) as session:
        made = make_application(session, kindergarten_ids=kg_ids(region)[:2], parent_iin=parent)
        made_id = made.id
    with uow(session_factory) as session:
        (view,) = applications.my_applications(session, ctx_at(), parent)
        assert view.application.id == made_id
        assert [c.position for c in view.choices] == [1, 1]
