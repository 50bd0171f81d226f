"""The layout of the exchange workbook, derived from `domain.fields`.

Sheet names, headers and their order, number formats, widths and drop-down lists
all come from the entity declarations; nothing here re-lists a column by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..domain import parse
from ..domain.fields import BY_NAME, BY_SHEET, ENTITIES, Entity, Field, Kind
from ..domain.width import display_width

# 2: parties (当事人), case records and visits as sheets of their own; the case's
# applicant/respondent ID and phone columns gone (a format-1 workbook still imports:
# exchange/legacy.py).
FORMAT_VERSION = 2

INFO_SHEET = "导出信息"
DELETED_SHEET = "已删除"
LISTS_SHEET = "下拉选项"  # hidden: the long drop-down lists live here

ID_HEADER = "记录ID"
UPDATED_HEADER = "更新时间"
INFO_HEADERS = ("项目", "内容")
DELETED_HEADERS = ("表名", "记录ID", "删除时间")

INFO_VERSION = "格式版本"
INFO_UNIT = "导出单位"
INFO_TIME = "导出时间"
INFO_APP = "软件版本"
INFO_MASKED = "已脱敏"
INFO_FILTER = "筛选条件"
INFO_COUNT = "记录数:"  # followed by the sheet name

YES, NO = "是", "否"

RECORD_SHEETS: tuple[str, ...] = tuple(e.sheet for e in ENTITIES)
# Sheets the importer understands (the hidden list sheet is read by nobody).
KNOWN_SHEETS = frozenset({INFO_SHEET, DELETED_SHEET, LISTS_SHEET, *RECORD_SHEETS})

# Excel's inline drop-down list ("a,b,c") is limited to 255 characters.
INLINE_LIST_LIMIT = 255

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
MONEY_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"  # Excel's, WPS's and Calc's "文本" format

_WIDTH = {
    Kind.TEXT: 14,
    Kind.LONGTEXT: 40,
    Kind.INT: 10,
    Kind.HOURS: 8,
    Kind.MONEY: 13,
    Kind.DATE: 12,
    Kind.TIME: 9,
    Kind.BOOL: 8,
    Kind.ENUM: 10,
    Kind.ID_NUMBER: 21,
    Kind.DOCUMENT_NO: 21,
    Kind.PHONE: 15,
    Kind.REF: 14,
}
_NUMBER_FORMAT = {
    Kind.DATE: DATE_FORMAT,
    Kind.TIME: TIME_FORMAT,
    Kind.MONEY: MONEY_FORMAT,
    Kind.ID_NUMBER: TEXT_FORMAT,
    Kind.DOCUMENT_NO: TEXT_FORMAT,
    Kind.PHONE: TEXT_FORMAT,
}


def is_code(field: Field) -> bool:
    """A field holding a number-like code (案件编号, 信访编号, 执业证号, 社区编码 …):
    by the declarations' naming, `*_no` or `code`. Typed without an apostrophe into a
    General cell, such codes become numbers and lose digits beyond the 15th."""
    if field.kind is Kind.REF:  # a reference shown by such a code (a party's 案件编号)
        target = BY_NAME[field.ref]
        return is_code(target.by_name[target.display])
    return field.kind is Kind.TEXT and (field.name.endswith("_no") or field.name == "code")


def column_format(field: Field) -> str | None:
    """The cell format of a field's column, set for the whole column on export."""
    return TEXT_FORMAT if is_code(field) else _NUMBER_FORMAT.get(field.kind)


@dataclass(frozen=True)
class Column:
    header: str
    field: Field | None  # None for 记录ID and 更新时间
    width: float
    number_format: str | None = None

    @property
    def role(self) -> str:
        if self.field is not None:
            return "field"
        return "id" if self.header == ID_HEADER else "updated"


def choices(field: Field) -> tuple[str, ...]:
    """The drop-down values of a field (enumerations and yes/no)."""
    if field.kind is Kind.ENUM:
        return field.choices
    if field.kind is Kind.BOOL:
        return (YES, NO)
    return ()


def _width(field: Field) -> float:
    width = _WIDTH[field.kind]
    if field.kind is Kind.ENUM:
        width = max(display_width(c) for c in field.choices) + 3
    return max(width, display_width(field.label) + 3)


@cache
def columns(entity: Entity) -> tuple[Column, ...]:
    """The sheet's columns in order: 记录ID, the declared fields, 更新时间."""
    cols = [Column(f.label, f, _width(f), column_format(f)) for f in entity.fields]
    if entity.has_record_id:
        cols = [Column(ID_HEADER, None, 38), *cols, Column(UPDATED_HEADER, None, 20)]
    return tuple(cols)


def headers(entity: Entity) -> list[str]:
    return [c.header for c in columns(entity)]


def entity_for_sheet(name: str) -> Entity | None:
    return BY_SHEET.get(name)


def normalize_header(value: object) -> str:
    """A header cell as typed by a person: spaces, full-width forms and a trailing * removed."""
    try:
        text = parse.normalize_text(value)
    except parse.ParseError:
        return ""
    if text is None:
        return ""
    return text.replace(" ", "").rstrip("*")
