"""Settings and holiday overrides kept in the database."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from ..domain.settings import Settings


def load_settings(db: Database) -> Settings:
    stored = {row["key"]: json.loads(row["value"]) for row in db["settings"].rows}
    return Settings.from_mapping(stored)


def save_settings(db: Database, values: dict) -> None:
    """Store the given keys (caller holds the write lock)."""
    known = Settings().as_dict()
    db["settings"].upsert_all(
        [
            {"key": k, "value": json.dumps(v, ensure_ascii=False)}
            for k, v in values.items()
            if k in known
        ],
        pk="key",
    )


def holiday_overrides(db: Database) -> dict[dt.date, tuple[str, str]]:
    return {
        dt.date.fromisoformat(r["date"]): (r["kind"], r["name"] or "")
        for r in db["holiday_overrides"].rows
    }


def save_holiday_override(db: Database, day: dt.date, kind: str, name: str) -> None:
    db["holiday_overrides"].upsert({"date": day.isoformat(), "kind": kind, "name": name}, pk="date")


def delete_holiday_override(db: Database, day: dt.date) -> bool:
    """Remove the override of `day`; False when there was none."""
    cursor = db.execute("DELETE FROM holiday_overrides WHERE date = ?", [day.isoformat()])
    return cursor.rowcount > 0
