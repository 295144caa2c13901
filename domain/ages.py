"""Ages, age groups and group suitability: DOMAIN.md R5-R7.

Two different ages matter and must not be confused: the age in full years on the counting
date (1 September) decides the age group and ageing out for a whole school year (R5, R6),
while the age in months on the day of an offer decides whether allocation may start (R6).

Anniversaries: a child completes a month (or a year) of age on the same day-of-month as
its birth; when that day does not exist in the month (born 31 January, or 29 February in
a common year), the month completes only once the month has ended, i.e. on the 1st of the
next month. So a child born 29 February turns one on 1 March in a common year, and a child
born 31 January is one month old on 1 March, not on 28 February. Using one rule for
months and years keeps ``age_in_full_years == age_in_months // 12`` true for every date.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import IntEnum, StrEnum

from domain.policy import DEFAULT_POLICY, Policy


class AgeGroup(IntEnum):
    """R5: the group for a child of that many full years on the counting date."""

    EARLY = 1  # ясельная
    JUNIOR = 2  # младшая
    MIDDLE = 3  # средняя
    SENIOR = 4  # старшая
    PRESCHOOL = 5  # предшкольная


class GroupType(StrEnum):
    """R7: what a group is for; correctional groups need a specialist's conclusion."""

    GENERAL = "general"
    CORRECTIONAL = "correctional"
    SANATORIUM = "sanatorium"


class Language(StrEnum):
    """R7: a group's one language of instruction."""

    KK = "kk"
    RU = "ru"


def school_year_of(day: date, policy: Policy = DEFAULT_POLICY) -> int:
    """The starting year of the school year containing ``day``.

    Offers and groups belong to a school year, not a calendar year, so every date must
    be mapped to the school year it falls in (2026-08-31 -> 2025, 2026-09-01 -> 2026).
    """
    start = policy.school_year_start
    if (day.month, day.day) >= (start.month, start.day):
        return day.year
    return day.year - 1


def counting_date(school_year: int, policy: Policy = DEFAULT_POLICY) -> date:
    """R5: the day on which the age that counts for ``school_year`` is taken."""
    start = policy.school_year_start
    return date(school_year, start.month, start.day)


def age_in_months(birth: date, on: date) -> int:
    """Full months of age on ``on`` (module docstring: month-end and 29 February rule).

    Before birth the result is negative, which every caller reads as "too young" without
    a special case.
    """
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    if on.day < birth.day:
        # The anniversary day is not yet reached, or does not exist this month and the
        # month has not ended: the current month is not complete.
        months -= 1
    return months


def age_in_full_years(birth: date, on: date) -> int:
    """Full years of age on ``on``; the same anniversary rule as :func:`age_in_months`."""
    return age_in_months(birth, on) // 12


def age_group(birth: date, school_year: int, policy: Policy = DEFAULT_POLICY) -> AgeGroup | None:
    """R5: the age group for ``school_year``, or None when the child fits no group.

    None covers both a child not yet one year old on the counting date and a child who
    has aged out (R6): neither can be placed in any group that school year.
    """
    years = age_in_full_years(birth, counting_date(school_year, policy))
    if years < AgeGroup.EARLY or years > AgeGroup.PRESCHOOL or years >= policy.aged_out_years:
        return None
    return AgeGroup(years)


def is_aged_out(birth: date, school_year: int, policy: Policy = DEFAULT_POLICY) -> bool:
    """R6: the child is school age on the counting date; no new offer, ever, for that year.

    Exactly 6 on 1 September is aged out; turning 6 on 2 September is not.
    """
    years = age_in_full_years(birth, counting_date(school_year, policy))
    return years >= policy.aged_out_years


def eligibility(
    birth: date, school_year: int, on: date, policy: Policy = DEFAULT_POLICY
) -> str | None:
    """R6: the reason the child may not get an offer on ``on`` for ``school_year``, or None.

    Ageing out is checked first because it is final, while being too young only waits.
    "Too young" also covers a child who already has the minimum months on ``on`` but is
    under one year on the counting date (possible with a region's 18-month minimum): there
    is no group to place it in that school year, so an offer would have nowhere to go.
    The codes carry no parameters because the thresholds come from the region's policy,
    which the caller already holds.
    """
    if is_aged_out(birth, school_year, policy):
        return "AGE_AGED_OUT"
    if age_in_months(birth, on) < policy.min_age_months:
        return "AGE_TOO_YOUNG"
    if age_group(birth, school_year, policy) is None:
        return "AGE_TOO_YOUNG"
    return None


def group_matches(
    group_language: Language,
    group_type: GroupType,
    accepted_languages: Collection[Language],
    need: GroupType,
) -> str | None:
    """R7: why a group cannot be offered to the child, or None when it can.

    Language is reported first: a family is more likely to widen its languages than
    a specialist's conclusion is to change, so that is the more actionable reason.
    """
    if group_language not in accepted_languages:
        return "GROUP_LANGUAGE_MISMATCH"
    if group_type != need:
        return "GROUP_TYPE_MISMATCH"
    return None
