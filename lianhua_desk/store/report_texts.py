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


# --- the text blocks of 一、主要举措 (report_blocks, m007) ---------------------------


def blocks(db: Database, year: int) -> dict[str, dict]:
    """Block key → {'year', 'key', 'text', 'seen', 'updated_at'} saved for `year`."""
    rows = db.execute(
        "SELECT year, key, text, seen, updated_at FROM report_blocks WHERE year = ?", [year]
    )
    names = ("year", "key", "text", "seen", "updated_at")
    return {row[1]: dict(zip(names, row, strict=True)) for row in rows}


def block(db: Database, year: int, key: str) -> dict | None:
    return blocks(db, year).get(key)


def save_block(db: Database, year: int, key: str, text: str | None, updated_at: str) -> dict:
    """Insert or replace the clerk's text of one block, keeping what was last seen
    (caller holds the write lock)."""
    before = block(db, year, key)
    row = {
        "year": year,
        "key": key,
        "text": text,
        "seen": before["seen"] if before else None,
        "updated_at": updated_at,
    }
    db["report_blocks"].upsert(row, pk=("year", "key"))
    return row


def save_seen(db: Database, year: int, seen: dict[str, str], updated_at: str) -> None:
    """Block key → the JSON of its figures' values as the clerk last saw them; a block
    without a row gets one with no text (caller holds the write lock)."""
    for key, value in seen.items():
        before = block(db, year, key)
        db["report_blocks"].upsert(
            {
                "year": year,
                "key": key,
                "text": before["text"] if before else None,
                "seen": value,
                "updated_at": before["updated_at"] if before else updated_at,
            },
            pk=("year", "key"),
        )
