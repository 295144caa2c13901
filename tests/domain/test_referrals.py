"""A referral the family can still act on, and its working days left (R18, R19, R27)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.calendar import WorkingCalendar
from domain.errors import DomainError
from domain.kztime import end_of_local_day
from domain.referrals import LIVE_REFERRAL_STATUSES, require_open, working_days_left

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # Tuesday 10 March, 11:00 in Kazakhstan
CALENDAR = WorkingCalendar.from_dates(())


@pytest.mark.parametrize("status", LIVE_REFERRAL_STATUSES)
def test_r18_a_live_referral_before_its_deadline_is_open(status: str) -> None:
    require_open(status, NOW + timedelta(seconds=1), NOW)


@pytest.mark.parametrize("status", ["enrolled", "lapsed", "cancelled"])
def test_r18_a_closed_referral_is_not_active(status: str) -> None:
    with pytest.raises(DomainError) as caught:
        require_open(status, NOW + timedelta(days=3), NOW)
    assert caught.value.code == "REFERRAL_NOT_ACTIVE"
    assert caught.value.params == {"status": status}


def test_r19_a_referral_past_its_deadline_is_lapsed_before_the_scheduler_says_so() -> None:
    with pytest.raises(DomainError) as caught:
        require_open("active", NOW, NOW)
    assert caught.value.code == "REFERRAL_LAPSED"


def test_r18_r27_working_days_left_count_after_today() -> None:
    friday = end_of_local_day(date(2026, 3, 13))
    monday = end_of_local_day(date(2026, 3, 16))
    assert working_days_left(CALENDAR, NOW, friday) == 3  # Wed, Thu, Fri
    assert working_days_left(CALENDAR, NOW, monday) == 4  # the weekend does not count
    assert working_days_left(CALENDAR, NOW, end_of_local_day(date(2026, 3, 10))) == 0


def test_r18_no_days_left_once_the_deadline_has_passed() -> None:
    assert working_days_left(CALENDAR, NOW, NOW) == 0
    assert working_days_left(CALENDAR, NOW, NOW - timedelta(days=2)) == 0
