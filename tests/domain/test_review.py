"""案卷评查 rules on plain dicts: a complete file passes, each rule flags a file built to
break it (and only that rule)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from lianhua_desk.domain.review import RULES, case_sort_key, check_case, check_petition
from lianhua_desk.domain.settings import Settings

TODAY = dt.date(2021, 1, 10)
S = Settings()  # mediation_days 30, confirmation_days 30

PERSON = {
    "role": "申请人",
    "party_type": "自然人",
    "name": "张三",
    "gender": "男",
    "ethnicity": "汉族",
    "birth_date": "1980-01-01",
    "occupation": "工人",
    "address": "深圳市福田区莲花路1号",
    "id_type": "居民身份证",
    "id_no": "110105198001010015",
}
COMPANY = {
    "role": "被申请人",
    "party_type": "法人或其他组织",
    "name": "深圳市景田餐饮有限公司",
    "address": "深圳市福田区景田路2号",
    "id_type": "统一社会信用代码",
    "id_no": "91440300MA5FXXXX0X",
    "legal_rep": "李四",
}
CASE = {
    "case_no": "莲调〔2020〕第7号",
    "received_date": "2020-03-02",
    "category": "劳资纠纷",
    "status": "调解成功",
    "closed_date": "2020-03-20",
    "amount_disputed": 12000.0,
    "summary": "申请人在被申请人处工作，被拖欠工资。",
    "disputed_issues": "工资数额",
    "responsibilities": "被申请人应支付拖欠工资。",
    "agreement": "一、被申请人支付工资10000元。",
    "agreement_form": "书面协议",
    "amount_agreed": 10000.0,
    "performance_method": "银行转账",
    "performance_deadline": "2020-04-20",
    "performance": "已履行",
    "amount_recovered": 10000.0,
    "judicial_confirmation": 1,
    "confirmation_applied": "2020-03-25",
    "confirmation_court": "深圳市福田区人民法院",
    "confirmation_ruling": "（2020）粤0304民特1号",
}
RECORDS = [
    {"kind": "调查记录", "date": "2020-03-05"},
    {"kind": "调解记录", "date": "2020-03-18"},
]
VISITS = [{"date": "2020-04-25"}]


def check(case=None, parties=None, records=None, visits=None, today=TODAY, **changes):
    case = {**(case or CASE), **changes}
    parties = [PERSON, COMPANY] if parties is None else parties
    return check_case(
        case,
        parties,
        RECORDS if records is None else records,
        VISITS if visits is None else visits,
        S,
        today,
    )


def rules_of(problems) -> set[str]:
    return {p.rule for p in problems}


def only(problems, rule: str) -> list[str]:
    assert rules_of(problems) == {rule}, problems
    return [p.message for p in problems]


def test_a_complete_file_has_no_problem():
    assert check() == []


def test_a_complete_oral_agreement_needs_its_content_only():
    oral = {k: v for k, v in CASE.items() if k not in ("performance_method", "disputed_issues")}
    assert (
        check(oral, agreement_form="口头协议", performance_deadline=None, amount_agreed=None) == []
    )


def test_every_message_names_the_case():
    for p in check(status="调解中", closed_date=None, records=[], parties=[]):
        assert p.message.startswith("莲调〔2020〕第7号：")
        assert p.rule in RULES


# --- materials -----------------------------------------------------------------------


def test_materials_no_applicant():
    (msg,) = only(check(parties=[{**COMPANY}]), "materials")
    assert "没有申请人" in msg


def test_materials_no_received_date():
    problems = check(received_date=None)
    assert "没有受理登记（受理日期为空）" in problems[0].message
    assert rules_of(problems) == {"materials"}


def test_materials_no_mediation_record_once_mediating():
    (msg,) = only(check(records=[RECORDS[0]]), "materials")
    assert "没有调解记录" in msg and "调解成功" in msg
    # a case just received needs none yet
    just_received = {"status": "已受理", "closed_date": None, **_no_agreement()}
    assert check(records=[], visits=[], today=dt.date(2020, 3, 10), **just_received) == []


def test_materials_labour_case_needs_an_investigation():
    (msg,) = only(check(records=[RECORDS[1]]), "materials")
    assert msg.endswith("劳资纠纷案件没有调查记录")
    assert check(records=[RECORDS[1]], category="邻里纠纷") == []


def test_materials_success_without_agreement_text():
    (msg,) = only(check(agreement="  "), "materials")
    assert "调解成功但没有人民调解协议书（协议内容为空）" in msg
    (msg,) = only(check(agreement=None, agreement_form="口头协议"), "materials")
    assert "口头协议登记" in msg


def test_materials_written_agreement_needs_amount_way_and_deadline():
    (msg,) = only(
        check(
            amount_agreed=None,
            performance_method="",
            performance_deadline=None,
            amount_recovered=None,
        ),
        "materials",
    )
    assert "协议金额" in msg and "履行方式" in msg and "履行期限" in msg
    # no money in the dispute: no amount needed
    assert check(amount_agreed=None, amount_disputed=None, amount_recovered=None) == []


# --- art29 ---------------------------------------------------------------------------


def test_art29_lists_what_each_party_lacks():
    person = {**PERSON, "ethnicity": None, "occupation": "", "id_no": None}
    company = {**COMPANY, "legal_rep": None, "id_no": None}
    messages = only(check(parties=[person, company]), "art29")
    assert any("申请人张三缺少民族、职业或职务、证件号码" in m for m in messages)
    assert any(
        "被申请人深圳市景田餐饮有限公司缺少统一社会信用代码、法定代表人或负责人" in m
        for m in messages
    )


def test_art29_agreement_parts_and_both_sides():
    messages = only(check(summary=None, responsibilities=""), "art29")
    assert any("纠纷的主要事实（案情摘要）" in m and "各方当事人的责任" in m for m in messages)
    messages = only(check(parties=[PERSON]), "art29")
    assert any("没有被申请人" in m for m in messages)


def test_art29_not_asked_of_an_oral_agreement_or_an_open_case():
    bare = {**PERSON, "ethnicity": None}
    assert check(parties=[bare, COMPANY], agreement_form="口头协议") == []
    open_case = {"status": "调解中", "closed_date": None, **_open()}
    assert check(parties=[bare, COMPANY], visits=[], today=dt.date(2020, 3, 25), **open_case) == []


# --- deadline ------------------------------------------------------------------------


def late(**changes):
    """Concluded 2020-04-05 (4 days past the 30 days); confirmation applied after it."""
    return check(closed_date="2020-04-05", confirmation_applied="2020-04-15", **changes)


def test_deadline_concluded_late():
    (msg,) = only(late(), "deadline")
    assert "2020-04-05结案" in msg and "2020-04-01" in msg and "4日" in msg


def test_deadline_extended_with_consent_is_kept():
    assert late(extended_until="2020-04-10", extension_consent=1) == []
    (msg,) = only(
        check(
            closed_date="2020-04-15",
            confirmation_applied="2020-04-15",
            extended_until="2020-04-10",
            extension_consent=1,
        ),
        "deadline",
    )
    assert "延长至2020-04-10" in msg


def test_deadline_extension_without_consent_is_its_own_problem():
    messages = only(late(extended_until="2020-04-10"), "deadline")
    assert any("没有记录当事人同意延期" in m for m in messages)
    assert any("超过调解期限" in m for m in messages)  # and the extension does not count


def test_deadline_open_case_past_its_deadline_at_review_time():
    open_case = {**CASE, "status": "调解中", "closed_date": None, **_open()}
    assert check(open_case, visits=[], today=dt.date(2020, 4, 1)) == []
    (msg,) = only(check(open_case, visits=[], today=dt.date(2020, 4, 3)), "deadline")
    assert "尚未结案" in msg and "2日" in msg


# --- confirmation ----------------------------------------------------------------------


def test_confirmation_applied_too_late_or_missing():
    (msg,) = only(check(confirmation_applied="2020-04-25"), "confirmation")
    assert "超过" in msg and "30日" in msg and "2020-04-19" in msg
    messages = only(check(confirmation_applied=None, confirmation_court=None), "confirmation")
    assert len(messages) == 2 and any("法院" in m for m in messages)


def test_confirmation_applied_without_the_flag():
    (msg,) = only(check(judicial_confirmation=0), "confirmation")
    assert "未标记申请司法确认" in msg
    assert (
        check(
            judicial_confirmation=0,
            confirmation_applied=None,
            confirmation_court=None,
            confirmation_ruling=None,
        )
        == []
    )


# --- visit -------------------------------------------------------------------------------


def test_visit_needed_after_the_performance_deadline():
    (msg,) = only(check(visits=[]), "visit")
    assert "履行期限2020-04-20已过" in msg
    (msg,) = only(check(visits=[{"date": "2020-04-01"}]), "visit")
    assert "均在履行期限之前" in msg
    # a deadline not yet passed needs no visit
    assert check(visits=[], today=dt.date(2020, 4, 20)) == []


# --- consistency --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"amount_recovered": 12000.0, "performance": "履行中"}, "高于协议金额"),
        ({"amount_recovered": 500.0, "performance": "未履行"}, "未履行，却有追回金额500元"),
        ({"amount_recovered": 8000.0}, "已履行，但追回金额8000元少于协议金额10000元"),
        ({"agreement_form": None}, "没有记录协议形式"),
        ({"closed_date": "2020-02-01", "performance_deadline": None}, "早于受理日期"),
    ],
)
def test_consistency_amounts_form_and_dates(changes, words):
    messages = [p.message for p in check(**changes) if p.rule == "consistency"]
    assert any(words in m for m in messages), messages


def test_consistency_only_for_the_amounts():
    (msg,) = only(check(amount_recovered=500.0, performance="未履行"), "consistency")
    assert "未履行" in msg


def test_consistency_dates_of_records_and_visits():
    records = [
        {"kind": "调查记录", "date": "2020-03-01"},
        {"kind": "调解记录", "date": "2020-03-21"},
    ]
    messages = only(check(records=records, visits=[{"date": "2020-03-19"}, *VISITS]), "consistency")
    assert any("调查记录日期2020-03-01早于受理日期2020-03-02" in m for m in messages)
    assert any("调解记录日期2020-03-21晚于结案日期2020-03-20" in m for m in messages)
    assert any("回访日期2020-03-19早于结案日期2020-03-20" in m for m in messages)


def test_consistency_open_case_with_a_closed_date():
    open_case = {"status": "调解中", **_open(), "closed_date": "2020-03-19"}
    (msg,) = only(check(visits=[], today=dt.date(2020, 3, 25), **open_case), "consistency")
    assert "尚未结案（状态为调解中）却填写了结案日期2020-03-19" in msg


def test_petition_routed_to_mediation_has_its_case():
    routed = {"petition_no": "莲访〔2020〕第3号", "route": "人民调解", "case_no": None}
    (p,) = check_petition(routed, case_exists=False)
    assert p.rule == "consistency" and "莲访〔2020〕第3号" in p.message and "没有填写" in p.message
    (p,) = check_petition({**routed, "case_no": "莲调〔2020〕第99号"}, case_exists=False)
    assert "莲调〔2020〕第99号不存在" in p.message
    assert check_petition({**routed, "case_no": "莲调〔2020〕第7号"}, case_exists=True) == []
    assert check_petition({**routed, "route": "诉讼"}, case_exists=False) == []


def test_case_numbers_sort_numerically():
    numbers = ["莲调〔2020〕第10号", "莲调〔2020〕第2号", "莲调〔2019〕第30号", "莲调〔2020〕第1号"]
    assert sorted(numbers, key=case_sort_key) == [
        "莲调〔2019〕第30号",
        "莲调〔2020〕第1号",
        "莲调〔2020〕第2号",
        "莲调〔2020〕第10号",
    ]


def _open() -> dict:
    """What an open case cannot have yet (validation refuses it)."""
    return {
        "performance": None,
        "amount_recovered": None,
        "judicial_confirmation": 0,
        "confirmation_applied": None,
        "confirmation_court": None,
        "confirmation_ruling": None,
    }


def _no_agreement() -> dict:
    return {**_open(), **dict.fromkeys(("agreement", "agreement_form", "amount_agreed"))}


def test_fixtures_are_not_shared_mutably():
    before = copy.deepcopy(CASE)
    check(agreement=None)
    assert before == CASE
