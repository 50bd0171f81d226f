"""The accounts table's SQL (issue 17). Callers hold `write_lock` for writes.

Columns: name (primary key), role, password_hash ("scrypt$n$r$p$salt$hash"), active
(0/1), created_at, last_sign_in, failed_count (failed sign-ins since the last
success) and failed_at (the last failure), so a new process inherits the wait.
"""

from __future__ import annotations

from sqlite_utils import Database

_PUBLIC = "name, role, active, created_at, last_sign_in"


def _rows(db: Database, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def count(db: Database) -> int:
    if not db["accounts"].exists():
        return 0
    return db.execute("SELECT count(*) FROM accounts").fetchone()[0]


def all_accounts(db: Database) -> list[dict]:
    """Every account without its password hash, by creation."""
    return _rows(db, f"SELECT {_PUBLIC} FROM accounts ORDER BY created_at, rowid")


def get(db: Database, name: str) -> dict | None:
    """The whole row (hash and failure state included), or None."""
    rows = _rows(db, "SELECT * FROM accounts WHERE name = ?", [name])
    return rows[0] if rows else None


def active_admins(db: Database, admin_role: str) -> list[str]:
    return [
        r["name"]
        for r in _rows(db, "SELECT name FROM accounts WHERE role = ? AND active = 1", [admin_role])
    ]


def insert(db: Database, name: str, role: str, password_hash: str, created_at: str) -> None:
    db.execute(
        "INSERT INTO accounts (name, role, password_hash, active, created_at, failed_count)"
        " VALUES (?, ?, ?, 1, ?, 0)",
        [name, role, password_hash, created_at],
    )


def set_password_hash(db: Database, name: str, password_hash: str) -> None:
    db.execute(
        "UPDATE accounts SET password_hash = ?, failed_count = 0, failed_at = NULL WHERE name = ?",
        [password_hash, name],
    )


def set_role(db: Database, name: str, role: str) -> None:
    db.execute("UPDATE accounts SET role = ? WHERE name = ?", [role, name])


def set_active(db: Database, name: str, active: bool) -> None:
    db.execute("UPDATE accounts SET active = ? WHERE name = ?", [int(active), name])


def signed_in(db: Database, name: str, at: str) -> None:
    db.execute(
        "UPDATE accounts SET last_sign_in = ?, failed_count = 0, failed_at = NULL WHERE name = ?",
        [at, name],
    )


def failed(db: Database, name: str, at: str) -> None:
    db.execute(
        "UPDATE accounts SET failed_count = failed_count + 1, failed_at = ? WHERE name = ?",
        [at, name],
    )


def forget_failures(db: Database, name: str) -> None:
    db.execute("UPDATE accounts SET failed_count = 0, failed_at = NULL WHERE name = ?", [name])
