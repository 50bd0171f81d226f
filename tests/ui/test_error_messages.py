"""The window's messages for the two branches of LianhuaError, in both languages."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from lianhua_desk.domain.records import FieldError, ValidationError
from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.store.errors import LockLostError, StoreError
from lianhua_desk.ui import errors, i18n
from lianhua_desk.ui.host import Host

REQUIRED = ValidationError([FieldError("name", "社区名称", "", "必填项不能为空")])


def _shown(box: QMessageBox) -> tuple[str, str]:
    title, text = box.windowTitle(), box.text()
    box.close()
    return title, text


def test_refused_input_in_chinese_is_shown_as_written(qtbot):
    assert _shown(errors.show_refused(REQUIRED)) == ("输入有误", "「社区名称」必填项不能为空")


def test_a_domain_message_is_translated_in_english(qtbot):
    i18n.set_language("en")
    i18n.MISSING.clear()
    assert _shown(errors.show_refused(REQUIRED)) == ("Invalid input", "Community: Required")
    # A message with no English entry (it quotes a value) stays Chinese, not "missing".
    quoted = ValidationError([FieldError("name", "社区名称", "x", "“x”不是可选值")])
    assert errors.reasons(quoted) == ["Community: “x”不是可选值"]
    assert not i18n.MISSING


def test_an_environment_failure_is_a_plain_database_message(qtbot):
    title, text = _shown(errors.show_environment_failure(StoreError("磁盘空间已满")))
    assert (title, text) == ("数据库错误", "磁盘空间已满")
    assert errors.show_store_error is errors.show_environment_failure


def test_host_attempt_catches_both_branches(qtbot, ctx):
    host = Host(ctx, runner=None)
    shown: list[tuple[str, str]] = []

    def failing(exc):
        def fn(_ctx):
            raise exc

        return fn

    original = errors.show_message
    try:
        errors.show_message = lambda title, text, parent=None: shown.append((title, text))
        assert host._attempt(failing(REQUIRED)) is None
        assert host._attempt(failing(RefusedFile("不是交换表"))) is None  # escaped before
        assert host._attempt(failing(LockLostError("a.db"))) is None
    finally:
        errors.show_message = original
    assert [title for title, _text in shown] == ["输入有误", "输入有误", "数据库错误"]
    assert shown[1][1] == "不是交换表"
