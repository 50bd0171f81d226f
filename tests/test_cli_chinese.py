"""Issue 10: the command line never creates a database by mistake, never shows a
traceback, refuses an --out whose suffix does not match, and speaks only Chinese.

Every command runs as a real process with HOME, the XDG folders and the log folder in
a temporary sandbox, so nothing touches the real user folder.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

CASE = "莲调〔2020〕第2号"


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    """HOME, XDG folders and the log folder in a temporary folder for this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QT_QPA_PLATFORM", "offscreen")
        mp.setenv("PYTHONIOENCODING", "utf-8")
        yield user_folders


def run(*args, db: Path | None = None, env: dict | None = None, **kwargs):
    command = [sys.executable, "-m", "lianhua_desk"]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=300,
        **kwargs,
    )


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def assert_clean(result) -> None:
    """No Python traceback, no English exception text."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text
    assert not re.search(r"\b[A-Z][A-Za-z]*(Error|Exception)\b", text), text


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


# --- a missing database is refused and nothing is created -------------------------------

NON_CREATING = {
    "stats": ["stats", "--year", "2020"],
    "stats-json": ["stats", "--year", "2020", "--json"],
    "check": ["check"],
    "backup": ["backup"],
    "backup-out": ["backup", "--out", "{work}/copy.db"],
    "export": ["export", "--out", "{work}/out.xlsx"],
    "import": ["import", "{work}/in.xlsx"],
    "import-dry-run": ["import", "{work}/in.xlsx", "--dry-run"],
    "report-annual": ["report", "annual", "--year", "2020", "--out", "{work}/a.pdf"],
    "report-roster": [
        "report",
        "roster",
        "--from",
        "2020-03-01",
        "--to",
        "2020-03-14",
        "--out",
        "{work}/r.pdf",
    ],
    "report-subsidy": ["report", "subsidy", "--month", "2020-03", "--out", "{work}/s.pdf"],
    "report-agreement": ["report", "agreement", CASE, "--out", "{work}/g.pdf"],
    "report-cover": ["report", "cover", CASE, "--out", "{work}/c.pdf"],
    "report-periodic": ["report", "periodic", "--month", "2020-03", "--out", "{work}/p.pdf"],
    "report-text": ["report", "text", "--year", "2020"],
    "holiday-list": ["holiday", "list", "--year", "2027"],
    "holiday-add": ["holiday", "add", "2027-01-01", "--kind", "放假", "--name", "元旦"],
    "holiday-remove": ["holiday", "remove", "2027-01-01"],
    "shots": ["shots", "--out", "{work}/shots"],
}


@pytest.fixture
def work(tmp_path) -> Path:
    """A folder holding one valid workbook to import; the command must add nothing."""
    folder = tmp_path / "work"
    folder.mkdir()
    openpyxl.Workbook().save(folder / "in.xlsx")
    return folder


@pytest.mark.parametrize("where", ["missing-folder", "existing-folder"])
@pytest.mark.parametrize("name", sorted(NON_CREATING))
def test_a_missing_database_is_refused_and_nothing_is_created(work, name, where):
    db = work / "nope" / "x.db" if where == "missing-folder" else work / "x.db"
    args = [a.replace("{work}", str(work)) for a in NON_CREATING[name]]
    before = listing(work)
    result = run(*args, db=db)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert f"数据库文件不存在：{db}" in result.stderr
    assert "LIANHUA_DB" in result.stderr and "lianhua-desk demo" in result.stderr
    assert_clean(result)
    assert listing(work) == before  # no file, no folder, no -wal/-shm, no backups


def test_a_missing_database_named_by_the_environment_is_refused(work, sandbox):
    db = work / "typo" / "x.db"
    before, home_before = listing(work), listing(sandbox)
    result = run("stats", "--year", "2020", env={"LIANHUA_DB": str(db)})
    assert result.returncode == 1 and f"数据库文件不存在：{db}" in result.stderr
    assert listing(work) == before
    # the default database (user data folder) is not created either
    default = run("stats", "--year", "2020")
    assert default.returncode == 1 and "数据库文件不存在" in default.stderr
    created = {p for p in listing(sandbox) - home_before if not p.startswith("logs")}
    assert created == set(), created


def test_a_folder_given_as_database_is_refused(work):
    result = run("stats", "--year", "2020", db=work)
    assert result.returncode == 1 and str(work) in result.stderr
    assert_clean(result)


def test_demo_still_creates_the_database_and_its_folder(tmp_path):
    db = tmp_path / "new" / "x.db"
    result = run("demo", db=db)
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert run("stats", "--year", "2020", db=db).returncode == 0


def test_template_needs_no_database_and_creates_none(work):
    db = work / "nope" / "x.db"
    out = work / "blank.xlsx"
    result = run("template", "--out", out, db=db)
    assert result.returncode == 0, result.stderr
    assert listing(work) - {"in.xlsx"} == {"blank.xlsx"}
    assert "调解案件" in openpyxl.load_workbook(out).sheetnames
    assert_clean(result)


# --- output paths -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--out", "{tmp}/missing/dir/x.xlsx"],
        ["template", "--out", "{tmp}/missing/x.xlsx"],
        ["report", "annual", "--year", "2020", "--out", "{tmp}/missing/a.pdf"],
        ["backup", "--out", "{tmp}/missing/b.db"],
        ["import", "{tmp}/in.xlsx", "--errors", "{tmp}/missing/e.xlsx"],
    ],
    ids=["export", "template", "report", "backup", "import-errors"],
)
def test_writing_into_a_missing_folder_exit_1_in_chinese(demo_db, tmp_path, args):
    openpyxl.Workbook().save(tmp_path / "in.xlsx")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run(*args, db=demo_db)
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "文件夹不存在" in result.stderr and str(tmp_path / "missing") in result.stderr
    assert "Error:" not in result.stderr
    assert_clean(result)
    assert not (tmp_path / "missing").exists()


def test_an_output_path_that_is_a_folder_is_refused(demo_db, tmp_path):
    folder = tmp_path / "x.xlsx"
    folder.mkdir()
    result = run("export", "--out", folder, db=demo_db)
    assert result.returncode == 1 and str(folder) in result.stderr
    assert "这是一个文件夹" in result.stderr and "directory" not in result.stderr
    assert_clean(result)


@pytest.mark.parametrize(
    ("args", "suffix"),
    [
        (["report", "annual", "--year", "2020", "--out", "{tmp}/x.odt"], ".pdf"),
        (
            ["report", "annual", "--year", "2020", "--format", "docx", "--out", "{tmp}/x.pdf"],
            ".docx",
        ),
        (
            [
                "report",
                "roster",
                "--from",
                "2020-03-01",
                "--to",
                "2020-03-07",
                "--out",
                "{tmp}/r.png",
            ],
            ".pdf",
        ),
        (["report", "subsidy", "--month", "2020-03", "--out", "{tmp}/s.xlsx"], ".pdf"),
        (["report", "agreement", CASE, "--out", "{tmp}/g"], ".pdf"),
        (["report", "cover", CASE, "--out", "{tmp}/c.doc"], ".pdf"),
        (["report", "periodic", "--month", "2020-03", "--out", "{tmp}/p.csv"], ".xlsx"),
        (["export", "--out", "{tmp}/e.csv"], ".xlsx"),
        (["template", "--out", "{tmp}/t.xls"], ".xlsx"),
        (["import", "{tmp}/in.xlsx", "--errors", "{tmp}/e.txt"], ".xlsx"),
        (["backup", "--out", "{tmp}/b.sqlite"], ".db"),
    ],
    ids=lambda v: v if isinstance(v, str) else "-".join(v[:2]),
)
def test_an_out_suffix_that_does_not_match_is_refused(demo_db, tmp_path, args, suffix):
    openpyxl.Workbook().save(tmp_path / "in.xlsx")
    before = listing(tmp_path)
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], db=demo_db)
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert suffix in result.stderr
    assert_clean(result)
    assert {p for p in listing(tmp_path) - before if not p.startswith("backups")} == set()


def test_the_suffix_check_ignores_case(demo_db, tmp_path):
    out = tmp_path / "S.PDF"
    result = run("report", "subsidy", "--month", "2020-03", "--out", out, db=demo_db)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


# --- every message in Chinese ------------------------------------------------------------------

ENGLISH = re.compile(
    r"usage:|options|positional arguments|\bargument|invalid|required|error|show this help"
    r"|expected|unrecognized|choose from|Traceback",
    re.IGNORECASE,
)
OPTION = re.compile(r"--[A-Za-z][\w-]*")  # option names are English by design


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["stats", "--year", "abc"], 2),
        (["demo", "--year", "1.5"], 2),
        (["stats"], 2),
        (["report", "annual", "--out", "a.pdf"], 2),
        (["no-such-command"], 2),
        (["stats", "--year", "2020", "--bogus"], 2),
        (["--bogus"], 2),
        (["shots", "--out", "x", "--language", "fr"], 2),
        (["holiday", "move"], 2),
        (["report", "nonsense"], 2),
        (["report"], 2),
        (["import"], 2),
        (["stats", "--year"], 2),
        (["report", "periodic", "--month", "2020-01", "--quarter", "2020-Q1", "--out", "p.pdf"], 2),
        (["--help"], 0),
        (["stats", "--help"], 0),
        (["import", "--help"], 0),
        (["report", "--help"], 0),
        (["report", "annual", "-h"], 0),
        (["holiday", "--help"], 0),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_usage_errors_and_help_are_chinese(args, code, tmp_path):
    result = run(*args, cwd=tmp_path)
    text = OPTION.sub("", result.stdout + result.stderr)
    assert result.returncode == code, text
    assert text.strip()
    assert not ENGLISH.search(text), text
    assert re.search(r"[\u4e00-\u9fff]", text)
    if code == 2:
        assert "用法错误" in result.stderr and "用法：" in result.stderr
    assert listing(tmp_path) == set()


def test_bad_int_names_the_type_in_chinese():
    result = run("stats", "--year", "abc")
    assert "整数" in result.stderr and "abc" in result.stderr


def test_every_argument_has_chinese_help():
    import argparse

    from lianhua_desk.cli import build_parser

    def walk(parser):
        for action in parser._actions:
            yield parser.prog, action
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    yield parser.prog, choice
                for sub in action.choices.values():
                    yield from walk(sub)

    seen = 0
    for prog, action in walk(build_parser()):
        seen += 1
        assert action.help, (prog, action.option_strings or action.dest)
        assert re.search(r"[\u4e00-\u9fff]", action.help), (prog, action.help)
    assert seen > 60


# --- operating-system errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words", "exit_code"),
    [
        (errno.ENOENT, "不存在", 1),
        (errno.EACCES, "没有权限", 1),
        (errno.EPERM, "没有权限", 1),
        (errno.EISDIR, "文件夹", 1),
        (errno.ENOTDIR, "不是文件夹", 1),
        (errno.EROFS, "只读", 1),
        (errno.ENOSPC, "磁盘空间已满", 3),
        (errno.EIO, "读写磁盘出错", 3),
    ],
)
def test_os_errors_become_chinese_sentences_by_errno(code, words, exit_code, tmp_path):
    from lianhua_desk.cli_messages import os_error_exit, os_error_message

    path = tmp_path / "x.xlsx"
    exc = OSError(code, "English text that must not be shown", str(path))
    message = os_error_message(exc, path, writing=True)
    assert message.startswith(f"无法写入 {path}：") and words in message
    assert "English" not in message
    assert os_error_exit(exc) == exit_code


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ are POSIX")
def test_a_full_disk_while_exporting_exit_3_without_traceback(demo_db, tmp_path):
    """A file-size limit makes writes fail like a full disk does (EFBIG, in the middle)."""
    out = tmp_path / "x.xlsx"
    # the day's backup taken first, without the limit: the limited run only exports
    assert run("stats", "--year", "2020", db=demo_db).returncode == 0
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))\n"
        "from lianhua_desk.cli import main\n"
        f"sys.exit(main(['--db', {str(demo_db)!r}, 'export', '--out', {str(out)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, encoding="utf-8", timeout=300
    )
    assert result.returncode == 3, result.stderr
    assert f"无法写入 {out}" in result.stderr
    assert_clean(result)
    assert not out.exists()


# --- unexpected exceptions ---------------------------------------------------------------------


@pytest.fixture
def broken_stats(monkeypatch, tmp_path):
    """cmd_stats replaced by a bug; logging into tmp_path/logs."""
    from lianhua_desk import cli

    def bug(args):
        raise ZeroDivisionError("division by zero in a bug")

    monkeypatch.setattr(cli, "cmd_stats", bug)
    monkeypatch.setenv("LIANHUA_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("LIANHUA_DEBUG", raising=False)
    yield tmp_path / "logs" / "lianhua.log"
    import logging

    root = logging.getLogger("lianhua_desk")
    for handler in list(root.handlers):
        if str(tmp_path) in str(getattr(handler, "baseFilename", "")):
            root.removeHandler(handler)
            handler.close()


def test_a_bug_is_logged_and_reported_in_one_chinese_line(broken_stats, demo_db, capsys):
    from lianhua_desk import cli

    assert cli.main(["--db", str(demo_db), "stats", "--year", "2020"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("程序内部错误：") and "division by zero in a bug" in err
    assert f"详细信息已写入日志 {broken_stats}" in err
    assert "Traceback" not in err
    logged = broken_stats.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError" in logged


def test_lianhua_debug_lets_a_bug_through(broken_stats, demo_db, monkeypatch):
    from lianhua_desk import cli

    monkeypatch.setenv("LIANHUA_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["--db", str(demo_db), "stats", "--year", "2020"])
