"""Format 2: a case's parties, records and visits travel as sheets of their own; a
format-1 workbook (the previous release's) still imports, its case ID and phone
columns becoming the case's parties."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import openpyxl

from lianhua_desk.domain.parse import make_id_number
from lianhua_desk.exchange.legacy import migrated_party_id
from lianhua_desk.services.exchange import export_workbook, import_workbook

from .helpers import snapshot, table_counts

FORMAT_1 = Path(__file__).resolve().parents[1] / "fixtures" / "exchange_format1.xlsx"
PARTS = ("parties", "case_records", "visits")


def _cells(path: Path, sheet: str) -> tuple[dict[str, int], list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()  # a read-only workbook keeps its file open until closed
    return {h: i for i, h in enumerate(rows[0])}, [r for r in rows[1:] if any(r)]


def _set(path: Path, sheet: str, row: int, header: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    column = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=column, value=value)
    wb.save(path)


def test_parties_records_and_visits_round_trip(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    exported = export_workbook(demo_ctx, path)
    for table, sheet in zip(PARTS, ("当事人", "调查调解记录", "回访记录"), strict=True):
        assert exported.counts[sheet] == demo_ctx.db[table].count > 0
    # A party names its case by number, not by an id.
    header, rows = _cells(path, "当事人")
    numbers = {r["case_no"] for r in demo_ctx.db["cases"].rows}
    assert {r[header["案件编号"]] for r in rows} <= numbers
    result = import_workbook(ctx, path)
    assert result.written and not result.errors, [str(p) for p in result.errors]
    theirs, ours = snapshot(demo_ctx), snapshot(ctx)
    for table in (*PARTS, "cases"):
        assert ours[table] == theirs[table], table
    # Twice: nothing changes, no case is touched by the names' refresh.
    counts = table_counts(ctx)
    again = import_workbook(ctx, path)
    assert again.totals()["unchanged"] == sum(counts[e] for e in snapshot(ctx))
    assert table_counts(ctx)["audit"] == counts["audit"]


def test_a_format_1_workbook_imports_with_its_parties(ctx):
    header, rows = _cells(FORMAT_1, "调解案件")
    assert "申请人证件号" in header and "当事人" not in openpyxl.load_workbook(FORMAT_1).sheetnames
    result = import_workbook(ctx, FORMAT_1)
    assert result.written and not result.errors, [str(p) for p in result.errors]
    assert not [w for w in result.warnings if "未知的列" in w.reason]  # the old columns are read
    sides = (("申请人", "申请人", "申请人证件号", "申请人电话"),)
    sides += (("被申请人", "被申请人", "被申请人证件号", "被申请人电话"),)
    n = 0
    for row in rows:
        case_id = row[header["记录ID"]]
        case = ctx.db["cases"].get(case_id)
        for role, name_h, id_h, phone_h in sides:
            name, id_no, phone = (row[header[h]] for h in (name_h, id_h, phone_h))
            found = list(ctx.db["parties"].rows_where("case_id = ? AND role = ?", [case_id, role]))
            if not (name or id_no or phone):
                assert not found
                continue
            n += 1
            (party,) = found
            # The same id the database migration (m006) gives the case's party.
            expected_id = uuid.uuid5(uuid.UUID(int=0x6C69616E687561), f"{case_id}/{role}")
            assert party["id"] == migrated_party_id(case_id, role) == str(expected_id)
            assert (party["name"], party["id_no"], party["phone"]) == (name, id_no, phone)
            assert party["updated_at"] == row[header["更新时间"]]
            if id_no:
                assert (party["party_type"], party["id_type"]) == ("自然人", "居民身份证")
                born = f"{id_no[6:10]}-{id_no[10:12]}-{id_no[12:14]}"
                assert party["birth_date"] == born
                assert party["gender"] == ("男" if int(id_no[16]) % 2 else "女")
            elif name.endswith("公司"):
                assert party["party_type"] == "法人或其他组织" and party["gender"] is None
            assert case[{"申请人": "applicant", "被申请人": "respondent"}[role]] == name
    assert n == ctx.db["parties"].count > len(rows)
    assert result.counts["当事人"]["inserted"] == n
    # Importing it again changes nothing: the parties are matched, not doubled.
    before = snapshot(ctx)
    again = import_workbook(ctx, FORMAT_1)
    assert not again.errors and again.counts["当事人"]["unchanged"] == n
    assert snapshot(ctx) == before


def test_a_format_1_workbook_merges_with_parties_migrated_or_entered(demo_ctx, ctx, tmp_path):
    """The street office registered the case's applicant itself (another id): the old
    workbook's side is matched to that party, not added beside it."""
    result = import_workbook(ctx, FORMAT_1)
    assert result.written
    header, rows = _cells(FORMAT_1, "调解案件")
    case_id = rows[0][header["记录ID"]]
    (party,) = ctx.db["parties"].rows_where("case_id = ? AND role = '申请人'", [case_id])
    other = str(uuid.uuid4())
    ctx.db.execute("UPDATE parties SET id = ? WHERE id = ?", [other, party["id"]])
    ctx.db.conn.commit()
    again = import_workbook(ctx, FORMAT_1)
    assert not again.errors and again.counts["当事人"].get("inserted", 0) == 0
    (kept,) = ctx.db["parties"].rows_where("case_id = ? AND role = '申请人'", [case_id])
    assert kept["id"] == other


def test_a_bad_old_column_is_reported_at_the_case_row(ctx, tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(FORMAT_1.read_bytes())
    header, rows = _cells(path, "调解案件")
    good = rows[2][header["申请人证件号"]]
    _set(path, "调解案件", 4, "申请人证件号", good[:17] + ("0" if good[17] != "0" else "1"))
    result = import_workbook(ctx, path)
    assert result.refused and ctx.db["cases"].count == ctx.db["parties"].count == 0
    (error,) = result.errors
    assert (error.sheet, error.row, error.column) == ("调解案件", 4, "申请人证件号")
    assert "校验位" in error.reason


def test_an_invalid_document_number_is_refused_and_nothing_written(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    header, rows = _cells(path, "当事人")
    at = next(
        i for i, r in enumerate(rows) if r[header["证件类型"]] == "居民身份证"
    )  # a person's resident ID
    good = rows[at][header["证件号码"]]
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    _set(path, "当事人", at + 2, "证件号码", bad)
    counts = table_counts(ctx)
    result = import_workbook(ctx, path)
    assert result.refused and not result.written
    assert table_counts(ctx) == counts  # nothing written
    (error,) = result.errors
    assert (error.sheet, error.row, error.column) == ("当事人", at + 2, "证件号码")
    assert "校验位" in error.reason
    assert str(error).startswith(f"工作表“当事人”第{at + 2}行「证件号码」")


def test_a_party_of_no_case_is_refused_clearly(demo_ctx, ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    _set(path, "当事人", 2, "案件编号", "莲调〔2099〕第1号")
    result = import_workbook(ctx, path)
    assert result.refused and ctx.db["parties"].count == 0
    (error,) = result.errors
    assert (error.sheet, error.row, error.column) == ("当事人", 2, "案件编号")
    assert (
        error.reason
        == "案件编号“莲调〔2099〕第1号”不存在（数据库和本工作簿的“调解案件”表中都没有）"
    )


def test_a_new_case_and_its_party_in_one_workbook(ctx, tmp_path):
    """A hand-filled template: the case and its parties arrive together; the party
    refers to the case by the number it has in the same workbook."""
    from .helpers import workbook

    person = make_id_number("440304", dt.date(1985, 6, 15), 123)
    path = workbook(
        tmp_path / "new.xlsx",
        {
            "社区": [["社区名称"], ["彩虹社区"]],
            "调解案件": [
                [
                    "案件编号",
                    "受理日期",
                    "社区",
                    "调解组织",
                    "纠纷类别",
                    "申请人",
                    "被申请人",
                    "状态",
                ],
                ["莲调〔2021〕第7号", "2021-01-05", "彩虹社区", "社区人民调解委员会", "邻里纠纷"]
                + ["张三", "某某物业管理处", "已受理"],
            ],
            "当事人": [
                ["案件编号", "身份", "当事人类型", "姓名或名称", "证件类型", "证件号码"],
                ["莲调〔2021〕第7号", "申请人", "自然人", "张三", "居民身份证", person],
                ["莲调〔2021〕第7号", "申请人", "自然人", "李四", None, None],
            ],
        },
    )
    result = import_workbook(ctx, path)
    assert result.written and not result.errors, [str(p) for p in result.errors]
    (case,) = ctx.db["cases"].rows
    # The parties win: two applicants; the respondent named on the case only gets a
    # party of its own (an organisation, by its name).
    assert case["applicant"] == "张三、李四" and case["respondent"] == "某某物业管理处"
    parties = {p["name"]: p for p in ctx.db["parties"].rows_where("case_id = ?", [case["id"]])}
    assert set(parties) == {"张三", "李四", "某某物业管理处"}
    assert parties["张三"]["birth_date"] == "1985-06-15" and parties["张三"]["gender"] == "男"
    assert parties["某某物业管理处"]["party_type"] == "法人或其他组织"


def test_the_parties_win_over_the_case_sheets_names(demo_ctx, tmp_path):
    ctx = demo_ctx
    path = tmp_path / "demo.xlsx"
    export_workbook(ctx, path)
    header, rows = _cells(path, "调解案件")
    case_id = rows[0][header["记录ID"]]
    names = rows[0][header["申请人"]]
    _set(path, "调解案件", 2, "申请人", "改过的名字")
    _set(path, "调解案件", 2, "案情摘要", "在表中修改")
    result = import_workbook(ctx, path)
    assert result.written and not result.errors
    case = ctx.db["cases"].get(case_id)
    assert case["summary"] == "在表中修改" and case["applicant"] == names


def test_a_deleted_case_takes_its_dossier_with_it_on_the_other_side(demo_ctx, ctx, tmp_path):
    from lianhua_desk.services import records

    first = tmp_path / "all.xlsx"
    export_workbook(demo_ctx, first)
    assert import_workbook(ctx, first).written
    (case_id,) = demo_ctx.db.execute(
        "SELECT case_id FROM visits WHERE case_id IN (SELECT case_id FROM case_records)"
        " AND case_id IN (SELECT case_id FROM parties)"
        # not a case a routed petition names: deleting that one asks first (unlink)
        " AND case_id NOT IN (SELECT c.id FROM cases c JOIN petitions p ON p.case_no = c.case_no)"
        " LIMIT 1"
    ).fetchone()
    records.delete(demo_ctx, "cases", case_id)
    second = tmp_path / "after.xlsx"
    export_workbook(demo_ctx, second, since="2021-01-01")
    result = import_workbook(ctx, second)
    assert result.written and not result.errors and not result.warnings
    assert ctx.db["cases"].count == demo_ctx.db["cases"].count
    for table in PARTS:
        assert not list(ctx.db[table].rows_where("case_id = ?", [case_id])), table
    assert snapshot(ctx) == snapshot(demo_ctx)
