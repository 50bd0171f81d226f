"""Start-up recovery, the one-window-per-database guard, and the 数据 menu (backup,
restore, check) — real files, real widgets, dialogs driven without a modal loop."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from lianhua_desk.services import records
from lianhua_desk.store import backup as backups
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.ui.backup_dialog import BackupChooser
from lianhua_desk.ui.instance_guard import InstanceGuard, lock_path
from lianhua_desk.ui.recovery import RecoveryDialog, open_for_window
from tests.conftest import make_context

from .conftest import db_file, make_window, settle


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(path: Path, how: str = "pages") -> None:
    """Overwrite b-tree pages in the middle (quick_check fails) or the header."""
    data = bytearray(path.read_bytes())
    if how == "header":
        data[:100] = bytes(100)
    else:
        for offset in range(len(data) // 3, len(data) // 3 + 4096 * 20, 4096):
            data[offset + 8 : offset + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))


@pytest.fixture
def live(demo_template, tmp_path) -> Path:
    """A demo database with one good backup, then a newer backup that is damaged."""
    path = tmp_path / "data" / "lianhua.db"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    folder = path.parent / "backups"
    conn = sqlite3.connect(path)
    try:
        from sqlite_utils import Database

        good = backups.backup(Database(conn), folder, reason="daily")
    finally:
        conn.close()
    bad = folder / "lianhua-29991231-235959-daily.db"  # newest by name, and broken
    shutil.copyfile(good, bad)
    _damage(bad)
    return path


class Asker:
    """Stands in for QDialog.exec: records each dialog and presses a button."""

    def __init__(self, qtbot, press: str):
        self.qtbot, self.press, self.dialogs = qtbot, press, []

    def __call__(self, dialog) -> int:
        self.dialogs.append(dialog)
        if isinstance(dialog, RecoveryDialog):
            button = dialog.restore_button if self.press == "restore" else dialog.quit_button
            assert button is not None, "no restore offered"
            self.qtbot.mouseClick(button, Qt.LeftButton)
            return dialog.result()
        return 0  # a plain message box: acknowledged


# --- start-up recovery ----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["pages", "header"])
def test_a_damaged_database_offers_the_latest_good_backup(qtbot, live, how):
    before = backups.check_file(live).counts
    _damage(live, how)
    damaged = _sha(live)
    ask = Asker(qtbot, "restore")
    opened = open_for_window(live, ask)
    (dialog,) = ask.dialogs
    assert dialog.windowTitle() == "数据库已损坏"
    text = dialog.text.text()
    assert "已损坏" in text and "保持原样" in text
    assert "lianhua-29991231" not in text  # the broken newer backup is not offered
    assert "-daily.db" in text and "调解案件" in text
    assert opened.ctx is not None
    try:
        assert backups.check_file(live).ok and backups.check_file(live).counts == before
        (kept,) = (live.parent / "backups").glob("damaged-*.db")
        assert _sha(kept) == damaged  # the damaged file is kept byte for byte
        assert str(kept) in opened.note
        assert opened.ctx.db["cases"].count == before["cases"]
    finally:
        opened.ctx.db.close()


def test_quitting_leaves_the_damaged_database_untouched(qtbot, live):
    _damage(live)
    damaged = _sha(live)
    ask = Asker(qtbot, "quit")
    opened = open_for_window(live, ask)
    assert opened.ctx is None
    assert _sha(live) == damaged
    assert not list((live.parent / "backups").glob("damaged-*.db"))


def test_without_a_good_backup_only_quit_is_offered(qtbot, live):
    for path in (live.parent / "backups").glob("*-daily.db"):
        _damage(path)
    _damage(live)
    damaged = _sha(live)
    dialog = None

    def ask(d):
        nonlocal dialog
        dialog = d
        return QDialog.Rejected

    assert open_for_window(live, ask).ctx is None
    assert isinstance(dialog, RecoveryDialog) and dialog.restore_button is None
    assert "没有找到可用的备份" in dialog.text.text()
    assert _sha(live) == damaged


def test_a_newer_database_is_explained_and_not_touched(qtbot, live):
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    original = _sha(live)
    dialog = None

    def ask(d):
        nonlocal dialog
        dialog = d
        return QDialog.Rejected

    assert open_for_window(live, ask).ctx is None
    assert dialog.windowTitle() == "数据库版本过新"
    assert dialog.restore_button is None and "更新版本" in dialog.text.text()
    assert _sha(live) == original


def test_other_failures_are_a_plain_message(qtbot, tmp_path):
    folder = tmp_path / "a-folder.db"
    folder.mkdir()  # not a file at all: nothing to recover
    said = []
    assert open_for_window(folder, lambda box: said.append(box) or 0).ctx is None
    (box,) = said
    assert isinstance(box, QMessageBox) and "无法打开" in box.windowTitle()


# --- one window per database --------------------------------------------------------------------


def test_a_second_window_on_the_same_database_is_refused(tmp_path):
    db = tmp_path / "lianhua.db"
    first, second = InstanceGuard(db), InstanceGuard(db)
    assert first.acquire()
    try:
        assert lock_path(db).exists()
        assert not second.acquire()
        assert str(os.getpid()) in second.message()
        assert "已在另一个莲花法治工作台窗口中打开" in second.message()
        assert InstanceGuard(tmp_path / "other.db").acquire()  # another file is another matter
    finally:
        first.release()
    assert second.acquire()
    second.release()


HOLDER = (
    "import sys, time; from pathlib import Path; "
    "from lianhua_desk.ui.instance_guard import InstanceGuard; "
    "g = InstanceGuard(Path(sys.argv[1])); print(g.acquire(), flush=True); time.sleep(60)"
)


def test_a_crashed_window_does_not_lock_the_database_forever(tmp_path):
    db = tmp_path / "lianhua.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, encoding="utf-8"
    )
    try:
        assert holder.stdout.readline().strip() == "True"
        guard = InstanceGuard(db)
        assert not guard.acquire()
        assert f"进程号 {holder.pid}" in guard.message()
    finally:
        holder.kill()  # like a crash: the lock file stays behind
        holder.wait()
        holder.stdout.close()
    assert lock_path(db).exists()
    assert guard.acquire()  # the holder is gone: the lock is taken over
    guard.release()


def test_run_refuses_a_second_window_with_a_message(qtbot, live, tmp_path, monkeypatch):
    from lianhua_desk.ui import main

    monkeypatch.setenv("LIANHUA_LOG_DIR", str(tmp_path / "logs"))
    holder = InstanceGuard(live)
    assert holder.acquire()
    seen = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        seen.append((box.windowTitle(), box.text()))
        box.done(0)

    QTimer.singleShot(200, answer)
    handlers = list(logging.getLogger().handlers)
    try:
        assert main.run(live) == main.EXIT_ENV
    finally:
        holder.release()
        for handler in set(logging.getLogger().handlers) - set(handlers):  # run()'s log file
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert seen and seen[0][0] == "数据库已在使用中" and "另一个莲花法治工作台窗口" in seen[0][1]


def test_a_cli_import_goes_on_while_the_window_holds_the_database(qtbot, demo_ctx, tmp_path):
    """The guard stops second windows, not the command line: the window keeps writing
    while a CLI import runs on the same file; both finish, no corruption."""
    from lianhua_desk.services.exchange import export_workbook

    book = tmp_path / "book.xlsx"
    export_workbook(demo_ctx, book)
    target = tmp_path / "target" / "target.db"
    target.parent.mkdir()
    ctx = make_context(target)
    records.create(ctx, "communities", {"name": "窗口里的社区"})
    guard = InstanceGuard(target)
    assert guard.acquire()
    window = make_window(qtbot, ctx, tmp_path)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lianhua_desk", "--db", str(target), "import", str(book)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            env={**os.environ, "LIANHUA_LOG_DIR": str(tmp_path / "logs")},
        )
        made = 0
        while proc.poll() is None:  # the window writes meanwhile, one transaction each
            records.create(window.host.ctx, "communities", {"name": f"并发社区{made}"})
            made += 1
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "database is locked" not in (out + err).lower()
        assert made > 0
        assert (
            ctx.db.execute(
                "SELECT count(*) FROM communities WHERE name LIKE '并发社区%'"
            ).fetchone()[0]
            == made
        )
        assert ctx.db["cases"].count == demo_ctx.db["cases"].count  # the import, all of it
        assert ctx.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        window.close()
        guard.release()
        ctx.db.close()


# --- the 数据 menu ------------------------------------------------------------------------------


def test_the_data_menu_sits_before_help(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("数据") == titles.index("帮助") - 1
    names = [
        a.objectName() for a in window.menuBar().actions()[titles.index("数据")].menu().actions()
    ]
    assert names == [  # "" a separator
        *["export", "import", "", "backup", "restore", "check", "", "encryption"]
    ]


def test_backup_and_check_from_the_window(qtbot, window, demo_ctx):
    actions = window.data_actions
    window.findChild(type(window.new_action), "backup").trigger()
    settle(qtbot, window)
    (made,) = (demo_ctx.backup_dir).glob("*-manual.db")
    assert backups.check_file(made).ok
    assert str(made) in actions.last_message.text()
    window.findChild(type(window.new_action), "check").trigger()
    settle(qtbot, window)
    assert "检查通过" in actions.last_message.text()
    assert "调解案件" in actions.last_message.text()


def _own_window(qtbot, ctx, tmp_path):
    """A window not registered with qtbot: a restore closes and deletes it."""
    from lianhua_desk.ui.main_window import MainWindow

    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat)
    window = MainWindow(ctx, db_file(ctx), settings=prefs)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def test_restore_from_the_window_checks_keeps_and_reopens(qtbot, demo_ctx, tmp_path):
    path = db_file(demo_ctx)
    good = backups.backup(demo_ctx.db, demo_ctx.backup_dir, reason="manual")
    n_before = demo_ctx.db["communities"].count
    window = _own_window(qtbot, demo_ctx, tmp_path)
    records.create(window.host.ctx, "communities", {"name": "备份之后新建的社区"})
    actions = window.data_actions
    actions.restore_from(good)
    settle(qtbot, window)
    box = actions.confirm_box
    assert box is not None and box.isVisible() and good.name in box.text()
    qtbot.mouseClick(box.button(QMessageBox.Yes), Qt.LeftButton)
    actions.file_runner.wait()
    qtbot.waitUntil(lambda: getattr(window, "successor", None) is not None, timeout=10000)
    new = window.successor
    try:
        settle(qtbot, new)
        assert new.isVisible()
        assert new.host.ctx.db["communities"].count == n_before
        (replaced,) = demo_ctx.backup_dir.glob("*-replaced.db")
        assert backups.check_file(replaced).counts["communities"] == n_before + 1
        assert "恢复" in new.data_actions.last_message.text()
        assert backups.check_file(path).ok
    finally:
        new.close()
        new.host.ctx.db.close()


def test_restore_refuses_a_file_that_fails_the_check(qtbot, window, demo_ctx, tmp_path):
    path = db_file(demo_ctx)
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    original = demo_ctx.db["communities"].count
    window.data_actions.restore_from(bogus)
    settle(qtbot, window)
    assert window.data_actions.confirm_box is None
    assert "未通过检查" in window.data_actions.last_message.text()
    assert window.isVisible() and demo_ctx.db["communities"].count == original
    assert not list(demo_ctx.backup_dir.glob("*-replaced.db"))
    assert path.exists()


def test_the_chooser_lists_backups_newest_first(qtbot, demo_ctx, tmp_path):
    import datetime as dt

    folder = tmp_path / "b"
    older = backups.backup(demo_ctx.db, folder, now=dt.datetime(2021, 1, 1, 9))
    newer = backups.backup(demo_ctx.db, folder, now=dt.datetime(2021, 1, 9, 9))
    chooser = BackupChooser(folder)
    qtbot.addWidget(chooser)
    assert chooser.list.count() == 2
    assert chooser.selected() == newer
    chooser.list.setCurrentRow(1)
    assert chooser.selected() == older


def test_first_start_on_an_empty_database_offers_the_demo(ctx):
    from lianhua_desk.ui.main import offer_demo

    asked = []
    assert offer_demo(ctx, lambda title, text: asked.append(text) or False) is False
    assert asked and ctx.db["communities"].count == 0  # declined: still empty
    assert offer_demo(ctx, lambda title, text: True) is True
    assert ctx.db["communities"].count == 16
    assert offer_demo(ctx, lambda title, text: pytest.fail("asked again")) is False
