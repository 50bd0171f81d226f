"""案卷评查表 (PDF) for the reviewer: a summary per community and the list of case files
with their problems. The tables come from `summary_rows` and `problem_rows`, which the
workbook (review_workbook.py) writes too, so both formats always say the same.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from ..domain.numbers import count
from ..domain.review import RULE_SHORT, RULES
from ..services import review as review_service
from ..services.context import Context
from .layout import build_pdf, cell, data_table, frame_width
from .styles import styles
from .text import date_cn, esc

SUMMARY_HEAD = ["社区", "案卷数", "存在问题", *RULE_SHORT.values()]
PROBLEM_HEAD = ["编号", "社区", "评查项目", "问题"]


def title(subdistrict: str, r: review_service.Review) -> str:
    return f"{subdistrict}{r.community or ''}{r.year}年人民调解案卷评查表"


def write(
    ctx: Context,
    year: int,
    out: str | os.PathLike,
    community: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Review the year and write the PDF, or the workbook when `out` ends in .xlsx."""
    r = review_service.review(ctx, year, community, today)
    subdistrict = ctx.settings.subdistrict
    if str(out).lower().endswith(".xlsx"):
        from .review_workbook import render_xlsx

        return render_xlsx(r, subdistrict, out)
    return render_pdf(r, subdistrict, out)


# --- the tables, shared by both formats --------------------------------------------------


def summary_rows(r: review_service.Review) -> list[list]:
    """Per community: files, files with problems, files flagged per rule; then 合计."""
    per: dict[str, Counter] = {}
    for c in r.cases:
        counts = per.setdefault(c.community, Counter())
        counts["cases"] += 1
        counts["with_problems"] += bool(c.problems)
        counts.update({p.rule for p in c.problems})
    rows = []
    total: Counter = Counter()
    for name in sorted(per):
        counts = per[name]
        total.update(counts)
        rows.append([name, counts["cases"], counts["with_problems"], *(counts[k] for k in RULES)])
    rows.append(["合计", total["cases"], total["with_problems"], *(total[k] for k in RULES)])
    return rows


def _text(number: str, message: str) -> str:
    """The message without its "number：" prefix (the row names the file already)."""
    prefix = f"{number}："
    return message[len(prefix) :] if message.startswith(prefix) else message


def problem_rows(r: review_service.Review) -> list[list[str]]:
    """One row per problem: number, community, rule (its short title), what is wrong. Case files in
    number order, then the petitions routed to 人民调解 without their case."""
    rows = []
    for item in [*r.cases, *r.petitions]:
        number = getattr(item, "case_no", None) or getattr(item, "petition_no", "")
        for p in item.problems:
            rows.append([number, item.community, RULE_SHORT[p.rule], _text(number, p.message)])
    return rows


# --- PDF ---------------------------------------------------------------------------------


def _grouped(rows: list[list]) -> list[list]:
    """Name a file (number and community) on its first row only, and a rule on the
    first of its file's rows."""
    out, previous = [], (None, None)
    for number, community, rule, text in rows:
        if number != previous[0]:
            out.append([number, community, rule, text])
        else:
            out.append(["", "", "" if rule == previous[1] else rule, text])
        previous = (number, rule)
    return out


def render_pdf(r: review_service.Review, subdistrict: str, out: str | os.PathLike) -> Path:
    s = styles()
    width = frame_width()
    heading = title(subdistrict, r)
    summary = r.summary()
    flagged = summary["cases_with_problems"]
    story = [
        Paragraph(esc(heading), s["title"]),
        Paragraph(
            f"评查日期：{date_cn(r.today)}　评查案卷 {summary['cases']} 件，存在问题 {flagged} 件",
            s["subtitle"],
        ),
        Spacer(1, 4 * mm),
    ]
    if not r.cases:
        story.append(Paragraph(f"{r.year}年没有受理的调解案件。", s["notice"]))
    rows = summary_rows(r)
    head = [cell(esc(h), "head") for h in SUMMARY_HEAD]
    body = [
        [cell(esc(v)) if isinstance(v, str) else cell(count(v), "cell_r") for v in row]
        for row in rows
    ]
    first = 34 * mm
    story += [
        Paragraph("表1　分社区评查情况（件）", s["caption"]),
        data_table(
            [head, *body],
            [first] + [(width - first) / (len(SUMMARY_HEAD) - 1)] * (len(SUMMARY_HEAD) - 1),
            total_row=True,
        ),
        Paragraph(
            "注：各评查项目下为存在该项问题的案卷数，一件案卷可有多项问题。"
            + "；".join(f"{RULE_SHORT[k]}：{v}" for k, v in RULES.items())
            + "。",
            s["note"],
        ),
        CondPageBreak(50 * mm),
        Paragraph("表2　案卷问题清单", s["caption"]),
    ]
    rows = problem_rows(r)
    if rows:
        widths = [36 * mm, 26 * mm, 20 * mm]
        cells = [[cell(esc(v)) for v in row] for row in _grouped(rows)]
        story.append(
            data_table(
                [[cell(esc(h), "head") for h in PROBLEM_HEAD], *cells],
                [*widths, width - sum(widths)],
            )
        )
    else:
        none = "评查的案卷均未发现问题。" if r.cases else "没有可评查的案卷。"
        story.append(Paragraph(none, s["plain"]))
    if r.petitions:
        story.append(
            Paragraph(
                f"注：清单末尾的{len(r.petitions)}件信访件已分流至人民调解，但没有对应的调解案件。",
                s["note"],
            )
        )
    story.append(
        Paragraph(
            f"注：案卷按受理日期归入{r.year}年；期限和回访按评查日期（{date_cn(r.today)}）判断。",
            s["note"],
        )
    )
    return build_pdf(out, story, title=heading, header=heading, author=subdistrict)
