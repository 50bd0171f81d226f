"""What every command-line module shares: exit statuses, the errors a command raises,
the command's database, the --out check.

cli.py (the parser and main) imports the cli_* modules that register subcommands;
they import this module, never cli.py, so there is no import cycle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import paths
from .cli_messages import os_error_message, unusable_output, wrong_suffix
from .errors import RefusedInput

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3

DB_HELP = "数据库文件（默认：环境变量 LIANHUA_DB，或用户数据目录下的 lianhua.db）；须已存在"

USER_ENV, PASSWORD_ENV = "LIANHUA_USER", "LIANHUA_PASSWORD"
USER_HELP = (
    f"以此账户登录（默认：环境变量 {USER_ENV}）；数据库启用账户后必须指定。"
    f"密码在终端提示输入，或取自环境变量 {PASSWORD_ENV}"
)


class UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""


class RefusedError(RefusedInput):
    """The user's input was refused (exit status 1); the message says why, in Chinese."""


class FileProblem(Exception):
    """The operating system refused a file the user named (or the disk failed).

    main() shows it in Chinese from the error number, naming `path`, with exit status
    1 (the path cannot be used) or 3 (disk full, I/O error)."""

    def __init__(self, error: OSError, path: str | os.PathLike | None, *, writing: bool | None):
        super().__init__(os_error_message(error, path, writing=writing))
        self.error = error


def err(text: str) -> None:
    print(text, file=sys.stderr)


contexts: list = []  # opened by this command; closed when it ends (see cli.main)


def context(args, *, create: bool = False, daily_backup: bool = True):
    """The command's database. It is closed when the command ends, so the file is
    stamped as closed cleanly and the next start skips the full check.

    A database that does not exist is refused (app.DatabaseMissing, exit 1) and
    nothing is created, unless `create` (only `demo` creates one). An encrypted one
    is unlocked with --user's password first (services.encryption)."""
    from .app import open_context

    path = paths.database_path(args.db)
    credentials = unlock(args, path)
    ctx = open_context(path, create=create, daily_backup=daily_backup)
    contexts.append(ctx)
    if note := getattr(ctx.db, "location_note", None):  # on a network share: no WAL
        err(note)
    credentials = sign_in(ctx, args, credentials)
    if credentials is not None:
        _credentials[Path(path).resolve()] = credentials
    return ctx


def account_name(args) -> str:
    name = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if not name:
        raise RefusedError(
            "此数据库已启用账户，请指定登录账户：在命令前加 --user 账户名"
            f"（或设置环境变量 {USER_ENV}），密码在提示时输入（或设置环境变量 {PASSWORD_ENV}）。"
        )
    return name


# The name and password this command signed in with, per database: asked once.
_credentials: dict[Path, tuple[str, str]] = {}


def typed_password(path: Path) -> str | None:
    """The password this command signed in to the database at `path` with (None: the
    database has no accounts, nobody signed in)."""
    found = _credentials.get(Path(path).resolve())
    return found[1] if found else None


def unlock(args, path: Path) -> tuple[str, str] | None:
    """For an encrypted database: unlock its key with --user's password (asked once in
    the command, kept for the sign-in that follows). None for a plain one."""
    from .services import encryption

    path = Path(path).resolve()
    if path in _credentials:
        return _credentials[path]
    if not encryption.is_encrypted(path):
        return None
    name = account_name(args)
    password = secret(PASSWORD_ENV, f"账户「{name}」的密码：")
    encryption.unlock(path, name, password, sleep=waiting)
    _credentials[path] = name, password
    return name, password


def secret(env: str, prompt: str) -> str:
    """A password: from the environment variable `env`, else asked on the terminal
    (not echoed). Refused when neither is possible (a script without the variable)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise RefusedError(f"需要密码：请设置环境变量 {env}，或在终端中运行以便输入密码。")
    import getpass

    return getpass.getpass(prompt)


def waiting(seconds: float) -> None:
    import math
    import time

    err(f"密码多次输入错误，请等待 {math.ceil(seconds)} 秒……")
    time.sleep(seconds)


def sign_in(ctx, args, credentials: tuple[str, str] | None = None) -> tuple[str, str] | None:
    """Sign in as --user (or LIANHUA_USER) when the database has accounts; a database
    without accounts works as before, signed in as nobody (None). `credentials`: the
    name and password that already unlocked an encrypted database (not asked again).
    Returns the name and password signed in with."""
    from .services import accounts

    if not accounts.has_accounts(ctx):
        return None
    if credentials is None:
        name = account_name(args)
        credentials = name, secret(PASSWORD_ENV, f"账户「{name}」的密码：")
    accounts.sign_in(ctx, *credentials, sleep=waiting)
    return credentials


def close_contexts() -> None:
    while contexts:
        contexts.pop().db.close()
    _credentials.clear()


def require_database(args) -> Path:
    """The database path, refused (exit 1) when no database file is there."""
    from .app import require_database as required

    return required(paths.database_path(args.db))


def output_path(text: str, *suffixes: str) -> Path:
    """The --out file, checked before any work: its suffix names the format written
    (compared ignoring case) and its folder exists. Refused (exit 1) otherwise."""
    out = Path(text).expanduser()
    problem = wrong_suffix(out, suffixes) or unusable_output(out)
    if problem:
        raise RefusedError(problem)
    return out
