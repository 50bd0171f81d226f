"""Bring the tables up to the field declarations (domain/fields.py), at every open.

Runs after the numbered steps (store/schema.py). For each declared entity:

- no table yet (a new entity): created from the declarations;
- a declared column the table lacks: ALTER TABLE … ADD COLUMN with the field's SQL
  type, its `default` (existing records take it; a required field with a default is
  NOT NULL as at creation, one without stays nullable: SQLite cannot add a NOT NULL
  column without a default), and the foreign key of a REF field;
- an `indexed` or REF field, or updated_at, without its index: created;
- a search index (store/search.py) whose view or triggers differ from what today's
  `searchable` fields make: dropped, re-created and refilled;
- the pinyin sort keys and search lines (below): a side table per entity, its indexes
  and triggers; when they differ from today's (another KEY_VERSION, other fields),
  remade and filled.

Columns the program does not declare (written by a newer program) are left alone.
Natural keys, the statistics' covering indexes and any change of a column's meaning
are a numbered step's work, not this one's.

The check reads the schema only (a few milliseconds at most); when something is to be
done, the work and one audit row per changed table (entity 'schema', action 'schema')
commit together, and open_db takes a backup first (schema.pending lists it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from ..domain import fields, pinyin
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
    pinyin: bool = False  # the pinyin sort keys are (re)made and filled

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
        if self.pinyin:
            parts.append("生成拼音排序键")
        return f"{self.table}：{'；'.join(parts)}"

    def record(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "created_table": self.create,
            "added_columns": self.columns,
            "added_indexes": self.indexes,
            "search_index_rebuilt": self.search,
            "pinyin_keys_filled": self.pinyin,
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
        w.pinyin = _pinyin_differs(e, master) or (
            bool(sort_key_fields(e)) and _chars_differ(master)
        )
        if w.columns or w.indexes or w.search or w.pinyin:
            work.append(w)
    return work


def _master(db: Database) -> dict[str, str | None]:
    return {name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master")}


def _search_differs(e: Entity, master: dict[str, str | None]) -> bool:
    """The entity has a search index whose definition is not today's. (A database
    whose SQLite had no trigram tokenizer at m005 has none, and gets none here.)"""
    if search.names(e).fts not in master:
        return False
    wanted = search.index_statements(e) if search.searchable(e) else []
    return [master.get(name) for name in _search_objects(e)] != wanted


# --- pinyin sort keys and search lines -------------------------------------------------
# A list sorted by a Chinese text column orders by a stored key (domain/pinyin.py), so
# that SQL walks an index instead of sorting a city's rows. The keys live in a side
# table per entity, pinyin_<table> (rid = the record's rowid, one column per keyed
# field, and `spell`: the full pinyin and initials of its name fields, for the search),
# kept by triggers in plain SQL that read each character's piece from search_pinyin_chars: any
# connection can write (no application function), a write and its keys commit together.
# The side tables key on rowid, like the search index: after a VACUUM, remake them.

# Fields holding people's names: the surname is read as a surname (单 shan, 曾 zeng), and
# the search box matches their pinyin and initials (wxm finds 王小明).
NAME_FIELDS = frozenset(
    {
        ("advisors", "name"),
        ("advisors", "assistant"),
        ("cases", "applicant"),
        ("cases", "respondent"),
        ("cases", "mediator"),
        ("parties", "name"),
        ("petitions", "petitioner"),
    }
)
# search_: derived data, like the search indexes (tests compare a database's own rows
# without them); WITHOUT ROWID: one b-tree step per character looked up.
CHARS_TABLE = "search_pinyin_chars"


def sort_key_fields(e: Entity) -> list[Field]:
    """The fields sorted by pinyin: the searchable plain text (names, firms, topics),
    not the document numbers (案件编号, 信访编号: digits after one fixed prefix)."""
    return [
        f for f in e.fields if f.kind is Kind.TEXT and f.searchable and not f.name.endswith("_no")
    ]


def name_fields(e: Entity) -> list[Field]:
    return [f for f in sort_key_fields(e) if (e.name, f.name) in NAME_FIELDS]


def key_table(e: Entity) -> str:
    return f"pinyin_{e.name}"


def spell_index(e: Entity) -> str:
    """The trigram index over a side table's pinyin lines (big entities only)."""
    return f"search_pinyin_{e.name}"  # search_: a search index, as store/search.py's


@functools.lru_cache(maxsize=1)  # reading 21,000 characters takes pypinyin half a second
def _char_rows() -> tuple[tuple, ...]:
    """(ch, piece, surname piece, syllable, surname syllable, initial, surname initial)."""
    rows = []
    for code in range(pinyin.FIRST_HAN, pinyin.LAST_HAN + 1):
        ch = chr(code)
        r = pinyin.reading(ch)
        if r is None:
            continue
        s = pinyin.SURNAMES.get(ch)
        rows.append(
            (
                ch,
                pinyin.piece(ch),
                pinyin.piece(ch, s) if s else None,
                r[:-1],
                s[:-1] if s else None,
                r[0],
                s[0] if s else None,
            )
        )
    for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        rows.append((ch, pinyin.piece(ch), None, None, None, None, None))
    # between two names: a new line of the search text, starting as a name starts
    sep = pinyin.NAME_SEPARATOR
    line = "\n" + pinyin.NAME_START
    rows.append((sep, pinyin.piece(sep), None, line, None, line, None))
    return tuple(rows)


def _per_char(x: str, name: bool, plain: str, surname: str, default: str, i: int) -> str:
    """SQL of character i (1-based) of text x, read from search_pinyin_chars."""
    column = plain
    if name:
        at_start = f"{i} = 1 OR substr({x}, {i - 1}, 1) = '、'" if i > 1 else "1"
        column = f"CASE WHEN {at_start} THEN coalesce({surname}, {plain}) ELSE {plain} END"
    c = f"substr({x}, {i}, 1)"
    look = f"(SELECT {column} FROM {CHARS_TABLE} WHERE ch = {c})"
    return f"CASE WHEN length({x}) >= {i} THEN coalesce({look}, {default.format(c=c)}) ELSE '' END"


def _text_sql(x: str, name: bool, plain: str, surname: str, default: str) -> str:
    chars = " || ".join(
        _per_char(x, name, plain, surname, default, i) for i in range(1, pinyin.KEY_CHARS + 1)
    )
    return f"CASE WHEN {x} IS NULL THEN NULL ELSE {chars} END"


def key_sql(x: str, name: bool) -> str:
    """SQL computing pinyin.sort_key(x, name)."""
    return _text_sql(x, name, "piece", "surname_piece", "'!' || {c} || {c}")


def _spell_sql(e: Entity, keyed: tuple[Field, ...], row: str) -> str:
    """The search lines of a record (pinyin.search_lines): per name field its full
    pinyin, then its initials, each name starting with NAME_START."""
    lines = []
    start = f"'{pinyin.NAME_START}'"
    for f in name_fields(e):
        if f not in keyed:
            continue
        x = f"{row}[{f.name}]"
        for plain, surname in (("syllable", "surname_syllable"), ("initial", "surname_initial")):
            lines.append(f"{start} || coalesce({_text_sql(x, True, plain, surname, '{c}')}, '')")
    if not lines:
        return "NULL"
    return " || char(10) || ".join(lines)


def pinyin_statements(e: Entity, columns_present: set[str] | None = None) -> list[str]:
    """The side table of one entity, its indexes, and the triggers that keep it (over
    the keyed fields the table has, when `columns_present` says which it has)."""
    keyed = tuple(
        f for f in sort_key_fields(e) if columns_present is None or f.name in columns_present
    )
    return list(_pinyin_statements(e, keyed)) if keyed else []


@functools.lru_cache(maxsize=64)  # every open compares them: generated once
def _pinyin_statements(e: Entity, keyed: tuple[Field, ...]) -> tuple[str, ...]:
    v, t, k = pinyin.KEY_VERSION, e.name, key_table(e)
    columns = ", ".join(f"[{f.name}]" for f in keyed)

    def values(row: str) -> list[str]:
        keys = [key_sql(f"{row}[{f.name}]", (t, f.name) in NAME_FIELDS) for f in keyed]
        return [*keys, _spell_sql(e, keyed, row)]

    sets = ", ".join(
        f"[{c}] = {sql}"
        for c, sql in zip([*(f.name for f in keyed), "spell"], values("new."), strict=True)
    )
    out = [
        f"CREATE TABLE [{k}] (rid INTEGER PRIMARY KEY /* v{v} */, {columns}, spell TEXT)",
        *(f"CREATE INDEX [{k}_{f.name}] ON [{k}] ([{f.name}])" for f in keyed),
        f"INSERT INTO [{k}] (rid, {columns}, spell) "
        f"SELECT t.rowid, {', '.join(values('t.'))} FROM [{t}] t",
        f"CREATE TRIGGER [{k}_insert] AFTER INSERT ON [{t}] BEGIN "
        f"INSERT INTO [{k}] (rid, {columns}, spell) "
        f"VALUES (new.rowid, {', '.join(values('new.'))}); END",
        f"CREATE TRIGGER [{k}_update] AFTER UPDATE OF {columns} ON [{t}] BEGIN "
        f"UPDATE [{k}] SET {sets} WHERE rid = new.rowid; END",
        f"CREATE TRIGGER [{k}_delete] AFTER DELETE ON [{t}] BEGIN "
        f"DELETE FROM [{k}] WHERE rid = old.rowid; END",
    ]
    if any(f in keyed for f in name_fields(e)) and e.name in search.INDEXED:
        n = spell_index(e)
        delete = f"INSERT INTO [{n}] ([{n}], rowid, spell) VALUES ('delete', old.rid, old.spell);"
        insert = f"INSERT INTO [{n}] (rowid, spell) VALUES (new.rid, new.spell);"
        out += [
            f"CREATE VIRTUAL TABLE [{n}] USING fts5(spell, content='{k}', content_rowid='rid', "
            "tokenize='trigram', detail=full, columnsize=0)",
            f"INSERT INTO [{n}] ([{n}]) VALUES ('rebuild')",
            f"CREATE TRIGGER [{n}_insert] AFTER INSERT ON [{k}] BEGIN {insert} END",
            f"CREATE TRIGGER [{n}_delete] AFTER DELETE ON [{k}] BEGIN {delete} END",
            f"CREATE TRIGGER [{n}_update] AFTER UPDATE ON [{k}] BEGIN {delete} {insert} END",
        ]
    return tuple(out)


def _is_fill(sql: str) -> bool:
    return sql.startswith("INSERT INTO") or "VALUES ('rebuild')" in sql


def _pinyin_objects(e: Entity) -> list[str]:
    """Names of the schema objects pinyin_statements(e) makes, in order."""
    out = []
    for sql in pinyin_statements(e):
        if not _is_fill(sql):
            out.append(sql.split("[", 1)[1].split("]", 1)[0])
    return out


def _pinyin_differs(e: Entity, master: dict[str, str | None]) -> bool:
    wanted = [sql for sql in pinyin_statements(e) if not _is_fill(sql)]
    return [master.get(name) for name in _pinyin_objects(e)] != wanted


def make_chars_table(db: Database) -> None:
    """search_pinyin_chars: each character's piece of the key and its syllable, from pypinyin."""
    db.execute(f"DROP TABLE IF EXISTS [{CHARS_TABLE}]")
    db.execute(
        f"CREATE TABLE [{CHARS_TABLE}] (ch TEXT PRIMARY KEY, piece TEXT NOT NULL, "
        f"surname_piece TEXT, syllable TEXT, surname_syllable TEXT, initial TEXT, "
        f"surname_initial TEXT /* v{pinyin.KEY_VERSION} */) WITHOUT ROWID"
    )
    db.conn.executemany(f"INSERT INTO [{CHARS_TABLE}] VALUES (?, ?, ?, ?, ?, ?, ?)", _char_rows())


def _chars_differ(master: dict[str, str | None]) -> bool:
    sql = master.get(CHARS_TABLE)
    return sql is None or f"/* v{pinyin.KEY_VERSION} */" not in sql


def make_pinyin(db: Database, e: Entity) -> None:
    """(Re)make an entity's side table, indexes and triggers, filled from its rows (a
    numbered step may run before schema_sync has added a newly declared field)."""
    present = {row[1] for row in db.execute(f"PRAGMA table_info([{e.name}])")}
    k = key_table(e)
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
        [f"{k.replace('_', chr(92) + '_')}%"],
    ).fetchall():
        db.execute(f"DROP TRIGGER [{name}]")
    db.execute(f"DROP TABLE IF EXISTS [{spell_index(e)}]")
    db.execute(f"DROP TABLE IF EXISTS [{k}]")
    statements = pinyin_statements(e, present)
    for sql in statements:
        db.execute(sql)
    if statements and "sqlite_stat1" in db.table_names():
        # The other tables have statistics (ANALYZE ran once): without its own the side
        # table looks dearer to walk than sorting, and a list sorted by name sorts the
        # whole table (0.2 s at 1M) instead of reading the first page off the index.
        db.execute(f"ANALYZE [{k}]")


def make_all_pinyin(db: Database) -> None:
    """The numbered step's work (m008): the characters' table and every side table."""
    make_chars_table(db)
    for e in fields.ENTITIES:
        if e.name in set(db.table_names()):
            make_pinyin(db, e)


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
        make_pinyin(db, e)
        return
    for name in w.columns:
        db.execute(f'ALTER TABLE "{e.name}" ADD COLUMN {column_definition(e.field(name))}')
    for column in w.indexes:
        db[e.name].create_index([column], if_not_exists=True)
    if w.search:
        _recreate_search(db, e)
    if w.pinyin:
        if _chars_differ(_master(db)):
            make_chars_table(db)
        make_pinyin(db, e)


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
            if w.create or w.columns or w.indexes or w.search or w.pinyin:
                write_audit(db, actor, AUDIT_ENTITY, w.table, ACTION, None, w.record())
    return work
