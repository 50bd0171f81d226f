"""Accounts on the command line (issue 17), through real subprocesses: --user and
LIANHUA_USER, passwords from the environment, refusals in Chinese with exit 1, the
`account` command. Table-driven over domain.accounts.ACTIONS like the service tests."""

from __future__ import annotations

import shutil

import pytest

from lianhua_desk.domain.accounts import ACTIONS, ADMIN, CLERK, ROLES, VIEWER
from lianhua_desk.services import accounts, database, records
from tests import case_files
from tests.conftest import make_context, run_cli

PASSWORD = "lotus-2020"
CASE_NO = "莲调〔2020〕第7号"  # case_files.file_case's default number
NAMES = {ADMIN: "老王", CLERK: "张三", VIEWER: "李四"}


@pytest.fixture(scope="module", autouse=True)
def sandbox(user_folders):
    return user_folders


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A database with a community and one account per role, and a backup of it."""
    folder = tmp_path_factory.mktemp("accounts")
    ctx = make_context(folder / "template.db")
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record["id"]
    case_files.file_case(ctx, community)  # a case whose documents print full particulars
    accounts.create_account(ctx, NAMES[ADMIN], PASSWORD, ADMIN)
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    for role in (CLERK, VIEWER):
        accounts.create_account(ctx, NAMES[role], PASSWORD, role)
    database.backup_as(ctx, out=folder / "backup.db")
    ctx.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.db.close()
    return folder


@pytest.fixture
def db(template, tmp_path, monkeypatch):
    path = tmp_path / "lianhua.db"
    shutil.copyfile(template / "template.db", path)
    for name in ("LIANHUA_USER", "LIANHUA_PASSWORD", "LIANHUA_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return path


def as_user(monkeypatch, role: str, password: str = PASSWORD) -> None:
    monkeypatch.setenv("LIANHUA_USER", NAMES[role])
    monkeypatch.setenv("LIANHUA_PASSWORD", password)


def refused(result, *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


# Each action as a command (the template's backup file for `restore`).
COMMANDS = {
    "records.write": lambda t, tmp: ["holiday", "add", "2027-01-01", "--kind", "放假"],
    "accounts": lambda t, tmp: ["account", "add", "新人", "--role", VIEWER],
    "backup": lambda t, tmp: ["backup", "--out", str(tmp / "manual.db")],
    "restore": lambda t, tmp: ["restore", str(t / "backup.db")],
    "reports": lambda t, tmp: ["stats", "--year", "2020"],
    "documents.personal": lambda t, tmp: [
        "report",
        "dossier",
        CASE_NO,
        "--out",
        str(tmp / "卷宗.pdf"),
    ],
}
# No command of their own here: the window only (settings, unmask), the exchange commands
# (cli_exchange.py, another helper's) and encryption (the lead's).
NO_COMMAND = {"settings", "unmask", "exchange.import", "exchange.export"}
NO_COMMAND |= {"exchange.export_masked", "encryption"}


def test_every_action_is_listed():
    assert set(COMMANDS) | NO_COMMAND == set(ACTIONS)


@pytest.mark.parametrize(("action", "role"), [(a, r) for a in COMMANDS for r in ROLES])
def test_each_role_may_run_only_what_actions_allow(
    db, template, tmp_path, monkeypatch, action, role
):
    as_user(monkeypatch, role)
    monkeypatch.setenv("LIANHUA_NEW_PASSWORD", "new-password")
    result = run_cli(*COMMANDS[action](template, tmp_path), db=db)
    if role in ACTIONS[action]:
        assert result.returncode == 0, result.stderr
    else:
        refused(result, f"当前账户「{NAMES[role]}」（{role}）无权")


def test_a_command_without_a_user_is_refused_and_says_how(db):
    result = run_cli("stats", "--year", "2020", db=db)
    refused(result, "此数据库已启用账户", "--user", "LIANHUA_USER", "LIANHUA_PASSWORD")


def test_user_on_the_command_line_and_wrong_password(db, monkeypatch):
    monkeypatch.setenv("LIANHUA_PASSWORD", PASSWORD)
    ok = run_cli("--user", NAMES[VIEWER], "stats", "--year", "2020", db=db)
    assert ok.returncode == 0, ok.stderr
    after = run_cli("stats", "--user", NAMES[VIEWER], "--year", "2020", db=db)
    assert after.returncode == 0, after.stderr
    monkeypatch.setenv("LIANHUA_PASSWORD", "wrong-password")
    wrong = run_cli("--user", NAMES[VIEWER], "stats", "--year", "2020", db=db)
    refused(wrong, "账户名或密码不正确")
    assert "wrong-password" not in wrong.stdout + wrong.stderr


def test_no_password_and_no_terminal_is_refused(db, monkeypatch):
    monkeypatch.setenv("LIANHUA_USER", NAMES[ADMIN])
    refused(run_cli("stats", "--year", "2020", db=db), "LIANHUA_PASSWORD")


def test_a_database_without_accounts_works_as_before(tmp_path, monkeypatch):
    path = tmp_path / "plain.db"
    make_context(path).db.close()
    for name in ("LIANHUA_USER", "LIANHUA_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    result = run_cli("holiday", "add", "2027-01-01", "--kind", "放假", db=path)
    assert result.returncode == 0, result.stderr


def test_first_account_then_the_account_commands(tmp_path, monkeypatch):
    path = tmp_path / "new.db"
    make_context(path).db.close()
    for name in ("LIANHUA_USER", "LIANHUA_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LIANHUA_NEW_PASSWORD", PASSWORD)
    refused(run_cli("account", "add", "张三", "--role", CLERK, db=path), "第一个账户必须是管理员")
    first = run_cli("account", "add", "老王", "--role", ADMIN, db=path)
    assert first.returncode == 0, first.stderr
    assert "已建立账户「老王」（管理员）" in first.stdout
    as_user(monkeypatch, ADMIN)
    assert run_cli("account", "add", "张三", "--role", CLERK, db=path).returncode == 0
    listed = run_cli("account", "list", db=path)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("老王  管理员  启用") and lines[1].startswith("张三  录入员  启用")
    assert PASSWORD not in listed.stdout
    refused(run_cli("account", "disable", "老王", db=path), "唯一启用的管理员")
    assert run_cli("account", "role", "张三", ADMIN, db=path).returncode == 0
    assert run_cli("account", "disable", "老王", db=path).returncode == 0
    # 老王 is disabled now: signing in as him is refused like a wrong password.
    refused(run_cli("account", "list", db=path), "账户名或密码不正确")
    as_user(monkeypatch, CLERK)  # 张三, a 管理员 now
    monkeypatch.setenv("LIANHUA_NEW_PASSWORD", "changed-password")
    assert run_cli("account", "passwd", "张三", db=path).returncode == 0
    refused(run_cli("account", "list", db=path), "账户名或密码不正确")
    as_user(monkeypatch, CLERK, "changed-password")
    again = run_cli("account", "list", db=path)
    assert "老王  管理员  停用" in again.stdout


def test_the_audit_names_the_signed_in_account(db, monkeypatch):
    as_user(monkeypatch, CLERK)
    assert run_cli("holiday", "add", "2027-01-01", "--kind", "放假", db=db).returncode == 0
    ctx = make_context(db)
    (operator,) = ctx.db.execute(
        "SELECT operator FROM audit WHERE entity = 'holiday_overrides'"
    ).fetchone()
    ctx.db.close()
    assert operator == NAMES[CLERK]


def test_a_damaged_database_can_still_be_restored_without_signing_in(db, template):
    db.write_bytes(b"not a database" * 100)
    result = run_cli("restore", str(template / "backup.db"), db=db)
    assert result.returncode == 0, result.stderr
