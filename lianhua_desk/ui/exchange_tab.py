"""数据交换: export, template, import with preview, import history.

The work is done by services.exchange (import_workbook / export_workbook /
write_template); this tab only gathers the choices and shows the results.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .host import Host
from .i18n import _


def exchange_service():
    try:
        return importlib.import_module("lianhua_desk.services.exchange")
    except ImportError:
        return None


class ExchangeTab(QWidget):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_exchange")
        layout = QVBoxLayout(self)
        self.note = QLabel(_("数据交换功能尚未安装。"))
        layout.addWidget(self.note)
        layout.addStretch(1)
