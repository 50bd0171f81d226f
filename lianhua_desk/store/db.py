"""Opening the one SQLite file: pragmas, version check, migrations, transactions."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from . import driver, keyring, schema
from .change_time import change_time_ns
from .driver import sqlite3
from .errors import (
    DamagedDatabaseError,
    KeyNeededError,
    LockLostError,
    NewerDatabaseError,
    StoreError,
    translate,
)
from .location import network_location, network_note, sqlite_uri
from .locks import LockWatch, register_open, unregister_open

# Wait this long for another process (a long import, another window) before telling
# the user; $LIANHUA_BUSY_TIMEOUT (seconds) changes it, e.g. for tests or slow disks.
BUSY_TIMEOUT_S = float(os.environ.get("LIANHUA_BUSY_TIMEOUT") or 30.0)


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only (where the OS honours modes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class StoreDatabase(Database):
    """A sqlite-utils Database that tells the start-up check when it closes (see below)
    and watches that its file locks stay held (store/locks.py)."""

    _clean_path: Path | None = None
    lock_watch: LockWatch | None = None
    # Set when the file is on a network share and WAL was therefore not used: the
    # window and the command line tell the user (store/location.py).
    location_note: str | None = None
    _registered: Path | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            registered, self._registered = self._registered, None
            if registered is not None:
                unregister_open(registered)
            path, self._clean_path = self._clean_path, None
            if path is not None:
                _released(path)


def connect(path: str | Path, *, readonly: bool = False) -> Database:
    """A configured connection, without any schema work."""
    path = Path(path)
    try:
        if readonly:
            conn = driver.connect(
                sqlite_uri(path, mode="ro"),
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                check_same_thread=False,
            )
        else:
            if not path.exists():
                _create_private(path)
            conn = driver.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        _unlock(conn, path)
        db = StoreDatabase(conn, execute_plugins=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            where = network_location(path)
            db.location_note = network_note(where) if where else None
            # WAL needs memory shared by every process using the file: one computer only.
            conn.execute(f"PRAGMA journal_mode = {'DELETE' if where else 'WAL'}")
            # FULL: a committed change survives a power cut, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            # WAL holds its locks from the first read on: the watch starts from there.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db.lock_watch = LockWatch(path.resolve())
            db.lock_watch.arm()
        db._registered = path.resolve()
        register_open(db._registered)
        return db
    except sqlite3.Error as exc:
        raise (translate(exc) or StoreError(f"无法打开数据库：{exc}")) from exc


# An encrypted page is decrypted and its HMAC checked each time SQLite loads it into its
# cache, even when the OS holds the file in memory: a bigger cache (negative: KiB) keeps
# more of them decrypted. bench --encrypted: the slowest search and sort, see README.
ENCRYPTED_CACHE_KIB = -32768


def _unlock(conn, path: Path) -> None:
    """Key the connection with the key this process unlocked for the file (it is then
    encrypted: store/keyring.py and the conversions keep it so); an encrypted file
    whose key was not unlocked is refused before anything reads it."""
    key = keyring.key_for(path)
    if key is not None:
        driver.set_key(conn, key)
        conn.execute(f"PRAGMA cache_size = {ENCRYPTED_CACHE_KIB}")
    elif keyring.is_encrypted(path):
        conn.close()
        raise KeyNeededError(path)


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


# --- the start-up check, and when it may be skipped --------------------------------------
#
# `PRAGMA quick_check` reads every page: about 1 s for a city's 750 MB file, most of a
# cold start. It guards against opening a damaged file for writing, and damage comes
# from what happens to the file while it is in use or from outside: a crash or power
# cut mid-write, a copy or sync tool, another program. So a clean close leaves a stamp
# beside the database (`<name>-closed`: size, mtime, ctime, inode of the file, written
# after the last connection of this process closed and SQLite emptied the -wal), and an
# open that finds the file exactly as stamped, with no frames in a -wal, skips the full
# check. Any other open runs it: first open after an upgrade, after a crash or kill (no
# stamp, or a -wal left), after a restore or copy (new inode and times), after anything
# wrote to the file (mtime; ctime cannot be set back by tools). The stamp is removed
# before the file is opened for writing, so a session that ends in a crash leaves none.
# The trade-off: damage that changes no metadata while the program is closed (a failing
# disk flipping bits in place) is no longer caught at start; SQLite reports it as
# "database disk image is malformed" when the damaged page is read, and `check` runs
# the full integrity check on demand. The version check always runs.

CLEAN_SUFFIX = "-closed"

_open_lock = threading.Lock()
_open_here: dict[Path, int] = {}  # files this process opened (checked) and holds open
_open_dbs: weakref.WeakSet[StoreDatabase] = weakref.WeakSet()


def _stamp_path(path: Path) -> Path:
    return Path(f"{path}{CLEAN_SUFFIX}")


def _wal_in_use(path: Path) -> bool:
    """A -wal with frames in it, or a rollback -journal (network storage, where WAL is
    not used): a write was under way. An empty -wal (a read-only connection may leave
    one behind) holds nothing the database file lacks."""
    try:
        if os.stat(f"{path}-wal").st_size > 0:
            return True
    except OSError:
        pass
    return os.path.exists(f"{path}-journal")


def _file_state(path: Path) -> dict[str, int]:
    st = os.stat(path)
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": change_time_ns(path, st),
        "ino": st.st_ino,
        "dev": st.st_dev,
    }


def closed_cleanly(path: str | Path) -> bool:
    """The file is as the last clean close left it, as far as its size, times and
    inode tell (so the full check may be skipped), or this process already opened it
    (after its check) and holds it open."""
    path = Path(path).resolve()
    with _open_lock:
        if _open_here.get(path):
            return True
    if _wal_in_use(path):
        return False
    try:
        stamp = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
        return stamp == _file_state(path)
    except (OSError, ValueError):
        return False


def _opened(path: Path, db: StoreDatabase) -> None:
    path = path.resolve()
    with _open_lock:
        _open_here[path] = _open_here.get(path, 0) + 1
        _open_dbs.add(db)
    db._clean_path = path


def _released(path: Path) -> None:
    """A connection opened by open_db closed: when it was this process's last one and
    SQLite left no -wal (no other connection anywhere), stamp the file as closed."""
    with _open_lock:
        left = _open_here.get(path, 1) - 1
        if left > 0:
            _open_here[path] = left
            return
        _open_here.pop(path, None)
    try:
        if _wal_in_use(path) or not path.exists():
            return
        stamp = _stamp_path(path)
        tmp = stamp.with_name(stamp.name + ".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(_file_state(path), out)
        os.replace(tmp, stamp)
    except OSError:
        pass  # no stamp: the next open runs the full check


def _forget_clean_close(path: Path) -> None:
    try:
        _stamp_path(path).unlink(missing_ok=True)
    except OSError:
        pass


@atexit.register
def _close_at_exit() -> None:
    """Commands that end without closing their database still leave it stamped."""
    for db in list(_open_dbs):
        try:
            db.close()
        except Exception:  # noqa: BLE001 - at exit, a failure only costs the stamp
            pass


def _inspect(path: Path, *, full: bool = True) -> None:
    """Refuse a damaged (full check) or too-new database before anything writes to it."""
    db = connect(path, readonly=True)
    try:
        problems = quick_check(db) if full else []
        if problems:
            raise DamagedDatabaseError(
                "数据库文件已损坏，为保护数据未以写入方式打开。请用“恢复备份”找回最近的完好备份。"
                f"（{problems[0].splitlines()[0][:200]}）"
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
        # read-only first: a refused file is left byte for byte as it was
        _inspect(path, full=not closed_cleanly(path))
        _forget_clean_close(path)
    db = connect(path)
    _opened(path, db)
    try:
        pending = schema.pending(db)  # numbered steps, else what the declarations add
        if pending:
            if backup_dir is not None and db.table_names():
                from .backup import backup  # only when migrating: most opens never need it

                backup(db, backup_dir, reason="migrate")
            schema.apply(db)
            db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        return db
    except sqlite3.Error as exc:
        db.close()
        raise (translate(exc) or StoreError(f"无法打开数据库：{exc}")) from exc
    except StoreError:
        db.close()
        raise


def database_file(db: Database) -> Path | None:
    """The file behind a connection; None for an in-memory or temporary database."""
    name = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


@contextlib.contextmanager
def second_reader(db: Database) -> Iterator[Database | None]:
    """Another read-only connection to the same file, so that two big reads can run at
    once on two cores (SQLite lets go of the GIL while it steps). None when that would
    read something else: an in-memory database, or inside a write transaction whose
    rows the other connection could not see."""
    path = database_file(db)
    if path is None or db.conn.in_transaction:
        yield None
        return
    other = connect(path, readonly=True)
    try:
        yield other
    finally:
        other.close()


def locks_lost(db: Database) -> bool:
    """This connection's file locks were lost (it refuses to write from now on)."""
    watch = getattr(db, "lock_watch", None)
    return watch is not None and not watch.still_held()


def _refuse_without_locks(db: Database) -> None:
    if locks_lost(db):
        raise LockLostError(db.lock_watch.path)


@contextlib.contextmanager
def write_lock(db: Database) -> Iterator[Database]:
    """One write transaction, taken with BEGIN IMMEDIATE.

    IMMEDIATE makes a second process wait (busy timeout) at the start instead of
    failing halfway when its read lock cannot be upgraded. Nested calls become
    savepoints. Environmental failures surface as StoreError. A connection whose file
    locks were lost writes nothing (store/locks.py): checked after BEGIN and before
    COMMIT.
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
        _refuse_without_locks(db)
        yield db
        _refuse_without_locks(db)
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
