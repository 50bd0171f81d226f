"""An encrypted export opens in a real office suite with its password, and not with a
wrong one (issue 17): LibreOffice Calc headless, driven through its Python-UNO bridge
by the system python, as in test_exchange_office.py (whose checks for LibreOffice this
module shares). The same file then imports back into an empty database unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lianhua_desk.services.exchange import export_workbook, import_workbook

from .helpers import snapshot
from .test_exchange_office import MISSING, headless_calc
from .test_exchange_password import decrypted

pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

PASSWORD = "莲花2020交换"

# Run by /usr/bin/python3: argv = pipe name, job file; answers JSON on stdout.
# No InteractionHandler is passed: with one, Calc 7.4 refuses even the right password.
HELPER = r"""
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

def pv(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, job = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.time() + 60
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
if job.get("terminate"):
    try:
        desktop.terminate()
    except Exception:
        pass
    sys.exit(0)
try:
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(job["open"]), "_blank", 0,
        (pv("Hidden", True), pv("Password", job["password"]),
         pv("FilterName", "Calc MS Excel 2007 XML")))
except Exception as exc:
    print(json.dumps({"opened": False, "error": type(exc).__name__}))
    sys.exit(0)
if doc is None:
    print(json.dumps({"opened": False, "error": "None"}))
    sys.exit(0)
try:
    answer = {"opened": True, "sheets": list(doc.Sheets.ElementNames), "cells": {}}
    for sheet_name, address in job["read"]:
        cell = doc.Sheets.getByName(sheet_name).getCellRangeByName(address)
        answer["cells"][f"{sheet_name}!{address}"] = cell.getString()
finally:
    doc.close(True)
print(json.dumps(answer, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    """One headless Calc for the module; yields run(job) → the helper's answer."""
    folder = tmp_path_factory.mktemp("calc-password")
    yield from headless_calc(folder, HELPER, f"lianhua_pw_{os.getpid()}")


def test_calc_opens_the_encrypted_export_with_its_password_only(demo_ctx, ctx, calc, tmp_path):
    path = Path(export_workbook(demo_ctx, tmp_path / "加密.xlsx", password=PASSWORD).path)
    # Where our program put an ID number (read here through msoffcrypto and openpyxl).
    ws = decrypted(path, PASSWORD)["当事人"]
    header = [c.value for c in ws[1]]
    column = header.index("证件号码")
    row = next(r for r in ws.iter_rows(min_row=2) if r[column].value)
    address = row[column].coordinate
    id_no = row[column].value
    read = [["当事人", "A1"], ["当事人", address]]
    opened = calc({"open": str(path), "password": PASSWORD, "read": read})
    assert opened["opened"], opened
    assert {"导出信息", "调解案件", "当事人"} <= set(opened["sheets"])
    assert opened["cells"]["当事人!A1"] == header[0]
    assert opened["cells"][f"当事人!{address}"] == id_no  # the full number, with the password
    wrong = calc({"open": str(path), "password": "不是这个密码", "read": read})
    assert wrong["opened"] is False, wrong
    # And the program imports the same file back, unchanged.
    result = import_workbook(ctx, path, password=PASSWORD)
    assert result.written and not result.errors and not result.conflicts
    assert snapshot(ctx) == snapshot(demo_ctx)
    assert id_no in {r["id_no"] for r in ctx.db["parties"].rows}
