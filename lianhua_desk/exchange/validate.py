"""From raw cells to clean values: headers, required columns and cells, every cell parsed.

Nothing here looks at the database; references are still names. Every problem is
located by sheet, Excel row, column header and the value found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from ..domain import parse
from ..domain.fields import Entity, Field
from . import cleaning
from .format import (
    DELETED_HEADERS,
    DELETED_SHEET,
    FORMAT_VERSION,
    INFO_COUNT,
    INFO_HEADERS,
    INFO_MASKED,
    INFO_SHEET,
    INFO_TIME,
    INFO_UNIT,
    INFO_VERSION,
    YES,
    Column,
    columns,
    entity_for_sheet,
    normalize_header,
)
from .reader import RawSheet
from .result import WARNING, Problem, RefusedFile

HEADER_SEARCH_ROWS = 10  # a title row or two above the headers is forgiven


@dataclass(slots=True)
class Row:
    excel_row: int
    record_id: str | None
    updated_at: str | None  # None: the import time
    values: dict[str, Any]  # field name → clean value (references still names)


@dataclass
class Sheet:
    entity: Entity
    name: str
    present: tuple[str, ...] = ()  # fields that have a column
    rows: list[Row] = field(default_factory=list)
    usable: bool = True  # False when a required column is missing
    bad_rows: set[int] = field(default_factory=set)  # Excel rows with an error
    row_count: int = 0  # data rows found (valid or not)
    # Rows made from another sheet's columns (a format-1 case sheet's parties): its
    # problems are reported there, under the old column headers (exchange/legacy.py).
    legacy_of: str | None = None


@dataclass
class Info:
    unit: str | None = None
    exported_at: str | None = None
    masked: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # 记录数 as declared
    counts_found: dict[str, int] = field(default_factory=dict)  # data rows actually read
    present: bool = False


@dataclass(frozen=True)
class Tombstone:
    excel_row: int
    entity: Entity
    key: str  # record id; a community's name
    deleted_at: str


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _find_header(rows: list[list], known: set[str]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(normalize_header(cell) in known for cell in row if not _blank(cell)):
            return index
    return None


def _map_headers(
    sheet: str, header: list, known: dict[str, Any], row_no: int, problems: list[Problem]
) -> dict[str, int]:
    """Header text → column index; unknown and repeated headers are warnings."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        name = normalize_header(cell)
        if name not in known:
            problems.append(Problem(sheet, row_no, str(cell), None, "未知的列，已忽略", WARNING))
        elif name in found:
            problems.append(Problem(sheet, row_no, name, None, "列重复，只读取第一列", WARNING))
        else:
            found[name] = index
    return found


def validate_sheet(
    entity: Entity,
    raw: RawSheet,
    problems: list[Problem],
    extra: dict[str, Field] | None = None,
) -> Sheet:
    """`extra`: columns read besides the entity's own (header → how to clean it), for
    a caller to take out of the rows again (a format-1 case sheet's ID and phone)."""
    sheet = Sheet(entity, entity.sheet)
    cols = {c.header: c for c in columns(entity)}
    for header, f in (extra or {}).items():
        cols.setdefault(header, Column(header, f, 0))
    header_at = _find_header(raw.rows, set(cols))
    if header_at is None:
        if any(not _blank(c) for row in raw.rows for c in row):
            problems.append(Problem(entity.sheet, 1, "", None, "找不到表头行（第一行应为列名）"))
            sheet.usable = False
        return sheet
    header_row = header_at + 1
    found = _map_headers(entity.sheet, raw.rows[header_at], cols, header_row, problems)
    for f in entity.required:
        if f.label not in found:
            problems.append(
                Problem(entity.sheet, header_row, f.label, None, f"缺少必填列「{f.label}」")
            )
            sheet.usable = False
    # One transpose in C; rows shorter than the header are padded with blanks.
    data = zip_longest(*raw.rows[header_at + 1 :], fillvalue="")
    by_index = dict(enumerate(data))
    n = len(raw.rows) - header_at - 1
    cleaned: dict[str, list] = {}
    failures: list[tuple[str, list[cleaning.CellError]]] = []
    ids = stamps = [None] * n
    for header, index in found.items():
        column = cols[header]
        errors: list[cleaning.CellError] = []
        values = by_index.get(index) or ("",) * n
        if column.role == "id":
            ids = cleaning.clean_ids(values, errors)
        elif column.role == "updated":
            stamps = cleaning.clean_stamps(values, errors)
        else:
            cleaned[column.field.name] = cleaning.clean_column(column.field, values, errors)
        failures.append((header, errors))
    del by_index, data
    sheet.present = names = tuple(cleaned)
    records = list(zip(*(cleaned[name] for name in names), ids, stamps, strict=True))
    del cleaned
    bad = {i for _, errors in failures for i, _, _ in errors}
    width = len(names) + 2
    blank = {i for i, r in enumerate(records) if r.count(None) == width} - bad
    sheet.row_count = n - len(blank)

    def report(header: str, index: int, value: Any, reason: str) -> None:
        problems.append(Problem(entity.sheet, header_row + 1 + index, header, value, reason))

    for header, errors in failures:
        for i, value, reason in errors:
            report(header, i, value, reason)
    for position, name in enumerate(names):
        f = entity.by_name.get(name)
        if f is not None and f.required:
            failed = {e[0] for h, errors in failures if h == f.label for e in errors}
            for i, record in enumerate(records):
                if record[position] is None and i not in blank and i not in failed:
                    report(f.label, i, None, "必填项不能为空")
                    bad.add(i)
    append = sheet.rows.append
    for i, record in enumerate(records):
        if i in blank:
            continue
        excel_row = header_row + 1 + i
        if i in bad:
            sheet.bad_rows.add(excel_row)
        else:
            values = dict(zip(names, record, strict=False))  # record ends with id, stamp
            append(Row(excel_row, record[-2], record[-1], values))
    return sheet


def read_info(raw: RawSheet | None, problems: list[Problem]) -> Info:
    info = Info()
    if raw is None:
        return info
    info.present = True
    rows = raw.rows
    start = _find_header(rows, set(INFO_HEADERS))
    start = 0 if start is None else start + 1
    for index in range(start, len(rows)):
        row = rows[index]
        if len(row) < 2 or _blank(row[0]):
            continue
        item = normalize_header(row[0])
        value = row[1]
        if item == INFO_VERSION:
            _check_version(value)
        elif item == INFO_UNIT:
            info.unit = _safe_text(value)
        elif item == INFO_TIME:
            try:
                info.exported_at = cleaning.parse_stamp(value)
            except parse.ParseError as exc:
                problems.append(Problem(INFO_SHEET, index + 1, "内容", value, exc.reason, WARNING))
        elif item == INFO_MASKED:
            info.masked = _safe_text(value) == YES
        elif item.startswith(INFO_COUNT):
            try:
                info.counts[item[len(INFO_COUNT) :]] = parse.parse_int(value, minimum=0)
            except parse.ParseError as exc:
                problems.append(Problem(INFO_SHEET, index + 1, "内容", value, exc.reason, WARNING))
    return info


def _safe_text(value: Any) -> str | None:
    try:
        return parse.normalize_text(value)
    except parse.ParseError:
        return None


def _check_version(value: Any) -> None:
    try:
        version = parse.parse_int(value)
    except parse.ParseError:
        raise RefusedFile(
            f"“导出信息”中的格式版本“{value}”无法识别，本程序读取格式版本 1 至 {FORMAT_VERSION}"
        ) from None
    if version > FORMAT_VERSION:
        raise RefusedFile(
            f"此文件为格式版本 {version}，由更新版本的程序导出；本程序只能读取格式版本 "
            f"{FORMAT_VERSION}。请升级程序后再导入"
        )


def read_tombstones(
    raw: RawSheet | None, problems: list[Problem]
) -> tuple[list[Tombstone], set[int], int]:
    """The 已删除 sheet: (tombstones, bad Excel rows, data rows found)."""
    if raw is None:
        return [], set(), 0
    known = dict.fromkeys(DELETED_HEADERS)
    header_at = _find_header(raw.rows, set(known))
    if header_at is None:
        return [], set(), 0
    found = _map_headers(DELETED_SHEET, raw.rows[header_at], known, header_at + 1, problems)
    missing = [h for h in DELETED_HEADERS if h not in found]
    for h in missing:
        problems.append(Problem(DELETED_SHEET, header_at + 1, h, None, f"缺少必填列「{h}」"))
    tombstones, bad, count = [], set(), 0
    for index in range(header_at + 1, len(raw.rows)):
        row = raw.rows[index]
        cells = {h: (row[i] if i < len(row) else "") for h, i in found.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        count += 1
        if missing:
            bad.add(index + 1)
            continue
        tomb = _tombstone(index + 1, cells, problems)
        if tomb is None:
            bad.add(index + 1)
        else:
            tombstones.append(tomb)
    return tombstones, bad, count


def _tombstone(excel_row: int, cells: dict, problems: list[Problem]) -> Tombstone | None:
    sheet_name, record_id, deleted_at = (cells[h] for h in DELETED_HEADERS)
    ok = True
    entity = entity_for_sheet(normalize_header(sheet_name))
    if entity is None:
        problems.append(Problem(DELETED_SHEET, excel_row, "表名", sheet_name, "不是可识别的表名"))
        ok = False
    key = _safe_text(record_id)
    if key is None:
        problems.append(Problem(DELETED_SHEET, excel_row, "记录ID", record_id, "必填项不能为空"))
        ok = False
    try:
        stamp = cleaning.parse_stamp(deleted_at)
    except parse.ParseError as exc:
        problems.append(Problem(DELETED_SHEET, excel_row, "删除时间", deleted_at, exc.reason))
        ok = False
    return Tombstone(excel_row, entity, key, stamp) if ok else None
