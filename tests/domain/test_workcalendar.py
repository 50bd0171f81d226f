import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianhua_desk.domain.workcalendar import WorkCalendar

D = dt.date
CAL = WorkCalendar()


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def is_holiday(cal: WorkCalendar, day: dt.date) -> bool:
    """A statutory holiday (weekend days inside one included), not a plain weekend."""
    return cal.holiday_name(day) is not None


def workdays_in(cal: WorkCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    return [d for d in days(start, end) if cal.is_workday(d)]


def test_spring_festival_2020_including_the_epidemic_extension():
    # The 2020 break ran 01-24..01-30 and was extended to 02-02 (State Council, 2020-01-27).
    for day in days(D(2020, 1, 24), D(2020, 2, 2)):
        assert is_holiday(CAL, day), day
        assert not CAL.is_workday(day), day
        assert CAL.holiday_name(day) == "春节"
    # 02-01 (Saturday) was to have been a make-up working day before the extension.
    assert not CAL.is_makeup_workday(D(2020, 2, 1))
    assert CAL.is_workday(D(2020, 2, 3))
    # Sunday 01-19 was worked in exchange.
    assert CAL.is_makeup_workday(D(2020, 1, 19))
    assert CAL.is_workday(D(2020, 1, 19))


def test_national_day_2020_and_its_make_up_days():
    for day in days(D(2020, 10, 1), D(2020, 10, 8)):
        assert is_holiday(CAL, day) and not CAL.is_workday(day), day
    assert CAL.holiday_name(D(2020, 10, 1)) == "国庆节"
    for makeup in (D(2020, 9, 27), D(2020, 10, 10)):  # a Sunday and a Saturday
        assert makeup.weekday() >= 5
        assert CAL.is_workday(makeup)
        assert CAL.is_makeup_workday(makeup)
        assert not is_holiday(CAL, makeup)
        assert CAL.holiday_name(makeup) is None


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2020, 1, 1), "元旦"),
        (D(2020, 1, 25), "春节"),
        (D(2020, 4, 4), "清明节"),
        (D(2020, 5, 1), "劳动节"),
        (D(2020, 6, 25), "端午节"),
        (D(2019, 9, 13), "中秋节"),
        (D(2020, 10, 1), "国庆节"),
        (D(2015, 9, 3), "抗战胜利纪念日"),
    ],
)
def test_holiday_names_are_chinese(day, name):
    assert CAL.holiday_name(day) == name


def test_every_library_holiday_has_a_chinese_name():
    names = {CAL.holiday_name(day) for day in chinese_calendar.holidays}
    assert None not in names
    assert all(not name.isascii() for name in names), names


def test_plain_weekdays_and_weekends():
    assert CAL.is_workday(D(2020, 3, 5))  # Thursday
    saturday = D(2020, 3, 7)
    assert not CAL.is_workday(saturday)
    assert not is_holiday(CAL, saturday)  # a weekend is not a statutory holiday
    assert CAL.holiday_name(saturday) is None
    assert not CAL.is_makeup_workday(saturday)
    assert not CAL.is_makeup_workday(D(2020, 3, 5))  # weekdays are never "make-up"


def test_accepts_datetimes():
    assert is_holiday(CAL, dt.datetime(2020, 10, 1, 9, 30))
    assert CAL.is_makeup_workday(dt.datetime(2020, 10, 10, 9, 30))


def test_iso_weeks():
    def has_workday(iso_year: int, iso_week: int) -> bool:
        monday = dt.date.fromisocalendar(iso_year, iso_week, 1)
        return bool(workdays_in(CAL, monday, monday + dt.timedelta(days=6)))

    assert not has_workday(2020, 5)  # 01-27..02-02, all Spring Festival
    assert has_workday(2020, 41)  # 10-05..10-11: Friday and make-up Saturday
    assert has_workday(2020, 10)


def test_workdays_in():
    assert workdays_in(CAL, D(2020, 9, 26), D(2020, 10, 11)) == [
        D(2020, 9, 27),
        D(2020, 9, 28),
        D(2020, 9, 29),
        D(2020, 9, 30),
        D(2020, 10, 9),
        D(2020, 10, 10),
    ]
    assert workdays_in(CAL, D(2020, 3, 5), D(2020, 3, 5)) == [D(2020, 3, 5)]
    assert workdays_in(CAL, D(2020, 3, 6), D(2020, 3, 5)) == []
    assert len(workdays_in(CAL, D(2020, 1, 1), D(2020, 12, 31))) == 249


def test_covers():
    assert CAL.covers(2020)
    assert CAL.covers(2004)
    assert not CAL.covers(2003)
    assert not CAL.covers(2099)


def test_uncovered_year_falls_back_to_monday_to_friday():
    thursday, saturday = D(2099, 1, 1), D(2099, 1, 3)
    assert CAL.is_workday(thursday) and not is_holiday(CAL, thursday)
    assert CAL.holiday_name(thursday) is None
    assert not CAL.is_workday(saturday) and not CAL.is_makeup_workday(saturday)
    assert len(workdays_in(CAL, D(2099, 1, 5), D(2099, 1, 11))) == 5


def test_overrides_fill_uncovered_years():
    cal = WorkCalendar(
        {
            D(2099, 1, 1): ("holiday", "元旦"),
            D(2099, 1, 3): ("workday", "元旦调休"),
        }
    )
    assert cal.covers(2099)
    assert not cal.covers(2098)
    assert is_holiday(cal, D(2099, 1, 1)) and not cal.is_workday(D(2099, 1, 1))
    assert cal.holiday_name(D(2099, 1, 1)) == "元旦"
    assert cal.is_makeup_workday(D(2099, 1, 3))
    assert cal.holiday_name(D(2099, 1, 3)) is None


def test_overrides_win_over_the_library():
    cal = WorkCalendar(
        {
            D(2020, 10, 10): ("holiday", "更正"),
            D(2020, 10, 8): ("workday", "更正"),
            dt.datetime(2020, 3, 5, 8, 0): ("holiday", "街道活动日"),
        }
    )
    assert not cal.is_workday(D(2020, 10, 10)) and not cal.is_makeup_workday(D(2020, 10, 10))
    assert cal.holiday_name(D(2020, 10, 10)) == "更正"
    assert cal.is_workday(D(2020, 10, 8)) and not is_holiday(cal, D(2020, 10, 8))
    assert cal.holiday_name(D(2020, 3, 5)) == "街道活动日"
    # Days not overridden still come from the library.
    assert is_holiday(cal, D(2020, 10, 1))


def test_override_kind_is_checked():
    with pytest.raises(ValueError):
        WorkCalendar({D(2020, 1, 1): ("vacation", "x")})


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2110, 12, 31)))
def test_consistency(day):
    workday = CAL.is_workday(day)
    assert not (workday and is_holiday(CAL, day))
    assert CAL.is_makeup_workday(day) == (workday and day.weekday() >= 5)
    if not CAL.covers(day.year):
        assert workday == (day.weekday() < 5)
    else:
        assert workday == chinese_calendar.is_workday(day)
