"""Backups with SQLite's online backup API, rotation, verified restore, checks."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from ..os_errors import os_error_message
from . import keyring, schema
from .db import database_file
from .driver import connect, set_key, sqlite3
from .errors import StoreError
from .location import sqlite_uri
from .locks import open_database_file

KEEP_DAILY = 7
KEEP_WEEKLY = 4
PREFIX = "lianhua-"


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    problems: list[str]
    schema_version: int
    counts: dict[str, int]


def file_key(path: Path) -> bytes | None:
    """The key the file at `path` opens with: None for a plain file; for an encrypted
    one the key this process unlocked for it, else any key it unlocked that opens it (a
    backup is encrypted with its database's key). StoreError when none does."""
    from .encryption import opens_with

    if opens_with(path, None):
        return None
    known = keyring.key_for(path)
    for key in ([known] if known else []) + keyring.known_keys():
        if opens_with(path, key):
            return key
    raise StoreError(
        f"{path.name} 已加密，但不是用当前数据库的密钥加密的（或已损坏）："
        "请在能打开它的数据库上登录后再用。"
    )


def _connect(path: Path, *, readonly: bool = True, key: bytes | None = None):
    conn = connect(sqlite_uri(path, mode="ro"), uri=True) if readonly else connect(path)
    if key:
        set_key(conn, key)
    return conn


def database_key(db: Database) -> bytes | None:
    """The key the open database was opened with (None: plain or in memory)."""
    name = database_file(db)
    return keyring.key_for(name) if name is not None else None


def copy_key_file(db: Database, written: Path) -> Path | None:
    """A backup of an encrypted database written elsewhere (a USB stick) travels with
    a copy of the key file (`<backup>.keys`): the passwords and the recovery key of the
    day open it on another PC. None for a plain database."""
    name = database_file(db)
    if name is None or keyring.key_for(name) is None:
        return None
    keys = keyring.key_file(written)
    try:
        tmp = keys.with_name(keys.name + ".part")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(keyring.key_file(name).read_bytes())
        os.replace(tmp, keys)
    except OSError as exc:
        raise StoreError(
            f"备份已写入，但密钥文件未能复制：{os_error_message(exc, keys, writing=True)}"
        ) from exc
    return keys


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _reserve(folder: Path, stem: str) -> tuple[Path, Path]:
    """A backup name nobody has taken, its temporary file created exclusively: two
    processes backing up in the same second never share a file or a name."""
    for n in itertools.count(1):
        out = folder / (f"{stem}.db" if n == 1 else f"{stem}-{n}.db")
        tmp = out.with_name(out.name + ".part")
        if out.exists():
            continue
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return out, tmp
    raise AssertionError("unreachable")


def backup(
    db: Database,
    folder: Path,
    *,
    reason: str = "manual",
    out: Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Copy the live database consistently (other readers and writers may go on)."""
    if db.conn.in_transaction:  # the backup API would wait for our own lock forever
        raise RuntimeError("backup() called inside an open transaction")
    if out is not None and open_database_file(out) is not None:
        # renamed over a live database (or its -wal/-shm) it would destroy it
        raise StoreError(f"备份失败：{out} 是正在使用的数据库文件，请另选备份位置。")
    now = now or dt.datetime.now()
    tmp = None
    try:
        if out is None:
            folder.mkdir(parents=True, exist_ok=True)
            out, tmp = _reserve(folder, f"{PREFIX}{_stamp(now)}-{reason}")
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(f"{out.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part")
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        # An encrypted database's backups are encrypted with its key (SQLCipher copies
        # pages between two connections with the same key; into a plain one it refuses).
        target = _connect(tmp, readonly=False, key=database_key(db))
        try:
            db.conn.backup(target)
            # A self-contained file: no -wal/-shm appear beside it when it is read.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        os.replace(tmp, out)  # a half-written backup never carries the final name
    except (OSError, sqlite3.Error) as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        reason = os_error_message(exc, out, writing=True) if isinstance(exc, OSError) else exc
        raise StoreError(f"备份失败：{reason}") from exc
    if out.parent == folder:
        rotate(folder)
    return out


def list_backups(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(folder.glob(f"{PREFIX}*.db"), reverse=True)


def _taken_at(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(path.name[len(PREFIX) : len(PREFIX) + 15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def rotate(folder: Path) -> list[Path]:
    """Keep the newest backup of each of the last 7 days and of the last 4 weeks
    (plus everything from today); delete the rest. Returns the deleted files."""
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    dated = [(p, _taken_at(p)) for p in list_backups(folder)]
    today = max((t.date() for _, t in dated if t), default=None)
    for path, taken in dated:  # newest first
        if taken is None:
            keep.add(path)  # not ours to judge
            continue
        if taken.date() == today:
            keep.add(path)
        if taken.date() not in days and len(days) < KEEP_DAILY:
            days.add(taken.date())
            keep.add(path)
        week = taken.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(path)
    deleted = [p for p, _ in dated if p not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
        keyring.key_file(path).unlink(missing_ok=True)  # a `--out` copy's keys, if any
    return deleted


def daily_backup_due(folder: Path, today: dt.date) -> bool:
    return not any((t := _taken_at(p)) and t.date() == today for p in list_backups(folder))


def latest_good_backup(folder: Path) -> Path | None:
    """The newest backup that passes the full check: what start-up recovery offers."""
    for path in list_backups(folder):  # newest first
        if check_file(path).ok:
            return path
    return None


def check_file(path: Path) -> CheckResult:
    """Integrity and schema check of a database file, opened read-only."""
    if not path.exists():
        return CheckResult(False, [f"文件不存在：{path}"], 0, {})
    try:
        key = file_key(path)
    except StoreError as exc:
        return CheckResult(False, [str(exc)], 0, {})
    try:
        conn = _connect(path, key=key)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else [f"完整性检查：{r}" for r in rows]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"有 {len(fk)} 条记录引用了不存在的社区或顾问")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return CheckResult(False, [f"无法读取：{exc}（不是本程序的数据库或已损坏）"], 0, {})
    if version > schema.SCHEMA_VERSION:
        problems.append(f"结构版本 {version} 高于本程序支持的 {schema.SCHEMA_VERSION}")
    if version == 0 or "audit" not in tables:
        problems.append("不是莲花法治工作台的数据库")
    counts = {}
    if not problems:
        db = Database(_connect(path, key=key), execute_plugins=False)
        try:
            from ..domain.fields import ENTITIES

            counts = {e.name: db[e.name].count for e in ENTITIES if e.name in tables}
        finally:
            db.close()
    return CheckResult(not problems, problems, version, counts)


def _keep_replaced(target: Path, folder: Path, now: dt.datetime | None) -> Path:
    """Keep the database about to be replaced: a consistent copy through the backup API,
    or, when SQLite cannot read it (a damaged header), the file's bytes as they are."""
    current = None
    try:
        current = Database(
            _connect(target, readonly=False, key=file_key(target)), execute_plugins=False
        )
        return backup(current, folder, reason="replaced", now=now)
    except (StoreError, sqlite3.Error):
        folder.mkdir(parents=True, exist_ok=True)
        stamp = _stamp(now or dt.datetime.now())
        out, tmp = _reserve(folder, f"{PREFIX}{stamp}-replaced-damaged")
        shutil.copyfile(target, tmp)
        os.replace(tmp, out)
        return out
    finally:
        if current is not None:
            current.close()


def restore(
    source: Path, target: Path, folder: Path, *, now: dt.datetime | None = None
) -> Path | None:
    """Replace `target` with the verified backup `source`.

    The replaced database is kept first (as a backup with reason 'replaced'). The
    copy goes through a temporary file and an atomic rename, so a crash leaves
    either the old or the new database, never a mixture. Returns the kept file.

    An encrypted database stays encrypted and a plain one plain: a backup taken
    before the other state is converted on the way (store/encryption.py).
    """
    result = check_file(source)
    if not result.ok:
        raise StoreError("备份文件未通过检查，未做任何替换：" + "；".join(result.problems))
    source_key = file_key(source)
    target_key = keyring.key_for(target) if keyring.is_encrypted(target) else None
    kept = None
    if target.exists():
        kept = _keep_replaced(target, folder, now)
    tmp = target.with_name(target.name + ".restoring")
    try:
        tmp.unlink(missing_ok=True)
        if target_key == source_key:
            shutil.copyfile(source, tmp)
        else:
            converted_copy(source, source_key, tmp, target_key)
        os.chmod(tmp, 0o600)
        for suffix in ("-wal", "-shm"):  # stale journals belong to the old file
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"恢复失败：{os_error_message(exc, target, writing=True)}") from exc
    except StoreError:
        tmp.unlink(missing_ok=True)
        raise
    return kept


def converted_copy(source: Path, source_key, tmp: Path, key) -> None:
    """A checked copy of `source` at `tmp`, encrypted with `key` (plain when None)."""
    from .encryption import export_copy

    # Read-write: an ATTACH from a read-only connection would be read-only too.
    db = Database(_connect(source, readonly=False, key=source_key), execute_plugins=False)
    try:
        export_copy(db, tmp, key)
    finally:
        db.close()


def convert_in_place(path: Path, source_key, key) -> None:
    """Rewrite the backup at `path` encrypted with `key` (plain when None), through a
    checked temporary copy: a failure leaves it as it was."""
    tmp = path.with_name(path.name + ".converting")
    tmp.unlink(missing_ok=True)
    try:
        converted_copy(path, source_key, tmp, key)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    keyring.key_file(path).unlink(missing_ok=True)  # a `--out` copy's keys, if any
