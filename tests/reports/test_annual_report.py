"""The annual report (PDF) states the year's statistics, in the seed's structure: prose
rounded by the declared rule, the annexes exact."""

from __future__ import annotations

import datetime as dt

from lianhua_desk.domain.numbers import money
from lianhua_desk.domain.numbers import rounded as number
from lianhua_desk.domain.prose_numbers import prose
from lianhua_desk.domain.rules import RULES
from lianhua_desk.domain.statistics import statistic
from lianhua_desk.reports import annual
from lianhua_desk.services import annual_report, records, reports
from lianhua_desk.services.stats import STAT_KEYS, STAT_LABELS, year_stats

from .pdfcheck import assert_fonts_embedded, pdf_pages, pdf_text, squash

DEC24, DEC31 = dt.date(2020, 12, 24), dt.date(2020, 12, 31)


def test_every_figure_equals_year_stats(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=DEC31)
    text = pdf_text(out)
    st = year_stats(demo_ctx, 2020)
    assert st["mediation_cases"] > 0 and st["petitions"] > 0  # the demo year is not empty

    # 附件1 主要数据: every scalar figure next to its label, exact.
    for key in STAT_KEYS:
        if key != "year" and not isinstance(st[key], dict):
            shown = money(st[key]) if statistic(key).money else number(st[key])
            assert f"{STAT_LABELS[key]}{shown}" in text, key

    # The prose of 一: every figure as the declared rule rounds it, its subject explicit.
    doc = annual_report.build_document(demo_ctx, 2020, issued=DEC31)
    for f in doc.figures():
        assert f.value == st[f.key] and f.text == prose(f.key, st[f.key])
        assert squash(f.text) in text, f
    for phrase in (
        f"参与调解{prose('advisor_mediations', st['advisor_mediations'])}",
        f"提供法律咨询服务{prose('consultations', st['consultations'])}",
        f"其中法治讲座{st['lectures']}次",
        f"共登记信访件{st['petitions']}宗",
        f"其中{st['petitions_legal_service']}宗获得法律服务",
        f"{st['petitions_guided_legal']}宗引导通过法律途径解决",
        f"其中劳资纠纷调解成功{st['labor_mediation_success']}件",
        f"共受理矛盾纠纷{st['mediation_cases']}件",
        f"涉疫矛盾纠纷共{st['covid_disputes']}项",
    ):
        assert squash(phrase) in text, phrase
    assert "社区法律顾问共参与调解" not in text  # the old sentence read 55 of 50

    # 附件2: each category and route with its count.
    for name, n in st["by_category"].items():
        assert f"{name}{n}" in text, name
    for name, n in st["by_route"].items():
        assert f"{name}{n}" in text, name


def test_figures_stop_at_the_signing_date(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=DEC24)
    text = pdf_text(out)
    upto = annual_report.figures(demo_ctx, 2020, DEC24)
    assert "截至2020年12月24日" in text
    assert f"{STAT_LABELS['mediation_cases']}{upto['mediation_cases']}" in text
    assert "全年" not in text


def test_structure_title_sections_issuer(demo_ctx, tmp_path):
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=DEC24)
    text = pdf_text(out)
    s = demo_ctx.settings
    assert f"{s.subdistrict}2020年法治政府建设年度报告" in text
    order = ["一、主要举措", "（一）落实四个保障", "1、组织保障。", "（四）推行多元化解"]
    order += ["二、存在问题及形势研判", "三、2021年法治政府建设重点工作计划"]
    positions = [text.index(squash(heading)) for heading in order]
    assert positions == sorted(positions)
    assert s.issuing_body in text and "2020年12月24日" in text
    # Unwritten sections are marked as still to be filled in.
    assert text.count("【待填写】") == 2
    for name in ("莲花法治工作台", "法治工作台"):
        assert name not in text
    assert_fonts_embedded(out)


def test_quota_shortfalls_only_in_the_internal_version(demo_ctx, tmp_path):
    data = reports.annual_data(demo_ctx, 2020)
    st = data.stats
    assert st["quota_shortfalls"], "the demo data falls short somewhere on purpose"
    # Per-community workload adds up to the year's figures.
    for key in ("duty_shifts", "service_hours", "consultations", "lectures"):
        total = sum(data.by_community[name][key] for name in data.communities)
        assert round(total, 2) == st[key], key
    public = pdf_text(annual.write(demo_ctx, 2020, tmp_path / "public.pdf"))
    internal = pdf_text(annual.write(demo_ctx, 2020, tmp_path / "internal.pdf", internal=True))
    assert "社区考核达标情况" in internal and "社区考核达标情况" not in public
    for name, rules in data.shortfalls.items():
        assert name not in public
        counts = [len(rules[rule]) or "达标" for rule in RULES]
        assert squash(name + "".join(map(str, counts))) in internal
    assert "周次" not in public and "0个社区" not in public


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
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", internal=True)
    assert "<b>A&B</b>社区" in pdf_text(out)


def test_empty_database_gives_a_report_that_says_so(ctx, tmp_path):
    out = annual.write(ctx, 2020, tmp_path / "empty.pdf")
    text = pdf_text(out)
    assert "莲花街道2020年法治政府建设年度报告" in text
    assert squash("2020年度尚无值班、服务、普法活动、调解案件或信访登记台账记录") in text
    assert "【待核实】" in text  # the blocks with figures ask the clerk instead of printing zeros
    assert_fonts_embedded(out)


def test_year_without_records_but_with_communities(demo_ctx, tmp_path):
    for internal in (False, True):
        out = annual.write(demo_ctx, 2019, tmp_path / "2019.pdf", internal=internal)
        text = pdf_text(out)
        assert squash("2019年度尚无值班、服务、普法活动、调解案件或信访登记台账记录") in text
        # no record is no evidence of a missed week: no shortfall is claimed
        assert "未达标" not in text and "周次" not in text


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
    """Change the declaration of `lectures`: the appendix label and the unit in the prose
    follow."""
    import dataclasses

    from lianhua_desk.domain import statistics

    changed = dataclasses.replace(
        statistics.statistic("lectures"), label="讲座合计", unit="堂", narrow_label="课程"
    )
    monkeypatch.setitem(statistics.BY_KEY, "lectures", changed)
    monkeypatch.setattr(
        statistics,
        "STATISTICS",
        tuple(changed if s.key == "lectures" else s for s in statistics.STATISTICS),
    )
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=DEC31)
    text = pdf_text(out)
    st = year_stats(demo_ctx, 2020)
    assert f"讲座合计{st['lectures']}" in text
    assert squash(f"其中法治讲座{st['lectures']}堂") in text
    assert f"法治讲座{st['lectures']}次" not in text
