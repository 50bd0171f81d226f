"""文件 → 节假日调整: enter the days the holiday library does not know yet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from .conftest import settle


def test_entering_and_removing_a_make_up_working_day(qtbot, window, demo_ctx):
    dialog = window.open_holidays()
    dialog.year.setValue(2100)
    assert "尚未包含" in dialog.coverage.text()
    dialog.year.setValue(2020)
    assert "已由节假日库提供" in dialog.coverage.text()

    dialog.date.setDate(QDate(2099, 2, 8))  # a Sunday
    dialog.kind.setCurrentIndex(dialog.kind.findData("workday"))
    dialog.name.setText("春节调休")
    assert dialog.add()
    assert dialog.year.value() == 2099 and dialog.table.rowCount() == 1
    texts = [dialog.table.item(0, c).text() for c in range(4)]
    assert texts == ["2099-02-08", "星期日", "调休上班", "春节调休"]
    assert demo_ctx.calendar().is_workday(dt.date(2099, 2, 8))

    dialog.table.selectRow(0)
    assert dialog.remove_selected()
    assert dialog.table.rowCount() == 0
    assert not demo_ctx.calendar().is_workday(dt.date(2099, 2, 8))
    settle(qtbot, window)


def test_removing_without_a_selection_says_what_to_do(qtbot, window):
    dialog = window.open_holidays()
    assert not dialog.remove_selected()
    assert "请先在表中选择" in dialog.message.text()
