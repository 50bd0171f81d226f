"""Two processes writing to one database file at the same time.

SQLite in WAL mode with a busy timeout (30 s by default) and BEGIN IMMEDIATE transactions: a
second writer waits for the first instead of failing, and if it has to wait too
long it says so in Chinese (exit status 3), never "database is locked". Whatever
the interleaving, the file passes integrity_check and each import is all or nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lianhua_desk.app import open_context
from lianhua_desk.services.exchange import export_workbook, import_workbook
from lianhua_desk.store.backup import check_file
from lianhua_desk.store.driver import sqlite3

RAW_LOCK_TEXT = "database is locked"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Two workbooks of generated records (different seeds, so different record ids)
    and a base database that already holds both workbooks' communities and advisors:
    the two imports then insert disjoint records."""
    from bench.gen_db import generate  # the project's seeded bulk-data generator

    folder = tmp_path_factory.mktemp("concurrency")
    out = {}
    for name, seed, year, records in (
        ("world-a", 3, 2018, 0),  # 0 records: only the communities and advisors
        ("world-b", 4, 2019, 0),
        ("a", 3, 2018, 5000),
        ("b", 4, 2019, 5000),
    ):
        generate(folder / f"{name}.db", records=records, year=year, seed=seed)
        ctx = open_context(folder / f"{name}.db", daily_backup=False)
        export_workbook(ctx, folder / f"{name}.xlsx")
        ctx.db.close()
        out[name] = folder / f"{name}.xlsx"
    base = folder / "base.db"
    ctx = open_context(base, daily_backup=False)
    for world in ("world-a", "world-b"):
        result = import_workbook(ctx, out[world])
        assert result.written and not result.errors, result.errors[:3]
    ctx.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.db.close()
    out["db"] = base
    return out


def _live_copy(books, tmp_path: Path) -> Path:
    live = tmp_path / "live.db"
    live.write_bytes(books["db"].read_bytes())
    return live


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "LIANHUA_LOG_DIR": str(tmp_path / "logs")}


def _cli(live: Path, *args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lianhua_desk", "--db", str(live), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        env=env,
    )


def _finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out + err


def _count(live: Path, sql: str, *params) -> int:
    conn = sqlite3.connect(live)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def _assert_sound(live: Path, outputs: list[str]) -> None:
    for text in outputs:
        assert RAW_LOCK_TEXT not in text.lower() and "Traceback" not in text, text
    conn = sqlite3.connect(live)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert check_file(live).ok


def _assert_outcome(code: int, text: str) -> None:
    """Finished, or told clearly that another program held the database too long."""
    assert code == 0 or (code == 3 and "另一个程序" in text), (code, text)


def test_two_imports_at_once_both_finish_or_one_is_told(books, tmp_path):
    live = _live_copy(books, tmp_path)
    env = _env(tmp_path)
    first = _cli(live, "import", str(books["a"]), env=env)
    second = _cli(live, "import", str(books["b"]), env=env)
    (code_a, text_a), (code_b, text_b) = _finish(first), _finish(second)
    print(f"import exits {code_a}, {code_b}")
    _assert_outcome(code_a, text_a)
    _assert_outcome(code_b, text_b)
    _assert_sound(live, [text_a, text_b])
    # Each import is all or nothing: its year's cases are all there, or none are.
    for code, year in ((code_a, 2018), (code_b, 2019)):
        n = _count(live, "SELECT count(*) FROM cases WHERE received_date LIKE ?", f"{year}-%")
        assert n == (1000 if code == 0 else 0), (year, code, n)
    assert _count(live, "SELECT count(*) FROM imports") == 2 + (code_a == 0) + (code_b == 0)


WRITER = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path
    from lianhua_desk.app import open_context
    from lianhua_desk.services import mediation
    from lianhua_desk.store.errors import StoreError

    ctx = open_context(Path(sys.argv[1]), daily_backup=False)
    community = ctx.db.execute("SELECT id FROM communities LIMIT 1").fetchone()[0]
    stop, deadline = Path(sys.argv[2]), time.monotonic() + 60
    done = refused = i = 0
    while not stop.exists() and time.monotonic() < deadline:  # until the import is over
        try:
            mediation.register_case(ctx, {
                "received_date": "2021-03-01", "community_id": community,
                "body": "社区人民调解委员会", "category": "邻里纠纷",
                "applicant": f"申请人{i}", "summary": "并发写入测试",
            })
            done += 1
        except StoreError as exc:
            refused += 1
            print(exc, file=sys.stderr)
        if i == 0:
            print("started", flush=True)
        i += 1
    print(f"done {done} refused {refused}", flush=True)
    """
)


def test_import_while_another_process_registers_cases(books, tmp_path):
    live = _live_copy(books, tmp_path)
    env = _env(tmp_path)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(live), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        env=env,
    )
    assert writer.stdout.readline().strip() == "started"  # the loop is writing now
    importer = _cli(live, "import", str(books["a"]), env=env)
    code, text = _finish(importer)
    stop.touch()
    out, err = writer.communicate(timeout=120)
    _assert_outcome(code, text)
    _assert_sound(live, [text, out, err])
    assert writer.returncode == 0, err
    done = int(out.split("done ")[1].split()[0])
    refused = int(out.split("refused ")[1].split()[0])
    assert done > 10  # it kept registering while the import ran
    refusals = [line for line in err.splitlines() if line]
    assert len(refusals) == refused
    for line in refusals:  # a refusal is the clear message, nothing else
        assert "另一个程序" in line, line
    print(f"import exit {code}; writer registered {done}, refused {refused}")
    registered = "SELECT count(*) FROM cases WHERE summary = '并发写入测试'"
    assert _count(live, registered) == done
    imported = _count(live, "SELECT count(*) FROM cases WHERE received_date LIKE '2018-%'")
    assert imported == (1000 if code == 0 else 0)
    # one audit row per registered case, next to the import's own audit rows
    audit = "SELECT count(*) FROM audit WHERE entity = 'cases' AND action != 'import'"
    assert _count(live, audit) >= done


BACKER = textwrap.dedent(
    """
    import datetime as dt
    import sys
    import time
    from pathlib import Path
    from lianhua_desk.store import backup
    from lianhua_desk.store.db import connect
    from lianhua_desk.store.errors import StoreError

    live, go = Path(sys.argv[1]), Path(sys.argv[2])
    db = connect(live)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.0005)
    try:  # the same second, as when two programs start or import together
        print(backup.backup(db, live.parent / "backups", reason="import",
                            now=dt.datetime(2021, 1, 10, 10)))
    except StoreError as exc:
        print(exc)
    """
)


def test_two_processes_backing_up_in_the_same_second_keep_both(books, tmp_path):
    """Two imports (or two program starts) in the same second each take a backup with
    the same time stamp: both must succeed, as two good files, none cut or lost."""
    live = _live_copy(books, tmp_path)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BACKER, str(live), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            env=_env(tmp_path),
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    go.touch()
    outputs = [proc.communicate(timeout=60) for proc in procs]
    written = {Path(out.strip()) for out, _ in outputs}
    assert len(written) == 2, outputs  # failed: "备份失败：disk I/O error" (a shared .part)
    for path in written:
        assert path.exists() and check_file(path).ok
    assert not list((tmp_path / "backups").glob("*.part"))
