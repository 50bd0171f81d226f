"""Quota and deadline rules on small hand-built data, expected results worked out here."""

import datetime as dt

from lianhua_desk.domain import rules
from lianhua_desk.domain.settings import Settings
from lianhua_desk.domain.workcalendar import WorkCalendar

CAL = WorkCalendar()
D = dt.date


def keys(periods, rule):
    return [p.key for p in periods if p.rule == rule]


def test_periods_only_count_once_ended():
    # On 2020-04-02: Q1 has ended, Q2 has not; March has ended, April has not.
    ps = rules.periods(2020, D(2020, 4, 2), CAL)
    assert keys(ps, "service_hours") == ["2020-01", "2020-02", "2020-03"]
    assert keys(ps, "lecture_quarterly") == ["2020-Q1"]
    assert keys(ps, "publicity_yearly") == []
    weeks = keys(ps, "duty_weekly")
    # 2020-W13 is Mar 23–29 (ended); W14 is Mar 30–Apr 5 (not ended on Apr 2).
    assert weeks[-1] == "2020-W13"


def test_spring_festival_week_is_exempt():
    # 2020-W05 (Jan 27 – Feb 2) was all holiday (extended Spring Festival): exempt.
    ps = rules.periods(2020, D(2021, 1, 10), CAL)
    weeks = keys(ps, "duty_weekly")
    assert "2020-W05" not in weeks
    assert "2020-W04" in weeks and "2020-W06" in weeks
    assert "2020-W53" in weeks  # 2020 has 53 ISO weeks
    assert len(weeks) == 52
    assert keys(ps, "publicity_yearly") == ["2020"]


def test_shortfalls_each_rule():
    s = Settings()
    ps = [
        rules.Period("duty_weekly", "2020-W10", D(2020, 3, 2), D(2020, 3, 8)),
        rules.Period("duty_weekly", "2020-W11", D(2020, 3, 9), D(2020, 3, 15)),
        rules.Period("service_hours", "2020-03", D(2020, 3, 1), D(2020, 3, 31)),
        rules.Period("service_hours", "2020-04", D(2020, 4, 1), D(2020, 4, 30)),
        rules.Period("lecture_quarterly", "2020-Q1", D(2020, 1, 1), D(2020, 3, 31)),
        rules.Period("publicity_yearly", "2020", D(2020, 1, 1), D(2020, 12, 31)),
    ]
    activity = rules.Activity(
        shifts={"2020-W10": 1},  # W11 has none
        hours={"2020-03": 7.5, "2020-04": 8},  # March short by half an hour; April exactly 8
        lectures={"2020-Q1": 1},
        publicity={},
    )
    found = rules.shortfalls(activity, ps, s)
    assert [str(x) for x in found] == [
        "2020 publicity_yearly",
        "2020-03 service_hours",
        "2020-W11 duty_weekly",
    ]
    march = next(x for x in found if x.rule == "service_hours")
    assert march.actual == 7.5 and march.required == 8
    assert "实际 7.5" in march.reason


def test_quota_parameters_are_configurable():
    ps = [rules.Period("service_hours", "2020-03", D(2020, 3, 1), D(2020, 3, 31))]
    activity = rules.Activity(shifts={}, hours={"2020-03": 9}, lectures={}, publicity={})
    assert rules.shortfalls(activity, ps, Settings()) == []
    assert len(rules.shortfalls(activity, ps, Settings(quota_hours_per_month=10))) == 1


def test_case_deadlines():
    s = Settings()
    case = {"status": "调解中", "received_date": "2020-03-01"}
    (d,) = rules.case_deadlines(case, s, D(2020, 3, 10))
    assert d.due == D(2020, 3, 31) and d.state == rules.OK
    assert rules.case_deadlines(case, s, D(2020, 3, 27))[0].state == rules.DUE_SOON
    assert rules.case_deadlines(case, s, D(2020, 4, 1))[0].state == rules.OVERDUE
    # A concluded case has no mediation deadline; success without confirmation has 30 days.
    done = {"status": "调解成功", "received_date": "2020-03-01", "closed_date": "2020-03-15"}
    (c,) = rules.case_deadlines(done, s, D(2020, 3, 20))
    assert c.what == "司法确认申请期限" and c.due == D(2020, 4, 14)
    assert rules.case_deadlines({**done, "judicial_confirmation": 1}, s, D(2020, 3, 20)) == []
    assert rules.case_deadlines(done, s, D(2020, 5, 1)) == []  # window lapsed
    assert rules.case_deadlines({**case, "status": "调解不成功"}, s, D(2020, 4, 1)) == []


def test_petition_deadlines():
    s = Settings()
    p = {"status": "已登记", "registered_date": "2020-03-01"}
    routing, handling = rules.petition_deadlines(p, s, D(2020, 3, 5))
    assert routing.due == D(2020, 3, 16) and routing.state == rules.OK
    assert handling.due == D(2020, 4, 30)
    assert rules.petition_deadlines(p, s, D(2020, 3, 17))[0].state == rules.OVERDUE
    routed = {"status": "已分流", "registered_date": "2020-03-01"}
    (h,) = rules.petition_deadlines(routed, s, D(2020, 5, 10))
    # Past the 60 days: only an extension covers it, due 30 days later, never "ok".
    assert h.what == "延期办理期限" and h.due == D(2020, 5, 30) and h.state == rules.DUE_SOON
    assert rules.petition_deadlines(routed, s, D(2020, 6, 1))[0].state == rules.OVERDUE
    assert rules.petition_deadlines({**routed, "status": "已办结"}, s, D(2020, 6, 1)) == []


def test_period_keys():
    assert rules.week_key(D(2021, 1, 3)) == "2020-W53"
    assert rules.month_key(D(2020, 3, 5)) == "2020-03"
    assert rules.quarter_key(D(2020, 12, 31)) == "2020-Q4"
