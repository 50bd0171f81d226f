"""The SQL of 案卷评查: a year's mediation files, or the few cases a list shows,
set-based.

One query per table for the whole year (cases, their parties, their 调查/调解 records,
their return visits, the petitions routed to 人民调解), never one per case: a year of
a thousand cases loads in a few queries. "In year Y" is the case's received date and
the petition's registration date, as the statistics count them.

The window's 评查 column asks for the cases on screen only (`cases_files`): a year of
a city-scale database is 200,000 cases with 400,000 parties, about 1 GB as Python dicts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlite_utils import Database


@dataclass
class Files:
    """Cases (with their community's name as `community`) and their parts by case id."""

    cases: list[dict]
    parties: dict[str, list[dict]] = field(default_factory=dict)
    records: dict[str, list[dict]] = field(default_factory=dict)
    visits: dict[str, list[dict]] = field(default_factory=dict)
    petitions: list[dict] = field(default_factory=list)  # with `case_exists` 0/1


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _by_case(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        out[row["case_id"]].append(row)
    return dict(out)


CASES = (
    "SELECT c.*, m.name AS community FROM cases c "
    "LEFT JOIN communities m ON m.id = c.community_id WHERE {where}"
)
# The parts of the chosen cases: the same condition, applied through the case.
PARTS = (
    "SELECT t.* FROM [{table}] t JOIN cases c ON c.id = t.case_id WHERE {where} ORDER BY {order}"
)
PART_ORDER = {"parties": "t.rowid", "case_records": "t.date, t.rowid", "visits": "t.date, t.rowid"}


def _load(db: Database, where: str, params: list) -> Files:
    files = Files(_dicts(db.execute(CASES.format(where=where), params)))
    for table, order in PART_ORDER.items():
        rows = _dicts(db.execute(PARTS.format(table=table, where=where, order=order), params))
        setattr(files, {"case_records": "records"}.get(table, table), _by_case(rows))
    return files


def year_files(db: Database, year: int, community_id: str | None = None) -> Files:
    """The cases received in `year` (of one community if given), their parts, and the
    petitions registered in `year` that were routed to 人民调解."""
    where = "c.received_date BETWEEN ? AND ?"
    params: list = [f"{year}-01-01", f"{year}-12-31"]
    if community_id is not None:
        where += " AND c.community_id = ?"
        params.append(community_id)
    files = _load(db, where, params)
    petition_where = "p.route = '人民调解' AND p.registered_date BETWEEN ? AND ?"
    petition_params: list = [f"{year}-01-01", f"{year}-12-31"]
    if community_id is not None:
        petition_where += " AND p.community_id = ?"
        petition_params.append(community_id)
    files.petitions = _dicts(
        db.execute(
            "SELECT p.id, p.petition_no, p.route, p.case_no, m.name AS community, "
            "EXISTS (SELECT 1 FROM cases k WHERE k.case_no = p.case_no) AS case_exists "
            "FROM petitions p LEFT JOIN communities m ON m.id = p.community_id "
            f"WHERE {petition_where}",
            petition_params,
        )
    )
    return files


# Ids per query: well under SQLite's bound on host parameters (32,766; 999 before 3.32).
IDS_PER_QUERY = 500


def cases_files(db: Database, case_ids: list[str]) -> Files:
    """The cases of `case_ids` (those that exist) and their parts (no petitions): a
    few queries per IDS_PER_QUERY ids, whatever the size of their year."""
    ids = list(dict.fromkeys(case_ids))
    files = Files([])
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start : start + IDS_PER_QUERY]
        part = _load(db, f"c.id IN ({', '.join('?' * len(chunk))})", chunk)
        files.cases.extend(part.cases)
        files.parties.update(part.parties)
        files.records.update(part.records)
        files.visits.update(part.visits)
    return files


def community_id(db: Database, name: str) -> str | None:
    row = db.execute("SELECT id FROM communities WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def community_names(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM communities ORDER BY name")]
