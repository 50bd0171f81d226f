"""The monthly subsidy statement (社区法律顾问补贴发放表): base plus 一案一补 per case,
a totals row, the total in 大写 (as finance pays against it) and the lines people sign."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from ..domain.numbers import amount_in_words, count, money_or_zero
from ..domain.periods import period_label
from ..domain.settings import signer
from ..services import reports as data_service
from ..services.context import Context
from . import fonts
from .layout import build_pdf, cell, data_table, frame_width
from .styles import TOTAL_BG, styles
from .text import esc


def title(d: data_service.SubsidyData) -> str:
    return f"{d.subdistrict}社区法律顾问补贴发放表（{period_label(d.month)}）"


def write(ctx: Context, month: str, out: str | os.PathLike) -> Path:
    preparer = signer(ctx.actor.operator)  # the default 管理员 is no one: a line to sign
    return render(data_service.subsidy_data(ctx, month), out, preparer=preparer)


def render(d: data_service.SubsidyData, out: str | os.PathLike, preparer: str = "") -> Path:
    s = styles()
    story = [
        Paragraph(esc(title(d)), s["title"]),
        Paragraph(
            f"标准：每名在聘法律顾问每月基本补贴 {money_or_zero(d.base_monthly)} 元；"
            f"“一案一补”每参与调解一件 {money_or_zero(d.per_case)} 元（按当月受理的调解案件计）",
            s["subtitle"],
        ),
        Spacer(1, 5 * mm),
    ]
    if d.lines:
        story.append(_table(d))
    else:
        story.append(Paragraph("本月没有在聘的法律顾问，也没有参与调解的案件。", s["notice"]))
    story.append(Spacer(1, 3 * mm))
    story.append(_signatures(preparer))
    return build_pdf(out, story, title=title(d), header=title(d), wide=True)


def _table(d: data_service.SubsidyData):
    head = [
        "序号",
        "法律顾问",
        "律师事务所",
        "服务社区",
        "基本补贴<br/>（元）",
        "参与调解<br/>（件）",
    ]
    head += ["一案一补<br/>（元）", "合计<br/>（元）", "一案一补案件编号", "领取人签名"]
    rows = [[cell(h, "head") for h in head]]
    for i, line in enumerate(d.lines, start=1):
        rows.append(
            [
                cell(str(i), "cell_c"),
                cell(esc(line.advisor)),
                cell(esc(line.firm)),
                cell(esc(line.community)),
                cell(money_or_zero(line.base), "cell_r"),
                cell(count(len(line.cases)), "cell_r"),
                cell(money_or_zero(line.case_amount), "cell_r"),
                cell(money_or_zero(line.total), "cell_r"),
                cell("<br/>".join(esc(c) for c in line.cases), "small"),
                "",
            ]
        )
    rows.append(
        [
            cell("合计", "cell_c"),
            "",
            "",
            "",
            cell(money_or_zero(d.total_base), "cell_r"),
            cell(count(d.total_cases), "cell_r"),
            cell(money_or_zero(d.total_case_amount), "cell_r"),
            cell(money_or_zero(d.total), "cell_r"),
            "",
            "",
        ]
    )
    # The total in 大写, as finance pays against it (and no figure can be altered).
    rows.append([cell("合计金额（大写）", "cell_c"), "", "", "", cell(amount_in_words(d.total))])
    rows[-1] += [""] * (len(head) - len(rows[-1]))
    widths = [11, 20, 0, 25, 22, 18, 22, 24, 40, 32]
    widths = [w * mm for w in widths]
    widths[2] = frame_width(wide=True) - sum(widths)
    last = len(rows) - 2
    return data_table(
        rows,
        widths,
        total_row=True,
        extra=[
            ("SPAN", (0, last), (3, last)),
            ("SPAN", (0, last + 1), (3, last + 1)),
            ("SPAN", (4, last + 1), (-1, last + 1)),
            ("BACKGROUND", (0, last), (-1, last), TOTAL_BG),
            ("TOPPADDING", (0, 1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
        ],
    )


def _signatures(preparer: str):
    s = styles()
    blank = "＿＿＿＿＿＿＿＿"
    row = [
        Paragraph(f"制表人：{esc(preparer) or blank}", s["plain"]),
        Paragraph(f"审核人：{blank}", s["plain"]),
        Paragraph(f"负责人：{blank}", s["plain"]),
        Paragraph("日期：＿＿＿＿年＿＿月＿＿日", s["plain"]),
    ]
    width = frame_width(wide=True) / 4
    table = Table([row], colWidths=[width] * 4)
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return KeepTogether([table])
