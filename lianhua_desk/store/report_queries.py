"""Read queries the printed reports need beyond the year statistics.

The per-month and per-community totals below are built from the declared definitions
(`domain.statistics`: same tables, dates and aggregates as the year statistics), only
grouped; tests prove
that they add up to `year_stats` so a report can never disagree with the statistics.
"""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from ..domain import statistics


def grouped_sql(s: statistics.Statistic) -> str:
    """A figure's declared aggregate as one column of a GROUP BY query: the condition
    moves inside the aggregate (`total(cond)`, `total(CASE WHEN cond THEN x END)`)."""
    if not s.condition:
        return s.aggregate
    if s.aggregate == "count(*)":
        return f"total({s.condition})"
    column = s.aggregate.removeprefix("total(").removesuffix(")")
    assert s.aggregate == f"total({column})", s.aggregate
    return f"total(CASE WHEN {s.condition} THEN {column} END)"


def _table_order(s: statistics.Statistic) -> int:
    """A table's own record count leads its figures; the rest keep declared order."""
    return 0 if s.aggregate == "count(*)" and not s.condition else 1


# table → (its own date column, [(statistics key, aggregate over that table)]), built
# from the declarations; a figure over two tables (covid_disputes) is the sum of both.
_AGGREGATES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    table: (
        date_column,
        [(s.key, grouped_sql(s)) for s in sorted(statistics.over(table), key=_table_order)],
    )
    for table, date_column in statistics.DATE_COLUMNS.items()
}

# The scalar statistics keys these totals cover (all but `year` and `communities`):
# table by table as above, then the figures summed over several tables.
TOTAL_KEYS = tuple(
    key
    for _, pairs in _AGGREGATES.values()
    for key, _ in pairs
    if len(statistics.statistic(key).tables) == 1
) + tuple(s.key for s in statistics.FIGURES if len(s.tables) > 1)


def grouped_totals(db: Database, start: str, end: str, by: str) -> dict[str, dict[str, float]]:
    """Statistics figures for records dated start..end (inclusive, ISO), grouped `by`
    'month' ('YYYY-MM') or 'community' (community id; None for petitions without one)."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(TOTAL_KEYS, 0))
    for table, (date_col, pairs) in _AGGREGATES.items():
        group = f"substr([{date_col}], 1, 7)" if by == "month" else "community_id"
        select = ", ".join(expr for _, expr in pairs)
        rows = db.execute(
            f"SELECT {group}, {select} FROM [{table}] WHERE [{date_col}] BETWEEN ? AND ? "
            f"GROUP BY {group}",
            [start, end],
        )
        for key, *values in rows:
            target = out[key]
            for (name, _), value in zip(pairs, values, strict=True):
                target[name] += value
    return dict(out)


def counts_by(db: Database, table: str, column: str, date_col: str, start: str, end: str) -> dict:
    """value → count for records dated start..end; NULL values counted under None."""
    rows = db.execute(
        f"SELECT [{column}], count(*) FROM [{table}] WHERE [{date_col}] BETWEEN ? AND ? "
        f"GROUP BY [{column}]",
        [start, end],
    )
    return {value: n for value, n in rows}


def success_by_category(db: Database, start: str, end: str) -> dict[str, int]:
    rows = db.execute(
        "SELECT category, count(*) FROM cases WHERE received_date BETWEEN ? AND ? "
        "AND status = '调解成功' GROUP BY category",
        [start, end],
    )
    return {value: n for value, n in rows}


def community_id(db: Database, name: str) -> str | None:
    row = db.execute("SELECT id FROM communities WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def shifts_between(db: Database, start: str, end: str, community_id: str | None) -> list[dict]:
    """Roster rows with community and advisor names, in date, time and community order."""
    sql = (
        "SELECT s.date, s.start_time, s.end_time, s.location, s.status, s.note, "
        "c.name AS community, a.name AS advisor, a.firm, a.mobile, a.assistant "
        "FROM shifts s JOIN communities c ON c.id = s.community_id "
        "LEFT JOIN advisors a ON a.id = s.advisor_id "
        "WHERE s.date BETWEEN ? AND ?"
    )
    params: list = [start, end]
    if community_id is not None:
        sql += " AND s.community_id = ?"
        params.append(community_id)
    sql += " ORDER BY s.date, s.start_time, c.name"
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def case_by_number(db: Database, case_no: str) -> dict | None:
    """One mediation case with its community's and advisor's names."""
    cursor = db.execute(
        "SELECT k.*, c.name AS community_name, a.name AS advisor_name, a.firm AS advisor_firm "
        "FROM cases k LEFT JOIN communities c ON c.id = k.community_id "
        "LEFT JOIN advisors a ON a.id = k.advisor_id WHERE k.case_no = ?",
        [case_no],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def petition_for_case(db: Database, case_no: str) -> dict | None:
    """The petition a case was diverted from (信访转入), if any."""
    rows = list(db["petitions"].rows_where("case_no = ?", [case_no], limit=1))
    return rows[0] if rows else None


def mediation_breakdown(db: Database, start: str, end: str) -> list[dict]:
    """Cases received start..end (the statistics' date), counted per community,
    category, source, status and agreement form, with the amounts agreed and the
    judicial confirmations of each group: what the Ministry's 人民调解 tables need."""
    cursor = db.execute(
        "SELECT community_id, category, source, status, agreement_form, count(*) AS n, "
        "total(amount_agreed) AS amount_agreed, "
        "total(judicial_confirmation = 1) AS judicial_confirmations "
        "FROM cases WHERE received_date BETWEEN ? AND ? "
        "GROUP BY community_id, category, source, status, agreement_form",
        [start, end],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
