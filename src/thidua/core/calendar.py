"""Working days as the law counts them: Monday to Friday, less Vietnam's public holidays (Tết included, from the
`holidays` package, which also knows the swaps the government announced up to its release), with the yearly swaps
(ngày làm bù, nghỉ bù) the package does not know entered as overrides.

The arithmetic is pure: the overrides are passed in (`{date: is_working_day}`), so the edges are tested without a
database. `stored_overrides()` reads them from `core.WorkdayOverride`, where the system administrator enters the
government's notice each year.

Counting follows the Civil Code 2015, art 147 (a period counted in days starts on the day after the event; not in
rules.md — cited from the Code, to verify with the province's practice), so the day a list is posted is not one
of its working days."""

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)
NO_OVERRIDES: Mapping[dt.date, bool] = {}
# A period of n working days never spans more than this many calendar days per working day (a year of overrides
# that all say "day off" would otherwise loop for ever).
_MAX_SPAN_PER_DAY = 60


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


def is_working_day(day: dt.date, overrides: Mapping[dt.date, bool] = NO_OVERRIDES) -> bool:
    """An override decides when there is one; otherwise a weekday that is no public holiday (and a weekend day the
    package knows as made up for a swap) is a working day."""
    if day in overrides:
        return overrides[day]
    return _public_holidays(day.year).is_working_day(day)


def holiday_name(day: dt.date) -> str:
    """The public holiday's Vietnamese name ("Mùng hai Tết Nguyên Đán"), or ""."""
    return _public_holidays(day.year).get(day) or ""


def add_working_days(start: dt.date, n: int, overrides: Mapping[dt.date, bool] = NO_OVERRIDES) -> dt.date:
    """The n-th working day after `start` (`start` itself is not counted): the last day of a period of n working
    days that begins on `start`."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day, counted, limit = start, 0, start + dt.timedelta(days=_MAX_SPAN_PER_DAY * n)
    while counted < n:
        day += ONE_DAY
        if day > limit:
            raise ValueError(f"no {n} working days after {start:%d/%m/%Y}: check the overrides")
        if is_working_day(day, overrides):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, overrides: Mapping[dt.date, bool] = NO_OVERRIDES) -> int:
    """How many working days lie after `start`, up to and including `end` (0 when `end` is not after `start`)."""
    count, day = 0, start + ONE_DAY
    while day <= end:
        count += is_working_day(day, overrides)
        day += ONE_DAY
    return count


def stored_overrides() -> dict[dt.date, bool]:
    """The swaps entered in `WorkdayOverride` (a few rows a year: all of them)."""
    from thidua.core.models import WorkdayOverride

    return dict(WorkdayOverride.objects.values_list("day", "is_working_day"))
