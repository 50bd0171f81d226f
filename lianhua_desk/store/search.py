"""Keyword search over a city's records: exact substring matches, indexed at every length.

What a search means (tests/store/test_search.py holds it to this): the text is split at
whitespace; a record matches when every term occurs in one of the entity's searchable
fields (domain/fields.py, Field.searchable), ignoring the case of ASCII letters only,
exactly as SQLite's `LIKE '%term%'` does. A term never spans two fields.

How it stays fast at 1,000,000 records:

- Each big entity has an FTS5 index with the trigram tokenizer (migration m005) over
  one "document" per record: its searchable fields joined by newlines, plus two more
  newlines at the end. Triggers keep it in step with the table.
- A term of three or more characters is an FTS5 phrase: the index lists exactly the
  records holding it.
- A term of one or two characters is no FTS5 query (trigrams only), but because of the
  two trailing newlines every character of a document begins some indexed trigram. The
  records holding 王 are those with a trigram that *begins* with 王 (王伟\\n, 王芳明, …):
  a range scan over the index's vocabulary (fts5vocab), which is the surname search.
- Newlines separate the fields, and no term holds whitespace, so a match never spans
  two fields.
- FTS5 folds the case of every letter, LIKE only of ASCII letters: for a term with
  letters the index gives a superset that LIKE then narrows; for Chinese, digits and
  punctuation the index is exact.

The first page: when the matches are few (≤ SET_LIMIT) they are fetched by rowid and
sorted; when they are many, SQL walks the list's sort index testing each row with LIKE
and stops after a page, which a frequent term fills within a few thousand rows. The
count comes from the index and is cached per connection and database state, so the
list's count right after its first page costs nothing more.

Pinyin (issue 15): a term of ASCII letters (two or more) also finds the records with
a person's name whose full pinyin or initials start with it (wangxiaoming, wangx, wxm,
wx → 王小明; 汪晓敏 is wxm too: tones are not typed). The lines live in the side table
pinyin_<table> (store/schema_sync.py), each name starting with "^", so that "^wx" is
a three-character phrase of their own trigram index (big entities; LIKE for the
others). Such a term matches when it occurs in a field (as above) or starts a name.

The index keys on rowid: never VACUUM these tables without `rebuild(db)` after it (a
VACUUM may renumber the rowids of tables without an INTEGER PRIMARY KEY).
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from ..domain import pinyin
from ..domain.fields import ENTITIES, Entity
from . import schema_sync
from .driver import sqlite3

# Entities that can reach a city's scale get an index; the few hundred communities and
# advisors are searched with LIKE.
INDEXED = ("services", "events", "cases", "petitions")

# Up to this many candidates the first page is sorted from the matches themselves;
# beyond it walking the sort order is cheaper (a page fills within
# PAGE * rows / matches rows walked).
SET_LIMIT = 6000

# A count looks each candidate up by rowid up to this many; beyond it, reading the
# table (or another filter's index) in order and testing membership is cheaper.
COUNT_DRIVE_LIMIT = 50_000

# Counting the records that hold a one- or two-character term: an FTS5 OR over the
# vocabulary's trigrams costs about as much per trigram as DISTINCT does per ~100 hits.
OR_TRIGRAM_COST = 100

_CACHE_SIZE = 64


@dataclass(frozen=True)
class Names:
    fts: str  # the FTS5 table (external content: the view below)
    doc: str  # view: rowid and document of each record
    terms: str  # fts5vocab 'row': each trigram and how many documents hold it
    hits: str  # fts5vocab 'instance': each (trigram, document) pair


def names(e: Entity) -> Names:
    base = f"search_{e.name}"
    return Names(base, f"{base}_doc", f"{base}_terms", f"{base}_hits")


def searchable(e: Entity) -> list[str]:
    return [f.name for f in e.fields if f.searchable]


def split_terms(text: str) -> list[str]:
    return list(dict.fromkeys(text.split()))


# --- the index: DDL used by the migration -----------------------------------------------


def _document(e: Entity, row: str) -> str:
    """SQL of a record's document: fields joined by newlines, two newlines after."""
    parts = [f"coalesce({row}.[{c}], '')" for c in searchable(e)]
    return " || char(10) || ".join(parts) + " || char(10) || char(10)"


def index_statements(e: Entity) -> list[str]:
    """The index of one entity, its vocabulary views and the triggers that keep it."""
    n, table = names(e), e.name
    old, new = _document(e, "old"), _document(e, "new")
    changed = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in searchable(e))
    columns = ", ".join(f"[{c}]" for c in searchable(e))
    return [
        f"CREATE VIEW [{n.doc}] (rid, body) AS SELECT t.rowid, {_document(e, 't')} "
        f"FROM [{table}] t",
        f"CREATE VIRTUAL TABLE [{n.fts}] USING fts5(body, content='{n.doc}', "
        "content_rowid='rid', tokenize='trigram', detail=full, columnsize=0)",
        f"CREATE VIRTUAL TABLE [{n.terms}] USING fts5vocab('{n.fts}', 'row')",
        f"CREATE VIRTUAL TABLE [{n.hits}] USING fts5vocab('{n.fts}', 'instance')",
        f"CREATE TRIGGER [{n.fts}_insert] AFTER INSERT ON [{table}] BEGIN "
        f"INSERT INTO [{n.fts}] (rowid, body) VALUES (new.rowid, {new}); END",
        f"CREATE TRIGGER [{n.fts}_delete] AFTER DELETE ON [{table}] BEGIN "
        f"INSERT INTO [{n.fts}] ([{n.fts}], rowid, body) VALUES ('delete', old.rowid, {old}); "
        "END",
        f"CREATE TRIGGER [{n.fts}_update] AFTER UPDATE OF {columns} ON [{table}] "
        f"WHEN {changed} BEGIN "
        f"INSERT INTO [{n.fts}] ([{n.fts}], rowid, body) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO [{n.fts}] (rowid, body) VALUES (new.rowid, {new}); END",
    ]


# Below this many new rows the per-row trigger is as cheap as one bulk statement.
BULK_INDEX_MIN_ROWS = 1000


@contextlib.contextmanager
def indexing_in_bulk(db: Database, e: Entity, rows: int) -> Iterator[None]:
    """Inside a write transaction: the rows inserted in the block are indexed by one
    statement at its end instead of one trigger run per row.

    FTS5 writes a new index segment at the end of every statement that adds to it and
    merges them later; a 100,000-row import through the trigger costs about three
    times what one INSERT … SELECT over the new rowids costs. The same holds for the
    pinyin side table (its keys, its search lines and their index: schema_sync). The
    insert triggers are dropped for the block and re-created as they were; if the
    block fails, the caller's rollback restores the triggers and the indexes together."""
    if rows < BULK_INDEX_MIN_ROWS:
        yield
        return
    if not db.conn.in_transaction:
        raise RuntimeError("indexing_in_bulk needs the caller's write transaction")
    (last,) = db.execute(f"SELECT coalesce(max(rowid), 0) FROM [{e.name}]").fetchone()
    fills = _bulk_fills(db, e)  # (trigger, its SQL, fill statement), in fill order
    for trigger, _sql, _fill in fills:
        db.execute(f"DROP TRIGGER [{trigger}]")
    yield
    for _trigger, sql, fill in fills:
        db.execute(fill, [last])
        db.execute(sql)


def _bulk_fills(db: Database, e: Entity) -> list[tuple[str, str, str]]:
    """The insert triggers that index new rows one by one, with the statement that
    indexes every row after a given rowid at once. Only those the database has."""
    master = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    out = []
    k = schema_sync.key_table(e)
    if f"{k}_insert" in master:
        present = {row[1] for row in db.execute(f"PRAGMA table_info([{e.name}])")}
        (fill,) = [
            sql
            for sql in schema_sync.pinyin_statements(e, present)
            if sql.startswith(f"INSERT INTO [{k}] ")
        ]
        out.append((f"{k}_insert", master[f"{k}_insert"], f"{fill} WHERE t.rowid > ?"))
        spell = schema_sync.spell_index(e)
        if f"{spell}_insert" in master:
            out.append(
                (
                    f"{spell}_insert",
                    master[f"{spell}_insert"],
                    f"INSERT INTO [{spell}] (rowid, spell) SELECT rid, spell FROM [{k}] "
                    "WHERE rid > ?",
                )
            )
    n = names(e)
    if has_index(db, e) and f"{n.fts}_insert" in master:
        out.append(
            (
                f"{n.fts}_insert",
                master[f"{n.fts}_insert"],
                f"INSERT INTO [{n.fts}] (rowid, body) SELECT rid, body FROM [{n.doc}] "
                "WHERE rid > ?",
            )
        )
    return out


def trigram_available(db: Database) -> bool:
    """FTS5 with the trigram tokenizer (SQLite 3.34+, compiled with FTS5)."""
    try:
        db.execute("CREATE VIRTUAL TABLE temp._trigram_probe USING fts5(x, tokenize='trigram')")
        db.execute("DROP TABLE temp._trigram_probe")
        return True
    except sqlite3.OperationalError:
        return False


def create_indexes(db: Database) -> None:
    """Create and fill the index of every INDEXED entity (the migration's work).

    Without FTS5 trigram support in this SQLite, nothing is created and every search
    falls back to LIKE: slower at scale, same results."""
    if not trigram_available(db):
        return
    for e in ENTITIES:
        if e.name in INDEXED and searchable(e):
            for sql in index_statements(e):
                db.execute(sql)
            rebuild(db, e)


def rebuild(db: Database, e: Entity) -> None:
    """Refill an entity's index from its table (after a VACUUM, or if ever in doubt)."""
    n = names(e)
    db.execute(f"INSERT INTO [{n.fts}] ([{n.fts}]) VALUES ('rebuild')")


def check(db: Database, e: Entity) -> None:
    """Raise sqlite3.DatabaseError when the index disagrees with the table."""
    n = names(e)
    db.execute(f"INSERT INTO [{n.fts}] ([{n.fts}], rank) VALUES ('integrity-check', 1)")


def has_index(db: Database, e: Entity) -> bool:
    if e.name not in INDEXED:
        return False
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [names(e).fts]
    ).fetchone()
    return row is not None


# --- per-connection cache of index look-ups ---------------------------------------------

_lock = threading.Lock()
_caches: weakref.WeakKeyDictionary[Database, OrderedDict] = weakref.WeakKeyDictionary()


def _cached(db: Database, key: tuple, compute) -> Any:
    """compute(), remembered while this connection sees the database unchanged.

    total_changes moves with this connection's writes, data_version with other
    connections' commits: either makes every remembered answer stale."""
    state = (db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0])
    with _lock:
        cache = _caches.setdefault(db, OrderedDict())
        if cache.get("state") != state:
            cache.clear()
            cache["state"] = state
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = compute()
    with _lock:
        if cache.get("state") == state:
            cache[key] = value
            while len(cache) > _CACHE_SIZE + 1:
                oldest = next(k for k in cache if k != "state")
                del cache[oldest]
    return value


# --- terms ----------------------------------------------------------------------------------


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_clause(e: Entity, term: str) -> tuple[str, list[Any]]:
    """The term in any searchable field, by LIKE: the definition of a match."""
    columns = searchable(e)
    pattern = f"%{_escape_like(term)}%"
    sql = "(" + " OR ".join(f"t.[{c}] LIKE ? ESCAPE '\\'" for c in columns) + ")"
    return sql, [pattern] * len(columns)


def _has_case(c: str) -> bool:
    return c.lower() != c or c.upper() != c


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class Match:
    """How the index answers one term (or the AND of all long terms)."""

    terms: tuple[str, ...]
    source: str  # SELECT of candidate rowids (duplicates possible)
    params: tuple
    exact: bool  # the candidates are exactly the matching records
    size: int  # candidates, counting duplicates: an upper bound of the matches
    short: tuple | None = None  # (low, high, [(trigram, documents)]) for 1–2 characters


def _long_match(db: Database, n: Names, terms: list[str]) -> Match:
    expression = " AND ".join(_phrase(t) for t in terms)
    size = _cached(
        db,
        ("long", n.fts, expression),
        lambda: db.execute(
            f"SELECT count(*) FROM [{n.fts}] WHERE [{n.fts}] MATCH ?", [expression]
        ).fetchone()[0],
    )
    exact = not any(_has_case(c) for t in terms for c in t)
    source = f"SELECT rowid FROM [{n.fts}] WHERE [{n.fts}] MATCH ?"
    return Match(tuple(terms), source, (expression,), exact, size)


def _short_match(db: Database, n: Names, term: str) -> Match | None:
    """A 1–2 character term: the trigrams that begin with it. None: LIKE only (a letter
    outside ASCII, whose folding in FTS5 this range could not reproduce)."""
    if any(_has_case(c) and not c.isascii() for c in term):
        return None
    low = _ascii_lower(term)
    if ord(low[-1]) >= 0x10FFFF:
        return None
    high = low[:-1] + chr(ord(low[-1]) + 1)
    trigrams = _cached(
        db,
        ("short", n.fts, low),
        lambda: db.execute(
            f"SELECT term, doc FROM [{n.terms}] WHERE term >= ? AND term < ?", [low, high]
        ).fetchall(),
    )
    size = sum(doc for _, doc in trigrams)
    source = f"SELECT doc FROM [{n.hits}] WHERE term >= ? AND term < ?"
    exact = not any(_has_case(c) for c in term)
    return Match((term,), source, (low, high), exact, size, (low, high, trigrams))


def _exact_size(db: Database, n: Names, m: Match) -> int:
    """How many records the index's candidates are (m.exact: how many match)."""
    if m.short is None:
        return m.size  # an FTS5 count: one row per record
    low, high, trigrams = m.short
    if len(trigrams) <= 1:
        return m.size

    def distinct() -> int:
        if m.size <= len(trigrams) * OR_TRIGRAM_COST:
            sql = f"SELECT count(DISTINCT doc) FROM [{n.hits}] WHERE term >= ? AND term < ?"
            return db.execute(sql, [low, high]).fetchone()[0]
        expression = " OR ".join(_phrase(t) for t, _ in trigrams)
        sql = f"SELECT count(*) FROM [{n.fts}] WHERE [{n.fts}] MATCH ?"
        return db.execute(sql, [expression]).fetchone()[0]

    return _cached(db, ("distinct", n.fts, low), distinct)


def _matches(db: Database, e: Entity, terms: list[str]) -> tuple[list[Match], list[str]]:
    """(the index's answers, the terms only LIKE can answer)."""
    n = names(e)
    long = [t for t in terms if len(t) >= 3 and not spelling(e, t)]
    found = [_long_match(db, n, long)] if long else []
    like_only = []
    for term in terms:
        if spelling(e, term):
            m = _spelled_match(db, e, term)
            if m is None:
                like_only.append(term)
            else:
                found.append(m)
        elif len(term) < 3:
            m = _short_match(db, n, term)
            if m is None:
                like_only.append(term)
            else:
                found.append(m)
    return found, like_only


# --- pinyin -----------------------------------------------------------------------------------


def spelling(e: Entity, term: str) -> bool:
    """The term may be pinyin: ASCII letters only, two or more, and names to spell."""
    return len(term) >= 2 and term.isascii() and term.isalpha() and bool(schema_sync.name_fields(e))


def _spell_fts(db: Database | None, e: Entity) -> str | None:
    name = schema_sync.spell_index(e)
    if db is None:
        return None
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return name if row else None


def _spell_source(db: Database | None, e: Entity, term: str) -> tuple[str, list[Any]]:
    """SELECT of the rowids with a name whose pinyin or initials start with the term
    (any case, as LIKE): NAME_START + term in the lines, three characters or more."""
    wanted = pinyin.NAME_START + term
    fts = _spell_fts(db, e)
    if fts:
        return f"SELECT rowid FROM [{fts}] WHERE [{fts}] MATCH ?", [_phrase(wanted)]
    k = schema_sync.key_table(e)
    return f"SELECT rid FROM [{k}] WHERE spell LIKE ? ESCAPE '\\'", [f"%{_escape_like(wanted)}%"]


def _spelled_match(db: Database, e: Entity, term: str) -> Match | None:
    """A pinyin term: the records holding it in a field (the index's superset) or
    starting a name's pinyin. None: no index (LIKE)."""
    fts = _spell_fts(db, e)
    if fts is None:
        return None
    n = names(e)
    main = _long_match(db, n, [term]) if len(term) >= 3 else _short_match(db, n, term)
    if main is None:
        return None
    spelled, params = _spell_source(db, e, term)
    size = main.size + _cached(
        db,
        ("spell", fts, term.lower()),
        lambda: db.execute(f"SELECT count(*) FROM ({spelled})", params).fetchone()[0],
    )
    source = f"{main.source} UNION ALL {spelled}"
    return Match((term,), source, (*main.params, *params), False, size)


def term_clause(db: Database | None, e: Entity, term: str) -> tuple[str, list[Any]]:
    """The definition of a match of one term, as SQL over t: LIKE in a field, or for a
    pinyin term also its lines."""
    sql, values = like_clause(e, term)
    if not spelling(e, term):
        return sql, values
    spelled, params = _spell_source(db, e, term)
    return f"({sql} OR t.rowid IN ({spelled}))", [*values, *params]


# --- what listing.py asks --------------------------------------------------------------------


def clauses(
    db: Database | None, e: Entity, text: str, *, for_count: bool = False
) -> tuple[list[str], list[Any]]:
    """WHERE clauses (over the entity's table aliased t) for the records matching `text`.

    For a page (the default) a frequent term becomes LIKE, so that SQL walks the sort
    order and stops after the page; for a count every indexed term stays an index
    look-up."""
    terms = split_terms(text)
    if not terms:
        return [], []
    like_terms = terms
    out: list[str] = []
    params: list[Any] = []
    if db is not None and has_index(db, e):
        found, like_only = _matches(db, e, terms)
        if any(m.size == 0 for m in found):
            return ["0"], []  # the index has no candidate for some term
        if found:
            driver = min(found, key=lambda m: m.size)
            drive = driver.size <= (COUNT_DRIVE_LIMIT if for_count else SET_LIMIT)
            if drive or for_count:
                # "+" keeps a large set from driving the count: SQL then reads the
                # table or another filter's index and looks each row up in the set.
                out.append(f"{'' if drive else '+'}t.rowid IN ({driver.source})")
                params += driver.params
                like_terms = [t for t in terms if not (driver.exact and t in driver.terms)]
    for term in like_terms:
        sql, values = term_clause(db, e, term)
        out.append(sql)
        params += values
    return out, params


def exact_count(db: Database, e: Entity, text: str) -> int | None:
    """The number of matching records straight from the index, when it knows it
    exactly (one indexed question, no letters); None otherwise."""
    terms = split_terms(text)
    if not terms or not has_index(db, e):
        return None
    found, like_only = _matches(db, e, terms)
    if any(m.size == 0 for m in found):
        return 0
    if like_only or len(found) != 1 or not found[0].exact:
        return None
    return _exact_size(db, names(e), found[0])
