"""Soak test: kill a real import at random moments, many times, with a bigger workbook.

The longer version of tests/test_crash_safety.py (same fixture, same checks):

    python bench/soak_kill.py --trials 200 --records 60000 [--seed N] [--keep DIR]

Each trial copies the base database, starts `python -m lianhua_desk import`, kills it
with SIGKILL after a random delay and requires `PRAGMA integrity_check` to pass and
the content to equal the state before or after the complete import. Prints where the
kills landed and what was found; exit status 1 at the first database that is neither.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_crash_safety import (  # noqa: E402
    KillPlan,
    build_fixture,
    check_file,
    run_import,
    verdict,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--records", type=int, default=60_000, help="generated rows to import")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temp folder)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lianhua-soak-"))
    try:
        started = time.perf_counter()
        fixture = build_fixture(work / "fixture", records=args.records)
        print(
            f"fixture: {args.records} generated records, workbook "
            f"{fixture.book.stat().st_size / 1e6:.1f} MB, import process {fixture.duration:.2f} s "
            f"(backup appears at {fixture.write_from:.2f} s), built in "
            f"{time.perf_counter() - started:.0f} s; seed {seed}"
        )
        outcomes: Counter = Counter()
        plan = KillPlan(fixture, rng)
        for i in range(args.trials):
            delay, from_backup = plan.next(i)
            folder = work / "trial"
            shutil.rmtree(folder, ignore_errors=True)
            run = run_import(fixture.base, fixture.book, folder, delay, from_backup)
            plan.learn(run)
            note = f"(seed {seed}, trial {i}, kill after {delay:.3f} s, {run.phase})"
            if "Traceback" in run.stderr:
                print(f"FAIL: traceback {note}\n{run.stderr}")
                return 1
            try:
                state = verdict(fixture, folder / "live.db", note)
                for backup in (folder / "backups").glob("*.db"):
                    assert check_file(backup).ok, f"backup {backup.name} damaged {note}"
            except AssertionError as exc:
                print(f"FAIL: {exc}")
                return 1
            outcomes[(run.phase, state)] += 1
            if (i + 1) % 25 == 0:
                print(f"  {i + 1} trials, all before or after")
        print(f"{args.trials} trials, every database passed integrity_check:")
        for (phase, state), n in sorted(outcomes.items()):
            print(f"  {n:>5}  {phase} → {state}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
