"""store.errors.translate tells SQLite's environmental failures apart by result code.

Each class of failure is provoked for real where SQLite lets a test do it (busy,
locked, read-only, not a database, cannot open, full, corrupt); a disk I/O error
cannot be provoked portably, so that one (and the extended codes) are shown with
the attribute Python sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lianhua_desk.errors import EnvironmentFailure, LianhuaError, RefusedInput
from lianhua_desk.store import errors
from lianhua_desk.store.db import open_db
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.store.errors import (
    DamagedDatabaseError,
    LockLostError,
    NewerDatabaseError,
    StoreError,
    translate,
)


def _raised(fn) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        fn()
    return info.value


def _table(path: Path, rows: int = 0) -> Path:
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(b"y" * 500,) for _ in range(rows)])
        conn.commit()
    finally:
        conn.close()
    return path


def test_busy_another_connection_holds_the_write_lock(tmp_path):
    path = _table(tmp_path / "a.db")
    holder = sqlite3.connect(path, isolation_level=None)
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        exc = _raised(lambda: waiter.execute("BEGIN IMMEDIATE"))
        holder.execute("ROLLBACK")
    finally:
        waiter.close()
        holder.close()
    assert exc.sqlite_errorname == "SQLITE_BUSY"
    assert str(translate(exc)) == errors.LOCKED


def test_locked_a_table_of_a_shared_cache(tmp_path):
    # SQLITE_LOCKED_SHAREDCACHE says "database table is locked: t": the old text match
    # ("database is locked") took it for a bug.
    uri = f"file:{tmp_path / 'shared'}?mode=memory&cache=shared"
    writer = sqlite3.connect(uri, uri=True, isolation_level=None)
    reader = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0)
    try:
        writer.execute("CREATE TABLE t (x)")
        writer.execute("BEGIN")
        writer.execute("INSERT INTO t VALUES (1)")
        exc = _raised(lambda: reader.execute("SELECT * FROM t").fetchall())
        writer.execute("ROLLBACK")
    finally:
        reader.close()
        writer.close()
    assert exc.sqlite_errorname.startswith("SQLITE_LOCKED")
    assert str(translate(exc)) == errors.LOCKED


def test_readonly_a_file_opened_read_only(tmp_path):
    path = _table(tmp_path / "a.db")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        exc = _raised(lambda: conn.execute("INSERT INTO t VALUES (2)"))
    finally:
        conn.close()
    assert exc.sqlite_errorname.startswith("SQLITE_READONLY")
    assert str(translate(exc)) == errors.READONLY


def test_notadb_a_text_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这是一个文本文件，不是数据库。\n" * 100, encoding="utf-8")
    conn = sqlite3.connect(path)
    try:
        exc = _raised(lambda: conn.execute("SELECT * FROM sqlite_master").fetchall())
    finally:
        conn.close()
    assert exc.sqlite_errorname == "SQLITE_NOTADB"
    assert str(translate(exc)) == errors.NOT_A_DATABASE


def test_cantopen_a_missing_folder(tmp_path):
    missing = tmp_path / "no such folder" / "a.db"
    exc = _raised(lambda: sqlite3.connect(f"file:{missing}?mode=ro", uri=True))
    assert exc.sqlite_errorname.startswith("SQLITE_CANTOPEN")
    assert str(translate(exc)) == errors.CANNOT_OPEN


def test_full_the_page_limit_is_reached(tmp_path):
    path = _table(tmp_path / "a.db")
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA max_page_count = 3")

        def fill():
            for _ in range(100):
                conn.execute("INSERT INTO t VALUES (?)", (b"x" * 4000,))

        exc = _raised(fill)
        conn.rollback()
    finally:
        conn.close()
    assert exc.sqlite_errorname == "SQLITE_FULL"
    assert str(translate(exc)) == errors.FULL


def test_corrupt_a_page_overwritten(tmp_path):
    path = _table(tmp_path / "a.db", rows=100)
    page_size = 4096
    with path.open("r+b") as fh:  # page 2: the table's b-tree root
        fh.seek(page_size)
        fh.write(b"\xff" * 100)
    conn = sqlite3.connect(path)
    try:
        exc = _raised(lambda: conn.execute("SELECT count(*), sum(length(x)) FROM t").fetchall())
    finally:
        conn.close()
    assert exc.sqlite_errorname.startswith("SQLITE_CORRUPT")
    assert str(translate(exc)) == errors.CORRUPT


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("SQLITE_IOERR", errors.IO_ERROR),
        ("SQLITE_IOERR_WRITE", errors.IO_ERROR),
        ("SQLITE_IOERR_FSYNC", errors.IO_ERROR),
        ("SQLITE_READONLY_DBMOVED", errors.READONLY),
        ("SQLITE_BUSY_SNAPSHOT", errors.LOCKED),
        ("SQLITE_CANTOPEN_ISDIR", errors.CANNOT_OPEN),
        ("SQLITE_CORRUPT_INDEX", errors.CORRUPT),
    ],
)
def test_the_code_decides_not_the_text(name, message):
    exc = sqlite3.OperationalError("some English text SQLite may change one day")
    exc.sqlite_errorname = name
    assert str(translate(exc)) == message


def test_a_bug_stays_a_bug_whatever_its_text_says(tmp_path):
    conn = sqlite3.connect(tmp_path / "a.db")
    try:
        no_table = _raised(lambda: conn.execute("SELECT * FROM nowhere"))
        conn.execute("CREATE TABLE u (x UNIQUE)")
        conn.execute("INSERT INTO u VALUES (1)")
        duplicate = _raised(lambda: conn.execute("INSERT INTO u VALUES (1)"))
    finally:
        conn.close()
    closed = _raised(lambda: conn.execute("SELECT 1"))  # raised by Python, no code
    assert no_table.sqlite_errorname == "SQLITE_ERROR"
    assert duplicate.sqlite_errorname.startswith("SQLITE_CONSTRAINT")
    assert translate(no_table) is None
    assert translate(duplicate) is None
    assert translate(closed) is None
    # Text alone no longer decides: a message that reads like a lock, without a code.
    assert translate(sqlite3.OperationalError("database is locked")) is None


def test_opening_a_text_file_is_an_environment_failure(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 200, encoding="utf-8")
    with pytest.raises(StoreError) as info:
        open_db(path, backup_dir=tmp_path / "backups")
    assert isinstance(info.value, EnvironmentFailure)
    assert isinstance(info.value.__cause__, sqlite3.Error)


def test_the_hierarchy():
    from lianhua_desk.app import DatabaseMissing
    from lianhua_desk.domain.records import FieldError, ValidationError
    from lianhua_desk.exchange.result import RefusedFile

    for cls in (StoreError, NewerDatabaseError, DamagedDatabaseError, LockLostError):
        assert issubclass(cls, EnvironmentFailure)
        assert not issubclass(cls, RefusedInput)
    for cls in (ValidationError, RefusedFile, DatabaseMissing):
        assert issubclass(cls, RefusedInput)
        assert not issubclass(cls, EnvironmentFailure)
    assert issubclass(RefusedInput, LianhuaError) and issubclass(EnvironmentFailure, LianhuaError)
    assert issubclass(ValidationError, ValueError)  # callers that catch ValueError still do
    refused = ValidationError([FieldError("a", "甲", "", "必填项不能为空")])
    assert refused.reasons == ["「甲」必填项不能为空"]
    assert StoreError("磁盘空间已满").reasons == ["磁盘空间已满"]
