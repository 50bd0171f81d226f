"""The start-up check: skipped only for a file exactly as a clean close left it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lianhua_desk.store import schema
from lianhua_desk.store.db import CLEAN_SUFFIX, _file_state, closed_cleanly, open_db
from lianhua_desk.store.errors import StoreError

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _stamp(path: Path) -> Path:
    return Path(f"{path}{CLEAN_SUFFIX}")


def _scribble(path: Path) -> None:
    """Damage a few pages in place, then set the modification time back."""
    st = os.stat(path)
    with open(path, "r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\x5a" * 4096 * 3)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "db.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    return path


def test_a_clean_close_stamps_the_file_and_an_open_removes_the_stamp(tmp_path):
    path = _database(tmp_path)
    assert not closed_cleanly(path)  # a file never closed by the program: full check
    db = open_db(path)
    assert not _stamp(path).exists()  # open for writing: a crash now must leave no stamp
    assert closed_cleanly(path)  # ... but this process checked it and holds it open
    db["communities"].insert({"id": "c2", "updated_at": "2021-01-01 00:00:00", "name": "新社区"})
    db.close()
    assert not Path(f"{path}-wal").exists()
    assert json.loads(_stamp(path).read_text()) == _file_state(path)
    assert closed_cleanly(path)
    db = open_db(path)
    assert db["communities"].count == 2
    db.close()


def test_only_the_last_connection_of_the_process_stamps(tmp_path):
    path = _database(tmp_path)
    first, second = open_db(path), open_db(path)
    second.close()
    assert not _stamp(path).exists()
    first.close()
    assert _stamp(path).exists()


def test_damage_after_a_clean_close_is_still_refused(tmp_path):
    path = _database(tmp_path)
    open_db(path).close()
    assert closed_cleanly(path)
    _scribble(path)  # same size, same mtime: the change of ctime gives it away
    assert not closed_cleanly(path)
    with pytest.raises(StoreError, match="损坏"):  # found by the full check
        open_db(path)


def test_a_replaced_file_is_checked_again(tmp_path):
    path = _database(tmp_path)
    open_db(path).close()
    copy = tmp_path / "copy.db"
    shutil.copy2(path, copy)
    os.replace(copy, path)  # as a restore does: another inode
    assert not closed_cleanly(path)


def test_an_empty_wal_left_by_a_reader_does_not_count(tmp_path):
    path = _database(tmp_path)
    open_db(path).close()
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"")  # what a read-only connection may leave behind
    assert closed_cleanly(path)
    wal.write_bytes(b"\0" * 32)  # frames (or a torn write): check the file
    assert not closed_cleanly(path)


def test_the_stamp_is_what_lets_the_check_be_skipped(tmp_path):
    """The documented trade-off: damage that leaves every file attribute as stamped
    (a disk flipping bits in place) is not caught at start."""
    path = _database(tmp_path)
    open_db(path).close()
    _scribble(path)
    _stamp(path).write_text(json.dumps(_file_state(path)))  # as if nothing had happened
    assert closed_cleanly(path)
    open_db(path).close()  # opened: the full check was skipped


RUN = """
import os, sys
from lianhua_desk.store.db import open_db
db = open_db(sys.argv[1])
db["communities"].insert({"id": "c9", "updated_at": "2021-01-01 00:00:00", "name": "x"})
if sys.argv[2] == "crash":
    os._exit(0)
"""


@pytest.mark.parametrize("ending", ["crash", "exit"])
def test_a_crash_leaves_no_stamp_and_a_normal_exit_does(tmp_path, ending):
    path = _database(tmp_path)
    open_db(path).close()
    subprocess.run([sys.executable, "-c", RUN, str(path), ending], check=True)
    if ending == "crash":
        assert not _stamp(path).exists() and Path(f"{path}-wal").exists()
        assert not closed_cleanly(path)
    else:  # the command never closed its database: closed at exit, stamped
        assert closed_cleanly(path)
    db = open_db(path)
    assert db["communities"].get("c9")["name"] == "x"
    db.close()
