"""Encryption at rest (issue 17), on real SQLite files: the database and its backups hold
no plaintext personal data once encrypted, open with the right key only, unlock with an
account's password or the recovery key, and go back to plain on `decrypt`."""

from __future__ import annotations

import re
import shutil
import sqlite3 as stdlib_sqlite3
from pathlib import Path

import pytest

from lianhua_desk.domain.accounts import ADMIN, CLERK, VIEWER
from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import accounts, database, encryption
from lianhua_desk.services.permissions import NotPermitted
from lianhua_desk.store import driver, keyring
from lianhua_desk.store.db import open_db
from lianhua_desk.store.errors import KeyNeededError, StoreError
from tests.conftest import make_context
from tests.platforms import WINDOWS

PASSWORD = "lotus-2020"
ID_NUMBER = re.compile(rb"(?<!\d)\d{17}[\dX](?!\d)")


@pytest.fixture(autouse=True)
def new_process():
    """Each test starts as a new process would: no key unlocked."""
    keyring.forget_all()
    yield
    keyring.forget_all()


@pytest.fixture
def plain(demo_template, tmp_path) -> Path:
    """The demo database with a 管理员 and a 录入员, and one daily backup, all plain."""
    path = tmp_path / "lianhua.db"
    shutil.copyfile(demo_template, path)
    ctx = make_context(path)
    accounts.create_account(ctx, "老王", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "老王", PASSWORD)
    accounts.create_account(ctx, "张三", PASSWORD, CLERK)
    database.backup(ctx.db, ctx.backup_dir, reason="daily")
    ctx.db.close()
    return path


def signed_in(path: Path, name: str = "老王", password: str = PASSWORD):
    if encryption.is_encrypted(path):
        encryption.unlock(path, name, password)
    ctx = make_context(path)
    accounts.sign_in(ctx, name, password)
    return ctx


def personal_values(path: Path) -> list[bytes]:
    """Every party's ID number and phone, read with the standard library (plain files)."""
    conn = stdlib_sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id_no, phone FROM parties WHERE id_no <> ''").fetchall()
    finally:
        conn.close()
    return [v.encode("utf-8") for row in rows for v in row if v]


def leaks(path: Path, values: list[bytes]) -> list[bytes]:
    """What `strings` would show: any ID-shaped run, and any known value, in the bytes."""
    data = path.read_bytes()
    found = ID_NUMBER.findall(data)
    return found + [v for v in values[:300] if v in data]


def encrypted(plain: Path) -> tuple[Path, encryption.Converted]:
    ctx = signed_in(plain)
    return plain, encryption.encrypt(ctx, PASSWORD)


def test_encrypted_database_and_backups_hold_no_plaintext(plain):
    values = personal_values(plain)
    assert len(values) > 200 and leaks(plain, values)  # the check sees plain data
    folder = plain.parent / "backups"
    assert all(leaks(b, values) for b in database.list_backups(folder))
    _path, done = encrypted(plain)
    assert not leaks(plain, values)
    backups = database.list_backups(folder)
    assert done.backup in backups and done.backups == len(backups) == 2
    for backup in backups:
        assert not leaks(backup, values), backup
    # A backup taken from now on is encrypted too.
    ctx = signed_in(plain)
    later = database.backup(ctx.db, folder, reason="manual")
    ctx.db.close()
    assert not leaks(later, values)
    assert database.check_file(later).ok


def test_opens_with_the_right_key_only(plain):
    encrypted(plain)
    keyring.forget_all()
    with pytest.raises(KeyNeededError, match="已加密"):
        open_db(plain)
    conn = driver.connect(plain)
    driver.set_key(conn, keyring.new_data_key())
    with pytest.raises(driver.Error):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    with pytest.raises(stdlib_sqlite3.DatabaseError):  # any other SQLite tool
        stdlib_sqlite3.connect(plain).execute("SELECT * FROM sqlite_master").fetchall()
    ctx = signed_in(plain)
    assert ctx.db["parties"].count > 200
    ctx.db.close()


def test_wrong_password_is_refused_kept_and_audited_at_the_next_sign_in(plain):
    encrypted(plain)
    keyring.forget_all()
    for name in ("老王", "没有这个人"):
        with pytest.raises(accounts.SignInRefused):
            encryption.unlock(plain, name, "wrong-password")
    assert keyring.key_for(plain) is None
    assert [p["name"] for p in keyring.load(plain)["pending"]] == ["老王", "没有这个人"]
    ctx = signed_in(plain)
    rows = ctx.db.execute(
        "SELECT record_id, action FROM audit WHERE action LIKE 'sign_in%' ORDER BY id DESC LIMIT 3"
    ).fetchall()
    ctx.db.close()
    assert sorted(rows[:3]) == [
        ("没有这个人", "sign_in_failed"),
        ("老王", "sign_in"),
        ("老王", "sign_in_failed"),
    ]
    assert keyring.load(plain)["pending"] == []


def test_repeated_failures_wait(plain):
    encrypted(plain)
    keyring.forget_all()
    for _ in range(keyring.FREE_FAILURES):
        assert encryption.unlock_wait(plain, "老王") == 0
        with pytest.raises(accounts.SignInRefused):
            encryption.unlock(plain, "老王", "wrong-password")
    assert encryption.unlock_wait(plain, "老王") > 0
    waited = []
    with pytest.raises(accounts.SignInRefused):
        encryption.unlock(plain, "老王", "wrong-password", sleep=waited.append)
    assert waited and waited[0] > 0


def test_other_accounts_open_it_after_a_new_password(plain):
    _path, done = encrypted(plain)
    assert done.needs_new_password == ["张三"]
    keyring.forget_all()
    with pytest.raises(accounts.SignInRefused):  # no copy of the key for 张三 yet
        encryption.unlock(plain, "张三", PASSWORD)
    ctx = signed_in(plain)
    accounts.change_password(ctx, "张三", None, "new-secret-1")
    ctx.db.close()
    keyring.forget_all()
    signed_in(plain, "张三", "new-secret-1").db.close()
    # A disabled account's password no longer opens the file.
    ctx = signed_in(plain)
    accounts.set_active(ctx, "张三", False)
    ctx.db.close()
    keyring.forget_all()
    with pytest.raises(accounts.SignInRefused):
        encryption.unlock(plain, "张三", "new-secret-1")


def test_the_recovery_key_sets_a_new_password(plain):
    _path, done = encrypted(plain)
    keyring.forget_all()
    with pytest.raises(accounts.SignInRefused):
        encryption.reset_with_recovery_key(plain, "AAAA-" * 7 + "AAAA", "老王", "brand-new-1")
    typed = done.recovery_key.lower().replace("-", " ")  # as a clerk might type it
    encryption.reset_with_recovery_key(plain, typed, "老王", "brand-new-1")
    keyring.forget_all()
    with pytest.raises(accounts.SignInRefused):
        encryption.unlock(plain, "老王", PASSWORD)
    ctx = signed_in(plain, "老王", "brand-new-1")
    operators = ctx.db.execute(
        "SELECT operator FROM audit WHERE action = 'account_password_recovered'"
    ).fetchall()
    ctx.db.close()
    assert operators == [(encryption.RECOVERY_ACTOR,)]


def test_only_a_signed_in_admin_with_the_password_encrypts(plain):
    ctx = signed_in(plain, "张三", PASSWORD)
    with pytest.raises(NotPermitted):
        encryption.encrypt(ctx, PASSWORD)
    ctx.db.close()
    ctx = signed_in(plain)
    with pytest.raises(ValidationError, match="密码不正确"):
        encryption.encrypt(ctx, "not-my-password")
    other = make_context(plain)  # another window on the same file
    with pytest.raises(StoreError, match="另一个窗口或程序"):
        encryption.encrypt(ctx, PASSWORD)
    other.db.close()
    ctx.db.close()
    assert not encryption.is_encrypted(plain)


def test_decrypt_gives_back_plain_files(plain):
    values = personal_values(plain)
    encrypted(plain)
    ctx = signed_in(plain)
    done = encryption.decrypt(ctx, PASSWORD)
    assert not encryption.is_encrypted(plain)
    assert not keyring.key_file(plain).exists()
    assert set(values) <= set(personal_values(plain))
    for backup in database.list_backups(plain.parent / "backups"):
        assert leaks(backup, values), backup  # plain again, readable by any tool
    assert done.backups == 3  # the daily, the one before encrypting, the one before decrypting
    keyring.forget_all()
    make_context(plain).db.close()  # opens without any key


def test_restore_keeps_the_database_encrypted(plain, tmp_path):
    values = personal_values(plain)
    old_plain = tmp_path / "old-plain.db"
    shutil.copyfile(plain, old_plain)
    encrypted(plain)
    ctx = signed_in(plain)
    ctx.db.close()
    database.restore(old_plain, plain, plain.parent / "backups")
    assert encryption.is_encrypted(plain)
    assert not leaks(plain, values)
    ctx = signed_in(plain)
    assert ctx.db["parties"].count > 200
    ctx.db.close()


def test_key_file_holds_no_key_and_is_private(plain):
    encrypted(plain)
    key = keyring.key_for(plain)
    text = keyring.key_file(plain).read_bytes()
    assert key.hex().encode() not in text and key not in text
    assert PASSWORD.encode() not in text
    if not WINDOWS:  # POSIX modes; on Windows the profile folder's ACL
        assert keyring.key_file(plain).stat().st_mode & 0o077 == 0


def test_a_wrapped_key_cannot_be_moved_to_another_account():
    data = keyring.new_file(key := keyring.new_data_key())
    keyring.wrap(data, keyring.account_entry("甲"), "secret-one", key)
    data["entries"][keyring.account_entry("乙")] = data["entries"][keyring.account_entry("甲")]
    assert keyring.unwrap(data, keyring.account_entry("甲"), "secret-one") == key
    with pytest.raises(keyring.Locked):
        keyring.unwrap(data, keyring.account_entry("乙"), "secret-one")


def test_viewer_cannot_decrypt(plain):
    ctx = signed_in(plain)
    accounts.create_account(ctx, "李四", PASSWORD, VIEWER)
    ctx.db.close()
    encrypted(plain)
    ctx = signed_in(plain)
    accounts.change_password(ctx, "李四", None, PASSWORD)
    ctx.db.close()
    ctx = signed_in(plain, "李四", PASSWORD)
    with pytest.raises(NotPermitted):
        encryption.decrypt(ctx, PASSWORD)
    ctx.db.close()
    assert encryption.is_encrypted(plain)


def test_encrypted_connections_keep_more_pages_decrypted(plain):
    from lianhua_desk.store.db import ENCRYPTED_CACHE_KIB

    ctx = make_context(plain)
    default = ctx.db.execute("PRAGMA cache_size").fetchone()[0]
    ctx.db.close()
    encrypted(plain)
    ctx = signed_in(plain)
    assert ctx.db.execute("PRAGMA cache_size").fetchone()[0] == ENCRYPTED_CACHE_KIB != default
    ctx.db.close()
