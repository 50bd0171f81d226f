"""The program's one SQLite driver: SQLCipher's build of SQLite (sqlcipher3, DB-API).

Without a key it reads and writes plain SQLite files exactly as the standard library
does; with one (`PRAGMA key`) the same file format is encrypted page by page (SQLCipher
4: AES-256, HMAC-SHA512 per page). One driver for both, so one set of exception classes
everywhere: sqlcipher3's errors are *not* subclasses of the standard library's
`sqlite3.Error`, and code catching those would miss them. Every module therefore takes
`sqlite3` from here, never from the standard library.

sqlite-utils picks its driver once, at import: `pysqlite3` when importable, else the
standard library. Pointing `pysqlite3` at sqlcipher3 before sqlite-utils is imported
makes its own `except OperationalError` clauses (alter=True, drop(ignore=True) …) catch
this driver's errors; lianhua_desk/__init__.py imports this module first for that
reason, and a test fails if sqlite-utils ends up on another driver.
"""

from __future__ import annotations

import sys

import sqlcipher3
from sqlcipher3 import dbapi2 as sqlite3

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlite3)
# sqlite-utils is not imported here to check it took the alias: that costs 100 ms, and
# `--version` imports this package. tests/store/test_driver.py checks it.

Error = sqlite3.Error
# SQLite's default bound-parameter limit since 3.32; sqlcipher3 has no getlimit().
MAX_VARIABLES = 32766


def connect(target, **kwargs) -> sqlite3.Connection:
    """A connection that keeps SQLCipher's own error log off stderr (a wrong key would
    print `ERROR CORE … hmac check failed` lines the user cannot act on)."""
    conn = sqlite3.connect(target, **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def set_key(conn: sqlite3.Connection, key: bytes) -> None:
    """Open `conn`'s file with the raw 32-byte key (no password derivation: the key was
    unwrapped at sign-in). Must come before anything reads the file."""
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
