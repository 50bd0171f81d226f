"""Reading the workbook's cells with python-calamine, after `guard` passed the file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    file_name: str
    sha256: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)  # keyed by the trimmed name
    unknown: list[str] = field(default_factory=list)  # sheets this program does not read


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
    """Every wanted sheet's cells. Raises RefusedFile for anything unreadable."""
    path = Path(path)

    def wanted_sheet(name: str) -> bool:
        key = sheet_key(name)
        return key != LISTS_SHEET and wanted(key)

    inspection = guard.inspect(path, wanted_sheet)
    result = RawWorkbook(file_name=path.name, sha256=_sha256(path))
    book = None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in inspection.sheets:
            key = sheet_key(name)
            if key == LISTS_SHEET:
                continue
            if not wanted_sheet(name):
                result.unknown.append(name)
                continue
            if key in result.sheets:
                raise RefusedFile(f"工作簿中有两个名为“{key}”的工作表，无法确定使用哪一个")
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            result.sheets[key] = RawSheet(name, rows)
    except RefusedFile:
        raise
    except Exception as exc:  # calamine's own errors: a file damaged in ways not checked above
        raise RefusedFile(f"文件已损坏或格式不受支持，无法读取（{type(exc).__name__}）") from exc
    finally:
        if book is not None:
            book.close()
    return result
