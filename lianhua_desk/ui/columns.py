"""List columns derived from the field declarations, and the deadline badge column.

Which deadline a badge shows (the most urgent open one) is domain.urgency; here
only its colour and text.

Personal data (ID numbers, phones) is masked in lists; the edit form shows it in
full to the clerk who opens the record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor

from ..domain import parse, rules
from ..domain.fields import Entity, Field, Kind, entity
from ..domain.numbers import count, money
from ..domain.urgency import deadlines_of, most_urgent
from ..services import lookups
from .i18n import _, enum_text, label, yes_no
from .table_model import Column

NUMERIC_KINDS = (Kind.INT, Kind.HOURS, Kind.MONEY)
RED, AMBER, GREEN, GREY = "#f4c7c3", "#fce8b2", "#d9ead3", "#eeeeee"
STATE_COLORS = {rules.OVERDUE: RED, rules.DUE_SOON: AMBER, rules.OK: GREEN}
STATE_TEXT = rules.STATE_LABELS  # 已超期 / 即将到期 / 正常
_WIDTHS = {
    Kind.DATE: 96,
    Kind.TIME: 64,
    Kind.BOOL: 60,
    Kind.INT: 70,
    Kind.HOURS: 60,
    Kind.MONEY: 100,
    Kind.ID_NUMBER: 150,
    Kind.DOCUMENT_NO: 150,
    Kind.PHONE: 110,
    Kind.LONGTEXT: 220,
}


def cell_text(field: Field, row: dict) -> str:
    """A stored value as a list shows it."""
    value = row.get(field.name)
    kind = field.kind
    if kind is Kind.REF:
        return lookups.ref_name(row, field.name) or ""
    if value is None:
        return ""
    if kind is Kind.ENUM:
        return enum_text(value)
    if kind is Kind.BOOL:
        return yes_no(value)
    if kind is Kind.MONEY:
        return money(value)
    if kind in (Kind.HOURS, Kind.INT):
        return count(value)
    if kind in (Kind.ID_NUMBER, Kind.DOCUMENT_NO):
        return parse.mask_id(value) or ""
    if kind is Kind.PHONE:
        return parse.mask_phone(value) or ""
    text = str(value)
    return text.replace("\n", " ") if kind is Kind.LONGTEXT else text


def field_column(field: Field) -> Column:
    long = field.kind is Kind.LONGTEXT
    return Column(
        key=field.name,
        header=label(field),
        text=lambda row, f=field: cell_text(f, row),
        # Sorting needs an index at scale; long free text is not worth one.
        sort=None if long else field.name,
        numeric=field.kind in NUMERIC_KINDS,  # right-aligned, as figures are
        tooltip=(lambda row, f=field: row.get(f.name)) if long else None,
        width=_width(field),
    )


def text_width(text: str) -> int:
    """Rough pixels for a header or cell at the default font (CJK twice as wide)."""
    return sum(14 if ord(ch) > 0x2E80 else 8 for ch in text) + 18


def _width(field: Field) -> int:
    if field.kind is Kind.ENUM:
        widest = max(text_width(enum_text(c)) for c in field.choices)
    elif field.name.endswith("_no") and field.kind is Kind.TEXT:
        widest = 175  # 莲调〔2020〕第123号
    else:
        widest = _WIDTHS.get(field.kind, 150 if field.kind is Kind.REF else 110)
    return max(min(widest, 230), text_width(label(field)))


def entity_columns(e: Entity | str) -> list[Column]:
    e = entity(e) if isinstance(e, str) else e
    return [field_column(f) for f in e.fields]


def deadline_text(d: rules.Deadline) -> str:
    return f"{_(STATE_TEXT[d.state])} {d.due.isoformat()}"


def deadline_tooltip(found: list[rules.Deadline]) -> str:
    return "\n".join(
        _("{what}：{due}（{state}）").format(
            what=_(d.what), due=d.due.isoformat(), state=_(STATE_TEXT[d.state])
        )
        for d in found
    )


def deadline_column(entity_name: str, settings_fn: Callable, today_fn: Callable) -> Column:
    """A badge: the most urgent open deadline, coloured red / amber / green."""

    def found(row):
        return deadlines_of(entity_name, row, settings_fn(), today_fn())

    def text(row):
        d = most_urgent(found(row))
        return deadline_text(d) if d else ""

    def color(row):
        d = most_urgent(found(row))
        return QColor(STATE_COLORS[d.state]) if d else None

    return Column(
        key="_deadline",
        header=_("期限"),
        text=text,
        background=color,
        tooltip=lambda row: deadline_tooltip(found(row)) or None,
        width=150,
    )
