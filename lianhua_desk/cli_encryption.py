"""`encrypt`, `decrypt`, `reset-password`: the database encrypted at rest (issue 17).

`encrypt` and `decrypt` need a signed-in 管理员 (--user), whose password is asked once
and serves both the sign-in and the key; nobody else may have the file open. `encrypt`
prints the recovery key once, for the street office to keep on paper.
`reset-password` sets a new password for an account with that recovery key.
"""

from __future__ import annotations

from . import cli_common, paths
from .cli_accounts import new_password

RECOVERY_ENV = "LIANHUA_RECOVERY_KEY"


def _admin_context(args):
    """The database signed in with --user; the password typed (for the key)."""
    ctx = cli_common.context(args, daily_backup=False)
    password = cli_common.typed_password(paths.database_path(args.db))
    if password is None:  # no accounts: nobody signed in
        raise cli_common.RefusedError(
            "加密前请先建立管理员账户：lianhua-desk account add 账户名 --role 管理员"
            "（加密的数据库只能凭账户密码打开）。"
        )
    return ctx, password


def _report_backups(done) -> None:
    print(f"转换前的备份：{done.backup}")
    print(f"已一并转换备份文件夹中的 {done.backups} 个备份")
    for problem in done.failed_backups:
        cli_common.err(f"未能转换的备份（保持原样）：{problem}")


def cmd_encrypt(args) -> int:
    from .services import encryption

    ctx, password = _admin_context(args)
    cli_common.contexts.remove(ctx)  # encrypt closes it
    done = encryption.encrypt(ctx, password)
    print(f"数据库已加密：{paths.database_path(args.db)}")
    print(f"密钥文件：{paths.database_path(args.db)}.keys（必须与数据库放在一起，备份时一并复制）")
    _report_backups(done)
    print()
    print(
        "恢复密钥（只显示这一次；请打印或抄写后交街道办保管，忘记所有管理员密码时用它设置新密码）："
    )
    print()
    print(f"    {done.recovery_key}")
    print()
    if done.needs_new_password:
        print(
            "以下账户还不能打开加密的数据库，请管理员为它们设置新密码"
            "（lianhua-desk account passwd 账户名）：" + "、".join(done.needs_new_password)
        )
    return cli_common.EXIT_OK


def cmd_decrypt(args) -> int:
    from .services import encryption

    ctx, password = _admin_context(args)
    cli_common.contexts.remove(ctx)  # decrypt closes it
    done = encryption.decrypt(ctx, password)
    print(f"数据库已解密为普通 SQLite 文件：{paths.database_path(args.db)}")
    _report_backups(done)
    return cli_common.EXIT_OK


def cmd_reset_password(args) -> int:
    from .services import encryption

    path = cli_common.require_database(args)
    if not encryption.is_encrypted(path):
        raise cli_common.RefusedError(
            "此数据库没有加密，也就没有恢复密钥：请由另一个管理员用 account passwd 重设密码。"
        )
    recovery = cli_common.secret(RECOVERY_ENV, "恢复密钥：")
    name = args.name
    password = new_password(name)
    encryption.reset_with_recovery_key(path, recovery, name, password, sleep=cli_common.waiting)
    print(f"已用恢复密钥为账户「{name}」设置新密码（账户已启用）")
    return cli_common.EXIT_OK


def register(add) -> None:
    add(
        "encrypt",
        cmd_encrypt,
        "加密数据库及其备份（须管理员登录；先备份；打印一次恢复密钥）",
    )
    add("decrypt", cmd_decrypt, "把加密的数据库及其备份还原为普通文件（须管理员登录；先备份）")
    p = add(
        "reset-password",
        cmd_reset_password,
        f"忘记密码：用恢复密钥为账户设置新密码（恢复密钥在提示时输入，或取自环境变量 {RECOVERY_ENV}）",
    )
    p.add_argument("name", metavar="账户名", help="要设置新密码的账户")
