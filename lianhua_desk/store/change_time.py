"""When a file last changed in any way, by a clock that tools cannot set back.

POSIX `st_ctime` is that clock. On Windows `st_ctime` is the creation time instead, so
a program that writes into the database file and then resets its modification time (as
copy and sync tools do) would leave no trace the start-up check can see. NTFS keeps the
POSIX meaning as the file's ChangeTime (FILE_BASIC_INFO), which every write updates and
SetFileTime, the API tools use to restore times, cannot touch.
"""

from __future__ import annotations

import os
import sys


def change_time_ns(path: str | os.PathLike, st: os.stat_result) -> int:
    if sys.platform != "win32":
        return st.st_ctime_ns
    return _windows_change_time_ns(os.fspath(path))


def _windows_change_time_ns(path: str) -> int:
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes

    class FileBasicInfo(ctypes.Structure):
        _fields_ = [
            ("CreationTime", ctypes.c_int64),
            ("LastAccessTime", ctypes.c_int64),
            ("LastWriteTime", ctypes.c_int64),
            ("ChangeTime", ctypes.c_int64),
            ("FileAttributes", wintypes.DWORD),
        ]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [
        wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
        wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE,
    ]  # fmt: skip
    kernel32.GetFileInformationByHandleEx.argtypes = [
        wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD,
    ]  # fmt: skip
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    file_read_attributes, share_all, open_existing = 0x80, 0x7, 3
    backup_semantics = 0x02000000  # lets the same call read a folder's times
    handle = kernel32.CreateFileW(
        path, file_read_attributes, share_all, None, open_existing, backup_semantics, None
    )
    if handle in (None, wintypes.HANDLE(-1).value):
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        info = FileBasicInfo()
        file_basic_info = 0  # FILE_INFO_BY_HANDLE_CLASS.FileBasicInfo
        if not kernel32.GetFileInformationByHandleEx(
            handle, file_basic_info, ctypes.byref(info), ctypes.sizeof(info)
        ):
            raise ctypes.WinError(ctypes.get_last_error())
    finally:
        kernel32.CloseHandle(handle)
    # 100 ns ticks since 1601-01-01; the value only has to change, not to be a date
    return info.ChangeTime * 100
