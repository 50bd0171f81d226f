"""What goes into cells: never a formula; drop-downs and formats; and the importer
never fails on whatever a cell holds (hypothesis)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from lianhua_desk.domain.fields import ENTITIES
from lianhua_desk.exchange import format as fmt
from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.services import records
from lianhua_desk.services.exchange import export_workbook, import_workbook, write_template
from tests.conftest import make_context

from .helpers import snapshot, workbook

RISKY = [
    "=1+1",
    '=HYPERLINK("http://x","点我")',
    "+86 138",
    "-5",
    "@SUM(A1:A2)",
    "#N/A",
    "=cmd|' /C calc'!A0",
    "#REF!",
    "=",
    "-",
    "+",
]


def test_no_exported_cell_is_a_formula_whatever_the_text(ctx, tmp_path):
    community = records.create(ctx, "communities", {"name": "彩虹社区", "note": RISKY[0]}).record
    advisor = records.create(
        ctx,
        "advisors",
        {"name": "=王伟", "firm": "@律所", "community_id": community["id"], "assistant": "#N/A"},
    ).record
    for i, text in enumerate(RISKY):
        records.create(
            ctx,
            "cases",
            {
                "case_no": f"#{i}",
                "received_date": "2020-03-05",
                "community_id": community["id"],
                "body": "社区人民调解委员会",
                "category": "其他",
                "applicant": text,
                "summary": text,
                "mediator": text,
                "advisor_id": advisor["id"],
            },
        )
    path = tmp_path / "risky.xlsx"
    export_workbook(ctx, path)
    wb = openpyxl.load_workbook(path)
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)
                checked += 1
    assert checked > 100
    applicant = get_column_letter(fmt.headers(ENTITIES[5]).index("申请人") + 1)
    values = {c.value for c in wb["调解案件"][applicant]}
    assert set(RISKY) <= values
    # Read back exactly, and imported elsewhere unchanged.
    other = make_context(tmp_path / "other.db")
    result = import_workbook(other, path)
    assert result.written and not result.errors, [str(p) for p in result.errors]
    assert snapshot(other) == snapshot(ctx)
    other.db.close()


def test_layout_formats_and_drop_downs(demo_ctx, tmp_path):
    path = tmp_path / "demo.xlsx"
    export_workbook(demo_ctx, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["调解案件"]
    assert ws.freeze_panes == "A2" and all(c.font.b for c in ws[1])
    assert ws.column_dimensions["A"].width > 30
    headers = [c.value for c in ws[1]]
    row = [c for c in ws[2]]
    received = row[headers.index("受理日期")]
    assert isinstance(received.value, dt.datetime) and received.number_format == "yyyy-mm-dd"
    amount = row[headers.index("争议金额")]
    assert isinstance(amount.value, (int, float)) and amount.number_format == fmt.MONEY_FORMAT
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    category = validations[f"{get_column_letter(headers.index('纠纷类别') + 1)}2"]
    assert category.type == "list" and "婚姻家庭" in category.formula1
    community = validations[f"{get_column_letter(headers.index('社区') + 1)}2"]
    assert community.formula1.startswith(f"'{fmt.LISTS_SHEET}'!$")
    lists = wb[fmt.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert "彩田社区" in [c.value for c in lists["A"]]
    shifts = wb["值班安排"]
    start = [c for c in shifts[2]][fmt.headers(ENTITIES[2]).index("开始时间")]
    assert isinstance(start.value, dt.time) and start.number_format == "hh:mm"


def test_template_is_blank_with_every_sheet_and_drop_down(demo_ctx, tmp_path):
    path = write_template(demo_ctx, tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == fmt.INFO_SHEET
    for entity in ENTITIES:
        ws = wb[entity.sheet]
        assert [c.value for c in ws[1]] == fmt.headers(entity) and ws.max_row == 1
    assert wb["调解案件"].data_validations.dataValidation
    # A blank template imports as nothing, without errors.
    result = import_workbook(demo_ctx, path, dry_run=True)
    assert not result.errors and result.totals()["inserted"] == 0


CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            "是",
            "√",
            "2020.3.5",
            "2020年3月5日",
            "1.5万",
            "-1",
            "=1+1",
            "彩虹社区",
            "王建国",
            "调解成功",
            "９：００",
            "13800138000",
            "4403041985061512",
            "0",
            "1e308",
            "nan",
            "25:00",
            "2020-02-30 25:61:61",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.times(),
)


def _write(path: Path, sheet: str, header: list[str], rows: list[list]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            cell = ws.cell(ws.max_row, column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # as typed text, never a formula
    wb.save(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entity=st.sampled_from(ENTITIES),
    rows=st.lists(st.lists(CELL, min_size=30, max_size=30), min_size=1, max_size=4),
)
def test_arbitrary_cells_never_raise(entity, rows):
    header = fmt.headers(entity)
    rows = [row[: len(header)] for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        ctx = make_context(Path(folder) / "h.db")
        try:
            records.create(ctx, "communities", {"name": "彩虹社区"})
            path = Path(folder) / "h.xlsx"
            _write(path, entity.sheet, header, rows)
            try:
                result = import_workbook(ctx, path, skip_invalid=True)
            except RefusedFile:
                return  # refused with a message: a clean outcome
            for problem in result.problems:
                assert problem.sheet and problem.reason
            assert result.written
        finally:
            ctx.db.close()


# --- numbers where text belongs (issue 11) -----------------------------------------------

CASE_HEADER = ["案件编号", "受理日期", "社区", "调解组织", "纠纷类别", "申请人", "状态"]


def case_row(case_no):
    return [case_no, "2021-01-05", "彩田社区", "社区人民调解委员会", "邻里纠纷", "张三", "已受理"]


def test_numbers_too_long_to_be_exact_are_refused_never_stored(demo_ctx, tmp_path):
    """An 18-digit ID typed as a number arrives with 15 significant digits. This one
    still passes the check digit once its float is written out (440305196201030976):
    it must be refused all the same, for its true reason."""
    ctx = demo_ctx
    typed = "440305196201031231"
    as_number = float(f"{float(typed):.15g}")  # what Excel, WPS and Calc keep
    header = [*CASE_HEADER, "申请人证件号", "申请人电话", "被申请人电话", "被申请人证件号"]
    rows = [
        [*case_row("莲调〔2021〕第901号"), as_number, 13800138000, None, None],
        [*case_row(2021902), None, None, None, None],  # a numeric case number: exact
        [*case_row(1.23456789012345e17), None, None, None, None],
        [*case_row("莲调〔2021〕第904号"), None, 75583123456, None, None],  # area code's 0 lost
        [*case_row("莲调〔2021〕第905号"), None, None, None, "4.40305E+17"],  # via a CSV
        [*case_row("莲调〔2021〕第906号"), None, None, 13900139000.0, None],
    ]
    path = workbook(tmp_path / "numbers.xlsx", {"调解案件": [header, *rows]})
    result = import_workbook(ctx, path, skip_invalid=True)
    by_row = {(p.row, p.column): p for p in result.errors}
    assert set(by_row) == {
        (2, "申请人证件号"),
        (4, "案件编号"),
        (5, "申请人电话"),
        (6, "被申请人证件号"),
    }
    for key in [(2, "申请人证件号"), (4, "案件编号")]:
        reason = by_row[key].reason
        assert "以数字形式输入，只保留了 15 位有效数字，原号码已无法还原" in reason
        assert "“文本”格式" in reason
    assert by_row[(2, "申请人证件号")].reason.startswith("身份证号")
    assert "科学计数法" in by_row[(6, "被申请人证件号")].reason
    assert "以数字形式输入" in by_row[(5, "申请人电话")].reason
    stored = {
        r["case_no"]: r
        for r in ctx.db["cases"].rows_where("case_no IN (?, ?)", ["2021902", "莲调〔2021〕第906号"])
    }
    assert set(stored) == {"2021902", "莲调〔2021〕第906号"}
    # A format-1 workbook's columns become the case's parties.
    (respondent,) = ctx.db["parties"].rows_where(
        "case_id = ? AND role = '被申请人'", [stored["莲调〔2021〕第906号"]["id"]]
    )
    assert respondent["phone"] == "13900139000" and respondent["name"] == "（未填写）"
    assert not list(ctx.db["parties"].rows_where("id_no LIKE '4403051962010%'"))
    assert result.counts["调解案件"]["inserted"] == 2


CODES = {"案件编号", "信访编号", "执业证号", "社区编码", "转入调解案件编号"}  # 当事人's too


def test_id_numbers_phones_and_codes_are_text_for_the_whole_column(demo_ctx, tmp_path):
    """Export and template: the column carries the text format, so a row typed below the
    data keeps its digits; the written cells are text cells too."""
    from lianhua_desk.domain.fields import Kind

    export = export_workbook(demo_ctx, tmp_path / "out.xlsx").path
    template = write_template(demo_ctx, tmp_path / "blank.xlsx")
    for path in (export, template):
        wb = openpyxl.load_workbook(path)
        for entity in ENTITIES:
            ws = wb[entity.sheet]
            for index, col in enumerate(fmt.columns(entity)):
                letter = get_column_letter(index + 1)
                f = col.field
                text = f is not None and (
                    f.kind in (Kind.ID_NUMBER, Kind.DOCUMENT_NO, Kind.PHONE) or f.label in CODES
                )
                assert (ws.column_dimensions[letter].number_format == "@") == text, (
                    entity.sheet,
                    col.header,
                )
                if text and ws.max_row > 1:
                    cells = [c for (c,) in ws[f"{letter}2:{letter}{ws.max_row}"] if c.value]
                    assert all(c.number_format == "@" and c.data_type == "s" for c in cells)


def test_reasons_never_quote_a_personal_number(ctx, tmp_path):
    """Problems print the value masked; the reason must not give it away (issue 10)."""
    from lianhua_desk.domain.parse import make_id_number

    good = make_id_number("440304", dt.date(1985, 6, 15), 123)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    no_such_day = "440304" + "19850230" + "1234"
    header = [*CASE_HEADER, "申请人证件号", "申请人电话", "被申请人证件号", "被申请人电话"]
    rows = [
        [*case_row("莲调〔2021〕第1号"), wrong_check, "1380013800", no_such_day, "0755-831234567"],
    ]
    path = workbook(tmp_path / "personal.xlsx", {"调解案件": [header, *rows]})
    result = import_workbook(ctx, path)
    personal = {p.column: p for p in result.errors if "证件号" in p.column or "电话" in p.column}
    assert set(personal) == {"申请人证件号", "申请人电话", "被申请人证件号", "被申请人电话"}
    for p in personal.values():
        digits = "".join(ch for ch in str(p.value) if ch.isdigit())
        assert digits and digits not in p.reason, p.reason
        assert "19850230" not in p.reason and "831234567" not in p.reason
    assert "校验位" in personal["申请人证件号"].reason
    assert "出生日期不存在" in personal["被申请人证件号"].reason
    assert personal["申请人电话"].reason.startswith("电话号码格式不正确")
