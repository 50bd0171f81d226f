"""Benchmark: `stats --year` over a 1,000,000-record database (target < 500 ms).

    python bench/bench_stats.py [--records 1000000] [--runs 5]

Generates the database once with bench/gen_db.py (fixed seed) into bench/out/, then
times `year_stats` in-process (warm cache, several runs, median) and the real command
`lianhua-desk stats --year 2020 --json` in a fresh process (cold start included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_db import generate  # noqa: E402

from lianhua_desk.app import open_context  # noqa: E402
from lianhua_desk.services.stats import year_stats  # noqa: E402

OUT = ROOT / "bench" / "out"


def database(records: int) -> Path:
    path = OUT / f"bench_{records}.db"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        generate(path, records=records, year=2020, seed=1)
        print(f"generated {records:,} records in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = database(args.records)
    ctx = open_context(path, daily_backup=False)
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        stats = year_stats(ctx, 2020)
        times.append(time.perf_counter() - t)
    cold = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "lianhua_desk",
                "--db",
                str(path),
                "stats",
                "--year",
                "2020",
                "--json",
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        cold.append(time.perf_counter() - t)
    print(
        f"records: {args.records:,} (cases {stats['mediation_cases']:,}, petitions {stats['petitions']:,})"
    )
    print(
        f"year_stats in-process: median {statistics.median(times) * 1000:.0f} ms (target < 500 ms)"
    )
    print(
        f"`lianhua-desk stats --json` whole process: median {statistics.median(cold) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
