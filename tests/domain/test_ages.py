"""Age and group rules R5-R7."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ages import (
    AgeGroup,
    GroupType,
    Language,
    age_group,
    age_in_full_years,
    age_in_months,
    counting_date,
    eligibility,
    group_matches,
    is_aged_out,
    school_year_of,
)
from domain.policy import DEFAULT_POLICY, MonthDay, Policy

POLICY_18 = dataclasses.replace(DEFAULT_POLICY, min_age_months=18)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


# --- R5: school year and counting date ---


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 8, 31), 2025),
        (date(2026, 9, 1), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
    ],
)
def test_r5_school_year_of(day: date, year: int) -> None:
    assert school_year_of(day) == year


def test_r5_counting_date_is_the_policy_school_year_start() -> None:
    assert counting_date(2026) == date(2026, 9, 1)
    other = dataclasses.replace(DEFAULT_POLICY, school_year_start=MonthDay(8, 15))
    assert counting_date(2026, other) == date(2026, 8, 15)
    assert school_year_of(date(2026, 8, 15), other) == 2026
    assert school_year_of(date(2026, 8, 14), other) == 2025


@given(dates)
def test_r5_a_day_lies_in_its_school_year(day: date) -> None:
    year = school_year_of(day)
    assert counting_date(year) <= day < counting_date(year + 1)


# --- R5: ages ---


@pytest.mark.parametrize(
    ("birth", "on", "months", "years"),
    [
        (date(2024, 3, 15), date(2024, 3, 15), 0, 0),
        (date(2024, 3, 15), date(2026, 3, 14), 23, 1),
        (date(2024, 3, 15), date(2026, 3, 15), 24, 2),
        # month-end births: the month completes when its day is reached or the month ends
        (date(2024, 1, 31), date(2024, 2, 29), 0, 0),
        (date(2024, 1, 31), date(2024, 3, 1), 1, 0),
        (date(2024, 1, 31), date(2024, 3, 30), 1, 0),
        (date(2024, 1, 31), date(2024, 3, 31), 2, 0),
        (date(2024, 1, 30), date(2024, 2, 29), 0, 0),
        # 29 February: one year older on 1 March in a common year
        (date(2020, 2, 29), date(2021, 2, 28), 11, 0),
        (date(2020, 2, 29), date(2021, 3, 1), 12, 1),
        (date(2020, 2, 29), date(2024, 2, 28), 47, 3),
        (date(2020, 2, 29), date(2024, 2, 29), 48, 4),
        # before birth: negative, i.e. too young for everything
        (date(2024, 3, 15), date(2024, 3, 14), -1, -1),
    ],
)
def test_r5_age_in_months_and_years(birth: date, on: date, months: int, years: int) -> None:
    assert age_in_months(birth, on) == months
    assert age_in_full_years(birth, on) == years


@given(dates, dates)
def test_r5_years_are_whole_twelve_months(birth: date, on: date) -> None:
    assert age_in_full_years(birth, on) == age_in_months(birth, on) // 12


@given(dates, dates)
def test_r5_age_never_decreases_with_time(birth: date, on: date) -> None:
    if on < date(2090, 12, 31):
        assert age_in_months(birth, on + timedelta(days=1)) >= age_in_months(birth, on)


@given(dates, st.integers(min_value=0, max_value=80))
def test_r5_full_years_on_a_plain_birthday(birth: date, years: int) -> None:
    if (birth.month, birth.day) != (2, 29) and birth.year + years <= 9999:
        assert age_in_full_years(birth, birth.replace(year=birth.year + years)) == years


@pytest.mark.parametrize(
    ("birth", "group"),
    [
        (date(2025, 9, 2), None),  # 0 on 1 Sept 2026
        (date(2025, 9, 1), AgeGroup.EARLY),
        (date(2024, 9, 1), AgeGroup.JUNIOR),
        (date(2023, 9, 1), AgeGroup.MIDDLE),
        (date(2022, 9, 1), AgeGroup.SENIOR),
        (date(2021, 9, 1), AgeGroup.PRESCHOOL),
        (date(2020, 9, 2), AgeGroup.PRESCHOOL),  # 6 on 2 September: still 5
        (date(2020, 9, 1), None),  # exactly 6 on 1 September: aged out
        (date(2018, 1, 1), None),
    ],
)
def test_r5_r6_age_group_for_school_year_2026(birth: date, group: AgeGroup | None) -> None:
    assert age_group(birth, 2026) == group


def test_r5_age_group_29_february_birth() -> None:
    born = date(2020, 2, 29)
    assert age_group(born, 2025) == AgeGroup.PRESCHOOL
    assert is_aged_out(born, 2026)


# --- R6: ageing out and the minimum age ---


def test_r6_exactly_6_on_counting_date_is_aged_out() -> None:
    assert is_aged_out(date(2020, 9, 1), 2026)
    assert eligibility(date(2020, 9, 1), 2026, date(2026, 9, 1)) == "AGE_AGED_OUT"


def test_r6_6_on_2_september_is_still_preschool() -> None:
    assert not is_aged_out(date(2020, 9, 2), 2026)
    assert age_group(date(2020, 9, 2), 2026) == AgeGroup.PRESCHOOL
    assert eligibility(date(2020, 9, 2), 2026, date(2026, 9, 2)) is None


def test_r6_aged_out_follows_policy() -> None:
    policy = dataclasses.replace(DEFAULT_POLICY, aged_out_years=5)
    assert is_aged_out(date(2021, 9, 1), 2026, policy)
    assert age_group(date(2021, 9, 1), 2026, policy) is None
    assert age_group(date(2022, 9, 1), 2026, policy) == AgeGroup.SENIOR


@pytest.mark.parametrize(
    ("birth", "on", "policy", "reason"),
    [
        # default 24 months
        (date(2024, 3, 15), date(2026, 3, 15), DEFAULT_POLICY, None),
        (date(2024, 3, 15), date(2026, 3, 14), DEFAULT_POLICY, "AGE_TOO_YOUNG"),
        (date(2024, 2, 29), date(2026, 3, 1), DEFAULT_POLICY, None),
        (date(2024, 2, 29), date(2026, 2, 28), DEFAULT_POLICY, "AGE_TOO_YOUNG"),
        # a region's 18 months
        (date(2024, 3, 15), date(2025, 9, 15), POLICY_18, None),
        (date(2024, 3, 15), date(2025, 9, 14), POLICY_18, "AGE_TOO_YOUNG"),
        (date(2024, 3, 15), date(2025, 9, 14), DEFAULT_POLICY, "AGE_TOO_YOUNG"),
    ],
)
def test_r6_minimum_age_on_the_offer_day(
    birth: date, on: date, policy: Policy, reason: str | None
) -> None:
    assert eligibility(birth, school_year_of(on, policy), on, policy) == reason


def test_r6_18_months_but_no_group_yet_is_too_young() -> None:
    """With an 18-month minimum a child can be old enough on the offer day but under one
    on the counting date: no group exists for it that school year (R5)."""
    born = date(2026, 1, 15)
    assert age_in_months(born, date(2027, 7, 15)) == 18
    assert age_group(born, 2026, POLICY_18) is None
    assert eligibility(born, 2026, date(2027, 7, 15), POLICY_18) == "AGE_TOO_YOUNG"
    assert eligibility(born, 2027, date(2027, 9, 1), POLICY_18) is None


def test_r6_aged_out_wins_over_too_young() -> None:
    # Nonsense combination (offer day long before the school year), but the final reason wins.
    assert eligibility(date(2020, 1, 1), 2026, date(2020, 6, 1)) == "AGE_AGED_OUT"


@given(dates, dates, st.sampled_from([DEFAULT_POLICY, POLICY_18]))
def test_r5_r6_eligible_children_always_have_a_group(birth: date, on: date, policy: Policy) -> None:
    year = school_year_of(on, policy)
    if eligibility(birth, year, on, policy) is None:
        assert age_group(birth, year, policy) is not None
        assert age_in_months(birth, on) >= policy.min_age_months


# --- R7 ---


@pytest.mark.parametrize(
    ("language", "gtype", "accepted", "need", "reason"),
    [
        (Language.KK, GroupType.GENERAL, {Language.KK}, GroupType.GENERAL, None),
        (Language.RU, GroupType.GENERAL, {Language.KK, Language.RU}, GroupType.GENERAL, None),
        (
            Language.RU,
            GroupType.GENERAL,
            {Language.KK},
            GroupType.GENERAL,
            "GROUP_LANGUAGE_MISMATCH",
        ),
        (Language.KK, GroupType.GENERAL, set(), GroupType.GENERAL, "GROUP_LANGUAGE_MISMATCH"),
        (
            Language.KK,
            GroupType.CORRECTIONAL,
            [Language.KK],
            GroupType.GENERAL,
            "GROUP_TYPE_MISMATCH",
        ),
        (
            Language.KK,
            GroupType.GENERAL,
            [Language.KK],
            GroupType.CORRECTIONAL,
            "GROUP_TYPE_MISMATCH",
        ),
        (Language.KK, GroupType.SANATORIUM, (Language.KK,), GroupType.SANATORIUM, None),
        (
            Language.RU,
            GroupType.SANATORIUM,
            (Language.KK,),
            GroupType.GENERAL,
            "GROUP_LANGUAGE_MISMATCH",
        ),
    ],
)
def test_r7_group_matches(
    language: Language,
    gtype: GroupType,
    accepted: set[Language],
    need: GroupType,
    reason: str | None,
) -> None:
    assert group_matches(language, gtype, accepted, need) == reason


def test_r26_age_groups_follow_the_school_year_never_a_manual_edit() -> None:
    """R26: the group is recomputed from the birth date for each school year: the same
    child is middle group in 2025-26 and senior group in 2026-27, with no stored state."""
    birth = date(2022, 3, 15)
    assert age_group(birth, 2025) is AgeGroup.MIDDLE
    assert age_group(birth, 2026) is AgeGroup.SENIOR
    assert age_group(birth, 2027) is AgeGroup.PRESCHOOL
    assert age_group(birth, 2028) is None  # six on 1 September 2028: aged out (R6)
