"""The periodic statistics' 人民调解 tables in the Ministry of Justice's layout (issue 14):
the form's headings, the period named as the forms name it, amounts with thousands
separators and right-aligned, the foot lines, rows adding up to the statistics, and
the columns our register does not record marked as such."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict

import pytest
from openpyxl import load_workbook

from lianhua_desk.domain.fields import DISPUTE_CATEGORY
from lianhua_desk.reports import periodic
from lianhua_desk.services import records, reports
from lianhua_desk.services.stats import year_stats
from tests.platforms import require_poppler

from .pdfcheck import assert_fonts_embedded, pdf_pages, pdf_text, squash

COLUMNS = {c.key: c for _, cols in reports.MINISTRY_TABLES for c in cols}
NOT_RECORDED = [c for c in COLUMNS.values() if c.ours is None]


@pytest.fixture
def q1(demo_ctx, tmp_path):
    return (
        reports.periodic_data(demo_ctx, "2020-Q1"),
        periodic.write(demo_ctx, "2020-Q1", tmp_path / "统计.pdf"),
        periodic.write(demo_ctx, "2020-Q1", tmp_path / "统计.xlsx"),
    )


def test_the_forms_headings_and_columns(q1):
    d, pdf, xlsx = q1
    pages = [squash(p) for p in pdf_pages(pdf)]
    for i, (caption, columns) in enumerate(reports.MINISTRY_TABLES):
        page = pages[i]  # one form to a page
        assert caption in page
        assert "填报单位：莲花街道办事处" in page and "计量单位：件、元" in page
        for c in columns:
            assert squash(c.label) in page, c.label
            assert squash(c.group) in page, c.group
    wb = load_workbook(xlsx)
    for caption, columns in reports.MINISTRY_TABLES:
        ws = wb["人民调解" + caption.removeprefix(periodic.MINISTRY_TITLE)]
        assert ws["A1"].value == caption
        assert "填报单位：莲花街道办事处" in ws["A2"].value
        head = [c.value for c in ws[3]]
        assert head[1:] == [f"{c.group}：{c.label}" if c.group else c.label for c in columns]


def test_every_category_of_ours_in_exactly_one_ministry_type():
    counted = [value for c in reports.MINISTRY_TYPES for value in c.ours or ()]
    assert sorted(counted) == sorted(DISPUTE_CATEGORY)


def test_periods_named_as_the_forms_name_them(demo_ctx, tmp_path, q1):
    d, pdf, xlsx = q1
    text = pdf_text(pdf)
    assert "统计期间：2020年第一季度（2020年1月1日至2020年3月31日）" in text
    month = pdf_text(periodic.write(demo_ctx, "2020-03", tmp_path / "m.pdf"))
    assert "统计期间：2020年3月（2020年3月1日至2020年3月31日）" in month
    # quota weeks and months as words too, never the program's keys
    assert re.search(r"2020年第1[0-4]周（3月\d+日—\d+日）", month)  # a March duty week missed
    for t in (text, month):
        assert not re.search(r"\d{4}-(Q\d|W\d+|\d{2})", t), re.findall(r"\d{4}-\S{2,3}", t)
    for ws in load_workbook(xlsx):
        assert "2020年第一季度" in ws["A2"].value
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert not any(re.search(r"\d{4}-(Q\d|W\d+)", v) for v in cells), ws.title


def test_period_name():
    assert reports.period_name("2020-W12") == "2020年第12周（3月16日—22日）"
    assert reports.period_name("2020-W10") == "2020年第10周（3月2日—8日）"
    assert reports.period_name("2020-W09") == "2020年第9周（2月24日—3月1日）"
    assert reports.period_name("2020-W01") == "2020年第1周（2019年12月30日—2020年1月5日）"
    assert reports.period_name("2020-03") == "2020年3月"
    assert reports.period_name("2020-Q4") == "2020年第四季度"
    assert reports.period_name("2020") == "2020年"


def _words(pdf, page: int) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) of one page, from poppler's pdftotext -bbox."""
    require_poppler("pdftotext")
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', out
    )
    return [(w, float(a), float(b)) for a, b, w in found]


def test_amounts_separated_and_right_aligned(q1):
    d, pdf, xlsx = q1
    total = reports.ministry_total(d.ministry)["amount_agreed"]
    assert total > 1_000_000  # the demo's quarter: so a separator must show
    text = pdf_text(pdf)
    assert f"{total:,.2f}" in text
    assert periodic.figure_text(total, True) == f"{total:,.2f}"
    assert periodic.figure_text(1234567) == "1,234,567"
    assert periodic.figure_text(1234.5) == "1,234.5"
    assert periodic.figure_text(None) == "—"
    recovered = d.figures["mediation_amount_recovered"]
    assert "调解追回金额（元）" in text and f"{recovered:,.2f}" in text
    # In table (二) the amounts of the 协议涉及金额 column end at one x: right-aligned.
    amounts = [w for w in _words(pdf, 2) if re.fullmatch(r"\d{1,3}(,\d{3})*\.\d{2}", w[0])]
    assert len(amounts) == len(d.ministry) + 1
    assert max(w[2] for w in amounts) - min(w[2] for w in amounts) < 1.0
    assert max(w[1] for w in amounts) - min(w[1] for w in amounts) > 10  # widths differ
    ws = load_workbook(xlsx)["人民调解（二）"]
    col = [c.value for c in ws[3]].index("协议涉及金额（元）") + 1
    cells = [ws.cell(r, col) for r in range(4, 4 + len(d.ministry) + 1)]
    assert cells[-1].value == total
    assert all(c.number_format == "#,##0.00" for c in cells)
    assert all(c.alignment.horizontal == "right" for c in cells)
    main = load_workbook(xlsx)["主要数据"]
    row = next(r for r in main.iter_rows(min_row=4) if r[0].value == "调解追回金额（元）")
    assert row[-2].value == recovered and row[-2].number_format == "#,##0.00"


def test_foot_lines_on_every_form(q1):
    d, pdf, xlsx = q1
    pages = [squash(p) for p in pdf_pages(pdf)]
    for i in range(len(reports.MINISTRY_TABLES)):
        assert "负责人：" in pages[i]
        assert "填报人：测试员" in pages[i]  # the operator (Context.actor)
        assert "填报日期：2021年1月10日" in pages[i]  # the operator's today
    wb = load_workbook(xlsx)
    for caption, _ in reports.MINISTRY_TABLES:
        ws = wb["人民调解" + caption.removeprefix(periodic.MINISTRY_TITLE)]
        foot = ws.cell(ws.max_row, 1).value
        assert foot.startswith("负责人：") and "填报人：测试员" in foot
        assert "填报日期：2021年1月10日" in foot


def test_community_rows_add_up_to_the_totals_and_the_statistics(demo_ctx):
    for period in ("2020-Q2", "2020-03"):
        d = reports.periodic_data(demo_ctx, period)
        total = reports.ministry_total(d.ministry)
        for key, c in COLUMNS.items():
            if c.ours is None:
                continue
            assert round(sum(r[key] for r in d.ministry.values()), 2) == total[key], key
        assert total["cases"] == d.figures["mediation_cases"]
        assert total["success"] == d.figures["mediation_success"]
        assert total["judicial_confirmations"] == d.figures["judicial_confirmations"]
        for group, whole in (
            (reports.MINISTRY_TYPES, "cases"),
            (reports.MINISTRY_SOURCES, "cases"),
            (reports.MINISTRY_FORMS, "success"),
        ):
            assert sum(total[c.key] for c in group if c.ours is not None) == total[whole]
        # the amounts agreed, counted here from the records themselves
        agreed = sum(
            r["amount_agreed"] or 0
            for r in demo_ctx.db["cases"].rows
            if d.first.isoformat() <= r["received_date"] <= d.last.isoformat()
            and r["status"] == "调解成功"
        )
        assert total["amount_agreed"] == round(agreed, 2)
    # twelve months make the year's statistics
    st = year_stats(demo_ctx, 2020)
    months = [reports.periodic_data(demo_ctx, f"2020-{m:02d}") for m in range(1, 13)]
    totals = [reports.ministry_total(m.ministry) for m in months]
    assert sum(t["cases"] for t in totals) == st["mediation_cases"]
    assert sum(t["success"] for t in totals) == st["mediation_success"]
    assert sum(t["judicial_confirmations"] for t in totals) == st["judicial_confirmations"]
    by_type = defaultdict(int)
    for t in totals:
        for c in reports.MINISTRY_TYPES:
            by_type[c.label] += t[c.key] or 0
    for c in reports.MINISTRY_TYPES:
        assert by_type[c.label] == sum(st["by_category"].get(v, 0) for v in c.ours or ()), c


def test_the_printed_total_row_is_the_sum(q1):
    d, pdf, xlsx = q1
    for caption, columns in reports.MINISTRY_TABLES:
        ws = load_workbook(xlsx)["人民调解" + caption.removeprefix(periodic.MINISTRY_TITLE)]
        rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
        body = rows[: len(d.ministry)]
        total = rows[len(d.ministry)]
        assert total[0] == "合计"
        for i, c in enumerate(columns, start=1):
            if c.ours is None:
                continue
            assert round(sum(r[i] for r in body), 2) == total[i], c.label
    total = reports.ministry_total(d.ministry)
    line = "合计" + "".join(
        periodic.figure_text(total[c.key], c.money) for c in reports.MINISTRY_TABLES[0][1]
    )
    assert line in pdf_text(pdf)


def test_a_record_moves_between_the_forms_columns(demo_ctx):
    """Our 工伤赔偿 is counted under the form's 劳动争议; a settled case without an
    agreement form under 未登记; 合计 unchanged."""
    d = reports.periodic_data(demo_ctx, "2020-Q1")
    before = reports.ministry_total(d.ministry)
    case = next(
        r
        for r in demo_ctx.db["cases"].rows
        if "2020-01-01" <= r["received_date"] <= "2020-03-31"
        and r["status"] == "调解成功"
        and r["category"] == "婚姻家庭"
    )
    records.update(demo_ctx, "cases", case["id"], {"category": "工伤赔偿", "agreement_form": None})
    after = reports.ministry_total(reports.periodic_data(demo_ctx, "2020-Q1").ministry)
    assert after["type:劳动争议"] == before["type:劳动争议"] + 1
    assert after["type:婚姻家庭"] == before["type:婚姻家庭"] - 1
    assert after[f"form:{reports.UNKNOWN}"] == before[f"form:{reports.UNKNOWN}"] + 1
    assert after["cases"] == before["cases"] and after["success"] == before["success"]


def test_columns_we_do_not_record_are_marked(q1):
    d, pdf, xlsx = q1
    assert {c.label for c in NOT_RECORDED} >= {"生产经营", "山林土地", "征地拆迁", "环境污染"}
    for row in [*d.ministry.values(), reports.ministry_total(d.ministry)]:
        assert all(row[c.key] is None for c in NOT_RECORDED)
        assert all(row[k] is not None for k, c in COLUMNS.items() if c.ours is not None)
    pages = [squash(p) for p in pdf_pages(pdf)]
    for i, (_, columns) in enumerate(reports.MINISTRY_TABLES):
        missing = [c for c in columns if c.ours is None]
        assert "“—”：台账未采集" in pages[i]
        for c in missing:
            assert c.label in pages[i].split("台账未采集", 1)[1], c.label
    # “其他” takes the types we have no category for, and the note says so
    assert "此类纠纷计入“其他”" in pages[0]
    wb = load_workbook(xlsx)
    for caption, columns in reports.MINISTRY_TABLES:
        ws = wb["人民调解" + caption.removeprefix(periodic.MINISTRY_TITLE)]
        rows = [r for r in ws.iter_rows(min_row=4, max_row=4 + len(d.ministry))]
        for i, c in enumerate(columns, start=1):
            values = {r[i].value for r in rows}
            if c.ours is None:
                assert values == {"—"}, c.label
                assert all(r[i].alignment.horizontal == "right" for r in rows)
            else:
                assert "—" not in values, c.label
        notes = " ".join(str(r[0].value) for r in ws.iter_rows(min_row=ws.max_row - 5))
        assert "台账未采集" in notes


def test_fonts_embedded(q1, demo_ctx, tmp_path):
    _, pdf, _ = q1
    assert_fonts_embedded(pdf)
    assert_fonts_embedded(periodic.write(demo_ctx, "2020-03", tmp_path / "m.pdf"))


def test_an_empty_database_prints_the_forms_with_zero_totals(ctx, tmp_path):
    out = periodic.write(ctx, "2020-Q1", tmp_path / "e.pdf")
    text = pdf_text(out)
    assert "人民调解案件情况统计表（一）" in text and "2020年第一季度没有任何台账记录" in text
    total = reports.ministry_total(reports.periodic_data(ctx, "2020-Q1").ministry)
    assert total["cases"] == 0 and total["type:生产经营"] is None
