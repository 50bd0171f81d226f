"""Paragraph and table styles: one CJK font for all text, CJK line breaking."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from . import fonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#666666")
RULE = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e4e9f0")
TOTAL_BG = colors.HexColor("#f3f3f3")
ALERT = colors.HexColor("#b3261e")
DAY_BAND = colors.HexColor("#f4f7fb")  # every other day on a roster
SHORT_BG = colors.HexColor("#f9d9d6")  # a quota period missed
PLACEHOLDER_BG = colors.HexColor("#fff6d6")
PLACEHOLDER_INK = colors.HexColor("#7a5b00")


def _style(name: str, size: float, leading: float, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.register(),
        fontSize=size,
        leading=leading,
        textColor=kw.pop("textColor", INK),
        wordWrap="CJK",  # break between any two Chinese characters
        **kw,
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    body_size = 11.5
    indent = 2 * body_size  # 首行缩进两字
    return {
        "title": _style("title", 20, 30, alignment=TA_CENTER, spaceAfter=4),
        "cover": _style("cover", 30, 44, alignment=TA_CENTER),
        "subtitle": _style("subtitle", 10.5, 16, alignment=TA_CENTER, textColor=MUTED),
        "h1": _style("h1", 14.5, 24, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "h2": _style(
            "h2", 12.5, 22, firstLineIndent=indent, spaceBefore=4, spaceAfter=2, keepWithNext=1
        ),
        "h3": _style("h3", 12.5, 20, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "body": _style(
            "body", body_size, 21, firstLineIndent=indent, alignment=TA_JUSTIFY, spaceAfter=2
        ),
        "plain": _style("plain", body_size, 21, alignment=TA_LEFT),
        "right": _style("right", body_size, 21, alignment=TA_RIGHT),
        "center": _style("center", body_size, 21, alignment=TA_CENTER),
        "placeholder": _style(
            "placeholder",
            body_size,
            21,
            firstLineIndent=indent,
            textColor=PLACEHOLDER_INK,
            backColor=PLACEHOLDER_BG,
            borderPadding=(4, 6, 4, 6),
            spaceBefore=4,
            spaceAfter=8,
        ),
        "notice": _style(
            "notice",
            body_size,
            21,
            textColor=ALERT,
            borderColor=ALERT,
            borderWidth=0.6,
            borderPadding=(6, 8, 6, 8),
            spaceBefore=6,
            spaceAfter=10,
        ),
        "caption": _style("caption", 11.5, 18, alignment=TA_CENTER, spaceBefore=8, spaceAfter=4),
        "note": _style("note", 9, 13, textColor=MUTED, spaceBefore=2),
        "cell": _style("cell", 9.5, 13),
        "small": _style("small", 8, 11),
        "cell_c": _style("cell_c", 9.5, 13, alignment=TA_CENTER),
        "cell_r": _style("cell_r", 9.5, 13, alignment=TA_RIGHT),
        "head": _style("head", 9.5, 13, alignment=TA_CENTER),
        "mid_cell": _style("mid_cell", 10.5, 14),
        "mid_cell_c": _style("mid_cell_c", 10.5, 14, alignment=TA_CENTER),
        "big_cell": _style("big_cell", 11.5, 18),
        "big_cell_c": _style("big_cell_c", 11.5, 18, alignment=TA_CENTER),
    }


def table_style(*extra, header_rows: int = 1, total_row: bool = False) -> TableStyle:
    """Grid, header band and the CJK font for any cell given as a plain string."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG))
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG))
    commands.extend(extra)
    return TableStyle(commands)
