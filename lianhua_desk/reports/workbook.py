"""The report workbooks' sheets: a title, a subtitle, a bold header, the rows; columns
as wide as their text; saved to a temporary name and renamed (never half a file)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..os_errors import xml_write_errors
from ..paths import owner_only


def add_table_sheet(
    wb,
    name: str,
    title: str,
    subtitle: str,
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    max_width: int = 40,
    auto_filter: bool = False,
):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..domain.width import display_width

    ws = wb.create_sheet(name)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([subtitle])
    ws.append(list(head))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E4E9F0")
    for c in ws[3]:
        c.font, c.fill, c.alignment = bold, fill, Alignment(horizontal="center")
    for row in rows:
        ws.append(list(row))
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # a name typed as "=…" stays text, never a formula
    ws.freeze_panes = "B4"
    if auto_filter:
        ws.auto_filter.ref = f"A3:{get_column_letter(len(head))}{ws.max_row}"
    for i, label in enumerate(head, start=1):
        values = [str(row[i - 1]) for row in rows] + [label]
        ws.column_dimensions[get_column_letter(i)].width = min(
            max_width, 4 + max(display_width(v) for v in values)
        )
    return ws


def save_workbook(wb, out: str | os.PathLike) -> Path:
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=".lianhua-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        with xml_write_errors():
            wb.save(tmp)
        os.replace(owner_only(tmp), out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
