"""`lianhua-desk --selftest`: prove an installed or packaged copy works end to end.

In a temporary folder: a fresh database with the demo data, the window built and
every tab rendered offscreen, the annual report written as a PDF, and an exchange
workbook exported and read back. Prints one line per step; exit 0 only if all pass.
"""

from __future__ import annotations

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
            ("交换工作簿", lambda: _workbook(folder)),
            ("主窗口", lambda: _window(folder)),
        ]
        for name, step in steps:
            started = time.perf_counter()
            detail = step()
            print(f"通过  {name}：{detail}（{time.perf_counter() - started:.2f} 秒）")
    print("自检通过")
    return 0


def _context(folder: Path):
    from .app import open_context

    return open_context(folder / "selftest.db", daily_backup=False)


def _demo(folder: Path) -> str:
    from .services import demo

    counts = demo.fill(_context(folder), year=2020)
    return f"{sum(counts.values())} 条记录"


def _pdf(folder: Path) -> str:
    from .reports import annual

    out = folder / "annual-2020.pdf"
    annual.write(_context(folder), 2020, out)
    if not out.read_bytes().startswith(b"%PDF"):
        raise RuntimeError("annual report is not a PDF")
    return f"{out.stat().st_size // 1024} KB"


def _workbook(folder: Path) -> str:
    from .services import exchange

    out = folder / "export.xlsx"
    exchange.export_workbook(_context(folder), out)
    result = exchange.import_workbook(_context(folder), out, dry_run=True)
    if result.problems and any(p.is_error for p in result.problems):
        raise RuntimeError(f"exported workbook does not read back: {result.problems[:3]}")
    return f"{out.stat().st_size // 1024} KB，读回无错误"


def _window(folder: Path) -> str:
    from .ui.shots import render_all

    shots = render_all(folder / "selftest.db", folder / "shots")
    if not shots or any(p.stat().st_size == 0 for p in shots):
        raise RuntimeError("window rendering produced no images")
    return f"{len(shots)} 个页面已渲染"
