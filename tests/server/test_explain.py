"""Explanations of allocations (services/explain.py) on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from domain.iin import make_iin
from domain.messages import message
from server_stub.models import Application, Enrollment, Group, Place
from server_stub.services import allocation, applications, explain
from server_stub.services.explain import Explanation
from tests.server.factories import T0, Region, ctx_at, make_application, make_region

LANGUAGES = ("ru", "kk", "en")
_IIN_LIKE = re.compile(r"\d{12}")


@contextmanager
def uow(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session


@pytest.fixture
def region(session_factory: sessionmaker[Session]) -> Region:
    with uow(session_factory) as session:
        made = make_region(session, kindergartens=2, age_groups=(3,), with_accounts=False)
        session.expunge_all()
    return made


def _publish(session: Session, group: Group, count: int = 1) -> int:
    """Free places in ``group`` offered by the engine; returns the first allocation id."""
    ctx = ctx_at(T0 + timedelta(hours=1))
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
    offers = allocation.allocate(session, ctx, group.kindergarten_id)
    assert offers and offers[0].allocation_id is not None
    return offers[0].allocation_id


def _texts(explanation: Explanation) -> str:
    return " ".join([explanation.summary, *explanation.lines, explanation.viewer_line or ""])


def _assert_anonymous(text: str, apps: list[Application]) -> None:
    assert not _IIN_LIKE.search(text), text
    for app in apps:
        assert app.child_iin not in text
        assert app.parent_iin not in text
        assert app.child_name not in text
        assert app.phone1 not in text


@pytest.fixture
def stop_listed_case(
    session_factory: sessionmaker[Session], region: Region
) -> tuple[int, list[Application]]:
    """A (first in line) is on the stop list, B gets the place, C is behind B."""
    kg = region.kindergartens[0].id
    with uow(session_factory) as session:
        a = make_application(session, kindergarten_ids=[kg], queued_at=T0)
        a.status = "stop_listed"
        a.stop_until = T0 + timedelta(days=10)
        b = make_application(session, kindergarten_ids=[kg], queued_at=T0 + timedelta(minutes=1))
        c = make_application(session, kindergarten_ids=[kg], queued_at=T0 + timedelta(minutes=2))
        session.flush()
        allocation_id = _publish(session, region.groups[(kg, 3)])
        apps = [a, b, c]
        session.expunge_all()
    return allocation_id, apps


@pytest.mark.parametrize("language", LANGUAGES)
def test_why_this_child_and_why_not_me(
    session_factory: sessionmaker[Session],
    stop_listed_case: tuple[int, list[Application]],
    language: str,
) -> None:
    allocation_id, (a, b, c) = stop_listed_case
    with uow(session_factory) as session:
        general = explain.explain_allocation(session, allocation_id, language)
        for_a = explain.explain_allocation(
            session, allocation_id, language, viewer_application_id=a.id
        )
        for_b = explain.explain_allocation(
            session, allocation_id, language, viewer_application_id=b.id
        )
        for_c = explain.explain_allocation(
            session, allocation_id, language, viewer_application_id=c.id
        )
    assert general.viewer_line is None
    assert b.number in general.summary
    stop_reason = message("STOP_LISTED", language)
    passed_line = message(
        "EXPLAIN_PASSED_OVER", language, number=a.number, position=1, reason=stop_reason
    )
    assert passed_line in general.lines
    assert message("EXPLAIN_CHOSEN", language, number=b.number, position=2) in general.lines
    category = message("EXPLAIN_CATEGORY_2", language)
    assert any(category in line for line in general.lines)
    # the chosen child's queue time, in Kazakhstan time (T0 + 1 min = 11:01 in Almaty)
    assert any("02.03.2026 11:01:00" in line for line in general.lines)
    assert for_a.viewer_line == message(
        "EXPLAIN_VIEWER_PASSED_OVER", language, number=a.number, position=1, reason=stop_reason
    )
    assert for_b.viewer_line == message("EXPLAIN_VIEWER_CHOSEN", language, number=b.number)
    assert for_c.viewer_line == message(
        "EXPLAIN_BEHIND", language, number=c.number, chosen=b.number, position=2
    )
    for explanation in (general, for_a, for_b, for_c):
        _assert_anonymous(_texts(explanation), [a, b, c])


def test_the_reason_is_named_in_each_language(
    session_factory: sessionmaker[Session], stop_listed_case: tuple[int, list[Application]]
) -> None:
    allocation_id, (a, _, _) = stop_listed_case
    with uow(session_factory) as session:
        words = {
            language: explain.explain_allocation(
                session, allocation_id, language, viewer_application_id=a.id
            ).viewer_line
            for language in LANGUAGES
        }
    assert words["ru"] is not None and "стоп-лист" in words["ru"]
    assert words["kk"] is not None and "тоқтату тізімінде" in words["kk"]
    assert words["en"] is not None and "stop list" in words["en"]


def test_extraordinary_sibling_and_batch_are_explained(
    session_factory: sessionmaker[Session], region: Region
) -> None:
    kg = region.kindergartens[0].id
    parent = make_iin(date(1988, 1, 1), "M", 31)
    with uow(session_factory) as session:
        session.add(
            Enrollment(
                kindergarten_id=kg,
                group_id=region.groups[(kg, 3)].id,
                child_iin=make_iin(date(2021, 1, 1), "F", 32),
                child_name="Старший Брат",
                birth_date=date(2021, 1, 1),
                parent_iin=parent,
                vaccination="full",
                enrolled_at=T0,
            )
        )
        twins = [
            make_application(
                session,
                kindergarten_ids=[kg],
                parent_iin=parent,
                category=0,
                batch_id="batch-x",
                queued_at=T0 + timedelta(minutes=5),
            )
            for _ in range(2)
        ]
        make_application(session, kindergarten_ids=[kg], queued_at=T0)
        allocation_id = _publish(session, region.groups[(kg, 3)], count=2)
        result = explain.explain_allocation(session, allocation_id, "en")
    lines = result.lines
    assert message("EXPLAIN_RULE_EXTRAORDINARY", "en") in lines
    assert message("EXPLAIN_SIBLING", "en") in lines
    assert message("EXPLAIN_BATCH", "en") in lines
    assert message("EXPLAIN_NOBODY_PASSED", "en") in lines
    assert twins[0].number in result.summary


def test_an_unknown_allocation_is_not_found(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(DomainError) as refused, uow(session_factory) as session:
        explain.explain_allocation(session, 12345, "ru")
    assert refused.value.code == "NOT_FOUND"


def test_a_parent_gets_the_offers_that_went_to_others(
    session_factory: sessionmaker[Session],
    region: Region,
    stop_listed_case: tuple[int, list[Application]],
) -> None:
    allocation_id, (a, b, c) = stop_listed_case
    with uow(session_factory) as session:
        # an offer at a kindergarten none of them chose concerns none of them
        other_kg = region.kindergartens[1].id
        make_application(session, kindergarten_ids=[other_kg], queued_at=T0)
        _publish(session, region.groups[(other_kg, 3)])
    with uow(session_factory) as session:
        ctx = ctx_at(T0 + timedelta(hours=2))
        for_a = applications.application_explanations(
            session, ctx, parent_iin=a.parent_iin, application_id=a.id, language="ru"
        )
        for_b = applications.application_explanations(
            session, ctx, parent_iin=b.parent_iin, application_id=b.id, language="ru"
        )
        for_c = applications.application_explanations(
            session, ctx, parent_iin=c.parent_iin, application_id=c.id, language="kk"
        )
    assert [e.allocation_id for e in for_a] == [allocation_id]
    assert for_a[0].viewer_line is not None and "стоп-лист" in for_a[0].viewer_line
    assert for_b == []  # its own offer is no "why not me"
    assert [e.allocation_id for e in for_c] == [allocation_id]
    assert for_c[0].viewer_line == message(
        "EXPLAIN_BEHIND", "kk", number=c.number, chosen=b.number, position=2
    )
