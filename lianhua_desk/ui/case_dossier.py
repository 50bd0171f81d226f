"""打印卷宗…: the selected case's whole dossier (services/dossier.py) as one PDF,
written on the background worker; where it went and any warning (a character no
font has) reported as the other documents are (ui/report_actions.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from ..errors import RefusedInput
from ..services.reports import ReportRefused
from . import errors, file_dialogs, report_actions
from .host import Host
from .i18n import _
from .tasks import report_failure


def suggested_name(case: dict) -> str:
    return f"{_('卷宗')}-{case['case_no']}.pdf".replace("/", "-")


def print_dossier(host: Host, case: dict, parent: QWidget | None = None, on_done=None):
    """Ask where to save (file_dialogs: the database's locks stay safe), then write."""
    path = file_dialogs.save_file(parent, _("保存卷宗"), suggested_name(case), "PDF (*.pdf)")
    if not path:
        return None
    case_id, out = case["id"], Path(path)

    def work(ctx, progress):
        progress.check()
        from ..services import dossier  # reportlab: loaded when a dossier is printed

        return dossier.write_dossier(ctx, case_id, out)

    def done(result) -> None:
        written = result.path
        host.status.emit(_("已保存：") + str(written))
        warnings = result.warnings
        if warnings:
            head = _("卷宗 {no} 已保存，但请注意：").format(no=case["case_no"])
            host.show_warnings([head, *warnings], parent)
        if on_done is not None:
            on_done(result)
        elif report_actions.OPEN_AFTER_WRITING:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

    def failed(info) -> None:
        exc = info[1]
        if isinstance(exc, (RefusedInput, ReportRefused)):  # the records cannot make it
            errors.show_message(_("无法生成"), str(exc), parent)
        else:
            report_failure(info)

    return host.runner.run(_("正在生成卷宗…"), work, done, failed, parent)
