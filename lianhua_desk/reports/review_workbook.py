"""案卷评查 as an Excel workbook: the per-community summary and the problem list, the
same tables as the PDF (review_report.summary_rows / problem_rows), one sheet each."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..services import review as review_service
from .review_report import PROBLEM_HEAD, SUMMARY_HEAD, problem_rows, summary_rows, title

SHEETS = ("分社区汇总", "案卷问题清单")


def render_xlsx(r: review_service.Review, subdistrict: str, out: str | os.PathLike) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..domain.width import display_width

    wb = Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E4E9F0")
    for name, head, rows in (
        (SHEETS[0], SUMMARY_HEAD, summary_rows(r)),
        (SHEETS[1], PROBLEM_HEAD, problem_rows(r)),
    ):
        ws = wb.create_sheet(name)
        ws.append([title(subdistrict, r)])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([f"评查日期：{r.today.isoformat()}"])
        ws.append(head)
        for c in ws[3]:
            c.font, c.fill, c.alignment = bold, fill, Alignment(horizontal="center")
        for row in rows:
            ws.append(row)
            for c in ws[ws.max_row]:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"  # a name typed as "=…" stays text, never a formula
        ws.freeze_panes = "B4"
        if name == SHEETS[1]:  # the list is filtered by community or rule; the sums are not
            ws.auto_filter.ref = f"A3:{get_column_letter(len(head))}{ws.max_row}"
        for i, label in enumerate(head, start=1):
            values = [str(row[i - 1]) for row in rows] + [label]
            ws.column_dimensions[get_column_letter(i)].width = min(
                60, 4 + max(display_width(v) for v in values)
            )
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=".lianhua-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
