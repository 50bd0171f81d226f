"""Encryption at rest (issue 17): unlocking a database, turning encryption on and off,
and the recovery key.

An encrypted database cannot be read before sign-in, so signing in to one has two
steps: `unlock` unwraps the data key from the key file with the account's password
(store/keyring.py) and this process remembers it; then the database opens and
`accounts.sign_in` checks the password again against the accounts table and writes
the audit, with the failed unlocks the key file kept meanwhile.

`encrypt` and `decrypt` convert the whole file (and every backup in its backups
folder, so no plain copy of the records stays behind) after a backup; they need a
signed-in 管理员 who types the password again, and nobody else using the file. They
close the context: the caller opens the database again.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.accounts import ADMIN
from ..store import accounts_store, keyring
from ..store import backup as backups
from ..store import records as records_store
from ..store.db import database_file, open_db, write_lock
from ..store.encryption import alone, export_copy
from ..store.errors import StoreError
from .context import Context
from .permissions import require

RECOVERY_ACTOR = "（恢复密钥）"  # the audit's operator of a reset by the recovery key
ENTITY = "database"  # the audit rows' entity for encryption events


@dataclass
class Converted:
    """What `encrypt`/`decrypt` did."""

    backup: Path  # the backup taken before, in the new state (converted with the rest)
    backups: int = 0  # backups converted
    failed_backups: list[str] = field(default_factory=list)  # left as they were, and why
    recovery_key: str = ""  # encrypt: shown once, never stored in plain
    needs_new_password: list[str] = field(default_factory=list)  # encrypt: other accounts


def is_encrypted(db_path: str | os.PathLike) -> bool:
    return keyring.is_encrypted(db_path)


def _now() -> dt.datetime:
    return dt.datetime.now()


# --- unlocking -----------------------------------------------------------------------------


def unlock_wait(db_path: Path, name: str, now: dt.datetime | None = None) -> float:
    """Seconds `name` must wait before the next attempt (after repeated failures)."""
    return keyring.wait_seconds(keyring.load(db_path), (name or "").strip(), now or _now())


def _unlock_entry(db_path, entry: str, who: str, secret: str, now, sleep) -> bytes:
    from .accounts import SIGN_IN_REFUSED, SignInRefused

    data = keyring.load(db_path)
    wait = keyring.wait_seconds(data, who, now)
    if wait > 0:
        sleep(wait)
    try:
        return keyring.unwrap(data, entry, secret)
    except keyring.Locked:
        data = keyring.load(db_path)  # as it is now: another process may have written it
        keyring.record_failure(data, who, now)
        keyring.save(db_path, data)
        raise SignInRefused(SIGN_IN_REFUSED) from None


def unlock(
    db_path: Path,
    name: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Unwrap the database's key with `name`'s password; this process remembers it.
    A wrong name or password is refused (accounts.SignInRefused) and kept in the key
    file for the audit; repeated failures wait first (`sleep`)."""
    name = (name or "").strip()
    entry = keyring.account_entry(name)
    key = _unlock_entry(db_path, entry, name, password or "", now or _now(), sleep)
    keyring.remember(db_path, key)


def audit_failed_unlocks(ctx: Context, name: str) -> int:
    """After `name` signed in: the failed unlocks kept in the key file go into the
    audit trail (with the time they happened), and `name`'s wait starts again."""
    path = database_file(ctx.db)
    if path is None or not keyring.is_encrypted(path):
        return 0
    pending = keyring.take_pending(path, name)
    for failure in pending:
        records_store.write_audit(
            ctx.db,
            ctx.actor,
            "accounts",
            failure.name,
            "sign_in_failed",
            None,
            {"where": "密钥文件"},
            at=failure.at,
        )
    return len(pending)


# --- the accounts service's hooks -------------------------------------------------------


def _open_key(ctx: Context) -> tuple[Path, bytes] | None:
    path = database_file(ctx.db)
    if path is None or not keyring.is_encrypted(path):
        return None
    key = keyring.key_for(path)
    if key is None:  # cannot happen: the file was opened with it
        raise StoreError("数据库已加密，但本程序没有它的密钥。请重新登录。")
    return path, key


def password_set(ctx: Context, name: str, password: str) -> None:
    """After an account is created or its password changed: wrap the key for it."""
    opened = _open_key(ctx)
    if opened is None:
        return
    path, key = opened
    data = keyring.load(path)
    keyring.wrap(data, keyring.account_entry(name), password, key)
    keyring.save(path, data)


def account_removed(ctx: Context, name: str) -> None:
    """After an account is disabled: its password no longer opens the file."""
    opened = _open_key(ctx)
    if opened is None:
        return
    path, _key = opened
    data = keyring.load(path)
    if data["entries"].pop(keyring.account_entry(name), None) is not None:
        keyring.save(path, data)


# --- turning it on and off --------------------------------------------------------------------


def _checked_admin(ctx: Context, password: str) -> Path:
    """The file of ctx, after checking the signed-in 管理员 typed their password."""
    from .accounts import is_own_password

    require(ctx, "encryption")
    if ctx.account is None:
        raise _refuse(
            "账户", "", f"加密前请先建立{ADMIN}账户并登录（加密的数据库只能凭账户密码打开）"
        )
    if not is_own_password(ctx, password):
        raise _refuse("密码", "", "密码不正确")
    path = database_file(ctx.db)
    if path is None:
        raise _refuse("数据库", "", "内存中的数据库不能加密")
    if not alone(ctx.db):
        raise StoreError(
            "数据库正被另一个窗口或程序使用：请先关闭它们（包括其他电脑上打开这个文件的程序），再试一次。"
        )
    return path


def _refuse(label: str, value: str, reason: str):
    from ..domain.records import FieldError, ValidationError

    return ValidationError([FieldError("加密", label, value, reason)])


def _replace_with(ctx: Context, path: Path, key: bytes | None) -> None:
    """Write the database anew (encrypted with key, or plain), close ctx, and put the
    checked copy in place of the file."""
    tmp = path.with_name(f"{path.name}.converting")
    tmp.unlink(missing_ok=True)
    export_copy(ctx.db, tmp, key)
    ctx.db.close()
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"无法替换数据库文件 {path}：{exc}，原文件未改动。") from exc


def _convert_backups(folder: Path | None, from_key: bytes | None, to_key: bytes | None, done):
    """Every backup in the folder into the new state; one that fails stays as it was."""
    if folder is None:
        return
    for path in backups.list_backups(folder):
        try:
            if keyring.reads_plain(path) is not (from_key is None):
                continue  # already in the new state (or not ours)
            backups.convert_in_place(path, from_key, to_key)
            done.backups += 1
        except (StoreError, OSError) as exc:
            done.failed_backups.append(f"{path.name}：{exc}")


def _audit_on(path: Path, ctx: Context, action: str, after: dict) -> None:
    db = open_db(path)
    try:
        with write_lock(db):
            records_store.write_audit(db, ctx.actor, ENTITY, path.name, action, None, after)
    finally:
        db.close()


def encrypt(ctx: Context, password: str) -> Converted:
    """Encrypt the database of ctx and its backups; returns the recovery key (shown once).

    The signed-in 管理员's password opens it at once; other accounts have no copy of the
    key yet (their passwords are not known here), so a 管理员 sets new passwords for
    them (`needs_new_password`). ctx is closed."""
    path = _checked_admin(ctx, password)
    if keyring.is_encrypted(path):
        raise _refuse("数据库", str(path), "数据库已经加密")
    safety = backups.backup(ctx.db, ctx.backup_dir or path.parent, reason="before-encrypt")
    key, recovery = keyring.new_data_key(), keyring.new_recovery_key()
    data = keyring.new_file(key)
    keyring.wrap(data, keyring.account_entry(ctx.account.name), password, key)
    keyring.wrap(data, keyring.RECOVERY, recovery, key)
    others = [
        r["name"]
        for r in accounts_store.all_accounts(ctx.db)
        if r["active"] and r["name"] != ctx.account.name
    ]
    # The key file first: until the rename below the database is still plain and
    # opens as such (a plain header is never read with a key).
    keyring.save(path, data)
    _replace_with(ctx, path, key)
    keyring.remember(path, key)
    done = Converted(safety, recovery_key=recovery, needs_new_password=others)
    _convert_backups(ctx.backup_dir, None, key, done)
    _audit_on(path, ctx, "encrypt", {"backups": done.backups})
    return done


def decrypt(ctx: Context, password: str) -> Converted:
    """Write the database of ctx and its backups back as plain SQLite; ctx is closed.
    The key file is removed once nothing encrypted is left that needs it."""
    path = _checked_admin(ctx, password)
    key = keyring.key_for(path) if keyring.is_encrypted(path) else None
    if key is None:
        raise _refuse("数据库", str(path), "数据库没有加密")
    safety = backups.backup(ctx.db, ctx.backup_dir or path.parent, reason="before-decrypt")
    _replace_with(ctx, path, None)
    done = Converted(safety)
    _convert_backups(ctx.backup_dir, key, None, done)
    if not done.failed_backups:
        keyring.key_file(path).unlink(missing_ok=True)
    keyring.forget(path)
    _audit_on(path, ctx, "decrypt", {"backups": done.backups})
    return done


# --- the recovery key -----------------------------------------------------------------------


def reset_with_recovery_key(
    db_path: Path,
    recovery_key: str,
    name: str,
    new_password: str,
    *,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """A forgotten password: the recovery key opens the database and `name` gets a new
    password (and is enabled). Audited under the operator "（恢复密钥）"."""
    from .accounts import recover_password

    key = _unlock_entry(
        db_path,
        keyring.RECOVERY,
        RECOVERY_ACTOR,
        keyring.normalise_recovery_key(recovery_key),
        now or _now(),
        sleep,
    )
    keyring.remember(db_path, key)
    from .. import paths
    from ..store.records import Actor

    db_path = Path(db_path)
    ctx = Context(open_db(db_path, backup_dir=paths.backup_dir(db_path)), Actor(RECOVERY_ACTOR))
    try:
        recover_password(ctx, name, new_password)
        audit_failed_unlocks(ctx, RECOVERY_ACTOR)
    finally:
        ctx.db.close()
