"""The demo tells 2020 truly (issue 15): the seed report's figures, records the services
themselves accept, consistent money, numbers in receipt order, routed petitions with
their case, the real 2020 (COVID response, Civil Code), and a believable present.

One demo database written as on 2026-11-30 (2020 in full, 2026 to yesterday)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from lianhua_desk.domain import fields as F
from lianhua_desk.domain.records import check_record, clean
from lianhua_desk.services import demo
from lianhua_desk.services.deadlines import deadline_items
from lianhua_desk.services.review import review
from lianhua_desk.services.stats import year_stats
from tests.conftest import make_context

TODAY = dt.date(2026, 11, 30)
LEVEL_1 = (dt.date(2020, 1, 24), dt.date(2020, 2, 23))  # 广东省一级响应
LEVEL_3 = dt.date(2020, 5, 9)
CIVIL_CODE = dt.date(2020, 5, 28)

# The seed (莲花街道2020年法治政府建设年度报告) ↔ the statistic keys that count it.
SEED = (
    ("开展法律知识讲座16次", ("lectures",), 16),
    ("社区法律顾问共参与调解51起", ("advisor_mediations",), 51),
    ("累计提供法律咨询服务600余次", ("consultations",), 620),
    ("已为342宗案件提供了法律服务", ("petitions_legal_service",), 342),
    ("116宗引导法律途径解决", ("petitions_guided_legal",), 116),
    ("调解成功58件劳资纠纷", ("labor_mediation_success",), 58),
    (
        "追回款项1600万元",
        ("mediation_amount_recovered", "petition_amount_recovered"),
        16_000_000,
    ),
    ("排查出涉疫矛盾纠纷20余项", ("covid_disputes",), 22),
    ("街道16个社区居委会", ("communities",), 16),
)


@pytest.fixture(scope="module")
def db_ctx(tmp_path_factory):
    path = tmp_path_factory.mktemp("truth") / "demo.db"
    ctx = make_context(path, TODAY)
    demo.fill(ctx, year=2020, today=TODAY)
    yield ctx
    ctx.db.close()


def rows(ctx, table: str) -> list[dict]:
    return list(ctx.db[table].rows)


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _seq(number: str) -> int:
    return int(re.search(r"第(\d+)号", number).group(1))


@pytest.mark.parametrize(("words", "keys", "figure"), SEED, ids=[s[0] for s in SEED])
def test_figures_within_ten_percent_of_the_seed(db_ctx, words, keys, figure):
    stats = year_stats(db_ctx, 2020, TODAY)
    value = sum(stats[k] for k in keys)
    assert abs(value - figure) <= 0.1 * figure, (words, keys, value)


def test_600_odd_and_20_odd_mean_more_than_600_and_20(db_ctx):
    stats = year_stats(db_ctx, 2020, TODAY)
    assert 600 < stats["consultations"] < 700
    assert 20 < stats["covid_disputes"] < 30


def test_the_two_specialist_committees_mediate(db_ctx):
    bodies = {c["body"] for c in rows(db_ctx, "cases") if c["received_date"] < "2021"}
    specialist = {b for b in bodies if "专业调解委员会" in b}
    assert specialist == {"住房领域专业调解委员会", "劳资纠纷专业调解委员会"}


def test_every_record_passes_the_services_own_validation(db_ctx):
    checked = 0
    for entity in F.ENTITIES:
        for row in rows(db_ctx, entity.name):
            given = {f.name: row[f.name] for f in entity.fields if row[f.name] is not None}
            record = {name: None for name in entity.columns} | clean(entity, given)
            check_record(entity, record)
            checked += 1
    assert checked > 5000


@pytest.mark.parametrize("year", [2020, 2026])
def test_review_finds_no_inconsistency_and_few_lapses(db_ctx, year):
    found = review(db_ctx, year, today=TODAY)
    inconsistent = [
        p.message
        for item in found.cases + found.petitions
        for p in item.problems
        if p.rule == "consistency"
    ]
    assert inconsistent == []
    flagged = sum(1 for c in found.cases if c.problems)
    assert len(found.cases) > 100
    assert flagged <= 0.1 * len(found.cases), [p.message for c in found.cases for p in c.problems]


def test_money_follows_the_agreement(db_ctx):
    settled = [c for c in rows(db_ctx, "cases") if c["status"] == "调解成功"]
    assert len(settled) > 150
    for c in settled:
        agreed, recovered = c["amount_agreed"], c["amount_recovered"]
        assert agreed is not None and f"{int(agreed)}元" in c["agreement"], c["case_no"]
        if c["performance"] == "已履行":
            assert recovered == agreed, c["case_no"]
        elif c["performance"] == "未履行":
            assert not recovered, c["case_no"]
        else:
            assert 0 < recovered < agreed, c["case_no"]
    assert all(
        not c["amount_recovered"] for c in rows(db_ctx, "cases") if c["status"] != "调解成功"
    )


@pytest.mark.parametrize(("table", "number", "date"), [
    ("cases", "case_no", "received_date"),
    ("petitions", "petition_no", "registered_date"),
])  # fmt: skip
def test_numbers_follow_receipt_order(db_ctx, table, number, date):
    for year in ("2020", "2026"):
        items = sorted(
            (_seq(r[number]), r[date]) for r in rows(db_ctx, table) if r[date].startswith(year)
        )
        assert [s for s, _ in items] == list(range(1, len(items) + 1))
        dates = [d for _, d in items]
        assert dates == sorted(dates), (table, year)


def test_a_petition_routed_to_mediation_carries_its_case(db_ctx):
    cases = {c["case_no"]: c for c in rows(db_ctx, "cases")}
    routed = [p for p in rows(db_ctx, "petitions") if p["route"] == "人民调解"]
    assert len(routed) > 30
    for p in routed:
        case = cases[p["case_no"]]
        assert case["source"] == "信访转入"
        assert case["received_date"] >= p["registered_date"]
    from_petitions = {c["case_no"] for c in cases.values() if c["source"] == "信访转入"}
    assert from_petitions == {p["case_no"] for p in routed}


def test_level_one_duty_by_phone_and_no_gathering(db_ctx):
    def during(day: str) -> bool:
        return LEVEL_1[0] <= dt.date.fromisoformat(day) <= LEVEL_1[1]

    shifts = [s for s in rows(db_ctx, "shifts") if during(s["date"])]
    assert shifts
    assert all("电话" in (s["location"] or "") + (s["note"] or "") for s in shifts)
    events = [e for e in rows(db_ctx, "events") if during(e["date"])]
    assert events and all(e["event_type"] == "线上普法" for e in events)
    lectures = [e["date"] for e in rows(db_ctx, "events") if e["event_type"] == "法治讲座"]
    assert not [d for d in lectures if LEVEL_1[0] <= _day(d) < LEVEL_3]
    assert all(
        r["place"].startswith("视频") for r in rows(db_ctx, "case_records") if during(r["date"])
    )


def test_no_civil_code_before_its_adoption(db_ctx):
    events = rows(db_ctx, "events")
    civil = [e["date"] for e in events if "民法典" in e["topic"]]
    assert civil and min(civil) >= CIVIL_CODE.isoformat()
    # …and no mediator cites it before it took effect on 2021-01-01.
    cited = [r["date"] for r in rows(db_ctx, "case_records") if "《民法典》" in r["content"]]
    assert cited and min(cited) >= "2021-01-01"


def test_covid_disputes_mostly_february_to_june(db_ctx):
    dates = [c["received_date"] for c in rows(db_ctx, "cases") if c["covid"]]
    dates += [p["registered_date"] for p in rows(db_ctx, "petitions") if p["covid"]]
    assert all(d.startswith("2020") for d in dates)
    spring = [d for d in dates if 2 <= int(d[5:7]) <= 6]
    assert len(spring) >= 0.8 * len(dates)


def test_the_dashboard_opens_on_a_believable_present(db_ctx):
    items = deadline_items(db_ctx, TODAY)
    dated = {
        **{c["id"]: c["received_date"] for c in rows(db_ctx, "cases")},
        **{p["id"]: p["registered_date"] for p in rows(db_ctx, "petitions")},
    }
    assert not [i.number for i in items if not dated[i.id].startswith("2026")]
    assert len(items) <= 20
    # A few recent cases and petitions are still open; everything older is concluded.
    open_cases = [c["received_date"] for c in rows(db_ctx, "cases") if not c["closed_date"]]
    open_petitions = [
        p["registered_date"] for p in rows(db_ctx, "petitions") if p["status"] != "已办结"
    ]
    assert 1 <= len(open_cases) <= 15 and 1 <= len(open_petitions) <= 60
    assert min(open_cases + open_petitions) >= "2026-06"
    # …and a straggler or two overdue (the lapse the list is for), none from 2020.
    assert 1 <= sum(i.deadline.state == "overdue" for i in items) <= 3


def test_demo_help_names_the_years_it_writes():
    out = subprocess.run(
        [sys.executable, "-m", "lianhua_desk", "demo", "--help"],
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    assert "今年 1 月 1 日至昨天" in out and "默认 2020" in out
