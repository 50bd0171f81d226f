"""The database file as a whole, for the window: its errors, backups and locks.

The window (ui/) does not import the store. What it needs of the file itself —
the environmental errors to catch, the daily backup, the start-up recovery's
check/restore, whether this process still holds the file's locks, whether a chosen
path is the open database — is named here; the work stays in store.backup,
store.db, store.locks and store.errors, unchanged.
"""

from __future__ import annotations

from ..store.backup import (
    CheckResult,
    backup,
    check_file,
    copy_key_file,
    daily_backup_due,
    latest_good_backup,
    list_backups,
    restore,
)
from ..store.db import locks_lost
from ..store.errors import DamagedDatabaseError, LockLostError, NewerDatabaseError, StoreError
from ..store.locks import open_database_file
from .permissions import require

__all__ = [
    "CheckResult",
    "DamagedDatabaseError",
    "LockLostError",
    "NewerDatabaseError",
    "StoreError",
    "backup",
    "backup_as",
    "check_file",
    "daily_backup_due",
    "latest_good_backup",
    "list_backups",
    "locks_lost",
    "open_database_file",
    "restore",
    "restore_as",
]


def backup_as(ctx, *, out=None):
    """A backup the signed-in account asked for (the daily one is automatic: `backup`)."""
    require(ctx, "backup")
    written = backup(ctx.db, ctx.backup_dir, reason="manual", out=out)
    if out is not None:
        copy_key_file(ctx.db, written)
    return written


def restore_as(ctx, source, target, folder):
    """A restore the signed-in account asked for. The start-up recovery of a damaged
    file calls `restore` directly: nobody can sign in to a file that does not open."""
    require(ctx, "restore")
    return restore(source, target, folder)
