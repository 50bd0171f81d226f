"""The annual report as content (services/annual_report.py): the clerk's words kept
around the year's figures, the cut-off, truthful empty and running years, the public
and internal versions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lianhua_desk.domain import annual_blocks, statistics
from lianhua_desk.domain.prose_numbers import prose
from lianhua_desk.reports.document import Chart, Para, Table
from lianhua_desk.services import annual_report as ar
from lianhua_desk.services import records, stats
from lianhua_desk.services.reports import ReportRefused
from lianhua_desk.store import queries

DEC24, DEC31 = dt.date(2020, 12, 24), dt.date(2020, 12, 31)


def all_text(doc) -> str:
    """Every word the document prints (title, body, signature, annexes)."""
    parts = [doc.title, doc.issuer, *(p.text for p in doc.body)]
    for annex in doc.annexes:
        parts.append(annex.title)
        for block in annex.blocks:
            if isinstance(block, Para):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [block.caption, block.note, *block.head]
                parts += [cell for row in block.rows for cell in row]
            elif isinstance(block, Chart):
                parts += [block.caption, *(label for label, _ in block.data)]
    return "\n".join(parts)


def block_text(doc, key: str) -> str:
    return "".join(p.text for p in doc.body if p.key == key)


def _case(ctx, day: str, **extra):
    community = next(iter(queries.community_names(ctx.db)))
    raw = {
        "case_no": f"测{day}",
        "received_date": day,
        "community_id": community,
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "applicant": "张三",
        "status": "调解中",
    }
    return records.create(ctx, "cases", raw | extra)


def test_new_record_shows_inside_the_clerks_unchanged_words(demo_ctx):
    words = "本年度各级人民调解组织受理纠纷{mediation_cases}，其中劳资纠纷调解成功{labor_mediation_success}。"
    ar.save_block(demo_ctx, 2020, "mediation", words)
    before = ar.build_document(demo_ctx, 2020, issued=DEC31)
    _case(demo_ctx, "2020-06-01")
    after = ar.build_document(demo_ctx, 2020, issued=DEC31)
    n = stats.year_stats(demo_ctx, 2020)["mediation_cases"]
    labour = stats.year_stats(demo_ctx, 2020)["labor_mediation_success"]
    assert block_text(before, "mediation") == (
        f"2、抓调解“模式”引入。本年度各级人民调解组织受理纠纷{n - 1}件，其中劳资纠纷调解成功{labour}件。"
    )
    assert block_text(after, "mediation") == (
        f"2、抓调解“模式”引入。本年度各级人民调解组织受理纠纷{n}件，其中劳资纠纷调解成功{labour}件。"
    )


def test_no_program_name(demo_ctx):
    for internal in (False, True):
        text = all_text(ar.build_document(demo_ctx, 2020, issued=DEC24, internal=internal))
        for name in ("莲花法治工作台", "法治工作台", "Lianhua", "lianhua"):
            assert name not in text


def test_cut_off_follows_the_signing_date(demo_ctx):
    signed = ar.build_document(demo_ctx, 2020, issued=DEC24)
    assert signed.cut_off == DEC24
    assert "截至2020年12月24日" in signed.body[0].text
    _case(demo_ctx, "2020-12-28")
    again = ar.build_document(demo_ctx, 2020, issued=DEC24)
    whole = ar.build_document(demo_ctx, 2020, issued=DEC31)

    def cases(doc):
        return next(f.value for f in doc.figures() if f.key == "mediation_cases")

    assert cases(again) == cases(signed)  # received after the signing date: not counted
    assert cases(whole) == stats.year_stats(demo_ctx, 2020)["mediation_cases"]
    assert cases(whole) > cases(again)
    # the cut-off is also never after today
    early = ar.build_document(demo_ctx, 2020, issued=DEC31, today=dt.date(2020, 6, 30))
    assert early.cut_off == dt.date(2020, 6, 30) and early.issued == DEC31


def test_every_figure_is_the_statistic_rounded_by_the_rule(demo_ctx):
    doc = ar.build_document(demo_ctx, 2020, issued=DEC31)
    st = stats.year_stats(demo_ctx, 2020)
    found = doc.figures()
    assert {f.key for f in found} == {s.key for s in statistics.FIGURES} | {"communities"}
    for f in found:
        assert f.value == st[f.key], f
        assert f.text == prose(f.key, st[f.key]), f
    # the appendix keeps exact values
    table = doc.annexes[0].blocks[0]
    exact = dict(table.rows)
    assert exact["受理调解案件"] == str(st["mediation_cases"])
    assert exact["调解追回金额（元）"] == f"{st['mediation_amount_recovered']:,.2f}"
    # signed before the year's end: the same definitions up to the cut-off
    cut = ar.build_document(demo_ctx, 2020, issued=DEC24)
    upto = ar.figures(demo_ctx, 2020, DEC24)
    for f in cut.figures():
        assert f.value == upto[f.key] <= st[f.key]


def test_no_sentence_reads_one_count_as_part_of_another(demo_ctx):
    doc = ar.build_document(demo_ctx, 2020, issued=DEC31)
    text = "\n".join(p.text for p in doc.body)
    assert "社区法律顾问共参与调解" not in text
    assert re.search(r"参与调解\d+起，调解成功\d+件劳资纠纷", text) is None
    assert "劳资纠纷调解成功" in block_text(doc, "mediation")


def test_empty_year_reads_truthfully(demo_ctx):
    doc = ar.build_document(demo_ctx, 2019, issued=DEC31.replace(year=2019))
    text = all_text(doc)
    assert "尚无值班、服务、普法活动、调解案件或信访登记台账记录" in doc.body[0].text
    assert "未达标" not in text
    assert not doc.figures()  # no block prints its zeros as facts
    assert [p.style for p in doc.body if p.key == "mediation"] == ["placeholder"]
    internal = ar.build_document(demo_ctx, 2019, issued=dt.date(2019, 12, 31), internal=True)
    assert "周次" not in all_text(internal) and "未达标" not in all_text(internal)
    (only,) = ar.suggestions(demo_ctx, 2019)
    assert "尚无" in only


def test_running_year_is_never_called_the_whole_year(demo_ctx):
    doc = ar.build_document(demo_ctx, 2021)  # today is 2021-01-10
    text = all_text(doc)
    assert doc.cut_off == dt.date(2021, 1, 10)
    assert "全年" not in text
    assert "2021年1月1日至1月10日" in doc.body[0].text
    assert "截至2021年1月10日" in doc.body[0].text
    for line in ar.suggestions(demo_ctx, 2021):
        assert "全年" not in line


ZERO = re.compile(r"(?<![\d.])0(个|件|宗|周|次|起|项)")


def test_no_zero_findings(demo_ctx):
    for year in (2020, 2021, 2019):
        for line in ar.suggestions(demo_ctx, year):
            assert not ZERO.search(line), line
    lines = ar.suggestions(demo_ctx, 2020)
    assert any("个社区存在" in line for line in lines)


def test_public_names_no_community_internal_has_the_quota_annex(demo_ctx):
    names = list(queries.community_names(demo_ctx.db).values())
    public = ar.build_document(demo_ctx, 2020, issued=DEC31)
    internal = ar.build_document(demo_ctx, 2020, issued=DEC31, internal=True)
    public_text = all_text(public)
    for name in names:
        assert name not in public_text
        for line in ar.suggestions(demo_ctx, 2020):
            assert name not in line
    assert [a.title for a in public.annexes] == ["主要数据", "分类统计"]
    assert len(internal.annexes) == 3 and "社区考核达标情况" in internal.annexes[2].title
    table = internal.annexes[2].blocks[0]
    assert [row[0] for row in table.rows] == names
    short = stats.year_stats(demo_ctx, 2020, today=dt.date(2021, 1, 1))["quota_shortfalls"]
    some = next(iter(short))
    row = next(r for r in table.rows if r[0] == some)
    assert sum(int(c) for c in row[1:] if c != "达标") == len(short[some])


def test_blocks_start_from_last_year_then_the_draft(demo_ctx):
    ar.save_block(demo_ctx, 2020, "covid", "去年的话，涉疫纠纷{covid_disputes}。")
    states = {s.key: s for s in ar.block_states(demo_ctx, 2021)}
    assert states["covid"].source == "last_year"
    assert states["covid"].text == "去年的话，涉疫纠纷{covid_disputes}。"
    assert states["organisation"].source == "draft"
    assert states["organisation"].text == annual_blocks.BY_KEY_BLOCK["organisation"].draft
    ar.save_block(demo_ctx, 2021, "covid", "今年的话{covid_disputes}。")
    assert {s.key: s.source for s in ar.block_states(demo_ctx, 2021)}["covid"] == "saved"
    ar.save_block(demo_ctx, 2021, "covid", "")  # emptied: back to last year's
    assert {s.key: s.source for s in ar.block_states(demo_ctx, 2021)}["covid"] == "last_year"


def test_save_block_refuses_an_unknown_statistic_and_audits(demo_ctx):
    with pytest.raises(ReportRefused, match=r"\{advisor_cases\}"):
        ar.save_block(demo_ctx, 2020, "services", "顾问办案{advisor_cases}")
    with pytest.raises(ReportRefused, match="花括号"):
        ar.save_block(demo_ctx, 2020, "services", "顾问办案{advisor_mediations")
    with pytest.raises(ReportRefused, match="no_such_block"):
        ar.save_block(demo_ctx, 2020, "no_such_block", "文字")
    change = ar.save_block(demo_ctx, 2020, "services", "顾问参与调解{advisor_mediations}。")
    assert change.inserted == ["2020/services"]
    audit = list(demo_ctx.db["audit"].rows_where("entity = 'report_blocks'"))
    assert [a["record_id"] for a in audit] == ["2020/services"]


def test_changed_figures_since_last_seen(demo_ctx):
    day = dt.date(2021, 1, 10)
    ar.mark_seen(demo_ctx, 2020, today=day)
    assert not any(s.changed for s in ar.block_states(demo_ctx, 2020, today=day))
    _case(demo_ctx, "2020-07-01", status="调解成功", closed_date="2020-07-02")
    changed = {s.key: s.changed for s in ar.block_states(demo_ctx, 2020, today=day)}
    assert changed["mediation"] == [
        "mediation_cases",
        "mediation_success",
        "labor_mediation_success",
    ]
    assert changed["services"] == []


def test_save_texts_keeps_the_other_section(demo_ctx):
    ar.save_texts(demo_ctx, 2020, problems="问题一")
    ar.save_texts(demo_ctx, 2020, plans="计划一")
    doc = ar.build_document(demo_ctx, 2020, issued=DEC31)
    assert "问题一" in [p.text for p in doc.body if p.key == "problems"]
    assert "计划一" in [p.text for p in doc.body if p.key == "plans"]
    # 三 of the next year starts from this year's plan
    nxt = ar.build_document(demo_ctx, 2021)
    assert [p.text for p in nxt.body if p.key == "plans"] == ["计划一"]
    assert [p.style for p in nxt.body if p.key == "problems"] == ["placeholder"]
