"""Does this process still hold SQLite's locks on its database file?

SQLite coordinates processes with POSIX advisory locks, and those belong to the process,
not to a connection: when any code in the process opens and closes the database file
(or its -wal or -shm), every lock SQLite holds on it is silently released. SQLite keeps
believing it holds them. Another process then takes the database for unused, may reset
the -shm and delete the -wal under us, and the next write corrupts the file (issue 10;
sqlite.org "How To Corrupt An SQLite Database File", 2.2).

The window's file dialogs no longer open such files (ui/file_dialogs.py) and the store
refuses to read or overwrite them as ordinary files (`refuse_database_file`). This
module is the last line: before and after each write transaction the store asks
whether the locks are still there, and a connection that lost them stops writing.

Linux lists every lock in /proc/locks. A WAL connection holds a shared lock on the
database file and one on the -shm for as long as it is open, so "no lock of ours on the
file" means lost. Where /proc/locks does not exist (Windows, where locks belong to a
handle and the problem does not arise; macOS) or does not show our lock at the start
(some network file systems), the watch stays unarmed and reports nothing.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PROC_LOCKS = Path("/proc/locks")
COMPANIONS = ("", "-wal", "-shm", "-journal")


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def locked_inodes(pid: int | None = None) -> set[int] | None:
    """Inode numbers on which `pid` (default: this process) holds a POSIX lock; None
    where the system does not tell."""
    pid = os.getpid() if pid is None else pid
    if not sys.platform.startswith("linux"):  # under Wine, Z:\proc\locks is Linux's, not ours
        return None
    try:
        text = PROC_LOCKS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    held: set[int] = set()
    for line in text.splitlines():
        # "12: POSIX  ADVISORY  READ 4711 00:2f:1234 1073741826 1073742335"
        # Waiting requests carry "->" after the number: they are not held.
        fields = line.split()
        if len(fields) < 8 or fields[1] != "POSIX":
            continue
        try:
            if int(fields[4]) == pid:
                held.add(int(fields[5].rsplit(":", 1)[1]))
        except ValueError:
            continue
    return held


class LockWatch:
    """Watches one database file's locks for the connections of this process."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.armed = False
        self.lost = False

    def _watched(self) -> list[int]:
        # the database file, and its -shm while one exists (WAL mode)
        return [
            ino for ino in (_inode(self.path), _inode(Path(f"{self.path}-shm"))) if ino is not None
        ]

    def arm(self) -> None:
        """Call once a connection has read the file: from now on its locks must stay."""
        held = locked_inodes()
        watched = self._watched()
        self.armed = bool(held is not None and watched and all(i in held for i in watched))
        if not self.armed:
            log.info("lock watch unavailable for %s (locks not visible)", self.path)

    def still_held(self) -> bool:
        """False once the locks are gone (and from then on: SQLite never takes back
        a lock it believes it holds)."""
        if self.lost or not self.armed:
            return not self.lost
        held = locked_inodes()
        if held is None:
            return True
        if not all(i in held for i in self._watched()):
            self.lost = True
            log.error("SQLite locks on %s were lost; writing stopped", self.path)
        return not self.lost


# --- the database files this process has open ------------------------------------------

_open_files: dict[Path, int] = {}


def register_open(path: Path) -> None:
    path = Path(path).resolve()
    _open_files[path] = _open_files.get(path, 0) + 1


def unregister_open(path: Path) -> None:
    path = Path(path).resolve()
    left = _open_files.get(path, 1) - 1
    if left > 0:
        _open_files[path] = left
    else:
        _open_files.pop(path, None)


def open_database_file(candidate: str | Path) -> Path | None:
    """The open database that `candidate` is (or is a companion file of), else None."""
    try:
        target = Path(candidate).resolve()
    except (OSError, RuntimeError):
        return None
    for path in list(_open_files):
        for suffix in COMPANIONS:
            companion = Path(f"{path}{suffix}")
            if target == companion:
                return path
            try:
                if target.exists() and companion.exists() and os.path.samefile(target, companion):
                    return path
            except OSError:
                continue
    return None
