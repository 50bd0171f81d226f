"""The command line's words, all Chinese (spec/cli.md): argparse's own strings, the
sentence for an operating-system error, the missing-database refusal, the --out rule.

Nothing here imports more than the standard library, so every command stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .os_errors import os_error_exit, os_error_message  # noqa: F401 - re-exported

# --- argparse -----------------------------------------------------------------------------
#
# argparse looks up the module-global names `_` and `ngettext` when it formats help and
# errors (`from gettext import gettext as _, ngettext`); install() points them at this
# catalogue. The msgids are argparse's own in Python 3.11–3.13 (3.9–3.10 said "optional
# arguments"); a string not listed is left as it was.

ARGPARSE_ZH: dict[str, str] = {
    # help
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    "subcommands": "子命令",
    "%(heading)s:": "%(heading)s：",
    " (default: %(default)s)": "（默认：%(default)s）",
    # usage errors
    "%(prog)s: error: %(message)s\n": "%(prog)s：用法错误：%(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：提示：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "此选项不带值，多余的值：%r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "unexpected option string: %s": "此处不应出现选项：%s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的%(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "“%(value)s”不是可选的值（可选：%(choices)s）"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有“%(parser_name)s”这个命令（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "argument '%(argument_name)s' is deprecated": "参数“%(argument_name)s”已不再使用",
    "option '%(option)s' is deprecated": "选项“%(option)s”已不再使用",
    "command '%(parser_name)s' is deprecated": "命令“%(parser_name)s”已不再使用",
    # mistakes in building a parser (a programmer sees these, never a user)
    "'required' is an invalid argument for positionals": "位置参数不能设置 required",
    "%r is not callable": "%r 不可调用",
    ".__call__() not defined": "未定义 .__call__()",
    'argument "-" with mode %r': "参数“-”的模式为 %r",
    "cannot merge actions - two groups are named %r": "无法合并：两个参数组都名为 %r",
    "conflicting subparser: %s": "子命令重名：%s",
    "conflicting subparser alias: %s": "子命令别名重名：%s",
    "dest= is required for options like %r": "%r 这样的选项须指定 dest=",
    "invalid conflict_resolution value: %r": "conflict_resolution 的值无效：%r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "选项名 %(option)r 无效：须以 %(prefix_chars)r 中的字符开头"
    ),
    "mutually exclusive arguments must be optional": "互斥的参数必须是可选参数",
}

ARGPARSE_ZH_PLURAL: dict[str, str] = {
    "expected %s argument": "需要 %s 个值",
    "conflicting option string: %s": "选项名冲突：%s",
}


def gettext_zh(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def ngettext_zh(singular: str, plural: str, n: int) -> str:
    if singular in ARGPARSE_ZH_PLURAL:
        return ARGPARSE_ZH_PLURAL[singular]
    return singular if n == 1 else plural


def install() -> None:
    """Make argparse speak Chinese (idempotent; affects this process's argparse)."""
    argparse._ = gettext_zh  # type: ignore[attr-defined]
    argparse.ngettext = ngettext_zh  # type: ignore[attr-defined]


def _typed(convert, name: str):
    """A type= function whose name argparse shows in 'invalid %(type)s value'."""

    def parse(text: str):
        return convert(text)

    parse.__name__ = parse.__qualname__ = name
    return parse


INTEGER = _typed(int, "整数")  # use instead of type=int: the error then says 整数


# --- the database --------------------------------------------------------------------------


def missing_database(path: Path) -> str:
    return (
        f"数据库文件不存在：{path}"
        "（请检查 --db 或环境变量 LIANHUA_DB；新建数据库请用 lianhua-desk demo 或打开窗口）"
    )


def database_is_folder(path: Path) -> str:
    return f"数据库路径是一个文件夹，不是数据库文件：{path}（请检查 --db 或环境变量 LIANHUA_DB）"


# --- output files ---------------------------------------------------------------------------

KIND_NAMES = {".pdf": "PDF 文件", ".xlsx": "Excel 工作簿", ".db": "数据库文件", ".png": "PNG 图片"}


def wrong_suffix(path: Path, suffixes: tuple[str, ...]) -> str | None:
    """Why `path` does not suit a command that writes one of `suffixes`; None if it does."""
    if path.suffix.lower() in suffixes:
        return None
    expected = " 或 ".join(suffixes)
    kind = f"（本命令写出 {KIND_NAMES[suffixes[0]]}）" if len(suffixes) == 1 else ""
    return f"输出文件须以 {expected} 结尾{kind}：{path}"


def unusable_output(path: Path) -> str | None:
    """Why nothing can be written at `path` (checked before any work); None if it can."""
    if path.is_dir():
        return f"无法写入 {path}：这是一个文件夹，请给出文件名"
    parent = path.parent
    if not parent.exists():
        return f"无法写入 {path}：文件夹不存在"
    if not parent.is_dir():
        return f"无法写入 {path}：{parent} 不是文件夹"
    return None
