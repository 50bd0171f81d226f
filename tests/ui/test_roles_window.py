"""The window by role (issue 17): a 查阅 account cannot write and sees every ID number
and phone masked (lists, the parties of a case, the forms), and is not offered
显示完整号码; a 录入员 reveals a record's numbers and the audit names them; a window
without accounts is as before. Real widgets on the demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from lianhua_desk.domain import parse
from lianhua_desk.domain.accounts import ADMIN, CLERK, VIEWER, can
from lianhua_desk.domain.fields import Kind
from lianhua_desk.services import accounts, lookups
from lianhua_desk.ui.case_parts import PartsPanel
from lianhua_desk.ui.list_panel import ListPanel
from lianhua_desk.ui.main_window import GUARDED
from lianhua_desk.ui.reveal import RevealDialog

from .conftest import make_window, settle

PASSWORD = "lianhua-2020"
MASKS = {
    Kind.ID_NUMBER: parse.mask_id,
    Kind.DOCUMENT_NO: parse.mask_id,
    Kind.PHONE: parse.mask_phone,
}
SHOT = Path("/tmp/aw")  # where the rendered window is kept to be looked at


def _signed_in(ctx, role: str):
    accounts.create_account(ctx, "王芳", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "王芳", PASSWORD)
    if role != ADMIN:
        accounts.create_account(ctx, "李静", PASSWORD, role)
        accounts.sign_in(ctx, "李静", PASSWORD)
    return ctx


@pytest.fixture
def viewer_window(qtbot, demo_ctx, tmp_path):
    w = make_window(qtbot, _signed_in(demo_ctx, VIEWER), tmp_path)
    yield w
    w.close()


def _maskable(e) -> list:
    return [f for f in e.fields if f.kind in MASKS]


def _pages(window, qtbot):
    """Every tab shown once (its lists load), the case list's first case selected."""
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        settle(qtbot, window)
    cases = window.pages["cases"]
    window.tabs.setCurrentWidget(cases)
    cases.panel.view.selectRow(0)
    settle(qtbot, window)


def test_a_viewer_may_not_write_and_sees_every_number_masked(viewer_window, demo_ctx, qtbot):
    w = viewer_window
    _pages(w, qtbot)
    assert w.account_label.text() == "账户：李静（查阅）"
    for action in w.findChildren(QAction):
        if action.objectName() in GUARDED:
            assert action.isEnabled() == can(demo_ctx.account, GUARDED[action.objectName()])
    assert not w.findChild(QAction, "new").isEnabled()
    assert w.findChild(QAction, "find").isEnabled()

    lists = w.findChildren(ListPanel)
    parts = w.findChildren(PartsPanel)
    assert {p.entity.name for p in lists} >= {"cases", "petitions", "advisors"}
    for panel in [*lists, *parts]:
        assert not panel.new_button.isEnabled(), panel.entity.name
        assert not panel.edit_button.isEnabled(), panel.entity.name
        assert not panel.delete_button.isEnabled(), panel.entity.name
        assert panel.reveal_button is None or panel.reveal_button.isHidden()

    checked = 0
    for panel in lists:
        fields = _maskable(panel.entity)
        keys = [c.key for c in panel.model.columns]
        for row in range(panel.model.rowCount()):
            record = panel.model.record(row)
            for f in fields:
                if f.name in keys and record.get(f.name):
                    text = panel.model.index(row, keys.index(f.name)).data()
                    assert text == MASKS[f.kind](record[f.name]) != record[f.name]
                    checked += 1
    parties = w.pages["cases"].parts["parties"]
    for record, shown in zip(parties.rows, parties.model.rows, strict=True):
        for i, f in enumerate(parties.fields):
            if f.kind in MASKS and record.get(f.name):
                assert shown[i] == MASKS[f.kind](record[f.name]) != record[f.name]
                checked += 1
    assert checked > 100  # the demo's advisors, petitions and the first case's parties

    # The forms: a read-only view, the numbers masked, no save and no history.
    parties.view.selectRow(0)
    party = parties.rows[0]
    form = parties.edit_current()
    assert form.windowTitle().startswith("查看")
    assert form.editors["id_no"].value() == parse.mask_id(party["id_no"])
    assert form.editors["phone"].value() == parse.mask_phone(party["phone"])
    assert form.save_button.isHidden() and not form.save()
    form.close()
    petitions = w.pages["petitions"].panel
    w.tabs.setCurrentWidget(w.pages["petitions"])
    petitions.view.selectRow(0)
    petition = petitions.current_record()
    form = petitions.edit_current()
    for f in _maskable(petitions.entity):
        assert form.editors[f.name].value() == MASKS[f.kind](petition[f.name])
    assert form.save_button.isHidden()
    form.close()
    assert not any(r["action"] == "unmask" for r in demo_ctx.db["audit"].rows)


def test_the_viewer_window_rendered(viewer_window, qtbot):
    """Looked at by eye: the status bar names the 查阅 account, the buttons are grey,
    the parties' ID numbers and phones masked."""
    _pages(viewer_window, qtbot)
    SHOT.mkdir(exist_ok=True)
    assert viewer_window.grab().save(str(SHOT / "viewer_window.png"))
    petitions = viewer_window.pages["petitions"]
    viewer_window.tabs.setCurrentWidget(petitions)
    petitions.panel.view.selectRow(0)
    settle(qtbot, viewer_window)
    form = petitions.panel.edit_current()
    assert form.grab().save(str(SHOT / "viewer_petition_form.png"))
    form.close()


def test_a_clerk_reveals_a_record_and_the_audit_names_them(qtbot, demo_ctx, tmp_path):
    w = make_window(qtbot, _signed_in(demo_ctx, CLERK), tmp_path)
    petitions = w.pages["petitions"]
    w.tabs.setCurrentWidget(petitions)
    settle(qtbot, w)
    panel = petitions.panel
    assert panel.new_button.isEnabled() and not panel.reveal_button.isHidden()
    rows = lookups.rows_by_id(demo_ctx.db, "petitions", [panel.model.id_at(0)])
    record = next(iter(rows.values()))
    panel.view.selectRow(0)
    dialog = panel.reveal_button.click() or w.findChild(RevealDialog)
    assert isinstance(dialog, RevealDialog) and dialog.isVisible()
    assert dialog.values["身份证号" if "身份证号" in dialog.values else "证件号"] == record["id_no"]
    assert record["phone"] in dialog.values.values()
    unmasked = [r for r in demo_ctx.db["audit"].rows if r["action"] == "unmask"]
    assert {(r["operator"], r["entity"], r["record_id"]) for r in unmasked} == {
        ("李静", "petitions", record["id"])
    }
    assert len(unmasked) == 2  # the ID number and the phone, each audited
    dialog.close()

    # A case's party, from the 当事人 list below the cases.
    cases = w.pages["cases"]
    w.tabs.setCurrentWidget(cases)
    cases.panel.view.selectRow(0)
    settle(qtbot, w)
    parties = cases.parts["parties"]
    parties.view.selectRow(0)
    shown = parties.reveal_current()
    assert parties.rows[0]["id_no"] in shown.values.values()
    assert ("李静", "parties", parties.rows[0]["id"]) in {
        (r["operator"], r["entity"], r["record_id"])
        for r in demo_ctx.db["audit"].rows
        if r["action"] == "unmask"
    }
    shown.close()
    w.close()


def test_without_accounts_the_window_is_as_before(window, demo_ctx):
    assert demo_ctx.account is None
    assert window.account_label.text() == "未启用账户"
    panel = window.pages["petitions"].panel
    assert panel.new_button.isEnabled() and not panel.history_button.isHidden()
    panel.view.selectRow(0)
    record = panel.current_record()
    form = panel.edit_current()
    assert form.editors["id_no"].value() == record["id_no"]  # in full, editable
    assert not form.read_only and not form.save_button.isHidden()
    form.close()


def test_background_work_is_permitted_only_what_the_account_is(viewer_window, qtbot):
    """The window's worker thread has its own connection and context: it must carry the
    signed-in account, or a 查阅's import or export would run with none (everything
    allowed, as on a database without accounts)."""
    from lianhua_desk.services.permissions import NotPermitted, require

    w = viewer_window
    failures = []
    w.runner.run(
        "权限", lambda ctx, _progress: require(ctx, "exchange.import"), on_error=failures.append
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert failures[0][0] is NotPermitted


def test_a_viewer_gets_no_workflow_or_document_buttons(viewer_window, qtbot):
    """The tabs' own buttons: no step of the mediation or petition workflow, and no
    document printing the parties' full particulars."""
    w = viewer_window
    _pages(w, qtbot)
    cases = w.pages["cases"]
    assert cases.panel.current_record() is not None
    side = [*cases.buttons.values(), cases.escalate_button]
    side += [cases.print_button, cases.cover_button, cases.dossier_button]
    assert not any(b.isEnabled() for b in side)
    petitions = w.pages["petitions"]
    w.tabs.setCurrentWidget(petitions)
    petitions.panel.view.selectRow(0)
    settle(qtbot, w)
    assert petitions.panel.current_record() is not None
    assert not petitions.route_button.isEnabled() and not petitions.conclude_button.isEnabled()


def test_the_operator_setting_does_not_rename_a_signed_in_account(qtbot, demo_ctx, tmp_path):
    """The audit names who signed in: a 管理员 typing another 操作员 in the settings must
    not make later changes appear as someone else's."""
    from lianhua_desk.ui.settings_dialog import SettingsDialog

    w = make_window(qtbot, _signed_in(demo_ctx, ADMIN), tmp_path)
    try:
        dialog = SettingsDialog(w.host, w)
        qtbot.addWidget(dialog)
        dialog.editors["operator"].setText("别人")
        assert dialog.save()
        assert w.host.ctx.actor.operator == "王芳" and w.runner.actor.operator == "王芳"
    finally:
        w.close()
