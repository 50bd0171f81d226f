"""`encrypt`, `decrypt`, `reset-password` and every command on an encrypted database,
through real subprocesses as a script runs them (issue 17)."""

from __future__ import annotations

import re
import shutil

import pytest

from lianhua_desk.domain.accounts import ADMIN, VIEWER
from lianhua_desk.services import accounts
from lianhua_desk.store import keyring
from tests.conftest import make_context, run_cli

PASSWORD = "lotus-2020"
RECOVERY = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b")
ENV = ("LIANHUA_USER", "LIANHUA_PASSWORD", "LIANHUA_NEW_PASSWORD", "LIANHUA_RECOVERY_KEY")


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    return user_folders


@pytest.fixture
def db(demo_template, tmp_path, monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "lianhua.db"
    shutil.copyfile(demo_template, path)
    ctx = make_context(path)
    accounts.create_account(ctx, "老王", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "老王", PASSWORD)
    accounts.create_account(ctx, "李四", PASSWORD, VIEWER)
    ctx.db.close()
    keyring.forget_all()
    return path


def as_user(monkeypatch, name="老王", password=PASSWORD):
    monkeypatch.setenv("LIANHUA_USER", name)
    monkeypatch.setenv("LIANHUA_PASSWORD", password)


def ok(result):
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def refused(result, *words):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def encrypt(db, monkeypatch) -> str:
    as_user(monkeypatch)
    out = ok(run_cli("encrypt", db=db))
    keys = RECOVERY.findall(out)
    assert len(keys) == 1, out  # printed once
    assert "李四" in out  # needs a new password
    return keys[0]


def test_encrypt_then_every_command_needs_the_password(db, monkeypatch):
    encrypt(db, monkeypatch)
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert "社区数：16" in ok(run_cli("stats", "--year", "2020", db=db))
    assert "检查通过" in ok(run_cli("check", db=db))
    as_user(monkeypatch, password="wrong-password")
    refused(run_cli("stats", "--year", "2020", db=db), "账户名或密码不正确")
    monkeypatch.delenv("LIANHUA_USER")
    refused(run_cli("stats", "--year", "2020", db=db), "--user")
    refused(run_cli("check", db=db), "--user")


def test_a_viewer_may_not_encrypt(db, monkeypatch):
    as_user(monkeypatch, "李四")
    refused(run_cli("encrypt", db=db), "无权")
    assert db.read_bytes().startswith(b"SQLite format 3")


def test_backup_elsewhere_travels_with_its_key_file(db, monkeypatch, tmp_path):
    encrypt(db, monkeypatch)
    stick = tmp_path / "stick"
    stick.mkdir()
    ok(run_cli("backup", "--out", str(stick / "copy.db"), db=db))
    assert (stick / "copy.db.keys").exists()
    assert not (stick / "copy.db").read_bytes().startswith(b"SQLite format 3")
    # On another PC: the copy and its key file open with the same password.
    assert "社区数：16" in ok(run_cli("stats", "--year", "2020", db=stick / "copy.db"))


def test_reset_password_with_the_recovery_key(db, monkeypatch):
    recovery = encrypt(db, monkeypatch)
    monkeypatch.delenv("LIANHUA_USER")
    monkeypatch.setenv("LIANHUA_NEW_PASSWORD", "brand-new-1")
    monkeypatch.setenv("LIANHUA_RECOVERY_KEY", "ABCD-" * 7 + "ABCD")
    refused(run_cli("reset-password", "老王", db=db), "账户名或密码不正确")
    monkeypatch.setenv("LIANHUA_RECOVERY_KEY", recovery.lower())
    assert "已用恢复密钥" in ok(run_cli("reset-password", "老王", db=db))
    as_user(monkeypatch, password="brand-new-1")
    assert "社区数：16" in ok(run_cli("stats", "--year", "2020", db=db))


def test_reset_password_on_a_plain_database_is_refused(db, monkeypatch):
    monkeypatch.setenv("LIANHUA_RECOVERY_KEY", "ABCD")
    monkeypatch.setenv("LIANHUA_NEW_PASSWORD", "brand-new-1")
    refused(run_cli("reset-password", "老王", db=db), "没有加密")


def test_decrypt(db, monkeypatch):
    encrypt(db, monkeypatch)
    out = ok(run_cli("decrypt", db=db))
    assert "已解密" in out
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert not keyring.key_file(db).exists()
    assert "社区数：16" in ok(run_cli("stats", "--year", "2020", db=db))
