"""A half-filled form is not thrown away without asking: Esc, 取消 and closing the
form's window ask 保存 / 放弃修改 / 继续编辑 when something was changed, and close at
once when nothing was."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from lianhua_desk.services import records
from lianhua_desk.store import listing
from lianhua_desk.ui.field_dialog import FieldsDialog

from .conftest import type_text


def _answer_question(button, seen: list, tries: int = 100) -> None:
    """Click `button` of the next modal message box (give up after ~2 s)."""

    def press(left=tries):
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        elif left:
            QTimer.singleShot(20, lambda: press(left - 1))

    QTimer.singleShot(20, press)


def _cancel_button(dialog):
    box = dialog.findChild(QDialogButtonBox)
    return next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.RejectRole)


def _new_case_form(window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    form = window.pages["cases"].panel.new_record()
    form.editors["community_id"].set_value(listing.choices(demo_ctx.db, "communities")[0][0])
    form.editors["body"].set_value("社区人民调解委员会")
    form.editors["category"].set_value("劳资纠纷")
    type_text(form.editors["applicant"].line, "欧阳未存")
    return form


def test_escape_on_a_changed_form_asks_and_keep_editing_keeps_it(qtbot, window, demo_ctx):
    form = _new_case_form(window, demo_ctx)
    before = demo_ctx.db["cases"].count
    seen: list[str] = []
    _answer_question(QMessageBox.Cancel, seen)  # 继续编辑
    qtbot.keyClick(form, Qt.Key_Escape)
    assert seen and "未保存" in seen[0]
    assert form.isVisible()
    assert form.editors["applicant"].value() == "欧阳未存"

    _answer_question(QMessageBox.Discard, seen)  # 放弃修改
    qtbot.mouseClick(_cancel_button(form), Qt.LeftButton)
    assert len(seen) == 2
    assert not form.isVisible()
    assert demo_ctx.db["cases"].count == before


def test_closing_a_changed_form_can_save_it(qtbot, window, demo_ctx):
    form = _new_case_form(window, demo_ctx)
    before = demo_ctx.db["cases"].count
    seen: list[str] = []
    _answer_question(QMessageBox.Save, seen)
    form.close()  # the title bar's close button
    assert seen
    assert not form.isVisible()
    assert demo_ctx.db["cases"].count == before + 1
    assert form.change.record["applicant"] == "欧阳未存"


def test_save_from_the_question_keeps_an_invalid_form_open(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    form = window.pages["cases"].panel.new_record()
    type_text(form.editors["applicant"].line, "缺类别")  # category missing
    form.ask_unsaved = lambda: "save"
    form.reject()
    assert form.isVisible()
    assert form.error_text("category")
    form.discard()
    assert not form.isVisible()


def test_an_unchanged_form_closes_at_once(qtbot, window, demo_ctx):
    panel = window.pages["advisors"].advisors
    window.tabs.setCurrentIndex(1)
    panel.view.selectRow(0)
    for form in (panel.edit_current(), panel.new_record()):
        asked: list[bool] = []
        form.ask_unsaved = lambda asked=asked: asked.append(True) or "keep"
        qtbot.keyClick(form, Qt.Key_Escape)
        assert not asked and not form.isVisible()


def test_an_edit_form_asks_only_about_a_real_change(qtbot, window, demo_ctx):
    panel = window.pages["advisors"].advisors
    window.tabs.setCurrentIndex(1)
    panel.view.selectRow(0)
    record = panel.current_record()
    form = panel.edit_current()
    answers = ["keep", "discard"]
    form.ask_unsaved = lambda: answers.pop(0)
    type_text(form.editors["assistant"].line, "新")
    form.close()
    assert form.isVisible() and answers == ["discard"]
    form.close()
    assert not form.isVisible() and answers == []
    assert records.get(demo_ctx, "advisors", record["id"])["assistant"] == record["assistant"]


def test_the_small_field_dialog_asks_too(qtbot, window, demo_ctx):
    dialog = FieldsDialog(
        demo_ctx.db, "petitions", ["amount_recovered", "handling"], "办结", parent=window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    answers = ["keep", "discard"]
    dialog.ask_unsaved = lambda: answers.pop(0)
    dialog.editors["amount_recovered"].line.setText("1000")
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert dialog.isVisible() and answers == ["discard"]
    qtbot.mouseClick(_cancel_button(dialog), Qt.LeftButton)
    assert not dialog.isVisible() and answers == []
