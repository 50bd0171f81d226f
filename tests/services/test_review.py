"""案卷评查 over a real database: files written through services.records, reviewed by
services.review; a complete file passes and each rule flags a file broken for it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lianhua_desk.domain.review import RULES
from lianhua_desk.services import petitions, records
from lianhua_desk.services.review import Review, ReviewRefused, review, review_case
from tests import case_files

TODAY = dt.date(2021, 1, 10)


@pytest.fixture
def community(ctx):
    return records.create(ctx, "communities", {"name": "彩虹社区"}).record


def file_case(ctx, community, number: int = 7, **changes) -> dict:
    return case_files.file_case(ctx, community["id"], number, **changes)


def only(problems, rule: str) -> list[str]:
    assert {p.rule for p in problems} == {rule}, problems
    return [p.message for p in problems]


def test_a_complete_file_written_through_the_services_passes(ctx, community):
    case = file_case(ctx, community)
    result = review(ctx, 2020, today=TODAY)
    assert isinstance(result, Review) and len(result.cases) == 1
    (c,) = result.cases
    assert (c.case_id, c.case_no, c.community, c.problems) == (
        case["id"],
        "莲调〔2020〕第7号",
        "彩虹社区",
        [],
    )
    assert review_case(ctx, case["id"], today=TODAY) == []
    assert result.summary()["cases_with_problems"] == 0


def test_materials_missing_records_and_agreement(ctx, community):
    case = file_case(ctx, community)
    for row in list(ctx.db["case_records"].rows_where("case_id = ?", [case["id"]])):
        records.delete(ctx, "case_records", row["id"])
    records.update(ctx, "cases", case["id"], {"agreement": ""})
    messages = only(review_case(ctx, case["id"], today=TODAY), "materials")
    assert any("没有调解记录" in m for m in messages)
    assert any("劳资纠纷案件没有调查记录" in m for m in messages)
    assert any("调解成功但没有人民调解协议书（协议内容为空）" in m for m in messages)


def test_art29_party_particulars(ctx, community):
    case = file_case(ctx, community)
    company = next(ctx.db["parties"].rows_where("case_id = ? AND role = '被申请人'", [case["id"]]))
    records.update(ctx, "parties", company["id"], {"legal_rep": "", "address": ""})
    (msg,) = only(review_case(ctx, case["id"], today=TODAY), "art29")
    assert msg == "莲调〔2020〕第7号：被申请人深圳市景田餐饮有限公司缺少住所、法定代表人或负责人"


def test_deadline_extension_without_consent_and_lateness(ctx, community):
    case = file_case(
        ctx,
        community,
        closed_date="2020-04-05",
        confirmation_applied="2020-04-10",
        extended_until="2020-04-10",
    )
    messages = only(review_case(ctx, case["id"], today=TODAY), "deadline")
    assert len(messages) == 2 and "没有记录当事人同意延期" in messages[0]
    records.update(ctx, "cases", case["id"], {"extension_consent": "是"})
    assert review_case(ctx, case["id"], today=TODAY) == []


def test_deadline_open_case_is_judged_on_the_review_day(ctx, community):
    open_case = dict.fromkeys(
        (
            "closed_date",
            "performance",
            "amount_recovered",
            "judicial_confirmation",
            "confirmation_applied",
            "confirmation_court",
            "confirmation_ruling",
        )
    )
    case = file_case(ctx, community, status="调解中", **open_case)
    visit = next(ctx.db["visits"].rows_where("case_id = ?", [case["id"]]))
    records.delete(ctx, "visits", visit["id"])
    assert review_case(ctx, case["id"], today=dt.date(2020, 4, 1)) == []
    (msg,) = only(review_case(ctx, case["id"], today=dt.date(2020, 4, 11)), "deadline")
    assert "尚未结案，已超过调解期限" in msg and "10日" in msg


def test_confirmation_late(ctx, community):
    case = file_case(ctx, community, confirmation_applied="2020-04-30")
    (msg,) = only(review_case(ctx, case["id"], today=TODAY), "confirmation")
    assert "2020-04-30" in msg and "2020-04-19" in msg


def test_visit_before_the_deadline_does_not_count(ctx, community):
    case = file_case(ctx, community)
    visit = next(ctx.db["visits"].rows_where("case_id = ?", [case["id"]]))
    records.update(ctx, "visits", visit["id"], {"date": "2020-04-01"})
    (msg,) = only(review_case(ctx, case["id"], today=TODAY), "visit")
    assert "履行期限2020-04-20已过" in msg


def test_consistency_recovered_above_agreed(ctx, community):
    case = file_case(ctx, community, amount_recovered="15000", performance="履行中")
    (msg,) = only(review_case(ctx, case["id"], today=TODAY), "consistency")
    assert msg == "莲调〔2020〕第7号：追回金额15000元高于协议金额10000元"


def test_petition_routed_to_mediation_without_its_case(ctx, community):
    file_case(ctx, community)
    p = petitions.register_petition(
        ctx,
        {
            "registered_date": "2020-04-01",
            "channel": "来访",
            "petitioner": "赵敏",
            "community_id": community["id"],
            "subject": "反映公司拖欠工资",
            "category": "劳资纠纷",
        },
    ).record
    # Routed by the service: the case is registered and linked, nothing to flag.
    routed = petitions.route(ctx, p["id"], "人民调解", received_date="2020-04-03").record
    result = review(ctx, 2020, today=dt.date(2020, 4, 30))
    assert result.petitions == [] and len(result.cases) == 2
    # The link cleared by hand: the petition is flagged.
    records.update(ctx, "petitions", routed["id"], {"case_no": ""})
    result = review(ctx, 2020, today=dt.date(2020, 4, 30))
    (flagged,) = result.petitions
    assert flagged.petition_no == routed["petition_no"] and flagged.community == "彩虹社区"
    assert flagged.problems[0].rule == "consistency"
    assert "没有填写转入的调解案件编号" in flagged.problems[0].message
    assert result.summary()["by_rule"]["consistency"] == 1


def test_json_shape_order_and_summary(ctx, community):
    other = records.create(ctx, "communities", {"name": "莲花山社区"}).record
    for n in (10, 2):
        file_case(ctx, community, number=n)
    file_case(ctx, other, number=1, agreement="")
    result = review(ctx, 2020, today=TODAY)
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert set(data) == {"year", "cases", "petitions", "summary"} and data["year"] == 2020
    assert [c["case_no"] for c in data["cases"]] == [
        "莲调〔2020〕第1号",
        "莲调〔2020〕第2号",
        "莲调〔2020〕第10号",
    ]
    assert data["cases"][0]["community"] == "莲花山社区"
    assert data["cases"][0]["problems"][0]["rule"] == "materials"
    summary = data["summary"]
    assert summary["cases"] == 3 and summary["cases_with_problems"] == 1
    assert summary["by_rule"] == {rule: int(rule == "materials") for rule in RULES}
    assert summary["by_community"] == {
        "彩虹社区": {"cases": 2, "with_problems": 0},
        "莲花山社区": {"cases": 1, "with_problems": 1},
    }


def test_community_filter_and_unknown_community(ctx, community):
    other = records.create(ctx, "communities", {"name": "莲花山社区"}).record
    file_case(ctx, community, number=1)
    file_case(ctx, other, number=2)
    only_other = review(ctx, 2020, community=" 莲花山社区 ", today=TODAY)
    assert [c.case_no for c in only_other.cases] == ["莲调〔2020〕第2号"]
    assert only_other.community == "莲花山社区"
    with pytest.raises(ReviewRefused, match="没有名为“梅林社区”的社区"):
        review(ctx, 2020, community="梅林社区")
    assert review(ctx, 2019, today=TODAY).cases == []


def test_loading_is_set_based(ctx, community):
    """The number of statements run does not grow with the number of cases."""

    def statements(n_cases: int) -> int:
        seen: list[str] = []
        ctx.db.conn.set_trace_callback(seen.append)
        try:
            result = review(ctx, 2020, today=TODAY)
        finally:
            ctx.db.conn.set_trace_callback(None)
        assert len(result.cases) == n_cases
        return len(seen)

    file_case(ctx, community, number=1)
    one = statements(1)
    for n in range(2, 6):
        file_case(ctx, community, number=n)
    assert statements(5) == one <= 10
