"""template / export / import through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys

import openpyxl
import pytest

from .helpers import workbook
from .test_exchange_clerk import careless_sheets


def run(*args, db):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "lianhua_desk", "--db", str(db), *map(str, args)]
    result = subprocess.run(cmd, capture_output=True, encoding="utf-8", env=env, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    """HOME, the XDG folders and the log folder in a temporary folder: the commands run
    here never touch the real user folder."""
    return user_folders


def empty_db(path):
    """An empty database (the window creates one so; the command line only refuses)."""
    from lianhua_desk.app import open_context

    open_context(path, daily_backup=False).db.close()
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-exchange")
    db = folder / "office.db"
    assert run("demo", db=db).returncode == 0
    out = folder / "office.xlsx"
    result = run("export", "--out", out, db=db)
    assert result.returncode == 0, result.stderr
    assert "已导出到" in result.stdout and "调解案件" in result.stdout
    return out


def test_import_prints_a_summary_per_sheet_and_twice_changes_nothing(exported, tmp_path):
    db = empty_db(tmp_path / "street.db")
    dry = run("import", exported, "--dry-run", db=db)
    assert dry.returncode == 0 and "试运行，未写入任何数据" in dry.stdout
    first = run("import", exported, db=db)
    assert first.returncode == 0, first.stderr
    assert "已写入" in first.stdout and "调解案件" in first.stdout and "新增" in first.stdout
    second = run("import", exported, db=db)
    assert second.returncode == 0
    total = [line for line in second.stdout.splitlines() if line.startswith("合计")][0].split()
    assert int(total[1]) == 0 and int(total[3]) > 1000  # nothing new, all unchanged
    assert "导入前已备份" in second.stdout  # a real import into a database with records


def test_a_bad_workbook_exits_1_with_chinese_messages_and_writes_nothing(tmp_path):
    db = empty_db(tmp_path / "street.db")
    bad = workbook(tmp_path / "bad.xlsx", careless_sheets())
    marked = tmp_path / "marked.xlsx"
    result = run("import", bad, "--errors", marked, db=db)
    assert result.returncode == 1
    assert "未写入任何数据" in result.stderr
    assert "工作表“调解案件”第4行「纠纷类别」" in result.stderr and "吵架" in result.stderr
    assert "缺少必填列「时长」" in result.stderr
    assert "申请人证件号" in result.stderr and "********" in result.stderr  # masked when printed
    assert openpyxl.load_workbook(marked).sheetnames[0] == "导入问题"
    check = run("stats", "--year", "2020", "--json", db=db)
    assert '"mediation_cases": 0' in check.stdout


def test_a_file_that_is_not_a_workbook_exits_1(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    result = run("import", path, db=empty_db(tmp_path / "db.db"))
    assert result.returncode == 1 and "无法导入“x.xlsx”" in result.stderr


def test_export_filters_and_template(exported, tmp_path):
    db = empty_db(tmp_path / "office.db")
    assert run("import", exported, db=db).returncode == 0
    result = run(
        "export",
        "--out",
        tmp_path / "one.xlsx",
        "--community",
        "彩田社区",
        "--since",
        "2020-10-01",
        "--mask",
        db=db,
    )
    assert result.returncode == 0 and "脱敏" in result.stdout, result.stderr
    unknown = run("export", "--out", tmp_path / "x.xlsx", "--community", "火星社区", db=db)
    assert unknown.returncode == 1 and "没有名为“火星社区”的社区" in unknown.stderr
    bad_date = run("export", "--out", tmp_path / "y.xlsx", "--since", "昨天", db=db)
    assert bad_date.returncode == 1 and "日期" in bad_date.stderr
    template = run("template", "--out", tmp_path / "blank.xlsx", db=db)
    assert template.returncode == 0 and (tmp_path / "blank.xlsx").exists()
    usage = run("import", db=db)
    assert usage.returncode == 2
