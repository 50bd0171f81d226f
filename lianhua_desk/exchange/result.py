"""What an import or export reports back: counts, problems and conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RefusedInput

ERROR, WARNING = "error", "warning"
LEVEL_LABEL = {ERROR: "错误", WARNING: "提示"}

COUNT_KEYS = ("inserted", "updated", "unchanged", "skipped", "conflicts", "deleted", "errors")
COUNT_LABELS = {
    "inserted": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "skipped": "跳过",
    "conflicts": "冲突",
    "deleted": "删除",
    "errors": "错误",
}


class RefusedFile(RefusedInput):
    """The file cannot be imported at all; the message says why, in Chinese."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, located as a clerk would look for it."""

    sheet: str
    row: int | None  # Excel row number; None for the whole sheet or file
    column: str  # header text ('' when the problem is not one cell's)
    value: Any
    reason: str
    level: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def where(self) -> str:
        parts = [f"工作表“{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"「{self.column}」")
        return "".join(parts) or "文件"

    def __str__(self) -> str:
        shown = _show(self.value)
        value = f"（值：{shown}）" if shown else ""
        return f"{self.where()}：{self.reason}{value}"


def _show(value: Any) -> str:
    if value is None or value == "":
        return ""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


@dataclass(frozen=True)
class Conflict:
    """A record whose row and local version both changed: one is kept in history."""

    sheet: str
    row: int
    record_id: str
    label: str  # how a person recognises the record (case number, name …)
    winner: str  # "导入" or "本地": whose version is now current
    local_updated_at: str
    incoming_updated_at: str
    facts: str = ""  # which side changed when, as the planner found it

    def __str__(self) -> str:
        facts = self.facts or (
            f"两边都有修改：本地 {self.local_updated_at}，导入 {self.incoming_updated_at}"
        )
        return (
            f"工作表“{self.sheet}”第{self.row}行（{self.label}）{facts}；"
            f"保留{self.winner}版本，另一版本已存入历史记录，请核对"
        )


@dataclass
class ImportResult:
    file_name: str
    sha256: str = ""
    dry_run: bool = False
    skip_invalid: bool = False
    written: bool = False  # True once the transaction committed
    import_id: int | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    backup: Path | None = None
    errors_workbook: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def refused(self) -> bool:
        """Errors and no --skip-invalid: nothing was (or would be) written."""
        return bool(self.errors) and not self.skip_invalid

    def count(self, sheet: str, key: str, n: int = 1) -> None:
        sheet_counts = self.counts.get(sheet)
        if sheet_counts is None:
            sheet_counts = self.counts[sheet] = dict.fromkeys(COUNT_KEYS, 0)
        sheet_counts[key] += n

    def totals(self) -> dict[str, int]:
        return {k: sum(c[k] for c in self.counts.values()) for k in COUNT_KEYS}


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]  # sheet → rows written
    masked: bool = False
