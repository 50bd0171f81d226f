"""Benchmark: the annual report PDF for the demo year (target < 1 s) and for a year of
100,000 records (target < 3 s).

    python bench/bench_reports.py [--runs 5] [--records 100000]

Builds its own databases in a temporary folder (the demo data through the normal
services; the large one with bench/gen_db.py, fixed seed), then times
`reports.annual.write` in this process (after one warm-up, which registers the font)
and once as the real command `lianhua-desk report annual` in a fresh process.
Prints medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gen_db import generate  # noqa: E402
from lianhua_desk.app import open_context  # noqa: E402
from lianhua_desk.reports import annual  # noqa: E402
from lianhua_desk.services import demo  # noqa: E402
from lianhua_desk.store.records import Actor  # noqa: E402

TODAY = dt.date(2021, 1, 10)


def _context(path: Path):
    ctx = open_context(path, daily_backup=False)
    ctx.actor = Actor("bench", lambda: dt.datetime(2021, 1, 10, 10))
    return ctx


def _median_seconds(fn, runs: int) -> float:
    fn()  # warm-up: font registration, page cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _cli_seconds(db: Path, out: Path, runs: int) -> float:
    command = [sys.executable, "-m", "lianhua_desk", "--db", str(db), "report", "annual"]
    command += ["--year", "2020", "--out", str(out)]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


class ReportResult(NamedTuple):
    kind: str  # "demo" or "large"
    label: str
    records: int
    in_process_s: float  # median of `annual.write` after a warm-up
    cli_s: float  # median of the whole `lianhua-desk report annual` process
    target_s: float


def _encrypted_context(path: Path, encrypted: bool):
    """With `encrypted`, the database at path is encrypted first (bench/encrypted.py)
    and unlocked, as a signed-in clerk's would be; the command line unlocks it with
    LIANHUA_USER / LIANHUA_PASSWORD."""
    if encrypted:
        from bench.encrypted import encrypt, unlock

        encrypt(path)
        unlock(path)
    return _context(path)


def measure(
    records: int,
    runs: int,
    *,
    demo_year: bool = True,
    large: bool = True,
    encrypted: bool = False,
):
    """The annual report of 2020 on the demo data and/or on `records` generated records
    (with `encrypted`, both databases encrypted)."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = []
        if demo_year:
            demo_db = tmp / "demo.db"
            ctx = _context(demo_db)
            demo.fill(ctx, year=2020, today=TODAY)
            n = sum(ctx.db[t].count for t in ("shifts", "services", "events", "cases", "petitions"))
            if encrypted:
                ctx.db.close()
                ctx = _encrypted_context(demo_db, encrypted)
            cases.append(("demo", f"demo year ({n:,} records, all years)", n, ctx, demo_db, 1.0))
        if large:
            big_db = tmp / "big.db"
            counts = generate(big_db, records=records, year=2020, seed=1)
            n = sum(counts.values())
            label = f"{records:,} records in 2020"
            cases.append(("large", label, n, _encrypted_context(big_db, encrypted), big_db, 3.0))
        for kind, label, n, context, db, target in cases:
            out = tmp / "annual.pdf"
            inproc = _median_seconds(lambda c=context, o=out: annual.write(c, 2020, o), runs)
            cli = _cli_seconds(db, out, max(1, runs // 2))
            context.db.close()
            results.append(ReportResult(kind, label, n, inproc, cli, target))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(f"command: python bench/bench_reports.py --runs {args.runs} --records {args.records}")
    rows = measure(args.records, args.runs)
    print()
    print(f"{'annual report PDF':<40} {'in process':>12} {'CLI process':>12} {'target':>8}")
    for r in rows:
        verdict = "ok" if r.in_process_s < r.target_s else "SLOW"
        print(
            f"{r.label:<40} {r.in_process_s * 1000:>9.0f} ms {r.cli_s * 1000:>9.0f} ms "
            f"{r.target_s:>6.0f} s  {verdict}"
        )
    print(
        f"(medians of {args.runs} in-process runs after a warm-up; CLI: a fresh process each "
        "time, Python start-up and imports included)"
    )


if __name__ == "__main__":
    main()
