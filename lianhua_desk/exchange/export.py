"""Writing the exchange workbook with openpyxl's write-only mode.

Rows stream from the database into the file; nothing holds a whole sheet in memory.
Cells that need a number format (dates, times, money) reuse one styled cell per
column, which is cheaper than the fresh styled cell openpyxl makes for a bare date.
Text that a spreadsheet could take for a formula is forced to be text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..domain import parse
from ..domain.fields import BY_NAME, Entity, Kind
from ..domain.width import display_width
from ..os_errors import xml_write_errors
from ..paths import owner_only
from .format import (
    DELETED_HEADERS,
    DELETED_SHEET,
    INFO_HEADERS,
    INFO_SHEET,
    INLINE_LIST_LIMIT,
    LISTS_SHEET,
    NO,
    TEXT_FORMAT,
    YES,
    Column,
    choices,
    columns,
)

RISKY_FIRST = frozenset("=+-@\t\r#")  # what a spreadsheet may read as a formula or error
MAX_EXCEL_ROW = 1_048_576
WIDTH_SAMPLE = 200  # rows looked at to widen columns for their content
MAX_WIDTH = 50
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(vertical="center")


class WorkbookWriter:
    """One exchange workbook being written; `save` puts it in place atomically."""

    def __init__(self, lists: dict[str, Sequence[str]] | None = None):
        """`lists`: drop-down names for references, keyed by the referenced sheet."""
        self.wb = Workbook(write_only=True)
        self.counts: dict[str, int] = {}
        self._lists = {k: list(v) for k, v in (lists or {}).items()}  # ref → names
        self._list_ranges: dict[str, str] = {}

    # --- cells ---------------------------------------------------------------------------

    def _header(self, ws, texts: Iterable[str]) -> list:
        cells = []
        for text in texts:
            cell = WriteOnlyCell(ws, value=text)
            cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
            cells.append(cell)
        return cells

    def _sheet(
        self,
        title: str,
        widths: Sequence[float],
        headers: Sequence[str],
        ws=None,
        formats: Sequence[str | None] = (),
    ):
        ws = ws if ws is not None else self.wb.create_sheet(title)
        for index, width in enumerate(widths):
            ws.column_dimensions[get_column_letter(index + 1)].width = width
        # The whole column carries the format, not only the cells written: a row typed
        # below the data keeps ID numbers, phones and codes as text, dates as dates.
        for index, number_format in enumerate(formats):
            if number_format:
                ws.column_dimensions[get_column_letter(index + 1)].number_format = number_format
        ws.freeze_panes = "A2"
        ws.append(self._header(ws, headers))
        return ws

    # --- sheets ----------------------------------------------------------------------------

    def info_sheet(self, items: Sequence[tuple[str, Any]]):
        """The 导出信息 sheet; more rows (the counts) may be appended to it later."""
        ws = self._sheet(INFO_SHEET, (18, 40), INFO_HEADERS)
        self.info_rows(ws, items)
        return ws

    @staticmethod
    def info_rows(ws, items: Sequence[tuple[str, Any]]) -> None:
        for item, value in items:
            ws.append([item, safe_text(ws, value) if isinstance(value, str) else value])

    def record_sheet(
        self, entity: Entity, rows: Iterable[Sequence], convert: Callable[[Any], list] | None
    ) -> None:
        cols = columns(entity)
        ws = self.wb.create_sheet(entity.sheet)
        make = convert(ws) if convert is not None else None
        rows = iter(rows)
        sample = list(islice(rows, WIDTH_SAMPLE)) if make is not None else []
        widths = [c.width for c in cols]
        for row in sample:  # widths must be set before the first row is written
            for index, value in enumerate(make(row)):
                text = getattr(value, "value", value)
                if isinstance(text, str):
                    shown = min(MAX_WIDTH, display_width(text) + 2)
                    widths[index] = max(widths[index], shown)
        formats = [c.number_format for c in cols]
        self._sheet(entity.sheet, widths, [c.header for c in cols], ws, formats)
        self._validations(ws, cols)
        n = 0
        append = ws.append
        for row in chain(sample, rows):
            append(make(row))
            n += 1
        self.counts[entity.sheet] = n

    def deleted_sheet(self, rows: Iterable[Sequence[str]]) -> None:
        ws = self._sheet(DELETED_SHEET, (12, 38, 20), DELETED_HEADERS)
        n = 0
        for row in rows:
            ws.append([safe_text(ws, v) for v in row])
            n += 1
        self.counts[DELETED_SHEET] = n

    # --- drop-downs ---------------------------------------------------------------------

    def _list_formula(self, key: str, values: Sequence[str]) -> str | None:
        """An inline list when it fits Excel's 255 characters, else a range placeholder."""
        if key in self._lists:  # name lists, given up front
            return key if self._lists[key] else None
        inline = ",".join(values)
        if len(inline) <= INLINE_LIST_LIMIT and '"' not in inline:
            return f'"{inline}"'
        self._lists[key] = list(values)
        return key  # replaced by the range on the hidden sheet when saving

    def _validations(self, ws, cols: Sequence[Column]) -> None:
        for index, col in enumerate(cols):
            f = col.field
            if f is None:
                continue
            if f.kind is Kind.REF:
                # Names given up front only: case numbers are too many for a drop-down.
                if BY_NAME[f.ref].sheet not in self._lists:
                    continue
                formula, strict = self._list_formula(BY_NAME[f.ref].sheet, []), False
            elif choices(f):
                key = f"{f.label}（{ws.title}）"
                formula, strict = self._list_formula(key, choices(f)), True
            else:
                continue
            if formula is None:
                continue
            dv = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop" if strict else "warning",
                errorTitle=col.header,
                error="请从下拉列表中选择"
                if strict
                else "名称不在列表中，请确认（新名称须在相应工作表中登记）",
            )
            letter = get_column_letter(index + 1)
            dv.add(f"{letter}2:{letter}{MAX_EXCEL_ROW}")
            ws.data_validations.append(dv)

    def _lists_sheet(self) -> None:
        """The hidden sheet behind long drop-downs; formulas point at its columns."""
        keys = [k for k, v in self._lists.items() if v]
        if not keys:
            return
        ws = self.wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        ws.append(keys)
        longest = max(len(self._lists[k]) for k in keys)
        for i in range(longest):
            ws.append(
                [
                    safe_text(ws, self._lists[k][i]) if i < len(self._lists[k]) else None
                    for k in keys
                ]
            )
        for index, key in enumerate(keys):
            letter = get_column_letter(index + 1)
            self._list_ranges[key] = (
                f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(self._lists[key]) + 1}"
            )
        for sheet in self.wb.worksheets:
            for dv in sheet.data_validations.dataValidation:
                if dv.formula1 in self._list_ranges:
                    dv.formula1 = self._list_ranges[dv.formula1]

    # --- saving ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write to a temporary file beside `path`, then rename: never a half-written file."""
        self._lists_sheet()
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            with xml_write_errors():
                self.wb.save(tmp)
            os.replace(owner_only(tmp), path)
        except BaseException:
            # Write-only sheets hold generators over temporary files; closed now, they
            # do not write into closed files later (tracebacks at garbage collection).
            for ws in self.wb.worksheets:
                with contextlib.suppress(Exception):
                    ws.close()
            raise
        finally:
            tmp.unlink(missing_ok=True)


def safe_text(ws, value: str | None):
    """Text for a cell: never a formula, never an error code, no XML-illegal characters."""
    if not value:
        return None
    if value[0] not in RISKY_FIRST and value.isprintable():
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value or (value[0] not in RISKY_FIRST):
        return value or None
    cell = WriteOnlyCell(ws)
    cell.value = value
    cell.data_type = "s"  # openpyxl would make '=…' a formula and '#N/A' an error
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def row_converter(
    entity: Entity, names: dict[str, dict[str, str]], *, mask: bool
) -> Callable[[Any], Callable[[Sequence], list]]:
    """For a worksheet: a function turning a row (id, fields…, updated_at) into cells."""
    cols = columns(entity)

    def bind(ws) -> Callable[[Sequence], list]:
        converters = []
        for col in cols:
            if col.role == "id":
                converters.append((0, lambda v: safe_text(ws, v)))
            elif col.role == "updated":  # our own 'YYYY-MM-DD HH:MM:SS', as text
                converters.append((len(entity.fields) + 1, lambda v: v))
            else:  # row[0] is the id, declared fields follow in order
                position = entity.fields.index(col.field) + 1
                converters.append((position, _converter(ws, col, names, mask)))

        def convert(row: Sequence) -> list:
            return [None if row[i] is None else conv(row[i]) for i, conv in converters]

        return convert

    return bind


_MASKABLE = (Kind.ID_NUMBER, Kind.DOCUMENT_NO, Kind.PHONE)  # masked keeping a few digits


def _styled(ws, number_format: str):
    cell = WriteOnlyCell(ws)
    cell.number_format = number_format
    return cell


def _converter(ws, col: Column, names, mask: bool) -> Callable[[Any], Any]:
    f = col.field
    kind = f.kind
    if mask and f.personal and kind not in _MASKABLE:
        return lambda v: None  # a party's address or birth date: left out, not masked
    if kind is Kind.DATE:
        cell, memo = _styled(ws, col.number_format), {}

        def date(v: str):
            d = memo.get(v)
            if d is None:
                try:
                    d = memo[v] = dt.date.fromisoformat(v)
                except (TypeError, ValueError):  # not a stored ISO date: show what is there
                    return safe_text(ws, str(v))
            cell.value = d
            return cell

        return date
    if kind is Kind.TIME:
        cell = _styled(ws, col.number_format)

        def time(v: str):
            try:
                cell.value = dt.time(int(v[:2]), int(v[3:5]))
            except (TypeError, ValueError):
                return safe_text(ws, str(v))
            return cell

        return time
    if kind is Kind.MONEY:
        cell = _styled(ws, col.number_format)

        def money(v: float):
            cell.value = v
            return cell

        return money
    if kind is Kind.BOOL:
        return lambda v: YES if v else NO
    if kind in (Kind.INT, Kind.HOURS):
        return lambda v: v
    shown = names.get(f.ref, {}) if kind is Kind.REF else {}
    if kind is Kind.REF and col.number_format != TEXT_FORMAT:
        return lambda v: safe_text(ws, shown.get(v, v))
    if col.number_format == TEXT_FORMAT:  # ID numbers, phones, codes: text cells
        cell = _styled(ws, TEXT_FORMAT)
        masker = None
        if mask and f.personal:
            masker = parse.mask_phone if kind is Kind.PHONE else parse.mask_id

        def text(v):
            if shown:  # a reference shown by its number (a party's 案件编号)
                v = shown.get(v, v)
            value = safe_text(ws, masker(v) if masker else v)
            if value is not None and not isinstance(value, str):  # a cell made safe
                value.number_format = TEXT_FORMAT
                return value
            cell.value = value
            return cell

        return text
    return lambda v: safe_text(ws, v)
