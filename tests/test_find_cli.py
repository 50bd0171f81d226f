"""`lianhua-desk find` end to end, through real subprocesses (issue 15): the window's
search and sort from the command line: pinyin order, pinyin and initials search, the
table and the JSON, refused input."""

from __future__ import annotations

import json

import pytest

from lianhua_desk.app import open_context
from lianhua_desk.services import records
from tests.conftest import run_cli

run = run_cli


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    return user_folders


PEOPLE = [("王小明", 1200.5), ("万达", None), ("汪晓敏", 30000), ("曾国藩", None), ("陈晨", 5)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("find") / "find.db"
    ctx = open_context(path, daily_backup=False)
    try:
        community = records.create(ctx, "communities", {"name": "彩虹社区"}).record["id"]
        for i, (name, amount) in enumerate(PEOPLE):
            records.create(
                ctx,
                "petitions",
                {
                    "petition_no": f"莲访〔2020〕第{i + 1}号",
                    "registered_date": f"2020-03-0{i + 1}",
                    "channel": "来访",
                    "petitioner": name,
                    "id_no": "11010519491231002X",
                    "community_id": community,
                    "subject": "反映拖欠工资",
                    "amount_recovered": amount,
                },
            )
    finally:
        ctx.db.close()
    return path


def no_traceback(result) -> bool:
    return "Traceback" not in result.stderr + result.stdout


def test_json_sorted_by_pinyin_with_references_by_name(db):
    result = run("find", "petitions", "", "--sort", "petitioner", "--json", db=db)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [r["petitioner"] for r in found] == ["陈晨", "万达", "汪晓敏", "王小明", "曾国藩"]
    first = found[0]
    assert first["community_id"] == "彩虹社区"  # a reference by its name
    assert first["id_no"] != "11010519491231002X" and first["id_no"].startswith("1101")  # masked
    assert first["amount_recovered"] == 5 and first["status"] == "已登记"
    assert all(k.isascii() for k in first)


def test_sort_by_chinese_label_descending_and_limit(db):
    result = run(
        "find", "petitions", "", "--sort", "信访人", "--desc", "--limit", "2", "--json", db=db
    )
    assert result.returncode == 0, result.stderr
    assert [r["petitioner"] for r in json.loads(result.stdout)] == ["曾国藩", "王小明"]


def test_search_by_initials_and_full_pinyin(db):
    result = run("find", "petitions", "wxm", "--sort", "petitioner", "--json", db=db)
    assert [r["petitioner"] for r in json.loads(result.stdout)] == ["汪晓敏", "王小明"]
    result = run("find", "petitions", "wangxiaoming", "--json", db=db)
    assert [r["petitioner"] for r in json.loads(result.stdout)] == ["王小明"]


def test_the_table_in_chinese(db):
    result = run("find", "petitions", "wxm", "--sort", "登记日期", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "信访登记：“wxm”共 2 条"
    header = lines[1].split()
    assert header[:4] == ["信访编号", "登记日期", "来源渠道", "信访人"]
    assert "事项摘要" not in header  # long text is left out of the table
    assert "王小明" in lines[2] and "1,200.50" in lines[2] and "彩虹社区" in lines[2]
    assert "汪晓敏" in lines[3] and "30,000.00" in lines[3]
    assert "11010519491231002X" not in result.stdout


def test_unknown_field_is_refused_in_chinese(db):
    result = run("find", "petitions", "王", "--sort", "身高", db=db)
    assert result.returncode == 1 and no_traceback(result)
    assert "没有“身高”这一列" in result.stderr and "信访人（petitioner）" in result.stderr


def test_unknown_entity_is_a_usage_error(db):
    result = run("find", "parties", "王", db=db)
    assert result.returncode == 2 and no_traceback(result)
    result = run("find", "cases", "王", "--limit", "0", db=db)
    assert result.returncode == 1 and "--limit" in result.stderr
