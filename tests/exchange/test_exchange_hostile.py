"""Hostile and broken files are refused with a clear message before any parser runs."""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lianhua_desk.app import open_context
from lianhua_desk.exchange import guard
from lianhua_desk.exchange.result import RefusedFile
from lianhua_desk.services.exchange import import_workbook

from .helpers import table_counts, workbook

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


@pytest.fixture
def good(tmp_path) -> Path:
    return workbook(tmp_path / "good.xlsx", {"社区": [["社区名称"], ["彩虹社区"]]})


def rebuilt(good: Path, out: Path, replace: dict[str, bytes | str]) -> Path:
    """The good workbook with some parts replaced."""
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = replace.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data)
    return out


def refused(ctx, path: Path, *words: str) -> str:
    before = table_counts(ctx)
    with pytest.raises(RefusedFile) as caught:
        import_workbook(ctx, path)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    assert table_counts(ctx) == before
    return message


def test_the_good_workbook_itself_imports(ctx, good):
    assert import_workbook(ctx, good).written


def test_not_a_zip(ctx, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    refused(ctx, path, "不是 Excel 工作簿")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    refused(ctx, empty, "不是 Excel 工作簿")
    refused(ctx, tmp_path / "missing.xlsx", "找不到文件")


def test_a_zip_that_is_not_a_workbook(ctx, tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    refused(ctx, path, "不是 Excel 工作簿")


def test_password_protected_workbook_ole(ctx, tmp_path):
    # Excel saves a password-protected .xlsx as an OLE compound file with these streams.
    path = tmp_path / "secret.xlsx"
    body = bytearray(4096)
    body[:8] = guard.OLE_MAGIC
    name = "EncryptionInfo".encode("utf-16-le")
    body[1024 : 1024 + len(name)] = name
    path.write_bytes(bytes(body))
    refused(ctx, path, "密码")
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(guard.OLE_MAGIC + bytes(4088))
    refused(ctx, legacy, ".xls")


def test_truncated_file(ctx, good, tmp_path):
    data = good.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    refused(ctx, path, "不完整")


def test_corrupted_member_data(ctx, good, tmp_path):
    # The directory is intact but a member's bytes are damaged: CRC check fails.
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as z:
        info = z.getinfo(SHEET)
    data = bytearray(good.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 40):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    refused(ctx, path, "损坏")


def test_zip_bomb_by_ratio(ctx, good, tmp_path):
    bomb = HEAD + "<sheetData>" + " " * (20 * 2**20) + "</sheetData></worksheet>"
    path = rebuilt(good, tmp_path / "bomb.xlsx", {SHEET: bomb})
    refused(ctx, path, "压缩炸弹")


def test_zip_bomb_by_unpacked_size(ctx, good, tmp_path, monkeypatch):
    # A workbook over the limit (made small here by lowering the limit for the test).
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{i}</t></is></c></row>'
        for i in range(1, 20000)
    )
    path = rebuilt(
        good, tmp_path / "big.xlsx", {SHEET: HEAD + f"<sheetData>{rows}</sheetData></worksheet>"}
    )
    monkeypatch.setattr(guard, "MAX_UNPACKED_BYTES", 2**20)
    refused(ctx, path, "解压后过大")


def test_sizes_in_the_zip_directory_that_lie(ctx, good, tmp_path):
    """A member declaring fewer bytes than it inflates to is caught while inflating."""
    path = rebuilt(good, tmp_path / "liar.xlsx", {})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET)
    # Patch the uncompressed size in the local header and in the central directory.
    for offset in (info.header_offset + 22, _central_entry(data, SHEET) + 24):
        struct.pack_into("<I", data, offset, 10)
    path.write_bytes(bytes(data))
    refused(ctx, path, "损坏")


def _central_entry(data: bytearray, name: str) -> int:
    pos = 0
    encoded = name.encode()
    while True:
        pos = data.index(b"PK\x01\x02", pos)
        length = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + length] == encoded:
            return pos
        pos += 4


ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def test_xml_entity_bomb_in_a_sheet(ctx, good, tmp_path):
    xml = (
        ENTITY_BOMB
        + HEAD[HEAD.index("<worksheet") :]
        + (
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
            "</sheetData></worksheet>"
        )
    )
    refused(ctx, rebuilt(good, tmp_path / "lol.xlsx", {SHEET: xml}), "实体")


def test_external_entity_in_the_workbook_part(ctx, good, tmp_path):
    with zipfile.ZipFile(good) as z:
        original = z.read("xl/workbook.xml").decode()
    body = original[original.index("<workbook") :]
    xml = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body
    refused(ctx, rebuilt(good, tmp_path / "xxe.xlsx", {"xl/workbook.xml": xml}), "实体")


def test_more_than_a_million_rows_declared(ctx, good, tmp_path):
    xml = (
        HEAD + '<dimension ref="A1:B1000001"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>社区名称</t></is></c></row></sheetData></worksheet>"
    )
    refused(ctx, rebuilt(good, tmp_path / "tall.xlsx", {SHEET: xml}), "1,000,000")


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ('r="XFD1048576"', "1,000,000"),  # the last cell of the grid: rows over the limit
        ("r = 'A1000001'", "1,000,000"),  # spelled differently, same reference
        ('r="ZZ50000"', "范围过大"),  # 702 columns × 50,000 rows
        ('t="n"r="ZZZ9"', "范围过大"),  # no blank before the attribute
    ],
)
def test_far_apart_cells_are_refused_before_calamine_sees_them(ctx, good, tmp_path, ref, words):
    """Two cells far apart make calamine allocate rows × columns and abort the process."""
    xml = HEAD + (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>社区名称</t></is></c></row>'
        f"<row><c {ref}><v>1</v></c></row></sheetData></worksheet>"
    )
    refused(ctx, rebuilt(good, tmp_path / "far.xlsx", {SHEET: xml}), words)


def test_a_far_cell_through_the_command_line_is_a_message_not_a_crash(good, tmp_path):
    xml = HEAD + (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>社区名称</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>'
    )
    path = rebuilt(good, tmp_path / "far.xlsx", {SHEET: xml})
    open_context(tmp_path / "x.db", daily_backup=False).db.close()  # import never creates one
    result = subprocess.run(
        [sys.executable, "-m", "lianhua_desk", "--db", str(tmp_path / "x.db"), "import", str(path)],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        env={"PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 1, result.stderr
    assert "无法导入" in result.stderr and "Traceback" not in result.stderr


# --- other spreadsheet formats are named (issue 11) -----------------------------------------

OLE = guard.OLE_MAGIC + b"\0" * 1024


def test_other_spreadsheet_formats_are_named_with_the_fix(ctx, tmp_path):
    ods = tmp_path / "社区台账.ods"
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    renamed = tmp_path / "社区台账.xlsx"  # the same .ods under an .xlsx name
    renamed.write_bytes(ods.read_bytes())
    for path in (ods, renamed):
        message = refused(ctx, path, "OpenDocument 表格（.ods）", "另存为 Excel 工作簿（.xlsx）")
        assert "没有工作簿内容" not in message
    csv = tmp_path / "台账.csv"
    csv.write_text("案件编号,受理日期\n莲调〔2020〕第1号,2020-03-05\n", encoding="utf-8")
    refused(ctx, csv, "CSV", "另存为 Excel 工作簿（.xlsx）")
    csv_as_xlsx = tmp_path / "台账2.xlsx"
    csv_as_xlsx.write_bytes(csv.read_text(encoding="utf-8").encode("gb18030"))
    refused(ctx, csv_as_xlsx, "CSV")
    xls = tmp_path / "旧台账.xls"
    xls.write_bytes(OLE)
    refused(ctx, xls, "旧版 Excel 工作簿（.xls）", "另存为 Excel 工作簿（.xlsx）")
    et = tmp_path / "台账.et"
    et.write_bytes(OLE)
    refused(ctx, et, "WPS 表格文件（.et）", "另存为 Excel 工作簿（.xlsx）")
    xlsb = tmp_path / "台账.xlsb"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("xl/workbook.bin", b"\0")
    refused(ctx, xlsb, "二进制工作簿（.xlsb）")
