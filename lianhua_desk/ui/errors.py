"""Errors in the window: a user's mistake, the environment, or a bug.

The two branches of lianhua_desk.errors.LianhuaError:
- RefusedInput (ValidationError, RefusedFile, …: the user's input): "输入有误", one
  line per problem (a form also shows each next to its field).
- EnvironmentFailure (StoreError: locked, full, read-only, damaged database; a lost
  lock): "数据库错误", a plain message box.
- anything else is a bug: the crash dialog shows it and saves a report to the log
  folder so it can be sent to whoever maintains the program.

Their messages are Chinese, written by the domain, the store and the exchange. In
English mode each message (each field's label and reason) is shown in English when
the catalogue has it, else in Chinese as written.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from .. import __version__, paths
from ..domain.fields import ENTITIES
from ..domain.records import FieldError, ValidationError
from ..errors import EnvironmentFailure, LianhuaError, RefusedInput
from . import i18n
from .i18n import _
from .strings_en import STRINGS_EN

log = logging.getLogger(__name__)


def _parent() -> QWidget | None:
    """The window a message belongs to: the active one, but never a background job's
    progress dialog, which is deleted as the job ends and would take the message with it."""
    app = QApplication.instance()
    window = app.activeWindow() if app is not None else None
    while isinstance(window, QProgressDialog):
        owner = window.parentWidget()
        window = owner.window() if owner is not None else None
    return window


_unparented: set[QMessageBox] = set()  # boxes with no window to own them, while shown


def show_message(title: str, text: str, parent: QWidget | None = None) -> QMessageBox:
    """A warning that does not block the event loop (window-modal when it has a parent)."""
    box = QMessageBox(QMessageBox.Warning, title, text, parent=parent or _parent())
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.setObjectName("message")
    if box.parent() is None:
        # No active window (the clerk is in another program while a job fails): nothing
        # owns the box, and Python would delete it the moment the caller drops it.
        _unparented.add(box)
        box.finished.connect(lambda _result, b=box: _unparented.discard(b))
    box.open()
    return box


def message(text: str) -> str:
    """A message written in Chinese by the domain or the store, in the window's
    language: through `_()` when the catalogue has an English entry for it, else as
    written (a message that quotes a value has none; it is not counted as missing)."""
    return _(text) if text in STRINGS_EN else text


def _label(error: FieldError) -> str:
    for entity in ENTITIES:
        field = entity.by_name.get(error.field)
        if field is not None and field.label == error.label:
            return i18n.label(field)
    return message(error.label)


def _field_error(error: FieldError) -> str:
    if not i18n.is_english():
        return str(error)
    label, reason = _label(error), message(error.reason)
    return f"{label}: {reason}" if label else reason


def reasons(exc: LianhuaError) -> list[str]:
    """The error's lines as the window shows them (translated where possible)."""
    if isinstance(exc, ValidationError):
        return [_field_error(e) for e in exc.errors]
    return [message(r) for r in exc.reasons]


def show_environment_failure(exc: EnvironmentFailure, parent: QWidget | None = None) -> QMessageBox:
    """Locked, full, read-only or damaged database (and the like): a plain message."""
    return show_message(_("数据库错误"), "\n".join(reasons(exc)), parent)


def show_refused(exc: RefusedInput, parent: QWidget | None = None) -> QMessageBox:
    """The user's input was refused: one line per problem."""
    return show_message(_("输入有误"), "\n".join(reasons(exc)), parent)


def show_error(exc: LianhuaError, parent: QWidget | None = None) -> QMessageBox:
    """Either branch: refused input or an environment failure."""
    if isinstance(exc, RefusedInput):
        return show_refused(exc, parent)
    return show_environment_failure(exc, parent)


# The names the tabs and dialogs call (kept: other modules use them).
show_store_error = show_environment_failure
show_validation_error = show_refused


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
        if isinstance(exc, LianhuaError):  # refused input or the environment: not a bug
            if self.interactive:
                show_error(exc)
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
