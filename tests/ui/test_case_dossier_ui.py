"""The 人民调解 tab holds a case's whole dossier: its parties, work records and return
visits through their generic forms, its 案卷评查, and 打印卷宗… (a real PDF)."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from lianhua_desk.services import records
from lianhua_desk.services.context import Change
from lianhua_desk.ui.main_window import tab_by_key
from tests import case_files
from tests.platforms import require_poppler

from .conftest import settle, type_text

COMPANY_NAME = case_files.COMPANY["name"]
CREDIT_CODE = case_files.COMPANY["id_no"]


def complete_case(ctx, community_id: str) -> dict:
    """A complete file (tests/case_files.py): the 案卷评查 finds nothing in it."""
    return case_files.file_case(ctx, community_id)


def open_case(ctx, community_id: str, number: int = 8, **changes) -> dict:
    raw = {
        "case_no": f"莲调〔2020〕第{number}号",
        "received_date": "2020-12-20",
        "community_id": community_id,
        "body": "社区人民调解委员会",
        "category": "邻里纠纷",
        "applicant": "赵六",
    }
    return records.create(ctx, "cases", {**raw, **changes}).record


@pytest.fixture
def tab(qtbot, empty_window, ctx):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    tab = empty_window.pages["cases"]
    tab.community_id = community["id"]
    empty_window.host.announce(Change("cases", touched={"communities", "parties"}))
    empty_window.tabs.setCurrentIndex(tab_by_key("cases").index)
    settle(qtbot, empty_window)
    return tab


def select(qtbot, window, tab, case: dict) -> None:
    window.host.announce(Change("cases", touched={"parties", "case_records", "visits"}))
    settle(qtbot, window)
    assert tab.panel.select_id(case["id"])
    settle(qtbot, window)


def test_a_party_added_in_the_window_is_listed_and_names_the_case(qtbot, empty_window, tab, ctx):
    case = open_case(ctx, tab.community_id)
    select(qtbot, empty_window, tab, case)
    parties = tab.parts["parties"]
    assert [r["name"] for r in parties.rows] == ["赵六"]  # the applicant typed with the case

    # A second applicant: a person with a valid ID number.
    form = parties.new_record()
    assert form.editors["role"].value() == "被申请人"  # the applicant is taken
    assert form.editors["case_id"].value() == case["id"]
    assert form.editors["case_id"].shown.text() == case["case_no"]  # fixed, not a drop-down
    form.editors["role"].set_value("申请人")
    type_text(form.editors["name"].line, "欧阳娜")
    form.editors["id_type"].set_value("居民身份证")
    type_text(form.editors["id_no"].line, "11010519491231002X")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert not form.isVisible(), form.form_error.text()
    settle(qtbot, empty_window)

    assert [r["name"] for r in parties.rows] == ["赵六", "欧阳娜"]
    assert tab.panel.current_record()["applicant"] == "赵六、欧阳娜"
    row = tab.panel.model.row_of(case["id"])
    column = [c.key for c in tab.panel.model.columns].index("applicant")
    assert tab.panel.model.index(row, column).data() == "赵六、欧阳娜"
    assert "赵六、欧阳娜" in tab.title.text()
    saved = ctx.db.execute(
        "SELECT birth_date, gender FROM parties WHERE name = '欧阳娜'"
    ).fetchone()
    assert saved == ("1949-12-31", "女")  # read from the ID number


def test_an_organisation_form_offers_an_organisations_particulars(qtbot, empty_window, tab, ctx):
    case = open_case(ctx, tab.community_id)
    select(qtbot, empty_window, tab, case)
    form = tab.parts["parties"].new_record()
    assert not form.editors["legal_rep"].isEnabled()
    form.editors["party_type"].set_value("法人或其他组织")
    assert not form.editors["gender"].isEnabled()
    assert not form.editors["birth_date"].isEnabled()
    assert form.editors["legal_rep"].isEnabled()
    assert form.editors["id_type"].value() == "统一社会信用代码"
    type_text(form.editors["name"].line, COMPANY_NAME)
    type_text(form.editors["id_no"].line, CREDIT_CODE)
    type_text(form.editors["legal_rep"].line, "李四")
    assert form.save(), form.form_error.text()
    settle(qtbot, empty_window)
    assert tab.panel.current_record()["respondent"] == COMPANY_NAME


def test_an_invalid_document_number_is_shown_at_the_field_and_nothing_written(
    qtbot, empty_window, tab, ctx
):
    case = open_case(ctx, tab.community_id)
    select(qtbot, empty_window, tab, case)
    parties_before = ctx.db["parties"].count
    audit_before = ctx.db["audit"].count
    form = tab.parts["parties"].new_record()
    type_text(form.editors["name"].line, "钱七")
    form.editors["id_type"].set_value("居民身份证")
    type_text(form.editors["id_no"].line, "110105194912310021")  # check digit should be X
    assert not form.save()
    assert form.isVisible()
    assert "校验" in form.error_text("id_no"), form.error_text("id_no")
    assert form.error_labels["id_no"].isVisibleTo(form)
    assert ctx.db["parties"].count == parties_before
    assert ctx.db["audit"].count == audit_before
    # An organisation's code on a person is refused at the document type.
    form.editors["id_type"].set_value("统一社会信用代码")
    form.editors["id_no"].line.clear()
    type_text(form.editors["id_no"].line, CREDIT_CODE)
    assert not form.save()
    assert "统一社会信用代码" in form.error_text("id_type")
    assert ctx.db["parties"].count == parties_before
    form.discard()


def test_a_mediation_record_and_a_return_visit_are_added(qtbot, empty_window, tab, ctx):
    case = open_case(ctx, tab.community_id)
    select(qtbot, empty_window, tab, case)
    work = tab.parts["case_records"]
    form = work.new_record()
    form.editors["kind"].set_value("调解记录")
    type_text(form.editors["place"].line, "彩虹社区调解室")
    form.editors["content"].text.setPlainText("双方同意分期支付。")
    assert form.save(), form.form_error.text()
    settle(qtbot, empty_window)
    assert [(r["kind"], r["place"], r["case_id"]) for r in work.rows] == [
        ("调解记录", "彩虹社区调解室", case["id"])
    ]
    assert work.model.index(0, 0).data() == "调解记录"

    visits = tab.parts["visits"]
    form = visits.new_record()
    type_text(form.editors["visitor"].line, "王五")
    form.editors["method"].set_value("电话回访")
    form.editors["satisfaction"].set_value("满意")
    assert form.save(), form.form_error.text()
    settle(qtbot, empty_window)
    assert [(r["visitor"], r["satisfaction"]) for r in visits.rows] == [("王五", "满意")]

    # Deleting the visit (confirmed) takes it from the list.
    visits.view.selectRow(0)
    answer = QMessageBox.Yes

    def confirm(*_args, **_kwargs):
        return answer

    original = QMessageBox.question
    QMessageBox.question = confirm
    try:
        visits.delete_current()
    finally:
        QMessageBox.question = original
    settle(qtbot, empty_window)
    assert visits.rows == [] and ctx.db["visits"].count == 0
    assert tab.details.tabText(2) == "回访记录（0）"
    # Ctrl+Z brings it back; the case stays selected.
    empty_window.undo_delete()
    settle(qtbot, empty_window)
    assert [r["visitor"] for r in visits.rows] == ["王五"]
    assert tab.panel.current_id() == case["id"]


def review_text(tab, case: dict) -> str:
    row = tab.panel.model.row_of(case["id"])
    column = [c.key for c in tab.panel.model.columns].index("_review")
    return tab.panel.model.index(row, column).data()


def wait_for_review(qtbot, window, tab) -> None:
    qtbot.waitUntil(lambda: 2020 in tab.review.done, timeout=20000)
    settle(qtbot, window)


def test_the_review_column_filter_and_panel(qtbot, empty_window, tab, ctx):
    good = complete_case(ctx, tab.community_id)
    # Settled, with no agreement, no records, no visit.
    bad = open_case(ctx, tab.community_id, status="调解成功", closed_date="2020-12-28")
    select(qtbot, empty_window, tab, bad)
    review_text(tab, bad)  # painting asks for the year's review (in the background)
    wait_for_review(qtbot, empty_window, tab)

    assert review_text(tab, good) == "✓"
    flagged = review_text(tab, bad)
    assert flagged.endswith("项") and flagged != "0 项", flagged
    # The panel lists the selected case's problems by rule.
    assert "评查发现" in tab.problems.summary.text()
    rules = {tab.problems.model.index(r, 0).data() for r in range(tab.problems.model.rowCount())}
    assert "材料齐全" in rules, rules

    # Only the cases with problems.
    tab.problem_filter.setChecked(True)
    settle(qtbot, empty_window)
    view = tab.panel.view
    assert view.isRowHidden(tab.panel.model.row_of(good["id"]))
    assert not view.isRowHidden(tab.panel.model.row_of(bad["id"]))
    assert tab.problem_filter.count.text() == "有问题 1 件"
    tab.problem_filter.setChecked(False)
    assert not view.isRowHidden(tab.panel.model.row_of(good["id"]))

    # A change to the file makes the review run again: the good case loses its visit.
    (visit,) = ctx.db["visits"].rows_where("case_id = ?", [good["id"]])
    empty_window.host.call(records.delete, "visits", visit["id"])
    assert 2020 not in tab.review.done
    review_text(tab, good)
    wait_for_review(qtbot, empty_window, tab)
    assert review_text(tab, good) != "✓"


def _save_as(path: str) -> list:
    """Answer the next file dialog with `path`, as a clerk types it."""
    picked: list = []

    def pick():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, pick)
            return
        picked.append(path)
        dialog.findChild(QLineEdit, "fileNameEdit").setText(path)
        dialog.accept()
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(50, pick)
    return picked


def test_print_dossier_writes_the_pdf(qtbot, empty_window, tab, ctx, tmp_path):
    case = complete_case(ctx, tab.community_id)
    select(qtbot, empty_window, tab, case)
    out = tmp_path / "卷宗.pdf"
    picked = _save_as(str(out))
    qtbot.mouseClick(tab.dossier_button, Qt.LeftButton)
    settle(qtbot, empty_window)
    qtbot.waitUntil(lambda: out.exists() and not empty_window.runner.busy, timeout=30000)
    assert picked == [str(out)]
    require_poppler("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, encoding="utf-8", check=True
    ).stdout
    assert "人民调解协议书" in text and COMPANY_NAME in text
    assert str(out) in empty_window.statusBar().currentMessage()
