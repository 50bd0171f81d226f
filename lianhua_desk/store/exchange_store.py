"""SQL for the exchange workbook: bulk reads for export and matching, bulk writes for import.

The bulk writes keep the contract of `store.records`: every inserted, updated or
deleted record leaves exactly one audit row with the same JSON shape, in the
caller's transaction; they only batch the statements, which is what makes a
100,000-row import take seconds instead of minutes. Inserts and updates go in
multi-row statements, not executemany: the search index (FTS5, kept by triggers)
flushes its pending terms at the end of every statement, so one statement per row
would write 100,000 tiny index segments and merge them again.
"""

from __future__ import annotations

import contextlib
import json
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from ..domain.fields import ENTITIES, INTERNAL_COLUMNS, Entity
from . import search
from .driver import MAX_VARIABLES
from .records import Actor

_CHUNK = 500  # parameters per IN (...) query, well under SQLite's limit
# Same output as records._json (json.dumps with these options), one encoder reused.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json(record: Mapping[str, Any] | None) -> str | None:
    return None if record is None else _encode(dict(record))


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _rows_per_statement(db: Database, width: int) -> int:
    """How many rows of `width` values one statement may bind (at most _CHUNK)."""
    limit = MAX_VARIABLES
    return max(1, min(_CHUNK, limit // width))


def _values_statements(
    db: Database, head: str, tail: str, rows: Sequence[Sequence[Any]], width: int
) -> None:
    """Run `head VALUES (…), (…), … tail` over `rows`, as few statements as SQLite allows."""
    step = _rows_per_statement(db, width)
    one = f"({_marks(width)})"
    for part in _chunks(rows, step):
        sql = f"{head} VALUES {','.join([one] * len(part))}{tail}"
        db.conn.execute(sql, [value for row in part for value in row])


def table_columns(entity: Entity) -> list[str]:
    """All columns of an entity table, internal ones included."""
    return ["id", *entity.columns, *(c for c in INTERNAL_COLUMNS if c != "id")]


# --- reading for export --------------------------------------------------------------


def export_rows(
    db: Database, entity: Entity, *, where: str = "", params: Sequence = ()
) -> Iterator[tuple]:
    """(id, declared fields…, updated_at) per record, oldest record date first."""
    columns = ", ".join(f"[{c}]" for c in ["id", *entity.columns, "updated_at"])
    order = f"[{entity.date_field}], rowid" if entity.date_field else "rowid"
    sql = f"SELECT {columns} FROM [{entity.name}]"
    if where:
        sql += f" WHERE {where}"
    yield from db.execute(f"{sql} ORDER BY {order}", list(params))


def entity_filter(
    entity: Entity,
    *,
    community_id: str | None,
    since: str | None,
    extra_ids: Iterable[str] = (),
    parts: Sequence[Entity] = (),
) -> tuple[str, list]:
    """WHERE clause selecting an entity's records for `export --community/--since`.

    `parts`: entities whose records belong to this one's (a case's parties): a record
    counts as changed since `since` when one of its parts did."""
    clauses, params = [], []
    if community_id is not None:
        if entity.name == "communities":
            clauses.append("id = ?")
        else:
            clauses.append("community_id = ?")
        params.append(community_id)
    if since is not None:
        changed = ["updated_at >= ?"]
        params.append(since)
        for part in parts:
            changed.append(
                f"id IN (SELECT [{part.parent}] FROM [{part.name}] WHERE updated_at >= ?)"
            )
            params.append(since)
        clauses.append(f"({' OR '.join(changed)})")
    where = " AND ".join(clauses)
    extra = sorted(set(extra_ids))
    if extra and where:
        where = f"({where}) OR id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(extra))
    return where, params


def parts_filter(part: Entity, owner: Entity, where: str, params: Sequence) -> tuple[str, list]:
    """WHERE clause selecting the parts of the owners `where` selects (a whole dossier)."""
    if not where:
        return "", []
    return f"[{part.parent}] IN (SELECT id FROM [{owner.name}] WHERE {where})", list(params)


def referenced_ids(db: Database, table: str, column: str, where: str, params: Sequence) -> set[str]:
    sql = f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"
    if where:
        sql += f" AND ({where})"
    return {row[0] for row in db.execute(sql, list(params))}


def names(db: Database, entity: Entity) -> dict[str, tuple]:
    """id → (name,) for communities, (name, firm) for advisors."""
    columns = "name, firm" if entity.name == "advisors" else "name"
    return {
        row[0]: tuple(row[1:]) for row in db.execute(f"SELECT id, {columns} FROM [{entity.name}]")
    }


def ids_by_display(db: Database, entity: Entity) -> dict[str, str]:
    """display value → id (a case's number → its id), for references shown by number."""
    sql = f"SELECT [{entity.display}], id FROM [{entity.name}] WHERE [{entity.display}] IS NOT NULL"
    return dict(db.execute(sql).fetchall())


def community_id(db: Database, name: str) -> str | None:
    row = db.execute("SELECT id FROM communities WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def tombstone_rows(db: Database, since: str | None = None) -> list[dict]:
    sql = "SELECT entity, record_id, deleted_at, label FROM tombstones"
    params: list = []
    if since is not None:
        sql += " WHERE deleted_at >= ?"
        params.append(since)
    cursor = db.execute(sql + " ORDER BY deleted_at, entity, record_id", params)
    return [
        dict(zip(("entity", "record_id", "deleted_at", "label"), r, strict=True)) for r in cursor
    ]


def mark_synced(db: Database, entity: Entity, exported: Iterable[tuple[str, str]]) -> None:
    """After a successful export: the exported version is the last one exchanged.

    `exported` yields (id, updated_at); a record changed since it was read keeps
    its old synced_at. Bookkeeping only, so no audit row."""
    db.conn.executemany(
        f"UPDATE [{entity.name}] SET synced_at = updated_at WHERE id = ? AND updated_at = ?",
        exported,
    )


# --- reading for import ----------------------------------------------------------------


def _rows(db: Database, sql: str, params: Sequence) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names_ = [d[0] for d in cursor.description]
    return [dict(zip(names_, row, strict=True)) for row in cursor]


def is_empty(db: Database, entity: Entity) -> bool:
    return db.execute(f"SELECT 1 FROM [{entity.name}] LIMIT 1").fetchone() is None


def fetch_by_ids(db: Database, entity: Entity, ids: Sequence[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    if not ids or is_empty(db, entity):
        return found
    for part in _chunks(ids):
        sql = f"SELECT * FROM [{entity.name}] WHERE id IN ({_marks(len(part))})"
        for row in _rows(db, sql, part):
            found[row["id"]] = row
    return found


def fetch_by_values(db: Database, entity: Entity, column: str, values: Sequence[Any]) -> list[dict]:
    """Records whose `column` is one of `values` (natural-key and content matching)."""
    found: list[dict] = []
    if not values or is_empty(db, entity):
        return found
    for part in _chunks(values):
        sql = f"SELECT * FROM [{entity.name}] WHERE [{column}] IN ({_marks(len(part))})"
        found.extend(_rows(db, sql, part))
    return found


def tombstones_for(db: Database, entity: Entity, ids: Sequence[str]) -> dict[str, str]:
    """record id → deleted_at for the given ids that were deleted here."""
    found: dict[str, str] = {}
    if not ids:
        return found
    if (
        db.execute("SELECT 1 FROM tombstones WHERE entity = ? LIMIT 1", [entity.name]).fetchone()
        is None
    ):
        return found
    for part in _chunks(ids):
        sql = (
            "SELECT record_id, deleted_at FROM tombstones "
            f"WHERE entity = ? AND record_id IN ({_marks(len(part))})"
        )
        found.update(db.execute(sql, [entity.name, *part]).fetchall())
    return found


def known_versions(db: Database, entity: Entity, ids: Sequence[str]) -> dict[str, list[dict]]:
    """Every earlier version of the given records this database has had or kept.

    record id → [{"data": record dict, "kept": None | "conflict" | …}]: each version
    the audit trail shows the record in (before and after every change, whoever made
    it), and each version kept aside in `history` (superseded, or a conflict's losing
    side, with `kept` the reason). The importer matches an older row against these."""
    found: dict[str, list[dict]] = {}
    if not ids:
        return found
    for part in _chunks(list(ids)):
        marks = _marks(len(part))
        sql = (
            "SELECT record_id, before, after FROM audit "
            f"WHERE entity = ? AND record_id IN ({marks}) ORDER BY id"
        )
        for record_id, before, after in db.execute(sql, [entity.name, *part]):
            versions = found.setdefault(record_id, [])
            for data in (before, after):
                if data:
                    versions.append({"data": json.loads(data), "kept": None})
        sql = (
            "SELECT record_id, reason, data, at FROM history "
            f"WHERE entity = ? AND record_id IN ({marks}) ORDER BY id"
        )
        for record_id, reason, data, at in db.execute(sql, [entity.name, *part]):
            found.setdefault(record_id, []).append(
                {"data": json.loads(data), "kept": reason, "at": at}
            )
    return found


def has_records(db: Database) -> bool:
    return any(not is_empty(db, e) for e in ENTITIES)


# --- writing an import -------------------------------------------------------------------

BULK_CACHE_KIB = 65536  # page cache while a big import writes: fewer index pages re-read


@contextlib.contextmanager
def bulk_cache(db: Database) -> Iterator[None]:
    """A larger SQLite page cache for the duration of a bulk write."""
    (previous,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(previous)}")


def start_import(
    db: Database,
    actor: Actor,
    *,
    file_name: str,
    sha256: str,
    source_unit: str | None,
    exported_at: str | None,
) -> int:
    cursor = db.execute(
        "INSERT INTO imports (at, operator, file_name, sha256, source_unit, exported_at, "
        "counts, conflicts) VALUES (?, ?, ?, ?, ?, ?, '{}', 0)",
        [actor.stamp(), actor.operator, file_name, sha256, source_unit, exported_at],
    )
    return cursor.lastrowid


def finish_import(db: Database, import_id: int, counts: dict, conflicts: int) -> None:
    db.execute(
        "UPDATE imports SET counts = ?, conflicts = ? WHERE id = ?",
        [json.dumps(counts, ensure_ascii=False, sort_keys=True), conflicts, import_id],
    )


def _audit(db: Database, rows: Iterable[tuple]) -> None:
    db.conn.executemany(
        "INSERT INTO audit (at, operator, entity, record_id, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_many(
    db: Database, actor: Actor, entity: Entity, rows: Sequence[dict], *, action: str, at: str
) -> None:
    """Insert complete rows (every table column as a key), one audit row each."""
    if not rows:
        return
    columns = table_columns(entity)
    table = entity.name
    last = db.execute(f"SELECT coalesce(max(rowid), 0) FROM [{table}]").fetchone()[0]
    names_ = ", ".join(f"[{c}]" for c in columns)
    values = list(map(operator.itemgetter(*columns), rows))
    with search.indexing_in_bulk(db, entity, len(values)):
        _values_statements(db, f"INSERT INTO [{table}] ({names_})", "", values, len(columns))
    # The audit rows are made by SQLite from the rows just written (they are the only
    # ones above `last`, under the write lock): the same keys and values as
    # records._json, in compact JSON, several times faster than json.dumps per row.
    after = ", ".join(f"'{c}', [{c}]" for c in sorted(columns))
    db.execute(
        "INSERT INTO audit (at, operator, entity, record_id, action, before, after) "
        f"SELECT ?, ?, ?, id, ?, NULL, json_object({after}) FROM [{table}] "
        "WHERE rowid > ? ORDER BY rowid",
        [at, actor.operator, table, action, last],
    )


def update_many(
    db: Database,
    actor: Actor,
    entity: Entity,
    changes: Sequence[tuple[dict, dict]],
    columns: Sequence[str],
    *,
    action: str,
    at: str,
) -> None:
    """Write `columns` of each (before, after) pair, one audit row each."""
    if not changes:
        return
    # UPDATE … FROM (VALUES …): SQLite names the value columns column1, column2, …
    sets = ", ".join(f"[{c}] = v.column{i}" for i, c in enumerate(columns, start=2))
    values = [(before["id"], *(after[c] for c in columns)) for before, after in changes]
    _values_statements(
        db,
        f"UPDATE [{entity.name}] SET {sets} FROM (",
        f") AS v WHERE [{entity.name}].id = v.column1",
        values,
        len(columns) + 1,
    )
    operator, table = actor.operator, entity.name
    _audit(
        db,
        ((at, operator, table, b["id"], action, _encode(b), _encode(a)) for b, a in changes),
    )


def history_many(
    db: Database, entity: Entity, records: Iterable[tuple[dict, str]], *, import_id: int, at: str
) -> None:
    """Keep versions aside: (record, reason) with reason superseded / conflict / deleted."""
    db.conn.executemany(
        "INSERT INTO history (at, entity, record_id, reason, data, import_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((at, entity.name, r["id"], reason, _encode(r), import_id) for r, reason in records),
    )


def set_synced(db: Database, entity: Entity, pairs: Iterable[tuple[str, str]]) -> None:
    """(synced_at, id): the version last exchanged, after a conflict the local side won."""
    db.conn.executemany(f"UPDATE [{entity.name}] SET synced_at = ? WHERE id = ?", pairs)


def lift_tombstones(db: Database, entity: Entity, ids: Iterable[str]) -> None:
    db.conn.executemany(
        "DELETE FROM tombstones WHERE entity = ? AND record_id = ?",
        ((entity.name, i) for i in ids),
    )


def cases_out_of_step(db: Database, case_ids: Sequence[str]) -> list[str]:
    """The given cases whose 申请人/被申请人 names differ from their parties' (joined
    with 、 in the order registered, as services.parties.refresh_case_names does)."""
    sql = """
        WITH ids(id) AS (SELECT value FROM json_each(?)),
        sides AS (
            SELECT case_id, role, group_concat(name, '、') AS names FROM (
                SELECT case_id, role, name FROM parties
                WHERE case_id IN (SELECT id FROM ids) ORDER BY case_id, role, rowid
            ) GROUP BY case_id, role
        )
        SELECT c.id FROM cases c
        LEFT JOIN sides a ON a.case_id = c.id AND a.role = '申请人'
        LEFT JOIN sides r ON r.case_id = c.id AND r.role = '被申请人'
        WHERE c.id IN (SELECT id FROM ids)
          AND (a.names IS NOT c.applicant OR r.names IS NOT c.respondent)
    """
    return [row[0] for row in db.execute(sql, [json.dumps(list(case_ids))])]


def reference_count(db: Database, entity: Entity, record_id: str) -> int:
    """How many records point at `record_id` (derived from the REF declarations)."""
    total = 0
    for other in ENTITIES:
        for f in other.fields:
            if f.ref == entity.name:
                sql = f"SELECT count(*) FROM [{other.name}] WHERE [{f.name}] = ?"
                total += db.execute(sql, [record_id]).fetchone()[0]
    return total
