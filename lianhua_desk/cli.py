"""The command line (spec/cli.md). Imports Qt only to open the window or render shots.

Exit status: 0 success; 1 input refused (nothing written); 2 usage error;
3 the environment failed (database locked, corrupt, disk full).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, paths
from .cli_common import (
    DB_HELP,
    EXIT_ENV,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    USER_HELP,
    FileProblem,
    RefusedError,
    UsageError,
    close_contexts,
    context,
    contexts,
    err,
    output_path,
    require_database,
    unlock,
)
from .cli_messages import INTEGER, os_error_exit, os_error_message
from .errors import EnvironmentFailure, RefusedInput
from .streams import ensure_streams

log = logging.getLogger("lianhua_desk.cli")


DEBUG_ENV = "LIANHUA_DEBUG"  # =1: an unexpected exception shows its traceback


def _debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese and lets main() pick the exit code.

    Its own strings (usage:, options, …) are translated by cli_messages.install()."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(f"{message}\n{self.format_usage()}")


# --- commands -----------------------------------------------------------------


def cmd_demo(args) -> int:
    from .services import demo

    ctx = context(args, create=True)
    counts = demo.fill(ctx, year=args.year)
    total = sum(counts.values())
    print(f"已写入演示数据 {total} 条：" + "，".join(f"{k} {v}" for k, v in counts.items()))
    print(f"数据库：{paths.database_path(args.db)}")
    return EXIT_OK


def cmd_stats(args) -> int:
    from .services.stats import format_stats, year_stats

    stats = year_stats(context(args), args.year)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return EXIT_OK


def cmd_check(args) -> int:
    from .store.backup import check_file

    path = require_database(args)
    unlock(args, path)  # an encrypted file is read with its key
    result = check_file(path)
    if not result.ok:
        err(f"检查未通过：{path}")
        for problem in result.problems:
            err(f"  - {problem}")
        return EXIT_ENV
    print(f"检查通过：{path}（结构版本 {result.schema_version}）")
    for table, n in result.counts.items():
        print(f"  {table}: {n}")
    return EXIT_OK


def cmd_backup(args) -> int:
    from .services.database import backup_as
    from .store.errors import StoreError

    out = output_path(args.out, ".db") if args.out else None
    ctx = context(args)
    try:
        written = backup_as(ctx, out=out)
    except StoreError as exc:
        if isinstance(exc.__cause__, OSError):
            raise FileProblem(exc.__cause__, out or ctx.backup_dir, writing=True) from exc
        raise
    print(f"已备份到：{written}")
    return EXIT_OK


def cmd_restore(args) -> int:
    from .store.backup import check_file, restore
    from .store.errors import StoreError

    target = paths.database_path(args.db)
    source = Path(args.file)
    if not source.exists():
        raise RefusedError(f"备份文件不存在：{source}")
    if target.is_file():
        unlock(args, target)  # an encrypted backup is read with its key
    verdict = check_file(source)
    if not verdict.ok:  # the file the user named is unusable: their input, refused
        raise RefusedError("备份文件未通过检查，未做任何替换：" + "；".join(verdict.problems))
    _may_restore(args, target)
    try:
        kept = restore(source, target, paths.backup_dir(target))
    except StoreError as exc:
        if isinstance(exc.__cause__, OSError):
            raise FileProblem(exc.__cause__, target, writing=True) from exc
        raise
    print(f"已从 {source} 恢复到 {target}")
    if kept:
        print(f"被替换的数据库已另存为：{kept}")
    return EXIT_OK


def _may_restore(args, target: Path) -> None:
    """A database with accounts is replaced only by a signed-in 管理员. The check opens
    it (signing in) and closes it again before the file is replaced. A file that does
    not open (damaged, too new) can be replaced as before: nobody can sign in to it, and
    restoring is how it is repaired."""
    from .services.permissions import require

    if not target.is_file():
        return
    try:
        ctx = context(args)
    except EnvironmentFailure as exc:
        log.warning("恢复前无法打开数据库，不核对账户：%s", exc)
        return
    try:
        require(ctx, "restore")
    finally:
        contexts.remove(ctx)
        ctx.db.close()


def _window_size(text: str) -> tuple[int, int]:
    """'1024x700' → (1024, 700), for `shots --size`."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if (
        not sep
        or not width.isdigit()
        or not height.isdigit()
        or int(width) < 320
        or int(height) < 240
    ):
        raise argparse.ArgumentTypeError(f"“{text}”不是窗口大小，应为 宽x高，如 1024x700")
    return int(width), int(height)


def cmd_shots(args) -> int:
    db_path = require_database(args)
    try:
        from .ui.shots import render_all  # noqa: PLC0415 - Qt only for this command
    except ImportError as exc:
        err(f"无法加载图形界面：{exc}")
        return EXIT_ENV
    written = render_all(db_path, Path(args.out), args.language, args.size)
    for path in written:
        print(path)
    return EXIT_OK


def _open_window(args) -> int:
    from .qt_platform import problem

    if (missing := problem()) is not None:  # Qt would abort with a misleading hint
        err(missing)
        return EXIT_ENV
    try:
        from .ui.main import run  # noqa: PLC0415 - Qt only when the window is wanted
    except ImportError as exc:
        err(f"无法打开图形界面：{exc}")
        return EXIT_ENV
    return run(paths.database_path(args.db))


# --- parser -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from . import cli_messages

    cli_messages.install()  # argparse's own words (用法、选项、错误) in Chinese
    parser = _Parser(
        prog="lianhua-desk",
        description="莲花法治工作台 Lianhua Desk。不带命令时打开主窗口。",
        epilog="只有 demo、restore 和主窗口会新建数据库；其余命令要求数据库文件已存在。",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"lianhua-desk {__version__}",
        help="显示程序版本号并退出",
    )
    parser.add_argument("--db", metavar="路径", help=DB_HELP)
    parser.add_argument("--user", metavar="账户名", help=USER_HELP)
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="自检：在临时文件夹中生成演示数据、PDF、工作簿并离屏构建主窗口",
    )
    sub = parser.add_subparsers(
        dest="command",
        parser_class=_Parser,
        title="命令",
        metavar="命令",
        help="要执行的命令（每个命令的用法：lianhua-desk 命令 --help）",
    )

    def add(name: str, func: Callable, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="路径", default=argparse.SUPPRESS, help=DB_HELP)
        p.add_argument("--user", metavar="账户名", default=argparse.SUPPRESS, help=USER_HELP)
        p.set_defaults(func=func)
        return p

    p = add(
        "demo",
        cmd_demo,
        "新建数据库（或向空数据库）写入演示数据：指定年份全年（默认 2020 年，"
        "数字依莲花街道2020年法治政府建设年度报告），以及今年 1 月 1 日至昨天",
    )
    p.add_argument(
        "--year",
        type=INTEGER,
        default=2020,
        metavar="年份",
        help="演示的年份（默认 2020）；早于今年时另写入今年 1 月 1 日至昨天的数据",
    )
    p = add("stats", cmd_stats, "年度统计")
    p.add_argument(
        "--year", type=INTEGER, required=True, metavar="年份", help="统计的年度，例如 2020"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    add("check", cmd_check, "完整性与结构检查")
    p = add("backup", cmd_backup, "备份数据库")
    p.add_argument(
        "--out", metavar="文件.db", help="备份文件路径（.db；默认：数据库旁的 backups 文件夹）"
    )
    p = add("restore", cmd_restore, "从备份恢复（先校验备份，被替换的数据库另存）")
    p.add_argument("file", metavar="备份文件", help="要恢复的备份文件（.db）")
    p = add("shots", cmd_shots, "把主窗口的每个页面离屏渲染为 PNG（文件夹/<页面>.png）")
    p.add_argument("--out", required=True, metavar="文件夹", help="输出文件夹")
    p.add_argument(
        "--language",
        default="zh_CN",
        choices=("zh_CN", "en"),
        help="界面语言：zh_CN 中文（默认），en 英文",
    )
    p.add_argument(
        "--size",
        type=_window_size,
        metavar="宽x高",
        help="窗口大小，如 1024x700 或 1920x1080（默认 1280x800，或环境变量 LIANHUA_SHOTS_SIZE）",
    )
    # Each area registers its own subcommands; their handlers import heavy modules lazily.
    from . import (
        cli_accounts,
        cli_encryption,
        cli_exchange,
        cli_find,
        cli_holidays,
        cli_reports,
        cli_review,
    )

    cli_exchange.register(add)
    cli_reports.register(add)
    cli_holidays.register(add)
    cli_review.register(add)
    cli_find.register(add)
    cli_accounts.register(add)
    cli_encryption.register(add)
    return parser


# --- running a command ----------------------------------------------------------

_log_file: Path | None = None  # where this run logs; named when a bug is reported


def _setup_logging() -> None:
    global _log_file
    from . import logs

    try:
        _log_file = logs.setup(paths.log_dir())
    except OSError:
        _log_file = None  # an unwritable log folder must not stop the work


def _refusal(exc: RefusedInput) -> str:
    """What the terminal says of refused input: the message, or (a ValidationError)
    its heading and one line per problem."""
    if not exc.heading:
        return str(exc)
    return "\n".join([exc.heading, *(f"  - {reason}" for reason in exc.reasons)])


def _store_message(exc: Exception) -> str:
    """An EnvironmentFailure's message, with the English text of its cause (an OSError or
    sqlite3 error quoted into it) replaced by the Chinese sentence for it."""
    from .store.driver import sqlite3
    from .store.errors import translate

    text, cause = str(exc), exc.__cause__
    quoted = str(cause) if cause is not None else ""
    if not quoted or quoted not in text:
        return text
    if isinstance(cause, OSError):
        return text.replace(quoted, os_error_message(cause))
    if isinstance(cause, sqlite3.Error):
        chinese = translate(cause)
        return text.replace(quoted, str(chinese) if chinese else "数据库出错")
    return text


def _unraisable_to_log(unraisable) -> None:
    """An exception raised while garbage is collected (a library cleaning up after a
    failed write, say) goes to the log, not the terminal: the user was already told."""
    log.warning(
        "清理时忽略的异常：%s %r",
        unraisable.err_msg or "",
        unraisable.object,
        exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback),
    )


def _internal_error(exc: BaseException) -> None:
    log.error("程序内部错误", exc_info=(type(exc), exc, exc.__traceback__))
    what = str(exc).strip() or type(exc).__name__
    if _log_file is not None:
        where = f"详细信息已写入日志 {_log_file}"
    else:
        where = f"日志无法写入；设置环境变量 {DEBUG_ENV}=1 再运行一次可看到详细信息"
    err(f"程序内部错误：{what}。{where}")


def _quiet_stdout() -> None:
    """After a broken pipe (output piped into `head`), send what is left nowhere, so
    the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    ensure_streams()  # UTF-8 when redirected on Windows; none at all in the windowed exe
    debugging = _debugging()
    previous_hook = sys.unraisablehook
    if not debugging:
        sys.unraisablehook = _unraisable_to_log
    code = EXIT_ENV
    try:
        code = _main(argv, debugging)
        return code
    finally:
        if code != EXIT_OK and not debugging:
            gc.collect()  # what a failed command left half done is finalized now, quietly
        sys.unraisablehook = previous_hook


def _main(argv: Sequence[str] | None, debugging: bool) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        _setup_logging()
        log.info("命令：%s", getattr(args, "command", None) or "window")
        if args.selftest:
            from .selftest import run as selftest

            return selftest()
        if getattr(args, "command", None) is None:
            return _open_window(args)
        try:
            code = args.func(args)
            sys.stdout.flush()  # a broken pipe (`| head`) surfaces here, not at exit
            return code
        finally:
            close_contexts()
    except UsageError as exc:
        message = str(exc)
        err(message if message.startswith("用法错误") else f"用法错误：{message}")
        return EXIT_USAGE
    except RefusedInput as exc:  # the user can fix it; nothing was written
        log.info("输入被拒绝：%s", exc)
        err(_refusal(exc))
        return EXIT_REFUSED
    except EnvironmentFailure as exc:  # disk, lock, damage: not the user's, not a bug
        log.warning("环境错误：%s", exc)
        err(_store_message(exc))
        return EXIT_ENV
    except BrokenPipeError:  # output piped into `head` and the like
        _quiet_stdout()
        return EXIT_OK
    except FileProblem as exc:
        log.warning("文件错误：%s（%r）", exc, exc.error)
        err(str(exc))
        return os_error_exit(exc.error)
    except OSError as exc:
        log.warning("文件错误：%r", exc)
        err(os_error_message(exc))
        return os_error_exit(exc)
    except KeyboardInterrupt:
        err("已取消。")
        return 130
    except Exception as exc:  # a bug: logged in full, one Chinese line on the terminal
        if debugging:
            raise
        _internal_error(exc)
        return EXIT_ENV


if __name__ == "__main__":
    sys.exit(main())
