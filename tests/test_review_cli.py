"""`lianhua-desk review` end to end, through real subprocesses: JSON, text, the PDF
(read back with pdftotext / pdffonts) and the workbook (read back with openpyxl)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from openpyxl import load_workbook

from lianhua_desk.domain.review import RULE_SHORT, RULES, case_sort_key
from tests.conftest import run_cli
from tests.platforms import require_poppler

run = run_cli


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    return user_folders


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("review") / "demo.db"
    result = run("demo", db=db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def reviewed(demo_db):
    result = run("review", "--year", "2020", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr  # problems are findings, not errors
    return json.loads(result.stdout)


def no_traceback(result) -> bool:
    return "Traceback" not in result.stderr + result.stdout


def test_json_shape_and_order(reviewed):
    assert set(reviewed) == {"year", "cases", "petitions", "summary"}
    assert reviewed["year"] == 2020
    numbers = [c["case_no"] for c in reviewed["cases"]]
    assert numbers == sorted(numbers, key=case_sort_key) and len(numbers) > 100
    assert numbers[:3] == ["莲调〔2020〕第1号", "莲调〔2020〕第2号", "莲调〔2020〕第3号"]
    problems = [p for c in reviewed["cases"] for p in c["problems"]]
    assert problems and {p["rule"] for p in problems} <= set(RULES)
    for c in reviewed["cases"]:
        assert all(p["message"].startswith(c["case_no"] + "：") for p in c["problems"])
    summary = reviewed["summary"]
    assert summary["cases"] == len(numbers)
    assert summary["cases_with_problems"] == sum(1 for c in reviewed["cases"] if c["problems"])
    assert list(summary["by_rule"]) == list(RULES)
    assert sum(c["cases"] for c in summary["by_community"].values()) == len(numbers)


def test_text_summary_in_chinese(demo_db, reviewed):
    result = run("review", "--year", "2020", db=demo_db)
    assert result.returncode == 0 and no_traceback(result)
    summary = reviewed["summary"]
    assert f"评查案卷 {summary['cases']} 件，存在问题 {summary['cases_with_problems']} 件" in (
        result.stdout
    )
    first = next(c for c in reviewed["cases"] if c["problems"])["problems"][0]
    assert f"[{RULE_SHORT[first['rule']]}] {first['message']}" in result.stdout


def test_one_community(demo_db):
    result = run("review", "--year", "2020", "--community", "彩虹社区", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cases"] and {c["community"] for c in data["cases"]} == {"彩虹社区"}
    assert list(data["summary"]["by_community"]) == ["彩虹社区"]


def test_unknown_community_is_refused(demo_db):
    result = run("review", "--year", "2020", "--community", "梅林社区", db=demo_db)
    assert result.returncode == 1 and no_traceback(result)
    assert "没有名为“梅林社区”的社区" in result.stderr and result.stdout == ""


def test_usage_errors(demo_db, tmp_path):
    assert run("review", db=demo_db).returncode == 2  # --year is required
    both = run("review", "--year", "2020", "--json", "--out", str(tmp_path / "a.pdf"), db=demo_db)
    assert both.returncode == 2
    wrong = run("review", "--year", "2020", "--out", str(tmp_path / "a.docx"), db=demo_db)
    assert wrong.returncode == 1 and no_traceback(wrong) and not (tmp_path / "a.docx").exists()


def test_pdf(demo_db, reviewed, tmp_path):
    out = tmp_path / "评查.pdf"
    result = run("review", "--year", "2020", "--out", str(out), db=demo_db)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    require_poppler("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, encoding="utf-8"
    )
    flat = re.sub(r"\s+", "", text.stdout)
    assert "莲花街道2020年人民调解案卷评查表" in flat
    assert "表1分社区评查情况" in flat and "表2案卷问题清单" in flat
    summary = reviewed["summary"]
    assert f"评查案卷{summary['cases']}件，存在问题{summary['cases_with_problems']}件" in flat
    # The shortest message: one line in its cell (-layout interleaves a wrapped cell).
    case, message = min(
        ((c, p["message"].removeprefix(c["case_no"] + "：")) for c in reviewed["cases"]
         for p in c["problems"]),
        key=lambda found: len(found[1]),
    )  # fmt: skip
    assert case["case_no"] in flat
    assert re.sub(r"\s+", "", message) in flat
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, encoding="utf-8").stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded


def test_workbook(demo_db, reviewed, tmp_path):
    out = tmp_path / "评查.xlsx"
    result = run("review", "--year", "2020", "--out", str(out), db=demo_db)
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["分社区汇总", "案卷问题清单"]
    summary_sheet, problems_sheet = wb["分社区汇总"], wb["案卷问题清单"]
    head = [c.value for c in summary_sheet[3]]
    assert head == ["社区", "案卷数", "存在问题", *RULE_SHORT.values()]
    total = [c.value for c in summary_sheet[summary_sheet.max_row]]
    summary = reviewed["summary"]
    assert total[:3] == ["合计", summary["cases"], summary["cases_with_problems"]]
    assert total[3:] == [
        sum(1 for c in reviewed["cases"] if any(p["rule"] == rule for p in c["problems"]))
        for rule in RULES
    ]
    rows = list(problems_sheet.iter_rows(min_row=4, values_only=True))
    expected = sum(len(c["problems"]) for c in reviewed["cases"] + reviewed["petitions"])
    assert len(rows) == expected
    first = next(c for c in reviewed["cases"] if c["problems"])  # most cases are in order
    assert rows[0][0] == first["case_no"] and rows[0][1] == first["community"]
