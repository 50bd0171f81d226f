"""The keys of an encrypted database (issue 17), kept beside it in `<name>.keys`.

An encrypted database is opened with one random data key. The key file holds that key
once per account, wrapped with a key derived from the account's password, so any
account can open the database and a password change re-wraps one entry without
re-encrypting anything. A plain database has no key file, and these calls do nothing.

The accounts service calls `password_set` after an account is created or its password
changed, and `account_removed` after an account is disabled.
"""

from __future__ import annotations


def password_set(ctx, name: str, password: str) -> None:
    """Wrap the open database's key for `name` with `password` (encrypted databases)."""
    if getattr(ctx, "db_key", None) is None:
        return
    raise NotImplementedError("encrypted databases: not built yet")


def account_removed(ctx, name: str) -> None:
    """Drop `name`'s wrapped key (encrypted databases)."""
    if getattr(ctx, "db_key", None) is None:
        return
    raise NotImplementedError("encrypted databases: not built yet")
