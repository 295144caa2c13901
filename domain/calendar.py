"""Working days of Kazakhstan (DOMAIN.md R27).

Every deadline of the queue (answer an offer within 3 working days, R16; a referral valid 5
working days, R18; a benefit confirmed within 5 working days, R13) is counted in working
days, so the server and the offline desk must agree on exactly which days those are.

A working day is a Monday to Friday that is neither a public holiday nor a day off moved
from a weekend. Two sources say which days those are:

* the **rule** of the Labour Code (:func:`rule_non_working_days`): the fixed-date holidays,
  and a state holiday falling on a Saturday or Sunday moves the day off to the next working
  day, while religious holidays are not moved;
* the **published list** of a year (``domain/data/kz-holidays-<year>.toml``), which wins
  because the government may move more days by decree, and because the date of Kurban Ait
  is only known once it is published.

:class:`WorkingCalendar` combines them: the published list for the years that have one, the
rule for any other year. Nothing here reads the clock: the caller passes the dates.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from domain.errors import DomainError

_ONE_DAY = timedelta(days=1)

# (month, day, name, religious): Kazakhstan's public holidays that fall on the same date
# every year. Religious holidays are never moved off a weekend (R27). Kurban Ait is a
# public holiday too, but its date follows the lunar calendar, so it only enters through a
# published list.
_FIXED_HOLIDAYS: tuple[tuple[int, int, str, bool], ...] = (
    (1, 1, "New Year", False),
    (1, 2, "New Year", False),
    (1, 7, "Orthodox Christmas", True),
    (3, 8, "International Women's Day", False),
    (3, 21, "Nauryz", False),
    (3, 22, "Nauryz", False),
    (3, 23, "Nauryz", False),
    (5, 1, "Unity Day", False),
    (5, 7, "Defender of the Fatherland Day", False),
    (5, 9, "Victory Day", False),
    (7, 6, "Capital Day", False),
    (8, 30, "Constitution Day", False),
    (10, 25, "Republic Day", False),
    (12, 16, "Independence Day", False),
)

_BUNDLED_NAME = re.compile(r"^kz-holidays-(\d{4})\.toml$")


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def _require_date(d: date) -> None:
    """Refuse a datetime: which calendar day a moment falls on depends on the time zone,
    so the caller must convert to the local (Kazakhstan) date first, explicitly."""
    if isinstance(d, datetime):
        raise TypeError("pass a local calendar date, not a datetime")
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")


# --------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------


def fixed_holidays(year: int) -> dict[date, str]:
    """Kazakhstan's fixed-date public holidays of ``year``, date -> name.

    Kurban Ait is missing on purpose: its date changes every year and is known only from
    the published list (see :func:`load_holiday_list`).
    """
    return {date(year, month, day): name for month, day, name, _ in _FIXED_HOLIDAYS}


def _religious_fixed(year: int) -> frozenset[date]:
    return frozenset(
        date(year, month, day) for month, day, _, religious in _FIXED_HOLIDAYS if religious
    )


def rule_transfers(year: int, extra_religious: Collection[date] = ()) -> dict[date, date]:
    """The days off moved from a weekend by the Labour Code rule: day off -> holiday moved.

    A non-religious holiday on a Saturday or Sunday moves to the next day that is not a
    weekend, not a holiday and not already a transfer, taking the holidays in date order so
    that chains work out (Nauryz 21-23 March on Sat/Sun/Mon gives 24 and 25 March).
    ``extra_religious`` adds holidays known only from a published list (Kurban Ait): they
    are days off but, being religious, are never moved themselves.
    """
    holidays = fixed_holidays(year)
    religious = _religious_fixed(year) | frozenset(extra_religious)
    taken: set[date] = set(holidays) | set(religious)
    transfers: dict[date, date] = {}
    for holiday in sorted(holidays):
        if holiday in religious or not _is_weekend(holiday):
            continue
        day = holiday + _ONE_DAY
        while _is_weekend(day) or day in taken:
            day += _ONE_DAY
        transfers[day] = holiday
        taken.add(day)
    return transfers


@functools.lru_cache(maxsize=512)
def _rule_cached(year: int, extra_religious: frozenset[date]) -> frozenset[date]:
    return (
        frozenset(fixed_holidays(year))
        | extra_religious
        | frozenset(rule_transfers(year, extra_religious))
    )


def rule_non_working_days(year: int, extra_religious: Collection[date] = ()) -> frozenset[date]:
    """The non-working days of ``year`` by the rule alone: fixed holidays plus transfers.

    This is the fallback for a year without a published list. It cannot know Kurban Ait
    (pass it in ``extra_religious`` when known) nor any decree, so for such a year a
    deadline may come out a day early; publishing the year's list (R27) fixes that.
    Cached per year, because every deadline computation asks for it.
    """
    return _rule_cached(year, frozenset(extra_religious))


# --------------------------------------------------------------------------------------
# Published lists
# --------------------------------------------------------------------------------------


def _list_error(year: object, entry: str) -> DomainError:
    return DomainError("HOLIDAY_LIST_INVALID", year=year, entry=entry)


def _as_date(value: Any, year: object, entry: str) -> date:
    # TOML has a native date type (2026-03-09); a quoted ISO date is accepted too because
    # that is the commonest slip when a person edits the file.
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError as exc:
            raise _list_error(year, entry) from exc
    if isinstance(value, datetime) or not isinstance(value, date):
        raise _list_error(year, entry)
    return value


def _entries(
    data: Mapping[str, Any], key: str, allowed: frozenset[str], year: int
) -> list[tuple[date, Mapping[str, Any]]]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise _list_error(year, key)
    out: list[tuple[date, Mapping[str, Any]]] = []
    for index, item in enumerate(raw):
        where = f"{key}[{index}]"
        if not isinstance(item, dict) or "date" not in item or set(item) - allowed:
            raise _list_error(year, where)
        day = _as_date(item["date"], year, where)
        if day.year != year:
            raise _list_error(year, where)
        out.append((day, item))
    return out


def load_holiday_list(text: str) -> tuple[int, frozenset[date]]:
    """Parse a year's published list (the format of ``kz-holidays-2026.toml``).

    Returns the year and its non-working days: every holiday (religious or not) and every
    transferred day off. Unknown keys are refused rather than ignored, so that a field this
    code does not understand (a decreed working Saturday, say) cannot silently be dropped.
    Any defect raises ``DomainError("HOLIDAY_LIST_INVALID", year=..., entry=...)``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _list_error("?", "toml") from exc
    if set(data) - {"year", "holidays", "transfers"}:
        raise _list_error(data.get("year", "?"), ", ".join(sorted(set(data) - {"year"})))
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999:
        raise _list_error("?", "year")

    days: set[date] = set()
    for day, item in _entries(data, "holidays", frozenset({"date", "name", "religious"}), year):
        if not isinstance(item.get("name", ""), str) or not isinstance(
            item.get("religious", False), bool
        ):
            raise _list_error(year, f"holidays {day.isoformat()}")
        days.add(day)
    for day, item in _entries(data, "transfers", frozenset({"date", "from", "name"}), year):
        if "from" in item:
            _as_date(item["from"], year, f"transfers {day.isoformat()}")
        days.add(day)
    return year, frozenset(days)


@functools.cache
def _read_bundled_holiday_files() -> tuple[tuple[str, str], ...]:
    """THE one I/O of the domain package: read the shipped ``data/kz-holidays-*.toml``.

    Through importlib.resources, so it works from a wheel or a frozen desk build alike.
    Returns (file name, text) pairs in name order; read once per process.
    """
    folder = importlib.resources.files("domain").joinpath("data")
    found: list[tuple[str, str]] = []
    for entry in folder.iterdir():
        if _BUNDLED_NAME.match(entry.name) and entry.is_file():
            found.append((entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def bundled_years() -> dict[int, frozenset[date]]:
    """Every published list shipped with the code: year -> its non-working days.

    A file whose name disagrees with the year inside it is refused: the name is how a
    maintainer sees which years are covered, so the two must not drift apart.
    """
    years: dict[int, frozenset[date]] = {}
    for name, text in _read_bundled_holiday_files():
        year, days = load_holiday_list(text)
        match = _BUNDLED_NAME.match(name)
        if match is None or int(match.group(1)) != year or year in years:
            raise _list_error(year, name)
        years[year] = days
    return years


# --------------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days, for any year.

    ``non_working`` holds the days off that are known explicitly (the published lists, or
    the dates a caller passed). For a year in ``published_years`` it is the whole truth. For
    any other year, when ``rule_for_other_years`` is true, the Labour Code rule is applied
    on top (computed lazily and cached per year), so a deadline that crosses into a year
    whose list is not yet published is still counted sensibly.

    Frozen and hashable, so one instance can be shared by threads and cached.
    """

    non_working: frozenset[date] = frozenset()
    published_years: frozenset[int] = frozenset()
    rule_for_other_years: bool = True

    @classmethod
    def default(cls) -> WorkingCalendar:
        """The bundled published lists where present, the rule for every other year."""
        return _default_calendar()

    @classmethod
    def from_dates(cls, days: Iterable[date]) -> WorkingCalendar:
        """A calendar whose only non-working days (besides weekends) are ``days``.

        No rule is added: the caller said exactly which days are off (useful in tests and
        when the server keeps its own holiday table).
        """
        return cls(non_working=frozenset(days), rule_for_other_years=False)

    def with_year_list(self, text: str) -> WorkingCalendar:
        """A new calendar in which the published list ``text`` replaces whatever was known
        for its year (the rule, or an older list): a later decree wins (R27)."""
        year, days = load_holiday_list(text)
        kept = frozenset(d for d in self.non_working if d.year != year)
        return replace(self, non_working=kept | days, published_years=self.published_years | {year})

    def is_non_working(self, d: date) -> bool:
        """True for a holiday or a transferred day off (weekends are not looked at)."""
        if d in self.non_working:
            return True
        if self.rule_for_other_years and d.year not in self.published_years:
            return d in rule_non_working_days(d.year)
        return False

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday and not a holiday or transferred day off."""
        _require_date(d)
        return not _is_weekend(d) and not self.is_non_working(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; see the module-level function."""
        _require_date(start)
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += _ONE_DAY
            return day
        counted = 0
        while counted < n:
            day += _ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end is before start).

        The inverse of :meth:`add_working_days`: for n >= 1,
        ``working_days_between(s, add_working_days(s, n)) == n``; it is what a "working
        days left" counter shows.
        """
        _require_date(start)
        _require_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count


@functools.cache
def _default_calendar() -> WorkingCalendar:
    years = bundled_years()
    days: frozenset[date] = frozenset().union(*years.values()) if years else frozenset()
    return WorkingCalendar(non_working=days, published_years=frozenset(years))


HolidaySource = Collection[date] | WorkingCalendar | None
"""What the module-level helpers accept: None for the default calendar, a calendar, or an
explicit collection of the only non-working days besides weekends."""


def _calendar(holidays: HolidaySource) -> WorkingCalendar:
    if holidays is None:
        return WorkingCalendar.default()
    if isinstance(holidays, WorkingCalendar):
        return holidays
    return WorkingCalendar.from_dates(holidays)


def add_working_days(start: date, n: int, holidays: HolidaySource = None) -> date:
    """The date of the n-th working day after ``start``.

    ``start`` itself never counts, whether or not it is a working day: an offer made on a
    working day D with a window of 3 working days ends at the end of
    ``add_working_days(D, 3)`` (R16, R18, R13). ``n == 0`` gives ``start`` if it is a
    working day, else the next working day (when a deadline "today" must land on a day
    the office is open). ``holidays`` None means :meth:`WorkingCalendar.default`.
    """
    return _calendar(holidays).add_working_days(start, n)


def is_working_day(d: date, holidays: HolidaySource = None) -> bool:
    """Monday to Friday and not a public holiday or transferred day off (R27)."""
    return _calendar(holidays).is_working_day(d)


def working_days_between(start: date, end: date, holidays: HolidaySource = None) -> int:
    """Working days d with start < d <= end; see :meth:`WorkingCalendar.working_days_between`."""
    return _calendar(holidays).working_days_between(start, end)


__all__ = [
    "HolidaySource",
    "WorkingCalendar",
    "add_working_days",
    "bundled_years",
    "fixed_holidays",
    "is_working_day",
    "load_holiday_list",
    "rule_non_working_days",
    "rule_transfers",
    "working_days_between",
]
