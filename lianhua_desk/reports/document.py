"""The annual report as content, before any layout: one model, two renderers.

`services/annual_report.py` builds a `ReportDocument` from the year's records and the
clerk's saved words; `reports/annual.py` lays it out as a 公文-style PDF (GB/T 9704)
and `reports/annual_docx.py` as a Word copy. Both print the same paragraphs, tables
and charts, so a test can hold either file's text against the model and the
statistics.

A paragraph is a list of runs: plain text, or a `Figure` — a statistic woven into the
prose, kept with its key and exact value so that a renderer (or the window's
preview) can mark it, and a test can check it against `stats`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """A figure in the text: `text` as printed (rounded in prose: '600余人次'),
    `key` the statistic (domain/statistics.py) and `value` its exact value."""

    key: str
    text: str
    value: float | int | None


Run = str | Figure


@dataclass(frozen=True)
class Para:
    """A paragraph. `style`:
    - "body": 仿宋 3号, first line indented two characters;
    - "h1": 一、… (黑体); "h2": （一）… (楷体); "h3": a numbered item's run-in lead is
      given in `lead` instead (e.g. '1、组织保障。', printed in bold 仿宋 before the runs);
    - "note": smaller, for the remarks under a table;
    - "placeholder": 【待填写】 text the clerk has still to write (printed visibly)."""

    runs: tuple[Run, ...]
    style: str = "body"
    lead: str = ""
    key: str = ""  # the block it comes from (services/annual_report.py), '' for fixed text

    @property
    def text(self) -> str:
        return self.lead + "".join(r if isinstance(r, str) else r.text for r in self.runs)

    @property
    def figures(self) -> list[Figure]:
        return [r for r in self.runs if isinstance(r, Figure)]


@dataclass(frozen=True)
class Table:
    """A table with its caption ('附表1 主要数据'); cells are text as printed (exact
    values, amounts with separators); `align` per column: 'left' | 'right' | 'center'."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart: 'bar' or 'pie' of (label, value) pairs."""

    caption: str
    kind: str
    data: tuple[tuple[str, float], ...]


Block = Para | Table | Chart


@dataclass(frozen=True)
class Annex:
    """附件N: a titled part after the signature (tables, charts)."""

    title: str
    blocks: tuple[Block, ...]


@dataclass
class ReportDocument:
    title: str  # '莲花街道2020年法治政府建设年度报告'
    body: list[Para]  # the opening paragraph, then 一、二、三 with their parts
    issuer: str  # '莲花街道办事处'
    issued: dt.date  # the signing date, printed '2020年12月24日'
    cut_off: dt.date  # figures count records up to this day (never after `issued`)
    year: int
    internal: bool = False  # the internal version carries the community × quota annex
    annexes: list[Annex] = field(default_factory=list)

    @property
    def attachments(self) -> list[str]:
        """'附件：1. …' lines listed before the signature."""
        return [a.title for a in self.annexes]

    def figures(self) -> list[Figure]:
        return [f for p in self.body for f in p.figures]
