"""Benchmark: the window on a city-scale database (offscreen).

    python bench/bench_ui.py [--records 1000000] [--runs 5] [--db PATH] [--no-cold] [--json]

Scenarios (medians of --runs), against spec/quality.md:
- cold start to window shown, in a fresh process (target < 1 s);
- opening the mediation tab, first rows painted (target < 200 ms);
- keyword search, first page painted, one- to five-character terms, hits and no hit
  (target < 100 ms; bench_search.py has more queries, below the window);
- sorting by every visible sortable column of the mediation and petition lists, first
  page painted (target < 300 ms);
- peak RSS of the process after all of it (target < 300 MB);
- `non_gui_commands`: `--version` and `stats` in a fresh process load no Qt module.

`measure_window` returns the window figures (`--json` prints them as one JSON line: the
`python -m bench` runner reads it, so the peak RSS is that of a process that only ran
the window); `cold_start` and `non_gui_commands` run their own processes.

The database comes from bench/gen_db.py (fixed seed), generated once into bench/out/
and shared with the other benchmarks; the window opens it without the daily backup.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gen_db import OUT, cached_database  # noqa: E402
from bench.rss import peak_rss_mb  # noqa: E402

# As ui/main.run starts: an encrypted database is unlocked first (the account's password,
# scrypt), and a database with accounts signs in (scrypt again, an audit row); the dialogs
# that ask for the name and password are left out, the credentials come from
# LIANHUA_USER / LIANHUA_PASSWORD (bench/encrypted.py). A plain bench database has
# neither: both are skipped, as the program skips them.
COLD_START = """
import os, time, sys
t0 = time.perf_counter()
from pathlib import Path
from PySide6.QtCore import QSettings
from lianhua_desk.ui.main import create_app, setup_language
from lianhua_desk.app import open_context
from lianhua_desk.services import accounts, encryption
from lianhua_desk.ui.main_window import MainWindow
app = create_app()
setup_language(app, "zh_CN")
path = Path(sys.argv[1])
t1 = time.perf_counter()
if encryption.is_encrypted(path):
    encryption.unlock(path, os.environ["LIANHUA_USER"], os.environ["LIANHUA_PASSWORD"])
t_unlock = time.perf_counter() - t1
t1 = time.perf_counter()
ctx = open_context(path, daily_backup=False)
t_open = time.perf_counter() - t1
t1 = time.perf_counter()
if accounts.has_accounts(ctx):
    accounts.sign_in(ctx, os.environ["LIANHUA_USER"], os.environ["LIANHUA_PASSWORD"])
t_sign_in = time.perf_counter() - t1
w = MainWindow(ctx, path, settings=QSettings(sys.argv[2], QSettings.IniFormat))
w.show()
app.processEvents()
w.repaint()
print(time.perf_counter() - t0, t_open, t_unlock, t_sign_in)
w.runner.wait()
# as ui/main.run ends: the clean close lets the next start skip the full file check
w.close()
w.runner.shutdown()
ctx.db.close()
"""


SEARCH_TERMS = ("王", "陈志", "欧阳", "宋红勇", "双方就款项", "劳资纠纷")
SORT_LISTS = ("cases", "petitions")

# `lianhua-desk --version` and a non-GUI command run as the real program; then no module
# of PySide6 may be loaded (spec: non-GUI commands do not import Qt).
NO_QT = """
import sys, time
t0 = time.perf_counter()
from lianhua_desk.cli import main
try:
    rc = main(sys.argv[1:])
except SystemExit as exit:
    rc = exit.code
elapsed = time.perf_counter() - t0
qt = sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')
print(repr((rc, elapsed, qt)))
"""


def database(records: int) -> Path:
    return cached_database(records)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


class ColdStart(NamedTuple):
    inner_ms: float  # inside the process: first import to first paint
    opening_ms: float  # of which open_context
    wall_ms: float  # the whole process, interpreter start and exit included
    unlock_ms: float = 0.0  # of which unlocking an encrypted database's key (scrypt)
    sign_in_ms: float = 0.0  # of which signing in (a database with accounts)


def cold_start(path: Path, runs: int) -> ColdStart:
    """Medians of `runs` fresh processes opening the window on `path`, offscreen."""
    inner, wall, opening, unlocking, signing = [], [], [], [], []
    prefs = str(OUT / "bench_ui.ini")
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD_START, str(path), prefs],
            capture_output=True,
            encoding="utf-8",
            check=True,
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        wall.append(time.perf_counter() - t)
        total, open_s, unlock_s, sign_in_s = map(
            float, done.stdout.strip().splitlines()[-1].split()
        )
        inner.append(total)
        opening.append(open_s)
        unlocking.append(unlock_s)
        signing.append(sign_in_s)
    return ColdStart(
        median_ms(inner),
        median_ms(opening),
        median_ms(wall),
        median_ms(unlocking),
        median_ms(signing),
    )


@dataclass
class CommandCheck:
    argv: list[str]
    exit_code: int
    in_process_ms: float  # median, from the first import of lianhua_desk to main's return
    wall_ms: float  # median, the whole process
    qt_modules: list[str]  # PySide6 modules loaded by the end (must be none)


def non_gui_commands(path: Path, runs: int) -> list[CommandCheck]:
    """`--version` and `stats --year 2020 --json` on `path`, each in fresh processes."""
    checks = []
    for argv in (["--version"], ["--db", str(path), "stats", "--year", "2020", "--json"]):
        inner, wall, qt, rc = [], [], [], 0
        for _ in range(runs):
            t = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", NO_QT, *argv],
                capture_output=True,
                encoding="utf-8",
                check=True,
                cwd=ROOT,
            )
            wall.append(time.perf_counter() - t)
            rc, elapsed, loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])
            inner.append(elapsed)
            qt = sorted(set(qt) | set(loaded))
        checks.append(CommandCheck(argv, rc, median_ms(inner), median_ms(wall), qt))
    return checks


def painted(app, view) -> None:
    app.processEvents()
    view.viewport().repaint()


def timed(fn, runs: int, setup=None) -> float:
    samples = []
    for _ in range(runs):
        if setup is not None:
            setup()  # not timed
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return median_ms(samples)


def clear_search_cache() -> None:
    """A clerk's new keyword misses the count cache: so must every timed run."""
    from lianhua_desk.store import search

    search._caches.clear()


@dataclass
class WindowResult:
    records: int
    cases: int
    open_tab_ms: float
    search: list[tuple[str, int, float]] = field(default_factory=list)  # term, hits, ms
    sort: list[tuple[str, str, str, float]] = field(default_factory=list)  # list, key, header, ms
    scroll_ms: float = 0.0
    rss_mb: float = 0.0  # peak RSS of this process


def measure_window(path: Path, runs: int) -> WindowResult:
    """The window on `path` (offscreen): open the mediation tab, search, sort every visible
    sortable column of the mediation and petition lists, scroll; then this process's peak
    RSS. Medians of `runs`, in ms."""
    from PySide6.QtCore import QSettings

    from bench.encrypted import unlock
    from lianhua_desk.app import open_context
    from lianhua_desk.ui.main import create_app, setup_language
    from lianhua_desk.ui.main_window import MainWindow

    app = create_app()
    setup_language(app, "zh_CN")
    unlock(path)  # an encrypted database (python -m bench --encrypted): as the sign-in does
    ctx = open_context(path, daily_backup=False)
    prefs = QSettings(str(OUT / "bench_ui.ini"), QSettings.IniFormat)
    window = MainWindow(ctx, path, settings=prefs)
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    window.runner.wait()
    try:
        return _measure(app, window, ctx, runs)
    finally:
        window.close()
        window.runner.shutdown()
        ctx.db.close()


def _measure(app, window, ctx, runs: int) -> WindowResult:
    tab_of = {key: window.tabs.indexOf(page) for key, page in window.pages.items()}
    cases = window.pages["cases"].panel

    def elsewhere():
        window.tabs.setCurrentIndex(tab_of["dashboard"])  # its refresh is not this scenario
        app.processEvents()
        cases._dirty = True  # as after a change elsewhere: the list reloads when shown

    def open_tab():
        window.tabs.setCurrentIndex(tab_of["cases"])
        painted(app, cases.view)

    result = WindowResult(
        records=sum(
            ctx.db[t].count for t in ("shifts", "services", "events", "cases", "petitions")
        ),
        cases=ctx.db["cases"].count,
        open_tab_ms=timed(open_tab, runs, setup=elsewhere),
    )

    def search(text):
        def run():
            cases.search.setText(text)
            cases.apply_filters()
            painted(app, cases.view)

        return run

    for term in SEARCH_TERMS:
        ms = timed(search(term), runs, setup=clear_search_cache)
        result.search.append((term, cases.model.total, ms))
    cases.search.setText("")
    cases.apply_filters()

    for name in SORT_LISTS:
        panel = window.pages[name].panel
        window.tabs.setCurrentIndex(tab_of[name])
        painted(app, panel.view)
        for section, column in enumerate(panel.model.columns):
            if column.sort is None or panel.view.isColumnHidden(section):
                continue

            def run(section=section, panel=panel):
                panel.view.horizontalHeader().sectionClicked.emit(section)
                painted(app, panel.view)

            result.sort.append((name, column.key, column.header, timed(run, runs)))
    window.tabs.setCurrentIndex(tab_of["cases"])

    def scroll():
        bar = cases.view.verticalScrollBar()
        for _ in range(10):
            bar.setValue(bar.maximum())
            painted(app, cases.view)

    result.scroll_ms = timed(scroll, 1)
    result.rss_mb = peak_rss_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="an existing database instead of bench/out")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start runs")
    parser.add_argument("--json", action="store_true", help="print the window figures as JSON")
    args = parser.parse_args()
    path = args.db or database(args.records)

    cold = None if args.no_cold else cold_start(path, args.runs)
    r = measure_window(path, args.runs)
    if args.json:
        print(json.dumps(asdict(r), ensure_ascii=False))
        return

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.2f}; "
        f"database: {r.records:,} records "
        f"({r.cases:,} mediation cases); median of {args.runs} runs"
    )
    print("| scenario | median | target |")
    print("|---|---|---|")
    if cold is not None:
        print(
            f"| cold start to window shown (in process / whole process) "
            f"| {cold.inner_ms:.0f} ms / {cold.wall_ms:.0f} ms | < 1000 ms |"
        )
        print(
            f"| … of which opening the database (open_context: version check; full "
            f"quick_check only when the file is not as a clean close left it) "
            f"| {cold.opening_ms:.0f} ms | — |"
        )
    print(f"| open the mediation tab, first rows painted | {r.open_tab_ms:.0f} ms | < 200 ms |")
    for term, hits, ms in r.search:
        print(
            f"| search “{term}” ({len(term)} characters, {hits:,} hits), first page "
            f"| {ms:.0f} ms | < 100 ms |"
        )
    for name, key, header, ms in r.sort:
        print(f"| sort {name} by {key} ({header}), first page | {ms:.0f} ms | < 300 ms |")
    print(f"| scroll 10 pages down (fetchMore) | {r.scroll_ms:.0f} ms | — |")
    print(f"| peak RSS of the window process | {r.rss_mb:.0f} MB | < 300 MB |")


if __name__ == "__main__":
    main()
