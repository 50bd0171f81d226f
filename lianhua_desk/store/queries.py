"""Read-only queries the services need: aggregates for statistics and quotas, lookups.

Statistics are SQL aggregates over indexed date ranges, so they stay fast on a
city's decade of records. "In year Y" always means the record's own date.

Conditional counts are written `count(*) FILTER (WHERE …)`, not `total(cond)`: the
filter skips the aggregate call on rows that do not match, which makes a facet over a
year of 200,000 cases three times cheaper (SQLite ≥ 3.30).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from ..domain import statistics
from ..domain.rules import monthly_totals

# What the quota rules judge per community and day (domain.rules.Activity), beside the
# declared statistics: shifts that count (not 缺勤), service hours, lectures, large
# publicity events. Named apart from the statistics' keys; an aggregate that is also
# a declared statistic's is computed once (`activity_sql`).
QUOTA_MEASURES: dict[str, dict[str, str]] = {
    "shifts": {"quota_shifts": "count(*) FILTER (WHERE status IS NOT '缺勤')"},
    "services": {"quota_hours": "total(hours)"},
    "events": {
        "quota_lectures": "count(*) FILTER (WHERE event_type = '法治讲座')",
        "quota_publicity": "count(*) FILTER (WHERE event_type = '大型法治宣传')",
    },
}
# The tables read per community and day by `daily_activity`.
ACTIVITY_TABLES = tuple(QUOTA_MEASURES)


def year_measures(table: str) -> dict[str, str]:
    """Statistic key → its declared SQL (`Statistic.definition`), for the year
    figures counted over `table`, in declared order."""
    return {s.key: s.definition for s in statistics.over(table)}


def activity_sql(table: str) -> tuple[str, dict[str, int]]:
    """The one pass of `daily_activity` over `table`, and where each measure (declared
    figure or quota measure) is among the aggregates after date and community."""
    date = statistics.DATE_COLUMNS[table]
    measures = {**year_measures(table), **QUOTA_MEASURES[table]}
    columns = list(dict.fromkeys(measures.values()))  # each distinct aggregate once
    sql = (
        f"SELECT [{date}], community_id, {', '.join(columns)} FROM [{table}] "
        f"WHERE [{date}] BETWEEN ? AND ? GROUP BY [{date}], community_id"
    )
    return sql, {name: columns.index(expr) for name, expr in measures.items()}


def activity_names() -> tuple[str, ...]:
    """The measures of `daily_activity`. A declared figure counted over two of its
    tables would need its per-day values added up: refused, none is declared so."""
    names = [name for t in ACTIVITY_TABLES for name in activity_sql(t)[1]]
    if len(names) != len(set(names)):
        raise ValueError(f"a measure over two activity tables: {names}")
    return tuple(names)


def _year_range(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def daily_activity(db: Database, start: dt.date, end: dt.date) -> dict[str, dict[str, dict]]:
    """Per community id, measure and day, between start and end inclusive: the declared
    year figures over shifts, services and events (`statistics.over`, keyed by their
    statistic keys) and the quota measures (`QUOTA_MEASURES`).

    One pass per table, grouped by (date, community_id) in the order of the covering
    indexes, so no sort is needed even at a million rows. Statistics and quotas are
    both folded from this in Python. Every per-day dict is in date order (callers
    rely on it to take a year's days as one slice).
    """
    r = (start.isoformat(), end.isoformat())
    names = activity_names()
    out: dict[str, dict[str, dict]] = defaultdict(lambda: {k: {} for k in names})
    for table in ACTIVITY_TABLES:
        sql, where = activity_sql(table)
        places = tuple(where.items())
        for day, cid, *values in db.execute(sql, r):
            act = out[cid]
            for name, i in places:
                act[name][day] = values[i]
    return out


def _facets(
    db: Database,
    table: str,
    date_column: str,
    group: str,
    values: tuple[str, ...],
    measures: dict[str, str],
    year: int,
) -> tuple[dict[str, int], dict]:
    """Counts per declared value of `group` plus the `measures` (name → aggregate SQL),
    in one scan (conditional aggregation instead of GROUP BY: no sort over the rows)."""
    per_value = ", ".join(f"count(*) FILTER (WHERE [{group}] = ?)" for _ in values)
    row = db.execute(
        f"SELECT {per_value}, count([{group}]), {', '.join(measures.values())} FROM [{table}] "
        f"WHERE [{date_column}] BETWEEN ? AND ?",
        [*values, *_year_range(year)],
    ).fetchone()
    counts = {v: int(n) for v, n in zip(values, row[: len(values)], strict=True) if n}
    undeclared = int(row[len(values)]) - sum(counts.values())
    if undeclared:  # values outside the declared list (an older database): still counted
        counts.update(_grouped(db, table, date_column, group, year, exclude=values))
    return counts, dict(zip(measures, row[len(values) + 1 :], strict=True))


def _grouped(
    db: Database, table: str, date_column: str, group: str, year: int, exclude: tuple[str, ...]
) -> dict[str, int]:
    marks = ", ".join("?" for _ in exclude)
    rows = db.execute(
        f"SELECT [{group}], count(*) FROM [{table}] WHERE [{date_column}] BETWEEN ? AND ? "
        f"AND [{group}] IS NOT NULL AND [{group}] NOT IN ({marks}) GROUP BY [{group}]",
        [*_year_range(year), *exclude],
    )
    return dict(rows.fetchall())


def _breakdown_group(table: str) -> str:
    """The column the declared breakdown over `table` counts per value."""
    (group,) = {s.group for s in statistics.STATISTICS if s.group and s.tables == (table,)}
    return group


def case_facets(
    db: Database, year: int, categories: tuple[str, ...]
) -> tuple[dict[str, int], dict]:
    """Mediation cases received in `year`: count per category, and the declared
    figures over cases (statistic key → value; `covid_disputes` is this table's part)."""
    return _facets(
        db,
        "cases",
        statistics.DATE_COLUMNS["cases"],
        _breakdown_group("cases"),
        categories,
        year_measures("cases"),
        year,
    )


def petition_facets(
    db: Database, year: int, routes: tuple[str, ...]
) -> tuple[dict[str, int], dict]:
    """Petitions registered in `year`: count per route, and the declared figures over
    petitions (statistic key → value; `covid_disputes` is this table's part)."""
    return _facets(
        db,
        "petitions",
        statistics.DATE_COLUMNS["petitions"],
        _breakdown_group("petitions"),
        routes,
        year_measures("petitions"),
        year,
    )


def community_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM communities").fetchone()[0]


def community_names(db: Database) -> dict[str, str]:
    """id → name, in name order."""
    return {row[0]: row[1] for row in db.execute("SELECT id, name FROM communities ORDER BY name")}


def quota_activity(db: Database, start: dt.date, end: dt.date) -> dict[str, dict[str, dict]]:
    """Per community id: counting shifts per day, service hours per month, lectures per
    day and large publicity events per day, between start and end inclusive."""
    return quota_view(daily_activity(db, start, end))


def quota_view(daily: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """The part of `daily_activity` the quota rules judge, service hours per month."""
    return {
        cid: {
            "shifts": act["quota_shifts"],
            "hours": monthly_totals(act["quota_hours"]),
            "lectures": act["quota_lectures"],
            "publicity": act["quota_publicity"],
        }
        for cid, act in daily.items()
    }


def numbers_in_year(
    db: Database, table: str, number_column: str, date_column: str, year: int
) -> list[str]:
    rows = db.execute(
        f"SELECT [{number_column}] FROM [{table}] WHERE [{date_column}] BETWEEN ? AND ?",
        _year_range(year),
    )
    return [row[0] for row in rows]


def open_cases_of_party(
    db: Database,
    category: str,
    id_no: str | None,
    name: str | None,
    phone: str | None,
    exclude_id: str | None = None,
) -> list[dict]:
    """Open cases (已受理 / 调解中) of the same category where the party appears on
    either side, matched by document number, or by name and phone."""
    clauses, params = [], []
    if id_no:
        clauses.append("p.id_no = ?")
        params.append(id_no)
    if name and phone:
        clauses.append("(p.name = ? AND p.phone = ?)")
        params += [name, phone]
    if not clauses:
        return []
    sql = (
        "SELECT * FROM cases c WHERE status IN ('已受理', '调解中') AND category = ? AND id != ?"
        " AND EXISTS (SELECT 1 FROM parties p WHERE p.case_id = c.id AND ("
        + " OR ".join(clauses)
        + ")) ORDER BY received_date"
    )
    return _dicts(db.execute(sql, [category, exclude_id or "", *params]))


def petitions_of_person(
    db: Database,
    category: str | None,
    id_no: str | None,
    name: str | None,
    phone: str | None,
    exclude_id: str | None = None,
) -> list[dict]:
    """Earlier petitions by the same person on the same kind of matter."""
    clauses, params = [], []
    if id_no:
        clauses.append("id_no = ?")
        params.append(id_no)
    if name and phone:
        clauses.append("(petitioner = ? AND phone = ?)")
        params += [name, phone]
    if not clauses:
        return []
    sql = (
        "SELECT * FROM petitions WHERE coalesce(category, '') = ? AND id != ? AND ("
        + " OR ".join(clauses)
        + ") ORDER BY registered_date"
    )
    return _dicts(db.execute(sql, [category or "", exclude_id or "", *params]))


def shifts_of_advisor_on(db: Database, advisor_id: str, day: str) -> list[dict]:
    return _dicts(
        db.execute(
            "SELECT s.*, c.name AS community_name FROM shifts s JOIN communities c ON c.id = s.community_id "
            "WHERE s.advisor_id = ? AND s.date = ?",
            [advisor_id, day],
        )
    )


def advisors_cases_in_month(db: Database, month: str) -> dict[str, list[str]]:
    """advisor id → case numbers of cases received in `month` ('YYYY-MM') with that advisor."""
    out: dict[str, list[str]] = defaultdict(list)
    for advisor_id, case_no in db.execute(
        "SELECT advisor_id, case_no FROM cases WHERE advisor_id IS NOT NULL "
        "AND received_date BETWEEN ? AND ? ORDER BY received_date, case_no",
        [f"{month}-01", f"{month}-31"],
    ):
        out[advisor_id].append(case_no)
    return out


def advisors_with_community(db: Database) -> list[dict]:
    return _dicts(
        db.execute(
            "SELECT a.*, c.name AS community_name FROM advisors a "
            "JOIN communities c ON c.id = a.community_id ORDER BY c.name, a.name"
        )
    )


def parties_of_case(db: Database, case_id: str, role: str | None = None) -> list[dict]:
    """A case's parties (of one role), in the order they were registered."""
    sql = "SELECT * FROM parties WHERE case_id = ?"
    params: list[Any] = [case_id]
    if role is not None:
        sql += " AND role = ?"
        params.append(role)
    return _dicts(db.execute(sql + " ORDER BY rowid", params))


def parts_of(db: Database, table: str, parent_column: str, parent_id: str) -> list[dict]:
    """The records that belong to one record (a case's parties, records, visits)."""
    sql = f"SELECT * FROM [{table}] WHERE [{parent_column}] = ? ORDER BY rowid"
    return _dicts(db.execute(sql, [parent_id]))
