"""Create, update and delete any entity: validate, write in one transaction, report.

Entity-specific actions (case workflow, petition routing, roster generation) build
on these so that every write goes through the same checks and leaves one audit row.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from ..domain import fields
from ..domain.fields import ENTITIES, Entity, Kind
from ..domain.records import FieldError, ValidationError, check_record, clean
from ..store import records as store
from ..store.db import write_lock
from .context import Change, Context

log = logging.getLogger(__name__)

# Status changes a form may make on a mediation case (imports carry any state).
CASE_TRANSITIONS = {
    "已受理": {"调解中", "已终止"},
    "调解中": {"调解成功", "调解不成功", "已终止"},
    "调解成功": set(),
    "调解不成功": set(),
    "已终止": set(),
}


def _refuse(entity: Entity, name: str, value: Any, reason: str) -> ValidationError:
    label = entity.by_name[name].label if name in entity.by_name else ""
    return ValidationError([FieldError(name, label, value, reason)])


def check_references(ctx: Context, entity: Entity, record: Mapping[str, Any]) -> None:
    for f in entity.fields:
        value = record.get(f.name)
        if (
            f.kind is Kind.REF
            and value is not None
            and store.get(ctx.db, fields.entity(f.ref), value) is None
        ):
            raise _refuse(entity, f.name, value, f"所选{f.label}不存在（可能已被删除）")


def check_unique(ctx: Context, entity: Entity, record: Mapping[str, Any]) -> None:
    other = store.find_by_key(ctx.db, entity, record)
    if other is not None and other["id"] != record.get("id"):
        key = entity.natural_key[0]
        labels = "、".join(entity.by_name[k].label for k in entity.natural_key)
        raise _refuse(entity, key, record.get(key), f"{labels}已存在相同记录，不能重复登记")


def create(
    ctx: Context, entity_name: str, raw: Mapping[str, Any], *, action: str = "insert"
) -> Change:
    """Register a new record from raw input (form strings or typed values)."""
    entity = fields.entity(entity_name)
    values = clean(entity, {**entity.defaults(), **raw})
    record = {name: None for name in entity.columns} | values
    check_record(entity, record)
    with write_lock(ctx.db):
        check_references(ctx, entity, record)
        check_unique(ctx, entity, record)
        row = store.insert(ctx.db, ctx.actor, entity, record, action=action)
    log.info("%s %s %s", action, entity.name, row["id"])
    return Change(entity.name, inserted=[row["id"]], record=row)


def get(ctx: Context, entity_name: str, record_id: str) -> dict:
    entity = fields.entity(entity_name)
    row = store.get(ctx.db, entity, record_id)
    if row is None:
        raise ValidationError(
            [FieldError("", "", record_id, f"{entity.sheet}记录不存在（可能已被删除）")]
        )
    return row


def _check_transition(entity: Entity, old: str, new: str) -> None:
    allowed = CASE_TRANSITIONS[old]
    if new not in allowed:
        hint = f"，只能改为：{'、'.join(sorted(allowed))}" if allowed else "（已结案）"
        raise _refuse(entity, "status", new, f"案件状态不能从“{old}”改为“{new}”{hint}")


def update(ctx: Context, entity_name: str, record_id: str, raw: Mapping[str, Any]) -> Change:
    """Change some fields of a record; unchanged input writes nothing."""
    entity = fields.entity(entity_name)
    changes = clean(entity, raw, partial=True)
    with write_lock(ctx.db):
        before = get(ctx, entity_name, record_id)
        after = before | changes
        if entity.name == "cases" and after["status"] != before["status"]:
            _check_transition(entity, before["status"], after["status"])
        check_record(entity, after)
        check_references(ctx, entity, after)
        check_unique(ctx, entity, after)
        row = store.update(ctx.db, ctx.actor, entity, before, changes)
    if row is None:
        return Change(entity.name, record=before)
    return Change(entity.name, updated=[record_id], record=row)


# (table, column) pairs that reference each entity, derived from the declarations.
REFERENCED_BY = {
    e.name: [(other.name, f.name) for other in ENTITIES for f in other.fields if f.ref == e.name]
    for e in ENTITIES
}


def delete(ctx: Context, entity_name: str, record_id: str) -> Change:
    """Delete a record that nothing else refers to; the audit row keeps it for undo."""
    entity = fields.entity(entity_name)
    with write_lock(ctx.db):
        before = get(ctx, entity_name, record_id)
        used = store.count_references(ctx.db, REFERENCED_BY[entity.name], record_id)
        if used:
            raise ValidationError(
                [
                    FieldError(
                        "",
                        "",
                        before.get(entity.display),
                        f"“{before.get(entity.display)}”仍被 {used} 条记录引用，不能删除",
                    )
                ]
            )
        store.delete(ctx.db, ctx.actor, entity, before)
    log.info("delete %s %s", entity.name, record_id)
    return Change(entity.name, deleted=[record_id], record=before)


def undelete(ctx: Context, entity_name: str, record: Mapping[str, Any]) -> Change:
    """Undo a delete: put the record back with its old id and lift its tombstone."""
    entity = fields.entity(entity_name)
    with write_lock(ctx.db):
        values = {k: record.get(k) for k in entity.columns}
        check_references(ctx, entity, values)
        check_unique(ctx, entity, values)
        row = store.insert(
            ctx.db, ctx.actor, entity, values, record_id=record["id"], action="undelete"
        )
        store.lift_tombstone(ctx.db, entity, record["id"])
    return Change(entity.name, inserted=[row["id"]], record=row)
