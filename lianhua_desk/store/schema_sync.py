"""Bring the tables up to the field declarations (domain/fields.py), at every open.

Runs after the numbered steps (store/schema.py). For each declared entity:

- no table yet (a new entity): created from the declarations;
- a declared column the table lacks: ALTER TABLE … ADD COLUMN with the field's SQL
  type, its `default` (existing records take it; a required field with a default is
  NOT NULL as at creation, one without stays nullable: SQLite cannot add a NOT NULL
  column without a default), and the foreign key of a REF field;
- an `indexed` or REF field, or updated_at, without its index: created;
- a search index (store/search.py) whose view or triggers differ from what today's
  `searchable` fields make: dropped, re-created and refilled.

Columns the program does not declare (written by a newer program) are left alone.
Natural keys, the statistics' covering indexes and any change of a column's meaning
are a numbered step's work, not this one's.

The check reads the schema only (a few milliseconds at most); when something is to be
done, the work and one audit row per changed table (entity 'schema', action 'schema')
commit together, and open_db takes a backup first (schema.pending lists it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from ..domain import fields
from ..domain.fields import INTERNAL_COLUMNS, Entity, Field, Kind
from . import search

# Tables whose natural-key index is UNIQUE: declared on each entity (Entity.unique_index).
UNIQUE_KEYS = frozenset(e.name for e in fields.ENTITIES if e.unique_index)

SQL_TYPE_NAMES = {str: "TEXT", int: "INTEGER", float: "REAL"}  # as sqlite-utils writes them

OPERATOR = "程序"  # the audit rows' operator: no person made these changes
ACTION = "schema"
AUDIT_ENTITY = "schema"


@dataclass
class TableWork:
    table: str
    create: bool = False
    columns: list[str] = field(default_factory=list)  # declared fields to add
    indexes: list[str] = field(default_factory=list)  # columns to index
    search: bool = False  # the search index is re-created

    def describe(self) -> str:
        parts = []
        if self.create:
            parts.append("新建表")
        if self.columns:
            parts.append("新增字段 " + "、".join(self.columns))
        if self.indexes:
            parts.append("新增索引 " + "、".join(self.indexes))
        if self.search:
            parts.append("重建检索索引")
        return f"{self.table}：{'；'.join(parts)}"

    def record(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "created_table": self.create,
            "added_columns": self.columns,
            "added_indexes": self.indexes,
            "search_index_rebuilt": self.search,
        }


def _indexed_columns(entity: Entity) -> list[str]:
    return [f.name for f in entity.fields if f.indexed or f.kind is Kind.REF] + ["updated_at"]


def _index_name(table: str, column: str) -> str:
    return f"idx_{table}_{column}"  # the name sqlite-utils gives, as m001 did


def _search_objects(e: Entity) -> list[str]:
    n = search.names(e)
    return [n.doc, n.fts, n.terms, n.hits, f"{n.fts}_insert", f"{n.fts}_delete", f"{n.fts}_update"]


def plan(db: Database) -> list[TableWork]:
    """What the declarations add to this database; read-only, empty when none."""
    entities = fields.ENTITIES
    names = [e.name for e in entities]
    marks = ", ".join("?" for _ in names)
    have: dict[str, set[str]] = {}
    for table, column in db.execute(
        f"SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
        f"WHERE m.type = 'table' AND m.name IN ({marks})",
        names,
    ):
        have.setdefault(table, set()).add(column)
    master = {name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master")}
    work = []
    for e in entities:
        if e.name not in have:
            work.append(TableWork(e.name, create=True))
            continue
        w = TableWork(e.name)
        w.columns = [f.name for f in e.fields if f.name not in have[e.name]]
        w.indexes = [c for c in _indexed_columns(e) if _index_name(e.name, c) not in master]
        w.search = _search_differs(e, master)
        if w.columns or w.indexes or w.search:
            work.append(w)
    return work


def _search_differs(e: Entity, master: dict[str, str | None]) -> bool:
    """The entity has a search index whose definition is not today's. (A database
    whose SQLite had no trigram tokenizer at m005 has none, and gets none here.)"""
    if search.names(e).fts not in master:
        return False
    wanted = search.index_statements(e) if search.searchable(e) else []
    return [master.get(name) for name in _search_objects(e)] != wanted


def pending(db: Database) -> list[str]:
    return [w.describe() for w in plan(db)]


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def column_definition(f: Field) -> str:
    sql = f'"{f.name}" {SQL_TYPE_NAMES[f.sql_type]}'
    if f.default is not None:
        sql += (" NOT NULL" if f.required else "") + f" DEFAULT {_literal(f.default)}"
    if f.kind is Kind.REF:
        sql += f' REFERENCES "{f.ref}"("id")'
    return sql


def create_entity_table(db: Database, entity: Entity) -> None:
    """A table for an entity declared after the numbered steps, as m001 made them."""
    columns: dict[str, type] = dict(INTERNAL_COLUMNS)
    columns.update({f.name: f.sql_type for f in entity.fields})
    foreign_keys = [(f.name, f.ref, "id") for f in entity.fields if f.kind is Kind.REF]
    db[entity.name].create(
        columns,
        pk="id",
        not_null={"id", "updated_at"} | {f.name for f in entity.required},
        foreign_keys=foreign_keys,
    )
    table = db[entity.name]
    for column in _indexed_columns(entity):
        table.create_index([column], if_not_exists=True)
    if entity.natural_key:
        table.create_index(
            list(entity.natural_key),
            unique=entity.name in UNIQUE_KEYS,
            index_name=f"key_{entity.name}",
        )


def _recreate_search(db: Database, e: Entity) -> None:
    n = search.names(e)
    for trigger in _search_objects(e)[4:]:
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    db.execute(f"DROP VIEW IF EXISTS [{n.doc}]")
    for table in (n.hits, n.terms, n.fts):
        db.execute(f"DROP TABLE IF EXISTS [{table}]")
    if not search.searchable(e):
        return
    for sql in search.index_statements(e):
        db.execute(sql)
    search.rebuild(db, e)


def _apply(db: Database, w: TableWork) -> None:
    e = fields.entity(w.table)
    if w.create:
        create_entity_table(db, e)
        if search.searchable(e) and search.trigram_available(db):
            _recreate_search(db, e)
        return
    for name in w.columns:
        db.execute(f'ALTER TABLE "{e.name}" ADD COLUMN {column_definition(e.field(name))}')
    for column in w.indexes:
        db[e.name].create_index([column], if_not_exists=True)
    if w.search:
        _recreate_search(db, e)


def sync(db: Database) -> list[TableWork]:
    """Do what `plan` lists, in one write transaction with its audit rows."""
    if not plan(db):
        return []
    from .db import write_lock  # local: store/db.py imports the schema
    from .records import Actor, write_audit

    with write_lock(db):
        work = plan(db)  # again under the lock: another process may have done it
        actor = Actor(OPERATOR)
        for w in work:
            if w.search and not search.trigram_available(db):
                w.search = False  # cannot be rebuilt with this SQLite: left as it is
            _apply(db, w)
            if w.create or w.columns or w.indexes or w.search:
                write_audit(db, actor, AUDIT_ENTITY, w.table, ACTION, None, w.record())
    return work
