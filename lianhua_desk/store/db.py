"""Opening the one SQLite file: pragmas, version check, migrations, transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from . import schema
from .errors import DamagedDatabaseError, NewerDatabaseError, StoreError, translate

BUSY_TIMEOUT_S = 5.0  # wait this long for another process before telling the user


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only (where the OS honours modes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(path: str | Path, *, readonly: bool = False) -> Database:
    """A configured connection, without any schema work."""
    path = Path(path)
    try:
        if readonly:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                check_same_thread=False,
            )
        else:
            if not path.exists():
                _create_private(path)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        db = Database(conn, execute_plugins=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed change survives a power cut, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
        return db
    except sqlite3.Error as exc:
        raise (translate(exc) or StoreError(f"无法打开数据库：{exc}")) from exc


def applied_migrations(db: Database) -> list[str]:
    return [m.name for m in schema.migrations.applied(db)]


def check_version(db: Database) -> None:
    """Refuse a database written by a newer program, before touching it."""
    unknown = set(applied_migrations(db)) - set(schema.known_migrations())
    user_version = db.execute("PRAGMA user_version").fetchone()[0]
    if unknown or user_version > schema.SCHEMA_VERSION:
        raise NewerDatabaseError(
            f"该数据库由更新版本的程序创建（结构版本 {user_version}，本程序支持到 "
            f"{schema.SCHEMA_VERSION}），为避免损坏数据，本程序不会打开它。请升级程序。"
        )


def quick_check(db: Database) -> list[str]:
    rows = db.execute("PRAGMA quick_check").fetchall()
    return [] if rows == [("ok",)] else [r[0] for r in rows]


def _inspect(path: Path) -> None:
    """Refuse a damaged or too-new database before anything writes to it."""
    db = connect(path, readonly=True)
    try:
        problems = quick_check(db)
        if problems:
            raise DamagedDatabaseError(
                "数据库文件已损坏，为保护数据未以写入方式打开。请用“恢复备份”找回最近的完好备份。"
                f"（{problems[0]}）"
            )
        check_version(db)
    except sqlite3.Error as exc:
        raise (translate(exc) or StoreError(f"无法打开数据库：{exc}")) from exc
    finally:
        db.close()


def open_db(path: str | Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) and migrate the database at `path`.

    A damaged file is not opened for writing. Before migrating a database that
    already holds data, a backup is taken into `backup_dir` if given.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        _inspect(path)  # read-only first: a refused file is left byte for byte as it was
    db = connect(path)
    try:
        pending = schema.migrations.pending(db)
        if pending:
            if backup_dir is not None and db.table_names():
                from .backup import backup  # local: avoids a cycle at import time

                backup(db, backup_dir, reason="migrate")
            schema.migrations.apply(db)
            db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        return db
    except sqlite3.Error as exc:
        db.close()
        raise (translate(exc) or StoreError(f"无法打开数据库：{exc}")) from exc
    except StoreError:
        db.close()
        raise


@contextlib.contextmanager
def write_lock(db: Database) -> Iterator[Database]:
    """One write transaction, taken with BEGIN IMMEDIATE.

    IMMEDIATE makes a second process wait (busy timeout) at the start instead of
    failing halfway when its read lock cannot be upgraded. Nested calls become
    savepoints. Environmental failures surface as StoreError.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise (translate(exc) or exc) from exc
    try:
        yield db
    except BaseException as exc:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            translated = translate(exc)
            if translated is not None:
                raise translated from exc
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise (translate(exc) or exc) from exc
