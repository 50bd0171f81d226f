"""Tells the clerk at once when the window's database locks were lost.

Every write already refuses to run without its locks (store/locks.py); this watches
between writes too, so the window says so before the clerk types into a form whose
save would be refused. It reads /proc/locks every few seconds: a few hundred
microseconds.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from ..services.database import LockLostError, locks_lost
from . import errors
from .i18n import _

INTERVAL_MS = 2000


class LockMonitor(QObject):
    def __init__(self, window: QMainWindow, host) -> None:
        super().__init__(window)
        self.window, self.host = window, host
        self.banner = QLabel(_("只读：数据库锁已丢失，已停止保存，请重新打开程序"))
        self.banner.setObjectName("lock_banner")
        self.banner.setStyleSheet("color: white; background: #b3261e; padding: 1px 6px;")
        self.banner.hide()
        window.statusBar().addPermanentWidget(self.banner)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> bool:
        """True while the locks are held; on the first loss, says so once."""
        db = self.host.ctx.db
        if not locks_lost(db):
            return True
        self.timer.stop()
        self.banner.show()
        errors.show_store_error(LockLostError(db.lock_watch.path), self.window)
        return False
