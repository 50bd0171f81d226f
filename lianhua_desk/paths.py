"""Where the database, backups and logs live (platformdirs), and the --db rule."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from . import APP_NAME

ENV_DB = "LIANHUA_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """$LIANHUA_LOG_DIR, else the platform's user log folder."""
    if os.environ.get("LIANHUA_LOG_DIR"):
        return Path(os.environ["LIANHUA_LOG_DIR"])
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """lianhua.db in the user data folder: created without asking on a first start."""
    return data_dir() / "lianhua.db"


def database_path(arg: str | os.PathLike | None = None) -> Path:
    """`--db PATH`, else $LIANHUA_DB, else lianhua.db in the user data folder."""
    if arg:
        return Path(arg).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    return default_database()


def is_default_database(path: str | os.PathLike) -> bool:
    """Whether `path` is the default database, not one chosen by --db or $LIANHUA_DB
    (the window asks before creating a chosen one that does not exist)."""
    return Path(path).expanduser().absolute() == default_database().absolute()


def resources_dir() -> Path:
    """Fonts, translations and icons: in a PyInstaller bundle, else the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def backup_dir(db_path: Path) -> Path:
    """Backups sit in a folder beside the database they protect."""
    return db_path.parent / "backups"


OWNER_ONLY = 0o600


def owner_only(path: str | os.PathLike) -> Path:
    """Make a written file owner-only (0600) before it is renamed into place, so that
    no document, workbook or backup is readable by others even for a moment. On
    Windows only the read-only flag follows chmod: the file stays writable."""
    os.chmod(path, OWNER_ONLY)
    return Path(path)
