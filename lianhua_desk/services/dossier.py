"""The mediation dossier (人民调解卷宗): what one case's file holds, gathered from its
records, and the writing of one case's dossier or of a year's (one PDF per case plus
an index, 卷宗目录.pdf).

The documents themselves (after 司法部 2010《人民调解文书格式》) are laid out in
reports/dossier.py; this module reads the records and names the case. Personal data
is shown in full: the dossier is the committee's own file of the case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.fields import CASE, CASE_RECORD, PARTY, VISIT
from ..store import queries, report_queries
from ..store import records as store
from .context import Context
from .reports import CaseData, ReportRefused, _check_year, case_data

INDEX_NAME = "卷宗目录.pdf"


@dataclass
class DossierEntry:
    title: str  # as the 卷内目录 lists it
    page: int  # the document's first page in the PDF
    pending: bool  # 待补: the records cannot fill it; printed as the blank form


@dataclass
class DossierResult:
    path: Path
    case_no: str
    documents: list[DossierEntry]
    warnings: list[str]  # characters no font has, naming the record and field


@dataclass
class DossierData:
    base: CaseData  # the case (with community and advisor names), committee, petition
    parties: list[dict]  # 申请人, 被申请人, 第三人 in that order, each in entry order
    records: list[dict]  # 调查记录 and 调解记录, by date
    visits: list[dict]  # by date
    filed_by: str  # 立卷人: whoever prints the dossier
    filed_on: dt.date
    warnings: list[str] = field(default_factory=list)

    @property
    def case(self) -> dict:
        return self.base.case

    @property
    def case_no(self) -> str:
        return self.base.case["case_no"]


def _case_number(ctx: Context, key: str) -> str:
    """The case number of a case given by its record id or by its number (exactly)."""
    text = (key or "").strip()
    row = store.get(ctx.db, CASE, text) if text else None
    return row["case_no"] if row else text


ROLE_ORDER = {"申请人": 0, "被申请人": 1, "第三人": 2}

# What is checked for characters no font has: each party's and each record's own text.
PARTY_TEXT = ("name", "ethnicity", "occupation", "address", "legal_rep", "legal_rep_title", "agent")
CASE_TEXT = ("mediator", "summary", "disputed_issues", "responsibilities", "agreement")
CASE_TEXT += ("performance_method", "other_terms", "confirmation_court", "confirmation_ruling")
RECORD_TEXT = ("place", "participants", "recorder", "content")
VISIT_TEXT = ("visitor", "content")


def _warnings(d: DossierData) -> list[str]:
    from ..reports.fonts import check_renderable

    found: list[str] = []

    def check(text, where: str) -> None:
        warning = check_renderable(str(text), where) if text else None
        if warning and warning not in found:
            found.append(warning)

    for p in d.parties:
        for name in PARTY_TEXT:
            check(p.get(name), f"{d.case_no} {p['role']} {PARTY.by_name[name].label}")
    for name in CASE_TEXT:
        check(d.case.get(name), f"{d.case_no} {CASE.by_name[name].label}")
    for r in d.records:
        for name in RECORD_TEXT:
            check(
                r.get(name),
                f"{d.case_no} {r['kind']}（{r['date']}）{CASE_RECORD.by_name[name].label}",
            )
    for v in d.visits:
        for name in VISIT_TEXT:
            check(v.get(name), f"{d.case_no} 回访记录（{v['date']}）{VISIT.by_name[name].label}")
    return found


def dossier_data(ctx: Context, case: str) -> DossierData:
    """One case's file: `case` is its record id or its case number (matched exactly)."""
    base = case_data(ctx, _case_number(ctx, case))  # refuses an unknown case in Chinese
    case_id = base.case["id"]
    parties = sorted(
        queries.parties_of_case(ctx.db, case_id), key=lambda p: ROLE_ORDER.get(p["role"], 9)
    )
    records = queries.parts_of(ctx.db, "case_records", "case_id", case_id)
    visits = queries.parts_of(ctx.db, "visits", "case_id", case_id)
    d = DossierData(
        base=base,
        parties=parties,
        records=sorted(records, key=lambda r: r["date"] or ""),
        visits=sorted(visits, key=lambda v: v["date"] or ""),
        filed_by=ctx.actor.operator,
        filed_on=ctx.actor.today(),
    )
    d.warnings = _warnings(d)
    return d


def write_dossier(ctx: Context, case_id: str, out: Path) -> DossierResult:
    """Write one case's dossier to `out`. `case_id`: the case's record id, or its case
    number as printed (莲调〔2020〕第2号); an unknown one is refused (ReportRefused)."""
    from ..reports import dossier as render

    d = dossier_data(ctx, case_id)
    path, documents = render.render_dossier(d, out)
    return DossierResult(Path(path), d.case_no, documents, list(d.warnings))


def _number_order(case_no: str) -> tuple:
    """莲调〔2020〕第2号 before 第10号: the digits compared as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", case_no))


def file_name(case_no: str) -> str:
    """A case number as a file name: characters no file system accepts become _."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", case_no).strip(". ") + ".pdf"


def cases_of_year(ctx: Context, year: int, community: str | None) -> list[CaseData]:
    year = _check_year(year)
    place = (community or "").strip() or None
    if place and report_queries.community_id(ctx.db, place) is None:
        raise ReportRefused(f"没有名为“{community}”的社区。")
    numbers = queries.numbers_in_year(ctx.db, "cases", "case_no", "received_date", year)
    found = [case_data(ctx, n) for n in sorted(numbers, key=_number_order)]
    if place:
        found = [c for c in found if c.case.get("community_name") == place]
    if not found:
        where = f"{place}" if place else ""
        raise ReportRefused(f"{year}年{where}没有受理的调解案件，未生成卷宗。")
    return found


def write_dossiers(
    ctx: Context,
    year: int,
    community: str | None,
    out_dir: Path,
    *,
    on_case: Callable[[int, int, str], None] | None = None,
) -> list[DossierResult]:
    """Every case received in `year` (of one community): one PDF per case in `out_dir`,
    named by case number, and the index 卷宗目录.pdf listing them. `on_case(i, n,
    case_no)` is told before each case is written (progress)."""
    from ..reports import dossier as render

    cases = cases_of_year(ctx, year, community)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportRefused(f"输出位置“{out_dir}”已存在且不是文件夹，请指定一个文件夹。")
    out_dir.mkdir(exist_ok=True)
    results = []
    for i, c in enumerate(cases, start=1):
        if on_case:
            on_case(i, len(cases), c.case["case_no"])
        results.append(write_dossier(ctx, c.case["id"], out_dir / file_name(c.case["case_no"])))
    title = f"{year}年{(community or '').strip()}人民调解卷宗目录"
    render.render_index(
        title, ctx.settings.subdistrict, [c.case for c in cases], results, out_dir / INDEX_NAME
    )
    return results
