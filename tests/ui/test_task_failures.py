"""A background job's error reaches the user as a message when it is a LianhuaError
(either branch, any subclass), and the crash dialog only when it is a bug."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.services.database import StoreError
from lianhua_desk.store.records import Actor
from lianhua_desk.ui.tasks import TaskRunner

from .conftest import db_file


@pytest.fixture
def shown(monkeypatch):
    """The errors report_failure passed to ui.errors.show_error (still shown)."""
    from lianhua_desk.ui import errors

    seen = []
    real = errors.show_error
    monkeypatch.setattr(errors, "show_error", lambda exc, *a: (seen.append(exc), real(exc, *a)))
    return seen


@pytest.fixture
def crashes(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: seen.append(info))
    return seen


def _run_failing(qtbot, ctx, exc: Exception, crashes: list, shown: list) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(db_file(ctx), Actor("测试员"), parent)

    def work(ctx, progress):
        raise exc

    runner.run("…", work, parent=parent)  # the default error handler: report_failure
    try:
        qtbot.waitUntil(lambda: bool(crashes or shown), timeout=10000)
    finally:
        runner.shutdown()


def _messages() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "message" and w.isVisible()
    ]


def _close(boxes) -> None:
    for box in boxes:
        box.close()


@pytest.mark.parametrize(
    ("exc", "title"),
    [
        (RefusedFile("文件不是交换表"), "输入有误"),
        (StoreError("数据库被锁定"), "数据库错误"),
    ],
)
def test_a_lianhua_error_from_a_job_is_a_message_not_a_crash(
    qtbot, ctx, crashes, shown, exc, title
):
    _run_failing(qtbot, ctx, exc, crashes, shown)
    _close(_messages())
    assert not crashes
    assert shown == [exc]


def test_a_bug_in_a_job_goes_to_the_crash_handler(qtbot, ctx, crashes, shown):
    _run_failing(qtbot, ctx, ValueError("坏了"), crashes, shown)
    assert [type(info[1]) for info in crashes] == [ValueError]
    assert not shown and not _messages()


def test_show_error_shows_the_branchs_title_and_the_message(qtbot):
    from lianhua_desk.ui import errors

    for exc, title in (
        (RefusedFile("文件不是交换表"), "输入有误"),
        (StoreError("锁定"), "数据库错误"),
    ):
        box = errors.show_error(exc)
        assert (box.windowTitle(), box.text(), box.isVisible()) == (title, str(exc), True)
        box.close()


def test_the_message_of_a_failed_job_stays_on_screen(qtbot, ctx):
    """A job that fails while no window of ours is active (the clerk works in another
    program meanwhile): the message had no owner and Python deleted it at once, so the
    failure was never seen. It stays until the clerk closes it."""
    window = QWidget()
    qtbot.addWidget(window)
    runner = TaskRunner(db_file(ctx), Actor("测试员"), window)

    def work(ctx, progress):
        import time

        time.sleep(0.8)  # long enough for the progress dialog to show and take focus
        raise StoreError("数据库被锁定")

    runner.run("…", work, parent=window)
    try:
        qtbot.waitUntil(lambda: bool(_visible_boxes(window)), timeout=10000)
        qtbot.wait(100)  # the progress dialog's deleteLater has run
        boxes = _visible_boxes(window)
        assert [b.text() for b in boxes] == ["数据库被锁定"]
    finally:
        runner.shutdown()
    _close(_visible_boxes(window))


def _visible_boxes(window) -> list[QMessageBox]:
    found = set(_messages()) | set(window.findChildren(QMessageBox, "message"))
    return [b for b in found if b.isVisible()]
