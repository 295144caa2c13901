"""A child leaving the kindergarten (R23)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.enrollment import LEAVE_REASON_MAX, Leave, check_leave, left_at
from domain.errors import DomainError
from domain.kztime import end_of_local_day

TODAY = date(2026, 3, 12)
NOW = datetime(2026, 3, 12, 7, 0, tzinfo=UTC)
ENROLLED = date(2026, 2, 2)


def _leave(**changes: object) -> Leave:
    args: dict[str, object] = {
        "left_at": None,
        "day": None,
        "today": TODAY,
        "enrolled_on": ENROLLED,
        "reason": "moved",
    }
    args.update(changes)
    return check_leave(**args)  # type: ignore[arg-type]


def _code(**changes: object) -> str:
    with pytest.raises(DomainError) as caught:
        _leave(**changes)
    return caught.value.code


def test_r23_a_leave_defaults_to_today_with_a_trimmed_reason() -> None:
    assert _leave(reason="  moved to Almaty ") == Leave(TODAY, "moved to Almaty")


def test_r23_a_leave_on_the_enrollment_day_or_later_and_not_in_the_future() -> None:
    assert _leave(day=ENROLLED).day == ENROLLED
    assert _code(day=date(2026, 2, 1)) == "LEAVE_DATE_INVALID"
    assert _code(day=date(2026, 3, 13)) == "LEAVE_DATE_INVALID"


def test_r23_a_child_leaves_once() -> None:
    assert _code(left_at=NOW) == "CHILD_ALREADY_LEFT"


def test_r23_a_leave_needs_a_reason_which_is_kept_short() -> None:
    assert _code(reason="   ") == "INVALID_REQUEST"
    assert len(_leave(reason="x" * 500).reason) == LEAVE_REASON_MAX


def test_r23_the_moment_stored_is_now_today_or_the_end_of_an_earlier_local_day() -> None:
    assert left_at(TODAY, today=TODAY, now=NOW) == NOW
    assert left_at(date(2026, 3, 9), today=TODAY, now=NOW) == end_of_local_day(date(2026, 3, 9))
