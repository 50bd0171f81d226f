"""Merging rules: newer wins, older is skipped, both sides changed is a conflict,
tombstones delete, dry runs and --skip-invalid."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lianhua_desk.services import petitions, records
from lianhua_desk.services.exchange import export_workbook, import_workbook

from .helpers import at, edit_rows, problems_at, snapshot, table_counts, workbook


@pytest.fixture
def pair(demo_ctx, ctx, tmp_path):
    """Two offices that have exchanged once: demo_ctx exported, ctx imported."""
    path = tmp_path / "first.xlsx"
    export_workbook(demo_ctx, path)
    import_workbook(ctx, path)
    return demo_ctx, ctx


def a_case(ctx, offset=0):
    return ctx.db.execute(
        "SELECT id, case_no FROM cases ORDER BY case_no LIMIT 1 OFFSET ?", [offset]
    ).fetchone()


def history(ctx, record_id):
    return list(ctx.db["history"].rows_where("record_id = ?", [record_id], order_by="id"))


def test_a_newer_row_updates_and_keeps_the_old_version(pair, tmp_path):
    office, street = pair
    case_id, _ = a_case(office)
    at(office, dt.date(2021, 1, 11))
    records.update(office, "cases", case_id, {"mediator": "新调解员"})
    path = tmp_path / "second.xlsx"
    export_workbook(office, path)
    old = street.db["cases"].get(case_id)
    result = import_workbook(street, path)
    assert result.counts["调解案件"]["updated"] == 1 and not result.conflicts
    assert result.totals()["updated"] == 1
    new = street.db["cases"].get(case_id)
    assert new["mediator"] == "新调解员" and new["updated_at"] == "2021-01-11 10:00:00"
    assert new["synced_at"] == new["updated_at"]
    (kept,) = history(street, case_id)
    assert kept["reason"] == "superseded" and json.loads(kept["data"]) == old
    trail = records.store.audit_trail(street.db, "cases", case_id)
    assert trail[-1]["action"] == "import" and trail[-1]["before"]["mediator"] == old["mediator"]


def test_an_older_row_is_skipped_and_reported(pair, tmp_path):
    office, street = pair
    case_id, case_no = a_case(office)
    old_file = tmp_path / "old.xlsx"
    export_workbook(office, old_file)
    at(street, dt.date(2021, 1, 12))
    records.update(street, "cases", case_id, {"mediator": "街道改的"})
    result = import_workbook(street, old_file)
    assert result.counts["调解案件"]["skipped"] == 1 and not result.conflicts
    (notice,) = [p for p in result.warnings if p.sheet == "调解案件"]
    assert notice.column == "更新时间" and "旧版本" in notice.reason and notice.row >= 2
    assert street.db["cases"].get(case_id)["mediator"] == "街道改的"


def test_changes_on_both_sides_are_a_conflict_newer_wins_other_kept(pair, tmp_path):
    office, street = pair
    case_id, case_no = a_case(office)
    other_id, _ = a_case(office, 1)
    at(office, dt.date(2021, 1, 11))
    records.update(office, "cases", case_id, {"mediator": "社区版本"})
    records.update(office, "cases", other_id, {"mediator": "社区版本（较新）"})
    at(street, dt.date(2021, 1, 10), hour=15)
    records.update(street, "cases", other_id, {"mediator": "街道版本（较旧）"})
    at(street, dt.date(2021, 1, 12))
    records.update(street, "cases", case_id, {"mediator": "街道版本"})
    path = tmp_path / "both.xlsx"
    export_workbook(office, path)
    result = import_workbook(street, path)
    assert result.counts["调解案件"]["conflicts"] == 2
    by_id = {c.record_id: c for c in result.conflicts}
    # The street's change is newer: it stays, the office's version goes to history.
    assert by_id[case_id].winner == "本地" and by_id[case_id].label == case_no
    assert street.db["cases"].get(case_id)["mediator"] == "街道版本"
    (kept,) = history(street, case_id)
    assert kept["reason"] == "conflict" and json.loads(kept["data"])["mediator"] == "社区版本"
    # The office's change is newer: it wins, the street's version goes to history.
    assert by_id[other_id].winner == "导入"
    assert street.db["cases"].get(other_id)["mediator"] == "社区版本（较新）"
    (kept,) = history(street, other_id)
    assert json.loads(kept["data"])["mediator"] == "街道版本（较旧）"
    # Importing the same file again: nothing new, no second conflict.
    counts = table_counts(street)
    again = import_workbook(street, path)
    assert not again.conflicts and table_counts(street)["history"] == counts["history"]
    assert table_counts(street)["audit"] == counts["audit"]


def test_a_tombstone_deletes_unless_changed_after_the_deletion(pair, tmp_path):
    office, street = pair
    gone, kept = [
        r[0]
        for r in office.db.execute(
            "SELECT id FROM petitions WHERE case_no IS NULL ORDER BY petition_no LIMIT 2"
        )
    ]
    at(office, dt.date(2021, 1, 11))
    records.delete(office, "petitions", gone)
    records.delete(office, "petitions", kept)
    at(street, dt.date(2021, 1, 12))
    records.update(street, "petitions", kept, {"handling": "街道在删除之后又补充了情况"})
    path = tmp_path / "deleted.xlsx"
    export_workbook(office, path)
    before = street.db["petitions"].get(gone)
    result = import_workbook(street, path)
    assert result.counts["已删除"]["deleted"] == 1 and result.counts["已删除"]["skipped"] == 1
    assert street.db["petitions"].count == office.db["petitions"].count + 1
    assert not list(street.db["petitions"].rows_where("id = ?", [gone]))
    assert street.db["petitions"].get(kept)["handling"].startswith("街道在删除之后")
    (notice,) = problems_at(result, "已删除")
    assert "删除时间之后" in notice.reason and not notice.is_error
    (kept_version,) = history(street, gone)
    assert kept_version["reason"] == "deleted" and json.loads(kept_version["data"]) == before
    tomb = street.db["tombstones"].get(("petitions", gone))
    assert tomb["deleted_at"] == "2021-01-11 10:00:00"
    # The deleted record does not come back from the workbook exported before the delete.
    old = import_workbook(street, tmp_path / "first.xlsx")
    assert old.totals()["inserted"] == 0
    assert not list(street.db["petitions"].rows_where("id = ?", [gone]))


def test_an_older_workbook_does_not_resurrect_a_deleted_record(pair, tmp_path):
    office, street = pair
    first = tmp_path / "first.xlsx"  # the pair fixture's workbook, exported before the delete
    petition = next(iter(street.db["petitions"].rows_where("case_no IS NULL")))["id"]
    at(street, dt.date(2021, 1, 12))
    records.delete(street, "petitions", petition)
    result = import_workbook(street, first)
    assert result.counts["信访登记"]["skipped"] == 1
    assert not list(street.db["petitions"].rows_where("id = ?", [petition]))


def test_a_dry_run_reports_everything_and_writes_nothing(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    result = import_workbook(ctx, path, dry_run=True)
    assert result.dry_run and not result.written and result.import_id is None
    assert result.totals()["inserted"] == sum(table_counts(demo_ctx)[e] for e in snapshot(ctx))
    assert all(n == 0 for n in table_counts(ctx).values())


def test_skip_invalid_imports_the_valid_rows_only(demo_ctx, ctx, tmp_path):
    export_workbook(demo_ctx, tmp_path / "base.xlsx")
    import_workbook(ctx, tmp_path / "base.xlsx")
    header = ["案件编号", "受理日期", "社区", "调解组织", "纠纷类别", "申请人", "状态"]
    path = workbook(
        tmp_path / "two.xlsx",
        {
            "调解案件": [
                header,
                [
                    "莲调〔2021〕第901号",
                    "2021-01-05",
                    "彩田社区",
                    "社区人民调解委员会",
                    "邻里纠纷",
                    "张三",
                    "已受理",
                ],
                [
                    "莲调〔2021〕第902号",
                    "2021-02-30",
                    "彩田社区",
                    "社区人民调解委员会",
                    "邻里纠纷",
                    "李四",
                    "已受理",
                ],
            ]
        },
    )
    before = ctx.db["cases"].count
    refused = import_workbook(ctx, path)
    assert refused.refused and ctx.db["cases"].count == before
    result = import_workbook(ctx, path, skip_invalid=True)
    assert result.written and result.counts["调解案件"]["inserted"] == 1
    assert result.counts["调解案件"]["errors"] == 1
    assert ctx.db["cases"].count == before + 1
    (bad,) = result.errors
    assert (bad.sheet, bad.row, bad.column) == ("调解案件", 3, "受理日期")


def test_hand_rows_without_ids_match_by_natural_key_or_content(demo_ctx, ctx, tmp_path):
    """A clerk's workbook without 记录ID imported twice does not duplicate anything."""
    export_workbook(demo_ctx, tmp_path / "base.xlsx")
    import_workbook(ctx, tmp_path / "base.xlsx")
    advisor = next(iter(ctx.db["advisors"].rows))["name"]
    path = workbook(
        tmp_path / "hand.xlsx",
        {
            "服务台账": [
                ["社区", "法律顾问", "日期", "服务方式", "服务类型", "时长", "内容摘要"],
                ["彩田社区", advisor, "2021-01-06", "现场", "法律咨询", 2, "咨询劳动合同"],
            ],
            "值班安排": [
                ["社区", "法律顾问", "日期", "开始时间", "状态"],
                ["彩田社区", advisor, "2021-01-06", "14:00", "已到岗"],
            ],
        },
    )
    first = import_workbook(ctx, path)
    assert first.totals()["inserted"] == 2, first.problems
    before = snapshot(ctx)
    second = import_workbook(ctx, path)
    assert second.totals()["inserted"] == 0 and second.totals()["unchanged"] == 2
    assert snapshot(ctx) == before


def test_a_local_change_to_a_community_is_not_undone_by_an_older_copy(pair, tmp_path):
    """Community rows carry no 更新时间: a local edit wins, the other version is kept."""
    office, street = pair
    at(street, dt.date(2021, 1, 11))
    (rainbow,) = street.db["communities"].rows_where("name = '彩田社区'")
    records.update(street, "communities", rainbow["id"], {"note": "街道补充的备注"})
    at(office, dt.date(2021, 1, 12))
    path = tmp_path / "later.xlsx"
    export_workbook(office, path)  # exported after the street's edit, without it
    result = import_workbook(street, path)
    assert street.db["communities"].get(rainbow["id"])["note"] == "街道补充的备注"
    (conflict,) = result.conflicts
    assert conflict.sheet == "社区" and conflict.winner == "本地"
    assert history(street, rainbow["id"])[0]["reason"] == "conflict"


# --- hand edits in an exported workbook (issue 11) ------------------------------------------


def a_2020_case(ctx, offset=0):
    return ctx.db.execute(
        "SELECT * FROM cases WHERE updated_at < '2021' ORDER BY case_no LIMIT 1 OFFSET ?",
        [offset],
    ).fetchone()


def test_an_edit_made_in_the_workbook_is_imported_and_travels_on(demo_ctx, tmp_path):
    """Same 更新时间 as the local record, which has not changed since the export: the
    workbook's content wins and the record gets the import's time."""
    office = demo_ctx
    case_id = a_2020_case(office)[0]
    before = office.db["cases"].get(case_id)
    path = export_workbook(office, tmp_path / "out.xlsx").path
    edit_rows(path, "调解案件", {case_id: {"案情摘要": "工作簿中改写的摘要"}})
    at(office, dt.date(2021, 1, 15))
    result = import_workbook(office, path)
    assert not result.warnings and not result.conflicts, [str(p) for p in result.problems]
    assert result.counts["调解案件"]["updated"] == 1 and result.totals()["updated"] == 1
    after = office.db["cases"].get(case_id)
    assert after["summary"] == "工作簿中改写的摘要"
    assert after["updated_at"] == "2021-01-15 10:00:00"  # the import's time
    assert after["synced_at"] == before["updated_at"]  # not yet sent anywhere
    (kept,) = history(office, case_id)
    assert (
        kept["reason"] == "superseded" and json.loads(kept["data"])["summary"] == before["summary"]
    )
    # The same file again changes nothing; the next export carries the edit and its new stamp.
    again = import_workbook(office, path)
    assert again.totals()["updated"] == 0 and not again.problems
    path2 = export_workbook(office, tmp_path / "next.xlsx").path
    import openpyxl

    ws = openpyxl.load_workbook(path2)["调解案件"]
    header = [c.value for c in ws[1]]
    (row,) = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == case_id]
    assert row[header.index("案情摘要")] == "工作簿中改写的摘要"
    assert row[header.index("更新时间")] == "2021-01-15 10:00:00"


def test_an_edit_in_the_workbook_and_a_local_change_since_are_a_conflict(demo_ctx, tmp_path):
    office = demo_ctx
    case_id = a_2020_case(office)[0]
    path = export_workbook(office, tmp_path / "out.xlsx").path
    stamp = office.db["cases"].get(case_id)["updated_at"]
    at(office, dt.date(2021, 1, 12))
    records.update(office, "cases", case_id, {"mediator": "本地改的调解员"})
    edit_rows(path, "调解案件", {case_id: {"案情摘要": "工作簿中改写的摘要"}})
    at(office, dt.date(2021, 1, 15))
    result = import_workbook(office, path)
    assert result.counts["调解案件"]["conflicts"] == 1 and result.totals()["skipped"] == 0
    (conflict,) = result.conflicts
    assert conflict.record_id == case_id and conflict.winner == "本地"
    text = str(conflict)
    assert stamp in text and "2021-01-12 10:00:00" in text
    current = office.db["cases"].get(case_id)
    assert current["mediator"] == "本地改的调解员" and current["summary"] != "工作簿中改写的摘要"
    (kept,) = history(office, case_id)
    assert kept["reason"] == "conflict"
    assert json.loads(kept["data"])["summary"] == "工作簿中改写的摘要"
    # The same file again: no second conflict, nothing new kept.
    counts = table_counts(office)
    again = import_workbook(office, path)
    assert not again.conflicts and table_counts(office)["history"] == counts["history"]


def test_an_older_row_equal_to_a_known_version_is_skipped_as_older(demo_ctx, tmp_path):
    office = demo_ctx
    case_id = a_2020_case(office)[0]
    path = export_workbook(office, tmp_path / "old.xlsx").path
    stamp = office.db["cases"].get(case_id)["updated_at"]
    at(office, dt.date(2021, 1, 12))
    records.update(office, "cases", case_id, {"mediator": "第二版"})
    at(office, dt.date(2021, 1, 13))
    records.update(office, "cases", case_id, {"mediator": "第三版"})
    result = import_workbook(office, path)
    assert result.counts["调解案件"]["skipped"] == 1 and not result.conflicts
    (notice,) = problems_at(result, "调解案件")
    assert notice.column == "更新时间" and notice.value == stamp and not notice.is_error
    assert "旧版本" in notice.reason and stamp in notice.reason
    assert "2021-01-13 10:00:00" in notice.reason
    assert office.db["cases"].get(case_id)["mediator"] == "第三版"
    assert not history(office, case_id)


def test_an_older_row_that_equals_no_known_version_is_a_conflict(demo_ctx, tmp_path):
    office = demo_ctx
    case_id = a_2020_case(office)[0]
    path = export_workbook(office, tmp_path / "old.xlsx").path
    at(office, dt.date(2021, 1, 12))
    records.update(office, "cases", case_id, {"mediator": "第二版"})
    at(office, dt.date(2021, 1, 13))
    export_workbook(office, tmp_path / "later.xlsx")  # exchanged again since
    records.update(office, "cases", case_id, {"mediator": "第三版"})
    edit_rows(path, "调解案件", {case_id: {"结案日期": dt.date(2020, 12, 31)}})
    result = import_workbook(office, path)
    assert result.totals()["skipped"] == 0
    (conflict,) = result.conflicts
    assert conflict.winner == "本地" and "2021-01-13 10:00:00" in str(conflict)
    assert office.db["cases"].get(case_id)["mediator"] == "第三版"
    (kept,) = history(office, case_id)
    assert kept["reason"] == "conflict"
    assert json.loads(kept["data"])["closed_date"] == "2020-12-31"


def test_a_tombstone_does_not_delete_a_case_a_petition_still_names(pair, tmp_path):
    """The office deleted a case and unlinked its petition; the street's copy of the
    petition still names the case (the petition was not in this export): the case stays,
    with a notice, rather than leave a petition pointing at nothing (issue 10)."""
    office, street = pair
    petition_id = office.db.execute(
        "SELECT id FROM petitions WHERE status = '已登记' AND community_id IS NOT NULL"
        " ORDER BY petition_no LIMIT 1"
    ).fetchone()[0]
    at(office, dt.date(2021, 1, 11))
    case_no = petitions.route(office, petition_id, "人民调解", received_date="2021-01-11").record[
        "case_no"
    ]
    case_id = office.db.execute("SELECT id FROM cases WHERE case_no = ?", [case_no]).fetchone()[0]
    export_workbook(office, tmp_path / "linked.xlsx")
    import_workbook(street, tmp_path / "linked.xlsx")
    assert street.db["petitions"].get(petition_id)["case_no"] == case_no

    at(office, dt.date(2021, 1, 12))
    records.delete(office, "cases", case_id, unlink=True)
    assert office.db["petitions"].get(petition_id)["case_no"] is None
    path = tmp_path / "deleted-case.xlsx"
    export_workbook(office, path)
    # the street changed the petition since: the office's unlinked copy is a conflict
    at(street, dt.date(2021, 1, 13))
    records.update(street, "petitions", petition_id, {"handling": "街道补充了情况"})
    result = import_workbook(street, path)
    linked = street.db["petitions"].get(petition_id)["case_no"]
    if linked is not None:  # the petition still names the case: the case must stay
        assert street.db["cases"].get(case_id)["case_no"] == case_no
        notices = [p for p in problems_at(result, "已删除") if "关联" in p.reason]
        assert notices and not notices[0].is_error
    else:  # the petition was unlinked too: the case may go
        assert not list(street.db["cases"].rows_where("id = ?", [case_id]))
    dangling = street.db.execute(
        "SELECT count(*) FROM petitions p WHERE p.case_no IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM cases c WHERE c.case_no = p.case_no)"
    ).fetchone()[0]
    assert dangling == 0
