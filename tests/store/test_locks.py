"""The store's own defences against losing SQLite's file locks (store/locks.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from lianhua_desk.services import records
from lianhua_desk.store import locks
from lianhua_desk.store.backup import backup
from lianhua_desk.store.db import locks_lost
from lianhua_desk.store.errors import LockLostError, StoreError
from tests.platforms import LINUX_LOCKS

LINUX = pytest.mark.skipif(not LINUX_LOCKS, reason="needs /proc/locks")

PROC_LOCKS = """\
1: POSIX  ADVISORY  READ 4711 08:02:1234 1073741826 1073742335
2: -> POSIX  ADVISORY  WRITE 4711 08:02:999 0 EOF
3: OFDLCK ADVISORY  READ -1 08:02:555 128 128
4: POSIX  ADVISORY  READ 4712 08:02:777 128 128
5: POSIX  ADVISORY  WRITE 4711 00:2f:5678 120 120
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks is Linux's")
def test_proc_locks_is_read_for_held_posix_locks_of_one_process(tmp_path, monkeypatch):
    fake = tmp_path / "locks"
    fake.write_text(PROC_LOCKS)
    monkeypatch.setattr(locks, "PROC_LOCKS", fake)
    assert locks.locked_inodes(4711) == {1234, 5678}  # not the waiting request, not OFD
    monkeypatch.setattr(locks, "PROC_LOCKS", tmp_path / "missing")
    assert locks.locked_inodes(4711) is None


def test_off_linux_no_lock_list_is_read(tmp_path, monkeypatch):
    """Under Wine, Z:\\proc\\locks is Linux's list, of Linux processes: not read."""
    fake = tmp_path / "locks"
    fake.write_text(PROC_LOCKS)
    monkeypatch.setattr(locks, "PROC_LOCKS", fake)
    monkeypatch.setattr(locks.sys, "platform", "win32")
    assert locks.locked_inodes(4711) is None


@LINUX
def test_a_connection_that_lost_its_locks_writes_nothing(ctx):
    db_path = Path(ctx.db.execute("PRAGMA database_list").fetchone()[2])
    records.create(ctx, "communities", {"name": "甲社区"})
    assert ctx.db.lock_watch.armed and not locks_lost(ctx.db)
    os.close(os.open(db_path, os.O_RDONLY))  # any code in the process opening the file
    assert locks_lost(ctx.db)
    with pytest.raises(LockLostError, match="锁已丢失"):
        records.create(ctx, "communities", {"name": "乙社区"})
    assert [r["name"] for r in ctx.db["communities"].rows] == ["甲社区"]
    assert not ctx.db.conn.in_transaction


@LINUX
def test_locks_lost_during_a_transaction_roll_it_back(ctx):
    db_path = Path(ctx.db.execute("PRAGMA database_list").fetchone()[2])
    from lianhua_desk.store.db import write_lock

    with pytest.raises(LockLostError):
        with write_lock(ctx.db):
            ctx.db.execute("CREATE TABLE probe (x)")  # a write in progress
            os.close(os.open(db_path, os.O_RDONLY))
    assert "probe" not in ctx.db.table_names()


def test_the_open_database_and_its_companions_are_recognised(ctx, tmp_path):
    db_path = Path(ctx.db.execute("PRAGMA database_list").fetchone()[2])
    for suffix in ("", "-wal", "-shm"):
        assert locks.open_database_file(f"{db_path}{suffix}") == db_path.resolve()
    assert locks.open_database_file(tmp_path / "other.db") is None


def test_a_backup_is_never_written_over_the_open_database(ctx):
    db_path = Path(ctx.db.execute("PRAGMA database_list").fetchone()[2])
    records.create(ctx, "communities", {"name": "甲社区"})
    with pytest.raises(StoreError, match="正在使用的数据库文件"):
        backup(ctx.db, db_path.parent / "backups", out=db_path)
    assert ctx.db["communities"].count == 1
