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

from sqlite_utils import Database

from ..domain.rules import monthly_totals


def _year_range(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def daily_activity(db: Database, start: dt.date, end: dt.date) -> dict[str, dict[str, dict]]:
    """Per community id and day, between start and end inclusive: roster shifts (all,
    and those that count for the duty quota, i.e. not 缺勤), service hours and
    consultation persons, publicity events, lectures and large publicity events.

    One pass per table, grouped by (date, community_id) in the order of the covering
    indexes, so no sort is needed even at a million rows. Statistics and quotas are
    both folded from this in Python. Every per-day dict is in date order (callers
    rely on it to take a year's days as one slice).
    """
    r = (start.isoformat(), end.isoformat())
    kinds = ("shifts_all", "shifts", "hours", "consultations", "events", "lectures", "publicity")
    out: dict[str, dict[str, dict]] = defaultdict(lambda: {k: {} for k in kinds})
    for day, cid, n, counting in db.execute(
        "SELECT date, community_id, count(*), count(*) FILTER (WHERE status IS NOT '缺勤') "
        "FROM shifts WHERE date BETWEEN ? AND ? GROUP BY date, community_id",
        r,
    ):
        act = out[cid]
        act["shifts_all"][day] = n
        act["shifts"][day] = counting
    for day, cid, hours, persons in db.execute(
        "SELECT date, community_id, total(hours), "
        "total(persons) FILTER (WHERE service_type = '法律咨询') FROM services "
        "WHERE date BETWEEN ? AND ? GROUP BY date, community_id",
        r,
    ):
        act = out[cid]
        act["hours"][day] = hours
        act["consultations"][day] = int(persons)
    for day, cid, n, lectures, publicity in db.execute(
        "SELECT date, community_id, count(*), count(*) FILTER (WHERE event_type = '法治讲座'), "
        "count(*) FILTER (WHERE event_type = '大型法治宣传') FROM events "
        "WHERE date BETWEEN ? AND ? GROUP BY date, community_id",
        r,
    ):
        act = out[cid]
        act["events"][day] = n
        act["lectures"][day] = lectures
        act["publicity"][day] = publicity
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


def case_facets(
    db: Database, year: int, categories: tuple[str, ...]
) -> tuple[dict[str, int], dict]:
    """Mediation cases received in `year`: count per category, and the scalar figures."""
    measures = {
        "mediation_cases": "count(*)",
        "mediation_success": "count(*) FILTER (WHERE status = '调解成功')",
        "advisor_mediations": "count(advisor_id)",
        "labor_mediation_success": (
            "count(*) FILTER (WHERE category = '劳资纠纷' AND status = '调解成功')"
        ),
        "mediation_amount_recovered": "total(amount_recovered)",
        "judicial_confirmations": "count(*) FILTER (WHERE judicial_confirmation = 1)",
        "covid": "count(*) FILTER (WHERE covid = 1)",
    }
    return _facets(db, "cases", "received_date", "category", categories, measures, year)


def petition_facets(
    db: Database, year: int, routes: tuple[str, ...]
) -> tuple[dict[str, int], dict]:
    """Petitions registered in `year`: count per route, and the scalar figures."""
    measures = {
        "petitions": "count(*)",
        "petitions_legal_service": "count(*) FILTER (WHERE legal_service = 1)",
        "petitions_guided_legal": "count(*) FILTER (WHERE guided_legal = 1)",
        "petition_amount_recovered": "total(amount_recovered)",
        "covid": "count(*) FILTER (WHERE covid = 1)",
    }
    return _facets(db, "petitions", "registered_date", "route", routes, measures, year)


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
            "shifts": act["shifts"],
            "hours": monthly_totals(act["hours"]),
            "lectures": act["lectures"],
            "publicity": act["publicity"],
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
    either side, matched by ID number, or by name and phone."""
    clauses, params = [], []
    if id_no:
        clauses.append("applicant_id_no = ? OR respondent_id_no = ?")
        params += [id_no, id_no]
    if name and phone:
        clauses.append(
            "(applicant = ? AND applicant_phone = ?) OR (respondent = ? AND respondent_phone = ?)"
        )
        params += [name, phone, name, phone]
    if not clauses:
        return []
    sql = (
        "SELECT * FROM cases WHERE status IN ('已受理', '调解中') AND category = ? AND id != ? AND ("
        + " OR ".join(f"({c})" for c in clauses)
        + ") ORDER BY received_date"
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
