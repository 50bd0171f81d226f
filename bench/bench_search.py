"""Benchmark: keyword search and cold start on a city-scale database.

    python bench/bench_search.py [--records 1000000] [--runs 7] [--db PATH] [--no-cold]

For each query, the work a list does before its first page can paint, as
ui/table_model.py does it: `listing.page_ids` for the first 200 ids, then
`listing.count` when the page came back full. Every run starts with the search
cache cleared (it is keyed by database state, so a new keyword always misses it).
Queries of one, two and three or more characters, hits and no hits, on mediation
cases (20% of the records) and petitions (30%); pinyin and initials (wxm finds 王小明);
and the first page sorted by a name column (its pinyin key). Cold start: a fresh process from
the first import to the window painted (offscreen), as in bench_ui.py.
`measure_queries(path, runs)` returns the figures (the `python -m bench` runner calls it).

The database is bench/out/bench_<records>.db from gen_db.py (seed 1), migrated to the
current schema on first use (that builds the search index once: ~10 s at 1M).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_ui import cold_start, database  # noqa: E402
from lianhua_desk.store import listing, search  # noqa: E402
from lianhua_desk.store.db import open_db  # noqa: E402

TARGET_MS = 100
COLD_TARGET_MS = 1000
PAGE = 200  # LazyTableModel.PAGE

QUERIES = {
    "cases": [
        ("王", "1 char, surname"),
        ("志", "1 char, given name"),
        ("鑫", "1 char, no hit"),
        ("陈志", "2 chars, name"),
        ("争议", "2 chars, in every row"),
        ("欧阳", "2 chars, no hit"),
        ("宋红勇", "3 chars, name"),
        ("莲调〔2020〕第12345号", "case number"),
        ("双方就款项", "5 chars, in every row"),
        ("张三丰", "3 chars, no hit"),
        ("王 争议", "two terms"),
        ("号", "1 char, in every row (worst case)"),
        ("shy", "pinyin initials (宋红勇 …)"),
        ("songhongyong", "full pinyin"),
        ("wl", "2-letter initials"),
        ("zhang", "pinyin of a surname, frequent"),
        ("qqq", "pinyin initials, no hit"),
    ],
    "petitions": [
        ("王", "1 char, surname"),
        ("李娜", "2 chars, name"),
        ("欧阳", "2 chars, no hit"),
        ("拖欠工资", "4 chars, in every row"),
        ("劳动仲裁", "4 chars, no hit"),
        ("ln", "2-letter initials (李娜 …)"),
        ("lina", "full pinyin"),
    ],
}

# Sorting by a name column goes by its pinyin key (issue 15): the first page of the
# list sorted so, without and with a keyword.
SORTS = [
    ("cases", "applicant", False, ""),
    ("cases", "applicant", True, ""),
    ("cases", "respondent", False, "王"),
    ("petitions", "petitioner", False, ""),
    ("petitions", "petitioner", True, "ln"),
]


def first_page(db, q: listing.ListQuery) -> tuple[int, int]:
    ids = listing.page_ids(db, q, 0, PAGE)
    total = listing.count(db, q) if len(ids) == PAGE else len(ids)
    return len(ids), total


def measure(db, q: listing.ListQuery, runs: int) -> tuple[float, int]:
    samples, total = [], 0
    for _ in range(runs):
        search._caches.clear()
        t = time.perf_counter()
        _, total = first_page(db, q)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000, total


class QueryResult(NamedTuple):
    entity: str
    text: str
    what: str
    hits: int
    ms: float  # median of the runs: first page of ids, then the count


def measure_queries(db, runs: int) -> list[QueryResult]:
    """Every query of QUERIES on the open database `db`."""
    results = []
    for entity_name, queries in QUERIES.items():
        for text, what in queries:
            q = listing.ListQuery(entity_name, search=text)
            first_page(db, q)  # warm the page cache: the window has read these pages too
            ms, total = measure(db, q, runs)
            results.append(QueryResult(entity_name, text, what, total, ms))
    for entity_name, field, descending, text in SORTS:
        q = listing.ListQuery(entity_name, search=text, sort=field, descending=descending)
        first_page(db, q)
        ms, total = measure(db, q, runs)
        what = f"sorted by {field}{' desc' if descending else ''} (pinyin)"
        results.append(QueryResult(entity_name, text, what, total, ms))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="an existing database instead of bench/out")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start runs")
    args = parser.parse_args()
    path = args.db or database(args.records)
    t = time.perf_counter()
    db = open_db(path)  # migrates (and indexes) on first use
    opened_s = time.perf_counter() - t
    load_before = os.getloadavg()

    rows = measure_queries(db, args.runs)
    counts = {e: db[e].count for e in QUERIES}
    db.close()  # a clean close: the next open (the cold start below) may skip the check

    cold = None if args.no_cold else cold_start(path, args.runs)
    load_after = os.getloadavg()

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite {db_version()}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"database: {args.records:,} records ({counts['cases']:,} cases, "
        f"{counts['petitions']:,} petitions); median of {args.runs} runs"
    )
    if opened_s > 2:
        print(f"(opening took {opened_s:.1f} s: migration / index build or full check)")
    print()
    print("| list | query | kind | hits | first page + count | target | |")
    print("|---|---|---|---|---|---|---|")
    for entity_name, text, what, total, ms in rows:
        verdict = "pass" if ms < TARGET_MS else "FAIL"
        print(
            f"| {entity_name} | “{text}” | {what} | {total:,} | {ms:.1f} ms "
            f"| < {TARGET_MS} ms | {verdict} |"
        )
    if cold is not None:
        inner, opening, wall = cold.inner_ms, cold.opening_ms, cold.wall_ms
        verdict = "pass" if inner < COLD_TARGET_MS else "FAIL"
        print(
            f"| window | cold start, import to first paint (whole process: {wall:.0f} ms) "
            f"| of which opening {opening:.0f} ms | — | {inner:.0f} ms "
            f"| < {COLD_TARGET_MS} ms | {verdict} |"
        )


def db_version() -> str:
    from lianhua_desk.store.driver import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    main()
