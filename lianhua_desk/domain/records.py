"""Turning raw input (form strings, workbook cells) into clean record values.

One function, `clean`, serves the services, the importer and the forms: each field is
parsed according to its declared kind, then cross-field rules run. Errors name the
field by its Chinese label and say what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import RefusedInput
from . import fields, identity, parse
from .fields import Entity, Field, Kind


@dataclass(frozen=True)
class FieldError:
    field: str  # column name ('' for a record-level problem)
    label: str  # Chinese label
    value: Any
    reason: str

    def __str__(self) -> str:
        where = f"「{self.label}」" if self.label else ""
        return f"{where}{self.reason}"


class ValidationError(RefusedInput, ValueError):
    """Input refused; nothing was written. Carries every problem found."""

    heading = "输入有误，未写入任何数据："

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("；".join(str(e) for e in errors))

    @property
    def reasons(self) -> list[str]:
        return [str(e) for e in self.errors]


def _enum(field: Field) -> Callable[[Any], str]:
    def parse_choice(value: Any) -> str:
        text = parse.normalize_text(value)
        if text in field.choices:
            return text
        raise parse.ParseError(f"“{text}”不是可选值，应为：{' / '.join(field.choices)}")

    return parse_choice


def _text(value: Any) -> str:
    return parse.normalize_text(value)


def _ref(value: Any) -> str:
    # References arrive as record ids here; names are resolved by the caller.
    return parse.normalize_text(value)


def _int(field: Field) -> Callable[[Any], int]:
    return lambda value: parse.parse_int(value, minimum=field.minimum)


def _parser(field: Field) -> Callable[[Any], Any]:
    kind = field.kind
    if kind is Kind.ENUM:
        return _enum(field)
    if kind is Kind.INT:
        return _int(field)
    return {
        Kind.TEXT: _text,
        Kind.LONGTEXT: _text,
        Kind.REF: _ref,
        Kind.HOURS: parse.parse_hours,
        Kind.MONEY: parse.parse_money,
        Kind.DATE: lambda v: parse.parse_date(v).isoformat(),
        Kind.TIME: parse.parse_time,
        Kind.BOOL: lambda v: int(parse.parse_bool(v)),
        Kind.ID_NUMBER: parse.parse_id_number,
        Kind.DOCUMENT_NO: identity.normalize_document_no,
        Kind.PHONE: parse.parse_phone,
    }[kind]


def clean_value(field: Field, value: Any) -> Any:
    """Parse one value; blank becomes None. Raises parse.ParseError."""
    if value is None or (isinstance(value, str) and parse.normalize_text(value) is None):
        return None
    return _parser(field)(value)


def clean(entity: Entity, raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate `raw` (column name → value) for `entity`.

    With partial=True only the given fields are checked (an update); otherwise every
    required field must be present. Raises ValidationError listing every problem.
    """
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in raw.items():
        field = entity.by_name.get(name)
        if field is None:
            errors.append(FieldError(name, name, value, "未知字段"))
            continue
        try:
            values[name] = clean_value(field, value)
        except parse.ParseError as exc:
            errors.append(FieldError(name, field.label, value, exc.reason))
            continue
        if values[name] is None and field.required:
            errors.append(FieldError(name, field.label, value, "必填项不能为空"))
    if not partial:
        for field in entity.required:
            if field.name not in raw:
                errors.append(FieldError(field.name, field.label, None, "必填项不能为空"))
    if errors:
        raise ValidationError(errors)
    return values


def check_record(entity: Entity, record: Mapping[str, Any]) -> None:
    """Cross-field rules on a complete record (after merging an update)."""
    errors = [
        FieldError(name, entity.by_name[name].label if name else "", record.get(name), reason)
        for name, reason in _cross_field_problems(entity.name, record)
    ]
    if errors:
        raise ValidationError(errors)


# 司法确认 follows a concluded agreement: a case that did not settle has none of it.
# (The agreement's own parts may be drafted before the parties sign.)
AGREEMENT_PARTS = (
    "confirmation_court",
    "confirmation_applied",
    "confirmation_ruling",
)


def _party_problems(r: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    person = r.get("party_type") != "法人或其他组织"
    id_type, id_no = r.get("id_type"), r.get("id_no")
    if person and id_type == identity.ORG_ID_TYPE:
        problems.append(("id_type", "自然人的证件不能是统一社会信用代码"))
    elif not person and id_type not in (None, identity.ORG_ID_TYPE):
        problems.append(("id_type", "法人或其他组织的证件应为统一社会信用代码"))
    elif id_no and not id_type:
        problems.append(("id_type", "填写证件号码时应选择证件类型"))
    elif id_no:
        try:
            identity.check_document(id_type, id_no)
        except parse.ParseError as exc:
            problems.append(("id_no", exc.reason))
        else:
            born = identity.birth_date_of(id_type, id_no)
            if born and r.get("birth_date") and r["birth_date"] != born.isoformat():
                problems.append(
                    ("birth_date", f"出生日期与证件号码不符（证件号码为{born:%Y-%m-%d}）")
                )
    if not person:
        for name, label in (("gender", "性别"), ("ethnicity", "民族"), ("birth_date", "出生日期")):
            if r.get(name) is not None:
                problems.append((name, f"法人或其他组织没有{label}"))
    return problems


def _after(record: Mapping[str, Any], later: str, earlier: str) -> bool:
    a, b = record.get(later), record.get(earlier)
    return a is None or b is None or a >= b


def _cross_field_problems(entity: str, r: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if entity == "advisors" and not _after(r, "contract_end", "contract_start"):
        problems.append(("contract_end", "聘期结束不能早于聘期开始"))
    if entity == "shifts" and r.get("start_time") and r.get("end_time"):
        if r["end_time"] <= r["start_time"]:
            problems.append(("end_time", "结束时间应晚于开始时间"))
    if entity == "cases":
        if not _after(r, "closed_date", "received_date"):
            problems.append(("closed_date", "结案日期不能早于受理日期"))
        if r.get("status") in ("调解成功", "调解不成功", "已终止") and not r.get("closed_date"):
            problems.append(("closed_date", f"状态为“{r.get('status')}”时应填写结案日期"))
        if r.get("status") != "调解成功":
            for name, label in (("performance", "履行情况"), ("judicial_confirmation", "司法确认")):
                if r.get(name) not in (None, 0):
                    problems.append((name, f"只有调解成功的案件才有{label}"))
    if entity == "parties":
        problems += _party_problems(r)
    if entity == "cases":
        if not _after(r, "extended_until", "received_date"):
            problems.append(("extended_until", "延长期限不能早于受理日期"))
        if r.get("status") != "调解成功":
            for name in AGREEMENT_PARTS:
                if r.get(name) is not None:
                    label = fields.CASE.by_name[name].label
                    problems.append((name, f"只有调解成功的案件才有{label}"))
    if entity == "petitions":
        if not _after(r, "concluded_date", "registered_date"):
            problems.append(("concluded_date", "办结日期不能早于登记日期"))
        if r.get("status") == "已办结" and not r.get("concluded_date"):
            problems.append(("concluded_date", "状态为“已办结”时应填写办结日期"))
    return problems
