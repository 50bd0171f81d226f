"""The rotation preview says plainly when a year in the range has no holiday data,
and 生成 waits for the clerk's explicit confirmation."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from lianhua_desk.domain import workcalendar
from lianhua_desk.services import records
from lianhua_desk.ui.roster_dialog import RosterDialog


def test_a_rotation_into_an_unknown_year_needs_a_tick_before_generating(
    qtbot, empty_window, ctx, monkeypatch
):
    monkeypatch.setattr(workcalendar, "library_covers", lambda year: year <= 2026)
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    records.create(
        ctx,
        "advisors",
        {"name": "李娜", "firm": "广东莲城律师事务所", "community_id": community["id"]},
    )
    dialog = RosterDialog(empty_window.host, community["id"], empty_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date_from.setDate(QDate(2027, 1, 1))
    dialog.date_to.setDate(QDate(2027, 3, 31))
    dialog.update_preview()
    assert dialog.plan.dates
    assert dialog.uncovered.isVisible()
    assert "2027 年的法定节假日尚未收录" in dialog.uncovered.text()
    assert "文件 → 节假日调整…" in dialog.uncovered.text()
    assert dialog.confirm_uncovered.isVisible() and not dialog.confirm_uncovered.isChecked()
    assert not dialog.generate_button.isEnabled()
    dialog.generate()  # Ctrl+Enter or a stray call: still nothing written
    assert ctx.db["shifts"].count == 0

    dialog.confirm_uncovered.setChecked(True)
    assert dialog.generate_button.isEnabled()
    qtbot.mouseClick(dialog.generate_button, Qt.LeftButton)
    assert ctx.db["shifts"].count == len(dialog.plan.dates)

    # A covered range shows no warning and needs no tick.
    again = RosterDialog(empty_window.host, community["id"], empty_window)
    qtbot.addWidget(again)
    again.show()
    again.date_from.setDate(QDate(2026, 3, 1))
    again.date_to.setDate(QDate(2026, 3, 31))
    again.update_preview()
    assert not again.uncovered.isVisible() and not again.confirm_uncovered.isVisible()
    assert again.generate_button.isEnabled()
