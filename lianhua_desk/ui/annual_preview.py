"""The annual report's pages as they will print: the real PDF (`reports.annual.write`)
written on the background worker and shown with QtPdf, so the preview is the file
the clerk will sign, not an imitation of it.

The PDF goes back to the window as bytes (the temporary file is gone before the
GUI thread sees it: no file stays open, which Windows would lock). A refresh asked
for while one is being written runs once more after it, with the latest words.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..errors import LianhuaError
from ..services.reports import ReportRefused
from .host import Host
from .i18n import _
from .tasks import Cancelled, report_failure

DEBOUNCE_MS = 600  # a save or a record change refreshes the pages this long after


def write_pdf(ctx, year: int, today: dt.date | None) -> bytes:
    """The year's report as the PDF renderer writes it (on the worker)."""
    from ..reports import annual

    with tempfile.TemporaryDirectory(prefix="lianhua-preview-") as folder:
        out = Path(folder) / "preview.pdf"
        written = annual.write(ctx, year, out, today=today)
        return Path(written or out).read_bytes()


class AnnualPreview(QWidget):
    """The pages of one year's report; `refresh()` re-renders them (debounced)."""

    rendered = Signal(int)  # the page count, after each render

    def __init__(self, host: Host, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.host, self.year = host, year
        self.setObjectName("annual_preview")
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("preview_pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(_("正在生成预览…"))
        self.status.setObjectName("preview_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self._buffer: QBuffer | None = None
        self._running = False
        self._again = False
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.render_now)

    def refresh(self) -> None:
        """Render again shortly (several asks in a row make one render)."""
        self._timer.start()

    def render_now(self) -> None:
        self._timer.stop()
        if self._running:
            self._again = True
            return
        self._running = True
        self.status.setText(_("正在生成预览…"))
        year, today = self.year, self.host.today()

        def work(ctx, progress):
            progress.check()
            return write_pdf(ctx, year, today)

        self.host.runner.run(
            _("正在生成预览…"), work, self._show, self._failed, self, cancellable=False
        )

    def _show(self, data: bytes) -> None:
        old = self._buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        pages = self.document.pageCount()
        self.status.setText(_("预览与生成的 PDF 相同，共 {n} 页。").format(n=pages))
        self._finished()
        self.rendered.emit(pages)

    def _failed(self, info: tuple) -> None:
        exc = info[1]
        if not isinstance(exc, Cancelled):
            self.status.setText(_("预览生成失败：") + str(exc))
        if not isinstance(exc, (LianhuaError, ReportRefused)):
            report_failure(info)  # a bug: the crash dialog, as for any other job
        self._finished()

    def _finished(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.refresh()
