"""A database on a network share: opened by an URI SQLite accepts, and without WAL
(lianhua_desk/store/location.py)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from lianhua_desk import cli
from lianhua_desk.store import db as store_db
from lianhua_desk.store import schema
from lianhua_desk.store.backup import check_file
from lianhua_desk.store.db import closed_cleanly, connect, open_db
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.store.location import mount_type, network_location, sqlite_uri
from tests.platforms import WINDOWS

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHARE_ENV = "LIANHUA_TEST_SHARE"  # a Windows share to test on: \\server\share (Wine suite)


def _database(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lianhua.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    return path


def test_a_folder_name_with_uri_characters_opens_read_only(tmp_path):
    # ? is URI syntax, and forbidden in a Windows file name
    path = _database(tmp_path / ("莲花 #1 50% 档案" if WINDOWS else "莲花 #1 ?50% 档案"))
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM communities").fetchone()[0] >= 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM communities")
    finally:
        conn.close()
    assert check_file(path).ok
    assert not Path(f"{path}-journal").exists()


def test_the_mount_holding_a_path_is_the_longest_match():
    mounts = (
        "/dev/vda / ext4 rw 0 0\n"
        "nas:/export /mnt/nas nfs4 rw 0 0\n"
        "//fs/司法所 /mnt/司法\\040所 cifs rw 0 0\n"
        "tmpfs /mnt/nas/tmp tmpfs rw 0 0\n"
    )
    assert mount_type("/mnt/nas/a/lianhua.db", mounts) == ("/mnt/nas", "nfs4")
    assert mount_type("/mnt/nas/tmp/x.db", mounts) == ("/mnt/nas/tmp", "tmpfs")
    assert mount_type("/mnt/司法 所/x.db", mounts) == ("/mnt/司法 所", "cifs")
    assert mount_type("/mnt/nasty/x.db", mounts) == ("/", "ext4")  # not inside /mnt/nas


def test_a_local_disk_is_not_a_network_location(tmp_path):
    assert network_location(tmp_path / "lianhua.db") is None


@pytest.fixture
def on_a_share(monkeypatch):
    """Linux has no share here to mount: the detector answers as it does for one."""
    monkeypatch.setattr(store_db, "network_location", lambda path: "//nas/司法所（cifs）")


def test_a_database_on_a_share_uses_the_rollback_journal(tmp_path, on_a_share):
    path = _database(tmp_path)
    db = open_db(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert "//nas/司法所" in db.location_note and "WAL" in db.location_note
        db["communities"].insert({"id": "c9", "updated_at": "2021-01-01 00:00:00", "name": "x"})
    finally:
        db.close()
    assert closed_cleanly(path)
    Path(f"{path}-journal").write_bytes(b"\0" * 512)  # what a crash mid-write leaves
    assert not closed_cleanly(path)


def test_a_local_database_keeps_wal(tmp_path):
    db = connect(_database(tmp_path))
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.location_note is None
    finally:
        db.close()


@pytest.mark.usefixtures("user_folders")
def test_the_command_line_says_why(tmp_path, on_a_share, capsys):
    path = _database(tmp_path)
    assert cli.main(["--db", str(path), "stats", "--year", "2020"]) == 0
    assert "网络位置" in capsys.readouterr().err


@pytest.mark.skipif(
    sys.platform != "win32", reason="UNC paths (\\\\server\\share) exist only on Windows"
)
def test_a_database_on_a_windows_share(tmp_path):
    share = os.environ.get(SHARE_ENV)
    if not share:
        pytest.skip(f"no Windows share to test on: set {SHARE_ENV}=\\\\server\\share")
    folder = Path(share) / f"莲花 #{os.getpid()}"
    path = _database(folder)
    try:
        assert check_file(path).ok  # read-only, through the URI
        db = open_db(path)
        try:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert share in db.location_note
        finally:
            db.close()
        assert closed_cleanly(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
