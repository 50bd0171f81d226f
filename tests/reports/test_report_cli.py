"""`lianhua-desk report …` run as a real process: exit codes, messages, files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lianhua_desk.reports import fonts

from .pdfcheck import assert_fonts_embedded, pdf_text


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "lianhua_desk"]
    if db is not None:
        command += ["--db", str(db)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [*command, *args], capture_output=True, encoding="utf-8", timeout=120, env=env
    )


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    """HOME, the XDG folders and the log folder in a temporary folder: the commands run
    here never touch the real user folder."""
    return user_folders


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


def test_annual_report_command(demo_db, tmp_path):
    out = tmp_path / "年度报告.pdf"
    result = run(
        "report", "annual", "--year", "2020", "--out", str(out), "--date", "2020-12-24", db=demo_db
    )
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    text = pdf_text(out)
    assert "2020年12月24日" in text and "一、主要举措" in text
    assert_fonts_embedded(out)


def test_missing_case_number_exits_1_in_chinese(demo_db, tmp_path):
    out = tmp_path / "a.pdf"
    result = run("report", "agreement", "莲调〔2020〕第9999号", "--out", str(out), db=demo_db)
    assert result.returncode == 1
    assert "未找到案件编号为“莲调〔2020〕第9999号”的调解案件" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report"], 2, "请指定报表类型"),
        (["report", "annual", "--out", "x.pdf"], 2, "用法错误"),
        (["report", "subsidy", "--month", "2020-3x", "--out", "{tmp}/s.pdf"], 1, "月份"),
        (
            [
                "report",
                "roster",
                "--from",
                "2020-03-01",
                "--to",
                "2020-03-31",
                "--community",
                "火星社区",
                "--out",
                "{tmp}/r.pdf",
            ],
            1,
            "没有名为“火星社区”的社区",
        ),
        (
            ["report", "annual", "--year", "2020", "--out", "{tmp}/no/such/dir/a.pdf"],
            1,
            "a.pdf：文件夹不存在",
        ),
        (
            ["report", "annual", "--year", "2020", "--format", "pdf", "--out", "{tmp}/a.docx"],
            1,
            "--format pdf 的输出文件须以 .pdf 结尾",
        ),
        (
            ["report", "annual", "--year", "2020", "--out", "{tmp}/a.txt"],
            1,
            "输出文件须以 .pdf 或 .docx 结尾",
        ),
        (["report", "periodic", "--quarter", "2020-Q9", "--out", "{tmp}/p.pdf"], 1, "统计期间"),
        (["report", "periodic", "--out", "{tmp}/p.pdf"], 2, "用法错误"),
        (
            ["report", "annual", "--year", "2020", "--date", "昨天", "--out", "{tmp}/a.pdf"],
            1,
            "落款日期",
        ),
    ],
)
def test_refusals(demo_db, tmp_path, args, code, message):
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], db=demo_db)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_every_report_kind_writes_an_embedded_font_pdf(demo_db, tmp_path):
    case_no = "莲调〔2020〕第2号"
    commands = {
        "roster.pdf": ["roster", "--from", "2020-03-01", "--to", "2020-03-14"],
        "subsidy.pdf": ["subsidy", "--month", "2020-03"],
        "agreement.pdf": ["agreement", case_no],
        "cover.pdf": ["cover", case_no],
        "dossier.pdf": ["dossier", case_no],
        "month.pdf": ["periodic", "--month", "2020-03"],
        "quarter.xlsx": ["periodic", "--quarter", "2020-Q1"],
    }
    for name, args in commands.items():
        out = tmp_path / name
        result = run("report", *args, "--out", str(out), db=demo_db)
        assert result.returncode == 0, (name, result.stderr)
        assert out.stat().st_size > 1000
        if name.endswith(".pdf"):
            assert_fonts_embedded(out)


def test_report_texts_from_files_reach_the_pdf(demo_db, tmp_path):
    problems = tmp_path / "problems.txt"
    problems.write_text("（一）事中、事后监管仍不完善。<b>注意</b>", encoding="utf-8")
    result = run("report", "text", "--year", "2020", "--problems", str(problems), db=demo_db)
    assert result.returncode == 0, result.stderr
    shown = run("report", "text", "--year", "2020", db=demo_db)
    assert "事中、事后监管仍不完善" in shown.stdout and "（未填写）" in shown.stdout
    out = tmp_path / "a.pdf"
    assert run("report", "annual", "--year", "2020", "--out", str(out), db=demo_db).returncode == 0
    text = pdf_text(out)
    assert "（一）事中、事后监管仍不完善。<b>注意</b>" in text
    assert text.count("【待填写】") == 1  # the plans are still to be written
    missing = run(
        "report", "text", "--year", "2020", "--plans", str(tmp_path / "no.txt"), db=demo_db
    )
    assert missing.returncode == 1 and "文件不存在" in missing.stderr


def test_report_text_blocks_and_the_word_copy(demo_db, tmp_path):
    words = tmp_path / "covid.txt"
    words.write_text("本年度排查涉疫矛盾纠纷{covid_disputes}。", encoding="utf-8")
    saved = run("report", "text", "--year", "2020", "--set", f"covid={words}", db=demo_db)
    assert saved.returncode == 0, saved.stderr
    shown = run("report", "text", "--year", "2020", db=demo_db)
    assert "[covid] 3、抓涉疫纠纷化解。（本年度已保存）" in shown.stdout
    assert "[organisation] 1、组织保障。（默认草稿）" in shown.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text("{no_such_figure}", encoding="utf-8")
    refused = run(
        "report", "text", "--year", "2020", "--block", "covid", "--text-file", str(bad), db=demo_db
    )
    assert refused.returncode == 1 and "{no_such_figure} 不是可用的统计项" in refused.stderr
    out = tmp_path / "报告.docx"
    made = run(
        "report", "annual", "--year", "2020", "--date", "2020-12-31", "--out", str(out), db=demo_db
    )
    assert made.returncode == 0, made.stderr
    import docx

    text = "".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "本年度排查涉疫矛盾纠纷" in text


def test_report_commands_do_not_import_qt(demo_db, tmp_path):
    code = (
        "import sys; from lianhua_desk import cli; "
        f"rc = cli.main(['--db', {str(demo_db)!r}, 'report', 'annual', '--year', '2020', "
        f"'--out', {str(tmp_path / 'a.pdf')!r}]); "
        "print(rc, any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, encoding="utf-8", timeout=120
    )
    assert result.stdout.strip().endswith("0 False"), result.stdout + result.stderr


def test_font_registration_is_idempotent_and_shipped():
    path = fonts.font_path()
    assert path.name == "wqy-microhei.ttc"
    assert "resources" in path.parts  # the copy shipped with the program, not the system's
    licence = path.parent / "wqy-microhei-LICENSE.txt"
    assert "Apache" in licence.read_text(encoding="utf-8")
    assert fonts.register() == fonts.register() == fonts.FONT
