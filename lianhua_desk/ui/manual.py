"""帮助 → 使用说明: the clerk's manual (resources/manual/index.html and its pictures),
shipped with the program and shown in a QTextBrowser, so it reads the same offline and
in the packaged program (pyinstaller.spec ships resources/ whole)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..paths import resources_dir
from .i18n import _


def manual_dir() -> Path:
    return resources_dir() / "manual"


def manual_file() -> Path:
    return manual_dir() / "index.html"


class ManualDialog(QDialog):
    """The manual in its own window, beside the main one (not modal: the clerk reads
    and works at once)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manual")
        self.setWindowTitle(_("使用说明"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("manual_browser")
        # Relative <img src="images/…"> and #anchors resolve against the manual's folder.
        self.browser.setSearchPaths([str(manual_dir())])
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        path = manual_file()
        if path.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setPlainText(
                _("找不到使用说明文件：{path}。请重新安装程序。").format(path=path)
            )
        self.resize(1120, 780)


def show_manual(parent: QWidget | None = None) -> ManualDialog:
    """Open (or bring forward) the manual window of `parent`."""
    dialog = parent.findChild(ManualDialog, "manual") if parent is not None else None
    if dialog is None:
        dialog = ManualDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
