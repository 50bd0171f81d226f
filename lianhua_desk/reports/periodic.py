"""Monthly and quarterly statistics (月度 / 季度统计), as a PDF and as an Excel workbook.

The figures use the statistics' definitions, grouped by month and by community
(services.reports.periodic_data); the tables of both formats come from one function
so the PDF and the workbook always say the same.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from ..domain.numbers import rounded
from ..domain.rules import RULE_LABELS
from ..domain.statistics import statistic
from ..services import reports as data_service
from ..services.context import Context
from ..services.stats import STAT_LABELS
from ..store.report_queries import TOTAL_KEYS
from .layout import build_pdf, cell, data_table, frame_width
from .styles import styles
from .text import date_cn, esc
from .workbook import add_table_sheet, save_workbook

COMMUNITY_KEYS = (
    "duty_shifts",
    "service_hours",
    "consultations",
    "lectures",
    "publicity_events",
    "mediation_cases",
    "mediation_success",
    "petitions",
)
SHORT_LABELS = {k: statistic(k).short_label for k in COMMUNITY_KEYS}


def title(d: data_service.PeriodicData) -> str:
    return f"{d.subdistrict}{d.label}法治工作统计表"


def write(ctx: Context, period: str, out: str | os.PathLike, today: dt.date | None = None) -> Path:
    """PDF or Excel, by the file name's extension (.xlsx → workbook, else PDF)."""
    d = data_service.periodic_data(ctx, period, today)
    if str(out).lower().endswith(".xlsx"):
        return render_xlsx(d, out)
    return render_pdf(d, out)


# --- the tables, shared by both formats --------------------------------------------------


def figure_rows(d: data_service.PeriodicData) -> tuple[list[str], list[list]]:
    months = list(d.by_month) if len(d.by_month) > 1 else []
    head = ["项目"] + [f"{int(m[5:])}月" for m in months] + ["本期", "本年累计"]
    rows = []
    for key in TOTAL_KEYS:
        values = [d.by_month[m][key] for m in months] + [d.figures[key], d.year_to_date[key]]
        rows.append([STAT_LABELS[key], *values])
    return head, rows


def community_rows(d: data_service.PeriodicData) -> tuple[list[str], list[list]]:
    head = ["社区"] + [SHORT_LABELS[k] for k in COMMUNITY_KEYS]
    rows = [[name] + [f.get(k, 0) for k in COMMUNITY_KEYS] for name, f in d.by_community.items()]
    rows.append(["合计"] + [d.figures[k] for k in COMMUNITY_KEYS])
    return head, rows


def breakdown_rows(d: data_service.PeriodicData) -> tuple[list[str], list[list]]:
    head = ["分组", "项目", "件数"]
    rows = [["调解案件纠纷类别", k, v] for k, v in d.by_category.items()]
    rows += [["信访件分流去向", k, v] for k, v in d.by_route.items()]
    rows += [["信访件来源渠道", k, v] for k, v in d.by_channel.items()]
    return head, rows


def shortfall_rows(d: data_service.PeriodicData) -> tuple[list[str], list[list]]:
    head = ["社区", "考核周期", "考核项目", "要求", "实际"]
    rows = [[name, s.period, RULE_LABELS[s.rule], s.required, s.actual] for name, s in d.shortfalls]
    return head, rows


# --- PDF ---------------------------------------------------------------------------------


def _cells(head: list[str], rows: list[list]) -> list[list]:
    out = [[cell(esc(h), "head") for h in head]]
    for row in rows:
        out.append(
            [
                cell(rounded(v), "cell_r") if isinstance(v, int | float) else cell(esc(v))
                for v in row
            ]
        )
    return out


def _grouped(rows: list[list]) -> list[list]:
    """Print a group's name on its first row only."""
    out, previous = [], None
    for group, *rest in rows:
        out.append(["" if group == previous else group, *rest])
        previous = group
    return out


def render_pdf(d: data_service.PeriodicData, out: str | os.PathLike) -> Path:
    s = styles()
    width = frame_width()
    story = [
        Paragraph(esc(title(d)), s["title"]),
        Paragraph(f"统计期间：{date_cn(d.first)}至{date_cn(d.last)}", s["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    if d.empty:
        story.append(Paragraph(f"{d.label}没有任何台账记录，各项数字均为 0。", s["notice"]))
    head, rows = figure_rows(d)
    first = 60 * mm
    story += [
        KeepTogether(
            [
                Paragraph("表1　主要数据", s["caption"]),
                data_table(
                    _cells(head, rows),
                    [first] + [(width - first) / (len(head) - 1)] * (len(head) - 1),
                ),
            ]
        ),
        CondPageBreak(50 * mm),
        Paragraph("表2　分社区统计", s["caption"]),
    ]
    head, rows = community_rows(d)
    story.append(
        data_table(
            _cells(head, rows),
            [30 * mm] + [(width - 30 * mm) / (len(head) - 1)] * (len(head) - 1),
            total_row=True,
        )
    )
    head, rows = breakdown_rows(d)
    story += [
        CondPageBreak(50 * mm),
        Paragraph("表3　分类统计", s["caption"]),
        data_table(
            _cells(head, _grouped(rows) or [["—", "本期无数据", 0]]),
            [50 * mm, 60 * mm, 30 * mm],
        ),
    ]
    head, rows = shortfall_rows(d)
    story += [CondPageBreak(50 * mm), Paragraph("表4　本期考核未达标情况", s["caption"])]
    if rows:
        story.append(data_table(_cells(head, rows), [30 * mm, 26 * mm, 60 * mm, 25 * mm, 25 * mm]))
    else:
        story.append(
            Paragraph("本期已结束的考核周期中，各社区均已达标（或尚无已结束的周期）。", s["plain"])
        )
    story.append(
        Paragraph(
            "注：各项数字按记录本身的日期（调解案件按受理日期、信访件按登记日期）归入统计期间，"
            "口径与年度统计、年度报告一致；值班周归入其星期四所在的月份。",
            s["note"],
        )
    )
    return build_pdf(out, story, title=title(d), header=title(d))


# --- Excel -------------------------------------------------------------------------------


def render_xlsx(d: data_service.PeriodicData, out: str | os.PathLike) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    sheets = (
        ("主要数据", figure_rows(d)),
        ("分社区", community_rows(d)),
        ("分类统计", breakdown_rows(d)),
        ("未达标", shortfall_rows(d)),
    )
    subtitle = f"统计期间：{d.first.isoformat()} 至 {d.last.isoformat()}"
    for name, (head, rows) in sheets:
        add_table_sheet(wb, name, title(d), subtitle, head, rows)
    return save_workbook(wb, out)
