"""Screenshots of every tab (and the main dialogs) with the current data, rendered
offscreen: `lianhua-desk shots --out DIR` writes DIR/<tab>.png."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

SIZE = (1400, 860)
# The sizes the layout is checked at (issue 15): a small office laptop and a full-HD
# screen. `LIANHUA_SHOTS_SIZE=1024x700` picks one for `lianhua-desk shots`.
SIZES = {"small": (1024, 700), "large": (1920, 1080)}


def _settle(app, window, rounds: int = 3, timeout_s: float = 30.0) -> None:
    """Let every background job finish and its result reach the screen: the worker
    being idle is not enough, outcomes arrive on the GUI thread's 10 ms timer."""
    deadline = time.monotonic() + timeout_s
    for _ in range(rounds):
        app.processEvents()
        window.runner.wait()
        while window.runner.busy and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()


def window_size() -> tuple[int, int]:
    """The size asked for by LIANHUA_SHOTS_SIZE (`WxH`), else SIZE."""
    text = os.environ.get("LIANHUA_SHOTS_SIZE", "")
    w, sep, h = text.lower().partition("x")
    return (int(w), int(h)) if sep and w.isdigit() and h.isdigit() else SIZE


def render_all(
    db_path: Path,
    out_dir: Path,
    language: str = "zh_CN",
    size: tuple[int, int] | None = None,
) -> list[Path]:
    """Render each tab to out_dir/<key>.png (plus sub-tabs and dialogs); the paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from ..app import open_context
    from . import report_actions
    from .main import create_app, setup_language
    from .main_window import TABS, MainWindow, tab_by_key

    app = create_app()
    translators = setup_language(app, language)  # noqa: F841 - kept alive while rendering
    report_actions.OPEN_AFTER_WRITING = False
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = open_context(Path(db_path), daily_backup=False)
    prefs_dir = tempfile.mkdtemp(prefix="lianhua-shots-")  # never touch the user's settings
    prefs = QSettings(str(Path(prefs_dir) / "shots.ini"), QSettings.IniFormat)
    window = MainWindow(ctx, Path(db_path), settings=prefs)
    window.resize(*(size or window_size()))
    window.show()
    written: list[Path] = []

    def shoot(name: str, widget) -> None:
        _settle(app, window)
        path = out_dir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    try:
        for t in TABS:
            window.tabs.setCurrentIndex(t.index)
            key = t.key
            page = window.pages[key]
            panel = getattr(page, "panel", None)
            if panel is not None and panel.model.rowCount():
                panel.view.selectRow(0)  # show the side panel filled in
            shoot(key, window)
        dashboard = window.pages["dashboard"]
        bar = dashboard.scroll.verticalScrollBar()
        if bar.maximum() > 0:  # a small screen: the charts are below the deadlines
            window.tabs.setCurrentIndex(tab_by_key("dashboard").index)
            bar.setValue(bar.maximum())
            shoot("dashboard-charts", window)
            bar.setValue(0)
        advisors = window.pages["advisors"]
        window.tabs.setCurrentIndex(tab_by_key("advisors").index)
        for i in range(1, advisors.tabs.count()):
            advisors.tabs.setCurrentIndex(i)
            shoot(f"advisors-{i}", window)
        advisors.tabs.setCurrentIndex(0)
        written += _dialogs(app, window, shoot)
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
        ctx.db.close()
    return written


def _dialogs(app, window, shoot) -> list[Path]:
    """The case form, the rotation dialog, the settings, the holidays and the annual
    report's editor, each on its own."""
    from .main_window import tab_by_key

    cases = window.pages["cases"].panel
    window.tabs.setCurrentIndex(tab_by_key("cases").index)
    form = cases.new_record()
    form.resize(form.sizeHint().expandedTo(form.size()))
    shoot("form-case", form)
    form.reject()
    dialog = window.pages["advisors"].generate_rotation()
    dialog.update_preview()
    shoot("roster-dialog", dialog)
    dialog.reject()
    settings = window.open_settings()
    shoot("settings-dialog", settings)
    settings.reject()
    holidays = window.open_holidays()
    shoot("holiday-dialog", holidays)
    holidays.reject()
    # The annual report's editor brings QtPdf in: the packaged app must carry it.
    window.tabs.setCurrentIndex(tab_by_key("reports").index)
    editor = window.pages["reports"].edit_annual()
    if editor is not None:
        shoot("annual-editor", editor)
        editor.reject()
    return []
