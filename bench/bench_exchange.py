"""Benchmark of the exchange workbook against its baselines (spec/quality.md).

    python -m bench.bench_exchange --rows 100000 [--repeat 3] [--seed 1]

One run, same machine, same file:
- export: `export_workbook` of a generated database (formats, drop-downs, synced_at
  marking included) vs openpyxl write_only writing the same bare rows (the values
  the export wrote, read back with calamine; no styles, no validations);
- import: `import_workbook` into an empty database (hostile-file checks, read,
  validate, merge, commit) vs python-calamine reading every sheet of the same file,
  and vs openpyxl read_only iterating it;
- peak memory (max RSS) of an import in a fresh process.
Medians of --repeat runs; targets: export ≤ 1.25×, import ≤ 2× calamine and ≥ 3×
faster than openpyxl read_only, import peak < 400 MB.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_db import generate  # noqa: E402
from lianhua_desk.app import open_context  # noqa: E402
from lianhua_desk.store.db import open_db  # noqa: E402


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _calamine_read(path: Path) -> dict[str, list]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    book.close()
    return sheets


def _openpyxl_read(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    n = 0
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return n


def _openpyxl_write(path: Path, sheets: dict[str, list]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


STAGES = {"读取文件": "check file", "校验": "read + validate", "比对": "plan", "写入": "write"}


def _import_once(template: Path, target: Path, workbook: Path, stages: dict | None = None):
    """Seconds for one import into a copy of `template`; per-stage seconds into `stages`.
    An encrypted template is copied with its key file and the copy unlocked (not timed)."""
    from bench.encrypted import unlock
    from lianhua_desk.services.exchange import import_workbook
    from lianhua_desk.store.keyring import key_file

    for suffix in ("", "-wal", "-shm", ".keys"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    if key_file(template).exists():
        shutil.copyfile(key_file(template), key_file(target))
    unlock(target)
    ctx = open_context(target, daily_backup=False)
    ctx.backup_dir = None
    marks: list[tuple[str, float]] = []
    try:
        start = time.perf_counter()
        result = import_workbook(
            ctx, workbook, progress=lambda s: marks.append((s, time.perf_counter()))
        )
        elapsed = time.perf_counter() - start
    finally:
        ctx.db.close()
    assert result.written and not result.errors, result.errors[:5]
    if stages is not None:
        ends = [t for _, t in marks[1:]] + [start + elapsed]
        for (stage, begun), ended in zip(marks, ends, strict=True):
            stages.setdefault(STAGES.get(stage, stage), []).append(ended - begun)
    return elapsed


def _child_peak(template: Path, work: Path, workbook: Path) -> float:
    """Max RSS in MB of one import in a fresh interpreter."""
    code = (
        "from pathlib import Path; "
        "from bench.bench_exchange import _import_once; from bench.rss import peak_rss_mb; "
        f"_import_once(Path({str(template)!r}), Path({str(work / 'peak.db')!r}), "
        f"Path({str(workbook)!r})); "
        "print(peak_rss_mb())"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, encoding="utf-8", check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


@dataclass
class ExchangeResult:
    """Seconds of every run (lists stay empty for the parts not measured)."""

    generated: dict[str, int]
    rows: int = 0  # data rows in the exported workbook
    size_mb: float = 0.0
    export_s: list[float] = field(default_factory=list)
    bare_write_s: list[float] = field(default_factory=list)  # openpyxl write_only baseline
    import_s: list[float] = field(default_factory=list)
    calamine_s: list[float] = field(default_factory=list)
    openpyxl_s: list[float] = field(default_factory=list)  # openpyxl read_only baseline
    peak_mb: float | None = None  # max RSS of one import in a fresh process
    stages: dict[str, list[float]] = field(default_factory=dict)


def measure(
    rows: int = 100_000,
    repeat: int = 5,
    *,
    seed: int = 1,
    openpyxl_repeat: int | None = None,
    export: bool = True,
    calamine: bool = True,
    openpyxl: bool = True,
    peak: bool = True,
    keep: Path | None = None,
    encrypted: bool = False,
) -> ExchangeResult:
    """Generate `rows` records, export them once (the workbook every import reads), then
    time the parts asked for. Import runs are made when a baseline needs them. With
    `encrypted` the exported database and the one imported into are encrypted
    (bench/encrypted.py); the baselines read and write the same workbooks as without."""
    work = Path(keep or tempfile.mkdtemp(prefix="lianhua-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _measure(
            work,
            rows,
            repeat,
            seed,
            openpyxl_repeat or repeat,
            export,
            calamine,
            openpyxl,
            peak,
            encrypted,
        )
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def _measure(
    work, rows, repeat, seed, openpyxl_repeat, export, calamine, openpyxl, peak, encrypted
):
    from bench.encrypted import encrypt, unlock
    from lianhua_desk.services.exchange import export_workbook

    source = work / "source.db"
    result = ExchangeResult(generated=generate(source, records=rows, seed=seed))
    if encrypted:
        encrypt(source)
        unlock(source)
    workbook = work / "export.xlsx"
    ctx = open_context(source, daily_backup=False)
    try:
        first_export = _timed(lambda: export_workbook(ctx, workbook), 1)
        bare = _calamine_read(workbook)
        result.rows = sum(len(r) - 1 for r in bare.values())
        result.size_mb = workbook.stat().st_size / 2**20
        if export:
            result.export_s = first_export
            # Runs alternate with their baseline, so a busy machine slows both alike.
            for i in range(repeat):
                result.bare_write_s += _timed(partial(_openpyxl_write, work / "bare.xlsx", bare), 1)
                if i:
                    result.export_s += _timed(lambda: export_workbook(ctx, workbook), 1)
    finally:
        ctx.db.close()
    del bare

    template = work / "empty.db"
    open_db(template).close()
    if encrypted:
        encrypt(template)  # with its 管理员 account: every copy imported into is encrypted
    if calamine or openpyxl:
        for _ in range(repeat):
            result.import_s.append(
                _import_once(template, work / "import.db", workbook, result.stages)
            )
            if calamine:
                result.calamine_s += _timed(lambda: _calamine_read(workbook), 1)
    if openpyxl:
        result.openpyxl_s = _timed(lambda: _openpyxl_read(workbook), openpyxl_repeat)
    if peak:
        result.peak_mb = _child_peak(template, work, workbook)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--openpyxl-repeat", type=int, default=1, help="runs of the slow baseline")
    parser.add_argument("--keep", help="keep the generated files in this folder")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    r = measure(
        args.rows,
        args.repeat,
        seed=args.seed,
        openpyxl_repeat=args.openpyxl_repeat,
        keep=Path(args.keep) if args.keep else None,
    )
    print(f"{sum(r.generated.values()):,} records generated: {r.generated}")
    print(f"workbook: {r.rows:,} data rows, {r.size_mb:.1f} MB")

    med = statistics.median
    exp, bare_w = med(r.export_s), med(r.bare_write_s)
    imp, cal, opx = med(r.import_s), med(r.calamine_s), med(r.openpyxl_s)
    ok = {True: "met", False: "MISSED"}
    print()
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(
        f"rows: {r.rows:,}; repeat: {args.repeat} (openpyxl read_only: {args.openpyxl_repeat}); "
        f"{time.perf_counter() - t0:.0f} s in all"
    )
    print()
    print("| scenario | median s | baseline | baseline median s | ratio | target | result |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| export | {exp:.2f} | openpyxl write_only, bare rows | {bare_w:.2f} | "
        f"{exp / bare_w:.2f}× | ≤ 1.25× | {ok[exp / bare_w <= 1.25]} |"
    )
    print(
        f"| import | {imp:.2f} | python-calamine read | {cal:.2f} | "
        f"{imp / cal:.2f}× | ≤ 2× | {ok[imp / cal <= 2]} |"
    )
    print(
        f"| import | {imp:.2f} | openpyxl read_only read | {opx:.2f} | "
        f"{opx / imp:.1f}× faster | ≥ 3× faster | {ok[opx / imp >= 3]} |"
    )
    print(f"| import peak memory | {r.peak_mb:.0f} MB | | | | < 400 MB | {ok[r.peak_mb < 400]} |")
    print()
    print(
        "runs (s): export",
        _fmt(r.export_s),
        "| bare write",
        _fmt(r.bare_write_s),
        "| import",
        _fmt(r.import_s),
        "| calamine",
        _fmt(r.calamine_s),
        "| openpyxl read",
        _fmt(r.openpyxl_s),
    )
    print("import stages (median s): " + stage_summary(r.stages))
    return 0


def stage_summary(stages: dict[str, list[float]]) -> str:
    return (
        ", ".join(f"{name} {statistics.median(times):.2f}" for name, times in stages.items())
        + "  (write = inserts with every index and search trigger, audit rows, commit)"
    )


def _fmt(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    sys.exit(main())
