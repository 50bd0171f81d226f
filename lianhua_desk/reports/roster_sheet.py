"""The duty roster for a date range, large enough to post on a community's wall."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from ..domain.numbers import count
from ..services import reports as data_service
from ..services.context import Context
from .layout import build_pdf, cell, data_table, frame_width
from .styles import DAY_BAND, styles
from .text import date_cn, esc, weekday_cn


def title(d: data_service.RosterData) -> str:
    who = d.community or d.subdistrict
    return f"{who}法律顾问值班表"


def write(
    ctx: Context, date_from: Any, date_to: Any, out: str | os.PathLike, community: str | None = None
) -> Path:
    return render(data_service.roster_data(ctx, date_from, date_to, community), out)


def render(d: data_service.RosterData, out: str | os.PathLike) -> Path:
    s = styles()
    period = f"{date_cn(d.first)}至{date_cn(d.last)}"
    story = [
        Paragraph(esc(title(d)), s["title"]),
        Paragraph(f"值班期间：{period}　共 {count(len(d.rows))} 班次", s["subtitle"]),
        Spacer(1, 5 * mm),
    ]
    if d.rows:
        story.append(_table(d))
    else:
        story.append(Paragraph("该期间没有值班安排。", s["notice"]))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            "说明：法律顾问每周在社区坐班，为居民免费提供法律咨询、纠纷调解等服务；遇法定节假日顺延或调整，"
            "以本表为准。为保护个人信息，联系电话已隐去中间四位，如需预约请联系社区工作站。",
            s["note"],
        ),
    ]
    return build_pdf(
        out, story, title=f"{title(d)}（{period}）", header=f"{title(d)}　{period}", wide=True
    )


def _table(d: data_service.RosterData):
    with_community = d.community is None
    # A sheet for one community has few rows: print them large for the wall.
    text, centred = ("big_cell", "big_cell_c") if not with_community else ("mid_cell", "mid_cell_c")
    head = ["日期", "星期", "时间"]
    head += ["社区"] if with_community else []
    head += ["法律顾问", "律师事务所", "联系电话", "顾问助理", "值班地点", "状态"]
    rows = [[cell(h, centred) for h in head]]
    shade, band, previous = [], False, None
    for i, r in enumerate(d.rows, start=1):
        if r["date"] != previous:
            band, previous = not band, r["date"]
        if band:
            shade.append(("BACKGROUND", (0, i), (-1, i), DAY_BAND))
        hours = "–".join(t for t in (r["start_time"], r["end_time"]) if t) or "全天"
        line = [
            cell(r["date"], centred),
            cell(weekday_cn(r["date"]), centred),
            cell(esc(hours), centred),
        ]
        if with_community:
            line.append(cell(esc(r["community"]), text))
        line += [
            cell(esc(r["advisor"]), text),
            cell(esc(r["firm"]), text),
            cell(esc(r["mobile"]), centred),
            cell(esc(r["assistant"]), text),
            cell(esc(r["location"]), text),
            cell(esc(r["status"]), centred),
        ]
        rows.append(line)
    if with_community:
        widths = [24, 11, 24, 26, 18, 0, 26, 18, 0, 16]
    else:
        widths = [26, 13, 26, 22, 0, 28, 22, 0, 16]
    widths = [w * mm for w in widths]
    free = frame_width(wide=True) - sum(widths)
    firm = widths.index(0)
    share = 0.48 if with_community else 0.43  # the firm's share; the place gets the rest
    widths[firm], widths[-2] = free * share, free * (1 - share)
    return data_table(rows, widths, extra=shade)
