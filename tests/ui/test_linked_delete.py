"""Deleting a case a petition was routed into: the window names the petition, asks,
then deletes and clears the petition's link in one step (and Ctrl+Z restores both)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from lianhua_desk.services import petitions, records

from .conftest import settle


def _answer_next_box(button, seen: list) -> None:
    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(20, press)


def _linked_case(window, ctx) -> tuple[dict, dict]:
    """An open petition routed to 人民调解: it names the case it created."""
    row = ctx.db.execute(
        "SELECT id FROM petitions WHERE status = '已登记' AND case_no IS NULL "
        "AND community_id IS NOT NULL LIMIT 1"
    ).fetchone()
    change = petitions.route(ctx, row[0], "人民调解")
    window.host.announce(change)
    case = next(ctx.db["cases"].rows_where("case_no = ?", [change.record["case_no"]]))
    return change.record, case


def test_deleting_a_linked_case_names_the_petition_asks_and_unlinks(qtbot, window, demo_ctx):
    petition, case = _linked_case(window, demo_ctx)
    window.tabs.setCurrentIndex(2)
    panel = window.pages["cases"].panel
    assert panel.select_id(case["id"])

    seen: list[str] = []
    _answer_next_box(QMessageBox.No, seen)
    panel.delete_current()
    assert petition["petition_no"] in seen[0]
    assert "删除后这些信访登记将不再关联本调解案件" in seen[0]
    assert records.get(demo_ctx, "cases", case["id"])  # not deleted

    _answer_next_box(QMessageBox.Yes, seen)
    panel.delete_current()
    assert demo_ctx.db["cases"].count_where("id = ?", [case["id"]]) == 0
    assert records.get(demo_ctx, "petitions", petition["id"])["case_no"] is None
    assert window.undo_action.isEnabled()

    window.undo_action.trigger()
    settle(qtbot, window)
    assert records.get(demo_ctx, "cases", case["id"])["case_no"] == case["case_no"]
    assert records.get(demo_ctx, "petitions", petition["id"])["case_no"] == case["case_no"]


def test_deleting_a_petition_says_its_case_stays(qtbot, window, demo_ctx):
    petition, case = _linked_case(window, demo_ctx)
    window.tabs.setCurrentIndex(3)
    panel = window.pages["petitions"].panel
    assert panel.select_id(petition["id"])
    seen: list[str] = []
    _answer_next_box(QMessageBox.Yes, seen)
    panel.delete_current()
    assert case["case_no"] in seen[0] and "不会删除该调解案件" in seen[0]
    assert demo_ctx.db["petitions"].count_where("id = ?", [petition["id"]]) == 0
    assert records.get(demo_ctx, "cases", case["id"])
