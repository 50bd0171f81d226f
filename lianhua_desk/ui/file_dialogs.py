"""File dialogs that never open the files they list.

POSIX advisory locks belong to the whole process: when any code in it opens and then
closes a file that SQLite holds locked, every lock SQLite holds on that file is gone
(sqlite.org, "How To Corrupt An SQLite Database File", 2.2). Qt's file dialog asks
QMimeDatabase for each listed file's type and icon, and for a name that does not
settle the type (`lianhua.db`, `lianhua.db-wal`, `lianhua.db-shm`) it opens the file
to read its first bytes. Shown on the database's folder, the dialog silently dropped
the window's locks; a command run beside the window then took the database for unused
and deleted its -wal under it (issue 10).

So every dialog of the window is built here: Qt's own widget dialog (a platform dialog
such as GTK's sniffs content the same way, out of our reach) with an icon provider
that judges a file by its name alone. On Windows, locks belong to a file handle, not
to the process, and the native dialog is kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo, QIdentityProxyModel, QLocale, QStandardPaths, Qt
from PySide6.QtCore import QMimeDatabase as _MimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from ..services.database import open_database_file
from . import errors
from .i18n import _

_BY_NAME = _MimeDatabase.MatchMode.MatchExtension
_last_folder: Path | None = None


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from a file's name, never from its content."""

    def __init__(self) -> None:
        super().__init__()
        self._mimes = _MimeDatabase()

    def _mime(self, info: QFileInfo):
        return self._mimes.mimeTypeForFile(info.fileName(), _BY_NAME)

    def icon(self, what):  # noqa: D401 - Qt API (overloaded: IconType or QFileInfo)
        if not isinstance(what, QFileInfo):
            return super().icon(what)
        if what.isDir():
            return super().icon(QAbstractFileIconProvider.IconType.Folder)
        themed = QIcon.fromTheme(self._mime(what).iconName())
        return (
            themed if not themed.isNull() else super().icon(QAbstractFileIconProvider.IconType.File)
        )

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt API
        if info.isDir():
            return _("文件夹")
        return self._mime(info).comment()


_MODIFIED = 3  # QFileSystemModel's column "Date Modified"


class LocalDates(QIdentityProxyModel):
    """The detail view's dates as the program writes them (2026-11-30 08:38).
    QFileSystemModel formats them with the system locale, which on a machine set to
    C or English reads "30 11 2026" even in the Chinese window; the program's own
    locale (QLocale.setDefault, set by i18n) cannot reach it."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.column() == _MODIFIED and role == Qt.ItemDataRole.DisplayRole:
            source = self.sourceModel()
            when = source.lastModified(self.mapToSource(index))
            return QLocale().toString(when, "yyyy-MM-dd HH:mm")
        return super().data(index, role)


def _native_is_safe() -> bool:
    return sys.platform == "win32"


def make_dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    """The one way the window builds a file dialog (tests drive it directly)."""
    dialog = QFileDialog(parent, caption, folder, filters)
    if not _native_is_safe():
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(NameOnlyIconProvider())
        dialog.setProxyModel(LocalDates(dialog))
    return dialog


def _start_folder() -> str:
    if _last_folder is not None and _last_folder.is_dir():
        return str(_last_folder)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def _run(dialog: QFileDialog, suggested_name: str | None) -> str | None:
    """The chosen path; never one of the open database's own files (reading or
    overwriting it as an ordinary file would drop its locks, or worse)."""
    global _last_folder
    parent = dialog.parentWidget()
    if suggested_name:
        dialog.selectFile(suggested_name)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        chosen = dialog.selectedFiles()[0]
        if open_database_file(chosen) is not None:
            errors.show_message(
                _("不能选择这个文件"),
                _("“{name}”是本程序正在使用的数据库文件，不能在这里打开或覆盖它。").format(
                    name=Path(chosen).name
                ),
                parent,
            )
            return None
        _last_folder = Path(chosen).parent
        return chosen
    finally:
        dialog.deleteLater()  # its file system model and watcher go with it


def save_file(
    parent: QWidget | None,
    caption: str,
    suggested_name: str,
    filters: str,
    folder: str | None = None,
) -> str | None:
    """Ask where to save; None when the clerk cancels."""
    dialog = make_dialog(parent, caption, folder or _start_folder(), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(suggested_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    return _run(dialog, suggested_name)


def open_file(
    parent: QWidget | None, caption: str, filters: str, folder: str | None = None
) -> str | None:
    """Ask which existing file to open; None when the clerk cancels."""
    dialog = make_dialog(parent, caption, folder or _start_folder(), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog, None)
