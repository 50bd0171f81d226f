"""Start-up recovery: a database that does not open is never written to; the window
offers the newest backup that passes the full check, or explains and quits.

The decision and the file work are plain functions (`plan_recovery`, `recover`,
`open_for_window`); the dialog only shows a `Recovery` and reports the choice, so
tests drive it without a blocking event loop: `open_for_window` hands every dialog
to an `ask` callable (`QDialog.exec` in the program, a button click in tests).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import paths
from ..domain.fields import BY_NAME
from ..services import database
from ..services.context import Context
from ..services.database import DamagedDatabaseError, NewerDatabaseError, StoreError
from .i18n import _, entity_label

DETAIL_LINES = 4


@dataclass(frozen=True)
class Recovery:
    """What start-up found wrong with the database, and the backup on offer."""

    db_path: Path
    detail: str  # the error as the store reported it
    newer: bool = False
    backup: Path | None = None
    backup_check: database.CheckResult | None = None

    @property
    def can_restore(self) -> bool:
        return not self.newer and self.backup is not None


@dataclass
class Opened:
    ctx: Context | None
    note: str = ""  # what recovery did, for the window to tell the user


def plan_recovery(db_path: Path, exc: StoreError) -> Recovery | None:
    """A Recovery for a too-new or damaged database; None for other failures
    (locked, no permission: a plain message, nothing to recover)."""
    db_path = Path(db_path)
    if isinstance(exc, NewerDatabaseError):
        return Recovery(db_path, str(exc), newer=True)
    damaged = isinstance(exc, DamagedDatabaseError) or (
        db_path.is_file() and db_path.stat().st_size > 0 and not database.check_file(db_path).ok
    )
    if not damaged:
        return None
    good = database.latest_good_backup(paths.backup_dir(db_path))
    return Recovery(
        db_path, str(exc), backup=good, backup_check=database.check_file(good) if good else None
    )


def set_aside(db_path: Path, folder: Path, now: dt.datetime | None = None) -> Path:
    """Move the damaged file (and its journals) into the backup folder, byte for byte.

    A raw move, not a backup: SQLite may not be able to read a damaged file at all, and
    whoever examines it later wants it exactly as it was. The name is outside the
    rotation's pattern, so rotation never deletes it."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = folder / f"damaged-{stamp}-{db_path.name}"
    _move(db_path, kept)
    return kept


def _move(source: Path, target: Path) -> None:
    """Move a database file with its WAL and shared-memory files (same file system)."""
    os.replace(source, target)
    for suffix in ("-wal", "-shm"):
        journal = Path(f"{source}{suffix}")
        if journal.exists():
            os.replace(journal, Path(f"{target}{suffix}"))


def recover(recovery: Recovery) -> Path:
    """Put the offered backup in place of the damaged database; returns where the
    damaged file now is. If the restore fails, the damaged file goes back."""
    if not recovery.can_restore:
        raise StoreError(_("没有可用于恢复的备份。"))
    folder = paths.backup_dir(recovery.db_path)
    kept = set_aside(recovery.db_path, folder)
    try:
        database.restore(recovery.backup, recovery.db_path, folder)  # checks the backup first
    except StoreError:
        if not recovery.db_path.exists():
            _move(kept, recovery.db_path)
        raise
    return kept


def open_for_window(db_path: Path, ask: Callable[[QDialog], int]) -> Opened:
    """Open the database for the window, offering recovery when it cannot be opened."""
    from ..app import open_context

    db_path = Path(db_path)
    try:
        return Opened(open_context(db_path, daily_backup=False))
    except StoreError as exc:
        recovery = plan_recovery(db_path, exc)
        if recovery is None:
            ask(message_box(_("无法打开数据库"), f"{db_path}\n\n{exc}"))
            return Opened(None)
    if ask(RecoveryDialog(recovery)) != QDialog.Accepted or not recovery.can_restore:
        return Opened(None)
    try:
        kept = recover(recovery)
        ctx = open_context(db_path, daily_backup=False)
    except (StoreError, OSError) as exc:
        ask(message_box(_("恢复失败"), _("未能从备份恢复，数据库文件保持原样：") + f"\n{exc}"))
        return Opened(None)
    note = _("已从备份“{backup}”恢复数据库。损坏的文件已移到：{kept}").format(
        backup=recovery.backup.name, kept=kept
    )
    return Opened(ctx, note)


def message_box(title: str, text: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Critical, title, text, parent=parent)
    box.setObjectName("startup_error")
    return box


def counts_text(check: database.CheckResult | None) -> str:
    """'社区 16 条，法律顾问 16 条，…' from a backup's check."""
    if check is None:
        return ""
    parts = [
        _("{what} {n} 条").format(what=entity_label(BY_NAME[name]), n=n)
        for name, n in check.counts.items()
        if name in BY_NAME
    ]
    return _("，").join(parts)


def _short(detail: str) -> str:
    lines = [line for line in detail.splitlines() if line.strip()]
    text = "\n".join(lines[:DETAIL_LINES])
    return text + ("\n…" if len(lines) > DETAIL_LINES else "")


class RecoveryDialog(QDialog):
    """Shows what is wrong and the backup on offer: restore and open, or quit."""

    def __init__(self, recovery: Recovery, parent: QWidget | None = None):
        super().__init__(parent)
        self.recovery = recovery
        self.setObjectName("recovery_dialog")
        self.setWindowTitle(_("数据库版本过新") if recovery.newer else _("数据库已损坏"))
        layout = QVBoxLayout(self)
        self.text = QLabel(self._text())
        self.text.setObjectName("recovery_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.text)
        detail = QLabel(_short(recovery.detail))
        detail.setObjectName("recovery_detail")
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        detail.setStyleSheet("color: gray;")
        layout.addWidget(detail)
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        if recovery.can_restore:
            self.restore_button = buttons.addButton(
                _("恢复此备份并打开"), QDialogButtonBox.AcceptRole
            )
            self.restore_button.setObjectName("restore")
            self.restore_button.setDefault(True)
        self.quit_button = buttons.addButton(_("退出"), QDialogButtonBox.RejectRole)
        self.quit_button.setObjectName("quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _text(self) -> str:
        r = self.recovery
        if r.newer:
            return (
                _("数据库“{path}”由更新版本的莲花法治工作台创建，本程序无法安全地打开它。").format(
                    path=r.db_path
                )
                + "\n"
                + _("文件没有任何改动。请安装新版本的程序后再打开。")
            )
        head = _(
            "数据库“{path}”已损坏。为保护数据，程序没有以写入方式打开它，文件保持原样。"
        ).format(path=r.db_path)
        if not r.can_restore:
            return (
                head
                + "\n\n"
                + _("在 {folder} 中没有找到可用的备份。请联系技术人员处理。").format(
                    folder=paths.backup_dir(r.db_path)
                )
            )
        taken = dt.datetime.fromtimestamp(r.backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        return "\n\n".join(
            [
                head,
                _("可以用最近的完好备份恢复（已通过完整性检查）：")
                + f"\n{r.backup.name}\n"
                + _("备份时间：{taken}").format(taken=taken)
                + "\n"
                + counts_text(r.backup_check),
                _(
                    "恢复时，损坏的文件会移到 {folder}，不会删除。备份之后录入的数据不在备份中，需要重新录入。"
                ).format(folder=paths.backup_dir(r.db_path)),
            ]
        )
