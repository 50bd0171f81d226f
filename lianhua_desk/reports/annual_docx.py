"""The annual report as a Word copy (.docx), for the clerk's last edits in WPS or Word.

The same `ReportDocument` the PDF prints (document.py): title, body, 附件 list, issuer
and date, then each annex on a new page with its tables and charts. The layout follows
GB/T 9704 as Word expresses it: A4, margins 37/35/28/26 mm, 22 lines of 3号 text a
page, headings 一、(黑体) and （一）(楷体), page numbers "— 1 —" in 4号宋体 on the outer
side. Every style names the font the office PCs have (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312) for Latin and East Asian text alike, so the file opens in the 公文 look.

A figure woven into the prose is an ordinary run in the character style "报告数字"
(no colour): a clerk can find every number with Word's style search. Charts are
pictures drawn by chart_images.py, their data repeated in the picture's alt text.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..domain.numbers import separated
from ..paths import owner_only
from . import chart_images
from .document import Chart, Figure, Para, ReportDocument, Table
from .text import date_cn

SUFFIX = ".docx"
LINE = Pt(28.95)  # 22 lines in the 225 mm type area
TEXT_WIDTH_MM = 210 - 28 - 26


@dataclass(frozen=True)
class Style:
    name: str
    font: str
    size: float  # pt
    align: str = "justify"  # justify | center | left | right
    indent: bool = False  # first line indented two characters
    bold: bool = False
    line: float | None = 28.95  # exact line height in pt; None: single
    outline: int | None = None  # 0 for 一、, 1 for （一）: Word's navigation pane


# Paragraph styles, one per role (Para.style and the fixed parts). 2号 = 22 pt,
# 3号 = 16 pt, 4号 = 14 pt, 小4 = 12 pt.
STYLES = {
    "title": Style("公文标题", "方正小标宋简体", 22, align="center", line=36),
    "body": Style("公文正文", "仿宋_GB2312", 16, indent=True),
    "h1": Style("公文一级标题", "黑体", 16, indent=True, outline=0),
    "h2": Style("公文二级标题", "楷体_GB2312", 16, indent=True, outline=1),
    "note": Style("公文附注", "仿宋_GB2312", 14, line=22),
    "placeholder": Style("待填写", "仿宋_GB2312", 16, indent=True),
    "signature": Style("署名日期", "仿宋_GB2312", 16, align="right"),
    "annex_mark": Style("附件标识", "黑体", 16, align="left"),
    "caption": Style("表题", "黑体", 14, align="center", line=28),
    "cell": Style("表格文字", "仿宋_GB2312", 12, align="left", line=None),
    "head": Style("表头文字", "黑体", 12, align="center", line=None),
    "picture": Style("图片", "仿宋_GB2312", 12, align="center", line=None),
    "page_number": Style("页码", "宋体", 14, line=None),
}
FIGURE_STYLE = "报告数字"  # character style of a Figure's run
LEAD_STYLE = "条目引语"  # character style of '1、组织保障。' (bold 仿宋)
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def write(
    ctx,
    year: int,
    out: str | os.PathLike,
    *,
    today: dt.date | None = None,
    issued: dt.date | None = None,
    internal: bool = False,
) -> Path:
    """Build the year's report (services/annual_report.py) and write its Word copy."""
    from ..services.annual_report import build_document

    doc = build_document(ctx, year, issued=issued, internal=internal, today=today)
    return render(doc, out)


def render(doc: ReportDocument, out: str | os.PathLike) -> Path:
    """Write `doc` to `out` (a .docx path) atomically: a temporary file, then a rename."""
    out = Path(out)
    if out.suffix.lower() != SUFFIX:
        raise ValueError(
            f"Word 版年度报告只能保存为 .docx 文件，“{out.name}”的扩展名是"
            f"“{out.suffix or '（无）'}”：请改为 {out.stem}{SUFFIX}。"
        )
    word = _document(doc)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=SUFFIX, dir=out.parent or ".")
    os.close(fd)
    try:
        word.save(tmp)
        os.replace(owner_only(tmp), out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _document(doc: ReportDocument):
    word = Document()
    _page_setup(word)
    _define_styles(word)
    _properties(word, doc)
    _footers(word)
    body = word.paragraphs[0] if word.paragraphs else None  # the template's empty paragraph
    if body is not None:
        body._element.getparent().remove(body._element)
    word.add_paragraph(doc.title, style=STYLES["title"].name)
    for para in doc.body:
        _para(word, para)
    _attachments(word, doc)
    _signature(word, doc)
    numbered = len(doc.annexes) > 1
    for n, annex in enumerate(doc.annexes, 1):
        mark = word.add_paragraph(f"附件{n}" if numbered else "附件", STYLES["annex_mark"].name)
        mark.paragraph_format.page_break_before = True
        title = word.add_paragraph(annex.title, style=STYLES["title"].name)
        title.paragraph_format.space_before = LINE
        for block in annex.blocks:
            if isinstance(block, Para):
                _para(word, block)
            elif isinstance(block, Table):
                _table(word, block)
            elif isinstance(block, Chart):
                _chart(word, block)
            else:
                raise TypeError(f"附件“{annex.title}”中有无法排入 Word 的内容：{block!r}")
    return word


# --- text ---------------------------------------------------------------------------


def _para(word, para: Para) -> None:
    style = STYLES.get(para.style)
    if style is None:
        raise ValueError(f"段落样式“{para.style}”未定义（段落：{para.text[:20]}…）。")
    p = word.add_paragraph(style=style.name)
    if para.lead:
        p.add_run(para.lead, style=LEAD_STYLE)
    for run in para.runs:
        if isinstance(run, Figure):
            p.add_run(run.text, style=FIGURE_STYLE)
        else:
            p.add_run(run)


def _attachments(word, doc: ReportDocument) -> None:
    """附件说明 (GB/T 9704 7.3.3): a line below the body, two characters in; with more
    than one, '附件：1. …' and the following names aligned under the first."""
    titles = doc.attachments
    if not titles:
        return
    for n, title in enumerate(titles, 1):
        number = f"{n}. " if len(titles) > 1 else ""
        p = word.add_paragraph(style=STYLES["body"].name)
        _indent(p, left=500, first=-300 if n == 1 else 0)
        p.add_run(("附件：" if n == 1 else "") + number + title)
        if n == 1:
            p.paragraph_format.space_before = LINE


def _width(text: str) -> float:
    """Width in characters: a half-width digit or letter is half a character."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def _signature(word, doc: ReportDocument) -> None:
    """Issuer and date without a seal (GB/T 9704 7.3.5.2): a line below, the issuer two
    characters from the right, the date below it starting two characters further right
    (if the date is the longer, it keeps two characters and the issuer moves left)."""
    date = date_cn(doc.issued)
    issuer_right = max(2.0, 4 + _width(date) - _width(doc.issuer))
    date_right = issuer_right + _width(doc.issuer) - 2 - _width(date)
    issuer = word.add_paragraph(doc.issuer, style=STYLES["signature"].name)
    issuer.paragraph_format.space_before = LINE
    _indent(issuer, right=round(issuer_right * 100))
    when = word.add_paragraph(date, style=STYLES["signature"].name)
    _indent(when, right=round(date_right * 100))


def _indent(p, *, left: int = 0, right: int = 0, first: int = 0) -> None:
    """Indents in hundredths of a character (w:leftChars…), as Chinese Word sets them."""
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    if left:
        ind.set(qn("w:leftChars"), str(left))
        ind.set(qn("w:left"), str(left * 16 * 20 // 100))
    if right:
        ind.set(qn("w:rightChars"), str(right))
        ind.set(qn("w:right"), str(right * 16 * 20 // 100))
    if first > 0:
        ind.set(qn("w:firstLineChars"), str(first))
    elif first < 0:
        ind.set(qn("w:hangingChars"), str(-first))
        ind.set(qn("w:hanging"), str(-first * 16 * 20 // 100))
    if not first:
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")


# --- tables and charts --------------------------------------------------------------


def _table(word, table: Table) -> None:
    if table.caption:
        word.add_paragraph(
            table.caption, style=STYLES["caption"].name
        ).paragraph_format.keep_with_next = True
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.head))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, values in enumerate((table.head, *table.rows)):
        row = grid.rows[row_index]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if row_index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
        for col, value in enumerate(values):
            p = row.cells[col].paragraphs[0]
            p.style = word.styles[STYLES["head" if row_index == 0 else "cell"].name]
            if row_index:
                p.alignment = ALIGN.get(table.align[col] if col < len(table.align) else "left")
            p.add_run(value)
    if table.note:
        word.add_paragraph(table.note, style=STYLES["note"].name)


def _chart(word, chart: Chart) -> None:
    if chart.caption:
        word.add_paragraph(
            chart.caption, style=STYLES["caption"].name
        ).paragraph_format.keep_with_next = True
    p = word.add_paragraph(style=STYLES["picture"].name)
    shape = p.add_run().add_picture(
        io.BytesIO(chart_images.png(chart)), width=Mm(TEXT_WIDTH_MM - 6)
    )
    doc_pr = shape._inline.docPr
    data = "；".join(f"{label} {separated(value)}" for label, value in chart.data)
    doc_pr.set("name", chart.caption or "图表")
    doc_pr.set("descr", f"{chart.caption}：{data}" if data else f"{chart.caption}：本期无数据")


# --- page, styles, footer, properties -----------------------------------------------


def _page_setup(word) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(22)  # the number 7 mm below the type area
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # 22 lines of 28 characters: the line pitch, and each 3号 character squeezed to fit.
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))
    pitch = TEXT_WIDTH_MM / 25.4 * 72 / 28
    grid.set(qn("w:charSpace"), str(round((pitch - 16) * 4096)))


def _fonts(r_pr, font: str) -> None:
    """Every script's font: python-docx's font.name sets only ascii/hAnsi, and a theme
    attribute would win over an explicit name."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _define_styles(word) -> None:
    styles = word.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr, STYLES["body"].font)
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal.element.get_or_add_rPr(), STYLES["body"].font)

    for spec in STYLES.values():
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        font = style.font
        font.size = Pt(spec.size)
        font.bold = spec.bold
        _fonts(style.element.get_or_add_rPr(), spec.font)
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[spec.align]
        fmt.space_before = fmt.space_after = Pt(0)
        if spec.line:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(spec.line)
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        ind = style.element.get_or_add_pPr().get_or_add_ind()
        if spec.indent:
            ind.set(qn("w:firstLineChars"), "200")
            ind.set(qn("w:firstLine"), str(round(spec.size * 2 * 20)))
        else:
            ind.set(qn("w:firstLineChars"), "0")
            ind.set(qn("w:firstLine"), "0")
        if spec.outline is not None:
            fmt.keep_with_next = True
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(spec.outline))
            style.element.get_or_add_pPr().append(outline)

    figure = styles.add_style(FIGURE_STYLE, WD_STYLE_TYPE.CHARACTER)
    figure.quick_style = True  # no formatting: a tag to find the numbers by
    lead = styles.add_style(LEAD_STYLE, WD_STYLE_TYPE.CHARACTER)
    lead.font.bold = True
    lead.quick_style = True


def _page_field(p) -> None:
    """'— PAGE —': Word fills in the number of each page."""
    p.add_run("— ")
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = p.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    p.add_run(" —")


def _footers(word) -> None:
    """Page numbers on the outer side, one character in: odd pages right, even left."""
    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = word.styles[STYLES["page_number"].name]
        p.alignment = ALIGN[side]
        if side == "right":
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_field(p)


def _properties(word, doc: ReportDocument) -> None:
    """The issuer as author, the title as title, nothing left from python-docx's template."""
    props = word.core_properties
    props.author = props.last_modified_by = doc.issuer
    props.title = doc.title
    props.subject = props.keywords = props.category = props.comments = ""
    props.content_status = props.identifier = props.version = ""
    props.language = "zh-CN"
    props.revision = 1
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.created = props.modified = now
    package = word.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the template's blank page
            package.rels.pop(rel_id)
