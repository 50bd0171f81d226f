"""Create, update and delete any entity: validate, write in one transaction, report.

Entity-specific actions (case workflow, petition routing, roster generation) build
on these so that every write goes through the same checks and leaves one audit row.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain import fields
from ..domain.fields import ENTITIES, Entity, Field, Kind
from ..domain.records import FieldError, ValidationError, check_record, clean
from ..store import queries
from ..store import records as store
from ..store.db import write_lock
from . import parties
from .context import Change, Context
from .permissions import require

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
    """Refuse a record whose natural key another has, where the key is unique."""
    if not entity.unique:
        return
    other = store.find_by_key(ctx.db, entity, record)
    if other is not None and other["id"] != record.get("id"):
        key = entity.natural_key[0]
        labels = "、".join(entity.by_name[k].label for k in entity.natural_key)
        raise _refuse(entity, key, record.get(key), f"{labels}已存在相同记录，不能重复登记")


def create(
    ctx: Context,
    entity_name: str,
    raw: Mapping[str, Any],
    *,
    action: str = "insert",
    refresh: bool = True,
) -> Change:
    """Register a new record from raw input (form strings or typed values).

    A case's input may name its applicant and respondent with their ID numbers and
    phones (services.parties.QUICK): they become its parties in the same transaction.
    A party's write brings its case's names up to date unless `refresh` is False (the
    caller does it once for several)."""
    require(ctx, "records.write")
    entity = fields.entity(entity_name)
    sides: dict = {}
    if entity is fields.CASE:
        raw, sides = parties.split_quick(raw)
    elif entity is fields.PARTY:
        raw = parties.complete(raw)
    values = clean_with_parties(entity, {**entity.defaults(), **raw}, sides)
    record = {name: None for name in entity.columns} | values
    check_record(entity, record)
    with write_lock(ctx.db):
        check_references(ctx, entity, record)
        check_unique(ctx, entity, record)
        row = store.insert(ctx.db, ctx.actor, entity, record, action=action)
        change = Change(entity.name, inserted=[row["id"]], record=row)
        _after_write(ctx, entity, row, sides, change, refresh)
    log.info("%s %s %s", action, entity.name, row["id"])
    return change


def clean_with_parties(
    entity: Entity, raw: Mapping[str, Any], sides: dict, *, partial: bool = False
) -> dict[str, Any]:
    """`clean`, with the problems of a case's quick-entry parties reported alongside."""
    problems = parties.quick_errors(sides) if sides else []
    try:
        values = clean(entity, raw, partial=partial)
    except ValidationError as exc:
        raise ValidationError(exc.errors + problems) from None
    if problems:
        raise ValidationError(problems)
    return values


def _after_write(
    ctx: Context, entity: Entity, row: Mapping[str, Any], sides: dict, change: Change, refresh: bool
) -> None:
    """A case's quick-entry parties; a party's case names (in the write's transaction)."""
    if entity is fields.CASE and sides:
        inserted, updated = parties.apply_quick(ctx, row["id"], sides)
        change.inserted += inserted
        change.updated += updated
        if inserted or updated:
            change.touched.add(fields.PARTY.name)
        if parties.refresh_case_names(ctx, row["id"]) and row["id"] not in change.updated:
            change.updated.append(row["id"])
    elif entity is fields.PARTY and refresh:
        if parties.refresh_case_names(ctx, row["case_id"]):
            change.touched.add(fields.CASE.name)


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


def update(
    ctx: Context,
    entity_name: str,
    record_id: str,
    raw: Mapping[str, Any],
    *,
    refresh: bool = True,
) -> Change:
    """Change some fields of a record; unchanged input writes nothing. (Quick entry
    and party refresh as for `create`.)"""
    require(ctx, "records.write")
    entity = fields.entity(entity_name)
    sides: dict = {}
    if entity is fields.CASE:
        raw, sides = parties.split_quick(raw)
    changes = clean_with_parties(entity, raw, sides, partial=True)
    with write_lock(ctx.db):
        before = get(ctx, entity_name, record_id)
        if entity is fields.PARTY:
            changes = _party_changes(before, changes)
        after = before | changes
        if entity.name == "cases" and after["status"] != before["status"]:
            _check_transition(entity, before["status"], after["status"])
        check_record(entity, after)
        check_references(ctx, entity, after)
        check_unique(ctx, entity, after)
        row = store.update(ctx.db, ctx.actor, entity, before, changes)
        change = Change(entity.name, updated=[record_id] if row else [], record=row or before)
        _after_write(ctx, entity, row or before, sides, change, refresh)
        if entity is fields.PARTY and refresh and row and before["case_id"] != row["case_id"]:
            parties.refresh_case_names(ctx, before["case_id"])  # moved to another case
    return change


def _party_changes(before: Mapping[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A party's changes with what a changed document number implies (birth date, sex)."""
    if "id_no" not in changes and "id_type" not in changes:
        return changes
    implied = parties.complete({**before, **changes, "birth_date": None, "gender": None})
    for name in ("birth_date", "gender"):
        if name not in changes and implied.get(name) and not before.get(name):
            changes[name] = implied[name]
    return changes


# (table, column) pairs that reference each entity, derived from the declarations.
REFERENCED_BY = {
    e.name: [(other.name, f.name) for other in ENTITIES for f in other.fields if f.ref == e.name]
    for e in ENTITIES
}
# The entities whose records belong to each entity's records (Entity.parent).
PARTS = {
    e.name: [
        other for other in ENTITIES if other.parent and other.field(other.parent).ref == e.name
    ]
    for e in ENTITIES
}


def _delete_parts(ctx: Context, entity: Entity, record_id: str, change: Change) -> list:
    """Delete the records that belong to this one (a case's parties, records and
    visits), each audited; returns them as [entity, record] for undelete."""
    deleted = []
    for part in PARTS[entity.name]:
        for row in queries.parts_of(ctx.db, part.name, part.parent, record_id):
            store.delete(ctx.db, ctx.actor, part, row)
            change.touched.add(part.name)
            deleted.append([part.name, row])
    return deleted


# Links by number (Field.links_to): (entity, field) pairs holding each entity's key.
LINKED_BY = {
    e.name: [(other, f) for other in ENTITIES for f in other.fields if f.links_to == e.name]
    for e in ENTITIES
}


@dataclass(frozen=True)
class Link:
    """One record linked to another by number (e.g. a petition to its case)."""

    entity: Entity  # the record that holds the number
    field: Field  # its field holding the number
    record: dict

    @property
    def name(self) -> str:
        return str(self.record.get(self.entity.display) or "")


@dataclass
class Links:
    """What links to a record (cleared when it is deleted with unlink=True), and
    what the record itself links to (its own field: nothing left dangling)."""

    linked_from: list[Link] = field(default_factory=list)
    links_to: list[tuple[Field, dict]] = field(default_factory=list)  # (own field, target)


def _key(entity: Entity) -> str:
    (key,) = entity.natural_key  # a link by number needs a one-field number
    return key


def links_of(ctx: Context, entity_name: str, record_id: str) -> Links:
    """The links by number of one record, in both directions."""
    entity = fields.entity(entity_name)
    record = get(ctx, entity_name, record_id)
    out = Links()
    for other, f in LINKED_BY[entity.name]:
        number = record.get(_key(entity))
        for row in store.rows_with_value(ctx.db, other.name, f.name, number, other.display):
            out.linked_from.append(Link(other, f, row))
    for f in entity.fields:
        if f.links_to and record.get(f.name):
            target = fields.entity(f.links_to)
            found = store.find_by_key(ctx.db, target, {_key(target): record[f.name]})
            if found is not None:
                out.links_to.append((f, found))
    return out


def linked_message(entity: Entity, record: Mapping[str, Any], links: list[Link]) -> str:
    """'调解案件“…”关联着信访登记 莲访〔2020〕第3号（转入调解案件编号）…'"""
    groups: dict[tuple[str, str], list[str]] = {}
    for link in links:
        groups.setdefault((link.entity.sheet, link.field.label), []).append(link.name)
    which = "；".join(
        f"{sheet} {'、'.join(names)}（{label}）" for (sheet, label), names in groups.items()
    )
    sheets = "、".join(dict.fromkeys(sheet for sheet, _label in groups))
    return (
        f"{entity.sheet}“{record.get(entity.display)}”关联着{which}，未删除。"
        f"删除后这些{sheets}将不再关联本{entity.sheet}；确需删除，请确认解除关联后再删除。"
    )


def delete(ctx: Context, entity_name: str, record_id: str, *, unlink: bool = False) -> Change:
    """Delete a record that nothing else refers to; the audit row keeps it for undo.

    A record others link to by number (a case its petitions name) is refused with a
    message naming them, unless `unlink`: then their links are cleared (each audited
    as 'unlink') in the same transaction, and the returned record lists them under
    '_unlinked' so that undelete can link them again."""
    require(ctx, "records.write")
    entity = fields.entity(entity_name)
    with write_lock(ctx.db):
        before = get(ctx, entity_name, record_id)
        used = store.references_by_table(ctx.db, REFERENCED_BY[entity.name], record_id)
        for part in PARTS[entity.name]:
            used.pop(part.name, None)
        if used:
            which = "、".join(f"{fields.entity(t).sheet} {n} 条" for t, n in used.items())
            name = before.get(entity.display)
            reason = f"“{name}”仍被 {sum(used.values())} 条记录引用（{which}），不能删除"
            raise ValidationError([FieldError("", "", name, reason)])
        linked = links_of(ctx, entity_name, record_id).linked_from
        if linked and not unlink:
            raise ValidationError(
                [
                    FieldError(
                        "", "", before.get(entity.display), linked_message(entity, before, linked)
                    )
                ]
            )
        change = Change(
            entity.name,
            deleted=[record_id],
            record=before,
            touched={link.entity.name for link in linked},  # the records it unlinks
        )
        unlinked = []
        for link in linked:
            store.update(
                ctx.db,
                ctx.actor,
                link.entity,
                link.record,
                {link.field.name: None},
                action="unlink",
            )
            change.updated.append(link.record["id"])
            unlinked.append([link.entity.name, link.record["id"], link.field.name])
        parts = _delete_parts(ctx, entity, record_id, change)
        store.delete(ctx.db, ctx.actor, entity, before)
        if entity is fields.PARTY:
            parties.refresh_case_names(ctx, before["case_id"])
            change.touched.add(fields.CASE.name)
    if unlinked or parts:
        change.record = {**before, "_unlinked": unlinked, "_parts": parts}
    log.info("delete %s %s (unlinked %d)", entity.name, record_id, len(unlinked))
    return change


def undelete(ctx: Context, entity_name: str, record: Mapping[str, Any]) -> Change:
    """Undo a delete: put the record back with its old id and lift its tombstone."""
    require(ctx, "records.write")
    entity = fields.entity(entity_name)
    with write_lock(ctx.db):
        values = {k: record.get(k) for k in entity.columns}
        check_references(ctx, entity, values)
        check_unique(ctx, entity, values)
        row = store.insert(
            ctx.db, ctx.actor, entity, values, record_id=record["id"], action="undelete"
        )
        store.lift_tombstone(ctx.db, entity, record["id"])
        change = Change(
            entity.name,
            inserted=[row["id"]],
            record=row,
            touched={name for name, *_ in record.get("_unlinked") or ()},  # relinked
        )
        for part_name, part in record.get("_parts") or ():
            part_entity = fields.entity(part_name)
            values = {k: part.get(k) for k in part_entity.columns}
            store.insert(
                ctx.db, ctx.actor, part_entity, values, record_id=part["id"], action="undelete"
            )
            store.lift_tombstone(ctx.db, part_entity, part["id"])
            change.touched.add(part_name)
        for other_name, other_id, field_name in record.get("_unlinked") or ():
            other = fields.entity(other_name)
            current = store.get(ctx.db, other, other_id)
            if current is None or current.get(field_name) is not None:
                continue  # deleted or linked elsewhere meanwhile: left as it is
            number = record.get(_key(entity))
            store.update(ctx.db, ctx.actor, other, current, {field_name: number}, action="relink")
            change.updated.append(other_id)
    return change
