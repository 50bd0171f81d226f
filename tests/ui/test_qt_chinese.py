"""Qt's own dialogs speak Chinese: the widget file dialog (every label, button and
tooltip, the detail view's header and dates), QMessageBox's standard buttons and
the calendar. Real widgets on the offscreen platform, Qt's real catalogues."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCalendarWidget,
    QDateEdit,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTreeView,
)

from lianhua_desk.ui import file_dialogs, i18n
from tests.platforms import WINDOWS

ENGLISH = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese_qt(qapp):
    before = QLocale()
    translators = i18n.install_qt_translations(qapp)
    yield translators
    for t in translators:
        qapp.removeTranslator(t)
    QLocale.setDefault(before)


def _texts(dialog) -> list[str]:
    """Every text the clerk sees on the dialog: title, labels, buttons, tooltips."""
    texts = [dialog.windowTitle()]
    for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if w.isVisible():
            texts += [w.text(), w.toolTip()]
    return [t for t in texts if t]


def _detail_view(qtbot, dialog) -> QTreeView:
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) > 0)
    return view


@pytest.mark.parametrize("mode", ["open", "save"])
def test_the_file_dialog_has_no_english(qtbot, chinese_qt, tmp_path, mode):
    (tmp_path / "台账.xlsx").write_bytes(b"")
    dialog = file_dialogs.make_dialog(None, "选择文件", str(tmp_path), "表格 (*.xlsx)")
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = _detail_view(qtbot, dialog)
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    texts = _texts(dialog) + headers
    english = [t for t in texts if ENGLISH.search(t.replace("(&", "").replace("&", ""))]
    assert english == [], english
    joined = " ".join(texts)
    for word in ("查找范围", "文件名称", "文件类型", "取消", "详情视图", "修改日期"):
        assert word in joined, (word, texts)
    assert ("打开" if mode == "open" else "保存") in joined
    row = model.index(0, 3, view.rootIndex())
    # the program's date form, not the system locale's "30 11 2026"; on Windows, Qt
    # takes the system's own short date, 2026/11/30 on a Chinese Windows
    date = r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}" if WINDOWS else r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
    assert re.fullmatch(date, row.data()), row.data()


def test_message_box_buttons_are_chinese(qtbot, chinese_qt):
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "标题",
        "正文",
        buttons.Ok | buttons.Cancel | buttons.Yes | buttons.No | buttons.Save | buttons.Close,
    )
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert "确定" in texts and "取消" in texts and "保存" in texts
    assert not [t for t in texts if ENGLISH.search(t.replace("(&", ""))], texts


def test_calendar_and_dates_are_chinese(qtbot, chinese_qt):
    assert QLocale().language() == QLocale.Language.Chinese
    assert QLocale().monthName(11) == "十一月"
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setSelectedDate(QDate(2026, 11, 30))
    calendar.show()
    shown = [b.text() for b in calendar.findChildren(QAbstractButton) if b.text()]
    assert "十一月" in shown, shown
    edit = QDateEdit(QDate(2026, 11, 30))
    qtbot.addWidget(edit)
    assert "2026" in edit.text() and not ENGLISH.search(edit.text())


def test_the_mnemonic_goes_back_the_chinese_way():
    assert i18n._mnemonic("Files of &type:") == "T"
    assert i18n._mnemonic("Tom && Jerry") == ""
    assert i18n._with_mnemonic("文件类型：", "T") == "文件类型(&T)："
    assert i18n._with_mnemonic("删除", "D") == "删除(&D)"
