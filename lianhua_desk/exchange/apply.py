"""Carrying out an import plan: one write transaction, all or nothing.

Every change leaves one audit row (action 'import'); superseded, conflicting and
deleted versions go to `history`; the import itself is recorded in `imports`.
A dry run does all of it and rolls back, so its counts are exactly what a real
import would do.
"""

from __future__ import annotations

from ..domain.fields import CASE, PARTY
from ..domain.parties import ROLES_ON_CASE, party_type_of
from ..services import parties
from ..services import records as record_service
from ..store import exchange_store as store
from ..store import queries, records
from ..store.db import write_lock
from ..store.driver import sqlite3
from .format import DELETED_SHEET
from .legacy import migrated_party_id
from .plan import Plan
from .result import WARNING, ImportResult, Problem, RefusedFile
from .validate import Info

ACTION = "import"
_INTERNAL = ("updated_at", "synced_at", "origin")  # what an update writes besides fields


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def apply_plan(ctx, plan: Plan, result: ImportResult, info: Info, *, dry_run: bool) -> None:
    db, actor = ctx.db, ctx.actor
    at = actor.stamp()
    try:
        with store.bulk_cache(db), write_lock(db):
            import_id = store.start_import(
                db,
                actor,
                file_name=result.file_name,
                sha256=result.sha256,
                source_unit=info.unit,
                exported_at=info.exported_at,
            )
            source = f"import:{import_id}"
            for sheet in plan.sheets:
                entity = sheet.entity
                for row in sheet.inserts:
                    row["origin"] = source
                for _, after in sheet.updates:
                    after["origin"] = source
                store.insert_many(db, actor, entity, sheet.inserts, action=ACTION, at=at)
                store.history_many(db, entity, sheet.history, import_id=import_id, at=at)
                store.update_many(
                    db,
                    actor,
                    entity,
                    sheet.updates,
                    (*sheet.columns, *_INTERNAL),
                    action=ACTION,
                    at=at,
                )
                store.set_synced(db, entity, sheet.synced)
                store.lift_tombstones(db, entity, sheet.lifted)
            _delete(ctx, plan, result, import_id)
            _follow_parties(ctx, plan, source, at)
            result.import_id = import_id
            store.finish_import(db, import_id, result.counts, len(result.conflicts))
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.import_id = None
    except sqlite3.IntegrityError as exc:
        # The plan checks keys and references; reaching here means a case it missed.
        raise RefusedFile(f"导入的数据与数据库中已有记录冲突，未写入任何数据（{exc}）") from exc


def _delete(ctx, plan: Plan, result: ImportResult, import_id: int) -> None:
    """Tombstones, dependents first; a record something still points at stays."""
    for deletion in plan.deletions:
        tomb, record = deletion.tombstone, deletion.record
        entity = tomb.entity
        if reason := _still_needed(ctx, entity, record):
            result.problems.append(
                Problem(DELETED_SHEET, tomb.excel_row, "记录ID", tomb.key, reason, WARNING)
            )
            result.count(DELETED_SHEET, "skipped")
            continue
        records.keep_history(ctx.db, ctx.actor, entity, record, "deleted", import_id)
        records.delete(ctx.db, ctx.actor, entity, record, deleted_at=tomb.deleted_at, action=ACTION)
        result.count(DELETED_SHEET, "deleted")


def _still_needed(ctx, entity, record) -> str | None:
    """Why a tombstone's record must stay: others reference it (foreign keys), or link
    to it by number (a petition naming a case would point at nothing, issue 10)."""
    if used := store.reference_count(ctx.db, entity, record["id"]):
        return f"仍有 {used} 条记录引用它，未删除"
    if linked := record_service.links_of(ctx, entity.name, record["id"]).linked_from:
        names = "、".join(f"{link.entity.sheet} {link.name}" for link in linked)
        return f"仍有 {names} 关联它，未删除"
    return None


def _follow_parties(ctx, plan: Plan, source: str, at: str) -> None:
    """The names on each touched case follow its parties (the parties win over the
    case sheet's 申请人/被申请人); a case named a side with no party of that role gets
    one from the name, as the case form does."""
    touched: set[str] = set()
    for sheet in plan.sheets:
        if sheet.entity is CASE:
            touched.update(r["id"] for r in sheet.inserts)
            touched.update(after["id"] for _, after in sheet.updates)
        elif sheet.entity is PARTY:
            touched.update(r["case_id"] for r in sheet.inserts)
            touched.update(r["case_id"] for pair in sheet.updates for r in pair)
    for deletion in plan.deletions:
        if deletion.tombstone.entity is PARTY:
            touched.add(deletion.record["case_id"])
    for case_id in store.cases_out_of_step(ctx.db, sorted(touched)):
        case = records.get(ctx.db, CASE, case_id)
        for role, name_field in ROLES_ON_CASE.items():
            name = case[name_field]
            if name and not queries.parties_of_case(ctx.db, case_id, role):
                values = {"case_id": case_id, "role": role, "name": name}
                values["party_type"] = party_type_of(name, None)
                records.insert(
                    ctx.db,
                    ctx.actor,
                    PARTY,
                    values,
                    record_id=migrated_party_id(case_id, role),
                    updated_at=case["updated_at"],
                    source=source,
                    action=ACTION,
                )
        parties.refresh_case_names(ctx, case_id)
