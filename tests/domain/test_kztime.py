"""Kazakhstan local time (UTC+5): the day a moment falls on and when a day's deadline ends
(R16, R18, R19, R24 deadlines end at local midnight; R20 and R23 speak of local days)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kztime import KZ_TZ, end_of_local_day, local_date

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_kazakhstan_is_utc_plus_5() -> None:
    assert KZ_TZ.utcoffset(None) == timedelta(hours=5)


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 3, 11, 18, 59, 59, tzinfo=UTC), date(2026, 3, 11)),
        (datetime(2026, 3, 11, 19, 0, tzinfo=UTC), date(2026, 3, 12)),  # local midnight
        (datetime(2026, 3, 12, 0, 30, tzinfo=timezone(timedelta(hours=6))), date(2026, 3, 11)),
        (datetime(2026, 12, 31, 20, 0, tzinfo=UTC), date(2027, 1, 1)),
    ],
)
def test_r18_local_date_is_the_kazakh_calendar_day(moment: datetime, day: date) -> None:
    assert local_date(moment) == day


def test_a_naive_moment_is_refused() -> None:
    """Python would read it in the machine's zone: the day would depend on the machine."""
    with pytest.raises(ValueError):
        local_date(datetime(2026, 3, 12, 12, 0))


def test_r18_a_deadline_day_ends_at_local_midnight_in_utc() -> None:
    end = end_of_local_day(date(2026, 3, 12))
    assert end == datetime(2026, 3, 12, 18, 59, 59, 999999, tzinfo=UTC)
    assert end.utcoffset() == timedelta(0)


@given(days)
def test_r18_end_of_local_day_is_the_last_instant_of_that_day(day: date) -> None:
    end = end_of_local_day(day)
    assert local_date(end) == day
    assert local_date(end + timedelta(microseconds=1)) == day + timedelta(days=1)
