"""Tab workflows: roster rotation over holidays, petition routing, the case workflow."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from lianhua_desk.domain import rules
from lianhua_desk.services import petitions, records
from lianhua_desk.services.context import Change
from lianhua_desk.store import listing
from lianhua_desk.ui.field_dialog import FieldsDialog
from lianhua_desk.ui.roster_dialog import RosterDialog

from .conftest import settle, type_text


def test_a_rotation_over_the_spring_festival_skips_the_holiday_week(qtbot, empty_window, ctx):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    advisor = records.create(
        ctx,
        "advisors",
        {"name": "王建国", "firm": "广东莲城律师事务所", "community_id": community["id"]},
    ).record
    empty_window.host.announce(Change("communities"))
    empty_window.tabs.setCurrentIndex(1)
    tab = empty_window.pages["advisors"]
    tab.tabs.setCurrentIndex(1)
    dialog = tab.generate_rotation()
    assert isinstance(dialog, RosterDialog)
    dialog.community.setCurrentIndex(dialog.community.findData(community["id"]))
    assert dialog.advisor.currentData() == advisor["id"]  # the community's own advisor
    dialog.weekday.setCurrentIndex(2)  # Wednesday
    # 2020-W05 (27 Jan – 2 Feb) was all Spring Festival holiday: no working day at all.
    dialog.date_from.setDate(QDate(2020, 1, 20))
    dialog.date_to.setDate(QDate(2020, 2, 9))
    dialog.update_preview()

    assert dialog.plan.dates == [dt.date(2020, 1, 22), dt.date(2020, 2, 5)]
    assert dialog.plan.skipped == [(dt.date(2020, 1, 29), "春节")]
    rows = [[dialog.preview.index(r, c).data() for c in range(4)] for r in range(3)]
    assert rows[1][:3] == ["2020-01-29", "周三", "跳过：春节"]
    assert rows[1][3] == "本周无工作日"
    assert "跳过节假日 1 次" in dialog.summary.text()

    qtbot.mouseClick(dialog.generate_button, Qt.LeftButton)
    assert not dialog.isVisible()
    dates = [row["date"] for row in ctx.db["shifts"].rows_where(order_by="date")]
    assert dates == ["2020-01-22", "2020-02-05"]
    settle(qtbot, empty_window)
    assert tab.shifts.model.total == 2


def test_a_rotation_moves_a_holiday_to_the_make_up_working_day(qtbot, empty_window, ctx):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    records.create(
        ctx,
        "advisors",
        {"name": "李娜", "firm": "广东莲城律师事务所", "community_id": community["id"]},
    )
    dialog = RosterDialog(empty_window.host, community["id"], empty_window)
    qtbot.addWidget(dialog)
    dialog.weekday.setCurrentIndex(2)
    # 2021: Wednesday 17 Feb is Spring Festival; Saturday 20 Feb is a make-up working day.
    dialog.date_from.setDate(QDate(2021, 2, 15))
    dialog.date_to.setDate(QDate(2021, 2, 21))
    dialog.update_preview()
    assert dialog.plan.moved == [(dt.date(2021, 2, 17), dt.date(2021, 2, 20))]
    texts = [dialog.preview.index(r, 3).data() for r in range(dialog.preview.rowCount())]
    assert "改到 2021-02-20" in texts


def _open_petition(ctx) -> dict:
    row = ctx.db.execute(
        "SELECT id FROM petitions WHERE status = '已登记' AND case_no IS NULL "
        "AND community_id IS NOT NULL ORDER BY registered_date DESC LIMIT 1"
    ).fetchone()
    return records.get(ctx, "petitions", row[0])


def test_routing_a_petition_to_mediation_creates_the_linked_case(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(3)
    tab = window.pages["petitions"]
    petition = _open_petition(demo_ctx)
    assert tab.panel.select_id(petition["id"])
    cases_before = demo_ctx.db["cases"].count
    assert tab.mediate_button.isEnabled()

    qtbot.mouseClick(tab.mediate_button, Qt.LeftButton)

    routed = records.get(demo_ctx, "petitions", petition["id"])
    assert routed["route"] == "人民调解" and routed["status"] == "已分流"
    assert routed["case_no"]
    assert demo_ctx.db["cases"].count == cases_before + 1
    case = next(demo_ctx.db["cases"].rows_where("case_no = ?", [routed["case_no"]]))
    assert case["source"] == "信访转入"
    assert case["applicant"] == petition["petitioner"]
    assert case["community_id"] == petition["community_id"]
    assert routed["case_no"] in tab.title.text()
    assert not tab.mediate_button.isEnabled()  # already linked
    # The mediation tab lists the new case.
    window.tabs.setCurrentIndex(2)
    cases = window.pages["cases"].panel
    type_text(cases.search, routed["case_no"])
    cases.apply_filters()
    assert cases.model.total == 1


def test_the_routing_panel_records_screening_and_route(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(3)
    tab = window.pages["petitions"]
    petition = _open_petition(demo_ctx)
    tab.panel.select_id(petition["id"])
    tab.route.setCurrentIndex(tab.route.findData("劳动仲裁"))
    assert tab.guided_legal.isChecked() == bool(petition["guided_legal"])  # as stored
    tab.guided_legal.setChecked(True)  # the clerk ticks it
    tab.screening.setCurrentIndex(tab.screening.findData("法律途径"))
    type_text(tab.receiving_unit, "福田区劳动人事争议仲裁院")
    window.save_action.trigger()  # Ctrl+S on this tab applies the routing
    routed = records.get(demo_ctx, "petitions", petition["id"])
    assert (routed["route"], routed["screening"], routed["receiving_unit"]) == (
        "劳动仲裁",
        "法律途径",
        "福田区劳动人事争议仲裁院",
    )
    assert routed["guided_legal"] == 1 and routed["case_no"] is None


def test_deadline_badges_follow_the_rules(qtbot, window, demo_ctx):
    tab = window.pages["petitions"]
    window.tabs.setCurrentIndex(3)
    petition = _open_petition(demo_ctx)
    tab.panel.select_id(petition["id"])
    expected = rules.petition_deadlines(petition, demo_ctx.settings, demo_ctx.actor.today())
    texts = tab.badges.texts()
    assert len(texts) == len(expected)
    for d in expected:
        assert any(d.due.isoformat() in t for t in texts)


def test_the_overdue_list_shows_only_overdue_petitions(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(3)
    tab = window.pages["petitions"]
    tab.show_overdue()
    model = tab.panel.model
    assert model.total > 0
    today, settings = demo_ctx.actor.today(), demo_ctx.settings
    for r in range(model.rowCount()):
        found = rules.petition_deadlines(model.record(r), settings, today)
        assert any(d.state == rules.OVERDUE for d in found)


def test_repeat_petitions_are_listed_and_linked(qtbot, window, demo_ctx):
    tab = window.pages["petitions"]
    window.tabs.setCurrentIndex(3)
    first = _open_petition(demo_ctx)
    again = petitions.register_petition(
        demo_ctx,
        {
            "registered_date": demo_ctx.actor.today().isoformat(),
            "channel": "来访",
            "petitioner": first["petitioner"],
            "id_no": first["id_no"],
            "phone": first["phone"],
            "category": first["category"],
            "subject": "再次反映",
            "community_id": first["community_id"],
        },
    )
    window.host.announce(again)
    settle(qtbot, window)
    assert any("重复信访" in w for w in again.warnings)
    assert tab.panel.select_id(again.record["id"])
    numbers = [tab.repeats.index(r, 0).data() for r in range(tab.repeats.rowCount())]
    assert first["petition_no"] in numbers
    tab.repeat_view.doubleClicked.emit(tab.repeats.index(numbers.index(first["petition_no"]), 0))
    assert tab.panel.current_id() == first["id"]


def _accept_dialog_with(fill) -> None:
    def act():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FieldsDialog):
            fill(dialog)
            dialog.try_accept()
        else:
            QTimer.singleShot(20, act)

    QTimer.singleShot(20, act)


def test_the_case_workflow_buttons(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    tab = window.pages["cases"]
    panel = tab.panel
    row = demo_ctx.db.execute(
        "SELECT id FROM cases WHERE status IN ('已受理', '调解中') ORDER BY status DESC"
    ).fetchone()
    assert panel.select_id(row[0])
    case = panel.current_record()
    if case["status"] == "已受理":
        assert tab.buttons["调解中"].isEnabled() and not tab.buttons["调解成功"].isEnabled()
        qtbot.mouseClick(tab.buttons["调解中"], Qt.LeftButton)
    assert records.get(demo_ctx, "cases", case["id"])["status"] == "调解中"
    assert tab.buttons["调解成功"].isEnabled()

    def fill(dialog):
        dialog.editors["agreement"].text.setPlainText("双方自愿达成协议：被申请人支付 1000 元。")
        dialog.editors["amount_recovered"].line.setText("1000")

    _accept_dialog_with(fill)
    qtbot.mouseClick(tab.buttons["调解成功"], Qt.LeftButton)
    done = records.get(demo_ctx, "cases", case["id"])
    assert done["status"] == "调解成功"
    assert done["amount_recovered"] == 1000.0
    assert done["closed_date"] == demo_ctx.actor.today().isoformat()
    assert tab.print_button.isEnabled()
    assert not tab.buttons["已终止"].isEnabled()
    # The success opens the judicial-confirmation window: a badge shows it.
    assert any("司法确认" in t for t in tab.badges.texts())


def test_escalation_hands_the_case_to_the_street(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    tab = window.pages["cases"]
    row = demo_ctx.db.execute(
        "SELECT id FROM cases WHERE status IN ('已受理','调解中') AND body = '社区人民调解委员会'"
    ).fetchone()
    assert tab.panel.select_id(row[0])
    assert tab.escalate_button.isEnabled()
    qtbot.mouseClick(tab.escalate_button, Qt.LeftButton)
    assert records.get(demo_ctx, "cases", row[0])["body"] == "街道人民调解委员会"
    assert not tab.escalate_button.isEnabled()


def test_attendance_is_marked_from_the_roster(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(1)
    tab = window.pages["advisors"]
    tab.tabs.setCurrentIndex(1)
    tab.shifts.view.selectRow(0)
    shift_id = tab.shifts.current_id()
    tab.mark("缺勤")
    assert records.get(demo_ctx, "shifts", shift_id)["status"] == "缺勤"
    assert tab.shifts.current_id() == shift_id


def test_listing_due_filter_agrees_with_the_deadline_rules(demo_ctx):
    today, settings = demo_ctx.actor.today(), demo_ctx.settings
    for entity_name, check in (
        ("cases", rules.case_deadlines),
        ("petitions", rules.petition_deadlines),
    ):
        rows = list(demo_ctx.db[entity_name].rows)
        for due, states in (
            (listing.DUE_ATTENTION, {rules.OVERDUE, rules.DUE_SOON}),
            (listing.DUE_OVERDUE, {rules.OVERDUE}),
        ):
            q = listing.ListQuery(entity_name, due=due)
            got = set(listing.page_ids(demo_ctx.db, q, 0, 100000, settings, today))
            want = {r["id"] for r in rows if {d.state for d in check(r, settings, today)} & states}
            assert got == want, (entity_name, due)
            assert listing.count(demo_ctx.db, q, settings, today) == len(want)


def test_the_agreement_of_a_settled_case_is_printed(qtbot, window, demo_ctx, tmp_path):
    from lianhua_desk.ui import report_actions

    window.tabs.setCurrentIndex(2)
    tab = window.pages["cases"]
    row = demo_ctx.db.execute(
        "SELECT id, case_no FROM cases WHERE status = '调解成功' AND agreement IS NOT NULL"
    ).fetchone()
    assert tab.panel.select_id(row[0])
    assert tab.print_button.isEnabled()
    done = []
    report_actions.agreement(window.host, row[1], tmp_path / "agreement.pdf", tab, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert done[0].read_bytes()[:5] == b"%PDF-"
