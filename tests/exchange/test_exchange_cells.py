"""What goes into cells: never a formula; drop-downs and formats; and the importer
never fails on whatever a cell holds (hypothesis)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianhua_desk.domain.fields import ENTITIES
from lianhua_desk.exchange import format as fmt
from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.services import records
from lianhua_desk.services.exchange import export_workbook, import_workbook, write_template
from tests.conftest import make_context

from .helpers import snapshot

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
    applicant = fmt.column_letter(fmt.headers(ENTITIES[5]).index("申请人"))
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
    category = validations[f"{fmt.column_letter(headers.index('纠纷类别'))}2"]
    assert category.type == "list" and "婚姻家庭" in category.formula1
    community = validations[f"{fmt.column_letter(headers.index('社区'))}2"]
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
