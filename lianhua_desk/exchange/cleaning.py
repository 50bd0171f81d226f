"""Cleaning cells a column at a time: the importer's hot path.

Each column is cleaned with `domain.records.clean_value`, the same parser forms and
services use, so a workbook accepts exactly what a form accepts. Speed comes from
the shape of the data: enumerations, names, dates and amounts repeat, so each
distinct value is parsed once per column; free text, which does not repeat, gets
a check that skips the full-width translation when there is nothing to translate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..domain import parse
from ..domain.fields import Field, Kind
from ..domain.records import clean_value

# (index in the column, raw value, reason)
CellError = tuple[int, Any, str]

_MISS = object()
# Characters normalize_text would change inside or at the edges of a string.
_SPECIAL = re.compile("[\uff01-\uff5e\u3000\u00a0\u200b\ufeff]").search
_RECORD_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.:-]{0,63}").fullmatch


class _Bad:
    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def _key(value: Any) -> Any:
    # True == 1 == 1.0 as dict keys; a yes/no cell must not share 1's parse.
    return ("bool", value) if value.__class__ is bool else value


def _memo_column(parser: Callable[[Any], Any], values: list, errors: list[CellError]) -> list:
    memo: dict[Any, Any] = {"": None, None: None}
    out = []
    append = out.append
    get = memo.get
    for i, value in enumerate(values):
        result = get(value, _MISS) if value.__class__ is not bool else _MISS
        if result is _MISS:
            key = _key(value)
            result = memo.get(key, _MISS)
            if result is _MISS:
                try:
                    result = parser(value)
                except parse.ParseError as exc:
                    result = _Bad(exc.reason)
                memo[key] = result
        if result.__class__ is _Bad:
            errors.append((i, value, result.reason))
            result = None
        append(result)
    return out


def _text(value: Any) -> str | None:
    if value.__class__ is str and _SPECIAL(value) is None:
        return value.strip() or None
    return parse.normalize_text(value)


def _text_column(values: list, errors: list[CellError]) -> list:
    out = []
    append = out.append
    for i, value in enumerate(values):
        if value.__class__ is str and _SPECIAL(value) is None:
            append(value.strip() or None)
            continue
        try:
            append(parse.normalize_text(value))
        except parse.ParseError as exc:
            errors.append((i, value, exc.reason))
            append(None)
    return out


def _each_column(parser: Callable[[Any], Any], values: list, errors: list[CellError]) -> list:
    out = []
    append = out.append
    for i, value in enumerate(values):
        if value == "" or value is None:
            append(None)
            continue
        try:
            append(parser(value))
        except parse.ParseError as exc:
            errors.append((i, value, exc.reason))
            append(None)
    return out


def _personal(field: Field) -> Callable[[Any], Any]:
    def parse_personal(value: Any) -> Any:
        try:
            return clean_value(field, value)
        except parse.ParseError:
            if isinstance(value, str) and "*" in value:
                raise parse.ParseError(
                    "该值已脱敏（含 *），不能导入；请使用未脱敏的导出文件"
                ) from None
            raise

    return parse_personal


def clean_column(field: Field, values: list, errors: list[CellError]) -> list:
    """Clean values of one field; blank → None; problems appended to `errors`."""
    kind = field.kind
    if kind in (Kind.TEXT, Kind.LONGTEXT):
        return _text_column(values, errors)
    if kind in (Kind.ID_NUMBER, Kind.PHONE):
        # Personal numbers rarely repeat: no memo.
        return _each_column(_personal(field), values, errors)
    # References are names here (resolved to ids when planning): text that repeats.
    parser = (lambda v: _text(v)) if kind is Kind.REF else (lambda v: clean_value(field, v))
    return _memo_column(parser, values, errors)


def _record_id(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if not _RECORD_ID(text):
        raise parse.ParseError("记录ID格式不正确（应为导出时的编号，新记录请留空）")
    return text


def clean_ids(values: list, errors: list[CellError]) -> list:
    return _each_column(_record_id, values, errors)


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
    return _memo_column(_stamp, values, errors)


def parse_stamp(value: Any) -> str:
    """One date-time cell (删除时间, 导出时间) → 'YYYY-MM-DD HH:MM:SS'; raises ParseError."""
    return _stamp(value)
