"""Output a script or a scheduled task can capture, on any code page, and a windowed exe
with no streams at all (lianhua_desk/streams.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lianhua_desk import cli
from lianhua_desk.store import schema

FIXTURES = Path(__file__).parent / "fixtures"


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "数据.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    return path


def _run_on_code_page(code_page: str, *args: str) -> subprocess.CompletedProcess:
    """The command with its output redirected, its streams in `code_page`: how Windows
    hands a pipe or a file to a program on a Western (cp1252) PC."""
    env = {**os.environ, "PYTHONIOENCODING": code_page}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "lianhua_desk", *args], capture_output=True, env=env, timeout=120
    )


@pytest.mark.usefixtures("user_folders")
def test_chinese_output_survives_a_western_code_page(tmp_path):
    db = _database(tmp_path)
    done = _run_on_code_page("cp1252", "--db", str(db), "stats", "--year", "2020")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "年" in done.stdout.decode("utf-8")  # written as UTF-8, not refused


@pytest.mark.usefixtures("user_folders")
def test_a_chinese_refusal_survives_a_western_code_page(tmp_path):
    done = _run_on_code_page("cp1252", "--db", str(tmp_path / "无.db"), "stats", "--year", "2020")
    assert done.returncode == 1  # refused: the database is missing, not a crash (exit 3)
    assert "数据库" in done.stderr.decode("utf-8")


@pytest.mark.usefixtures("user_folders")
def test_the_windowed_exe_without_streams_runs_a_command(tmp_path, monkeypatch):
    """console=False: sys.stdout and sys.stderr are None. A command still runs and
    its work is done, its messages go nowhere."""
    db = _database(tmp_path)
    out = tmp_path / "导出.xlsx"
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    code = cli.main(["--db", str(db), "export", "--out", str(out)])
    monkeypatch.undo()
    assert code == 0
    assert out.is_file()


@pytest.mark.usefixtures("user_folders")
def test_the_windowed_exe_without_streams_refuses_quietly(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    code = cli.main(["--db", str(tmp_path / "无.db"), "stats", "--year", "2020"])
    monkeypatch.undo()
    assert code == 1
