"""`account add|list|passwd|role|disable|enable`: who may use the database (issue 17).

The first `account add` (on a database without accounts) needs no sign-in and must
make a 管理员; from then on every command names its account with --user, and these
need a 管理员 (`passwd` of one's own password needs only that account). New
passwords are asked twice on a terminal, or read from LIANHUA_NEW_PASSWORD.
"""

from __future__ import annotations

import os
import sys

from . import cli_common

NEW_PASSWORD_ENV = "LIANHUA_NEW_PASSWORD"
ACTIONS = ("add", "list", "passwd", "role", "disable", "enable")


def new_password(name: str) -> str:
    if os.environ.get(NEW_PASSWORD_ENV) is not None or not (sys.stdin and sys.stdin.isatty()):
        return cli_common.secret(NEW_PASSWORD_ENV, "")
    first = cli_common.secret(NEW_PASSWORD_ENV, f"账户「{name}」的新密码：")
    if cli_common.secret(NEW_PASSWORD_ENV, "再输入一次新密码：") != first:
        raise cli_common.RefusedError("两次输入的新密码不一致，未做任何改动。")
    return first


def _needs(args, what: str, value) -> None:
    if not value:
        raise cli_common.UsageError(f"account {args.action} 需要{what}")


def cmd_account(args) -> int:
    from .domain.accounts import ROLES
    from .services import accounts

    ctx = cli_common.context(args)
    if args.action == "list":
        rows = accounts.list_accounts(ctx)
        if not rows:
            print(
                "此数据库没有账户：任何人都可以使用。用 account add 名称 --role 管理员 建立第一个账户。"
            )
        for r in rows:
            state = "启用" if r["active"] else "停用"
            last = r["last_sign_in"] or "从未登录"
            print(f"{r['name']}  {r['role']}  {state}  建立于 {r['created_at']}  最近登录 {last}")
        return cli_common.EXIT_OK
    _needs(args, "账户名", args.name)
    name = args.name
    if args.action == "add":
        role = args.role_option or args.role
        _needs(args, "角色：--role " + "|".join(ROLES), role)
        account = accounts.create_account(ctx, name, new_password(name), role)
        print(f"已建立账户「{account.name}」（{account.role}）")
    elif args.action == "passwd":
        own = ctx.account is not None and ctx.account.name == name
        old = cli_common.secret(cli_common.PASSWORD_ENV, "原密码：") if own else None
        accounts.change_password(ctx, name, old, new_password(name))
        print(f"已修改账户「{name}」的密码")
    elif args.action == "role":
        role = args.role or args.role_option
        _needs(args, "角色：" + "|".join(ROLES), role)
        accounts.set_role(ctx, name, role)
        print(f"账户「{name}」的角色现为：{role}")
    else:
        accounts.set_active(ctx, name, args.action == "enable")
        print(f"已{'启用' if args.action == 'enable' else '停用'}账户「{name}」")
    return cli_common.EXIT_OK


def register(add) -> None:
    from .domain.accounts import ROLES

    p = add("account", cmd_account, "账户与角色：建立、列出、改密码、改角色、停用、启用")
    p.add_argument(
        "action",
        metavar="操作",
        choices=ACTIONS,
        help="add 建立 / list 列出 / passwd 改密码 / role 改角色 / disable 停用 / enable 启用",
    )
    p.add_argument("name", nargs="?", metavar="账户名", help="账户名（list 不需要）")
    p.add_argument("role", nargs="?", metavar="角色", choices=ROLES, help="role 的新角色")
    p.add_argument(
        "--role",
        dest="role_option",
        metavar="角色",
        choices=ROLES,
        help="add 的角色：" + "、".join(ROLES),
    )
