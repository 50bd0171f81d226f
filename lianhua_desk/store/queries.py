"""Read-only queries the services need: aggregates for statistics and quotas, lookups.

Statistics are SQL aggregates over indexed date ranges, so they stay fast on a
city's decade of records. "In year Y" always means the record's own date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlite_utils import Database


def _year_range(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(db: Database, sql: str, params) -> tuple:
    return db.execute(sql, params).fetchone()


def year_totals(db: Database, year: int) -> dict:
    """Every scalar figure of the statistics for one year."""
    r = _year_range(year)
    (communities,) = _one(db, "SELECT count(*) FROM communities", [])
    (duty_shifts,) = _one(db, "SELECT count(*) FROM shifts WHERE date BETWEEN ? AND ?", r)
    service_hours, consultations = _one(
        db,
        "SELECT total(hours), total(CASE WHEN service_type = '法律咨询' THEN persons END) "
        "FROM services WHERE date BETWEEN ? AND ?",
        r,
    )
    publicity_events, lectures = _one(
        db,
        "SELECT count(*), total(event_type = '法治讲座') FROM events WHERE date BETWEEN ? AND ?",
        r,
    )
    case_row = _one(
        db,
        """SELECT count(*), total(status = '调解成功'), total(advisor_id IS NOT NULL),
                  total(category = '劳资纠纷' AND status = '调解成功'), total(amount_recovered),
                  total(judicial_confirmation = 1), total(covid = 1)
           FROM cases WHERE received_date BETWEEN ? AND ?""",
        r,
    )
    petition_row = _one(
        db,
        """SELECT count(*), total(legal_service = 1), total(guided_legal = 1),
                  total(amount_recovered), total(covid = 1)
           FROM petitions WHERE registered_date BETWEEN ? AND ?""",
        r,
    )
    return {
        "communities": communities,
        "duty_shifts": duty_shifts,
        "service_hours": service_hours,
        "consultations": int(consultations),
        "lectures": int(lectures),
        "publicity_events": publicity_events,
        "mediation_cases": case_row[0],
        "mediation_success": int(case_row[1]),
        "advisor_mediations": int(case_row[2]),
        "labor_mediation_success": int(case_row[3]),
        "mediation_amount_recovered": case_row[4],
        "judicial_confirmations": int(case_row[5]),
        "petitions": petition_row[0],
        "petitions_legal_service": int(petition_row[1]),
        "petitions_guided_legal": int(petition_row[2]),
        "petition_amount_recovered": petition_row[3],
        "covid_disputes": int(case_row[6] + petition_row[4]),
    }


def grouped_counts(
    db: Database, table: str, column: str, date_column: str, year: int
) -> dict[str, int]:
    rows = db.execute(
        f"SELECT [{column}], count(*) FROM [{table}] WHERE [{date_column}] BETWEEN ? AND ? "
        f"AND [{column}] IS NOT NULL GROUP BY [{column}]",
        _year_range(year),
    )
    return {value: n for value, n in rows}


def community_names(db: Database) -> dict[str, str]:
    """id → name, in name order."""
    return {row[0]: row[1] for row in db.execute("SELECT id, name FROM communities ORDER BY name")}


def quota_activity(db: Database, start: dt.date, end: dt.date) -> dict[str, dict[str, dict]]:
    """Per community id: shifts per day, service hours per month, lectures per day and
    large publicity events per day, between start and end inclusive.

    Buckets are by day or month so the caller can map them onto ISO weeks and
    quarters with the domain's period rules.
    """
    r = (start.isoformat(), end.isoformat())
    out: dict[str, dict[str, dict]] = defaultdict(
        lambda: {"shifts": {}, "hours": {}, "lectures": {}, "publicity": {}}
    )
    for cid, day, n in db.execute(
        "SELECT community_id, date, count(*) FROM shifts WHERE date BETWEEN ? AND ? "
        "AND coalesce(status, '') != '缺勤' GROUP BY community_id, date",
        r,
    ):
        out[cid]["shifts"][day] = n
    for cid, month, hours in db.execute(
        "SELECT community_id, substr(date, 1, 7), total(hours) FROM services "
        "WHERE date BETWEEN ? AND ? GROUP BY community_id, substr(date, 1, 7)",
        r,
    ):
        out[cid]["hours"][month] = hours
    for cid, day, kind, n in db.execute(
        "SELECT community_id, date, event_type, count(*) FROM events WHERE date BETWEEN ? AND ? "
        "AND event_type IN ('法治讲座', '大型法治宣传') GROUP BY community_id, date, event_type",
        r,
    ):
        out[cid]["lectures" if kind == "法治讲座" else "publicity"][day] = n
    return out


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
