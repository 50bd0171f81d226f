"""The page and styles of a document in official-document form (公文, GB/T 9704-2012).

A4; 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, text block 156 × 225 mm, which
holds 22 lines of 3号 (16 pt) body text. The title is 2号 (22 pt) in a 宋 face set heavy
for 小标宋; the body 3号 in the 仿宋 stand-in, first line indented two characters; 一、
headings in 黑体, （一） headings in 楷体, both 3号; a run-in lead ('1、组织保障。') in the
bold 仿宋 stand-in. Page numbers '— 1 —' in 4号 宋体, 7 mm below the text block, odd
pages on the right and even pages on the left, one character in from the edge. The
faces are in reports/fonts.py (`FACES`), why these: resources/fonts/README-gongwen.txt.

Nothing here names the program: the PDF's metadata carry the title and the issuer.
"""

from __future__ import annotations

import math
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table

from ..paths import owner_only
from . import fonts
from . import text as report_text

# GB/T 9704-2012, 5.2.1 and 7.1 (millimetres).
TOP, LEFT, BLOCK_W, BLOCK_H = 37.0, 28.0, 156.0, 225.0
LINES = 22  # lines of body text on a full page
CHARS = 28  # characters of body text on a full line
PAGE_NUMBER_GAP = 7.0  # the page number's dashes sit this far below the text block

SIZE = {"2号": 22.0, "3号": 16.0, "4号": 14.0, "小4": 12.0}
BODY = SIZE["3号"]
LEADING = BLOCK_H * mm / LINES - 0.001  # 22 lines exactly fill the block
# A character's advance on the grid: 28 of them fill the 156 mm line, as the character
# grid of the standard's templates does (16 pt glyphs, 15.79 pt apart).
PITCH = BLOCK_W * mm / CHARS
INDENT = 2 * PITCH  # 首行缩进二字

SONG, FANGSONG, FANGSONG_BOLD, KAI = (
    "LianhuaSong",
    "LianhuaFangSong",
    "LianhuaFangSongBold",
    "LianhuaKai",
)
HEI = fonts.FONT  # WenQuanYi Micro Hei
TITLE_WEIGHT = 0.45  # pt of outline stroked round the title's 宋 glyphs: 小标宋's weight

INK = colors.black
RULE = colors.HexColor("#333333")
HEAD_BG = colors.HexColor("#eeeeee")
PLACEHOLDER_BG = colors.HexColor("#fff6d6")


def faces() -> tuple[str, ...]:
    """Register every face this form uses; returns their names."""
    fonts.register()
    names = tuple(fonts.register_face(n) for n in (SONG, FANGSONG, FANGSONG_BOLD, KAI))
    for name in (FANGSONG, FANGSONG_BOLD, KAI):
        _on_grid(name)
    _teach_cjk_justify()
    return names + (HEI,)


def _on_grid(name: str) -> None:
    """Set the face's full-width characters `PITCH` apart at 3号 (its advance widths in
    the layout and in the PDF's /W array both read `charWidths`). Only the 公文 faces
    are changed; WenQuanYi, shared with every other PDF, keeps its widths."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(name).face
    if getattr(face, "lianhua_grid", False):
        return
    grid = math.floor(PITCH / BODY * 10000) / 10  # 28 must fit, rounding included
    for cp, width in face.charWidths.items():
        if 990 <= width <= 1010:
            face.charWidths[cp] = grid
    face.lianhua_grid = True


def esc(value: Any, face: str = FANGSONG) -> str:
    """reports/text.esc for a paragraph set in `face` (the body's 仿宋 by default)."""
    return report_text.esc(value, face=face)


def _style(name: str, face: str, size: float = BODY, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=face,
        fontSize=size,
        leading=kw.pop("leading", LEADING),
        textColor=INK,
        wordWrap="CJK",
        **kw,
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    faces()
    small = SIZE["小4"]
    return {
        "title": _style("gw-title", SONG, SIZE["2号"], alignment=TA_CENTER, spaceAfter=LEADING),
        "body": _style("gw-body", FANGSONG, firstLineIndent=INDENT, alignment=TA_JUSTIFY),
        "h1": _style("gw-h1", HEI, firstLineIndent=INDENT, keepWithNext=1),
        "h2": _style("gw-h2", KAI, firstLineIndent=INDENT, keepWithNext=1),
        "note": _style("gw-note", FANGSONG, SIZE["小4"], leading=small * 1.5, alignment=TA_JUSTIFY),
        "placeholder": _style(
            "gw-placeholder",
            FANGSONG,
            firstLineIndent=INDENT,
            alignment=TA_JUSTIFY,
            backColor=PLACEHOLDER_BG,
        ),
        "plain": _style("gw-plain", FANGSONG, alignment=TA_LEFT),
        "right": _style("gw-right", FANGSONG, alignment=TA_RIGHT),
        "annex_no": _style("gw-annex-no", HEI, alignment=TA_LEFT),
        "caption": _style("gw-caption", HEI, SIZE["4号"], alignment=TA_CENTER),
        "cell": _style("gw-cell", FANGSONG, small, leading=small * 1.35),
        "cell_r": _style("gw-cell-r", FANGSONG, small, leading=small * 1.35, alignment=TA_RIGHT),
        "cell_c": _style("gw-cell-c", FANGSONG, small, leading=small * 1.35, alignment=TA_CENTER),
        "head": _style("gw-head", FANGSONG_BOLD, small, leading=small * 1.35, alignment=TA_CENTER),
    }


class Text(Paragraph):
    """A paragraph whose justified lines fill the block: reportlab stretches only the
    spaces of a justified line, and a line of Chinese has none, so here the characters
    are spread instead (PDF character spacing), as a word processor does."""

    def draw(self):
        self.canv.gongwen_justify = True
        try:
            super().draw()
        finally:
            self.canv.gongwen_justify = False

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab API
        """reportlab rejoins the lines of a split paragraph of mixed faces with a space
        after each (right for words, wrong between Chinese characters): drop it."""
        parts = super().split(availWidth, availHeight)
        for part in parts[1:]:
            for frag in getattr(part, "frags", []):
                text = getattr(frag, "text", None)
                if isinstance(text, str) and text.endswith(" "):
                    frag.text = text[:-1]
        return parts


def _spread(tx, chars: int, extra: float, last) -> bool:
    """Whether to spread this line: justifying, and room left on a line not the last;
    or any line reportlab let overhang (a closing mark it would not start the next
    line with), squeezed back into the block."""
    if not getattr(tx._canvas, "gongwen_justify", False) or chars < 2:
        return False
    return (extra > 1e-6 and not last) or extra < -1e-6


@cache
def _teach_cjk_justify() -> None:
    """Wrap reportlab's two justified-line painters: a line of a `Text` paragraph gets
    its leftover width as character spacing (spaces count as characters). Every other paragraph (of
    this or any other PDF) is painted as before."""
    from reportlab.platypus import paragraph as rl

    plain, frags = rl._justifyDrawParaLine, rl._justifyDrawParaLineX

    def justify_plain(tx, offset, extraspace, words, last=0):
        text = " ".join(words)
        if not _spread(tx, len(text), extraspace, last):
            return plain(tx, offset, extraspace, words, last)
        tx.setCharSpace(extraspace / (len(text) - 1))
        try:
            return plain(tx, offset, 0, words, last)
        finally:
            tx.setCharSpace(0)

    def justify_frags(tx, offset, line, last=0):
        texts = [getattr(w, "text", "") for w in line.words if not hasattr(w, "cbDefn")]
        chars = sum(len(t) for t in texts)
        broken = getattr(line, "lineBreak", False)  # ends at a <br/>: left as it is
        if broken or not _spread(tx, chars, line.extraSpace, last):
            return frags(tx, offset, line, last)
        extra, line.extraSpace = line.extraSpace, 0
        tx.setCharSpace(extra / (chars - 1))
        try:
            return frags(tx, offset, line, last)
        finally:
            tx.setCharSpace(0)
            line.extraSpace = extra

    rl._justifyDrawParaLine = justify_plain
    rl._justifyDrawParaLineX = justify_frags


class Title(Paragraph):
    """The title: the 宋 face with its outline stroked as well as filled, for the
    weight of 小标宋 (no free heavy 宋 TrueType covers simplified Chinese)."""

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(TITLE_WEIGHT)
        canvas.setStrokeColor(INK)
        canvas._code.append("2 Tr")  # fill, then stroke; text objects start assuming 0
        super().draw()
        canvas.restoreState()


def block_width() -> float:
    return BLOCK_W * mm


def text_width(text: str, face: str, size: float = BODY) -> float:
    return stringWidth(text, face, size)


def _page_number(canvas, doc) -> None:
    """'— 1 —' in 4号 宋体 below the text block: odd pages right, even pages left, one
    character in from the block's edge (GB/T 9704, 7.5)."""
    size = SIZE["4号"]
    text = f"— {doc.page} —"
    top = (A4[1] - TOP * mm - BLOCK_H * mm) - PAGE_NUMBER_GAP * mm
    baseline = top - size * 0.8
    canvas.saveState()
    canvas.setFont(SONG, size)
    canvas.setFillColor(INK)
    if doc.page % 2:
        canvas.drawRightString(LEFT * mm + BLOCK_W * mm - size, baseline, text)
    else:
        canvas.drawString(LEFT * mm + size, baseline, text)
    canvas.restoreState()


def table(rows: list[list], widths: list[float], *, header_rows: int = 1) -> Table:
    """A ruled table that splits across pages, its header repeated on each."""
    t = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="CENTER")
    t.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FANGSONG),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 0.8, RULE),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    return t


def build(out: str | os.PathLike, story: list, *, title: str, author: str) -> Path:
    """Lay `story` out on GB/T 9704 pages and write it to `out` atomically. The
    metadata carry the title and the issuer, nothing about the program."""
    faces()
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=".gongwen-", suffix=".pdf", dir=out.parent or ".")
    os.close(fd)
    bottom = A4[1] / mm - TOP - BLOCK_H
    try:
        frame = Frame(
            LEFT * mm,
            bottom * mm,
            BLOCK_W * mm,
            BLOCK_H * mm,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="block",
        )
        doc = BaseDocTemplate(
            tmp,
            pagesize=A4,
            leftMargin=LEFT * mm,
            rightMargin=A4[0] - (LEFT + BLOCK_W) * mm,
            topMargin=TOP * mm,
            bottomMargin=bottom * mm,
            title=title,
            author=author,
            subject=title,
            creator=author,
            producer=author,
            initialFontName=FANGSONG,
            initialFontSize=BODY,
            pageTemplates=[PageTemplate("gongwen", [frame], onPage=_page_number)],
        )
        doc.build(list(story))
        os.replace(owner_only(tmp), out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
