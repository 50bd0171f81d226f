"""Cleaning cells a column at a time: the importer's hot path.

Each column is cleaned with `domain.records.clean_value`, the same parser forms and
services use, so a workbook accepts exactly what a form accepts. Speed comes from
the shape of the data: enumerations, names, dates and amounts repeat, so each
distinct value is parsed once per column and the column is mapped through the
results in C. Free text skips the full-width translation when there is nothing to
translate; ID numbers and mobiles, which never repeat, have exact fast paths.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from ..domain import parse
from ..domain.fields import Field, Kind
from ..domain.records import clean_value
from .format import is_code

# (index in the column, raw value, reason)
CellError = tuple[int, Any, str]

# Characters normalize_text would change inside or at the edges of a string (taken
# from its own table, so the two cannot drift apart).
_SPECIAL = re.compile(
    "[" + "".join(map(chr, sorted(parse._TEXT_WIDTH))) + parse._ZERO_WIDTH + "]"
).search
_RECORD_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.:-]{0,63}").fullmatch


class _Bad:
    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def _parse_or_bad(parser: Callable[[Any], Any], value: Any) -> Any:
    if value is None or (value.__class__ is str and (not value or value.isspace())):
        return None
    try:
        return parser(value)
    except parse.ParseError as exc:
        return _Bad(exc.reason)


def _collect(values: list, out: list, errors: list[CellError]) -> list:
    for i, result in enumerate(out):
        if result.__class__ is _Bad:
            errors.append((i, values[i], result.reason))
            out[i] = None
    return out


def _by_distinct(
    parser: Callable[[Any], Any],
    values: list,
    errors: list[CellError],
    clean: Callable[[str], Any] | None = None,
) -> list:
    """Parse each distinct value once, then map the column through the results.

    `clean(text)` is true for text already in its clean form (kept as is without
    calling the parser): the common case of unique values, inline."""
    if bool in set(map(type, values)):
        # True == 1 == 1.0 as dict keys: a yes/no cell must not share 1's parse.
        out = [_parse_or_bad(parser, v) for v in values]
        return _collect(values, out, errors)
    distinct = set(values)
    if parser is _text:
        special = _SPECIAL
        memo = {
            v: (v.strip() or None)
            if v.__class__ is str and special(v) is None
            else _parse_or_bad(parser, v)
            for v in distinct
        }
    elif clean is not None:
        memo = {
            v: v if v.__class__ is str and clean(v) else _parse_or_bad(parser, v) for v in distinct
        }
    else:
        memo = {v: _parse_or_bad(parser, v) for v in distinct}
    out = list(map(memo.__getitem__, values))
    if _Bad in set(map(type, memo.values())):
        _collect(values, out, errors)
    return out


def _text(value: Any) -> str | None:
    if value.__class__ is str and _SPECIAL(value) is None:
        return value.strip() or None
    return parse.normalize_text(value)


# Fast paths for personal numbers, which do not repeat and so escape the memo: they
# accept only what parse_id_number / parse_phone accept unchanged and return it as
# is; anything else (lower-case x, spaces, numbers, landlines, errors) takes the
# full parser.
_ID_FAST = re.compile(
    r"(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]|91)[0-9]{15}[0-9X]"
).fullmatch
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_OFFSET = 48 * sum(_ID_WEIGHTS)  # the weights applied to ord("0")
_ID_CHECK = "10X98765432"
_MOBILE_FAST = re.compile(r"1[3-9][0-9]{9}").fullmatch


def _id_number_parser(field: Field) -> Callable[[Any], Any]:
    today = dt.date.today()

    def parse_id(value: Any) -> Any:
        if value.__class__ is str and len(value) == 18 and _ID_FAST(value):
            try:
                born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
            except ValueError:
                born = None
            if born is not None and 1900 <= born.year and born <= today:
                total = sum(map(operator.mul, value[:17].encode(), _ID_WEIGHTS)) - _ID_OFFSET
                if _ID_CHECK[total % 11] == value[17]:
                    return value
        return _personal(field, value)

    return parse_id


def _phone_parser(field: Field) -> Callable[[Any], Any]:
    def parse_phone(value: Any) -> Any:
        if value.__class__ is str and len(value) == 11 and _MOBILE_FAST(value):
            return value
        return _personal(field, value)

    return parse_phone


def _document_no(field: Field, value: Any) -> Any:
    # A short number typed as a number (a passport's digits) is exact: keep its digits.
    if _is_number(value) and float(value).is_integer() and 0 <= value < _EXACT_LIMIT:
        value = str(int(value))
    return _personal(field, value)


def _personal(field: Field, value: Any) -> Any:
    _refuse_lost_digits(field, value)
    try:
        return clean_value(field, value)
    except parse.ParseError:
        if isinstance(value, str) and "*" in value:
            raise parse.ParseError("该值已脱敏（含 *），不能导入；请使用未脱敏的导出文件") from None
        if field.kind is Kind.PHONE and _is_number(value):
            raise parse.ParseError(
                f"电话号码格式不正确：以数字形式输入，开头的 0 等已丢失；{_RETYPE}"
            ) from None
        raise


# --- numbers where text belongs ------------------------------------------------------------
# Digits typed without a leading apostrophe become a number, and Excel, WPS and Calc keep
# 15 significant digits: an 18-digit ID number arrives as 4.40305196207076e+17. Whatever
# digits were lost cannot be recovered, so such a value is refused, never stored.

_EXACT_LIMIT = 10**15  # integers below this have at most 15 digits: exact in any office suite
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+").fullmatch
_RETYPE = "请把该列设为“文本”格式（或在号码前加英文单引号 '）后重新输入"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _what(field: Field) -> str:
    what = {Kind.ID_NUMBER: "身份证号", Kind.DOCUMENT_NO: "证件号码", Kind.PHONE: "电话号码"}
    return what.get(field.kind, field.label)


def _refuse_lost_digits(field: Field, value: Any) -> None:
    """Raise ParseError for a number cell too long to be exact, or its 1.23E+17 text."""
    if _is_number(value):
        if isinstance(value, float) and not math.isfinite(value):
            return
        if abs(value) >= _EXACT_LIMIT:
            raise parse.ParseError(
                f"{_what(field)}以数字形式输入，只保留了 15 位有效数字，原号码已无法还原：{_RETYPE}"
            )
    elif isinstance(value, str) and _SCIENTIFIC(value.strip()):
        raise parse.ParseError(
            f"{_what(field)}显示为科学计数法，是以数字形式输入后丢失了位数，原号码已无法还原："
            f"{_RETYPE}"
        )


def _code_parser(field: Field) -> Callable[[Any], Any]:
    def parse_code(value: Any) -> Any:
        _refuse_lost_digits(field, value)
        return _text(value)

    return parse_code


def clean_column(field: Field, values: list, errors: list[CellError]) -> list:
    """Clean values of one field; blank → None; problems appended to `errors`."""
    kind = field.kind
    if is_code(field):
        parser = _code_parser(field)
    elif kind in (Kind.TEXT, Kind.LONGTEXT, Kind.REF):
        # References are names here; they are resolved to ids when planning.
        parser = _text
    elif kind is Kind.ID_NUMBER:
        parser = _id_number_parser(field)
    elif kind is Kind.DOCUMENT_NO:  # checked against its type with the whole record
        parser = partial(_document_no, field)
    elif kind is Kind.PHONE:
        return _by_distinct(_phone_parser(field), values, errors, _MOBILE_FAST)
    else:
        parser = partial(clean_value, field)
    return _by_distinct(parser, values, errors)


def _record_id(value: Any) -> str | None:
    if value.__class__ is str and _RECORD_ID(value):
        return value  # already clean: no spaces, nothing full-width
    text = _text(value)
    if text is None:
        return None
    if not _RECORD_ID(text):
        raise parse.ParseError("记录ID格式不正确（应为导出时的编号，新记录请留空）")
    return text


def clean_ids(values: list, errors: list[CellError]) -> list:
    return _by_distinct(_record_id, values, errors, _RECORD_ID)


def _stamp(value: Any) -> str:
    # The exported form 'YYYY-MM-DD HH:MM:SS' parses in C; anything else goes the long way.
    if value.__class__ is str and len(value) == 19 and value[10] == " " and value[13] == ":":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is None and 1900 <= moment.year <= 2100:
                return value
    return parse.parse_datetime(value)


def clean_stamps(values: list, errors: list[CellError]) -> list:
    return _by_distinct(_stamp, values, errors)


def parse_stamp(value: Any) -> str:
    """One date-time cell (删除时间, 导出时间) → 'YYYY-MM-DD HH:MM:SS'; raises ParseError."""
    return _stamp(value)
