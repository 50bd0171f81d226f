"""The composition root: opens the store and builds the service context.

The command line and the window both start here, so both get the same backups,
checks and migrations.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import paths
from .services.context import Context
from .store import backup as backups
from .store.db import open_db
from .store.records import Actor
from .store.settings_store import load_settings


def open_context(
    db_path: Path, *, operator: str | None = None, daily_backup: bool = True
) -> Context:
    """Open (creating and migrating as needed) the database at db_path.

    Takes the day's backup on the first open of a day, once the file holds data."""
    db_path = Path(db_path)
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


def has_records(ctx: Context) -> bool:
    return ctx.db["communities"].count > 0
