"""Working days of Kazakhstan (R27) and the deadlines counted in them (R13, R16, R18)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import (
    WorkingCalendar,
    add_working_days,
    bundled_years,
    fixed_holidays,
    is_working_day,
    load_holiday_list,
    rule_non_working_days,
    rule_transfers,
    working_days_between,
)
from domain.errors import DomainError
from domain.messages import CATALOGUE

KURBAN_AIT_2026 = date(2026, 5, 27)


def _published_2026_text() -> str:
    return files("domain").joinpath("data/kz-holidays-2026.toml").read_text(encoding="utf-8")


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


# --- the rule ---------------------------------------------------------------------------


def test_r27_fixed_holidays_of_a_year() -> None:
    holidays = fixed_holidays(2026)
    assert len(holidays) == 14
    assert holidays[date(2026, 1, 7)] == "Orthodox Christmas"
    assert {date(2026, 3, d) for d in (21, 22, 23)} <= set(holidays)
    assert date(2026, 12, 16) in holidays
    assert date(2026, 12, 17) not in holidays


def test_r27_rule_reproduces_2026_published_transfers_exactly() -> None:
    published = tomllib.loads(_published_2026_text())
    expected = {t["date"]: t["from"] for t in published["transfers"]}
    assert rule_transfers(2026) == expected


def test_r27_rule_plus_kurban_ait_reproduces_2026_published_list_exactly() -> None:
    year, published = load_holiday_list(_published_2026_text())
    assert year == 2026
    assert rule_non_working_days(2026, extra_religious={KURBAN_AIT_2026}) == published
    # Without the lunar holiday the rule is short by exactly that day.
    assert published - rule_non_working_days(2026) == {KURBAN_AIT_2026}


@pytest.mark.parametrize(
    ("holiday", "day_off"),
    [
        (date(2026, 3, 8), date(2026, 3, 9)),  # Sunday -> Monday
        (date(2026, 8, 30), date(2026, 8, 31)),  # Sunday -> Monday
        (date(2026, 5, 9), date(2026, 5, 11)),  # Saturday -> Monday
        (date(2026, 3, 21), date(2026, 3, 24)),  # chain: 23 March is Nauryz itself
        (date(2026, 3, 22), date(2026, 3, 25)),
        (date(2024, 3, 23), date(2024, 3, 25)),  # Saturday -> Monday
        (date(2024, 7, 6), date(2024, 7, 8)),
        (date(2027, 1, 2), date(2027, 1, 4)),  # 1 Jan 2027 is a Friday, 2 Jan a Saturday
        (date(2027, 3, 21), date(2027, 3, 24)),  # Sunday; 22 and 23 March are Nauryz
    ],
)
def test_r27_weekend_holiday_moves_to_next_working_day(holiday: date, day_off: date) -> None:
    assert holiday.weekday() >= 5
    assert rule_transfers(holiday.year)[day_off] == holiday
    assert day_off in rule_non_working_days(holiday.year)


def test_r27_orthodox_christmas_on_a_weekend_is_not_moved() -> None:
    assert date(2024, 1, 7).weekday() == 6  # a Sunday
    non_working = rule_non_working_days(2024)
    assert date(2024, 1, 7) in non_working
    assert date(2024, 1, 8) not in non_working
    assert is_working_day(date(2024, 1, 8))
    assert date(2024, 1, 7) not in rule_transfers(2024).values()


def test_r27_religious_holiday_from_a_list_is_not_moved_but_blocks_transfers() -> None:
    # A hypothetical Kurban Ait on Monday 9 March 2026 pushes 8 March's day off to Tuesday.
    transfers = rule_transfers(2026, extra_religious={date(2026, 3, 9)})
    assert transfers[date(2026, 3, 10)] == date(2026, 3, 8)
    # and one on a weekend is not moved
    assert date(2026, 6, 1) not in rule_transfers(2026, extra_religious={date(2026, 5, 30)})


@given(st.integers(min_value=1990, max_value=2100))
def test_r27_transfers_land_on_free_weekdays_after_their_holiday(year: int) -> None:
    transfers = rule_transfers(year)
    holidays = fixed_holidays(year)
    for day_off, holiday in transfers.items():
        assert day_off.weekday() < 5
        assert day_off not in holidays
        assert day_off > holiday
        assert holiday.weekday() >= 5
        assert holiday != date(year, 1, 7)
    moved = {h for h in holidays if h.weekday() >= 5 and h != date(year, 1, 7)}
    assert set(transfers.values()) == moved


# --- published lists ------------------------------------------------------------------


def test_r27_bundled_list_of_2026_is_shipped_and_used_by_default() -> None:
    years = bundled_years()
    assert 2026 in years
    calendar = WorkingCalendar.default()
    assert 2026 in calendar.published_years
    assert not calendar.is_working_day(KURBAN_AIT_2026)  # known only from the list
    assert not is_working_day(KURBAN_AIT_2026)


def test_r27_published_list_overrides_the_rule() -> None:
    # A decree (invented here) gives 31 Dec 2027 off; the rule would give 4 Jan 2027.
    text = """
year = 2027
holidays = [ { date = 2027-01-01, name = "New Year" } ]
transfers = [ { date = 2027-12-31, from = 2027-01-02 } ]
"""
    base = WorkingCalendar.default()
    assert not base.is_working_day(date(2027, 1, 4))  # by the rule
    calendar = base.with_year_list(text)
    assert calendar.is_working_day(date(2027, 1, 4))
    assert not calendar.is_working_day(date(2027, 12, 31))
    assert calendar.is_working_day(date(2027, 3, 24))  # only what the list says
    assert not calendar.is_working_day(KURBAN_AIT_2026)  # other years untouched
    assert base != calendar  # a new value; the default is unchanged


def test_r27_a_later_list_replaces_an_earlier_one_for_the_same_year() -> None:
    calendar = WorkingCalendar.default().with_year_list(
        "year = 2026\nholidays = [ { date = 2026-01-01 } ]\n"
    )
    assert not calendar.is_working_day(date(2026, 1, 1))
    assert calendar.is_working_day(date(2026, 3, 9))


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("this is = = not toml", "toml"),
        ("holidays = []", "year"),
        ('year = "2026"', "year"),
        ("year = 2026\nholidays = [ { date = 2025-12-31 } ]", "holidays[0]"),
        ("year = 2026\nholidays = [ { name = 'x' } ]", "holidays[0]"),
        ("year = 2026\nholidays = [ { date = 'not a date' } ]", "holidays[0]"),
        ("year = 2026\nholidays = [ { date = 2026-01-01, colour = 'red' } ]", "holidays[0]"),
        ("year = 2026\ntransfers = [ { date = 2026-01-05T00:00:00 } ]", "transfers[0]"),
        ("year = 2026\nworking_days = [ 2026-01-03 ]", "working_days"),
    ],
)
def test_r27_malformed_holiday_list_is_refused(text: str, entry: str) -> None:
    with pytest.raises(DomainError) as caught:
        load_holiday_list(text)
    assert caught.value.code == "HOLIDAY_LIST_INVALID"
    assert caught.value.params["entry"] == entry


def test_r27_quoted_iso_dates_are_accepted() -> None:
    year, days = load_holiday_list("year = 2026\nholidays = [ { date = '2026-01-01' } ]")
    assert (year, days) == (2026, frozenset({date(2026, 1, 1)}))


def test_r27_calendar_error_codes_are_catalogued() -> None:
    assert set(CATALOGUE["HOLIDAY_LIST_INVALID"]) == {"en", "ru", "kk"}


# --- deadlines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Fri 6 Mar 2026; Sat, Sun (8 March), Mon 9 off -> Tue 10, Wed 11, Thu 12
        (date(2026, 3, 6), 3, date(2026, 3, 12)),
        # Fri 20 Mar; 21-25 Nauryz and transfers; Thu 26, Fri 27, Mon 30
        (date(2026, 3, 20), 3, date(2026, 3, 30)),
        # Thu 30 Apr; Fri 1 May off -> Mon 4, Tue 5, Wed 6
        (date(2026, 4, 30), 3, date(2026, 5, 6)),
        # Wed 6 May; Thu 7 off, Fri 8, Mon 11 off (from 9 May), Tue 12, Wed 13
        (date(2026, 5, 6), 3, date(2026, 5, 13)),
        # Tue 26 May; Wed 27 Kurban Ait -> Thu 28, Fri 29, Mon 1 Jun
        (date(2026, 5, 26), 3, date(2026, 6, 1)),
        # referral (5 working days) from Mon 28 Dec 2026 across the year end: 29, 30, 31,
        # 1 Jan 2027 off, 4 Jan off by the rule (2 Jan was a Saturday), 5, 6
        (date(2026, 12, 28), 5, date(2027, 1, 6)),
        # an offer made on a day off counts from the next working day
        (date(2026, 3, 8), 1, date(2026, 3, 10)),
        (date(2026, 3, 7), 3, date(2026, 3, 12)),
        # n == 0: the start if it is a working day, else the next working day
        (date(2026, 3, 6), 0, date(2026, 3, 6)),
        (date(2026, 3, 7), 0, date(2026, 3, 10)),
    ],
)
def test_r16_r18_deadline_examples(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_r27_explicit_holiday_collection_replaces_the_default() -> None:
    assert add_working_days(date(2026, 3, 6), 3, holidays=()) == date(2026, 3, 11)
    assert add_working_days(date(2026, 3, 6), 3, holidays={date(2026, 3, 10)}) == date(2026, 3, 12)
    assert is_working_day(date(2026, 3, 9), holidays=[])
    assert not is_working_day(date(2026, 3, 7), holidays=[])


def test_r27_datetimes_and_negative_counts_are_refused() -> None:
    with pytest.raises(TypeError):
        add_working_days(datetime(2026, 3, 6, 12, 0), 3)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 6), -1)


@given(start=dates, n=st.integers(min_value=0, max_value=40))
def test_r27_add_working_days_lands_on_a_working_day(start: date, n: int) -> None:
    end = add_working_days(start, n)
    calendar = WorkingCalendar.default()
    assert end.weekday() < 5
    assert calendar.is_working_day(end)
    assert not calendar.is_non_working(end)
    assert end >= start
    if n >= 1:
        assert end > start


@given(start=dates, n=st.integers(min_value=0, max_value=40))
def test_r27_add_working_days_is_monotonic_in_n(start: date, n: int) -> None:
    assert add_working_days(start, n) <= add_working_days(start, n + 1)
    if n >= 1:
        assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(start=dates, n=st.integers(min_value=1, max_value=40))
def test_r27_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert working_days_between(end, start) == -n
    # and no earlier day already had n working days
    assert working_days_between(start, end - timedelta(days=1)) == n - 1


@given(start=dates, n=st.integers(min_value=1, max_value=20))
def test_r27_days_skipped_are_exactly_the_non_working_ones(start: date, n: int) -> None:
    end = add_working_days(start, n)
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_working_day(d) for d in between) == n
