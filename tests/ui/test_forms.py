"""Forms derived from the field declarations: create, validate at the field, edit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lianhua_desk.services import records
from lianhua_desk.store import listing

from .conftest import settle, type_text


def cases_count(ctx) -> int:
    return ctx.db["cases"].count


def fill_case(qtbot, form, community_id: str, applicant: str, id_no: str = "") -> None:
    e = form.editors
    e["community_id"].set_value(community_id)
    e["body"].set_value("社区人民调解委员会")
    e["category"].set_value("劳资纠纷")
    type_text(e["applicant"].line, applicant)
    if id_no:
        type_text(e["applicant_id_no"].line, id_no)


def test_register_a_case_through_the_form_and_find_it_in_the_list(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    panel = window.pages["cases"].panel
    community_id = listing.choices(demo_ctx.db, "communities")[0][0]
    before = cases_count(demo_ctx)
    form = panel.new_record()
    fill_case(qtbot, form, community_id, "欧阳测试", "11010519491231002X")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)

    assert not form.isVisible(), form.findChild(type(form.form_error), "form_error").text()
    assert cases_count(demo_ctx) == before + 1
    saved = form.change.record
    assert saved["case_no"].startswith(f"莲调〔{demo_ctx.actor.today().year}〕第")
    assert saved["received_date"] == demo_ctx.actor.today().isoformat()
    # The new case is selected in the list, and the search finds it.
    assert panel.current_id() == saved["id"]
    type_text(panel.search, "欧阳测试")
    panel.apply_filters()
    assert panel.model.total == 1
    assert panel.model.record(0)["applicant"] == "欧阳测试"
    assert panel.count_label.text() == "共 1 条"


def test_an_invalid_id_number_is_shown_at_the_field_and_nothing_is_saved(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    panel = window.pages["cases"].panel
    community_id = listing.choices(demo_ctx.db, "communities")[0][0]
    before = cases_count(demo_ctx)
    audit_before = demo_ctx.db["audit"].count
    form = panel.new_record()
    # Wrong check digit (the valid one ends in X).
    fill_case(qtbot, form, community_id, "张三", "110105194912310021")
    assert not form.save()

    assert form.isVisible()
    message = form.error_text("applicant_id_no")
    assert "校验" in message or "身份证" in message, message
    assert form.error_labels["applicant_id_no"].isVisibleTo(form)
    assert cases_count(demo_ctx) == before
    assert demo_ctx.db["audit"].count == audit_before
    form.discard()  # closes without asking


def test_the_field_is_checked_when_the_user_leaves_it(qtbot, window):
    form = window.pages["petitions"].panel.new_record()
    line = form.editors["headcount"].line
    type_text(line, "abc")
    line.editingFinished.emit()
    assert form.error_text("headcount")
    line.clear()
    type_text(line, "3")
    line.editingFinished.emit()
    assert form.error_text("headcount") == ""
    form.discard()  # closes without asking


def test_required_fields_are_marked_and_reported_when_blank(qtbot, window, demo_ctx):
    form = window.pages["cases"].panel.new_record()
    captions = {
        label.buddy().parent().field.name: label.text()
        for label in form.findChildren(type(form.form_error))
        if label.buddy() is not None
    }
    assert captions["applicant"].endswith("*")
    assert captions["category"].endswith("*")
    assert not captions["respondent"].endswith("*")
    assert not captions["case_no"].endswith("*")  # left blank, it is numbered automatically
    before = cases_count(demo_ctx)
    assert not form.save()
    assert form.error_text("applicant") == "必填项不能为空"
    assert form.error_text("category") == "必填项不能为空"
    assert cases_count(demo_ctx) == before
    form.reject()


def test_editing_writes_only_what_changed_and_the_history_shows_it(qtbot, window, demo_ctx):
    from lianhua_desk.ui.history import history_rows

    panel = window.pages["advisors"].advisors
    window.tabs.setCurrentIndex(1)
    panel.view.selectRow(0)
    record = panel.current_record()
    form = panel.edit_current()
    form.editors["assistant"].line.clear()
    type_text(form.editors["assistant"].line, "新助理")
    assert form.raw_values() == {"assistant": "新助理"}
    assert form.save()
    assert records.get(demo_ctx, "advisors", record["id"])["assistant"] == "新助理"
    rows = history_rows(demo_ctx, "advisors", record["id"])
    assert rows[-1][2] == "修改"
    assert rows[-1][3] == f"顾问助理：{record['assistant']} → 新助理"


def test_a_duplicate_case_warns_without_blocking(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    panel = window.pages["cases"].panel
    # An open case whose applicant (a party of its own) has an ID number.
    case_id, id_no = demo_ctx.db.execute(
        "SELECT c.id, p.id_no FROM cases c JOIN parties p ON p.case_id = c.id "
        "WHERE c.status IN ('已受理','调解中') AND p.role = '申请人' AND p.id_no IS NOT NULL"
    ).fetchone()
    case = {**records.get(demo_ctx, "cases", case_id), "applicant_id_no": id_no}
    form = panel.new_record()
    form.editors["community_id"].set_value(case["community_id"])
    form.editors["body"].set_value(case["body"])
    form.editors["category"].set_value(case["category"])
    type_text(form.editors["applicant"].line, case["applicant"])
    type_text(form.editors["applicant_id_no"].line, case["applicant_id_no"])
    assert form.save()
    settle(qtbot, window)
    boxes = window.host.warning_boxes
    assert boxes and case["case_no"] in boxes[-1].text()


def test_name_completer_suggests_existing_applicants(qtbot, window, demo_ctx):
    form = window.pages["cases"].panel.new_record()
    line = form.editors["applicant"].line
    type_text(line, "王")
    suggestions = line.completer().model().stringList()
    assert suggestions and all(name.startswith("王") for name in suggestions)
    form.discard()  # closes without asking
