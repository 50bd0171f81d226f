"""Monthly and quarterly statistics (月度 / 季度统计), as a PDF and as an Excel workbook.

First the 人民调解 case tables in the layout of the Ministry of Justice's 2010 statistical
report forms (services.reports.MINISTRY_TABLES: which of our values fill which column,
"—" where the register records nothing), with the reporting unit, the period, and the
负责人 / 填报人 / 填报日期 lines; then the street office's own figures. The figures use
the statistics' definitions, grouped by month and by community
(services.reports.periodic_data); the tables of both formats come from one function
so the PDF and the workbook always say the same.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table

from ..domain.numbers import money
from ..domain.rules import RULE_LABELS
from ..domain.statistics import statistic
from ..services import reports as data_service
from ..services.context import Context
from ..services.stats import STAT_LABELS
from ..store.report_queries import TOTAL_KEYS
from . import fonts
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


MINISTRY_TITLE = "人民调解案件情况统计表"
UNIT_LINE = "计量单位：件、元"
TOTAL = "合计"


def title(d: data_service.PeriodicData) -> str:
    return f"{d.subdistrict}{d.label}法治工作统计表"


def period_line(d: data_service.PeriodicData) -> str:
    return f"统计期间：{d.label}（{date_cn(d.first)}至{date_cn(d.last)}）"


def foot_parts(d: data_service.PeriodicData) -> tuple[str, str, str]:
    """The forms' foot: who answers for the figures (signed by hand), who filled them
    in, and when."""
    return "负责人：", f"填报人：{d.preparer}", f"填报日期：{date_cn(d.prepared)}"


def foot_line(d: data_service.PeriodicData) -> str:
    return "　　　　".join(foot_parts(d))


def figure_text(value, is_money: bool = False) -> str:
    """A figure as the tables print it: thousands separated, money with two decimals,
    '—' for a column the register does not record."""
    if value is None:
        return data_service.NOT_RECORDED
    if is_money:
        return money(float(value))
    x = round(float(value), 2)
    return f"{int(x):,}" if x.is_integer() else f"{x:,.2f}".rstrip("0")


def write(ctx: Context, period: str, out: str | os.PathLike, today: dt.date | None = None) -> Path:
    """PDF or Excel, by the file name's extension (.xlsx → workbook, else PDF)."""
    d = data_service.periodic_data(ctx, period, today)
    if str(out).lower().endswith(".xlsx"):
        return render_xlsx(d, out)
    return render_pdf(d, out)


# --- the tables, shared by both formats --------------------------------------------------


def ministry_rows(
    d: data_service.PeriodicData, columns: tuple[data_service.MinistryColumn, ...]
) -> tuple[list[str], list[list]]:
    """One Ministry table: a row per community, then the 合计 row (the sum of the rows)."""
    head = ["填报单位（社区）"] + [f"{c.group}：{c.label}" if c.group else c.label for c in columns]
    rows = [[name] + [f[c.key] for c in columns] for name, f in d.ministry.items()]
    total = data_service.ministry_total(d.ministry)
    rows.append([TOTAL] + [total[c.key] for c in columns])
    return head, rows


def ministry_notes(columns: tuple[data_service.MinistryColumn, ...]) -> list[str]:
    """What a Ministry table's columns count, derived from the declared mapping."""
    missing = [c for c in columns if c.ours is None]
    types = [c for c in missing if c in data_service.MINISTRY_TYPES]
    notes = []
    if missing:
        why = (
            f"台账纠纷类别未设{'、'.join(c.label for c in types)}，此类纠纷计入“其他”"
            if types
            else f"台账未记录{'、'.join(c.label for c in missing)}的情况"
        )
        notes.append(f"“{data_service.NOT_RECORDED}”：台账未采集（{why}）。")
    renamed = "；".join(
        f"“{c.label}”含台账“{'”“'.join(c.ours)}”"
        for c in columns
        if c.ours and None not in c.ours and c.ours != (c.label,)
    )
    if renamed:
        notes.append(f"按台账归入：{renamed}。")
    if any(c.ours and None in c.ours for c in columns):
        notes.append(f"“{data_service.UNKNOWN}”为台账未填写该项的案件。")
    notes.append(
        "调解纠纷按受理日期归入统计期间，与年度统计口径一致"
        + (
            "；调解成功、协议形式、协议涉及金额为其中截至填报日已调解成功者，"
            "司法确认为其中已经司法确认者。"
            if data_service.MINISTRY_SUCCESS in columns
            else "。"
        )
    )
    return notes


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
    rows = [
        [name, data_service.period_name(s.period), RULE_LABELS[s.rule], s.required, s.actual]
        for name, s in d.shortfalls
    ]
    return head, rows


# --- PDF ---------------------------------------------------------------------------------


def _value_cell(v, is_money: bool = False, style: str = "cell_r"):
    if v is None or isinstance(v, int | float):
        return cell(figure_text(v, is_money), style)
    return cell(esc(v))


def _cells(head: list[str], rows: list[list], money_rows: frozenset[int] = frozenset()):
    out = [[cell(esc(h), "head") for h in head]]
    for r, row in enumerate(rows):
        out.append([_value_cell(v, r in money_rows) for v in row])
    return out


def money_rows() -> frozenset[int]:
    """The rows of `figure_rows` that are amounts of money."""
    return frozenset(i for i, key in enumerate(TOTAL_KEYS) if statistic(key).money)


def _small(name: str, alignment: int) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["small"], alignment=alignment, leading=10)


def _ministry_table(d: data_service.PeriodicData, columns, width: float) -> Table:
    """Two header rows as the form has them: the column groups over their columns; a
    column of its own spans both rows."""
    head_style, right = _small("ministry_head", TA_CENTER), _small("ministry_r", 2)
    _, rows = ministry_rows(d, columns)
    top, second, spans = [cell("填报单位<br/>（社区）", "head")], [""], [((0, 0), (0, 1))]
    for i, c in enumerate(columns, start=1):
        if not c.group:
            top.append(Paragraph(esc(c.label), head_style))
            second.append("")
            spans.append(((i, 0), (i, 1)))
            continue
        first_of_group = i == 1 or columns[i - 2].group != c.group
        top.append(Paragraph(esc(c.group), head_style) if first_of_group else "")
        second.append(Paragraph(esc(c.label), head_style))
        if first_of_group:
            last = i + sum(1 for _ in _same_group(columns, i - 1)) - 1
            spans.append(((i, 0), (last, 0)))
    body = [
        [cell(esc(row[0]))]
        + [Paragraph(figure_text(v, c.money), right) for v, c in zip(row[1:], columns, strict=True)]
        for row in rows
    ]
    amount = [i for i, c in enumerate(columns, start=1) if c.money]
    first = 28 * mm
    wide = 22 * mm * len(amount)
    narrow = (width - first - wide) / (len(columns) - len(amount))
    widths = [first] + [22 * mm if c.money else narrow for c in columns]
    extra = [("SPAN", a, b) for a, b in spans] + [("LEFTPADDING", (1, 0), (-1, -1), 2)]
    extra += [("RIGHTPADDING", (1, 0), (-1, -1), 2)]
    extra += [("TOPPADDING", (0, 2), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 2), (-1, -1), 1.5)]
    return data_table([top, second, *body], widths, header_rows=2, total_row=True, extra=extra)


def _same_group(columns, start: int):
    group = columns[start].group
    for c in columns[start:]:
        if c.group != group:
            return
        yield c


def _line(parts: tuple[str, str, str], width: float) -> Table:
    """Three parts on one line, left, centre and right, as the forms print the lines
    over and under their tables."""
    s = styles()
    row = [
        Paragraph(esc(parts[0]), s["plain"]),
        Paragraph(esc(parts[1]), s["center"]),
        Paragraph(esc(parts[2]), s["right"]),
    ]
    table = Table([row], colWidths=[width * 0.3, width * 0.45, width * 0.25])
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.register()),  # else Helvetica is named
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def _ministry_story(d: data_service.PeriodicData, width: float) -> list:
    """Each table a form of its own page: title, the line over it, the table, its
    notes and the foot."""
    s = styles()
    form_title = ParagraphStyle("form_title", parent=s["title"], fontSize=17, leading=24)
    over = (f"填报单位：{d.reporting_unit}", period_line(d), UNIT_LINE)
    story: list = []
    for caption, columns in data_service.MINISTRY_TABLES:
        story += [
            Paragraph(esc(caption), form_title),
            _line(over, width),
            Spacer(1, 1 * mm),
            _ministry_table(d, columns, width),
            Paragraph(esc("注：" + "".join(ministry_notes(columns))), s["note"]),
            Spacer(1, 2 * mm),
            _line(foot_parts(d), width),
            PageBreak(),
        ]
    return story


def _grouped(rows: list[list]) -> list[list]:
    """Print a group's name on its first row only."""
    out, previous = [], None
    for group, *rest in rows:
        out.append(["" if group == previous else group, *rest])
        previous = group
    return out


def render_pdf(d: data_service.PeriodicData, out: str | os.PathLike) -> Path:
    s = styles()
    width = frame_width(wide=True)
    story = [
        *_ministry_story(d, width),
        Paragraph(esc(title(d)), s["title"]),
        Paragraph(esc(period_line(d)), s["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    if d.empty:
        story.append(Paragraph(f"{d.label}没有任何台账记录，各项数字均为 0。", s["notice"]))
    head, rows = figure_rows(d)
    first = 60 * mm
    story += [
        KeepTogether(
            [
                Paragraph("表一　主要数据", s["caption"]),
                data_table(
                    _cells(head, rows, money_rows()),
                    [first] + [(width - first) / (len(head) - 1)] * (len(head) - 1),
                ),
            ]
        ),
        CondPageBreak(50 * mm),
        Paragraph("表二　分社区统计", s["caption"]),
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
        Paragraph("表三　分类统计", s["caption"]),
        data_table(
            _cells(head, _grouped(rows) or [["—", "本期无数据", 0]]),
            [70 * mm, 100 * mm, 40 * mm],
        ),
    ]
    head, rows = shortfall_rows(d)
    story += [CondPageBreak(50 * mm), Paragraph("表四　本期考核未达标情况", s["caption"])]
    if rows:
        story.append(data_table(_cells(head, rows), [35 * mm, 75 * mm, 70 * mm, 30 * mm, 30 * mm]))
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
    return build_pdf(
        out, story, title=title(d), header=title(d), wide=True, margins_mm=(18, 20, 16, 20)
    )


# --- Excel -------------------------------------------------------------------------------


def _number_formats(ws, money_cols: set[int] = frozenset(), money_rows=frozenset()) -> None:
    """Thousands separators (money with cents) and right alignment for every figure
    below the header; '—' (not recorded) right-aligned like the figures."""
    from openpyxl.styles import Alignment

    right = Alignment(horizontal="right")
    for r, row in enumerate(ws.iter_rows(min_row=4)):
        for i, c in enumerate(row):
            if isinstance(c.value, int | float):
                is_money = i in money_cols or r in money_rows
                whole = isinstance(c.value, int) or float(c.value).is_integer()
                c.number_format = "#,##0.00" if is_money or not whole else "#,##0"
                c.alignment = right
            elif c.value == data_service.NOT_RECORDED:
                c.alignment = right


def _ministry_sheet(wb, d: data_service.PeriodicData, caption: str, columns) -> None:
    head, rows = ministry_rows(d, columns)
    rows = [[data_service.NOT_RECORDED if v is None else v for v in row] for row in rows]
    subtitle = f"填报单位：{d.reporting_unit}　{period_line(d)}　{UNIT_LINE}"
    sheet = "人民调解" + caption.removeprefix(MINISTRY_TITLE)
    ws = add_table_sheet(wb, sheet, caption, subtitle, head, rows)
    _number_formats(ws, {i for i, c in enumerate(columns, start=1) if c.money})
    ws.append([])
    for note in ministry_notes(columns):
        ws.append([f"注：{note}"])
    ws.append([foot_line(d)])


def render_xlsx(d: data_service.PeriodicData, out: str | os.PathLike) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for caption, columns in data_service.MINISTRY_TABLES:
        _ministry_sheet(wb, d, caption, columns)
    sheets = (
        ("主要数据", figure_rows(d), money_rows()),
        ("分社区", community_rows(d), frozenset()),
        ("分类统计", breakdown_rows(d), frozenset()),
        ("未达标", shortfall_rows(d), frozenset()),
    )
    for name, (head, rows), money_in in sheets:
        ws = add_table_sheet(wb, name, title(d), period_line(d), head, rows)
        _number_formats(ws, money_rows=money_in)
    return save_workbook(wb, out)
