"""Working days in mainland China: statutory holidays and make-up working days (调休).

The State Council publishes each year's arrangement late in the previous year; the
`chinese_calendar` package carries them. Years it does not know yet fall back to plain
Monday–Friday, and `overrides` (from settings) add or correct single days.
"""

from __future__ import annotations

import calendar
import datetime as dt

import chinese_calendar

HOLIDAY = "holiday"
WORKDAY = "workday"
KIND_NAMES = {HOLIDAY: "放假", WORKDAY: "调休上班"}

# Monday first, as date.weekday() counts.
WEEKDAY_CHARS = "一二三四五六日"
WEEKDAYS = tuple("周" + c for c in WEEKDAY_CHARS)


def weekday_name(d: dt.date, prefix: str = "周") -> str:
    """周一 … 周日 (or 星期一 … 星期日 with prefix="星期")."""
    return prefix + WEEKDAY_CHARS[d.weekday()]


# chinese_calendar names its holidays in English (Holiday enum values).
_NAMES_CN = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month (the one place it is computed)."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def library_covers(year: int) -> bool:
    """Whether the installed holiday library has the State Council's arrangement for
    `year` (a new year's arrives with a package update, usually in December)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _as_date(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


class WorkCalendar:
    def __init__(self, overrides: dict[dt.date, tuple[str, str]] | None = None):
        self._overrides: dict[dt.date, tuple[str, str]] = {}
        for day, (kind, name) in (overrides or {}).items():
            if kind not in (HOLIDAY, WORKDAY):
                raise ValueError(f"override kind must be 'holiday' or 'workday', not {kind!r}")
            self._overrides[_as_date(day)] = (kind, name)
        self._override_years = {day.year for day in self._overrides}

    def _special(self, d: dt.date) -> tuple[str, str] | None:
        """(kind, Chinese name) when d is a holiday or make-up working day, else None."""
        if d in self._overrides:
            return self._overrides[d]
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(d)
        except NotImplementedError:  # year outside the library's data
            return None
        if name is None:  # an ordinary weekday or weekend
            return None
        return (HOLIDAY if on_holiday else WORKDAY), _NAMES_CN.get(name, name)

    def covers(self, year: int) -> bool:
        """Whether holiday data exists for the year (library or overrides)."""
        return year in self._override_years or library_covers(year)

    def uncovered_years(self, first: dt.date, last: dt.date) -> list[int]:
        """The years from first to last (inclusive) without holiday data: there, only
        Monday–Friday counts and the Spring Festival is an ordinary week."""
        return [y for y in range(first.year, last.year + 1) if not self.covers(y)]

    def is_workday(self, d: dt.date) -> bool:
        d = _as_date(d)
        special = self._special(d)
        if special is not None:
            return special[0] == WORKDAY
        return d.weekday() < 5

    def holiday_name(self, d: dt.date) -> str | None:
        """The Chinese name of a statutory holiday (weekend days inside one included);
        None on a working day or a plain weekend."""
        special = self._special(_as_date(d))
        return special[1] if special is not None and special[0] == HOLIDAY else None

    def is_makeup_workday(self, d: dt.date) -> bool:
        """A Saturday or Sunday on which people work (调休上班)."""
        d = _as_date(d)
        return d.weekday() >= 5 and self.is_workday(d)
