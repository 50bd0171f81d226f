"""Errors in the window: a user's mistake, the environment, or a bug.

- ValidationError (the user's input): a message, next to the field where possible.
- StoreError (locked, full, read-only, damaged database): a plain message box.
- anything else is a bug: the crash dialog shows it and saves a report to the log
  folder so it can be sent to whoever maintains the program.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import __version__, paths
from ..domain.records import ValidationError
from ..store.errors import StoreError
from .i18n import _

log = logging.getLogger(__name__)


def _parent() -> QWidget | None:
    app = QApplication.instance()
    return app.activeWindow() if app is not None else None


def show_message(title: str, text: str, parent: QWidget | None = None) -> QMessageBox:
    """A warning that does not block the event loop (window-modal when it has a parent)."""
    box = QMessageBox(QMessageBox.Warning, title, text, parent=parent or _parent())
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.setObjectName("message")
    box.open()
    return box


def show_store_error(exc: StoreError, parent: QWidget | None = None) -> QMessageBox:
    return show_message(_("数据库错误"), str(exc), parent)


def show_validation_error(exc: ValidationError, parent: QWidget | None = None) -> QMessageBox:
    return show_message(_("输入有误"), "\n".join(str(e) for e in exc.errors), parent)


def save_crash_report(exc_type, exc, tb, folder: Path | None = None) -> Path:
    """Write the traceback to a dated file in the log folder; returns its path.

    Only the traceback is written (no local variables), so no personal data leaks."""
    folder = folder or paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}.txt"
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    path.write_text(
        f"Lianhua Desk {__version__}\nPython {sys.version}\n{platform.platform()}\n\n{body}",
        encoding="utf-8",
    )
    return path


class CrashHandler:
    """sys.excepthook for the window's lifetime."""

    def __init__(self, log_folder: Path | None = None, interactive: bool = True):
        self.log_folder = log_folder
        self.interactive = interactive
        self.reports: list[Path] = []
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def __call__(self, exc_type, exc, tb) -> None:
        if isinstance(exc, StoreError):
            if self.interactive:
                show_store_error(exc)
            return
        if isinstance(exc, ValidationError):
            if self.interactive:
                show_validation_error(exc)
            return
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        try:
            path = save_crash_report(exc_type, exc, tb, self.log_folder)
        except OSError:
            path = None
        self.reports.append(path)
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        if self.interactive:
            self._dialog(exc_type, exc, tb, path)

    def _dialog(self, exc_type, exc, tb, path: Path | None) -> None:
        box = QMessageBox(_parent())
        box.setIcon(QMessageBox.Critical)
        box.setWindowTitle(_("程序出错"))
        where = (_("错误报告已保存到：") + str(path)) if path else _("错误报告未能保存。")
        box.setText(
            _("程序遇到了意外错误。已保存的数据不受影响，未完成的操作已撤销。") + "\n" + where
        )
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.exec()
