"""Changing settings and holiday overrides, validated and audited."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from typing import Any

from ..domain import parse
from ..domain.records import FieldError, ValidationError
from ..domain.settings import SETTING_FIELDS, Settings
from ..store import records as store
from ..store import settings_store
from ..store.db import write_lock
from .context import Context
from .permissions import require

# How a refusal names each setting: declared beside it in domain.settings.
LABELS = {s.name: s.alone for s in SETTING_FIELDS}


def _coerce(name: str, kind: type, value: Any) -> Any:
    label = LABELS.get(name, name)
    if kind in (int, float, "int", "float"):
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError([FieldError(name, label, value, "应为数字")]) from exc
        if number < 0:
            raise ValidationError([FieldError(name, label, value, "不能为负数")])
        return int(number) if kind in (int, "int") else number
    text = parse.normalize_text(value)
    if not text:
        raise ValidationError([FieldError(name, label, value, "不能为空")])
    if name.endswith("_pattern") and not re.search(r"\{seq\}", text):
        raise ValidationError(
            [FieldError(name, label, value, "编号格式须包含 {seq}（序号），可含 {year}（年份）")]
        )
    return text


def update_settings(ctx: Context, values: dict[str, Any]) -> Settings:
    require(ctx, "settings")
    types = {f.name: f.type for f in fields(Settings)}
    unknown = set(values) - set(types)
    if unknown:
        raise ValidationError([FieldError(k, k, values[k], "未知设置项") for k in sorted(unknown)])
    clean = {k: _coerce(k, types[k], v) for k, v in values.items()}
    with write_lock(ctx.db):
        before = settings_store.load_settings(ctx.db).as_dict()
        settings_store.save_settings(ctx.db, clean)
        after = settings_store.load_settings(ctx.db).as_dict()
        if before != after:
            store.write_audit(ctx.db, ctx.actor, "settings", "settings", "update", before, after)
    return Settings.from_mapping(after)


def set_holiday_override(ctx: Context, day: Any, kind: str, name: str = "") -> None:
    """Mark a date as a holiday or a make-up working day ('holiday' / 'workday')."""
    require(ctx, "records.write")
    try:
        date = parse.parse_date(day)
    except parse.ParseError as exc:
        raise ValidationError([FieldError("date", "日期", day, exc.reason)]) from exc
    if kind not in ("holiday", "workday"):
        raise ValidationError(
            [FieldError("kind", "类型", kind, "应为 holiday（节假日）或 workday（调休上班）")]
        )
    with write_lock(ctx.db):
        before = {d.isoformat(): v for d, v in settings_store.holiday_overrides(ctx.db).items()}
        settings_store.save_holiday_override(ctx.db, date, kind, name)
        store.write_audit(
            ctx.db,
            ctx.actor,
            "holiday_overrides",
            date.isoformat(),
            "update",
            {"override": before.get(date.isoformat())},
            {"override": [kind, name]},
        )


def remove_holiday_override(ctx: Context, day: Any) -> bool:
    """Undo an override: the day follows the holiday library (or Mon–Fri) again.
    False when the date had no override."""
    require(ctx, "records.write")
    try:
        date = parse.parse_date(day)
    except parse.ParseError as exc:
        raise ValidationError([FieldError("date", "日期", day, exc.reason)]) from exc
    with write_lock(ctx.db):
        before = settings_store.holiday_overrides(ctx.db).get(date)
        if not settings_store.delete_holiday_override(ctx.db, date):
            return False
        store.write_audit(
            ctx.db,
            ctx.actor,
            "holiday_overrides",
            date.isoformat(),
            "delete",
            {"override": list(before)},
            None,
        )
    return True


def holiday_overrides(ctx: Context, year: int | None = None) -> list[tuple[dt.date, str, str]]:
    """(date, 'holiday' | 'workday', name) in date order, of one year or all."""
    rows = settings_store.holiday_overrides(ctx.db).items()
    return sorted(
        (day, kind, name) for day, (kind, name) in rows if year is None or day.year == year
    )
