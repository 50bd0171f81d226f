"""The composition root: opens the store and builds the service context.

The command line and the window both start here, so both get the same backups,
checks and migrations.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import paths
from .errors import RefusedInput
from .services.context import Context
from .store import backup as backups
from .store.db import open_db
from .store.records import Actor
from .store.settings_store import load_settings


class DatabaseMissing(RefusedInput):
    """The database file the caller named does not exist (and may not be created).

    The message, in Chinese, names the path and how to create a database."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path


def require_database(db_path: Path) -> Path:
    """db_path, if a database file is there; else DatabaseMissing (nothing is touched)."""
    from .cli_messages import database_is_folder, missing_database

    db_path = Path(db_path)
    if db_path.is_dir():
        raise DatabaseMissing(db_path, database_is_folder(db_path))
    if not db_path.exists():
        raise DatabaseMissing(db_path, missing_database(db_path))
    return db_path


def open_context(
    db_path: Path,
    *,
    operator: str | None = None,
    daily_backup: bool = True,
    create: bool = True,
) -> Context:
    """Open (migrating as needed) the database at db_path.

    With create=False a missing file (or a folder) is refused with DatabaseMissing
    before anything is written: no file, folder, -wal/-shm or backups folder appears.
    The command line passes create=False for every command but `demo` (`restore`
    copies a file into place without opening it here). The default, True, creates the
    file as before: the window (after asking), the self-test and the test fixtures.
    Takes the day's backup on the first open of a day, once the file holds data."""
    db_path = Path(db_path)
    if not create:
        require_database(db_path)
    backup_folder = paths.backup_dir(db_path)
    db = open_db(db_path, backup_dir=backup_folder)
    actor = Actor(operator or load_settings(db).operator)
    ctx = Context(db, actor, backup_folder)
    if (
        daily_backup
        and backups.daily_backup_due(backup_folder, dt.date.today())
        and has_records(ctx)
    ):
        backups.backup(db, backup_folder, reason="daily")
    return ctx


def blank_context() -> Context:
    """An in-memory database with the schema and default settings, no records: for
    output that needs no stored data (the blank exchange template). Nothing on disk."""
    from sqlite_utils import Database

    from .store import schema

    db = Database(memory=True)
    schema.apply(db)
    return Context(db, Actor(), None)


def has_records(ctx: Context) -> bool:
    return ctx.db["communities"].count > 0
