"""A copy of the imported workbook with every problem marked where it is.

Bad cells are filled red (notices yellow) and carry a comment with the reason; a
sheet 导入问题 at the front lists every problem. The input has passed `guard`
before openpyxl opens it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from ..os_errors import xml_write_errors
from ..paths import owner_only
from .format import normalize_header
from .reader import sheet_key
from .result import LEVEL_LABEL, Problem

PROBLEMS_SHEET = "导入问题"
AUTHOR = "莲花法治工作台"
_RED = PatternFill("solid", fgColor="FFC7CE")
_YELLOW = PatternFill("solid", fgColor="FFEB9C")
_HEADER_ROWS = 10


def _header_columns(ws) -> tuple[int, dict[str, int]]:
    """(header row, header text → column number) of a sheet."""
    best_row, best = 1, {}
    for row in ws.iter_rows(min_row=1, max_row=_HEADER_ROWS):
        found = {}
        for cell in row:
            if cell.value is not None:
                found.setdefault(normalize_header(cell.value), cell.column)
        if len(found) > len(best):
            best_row, best = row[0].row, found
    return best_row, best


def write_errors_workbook(source: Path, out: Path, problems: list[Problem]) -> Path:
    wb = openpyxl.load_workbook(source)
    sheets = {sheet_key(ws.title): ws for ws in wb.worksheets}
    notes: dict[tuple[str, int, int], list[Problem]] = defaultdict(list)
    headers: dict[str, tuple[int, dict[str, int]]] = {}
    for problem in problems:
        ws = sheets.get(problem.sheet)
        if ws is None:
            continue
        if problem.sheet not in headers:
            headers[problem.sheet] = _header_columns(ws)
        header_row, columns = headers[problem.sheet]
        column = columns.get(normalize_header(problem.column), 1)
        row = problem.row or header_row
        notes[(problem.sheet, row, column)].append(problem)
    for (sheet, row, column), found in notes.items():
        cell = sheets[sheet].cell(row=row, column=column)
        if hasattr(cell, "fill"):  # merged cells cannot be styled
            cell.fill = _RED if any(p.is_error for p in found) else _YELLOW
        text = "\n".join(f"{LEVEL_LABEL[p.level]}：{p.reason}" for p in found)
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, 40 + 20 * len(found)
        try:
            cell.comment = comment
        except AttributeError:
            pass
    _problem_list(wb, problems)
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with xml_write_errors():
            wb.save(tmp)
        os.replace(owner_only(tmp), out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _problem_list(wb, problems: list[Problem]) -> None:
    if PROBLEMS_SHEET in wb.sheetnames:
        del wb[PROBLEMS_SHEET]
    ws = wb.create_sheet(PROBLEMS_SHEET, 0)
    ws.append(["级别", "工作表", "行", "列", "值", "原因"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in problems:
        value = (
            p.value if isinstance(p.value, (int, float, str)) or p.value is None else str(p.value)
        )
        if isinstance(value, str):
            value = _plain(value)
        ws.append([LEVEL_LABEL[p.level], p.sheet, p.row, p.column, value, p.reason])
    for letter, width in zip("ABCDEF", (6, 12, 8, 16, 24, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.active = 0


def _plain(text: str) -> str:
    """A value quoted back to the clerk: as text, never a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "'" + text if text.startswith("=") else text
