"""Generic record writes with their audit rows, in the caller's transaction.

Every function here expects to run inside `db.write_lock`, so the change and the
audit row that records it commit or vanish together.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from ..domain.fields import Entity


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Actor:
    """Who writes, and the clock they write by (injectable for tests)."""

    operator: str = "管理员"
    clock: Callable[[], dt.datetime] = field(default=_now)

    def stamp(self) -> str:
        return self.clock().strftime("%Y-%m-%d %H:%M:%S")

    def today(self) -> dt.date:
        return self.clock().date()


def new_id() -> str:
    return str(uuid.uuid4())


def _json(record: Mapping[str, Any] | None) -> str | None:
    return None if record is None else json.dumps(dict(record), ensure_ascii=False, sort_keys=True)


def write_audit(
    db: Database,
    actor: Actor,
    entity: str,
    record_id: str,
    action: str,
    before: Mapping | None,
    after: Mapping | None,
    at: str | None = None,
) -> None:
    db["audit"].insert(
        {
            "at": at or actor.stamp(),
            "operator": actor.operator,
            "entity": entity,
            "record_id": record_id,
            "action": action,
            "before": _json(before),
            "after": _json(after),
        }
    )


def get(db: Database, entity: Entity, record_id: str) -> dict | None:
    # A plain SELECT: sqlite-utils' rows_where first asks whether the table exists,
    # a third of a service write's time (every write reads its record back).
    cursor = db.execute(f"SELECT * FROM [{entity.name}] WHERE id = ?", [record_id])
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def find_by_key(db: Database, entity: Entity, values: Mapping[str, Any]) -> dict | None:
    """The record with the same natural key, if the entity has one."""
    if not entity.natural_key or any(values.get(k) is None for k in entity.natural_key):
        return None
    where = " AND ".join(f"[{k}] = ?" for k in entity.natural_key)
    rows = list(db[entity.name].rows_where(where, [values[k] for k in entity.natural_key], limit=1))
    return rows[0] if rows else None


def insert(
    db: Database,
    actor: Actor,
    entity: Entity,
    values: Mapping[str, Any],
    *,
    record_id: str | None = None,
    updated_at: str | None = None,
    source: str = "local",
    action: str = "insert",
) -> dict:
    row = {name: None for name in entity.columns}
    row.update(values)
    row["id"] = record_id or new_id()
    row["updated_at"] = updated_at or actor.stamp()
    row["origin"] = source
    db[entity.name].insert(row)
    write_audit(db, actor, entity.name, row["id"], action, None, row)
    return row


def update(
    db: Database,
    actor: Actor,
    entity: Entity,
    before: Mapping[str, Any],
    changes: Mapping[str, Any],
    *,
    updated_at: str | None = None,
    source: str = "local",
    action: str = "update",
) -> dict | None:
    """Apply `changes` to the stored record `before`; None when nothing changed."""
    real = {k: v for k, v in changes.items() if before.get(k) != v}
    if not real:
        return None
    after = dict(before)
    after.update(real)
    after["updated_at"] = updated_at or actor.stamp()
    after["origin"] = source
    db[entity.name].update(
        before["id"], {**real, "updated_at": after["updated_at"], "origin": source}
    )
    write_audit(db, actor, entity.name, before["id"], action, before, after)
    return after


def delete(
    db: Database,
    actor: Actor,
    entity: Entity,
    before: Mapping[str, Any],
    *,
    deleted_at: str | None = None,
    action: str = "delete",
) -> None:
    """Delete, leaving a tombstone (so the deletion travels) and the audit row."""
    at = deleted_at or actor.stamp()
    db[entity.name].delete(before["id"])
    db["tombstones"].upsert(
        {
            "entity": entity.name,
            "record_id": before["id"],
            "deleted_at": at,
            "label": str(before.get(entity.display) or ""),
        },
        pk=("entity", "record_id"),
    )
    write_audit(db, actor, entity.name, before["id"], action, before, None)


def lift_tombstone(db: Database, entity: Entity, record_id: str) -> None:
    db.execute(
        "DELETE FROM tombstones WHERE entity = ? AND record_id = ?", [entity.name, record_id]
    )


def keep_history(
    db: Database,
    actor: Actor,
    entity: Entity,
    record: Mapping[str, Any],
    reason: str,
    import_id: int | None = None,
) -> None:
    db["history"].insert(
        {
            "at": actor.stamp(),
            "entity": entity.name,
            "record_id": record["id"],
            "reason": reason,
            "data": _json(record),
            "import_id": import_id,
        }
    )


def audit_trail(db: Database, entity: str, record_id: str) -> list[dict]:
    rows = db["audit"].rows_where(
        "entity = ? AND record_id = ?", [entity, record_id], order_by="id"
    )
    out = []
    for row in rows:
        row["before"] = json.loads(row["before"]) if row["before"] else None
        row["after"] = json.loads(row["after"]) if row["after"] else None
        out.append(row)
    return out


def references_by_table(
    db: Database, referencing: Iterable[tuple[str, str]], record_id: str
) -> dict[str, int]:
    """Per table, how many rows point at `record_id` (tables with none left out)."""
    out: dict[str, int] = {}
    for t, c in referencing:
        n = db.execute(f"SELECT count(*) FROM [{t}] WHERE [{c}] = ?", [record_id]).fetchone()[0]
        if n:
            out[t] = out.get(t, 0) + n
    return out


def rows_with_value(db: Database, table: str, column: str, value: Any, order_by: str) -> list[dict]:
    """The rows of `table` whose `column` holds `value` (a link by number)."""
    return list(db[table].rows_where(f"[{column}] = ?", [value], order_by=f"[{order_by}]"))
