"""Crash safety: a real import process killed (SIGKILL) at random moments, many times.

Set-up, once per session: a "base" database (the 2020 demo, ~2,500 records, already
exchanged once) and an exchange workbook made from a copy of it that gained a
generated year of 2019 records, had 40 cases edited and 20 cases deleted. Importing
the workbook into the base therefore inserts ~12,000 records, updates 40, deletes
20 (tombstones, history, audit rows) and leaves ~2,500 unchanged. One complete
import on another copy gives the "after" state.

Each trial copies the base into its own folder, starts
`python -m lianhua_desk --db COPY import BOOK.xlsx`, kills it with SIGKILL after a
random delay (a third of the trials anywhere in the process's measured lifetime, the
rest timed from the moment its pre-import backup appears, to land in the short write
phase) and then opens the file the way the program does. Every trial must pass `PRAGMA integrity_check` (and the program's
own check) and hold exactly the "before" or exactly the "after" content, never
anything in between; a cut-off backup never carries a final backup name.

Observed (Linux, 2 shared cores; the import process ~1.5 s, its backup-and-write phase
~0.4 s). A typical run of 20 trials (seed 597149021): 5 kills while reading and
validating, 11 inside the write transaction (nothing in the WAL yet: the import writes
through a 64 MB page cache, so its pages reach the WAL only at commit), 1 during the
commit itself (WAL frames on disk, no commit record: SQLite discarded them on the next
open → "before"), 1 just after the commit (WAL frames → "after"), 1 after the import
closed the database, 1 import finished before its kill. A kill during the pre-import
backup (seen in the soak) leaves a `.part` file, never a `.db`; every `.db` backup
passes the check. Every database passed integrity_check and equalled "before" or
"after". An interrupted import run again to completion gives exactly "after".
bench/soak_kill.py, 100 trials with 40,000 generated records (seed 20212): 68 kills
inside the write transaction and 2 during the commit (all → "before"), 20 while
reading, 1 just after the commit, 3 after the close, 6 finished first (→ "after").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from lianhua_desk.app import open_context
from lianhua_desk.domain.fields import ENTITIES
from lianhua_desk.services import demo
from lianhua_desk.services import records as record_service
from lianhua_desk.services.exchange import export_workbook, import_workbook
from lianhua_desk.store.backup import check_file
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.store.records import Actor

ENTITY_TABLES = tuple(e.name for e in ENTITIES)
ADMIN_TABLES = ("audit", "history", "tombstones", "imports", "settings")
TRIALS = 20
WRITING = "killed in the write transaction (nothing in the WAL yet)"
GENERATED_RECORDS = 12_000


# --- the fixture: a base database and a workbook that changes it a lot -------------------


@dataclass
class Fixture:
    base: Path
    book: Path
    before: dict[str, str]
    after: dict[str, str]
    duration: float  # seconds, the whole import process on an untouched copy
    write_from: float  # seconds after start when the pre-import backup appeared


def _clocked(path: Path, day: dt.date):
    ctx = open_context(path, daily_backup=False)
    ctx.actor = Actor("测试员", lambda: dt.datetime(day.year, day.month, day.day, 10))
    return ctx


def build_fixture(folder: Path, records: int = GENERATED_RECORDS) -> Fixture:
    from bench.gen_db import generate  # the project's seeded bulk-data generator

    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "base.db"
    ctx = _clocked(base, dt.date(2020, 12, 31))
    demo.fill(ctx, year=2020, today=dt.date(2020, 12, 31))
    export_workbook(ctx, folder / "base.xlsx")  # marks everything as exchanged once
    ctx.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.db.close()

    generated = folder / "generated.db"
    generate(generated, records=records, year=2019, seed=11)
    gen = open_context(generated, daily_backup=False)
    export_workbook(gen, folder / "generated.xlsx")
    gen.db.close()

    peer = folder / "peer" / "peer.db"
    peer.parent.mkdir()
    shutil.copyfile(base, peer)
    ctx = _clocked(peer, dt.date(2021, 1, 5))
    result = import_workbook(ctx, folder / "generated.xlsx")
    assert result.written and not result.errors, result.errors[:3]
    # The demo's own cases (written through the services, as the window writes them), not
    # those a routed petition names (deleting one asks to unlink it first).
    query = (
        "SELECT id FROM cases WHERE origin NOT LIKE 'import:%' AND source != '信访转入' LIMIT 60"
    )
    cases = [r["id"] for r in ctx.db.query(query)]
    assert len(cases) == 60
    for case_id in cases[:40]:
        record_service.update(ctx, "cases", case_id, {"summary": "交换前在另一台电脑上修改的摘要"})
    for case_id in cases[40:]:
        record_service.delete(ctx, "cases", case_id)
    book = folder / "book.xlsx"
    export_workbook(ctx, book)
    ctx.db.close()

    before = fingerprint(base)
    reference = folder / "reference"
    run = run_import(base, book, reference, kill_after=None)
    assert run.returncode == 0, run.stderr
    after = fingerprint(reference / "live.db")
    changed = [t for t in ENTITY_TABLES if before[t] != after[t]]
    assert set(changed) >= {"advisors", "shifts", "services", "cases", "petitions"}
    return Fixture(base, book, before, after, run.elapsed, run.write_from or 0.0)


# --- one import process, maybe killed ------------------------------------------------------


@dataclass
class Run:
    returncode: int | None  # None: killed
    elapsed: float
    write_from: float | None  # when the pre-import backup was first seen
    stderr: str
    phase: str  # what the files show about where the kill landed


def run_import(
    base: Path, book: Path, folder: Path, kill_after: float | None, from_backup: bool = False
) -> Run:
    """Copy `base` to folder/live.db and import `book` into it in a real subprocess,
    killed with SIGKILL `kill_after` seconds after its start, or after the pre-import
    backup first appears if `from_backup` (None: let it finish)."""
    folder.mkdir(parents=True, exist_ok=True)
    live = folder / "live.db"
    shutil.copyfile(base, live)
    env = {**os.environ, "LIANHUA_LOG_DIR": str(folder / "logs")}
    command = [sys.executable, "-m", "lianhua_desk", "--db", str(live), "import", str(book)]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, encoding="utf-8"
    )
    write_from = None
    backups = folder / "backups"
    deadline = None if kill_after is None or from_backup else start + kill_after
    killed = False
    while proc.poll() is None:
        now = time.perf_counter()
        if write_from is None and any(backups.glob("*-import.db*")):
            write_from = now - start
            if from_backup and kill_after is not None:
                deadline = now + kill_after
        if deadline is not None and now >= deadline:
            proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up at all
            killed = True
            break
        time.sleep(0.001)
    _, stderr = proc.communicate(timeout=60)
    elapsed = time.perf_counter() - start
    return Run(
        None if killed else proc.returncode, elapsed, write_from, stderr, _phase(folder, killed)
    )


def _phase(folder: Path, killed: bool) -> str:
    """Where the kill landed, as the files left behind show it (read before any reopen).

    The import writes with a 64 MB page cache, so its pages reach the WAL only when
    the transaction commits: an empty WAL after the backup means the kill came inside
    the transaction (or just before it); WAL frames mean during or after the commit."""
    if not killed:
        return "finished before the kill"
    backups = folder / "backups"
    if list(backups.glob("*-import.db.part")):
        return "killed during the pre-import backup"
    if not list(backups.glob("*-import.db")):
        return "killed while reading and validating"
    wal = folder / "live.db-wal"
    if not wal.exists():  # the last connection's close checkpoints and removes it
        return "killed after the import closed the database"
    if wal.stat().st_size > 0:
        return "killed during or after the commit (WAL frames on disk)"
    return WRITING


# --- what a database holds -------------------------------------------------------------------


def fingerprint(path: Path) -> dict[str, str]:
    """A hash of every entity table's sorted rows, and each bookkeeping table's size.

    Communities are keyed by name in a workbook, so each database gives an imported
    community its own id: ids of communities (and references to them) become names.
    Opened read-write like the program does, so a hot WAL left by a killed process is
    recovered (committed frames kept, uncommitted ones discarded) before reading."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        names = dict(conn.execute("SELECT id, name FROM communities").fetchall())
        out = {}
        for table in ENTITY_TABLES:
            rows = []
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                values = dict(row)
                if table == "communities":
                    values["id"] = values["name"]
                if "community_id" in values:
                    values["community_id"] = names.get(values["community_id"])
                rows.append(repr(sorted(values.items())))
            out[table] = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()
        for table in ADMIN_TABLES:
            out[f"{table} rows"] = str(
                conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
            )
    finally:
        conn.close()
    return out


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def verdict(fixture: Fixture, path: Path, note: str = "") -> str:
    """'before' or 'after'; raises AssertionError for anything else."""
    assert integrity(path) == ["ok"], f"{path}: integrity_check failed {note}"
    state = fingerprint(path)
    check = check_file(path)
    assert check.ok, (check.problems, note)
    if state == fixture.before:
        return "before"
    if state == fixture.after:
        return "after"
    differs = [k for k in state if state[k] not in (fixture.before[k], fixture.after[k])]
    raise AssertionError(f"{path}: neither before nor after (tables {differs}) {note}")


class KillPlan:
    """(delay, from_backup) per trial: a third anywhere in the process's life, the rest
    timed from the moment the pre-import backup appears, to land in the short write
    phase. A run that finishes before its kill shows the phases are shorter than
    measured (the machine is shared): the plan learns from it."""

    def __init__(self, fixture: Fixture, rng: random.Random):
        self.rng = rng
        self.duration = fixture.duration
        self.write_phase = max(0.05, fixture.duration - fixture.write_from)

    def next(self, i: int) -> tuple[float, bool]:
        if i % 3 == 0:
            return self.rng.uniform(0.0, self.duration), False
        return self.rng.uniform(0.0, self.write_phase * 1.1), True

    def learn(self, run: Run) -> None:
        if run.returncode is not None and run.write_from is not None:
            self.duration = min(self.duration, run.elapsed)
            self.write_phase = max(0.05, min(self.write_phase, run.elapsed - run.write_from))


# --- the test ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kill_fixture(tmp_path_factory) -> Fixture:
    return build_fixture(tmp_path_factory.mktemp("crash"))


def test_killed_import_leaves_the_state_before_or_after(kill_fixture, tmp_path):
    seed = int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    outcomes: Counter = Counter()
    plan = KillPlan(kill_fixture, rng)
    for i in range(TRIALS):
        delay, from_backup = plan.next(i)
        folder = tmp_path / f"trial{i:02d}"
        run = run_import(kill_fixture.base, kill_fixture.book, folder, delay, from_backup)
        plan.learn(run)
        assert "Traceback" not in run.stderr, run.stderr
        note = f"(seed {seed}, trial {i}, kill after {delay:.3f} s, {run.phase})"
        state = verdict(kill_fixture, folder / "live.db", note)
        outcomes[(run.phase, state)] += 1
        for backup in (folder / "backups").glob("*.db"):
            assert check_file(backup).ok, f"backup {backup.name} is damaged (seed {seed})"
    print(f"seed {seed}: " + "; ".join(f"{p} → {s}: {n}" for (p, s), n in outcomes.items()))
    # The trials must have actually cut imports short, not only watched them finish.
    killed = sum(n for (phase, _), n in outcomes.items() if phase != "finished before the kill")
    assert killed >= TRIALS // 2
    assert outcomes[(WRITING, "before")] >= 1, "no kill landed inside the write transaction"


def test_an_interrupted_import_can_simply_be_run_again(kill_fixture, tmp_path):
    """Kill inside the write phase, then import again: exactly the complete result."""
    rng = random.Random(7)
    for attempt in range(8):
        folder = tmp_path / f"attempt{attempt}"
        delay = rng.uniform(0.0, kill_fixture.duration - kill_fixture.write_from)
        run = run_import(kill_fixture.base, kill_fixture.book, folder, delay, from_backup=True)
        live = folder / "live.db"
        state = verdict(kill_fixture, live)
        if run.phase == WRITING and state == "before":
            again = run_import(live, kill_fixture.book, folder / "again", kill_after=None)
            assert again.returncode == 0, again.stderr
            assert verdict(kill_fixture, folder / "again" / "live.db") == "after"
            return
    pytest.fail("no kill landed before the commit in 8 attempts")
