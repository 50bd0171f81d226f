"""`lianhua-desk --selftest`: prove an installed or packaged copy works end to end.

In a temporary folder: a fresh database with the demo data, the window built and
every tab rendered offscreen, the annual report and a case's dossier written as PDFs
(the dossier with a rare character, so the bundled fallback font must be there), the
案卷评查 of the year, an exchange workbook exported and read back, and a copy of the
database encrypted (SQLCipher and the key file) and opened again with the password. Prints one line
per step; exit 0 only if all pass. Every database connection a step opens is closed
before the next (Windows cannot delete a file that is still open).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The offscreen platform chatters about window hints it cannot honour; not news here.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    with tempfile.TemporaryDirectory(prefix="lianhua-selftest-") as tmp:
        folder = Path(tmp)
        steps = [
            ("演示数据", lambda: _demo(folder)),
            ("年度报告 PDF", lambda: _pdf(folder)),
            ("调解卷宗 PDF", lambda: _dossier(folder)),
            ("案卷评查", lambda: _review(folder)),
            ("交换工作簿", lambda: _workbook(folder)),
            ("主窗口", lambda: _window(folder)),
            ("数据库加密", lambda: _encryption(folder)),
        ]
        for name, step in steps:
            started = time.perf_counter()
            detail = step()
            print(f"通过  {name}：{detail}（{time.perf_counter() - started:.2f} 秒）")
    print("自检通过")
    return 0


@contextlib.contextmanager
def _context(folder: Path):
    from .app import open_context

    ctx = open_context(folder / "selftest.db", daily_backup=False)
    try:
        yield ctx
    finally:
        ctx.db.close()


def _demo(folder: Path) -> str:
    from .services import demo

    with _context(folder) as ctx:
        counts = demo.fill(ctx, year=2020)
    return f"{sum(counts.values())} 条记录"


def _pdf(folder: Path) -> str:
    from .reports import annual

    out = folder / "annual-2020.pdf"
    with _context(folder) as ctx:
        annual.write(ctx, 2020, out)
    if not out.read_bytes().startswith(b"%PDF"):
        raise RuntimeError("annual report is not a PDF")
    return f"{out.stat().st_size // 1024} KB"


RARE_NAME = "王䶮堃𬌗"  # CJK Ext A and Ext E: only the bundled fallback font has them


def _dossier(folder: Path) -> str:
    from .services import dossier, records

    out = folder / "dossier.pdf"
    with _context(folder) as ctx:
        case = next(ctx.db["cases"].rows_where("case_no = ?", ["莲调〔2020〕第2号"]))
        records.create(ctx, "parties", {"case_id": case["id"], "role": "第三人", "name": RARE_NAME})
        result = dossier.write_dossier(ctx, case["id"], out)
    if result.warnings:
        raise RuntimeError(f"characters without a font: {result.warnings}")
    if not out.read_bytes().startswith(b"%PDF"):
        raise RuntimeError("dossier is not a PDF")
    return f"{len(result.documents)} 份文书，{out.stat().st_size // 1024} KB"


def _review(folder: Path) -> str:
    from .services import review

    with _context(folder) as ctx:
        found = review.review(ctx, 2020)
    summary = found.summary()
    return f"{summary['cases']} 件案卷，{summary['cases_with_problems']} 件有问题"


def _workbook(folder: Path) -> str:
    from .services import exchange

    out = folder / "export.xlsx"
    with _context(folder) as ctx:
        exchange.export_workbook(ctx, out)
        result = exchange.import_workbook(ctx, out, dry_run=True)
    if result.problems and any(p.is_error for p in result.problems):
        raise RuntimeError(f"exported workbook does not read back: {result.problems[:3]}")
    return f"{out.stat().st_size // 1024} KB，读回无错误"


def _window(folder: Path) -> str:
    from .ui.shots import render_all

    shots = render_all(folder / "selftest.db", folder / "shots")
    if not shots or any(p.stat().st_size == 0 for p in shots):
        raise RuntimeError("window rendering produced no images")
    return f"{len(shots)} 个页面已渲染"


def _encryption(folder: Path) -> str:
    import re

    from .app import open_context
    from .domain.accounts import ADMIN
    from .services import accounts, database, encryption
    from .store import keyring

    copy = folder / "encrypted.db"
    with _context(folder) as ctx:
        database.backup(ctx.db, folder, out=copy)
    password = "selftest-password"
    ctx = open_context(copy, daily_backup=False)
    accounts.create_account(ctx, "自检", password, ADMIN)
    accounts.sign_in(ctx, "自检", password)
    encryption.encrypt(ctx, password)  # closes ctx
    keyring.forget(copy)  # as the next start: nothing unlocked
    if re.search(rb"(?<!\d)\d{17}[\dX](?!\d)", copy.read_bytes()):
        raise RuntimeError("the encrypted database still holds an ID number in plain")
    encryption.unlock(copy, "自检", password)
    ctx = open_context(copy, daily_backup=False)
    try:
        accounts.sign_in(ctx, "自检", password)
        parties = ctx.db["parties"].count
    finally:
        ctx.db.close()
    return f"加密后凭密码打开，当事人 {parties} 人"
