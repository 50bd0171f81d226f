"""The annual report states exactly the year's statistics, in the seed's structure."""

from __future__ import annotations

import datetime as dt

from lianhua_desk.domain.numbers import rounded as number
from lianhua_desk.domain.rules import RULES
from lianhua_desk.reports import annual
from lianhua_desk.services import records, reports
from lianhua_desk.services.stats import STAT_KEYS, STAT_LABELS, year_stats

from .pdfcheck import assert_fonts_embedded, pdf_pages, pdf_text, squash


def test_every_figure_equals_year_stats(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=dt.date(2020, 12, 24))
    text = pdf_text(out)
    st = year_stats(demo_ctx, 2020)
    assert st["mediation_cases"] > 0 and st["petitions"] > 0  # the demo year is not empty

    # The summary table: every scalar figure next to its label.
    for key in STAT_KEYS:
        if key != "year" and not isinstance(st[key], dict):
            assert f"{STAT_LABELS[key]}{number(st[key])}" in text, key

    # The prose of 一、主要举措, in the seed's wording.
    for phrase in (
        f"社区法律顾问共参与调解{st['advisor_mediations']}起",
        f"累计提供法律咨询服务{st['consultations']}人次",
        f"开展法律知识讲座{st['lectures']}次",
        f"为{st['petitions_legal_service']}宗案件提供了法律服务",
        f"{st['petitions_guided_legal']}宗引导法律途径解决",
        f"调解成功{st['labor_mediation_success']}件劳资纠纷",
        f"（{number(st['mediation_amount_recovered'])}元）",
        f"（{number(st['petition_amount_recovered'])}元）",
        f"涉疫矛盾纠纷{st['covid_disputes']}项",
        f"安排法律顾问值班{st['duty_shifts']}次",
        f"法律服务{number(st['service_hours'])}小时",
        f"共受理矛盾纠纷{st['mediation_cases']}件",
        f"共登记信访件{st['petitions']}宗",
    ):
        assert phrase in text, phrase
    # 万元 for the reader, from the same figure.
    wan = round(st["mediation_amount_recovered"] / 10_000, 2)
    assert f"{number(wan)}万元" in text

    # Appendix tables: each category and route with its count.
    for name, n in st["by_category"].items():
        assert f"{name}{n}" in text, name
    for name, n in st["by_route"].items():
        assert f"{name}{n}" in text, name


def test_structure_title_sections_issuer_and_page_numbers(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=dt.date(2020, 12, 24))
    pages = pdf_pages(out)
    text = pdf_text(out)
    s = demo_ctx.settings
    assert f"{s.subdistrict}2020年法治政府建设年度报告" in text
    order = ["一、主要举措", "二、存在问题及形势研判", "三、2021年法治政府建设重点工作计划"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert f"{s.issuing_body}2020年12月24日" in text
    for i, page in enumerate(pages, start=1):
        assert f"第 {i} 页 共 {len(pages)} 页" in page
    # Unwritten sections are marked as still to be filled in.
    assert text.count("【待填写】") == 2
    assert_fonts_embedded(out)


def test_quota_shortfalls_in_the_matrix(demo_ctx, tmp_path):
    data = reports.annual_data(demo_ctx, 2020)
    st = data.stats
    assert st["quota_shortfalls"], "the demo data falls short somewhere on purpose"
    # Per-community workload adds up to the year's figures.
    for key in ("duty_shifts", "service_hours", "consultations", "lectures"):
        total = sum(data.by_community[name][key] for name in data.communities)
        assert round(total, 2) == st[key], key
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf")
    text = pdf_text(out)
    weeks = sum(len(p["duty_weekly"]) for p in data.shortfalls.values())
    assert f"每周值班未达标{weeks}周次" in text
    for name, rules in data.shortfalls.items():
        periods = [p for rule in RULES for p in rules[rule]]
        # the row: community name, then (after the figures) its short periods, runs collapsed
        assert name in text
        assert squash(annual._short_periods(periods, 2020)) in text


def test_written_sections_print_literally(demo_ctx, tmp_path):
    problems = "（一）监管<b>仍不完善</b> & 协调不足。\n（二）<img src='x.png'/>社会力量参与不足。"
    plans = "继续发挥党建引领作用 <font color=red>红</font> &amp;"
    reports.save_report_text(demo_ctx, 2020, problems, plans)
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf")
    text = pdf_text(out)
    assert squash("监管<b>仍不完善</b> & 协调不足。") in text
    assert squash("<img src='x.png'/>社会力量参与不足。") in text
    assert squash("<font color=red>红</font> &amp;") in text
    assert "【待填写】" not in text


def test_long_text_wraps_onto_further_pages(demo_ctx, tmp_path):
    # One paragraph of 6,000 Chinese characters with no spaces or punctuation to break at.
    reports.save_report_text(demo_ctx, 2020, "监管" * 3000, None)
    short = annual.write(demo_ctx, 2021, tmp_path / "short.pdf")
    out = annual.write(demo_ctx, 2020, tmp_path / "long.pdf")
    assert len(pdf_pages(out)) > len(pdf_pages(short))
    assert pdf_text(out).count("监管") == 3000


def test_community_names_with_markup_print_literally(demo_ctx, tmp_path):
    cid = demo_ctx.db.execute("SELECT id FROM communities ORDER BY name LIMIT 1").fetchone()[0]
    records.update(demo_ctx, "communities", cid, {"name": "<b>A&B</b>社区"})
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf")
    assert "<b>A&B</b>社区" in pdf_text(out)


def test_empty_database_gives_a_report_that_says_so(ctx, tmp_path):
    out = annual.write(ctx, 2020, tmp_path / "empty.pdf")
    text = pdf_text(out)
    assert "莲花街道2020年法治政府建设年度报告" in text
    assert "2020年度尚无任何台账记录" in text
    assert "尚未登记社区" in text
    assert_fonts_embedded(out)


def test_year_without_records_but_with_communities(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2019, tmp_path / "2019.pdf")
    text = pdf_text(out)
    assert "2019年度尚无任何台账记录" in text
    assert "不绘制统计图" in text
    st = year_stats(demo_ctx, 2019)
    # Every quota period of 2019 was missed, and the report says how many communities.
    assert f"{len(st['quota_shortfalls'])}个社区存在未达标周期" in text


def test_no_personal_data_in_the_annual_report(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf")
    text = pdf_text(out)
    for value in _personal_values(demo_ctx):
        assert value not in text


def _personal_values(ctx) -> set[str]:
    """Every value of every field declared `personal` (parties' IDs, phones, addresses…)."""
    from lianhua_desk.domain.fields import ENTITIES

    selects = [
        f"SELECT [{f.name}] FROM [{e.name}]" for e in ENTITIES for f in e.fields if f.personal
    ]
    assert len(selects) >= 8  # the parties' particulars among them
    return {row[0] for row in ctx.db.execute(" UNION ".join(selects)) if row[0]}


def test_labels_units_and_heads_come_from_the_declarations(demo_ctx, tmp_path, monkeypatch):
    """Change the declaration of `lectures`: the appendix label, the unit in the prose and
    the quota table's head follow."""
    import dataclasses

    from lianhua_desk.domain import statistics

    changed = dataclasses.replace(
        statistics.statistic("lectures"), label="讲座合计", unit="堂", narrow_label="课程"
    )
    monkeypatch.setitem(statistics.BY_KEY, "lectures", changed)
    monkeypatch.setattr(
        annual,
        "STATISTICS",
        tuple(changed if s.key == "lectures" else s for s in statistics.STATISTICS),
    )
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=dt.date(2020, 12, 24))
    text = pdf_text(out)
    st = year_stats(demo_ctx, 2020)
    assert f"讲座合计{st['lectures']}" in text
    assert f"开展法律知识讲座{st['lectures']}堂" in text
    assert "课程（堂）" in text
    assert f"法治讲座{st['lectures']}" not in text
