"""Window tests: real widgets on the offscreen platform, real SQLite files.

Every Qt warning fails the test that caused it (qt_log_level_fail), except the
offscreen platform's note that it cannot resize native windows.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))


def db_file(ctx) -> Path:
    """The file behind a context's connection."""
    return Path(ctx.db.execute("PRAGMA database_list").fetchone()[2])


@pytest.fixture(autouse=True)
def _app(qapp):
    from lianhua_desk.ui import i18n, report_actions
    from lianhua_desk.ui.main import create_app

    create_app()
    report_actions.OPEN_AFTER_WRITING = False
    i18n.set_language("zh_CN")
    yield qapp
    i18n.set_language("zh_CN")


def make_window(qtbot, ctx, tmp_path: Path, show: bool = True):
    from PySide6.QtCore import QSettings

    from lianhua_desk.ui.main_window import MainWindow

    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat)
    window = MainWindow(ctx, db_file(ctx), settings=prefs)
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def settle(qtbot, window) -> None:
    """Let the background worker finish and its results arrive."""
    for _ in range(3):
        window.runner.wait()
        qtbot.wait(10)


@pytest.fixture
def window(qtbot, demo_ctx, tmp_path):
    w = make_window(qtbot, demo_ctx, tmp_path)
    yield w
    w.close()


@pytest.fixture
def empty_window(qtbot, ctx, tmp_path):
    w = make_window(qtbot, ctx, tmp_path)
    yield w
    w.close()


def type_text(widget, text: str) -> None:
    """Type text, Chinese included, as key events (QTest's keyClicks is ASCII-only)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, ch))
