"""Accounts, roles and sign-in (issue 17), on a real database file.

The permission tests walk domain.accounts.ACTIONS: every action has a probe here that
does it through the services, so a new action fails `test_every_action_has_a_probe`
until it is covered."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from lianhua_desk.domain.accounts import (
    ACTIONS,
    ADMIN,
    CLERK,
    ROLES,
    VIEWER,
    Account,
    can,
    masks_personal_data,
    permission_table,
)
from lianhua_desk.errors import RefusedInput
from lianhua_desk.services import accounts, database, dossier, exchange, records, settings, stats
from lianhua_desk.services.accounts import SignInRefused
from lianhua_desk.services.permissions import NotPermitted, require
from tests.conftest import make_context

PASSWORD = "lotus-2020"
NAMES = {ADMIN: "老王", CLERK: "张三", VIEWER: "李四"}


def with_accounts(ctx) -> None:
    """One account per role; ctx is left signed in as nobody."""
    accounts.create_account(ctx, NAMES[ADMIN], PASSWORD, ADMIN)
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    for role in (CLERK, VIEWER):
        accounts.create_account(ctx, NAMES[role], PASSWORD, role)
    ctx.account = None


def audits(ctx, action: str) -> list[dict]:
    cursor = ctx.db.execute(
        "SELECT operator, entity, record_id, action, before, after FROM audit"
        " WHERE action = ? ORDER BY id",
        [action],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- each action done through the services -------------------------------------------


def _a_party(ctx) -> str:
    return ctx.db.execute("SELECT id FROM parties WHERE id_no IS NOT NULL LIMIT 1").fetchone()[0]


def _backup_file(ctx, tmp: Path) -> Path:
    account, ctx.account = ctx.account, None
    try:
        return database.backup_as(ctx, out=tmp / "copy.db")
    finally:
        ctx.account = account


PROBES = {
    "records.write": lambda ctx, tmp: records.create(ctx, "communities", {"name": "新社区"}),
    "settings": lambda ctx, tmp: settings.update_settings(ctx, {"subsidy_per_case": 350}),
    "accounts": lambda ctx, tmp: accounts.create_account(ctx, "新人", PASSWORD, ADMIN),
    "restore": lambda ctx, tmp: database.restore_as(
        ctx, _backup_file(ctx, tmp), tmp / "restored.db", tmp / "backups"
    ),
    "backup": lambda ctx, tmp: database.backup_as(ctx, out=tmp / "manual.db"),
    "reports": lambda ctx, tmp: stats.year_stats(ctx, 2020),
    "unmask": lambda ctx, tmp: accounts.reveal(ctx, "parties", _a_party(ctx), "id_no"),
    "documents.personal": lambda ctx, tmp: dossier.write_dossier(
        ctx, _a_case_number(ctx), tmp / "卷宗.pdf"
    ),
}


def _a_case_number(ctx) -> str:
    return ctx.db.execute("SELECT case_no FROM cases ORDER BY case_no LIMIT 1").fetchone()[0]


def _export(ctx, tmp: Path, mask: bool) -> Path:
    # Only what changed since 2099: a small workbook, quick to write and read.
    return exchange.export_workbook(ctx, tmp / f"out{mask}.xlsx", since="2099-01-01", mask=mask)


def _import(ctx, tmp: Path):
    account, ctx.account = ctx.account, None
    try:
        path = _export(ctx, tmp, mask=False).path
    finally:
        ctx.account = account
    return exchange.import_workbook(ctx, path, dry_run=True)


PROBES |= {
    "exchange.export": lambda ctx, tmp: _export(ctx, tmp, mask=False),
    "exchange.export_masked": lambda ctx, tmp: _export(ctx, tmp, mask=True),
    "exchange.import": _import,
}
# Enforced by code not built yet: the shared check.
ELSEWHERE = {"encryption": "store/keyring.py (the lead)"}


def test_every_action_has_a_probe():
    assert set(PROBES) | set(ELSEWHERE) == set(ACTIONS)
    assert not set(PROBES) & set(ELSEWHERE)


CASES = [(action, role) for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES)
def test_each_role_may_do_only_what_actions_allow(demo_ctx, tmp_path, action, role):
    with_accounts(demo_ctx)
    accounts.sign_in(demo_ctx, NAMES[role], PASSWORD)
    probe = PROBES.get(action, lambda ctx, tmp: require(ctx, action))
    if role in ACTIONS[action]:
        probe(demo_ctx, tmp_path)
    else:
        with pytest.raises(NotPermitted) as refused:
            probe(demo_ctx, tmp_path)
        message = str(refused.value)
        assert message.startswith(f"当前账户「{NAMES[role]}」（{role}）无权")
        assert refused.value.action == action


WRITES = {
    "update": lambda ctx, c: records.update(ctx, "communities", c["id"], {"name": "改名"}),
    "delete": lambda ctx, c: records.delete(ctx, "communities", c["id"]),
    "undelete": lambda ctx, c: records.undelete(ctx, "communities", c),
    "holiday add": lambda ctx, c: settings.set_holiday_override(ctx, "2027-01-01", "holiday"),
    "holiday remove": lambda ctx, c: settings.remove_holiday_override(ctx, "2027-01-01"),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_entry_point_refuses_a_viewer(ctx, write):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    with_accounts(ctx)
    accounts.sign_in(ctx, NAMES[VIEWER], PASSWORD)
    before = ctx.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(NotPermitted, match="无权录入和修改数据"):
        WRITES[write](ctx, community)
    assert ctx.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before


@pytest.mark.parametrize("action", PROBES)
def test_a_database_without_accounts_allows_everything(demo_ctx, tmp_path, action):
    assert not accounts.has_accounts(demo_ctx)
    PROBES[action](demo_ctx, tmp_path)


def test_can_and_masking():
    assert all(can(None, action) for action in ACTIONS)
    assert masks_personal_data(Account("李四", VIEWER))
    assert not masks_personal_data(Account("张三", CLERK))
    assert not masks_personal_data(None)


# --- creating accounts ---------------------------------------------------------------


def test_the_first_account_must_be_an_administrator(ctx):
    with pytest.raises(RefusedInput, match="第一个账户必须是管理员"):
        accounts.create_account(ctx, "张三", PASSWORD, CLERK)
    assert not accounts.has_accounts(ctx)
    assert accounts.create_account(ctx, "老王", PASSWORD, ADMIN) == Account("老王", ADMIN)
    assert accounts.has_accounts(ctx)


def test_later_accounts_need_a_signed_in_administrator(ctx):
    accounts.create_account(ctx, "老王", PASSWORD, ADMIN)
    with pytest.raises(NotPermitted, match="请先以管理员账户登录"):
        accounts.create_account(ctx, "张三", PASSWORD, CLERK)
    accounts.sign_in(ctx, "老王", PASSWORD)
    accounts.create_account(ctx, "张三", PASSWORD, CLERK)
    with pytest.raises(RefusedInput, match="已有名为「张三」的账户"):
        accounts.create_account(ctx, "张三", PASSWORD, CLERK)


@pytest.mark.parametrize(
    ("name", "password", "role", "reason"),
    [
        ("老王", "short", ADMIN, "至少需要 8 个字符"),
        ("  ", PASSWORD, ADMIN, "账户名不能为空"),
        ("老王", PASSWORD, "超级用户", "角色只能是"),
    ],
)
def test_bad_input_is_refused(ctx, name, password, role, reason):
    with pytest.raises(RefusedInput, match=reason):
        accounts.create_account(ctx, name, password, role)
    assert not accounts.has_accounts(ctx)


def test_only_a_scrypt_hash_is_stored_and_nothing_audits_the_password(ctx):
    accounts.create_account(ctx, "老王", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "老王", PASSWORD)
    accounts.change_password(ctx, "老王", PASSWORD, "another-pass")
    (stored,) = ctx.db.execute("SELECT password_hash FROM accounts").fetchone()
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    dump = "\n".join(  # every stored row as text (the driver may lack iterdump)
        str(row) for table in ctx.db.table_names() for row in ctx.db[table].rows
    )
    assert "老王" in dump  # the dump does hold the rows
    assert PASSWORD not in dump and "another-pass" not in dump


def test_listing_shows_no_hashes(ctx):
    with_accounts(ctx)
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    rows = accounts.list_accounts(ctx)
    assert [r["name"] for r in rows] == [NAMES[ADMIN], NAMES[CLERK], NAMES[VIEWER]]
    assert set(rows[0]) == {"name", "role", "active", "created_at", "last_sign_in"}
    assert rows[0]["active"] is True


# --- signing in ----------------------------------------------------------------------


def test_sign_in_sets_the_account_and_the_audits_operator(ctx):
    with_accounts(ctx)
    account = accounts.sign_in(ctx, NAMES[CLERK], PASSWORD)
    assert ctx.account == account == Account(NAMES[CLERK], CLERK)
    assert ctx.actor.operator == NAMES[CLERK]
    row = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    (audit,) = [a for a in audits(ctx, "insert") if a["record_id"] == row["id"]]
    assert audit["operator"] == NAMES[CLERK]
    (signed,) = [a for a in audits(ctx, "sign_in") if a["record_id"] == NAMES[CLERK]]
    assert signed["operator"] == NAMES[CLERK]


def test_a_wrong_password_is_refused_audited_and_does_not_say_which(ctx):
    with_accounts(ctx)
    with pytest.raises(SignInRefused) as wrong_password:
        accounts.sign_in(ctx, NAMES[CLERK], "not-the-password")
    with pytest.raises(SignInRefused) as no_such_name:
        accounts.sign_in(ctx, "无此人", PASSWORD)
    assert str(wrong_password.value) == str(no_such_name.value)
    assert ctx.account is None
    failed = audits(ctx, "sign_in_failed")
    assert [a["record_id"] for a in failed] == [NAMES[CLERK], "无此人"]
    assert all("not-the-password" not in str(a) for a in failed)


def test_a_disabled_account_cannot_sign_in(ctx):
    with_accounts(ctx)
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    accounts.set_active(ctx, NAMES[CLERK], False)
    with pytest.raises(SignInRefused):
        accounts.sign_in(ctx, NAMES[CLERK], PASSWORD)
    accounts.set_active(ctx, NAMES[CLERK], True)
    accounts.sign_in(ctx, NAMES[CLERK], PASSWORD)


class Clock:
    def __init__(self):
        self.now = dt.datetime(2021, 1, 10, 10, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


def test_repeated_failures_wait_longer_and_the_wait_survives_a_new_process(ctx, tmp_path):
    with_accounts(ctx)
    clock = Clock()
    ctx.actor = dataclasses.replace(ctx.actor, clock=clock)
    slept: list[float] = []
    for _ in range(3):  # the first three failures cost nothing
        with pytest.raises(SignInRefused):
            accounts.sign_in(ctx, NAMES[CLERK], "wrong-password", sleep=slept.append)
    assert slept == []
    for expected in (1, 2, 4, 8, 16, 30, 30):  # 2^(n-3), at most 30 s
        with pytest.raises(SignInRefused):
            accounts.sign_in(ctx, NAMES[CLERK], "wrong-password", sleep=slept.append)
        assert slept[-1] == expected
    # A new process (a second connection to the file) waits too, less the time passed.
    clock.now += dt.timedelta(seconds=10)
    other = make_context(Path(ctx.db.conn.execute("PRAGMA database_list").fetchone()[2]))
    other.actor = dataclasses.replace(other.actor, clock=clock)
    assert accounts.sign_in_wait(other, NAMES[CLERK]) == 20
    # The right password also waits first; then the count starts again.
    accounts.sign_in(other, NAMES[CLERK], PASSWORD, sleep=slept.append)
    assert slept[-1] == 20
    assert accounts.sign_in_wait(other, NAMES[CLERK]) == 0
    other.db.close()


# --- changing accounts ---------------------------------------------------------------


def test_the_last_active_administrator_can_be_neither_disabled_nor_demoted(ctx):
    with_accounts(ctx)
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    with pytest.raises(RefusedInput, match="唯一启用的管理员"):
        accounts.set_active(ctx, NAMES[ADMIN], False)
    with pytest.raises(RefusedInput, match="唯一启用的管理员"):
        accounts.set_role(ctx, NAMES[ADMIN], CLERK)
    accounts.set_role(ctx, NAMES[CLERK], ADMIN)  # a second 管理员: now the first may go
    accounts.set_role(ctx, NAMES[ADMIN], VIEWER)
    assert ctx.account == Account(NAMES[ADMIN], VIEWER)
    roles = [(a["before"], a["after"]) for a in audits(ctx, "account_role")]
    assert roles[-1] == ('{"role": "管理员"}', '{"role": "查阅"}')


def test_passwords_change_with_the_old_one_or_by_an_administrator(ctx):
    with_accounts(ctx)
    accounts.sign_in(ctx, NAMES[CLERK], PASSWORD)
    with pytest.raises(RefusedInput, match="原密码不正确"):
        accounts.change_password(ctx, NAMES[CLERK], "wrong-password", "new-password")
    with pytest.raises(NotPermitted):
        accounts.change_password(ctx, NAMES[VIEWER], None, "new-password")
    accounts.change_password(ctx, NAMES[CLERK], PASSWORD, "new-password")
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    accounts.change_password(ctx, NAMES[CLERK], None, "reset-password")
    with pytest.raises(SignInRefused):
        accounts.sign_in(ctx, NAMES[CLERK], "new-password")
    accounts.sign_in(ctx, NAMES[CLERK], "reset-password")


def test_reveal_returns_the_value_and_audits_the_field_not_the_value(demo_ctx):
    with_accounts(demo_ctx)
    accounts.sign_in(demo_ctx, NAMES[CLERK], PASSWORD)
    party = _a_party(demo_ctx)
    stored = demo_ctx.db.execute("SELECT id_no FROM parties WHERE id = ?", [party]).fetchone()
    assert accounts.reveal(demo_ctx, "parties", party, "id_no") == stored[0]
    (audit,) = audits(demo_ctx, "unmask")
    assert (audit["operator"], audit["entity"], audit["record_id"]) == (
        NAMES[CLERK],
        "parties",
        party,
    )
    assert stored[0] not in str(audit)


# --- the README's table --------------------------------------------------------------

README = Path(__file__).parent.parent.parent / "README.md"


def test_the_readme_table_is_the_one_actions_declare():
    text = README.read_text(encoding="utf-8").partition("## 你的数据是安全的")[2]
    assert permission_table() in text
    assert permission_table(english=True) in text


def test_the_table_has_a_row_per_action():
    for english in (False, True):
        rows = permission_table(english).splitlines()[2:]
        assert len(rows) == len(ACTIONS)


def test_copying_keeps_accounts(ctx, tmp_path):
    """A backup carries the accounts (they are in the database file)."""
    with_accounts(ctx)
    accounts.sign_in(ctx, NAMES[ADMIN], PASSWORD)
    copy = database.backup_as(ctx, out=tmp_path / "copy.db")
    shutil.copyfile(copy, tmp_path / "again.db")
    again = make_context(tmp_path / "again.db")
    assert accounts.has_accounts(again)
    accounts.sign_in(again, NAMES[VIEWER], PASSWORD)
    again.db.close()
