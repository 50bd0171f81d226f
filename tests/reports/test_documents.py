"""Roster sheet, subsidy statement, mediation agreement and case-file cover."""

from __future__ import annotations

import pytest

from lianhua_desk.domain import parse
from lianhua_desk.domain.numbers import money_or_zero as money
from lianhua_desk.reports import agreement, roster_sheet, subsidy
from lianhua_desk.services import mediation, petitions, records, reports
from lianhua_desk.services.roster import subsidy_statement

from .pdfcheck import assert_fonts_embedded, pdf_pages, pdf_text, squash


def _personal_values(ctx) -> set[str]:
    """Phones and identity numbers held anywhere: none may reach a public document."""
    sql = """
        SELECT mobile FROM advisors
        UNION SELECT id_no FROM parties UNION SELECT phone FROM parties
        UNION SELECT agent_phone FROM parties
        UNION SELECT id_no FROM petitions UNION SELECT phone FROM petitions
    """
    return {row[0] for row in ctx.db.execute(sql) if row[0]}


def _success_case(ctx) -> dict:
    """A settled case with an agreement whose applicant has an ID number and whose
    respondent has a phone."""
    row = ctx.db.execute(
        "SELECT case_no FROM cases c WHERE status = '调解成功' AND agreement IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM parties p WHERE p.case_id = c.id AND p.role = '申请人' "
        "AND p.id_no IS NOT NULL) AND EXISTS (SELECT 1 FROM parties p WHERE p.case_id = c.id "
        "AND p.role = '被申请人' AND p.phone IS NOT NULL) ORDER BY received_date LIMIT 1"
    ).fetchone()
    return ctx.db["cases"].rows_where("case_no = ?", [row[0]]).__next__()


# --- roster ------------------------------------------------------------------------


def test_roster_lists_every_shift_with_masked_phones(demo_ctx, tmp_path):
    out = roster_sheet.write(demo_ctx, "2020-03-01", "2020-03-31", tmp_path / "roster.pdf")
    text = pdf_text(out)
    shifts = demo_ctx.db.execute(
        "SELECT count(*) FROM shifts WHERE date BETWEEN '2020-03-01' AND '2020-03-31'"
    ).fetchone()[0]
    assert f"共{shifts}班次" in text
    advisor = next(iter(demo_ctx.db["advisors"].rows))
    assert parse.mask_phone(advisor["mobile"]) in text
    for value in _personal_values(demo_ctx):
        assert value not in text
    assert_fonts_embedded(out)


def test_roster_of_one_community_splits_pages_with_repeated_header(demo_ctx, tmp_path):
    out = roster_sheet.write(
        demo_ctx, "2020-01-01", "2020-12-31", tmp_path / "r.pdf", community="彩虹社区"
    )
    pages = pdf_pages(out)
    assert len(pages) > 1
    for page in pages:
        assert "律师事务所" in page and "值班地点" in page  # the header row on every page
    text = pdf_text(out)
    assert "彩虹社区法律顾问值班表" in text
    assert "彩田社区党群服务中心" not in text


def test_roster_refuses_bad_input(demo_ctx, tmp_path):
    with pytest.raises(reports.ReportRefused, match="没有名为“火星社区”的社区"):
        roster_sheet.write(demo_ctx, "2020-03-01", "2020-03-31", tmp_path / "x.pdf", "火星社区")
    with pytest.raises(reports.ReportRefused, match="早于"):
        roster_sheet.write(demo_ctx, "2020-03-31", "2020-03-01", tmp_path / "x.pdf")
    with pytest.raises(reports.ReportRefused, match="开始日期"):
        roster_sheet.write(demo_ctx, "三月", "2020-03-01", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_empty_roster_says_so(demo_ctx, tmp_path):
    out = roster_sheet.write(demo_ctx, "2019-03-01", "2019-03-31", tmp_path / "r.pdf")
    assert "该期间没有值班安排" in pdf_text(out)


# --- subsidy -----------------------------------------------------------------------


def test_subsidy_statement_amounts_and_totals(demo_ctx, tmp_path):
    out = subsidy.write(demo_ctx, "2020-03", tmp_path / "s.pdf")
    text = pdf_text(out)
    lines = subsidy_statement(demo_ctx, "2020-03")
    s = demo_ctx.settings
    assert lines and any(line.cases for line in lines)
    total = sum(line.total for line in lines)
    base = sum(line.base for line in lines)
    cases = sum(len(line.cases) for line in lines)
    assert total == base + cases * s.subsidy_per_case
    assert f"合计{money(base)}{cases}{money(cases * s.subsidy_per_case)}{money(total)}" in text
    for line in lines:
        assert squash(f"{line.advisor}") in text
        for case_no in line.cases:
            assert case_no in text
    assert "领取人签名" in text and "审核人" in text and "制表人：测试员" in text
    for value in _personal_values(demo_ctx):
        assert value not in text
    assert_fonts_embedded(out)


def test_subsidy_amounts_come_from_settings(demo_ctx, tmp_path):
    from lianhua_desk.services.settings import update_settings

    update_settings(demo_ctx, {"subsidy_base_monthly": 2500, "subsidy_per_case": 450})
    text = pdf_text(subsidy.write(demo_ctx, "2020-03", tmp_path / "s.pdf"))
    assert "2,500.00" in text and "450.00" in text


def test_subsidy_refuses_a_bad_month(demo_ctx, tmp_path):
    with pytest.raises(reports.ReportRefused, match="2020-13"):
        subsidy.write(demo_ctx, "2020-13", tmp_path / "s.pdf")


# --- agreement and cover --------------------------------------------------------------


def test_agreement_shows_the_parties_in_full(demo_ctx, tmp_path):
    case = _success_case(demo_ctx)
    out = agreement.write_agreement(demo_ctx, case["case_no"], tmp_path / "a.pdf")
    text = pdf_text(out)
    assert "人民调解协议书" in text
    assert case["case_no"] in text
    parties = demo_ctx.db["parties"].rows_where("case_id = ?", [case["id"]])
    for party in parties:
        for key in ("name", "id_no", "phone", "address"):
            if party[key]:
                assert squash(party[key]) in text, key
    for line in case["agreement"].splitlines():
        assert squash(line) in text
    assert "自本协议生效之日起三十日内共同向人民法院申请司法确认" in text
    assert "人民调解员：" in text and "（签名）" in text and "（印章）" in text
    assert_fonts_embedded(out)


def test_agreement_prints_markup_in_the_case_literally(demo_ctx, tmp_path):
    case = _success_case(demo_ctx)
    records.update(
        demo_ctx,
        "cases",
        case["id"],
        {"summary": "双方<b>争执</b> & <img src='evil.png'/>", "agreement": "甲付乙 <br/> 1元"},
    )
    text = pdf_text(agreement.write_agreement(demo_ctx, case["case_no"], tmp_path / "a.pdf"))
    assert squash("双方<b>争执</b> & <img src='evil.png'/>") in text
    assert squash("一、甲付乙 <br/> 1元") in text


def test_agreement_refuses_missing_case_and_case_without_agreement(demo_ctx, tmp_path):
    with pytest.raises(reports.ReportRefused, match="未找到案件编号"):
        agreement.write_agreement(demo_ctx, "莲调〔2020〕第9999号", tmp_path / "a.pdf")
    open_case = demo_ctx.db.execute(
        "SELECT case_no FROM cases WHERE agreement IS NULL LIMIT 1"
    ).fetchone()[0]
    with pytest.raises(reports.ReportRefused, match="尚未填写协议内容"):
        agreement.write_agreement(demo_ctx, open_case, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def test_case_file_cover(demo_ctx, tmp_path):
    case = _success_case(demo_ctx)
    out = agreement.write_cover(demo_ctx, case["case_no"], tmp_path / "c.pdf")
    pages = pdf_pages(out)
    text = pdf_text(out)
    assert len(pages) == 2
    assert "人民调解卷宗" in text and "卷内目录" in text
    assert case["case_no"] in text and squash(case["applicant"]) in text
    assert "调解结果调解成功" in text
    assert "立卷人测试员" in text
    assert_fonts_embedded(out)


def test_cover_names_the_petition_a_case_came_from(demo_ctx, tmp_path):
    petition = next(
        demo_ctx.db["petitions"].rows_where(
            "status = '已登记' AND community_id IS NOT NULL AND case_no IS NULL", limit=1
        )
    )
    change = petitions.route(demo_ctx, petition["id"], "人民调解")
    case_no = change.record["case_no"]
    text = pdf_text(agreement.write_cover(demo_ctx, case_no, tmp_path / "c.pdf"))
    assert squash(f"信访件 {petition['petition_no']}") in text


def test_committee_names():
    case = {"body": "社区人民调解委员会", "community_name": "彩虹社区"}
    assert reports.committee_name(case, "莲花街道") == "彩虹社区人民调解委员会"
    case["body"] = "街道人民调解委员会"
    assert reports.committee_name(case, "莲花街道") == "莲花街道人民调解委员会"
    case["body"] = "劳资纠纷专业调解委员会"
    assert reports.committee_name(case, "莲花街道") == "莲花街道劳资纠纷专业调解委员会"


def test_registered_case_without_optional_fields(ctx, tmp_path):
    """A case registered with only the required fields still prints a cover."""
    community = records.create(ctx, "communities", {"name": "测试社区"}).record
    change = mediation.register_case(
        ctx,
        {
            "received_date": "2020-05-06",
            "community_id": community["id"],
            "body": "社区人民调解委员会",
            "category": "邻里纠纷",
            "applicant": "张三",
        },
    )
    case_no = change.record["case_no"]
    text = pdf_text(agreement.write_cover(ctx, case_no, tmp_path / "c.pdf"))
    assert case_no in text and "测试社区人民调解委员会" in text
