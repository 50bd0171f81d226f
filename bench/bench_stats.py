"""Benchmark: `stats --year` over a 1,000,000-record database (target < 500 ms).

    python bench/bench_stats.py [--records 1000000] [--runs 5]

Uses the database bench/gen_db.py generates once (fixed seed) into bench/out/, then
times `year_stats` in-process (warm cache, several runs, median) and the real command
`lianhua-desk stats --year 2020 --json` in a fresh process (cold start included).
`measure(path, runs)` returns the figures (the `python -m bench` runner calls it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gen_db import cached_database  # noqa: E402
from lianhua_desk.app import open_context  # noqa: E402
from lianhua_desk.services.stats import year_stats  # noqa: E402


class StatsResult(NamedTuple):
    in_process_ms: float  # median of `year_stats(ctx, 2020)` on one open context
    cli_ms: float  # median of the whole `lianhua-desk stats --year 2020 --json` process
    cases: int
    petitions: int


def measure(path: Path, runs: int) -> StatsResult:
    """An encrypted database is unlocked first (python -m bench --encrypted); the command
    unlocks it itself with LIANHUA_USER / LIANHUA_PASSWORD from the environment."""
    from bench.encrypted import unlock

    unlock(path)
    ctx = open_context(path, daily_backup=False)
    times = []
    try:
        for _ in range(runs):
            t = time.perf_counter()
            stats = year_stats(ctx, 2020)
            times.append(time.perf_counter() - t)
    finally:
        ctx.db.close()
    command = [sys.executable, "-m", "lianhua_desk", "--db", str(path)]
    command += ["stats", "--year", "2020", "--json"]
    cli = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        cli.append(time.perf_counter() - t)
    return StatsResult(
        statistics.median(times) * 1000,
        statistics.median(cli) * 1000,
        stats["mediation_cases"],
        stats["petitions"],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    r = measure(cached_database(args.records), args.runs)
    print(f"records: {args.records:,} (cases {r.cases:,}, petitions {r.petitions:,})")
    print(f"year_stats in-process: median {r.in_process_ms:.0f} ms (target < 500 ms)")
    print(f"`lianhua-desk stats --json` whole process: median {r.cli_ms:.0f} ms")


if __name__ == "__main__":
    main()
