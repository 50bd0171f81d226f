"""Monthly and quarterly statistics (PDF and xlsx), and the stored annual texts."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from lianhua_desk.domain.statistics import statistic
from lianhua_desk.reports import periodic
from lianhua_desk.services import records, reports
from lianhua_desk.services.stats import STAT_LABELS, year_stats
from lianhua_desk.store.records import audit_trail
from lianhua_desk.store.report_queries import TOTAL_KEYS

from .pdfcheck import assert_fonts_embedded, pdf_text


def test_twelve_months_add_up_to_the_year(demo_ctx):
    st = year_stats(demo_ctx, 2020)
    months = [reports.periodic_data(demo_ctx, f"2020-{m:02d}") for m in range(1, 13)]
    for key in TOTAL_KEYS:
        assert round(sum(d.figures[key] for d in months), 2) == st[key], key
    assert months[-1].year_to_date == {k: st[k] for k in TOTAL_KEYS}
    quarters = [reports.periodic_data(demo_ctx, f"2020-Q{q}") for q in range(1, 5)]
    for key in TOTAL_KEYS:
        assert round(sum(d.figures[key] for d in quarters), 2) == st[key], key


def test_communities_add_up_to_the_period(demo_ctx):
    d = reports.periodic_data(demo_ctx, "2020-Q2")
    for key in TOTAL_KEYS:
        total = sum(f[key] for f in d.by_community.values())
        assert round(total, 2) == d.figures[key], key
    assert sum(d.by_category.values()) == d.figures["mediation_cases"]
    assert sum(d.by_channel.values()) == d.figures["petitions"]


def test_shortfalls_of_the_period_only(demo_ctx):
    d = reports.periodic_data(demo_ctx, "2020-03")
    st = year_stats(demo_ctx, 2020)
    expected = {
        (name, item)
        for name, items in st["quota_shortfalls"].items()
        for item in items
        if item.endswith("service_hours") and item.startswith("2020-03")
    }
    found = {(name, str(s)) for name, s in d.shortfalls if s.rule == "service_hours"}
    assert found == expected
    assert all(s.rule in ("duty_weekly", "service_hours") for _, s in d.shortfalls)


def test_periodic_pdf_and_workbook_say_the_same(demo_ctx, tmp_path):
    pdf = periodic.write(demo_ctx, "2020-Q2", tmp_path / "q2.pdf")
    xlsx = periodic.write(demo_ctx, "2020-Q2", tmp_path / "q2.xlsx")
    d = reports.periodic_data(demo_ctx, "2020-Q2")
    text = pdf_text(pdf)
    assert "莲花街道2020年第二季度法治工作统计表" in text
    ws = load_workbook(xlsx)["主要数据"]
    by_label = {row[0].value: row for row in ws.iter_rows(min_row=4)}
    for key in TOTAL_KEYS:
        row = by_label[STAT_LABELS[key]]
        assert row[-2].value == d.figures[key]  # 本期
        assert row[-1].value == d.year_to_date[key]  # 本年累计
        # the PDF's row: label, each month, the quarter, the year to date
        values = [d.by_month[m][key] for m in d.by_month] + [d.figures[key], d.year_to_date[key]]
        printed = [periodic.figure_text(v, statistic(key).money) for v in values]
        assert STAT_LABELS[key] + "".join(printed) in text, key
    assert set(load_workbook(xlsx).sheetnames) == {
        "人民调解（一）",
        "人民调解（二）",
        "主要数据",
        "分社区",
        "分类统计",
        "未达标",
    }
    assert_fonts_embedded(pdf)


def test_workbook_never_holds_a_formula_from_user_text(demo_ctx, tmp_path):
    cid = demo_ctx.db.execute("SELECT id FROM communities LIMIT 1").fetchone()[0]
    records.update(demo_ctx, "communities", cid, {"name": '=HYPERLINK("http://x")'})
    out = periodic.write(demo_ctx, "2020-03", tmp_path / "m.xlsx")
    cells = [c for row in load_workbook(out)["分社区"].iter_rows() for c in row]
    hit = [c for c in cells if c.value == '=HYPERLINK("http://x")']
    assert hit and all(c.data_type == "s" for c in hit)


def test_empty_period(ctx, tmp_path):
    out = periodic.write(ctx, "2020-05", tmp_path / "m.pdf")
    assert "2020年5月没有任何台账记录" in pdf_text(out)


@pytest.mark.parametrize("bad", ["2020-Q5", "2020-13", "去年", "", "2020-Q0"])
def test_bad_periods_refused(demo_ctx, bad):
    with pytest.raises(reports.ReportRefused, match="统计期间"):
        reports.parse_period(bad)


def test_parse_period():
    key, label, first, last = reports.parse_period("2020-q4")
    assert (key, label, first.isoformat(), last.isoformat()) == (
        "2020-Q4",
        "2020年第四季度",
        "2020-10-01",
        "2020-12-31",
    )
    key, label, first, last = reports.parse_period("2020-02")
    assert (key, label, last.isoformat()) == ("2020-02", "2020年2月", "2020-02-29")


# --- the annual report's written sections -----------------------------------------------


def test_report_text_saved_with_audit(ctx):
    assert reports.get_report_text(ctx, 2020)["problems"] is None
    reports.save_report_text(ctx, 2020, "  问题一\r\n问题二  ", "计划")
    row = reports.get_report_text(ctx, 2020)
    assert row["problems"] == "问题一\n问题二"
    assert row["plans"] == "计划"
    assert row["updated_at"] == "2021-01-10 10:00:00"
    trail = audit_trail(ctx.db, "report_texts", "2020")
    assert [a["action"] for a in trail] == ["insert"]
    assert trail[0]["operator"] == "测试员"
    # Saving the same text again changes nothing and leaves no audit row.
    reports.save_report_text(ctx, 2020, "问题一\n问题二", "计划")
    assert len(audit_trail(ctx.db, "report_texts", "2020")) == 1
    reports.save_report_text(ctx, 2020, "问题一", "")
    trail = audit_trail(ctx.db, "report_texts", "2020")
    assert [a["action"] for a in trail] == ["insert", "update"]
    assert trail[-1]["before"]["problems"] == "问题一\n问题二"
    assert reports.get_report_text(ctx, 2020)["plans"] is None


def test_report_text_refusals_write_nothing(ctx):
    with pytest.raises(reports.ReportRefused, match="过长"):
        reports.save_report_text(ctx, 2020, "字" * (reports.MAX_TEXT + 1), None)
    with pytest.raises(reports.ReportRefused, match="年度"):
        reports.save_report_text(ctx, 1899, "问题", None)
    assert ctx.db["report_texts"].count == 0
    assert ctx.db["audit"].count == 0


def test_quarter_lists_every_month_even_without_records(demo_ctx):
    d = reports.periodic_data(demo_ctx, "2021-Q1")  # the demo data stops on 2021-01-09
    assert list(d.by_month) == ["2021-01", "2021-02", "2021-03"]
    assert d.by_month["2021-02"]["petitions"] == 0
    head, _ = periodic.figure_rows(d)
    assert head == ["项目", "1月", "2月", "3月", "本期", "本年累计"]
