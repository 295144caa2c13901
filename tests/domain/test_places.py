"""Free places: seats a group may publish (R15), which may be withdrawn (R16-R18) and the
August freeze (R25)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.places import (
    available_seats,
    in_august_freeze,
    published_places,
    require_publishable,
    require_withdrawable,
)
from domain.policy import DEFAULT_POLICY, MonthDay, Policy


def _code(call: object) -> str:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_r15_published_places_are_those_not_yet_filled() -> None:
    assert published_places(free=2, offered=1, reserved=3) == 6


@pytest.mark.parametrize(
    ("capacity", "enrolled", "published", "available"),
    [(20, 15, 3, 2), (20, 20, 0, 0), (20, 18, 5, 0), (0, 0, 0, 0)],
)
def test_r15_available_seats(capacity: int, enrolled: int, published: int, available: int) -> None:
    assert available_seats(capacity, enrolled, published) == available


@given(st.integers(0, 50), st.integers(0, 60), st.integers(0, 60))
def test_r15_available_seats_are_never_negative(
    capacity: int, enrolled: int, published: int
) -> None:
    assert available_seats(capacity, enrolled, published) >= 0


def test_r15_publishing_up_to_the_room_left_is_allowed() -> None:
    require_publishable(2, capacity=20, enrolled=15, published=3)


@pytest.mark.parametrize("count", [0, -1, 3])
def test_r15_publishing_none_or_more_than_the_room_left_is_refused(count: int) -> None:
    with pytest.raises(DomainError) as caught:
        require_publishable(count, capacity=20, enrolled=15, published=3)
    assert caught.value.code == "PLACES_OVER_CAPACITY"
    assert caught.value.params == {"available": 2, "capacity": 20, "enrolled": 15, "published": 3}


def test_r16_only_a_free_place_may_be_withdrawn() -> None:
    require_withdrawable("free")
    assert _code(lambda: require_withdrawable("offered")) == "PLACE_ALREADY_OFFERED"
    assert _code(lambda: require_withdrawable("reserved")) == "PLACE_ALREADY_OFFERED"
    assert _code(lambda: require_withdrawable("filled")) == "PLACE_NOT_FREE"
    assert _code(lambda: require_withdrawable("withdrawn")) == "PLACE_NOT_FREE"


@pytest.mark.parametrize(
    ("day", "frozen"),
    [
        (date(2026, 7, 31), False),
        (date(2026, 8, 1), True),
        (date(2026, 8, 31), True),
        (date(2026, 9, 1), False),
    ],
)
def test_r25_august_freeze(day: date, frozen: bool) -> None:
    assert in_august_freeze(day, DEFAULT_POLICY) is frozen


def test_r25_the_freeze_is_a_policy_parameter() -> None:
    policy = Policy(freeze_start=MonthDay(8, 10), freeze_end=MonthDay(8, 20))
    assert not in_august_freeze(date(2026, 8, 9), policy)
    assert in_august_freeze(date(2026, 8, 10), policy)
    assert not in_august_freeze(date(2026, 8, 21), policy)
