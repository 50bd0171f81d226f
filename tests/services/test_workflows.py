"""Mediation workflow, petition routing, roster rotation and subsidies."""

import datetime as dt

import pytest

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import mediation, petitions, records, roster, settings
from lianhua_desk.store import records as store

D = dt.date
ID_A = "11010519491231002X"


@pytest.fixture
def base(ctx):
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    a = records.create(
        ctx, "advisors", {"name": "王建国", "firm": "广东莲城律师事务所", "community_id": c["id"]}
    ).record
    return ctx, c, a


def case_input(c, **extra):
    return {
        "received_date": "2020-03-05",
        "community_id": c["id"],
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "applicant": "张伟",
        "applicant_id_no": ID_A,
        **extra,
    }


def test_case_numbers_follow_the_pattern_per_year(base):
    ctx, c, _ = base
    first = mediation.register_case(ctx, case_input(c)).record["case_no"]
    second = mediation.register_case(ctx, case_input(c, applicant="李娜", applicant_id_no=None))
    other_year = mediation.register_case(ctx, case_input(c, received_date="2021-01-04"))
    assert first == "莲调〔2020〕第1号"
    assert second.record["case_no"] == "莲调〔2020〕第2号"
    assert other_year.record["case_no"] == "莲调〔2021〕第1号"
    settings.update_settings(ctx, {"case_number_pattern": "LH-{year}-{seq}"})
    assert mediation.register_case(ctx, case_input(c)).record["case_no"] == "LH-2020-1"
    with pytest.raises(ValidationError, match="seq"):
        settings.update_settings(ctx, {"case_number_pattern": "无序号"})


def test_duplicate_open_case_warns(base):
    ctx, c, _ = base
    mediation.register_case(ctx, case_input(c))
    again = mediation.register_case(ctx, case_input(c))
    assert again.warnings and "同类未结案件" in again.warnings[0]
    other = mediation.register_case(ctx, case_input(c, category="邻里纠纷"))
    assert other.warnings == []


def test_status_workflow(base):
    ctx, c, _ = base
    case = mediation.register_case(ctx, case_input(c)).record
    with pytest.raises(ValidationError, match="不能从“已受理”改为“调解成功”"):
        mediation.transition(ctx, case["id"], "调解成功", agreement="x")
    mediation.transition(ctx, case["id"], "调解中")
    with pytest.raises(ValidationError, match="协议内容"):
        mediation.transition(ctx, case["id"], "调解成功")
    done = mediation.transition(
        ctx, case["id"], "调解成功", agreement="支付工资一万元", amount_recovered="1万"
    ).record
    assert done["closed_date"] == "2021-01-10" and done["performance"] == "未履行"
    assert done["amount_recovered"] == 10000
    with pytest.raises(ValidationError, match="已结案"):
        mediation.transition(ctx, case["id"], "调解中")
    records.update(
        ctx, "cases", case["id"], {"performance": "已履行", "judicial_confirmation": "是"}
    )
    statuses = [
        (t["after"] or {}).get("status") for t in store.audit_trail(ctx.db, "cases", case["id"])
    ]
    assert statuses == ["已受理", "调解中", "调解成功", "调解成功"]


def test_performance_only_on_success(base):
    ctx, c, _ = base
    case = mediation.register_case(ctx, case_input(c)).record
    with pytest.raises(ValidationError, match="只有调解成功的案件才有履行情况"):
        records.update(ctx, "cases", case["id"], {"performance": "已履行"})


def test_escalation_keeps_history(base):
    ctx, c, _ = base
    case = mediation.register_case(ctx, case_input(c)).record
    up = mediation.escalate(ctx, case["id"]).record
    assert up["body"] == "街道人民调解委员会"
    trail = store.audit_trail(ctx.db, "cases", case["id"])
    assert trail[-1]["before"]["body"] == "社区人民调解委员会"
    with pytest.raises(ValidationError, match="已由街道人民调解委员会调解"):
        mediation.escalate(ctx, case["id"])


def petition_input(c, **extra):
    return {
        "registered_date": "2020-04-01",
        "channel": "来访",
        "petitioner": "赵敏",
        "phone": "13800138000",
        "community_id": c["id"],
        "subject": "反映公司拖欠工资",
        "category": "劳资纠纷",
        **extra,
    }


def test_route_to_mediation_creates_linked_case_in_one_step(base):
    ctx, c, _ = base
    p = petitions.register_petition(ctx, petition_input(c)).record
    assert p["petition_no"] == "莲访〔2020〕第1号" and p["status"] == "已登记"
    change = petitions.route(
        ctx, p["id"], "人民调解", received_date="2020-04-03", legal_service=True, guided_legal=True
    )
    routed = change.record
    assert routed["status"] == "已分流" and routed["screening"] == "法律途径"
    assert routed["legal_service"] == 1 and routed["guided_legal"] == 1  # ticked by the clerk
    case = store.find_by_key(ctx.db, records.fields.entity("cases"), {"case_no": routed["case_no"]})
    assert case["source"] == "信访转入" and case["applicant"] == "赵敏"
    assert case["received_date"] == "2020-04-03" and case["category"] == "劳资纠纷"
    assert case["id"] in change.inserted
    # Routing again does not create a second case.
    petitions.route(ctx, p["id"], "人民调解")
    assert ctx.db["cases"].count == 1


def test_routing_never_ticks_the_report_flags_by_itself(base):
    """提供法律服务 and 引导法律途径 are annual-report figures: a route leaves them as
    they were unless the caller says otherwise (issue 10)."""
    ctx, c, _ = base
    p = petitions.register_petition(ctx, petition_input(c)).record
    before = (p["legal_service"], p["guided_legal"])
    assert not any(before)
    for route_to in ("诉讼", "人民调解"):
        routed = petitions.route(ctx, p["id"], route_to).record
        assert (routed["legal_service"], routed["guided_legal"]) == before
    routed = petitions.route(ctx, p["id"], "诉讼", guided_legal=True).record
    assert (routed["legal_service"], routed["guided_legal"]) == (before[0], 1)


def test_route_without_community_is_refused_and_nothing_written(base):
    ctx, c, _ = base
    p = petitions.register_petition(ctx, petition_input(c, community_id=None)).record
    before = ctx.db["audit"].count
    with pytest.raises(ValidationError, match="须先填写信访件所属社区"):
        petitions.route(ctx, p["id"], "人民调解")
    assert ctx.db["cases"].count == 0 and ctx.db["audit"].count == before


def test_route_other_channels_and_conclude(base):
    ctx, c, _ = base
    p = petitions.register_petition(ctx, petition_input(c)).record
    r = petitions.route(ctx, p["id"], "心访工作室").record
    assert r["screening"] == "心理疏导" and not r["guided_legal"]
    done = petitions.conclude(ctx, p["id"], concluded_date="2020-05-01", amount_recovered="2,000")
    assert done.record["status"] == "已办结" and done.record["amount_recovered"] == 2000
    with pytest.raises(ValidationError, match="已办结"):
        petitions.route(ctx, p["id"], "诉讼")


def test_group_visit_and_repeat_petition_warnings(base):
    ctx, c, _ = base
    first = petitions.register_petition(ctx, petition_input(c)).record
    second = petitions.register_petition(ctx, petition_input(c, headcount=8))
    assert any("不超过5名代表" in w for w in second.warnings)
    assert any(first["petition_no"] in w and "重复信访" in w for w in second.warnings)
    links = petitions.repeat_petitions(ctx, second.record)
    assert [x["id"] for x in links] == [first["id"]]


def test_rotation_skips_holidays_and_uses_makeup_days(base):
    ctx, c, a = base
    # Thursdays 2020-09-24 .. 2020-10-15: Oct 1 and Oct 8 are National Day holidays.
    plan = roster.plan_rotation(
        ctx, c["id"], a["id"], 3, "9:00", "12:00", "2020-09-21", "2020-10-18"
    )
    assert [d for d, _ in plan.skipped] == [D(2020, 10, 1), D(2020, 10, 8)]
    assert all(name == "国庆节" for _, name in plan.skipped)
    # W40 has no make-up day: Oct 1 moves to Wed Sep 30; W41's make-up Saturday Oct 10 is used.
    assert plan.moved == [(D(2020, 10, 1), D(2020, 9, 30)), (D(2020, 10, 8), D(2020, 10, 10))]
    assert plan.dates == [D(2020, 9, 24), D(2020, 9, 30), D(2020, 10, 10), D(2020, 10, 15)]
    # The Spring Festival week 2020-W05 has no working day at all: simply skipped.
    sf = roster.plan_rotation(ctx, c["id"], a["id"], 2, "9:00", "12:00", "2020-01-27", "2020-02-02")
    assert sf.dates == [] and sf.moved == [] and len(sf.skipped) == 1


def test_rotation_reports_double_booking(base):
    ctx, c, a = base
    other = records.create(ctx, "communities", {"name": "景华社区"}).record
    records.create(
        ctx,
        "shifts",
        {
            "community_id": other["id"],
            "advisor_id": a["id"],
            "date": "2020-03-04",
            "start_time": "10:00",
            "end_time": "11:00",
        },
    )
    plan = roster.generate_rotation(
        ctx, c["id"], a["id"], 2, "9:00", "12:00", "2020-03-01", "2020-03-14"
    )
    assert plan.double_booked == [(D(2020, 3, 4), "景华社区 10:00")]
    assert plan.dates == [D(2020, 3, 11)]
    assert ctx.db["shifts"].count == 2
    # Generating again finds the existing shift and books nothing twice.
    again = roster.generate_rotation(
        ctx, c["id"], a["id"], 2, "9:00", "12:00", "2020-03-01", "2020-03-14"
    )
    assert again.existing == [D(2020, 3, 11)] and ctx.db["shifts"].count == 2
    with pytest.raises(ValidationError, match="结束时间应晚于开始时间"):
        roster.plan_rotation(ctx, c["id"], a["id"], 2, "12:00", "9:00", "2020-03-01", "2020-03-14")


def test_attendance(base):
    ctx, c, a = base
    s = records.create(
        ctx, "shifts", {"community_id": c["id"], "advisor_id": a["id"], "date": "2020-03-04"}
    ).record
    assert s["status"] == "计划"
    assert roster.mark_attendance(ctx, s["id"], "已到岗").record["status"] == "已到岗"
    with pytest.raises(ValidationError):
        roster.mark_attendance(ctx, s["id"], "迟到")


def test_subsidy_statement(base):
    ctx, c, a = base
    records.update(
        ctx, "advisors", a["id"], {"contract_start": "2020-03-15", "contract_end": "2020-12-31"}
    )
    settings.update_settings(ctx, {"subsidy_base_monthly": 2000, "subsidy_per_case": 250})
    for day in ("2020-03-02", "2020-03-30"):
        mediation.register_case(ctx, case_input(c, received_date=day, advisor_id=a["id"]))
    mediation.register_case(ctx, case_input(c, received_date="2020-04-01", advisor_id=a["id"]))
    (line,) = roster.subsidy_statement(ctx, "2020-03")
    assert line.base == 2000 and len(line.cases) == 2 and line.total == 2500
    assert roster.subsidy_statement(ctx, "2020-02") == []  # contract not started yet
    (april,) = roster.subsidy_statement(ctx, "2020-04")
    assert april.total == 2250
    with pytest.raises(ValidationError, match="月份格式"):
        roster.subsidy_statement(ctx, "2020-13")
