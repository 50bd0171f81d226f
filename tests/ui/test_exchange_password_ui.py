"""The window's exchange with a password (issue 17): export asks for it twice; the
import wizard asks for it when the workbook is encrypted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from lianhua_desk.exchange import protect
from lianhua_desk.services import exchange

from .conftest import settle, type_text

PASSWORD = "莲花2020交换"


def _exchange_tab(window):
    window.tabs.setCurrentIndex(5)
    return window.pages["exchange"]


def _messages() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_export_with_a_password_typed_twice_is_encrypted(qtbot, window, tmp_path):
    tab = _exchange_tab(window)
    assert not tab.password.isEnabled()
    tab.use_password.setChecked(True)
    assert tab.password.isEnabled() and tab.password_again.isEnabled()
    type_text(tab.password, PASSWORD)
    type_text(tab.password_again, PASSWORD)
    done = []
    tab.export_to(tmp_path / "enc.xlsx", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60000)
    assert protect.is_encrypted(tmp_path / "enc.xlsx")
    assert protect.decrypt(tmp_path / "enc.xlsx", PASSWORD).startswith(b"PK")


def test_export_refuses_two_different_passwords(qtbot, window, tmp_path):
    tab = _exchange_tab(window)
    tab.use_password.setChecked(True)
    type_text(tab.password, PASSWORD)
    type_text(tab.password_again, PASSWORD + "x")
    assert tab.export_to(tmp_path / "enc.xlsx") is None
    settle(qtbot, window)
    assert not (tmp_path / "enc.xlsx").exists()
    (box,) = _messages()
    assert "不一致" in box.text()
    box.close()


def test_the_import_wizard_asks_for_the_password_of_an_encrypted_workbook(
    qtbot, empty_window, ctx, demo_ctx, tmp_path
):
    workbook = tmp_path / "enc.xlsx"
    exchange.export_workbook(demo_ctx, workbook, password=PASSWORD)
    tab = _exchange_tab(empty_window)
    dialog = tab.open_import(workbook)
    qtbot.waitUntil(dialog.password_row.isVisible, timeout=60000)
    assert "设有打开密码" in dialog.summary.text() and not dialog.import_button.isEnabled()
    # A wrong password: said, and asked again.
    type_text(dialog.password_edit, "不对")
    qtbot.keyClick(dialog.password_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: "密码不正确" in dialog.summary.text(), timeout=60000)
    assert dialog.password_row.isVisible()
    dialog.password_edit.clear()
    type_text(dialog.password_edit, PASSWORD)
    dialog.password_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=60000)
    assert not dialog.password_row.isVisible() and "尚未写入" in dialog.summary.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60000)
    settle(qtbot, empty_window)
    assert dialog.result.written and ctx.db["cases"].count == demo_ctx.db["cases"].count
    dialog.close()
