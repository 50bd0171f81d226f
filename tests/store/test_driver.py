"""One SQLite driver for the program and for sqlite-utils (store/driver.py)."""

from __future__ import annotations

import sqlite3 as standard

import sqlite_utils.utils
from sqlite_utils import Database

from lianhua_desk.store import driver
from lianhua_desk.store.db import open_db


def test_sqlite_utils_runs_on_the_programs_driver():
    assert sqlite_utils.utils.OperationalError is driver.sqlite3.OperationalError
    # sqlcipher3's errors are not the standard library's: catching those would miss them
    assert not issubclass(driver.sqlite3.Error, standard.Error)


def test_sqlite_utils_catches_the_drivers_errors(tmp_path):
    """Paths where sqlite-utils catches OperationalError itself: with the standard
    library's class they would let the driver's error escape."""
    db = Database(driver.connect(tmp_path / "x.db"), execute_plugins=False)
    try:
        db["people"].insert({"name": "甲"})
        db["people"].insert({"name": "乙", "extra": 1}, alter=True)  # a new column
        assert db["people"].columns_dict["extra"] is int
        db["missing"].drop(ignore=True)
    finally:
        db.close()


def test_the_program_opens_its_files_through_the_driver(tmp_path):
    db = open_db(tmp_path / "lianhua.db")
    try:
        assert isinstance(db.conn, driver.sqlite3.Connection)
        version = db.execute("PRAGMA cipher_version").fetchone()
        assert version and version[0].startswith("4.")  # SQLCipher 4, able to encrypt
        assert db.execute("SELECT sqlite_version()").fetchone()[0] == driver.sqlite3.sqlite_version
    finally:
        db.close()
