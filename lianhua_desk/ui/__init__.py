"""The window (PySide6). Nothing outside this package imports Qt."""

import sys


def _guard_none_refcount() -> None:
    """Work around a PySide6 6.12 bug on Python < 3.12.

    Every C++ → Python conversion of an empty QVariant (QComboBox.currentData() of an
    item without data, QAbstractItemModel.data() / headerData() answering nothing …)
    returns None without taking a reference. Python 3.12+ never frees None, so it does
    no harm there; on 3.11 each call takes one reference away and after some
    thousands the interpreter aborts ("deallocating None"). Giving None a reference
    count no session can exhaust makes it immortal in effect, as 3.12 does. The
    change is checked and undone if the interpreter's object layout is not the
    expected one."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    boost = 1 << 40
    before = sys.getrefcount(None)
    cell = ctypes.c_ssize_t.from_address(id(None))
    cell.value += boost
    if abs(sys.getrefcount(None) - before - boost) > 10_000:  # not the refcount: undo
        cell.value -= boost


_guard_none_refcount()
