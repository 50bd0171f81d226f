"""A real office suite edits an export as a clerk does (issue 11).

LibreOffice Calc runs headless with its own temporary profile (locale zh-CN, as on a
clerk's PC), started once for this module. It is driven through its Python-UNO bridge
by a small helper run with the system python, which has `uno` (the project's python
does not). The helper types into cells as the keyboard does: a cell whose format Calc
reports as 文本 "@" (for rows below the data: the column's format, as Calc loaded it
from the export) keeps the input as text; any other cell gets XCell.setFormula, Calc's
input interpretation (numbers, and dates by the API's en-US rules, so 2020/3/5 stays
text). The keyboard itself (.uno:EnterString) aborts soffice 7.4 headless in Debian 12's
nogui build, and setFormula alone ignores a text format, hence the rule written out.
The helper reports the format Calc found in each cell typed into. Talk goes over a
named pipe, not a socket.

Needs the Debian packages libreoffice-calc-nogui and python3-uno; skipped without them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from lianhua_desk.domain.parse import make_id_number
from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.services.exchange import export_workbook, import_workbook

from .helpers import snapshot, table_counts

SOFFICE = shutil.which("soffice") or "/usr/lib/libreoffice/program/soffice"
UNO_PYTHON = "/usr/bin/python3"  # Debian's python3-uno installs `uno` for the system python
XLSX_FILTER = "Calc MS Excel 2007 XML"
ODS_FILTER = "calc8"


def _uno_env() -> dict[str, str]:
    """The system python's own environment: nothing of pyenv's or the test run's."""
    keep = ("PATH", "HOME", "TMPDIR", "LANG")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.setdefault("LANG", "C.UTF-8")
    return env


def _missing() -> str | None:
    if sys.platform == "win32":  # Z:\usr\bin\python3 under Wine is not a Windows program
        return "drives LibreOffice through Debian's python3-uno: Linux only"
    if not Path(SOFFICE).exists():
        return "LibreOffice is not installed (Debian: libreoffice-calc-nogui)"
    if not Path(UNO_PYTHON).exists():
        return f"{UNO_PYTHON} not found (Debian: python3-uno)"
    probe = subprocess.run(
        [UNO_PYTHON, "-c", "import uno"], capture_output=True, env=_uno_env(), timeout=60
    )
    if probe.returncode != 0:
        return f"{UNO_PYTHON} cannot import uno (Debian: python3-uno)"
    return None


MISSING = _missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

# Run by /usr/bin/python3: argv = pipe name, job file. A job opens one workbook, types
# into cells, reads some back and saves copies; the answer is JSON on stdout.
HELPER = r"""
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

def pv(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, job = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.time() + 60
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
smgr = ctx.ServiceManager
desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
if job.get("terminate"):
    try:
        desktop.terminate()
    except Exception:
        pass
    sys.exit(0)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["open"]), "_blank", 0,
                                   (pv("Hidden", True),))
formats = doc.getNumberFormats()
answer = {"cells": {}, "formats": {}}
try:
    for sheet_name, address, text, general in job.get("type", []):
        sheet = doc.Sheets.getByName(sheet_name)
        cell = sheet.getCellRangeByName(address)
        if general:  # the cell's format replaced by General (a pasted format)
            cell.NumberFormat = 0
        shape = formats.getByKey(cell.NumberFormat).FormatString
        answer["formats"][f"{sheet_name}!{address}"] = shape
        if shape == "@":
            cell.setString(text)  # a text cell keeps what is typed as text
        else:
            cell.setFormula(text)  # interpreted as input: numbers, dates
    for sheet_name, address in job.get("read", []):
        cell = doc.Sheets.getByName(sheet_name).getCellRangeByName(address)
        answer["cells"][f"{sheet_name}!{address}"] = [cell.getType().value, cell.getString()]
    for path, filter_name in job.get("save", []):
        doc.storeToURL(uno.systemPathToFileUrl(path),
                       (pv("FilterName", filter_name), pv("Overwrite", True)))
finally:
    doc.close(True)
print(json.dumps(answer))
"""

# A zh-CN profile, as on a clerk's PC (the locale of the saved file's defaults).
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>zh-CN</value></prop></item>
</oor:items>
"""


def headless_calc(folder: Path, helper: str, pipe: str) -> Iterator[Callable[[dict], dict]]:
    """A headless LibreOffice listening on `pipe`, its profile in `folder`; yields
    run(job) → the answer of `helper` (a script for Debian's python3-uno), stopped after."""
    script = folder / "calc_helper.py"
    script.write_text(helper, encoding="utf-8")
    office = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as one below
    )
    jobs = iter(range(1_000_000))

    def run(job: dict) -> dict:
        job_file = folder / f"job{next(jobs)}.json"
        job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [UNO_PYTHON, str(script), pipe, str(job_file)],
            capture_output=True,
            encoding="utf-8",
            env=_uno_env(),
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}

    try:
        yield run
    finally:
        try:
            run({"terminate": True})
            office.wait(timeout=15)
        except Exception:
            pass
        if office.poll() is None:
            os.killpg(office.pid, signal.SIGTERM)
            office.wait(timeout=15)


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    """One headless Calc for the module; yields run(job) → the helper's answer."""
    folder = tmp_path_factory.mktemp("calc")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    yield from headless_calc(folder, HELPER, f"lianhua_test_{os.getpid()}")


def _layout(path: Path, sheet: str) -> tuple[dict[str, str], dict[str, int], int]:
    """(header → column letter, 记录ID → row, last row) of a sheet of our export."""
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    letters = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(header)}
    by_id, last = {}, 1
    for number, row in enumerate(rows, start=2):
        if any(v is not None for v in row):
            by_id[row[0]] = number
            last = number
    return letters, by_id, last


def test_a_clerk_edits_an_export_in_calc_and_imports_it(demo_ctx, calc, tmp_path):
    ctx = demo_ctx
    exported = export_workbook(ctx, tmp_path / "莲花街道.xlsx").path
    (case_id,) = ctx.db.execute(
        "SELECT id FROM cases WHERE status = '调解成功' AND closed_date < '2020-12-01' "
        "AND updated_at < '2021' ORDER BY case_no LIMIT 1"
    ).fetchone()
    case = ctx.db["cases"].get(case_id)
    closed = (dt.date.fromisoformat(case["closed_date"]) + dt.timedelta(days=3)).isoformat()
    col, rows, last = _layout(exported, "调解案件")
    pcol, _prows, plast = _layout(exported, "当事人")
    row = rows[case["id"]]
    typed_id = make_id_number("440304", dt.date(1979, 11, 2), 35)  # into the text column
    number_id = "440305196201031231"  # its float's digits pass the check digit
    new = {
        "案件编号": "莲调〔2021〕第88号",
        "受理日期": "2020/3/5",
        "社区": "彩田社区",
        "调解组织": "社区人民调解委员会",
        "纠纷类别": "邻里纠纷",
        "申请人": "赵六",
        "状态": "已受理",
    }
    party = {
        "案件编号": "莲调〔2021〕第88号",
        "身份": "申请人",
        "当事人类型": "自然人",
        "姓名或名称": "赵六",
        "联系电话": "13800138000",
        "证件类型": "居民身份证",
        "证件号码": typed_id,
    }
    sheet, psheet = "调解案件", "当事人"
    typing = [
        [
            sheet,
            f"{col['案情摘要']}{row}",
            "双方当事人达成协议，已履行完毕（在 Calc 中修改）",
            False,
        ],
        [sheet, f"{col['结案日期']}{row}", closed, False],
    ]
    typing += [[sheet, f"{col[h]}{last + 1}", text, False] for h, text in new.items()]
    second = {**new, "案件编号": "莲调〔2021〕第89号", "申请人": "钱七"}
    typing += [[sheet, f"{col[h]}{last + 2}", text, False] for h, text in second.items()]
    typing += [[psheet, f"{pcol[h]}{plast + 1}", text, False] for h, text in party.items()]
    second_party = {**party, "案件编号": "莲调〔2021〕第89号", "姓名或名称": "钱七"}
    second_party["证件号码"] = number_id
    typing += [
        [psheet, f"{pcol[h]}{plast + 2}", text, h == "证件号码"] for h, text in second_party.items()
    ]
    saved, ods = tmp_path / "改过.xlsx", tmp_path / "改过.ods"
    answer = calc(
        {
            "open": str(exported),
            "type": typing,
            "read": [
                [psheet, f"{pcol['证件号码']}{plast + 1}"],
                [psheet, f"{pcol['证件号码']}{plast + 2}"],
                [sheet, f"{col['受理日期']}{last + 1}"],
                [sheet, f"{col['结案日期']}{row}"],
            ],
            "save": [[str(saved), XLSX_FILTER], [str(ods), ODS_FILTER]],
        }
    )
    cells, formats = answer["cells"], answer["formats"]
    # Calc loaded the export's column formats: the cells below the data are text cells
    # for document numbers, phones and case numbers, dates for dates.
    assert formats[f"{sheet}!{col['案件编号']}{last + 1}"] == "@"
    for h in ("案件编号", "证件号码", "联系电话"):
        assert formats[f"{psheet}!{pcol[h]}{plast + 1}"] == "@", h
    assert formats[f"{sheet}!{col['受理日期']}{last + 1}"].upper() == "YYYY-MM-DD"
    assert formats[f"{sheet}!{col['申请人']}{last + 1}"] in ("General", "常规")  # zh-CN
    # In Calc itself: digits typed below the data stay text (the column's format), and
    # the same digits typed into a General cell became a 15-digit number.
    assert cells[f"{psheet}!{pcol['证件号码']}{plast + 1}"] == ["TEXT", typed_id]
    kind, shown = cells[f"{psheet}!{pcol['证件号码']}{plast + 2}"]
    assert kind == "VALUE" and shown != number_id
    assert cells[f"{sheet}!{col['受理日期']}{last + 1}"][1] == "2020/3/5"  # text: see above
    assert cells[f"{sheet}!{col['结案日期']}{row}"] == ["VALUE", closed]

    before, counts = snapshot(ctx), table_counts(ctx)
    refused = import_workbook(ctx, saved)
    assert refused.refused and table_counts(ctx) == counts
    result = import_workbook(ctx, saved, skip_invalid=True)
    (error,) = result.errors
    assert (error.sheet, error.row, error.column) == (psheet, plast + 2, "证件号码")
    assert "以数字形式输入，只保留了 15 位有效数字，原号码已无法还原" in error.reason
    assert "“文本”格式" in error.reason
    totals = result.totals()
    assert (totals["inserted"], totals["updated"], totals["errors"]) == (3, 1, 1), totals
    assert totals["conflicts"] == totals["skipped"] == totals["deleted"] == 0
    assert result.counts[sheet]["inserted"] == 2 and result.counts[sheet]["updated"] == 1
    assert result.counts[psheet]["inserted"] == 1
    notices = {w.column: w.reason for w in result.warnings}
    assert set(notices) == {f"记录数:{sheet}", f"记录数:{psheet}"}
    assert all("多出 2 行（手工添加？）" in reason for reason in notices.values())

    after = snapshot(ctx)
    edited = ctx.db["cases"].get(case["id"])
    assert edited["summary"] == "双方当事人达成协议，已履行完毕（在 Calc 中修改）"
    assert edited["closed_date"] == closed
    assert edited["updated_at"] == "2021-01-10 10:00:00"  # the import's time: it travels on
    (inserted,) = ctx.db["cases"].rows_where("case_no = ?", ["莲调〔2021〕第88号"])
    assert inserted["received_date"] == "2020-03-05" and inserted["applicant"] == "赵六"
    (applicant,) = ctx.db["parties"].rows_where("case_id = ?", [inserted["id"]])
    assert applicant["id_no"] == typed_id and applicant["phone"] == "13800138000"
    assert (applicant["birth_date"], applicant["gender"]) == ("1979-11-02", "男")
    # The other case came in (its row was good); its party's refused row did not, so
    # the case's named applicant became its party, without the number.
    (other,) = ctx.db["cases"].rows_where("case_no = ?", ["莲调〔2021〕第89号"])
    (named,) = ctx.db["parties"].rows_where("case_id = ?", [other["id"]])
    assert named["name"] == "钱七" and named["id_no"] is None
    # Nothing else changed: every other record exactly as before the round trip.
    for name in after:
        if name not in ("cases", "parties"):
            assert after[name] == before[name], name
    untouched = {case["id"], inserted["id"], other["id"]}
    assert [r for r in after["cases"] if r["id"] not in untouched] == [
        r for r in before["cases"] if r["id"] != case["id"]
    ]
    new_parties = {applicant["id"], named["id"]}
    assert [r for r in after["parties"] if r["id"] not in new_parties] == before["parties"]
    changed = {k for k, v in edited.items() if case[k] != v}
    assert changed == {"summary", "closed_date", "updated_at", "origin"}

    # The same edits saved as OpenDocument are named as such, not "no workbook".
    with pytest.raises(RefusedFile) as caught:
        import_workbook(ctx, ods)
    assert "OpenDocument 表格（.ods）" in str(caught.value)
