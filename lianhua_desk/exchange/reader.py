"""Reading the workbook's cells with python-calamine, after `guard` passed the file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from . import guard
from .format import KNOWN_SHEETS, LISTS_SHEET
from .result import RefusedFile


@dataclass
class RawSheet:
    name: str  # as found in the file
    rows: list[list]  # rows[i] is Excel row i + 1; empty cells are ''


@dataclass
class RawWorkbook:
    """A checked workbook whose sheets are read one at a time (`take`), so at most two
    sheets' cells are in memory at once. Use as a context manager."""

    file_name: str
    sha256: str
    names: dict[str, str] = field(default_factory=dict)  # trimmed name → name in the file
    unknown: list[str] = field(default_factory=list)  # sheets this program does not read
    book: Any = None
    _order: list[str] = field(default_factory=list)
    _ahead: dict[str, Future] = field(default_factory=dict)
    _reader: ThreadPoolExecutor | None = None

    def read_ahead(self, keys: Iterable[str]) -> None:
        """The sheets will be taken in this order: each next one is parsed on a second
        thread while the caller validates the current one (calamine releases the GIL,
        so the two overlap on two cores)."""
        self._order = [k for k in keys if k in self.names]
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="calamine")
        self._read_next()

    def _read_next(self) -> None:
        while self._reader is not None and self._order:
            key = self._order.pop(0)
            name = self.names.pop(key, None)
            if name is not None:  # None: the caller already took it out of order
                self._ahead[key] = self._reader.submit(self._read, key, name)
                return

    def take(self, key: str) -> RawSheet | None:
        """The cells of sheet `key` (None if absent); each sheet can be taken once."""
        if key in self._ahead:
            future = self._ahead.pop(key)
            self._read_next()
            return future.result()
        name = self.names.pop(key, None)
        if name is None:
            return None
        if self._reader is not None:  # calamine's workbook must not be read by two threads
            return self._reader.submit(self._read, key, name).result()
        return self._read(key, name)

    def _read(self, key: str, name: str) -> RawSheet:
        try:
            rows = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine's own errors: damage not caught by guard
            raise RefusedFile(f"工作表“{key}”已损坏，无法读取（{type(exc).__name__}）") from exc
        return RawSheet(name, rows)

    def close(self) -> None:
        if self._reader is not None:
            for future in self._ahead.values():
                future.cancel()
            self._reader.shutdown(wait=True)  # calamine must be idle before closing
            self._reader = None
        if self.book is not None:
            self.book.close()
            self.book = None

    def __enter__(self) -> RawWorkbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def sheet_key(name: str) -> str:
    """A sheet name as matched: people add stray spaces to tab names."""
    return name.replace("\u3000", " ").strip()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_workbook(
    path: str | Path, wanted: Callable[[str], bool] = lambda key: key in KNOWN_SHEETS
) -> RawWorkbook:
    """The checked workbook, ready to `take` its wanted sheets. Raises RefusedFile."""
    path = Path(path)

    def wanted_sheet(name: str) -> bool:
        key = sheet_key(name)
        return key != LISTS_SHEET and wanted(key)

    inspection = guard.inspect(path, wanted_sheet)
    result = RawWorkbook(file_name=path.name, sha256=_sha256(path))
    for name in inspection.sheets:
        key = sheet_key(name)
        if key == LISTS_SHEET:
            continue
        if not wanted_sheet(name):
            result.unknown.append(name)
        elif key in result.names:
            raise RefusedFile(f"工作簿中有两个名为“{key}”的工作表，无法确定使用哪一个")
        else:
            result.names[key] = name
    try:
        result.book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's own errors: damage not caught by guard
        raise RefusedFile(f"文件已损坏或格式不受支持，无法读取（{type(exc).__name__}）") from exc
    return result
