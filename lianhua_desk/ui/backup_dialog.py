"""What the 数据 menu does: back up, restore from a backup, check the database.

The main window builds its 数据 menu and calls a DataActions; this module does not
import the main window (the window that owns the actions reopens itself).
The work is services.database's (the same functions as `lianhua-desk backup /
restore / check`), run on the background worker. A restore is checked before anything is
replaced; then every connection of this window is closed (Windows cannot replace an
open file), store.backup.restore keeps the current file as a 'replaced' backup and
puts the backup in place, and a new window opens on the restored file. If the
restore fails, the new window opens on the untouched database and says why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import database as backups
from ..services.database import StoreError
from ..services.permissions import NotPermitted, require
from . import errors, file_dialogs
from .i18n import _
from .recovery import counts_text
from .tasks import TaskRunner, report_failure


class FileRunner(TaskRunner):
    """The background worker for file work while the database is closed: jobs get
    no database connection (opening one would hold the file being replaced)."""

    def worker_context(self):
        return None


def info_box(parent: QWidget, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Information, title, text, parent=parent)
    box.setObjectName("data_message")
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    return box


class DataActions(QObject):
    """Backup, restore and check for a window. What it uses of the window: db_path,
    host (its context), runner, statusBar(), save_state(), hide() and reopen() (a new
    window on the same file; this one closes)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last_message: QMessageBox | None = None  # tests read what was said
        self.confirm_box: QMessageBox | None = None
        self.chooser: BackupChooser | None = None

    @property
    def db_path(self) -> Path:
        return self.window.db_path

    @property
    def folder(self) -> Path:
        return self.window.host.ctx.backup_dir

    def _say(self, title: str, text: str) -> None:
        self.window.statusBar().showMessage(text.splitlines()[0], 8000)
        self.last_message = info_box(self.window, title, text)

    # --- backup -----------------------------------------------------------------------------

    def backup(self):
        def work(ctx, _progress):
            return backups.backup_as(ctx)  # refused for an account that may not back up

        def done(path: Path) -> None:
            self._say(_("备份完成"), _("已备份到：") + str(path))

        return self.window.runner.run(
            _("正在备份数据库…"), work, done, parent=self.window, cancellable=False
        )

    # --- check ------------------------------------------------------------------------------

    def check(self):
        path = self.db_path

        def work(_ctx, _progress):
            return backups.check_file(path)

        def done(result: backups.CheckResult) -> None:
            if result.ok:
                text = _("检查通过：{path}（结构版本 {v}）").format(
                    path=path, v=result.schema_version
                )
                self._say(_("检查数据库"), text + "\n" + counts_text(result))
            else:
                text = _("检查未通过：{path}").format(path=path)
                self._say(_("检查数据库"), text + "\n" + "\n".join(result.problems[:5]))

        return self.window.runner.run(
            _("正在检查数据库…"), work, done, parent=self.window, cancellable=False
        )

    # --- restore ----------------------------------------------------------------------------

    def choose_backup(self) -> BackupChooser:
        self.chooser = BackupChooser(self.folder, self.window)
        self.chooser.accepted.connect(lambda: self.restore_from(self.chooser.selected()))
        self.chooser.open()
        return self.chooser

    def restore_from(self, source: Path | None):
        """Check the chosen backup on the worker; if it is good, ask to confirm."""
        if source is None:
            return None
        try:  # the menu item is greyed out for other roles; the service decides
            require(self.window.host.ctx, "restore")
        except NotPermitted as exc:
            errors.show_message(_("从备份恢复"), str(exc), self.window)
            return None
        if self.window.runner.busy:
            self._say(_("从备份恢复"), _("请等待当前操作完成后再恢复。"))
            return None

        def work(_ctx, _progress):
            return backups.check_file(source)

        def done(result: backups.CheckResult) -> None:
            if not result.ok:
                self._say(
                    _("从备份恢复"),
                    _("备份文件未通过检查，未做任何替换：") + "\n" + "\n".join(result.problems[:5]),
                )
                return
            self.confirm(source, result)

        return self.window.runner.run(
            _("正在检查备份…"), work, done, parent=self.window, cancellable=False
        )

    def confirm(self, source: Path, result: backups.CheckResult) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Question,
            _("从备份恢复"),
            _("用备份“{name}”替换当前数据库？").format(name=source.name)
            + "\n"
            + counts_text(result)
            + "\n\n"
            + _("当前数据库会先另存为备份（文件名含 replaced），然后重新打开窗口。"),
            QMessageBox.Yes | QMessageBox.Cancel,
            self.window,
        )
        box.setObjectName("confirm_restore")
        box.setDefaultButton(QMessageBox.Cancel)
        box.button(QMessageBox.Yes).setText(_("恢复"))
        box.buttonClicked.connect(
            lambda button: (
                self.replace(source) if box.standardButton(button) == QMessageBox.Yes else None
            )
        )
        self.confirm_box = box
        box.open()
        return box

    def replace(self, source: Path) -> None:
        """Close this window's connections, restore on a worker, open a new window."""
        window = self.window
        target, folder = self.db_path, self.folder
        window.save_state()
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # no window is shown for a moment
        window.hide()
        window.runner.shutdown()
        window.host.ctx.db.close()
        self.file_runner = FileRunner(target, window.host.ctx.actor, self)

        def work(_ctx, _progress):
            return backups.restore(source, target, folder)

        def finish(message: str, failed: bool) -> None:
            self.file_runner.shutdown()  # its one job is done: stop its thread
            new = window.reopen()
            app.setQuitOnLastWindowClosed(quit_on_close)
            if failed:
                errors.show_message(_("恢复失败"), message, new)
            else:
                new.data_actions._say(_("恢复完成"), message)

        def done(kept: Path | None) -> None:
            text = _("已从 {source} 恢复。").format(source=source.name)
            if kept is not None:
                text += "\n" + _("被替换的数据库已另存为：") + str(kept)
            finish(text, failed=False)

        def failed(info) -> None:
            if isinstance(info[1], StoreError):  # restore() refused or the disk failed
                finish(str(info[1]) + "\n" + _("当前数据库保持原样。"), failed=True)
            else:
                finish(_("当前数据库保持原样。"), failed=True)
                report_failure(info)  # a bug: the crash dialog

        self.file_runner.run(_("正在恢复数据库…"), work, done, failed, None, cancellable=False)


class BackupChooser(QDialog):
    """The backups beside the database, newest first, or any other file."""

    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.setObjectName("backup_chooser")
        self.setWindowTitle(_("从备份恢复"))
        self.other: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("备份文件夹：") + str(folder)))
        self.list = QListWidget()
        self.list.setObjectName("backups")
        for path in backups.list_backups(folder):
            taken = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            size = path.stat().st_size / 1_000_000
            item = QListWidgetItem(f"{taken}    {path.name}    {size:.1f} MB")
            item.setData(Qt.UserRole, str(path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            layout.addWidget(QLabel(_("还没有备份。")))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("从所选备份恢复"), QDialogButtonBox.AcceptRole)
        self.ok.setEnabled(self.list.count() > 0)
        other = QPushButton(_("选择其他文件…"))
        other.clicked.connect(self._pick_other)
        buttons.addButton(other, QDialogButtonBox.ActionRole)
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _pick_other(self) -> None:
        name = file_dialogs.open_file(
            self, _("选择备份文件"), _("数据库文件 (*.db);;所有文件 (*)"), folder=str(self.folder)
        )
        if name:
            self.other = Path(name)
            self.accept()

    def selected(self) -> Path | None:
        if self.other is not None:
            return self.other
        item = self.list.currentItem()
        return Path(item.data(Qt.UserRole)) if item is not None else None
