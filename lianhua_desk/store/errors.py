"""Environmental database failures, told apart from bugs.

A locked, full, read-only, corrupt or too-new database is not the user's mistake
and not a bug: it gets a plain Chinese message (exit status 3 on the command line,
a dialog in the window). Anything else propagates as the bug it is.

SQLite's failures are told apart by their result code (`sqlite_errorname`, Python
3.11+: SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR_WRITE …), not by the English text of
the message, which SQLite does not promise to keep.
"""

from __future__ import annotations

from ..errors import EnvironmentFailure
from .driver import sqlite3


class StoreError(EnvironmentFailure):
    """The environment failed; the message is for the user, in Chinese."""


class NewerDatabaseError(StoreError):
    pass


class DamagedDatabaseError(StoreError):
    pass


class KeyNeededError(StoreError):
    """The file is encrypted and this process has not unlocked its key (store/keyring.py)."""

    def __init__(self, path) -> None:
        super().__init__(f"数据库 {path} 已加密：请先用账户名和密码登录，才能打开它。")
        self.path = path


class LockLostError(StoreError):
    """This process no longer holds SQLite's locks on the file (store/locks.py)."""

    def __init__(self, path) -> None:
        super().__init__(
            f"数据库文件 {path} 的锁已丢失：本程序中有别的代码打开并关闭了它，"
            "其他程序可能已把它当作无人使用。为防止损坏数据，本程序已停止保存，"
            "刚才的修改没有写入。请关闭本程序后重新打开，再运行“检查数据库”。"
        )


LOCKED = "数据库正被另一个程序使用（已等待但仍被占用），请关闭其他窗口或稍后再试。"
FULL = "磁盘空间已满，本次操作未写入任何数据。请清理磁盘后重试。"
READONLY = "数据库文件是只读的，无法保存。请检查文件权限。"
CORRUPT = "数据库文件已损坏。请用“恢复备份”找回最近的完好备份。"
NOT_A_DATABASE = "这不是本程序的数据库文件，或文件已损坏。"
CANNOT_OPEN = "无法打开数据库文件，请检查路径和权限。"
IO_ERROR = "读写磁盘出错，本次操作未完成。"

# SQLite's primary result codes that the environment causes → the message for each.
# An extended code (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_FSYNC …) counts as its
# primary one. Every other code (SQLITE_ERROR: bad SQL, SQLITE_CONSTRAINT …) is a bug.
MESSAGES = {
    "SQLITE_BUSY": LOCKED,
    "SQLITE_LOCKED": LOCKED,
    "SQLITE_FULL": FULL,
    "SQLITE_READONLY": READONLY,
    "SQLITE_CORRUPT": CORRUPT,
    "SQLITE_NOTADB": NOT_A_DATABASE,
    "SQLITE_CANTOPEN": CANNOT_OPEN,
    "SQLITE_IOERR": IO_ERROR,
}


def primary_code(exc: sqlite3.Error) -> str | None:
    """'SQLITE_IOERR' for SQLITE_IOERR_WRITE and the like; None when the error did not
    come from SQLite itself (e.g. "Cannot operate on a closed database")."""
    name = getattr(exc, "sqlite_errorname", None)
    if not name:
        return None
    return "_".join(name.split("_", 2)[:2])


def translate(exc: sqlite3.Error) -> StoreError | None:
    """The user-facing error for an environmental SQLite failure, else None (a bug).

    Classified by the error's result code, not its (English) message text."""
    message = MESSAGES.get(primary_code(exc) or "")
    return StoreError(message) if message is not None else None
