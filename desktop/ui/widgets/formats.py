"""How dates, moments and deadlines read at the desk (no Qt, no translation).

Why one module: a reception clerk compares what the screen says with a paper document,
so every date on every page must read the same way (``dd.mm.yyyy``, the Kazakh and Russian
convention), and every moment must be shown in Kazakhstan time whatever the machine's
time zone is, because deadlines end at local midnight (R18).
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from domain.calendar import WorkingCalendar
from domain.kztime import KZ_TZ, local_date

DATE_FORMAT = "%d.%m.%Y"
MOMENT_FORMAT = "%d.%m.%Y %H:%M"

_SEPARATED = re.compile(r"^\s*(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")


@functools.cache
def calendar() -> WorkingCalendar:
    """The working calendar of R27 (the bundled published lists), built once."""
    return WorkingCalendar.default()


def fmt_date(day: date | None) -> str:
    return day.strftime(DATE_FORMAT) if day is not None else ""


def fmt_moment(moment: datetime | None) -> str:
    """A stored (UTC) moment as Kazakhstan local time."""
    if moment is None:
        return ""
    return moment.astimezone(KZ_TZ).strftime(MOMENT_FORMAT)


def parse_date(text: str) -> date | None:
    """A typed date, forgiving the ways people type one; None when it is not a date.

    Accepted: ``3.3.2026``, ``03.03.2026``, ``03/03/26``, ``03-03-2026``, ``03032026``
    (what a numeric keypad gives) and ISO ``2026-03-03``. A two-digit year is 20yy: the
    desk deals with children and current documents, never with the 1900s.
    """
    for pattern, order in ((_SEPARATED, "dmy"), (_COMPACT, "dmy"), (_ISO, "ymd")):
        found = pattern.match(text)
        if found is None:
            continue
        parts = [int(p) for p in found.groups()]
        day, month, year = parts if order == "dmy" else (parts[2], parts[1], parts[0])
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def days_left(expires_at: datetime, now: datetime) -> int:
    """Working days left on a referral (R18, R27): 0 on its last day and after it, as
    :func:`domain.referrals.working_days_left` counts them.

    A list paints this for every visible row and role on every repaint, so the count
    between two days is cached; the deadline itself is still compared to the moment."""
    if expires_at <= now:
        return 0
    return _working_days_between(local_date(now), local_date(expires_at))


@functools.lru_cache(maxsize=4096)
def _working_days_between(today: date, last: date) -> int:
    return max(0, calendar().working_days_between(today, last))
