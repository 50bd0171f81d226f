"""The annual report (法治政府建设年度报告) in the seed report's structure.

一、主要举措 states the year's figures, every one taken from `year_stats`; 二 and 三 are
the texts the office writes and the program stores per year; the issuing body and
date close the report; appendix tables and charts follow.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table

from ..domain.numbers import percent, rounded
from ..domain.rules import RULES
from ..domain.statistics import STATISTICS, statistic
from ..services import reports as data_service
from ..services.context import Context
from . import charts, fonts
from .layout import build_pdf, cell, data_table, frame_width, prose
from .styles import SHORT_BG, styles
from .text import date_cn, esc, stat_text

SHORT_RULE = {
    "duty_weekly": "每周<br/>值班",
    "service_hours": "每月<br/>时长",
    "lecture_quarterly": "季度<br/>讲座",
    "publicity_yearly": "年度<br/>宣传",
}
PLACEHOLDER_PROBLEMS = (
    "【待填写】本部分尚未填写。请在“报表导出 → 年度报告文字”中填写本年度存在的问题及形势研判，"
    "保存后重新生成本报告。"
)
PLACEHOLDER_PLANS = (
    "【待填写】本部分尚未填写。请在“报表导出 → 年度报告文字”中填写下一年度重点工作计划，"
    "保存后重新生成本报告。"
)


def title(d: data_service.AnnualData) -> str:
    return f"{d.settings.subdistrict}{d.year}年法治政府建设年度报告"


def write(
    ctx: Context,
    year: int,
    out: str | os.PathLike,
    *,
    today: dt.date | None = None,
    issued: dt.date | None = None,
) -> Path:
    """Gather the year's data and write the report to `out`."""
    d = data_service.annual_data(ctx, year, today=today, issued=issued)
    return render(d, out)


def render(d: data_service.AnnualData, out: str | os.PathLike) -> Path:
    s = styles()
    story = [
        Paragraph(esc(title(d)), s["title"]),
        Paragraph(
            f"（本报告数字由莲花法治工作台根据台账统计，统计截至 {date_cn(d.today)}）",
            s["subtitle"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(_intro(d), s["body"]),
        Paragraph("一、主要举措", s["h1"]),
        *_measures(d),
        Paragraph("二、存在问题及形势研判", s["h1"]),
        *(prose(d.problems) or [Paragraph(PLACEHOLDER_PROBLEMS, s["placeholder"])]),
        Paragraph(f"三、{d.year + 1}年法治政府建设重点工作计划", s["h1"]),
        *(prose(d.plans) or [Paragraph(PLACEHOLDER_PLANS, s["placeholder"])]),
        Spacer(1, 12 * mm),
        KeepTogether(
            [
                Paragraph(esc(d.settings.issuing_body), s["right"]),
                Paragraph(date_cn(d.issued), s["right"]),
            ]
        ),
        PageBreak(),
        *_appendix(d),
    ]
    return build_pdf(
        out,
        story,
        title=title(d),
        header=title(d),
        author=d.settings.issuing_body,
    )


# --- 一、主要举措 ------------------------------------------------------------------


def _intro(d: data_service.AnnualData) -> str:
    who = esc(d.settings.subdistrict)
    return (
        f"{d.year}年，{who}深入贯彻全面依法治国战略部署，根据区委区政府的部署要求，"
        "以群众需求与社会问题为导向，统筹推进“一社区一法律顾问”、人民调解和诉访分离工作，"
        f"进一步夯实基层法治建设，确保辖区和谐稳定。现将{who}{d.year}年法治政府建设情况报告如下。"
    )


def _measures(d: data_service.AnnualData) -> list:
    s, st = styles(), d.stats
    if d.empty:
        return [
            Paragraph(
                f"{d.year}年度尚无任何台账记录（值班安排、服务台账、普法活动、调解案件、信访登记均为 0 条），"
                "本部分暂无可报告的工作数据。请录入或导入本年度台账后重新生成本报告。",
                s["notice"],
            ),
            Paragraph("考核达标情况。" + _quota_sentence(d), s["body"]),
        ]
    q = d.settings

    def v(key: str) -> str:  # the figure with its unit, rounded as declared
        return stat_text(key, st[key])

    out = [
        Paragraph("（一）落实“一社区一法律顾问”机制，夯实基层法治服务基础", s["h2"]),
        Paragraph(
            "1、律师值班坐班。按照《一社区一法律顾问工作制度》，社区法律顾问每周至少坐班"
            f"{q.quota_shifts_per_week}次，每月现场与非现场服务不少于{rounded(q.quota_hours_per_month)}小时，"
            f"每季度至少开展{q.quota_lectures_per_quarter}次法治讲座，每年至少开展"
            f"{q.quota_publicity_per_year}次大型法治宣传。全年辖区{v('communities')}社区共安排法律顾问值班"
            f"{v('duty_shifts')}，累计提供现场与非现场法律服务{v('service_hours')}。",
            s["body"],
        ),
        Paragraph(
            f"2、法律咨询与普法宣传。今年以来，社区法律顾问累计提供法律咨询服务{v('consultations')}，"
            f"开展法律知识讲座{v('lectures')}，各类普法活动共{v('publicity_events')}。",
            s["body"],
        ),
        Paragraph("3、考核达标情况。" + _quota_sentence(d), s["body"]),
        Paragraph("（二）推行多元化解，助力“枫桥经验”落地扎根", s["h2"]),
        Paragraph(
            f"1、人民调解。全年各级人民调解组织共受理矛盾纠纷{v('mediation_cases')}，"
            f"调解成功{v('mediation_success')}，调解成功率"
            f"{percent(st['mediation_success'], st['mediation_cases'])}；社区法律顾问共参与调解"
            f"{v('advisor_mediations')}，调解成功{v('labor_mediation_success')}劳资纠纷，"
            f"通过调解追回款项{v('mediation_amount_recovered')}，"
            f"{v('judicial_confirmations')}调解协议经司法确认。"
            f"{_top(st, 'by_category', '从纠纷类别看，以', '为主（详见附表3、图1）。')}",
            s["body"],
        ),
        Paragraph(
            "2、诉访分离。依托访前法律工作室，依法开展信访件前端甄别、分流、引导，"
            f"推动群众依法维权。全年共登记信访件{v('petitions')}，"
            f"为{v('petitions_legal_service')}案件提供了法律服务，"
            f"{v('petitions_guided_legal')}引导法律途径解决，"
            f"追回款项{v('petition_amount_recovered')}。"
            f"{_top(st, 'by_route', '分流去向以', '为主（详见附表4、图2）。')}",
            s["body"],
        ),
        Paragraph(
            "3、涉疫纠纷化解。主动开展涉疫矛盾纠纷排查化解工作，通过12345热线、投诉举报电话及社区摸排等渠道，"
            f"全年排查化解涉疫矛盾纠纷{v('covid_disputes')}。",
            s["body"],
        ),
    ]
    return out


def _top(st: dict, key: str, before: str, after: str, n: int = 3) -> str:
    """'以劳资纠纷63件、邻里纠纷18件为主' from the largest counts of the breakdown `key`
    (in its declared unit); '' if none."""
    unit = statistic(key).unit
    top = sorted(((v, k) for k, v in st[key].items() if v), key=lambda vk: -vk[0])[:n]
    if not top:
        return ""
    return before + "、".join(f"{esc(k)}{v}{unit}" for v, k in top) + after


def _quota_sentence(d: data_service.AnnualData) -> str:
    total = len(d.communities)
    if total == 0:
        return "数据库中尚未登记社区，无法核查考核达标情况。"
    short = {name: rules for name, rules in d.shortfalls.items() if any(rules.values())}
    cut = f"（统计截至{date_cn(d.today)}已结束的考核周期）"
    if not short:
        return f"经逐周、逐月、逐季度核查{cut}，{total}个社区全部达到考核要求。"
    counts = {rule: sum(len(r.get(rule, [])) for r in short.values()) for rule in RULES}
    parts = [
        f"每周值班未达标{counts['duty_weekly']}周次",
        f"每月服务时长未达标{counts['service_hours']}个月次",
        f"季度法治讲座未达标{counts['lecture_quarterly']}个季度次",
        f"年度大型法治宣传未达标{counts['publicity_yearly']}个社区",
    ]
    met = f"{total - len(short)}个社区全部达标，" if len(short) < total else ""
    return (
        f"经逐周、逐月、逐季度核查{cut}，{met}{len(short)}个社区存在未达标周期，其中"
        + "，".join(parts)
        + "（详见附表2）。"
    )


# --- appendix ----------------------------------------------------------------------


def _appendix(d: data_service.AnnualData) -> list:
    s = styles()
    width = frame_width()
    return [
        Paragraph("附件：统计表与统计图", s["h1"]),
        KeepTogether([Paragraph("附表1　主要工作数据", s["caption"]), _summary_table(d, width)]),
        CondPageBreak(50 * mm),
        Paragraph("附表2　社区法律顾问工作量及考核达标情况", s["caption"]),
        _quota_table(d, width),
        Paragraph(
            "注：考核周期按周（ISO周）、月、季度、年划分，仅统计已结束的周期；全部为法定节假日的周免于值班考核。"
            "底色标出的数字为该项未达标的周期数，具体周期见末列（W为周，Q为季度）。",
            s["note"],
        ),
        KeepTogether(
            [
                Paragraph("附表3　人民调解案件分类统计", s["caption"]),
                _category_table(d, width),
            ]
        ),
        KeepTogether(
            [
                Paragraph("附表4　信访件分流去向及来源渠道", s["caption"]),
                _petition_tables(d, width),
            ]
        ),
        Spacer(1, 6 * mm),
        Paragraph("附图", s["h1"]),
        *_charts(d, width),
    ]


def _charts(d: data_service.AnnualData, width: float) -> list:
    if d.empty:
        return [Paragraph("本年度无台账数据，不绘制统计图。", styles()["plain"])]
    return [
        charts.bar_chart(d.stats["by_category"], "图1　调解案件按纠纷类别", width),
        Spacer(1, 6 * mm),
        charts.pie_chart(_routes(d), "图2　信访件按分流去向", width),
        Spacer(1, 6 * mm),
        charts.month_chart(
            {
                "调解案件": {m[5:]: v["mediation_cases"] for m, v in d.by_month.items()},
                "信访件": {m[5:]: v["petitions"] for m, v in d.by_month.items()},
            },
            "图3　每月受理调解案件与登记信访件",
            width,
        ),
    ]


def _summary_table(d: data_service.AnnualData, width: float):
    rows = [[cell("项目", "head"), cell("数值", "head")]]
    for s in STATISTICS:
        if s.kind in ("register", "figure"):
            rows.append([cell(esc(s.label)), cell(rounded(d.stats[s.key]), "cell_r")])
    return data_table(rows, [width * 0.6, width * 0.3])


def _short_periods(periods: list[str], year: int) -> str:
    """Periods as a reader scans them, runs collapsed: 'W01–W05、W09', '3–5月', 'Q2', '全年'."""
    weeks, months, quarters, whole = [], [], [], False
    for p in periods:
        rest = p[len(str(year)) + 1 :]
        if p == str(year):
            whole = True
        elif rest.startswith("W"):
            weeks.append(int(rest[1:]))
        elif rest.startswith("Q"):
            quarters.append(int(rest[1:]))
        else:
            months.append(int(rest))
    out = [_runs(weeks, "W{:02d}", "W{:02d}–W{:02d}")]
    out.append(_runs(months, "{}月", "{}–{}月"))
    out.append(_runs(quarters, "Q{}", "Q{}–Q{}"))
    out.append("全年" if whole else "")
    return "、".join(part for part in out if part)


def _runs(numbers: list[int], single: str, span: str) -> str:
    """[1, 2, 3, 7] → 'W01–W03、W07'; runs of two stay as two items."""
    parts, numbers = [], sorted(numbers)
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(span.format(numbers[i], numbers[j]))
        else:
            parts += [single.format(n) for n in numbers[i : j + 1]]
        i = j + 1
    return "、".join(parts)


def _quota_table(d: data_service.AnnualData, width: float):
    """Community × (workload, short periods per rule, which periods)."""
    figures = ("duty_shifts", "service_hours", "consultations", "lectures")
    top = ["社区"] + [f"{statistic(k).narrow_label}<br/>（{statistic(k).unit}）" for k in figures]
    top += ["未达标周期数", "", "", ""]
    top.append("未达标周期")
    sub = [""] * 5 + [SHORT_RULE[r] for r in RULES] + [""]
    rows = [[cell(h, "head") for h in top], [cell(h, "head") for h in sub]]
    alert = []
    for i, name in enumerate(d.communities, start=2):
        f = d.by_community.get(name, {})
        rules = d.shortfalls.get(name, {})
        line = [cell(esc(name))] + [cell(rounded(f.get(k, 0)), "cell_r") for k in figures]
        for j, rule in enumerate(RULES, start=5):
            n = len(rules.get(rule, []))
            line.append(cell(str(n) if n else "达标", "cell_c"))
            if n:
                alert.append(("BACKGROUND", (j, i), (j, i), SHORT_BG))
        details = [p for rule in RULES for p in rules.get(rule, [])]
        line.append(cell(esc(_short_periods(details, d.year)) or "—"))
        rows.append(line)
    totals = [sum(d.by_community.get(n, {}).get(k, 0) for n in d.communities) for k in figures]
    rows.append([cell("合计", "cell_c")] + [cell(rounded(t), "cell_r") for t in totals] + [""] * 5)
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 3, 4, 9)] + [("SPAN", (5, 0), (8, 0))]
    fixed = [24 * mm] + [13 * mm] * 4 + [13 * mm] * 4
    return data_table(
        rows,
        fixed + [width - sum(fixed)],
        header_rows=2,
        total_row=True,
        extra=spans + alert,
    )


def _category_table(d: data_service.AnnualData, width: float):
    st = d.stats
    head = ["纠纷类别", "受理件数", "占比", "调解成功", "成功率"]
    rows = [[cell(h, "head") for h in head]]
    for name, n in st["by_category"].items():
        ok = d.success_by_category.get(name, 0)
        rows.append(
            [
                cell(esc(name)),
                cell(str(n), "cell_r"),
                cell(percent(n, st["mediation_cases"]), "cell_r"),
                cell(str(ok), "cell_r"),
                cell(percent(ok, n), "cell_r"),
            ]
        )
    rows.append(
        [
            cell("合计", "cell_c"),
            cell(str(st["mediation_cases"]), "cell_r"),
            cell(percent(st["mediation_cases"], st["mediation_cases"]), "cell_r"),
            cell(str(st["mediation_success"]), "cell_r"),
            cell(percent(st["mediation_success"], st["mediation_cases"]), "cell_r"),
        ]
    )
    return data_table(rows, [width * 0.3] + [width * 0.16] * 4, total_row=True)


def _routes(d: data_service.AnnualData) -> dict[str, int]:
    """Petitions by route, those not yet routed included, so shares add up to 100%."""
    routes = dict(d.stats["by_route"])
    if d.unrouted:
        routes["尚未分流"] = d.unrouted
    return routes


def _petition_tables(d: data_service.AnnualData, width: float):
    st = d.stats
    routes = _routes(d)
    left = [[cell(h, "head") for h in ("分流去向", "件数", "占比")]]
    for name, n in routes.items():
        left.append(
            [cell(esc(name)), cell(str(n), "cell_r"), cell(percent(n, st["petitions"]), "cell_r")]
        )
    left.append(
        [
            cell("合计", "cell_c"),
            cell(str(st["petitions"]), "cell_r"),
            cell(percent(st["petitions"], st["petitions"]), "cell_r"),
        ]
    )
    right = [[cell(h, "head") for h in ("来源渠道", "件数", "占比")]]
    for name, n in d.by_channel.items():
        right.append(
            [cell(esc(name)), cell(str(n), "cell_r"), cell(percent(n, st["petitions"]), "cell_r")]
        )
    right.append(
        [
            cell("合计", "cell_c"),
            cell(str(sum(d.by_channel.values())), "cell_r"),
            cell(percent(sum(d.by_channel.values()), st["petitions"]), "cell_r"),
        ]
    )
    half = (width - 8 * mm) / 2
    widths = [half * 0.5, half * 0.25, half * 0.25]
    outer = Table(
        [[data_table(left, widths, total_row=True), data_table(right, widths, total_row=True)]],
        colWidths=[half + 4 * mm, half + 4 * mm],
    )
    outer.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return outer
