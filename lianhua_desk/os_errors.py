"""Operating-system errors told in Chinese, from the error number (never its English
text): the command line, the services and the window all say the same thing."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

# The user named a path that cannot be used: refused input, exit 1. Anything else the
# operating system reports (disk full, I/O error, …) is the environment failing: exit 3.
_REFUSED = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.EEXIST,
    errno.ENAMETOOLONG,
    errno.EINVAL,
    errno.EBUSY,
    errno.ETXTBSY,
    errno.ELOOP,
}

_REASONS = {
    errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.EISDIR: "这是一个文件夹，请给出文件名",
    errno.EACCES: "没有权限（或文件正被其他程序打开）",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在的磁盘或文件夹是只读的",
    errno.EEXIST: "已有同名的文件",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EINVAL: "文件名无效（可能含有不允许的字符）",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.ELOOP: "路径中的链接形成了循环",
    errno.ENOSPC: "磁盘空间已满，请清理磁盘后重试",
    errno.EFBIG: "文件超过了系统允许的大小（或磁盘空间不足）",
    errno.EIO: "读写磁盘出错（磁盘或 U 盘可能有故障）",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.ENOMEM: "内存不足",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "磁盘配额已用完"

# Windows reports a file held open by another program (Excel, WPS) as these.
_WINDOWS_SHARING = {32: "文件正被其他程序（如 Excel、WPS）打开，请关闭后重试", 33: "文件被锁定"}


def _reason(exc: OSError, path: Path | None, writing: bool | None) -> str:
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_SHARING:
        return _WINDOWS_SHARING[winerror]
    if exc.errno == errno.ENOENT:
        if writing is None and path is not None:
            writing = not path.parent.exists()
        return "文件夹不存在" if writing else "文件不存在"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return f"系统错误（错误码 {exc.errno}）" if exc.errno else "系统错误"


def os_error_message(
    exc: OSError, path: str | os.PathLike | None = None, *, writing: bool | None = None
) -> str:
    """`无法写入 <path>：<reason>` in Chinese, from the error number (never its English text).

    `path` is the path the user named (else the error's own); `writing` says whether
    it was being written (True), read (False) or it is not known (None)."""
    shown = path if path is not None else exc.filename
    if isinstance(shown, bytes):
        shown = os.fsdecode(shown)
    verb = {True: "写入", False: "读取", None: "访问"}[writing]
    reason = _reason(exc, Path(shown) if shown else None, writing)
    return f"无法{verb} {shown}：{reason}" if shown else f"无法{verb}文件：{reason}"


def os_error_exit(exc: OSError) -> int:
    """1 when the path the user named cannot be used; 3 when the environment failed."""
    if getattr(exc, "winerror", None) in _WINDOWS_SHARING:
        return 1
    return 1 if exc.errno in _REFUSED else 3


@contextlib.contextmanager
def xml_write_errors():
    """A disk error while openpyxl writes through lxml as the OSError it is.

    With lxml installed (python-docx brings it), openpyxl streams each sheet through
    lxml, which reports a full disk as `SerialisationError('IO_ENOSPC')` instead of an
    OSError: the same Chinese message and exit status as any other write must follow."""
    try:
        yield
    except Exception as exc:
        text = str(exc)
        code = getattr(errno, text[3:], None) if text.startswith("IO_E") else None
        if type(exc).__name__ != "SerialisationError" or not isinstance(code, int):
            raise
        raise OSError(code, os.strerror(code)) from exc
