"""Every scenario of spec/quality.md's speed table, run through the bench modules, one
result row each. `python -m bench` (bench/__main__.py) is the command line.

Scenarios are grouped by what they share: the window scenarios run in one fresh process
(so its peak RSS is the window's), the workbook scenarios share one generated workbook,
the report scenarios one temporary folder. A failing group gives rows that say so and
the others still run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from bench.table import Row

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Options:
    records: int = 1_000_000  # database scale
    rows: int = 100_000  # workbook and PDF-year scale
    runs: int = 5
    extra_args: tuple[str, ...] = ()  # the non-default options, for each row's command
    encrypted: bool = False  # every database encrypted (bench/encrypted.py)


@dataclass(frozen=True)
class Scenario:
    name: str
    group: str
    title: str  # format() with records=, rows=
    target: str


SCENARIOS = (
    Scenario(
        "import",
        "exchange",
        "import a {rows:,}-row exchange workbook (read, validate, merge, commit) "
        "vs python-calamine reading the same file",
        "≤ 2×",
    ),
    Scenario(
        "import-openpyxl",
        "exchange",
        "the same import vs openpyxl `read_only` reading it",
        "≥ 3× faster",
    ),
    Scenario(
        "export",
        "exchange",
        "export {rows:,} rows with formats and drop-downs vs openpyxl `write_only` "
        "writing the same bare rows",
        "≤ 1.25×",
    ),
    Scenario(
        "tab",
        "window",
        "open the mediation tab on {records:,} records, first rows painted",
        "< 200 ms",
    ),
    Scenario(
        "search",
        "window",
        "keyword search in the mediation tab on {records:,} records, first page painted",
        "< 100 ms",
    ),
    Scenario(
        "search-store",
        "search",
        "keyword search below the window (first page of ids + count), cases and petitions, "
        "{records:,} records",
        "< 100 ms",
    ),
    Scenario(
        "sort",
        "window",
        "sort by each visible column of the mediation and petition lists ({records:,} "
        "records), first page painted",
        "< 300 ms",
    ),
    Scenario("stats", "stats", "`stats --year` over {records:,} records", "< 500 ms"),
    Scenario("report", "reports", "annual report PDF, a year of {rows:,} records", "< 3 s"),
    Scenario("report-demo", "reports", "annual report PDF, the demo year", "< 1 s"),
    Scenario(
        "cold-start",
        "cold",
        "GUI cold start to window shown, {records:,}-record database",
        "< 1 s",
    ),
    Scenario(
        "no-qt",
        "commands",
        "`--version` and other non-GUI commands (`stats --json`) do not import Qt",
        "no Qt module loaded",
    ),
    Scenario(
        "gui-memory",
        "window",
        "memory: GUI on {records:,} records (peak RSS after opening, searching, sorting, "
        "scrolling)",
        "< 300 MB",
    ),
    Scenario(
        "import-memory",
        "exchange",
        "memory: import of {rows:,} rows (peak RSS of a fresh process)",
        "< 400 MB",
    ),
    Scenario(
        "soak",
        "soak",
        "soak, 180 s (20 s with --quick): one window writing and opening its export dialog "
        "on the database's folder, two command-line loops writing and reading the same file "
        "(bench/bench_soak.py)",
        "0 lost writes, 0 corruption, locks never lost",
    ),
)
BY_NAME = {s.name: s for s in SCENARIOS}
GROUP_ORDER = ("window", "cold", "commands", "search", "stats", "reports", "exchange", "soak")
NEEDS_DATABASE = {"window", "cold", "commands", "search", "stats"}


def command(name: str, opts: Options) -> str:
    return " ".join(["python -m bench --only", name, *opts.extra_args])


def _ms(x: float) -> str:
    return f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms"


def _s(x: float) -> str:
    return f"{x:.2f} s"


def _median(times: list[float]) -> float:
    return statistics.median(times)


class Rows:
    """Collects the rows of one group: only the scenarios asked for."""

    def __init__(self, opts: Options, wanted: set[str]):
        self.opts, self.wanted, self.rows = opts, wanted, []

    def add(self, name: str, measured: str, holds: bool | None, figures=()) -> None:
        """`figures`: the row's medians as (label, value, unit), for the on/off table."""
        if name in self.wanted:
            s = BY_NAME[name]
            title = s.title.format(records=self.opts.records, rows=self.opts.rows)
            self.rows.append(
                Row(
                    name,
                    title,
                    s.target,
                    measured,
                    holds,
                    command(name, self.opts),
                    tuple(figures),
                )
            )


# --- the groups --------------------------------------------------------------------------


def run_window(out: Rows, db: Path) -> None:
    """One fresh process opens the window and runs tab, search, sort (bench_ui --json)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_ui", "--db", str(db), "--runs", str(out.opts.runs)]
        + ["--no-cold", "--json"],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench_ui exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    r = json.loads(done.stdout.strip().splitlines()[-1])
    out.add("tab", _ms(r["open_tab_ms"]), r["open_tab_ms"] < 200, [("", r["open_tab_ms"], "ms")])
    worst = max(r["search"], key=lambda t: t[2])
    times = ", ".join(f"{term} {ms:.0f}" for term, _hits, ms in r["search"])
    hits = " / ".join(f"{hits:,}" for _term, hits, _ms in r["search"])
    out.add(
        "search",
        f"max {_ms(worst[2])}: {times} ms (hits {hits})",
        worst[2] < 100,
        [("max", worst[2], "ms"), ("median", _median([t[2] for t in r["search"]]), "ms")],
    )
    worst = max(r["sort"], key=lambda t: t[3])
    times = [t[3] for t in r["sort"]]
    out.add(
        "sort",
        f"max {_ms(worst[3])} ({worst[0]} by {worst[2]}); median {_ms(_median(times))} "
        f"over {len(times)} columns",
        worst[3] < 300,
        [("max", worst[3], "ms"), ("median", _median(times), "ms")],
    )
    out.add("gui-memory", f"{r['rss_mb']:.0f} MB", r["rss_mb"] < 300, [("", r["rss_mb"], "MB")])


def run_cold(out: Rows, db: Path) -> None:
    from bench.bench_ui import cold_start
    from bench.encrypted import unlock
    from lianhua_desk.store.db import open_db

    # The start after a clean close, whatever ran before (a command-line run that did not
    # close cleanly makes the next open check the whole file: not this scenario).
    unlock(db)
    open_db(db).close()
    c = cold_start(db, out.opts.runs)
    signed = (
        f"; unlocking the key {_ms(c.unlock_ms)}, signing in {_ms(c.sign_in_ms)}"
        if c.unlock_ms + c.sign_in_ms >= 1  # a plain database has no key, no accounts
        else ""
    )
    out.add(
        "cold-start",
        f"{_ms(c.inner_ms)} from the first import to the window painted (whole process "
        f"{_ms(c.wall_ms)}; opening the database {_ms(c.opening_ms)}{signed})",
        c.inner_ms < 1000,
        [
            ("to window painted", c.inner_ms, "ms"),
            ("whole process", c.wall_ms, "ms"),
            ("opening", c.opening_ms, "ms"),
        ]
        + ([("unlock + sign-in", c.unlock_ms + c.sign_in_ms, "ms")] if signed else []),
    )


def run_commands(out: Rows, db: Path) -> None:
    from bench.bench_ui import non_gui_commands

    checks = non_gui_commands(db, out.opts.runs)
    loaded = sorted({m for c in checks for m in c.qt_modules})
    parts = [
        f"`{c.argv[0] if len(c.argv) == 1 else ' '.join(c.argv[2:])}`: "
        f"{len(c.qt_modules)} Qt modules, exit {c.exit_code}, whole process {_ms(c.wall_ms)}"
        for c in checks
    ]
    ok = not loaded and all(c.exit_code == 0 for c in checks)
    out.add(
        "no-qt",
        "; ".join(parts) + (f" (loaded: {', '.join(loaded[:5])})" if loaded else ""),
        ok,
        [
            (f"`{' '.join(c.argv[-4:]) if len(c.argv) > 1 else c.argv[0]}`", c.wall_ms, "ms")
            for c in checks
        ],
    )


def run_search(out: Rows, db: Path) -> None:
    from bench.bench_search import measure_queries
    from bench.encrypted import unlock
    from lianhua_desk.store.db import open_db

    unlock(db)
    database = open_db(db)
    try:
        results = measure_queries(database, out.opts.runs)
    finally:
        database.close()
    worst = max(results, key=lambda r: r.ms)
    short = [r for r in results if len(r.text) <= 2 and " " not in r.text]
    worst_short = max(short, key=lambda r: r.ms)
    out.add(
        "search-store",
        f"max {_ms(worst.ms)} ({worst.entity} “{worst.text}”, {worst.what}, {worst.hits:,} hits); "
        f"1–2 characters max {_ms(worst_short.ms)} (“{worst_short.text}”); "
        f"median {_ms(_median([r.ms for r in results]))} over {len(results)} queries",
        worst.ms < 100,
        [("max", worst.ms, "ms"), ("median", _median([r.ms for r in results]), "ms")],
    )


def run_stats(out: Rows, db: Path) -> None:
    from bench.bench_stats import measure

    r = measure(db, out.opts.runs)
    out.add(
        "stats",
        f"{_ms(r.in_process_ms)} in process (whole `stats --json` process {_ms(r.cli_ms)})",
        r.in_process_ms < 500,
        [("in process", r.in_process_ms, "ms"), ("whole process", r.cli_ms, "ms")],
    )


def run_reports(out: Rows, _db: Path | None) -> None:
    from bench.bench_reports import measure

    results = measure(
        out.opts.rows,
        out.opts.runs,
        demo_year="report-demo" in out.wanted,
        large="report" in out.wanted,
        encrypted=out.opts.encrypted,
    )
    for r in results:
        measured = (
            f"{_ms(r.in_process_s * 1000)} in process (whole `report annual` process "
            f"{_s(r.cli_s)}; {r.records:,} records)"
        )
        out.add(
            "report" if r.kind == "large" else "report-demo",
            measured,
            r.in_process_s < r.target_s,
            [("in process", r.in_process_s * 1000, "ms"), ("whole process", r.cli_s, "s")],
        )


def run_exchange(out: Rows, _db: Path | None) -> None:
    from bench.bench_exchange import measure, stage_summary

    w = out.wanted
    r = measure(
        out.opts.rows,
        out.opts.runs,
        export="export" in w,
        calamine="import" in w,
        openpyxl="import-openpyxl" in w,
        peak="import-memory" in w,
        encrypted=out.opts.encrypted,
    )
    if r.calamine_s:
        imp, cal = _median(r.import_s), _median(r.calamine_s)
        out.add(
            "import",
            f"{imp / cal:.2f}× ({_s(imp)} vs {_s(cal)}; {r.rows:,} rows, {r.size_mb:.1f} MB; "
            f"stages: {stage_summary(r.stages).split('  (')[0]})",
            imp / cal <= 2,
            [("import", imp, "s"), ("calamine", cal, "s")],
        )
    if r.openpyxl_s:
        imp, opx = _median(r.import_s), _median(r.openpyxl_s)
        out.add(
            "import-openpyxl",
            f"{opx / imp:.1f}× faster ({_s(imp)} vs {_s(opx)})",
            opx / imp >= 3,
            [("import", imp, "s"), ("openpyxl", opx, "s")],
        )
    if r.export_s:
        exp, bare = _median(r.export_s), _median(r.bare_write_s)
        out.add(
            "export",
            f"{exp / bare:.2f}× ({_s(exp)} vs {_s(bare)})",
            exp / bare <= 1.25,
            [("export", exp, "s"), ("openpyxl", bare, "s")],
        )
    if r.peak_mb is not None:
        out.add(
            "import-memory", f"{r.peak_mb:.0f} MB peak", r.peak_mb < 400, [("", r.peak_mb, "MB")]
        )


def run_soak(out: Rows, _db: Path | None) -> None:
    from bench.bench_soak import runner_row, seconds_for

    out.add("soak", *runner_row(seconds_for(out.opts.extra_args), encrypted=out.opts.encrypted))


GROUPS = {
    "window": run_window,
    "cold": run_cold,
    "commands": run_commands,
    "search": run_search,
    "stats": run_stats,
    "reports": run_reports,
    "exchange": run_exchange,
    "soak": run_soak,
}


def run(opts: Options, names: list[str], db: Path | None, log=print) -> tuple[list[Row], bool]:
    """Rows of the scenarios `names`, in spec order; and whether every group ran."""
    rows: list[Row] = []
    ok = True
    for group in GROUP_ORDER:
        wanted = {s.name for s in SCENARIOS if s.group == group and s.name in names}
        if not wanted:
            continue
        out = Rows(opts, wanted)
        log(f"[{group}] {', '.join(sorted(wanted))} …")
        t = time.perf_counter()
        try:
            GROUPS[group](out, db)
        except Exception as exc:  # one broken scenario must not lose a 15-minute run
            ok = False
            traceback.print_exc()
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            out.rows = []
            for name in sorted(wanted):
                out.add(name, f"failed to run ({reason})", None)
        log(f"[{group}] done in {time.perf_counter() - t:.0f} s")
        rows += out.rows
    order = [s.name for s in SCENARIOS]
    return sorted(rows, key=lambda r: order.index(r.name)), ok
