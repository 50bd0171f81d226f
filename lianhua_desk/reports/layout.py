"""The page template every PDF shares: margins, a running header, the footer
"第 x 页 共 y 页", document metadata, and a write that never leaves half a file and
leaves it readable by its owner only (`owner_only`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from ..paths import owner_only
from . import fonts
from .styles import MUTED, RULE, styles, table_style
from .text import esc

CREATOR = "莲花法治工作台 Lianhua Desk"
# Every document and workbook the program writes holds personal data (names, ID
# numbers, disputes): readable and writable by its owner only.


def _canvas_class(header: str):
    """A canvas that holds every page until the end, so the footer knows the total."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            left, right = 20 * mm, width - 20 * mm
            self.saveState()
            self.setFont(fonts.FONT, 8.5)
            self.setFillColor(MUTED)
            if header:
                self.drawString(left, height - 12 * mm, header)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.5)
                self.line(left, height - 13.5 * mm, right, height - 13.5 * mm)
            self.setFont(fonts.FONT, 9)
            self.drawCentredString(width / 2, 10 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    out: str | os.PathLike,
    story: Sequence[Flowable],
    *,
    title: str,
    header: str = "",
    author: str = "",
    wide: bool = False,
    margins_mm: tuple[float, float, float, float] = (22, 20, 20, 20),  # top, right, bottom, left
) -> Path:
    """Lay out `story` and write it to `out` atomically (a temporary file, then a rename)."""
    font = fonts.register()
    out = Path(out)
    top, right, bottom, left = margins_mm
    fd, tmp = tempfile.mkstemp(prefix=".lianhua-", suffix=".pdf", dir=out.parent or ".")
    os.close(fd)
    try:
        doc = SimpleDocTemplate(
            tmp,
            pagesize=landscape(A4) if wide else A4,
            topMargin=top * mm,
            rightMargin=right * mm,
            bottomMargin=bottom * mm,
            leftMargin=left * mm,
            title=title,
            author=author,
            creator=CREATOR,
            producer=CREATOR,
            subject=title,
            initialFontName=font,  # otherwise every page's preamble names Helvetica
            initialFontSize=10,
        )
        doc.build(list(story), canvasmaker=_canvas_class(header))
        os.replace(owner_only(tmp), out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def frame_width(wide: bool = False, left_mm: float = 20, right_mm: float = 20) -> float:
    page = landscape(A4) if wide else A4
    return page[0] - (left_mm + right_mm) * mm


def cell(value, style: str = "cell") -> Paragraph:
    """A table cell holding already-escaped markup."""
    return Paragraph(value, styles()[style])


def data_table(
    rows: list[list],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    total_row: bool = False,
    extra: Sequence[tuple] = (),
) -> Table:
    """A grid that splits across pages and repeats its header on each."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, hAlign="CENTER")
    table.setStyle(table_style(*extra, header_rows=header_rows, total_row=total_row))
    return table


def prose(text: str | None, style: str = "body") -> list[Paragraph]:
    """A user's multi-line text as paragraphs, one per line, printed literally."""
    lines = [line.strip() for line in (text or "").split("\n")]
    return [Paragraph(esc(line), styles()[style]) for line in lines if line]
