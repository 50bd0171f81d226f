"""A rotation into a year the holiday library does not know (and the clerk has not
entered) is flagged in the plan and refused unless explicitly confirmed."""

from __future__ import annotations

import datetime as dt

import pytest

from lianhua_desk.domain import workcalendar
from lianhua_desk.domain.records import ValidationError
from lianhua_desk.domain.workcalendar import WorkCalendar
from lianhua_desk.services import records, roster, settings

MESSAGE = (
    "2027 年的法定节假日尚未收录：生成的排班可能落在春节等假日上。"
    "请先在 文件 → 节假日调整… 录入国务院公布的安排，或确认仍要生成。"
)


@pytest.fixture(autouse=True)
def library_knows_up_to_2026(monkeypatch):
    """As the installed chinesecalendar does today, whatever a later update brings."""
    monkeypatch.setattr(workcalendar, "library_covers", lambda year: year <= 2026)


@pytest.fixture
def base(ctx):
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    a = records.create(
        ctx, "advisors", {"name": "王建国", "firm": "广东莲城律师事务所", "community_id": c["id"]}
    ).record
    return ctx, c, a


def test_the_calendar_names_the_years_it_does_not_know():
    cal = WorkCalendar()
    assert cal.uncovered_years(dt.date(2026, 12, 1), dt.date(2028, 1, 31)) == [2027, 2028]
    assert cal.uncovered_years(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []
    entered = WorkCalendar({dt.date(2027, 2, 5): ("holiday", "春节")})
    assert entered.uncovered_years(dt.date(2027, 1, 1), dt.date(2028, 1, 1)) == [2028]
    assert roster.uncovered_message([2027]) == MESSAGE
    assert roster.uncovered_message([2027, 2028]).startswith("2027、2028 年的法定节假日尚未收录")


def test_a_rotation_into_2027_is_flagged_and_refused_without_confirmation(base):
    ctx, c, a = base
    args = (ctx, c["id"], a["id"], 2, "9:00", "12:00", "2027-01-01", "2027-03-31")
    plan = roster.plan_rotation(*args)
    assert plan.uncovered_years == [2027]
    assert dt.date(2027, 2, 10) in plan.dates  # Spring Festival 2027: nobody knows yet
    audit = ctx.db["audit"].count
    with pytest.raises(ValidationError) as exc:
        roster.generate_rotation(*args)
    assert exc.value.errors[0].reason == MESSAGE
    assert ctx.db["shifts"].count == 0 and ctx.db["audit"].count == audit

    done = roster.generate_rotation(*args, confirm_uncovered=True)
    assert ctx.db["shifts"].count == len(done.dates) == len(plan.dates)


def test_adjustments_entered_for_the_year_make_it_known(base):
    ctx, c, a = base
    for day in ("2027-02-09", "2027-02-10", "2027-02-11"):
        settings.set_holiday_override(ctx, day, "holiday", "春节")
    args = (ctx, c["id"], a["id"], 2, "9:00", "12:00", "2027-01-01", "2027-03-31")
    plan = roster.plan_rotation(*args)
    assert plan.uncovered_years == []
    assert (dt.date(2027, 2, 10), "春节") in plan.skipped
    roster.generate_rotation(*args)  # no confirmation needed
    assert ctx.db["shifts"].count_where("date = '2027-02-10'") == 0


def test_a_covered_range_needs_no_confirmation(base):
    ctx, c, a = base
    plan = roster.generate_rotation(
        ctx, c["id"], a["id"], 2, "9:00", "12:00", "2020-01-20", "2020-02-09"
    )
    assert plan.uncovered_years == [] and len(plan.dates) == 2
