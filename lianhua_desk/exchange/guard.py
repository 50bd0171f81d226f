"""Refusing hostile or unusable files before any parser sees them.

python-calamine is fast but trusting: it densifies a sheet to (rows × columns) of its
extreme cells, so two cells far apart in a 2 KB file make it allocate hundreds of
gigabytes and abort the process. Everything calamine will parse is therefore
inflated and scanned here first, with hard limits:

- not a zip, an OLE compound file (password-protected xlsx or legacy .xls), a
  truncated zip, encrypted zip members;
- more than MAX_UNPACKED_BYTES in total, a member inflating more than MAX_RATIO times
  (checked on the declared sizes and again on the bytes actually inflated);
- any DOCTYPE in an XML part (entity bombs, external entities); the small parts read
  here are parsed with defusedxml;
- a sheet declaring or using more than MAX_ROWS rows, or whose cell references span
  more than MAX_CELLS cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..os_errors import os_error_message
from .result import RefusedFile

# The spec says 50 MB; a 100,000-row export of our own is ~60–150 MB of XML, so the
# absolute cap is higher and bombs are caught by the ratio and the cell-span limits.
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_RATIO = 100  # real sheets compress 5–20×; deflate bombs reach ~1000×
RATIO_FLOOR = 2**20  # small members may compress very well without harm
MAX_MEMBERS = 2000
MAX_ROWS = 1_000_000
MAX_CELLS = 20_000_000  # rows × columns calamine would allocate (32 bytes each)
HEAD_BYTES = 65536  # an XML prolog longer than this is refused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 1 << 20

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Cell and row references calamine honours are the attribute `r` in any spelling
# quick-xml accepts: whitespace around '=', either quote, even no blank after the
# previous attribute's closing quote. Whitespace and quotes are mapped to spaces
# first, so one pattern covers them all. Only references beyond column AZ or row
# 99,999 are looked at closely; everything else is bounded by those numbers.
_BLANKS = bytes.maketrans(b"\t\r\n\"'", b"     ")
_FAR_REF = re.compile(rb" r *= *(?:[B-Zb-z][A-Za-z]|[A-Za-z]{3}|[A-Za-z]{0,3}[0-9]{6})")
_REF = re.compile(rb" r *= *([A-Za-z]*)([0-9]*)")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*["\'][A-Za-z]*[0-9]*:?[A-Za-z]*([0-9]+)')
NEAR_MAX_COLUMN, NEAR_MAX_ROW = 52, 99_999


@dataclass
class Inspection:
    """What the checks learnt: the workbook's sheets and their parts."""

    sheets: dict[str, str] = field(default_factory=dict)  # name → member path, in order
    unpacked_bytes: int = 0


def _refuse(reason: str) -> RefusedFile:
    return RefusedFile(reason)


_SAVE_AS_XLSX = "请在 Excel、WPS 或 LibreOffice 中打开，另存为 Excel 工作簿（.xlsx）后再导入"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_OPENDOCUMENT_MIME = b"application/vnd.oasis.opendocument."
_TEXT_SUFFIXES = {
    ".csv": "CSV 文本文件（.csv）",
    ".txt": "文本文件（.txt）",
    ".tsv": "文本文件（.tsv）",
}


def _named_format(path: Path, head: bytes) -> str | None:
    """What a file we cannot read is, named for the clerk (by content, then suffix)."""
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        # An OpenDocument package begins with an uncompressed member 'mimetype'.
        if head[30:38] == b"mimetype":
            if head[38:].startswith(_ODS_MIME):
                return "这是 OpenDocument 表格（.ods）"
            if head[38:].startswith(_OPENDOCUMENT_MIME):
                return "这是 OpenDocument 文档，不是表格"
        return None
    if head.startswith(OLE_MAGIC):
        if suffix == ".et" or suffix == ".ett":
            return "这是 WPS 表格文件（.et）"
        if suffix in (".doc", ".wps"):
            return "这是 Word/WPS 文字文档，不是表格"
        return "这是旧版 Excel 工作簿（.xls）"
    if suffix == ".et":
        return "这是 WPS 表格文件（.et）"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table")) or (
        text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text
    ):
        return "这是网页或 XML 格式的表格（常见于其他系统导出的“.xls”）"
    if suffix in _TEXT_SUFFIXES:
        return "这是 " + _TEXT_SUFFIXES[suffix]
    if _looks_like_csv(head):
        return "这是 CSV 文本文件（.csv）"
    return None


def _looks_like_csv(head: bytes) -> bool:
    """Text lines holding commas or tabs: a .csv under another name."""
    if not head or b"\0" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    return bool(lines) and all("," in line or "\t" in line for line in lines)


def _check_envelope(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except IsADirectoryError:
        raise _refuse(f"“{path}”是文件夹，不是 Excel 文件") from None
    except FileNotFoundError:
        raise _refuse(f"找不到文件：{path}") from None
    except OSError as exc:
        raise _refuse(os_error_message(exc, path, writing=False)) from None
    if head.startswith(OLE_MAGIC):
        if _ENCRYPTION_STREAM in head or b"EncryptedPackage" in head:
            raise _refuse(
                "文件设有打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码后另存为 .xlsx"
            )
    named = _named_format(path, head)
    if named is not None:
        hint = _SAVE_AS_XLSX
        if "CSV" in named or "文本文件" in named:
            hint += "（CSV 中的身份证号可能已变成科学计数法，请核对）"
        raise _refuse(f"{named}，本程序只能导入 Excel 工作簿（.xlsx）：{hint}")
    if not head.startswith(b"PK"):
        raise _refuse("这不是 Excel 工作簿（.xlsx）文件，无法导入")


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _refuse("文件不完整或已损坏（可能下载或复制时中断），无法读取") from None
    except (OSError, ValueError, EOFError) as exc:
        raise _refuse(f"文件已损坏，无法读取（{exc}）") from None


def _check_members(zf: zipfile.ZipFile) -> int:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(f"文件包含的部件过多（{len(infos)} 个），不像正常的 Excel 工作簿，已拒绝")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _refuse("文件结构异常（部件重名），已拒绝")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse("文件设有密码（已加密），无法读取")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                f"文件中的“{info.filename}”解压后异常膨胀（约 "
                f"{info.file_size // max(info.compress_size, 1)} 倍），疑似压缩炸弹，已拒绝"
            )
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(_too_big(total))
    return total


def _too_big(total: int) -> str:
    return (
        f"文件解压后过大（约 {total // 2**20} MB，上限 {MAX_UNPACKED_BYTES // 2**20} MB），"
        "请按年度或社区分批导出后再导入"
    )


def _check_prolog(name: str, head: bytes) -> None:
    """Refuse any DOCTYPE: it is how entity bombs and external entities get in."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    text = head.removeprefix(b"\xef\xbb\xbf")
    pos = 0
    while True:
        while pos < len(text) and text[pos] in b" \t\r\n":
            pos += 1
        if text.startswith(b"<?", pos):
            end = text.find(b"?>", pos)
        elif text.startswith(b"<!--", pos):
            end = text.find(b"-->", pos)
        elif text.startswith(b"<!", pos):
            raise _refuse(
                f"文件中的“{name}”含有 DOCTYPE/实体声明（可能是 XML 炸弹或外部实体攻击），已拒绝"
            )
        elif text.startswith(b"<", pos) or (not text and pos == 0):
            return
        else:
            raise _refuse(f"文件中的“{name}”不是有效的 XML，文件可能已损坏")
        if end < 0:
            raise _refuse(f"文件中的“{name}”结构异常，已拒绝")
        pos = end + 2


def _parse_small(zf: zipfile.ZipFile, name: str):
    try:
        data = zf.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise _refuse("文件不完整或已损坏，无法读取") from None
    _check_prolog(name, data[:HEAD_BYTES])
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise _refuse(f"文件中的“{name}”含有不安全的 XML 内容（实体声明），已拒绝") from None
    except SafeET.ParseError:
        raise _refuse(f"文件中的“{name}”不是有效的 XML，文件可能已损坏") from None


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → member path, from workbook.xml and its relationships."""
    workbook = _parse_small(zf, "xl/workbook.xml")
    if workbook is None:
        raise _refuse(_not_a_workbook(set(zf.namelist())))
    rels = _parse_small(zf, "xl/_rels/workbook.xml.rels")
    targets = {}
    if rels is not None:
        for rel in rels.iter(f"{_NS_PKG}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id")] = posixpath.normpath(path)
    sheets = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        name = sheet.get("name") or ""
        sheets[name] = targets.get(sheet.get(f"{_NS_REL}id"), "")
    return sheets


def _not_a_workbook(members: set[str]) -> str:
    """Why a zip is not an .xlsx, naming what it is when the parts show it."""
    if "xl/workbook.bin" in members:
        named = "这是 Excel 二进制工作簿（.xlsb）"
    elif "content.xml" in members and "mimetype" in members:
        named = "这是 OpenDocument 文件（如 .ods）"
    elif "word/document.xml" in members:
        named = "这是 Word 文档（.docx），不是表格"
    elif "ppt/presentation.xml" in members:
        named = "这是 PowerPoint 演示文稿，不是表格"
    else:
        return "文件中没有工作簿内容，不是 Excel 工作簿（.xlsx）"
    return f"{named}，本程序只能导入 Excel 工作簿（.xlsx）：{_SAVE_AS_XLSX}"


def _inflate_scan(zf: zipfile.ZipFile, name: str, budget: int, *, sheet: str | None) -> int:
    """Inflate one member counting the real bytes; for a sheet, bound its references."""
    rows = cols = 0  # the furthest reference seen beyond the "near" bounds
    size = 0
    tail = b""
    try:
        with zf.open(name) as stream:
            first = True
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > budget:
                    raise _refuse(_too_big(size))
                if first:
                    _check_prolog(name, chunk[:HEAD_BYTES])
                    if sheet is not None:
                        _check_dimension(sheet, chunk[:HEAD_BYTES])
                    first = False
                if sheet is None:
                    continue
                buffer = tail + chunk.translate(_BLANKS)
                for match in _FAR_REF.finditer(buffer):
                    letters, digits = _REF.match(buffer, match.start()).groups()
                    rows = max(
                        rows, int(digits) if 0 < len(digits) <= 9 else 10**10 * (digits > b"")
                    )
                    cols = max(cols, _column_number(letters))
                # Keep the last (possibly unfinished) tag for the next round.
                cut = buffer.rfind(b"<")
                if cut < 0 or len(buffer) - cut > _CHUNK:
                    cut = len(buffer) - 64
                tail = buffer[cut:]
    except RefusedFile:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise _refuse("文件不完整或已损坏（压缩数据校验失败），无法读取") from None
    if sheet is not None:
        _check_span(sheet, rows, cols)
    return size


def _column_number(letters: bytes) -> int:
    number = 0
    for c in letters.upper()[:8]:
        number = number * 26 + (c - 64)
    return number


def _check_dimension(sheet: str, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match and len(match[1]) <= 12 and int(match[1]) > MAX_ROWS:
        raise _refuse(_too_many_rows(sheet, int(match[1])))


def _too_many_rows(sheet: str, rows: int) -> str:
    return f"工作表“{sheet}”声明了 {rows:,} 行，超过上限 {MAX_ROWS:,} 行，已拒绝"


def _check_span(sheet: str, rows: int, cols: int) -> None:
    if rows > MAX_ROWS:
        raise _refuse(_too_many_rows(sheet, rows))
    span = max(rows, NEAR_MAX_ROW) * max(cols, NEAR_MAX_COLUMN)
    if span > MAX_CELLS:
        raise _refuse(
            f"工作表“{sheet}”的单元格范围过大（约 {max(rows, NEAR_MAX_ROW):,} 行 × "
            f"{max(cols, NEAR_MAX_COLUMN):,} 列），超出可处理的范围，已拒绝"
        )


# Parts python-calamine parses besides the sheets it is asked for.
_SUPPORT_PARTS = ("xl/sharedStrings.xml", "xl/styles.xml")


def inspect(path: str | Path, wanted) -> Inspection:
    """Check the file; `wanted(sheet_name)` says which sheets will be parsed."""
    path = Path(path)
    _check_envelope(path)
    with _open_zip(path) as zf:
        declared = _check_members(zf)
        sheets = _sheet_parts(zf)
        members = set(zf.namelist())
        for name in members:
            if name.endswith((".xml", ".rels")) and not name.startswith("xl/worksheets/"):
                if name in _SUPPORT_PARTS:
                    continue
                with zf.open(name) as stream:
                    _check_prolog(name, stream.read(HEAD_BYTES))
        budget = MAX_UNPACKED_BYTES
        for part in _SUPPORT_PARTS:
            if part in members:
                budget -= _inflate_scan(zf, part, budget, sheet=None)
        for sheet, part in sheets.items():
            if part not in members:
                if wanted(sheet):
                    raise _refuse(f"工作表“{sheet}”的内容缺失，文件可能已损坏")
                continue
            if wanted(sheet):
                budget -= _inflate_scan(zf, part, budget, sheet=sheet)
            else:
                with zf.open(part) as stream:
                    _check_prolog(part, stream.read(HEAD_BYTES))
    return Inspection(sheets=sheets, unpacked_bytes=declared)
