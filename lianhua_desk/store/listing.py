"""SQL for the lists on screen: filtering, keyword search, sorting, paging by id.

A list never loads a whole table: the window asks for the count, then for ids one
page at a time in the chosen order, then for the rows of the ids it paints. Sorting
happens here, in SQL, on any visible column; ties are broken by rowid so that an
index on the sort column alone satisfies the ORDER BY.

The keyword search (every term in some searchable field, as `LIKE '%term%'` would
find it) is answered by store/search.py: an FTS5 trigram index for every length of
term, one-character surnames included; `_search_clause` is its only caller here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from ..domain.fields import Entity, Kind, entity
from ..domain.settings import Settings
from . import schema_sync, search

# Which field the generic "status" and "category" filters apply to, per entity.
STATUS_FIELD = "status"
CATEGORY_FIELDS = ("category", "service_type", "event_type")

DUE_ATTENTION = "attention"  # due soon or overdue
DUE_OVERDUE = "overdue"


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: filters, keyword search and order. Values as stored."""

    entity: str
    search: str = ""
    community_id: str | None = None
    advisor_id: str | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    status: str | None = None
    category: str | None = None
    due: str | None = None  # DUE_ATTENTION / DUE_OVERDUE (cases and petitions)
    sort: str | None = None  # a field name; None = newest first by the entity's date
    descending: bool = False

    def with_(self, **changes: Any) -> ListQuery:
        return replace(self, **changes)


def status_field(e: Entity) -> str | None:
    f = e.by_name.get(STATUS_FIELD)
    return f.name if f is not None and f.kind is Kind.ENUM else None


def category_field(e: Entity) -> str | None:
    return next((name for name in CATEGORY_FIELDS if name in e.by_name), None)


def has_community(e: Entity) -> bool:
    f = e.by_name.get("community_id")
    return f is not None and f.kind is Kind.REF


def ref_fields(e: Entity) -> list:
    return [f for f in e.fields if f.kind is Kind.REF]


def _ref_alias(name: str) -> str:
    return f"{name}:name"


# --- WHERE ---------------------------------------------------------------------


def _search_clause(
    db: Database | None, e: Entity, text: str, for_count: bool
) -> tuple[list[str], list[Any]]:
    """Every whitespace-separated term must occur in some searchable field."""
    return search.clauses(db, e, text, for_count=for_count)


def _minus(today: dt.date, days: int) -> str:
    return (today - dt.timedelta(days=days)).isoformat()


def _due_clause(
    e: Entity, due: str, settings: Settings, today: dt.date
) -> tuple[list[str], list[Any]]:
    """Cases or petitions whose deadline needs attention, as SQL.

    Mirrors domain.rules.case_deadlines / petition_deadlines (a test holds the two
    together) so that an overdue list on a city's data is one indexed query."""
    s, warn = settings, settings.warn_days
    if e.name == "cases":
        # An extension the parties consented to moves the due date to extended_until
        # (only later: rules.case_deadlines takes the later of the two).
        not_extended = "NOT (coalesce(t.extension_consent, 0) = 1 AND t.extended_until {} ?)"
        if due == DUE_OVERDUE:
            return [
                "t.status IN ('已受理', '调解中') AND t.received_date < ? AND "
                + not_extended.format(">=")
            ], [_minus(today, s.mediation_days), today.isoformat()]
        return [
            "((t.status IN ('已受理', '调解中') AND t.received_date <= ? AND "
            + not_extended.format(">")
            + ") OR (t.status = '调解成功' AND coalesce(t.judicial_confirmation, 0) = 0 "
            "AND t.closed_date BETWEEN ? AND ?))"
        ], [
            _minus(today, s.mediation_days - warn),
            _minus(today, -warn),
            _minus(today, s.confirmation_days),
            _minus(today, s.confirmation_days - warn),
        ]
    if e.name == "petitions":
        if due == DUE_OVERDUE:
            return [
                "(t.status != '已办结' AND (t.registered_date < ? OR "
                "(t.status = '已登记' AND t.registered_date < ?)))"
            ], [
                _minus(today, s.petition_handling_days + s.petition_extension_days),
                _minus(today, s.petition_routing_days),
            ]
        return [
            "(t.status != '已办结' AND (t.registered_date <= ? OR "
            "(t.status = '已登记' AND t.registered_date <= ?)))"
        ], [
            _minus(today, s.petition_handling_days - warn),
            _minus(today, s.petition_routing_days - warn),
        ]
    return [], []


def where(
    q: ListQuery,
    settings: Settings | None = None,
    today: dt.date | None = None,
    db: Database | None = None,
    for_count: bool = False,
) -> tuple[str, list[Any]]:
    """The WHERE of a list query. With `db` the keyword search uses the index (for a
    page or, with for_count, for a count); without it, plain LIKE."""
    e = entity(q.entity)
    clauses: list[str] = []
    params: list[Any] = []
    if q.community_id and has_community(e):
        clauses.append("t.community_id = ?")
        params.append(q.community_id)
    if q.advisor_id and "advisor_id" in e.by_name:
        clauses.append("t.advisor_id = ?")
        params.append(q.advisor_id)
    if e.date_field and q.date_from:
        clauses.append(f"t.[{e.date_field}] >= ?")
        params.append(q.date_from)
    if e.date_field and q.date_to:
        clauses.append(f"t.[{e.date_field}] <= ?")
        params.append(q.date_to)
    if q.status and status_field(e):
        clauses.append("t.status = ?")
        params.append(q.status)
    cat = category_field(e)
    if q.category and cat:
        clauses.append(f"t.[{cat}] = ?")
        params.append(q.category)
    if q.search and q.search.strip():
        more, values = _search_clause(db, e, q.search, for_count)
        clauses += more
        params += values
    if q.due:
        more, values = _due_clause(e, q.due, settings or Settings(), today or dt.date.today())
        clauses += more
        params += values
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# --- ORDER BY ------------------------------------------------------------------


def _sort_field(q: ListQuery):
    e = entity(q.entity)
    if q.sort in e.by_name:
        return e.by_name[q.sort], q.descending
    return e.by_name[e.date_field or e.display], True  # default: newest first


def pinyin_sorted(e: Entity, field_name: str) -> bool:
    """The field sorts by its pinyin key (store/schema_sync.py's side table)."""
    return any(f.name == field_name for f in schema_sync.sort_key_fields(e))


def _display_order(e: Entity, alias: str) -> str:
    """SQL giving the order of a record of `e` (aliased) by its name: the pinyin key
    when the name has one."""
    if pinyin_sorted(e, e.display):
        k = schema_sync.key_table(e)
        return f"(SELECT k.[{e.display}] FROM [{k}] k WHERE k.rid = {alias}.rowid)"
    return f"{alias}.[{e.display}]"


def _ids_sql(q: ListQuery, clause: str, params: list[Any]) -> tuple[str, list[Any]]:
    """SELECT of the matching ids in the query's order (without LIMIT)."""
    f, descending = _sort_field(q)
    d = " DESC" if descending else ""
    e = entity(q.entity)
    if f.kind is not Kind.REF and pinyin_sorted(e, f.name):
        # Chinese text by pinyin: the side table's index on the key gives the order.
        k = schema_sync.key_table(e)
        return (
            f"SELECT t.id FROM [{k}] k JOIN [{q.entity}] t ON t.rowid = k.rid{clause} "
            f"ORDER BY k.[{f.name}]{d}, k.rid{d}",
            params,
        )
    if f.kind is not Kind.REF:
        return (
            f"SELECT t.id FROM [{q.entity}] t{clause} ORDER BY t.[{f.name}]{d}, t.rowid{d}",
            params,
        )
    # By the referenced record's name. Walking the (small) referenced table in name
    # order and this table's index on the reference avoids sorting a city's rows;
    # rows without a reference are merged in where NULL sorts (first ascending).
    ref = entity(f.ref)
    blank = clause + (" AND " if clause else " WHERE ") + f"t.[{f.name}] IS NULL"
    sql = (
        f"SELECT t.id, NULL, t.rowid FROM [{q.entity}] t{blank} UNION ALL "
        f"SELECT t.id, {_display_order(ref, 's')}, t.rowid FROM [{ref.name}] s "
        f"CROSS JOIN [{q.entity}] t ON t.[{f.name}] = s.id{clause} ORDER BY 2{d}, 3{d}"
    )
    return sql, params + params


# --- the three questions a list asks ---------------------------------------------


def count(db: Database, q: ListQuery, settings: Settings | None = None, today=None) -> int:
    if q.search.strip() and not where(q.with_(search=""), settings, today)[0]:
        # A keyword alone: the index usually knows the number without touching rows.
        known = search.exact_count(db, entity(q.entity), q.search)
        if known is not None:
            return known
    clause, params = where(q, settings, today, db, for_count=True)
    return db.execute(f"SELECT count(*) FROM [{q.entity}] t{clause}", params).fetchone()[0]


def page_ids(
    db: Database,
    q: ListQuery,
    offset: int,
    limit: int,
    settings: Settings | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Ids of the matching rows from `offset`, in the query's order."""
    clause, params = where(q, settings, today, db)
    sql, params = _ids_sql(q, clause, params)
    return [row[0] for row in db.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset])]


def rows_by_id(db: Database, entity_name: str, ids: list[str]) -> dict[str, dict]:
    """The rows of `ids` with every REF field's display name beside it as 'field:name'
    (ids not found are left out)."""
    if not ids:
        return {}
    e = entity(entity_name)
    joins, names = [], []
    for i, f in enumerate(ref_fields(e)):
        ref = entity(f.ref)
        joins.append(f" LEFT JOIN [{ref.name}] r{i} ON r{i}.id = t.[{f.name}]")
        names.append(f', r{i}.[{ref.display}] AS "{_ref_alias(f.name)}"')
    out: dict[str, dict] = {}
    for start in range(0, len(ids), 500):  # stay below SQLite's variable limit
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        cursor = db.execute(
            f"SELECT t.*{''.join(names)} FROM [{e.name}] t{''.join(joins)} WHERE t.id IN ({marks})",
            chunk,
        )
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            record = dict(zip(columns, row, strict=True))
            out[record["id"]] = record
    return out


def ref_name(row: dict, field_name: str) -> str | None:
    return row.get(_ref_alias(field_name))


# --- pick lists and completers -------------------------------------------------------


def choices(db: Database, entity_name: str) -> list[tuple[str, str]]:
    """(id, display name) of every record of a small entity, by name: REF drop-downs."""
    e = entity(entity_name)
    label = e.display
    extra = ", firm" if "firm" in e.by_name else ""
    rows = db.execute(
        f"SELECT id, [{label}]{extra} FROM [{e.name}] t ORDER BY {_display_order(e, 't')}, rowid"
    )
    return [(row[0], row[1] if not extra else f"{row[1]}（{row[2]}）") for row in rows]


def suggestions(
    db: Database, entity_name: str, column: str, prefix: str, limit: int = 20
) -> list[str]:
    """Distinct values of `column` starting with `prefix`: the completer for names.

    A range on the column instead of LIKE lets the column's index answer it."""
    e = entity(entity_name)
    if column not in e.by_name or not prefix:
        return []
    rows = db.execute(
        f"SELECT DISTINCT [{column}] FROM [{e.name}] WHERE [{column}] >= ? AND [{column}] < ? "
        f"ORDER BY [{column}] LIMIT ?",
        [prefix, prefix + "\U0010ffff", limit],
    )
    return [row[0] for row in rows]


def open_deadline_rows(
    db: Database, entity_name: str, settings: Settings, today: dt.date, limit: int = 500
) -> list[dict]:
    """Cases or petitions needing attention (due soon or overdue), oldest first."""
    q = ListQuery(entity_name, due=DUE_ATTENTION, sort=entity(entity_name).date_field)
    ids = page_ids(db, q, 0, limit, settings, today)
    rows = rows_by_id(db, entity_name, ids)
    return [rows[i] for i in ids if i in rows]


def import_history(db: Database, limit: int = 200) -> list[dict]:
    """The latest imports, newest first: when, who, which file, from whom, what changed."""
    cursor = db.execute(
        "SELECT id, at, operator, file_name, source_unit, exported_at, counts, conflicts "
        "FROM imports ORDER BY id DESC LIMIT ?",
        [limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
