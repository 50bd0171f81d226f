"""The command line (spec/cli.md). Imports Qt only to open the window or render shots.

Exit status: 0 success; 1 input refused (nothing written); 2 usage error;
3 the environment failed (database locked, corrupt, disk full).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, paths

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3
log = logging.getLogger("lianhua_desk.cli")


class UsageError(Exception):
    pass


class RefusedError(Exception):
    """The user's input was refused; the message says why, in Chinese."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese and lets main() pick the exit code."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(f"用法错误：{message}\n{self.format_usage()}")


def _err(text: str) -> None:
    print(text, file=sys.stderr)


# --- commands -----------------------------------------------------------------


_contexts: list = []  # opened by this command; closed when it ends (see main)


def _context(args):
    """The command's database. It is closed when the command ends, so the file is
    stamped as closed cleanly and the next start skips the full check."""
    from .app import open_context

    ctx = open_context(paths.database_path(args.db))
    _contexts.append(ctx)
    return ctx


def _close_contexts() -> None:
    while _contexts:
        _contexts.pop().db.close()


def cmd_demo(args) -> int:
    from .services import demo

    ctx = _context(args)
    counts = demo.fill(ctx, year=args.year)
    total = sum(counts.values())
    print(f"已写入演示数据 {total} 条：" + "，".join(f"{k} {v}" for k, v in counts.items()))
    print(f"数据库：{paths.database_path(args.db)}")
    return EXIT_OK


def cmd_stats(args) -> int:
    from .services.stats import format_stats, year_stats

    stats = year_stats(_context(args), args.year)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return EXIT_OK


def cmd_check(args) -> int:
    from .store.backup import check_file

    path = paths.database_path(args.db)
    result = check_file(path)
    if not result.ok:
        _err(f"检查未通过：{path}")
        for problem in result.problems:
            _err(f"  - {problem}")
        return EXIT_ENV
    print(f"检查通过：{path}（结构版本 {result.schema_version}）")
    for table, n in result.counts.items():
        print(f"  {table}: {n}")
    return EXIT_OK


def cmd_backup(args) -> int:
    from .store.backup import backup

    ctx = _context(args)
    out = backup(ctx.db, ctx.backup_dir, reason="manual", out=Path(args.out) if args.out else None)
    print(f"已备份到：{out}")
    return EXIT_OK


def cmd_restore(args) -> int:
    from .store.backup import check_file, restore

    target = paths.database_path(args.db)
    source = Path(args.file)
    if not source.exists():
        raise RefusedError(f"备份文件不存在：{source}")
    verdict = check_file(source)
    if not verdict.ok:  # the file the user named is unusable: their input, refused
        raise RefusedError("备份文件未通过检查，未做任何替换：" + "；".join(verdict.problems))
    kept = restore(source, target, paths.backup_dir(target))
    print(f"已从 {source} 恢复到 {target}")
    if kept:
        print(f"被替换的数据库已另存为：{kept}")
    return EXIT_OK


def cmd_shots(args) -> int:
    try:
        from .ui.shots import render_all  # noqa: PLC0415 - Qt only for this command
    except ImportError as exc:
        _err(f"无法加载图形界面：{exc}")
        return EXIT_ENV
    written = render_all(paths.database_path(args.db), Path(args.out), args.language)
    for path in written:
        print(path)
    return EXIT_OK


def _open_window(args) -> int:
    try:
        from .ui.main import run  # noqa: PLC0415 - Qt only when the window is wanted
    except ImportError as exc:
        _err(f"无法打开图形界面：{exc}")
        return EXIT_ENV
    return run(paths.database_path(args.db))


# --- parser -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lianhua-desk", description="莲花法治工作台 Lianhua Desk")
    parser.add_argument("--version", action="version", version=f"lianhua-desk {__version__}")
    db_help = "数据库文件（默认：环境变量 LIANHUA_DB，或用户数据目录下的 lianhua.db）"
    parser.add_argument("--db", help=db_help)
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="自检：在临时文件夹中生成演示数据、PDF、工作簿并离屏构建主窗口",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, func: Callable, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
        p.set_defaults(func=func)
        return p

    p = add("demo", cmd_demo, "向空数据库写入演示数据")
    p.add_argument("--year", type=int, default=2020, help="演示数据的年份（默认 2020）")
    p = add("stats", cmd_stats, "年度统计")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add("check", cmd_check, "完整性与结构检查")
    p = add("backup", cmd_backup, "备份数据库")
    p.add_argument("--out", help="备份文件路径（默认：数据库旁的 backups 文件夹）")
    p = add("restore", cmd_restore, "从备份恢复（先校验备份，被替换的数据库另存）")
    p.add_argument("file", help="备份文件")
    p = add("shots", cmd_shots, "把主窗口的每个页面离屏渲染为 PNG（DIR/<页面>.png）")
    p.add_argument("--out", required=True, help="输出文件夹")
    p.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"), help="界面语言")
    # Each area registers its own subcommands; their handlers import heavy modules lazily.
    from . import cli_exchange, cli_holidays, cli_reports

    cli_exchange.register(add)
    cli_reports.register(add)
    cli_holidays.register(add)
    return parser


def _setup_logging() -> None:
    from . import logs

    try:
        logs.setup(paths.log_dir())
    except OSError:
        pass  # an unwritable log folder must not stop the work


def main(argv: Sequence[str] | None = None) -> int:
    from .domain.records import ValidationError
    from .store.errors import StoreError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        _setup_logging()
        log.info("命令：%s", getattr(args, "command", None) or "window")
        if args.selftest:
            from .selftest import run as selftest

            return selftest()
        if getattr(args, "command", None) is None:
            return _open_window(args)
        try:
            return args.func(args)
        finally:
            _close_contexts()
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except ValidationError as exc:
        log.info("输入被拒绝：%s", exc)
        _err("输入有误，未写入任何数据：")
        for error in exc.errors:
            _err(f"  - {error}")
        return EXIT_REFUSED
    except RefusedError as exc:
        log.info("输入被拒绝：%s", exc)
        _err(str(exc))
        return EXIT_REFUSED
    except StoreError as exc:
        log.warning("环境错误：%s", exc)
        _err(str(exc))
        return EXIT_ENV
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        _err("已取消。")
        return 130


if __name__ == "__main__":
    sys.exit(main())
