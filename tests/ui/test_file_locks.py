"""The window keeps SQLite's locks while its file dialogs show the database's folder.

POSIX locks belong to the process: Qt's stock file dialog read `demo.db`, `-wal` and
`-shm` to guess their types, which dropped every lock SQLite held; a command run beside
the window then deleted the -wal under it and the database was later corrupted (issue
10). These tests drive the window's own dialogs on the database's folder, with a second
process working on the same file, and check what the clerk would lose.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit, QMessageBox

from lianhua_desk.services import records
from lianhua_desk.store.locks import locked_inodes
from lianhua_desk.ui import file_dialogs
from tests.platforms import LINUX_LOCKS

from .conftest import db_file, settle

pytestmark = pytest.mark.skipif(not LINUX_LOCKS, reason="needs Linux /proc/locks to see the locks")


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "lianhua_desk", "--db", str(db), *args],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def _our_locks(db: Path) -> set[str]:
    """Which of the database's files this process holds a lock on."""
    held = locked_inodes() or set()
    names = {}
    for suffix in ("", "-wal", "-shm"):
        try:
            names[os.stat(f"{db}{suffix}").st_ino] = db.name + suffix
        except OSError:
            pass
    return {name for ino, name in names.items() if ino in held}


def _look_at_every_file(qtbot, dialog: QFileDialog, folder: Path) -> bool:
    """Let the dialog list the folder as the clerk sees it, and ask its model what the
    view asks for each row: icon and type. True once the folder was listed."""
    model = dialog.findChild(QFileSystemModel)
    root = model.index(str(folder))
    qtbot.waitUntil(lambda: model.rootPath() == str(folder) and root.isValid(), timeout=10000)
    qtbot.wait(800)  # the gatherer thread reads the folder and fills in icons and types
    for row in range(model.rowCount(root)):
        for column in range(model.columnCount(root)):
            index = model.index(row, column, root)
            model.data(index, Qt.DecorationRole)
            model.data(index, Qt.DisplayRole)
    qtbot.wait(200)
    return True


def _cancel_after_looking(qtbot, folder: Path, seen: list) -> None:
    def look_then_cancel():
        dialog = QApplication.activeModalWidget()
        try:
            seen.append(_look_at_every_file(qtbot, dialog, folder))
        finally:
            dialog.reject()  # never leave the test waiting on an open dialog

    QTimer.singleShot(50, look_then_cancel)


def _close_messages(window) -> list[str]:
    """Close the window's message boxes; their texts."""
    texts = []
    boxes = set(window.findChildren(QMessageBox, "message"))
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QMessageBox) and top.objectName() == "message":
            boxes.add(top)
    for box in boxes:
        texts.append(box.text())
        box.close()
    return texts


def _new_community(name: str) -> dict:
    return {"name": name}


def test_the_export_dialog_on_the_database_folder_keeps_every_lock(qtbot, window, tmp_path):
    db = db_file(window.host.ctx)
    before = _our_locks(db)
    assert {db.name, db.name + "-shm"} <= before  # the window holds WAL's locks

    file_dialogs._last_folder = db.parent  # the clerk browses to the database's folder
    seen: list[int] = []
    _cancel_after_looking(qtbot, db.parent, seen)
    window.pages["exchange"].choose_export()  # the real menu path: 数据交换 → 导出…
    assert seen == [True]  # the dialog really listed the database's folder
    assert _our_locks(db) == before

    # A command beside the window, then the window saves: nothing is lost or damaged.
    assert _cli(db, "stats", "--year", "2020").returncode == 0
    change = window.host.call(records.create, "communities", _new_community("锁测试社区"))
    assert change is not None
    settle(qtbot, window)
    shown = _cli(db, "export", "--out", str(tmp_path / "seen.xlsx"))
    assert shown.returncode == 0, shown.stderr
    assert os.path.exists(f"{db}-wal")  # not deleted under the window
    window.host.call(records.create, "communities", _new_community("锁测试社区二"))
    window.host.ctx.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    check = _cli(db, "check")
    assert check.returncode == 0, check.stderr
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3;print(sqlite3.connect({str(db)!r}).execute("
            "\"select count(*) from communities where name like '锁测试社区%'\").fetchone()[0])",
        ],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
    )
    assert count.stdout.strip() == "2"  # the other process sees both of the window's writes


def test_qts_stock_dialog_drops_the_locks_which_is_why_we_do_not_use_it(qtbot, window):
    """The cause, shown: the same folder in Qt's stock widget dialog loses every lock.
    If a Qt release stops sniffing, this fails and the defence may be revisited."""
    db = db_file(window.host.ctx)
    dialog = QFileDialog(window, "stock", str(db.parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    _look_at_every_file(qtbot, dialog, db.parent)
    dialog.reject()
    dialog.deleteLater()
    qtbot.wait(50)
    assert _our_locks(db) == set()
    # ... and the window notices: it refuses to write rather than corrupt.
    before = window.host.ctx.db["communities"].count
    assert (
        window.host.call(records.create, "communities", _new_community("不应写入"), parent=window)
        is None
    )
    assert window.host.ctx.db["communities"].count == before
    texts = _close_messages(window)
    assert any("锁已丢失" in text for text in texts), texts


def test_a_window_that_lost_its_locks_says_so_and_stops_writing(qtbot, window):
    db = db_file(window.host.ctx)
    os.close(os.open(db, os.O_RDONLY))  # any code in the process opening the file
    assert db.name not in _our_locks(db)
    qtbot.waitUntil(lambda: window.lock_banner.isVisible(), timeout=10000)
    assert "锁已丢失" in window.lock_banner.text()
    before = window.host.ctx.db["communities"].count
    assert (
        window.host.call(records.create, "communities", _new_community("不应写入"), parent=window)
        is None
    )
    assert window.host.ctx.db["communities"].count == before
    _close_messages(window)


def _open_file_dialog() -> QFileDialog | None:
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()
    )


def test_the_dialogs_refuse_the_open_database_itself(qtbot, window):
    db = db_file(window.host.ctx)
    for suffix in ("", "-wal", "-shm"):
        picked = []

        def pick(name=f"{db}{suffix}", picked=picked):
            dialog = _open_file_dialog()
            if dialog is None:  # not shown yet
                QTimer.singleShot(50, pick)
                return
            picked.append(name)
            dialog.findChild(QLineEdit, "fileNameEdit").setText(name)  # typed by the clerk
            dialog.accept()
            if dialog.isVisible():  # never leave the test waiting on an open dialog
                dialog.reject()

        QTimer.singleShot(50, pick)
        chosen = file_dialogs.open_file(window, "x", "*", folder=str(db.parent))
        assert picked and chosen is None
        texts = _close_messages(window)
        assert any("正在使用的数据库文件" in text for text in texts), texts
        assert {db.name, db.name + "-shm"} <= _our_locks(db)
