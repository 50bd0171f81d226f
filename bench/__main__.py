"""`python -m bench`: every scenario of spec/quality.md's speed table, timed several times,
medians and ratios against the baselines measured in the same run, one table.

    python -m bench                      # the full run (10-20 min); rewrites the README table
    python -m bench --quick              # small scales, one run: a smoke test, README untouched
    python -m bench --only stats,sort    # some scenarios (README untouched)
    python -m bench --no-readme          # print only
    python -m bench --encrypted          # every database encrypted (issue 17): on vs off

Run it from the repository root. The 1,000,000-record database is bench/out/bench_<N>.db
(bench/gen_db.py, seed 1), generated on first use only. The README is rewritten only by a
complete run (no --only, no --quick), between <!-- bench:start --> and <!-- bench:end -->.

With --encrypted every scenario runs on encrypted databases (bench/encrypted.py: the
shared one's encrypted copy bench/out/encrypted/bench_<N>.db, made once; the report,
exchange and soak databases encrypted as they are made), each process unlocking them as
the program does. Its table sets each row's medians beside those of the last plain run
at the same scale (every run keeps its rows in bench/out/results-<plain|encrypted>.json),
with the ratio on/off; a complete encrypted run writes it between
<!-- bench:encrypted:start --> and <!-- bench:encrypted:end --> inside the bench block
(a plain run keeps that part as it is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import table  # noqa: E402
from bench.runner import NEEDS_DATABASE, SCENARIOS, Options, run  # noqa: E402

QUICK = {"records": 20_000, "rows": 2_000, "runs": 1}
DEFAULTS = {"records": 1_000_000, "rows": 100_000, "runs": 5}


def parse_args(argv: list[str] | None):
    names = ", ".join(s.name for s in SCENARIOS)
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.splitlines()[0].strip("`")
    )
    parser.add_argument("--records", type=int, help="database scale (default 1,000,000)")
    parser.add_argument("--rows", type=int, help="workbook and PDF-year scale (default 100,000)")
    parser.add_argument("--runs", type=int, help="runs per scenario, medians (default 5)")
    parser.add_argument("--only", help=f"comma-separated scenarios: {names}")
    parser.add_argument("--no-readme", action="store_true", help="print only")
    parser.add_argument(
        "--encrypted",
        action="store_true",
        help="every database encrypted (SQLCipher), beside the last plain run's medians",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small scales (20,000 / 2,000), 1 run; README untouched",
    )
    args = parser.parse_args(argv)
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in {s.name for s in SCENARIOS}]
        if unknown or not wanted:
            parser.error(f"unknown scenario {', '.join(unknown) or '(none)'}; choose from {names}")
        args.names = [s.name for s in SCENARIOS if s.name in wanted]
    else:
        args.names = [s.name for s in SCENARIOS]
    for key, default in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, key) is None:
            setattr(args, key, default)
        if getattr(args, key) < 1:
            parser.error(f"--{key} must be at least 1")
    return args


def options(args) -> Options:
    """Each row's command repeats the options that differ from the full run's."""
    extra = ["--quick"] if args.quick else []
    extra += ["--encrypted"] if args.encrypted else []
    base = QUICK if args.quick else DEFAULTS
    for key in ("records", "rows", "runs"):
        if getattr(args, key) != base[key]:
            extra += [f"--{key}", str(getattr(args, key))]
    return Options(args.records, args.rows, args.runs, tuple(extra), args.encrypted)


def prepare_database(records: int, encrypted: bool = False) -> Path:
    """The shared database, generated if missing and migrated now, so that no scenario
    times a migration or the full check of a first open; with `encrypted` its encrypted
    copy (made once), unlocked in this process."""
    from bench import encrypted as enc
    from bench.gen_db import cached_database
    from lianhua_desk.app import open_context
    from lianhua_desk.store.db import open_db

    t = time.perf_counter()
    path = cached_database(records)
    db = open_db(path)
    db.close()  # a clean close: the cold start may skip the full file check
    if encrypted:
        path = enc.cached_encrypted(path)
        enc.unlock(path)
        if not enc.is_encrypted(path):  # never measure a plain file under the encrypted label
            raise RuntimeError(f"{path} opens as plain SQLite")
    # The day's backup now, not in the first command-line process a scenario times.
    open_context(path).db.close()
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    log(f"database {where} ready in {time.perf_counter() - t:.1f} s")
    return path


def results_file(encrypted: bool) -> Path:
    from bench import gen_db

    return gen_db.OUT / f"results-{'encrypted' if encrypted else 'plain'}.json"


def scale_key(opts: Options) -> str:
    return f"records={opts.records} rows={opts.rows} runs={opts.runs}"


def load_results(encrypted: bool, opts: Options) -> dict[str, dict]:
    """The rows last measured at this scale, by scenario name (empty if none)."""
    try:
        data = json.loads(results_file(encrypted).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get(scale_key(opts), {})


def save_results(encrypted: bool, opts: Options, rows, when: str) -> None:
    """Keep this run's rows (replacing older ones of the same scenarios and scale)."""
    path = results_file(encrypted)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    kept = data.setdefault(scale_key(opts), {})
    kept.update({row.name: table.saved_row(row, when) for row in rows})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    opts = options(args)
    invoked = " ".join(
        ["python -m bench", *map(shlex.quote, sys.argv[1:] if argv is None else argv)]
    )
    started, t0 = dt.datetime.now(), time.perf_counter()
    load_before = os.getloadavg()
    info = table.machine_info()
    if args.encrypted:
        from bench.encrypted import use_credentials

        use_credentials()  # every command-line process signs in and unlocks
    groups = {s.group for s in SCENARIOS if s.name in args.names}
    db = prepare_database(args.records, args.encrypted) if groups & NEEDS_DATABASE else None

    rows, all_ran = run(opts, args.names, db, log=log)

    load_after = os.getloadavg()
    took = time.perf_counter() - t0
    save_results(args.encrypted, opts, rows, f"{started:%Y-%m-%d %H:%M}")
    summary = (
        f"Generated by `{invoked}` on {started:%Y-%m-%d %H:%M}, in {duration(took)}: "
        f"{args.records:,} records (bench/gen_db.py, seed 1; {args.rows:,} for the "
        f"workbook and PDF-year scenarios), medians of {args.runs} run"
        f"{'s' if args.runs > 1 else ''}. Machine: {table.machine_line(info)}; "
        f"{table.load_text(load_before, load_after)}."
    )
    plain = load_results(False, opts) if args.encrypted else {}
    if args.encrypted:
        summary = "Encryption on (SQLCipher 4, every database encrypted). " + summary
        dates = sorted({plain[r.name]["at"] for r in rows if r.name in plain})
        summary += (
            f" Encryption off: the plain rows of `python -m bench` at the same scale, "
            f"measured {', '.join(dates)}."
            if dates
            else " No plain run at this scale to compare with."
        )
    block = "\n".join(
        [
            textwrap.fill(summary, width=90, break_on_hyphens=False),
            "",
            table.comparison_table(plain, rows) if args.encrypted else table.markdown_table(rows),
        ]
    )
    print(block)
    print()
    print(f"`{invoked}` took {duration(took)}")
    partial = args.quick or len(args.names) < len(SCENARIOS)
    unpaired = args.encrypted and any(r.name not in plain for r in rows)
    if args.no_readme or partial or unpaired:
        why = (
            "--no-readme"
            if args.no_readme
            else "only a complete run at full scale writes it"
            if partial
            else "a plain run at this scale is missing for some rows: run `python -m bench` first"
        )
        print(f"README not updated ({why}).")
    else:
        try:
            table.rewrite_readme(ROOT / "README.md", block, encrypted=args.encrypted)
        except table.MarkerError as exc:
            print(f"README not updated: {exc}", file=sys.stderr)
            return 1
        print(
            "README updated between the "
            + ("encryption markers." if args.encrypted else "bench markers.")
        )
    return 0 if all_ran else 1


if __name__ == "__main__":
    sys.exit(main())
