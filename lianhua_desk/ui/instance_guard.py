"""One window per database: a lock file beside the database, held while the window is open.

Two windows on one file would each show a stale picture of the other's changes, and a
restore in one would pull the file from under the other. A command-line import is
not stopped by the guard: SQLite's own locking serialises it with the window (it
waits, then says so clearly if the window keeps the database busy too long).

QLockFile writes the holder's process id, program and host into `<db>.lock`. A
window that crashed leaves the file behind; the next start sees that the process is
gone and takes the lock over. Age alone never makes the lock stale: a window stays
open for hours.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile

from .i18n import _

log = logging.getLogger(__name__)


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


class InstanceGuard:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead holder makes the lock stale
        self.guarded = False  # False also when the folder does not allow a lock file

    def acquire(self) -> bool:
        """Take the lock. False only if another live window holds it."""
        if self._lock.tryLock(0):
            self.guarded = True
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False
        # A read-only or odd folder: no guard possible. SQLite still protects the data.
        log.warning("instance lock not available: %s (%s)", self.path, self._lock.error())
        return True

    def holder(self) -> int | None:
        """The process id of the window holding the lock, if known."""
        info = self._lock.getLockInfo()
        if isinstance(info, tuple) and info and isinstance(info[0], int) and info[0] > 0:
            return info[0]
        return None

    def message(self) -> str:
        pid = self.holder()
        who = _("（进程号 {pid}）").format(pid=pid) if pid else ""
        return (
            _("数据库“{path}”已在另一个莲花法治工作台窗口中打开{who}。").format(
                path=self.db_path, who=who
            )
            + "\n\n"
            + _("同一个数据库只能在一个窗口中打开，以免两边的修改互相覆盖。请切换到已打开的窗口。")
        )

    def release(self) -> None:
        if self.guarded:
            self._lock.unlock()
            self.guarded = False
