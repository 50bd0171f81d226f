"""Refresh what changed (issue 12): a service action's Change says what it touched,
and only the views that show it reload (a visible one at once, a hidden one marked
stale for when it is next shown). Each view's reload method is wrapped to count."""

from __future__ import annotations

import pytest

from lianhua_desk.exchange.result import ImportResult
from lianhua_desk.services import petitions, records
from lianhua_desk.services.context import ENTITY_NAMES, HOLIDAYS, SETTINGS, Change

from .conftest import settle

# view name → (how to find it in the window, the method that reloads it)
VIEWS = {
    "dashboard": (lambda w: w.pages["dashboard"], "reload"),
    "cases": (lambda w: w.pages["cases"].panel, "refresh"),
    "case_side": (lambda w: w.pages["cases"], "update_side"),
    "petitions": (lambda w: w.pages["petitions"].panel, "refresh"),
    "petition_side": (lambda w: w.pages["petitions"], "update_side"),
    "advisors": (lambda w: w.pages["advisors"].advisors, "refresh"),
    "shifts": (lambda w: w.pages["advisors"].shifts, "refresh"),
    "services": (lambda w: w.pages["advisors"].services, "refresh"),
    "events": (lambda w: w.pages["advisors"].events, "refresh"),
    "communities": (lambda w: w.pages["advisors"].communities, "refresh"),
    "quota": (lambda w: w.pages["advisors"].quota, "reload"),
    "import_history": (lambda w: w.pages["exchange"], "load_history"),
}


class Reloads:
    """Which views reloaded, or were marked stale to reload when next shown."""

    def __init__(self, window, qtbot, monkeypatch):
        self.window, self.qtbot = window, qtbot
        self.calls: dict[str, int] = dict.fromkeys(VIEWS, 0)
        self.views = {}
        for name, (find, method) in VIEWS.items():
            view = find(window)
            self.views[name] = view
            original = getattr(view, method)

            def counted(*args, _name=name, _original=original, **kwargs):
                self.calls[_name] += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(view, method, counted)

    def reset(self) -> None:
        settle(self.qtbot, self.window)
        for name, view in self.views.items():
            self.calls[name] = 0
            if hasattr(view, "_dirty"):
                view._dirty = False

    def reloaded(self) -> set[str]:
        return {
            name
            for name, view in self.views.items()
            if self.calls[name] or getattr(view, "_dirty", False)
        }


@pytest.fixture
def reloads(window, qtbot, monkeypatch):
    r = Reloads(window, qtbot, monkeypatch)
    r.reset()
    return r


def _one(db, sql: str) -> dict:
    cursor = db.execute(sql)
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def test_saving_a_case_reloads_cases_and_dashboard_not_the_shift_list(window, reloads):
    case = _one(window.host.ctx.db, "SELECT id FROM cases LIMIT 1")
    change = window.host.call(records.update, "cases", case["id"], {"summary": "改过的案情"})
    assert change is not None
    assert reloads.reloaded() == {"cases", "case_side", "dashboard"}
    assert "shifts" not in reloads.reloaded()


def test_routing_a_petition_to_mediation_reloads_petitions_and_cases(window, reloads):
    p = _one(
        window.host.ctx.db,
        "SELECT id FROM petitions WHERE status != '已办结' AND case_no IS NULL "
        "AND community_id IS NOT NULL LIMIT 1",
    )
    change = window.host.call(petitions.route, p["id"], "人民调解", received_date="2020-04-03")
    assert change is not None and change.touched == {"petitions", "cases", "parties"}
    assert reloads.reloaded() == {"petitions", "petition_side", "cases", "case_side", "dashboard"}


def test_a_holiday_change_reloads_roster_quota_and_deadline_views(window, reloads):
    window.host.holidays_changed()
    assert reloads.reloaded() == {
        "quota",
        "dashboard",
        "cases",
        "case_side",
        "petitions",
        "petition_side",
    }


def test_the_holiday_dialog_reloads_the_quota_views(window, reloads, qtbot):
    from lianhua_desk.ui.holiday_dialog import HolidayDialog

    dialog = HolidayDialog(window.host, window)
    qtbot.addWidget(dialog)
    reloads.reset()
    dialog.date.setDate(dialog.date.date().fromString("2020-06-01", "yyyy-MM-dd"))
    dialog.name.setText("测试")
    assert dialog.add()
    assert {"quota", "dashboard"} <= reloads.reloaded()
    assert not reloads.reloaded() & {"advisors", "shifts", "communities", "import_history"}


def test_a_settings_change_reloads_what_settings_affect(window, reloads):
    before = window.host.settings
    window.host.settings_changed()
    assert window.host.settings is not before  # read again
    assert reloads.reloaded() == {
        "quota",
        "dashboard",
        "cases",
        "case_side",
        "petitions",
        "petition_side",
    }


def test_views_of_holidays_all_show_settings(window):
    """Why settings_changed may also announce holidays at no cost (the holiday
    dialog calls it): every view that shows holidays shows settings too."""
    for name, (find, _method) in VIEWS.items():
        depends = getattr(find(window), "depends_on", None)
        if depends is None:  # a side panel: its list's
            depends = find(window).panel.depends_on
        assert HOLIDAYS not in depends or SETTINGS in depends, name


def test_an_import_reloads_what_it_wrote(window, reloads):
    result = ImportResult("x.xlsx", written=True)
    result.count("调解案件", "inserted", 2)
    result.count("社区", "unchanged", 5)
    window.host.announce(Change.of_import(result))
    assert reloads.reloaded() == {"cases", "case_side", "dashboard", "import_history"}


def test_an_import_that_does_not_say_what_it_wrote_reloads_every_record_view(window, reloads):
    window.host.announce(Change("import"))  # as the import dialog announces it today
    assert reloads.reloaded() == set(VIEWS)
    assert Change("import").touched >= ENTITY_NAMES


def test_a_hidden_view_reloads_when_shown_a_visible_one_at_once(window, reloads, qtbot):
    window.tabs.setCurrentWidget(window.pages["cases"])
    reloads.reset()
    case = _one(window.host.ctx.db, "SELECT id FROM cases LIMIT 1")
    window.host.call(records.update, "cases", case["id"], {"summary": "改过的案情"})
    assert reloads.calls["cases"] == 1  # visible: at once
    assert reloads.calls["dashboard"] == 0 and reloads.views["dashboard"]._dirty  # stale
    window.tabs.setCurrentWidget(window.pages["dashboard"])
    settle(qtbot, window)
    assert reloads.calls["dashboard"] == 1
