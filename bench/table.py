"""The benchmark runner's output: result rows, the markdown table, the machine it ran on,
and the README block between the markers.

Nothing here measures anything, so tests/test_bench_runner.py checks it in milliseconds.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from lianhua_desk.store.driver import sqlite3

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
# The encryption table (`python -m bench --encrypted`) sits inside the bench block, between
# its own markers: a plain run keeps it, an encrypted run replaces only it.
ENC_START = "<!-- bench:encrypted:start -->"
ENC_END = "<!-- bench:encrypted:end -->"
PACKAGES = ("PySide6", "python-calamine", "openpyxl", "reportlab", "sqlite-utils")


@dataclass(frozen=True)
class Row:
    """One line of the table: one scenario of spec/quality.md."""

    name: str  # what `--only` takes
    scenario: str
    target: str
    measured: str
    holds: bool | None  # None: nothing to judge (e.g. the scenario failed to run)
    command: str  # reproduces this row alone
    # the row's medians as numbers, for the encryption on/off table: (label, value, unit)
    figures: tuple[tuple[str, float, str], ...] = ()


def _cell(text: str) -> str:
    # A bar would end the cell; a line break would end the table row.
    return " ".join(str(text).split()).replace("|", "\\|")


def holds_text(holds: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[holds]


def markdown_table(rows: list[Row]) -> str:
    lines = ["| scenario | target | measured | holds | command |", "|---|---|---|---|---|"]
    for row in rows:
        command = f"`{_cell(row.command)}`" if row.command else ""
        cells = (row.scenario, row.target, row.measured, holds_text(row.holds))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + f" | {command} |")
    return "\n".join(lines)


def figure_text(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:,.0f} {unit}".rstrip()


def ratio_text(off: float, on: float) -> str:
    if not off:
        return "—"
    return f"{on / off:.2f}×"


def comparison_table(off: dict[str, dict], on: list[Row]) -> str:
    """Encryption off beside on, one line per scenario measured with it on: each median
    of the row (`figures`) off → on and the ratio on/off. `off`: the plain run's rows by
    name, as saved (`saved_row`); a scenario without one says so."""
    lines = [
        "| scenario | target | encryption off | encryption on | on/off | holds (off → on) "
        "| command (on) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in on:
        plain = off.get(row.name)
        off_figures = {label: value for label, value, _unit in (plain or {}).get("figures", [])}
        off_cells, on_cells, ratios = [], [], []
        for label, value, unit in row.figures:
            on_cells.append(f"{label} {figure_text(value, unit)}")
            if label in off_figures:
                off_cells.append(f"{label} {figure_text(off_figures[label], unit)}")
                ratios.append(f"{label} {ratio_text(off_figures[label], value)}")
        if not row.figures:  # failed to run, or nothing to compare
            on_cells.append(row.measured)
        if plain is None:
            off_cells = ["no plain run at this scale"]
        elif not off_cells:
            off_cells = [plain["measured"]]
        holds_off = holds_text(plain["holds"]) if plain is not None else "—"
        cells = (
            row.scenario,
            row.target,
            "; ".join(off_cells),
            "; ".join(on_cells),
            "; ".join(ratios) or "—",
            f"{holds_off} → {holds_text(row.holds)}",
        )
        command = f"`{_cell(row.command)}`" if row.command else ""
        lines.append("| " + " | ".join(_cell(c) for c in cells) + f" | {command} |")
    return "\n".join(lines)


def saved_row(row: Row, when: str) -> dict:
    """A row as the results file keeps it (bench/out/results-<mode>.json)."""
    return {
        "measured": row.measured,
        "holds": row.holds,
        "figures": [list(f) for f in row.figures],
        "command": row.command,
        "at": when,
    }


# --- the machine -----------------------------------------------------------------------


def _first_value(path: str, key: str, sep: str = ":") -> str | None:
    """The first `key: value` (or `KEY=value`) of a file such as /proc/cpuinfo."""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        name, found, value = line.partition(sep)
        if found and name.strip() == key:
            return value.strip().strip('"')
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)  # without importing it: PySide6 stays out
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str]:
    cpu = _first_value("/proc/cpuinfo", "model name") or platform.processor() or "?"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = str(os.cpu_count())
    if usable and usable != os.cpu_count():
        cores = f"{usable} usable of {os.cpu_count()}"
    mem_kb = _first_value("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kb.split()[0]) / 2**20:.1f} GB" if mem_kb else "?"
    distro = _first_value("/etc/os-release", "PRETTY_NAME", "=")
    system = f"{platform.system()} {platform.release()} {platform.machine()}"
    info = {
        "CPU": cpu,
        "cores": cores,
        "RAM": ram,
        "OS": f"{distro} ({system})" if distro else system,
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }
    info.update({package: _version(package) for package in PACKAGES})
    return info


def machine_line(info: dict[str, str]) -> str:
    return "; ".join(f"{key} {value}" for key, value in info.items())


def load_text(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    return (
        f"load average (1 / 5 / 15 min) {' / '.join(f'{x:.2f}' for x in before)} before, "
        f"{' / '.join(f'{x:.2f}' for x in after)} after"
    )


# --- the README ------------------------------------------------------------------------


class MarkerError(ValueError):
    """The README lacks a well-formed pair of bench markers."""


def replace_block(text: str, block: str) -> str:
    """`text` with everything between START and END replaced by `block`; the markers
    themselves and every character outside them are kept."""
    starts, ends = text.count(START), text.count(END)
    if starts != 1 or ends != 1:
        raise MarkerError(
            f"the README needs exactly one {START} and one {END} "
            f"(found {starts} and {ends}); add them around the benchmark table"
        )
    i, j = text.index(START) + len(START), text.index(END)
    if j < i:
        raise MarkerError(f"{END} comes before {START} in the README")
    return text[:i] + "\n" + block.strip("\n") + "\n" + text[j:]


def encrypted_part(text: str) -> str | None:
    """The encryption table of the README's bench block, markers included; None if absent."""
    i, j = text.find(ENC_START), text.find(ENC_END)
    if i < 0 or j < i:
        return None
    return text[i : j + len(ENC_END)]


def replace_encrypted(text: str, block: str) -> str:
    """`text` with the encryption table (between ENC_START and ENC_END) replaced by
    `block`, or added at the end of the bench block when it has none yet."""
    replace_block(text, "")  # the same checks of the outer markers
    part = f"{ENC_START}\n{block.strip(chr(10))}\n{ENC_END}"
    old = encrypted_part(text)
    if old is not None:
        if text.count(ENC_START) != 1 or text.count(ENC_END) != 1:
            raise MarkerError(f"the README needs at most one {ENC_START} … {ENC_END}")
        return text.replace(old, part)
    j = text.index(END)
    return text[:j].rstrip("\n") + "\n\n" + part + "\n" + text[j:]


def rewrite_readme(path: Path, block: str, *, encrypted: bool = False) -> None:
    """Put `block` between the markers of the README at `path`: the plain table (the
    encryption table already there is kept after it), or with `encrypted` the
    encryption table only. Raises MarkerError (and leaves the file alone) when the
    markers are missing or out of order."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if encrypted:
        new = replace_encrypted(text, block)
    else:
        kept = encrypted_part(text)
        new = replace_block(text, block if kept is None else f"{block.strip()}\n\n{kept}")
    partial = path.with_name(path.name + ".bench-tmp")
    partial.write_text(new, encoding="utf-8")
    partial.replace(path)  # never a half-written README
