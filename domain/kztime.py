"""Kazakhstan local time: which calendar day a moment falls on, and when a day ends.

Every deadline of the queue ends at local midnight (R16, R18, R19, R24), and every date
rule (a visit date, the August freeze, a leave) speaks of the local calendar day, while
both the server and the desk keep moments in UTC. The two must turn one into the other the
same way, so it is done here, once. Nothing reads the clock: the moment is an argument.

Kazakhstan has had one time zone, UTC+5, since 1 March 2024; a fixed offset (not a tz
database entry) keeps a desk on an old Windows build agreeing with the server.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

KZ_TZ = timezone(timedelta(hours=5), "Asia/Almaty")


def local_date(moment: datetime) -> date:
    """The calendar day in Kazakhstan at ``moment``.

    A naive datetime is refused: Python would read it in the machine's own time zone, so
    the day would depend on where the code runs.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date needs an aware datetime")
    return moment.astimezone(KZ_TZ).date()


def end_of_local_day(day: date) -> datetime:
    """The last instant of ``day`` in Kazakhstan, in UTC: when a deadline on ``day`` ends."""
    start_next = datetime(day.year, day.month, day.day, tzinfo=KZ_TZ) + timedelta(days=1)
    return (start_next - timedelta(microseconds=1)).astimezone(UTC)
