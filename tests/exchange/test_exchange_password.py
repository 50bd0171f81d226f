"""Exchange workbooks with an opening password (issue 17): the export is an encrypted
Office file holding no readable personal number; it imports back only with its
password; the annotated copy of an encrypted import is encrypted too."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest

from lianhua_desk.exchange import protect
from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.services.exchange import export_workbook, import_workbook
from tests.platforms import WINDOWS

from .helpers import edit_rows, snapshot, table_counts

PASSWORD = "莲花2020交换"


def decrypted(path, password=PASSWORD) -> openpyxl.Workbook:
    out = io.BytesIO()
    with open(path, "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password=password, verify_password=True)
        office.decrypt(out)
    return openpyxl.load_workbook(out)


def id_numbers(ctx) -> list[str]:
    return [r["id_no"] for r in ctx.db["parties"].rows if r["id_no"]]


@pytest.fixture
def encrypted(demo_ctx, tmp_path):
    path = tmp_path / "加密交换表.xlsx"
    export_workbook(demo_ctx, path, password=PASSWORD)
    return path


def test_export_with_a_password_is_an_encrypted_office_file(demo_ctx, encrypted, tmp_path):
    data = encrypted.read_bytes()
    assert not data.startswith(b"PK") and data.startswith(protect.OLE_MAGIC)
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    assert office.is_encrypted() and office.type == "agile"
    # No personal number readable anywhere in the file (as text in any encoding).
    numbers = id_numbers(demo_ctx)
    assert len(numbers) > 100
    for number in numbers:
        for encoding in ("ascii", "utf-16-le"):
            assert number.encode(encoding) not in data
    # The same export without a password does hold them (the scan can fail).
    plain = tmp_path / "plain.xlsx"
    export_workbook(demo_ctx, plain)
    ws = openpyxl.load_workbook(plain)["当事人"]
    assert any(numbers[0] == c.value for row in ws.iter_rows() for c in row)
    # And the encrypted one holds the same cells once decrypted with the password.
    wb = decrypted(encrypted)
    assert [[c.value for c in row] for row in wb["当事人"].iter_rows()] == [
        [c.value for c in row] for row in ws.iter_rows()
    ]
    assert not list(encrypted.parent.glob(".*.part"))  # no temporary file left behind


@pytest.mark.skipif(WINDOWS, reason="POSIX file modes")
def test_encrypted_export_is_owner_only(encrypted):
    assert encrypted.stat().st_mode & 0o777 == 0o600


def test_encrypted_export_imports_back_with_its_password(demo_ctx, ctx, encrypted):
    result = import_workbook(ctx, encrypted, password=PASSWORD)
    assert result.written and not result.errors and not result.conflicts
    assert snapshot(ctx) == snapshot(demo_ctx)
    (imported,) = ctx.db["imports"].rows
    assert imported["file_name"] == encrypted.name


@pytest.mark.parametrize(
    ("password", "refusal", "words"),
    [
        (None, protect.PasswordNeeded, "设有打开密码"),
        ("错误密码123", protect.WrongPassword, "密码不正确"),
    ],
)
def test_encrypted_import_without_the_right_password_is_refused(
    ctx, encrypted, password, refusal, words
):
    before = table_counts(ctx)
    with pytest.raises(refusal) as caught:
        import_workbook(ctx, encrypted, password=password)
    assert isinstance(caught.value, RefusedFile)
    message = str(caught.value)
    assert words in message and encrypted.name in message
    assert table_counts(ctx) == before  # nothing written, not even the import's log


def test_a_plain_workbook_imports_whether_or_not_a_password_is_given(demo_ctx, ctx, tmp_path):
    # A colleague may open the encrypted file and save it back without the password.
    path = tmp_path / "plain.xlsx"
    export_workbook(demo_ctx, path)
    result = import_workbook(ctx, path, password="无关的密码")
    assert result.written and snapshot(ctx) == snapshot(demo_ctx)


def test_an_empty_password_is_refused_not_ignored(demo_ctx, tmp_path):
    path = tmp_path / "x.xlsx"
    with pytest.raises(Exception, match="密码不能为空"):
        export_workbook(demo_ctx, path, password="")
    assert not path.exists()


def test_the_annotated_copy_of_an_encrypted_import_is_encrypted(demo_ctx, ctx, tmp_path):
    # An exported workbook, a clerk's mistake in it, then encrypted as our export is.
    plain = tmp_path / "plain.xlsx"
    export_workbook(demo_ctx, plain)
    party = next(iter(demo_ctx.db["parties"].rows))
    edit_rows(plain, "当事人", {party["id"]: {"证件号码": "12345"}})
    source = protect.write_encrypted(plain.read_bytes(), PASSWORD, tmp_path / "bad.xlsx")
    errors = tmp_path / "标注.xlsx"
    temp_before = set(Path(tempfile.gettempdir()).glob("lianhua-*"))
    result = import_workbook(ctx, source, password=PASSWORD, dry_run=True, errors_out=errors)
    assert result.errors and result.errors_workbook == errors
    assert errors.read_bytes().startswith(protect.OLE_MAGIC)
    assert party["id_no"].encode() not in errors.read_bytes()
    wb = decrypted(errors)
    assert "导入问题" in wb.sheetnames
    # Nothing decrypted is left beside the output or in the temporary folder.
    leftovers = {
        p.name for p in tmp_path.iterdir() if not p.name.startswith(("demo.db", "test.db"))
    }
    assert leftovers == {"plain.xlsx", "bad.xlsx", "标注.xlsx"}
    assert set(Path(tempfile.gettempdir()).glob("lianhua-*")) <= temp_before


def test_a_damaged_encrypted_file_is_refused_in_chinese(ctx, encrypted):
    data = bytearray(encrypted.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = bytes(4096)  # part of the encrypted package
    encrypted.write_bytes(bytes(data))
    with pytest.raises(RefusedFile) as caught:
        import_workbook(ctx, encrypted, password=PASSWORD)
    assert encrypted.name in str(caught.value) or "损坏" in str(caught.value)


def test_a_viewer_exports_only_masked_and_cannot_import(demo_ctx, encrypted, tmp_path):
    from lianhua_desk.domain.accounts import VIEWER, Account
    from lianhua_desk.services.permissions import NotPermitted

    demo_ctx.account = Account("张三", VIEWER)
    with pytest.raises(NotPermitted, match="张三.*查阅.*无权"):
        export_workbook(demo_ctx, tmp_path / "full.xlsx", password=PASSWORD)
    assert not (tmp_path / "full.xlsx").exists()
    masked = export_workbook(demo_ctx, tmp_path / "masked.xlsx", mask=True, password=PASSWORD)
    assert masked.masked and masked.path.exists()
    with pytest.raises(NotPermitted, match="无权导入"):
        import_workbook(demo_ctx, encrypted, password=PASSWORD, dry_run=True)


# --- the command line ----------------------------------------------------------------


def run(*args, db, password=None, stdin=subprocess.DEVNULL):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("LIANHUA_EXCHANGE_PASSWORD", None)
    if password is not None:
        env["LIANHUA_EXCHANGE_PASSWORD"] = password
    cmd = [sys.executable, "-m", "lianhua_desk", "--db", str(db), *map(str, args)]
    result = subprocess.run(
        cmd, capture_output=True, encoding="utf-8", env=env, stdin=stdin, timeout=300
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_command_line_export_and_import_with_the_password_variable(
    user_folders, demo_template, tmp_path
):
    db = tmp_path / "office.db"
    db.write_bytes(demo_template.read_bytes())
    out = tmp_path / "enc.xlsx"
    exported = run("export", "--out", out, "--password", db=db, password=PASSWORD)
    assert exported.returncode == 0, exported.stderr
    assert "已加密" in exported.stdout
    assert out.read_bytes().startswith(protect.OLE_MAGIC)
    street = tmp_path / "street.db"
    from lianhua_desk.app import open_context

    open_context(street, daily_backup=False).db.close()
    # No password and no terminal to ask on: refused, saying how to give it.
    refused = run("import", out, db=street)
    assert refused.returncode == 1
    assert "LIANHUA_EXCHANGE_PASSWORD" in refused.stderr and "未写入任何数据" in refused.stderr
    wrong = run("import", out, db=street, password="不对")
    assert wrong.returncode == 1 and "密码不正确" in wrong.stderr
    done = run("import", out, db=street, password=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "已写入" in done.stdout


def test_command_line_export_password_without_a_way_to_ask_is_refused(
    user_folders, demo_template, tmp_path
):
    db = tmp_path / "office.db"
    db.write_bytes(demo_template.read_bytes())
    out = tmp_path / "enc.xlsx"
    result = run("export", "--out", out, "--password", db=db)
    assert result.returncode == 1 and "LIANHUA_EXCHANGE_PASSWORD" in result.stderr
    assert not out.exists()


@pytest.mark.skipif(WINDOWS, reason="a pseudo-terminal is POSIX")
def test_command_line_asks_for_the_password_on_a_terminal(user_folders, demo_template, tmp_path):
    """No variable, a terminal: export asks twice (mismatch refused), import once."""
    import pty
    import select

    def on_terminal(args, answers):
        master, slave = pty.openpty()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env.pop("LIANHUA_EXCHANGE_PASSWORD", None)
        child = subprocess.Popen(
            [sys.executable, "-m", "lianhua_desk", "--db", str(db), *map(str, args)],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # no controlling terminal: getpass reads stdin, the pty
        )
        os.close(slave)
        seen = b""
        for number, answer in enumerate(answers):  # each after its prompt: getpass
            while seen.count("：".encode()) <= number:  # flushes what came before it
                ready, _, _ = select.select([child.stderr], [], [], 60)
                assert ready, seen.decode("utf-8", "replace")
                seen += os.read(child.stderr.fileno(), 4096)
            os.write(master, answer.encode() + b"\n")
        out, err = child.communicate(timeout=120)
        os.close(master)
        return child.returncode, out.decode(), (seen + err).decode()

    db = tmp_path / "office.db"
    db.write_bytes(demo_template.read_bytes())
    out = tmp_path / "enc.xlsx"
    code, _, err = on_terminal(["export", "--out", out, "--password"], [PASSWORD, "别的"])
    assert code == 1 and "两次输入的密码不一致" in err and not out.exists()
    code, stdout, err = on_terminal(["export", "--out", out, "--password"], [PASSWORD, PASSWORD])
    assert code == 0, err
    assert protect.is_encrypted(out) and PASSWORD not in stdout + err
    code, stdout, err = on_terminal(["import", out, "--dry-run"], [PASSWORD])
    assert code == 0 and "试运行" in stdout, err
