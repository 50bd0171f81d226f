"""The annual report's written sections (存在问题及形势研判, 重点工作计划), one row per year."""

from __future__ import annotations

from sqlite_utils import Database


def get(db: Database, year: int) -> dict | None:
    rows = list(db["report_texts"].rows_where("year = ?", [year], limit=1))
    return rows[0] if rows else None


def save(db: Database, year: int, problems: str | None, plans: str | None, updated_at: str) -> dict:
    """Insert or replace the year's texts (caller holds the write lock)."""
    row = {"year": year, "problems": problems, "plans": plans, "updated_at": updated_at}
    db["report_texts"].upsert(row, pk="year")
    return row


def years(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT year FROM report_texts ORDER BY year")]
