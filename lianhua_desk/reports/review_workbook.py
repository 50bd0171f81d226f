"""案卷评查 as an Excel workbook: the per-community summary and the problem list, the
same tables as the PDF (review_report.summary_rows / problem_rows), one sheet each."""

from __future__ import annotations

import os
from pathlib import Path

from ..services import review as review_service
from .review_report import PROBLEM_HEAD, SUMMARY_HEAD, problem_rows, summary_rows, title
from .workbook import add_table_sheet, save_workbook

SHEETS = ("分社区汇总", "案卷问题清单")


def render_xlsx(r: review_service.Review, subdistrict: str, out: str | os.PathLike) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    subtitle = f"评查日期：{r.today.isoformat()}"
    for name, head, rows in (
        (SHEETS[0], SUMMARY_HEAD, summary_rows(r)),
        (SHEETS[1], PROBLEM_HEAD, problem_rows(r)),
    ):
        # the list is filtered by community or rule; the sums are not
        add_table_sheet(
            wb,
            name,
            title(subdistrict, r),
            subtitle,
            head,
            rows,
            max_width=60,
            auto_filter=name == SHEETS[1],
        )
    return save_workbook(wb, out)
