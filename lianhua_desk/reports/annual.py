"""The annual report (法治政府建设年度报告) as a PDF in official-document form.

`services/annual_report.py` builds the report's content (reports/document.py); this lays
it out on GB/T 9704 pages (reports/gongwen.py): the title, the body (一、 headings in 黑体,
（一） in 楷体, run-in leads in bold), the 附件 list, the issuer and the date, then each
annex on pages of its own. Figures print as plain text, like the words round them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

from ..services.context import Context
from . import charts, gongwen
from .document import Annex, Chart, Para, ReportDocument, Table
from .gongwen import FANGSONG, FANGSONG_BOLD, HEI, INDENT, KAI, LEADING, PITCH, SONG, esc
from .text import date_cn

TOTAL_ROW = ("合计", "总计")
FACE = {"body": FANGSONG, "h1": HEI, "h2": KAI, "note": FANGSONG, "placeholder": FANGSONG}


def write(
    ctx: Context,
    year: int,
    out: str | os.PathLike,
    *,
    today: dt.date | None = None,
    issued: dt.date | None = None,
    internal: bool = False,
) -> Path:
    """Build the year's report from the records and write it to `out`."""
    from ..services.annual_report import build_document

    doc = build_document(ctx, year, issued=issued, internal=internal, today=today)
    return render(doc, out)


def render(doc: ReportDocument, out: str | os.PathLike) -> Path:
    s = gongwen.styles()
    story: list = [gongwen.Title(esc(doc.title, SONG), s["title"])]
    # the signature never stands on a page without text (GB/T 9704, 7.3.5): the last
    # paragraph (with the headings right above it), the 附件 list, the issuer and the
    # date are kept on one page
    tail = max(len(doc.body) - 1, 0)
    while tail > 0 and doc.body[tail - 1].style in ("h1", "h2"):
        tail -= 1
    paragraphs = [paragraph(p) for p in doc.body]
    closing = [*paragraphs[tail:], *_attachment_list(doc), *_signature(doc)]
    story += [*paragraphs[:tail], KeepTogether(closing)]
    for number, annex in enumerate(doc.annexes, start=1):
        story += [PageBreak(), *_annex(annex, number if len(doc.annexes) > 1 else None)]
    return gongwen.build(out, story, title=doc.title, author=doc.issuer)


def paragraph(p: Para) -> Paragraph:
    """A paragraph of the model: its runs as plain text (figures too), the lead in bold."""
    s = gongwen.styles()
    style = p.style if p.style in FACE else "body"
    face = FACE[style]
    text = "".join(r if isinstance(r, str) else r.text for r in p.runs)
    lead = f'<font name="{FANGSONG_BOLD}">{esc(p.lead, FANGSONG_BOLD)}</font>' if p.lead else ""
    return gongwen.Text(lead + esc(text, face), s[style])


def _attachment_list(doc: ReportDocument) -> list:
    """'附件：1. …' one line under the text, two characters in; a long name wraps under
    its own first character (GB/T 9704, 7.3.4)."""
    titles = doc.attachments
    if not titles:
        return []
    s = gongwen.styles()
    label = "附件："
    label_w = gongwen.text_width(label, FANGSONG)
    out: list = [Spacer(1, LEADING)]
    for i, title in enumerate(titles, start=1):
        number = f"{i}. " if len(titles) > 1 else ""
        number_w = gongwen.text_width(number, FANGSONG)
        hang = number_w + (label_w if i == 1 else 0)
        style = s["plain"].clone(
            f"gw-annex-{i}", leftIndent=INDENT + label_w + number_w, firstLineIndent=-hang
        )
        out.append(Paragraph(esc((label if i == 1 else "") + number + title), style))
    return out


def _signature(doc: ReportDocument) -> list:
    """The issuer centred over the date, the date four characters in from the right
    (GB/T 9704, 7.3.5.1), two blank lines under the text for the seal."""
    s = gongwen.styles()
    date = date_cn(doc.issued)
    date_w = gongwen.text_width(date, FANGSONG)
    issuer_w = gongwen.text_width(doc.issuer, FANGSONG)
    date_in = 4 * PITCH
    issuer_in = max(2 * PITCH, date_in + (date_w - issuer_w) / 2)
    return [
        Spacer(1, 2 * LEADING),
        Paragraph(esc(doc.issuer), s["right"].clone("gw-issuer", rightIndent=issuer_in)),
        Paragraph(esc(date), s["right"].clone("gw-date", rightIndent=date_in)),
    ]


def _annex(annex: Annex, number: int | None) -> list:
    s = gongwen.styles()
    out: list = [
        Paragraph(f"附件{number or ''}", s["annex_no"]),
        gongwen.Title(esc(annex.title, SONG), s["title"]),
    ]
    for block in annex.blocks:
        if isinstance(block, Para):
            out.append(paragraph(block))
        elif isinstance(block, Table):
            out += _table(block, repeats=annex.title)
        elif isinstance(block, Chart):
            out += _chart(block)
    return out


def _table(t: Table, repeats: str = "") -> list:
    """The caption (unless it only repeats the annex's title), the table, its note."""
    s = gongwen.styles()
    cell_style = {"left": "cell", "right": "cell_r", "center": "cell_c"}
    rows = [[Paragraph(esc(h, FANGSONG_BOLD), s["head"]) for h in t.head]]
    for row in t.rows:
        total = bool(row) and row[0] in TOTAL_ROW
        line = []
        for i, value in enumerate(row):
            align = t.align[i] if i < len(t.align) else "left"
            style = s[cell_style.get(align, "cell")]
            if total:  # a total row in bold, its label centred
                style = style.clone(f"{style.name}-total", fontName=FANGSONG_BOLD)
                style.alignment = TA_CENTER if i == 0 else style.alignment
            face = FANGSONG_BOLD if total else FANGSONG
            line.append(Paragraph(esc(value, face), style))
        rows.append(line)
    out: list = [CondPageBreak(6 * LEADING)]
    if t.caption and t.caption != repeats:
        out.append(Paragraph(esc(t.caption, HEI), s["caption"]))
    out.append(gongwen.table(rows, _widths(t)))
    if t.note:
        out.append(gongwen.Text(esc(t.note), s["note"]))
    out.append(Spacer(1, LEADING / 2))
    return out


def _widths(t: Table) -> list[float]:
    """Columns as wide as their longest cell (header in bold), stretched or squeezed
    to the text block's width; no column narrower than three characters."""
    size = gongwen.SIZE["小4"]
    pad = 8 + size
    columns = len(t.head)
    natural = []
    for i in range(columns):
        cells = [r[i] for r in t.rows if i < len(r)]
        w = max(
            [gongwen.text_width(t.head[i], FANGSONG_BOLD, size)]
            + [gongwen.text_width(c, FANGSONG, size) for c in cells]
        )
        natural.append(max(w, 3 * size) + pad)
    total = gongwen.block_width()
    scale = total / sum(natural)
    return [w * scale for w in natural]


def _chart(c: Chart) -> list:
    width = gongwen.block_width()
    data = dict(c.data)
    draw = charts.pie_chart if c.kind == "pie" else charts.bar_chart
    drawing = draw(data, "", width)  # the caption is set like a table's, above it
    caption = Paragraph(esc(c.caption, HEI), gongwen.styles()["caption"])
    return [CondPageBreak(drawing.height + 2 * LEADING), caption, drawing, Spacer(1, LEADING / 2)]
