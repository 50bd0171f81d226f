"""`lianhua-desk --db /path/new.db` (or $LIANHUA_DB) naming a file that does not exist
asks before creating a database there; 退出 creates nothing (no file, folder or lock).
The default database in the user data folder is created without asking (first start)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from lianhua_desk import paths
from lianhua_desk.ui import main


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    monkeypatch.delenv(paths.ENV_DB, raising=False)
    return folder


def _recorder(answer: bool, asked: list):
    def ask(title: str, text: str) -> bool:
        asked.append((title, text))
        return answer

    return ask


def test_an_explicit_path_that_does_not_exist_is_asked_about(tmp_path, data_folder):
    target = tmp_path / "typo" / "new.db"
    asked: list = []
    assert not main.confirm_new_database(target, _recorder(False, asked))
    (title, text) = asked[0]
    assert f"数据库文件不存在：{target}" in text and "要在这里新建一个空数据库吗？" in text
    assert not target.parent.exists()
    assert main.confirm_new_database(target, _recorder(True, asked))
    assert len(asked) == 2


def test_the_default_path_and_existing_files_open_without_asking(tmp_path, data_folder):
    asked: list = []
    assert paths.is_default_database(paths.database_path())
    assert main.confirm_new_database(paths.database_path(), _recorder(False, asked))
    existing = tmp_path / "old.db"
    existing.write_bytes(b"")
    assert not paths.is_default_database(existing)
    assert main.confirm_new_database(existing, _recorder(False, asked))
    assert asked == []


def test_the_environment_variable_is_an_explicit_choice(tmp_path, data_folder, monkeypatch):
    monkeypatch.setenv(paths.ENV_DB, str(tmp_path / "env.db"))
    assert not paths.is_default_database(paths.database_path())


def test_the_question_offers_create_or_quit(qtbot, tmp_path, data_folder):
    seen: list = []

    def press(left=100):
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append([b.text() for b in box.buttons()])
            next(b for b in box.buttons() if b.text() == "退出").click()
        elif left:
            QTimer.singleShot(20, lambda: press(left - 1))

    QTimer.singleShot(20, press)
    assert not main.confirm_new_database(tmp_path / "new.db", main.ask_create_database)
    assert sorted(seen[0]) == sorted(["新建", "退出"])


def test_run_quits_without_creating_anything(qtbot, tmp_path, data_folder, monkeypatch):
    monkeypatch.setenv("LIANHUA_LOG_DIR", str(tmp_path / "logs"))
    asked: list = []
    monkeypatch.setattr(main, "ask_create_database", _recorder(False, asked), raising=False)
    opened: list = []

    def open_for_window(*args):  # what would create the file
        opened.append(args)
        return SimpleNamespace(ctx=None, note=None)

    monkeypatch.setattr(main, "open_for_window", open_for_window)
    for target in (tmp_path / "new.db", tmp_path / "elsewhere" / "new.db"):
        handlers = list(logging.getLogger().handlers)
        try:
            status = main.run(target)
        finally:
            for handler in set(logging.getLogger().handlers) - set(handlers):
                logging.getLogger().removeHandler(handler)
                handler.close()
        assert not opened, "the database would have been created without asking"
        assert asked and status == main.EXIT_DECLINED
        assert not target.exists() and not target.with_name("new.db.lock").exists()
    assert not (tmp_path / "elsewhere").exists()
