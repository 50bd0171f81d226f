"""The window at a small office laptop's 1024×700 (issue 15): the lists' key columns in
view without sideways scrolling, the dashboard's deadlines whole, a pie whose slices
are told apart, a case form whose related fields sit together, and error messages
that move nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from lianhua_desk.ui import i18n
from lianhua_desk.ui.list_panel import KEY_COLUMNS
from lianhua_desk.ui.main_window import tab_by_key

from .conftest import make_window, settle

SMALL = (1024, 700)


def _at_small_size(qtbot, window) -> None:
    window.resize(*SMALL)
    settle(qtbot, window)


def _show(qtbot, window, tab: str, sub=None):
    window.tabs.setCurrentIndex(tab_by_key(tab).index)
    page = window.pages[tab]
    if sub is not None:
        page.tabs.setCurrentWidget(sub)
    settle(qtbot, window)
    qtbot.wait(20)  # the deferred column fitting (ListPanel.showEvent)
    return page


def _assert_key_columns_visible(panel) -> None:
    view, header = panel.view, panel.view.horizontalHeader()
    keys = [c.key for c in panel.model.columns]
    wanted = panel.key_columns()
    assert wanted == list(KEY_COLUMNS[panel.entity.name]), wanted  # none dropped
    width = view.viewport().width()
    total = 0
    for key in wanted:
        i = keys.index(key)
        assert not view.isColumnHidden(i), key
        left = header.sectionViewportPosition(i)
        right = left + header.sectionSize(i)
        assert 0 <= left and right <= width, (panel.entity.name, key, left, right, width)
        total += header.sectionSize(i)
    assert total <= width, (panel.entity.name, total, width)


def test_key_columns_fit_at_1024(qtbot, window):
    _at_small_size(qtbot, window)
    cases = _show(qtbot, window, "cases").panel
    _assert_key_columns_visible(cases)
    petitions = _show(qtbot, window, "petitions").panel
    _assert_key_columns_visible(petitions)
    advisors = window.pages["advisors"]
    for panel in (
        advisors.advisors,
        advisors.shifts,
        advisors.services,
        advisors.events,
        advisors.communities,
    ):
        _show(qtbot, window, "advisors", panel)
        _assert_key_columns_visible(panel)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_window_fits_1024_in_both_languages(qtbot, demo_ctx, tmp_path, language):
    """No tab asks for more than a 1024-pixel screen (English labels are longer)."""
    i18n.set_language(language)
    window = make_window(qtbot, demo_ctx, tmp_path, show=False)
    try:
        wide = {k: p.minimumSizeHint().width() for k, p in window.pages.items()}
        assert window.minimumSizeHint().width() <= SMALL[0], wide
    finally:
        window.close()


def test_lists_fill_their_width(qtbot, window):
    """No empty band right of the last column of a list with few columns."""
    _at_small_size(qtbot, window)
    advisors = window.pages["advisors"]
    panel = advisors.communities
    _show(qtbot, window, "advisors", panel)
    header = panel.view.horizontalHeader()
    last = max(
        range(header.count()),
        key=lambda i: -1 if header.isSectionHidden(i) else header.visualIndex(i),
    )
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right >= panel.view.viewport().width() - 1


def test_dashboard_deadlines_show_due_date_and_state(qtbot, window):
    _at_small_size(qtbot, window)
    dashboard = _show(qtbot, window, "dashboard")
    assert dashboard.deadlines.rowCount() > 0  # the demo's open items
    view = dashboard.deadline_view
    header = view.horizontalHeader()
    width = view.viewport().width()
    for title in ("到期日", "状态"):
        i = [dashboard.deadlines.headerData(c, Qt.Horizontal) for c in range(header.count())].index(
            title
        )
        right = header.sectionViewportPosition(i) + header.sectionSize(i)
        assert right <= width, (title, right, width)
        # and wide enough for its text: nothing elided
        assert header.sectionSize(i) >= view.sizeHintForColumn(i), title


def test_pie_slices_have_distinct_hues(qtbot, window):
    dashboard = _show(qtbot, window, "dashboard")
    dashboard.year.setValue(2020)  # the demo's full year: every route
    settle(qtbot, window)
    slices = dashboard.route_chart.chart().series()[0].slices()
    assert len(slices) >= 5
    colors = [QColor(s.color()) for s in slices]
    assert len({c.name() for c in colors}) == len(colors)
    hues = {c.hslHue() // 30 for c in colors if c.hslSaturation() > 40}
    assert len(hues) >= 4, [c.name() for c in colors]  # not shades of one blue


def _new_case_form(qtbot, window):
    window.tabs.setCurrentIndex(tab_by_key("cases").index)
    form = window.pages["cases"].panel.new_record()
    qtbot.waitExposed(form)
    return form


def _next_fields(form, start: str, n: int) -> list[str]:
    """The next n fields Tab reaches from `start` (their editors' focus widgets)."""
    names = {e.focus_widget(): name for name, e in form.editors.items()}
    widget = form.editors[start].focus_widget()
    out: list[str] = []
    for _ in range(500):
        widget = widget.nextInFocusChain()
        if widget in names and names[widget] != start:
            out.append(names[widget])
            if len(out) == n:
                break
    return out


def test_case_form_respondent_phone_follows_respondent(qtbot, window):
    form = _new_case_form(qtbot, window)
    try:
        assert _next_fields(form, "respondent", 2) == ["respondent_id_no", "respondent_phone"]
        assert _next_fields(form, "applicant", 2) == ["applicant_id_no", "applicant_phone"]
        # and they sit on one row
        y = {
            name: form.editors[name].mapTo(form, QPoint(0, 0)).y()
            for name in ("respondent", "respondent_phone")
        }
        assert abs(y["respondent"] - y["respondent_phone"]) < 5, y
    finally:
        form.remember_input()  # closed without the unsaved-input question
        form.reject()


def test_error_message_moves_no_field(qtbot, window):
    form = _new_case_form(qtbot, window)
    try:
        QApplication.processEvents()

        def places():
            return {n: e.mapTo(form, QPoint(0, 0)) for n, e in form.editors.items()}

        before = places()
        form.editors["applicant_phone"].set_value("12")  # a bad phone, no applicant
        assert not form.save()
        QApplication.processEvents()
        assert form.error_text("applicant"), "the required applicant is reported"
        assert form.error_text("community_id")
        assert form.isVisible()
        assert places() == before
    finally:
        form.remember_input()  # closed without the unsaved-input question
        form.reject()
