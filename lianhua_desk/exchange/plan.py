"""Matching incoming rows to records and deciding what happens to each (spec "Merging").

A row is matched by 记录ID, else by its natural key (else, for sheets without one,
by identical content), else it is new. Its 更新时间 says which version of the record
the sender started from (clerks edit cells and leave it alone). Per row, against the
local record (updated_at L, synced_at = the version last exchanged):
- same values: unchanged;
- 更新时间 > L: an update (the stored version kept as 'superseded'), or a conflict
  when the local record changed since the last exchange too;
- 更新时间 == L: edited in a workbook made from the current version: an update
  stamped with the import's time, so the edit travels on;
- 更新时间 < L: equal to a version this database has had (audit trail, history):
  skipped as older; equal to none: a conflict, the local version kept current.
A conflict keeps the losing version as 'conflict' in history and is listed. Nothing is
written here; `apply` carries the plan out in one transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..domain.fields import BY_NAME, ENTITIES, PARTY, Entity, Kind
from ..domain.records import ValidationError, check_record
from ..services.parties import complete
from ..store import exchange_store as store
from ..store.records import new_id
from . import legacy
from .format import DELETED_SHEET, UPDATED_HEADER
from .result import WARNING, Conflict, ImportResult, Problem
from .validate import Info, Row, Sheet, Tombstone

# Referenced entities shown by their number, not a name (a party's case by 案件编号).
_BY_NUMBER = frozenset(
    f.ref for e in ENTITIES for f in e.fields if f.ref not in (None, "communities", "advisors")
)
_NAME_AND_FIRM = re.compile(r"(.+?)\s*[（(](.+)[)）]")  # 姓名（律师事务所）


@dataclass
class SheetPlan:
    entity: Entity
    columns: tuple[str, ...] = ()  # fields an update writes (those the sheet has)
    inserts: list[dict] = field(default_factory=list)
    updates: list[tuple[dict, dict]] = field(default_factory=list)  # (before, after)
    history: list[tuple[dict, str]] = field(default_factory=list)  # (version, reason)
    synced: list[tuple[str, str]] = field(default_factory=list)  # (synced_at, id)
    lifted: list[str] = field(default_factory=list)  # tombstones of re-inserted records


@dataclass
class Deletion:
    tombstone: Tombstone
    record: dict


@dataclass
class Plan:
    sheets: list[SheetPlan] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)


def _key_column(entity: Entity) -> str:
    """The natural-key column to query by: a date is the most selective."""
    key = entity.natural_key
    return next((k for k in key if entity.by_name[k].kind is Kind.DATE), key[0])


class Planner:
    def __init__(self, db, result: ImportResult, info: Info, stamp: str):
        self.db = db
        self.result = result
        self.stamp = stamp  # the import time, for rows without 更新时间
        self.info = info
        self.communities = {name: id_ for id_, (name,) in store.names(db, ENTITIES[0]).items()}
        self.advisors = store.names(db, ENTITIES[1])  # id → (name, firm)
        self._advisor_index: tuple[dict, dict] | None = None
        self._numbers: dict[str, dict[str, str]] = {}  # entity → number → id (cases)
        self._written_numbers: dict[str, dict[str, str]] = defaultdict(dict)  # this import's
        self.written: dict[str, set[str]] = defaultdict(set)  # entity → ids in sheets

    # --- problems and counts -------------------------------------------------------

    @staticmethod
    def _where(sheet: Sheet, row: Row, column: str) -> tuple[str, str]:
        """(sheet, column) a problem is shown at: a format-1 party's at its case's row,
        under the old column it came from."""
        if sheet.legacy_of is None:
            return sheet.name, column
        return sheet.legacy_of, legacy.header_of(row.values.get("role"), column) or column

    def _problem(self, sheet: Sheet, row: Row, column: str, value: Any, reason: str) -> None:
        where, column = self._where(sheet, row, column)
        self.result.problems.append(Problem(where, row.excel_row, column, value, reason))
        sheet.bad_rows.add(row.excel_row)

    def _count(self, sheet: str, key: str) -> None:
        self.result.count(sheet, key)

    # --- references ----------------------------------------------------------------

    def _advisor_maps(self) -> tuple[dict, dict]:
        if self._advisor_index is None:
            by_name: dict[str, list[str]] = defaultdict(list)
            by_pair: dict[tuple, str] = {}
            for id_, (name, firm) in self.advisors.items():
                by_name[name].append(id_)
                by_pair[(name, firm)] = id_
            self._advisor_index = (by_name, by_pair)
        return self._advisor_index

    def _by_number(self, ref: str) -> dict[str, str]:
        """number → id of a referenced entity shown by its number (a case by 案件编号)."""
        if ref not in self._numbers:
            self._numbers[ref] = store.ids_by_display(self.db, BY_NAME[ref])
        return self._numbers[ref]

    def resolve(self, ref: str, name: str) -> tuple[str | None, str]:
        """A referenced record's id from its name, or (None, why not)."""
        if ref in _BY_NUMBER:
            target = BY_NAME[ref]
            id_ = self._written_numbers[ref].get(name) or self._by_number(ref).get(name)
            if id_ is None:
                label = target.by_name[target.display].label
                return None, (
                    f"{label}“{name}”不存在（数据库和本工作簿的“{target.sheet}”表中都没有）"
                )
            return id_, ""
        if ref == "communities":
            id_ = self.communities.get(name)
            if id_ is None:
                return None, f"社区“{name}”不存在（数据库和本工作簿的“社区”表中都没有）"
            return id_, ""
        by_name, by_pair = self._advisor_maps()
        ids = by_name.get(name, [])
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            firms = "、".join(sorted(self.advisors[i][1] or "" for i in ids))
            return None, (
                f"有 {len(ids)} 位法律顾问同名“{name}”（{firms}），"
                f"请写作“{name}（律师事务所）”以区分"
            )
        match = _NAME_AND_FIRM.fullmatch(name)
        if match and (match[1], match[2]) in by_pair:
            return by_pair[(match[1], match[2])], ""
        return None, f"法律顾问“{name}”不存在（数据库和本工作簿的“法律顾问”表中都没有）"

    def _resolve_rows(self, sheet: Sheet) -> list[Row]:
        refs = [f for f in sheet.entity.fields if f.kind is Kind.REF and f.name in sheet.present]
        if not refs:
            return sheet.rows
        memo: dict[tuple[str, str], tuple[str | None, str]] = {}
        good = []
        for row in sheet.rows:
            ok = True
            for f in refs:
                name = row.values[f.name]
                if name is None:
                    continue
                found = memo.get((f.ref, name))
                if found is None:
                    found = memo[(f.ref, name)] = self.resolve(f.ref, name)
                if found[0] is None:
                    self._problem(sheet, row, f.label, name, found[1])
                    ok = False
                else:
                    row.values[f.name] = found[0]
            if ok:
                good.append(row)
        return good

    # --- matching --------------------------------------------------------------------

    def _stored_by_key(self, entity: Entity, rows: list[Row], present: tuple) -> dict[tuple, list]:
        """Stored records for rows without 记录ID, indexed by natural key or content."""
        key = entity.natural_key or tuple(present)
        if not all(k in present for k in key):
            return {}
        column = _key_column(entity) if entity.natural_key else (entity.date_field or key[0])
        values = sorted({r.values[column] for r in rows if r.values[column] is not None})
        index: dict[tuple, list] = defaultdict(list)
        for record in store.fetch_by_values(self.db, entity, column, values):
            index[tuple(record[k] for k in key)].append(record)
        return index

    def plan_sheet(self, sheet: Sheet) -> SheetPlan:
        entity = sheet.entity
        plan = SheetPlan(entity, sheet.present)
        if not sheet.usable:
            return plan
        rows = self._resolve_rows(sheet)
        if sheet.legacy_of is not None:
            self._legacy_ids(rows)
        if entity is PARTY:  # what a party's ID says (birth date, sex), as the form does
            for row in rows:
                if row.values.get("id_no"):
                    row.values = complete(row.values)
        with_id = [r for r in rows if r.record_id]
        without_id = [r for r in rows if not r.record_id]
        stored = store.fetch_by_ids(self.db, entity, [r.record_id for r in with_id])
        keyed = self._stored_by_key(entity, without_id, sheet.present) if without_id else {}
        key = entity.natural_key or sheet.present
        unknown = [r.record_id for r in with_id if r.record_id not in stored]
        tombstones = store.tombstones_for(self.db, entity, unknown)
        default_stamp = self.stamp
        if not entity.has_record_id and self.info.exported_at:
            default_stamp = self.info.exported_at
        defaults = {k: v for k, v in entity.defaults().items() if k not in sheet.present}
        blank = dict.fromkeys(entity.columns) | defaults
        seen: dict[str, int] = {}
        unique = entity.unique  # refused twice, as the form does (services.records)
        keys_seen: dict[tuple, int] = {}
        new_keys: dict[tuple, Row] = {}
        older: list = []  # rows older than their record, decided together below
        for row in rows:
            record_id = row.record_id
            before = stored.get(record_id) if record_id else None
            if record_id is None:
                candidates = keyed.get(tuple(row.values.get(k) for k in key), [])
                before = next((c for c in candidates if c["id"] not in seen), None)
                record_id = before["id"] if before else new_id()
            if record_id in seen:
                self._problem(
                    sheet,
                    row,
                    "记录ID",
                    row.record_id,
                    f"与第{seen[record_id]}行是同一条记录，重复",
                )
                continue
            seen[record_id] = row.excel_row
            row_key = ()
            if unique:
                row_key = tuple(
                    row.values.get(k, (before or {}).get(k)) for k in entity.natural_key
                )
                if None in row_key:
                    row_key = ()  # a key with a blank part is no key (as in the form)
            if row_key:
                if row_key in keys_seen:
                    label = "、".join(entity.by_name[k].label for k in entity.natural_key)
                    column = _key_column(entity)
                    self._problem(
                        sheet,
                        row,
                        entity.by_name[column].label,
                        row_key[entity.natural_key.index(column)],
                        f"{label}与第{keys_seen[row_key]}行重复",
                    )
                    continue
                keys_seen[row_key] = row.excel_row
                if before is None or any(
                    before[k] != v for k, v in zip(entity.natural_key, row_key, strict=True)
                ):
                    new_keys[row_key] = row
            stamp = row.updated_at or default_stamp
            if before is None:
                self._plan_insert(sheet, plan, row, record_id, stamp, blank, tombstones)
            else:
                self._plan_update(sheet, plan, row, before, stamp, older)
        self._plan_older(sheet, plan, older)
        if new_keys:
            self._check_keys_free(sheet, plan, new_keys)
        return plan

    def _legacy_ids(self, rows: list[Row]) -> None:
        """A format-1 side is its case's party of that role: the one of that name, else
        the only one, else (none yet, or several and none of that name) the migrated id."""
        stored: dict[tuple, list[dict]] = defaultdict(list)
        case_ids = sorted({r.values["case_id"] for r in rows})
        for party in store.fetch_by_values(self.db, PARTY, "case_id", case_ids):
            stored[(party["case_id"], party["role"])].append(party)
        for row in rows:
            case_id, role = row.values["case_id"], row.values["role"]
            found = stored.get((case_id, role), [])
            same = [p for p in found if p["name"] == row.values["name"]]
            if same or len(found) == 1:
                row.record_id = (same or found)[0]["id"]
            else:
                row.record_id = legacy.migrated_party_id(case_id, role)

    def _checked(self, sheet: Sheet, row: Row, record: dict) -> bool:
        try:
            check_record(sheet.entity, record)
        except ValidationError as exc:
            for e in exc.errors:
                self._problem(sheet, row, e.label, e.value, e.reason)
            return False
        return True

    def _plan_insert(self, sheet, plan, row, record_id, stamp, blank, tombstones) -> None:
        deleted_at = tombstones.get(record_id)
        if deleted_at is not None and stamp <= deleted_at:
            self._skip(
                sheet, row, stamp, f"该记录已于 {deleted_at} 删除，导入的版本不比删除更新，未恢复"
            )
            return
        record = blank | row.values
        if not self._checked(sheet, row, record):
            return
        record["id"] = record_id
        record["updated_at"] = record["synced_at"] = stamp
        record["origin"] = None  # set to 'import:<id>' when applied
        plan.inserts.append(record)
        if deleted_at is not None:
            plan.lifted.append(record_id)
        self._exists(sheet.entity, record)
        self._count(sheet.name, "inserted")

    def _plan_update(self, sheet, plan, row, before: dict, stamp: str, older: list) -> None:
        """A row matched to a stored record: what its 更新时间 says about its version.

        stamp > local: the row is newer (an update; a conflict when the local record
        changed since the version last exchanged too). stamp == local: the clerk
        started from the current local version and edited it in the workbook: the row
        wins with the import's time. stamp < local: decided with the record's earlier
        versions (`_plan_older`), in one query per sheet."""
        after = before | row.values
        if not self._checked(sheet, row, after):
            return
        self._exists(sheet.entity, before)
        if all(before[k] == v for k, v in row.values.items()):
            self._count(sheet.name, "unchanged")
            return
        synced = before["synced_at"] or ""
        local = before["updated_at"]
        if stamp < local:
            older.append((row, before, after, stamp))
            return
        if stamp == local:
            # Edited in a workbook made from this very version: not a conflict, and not
            # older. The new version is stamped now, so it travels on with the next
            # export; synced_at stays: the edit has not been sent anywhere yet.
            after["updated_at"] = max(self.stamp, local)
            after["synced_at"] = before["synced_at"]
            self._update(sheet, plan, before, after)
            return
        after["updated_at"] = after["synced_at"] = stamp
        if local > synced:
            # Changed here since the version last exchanged, and the row is newer than
            # that too. A community row carries no 更新时间 (its stamp is the export
            # time), so it cannot prove it is newer: a local change wins and the
            # other is kept.
            if synced:
                facts = f"两边都有修改：上次交换的版本为 {synced}，之后本地于 {local} 修改"
            else:
                facts = f"两边都有修改：本地版本（{local}）尚未交换过"
            if sheet.entity.has_record_id:
                facts += f"，导入行的更新时间为 {stamp}"
                incoming_wins = True
            else:
                facts += f"；导入行没有更新时间（按导出时间 {stamp} 计），不能证明它更新"
                incoming_wins = False
            if incoming_wins:
                plan.updates.append((before, after))
                plan.history.append((before, "conflict"))
                self._exists(sheet.entity, after)
            else:
                plan.history.append((after, "conflict"))
                plan.synced.append((stamp, before["id"]))
            self._conflict(sheet, row, before, incoming_wins, stamp, facts)
        else:
            self._update(sheet, plan, before, after)

    def _update(self, sheet: Sheet, plan: SheetPlan, before: dict, after: dict) -> None:
        plan.updates.append((before, after))
        plan.history.append((before, "superseded"))
        self._exists(sheet.entity, after)
        self._count(sheet.name, "updated")

    def _conflict(self, sheet, row, before, incoming_wins: bool, stamp: str, facts: str) -> None:
        self.result.conflicts.append(
            Conflict(
                self._where(sheet, row, "")[0],
                row.excel_row,
                before["id"],
                str(before.get(sheet.entity.display) or ""),
                "导入" if incoming_wins else "本地",
                before["updated_at"],
                stamp,
                facts,
            )
        )
        self._count(sheet.name, "conflicts")

    def _plan_older(self, sheet: Sheet, plan: SheetPlan, older: list) -> None:
        """Rows whose 更新时间 is older than the local record and whose content differs.

        Equal to a version this database has had (or kept aside): an old copy, skipped.
        Equal to none: the row was edited after it left, and the local record changed
        too: a conflict; the local version stays (the row's stamp cannot prove it is
        newer) and the row's version is kept in history and listed."""
        if not older:
            return
        versions = store.known_versions(self.db, sheet.entity, [b["id"] for _, b, _, _ in older])
        for row, before, after, stamp in older:
            local = before["updated_at"]
            items = row.values.items()
            match = next(
                (
                    v
                    for v in reversed(versions.get(before["id"], []))
                    if all(v["data"].get(k) == value for k, value in items)
                ),
                None,
            )
            if match is not None:
                if match["kept"] == "conflict":
                    reason = (
                        f"这一行与 {match['at']} 导入时记为冲突、已存入历史记录的版本相同，"
                        f"本地版本（{local}）保留，已跳过这一行"
                    )
                else:
                    reason = (
                        f"这一行是旧版本：与本库已有的 {match['data'].get('updated_at')} "
                        f"版本相同，本地记录已于 {local} 修改，已跳过这一行"
                    )
                self._skip(sheet, row, stamp, reason)
                continue
            after["updated_at"] = after["synced_at"] = stamp
            plan.history.append((after, "conflict"))
            facts = (
                f"两边都有修改：导入行基于 {stamp} 的版本并有改动（与本库任何已有版本都不同），"
                f"本地记录也已于 {local} 修改"
            )
            self._conflict(sheet, row, before, False, stamp, facts)

    def _skip(self, sheet: Sheet, row: Row, stamp: str, reason: str) -> None:
        where, column = self._where(sheet, row, UPDATED_HEADER)
        self.result.problems.append(Problem(where, row.excel_row, column, stamp, reason, WARNING))
        self._count(sheet.name, "skipped")

    def _exists(self, entity: Entity, record: dict) -> None:
        """Make a record that will exist after the import referable by name."""
        self.written[entity.name].add(record["id"])
        if entity.name == "communities":
            self.communities[record["name"]] = record["id"]
        elif entity.name == "advisors":
            self.advisors[record["id"]] = (record["name"], record["firm"])
            self._advisor_index = None
        elif entity.name in _BY_NUMBER:
            number = record.get(entity.display)
            if number is not None:
                self._written_numbers[entity.name][number] = record["id"]

    def _check_keys_free(self, sheet: Sheet, plan: SheetPlan, new_keys: dict[tuple, Row]) -> None:
        """A unique natural key must not already belong to another record."""
        entity = sheet.entity
        column = _key_column(entity)
        at = entity.natural_key.index(column)
        values = sorted({k[at] for k in new_keys})
        label = "、".join(entity.by_name[k].label for k in entity.natural_key)
        bad_ids = set()
        for record in store.fetch_by_values(self.db, entity, column, values):
            key = tuple(record[k] for k in entity.natural_key)
            row = new_keys.get(key)
            if row is None or record["id"] == row.record_id:
                continue
            if record["id"] in self.written[entity.name]:
                continue  # that record is in this workbook too; duplicates were caught above
            self._problem(
                sheet,
                row,
                entity.by_name[column].label,
                key[at],
                f"{label}已被另一条记录使用（记录ID不同），不能重复登记",
            )
            bad_ids.add(row.excel_row)
        if bad_ids:
            self._drop_rows(plan, sheet, bad_ids)

    def _drop_rows(self, plan: SheetPlan, sheet: Sheet, excel_rows: set[int]) -> None:
        """Rows found bad after they were planned (a key collision): take them out again."""
        by_row = {r.record_id: r.excel_row for r in sheet.rows if r.record_id}
        drop = {r["id"] for r in plan.inserts if by_row.get(r["id"]) in excel_rows}
        drop |= {b["id"] for b, _ in plan.updates if by_row.get(b["id"]) in excel_rows}
        if not drop:
            return
        n_ins = len(plan.inserts)
        plan.inserts = [r for r in plan.inserts if r["id"] not in drop]
        n_upd = len(plan.updates)
        plan.updates = [(b, a) for b, a in plan.updates if b["id"] not in drop]
        plan.history = [(r, why) for r, why in plan.history if r["id"] not in drop]
        self.result.count(sheet.name, "inserted", len(plan.inserts) - n_ins)
        self.result.count(sheet.name, "updated", len(plan.updates) - n_upd)

    # --- deletions -----------------------------------------------------------------------

    def plan_deletions(self, tombstones: list[Tombstone]) -> list[Deletion]:
        deletions = []
        by_entity: dict[str, list[Tombstone]] = defaultdict(list)
        for tomb in tombstones:
            by_entity[tomb.entity.name].append(tomb)
        for entity in reversed(ENTITIES):  # dependents first
            tombs = by_entity.get(entity.name, [])
            if not tombs:
                continue
            if entity.has_record_id:
                stored = store.fetch_by_ids(self.db, entity, [t.key for t in tombs])
            else:
                found = store.fetch_by_values(self.db, entity, "name", [t.key for t in tombs])
                stored = {r["name"]: r for r in found}
            for tomb in tombs:
                record = stored.get(tomb.key)
                if record is None:
                    self._count(DELETED_SHEET, "unchanged")
                elif record["id"] in self.written[entity.name]:
                    self._tomb_skip(tomb, f"该记录同时出现在“{entity.sheet}”表中，未删除")
                elif record["updated_at"] > tomb.deleted_at:
                    self._tomb_skip(
                        tomb, f"本地记录在删除时间之后有修改（{record['updated_at']}），未删除"
                    )
                else:
                    deletions.append(Deletion(tomb, record))
        return deletions

    def _tomb_skip(self, tomb: Tombstone, reason: str) -> None:
        self.result.problems.append(
            Problem(DELETED_SHEET, tomb.excel_row, "记录ID", tomb.key, reason, WARNING)
        )
        self._count(DELETED_SHEET, "skipped")


def make_plan(
    db,
    result: ImportResult,
    info: Info,
    sheets: dict[str, Sheet],
    tombstones: list[Tombstone],
    stamp: str,
) -> Plan:
    planner = Planner(db, result, info, stamp)
    plan = Plan()
    for entity in ENTITIES:
        sheet = sheets.get(entity.sheet)
        if sheet is not None and sheet.legacy_of is not None:
            # A case row refused already says what is wrong: its sides are not planned.
            refused = sheets[sheet.legacy_of].bad_rows
            sheet.rows = [r for r in sheet.rows if r.excel_row not in refused]
        if sheet is not None:
            plan.sheets.append(planner.plan_sheet(sheet))
            bad = len(sheet.bad_rows) if sheet.usable else sheet.row_count
            result.count(sheet.name, "errors", bad)
    plan.deletions = planner.plan_deletions(tombstones)
    return plan
