"""Export → import gives the same records and the same statistics; twice changes nothing."""

from __future__ import annotations

import json

import python_calamine

from lianhua_desk.domain.fields import ENTITIES
from lianhua_desk.exchange import format as fmt
from lianhua_desk.services import records, stats
from lianhua_desk.services.exchange import export_workbook, import_workbook

from .helpers import snapshot, table_counts


def test_round_trip_into_an_empty_database_is_exact(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    exported = export_workbook(demo_ctx, path)
    result = import_workbook(ctx, path)
    assert result.written and not result.errors and not result.conflicts
    assert result.totals()["inserted"] == sum(
        n for sheet, n in exported.counts.items() if sheet != fmt.DELETED_SHEET
    )
    assert snapshot(ctx) == snapshot(demo_ctx)
    for year in (2020, 2021):
        assert stats.year_stats(ctx, year) == stats.year_stats(demo_ctx, year)
    # Imported records were exchanged just now: synced_at = updated_at, origin names the import.
    case = next(iter(ctx.db["cases"].rows))
    assert case["synced_at"] == case["updated_at"]
    assert case["origin"] == f"import:{result.import_id}"


def test_every_change_leaves_one_audit_row_and_the_import_is_recorded(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    result = import_workbook(ctx, path)
    n_records = sum(ctx.db[e.name].count for e in ENTITIES)
    assert ctx.db["parties"].count and ctx.db["case_records"].count and ctx.db["visits"].count
    audit = list(ctx.db["audit"].rows)
    assert len(audit) == n_records
    assert {a["action"] for a in audit} == {"import"} and {a["operator"] for a in audit} == {
        "测试员"
    }
    (imported,) = ctx.db["imports"].rows
    assert imported["file_name"] == "demo.xlsx" and len(imported["sha256"]) == 64
    assert imported["source_unit"] == "莲花街道" and imported["id"] == result.import_id
    # The audit JSON holds the whole record, like every other write's audit row.
    case = next(iter(ctx.db["cases"].rows))
    trail = records.store.audit_trail(ctx.db, "cases", case["id"])
    assert trail[0]["after"] == case and trail[0]["before"] is None


def test_importing_the_same_file_twice_changes_nothing_the_second_time(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    import_workbook(ctx, path)
    before, counts = snapshot(ctx), table_counts(ctx)
    second = import_workbook(ctx, path)
    totals = second.totals()
    assert totals["unchanged"] == sum(counts[e] for e in snapshot(ctx)) and not second.warnings
    assert {k: v for k, v in totals.items() if k != "unchanged"} == dict.fromkeys(
        ("inserted", "updated", "skipped", "conflicts", "deleted", "errors"), 0
    )
    assert snapshot(ctx) == before
    after = table_counts(ctx)
    assert after["audit"] == counts["audit"] and after["history"] == counts["history"]
    assert after["imports"] == counts["imports"] + 1  # the import itself is logged


def test_export_marks_records_as_exchanged(demo_ctx, tmp_path):
    assert all(r["synced_at"] is None for r in demo_ctx.db["cases"].rows)
    export_workbook(demo_ctx, tmp_path / "a.xlsx")
    rows = list(demo_ctx.db["cases"].rows)
    assert rows and all(r["synced_at"] == r["updated_at"] for r in rows)


def test_export_sheets_headers_and_info(demo_ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    result = export_workbook(demo_ctx, path)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    names = book.sheet_names
    assert names[0] == fmt.INFO_SHEET and fmt.DELETED_SHEET in names
    for entity in records.ENTITIES:
        rows = book.get_sheet_by_name(entity.sheet).to_python()
        assert rows[0] == fmt.headers(entity)
        assert len(rows) - 1 == result.counts[entity.sheet] == demo_ctx.db[entity.name].count
    info = dict(tuple(r[:2]) for r in book.get_sheet_by_name(fmt.INFO_SHEET).to_python()[1:])
    assert info["格式版本"] == 2 and info["导出单位"] == "莲花街道"
    assert info["导出时间"] == "2021-01-10 10:00:00"
    assert info["记录数:调解案件"] == demo_ctx.db["cases"].count


def test_export_of_one_community_since_a_date_brings_what_its_rows_refer_to(demo_ctx, tmp_path):
    path = tmp_path / "one.xlsx"
    result = export_workbook(demo_ctx, path, community="彩田社区", since="2020-07-01")
    community_id = demo_ctx.db.execute(
        "SELECT id FROM communities WHERE name = '彩田社区'"
    ).fetchone()[0]
    # A case counts as changed when one of its parts did: its dossier travels whole.
    changed = " OR ".join(
        f"id IN (SELECT case_id FROM {t} WHERE updated_at >= '2020-07-01')"
        for t in ("parties", "case_records", "visits")
    )
    expected = demo_ctx.db.execute(
        f"SELECT id FROM cases WHERE community_id = ? AND (updated_at >= '2020-07-01' OR {changed})",
        [community_id],
    ).fetchall()
    assert 0 < result.counts["调解案件"] == len(expected) < demo_ctx.db["cases"].count
    ids = [i for (i,) in expected]
    for table, sheet in (
        ("parties", "当事人"),
        ("case_records", "调查调解记录"),
        ("visits", "回访记录"),
    ):
        (n,) = demo_ctx.db.execute(
            f"SELECT count(*) FROM {table} WHERE case_id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        ).fetchone()
        assert result.counts[sheet] == n
    assert result.counts["社区"] >= 1 and result.counts["法律顾问"] >= 1
    # The workbook stands on its own: it imports into an empty database without errors.
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    cases = book.get_sheet_by_name("调解案件").to_python()[1:]
    assert {row[3] for row in cases} == {"彩田社区"}


def test_masked_export_masks_personal_fields_and_cannot_be_imported(demo_ctx, ctx, tmp_path):
    path = tmp_path / "masked.xlsx"
    export_workbook(demo_ctx, path, mask=True)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("当事人").to_python()
    column = rows[0].index("证件号码")
    ids = [r[column] for r in rows[1:] if r[column]]
    assert ids and all("********" in v and len(v) == 18 for v in ids)
    phones = [r[rows[0].index("联系电话")] for r in rows[1:]]
    assert phones and all("****" in p for p in phones if p)
    addresses = [r[rows[0].index("住址或住所")] for r in rows[1:]]
    births = [r[rows[0].index("出生日期")] for r in rows[1:]]
    assert not any(addresses) and not any(births)  # other personal fields are left out
    # A masked copy is not an exchange: records are not marked as exchanged.
    assert all(r["synced_at"] is None for r in demo_ctx.db["cases"].rows)
    result = import_workbook(ctx, path)
    assert result.refused and ctx.db["cases"].count == 0
    assert any("脱敏" in p.reason for p in result.errors)


def test_sheets_read_ahead_come_back_whole_in_any_order(demo_ctx, tmp_path):
    """The next sheet is parsed on a second thread; taking them out of the announced
    order still gives every sheet exactly once, with the same cells as a plain read."""
    from lianhua_desk.exchange.reader import read_workbook

    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    keys = [e.sheet for e in ENTITIES]
    with read_workbook(path) as plain:
        expected = {k: plain.take(k).rows for k in keys}
    with read_workbook(path) as raw:
        raw.read_ahead(keys)
        got = {keys[-1]: raw.take(keys[-1]).rows}  # out of order first
        for key in keys[:-1]:
            got[key] = raw.take(key).rows
        assert raw.take(keys[0]) is None  # each sheet once
    assert got == expected
