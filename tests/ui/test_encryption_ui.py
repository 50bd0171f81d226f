"""Encryption in the window (issue 17): the start-up sign-in unlocks an encrypted
database (or refuses and opens nothing), 忘记密码？ sets a new password with the
recovery key, 数据 → 加密数据库… / 解密数据库… convert the file and reopen the window,
and the recovery key is shown once, closable only once it is kept.
Real widgets, real SQLite files, the real encryption service."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from lianhua_desk.domain.accounts import ADMIN, CLERK, Account
from lianhua_desk.services import accounts, encryption, records
from lianhua_desk.services.database import open_database_file
from lianhua_desk.store import keyring
from lianhua_desk.ui import main
from lianhua_desk.ui.encryption_dialog import RecoveryKeyDialog
from lianhua_desk.ui.main_window import MainWindow
from lianhua_desk.ui.sign_in import SignInDialog, unlock_at_start

from .conftest import db_file, settle

PASSWORD = "lianhua-2020"
ID_NUMBER = re.compile(r"\d{17}[\dX]")
KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def _fill(dialog, name: str, password: str) -> None:
    dialog.name.setText(name)
    dialog.password.setText(password)


def _audit(ctx, action: str) -> list[dict]:
    return list(ctx.db["audit"].rows_where("action = ?", [action], order_by="rowid"))


def _ids_in(path: Path) -> int:
    """ID numbers readable in the file, as `strings` shows them (another process: the
    database may be open here, and closing a descriptor would drop its locks)."""
    out = subprocess.run(["strings", "-n", "18", str(path)], capture_output=True, check=True)
    return len(ID_NUMBER.findall(out.stdout.decode("ascii", "replace")))


def _when_modal(kind, act, tries: int = 200) -> None:
    widget = QApplication.activeModalWidget()
    if isinstance(widget, kind):
        act(widget)
    elif tries:
        QTimer.singleShot(20, lambda: _when_modal(kind, act, tries - 1))


def _new_windows(earlier: set) -> list:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and id(w) not in earlier and w.isVisible()
    ]


def _admin(ctx, *others: str) -> None:
    accounts.create_account(ctx, "王芳", PASSWORD, ADMIN)
    accounts.sign_in(ctx, "王芳", PASSWORD)
    for name in others:
        accounts.create_account(ctx, name, PASSWORD, CLERK)


@pytest.fixture
def encrypted(ctx) -> tuple[Path, str]:
    """An encrypted database with one 管理员 (王芳) and its recovery key; this process
    has forgotten the key, as a fresh start of the program."""
    path = db_file(ctx)
    _admin(ctx)
    records.create(ctx, "communities", {"name": "彩虹社区"})  # not empty: no demo offered
    done = encryption.encrypt(ctx, PASSWORD)  # closes ctx
    keyring.forget(path)
    return path, done.recovery_key


def _opener(path: Path):
    return lambda: main.open_for_window(path, main._ask)


@pytest.fixture
def no_log(monkeypatch, tmp_path):
    """main.run's rotating log goes to the test's folder and is removed after; a run
    whose window never closes (a modal dialog left open) ends with status 99."""
    monkeypatch.setenv("LIANHUA_LOG_DIR", str(tmp_path / "logs"))
    handlers = list(logging.getLogger().handlers)
    watchdog = QTimer(singleShot=True, interval=30000)
    watchdog.timeout.connect(lambda: QApplication.instance().exit(99))
    watchdog.start()
    yield
    watchdog.stop()
    for handler in set(logging.getLogger().handlers) - set(handlers):
        logging.getLogger().removeHandler(handler)
        handler.close()


# --- the start-up sign-in ---------------------------------------------------------------------


def test_a_wrong_password_opens_nothing_and_quitting_opens_nothing(qtbot, encrypted, no_log):
    path, _key = encrypted
    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    seen: list = []

    def wrong_then_quit(dialog: SignInDialog) -> None:
        assert dialog.locked and dialog.windowTitle() == "登录"
        assert "已加密" in dialog.intro.text()
        _fill(dialog, "王芳", "not-the-password")
        dialog.ok_button.click()
        seen.append((dialog.message.text(), dialog.isVisible(), dialog.password.text()))
        seen.append((dialog.ctx, open_database_file(path), _new_windows(earlier)))
        dialog.findChild(QPushButton, "cancel").click()

    QTimer.singleShot(0, lambda: _when_modal(SignInDialog, wrong_then_quit))
    assert main.run(path) == main.EXIT_DECLINED
    (message, still_open, password_left), (ctx, open_file, windows) = seen
    assert message == accounts.SIGN_IN_REFUSED
    assert still_open and password_left == ""
    assert ctx is None and open_file is None and windows == []  # the file was never opened
    assert open_database_file(path) is None and not _new_windows(earlier)
    assert keyring.key_for(path) is None  # still locked


def test_the_right_password_opens_the_window_signed_in(qtbot, encrypted, no_log):
    path, _key = encrypted
    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    seen: list = []

    def close_window(tries: int = 250) -> None:
        windows = _new_windows(earlier)
        if not windows:
            if tries:
                QTimer.singleShot(20, lambda: close_window(tries - 1))
            return
        window = windows[0]
        ctx = window.host.ctx
        seen.append((ctx.account, window.account_label.text(), _audit(ctx, "sign_in")))
        seen.append([r["operator"] for r in _audit(ctx, "sign_in_failed")])
        window.lock_monitor.timer.stop()  # run() closes the connection after the loop
        window.close()  # the last window: run() returns
        window.deleteLater()

    def wrong_then_right(dialog: SignInDialog) -> None:
        _fill(dialog, "王芳", "not-the-password")
        dialog.ok_button.click()
        _fill(dialog, "王芳", PASSWORD)
        dialog.ok_button.click()  # no second dialog: the window opens signed in
        QTimer.singleShot(0, close_window)

    QTimer.singleShot(0, lambda: _when_modal(SignInDialog, wrong_then_right))
    assert main.run(path) == 0
    (account, label, signed_in), failed = seen
    assert account == Account("王芳", ADMIN)
    assert label == "账户：王芳（管理员）"
    assert signed_in[-1]["operator"] == "王芳"
    assert failed == ["王芳"]  # the wrong password, kept in the key file until now


def test_unlock_at_start_returns_the_opened_database_signed_in(qtbot, encrypted):
    path, _key = encrypted

    def right(dialog: SignInDialog) -> None:
        _fill(dialog, "  王芳 ", PASSWORD)
        dialog.ok_button.click()

    QTimer.singleShot(0, lambda: _when_modal(SignInDialog, right))
    opened = unlock_at_start(path, _opener(path), main._ask)
    try:
        assert opened.ctx.account == Account("王芳", ADMIN)
        assert _audit(opened.ctx, "sign_in")[-1]["operator"] == "王芳"
        assert opened.ctx.db["accounts"].count == 1  # really read through the key
    finally:
        opened.ctx.db.close()


def test_repeated_wrong_passwords_count_down_before_the_next_try(qtbot, encrypted):
    path, _key = encrypted
    dialog = SignInDialog(None, db_path=path, opener=_opener(path))
    qtbot.addWidget(dialog)
    for _ in range(keyring.FREE_FAILURES):
        _fill(dialog, "王芳", "wrong-password")
        assert not dialog.submit()
    assert dialog.waiting() and not dialog.ok_button.isEnabled()
    assert "请等待" in dialog.message.text()
    _fill(dialog, "王芳", PASSWORD)
    assert not dialog.submit()  # not even tried while it waits
    assert dialog.ctx is None and keyring.key_for(path) is None


def test_an_unreadable_key_file_is_said_in_the_dialog(qtbot, encrypted):
    path, _key = encrypted
    keyring.key_file(path).write_text("not json", encoding="utf-8")
    dialog = SignInDialog(None, db_path=path, opener=_opener(path))
    qtbot.addWidget(dialog)
    _fill(dialog, "王芳", PASSWORD)
    assert not dialog.submit()
    assert "密钥文件" in dialog.message.text() and "已损坏" in dialog.message.text()
    assert dialog.result() != QDialog.Accepted
    assert dialog.ctx is None


# --- 忘记密码？ ------------------------------------------------------------------------------


def test_forgotten_password_reset_with_the_recovery_key_then_signed_in(qtbot, encrypted):
    path, key = encrypted
    dialog = SignInDialog(None, db_path=path, opener=_opener(path))
    qtbot.addWidget(dialog)
    dialog.name.setText("王芳")
    reset = dialog.forgot()
    assert reset.name.text() == "王芳"
    reset.key.setText(key[:-5])  # a group left out: said, not tried
    reset.password.setText("new-password-1")
    reset.confirm.setText("new-password-1")
    reset.ok_button.click()
    assert reset.message.text() == "恢复密钥应有 32 个字母和数字，现在输入了 28 个。"
    assert encryption.RECOVERY_ACTOR not in keyring.load(path)["failed"]
    reset.key.setText("A" * 32)
    reset.ok_button.click()
    assert "恢复密钥不正确" in reset.message.text() and reset.isVisible()
    assert dialog.ctx is None
    # As printed, but typed in lower case with spaces between the groups.
    reset.key.setText(key.lower().replace("-", " "))
    reset.confirm.setText("another-one")
    reset.ok_button.click()
    assert reset.message.text() == "两次输入的密码不一致。"
    reset.confirm.setText("new-password-1")
    reset.ok_button.click()
    assert reset.result() == QDialog.Accepted
    # The sign-in goes on with the new password, typed once.
    assert dialog.result() == QDialog.Accepted
    try:
        assert dialog.ctx.account == Account("王芳", ADMIN)
        assert _audit(dialog.ctx, "account_password_recovered")
    finally:
        dialog.ctx.db.close()
    keyring.forget(path)
    with pytest.raises(accounts.SignInRefused):
        encryption.unlock(path, "王芳", PASSWORD)  # the old password no longer opens it
    encryption.unlock(path, "王芳", "new-password-1")


# --- 数据 → 加密数据库… / 解密数据库… ------------------------------------------------------------


def _own_window(qtbot, ctx, tmp_path) -> MainWindow:
    """A window not registered with qtbot: a conversion closes and deletes it."""
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat)
    window = MainWindow(ctx, db_file(ctx), settings=prefs)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def _convert(qtbot, window, password: str) -> MainWindow:
    """数据 → 加密/解密数据库…, the password, OK; the window that opens after."""
    window.findChild(type(window.new_action), "encryption").trigger()
    dialog = window.encryption_actions.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # not without the password
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    window.encryption_actions.file_runner.wait()
    qtbot.waitUntil(lambda: getattr(window, "successor", None) is not None, timeout=20000)
    new = window.successor
    settle(qtbot, new)
    return new


def _close(window) -> None:
    """Close a window the test opened itself, with its connection and lock watch (its
    timer would otherwise find the closed connection's locks gone in a later test)."""
    window.lock_monitor.timer.stop()
    window.close()
    window.host.ctx.db.close()
    window.deleteLater()


def _rows(window) -> int:
    panel = window.pages["advisors"].current_panel()
    return panel.model.rowCount()


def test_encrypt_from_the_menu_shows_the_key_once_and_the_window_works(qtbot, demo_ctx, tmp_path):
    path = db_file(demo_ctx)
    _admin(demo_ctx, "李静")
    backup_dir = demo_ctx.backup_dir
    assert _ids_in(path) > 100  # the plain file shows them
    window = _own_window(qtbot, demo_ctx, tmp_path)
    rows = _rows(window)
    assert rows > 0
    action = window.findChild(type(window.new_action), "encryption")
    assert action.text() == "加密数据库…" and action.isEnabled()
    window.findChild(type(window.new_action), "backup").trigger()  # a backup to convert too
    settle(qtbot, window)
    text = None
    new = _convert(qtbot, window, PASSWORD)
    try:
        assert new.isVisible() and new.host.ctx.account == Account("王芳", ADMIN)
        assert encryption.is_encrypted(path)
        assert _ids_in(path) == 0
        backups = sorted(backup_dir.glob("*.db"))
        assert len(backups) >= 2  # the manual one and the one before encrypting
        assert all(_ids_in(b) == 0 for b in backups)
        assert _rows(new) == rows  # the reopened window reads the encrypted file
        assert new.findChild(type(new.new_action), "encryption").text() == "解密数据库…"
        dialog = new.encryption_actions.key_dialog
        assert isinstance(dialog, RecoveryKeyDialog) and dialog.isVisible()
        key = dialog.key.text()
        assert KEY.match(key)
        assert dialog.key.textInteractionFlags() & Qt.TextSelectableByMouse
        assert "李静" in dialog.accounts.text() and "王芳" not in dialog.accounts.text()
        assert not dialog.close_button.isEnabled()
        dialog.reject()  # Esc: the key is not kept yet
        assert dialog.isVisible() and "勾选" in dialog.message.text()
        pdf = dialog.save_pdf(tmp_path / "key.pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
        dialog.kept.setChecked(True)
        assert dialog.close_button.isEnabled()
        qtbot.mouseClick(dialog.close_button, Qt.LeftButton)
        assert not dialog.isVisible()
    finally:
        _close(new)
    assert key in text.stdout.decode("utf-8")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout.decode("utf-8"), re.MULTILINE)  # one page
    assert (pdf.stat().st_mode & 0o077) == 0  # it opens the database: the owner's only
    keyring.forget(path)
    encryption.reset_with_recovery_key(path, key, "李静", "li-jing-2021")  # the key works


def test_the_key_dialog_closes_only_once_kept(qtbot, tmp_path):
    done = encryption.Converted(tmp_path / "b.db", recovery_key="ABCD-EFGH-" * 7 + "ABCD")
    dialog = RecoveryKeyDialog(done, tmp_path / "l.db")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.close_button.isEnabled() and not dialog.accounts.isVisible()
    dialog.close()  # the title bar's close
    assert dialog.isVisible()
    dialog.kept.setChecked(True)
    assert dialog.close_button.isEnabled()
    dialog.kept.setChecked(False)
    assert not dialog.close_button.isEnabled()


def test_decrypt_from_the_menu_writes_the_files_back_plain(qtbot, demo_ctx, tmp_path):
    path = db_file(demo_ctx)
    _admin(demo_ctx)
    encryption.encrypt(demo_ctx, PASSWORD)  # closes it
    assert _ids_in(path) == 0
    encryption.unlock(path, "王芳", PASSWORD)
    ctx = main.open_for_window(path, main._ask).ctx
    accounts.sign_in(ctx, "王芳", PASSWORD)
    window = _own_window(qtbot, ctx, tmp_path)
    rows = _rows(window)
    new = _convert(qtbot, window, PASSWORD)
    try:
        assert not encryption.is_encrypted(path)
        assert not keyring.key_file(path).exists()
        assert _ids_in(path) > 100
        assert all(_ids_in(b) > 100 for b in demo_ctx.backup_dir.glob("*.db"))
        assert _rows(new) == rows and new.host.ctx.account == Account("王芳", ADMIN)
        assert "已解密" in new.encryption_actions.last_message.text()
        assert new.findChild(type(new.new_action), "encryption").text() == "加密数据库…"
    finally:
        _close(new)


def test_a_wrong_password_is_said_in_the_confirmation_and_nothing_closes(qtbot, ctx, tmp_path):
    path = db_file(ctx)
    _admin(ctx)
    window = _own_window(qtbot, ctx, tmp_path)
    try:
        window.findChild(type(window.new_action), "encryption").trigger()
        dialog = window.encryption_actions.confirm_dialog
        dialog.password.setText("not-the-password")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        assert dialog.isVisible() and "密码不正确" in dialog.message.text()
        assert dialog.password.text() == ""
        assert window.isVisible() and getattr(window, "successor", None) is None
        assert window.encryption_actions.file_runner is None  # no work started
        assert not encryption.is_encrypted(path) and not keyring.key_file(path).exists()
        dialog.reject()
    finally:
        _close(window)


def test_a_refused_conversion_reopens_the_window_on_the_untouched_file(qtbot, ctx, tmp_path):
    """The service's own refusal (here another program holding the file) after the
    window closed for the work: it reopens on the untouched file and says why."""
    path = db_file(ctx)
    _admin(ctx)
    window = _own_window(qtbot, ctx, tmp_path)
    from lianhua_desk.app import open_context

    other = open_context(path, daily_backup=False)  # another window or program
    try:
        new = _convert(qtbot, window, PASSWORD)
    finally:
        other.db.close()
    try:
        said = new.encryption_actions.last_message.text()
        assert "另一个窗口或程序" in said and "保持原样" in said
        assert not encryption.is_encrypted(path) and not keyring.key_file(path).exists()
        assert new.isVisible() and new.host.ctx.account == Account("王芳", ADMIN)
        assert new.encryption_actions.key_dialog is None
    finally:
        _close(new)


def test_only_a_manager_may_encrypt(qtbot, ctx, tmp_path):
    _admin(ctx, "李静")
    accounts.sign_in(ctx, "李静", PASSWORD)
    from .conftest import make_window

    window = make_window(qtbot, ctx, tmp_path)
    action = window.findChild(type(window.new_action), "encryption")
    assert not action.isEnabled()
    assert window.encryption_actions.ask("encrypt") is None
    assert window.encryption_actions.confirm_dialog is None
    window.close()
