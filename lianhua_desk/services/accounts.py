"""Accounts, sign-in and revealing masked data (issue 17).

A database without accounts works as before (ctx.account stays None, everything is
allowed). The first account must be a 管理员; from then on every change to accounts
needs a signed-in 管理员, and the database always keeps an active one.

Passwords are stored as scrypt hashes only and never logged or audited. Repeated
failed sign-ins for a name slow down: after 3, each attempt first waits
2^(failures-3) seconds (at most 30) counted from the last failure; the count lives
in the database, so starting a new process does not skip the wait.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import os
import time
from collections.abc import Callable

from ..domain import fields
from ..domain.accounts import ADMIN, ROLES, Account
from ..domain.records import FieldError, ValidationError
from ..errors import RefusedInput
from ..store import accounts_store as store
from ..store import records as records_store
from ..store.db import write_lock
from . import encryption
from .context import Context
from .permissions import NotPermitted, require

MIN_PASSWORD = 8
MAX_NAME = 32
FREE_FAILURES = 3  # failures before the waits start
MAX_WAIT = 30.0  # seconds
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
ENTITY = "accounts"  # the audit rows' entity for account events


class SignInRefused(RefusedInput):
    """A wrong name or password (the message does not say which)."""


SIGN_IN_REFUSED = "账户名或密码不正确，或账户已停用。"


# --- password hashes -------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches the stored hash (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


# A hash to check against when the name is unknown, so both take the same time.
_NOBODY = hash_password(os.urandom(8).hex())


# --- checks ------------------------------------------------------------------------


def _refuse(label: str, value: str, reason: str) -> ValidationError:
    return ValidationError([FieldError("账户", label, value, reason)])


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise _refuse("密码", "", f"密码至少需要 {MIN_PASSWORD} 个字符")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise _refuse("角色", role, "角色只能是 " + "、".join(ROLES))


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise _refuse("账户名", name, "账户名不能为空")
    if len(name) > MAX_NAME or any(not ch.isprintable() for ch in name):
        raise _refuse("账户名", name, f"账户名最多 {MAX_NAME} 个字符，且不能含控制字符")
    return name


def _existing(ctx: Context, name: str) -> dict:
    row = store.get(ctx.db, name)
    if row is None:
        raise _refuse("账户名", name, f"没有名为「{name}」的账户")
    return row


def _require_admin(ctx: Context) -> None:
    """Account changes need a signed-in 管理员 once the database has accounts."""
    if ctx.account is None and has_accounts(ctx):
        raise NotPermitted("数据库已启用账户：请先以管理员账户登录，再管理账户。", "accounts")
    require(ctx, "accounts")


def _audit(ctx: Context, name: str, action: str, before=None, after=None) -> None:
    records_store.write_audit(ctx.db, ctx.actor, ENTITY, name, action, before, after)


def _keeps_an_admin(ctx: Context, name: str) -> None:
    if store.active_admins(ctx.db, ADMIN) == [name]:
        raise _refuse("账户名", name, f"「{name}」是唯一启用的管理员：请先让另一个账户成为管理员")


# --- the API -------------------------------------------------------------------------


def has_accounts(ctx: Context) -> bool:
    return store.count(ctx.db) > 0


def list_accounts(ctx: Context) -> list[dict]:
    """name, role, active (bool), created_at, last_sign_in — for a 管理员."""
    _require_admin(ctx)
    return [{**row, "active": bool(row["active"])} for row in store.all_accounts(ctx.db)]


def create_account(ctx: Context, name: str, password: str, role: str) -> Account:
    name = _clean_name(name)
    _check_role(role)
    _check_password(password)
    with write_lock(ctx.db):
        first = not has_accounts(ctx)
        if first and role != ADMIN:
            raise _refuse("角色", role, f"第一个账户必须是{ADMIN}")
        if not first:
            _require_admin(ctx)
        if store.get(ctx.db, name) is not None:
            raise _refuse("账户名", name, f"已有名为「{name}」的账户")
        store.insert(ctx.db, name, role, hash_password(password), ctx.actor.stamp())
        _audit(ctx, name, "account_create", None, {"name": name, "role": role})
        encryption.password_set(ctx, name, password)
    return Account(name, role)


def sign_in_wait(ctx: Context, name: str) -> float:
    """Seconds `name` must still wait before the next sign-in attempt (0 if none)."""
    row = store.get(ctx.db, (name or "").strip())
    if row is None or (row["failed_count"] or 0) < FREE_FAILURES or not row["failed_at"]:
        return 0.0
    wait = min(2.0 ** (row["failed_count"] - FREE_FAILURES), MAX_WAIT)
    since = (ctx.actor.clock() - dt.datetime.fromisoformat(row["failed_at"])).total_seconds()
    return max(0.0, wait - since)


def sign_in(
    ctx: Context, name: str, password: str, *, sleep: Callable[[float], None] = time.sleep
) -> Account:
    """Check the password; on success ctx.account and the audit's operator are `name`.

    Waits first (sleep) while earlier failures ask for it. A failure is audited
    with the name typed and refused with SignInRefused."""
    name = (name or "").strip()
    wait = sign_in_wait(ctx, name)
    if wait > 0:
        sleep(wait)
    row = store.get(ctx.db, name)
    ok = verify_password(password or "", row["password_hash"] if row else _NOBODY)
    at = ctx.actor.clock().isoformat(sep=" ")
    with write_lock(ctx.db):
        if not (ok and row and row["active"]):
            if row is not None:
                store.failed(ctx.db, name, at)
            _audit(ctx, name, "sign_in_failed")
            failure = True
        else:
            failure = False
            ctx.account = Account(name, row["role"])
            ctx.actor = dataclasses.replace(ctx.actor, operator=name)
            store.signed_in(ctx.db, name, ctx.actor.stamp())
            _audit(ctx, name, "sign_in", None, {"role": row["role"]})
            encryption.audit_failed_unlocks(ctx, name)
    if failure:  # raised after the commit, so the failure stays recorded
        raise SignInRefused(SIGN_IN_REFUSED)
    return ctx.account


def is_own_password(ctx: Context, password: str) -> bool:
    """Whether `password` is the signed-in account's (a confirmation before a grave
    action, e.g. encrypting: no side effect, nothing audited)."""
    if ctx.account is None:
        return False
    row = store.get(ctx.db, ctx.account.name)
    return row is not None and verify_password(password or "", row["password_hash"])


def change_password(ctx: Context, name: str, old_password: str | None, new_password: str) -> None:
    """Set a new password. The old one is needed, unless a 管理员 resets another's."""
    row = _existing(ctx, name)
    _check_password(new_password)
    own = ctx.account is not None and ctx.account.name == row["name"]
    if old_password is None or not own:
        if not own:
            _require_admin(ctx)
        elif old_password is None:
            raise _refuse("原密码", "", "修改自己的密码需要输入原密码")
    if old_password is not None and not verify_password(old_password, row["password_hash"]):
        raise _refuse("原密码", "", "原密码不正确")
    with write_lock(ctx.db):
        store.set_password_hash(ctx.db, row["name"], hash_password(new_password))
        _audit(ctx, row["name"], "account_password")
        encryption.password_set(ctx, row["name"], new_password)


def recover_password(ctx: Context, name: str, new_password: str) -> None:
    """A new password set with the recovery key (services.encryption, the only caller:
    there the recovery key is the authority, not a signed-in account). The account is
    enabled again and its failures forgotten."""
    row = _existing(ctx, name)
    _check_password(new_password)
    with write_lock(ctx.db):
        store.set_password_hash(ctx.db, row["name"], hash_password(new_password))
        if not row["active"]:
            store.set_active(ctx.db, row["name"], True)
        store.forget_failures(ctx.db, row["name"])
        _audit(ctx, row["name"], "account_password_recovered")
        encryption.password_set(ctx, row["name"], new_password)


def set_role(ctx: Context, name: str, role: str) -> None:
    _require_admin(ctx)
    _check_role(role)
    with write_lock(ctx.db):
        row = _existing(ctx, name)
        if row["role"] == role:
            return
        if row["role"] == ADMIN:
            _keeps_an_admin(ctx, row["name"])
        store.set_role(ctx.db, row["name"], role)
        _audit(ctx, row["name"], "account_role", {"role": row["role"]}, {"role": role})
    if ctx.account is not None and ctx.account.name == row["name"]:
        ctx.account = Account(row["name"], role)


def set_active(ctx: Context, name: str, active: bool) -> None:
    _require_admin(ctx)
    with write_lock(ctx.db):
        row = _existing(ctx, name)
        if bool(row["active"]) == bool(active):
            return
        if not active and row["role"] == ADMIN:
            _keeps_an_admin(ctx, row["name"])
        store.set_active(ctx.db, row["name"], active)
        _audit(ctx, row["name"], "account_enable" if active else "account_disable")
        if not active:
            encryption.account_removed(ctx, row["name"])


def reveal(ctx: Context, table: str, record_id: str, field: str) -> str:
    """The unmasked value of a record's field; audited as "unmask" (not the value)."""
    require(ctx, "unmask")
    entity = fields.BY_NAME.get(table)
    if entity is None or field not in entity.columns:
        raise _refuse("字段", f"{table}.{field}", "没有这个字段")
    with write_lock(ctx.db):
        row = records_store.get(ctx.db, entity, record_id)
        if row is None:
            raise _refuse("记录", record_id, f"{entity.sheet}记录不存在（可能已被删除）")
        records_store.write_audit(
            ctx.db, ctx.actor, entity.name, record_id, "unmask", None, {"field": field}
        )
    value = row[field]
    return "" if value is None else str(value)
