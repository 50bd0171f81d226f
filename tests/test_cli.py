"""The command line end to end, through real subprocesses."""

import json
import os
import subprocess
import sys

import pytest

from lianhua_desk import __version__
from lianhua_desk.services.stats import STAT_KEYS
from tests.platforms import WINDOWS


def run(*args, db=None, env=None):
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    cmd = [sys.executable, "-m", "lianhua_desk"]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(
        cmd + list(args), capture_output=True, encoding="utf-8", env=full_env, timeout=120
    )


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    """HOME, the XDG folders and the log folder in a temporary folder: the commands run
    here never touch the real user folder."""
    return user_folders


def assert_no_traceback(result):
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", db=db)
    assert result.returncode == 0, result.stderr
    assert "已写入演示数据" in result.stdout
    return db


def test_version():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_stats_json_has_every_key_with_real_values(demo_db):
    result = run("stats", "--year", "2020", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert list(stats) == list(STAT_KEYS)
    assert stats["year"] == 2020 and stats["communities"] == 16
    nonzero = [k for k in STAT_KEYS if k not in ("year",) and stats[k]]
    assert len(nonzero) == len(STAT_KEYS) - 1, set(STAT_KEYS) - set(nonzero)
    text = run("stats", "--year", "2020", db=demo_db)
    assert "法律顾问参与调解" in text.stdout


def test_check_backup_restore_round_trip(demo_db, tmp_path):
    assert run("check", db=demo_db).returncode == 0
    out = tmp_path / "copy.db"
    result = run("backup", "--out", str(out), db=demo_db)
    assert result.returncode == 0 and out.exists()
    target = tmp_path / "target.db"
    assert run("demo", "--year", "2019", db=target).returncode == 0
    restored = run("restore", str(out), db=target)
    assert restored.returncode == 0, restored.stderr
    assert "另存为" in restored.stdout  # the replaced database was kept
    a = json.loads(run("stats", "--year", "2020", "--json", db=demo_db).stdout)
    b = json.loads(run("stats", "--year", "2020", "--json", db=target).stdout)
    assert a == b


def test_env_variable_selects_database(demo_db):
    result = run("stats", "--year", "2020", "--json", env={"LIANHUA_DB": str(demo_db)})
    assert json.loads(result.stdout)["communities"] == 16


def test_usage_error_exit_2_in_chinese():
    result = run("stats")
    assert result.returncode == 2 and "用法错误" in result.stderr
    assert_no_traceback(result)
    assert run("no-such-command").returncode == 2


def test_demo_refuses_a_database_with_data(demo_db):
    result = run("demo", db=demo_db)
    assert result.returncode == 1 and "已有数据" in result.stderr
    assert_no_traceback(result)


def test_restore_of_garbage_is_refused(tmp_path, demo_db):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello" * 1000)
    result = run("restore", str(junk), db=tmp_path / "t.db")
    assert result.returncode == 1 and "未通过检查" in result.stderr
    assert_no_traceback(result)
    missing = run("restore", str(tmp_path / "nope.db"), db=tmp_path / "t.db")
    assert missing.returncode == 1 and "不存在" in missing.stderr


def test_corrupt_database_exit_3(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    for args in (("stats", "--year", "2020"), ("check",)):
        result = run(*args, db=bad)
        assert result.returncode == 3, (args, result.stderr)
        assert_no_traceback(result)
        assert result.stderr.strip()


def test_non_gui_commands_do_not_import_qt(demo_db):
    code = (
        "import sys; from lianhua_desk.cli import main; "
        f"rc = main(['--db', {str(demo_db)!r}, 'stats', '--year', '2020', '--json']); "
        "assert rc == 0; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, encoding="utf-8", timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "带 空格 的 文件夹/莲花 数据.db",
        # Windows forbids " in a file name: there the folder keeps the ' and the &.
        "quote's & amp/x.db" if WINDOWS else 'quote\'s & "amp"/x.db',
        "-dash/x.db",
    ],
)
def test_odd_path_names(tmp_path, name):
    db = tmp_path / name
    db.parent.mkdir(parents=True, exist_ok=True)
    assert run("demo", "--year", "2020", db=db).returncode == 0
    assert run("check", db=db).returncode == 0
    out = db.parent / "备份 (1).db"
    assert run("backup", "--out", str(out), db=db).returncode == 0
    assert run("restore", str(out), db=db).returncode == 0


@pytest.mark.parametrize("command", [("demo",), ("stats", "--year", "2020")])
def test_a_command_closes_its_database_cleanly(tmp_path, command):
    """A clean close is stamped (<db>-closed), so the next start skips the full check."""
    from lianhua_desk.store.db import closed_cleanly

    db = tmp_path / "c.db"
    if command[0] != "demo":
        assert run("demo", db=db).returncode == 0
        (tmp_path / "c.db-closed").unlink()
    result = run(*command, db=db)
    assert result.returncode == 0, result.stderr
    assert closed_cleanly(db)


def test_holiday_adjustments_from_the_command_line(tmp_path):
    db = tmp_path / "h.db"
    refused = run("holiday", "add", "2027-02-07", "--kind", "上班", db=db)
    assert refused.returncode == 1 and "数据库文件不存在" in refused.stderr
    assert not db.exists()
    from lianhua_desk.app import open_context

    open_context(db, daily_backup=False).db.close()  # as the window creates one
    added = run("holiday", "add", "2027-02-07", "--kind", "上班", "--name", "春节调休", db=db)
    assert added.returncode == 0, added.stderr
    listed = run("holiday", "list", "--year", "2027", db=db)
    assert "2027-02-07  星期日  调休上班  春节调休" in listed.stdout
    assert run("holiday", "remove", "2027-02-07", db=db).returncode == 0
    again = run("holiday", "remove", "2027-02-07", db=db)
    assert again.returncode == 1 and "没有手工录入的调整" in again.stderr
    bad = run("holiday", "add", "2027-02-30", "--kind", "放假", db=db)
    assert bad.returncode == 1 and "日期不存在" in bad.stderr
    assert run("holiday", "add", db=db).returncode == 2
    for result in (added, listed, again, bad):
        assert_no_traceback(result)
