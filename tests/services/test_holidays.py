"""Holiday overrides: the days the library does not know yet, audited, followed at once."""

from __future__ import annotations

import datetime as dt

import pytest

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.domain.workcalendar import library_covers
from lianhua_desk.services import settings

SUNDAY = dt.date(2027, 2, 7)


def test_a_make_up_sunday_becomes_a_working_day_and_back(ctx):
    assert not ctx.calendar().is_workday(SUNDAY)
    settings.set_holiday_override(ctx, "2027-02-07", "workday", "春节调休")
    assert ctx.calendar().is_workday(SUNDAY)
    assert settings.holiday_overrides(ctx, 2027) == [(SUNDAY, "workday", "春节调休")]
    assert settings.remove_holiday_override(ctx, "2027年2月7日")
    assert not ctx.calendar().is_workday(SUNDAY)
    assert settings.holiday_overrides(ctx) == []


def test_a_weekday_holiday_is_no_working_day(ctx):
    friday = dt.date(2027, 1, 1)
    settings.set_holiday_override(ctx, friday, "holiday", "元旦")
    calendar = ctx.calendar()
    assert not calendar.is_workday(friday) and calendar.holiday_name(friday) == "元旦"
    assert calendar.covers(2027)


def test_every_change_is_audited_and_removing_nothing_changes_nothing(ctx):
    settings.set_holiday_override(ctx, "2027-01-01", "holiday", "元旦")
    assert settings.remove_holiday_override(ctx, "2027-01-01")
    assert not settings.remove_holiday_override(ctx, "2027-01-01")
    rows = list(
        ctx.db.execute(
            "SELECT action, record_id FROM audit WHERE entity = 'holiday_overrides' ORDER BY id"
        )
    )
    assert rows == [("update", "2027-01-01"), ("delete", "2027-01-01")]


@pytest.mark.parametrize(
    ("day", "kind"), [("2027-02-30", "holiday"), ("明天", "holiday"), ("2027-01-01", "休息")]
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(ctx, day, kind):
    with pytest.raises(ValidationError) as caught:
        settings.set_holiday_override(ctx, day, kind)
    assert all(e.reason for e in caught.value.errors)
    assert settings.holiday_overrides(ctx) == []


def test_the_library_knows_the_demo_years():
    assert library_covers(2020) and library_covers(2021)
    assert not library_covers(2100)
