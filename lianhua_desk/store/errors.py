"""Environmental database failures, told apart from bugs.

A locked, full, read-only, corrupt or too-new database is not the user's mistake
and not a bug: it gets a plain Chinese message (exit status 3 on the command line,
a dialog in the window). Anything else propagates as the bug it is.
"""

from __future__ import annotations

import sqlite3


class StoreError(Exception):
    """The environment failed; the message is for the user, in Chinese."""


class NewerDatabaseError(StoreError):
    pass


class DamagedDatabaseError(StoreError):
    pass


class LockLostError(StoreError):
    """This process no longer holds SQLite's locks on the file (store/locks.py)."""

    def __init__(self, path) -> None:
        super().__init__(
            f"数据库文件 {path} 的锁已丢失：本程序中有别的代码打开并关闭了它，"
            "其他程序可能已把它当作无人使用。为防止损坏数据，本程序已停止保存，"
            "刚才的修改没有写入。请关闭本程序后重新打开，再运行“检查数据库”。"
        )


_MESSAGES = (
    (
        "database is locked",
        "数据库正被另一个程序使用（已等待但仍被占用），请关闭其他窗口或稍后再试。",
    ),
    ("database or disk is full", "磁盘空间已满，本次操作未写入任何数据。请清理磁盘后重试。"),
    ("readonly database", "数据库文件是只读的，无法保存。请检查文件权限。"),
    ("read-only", "数据库文件是只读的，无法保存。请检查文件权限。"),
    ("malformed", "数据库文件已损坏。请用“恢复备份”找回最近的完好备份。"),
    ("not a database", "这不是本程序的数据库文件，或文件已损坏。"),
    ("unable to open database", "无法打开数据库文件，请检查路径和权限。"),
    ("disk i/o error", "读写磁盘出错，本次操作未完成。"),
)


def translate(exc: sqlite3.Error) -> StoreError | None:
    """The user-facing error for an environmental SQLite failure, else None (a bug)."""
    text = str(exc).lower()
    for needle, message in _MESSAGES:
        if needle in text:
            return StoreError(message)
    return None
