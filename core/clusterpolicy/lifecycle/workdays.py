"""Working days (工作日) in mainland China: official holidays and make-up workdays (调休).

The one place that knows the calendar. It wraps the maintained `chinese-calendar` package
(PyPI ``chinese-calendar``, MIT licence), which follows the State Council's yearly holiday
notices, including the weekend days that become workdays (e.g. 2024-09-29 and 2024-10-12 around
National Day). The package covers a fixed range of years and is updated when each year's notice is
published (usually in November or December of the year before); a date outside that range raises
:class:`CalendarRangeError` instead of guessing.

Counting follows 民法典 第201条: the day a period starts from is not counted. For calendar-day
periods, 第203条 moves a last day that is a rest day (法定休假日, weekends included) to the next
working day. The package is imported on first use only.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from ..errors import ClusterPolicyError


class CalendarRangeError(ClusterPolicyError):
    """A date falls outside the years the working-day calendar covers."""

    exit_code = 2


@cache
def _calendar():
    try:
        import chinese_calendar  # noqa: PLC0415 - imported on first use (start-up time)
    except ImportError:  # pragma: no cover - a declared dependency
        raise ClusterPolicyError(
            "working days need the 'chinese-calendar' package (pip install chinese-calendar)"
        ) from None
    return chinese_calendar


@cache
def coverage() -> tuple[int, int]:
    """First and last year the installed calendar covers (both inclusive)."""
    cc = _calendar()
    years = [d.year for d in cc.holidays]
    return min(years), max(years)


def calendar_version() -> str:
    """Version of the calendar package, for messages."""
    return getattr(_calendar(), "__version__", "unknown")


def _check(day: date) -> None:
    first, last = coverage()
    if not first <= day.year <= last:
        raise CalendarRangeError(
            f"{day.isoformat()} is outside the working-day calendar (chinese-calendar {calendar_version()} "
            f"covers {first}–{last}); upgrade the package once the State Council has published that year's holidays"
        )


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day: a weekday that is no holiday, or a make-up workday."""
    _check(day)
    return bool(_calendar().is_workday(day))


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted; n ≥ 1)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def next_working_day(day: date) -> date:
    """``day`` if it is a working day, else the first working day after it (民法典 第203条)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_calendar_days(start: date, n: int) -> date:
    """End of a period of ``n`` days from ``start``: ``start + n``, moved to the next working day
    when that is a rest day (民法典 第201条, 第203条)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return next_working_day(start + timedelta(days=n))


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
