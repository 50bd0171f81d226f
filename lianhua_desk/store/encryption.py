"""Converting a database file between plain and encrypted (issue 17).

SQLCipher's `sqlcipher_export` copies every table, index, trigger and virtual table
(the FTS5 search index with its rows) of the open database into an attached one with
another key; `user_version` is not part of it and is copied after. The copy is written
to a temporary file, checked (opened with its key, integrity check, the same row
counts) and only then renamed over the original: a failure at any step leaves the
original as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from ..os_errors import os_error_message
from . import driver
from .driver import sqlite3
from .errors import StoreError


def key_literal(key: bytes | None) -> str:
    """The KEY clause's value: a raw key (no password derivation), or '' for plain."""
    return f"\"x'{key.hex()}'\"" if key else "''"


def table_counts(conn) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def alone(db: Database) -> bool:
    """No other connection, in this process or another, has the file open.

    An EXCLUSIVE lock in exclusive locking mode is refused while anyone else holds the
    file (WAL readers included). Taken and given back at once."""
    conn = db.conn
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute("PRAGMA locking_mode = NORMAL")
        # In WAL mode the exclusive lock is only released by the next read.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def export_copy(db: Database, target: Path, key: bytes | None) -> dict[str, int]:
    """Write the whole database into `target` (a new file, created owner-only), encrypted
    with `key` or plain when key is None; checked before returning its row counts."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    expected = table_counts(conn)
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        conn.execute(f"ATTACH DATABASE ? AS lianhua_copy KEY {key_literal(key)}", [str(target)])
        try:
            conn.execute("SELECT sqlcipher_export('lianhua_copy')")
            conn.execute(f"PRAGMA lianhua_copy.user_version = {int(version)}")
        finally:
            conn.execute("DETACH DATABASE lianhua_copy")
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise StoreError(os_error_message(exc, target, writing=True)) from exc
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StoreError(f"转换数据库失败：{exc}") from exc
    problem = check_copy(target, key, expected, version)
    if problem:
        target.unlink(missing_ok=True)
        raise StoreError(f"转换后的数据库未通过检查，原文件未改动：{problem}")
    return expected


def check_copy(path: Path, key: bytes | None, counts: dict[str, int], version: int) -> str:
    """'' when `path` opens with `key` (and only as such), passes the integrity check
    and holds `counts` rows and `version`; else what is wrong."""
    conn = driver.connect(path)
    try:
        if key:
            driver.set_key(conn, key)
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return rows[0]
        if conn.execute("PRAGMA user_version").fetchone()[0] != version:
            return "结构版本不一致"
        got = table_counts(conn)
        if got != counts:
            differ = sorted(n for n in counts.keys() | got.keys() if counts.get(n) != got.get(n))
            return "记录数不一致：" + "、".join(differ)
        return ""
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


def opens_with(path: Path, key: bytes | None) -> bool:
    """Whether the file at `path` reads with `key` (None: as a plain file)."""
    from .location import sqlite_uri

    try:
        conn = driver.connect(sqlite_uri(path, mode="ro"), uri=True)
    except sqlite3.Error:
        return False
    try:
        if key:
            driver.set_key(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()
