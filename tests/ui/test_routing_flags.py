"""The routing panel's 提供法律服务 / 引导法律途径 check boxes are annual-report figures:
they show the selected petition's own values and change only when the clerk ticks them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lianhua_desk.services import records


def _petition_without_flags(ctx) -> dict:
    row = ctx.db.execute(
        "SELECT id FROM petitions WHERE status = '已登记' AND case_no IS NULL "
        "AND community_id IS NOT NULL ORDER BY registered_date DESC LIMIT 1"
    ).fetchone()
    ctx.db["petitions"].update(row[0], {"legal_service": 0, "guided_legal": 0})
    return records.get(ctx, "petitions", row[0])


def _flags(ctx, petition_id: str) -> tuple:
    p = records.get(ctx, "petitions", petition_id)
    return p["legal_service"], p["guided_legal"]


def test_with_nothing_selected_the_flags_are_unticked_and_disabled(qtbot, window):
    window.tabs.setCurrentIndex(3)
    tab = window.pages["petitions"]
    tab.panel.view.clearSelection()
    tab.panel.view.selectionModel().clearCurrentIndex()
    tab.update_side()
    for box in (tab.legal_service, tab.guided_legal):
        assert not box.isChecked() and not box.isEnabled()
    tab.route.setCurrentIndex(tab.route.findData("诉讼"))  # choosing a route ticks nothing
    assert not tab.legal_service.isChecked() and not tab.guided_legal.isChecked()


def test_routing_to_mediation_keeps_flags_that_are_no(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(3)
    tab = window.pages["petitions"]
    petition = _petition_without_flags(demo_ctx)
    tab.host.announce(None)
    assert tab.panel.select_id(petition["id"])
    tab.update_side()
    assert not tab.legal_service.isChecked() and not tab.guided_legal.isChecked()
    assert tab.legal_service.isEnabled() and tab.guided_legal.isEnabled()

    qtbot.mouseClick(tab.mediate_button, Qt.LeftButton)
    routed = records.get(demo_ctx, "petitions", petition["id"])
    assert routed["route"] == "人民调解" and routed["case_no"]
    assert _flags(demo_ctx, petition["id"]) == (0, 0)


def test_the_route_button_keeps_the_flags_unless_the_clerk_ticks_them(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(3)
    tab = window.pages["petitions"]
    petition = _petition_without_flags(demo_ctx)
    assert tab.panel.select_id(petition["id"])
    tab.update_side()
    tab.route.setCurrentIndex(tab.route.findData("劳动仲裁"))
    assert not tab.legal_service.isChecked() and not tab.guided_legal.isChecked()
    tab.apply_route()
    assert records.get(demo_ctx, "petitions", petition["id"])["route"] == "劳动仲裁"
    assert _flags(demo_ctx, petition["id"]) == (0, 0)

    tab.guided_legal.setChecked(True)  # the clerk's tick, and only that, changes a flag
    tab.apply_route()
    assert _flags(demo_ctx, petition["id"]) == (0, 1)
    assert tab.guided_legal.isChecked() and not tab.legal_service.isChecked()
