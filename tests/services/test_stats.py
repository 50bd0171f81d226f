"""The statistics, key by key, on hand-built data whose answers are worked out here."""

import datetime as dt

import pytest

from lianhua_desk.services import mediation, petitions, records
from lianhua_desk.services.stats import STAT_KEYS, year_stats


@pytest.fixture
def data(ctx):
    c1 = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    c2 = records.create(ctx, "communities", {"name": "景华社区"}).record
    a1 = records.create(
        ctx, "advisors", {"name": "王建国", "firm": "甲所", "community_id": c1["id"]}
    ).record
    a2 = records.create(
        ctx, "advisors", {"name": "李娜", "firm": "乙所", "community_id": c2["id"]}
    ).record

    def shift(c, a, day, status="已到岗"):
        records.create(
            ctx,
            "shifts",
            {"community_id": c["id"], "advisor_id": a["id"], "date": day, "status": status},
        )

    def service(c, a, day, kind, hours, persons=None):
        records.create(
            ctx,
            "services",
            {
                "community_id": c["id"],
                "advisor_id": a["id"],
                "date": day,
                "mode": "现场",
                "service_type": kind,
                "hours": hours,
                "persons": persons,
            },
        )

    def event(c, day, kind):
        records.create(
            ctx,
            "events",
            {"community_id": c["id"], "date": day, "event_type": kind, "topic": "民法典"},
        )

    def case(
        c, day, category, status="已受理", advisor=None, recovered=None, confirmed=None, covid=None
    ):
        values = {
            "received_date": day,
            "community_id": c["id"],
            "body": "社区人民调解委员会",
            "category": category,
            "applicant": "张三",
            "status": status,
            "advisor_id": advisor,
            "amount_recovered": recovered,
            "judicial_confirmation": confirmed,
            "covid": covid,
        }
        if status in ("调解成功", "调解不成功", "已终止"):
            values["closed_date"] = day
        records.create(ctx, "cases", {**values, "case_no": f"{day}-{category}-{status}"})

    numbers = iter(range(1, 100))

    def petition(day, route=None, legal=None, guided=None, recovered=None, covid=None):
        records.create(
            ctx,
            "petitions",
            {
                "petition_no": f"P{next(numbers)}",
                "registered_date": day,
                "channel": "来访",
                "petitioner": "赵六",
                "subject": "欠薪",
                "route": route,
                "legal_service": legal,
                "guided_legal": guided,
                "amount_recovered": recovered,
                "covid": covid,
            },
        )

    # 2020: three shifts (one absent still counts as a roster shift); 2019 and 2021 do not count.
    shift(c1, a1, "2020-03-04")
    shift(c1, a1, "2020-03-11", status="缺勤")
    shift(c2, a2, "2020-12-31")
    shift(c2, a2, "2019-12-31")
    shift(c2, a2, "2021-01-06")
    service(c1, a1, "2020-03-04", "法律咨询", 2, persons=5)
    service(c1, a1, "2020-03-05", "法律咨询", 1.5, persons=3)
    service(c2, a2, "2020-06-01", "合同审查", 4, persons=9)  # not a consultation
    service(c2, a2, "2019-06-01", "法律咨询", 8, persons=100)  # other year
    event(c1, "2020-05-01", "法治讲座")
    event(c2, "2020-05-02", "法治讲座")
    event(c2, "2020-12-04", "大型法治宣传")
    case(
        c1,
        "2020-01-10",
        "劳资纠纷",
        "调解成功",
        advisor=a1["id"],
        recovered=12000.5,
        confirmed="是",
        covid="是",
    )
    case(c1, "2020-02-10", "劳资纠纷", "调解不成功")
    case(c2, "2020-03-10", "邻里纠纷", "调解成功", advisor=a2["id"], recovered="1.5万")
    case(c2, "2020-04-10", "劳资纠纷", "调解中", advisor=a2["id"])
    case(c2, "2021-01-05", "劳资纠纷", "调解成功", recovered=999)  # received in 2021: not counted
    petition("2020-02-01", route="劳动仲裁", legal="是", guided="是", recovered="2000元", covid="√")
    petition("2020-03-01", route="人民调解", legal="是", guided="否")
    petition("2020-04-01", legal="否")
    petition("2021-01-02", route="诉讼", legal="是", guided="是")
    return ctx


def test_every_key_defined(data):
    s = year_stats(data, 2020, today=dt.date(2021, 1, 10))
    assert list(s) == list(STAT_KEYS)
    assert s["year"] == 2020
    assert s["communities"] == 2
    assert s["duty_shifts"] == 3
    assert s["service_hours"] == 7.5  # 2 + 1.5 + 4
    assert s["consultations"] == 8  # 5 + 3, only 法律咨询 rows
    assert s["lectures"] == 2
    assert s["publicity_events"] == 3
    assert s["mediation_cases"] == 4
    assert s["mediation_success"] == 2
    assert s["advisor_mediations"] == 3
    assert s["labor_mediation_success"] == 1
    assert s["mediation_amount_recovered"] == 27000.5  # 12000.5 + 15000
    assert s["judicial_confirmations"] == 1
    assert s["petitions"] == 3
    assert s["petitions_legal_service"] == 2
    assert s["petitions_guided_legal"] == 1
    assert s["petition_amount_recovered"] == 2000
    assert s["covid_disputes"] == 2  # one case + one petition
    assert s["by_category"] == {"邻里纠纷": 1, "劳资纠纷": 3}
    assert s["by_route"] == {"劳动仲裁": 1, "人民调解": 1}


def test_quota_shortfalls_worked_out(data):
    s = year_stats(data, 2020, today=dt.date(2021, 1, 10))
    short = s["quota_shortfalls"]
    rainbow = short["彩虹社区"]
    # 彩虹: one counting shift (W10; W11's was 缺勤) → 51 of 52 required weeks short.
    duty = [x for x in rainbow if x.endswith("duty_weekly")]
    assert len(duty) == 51 and "2020-W10 duty_weekly" not in duty and "2020-W11 duty_weekly" in duty
    # 3.5 hours in March, nothing else: all 12 months short.
    assert len([x for x in rainbow if x.endswith("service_hours")]) == 12
    # Lecture in Q2 only; no large publicity event.
    assert [x for x in rainbow if x.endswith("lecture_quarterly")] == [
        "2020-Q1 lecture_quarterly",
        "2020-Q3 lecture_quarterly",
        "2020-Q4 lecture_quarterly",
    ]
    assert "2020 publicity_yearly" in rainbow
    assert rainbow == sorted(rainbow)
    jinghua = short["景华社区"]
    assert "2020 publicity_yearly" not in jinghua
    # W53 runs Dec 28 – Jan 3; its 2020-12-31 shift counts, so W53 is not short.
    assert "2020-W53 duty_weekly" not in jinghua and "2020-W52 duty_weekly" in jinghua


def test_quota_only_ended_periods(data):
    s = year_stats(data, 2020, today=dt.date(2020, 3, 2))
    rainbow = s["quota_shortfalls"]["彩虹社区"]
    assert "2020-02 service_hours" in rainbow and "2020-03 service_hours" not in rainbow
    assert not any("lecture" in x or "publicity" in x for x in rainbow)


def test_empty_year(ctx):
    s = year_stats(ctx, 2019)
    assert s["mediation_cases"] == 0 and s["service_hours"] == 0
    assert s["by_category"] == {} and s["quota_shortfalls"] == {}


def test_demo_figures_are_realistic(demo_ctx):
    s = year_stats(demo_ctx, 2020)
    assert s["communities"] == 16
    for key in (
        "duty_shifts",
        "consultations",
        "lectures",
        "mediation_cases",
        "advisor_mediations",
        "labor_mediation_success",
        "petitions_legal_service",
        "petitions_guided_legal",
        "covid_disputes",
        "mediation_amount_recovered",
        "petition_amount_recovered",
    ):
        assert s[key] > 0, key
    assert 30 <= s["advisor_mediations"] <= 80  # the seed reports 51
    assert s["consultations"] >= 400  # the seed reports 600+
    assert s["quota_shortfalls"], "the demo must show some shortfalls"
    # 2020 had the seed's 16 lectures (no gatherings in the COVID spring), so most
    # communities miss a lecture quarter; only the careless ones miss duty weeks.
    duty_short = [
        c for c, items in s["quota_shortfalls"].items() if any("duty" in x for x in items)
    ]
    assert 0 < len(duty_short) < 16, "but not every community misses its duty"
    assert len(s["by_category"]) >= 8 and len(s["by_route"]) >= 6


def test_case_flows_change_stats(ctx):
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    case = mediation.register_case(
        ctx,
        {
            "received_date": "2020-05-05",
            "community_id": c["id"],
            "body": "社区人民调解委员会",
            "category": "劳资纠纷",
            "applicant": "张三",
        },
    ).record
    assert year_stats(ctx, 2020)["labor_mediation_success"] == 0
    mediation.transition(ctx, case["id"], "调解中")
    mediation.transition(ctx, case["id"], "调解成功", agreement="付款", closed_date="2020-05-20")
    assert year_stats(ctx, 2020)["labor_mediation_success"] == 1
    p = petitions.register_petition(
        ctx,
        {
            "registered_date": "2020-06-01",
            "channel": "来电",
            "petitioner": "李四",
            "subject": "咨询",
            "community_id": c["id"],
        },
    ).record
    petitions.route(ctx, p["id"], "人民调解", received_date="2020-06-02", guided_legal=True)
    s = year_stats(ctx, 2020)
    assert s["mediation_cases"] == 2 and s["by_route"] == {"人民调解": 1}
    assert s["petitions_guided_legal"] == 1


def test_inside_a_write_transaction_the_figures_include_its_uncommitted_rows(demo_ctx):
    """The facets are read on a second connection only outside a write transaction;
    inside one, that connection could not see the rows just written."""
    from lianhua_desk.store.db import write_lock

    before = year_stats(demo_ctx, 2020)
    community = demo_ctx.db.execute("SELECT id FROM communities LIMIT 1").fetchone()[0]
    with write_lock(demo_ctx.db):
        mediation.register_case(
            demo_ctx,
            {
                "received_date": "2020-05-05",
                "community_id": community,
                "body": "社区人民调解委员会",
                "category": "劳资纠纷",
                "applicant": "张三",
            },
        )
        inside = year_stats(demo_ctx, 2020)
        assert inside["mediation_cases"] == before["mediation_cases"] + 1
        assert inside["by_category"]["劳资纠纷"] == before["by_category"]["劳资纠纷"] + 1
    assert year_stats(demo_ctx, 2020) == inside


def test_a_second_reader_reads_the_same_file_and_cannot_write(demo_ctx, tmp_path):
    from sqlite_utils import Database

    from lianhua_desk.store.db import second_reader, write_lock
    from lianhua_desk.store.driver import sqlite3

    with second_reader(demo_ctx.db) as other:
        assert other is not None
        assert other["cases"].count == demo_ctx.db["cases"].count
        with pytest.raises(sqlite3.OperationalError):
            other.execute("DELETE FROM cases")
    with write_lock(demo_ctx.db), second_reader(demo_ctx.db) as other:
        assert other is None
    with second_reader(Database(memory=True)) as other:
        assert other is None


def test_stats_keys_are_the_declared_ones_in_declared_order(demo_ctx):
    from lianhua_desk.domain.statistics import STATISTICS

    assert list(year_stats(demo_ctx, 2020)) == [s.key for s in STATISTICS]


def test_each_declared_definition_computes_its_figure(demo_ctx, data):
    """Run the declared SQL (aggregate, condition, group) over its tables and the year:
    it gives what year_stats gives, on the demo data and on the hand-built data."""
    from lianhua_desk.domain.statistics import DATE_COLUMNS, STATISTICS

    for ctx in (demo_ctx, data):
        st = year_stats(ctx, 2020, today=dt.date(2021, 1, 10))
        for s in STATISTICS:
            if s.kind in ("register", "figure"):
                total = 0
                for table in s.tables:
                    where = (
                        f"[{DATE_COLUMNS[table]}] BETWEEN '2020-01-01' AND '2020-12-31'"
                        if table in DATE_COLUMNS
                        else "1"
                    )
                    total += ctx.db.execute(
                        f"SELECT {s.definition} FROM [{table}] WHERE {where}"
                    ).fetchone()[0]
                assert round(total, 2) == st[s.key], s.key
            elif s.kind == "breakdown":
                (table,) = s.tables
                rows = ctx.db.execute(
                    f"SELECT [{s.group}], {s.aggregate} FROM [{table}] "
                    f"WHERE [{DATE_COLUMNS[table]}] BETWEEN '2020-01-01' AND '2020-12-31' "
                    f"AND [{s.group}] IS NOT NULL GROUP BY [{s.group}]"
                )
                assert dict(rows.fetchall()) == st[s.key], s.key


def test_the_year_queries_run_each_declared_definition(demo_ctx, monkeypatch):
    """The SQL year_stats runs holds each declared figure's definition, over each of
    its tables (and each breakdown's column): a changed declaration changes `stats`."""
    import contextlib

    from lianhua_desk.domain.statistics import STATISTICS
    from lianhua_desk.services import stats

    @contextlib.contextmanager
    def no_second_reader(db):
        yield None  # every query on the traced connection

    monkeypatch.setattr(stats, "second_reader", no_second_reader)
    run: list[str] = []
    demo_ctx.db.conn.set_trace_callback(run.append)
    try:
        year_stats(demo_ctx, 2020, today=dt.date(2021, 1, 10))
    finally:
        demo_ctx.db.conn.set_trace_callback(None)
    for s in STATISTICS:
        if s.kind in ("figure", "breakdown"):
            wanted = s.definition if s.kind == "figure" else f"[{s.group}]"
            for table in s.tables:
                assert any(f"FROM [{table}]" in sql and wanted in sql for sql in run), (
                    s.key,
                    table,
                )


def test_a_changed_declaration_changes_the_figure_not_the_quotas(demo_ctx, monkeypatch):
    import dataclasses

    from lianhua_desk.domain import statistics

    before = year_stats(demo_ctx, 2020, today=dt.date(2021, 1, 10))
    large = demo_ctx.db.execute(
        "SELECT count(*) FROM events WHERE event_type = '大型法治宣传' "
        "AND date BETWEEN '2020-01-01' AND '2020-12-31'"
    ).fetchone()[0]
    changed = dataclasses.replace(
        statistics.statistic("lectures"), condition="event_type = '大型法治宣传'"
    )
    figures = tuple(changed if s.key == "lectures" else s for s in statistics.FIGURES)
    monkeypatch.setattr(statistics, "FIGURES", figures)
    after = year_stats(demo_ctx, 2020, today=dt.date(2021, 1, 10))
    assert large != before["lectures"] and after["lectures"] == large
    # The quota rules keep judging 法治讲座.
    assert after["quota_shortfalls"] == before["quota_shortfalls"]
    assert {k: v for k, v in after.items() if k != "lectures"} == {
        k: v for k, v in before.items() if k != "lectures"
    }
