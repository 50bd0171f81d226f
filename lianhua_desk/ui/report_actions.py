"""Writing documents from the window: each runs on the background worker.

The document modules live in `lianhua_desk.reports` (one module per document, each
with `write(ctx, ..., out)`); they are imported only when first used, so the window
starts without reportlab.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from . import errors
from .host import Host
from .i18n import _
from .tasks import report_failure

# Open a written document with the system's viewer (off in tests and shots).
OPEN_AFTER_WRITING = True


def _module(name: str):
    try:
        return importlib.import_module(f"lianhua_desk.reports.{name}")
    except ImportError:
        return None


def available(name: str) -> bool:
    """Whether the document module is installed, without importing it (reportlab
    takes a quarter of a second to import; the window must start faster)."""
    return importlib.util.find_spec(f"lianhua_desk.reports.{name}") is not None


def write_document(
    host: Host,
    module_name: str,
    args: tuple,
    out: str | Path,
    parent: QWidget | None = None,
    on_done=None,
    function: str = "write",
    **kwargs,
):
    """Write one document in the background; report where it went."""
    module = _module(module_name)
    if module is None or not hasattr(module, function):
        errors.show_message(_("暂不可用"), _("此文书的生成功能尚未安装。"), parent)
        return None

    def work(ctx, progress):
        progress.check()
        return getattr(module, function)(ctx, *args, out, **kwargs)

    def done(path) -> None:
        host.status.emit(_("已保存：") + str(path or out))
        if on_done is not None:
            on_done(Path(path or out))
        elif OPEN_AFTER_WRITING:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path or out)))

    def failed(info) -> None:
        exc = info[1]
        if type(exc).__name__ == "ReportRefused":  # the input cannot make this document
            errors.show_message(_("无法生成"), str(exc), parent)
        else:
            report_failure(info)

    return host.runner.run(_("正在生成文书…"), work, done, failed, parent)


def agreement(host: Host, case_no: str, out: str, parent=None, on_done=None):
    return write_document(
        host, "agreement", (case_no,), out, parent, on_done, function="write_agreement"
    )


def case_cover(host: Host, case_no: str, out: str, parent=None, on_done=None):
    return write_document(
        host, "agreement", (case_no,), out, parent, on_done, function="write_cover"
    )
