"""The window side of the soak benchmark (bench/bench_soak.py starts it; not run alone).

    QT_QPA_PLATFORM=offscreen python -m bench.soak_window --db X --seconds 180 \
        --settings window.ini --out window.json

Builds the real MainWindow offscreen on the database and, until the time is up,
alternates: one write through the window's host (`records.create` of a community named
`窗口社区-NNNNN`, as a form's save does), a short pause, and every few writes the real
export dialog (数据交换 → 导出…: `pages["exchange"].choose_export()`) opened on the
database's own folder, left to list the folder while the view's icon and type of each
row are asked for, then cancelled. With LIANHUA_SOAK_STOCK_DIALOG=1 Qt's stock widget
dialog is shown on that folder instead (the cause of issue 10), to show that the soak
can fail.

Writes the counts and the names written (or refused) to --out as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QMessageBox,
)

from lianhua_desk.app import open_context  # noqa: E402
from lianhua_desk.services import records  # noqa: E402
from lianhua_desk.store.db import locks_lost  # noqa: E402
from lianhua_desk.ui import file_dialogs, report_actions  # noqa: E402
from lianhua_desk.ui.main import create_app, setup_language  # noqa: E402

PREFIX = "窗口社区-"
STOCK = os.environ.get("LIANHUA_SOAK_STOCK_DIALOG") == "1"
LOST = "锁已丢失"
BUSY = "数据库正被另一个程序使用"


def wait(ms: int) -> None:
    """Run the event loop for `ms` milliseconds (as qtbot.wait does)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition, timeout_ms: int = 10_000) -> bool:
    end = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < end:
        if condition():
            return True
        wait(20)
    return condition()


def close_messages(window) -> list[str]:
    """Close every message box the window shows (refusals, the lock banner's box)."""
    boxes = set(window.findChildren(QMessageBox))
    boxes.update(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    texts = []
    for box in boxes:
        if box.isVisible():
            texts.append(box.text())
            box.close()
    return texts


def look_at_every_file(dialog: QFileDialog, folder: Path, dwell_ms: int) -> int:
    """Let the dialog list `folder` and ask its model for what the view shows of each
    row (icon, type, name): what tests/ui/test_file_locks.py does. The rows listed."""
    model = dialog.findChild(QFileSystemModel)
    if model is None:
        return -1
    if not wait_until(
        lambda: model.rootPath() == str(folder) and model.index(str(folder)).isValid()
    ):
        return -1
    wait(dwell_ms)  # the gatherer thread reads the folder and fills in icons and types
    root = model.index(str(folder))
    rows = model.rowCount(root)
    for row in range(rows):
        for column in range(model.columnCount(root)):
            index = model.index(row, column, root)
            model.data(index, Qt.DecorationRole)
            model.data(index, Qt.DisplayRole)
    wait(200)
    return rows


class Soak:
    def __init__(self, window, folder: Path, dwell_ms: int):
        self.window, self.folder, self.dwell_ms = window, folder, dwell_ms
        self.written: list[str] = []
        self.refused_lost: list[str] = []
        self.refused_busy: list[str] = []
        self.refused_other: list[tuple[str, str]] = []
        self.write_ms: list[float] = []
        self.dialogs = 0
        self.dialog_rows: list[int] = []
        self.dialog_ms: list[float] = []
        self.first_lost_at: float | None = None
        self.started = time.monotonic()

    def write(self, n: int) -> None:
        name = f"{PREFIX}{n:05d}"
        for _attempt in range(5):  # a busy database is retried; nothing else is
            close_messages(self.window)
            t = time.perf_counter()
            change = self.window.host.call(
                records.create, "communities", {"name": name}, parent=self.window
            )
            self.write_ms.append((time.perf_counter() - t) * 1000)
            if change is not None:
                self.written.append(name)
                return
            texts = close_messages(self.window)
            joined = " ".join(texts)
            if LOST in joined or locks_lost(self.window.host.ctx.db):
                self.refused_lost.append(name)
                if self.first_lost_at is None:
                    self.first_lost_at = time.monotonic() - self.started
                return
            if BUSY in joined:
                self.refused_busy.append(name)
                continue
            self.refused_other.append((name, joined[:300]))
            return

    def open_export_dialog(self) -> None:
        """数据交换 → 导出… on the database's folder, looked at, then cancelled."""
        t = time.perf_counter()
        seen: list[int] = []
        if STOCK:
            dialog = QFileDialog(self.window, "导出", str(self.folder))
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.show()
            try:
                seen.append(look_at_every_file(dialog, self.folder, self.dwell_ms))
            finally:
                dialog.reject()
                dialog.deleteLater()
        else:
            file_dialogs._last_folder = self.folder  # the clerk browsed there before

            def look_then_cancel(tries: int = 0) -> None:
                dialog = QApplication.activeModalWidget()
                if not isinstance(dialog, QFileDialog):
                    if tries < 200:
                        QTimer.singleShot(25, lambda: look_then_cancel(tries + 1))
                    return
                try:
                    seen.append(look_at_every_file(dialog, self.folder, self.dwell_ms))
                finally:
                    dialog.reject()  # never leave the soak waiting on an open dialog

            QTimer.singleShot(50, look_then_cancel)
            self.window.pages["exchange"].choose_export()  # the real menu path
        wait(50)
        self.dialogs += 1
        self.dialog_rows.append(seen[0] if seen else -1)
        self.dialog_ms.append((time.perf_counter() - t) * 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--settings", required=True, help="QSettings ini file for the window")
    parser.add_argument("--out", required=True, help="JSON result file")
    parser.add_argument("--dialog-every", type=int, default=5, help="writes between dialogs")
    parser.add_argument("--pause-ms", type=int, default=40, help="pause after each write")
    parser.add_argument("--dwell-ms", type=int, default=600, help="dialog listing time")
    args = parser.parse_args()

    from lianhua_desk.ui.main_window import MainWindow

    db = Path(args.db).resolve()
    app = create_app()
    report_actions.OPEN_AFTER_WRITING = False
    from bench.encrypted import unlock

    unlock(db)  # an encrypted soak (bench_soak --encrypted): as the sign-in does
    ctx = open_context(db, daily_backup=False, create=False)
    translators = setup_language(app, ctx.settings.language)  # noqa: F841 - kept alive
    window = MainWindow(ctx, db, settings=QSettings(args.settings, QSettings.IniFormat))
    window.show()
    wait(300)
    print(f"window ready, pid {os.getpid()}", file=sys.stderr, flush=True)
    print("READY", flush=True)  # the harness starts the command-line loops now

    soak = Soak(window, db.parent, args.dwell_ms)
    deadline = time.monotonic() + args.seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        soak.write(n)
        wait(args.pause_ms)
        if n % args.dialog_every == 0 and time.monotonic() < deadline:
            soak.open_export_dialog()

    lost_at_end = locks_lost(window.host.ctx.db)
    banner = window.lock_banner.isVisible()
    close_messages(window)
    window.runner.wait()
    window.close()
    window.runner.shutdown()
    window.host.ctx.db.close()
    result = {
        "pid": os.getpid(),
        "stock_dialog": STOCK,
        "seconds": time.monotonic() - soak.started,
        "attempts": n,
        "written": soak.written,
        "refused_lost": soak.refused_lost,
        "refused_busy": soak.refused_busy,
        "refused_other": soak.refused_other,
        "write_ms_median": statistics.median(soak.write_ms) if soak.write_ms else None,
        "dialogs": soak.dialogs,
        "dialog_rows": soak.dialog_rows,
        "dialog_ms_median": statistics.median(soak.dialog_ms) if soak.dialog_ms else None,
        "locks_lost_at_end": lost_at_end,
        "lock_banner_shown": banner,
        "first_lost_at_s": soak.first_lost_at,
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
