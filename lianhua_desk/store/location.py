"""Where the database file lives, and what that means for how SQLite may use it.

- SQLite URIs: `Path.as_uri()` writes a Windows network path `\\\\server\\share\\x.db` as
  `file://server/share/x.db`, and SQLite refuses any URI authority but localhost. The
  URI here carries the whole path, percent-encoded, with no authority at all
  (`file:%5C%5Cserver%5Cshare%5Cx.db`): SQLite decodes it back to the exact path on
  every system, and a `?`, `#` or `%` in a folder name cannot be read as URI syntax.
- Network storage: WAL keeps its index in shared memory (the -shm file), which only
  works for processes on one computer; two PCs using a database on a share through WAL
  corrupt it (sqlite.org/wal.html, "WAL does not work over a network filesystem"). A
  database on a network drive therefore uses the rollback journal, and the user is told.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote

# Linux file system types that live on another computer.
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
        "lustre", "gfs2", "ocfs2", "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone",
        "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs",
    }
)  # fmt: skip

DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


def sqlite_uri(path: str | os.PathLike, **params: str) -> str:
    """An SQLite URI for the file at `path` (absolute), with query parameters such as
    mode="ro"."""
    text = os.path.abspath(path)  # not resolve(): a share's name stays as the user gave it
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
    return f"file:{quote(text, safe='/')}" + (f"?{query}" if query else "")


def _unescape_mount_field(text: str) -> str:
    # /proc/mounts writes a space, tab, newline and backslash in octal (\040 …)
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        text = text.replace(code, char)
    return text


def mount_type(path: str | os.PathLike, mounts: str) -> tuple[str, str] | None:
    """(mount point, file system type) of the mount holding `path`, from the text of
    /proc/mounts; None when none matches."""
    target = os.fspath(path)
    best: tuple[str, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fs_type = _unescape_mount_field(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, fs_type)
    return best


def _windows_network_root(text: str) -> str | None:
    if text.startswith("\\\\?\\UNC\\"):
        text = "\\\\" + text[len("\\\\?\\UNC\\") :]
    if text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\")):
        parts = text[2:].split("\\")
        return "\\\\" + "\\".join(parts[:2])  # \\server\share
    drive = os.path.splitdrive(text)[0]
    if len(drive) == 2 and drive[1] == ":":
        import ctypes  # noqa: PLC0415 - Windows only

        if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE:
            return drive
    return None


def network_location(path: str | os.PathLike) -> str | None:
    """The share or mount a database on network storage lives on (for the message);
    None for a local disk, or where the system does not tell."""
    resolved = Path(path).resolve()
    if sys.platform == "win32":
        given = os.path.abspath(path)  # \\server\share\… as typed, and what it resolves to
        return _windows_network_root(given) or _windows_network_root(str(resolved))
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = mount_type(resolved, mounts)
    if found and found[1] in NETWORK_FILE_SYSTEMS:
        return f"{found[0]}（{found[1]}）"
    return None


def network_note(where: str) -> str:
    return (
        f"数据库位于网络位置 {where}。多台电脑经网络共用数据库时，SQLite 的 WAL 模式会损坏数据，"
        "因此本程序对它改用回滚日志模式：可以使用，但较慢，且同一时间只宜一台电脑写入。"
        "建议把数据库放在本机磁盘上，网络位置只用来存放备份和交换文件。"
    )
