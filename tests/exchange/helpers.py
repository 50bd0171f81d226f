"""Shared helpers for the exchange tests: snapshots of a database, workbook builders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from lianhua_desk.domain.fields import ENTITIES
from lianhua_desk.store.records import Actor
from tests.conftest import fixed_clock

ADMIN_TABLES = ("audit", "history", "tombstones", "imports")


def snapshot(ctx) -> dict[str, list[dict]]:
    """Every record, comparable across databases.

    Community ids are per database (workbooks key communities by name), so references
    to communities become names and a community is its name, code and note. The
    bookkeeping columns origin and synced_at differ by design and are left out."""
    community_names = {r["id"]: r["name"] for r in ctx.db["communities"].rows}
    out = {}
    for entity in ENTITIES:
        rows = []
        for row in ctx.db[entity.name].rows:
            row.pop("origin"), row.pop("synced_at")
            if entity.name == "communities":
                row.pop("id"), row.pop("updated_at")
            elif "community_id" in row:
                row["community_id"] = community_names.get(row["community_id"])
            rows.append(row)
        key = "name" if entity.name == "communities" else "id"
        out[entity.name] = sorted(rows, key=lambda r: r[key])
    return out


def table_counts(ctx) -> dict[str, int]:
    tables = [e.name for e in ENTITIES] + list(ADMIN_TABLES)
    return {t: ctx.db[t].count for t in tables}


def at(ctx, day: dt.date, hour: int = 10) -> None:
    """Move a context's clock: later changes carry later 更新时间."""
    ctx.actor = Actor(ctx.actor.operator, lambda: fixed_clock(day, hour))


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook as a person would make it in Excel (openpyxl, normal mode)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def problems_at(result, sheet: str, row: int | None = None) -> list:
    return [p for p in result.problems if p.sheet == sheet and (row is None or p.row == row)]


def edit_rows(path: Path, sheet: str, edits: dict[str, dict[str, object]]) -> Path:
    """Change cells of an exported workbook as a clerk would: rows found by 记录ID,
    cells by header; 更新时间 left as it is. `edits`: record id → {header: value}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = {cell.value: cell.column for cell in ws[1]}
    found = set()
    for row in ws.iter_rows(min_row=2):
        record_id = row[header["记录ID"] - 1].value
        if record_id in edits:
            found.add(record_id)
            for name, value in edits[record_id].items():
                ws.cell(row=row[0].row, column=header[name], value=value)
    assert found == set(edits), "rows not found in the workbook"
    wb.save(path)
    return path
