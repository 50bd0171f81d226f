"""The quota matrix without Qt: how each community-month is judged and why.

The expected figures on the demo data were taken from what the window showed
before the rule moved out of ui/quota.py (issue 12); they pin today's behaviour.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from lianhua_desk.domain.rules import Shortfall
from lianhua_desk.services import quotas
from lianhua_desk.services.quotas import FUTURE, OK, RUNNING, SHORT, WARN

TODAY = dt.date(2021, 1, 10)  # tests/conftest.py's fixed day


def week(w: int) -> Shortfall:
    return Shortfall(f"2020-W{w:02d}", "duty_weekly", 0, 1)


HOURS = Shortfall("2020-04", "service_hours", 4, 8)
LECTURE = Shortfall("2020-Q1", "lecture_quarterly", 0, 1)
PUBLICITY = Shortfall("2020", "publicity_yearly", 0, 1)


@pytest.mark.parametrize(
    ("short", "state"),
    [
        ([], OK),
        ([week(14)], WARN),  # one missed duty week: partly short
        ([LECTURE], WARN),  # a quarter without a lecture: partly short
        ([LECTURE, week(10)], WARN),
        ([week(14), week(15)], SHORT),  # two missed duty weeks in a month: short
        ([HOURS], SHORT),  # too few service hours: short
        ([PUBLICITY], SHORT),  # no large publicity event in the year: short
        ([LECTURE, HOURS], SHORT),
    ],
)
def test_severity_of_each_kind_of_shortfall(short, state):
    assert quotas.ended_month_state(short) == state


def test_reason_texts():
    assert quotas.reason_text(week(14)) == "2020年第14周 每周至少值班一次：要求 1，实际 0"
    assert quotas.reason_text(HOURS) == "2020年4月 每月服务不少于规定时长：要求 8，实际 4"
    assert quotas.reason_text(Shortfall("2020-05", "service_hours", 7.5, 8)) == (
        "2020年5月 每月服务不少于规定时长：要求 8，实际 7.5"
    )
    assert quotas.reason_text(LECTURE) == "2020年第一季度 每季度至少一次法治讲座：要求 1，实际 0"
    assert quotas.reason_text(PUBLICITY) == "2020年 每年至少一次大型法治宣传：要求 1，实际 0"
    assert quotas.running_note(3, 8) == "本月已服务 3 小时（要求 8 小时）"
    assert quotas.STATE_TEXT == {
        SHORT: "未达标",
        WARN: "部分未达标",
        OK: "达标",
        RUNNING: "本月进行中",
        FUTURE: "未到期",
    }


def test_reason_texts_go_through_the_translation_given():
    english = {
        quotas.REASON: "{period} {rule}: required {required}, actual {actual}",
        "每周至少值班一次": "At least one duty shift a week",
    }
    tr = lambda text: english.get(text, text)  # noqa: E731
    assert quotas.reason_text(week(2), tr) == (
        "2020 week 2 At least one duty shift a week: required 1, actual 0"
    )


@pytest.mark.parametrize(
    ("period", "rule", "month"),
    [
        ("2020-W01", "duty_weekly", 1),
        ("2020-W05", "duty_weekly", 1),  # Thursday 2020-01-30
        ("2020-W06", "duty_weekly", 2),  # Monday 02-03
        ("2020-W53", "duty_weekly", 12),  # Thursday 2020-12-31
        ("2020-07", "service_hours", 7),
        ("2020-Q3", "lecture_quarterly", 9),
        ("2020", "publicity_yearly", 12),
    ],
)
def test_the_month_a_shortfall_is_shown_in(period, rule, month):
    assert quotas.shortfall_month(Shortfall(period, rule, 0, 1), 2020) == month


def test_the_2020_matrix_on_the_demo_data(demo_ctx):
    assert demo_ctx.actor.today() == TODAY
    m = quotas.quota_matrix(demo_ctx, 2020, TODAY)
    assert m.year == 2020 and len(m.communities) == 16
    assert m.communities[:3] == ["康欣社区", "彩田社区", "彩虹社区"]
    assert m.counts() == {SHORT: 5, WARN: 62, OK: 125, RUNNING: 0, FUTURE: 0}
    shown = {(n, mo): c.state for (n, mo), c in m.cells.items() if c.state != OK}
    weak = ("悦峰社区", "梅岗社区", "福中社区", "莲花北社区")
    assert {k: v for k, v in shown.items() if k[0] in weak} == {
        ("悦峰社区", 2): WARN,
        ("悦峰社区", 4): WARN,
        ("悦峰社区", 5): WARN,
        ("悦峰社区", 6): WARN,
        ("悦峰社区", 8): SHORT,
        ("悦峰社区", 9): WARN,
        ("悦峰社区", 12): WARN,
        ("梅岗社区", 2): SHORT,
        ("梅岗社区", 3): WARN,
        ("梅岗社区", 5): WARN,
        ("梅岗社区", 7): WARN,
        ("梅岗社区", 9): WARN,
        ("梅岗社区", 12): WARN,
        ("福中社区", 1): WARN,
        ("福中社区", 2): WARN,
        ("福中社区", 3): WARN,
        ("福中社区", 5): WARN,
        ("福中社区", 6): WARN,
        ("福中社区", 8): WARN,
        ("福中社区", 9): WARN,
        ("福中社区", 10): SHORT,
        ("福中社区", 11): WARN,
        ("莲花北社区", 1): WARN,
        ("莲花北社区", 3): WARN,
        ("莲花北社区", 6): WARN,
        ("莲花北社区", 7): SHORT,
        ("莲花北社区", 8): WARN,
        ("莲花北社区", 9): WARN,
        ("莲花北社区", 10): WARN,
        ("莲花北社区", 11): WARN,
        ("莲花北社区", 12): SHORT,
    }
    # 2020 had the seed's 16 lectures, one per community (none in the COVID spring): every
    # diligent community misses the lecture of the three other quarters, and only that.
    for name in set(m.communities) - set(weak):
        missed = {mo: m.cell(name, mo).reasons for (n, mo) in shown if n == name}
        assert len(missed) == 3 and all(
            len(r) == 1 and "每季度至少一次法治讲座：要求 1，实际 0" in r[0]
            for r in missed.values()
        ), name
    assert m.cell("福中社区", 2).reasons == ["2020年第6周 每周至少值班一次：要求 1，实际 0"]
    assert m.cell("莲花北社区", 12).reasons == [
        "2020年 每年至少一次大型法治宣传：要求 1，实际 0",
        "2020年第四季度 每季度至少一次法治讲座：要求 1，实际 0",
        "2020年第50周 每周至少值班一次：要求 1，实际 0",
    ]
    assert m.cell("梅岗社区", 3).reasons == [
        "2020年第一季度 每季度至少一次法治讲座：要求 1，实际 0",
        "2020年第11周 每周至少值班一次：要求 1，实际 0",
    ]
    assert m.cell("康欣社区", 1).reasons == []


def test_the_running_month_and_the_months_to_come(demo_ctx):
    m = quotas.quota_matrix(demo_ctx, 2021, TODAY)
    assert m.counts() == {SHORT: 0, WARN: 0, OK: 0, RUNNING: 16, FUTURE: 176}
    first = m.communities[0]
    assert m.cell(first, 1).state == RUNNING
    assert m.cell(first, 1).reasons == ["本月已服务 3 小时（要求 8 小时）"]
    assert m.cell(first, 2) == quotas.QuotaCell(FUTURE, [])

    mid = quotas.quota_matrix(demo_ctx, 2020, dt.date(2020, 7, 15))
    assert mid.counts() == {SHORT: 1, WARN: 33, OK: 62, RUNNING: 16, FUTURE: 80}
    assert mid.cell("梅岗社区", 7).reasons == ["本月已服务 4.5 小时（要求 8 小时）"]


def test_a_year_without_data_is_short_everywhere(demo_ctx):
    m = quotas.quota_matrix(demo_ctx, 2019, TODAY)
    assert m.counts() == {SHORT: 192, WARN: 0, OK: 0, RUNNING: 0, FUTURE: 0}


def test_no_qt_behind_the_rules():
    code = (
        "import sys\n"
        "import lianhua_desk.services.quotas, lianhua_desk.domain.numbers\n"
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide6' in m)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
