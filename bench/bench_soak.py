"""Soak: the window and the command line on one database file for minutes (issue 10).

    python -m bench.bench_soak [--seconds 180] [--keep DIR] [--json]
    python -m bench --only soak                  # the same, as a row of the bench table
    LIANHUA_SOAK_STOCK_DIALOG=1 python -m bench.bench_soak --seconds 60   # must fail

A demo database in a temporary folder; ONE window process (bench/soak_window.py: the
real MainWindow, offscreen) that writes communities through its host and every few
writes opens the real export dialog on the database's own folder; at the same time two
command-line loops starting `python -m lianhua_desk` again and again: `holiday add` /
`holiday remove` with dates of their own, `import` of a one-row workbook with a new
community, `backup`, and reads (`stats --year 2020`, `export`) in between. Meanwhile
/proc/<window>/fd is sampled for a -wal deleted under the window.

At the end `check` must pass and every counted write must be in the database exactly
once, and nothing else: the window's communities, the imported ones, the holiday
overrides left by the adds and removes. A write refused because the window lost its
SQLite locks (LockLostError) fails the soak; "database busy" (exit 3) is allowed,
retried, counted and reported. `run_soak(seconds)` returns a SoakResult; `.clean` is
the verdict.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lianhua_desk.store.driver import sqlite3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.encrypted import connect  # noqa: E402

WINDOW_PREFIX = "窗口社区-"
IMPORT_PREFIX = "导入社区-"
BUSY = "数据库正被另一个程序使用"
EXIT_ENV = 3
DEFAULT_SECONDS = 180.0
QUICK_SECONDS = 20.0
CLI_LOOPS = 2


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LIANHUA_DEBUG", None)
    return env


def cli(db: Path | None, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "lianhua_desk"]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        command + list(args),
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        env=_env(),
        timeout=timeout,
    )


# --- the command-line side ---------------------------------------------------------------


@dataclass
class CliStats:
    writes: Counter = field(default_factory=Counter)  # kind → exits 0
    reads: Counter = field(default_factory=Counter)
    busy: Counter = field(default_factory=Counter)  # kind → exit 3 "busy", retried
    failures: list[str] = field(default_factory=list)  # anything else: fails the soak
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    holidays: dict[str, str] = field(default_factory=dict)  # date → name expected at the end
    holiday_dates: set[str] = field(default_factory=set)  # every date this loop touched
    imported: list[str] = field(default_factory=list)  # community names imported (exit 0)
    backups: list[Path] = field(default_factory=list)


class CliLoop(threading.Thread):
    """One command-line writer: starts `python -m lianhua_desk …` repeatedly."""

    def __init__(self, k: int, db: Path, work: Path, stop: threading.Event):
        super().__init__(name=f"cli-{k}", daemon=True)
        self.k, self.db, self.work, self.stop = k, db, work, stop
        self.stats = CliStats()
        # years the holiday library does not cover, disjoint between the loops (≤ 2100)
        self.first_day = dt.date(2040 + 30 * k, 1, 1)

    def run(self) -> None:
        try:
            self._loop()
        except Exception as exc:  # a harness bug must show, not hang the soak
            self.stats.failures.append(f"loop {self.k} crashed: {type(exc).__name__}: {exc}")

    def _command(self, kind: str, *args: str, write: bool) -> subprocess.CompletedProcess | None:
        """Run one command, retrying while the database is busy; None when it failed."""
        for _attempt in range(10):
            t = time.perf_counter()
            done = cli(self.db, *args)
            self.stats.times[kind].append((time.perf_counter() - t) * 1000)
            if done.returncode == 0:
                (self.stats.writes if write else self.stats.reads)[kind] += 1
                return done
            said = done.stderr + done.stdout
            if done.returncode == EXIT_ENV and BUSY in said:
                self.stats.busy[kind] += 1
                time.sleep(0.2)
                continue
            tail = " ".join(said.split())[-300:]
            self.stats.failures.append(f"{' '.join(args[:2])} exit {done.returncode}: {tail}")
            return None
        self.stats.failures.append(f"{' '.join(args[:2])}: still busy after 10 tries")
        return None

    def _loop(self) -> None:
        import openpyxl

        self.work.mkdir(parents=True, exist_ok=True)
        template = self.work / "template.xlsx"
        made = cli(None, "template", "--out", str(template))
        if made.returncode != 0:
            raise RuntimeError(f"template exit {made.returncode}: {made.stderr[-300:]}")
        book = openpyxl.load_workbook(template)
        sheet = book["社区"]
        i = 0
        while not self.stop.is_set():
            day = (self.first_day + dt.timedelta(days=i)).isoformat()
            name = f"soak-{self.k}-{i}"
            self.stats.holiday_dates.add(day)
            if self._command(
                "holiday-add", "holiday", "add", day, "--kind", "放假", "--name", name, write=True
            ):
                self.stats.holidays[day] = name
            self._command("stats", "stats", "--year", "2020", write=False)
            if i % 2 == 1:
                before = (self.first_day + dt.timedelta(days=i - 1)).isoformat()
                if before in self.stats.holidays and self._command(
                    "holiday-remove", "holiday", "remove", before, write=True
                ):
                    del self.stats.holidays[before]
            if self.stop.is_set():
                break
            community = f"{IMPORT_PREFIX}{self.k}-{i:05d}"
            sheet.cell(row=2, column=1, value=community)
            sheet.cell(row=2, column=3, value=f"soak loop {self.k}")
            workbook = self.work / "import.xlsx"
            book.save(workbook)
            if self._command("import", "import", str(workbook), write=True):
                self.stats.imported.append(community)
            if i % 3 == 2:
                out = self.work / "export.xlsx"
                self._command("export", "export", "--out", str(out), write=False)
            if i % 5 == 4:
                target = self.work / f"backup-{i:05d}.db"
                if self._command("backup", "backup", "--out", str(target), write=True):
                    self.stats.backups.append(target)
            self._prune_backups()
            i += 1

    def _prune_backups(self) -> None:
        """Every import copies the database into backups/ first (kept all day by the
        program's rotation): keep this soak's disk use bounded. Only files a minute
        old, never one a running command may still be writing."""
        folder = self.db.parent / "backups"
        now = time.time()
        for path in folder.glob("*.db") if folder.is_dir() else ():
            try:
                if now - path.stat().st_mtime > 60:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
        mine = sorted(self.work.glob("backup-*.db"))
        for path in mine[:-2]:  # the last two are checked at the end
            path.unlink(missing_ok=True)


# --- watching the window's open files ----------------------------------------------------


class FdWatch(threading.Thread):
    """Samples /proc/<pid>/fd: the database's files the window has open, and any of
    them deleted under it (the -wal of issue 10)."""

    def __init__(self, pid: int, db: Path, stop: threading.Event, every: float = 0.1):
        super().__init__(name="fd-watch", daemon=True)
        self.pid, self.db, self.stop, self.every = pid, db, stop, every
        self.samples = 0
        self.wal_open = 0  # samples in which the window had the -wal open
        self.deleted = 0  # samples with one of the database's files "(deleted)"
        self.deleted_names: Counter = Counter()

    def run(self) -> None:
        folder = Path(f"/proc/{self.pid}/fd")
        prefix = str(self.db)
        while not self.stop.is_set():
            try:
                links = []
                for fd in os.listdir(folder):
                    try:
                        links.append(os.readlink(folder / fd))
                    except OSError:
                        continue
            except OSError:  # the window has exited
                break
            ours = [link for link in links if link.startswith(prefix)]
            self.samples += 1
            if any(link.startswith(prefix + "-wal") for link in ours):
                self.wal_open += 1
            gone = [link for link in ours if link.endswith("(deleted)")]
            if gone:
                self.deleted += 1
                self.deleted_names.update(Path(g.split(" ")[0]).name for g in gone)
            self.stop.wait(self.every)


# --- the result ------------------------------------------------------------------------


@dataclass
class SoakResult:
    seconds: float  # asked for
    took: float  # the window's soak, measured
    stock_dialog: bool
    window_writes: int = 0
    window_refused_lost: int = 0  # LockLostError: fails the soak
    window_refused_busy: int = 0
    window_refused_other: list = field(default_factory=list)
    window_write_ms: float | None = None
    window_first_lost_s: float | None = None
    window_lock_banner: bool = False
    dialogs: int = 0
    dialog_ms: float | None = None
    cli_writes: dict = field(default_factory=dict)
    cli_reads: dict = field(default_factory=dict)
    cli_busy: dict = field(default_factory=dict)
    cli_failures: list = field(default_factory=list)
    cli_ms: dict = field(default_factory=dict)  # command kind → median ms
    fd_samples: int = 0
    fd_wal_open: int = 0
    wal_deleted_samples: int = 0
    check_ok: bool = False
    check_output: str = ""
    missing: list = field(default_factory=list)  # counted writes not in the database
    extra: list = field(default_factory=list)  # rows nobody counted, or duplicates
    backups_ok: int = 0
    backups_bad: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # the harness's own troubles

    @property
    def locks_lost(self) -> bool:
        """The window lost its SQLite locks (it refuses every write from then on)."""
        return self.window_refused_lost > 0 or self.window_lock_banner

    @property
    def busy(self) -> int:
        return sum(self.cli_busy.values()) + self.window_refused_busy

    @property
    def clean(self) -> bool:
        return (
            self.window_writes > 0
            and sum(self.cli_writes.values()) > 0
            and self.dialogs > 0
            and self.window_refused_lost == 0
            and not self.window_lock_banner
            and not self.window_refused_other
            and not self.cli_failures
            and self.wal_deleted_samples == 0
            and self.check_ok
            and not self.missing
            and not self.extra
            and not self.backups_bad
            and not self.errors
        )

    def summary(self) -> str:
        cw = self.cli_writes
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(cw.items()))
        reads = ", ".join(f"{k} {v}" for k, v in sorted(self.cli_reads.items()))
        busy = ", ".join(f"{k} {v}" for k, v in sorted(self.cli_busy.items())) or "none"
        ms = ", ".join(f"{k} {v:.0f}" for k, v in sorted(self.cli_ms.items()))
        dialog = "Qt's stock QFileDialog" if self.stock_dialog else "the window's export dialog"
        lines = [
            f"soak: {self.took:.0f} s (asked {self.seconds:.0f} s), one window + "
            f"{CLI_LOOPS} command-line loops on one database",
            f"  window: {self.window_writes} writes, {self.window_refused_lost} refused "
            f"(locks lost), {self.window_refused_busy} busy, "
            f"{len(self.window_refused_other)} other refusals; median write "
            f"{_fmt(self.window_write_ms)} ms; {self.dialogs} × {dialog} on the database's "
            f"folder (median {_fmt(self.dialog_ms)} ms open)",
            f"  command line: {sum(cw.values())} writes ({kinds}); reads {reads}; "
            f"busy retries {busy}; {len(self.cli_failures)} failures; median ms per "
            f"process: {ms}",
            f"  window's SQLite locks: {'LOST' if self.locks_lost else 'kept throughout'}"
            + (
                f" (first write refused after {_fmt(self.window_first_lost_s, '.1f')} s; "
                f"{self.window_refused_lost} writes refused; banner "
                f"{'shown' if self.window_lock_banner else 'not shown'})"
                if self.locks_lost
                else ""
            )
            + f"; -wal deleted under the window: {self.wal_deleted_samples} of "
            f"{self.fd_samples} samples of /proc/<pid>/fd (-wal open in {self.fd_wal_open})",
            f"  check: {'passed' if self.check_ok else 'FAILED'}; counted writes missing: "
            f"{len(self.missing)}, extra or duplicated rows: {len(self.extra)}; "
            f"backups passing integrity_check: {self.backups_ok}"
            + (f", damaged {len(self.backups_bad)}" if self.backups_bad else ""),
            f"  verdict: {'CLEAN (0 lost writes, 0 corruption)' if self.clean else 'FAILED'}",
        ]
        for label, items in (
            ("window refusals", self.window_refused_other),
            ("command failures", self.cli_failures),
            ("missing", self.missing),
            ("extra", self.extra),
            ("harness", self.errors),
        ):
            for item in items[:5]:
                lines.append(f"    {label}: {item}")
            if len(items) > 5:
                lines.append(f"    {label}: … {len(items) - 5} more")
        if not self.check_ok and self.check_output:
            lines.append("    check said: " + " ".join(self.check_output.split())[:600])
        return "\n".join(lines)

    def measured(self) -> str:
        """One cell of the bench table."""
        cw = sum(self.cli_writes.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.cli_writes.items()))
        text = (
            f"{self.took:.0f} s: window {self.window_writes:,} writes and {self.dialogs} export "
            f"dialogs on the database's folder; command line {cw:,} writes ({kinds}); "
            f"{self.busy} busy retries; locks {'LOST' if self.locks_lost else 'never lost'} "
            f"({self.window_refused_lost} writes refused); "
            f"{self.wal_deleted_samples} -wal deleted under the window "
            f"({self.fd_samples:,} samples); check {'passed' if self.check_ok else 'FAILED'}; "
            f"{len(self.missing)} lost writes, {len(self.extra)} extra rows"
        )
        if self.cli_failures or self.window_refused_other or self.errors:
            n = len(self.cli_failures) + len(self.window_refused_other) + len(self.errors)
            text += f"; {n} other failures"
        return text


def _fmt(x: float | None, spec: str = ".0f") -> str:
    return "—" if x is None else format(x, spec)


# --- the run ---------------------------------------------------------------------------


def _verify(db: Path, window: dict, loops: list[CliLoop], base: dict, result: SoakResult) -> None:
    """Every counted write present exactly once, nothing else."""
    conn = connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM communities")]
        overrides = dict(conn.execute("SELECT date, name FROM holiday_overrides").fetchall())
    finally:
        conn.close()
    counts = Counter(names)
    result.extra += [f"community {n} ×{c}" for n, c in counts.items() if c > 1]

    expected_window = set(window["written"])
    found_window = {n for n in counts if n.startswith(WINDOW_PREFIX)}
    result.missing += [f"window community {n}" for n in sorted(expected_window - found_window)]
    result.extra += [f"window community {n}" for n in sorted(found_window - expected_window)]

    expected_import = {n for loop in loops for n in loop.stats.imported}
    found_import = {n for n in counts if n.startswith(IMPORT_PREFIX)}
    result.missing += [f"imported community {n}" for n in sorted(expected_import - found_import)]
    result.extra += [f"imported community {n}" for n in sorted(found_import - expected_import)]

    others = len(names) - len(found_window) - len(found_import)
    if others != base["communities"]:
        result.extra.append(f"communities outside the soak: {others}, before {base['communities']}")

    for loop in loops:
        mine = {d: n for d, n in overrides.items() if d in loop.stats.holiday_dates}
        for day, name in sorted(loop.stats.holidays.items()):
            if mine.get(day) != name:
                result.missing.append(f"holiday {day} {name} (found {mine.get(day)!r})")
        result.extra += [
            f"holiday {d} {n}" for d, n in sorted(mine.items()) if d not in loop.stats.holidays
        ]
    touched = set().union(*(loop.stats.holiday_dates for loop in loops))
    outside = {d for d in overrides if d not in touched}
    if len(outside) != base["holidays"]:
        result.extra.append(f"holiday overrides outside the soak: {len(outside)}")


def _integrity(path: Path, db: Path) -> bool:
    """A backup of `db` passes integrity_check (keyed with db's key when encrypted)."""
    try:
        conn = connect(path, key_of=db)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def run_soak(
    seconds: float = DEFAULT_SECONDS,
    *,
    keep: Path | None = None,
    stock_dialog: bool | None = None,
    log=print,
    encrypted: bool = False,
) -> SoakResult:
    """The soak; the result says whether it was clean. `stock_dialog` None: from
    $LIANHUA_SOAK_STOCK_DIALOG. `encrypted`: the demo database is encrypted before the
    window starts (bench/encrypted.py); the window unlocks it, every command signs in
    with LIANHUA_USER / LIANHUA_PASSWORD."""
    if stock_dialog is None:
        stock_dialog = os.environ.get("LIANHUA_SOAK_STOCK_DIALOG") == "1"
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="lianhua-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    result = SoakResult(seconds=seconds, took=0.0, stock_dialog=stock_dialog)
    window_proc = None
    stop = threading.Event()
    try:
        folder = work / "database"
        folder.mkdir(exist_ok=True)
        db = (folder / "lianhua.db").resolve()
        made = cli(db, "demo")
        if made.returncode != 0:
            raise RuntimeError(f"demo exit {made.returncode}: {made.stderr[-500:]}")
        if encrypted:
            from bench.encrypted import encrypt, unlock, use_credentials

            use_credentials()  # before _env() copies the environment for every command
            encrypt(db)
            unlock(db)
        conn = connect(db)
        base = {
            "communities": conn.execute("SELECT count(*) FROM communities").fetchone()[0],
            "holidays": conn.execute("SELECT count(*) FROM holiday_overrides").fetchone()[0],
        }
        conn.close()
        log(f"soak: demo database {db} ({base['communities']} communities); window starting")

        out = work / "window.json"
        env = _env()
        env["LIANHUA_SOAK_STOCK_DIALOG"] = "1" if stock_dialog else "0"
        window_log = open(work / "window.log", "w", encoding="utf-8")  # noqa: SIM115
        window_proc = subprocess.Popen(
            [sys.executable, "-m", "bench.soak_window", "--db", str(db)]
            + ["--seconds", str(seconds), "--settings", str(work / "window.ini")]
            + ["--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=window_log,
            encoding="utf-8",
            cwd=ROOT,
            env=env,
        )
        ready = window_proc.stdout.readline().strip()
        if ready != "READY":
            window_proc.wait(timeout=60)
            window_proc.stdout.close()
            window_log.close()
            raise RuntimeError(f"the window did not start: {_tail(work / 'window.log')}")
        drain = threading.Thread(target=window_proc.stdout.read, daemon=True)
        drain.start()
        fds = FdWatch(window_proc.pid, db, stop)
        fds.start()
        loops = [CliLoop(k, db, work / f"cli-{k}", stop) for k in range(CLI_LOOPS)]
        for loop in loops:
            loop.start()
        log(
            f"soak: window pid {window_proc.pid} and {CLI_LOOPS} command-line loops running "
            f"for {seconds:.0f} s"
        )
        try:
            window_proc.wait(timeout=seconds + 300)
        finally:
            stop.set()
        for loop in loops:
            loop.join(timeout=300)
            if loop.is_alive():
                result.errors.append(f"command-line loop {loop.k} did not stop")
        fds.join(timeout=10)
        drain.join(timeout=10)  # the window has exited: its stdout is at end of file
        window_proc.stdout.close()
        window_log.close()
        if window_proc.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"the window exited {window_proc.returncode}: {_tail(work / 'window.log')}"
            )
        window = json.loads(out.read_text(encoding="utf-8"))

        result.took = window["seconds"]
        result.window_writes = len(window["written"])
        result.window_refused_lost = len(window["refused_lost"])
        result.window_refused_busy = len(window["refused_busy"])
        result.window_refused_other = [f"{n}: {why}" for n, why in window["refused_other"]]
        result.window_write_ms = window["write_ms_median"]
        result.window_first_lost_s = window["first_lost_at_s"]
        result.window_lock_banner = bool(window["lock_banner_shown"] or window["locks_lost_at_end"])
        result.dialogs = window["dialogs"]
        result.dialog_ms = window["dialog_ms_median"]
        writes, reads, busy = Counter(), Counter(), Counter()
        times: dict[str, list[float]] = defaultdict(list)
        for loop in loops:
            writes.update(loop.stats.writes)
            reads.update(loop.stats.reads)
            busy.update(loop.stats.busy)
            result.cli_failures += loop.stats.failures
            for kind, t in loop.stats.times.items():
                times[kind] += t
        result.cli_writes, result.cli_reads, result.cli_busy = dict(writes), dict(reads), dict(busy)
        result.cli_ms = {k: statistics.median(t) for k, t in times.items() if t}
        result.fd_samples, result.fd_wal_open = fds.samples, fds.wal_open
        result.wal_deleted_samples = fds.deleted

        checked = cli(db, "check")
        result.check_ok = checked.returncode == 0
        result.check_output = (checked.stdout + checked.stderr).strip()
        if result.check_ok:
            _verify(db, window, loops, base, result)
        for loop in loops:
            for path in loop.stats.backups[-2:]:
                if path.exists():
                    if _integrity(path, db):
                        result.backups_ok += 1
                    else:
                        result.backups_bad.append(path.name)
    except Exception as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        stop.set()
        if window_proc is not None and window_proc.poll() is None:
            window_proc.kill()  # only the window this soak started
            window_proc.wait()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def _tail(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    lines = [line for line in text.splitlines() if "propagateSizeHints" not in line]
    return " ".join(" ".join(lines).split())[-800:]


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def seconds_for(extra_args: tuple[str, ...]) -> float:
    """The soak's length in `python -m bench`: 180 s, 20 s with --quick."""
    return QUICK_SECONDS if "--quick" in extra_args else DEFAULT_SECONDS


def runner_row(
    seconds: float, log=_stderr, encrypted: bool = False
) -> tuple[str, bool, list[tuple[str, float, str]]]:
    """The bench table's `measured` cell, whether the target holds, and the medians
    (the window's write, each kind of command-line process) for the on/off table."""
    result = run_soak(seconds, log=log, encrypted=encrypted)
    log(result.summary())
    figures = [("window write", result.window_write_ms, "ms")] if result.window_write_ms else []
    figures += [(f"`{kind}` process", ms, "ms") for kind, ms in sorted(result.cli_ms.items())]
    return result.measured(), result.clean, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS)
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temp folder)")
    parser.add_argument("--json", action="store_true", help="also print the result as JSON")
    parser.add_argument("--encrypted", action="store_true", help="on an encrypted database")
    args = parser.parse_args(argv)
    result = run_soak(
        args.seconds, keep=Path(args.keep) if args.keep else None, encrypted=args.encrypted
    )
    print(result.summary())
    if args.json:
        print(json.dumps({**asdict(result), "clean": result.clean}, ensure_ascii=False))
    return 0 if result.clean else 1


if __name__ == "__main__":
    sys.exit(main())
