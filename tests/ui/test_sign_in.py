"""Signing in (issue 17): the first start creates the first 管理员, a wrong password
is refused in Chinese and no window opens, repeated failures show the service's
wait, 切换账户 changes who the window acts as, and 账户管理 manages the accounts.
Real widgets, a real SQLite file, the real accounts service."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from lianhua_desk.domain.accounts import ADMIN, CLERK, VIEWER, Account
from lianhua_desk.services import accounts
from lianhua_desk.ui import main
from lianhua_desk.ui.accounts_dialog import AccountForm, AccountsDialog
from lianhua_desk.ui.main_window import MainWindow
from lianhua_desk.ui.sign_in import SignInDialog

from .conftest import db_file, make_window

PASSWORD = "lianhua-2020"


def _fill(dialog, name: str, password: str, confirm: str | None = None) -> None:
    dialog.name.setText(name)
    dialog.password.setText(password)
    if confirm is not None:
        dialog.confirm.setText(confirm)


def _audit(ctx, action: str) -> list[dict]:
    return list(ctx.db["audit"].rows_where("action = ?", [action], order_by="rowid"))


def _when_modal(kind, act, tries: int = 200) -> None:
    """Once a modal `kind` is on screen, `act(dialog)` (the start-up dialogs are modal)."""
    widget = QApplication.activeModalWidget()
    if isinstance(widget, kind):
        act(widget)
    elif tries:
        QTimer.singleShot(20, lambda: _when_modal(kind, act, tries - 1))


def test_first_start_creates_the_first_admin_and_the_window_opens_signed_in(qtbot, ctx, tmp_path):
    assert not accounts.has_accounts(ctx)
    said: list[str] = []

    def create(dialog: SignInDialog) -> None:
        assert dialog.first and dialog.windowTitle() == "创建管理员账户"
        _fill(dialog, "王芳", PASSWORD, "another-one")
        dialog.ok_button.click()  # the two passwords differ: said, nothing created
        said.append(dialog.message.text())
        _fill(dialog, "王芳", PASSWORD, PASSWORD)
        dialog.ok_button.click()

    QTimer.singleShot(0, lambda: _when_modal(SignInDialog, create))
    account = main.sign_in_at_start(ctx, main._ask)
    assert said == ["两次输入的密码不一致。"]
    assert account == Account("王芳", ADMIN) == ctx.account
    assert [r["name"] for r in accounts.list_accounts(ctx)] == ["王芳"]
    window = make_window(qtbot, ctx, tmp_path)
    assert window.account_label.text() == "账户：王芳（管理员）"
    assert window.account_label.isVisible()
    assert window.runner.actor.operator == "王芳"  # the worker writes as them too
    # A 管理员 may do everything (undo waits for a delete).
    assert all(a.isEnabled() for a in _guarded(window) if a.objectName() != "undo_delete")
    assert _audit(ctx, "sign_in")[-1]["operator"] == "王芳"
    window.close()


def _guarded(window):
    from PySide6.QtGui import QAction

    from lianhua_desk.ui.main_window import GUARDED

    return [a for a in window.findChildren(QAction) if a.objectName() in GUARDED]


def test_a_wrong_password_is_refused_in_chinese_and_the_window_does_not_open(
    qtbot, ctx, tmp_path, monkeypatch
):
    monkeypatch.setenv("LIANHUA_LOG_DIR", str(tmp_path / "logs"))
    accounts.create_account(ctx, "王芳", PASSWORD, ADMIN)
    path = db_file(ctx)
    ctx.db.close()
    seen: list = []
    # Windows of earlier tests may linger until Qt deletes them: only new ones count.
    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}

    def opened() -> list:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and id(w) not in earlier
        ]

    def wrong_then_quit(dialog: SignInDialog) -> None:
        assert not dialog.first and dialog.windowTitle() == "登录"
        _fill(dialog, "王芳", "not-the-password")
        dialog.ok_button.click()
        seen.append((dialog.message.text(), dialog.isVisible(), dialog.password.text()))
        seen.append(opened())
        quit_ = dialog.findChild(QPushButton, "cancel")
        assert quit_.text() == "退出"
        quit_.click()

    QTimer.singleShot(0, lambda: _when_modal(SignInDialog, wrong_then_quit))
    handlers = list(logging.getLogger().handlers)
    try:
        status = main.run(path)
    finally:
        for handler in set(logging.getLogger().handlers) - set(handlers):  # run()'s log
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert status == main.EXIT_DECLINED
    (message, still_open, password_left), windows = seen
    assert message == accounts.SIGN_IN_REFUSED  # Chinese, and not whether the name exists
    assert still_open and password_left == ""
    assert windows == []
    assert not opened()


def test_repeated_failures_show_the_wait_the_service_imposes(qtbot, ctx):
    accounts.create_account(ctx, "王芳", PASSWORD, ADMIN)
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    for _ in range(accounts.FREE_FAILURES - 1):
        _fill(dialog, "王芳", "wrong-password")
        assert not dialog.submit()
        assert not dialog.waiting() and dialog.ok_button.isEnabled()
    _fill(dialog, "王芳", "wrong-password")
    assert not dialog.submit()  # the third failure: from now on each attempt waits
    assert dialog.waiting() and not dialog.ok_button.isEnabled()
    assert accounts.SIGN_IN_REFUSED in dialog.message.text()
    assert "登录失败次数较多，请等待 1 秒后再试。" in dialog.message.text()
    # Even with the right password the dialog does not ask the service while it waits
    # (the test's clock stands still: the wait never ends).
    _fill(dialog, "王芳", PASSWORD)
    assert not dialog.submit()
    assert len(_audit(ctx, "sign_in_failed")) == accounts.FREE_FAILURES
    assert ctx.account is None


def test_switching_account_changes_the_window(qtbot, ctx, tmp_path):
    accounts.create_account(ctx, "王芳", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "王芳", PASSWORD)
    accounts.create_account(ctx, "李静", PASSWORD, VIEWER)
    window = make_window(qtbot, ctx, tmp_path)
    assert window.pages["advisors"].current_panel().new_button.isEnabled()
    dialog = window.switch_account()
    assert dialog.windowTitle() == "切换账户"
    _fill(dialog, "李静", PASSWORD)
    dialog.ok_button.click()
    assert window.account_label.text() == "账户：李静（查阅）"
    assert window.runner.actor.operator == "李静"
    assert not window.pages["advisors"].current_panel().new_button.isEnabled()
    assert not window.findChild(type(window.new_action), "accounts").isEnabled()
    window.close()


def _shown(dialog) -> dict:
    return {row[0]: (row[1], row[2]) for row in dialog.model.rows}


def test_the_accounts_dialog_adds_resets_changes_and_disables(qtbot, ctx, tmp_path):
    accounts.create_account(ctx, "王芳", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "王芳", PASSWORD)
    window = make_window(qtbot, ctx, tmp_path)
    dialog = window.open_accounts()
    assert isinstance(dialog, AccountsDialog)

    form = dialog.add_account()
    form.fields["name"].setText("张伟")
    form.fields["password"].setText("short")
    form.fields["confirm"].setText("short")
    assert not form.submit()
    assert "密码至少需要 8 个字符" in form.message.text()
    for key in ("password", "confirm"):
        form.fields[key].setText(PASSWORD)
    assert form.fields["role"].currentData() == CLERK
    assert form.submit()
    assert _shown(dialog) == {"王芳": ("管理员", "已启用"), "张伟": ("录入员", "已启用")}

    dialog.select("张伟")
    reset = dialog.reset_password()
    assert "old" not in reset.fields  # a 管理员 resets another's without the old one
    for key in ("password", "confirm"):
        reset.fields[key].setText("new-password-1")
    assert reset.submit()
    role = dialog.change_role()
    role.fields["role"].setCurrentIndex(role.fields["role"].findData(VIEWER))
    assert role.submit()
    assert dialog.active_button.text() == "停用"
    assert dialog.toggle_active()
    assert _shown(dialog)["张伟"] == ("查阅", "已停用")
    assert dialog.active_button.text() == "启用"

    # The only active 管理员 cannot be disabled: the service's reason is shown.
    dialog.select("王芳")
    assert not dialog.toggle_active()
    box = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and "唯一启用的管理员" in w.text()
    )
    box.close()
    own = dialog.reset_password()
    assert "old" in own.fields  # one's own password needs the old one
    assert isinstance(own, AccountForm)
    assert accounts.sign_in(ctx, "王芳", PASSWORD) == Account("王芳", ADMIN)
    dialog.close()
    window.close()
