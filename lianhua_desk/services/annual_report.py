"""The annual report (法治政府建设年度报告) as content: `build_document` gathers the
year's figures up to the cut-off and the clerk's saved words and returns a
`ReportDocument` (reports/document.py) that the PDF and the Word renderers lay out.

一、主要举措 is made of the text blocks of domain/annual_blocks.py. A block's text is
the clerk's saved words for the year, else last year's, else the default draft; its
`{statistic}` placeholders become `Figure` runs rounded for prose
(domain/prose_numbers.py). 二 is the clerk's text (`suggestions` offers sentences
drawn from the data, in aggregate: the public report names no community); 三 is the
clerk's plan, else last year's. The annexes print the exact values; the internal
version adds the community × quota table.

Figures count records dated from 1 January to the cut-off, the earliest of the
signing date, today and 31 December: a report signed on 24 December does not count
a case received on the 28th, and a year still running is never called 全年.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

from ..domain import annual_blocks as ab
from ..domain import rules, statistics
from ..domain.fields import DISPUTE_CATEGORY, PETITION_CHANNEL, ROUTE
from ..domain.numbers import money, rounded
from ..domain.prose_numbers import prose
from ..reports.document import Annex, Chart, Figure, Para, ReportDocument, Run, Table
from ..store import queries, report_queries, report_texts
from ..store import records as store
from ..store.db import write_lock
from . import deadlines, stats
from . import review as review_service
from .context import Change, Context
from .permissions import require
from .reports import ReportRefused, _check_year, get_report_text, save_report_text

ENTITY = "report_blocks"  # audit rows and Change of a saved block
MAX_BLOCK = 5_000  # characters in one block (a page holds about 800)
SAVED, LAST_YEAR, DRAFT = "saved", "last_year", "draft"

PLACEHOLDER_PROBLEMS = (
    "【待填写】本部分尚未填写。请在“报表导出 → 编辑年度报告…”（或 report text 命令）中填写本年度存在的问题及形势研判"
    "（可选用根据台账数据给出的建议），保存后重新生成本报告。"
)
PLACEHOLDER_PLANS = (
    "【待填写】本部分尚未填写。请在“报表导出 → 编辑年度报告…”（或 report text 命令）中填写下一年度重点工作计划，"
    "保存后重新生成本报告。"
)


# --- dates and figures -------------------------------------------------------------


def date_cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cut_off(year: int, issued: dt.date, today: dt.date) -> dt.date:
    """The last day whose records count: the signing date, today or 31 December,
    whichever comes first. A cut-off before the year began is refused."""
    day = min(issued, today, dt.date(year, 12, 31))
    if day < dt.date(year, 1, 1):
        raise ReportRefused(
            f"{year}年度报告的统计截止日 {day.isoformat()} 早于该年度开始（落款日期或今天在"
            f"{year}年之前），无法生成。"
        )
    return day


def whole_year(year: int, cut: dt.date) -> bool:
    return cut >= dt.date(year, 12, 31)


def _as_statistics(key: str, value: float) -> int | float:
    """As year_stats gives a figure: counts as int, hours and money to cents."""
    if statistics.statistic(key).rounding == "exact":
        return int(value)
    x = round(float(value), 2)
    return int(x) if x.is_integer() else x


def _ordered(counts: dict, order: tuple[str, ...]) -> dict[str, int]:
    out = {k: counts[k] for k in order if counts.get(k)}
    out.update({k: v for k, v in sorted(counts.items(), key=str) if k and k not in out})
    return out


def figures(ctx: Context, year: int, cut: dt.date) -> dict:
    """The statistics of `year` counting records dated up to `cut`: `year_stats` itself
    for a whole year (quota periods ended by the cut-off); before 31 December the scalar
    figures and breakdowns are the same declared definitions over 1 January..cut
    (store/report_queries.py, tested to add up to year_stats)."""
    st = stats.year_stats(ctx, year, today=cut + dt.timedelta(days=1))
    if whole_year(year, cut):
        return st
    start, end = f"{year}-01-01", cut.isoformat()
    totals = dict.fromkeys(report_queries.TOTAL_KEYS, 0.0)
    for month in report_queries.grouped_totals(ctx.db, start, end, "month").values():
        for k in totals:
            totals[k] += month.get(k, 0)
    for s in statistics.FIGURES:
        st[s.key] = _as_statistics(s.key, totals[s.key])
    db = ctx.db
    st["by_category"] = _ordered(
        report_queries.counts_by(db, "cases", "category", "received_date", start, end),
        DISPUTE_CATEGORY,
    )
    st["by_route"] = _ordered(
        report_queries.counts_by(db, "petitions", "route", "registered_date", start, end), ROUTE
    )
    return st


def is_empty(st: dict) -> bool:
    """No record of any kind dated in the year up to the cut-off."""
    return not any(st[s.key] for s in statistics.FIGURES)


# --- the blocks of 一 ------------------------------------------------------------------


@dataclass
class BlockState:
    key: str
    section: str  # the heading of its part: '（一）落实四个保障，…'
    lead: str  # '1、组织保障。'
    text: str  # the template (placeholders unreplaced)
    source: str  # SAVED | LAST_YEAR | DRAFT
    rendered: str  # as the report prints it
    changed: list[str]  # statistics whose value differs from what the clerk last saw


FIGURE_KEYS = frozenset(s.key for s in statistics.FIGURES)
HEADINGS = {s.key: s.heading for s in ab.SECTIONS}


def runs(text: str, st: dict) -> tuple[Run, ...]:
    """A block's text with each placeholder made a `Figure` (prose-rounded)."""
    out: list[Run] = []
    for literal, key in ab.parts(text):
        if literal:
            out.append(literal)
        if key is not None:
            out.append(Figure(key, prose(key, st[key]), st[key]))
    return tuple(out)


def _texts(ctx: Context, year: int) -> tuple[dict, dict]:
    return report_texts.blocks(ctx.db, year), report_texts.blocks(ctx.db, year - 1)


def _chosen(block: ab.Block, saved: dict, last: dict) -> tuple[str, str]:
    """(text, source) of one block."""
    mine, before = saved.get(block.key), last.get(block.key)
    if mine and mine["text"]:
        return mine["text"], SAVED
    if before and before["text"]:
        return before["text"], LAST_YEAR
    return block.draft, DRAFT


def _seen(row: dict | None) -> dict | None:
    if not row or not row["seen"]:
        return None
    return json.loads(row["seen"])


def block_states(ctx: Context, year: int, today: dt.date | None = None) -> list[BlockState]:
    """Every block of 一 for the window or the terminal, figures counted to `today`
    (or 31 December)."""
    year = _check_year(year)
    today = today or ctx.actor.today()
    st = figures(ctx, year, cut_off(year, today, today))
    saved, last = _texts(ctx, year)
    out = []
    for b in ab.BLOCKS:
        text, source = _chosen(b, saved, last)
        seen = _seen(saved.get(b.key))
        keys = list(dict.fromkeys(ab.placeholders(text)))
        changed = [] if seen is None else [k for k in keys if seen.get(k) != st[k]]
        rendered = "".join(r if isinstance(r, str) else r.text for r in runs(text, st))
        out.append(BlockState(b.key, HEADINGS[b.section], b.lead, text, source, rendered, changed))
    return out


def check_block(key: str, text: str | None) -> tuple[ab.Block, str | None]:
    """The block and its cleaned text (None: back to the default); refuses an unknown
    block, unpaired braces or a placeholder naming no statistic, in Chinese."""
    block = ab.BY_KEY_BLOCK.get(key)
    if block is None:
        known = "、".join(b.key for b in ab.BLOCKS)
        raise ReportRefused(f"没有名为“{key}”的报告段落。可用的段落：{known}")
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_BLOCK:
        raise ReportRefused(f"段落“{block.lead}”过长（{len(text)} 字），最多 {MAX_BLOCK} 字。")
    try:
        bad = ab.unknown(text)
    except ValueError as exc:
        raise ReportRefused(
            f"段落“{block.lead}”的花括号不成对：统计项应写作 {{consultations}} 这样的形式，"
            f"花括号本身请写作 {{{{ 和 }}}}。（{exc}）"
        ) from exc
    if bad:
        names = "、".join(f"{{{k}}}" for k in bad)
        allowed = "、".join(f"{{{k}}}（{statistics.statistic(k).label}）" for k in ab.ALLOWED)
        raise ReportRefused(
            f"段落“{block.lead}”中的 {names} 不是可用的统计项。可用的统计项：{allowed}"
        )
    return block, text or None


def save_block(ctx: Context, year: int, key: str, text: str | None) -> Change:
    """Store the clerk's text of one block for `year` (empty: back to last year's text
    or the draft), with an audit row."""
    require(ctx, "records.write")  # the report's words are the clerk's records too
    year = _check_year(year)
    _, text = check_block(key, text)
    record_id = f"{year}/{key}"
    with write_lock(ctx.db):
        before = report_texts.block(ctx.db, year, key)
        if (before["text"] if before else None) == text:
            return Change(ENTITY, record=before)
        after = report_texts.save_block(ctx.db, year, key, text, ctx.actor.stamp())
        action = "update" if before else "insert"
        store.write_audit(ctx.db, ctx.actor, ENTITY, record_id, action, before, after)
    return Change(
        ENTITY,
        inserted=[] if before else [record_id],
        updated=[record_id] if before else [],
        record=after,
    )


def mark_seen(ctx: Context, year: int, today: dt.date | None = None) -> None:
    """Remember the figures every block shows now, so later changes can be marked."""
    year = _check_year(year)
    today = today or ctx.actor.today()
    st = figures(ctx, year, cut_off(year, today, today))
    saved, last = _texts(ctx, year)
    seen = {}
    for b in ab.BLOCKS:
        text, _ = _chosen(b, saved, last)
        seen[b.key] = json.dumps(
            {k: st[k] for k in dict.fromkeys(ab.placeholders(text))}, ensure_ascii=False
        )
    with write_lock(ctx.db):
        report_texts.save_seen(ctx.db, year, seen, ctx.actor.stamp())


# --- 二、三 ---------------------------------------------------------------------------------


def save_texts(ctx: Context, year: int, problems: str | None = None, plans: str | None = None):
    """Store 二 and/or 三 (None keeps what is saved); services.reports.save_report_text."""
    current = get_report_text(ctx, year)
    return save_report_text(
        ctx,
        year,
        current["problems"] if problems is None else problems,
        current["plans"] if plans is None else plans,
    )


RULE_WORDS = {  # a quota rule as a suggestion names it
    "duty_weekly": "每周值班",
    "service_hours": "每月服务时长",
    "lecture_quarterly": "季度法治讲座",
    "publicity_yearly": "年度大型法治宣传",
}
assert RULE_WORDS.keys() == rules.RULE_LABELS.keys()


def _shortfall_rules(st: dict) -> Counter:
    """Quota rule → how many communities fell short of it at least once."""
    per_rule: Counter = Counter()
    for items in st["quota_shortfalls"].values():
        per_rule.update({item.split(" ", 1)[1] for item in items})
    return per_rule


def suggestions(ctx: Context, year: int, today: dt.date | None = None) -> list[str]:
    """Sentences for 二、存在问题及形势研判 drawn from the data up to the cut-off, each in
    aggregate (no community named), none about a count of zero."""
    year = _check_year(year)
    today = today or ctx.actor.today()
    cut = cut_off(year, today, today)
    st = figures(ctx, year, cut)
    when = date_cn(cut)
    if is_empty(st):
        return [
            f"截至{when}，{year}年度尚无值班、服务、普法活动、调解案件或信访登记台账记录，"
            "暂无可据以研判的数据；请先录入或导入本年度台账。"
        ]
    out = []
    per_rule = _shortfall_rules(st)
    parts = [
        f"{per_rule[r]}个社区存在{RULE_WORDS[r]}未达标的周期" for r in rules.RULES if per_rule[r]
    ]
    if parts:
        out.append(
            f"社区法律顾问履职仍不均衡。截至{when}已结束的考核周期中，" + "，".join(parts) + "。"
        )
    overdue = Counter(
        item.entity
        for item in deadlines.deadline_items(ctx, cut)
        if item.deadline.state == rules.OVERDUE
    )
    late = []
    if overdue["petitions"]:
        late.append(f"{overdue['petitions']}宗信访件超过办理期限尚未办结")
    if overdue["cases"]:
        late.append(f"{overdue['cases']}件调解案件超过调解期限尚未结案")
    if late:
        out.append(f"部分事项办理不够及时。截至{when}，" + "，".join(late) + "。")
    found = review_service.review(ctx, year, today=cut)
    by_rule = Counter(r for c in found.cases for r in dict.fromkeys(p.rule for p in c.problems))
    flagged = [
        f"{by_rule[r]}件未做到“{label}”" for r, label in review_service.RULES.items() if by_rule[r]
    ]
    if flagged:
        out.append(
            f"调解案卷规范化仍需加强。经案卷评查，{year}年受理的{len(found.cases)}件调解案件中，"
            + "，".join(flagged)
            + "。"
        )
    if found.petitions:
        out.append(
            f"{len(found.petitions)}宗分流至人民调解的信访件未找到对应的调解案件，需核实补登。"
        )
    return out


# --- the document -------------------------------------------------------------------


def _paras(text: str | None, style: str = "body", key: str = "") -> list[Para]:
    lines = [line.strip() for line in (text or "").splitlines()]
    return [Para((line,), style, key=key) for line in lines if line]


def _opening(ctx: Context, year: int, cut: dt.date, empty: bool) -> Para:
    who = ctx.settings.subdistrict
    if whole_year(year, cut):
        span = f"{year}年"
        note = ""
    else:
        span = f"{year}年1月1日至{cut.month}月{cut.day}日"
        note = f"（本报告数据统计截至{date_cn(cut)}）"
    text = (
        f"{year}年，{who}深入贯彻全面依法治国战略部署，根据区委区政府的部署要求，"
        "以群众需求与社会问题为导向，以开展法治建设为契机，进一步夯实基层法治建设，确保辖区和谐稳定。"
        f"现将{who}{span}法治政府建设情况报告如下{note}。"
    )
    if empty:
        text += (
            f"截至{date_cn(cut)}，{year}年度尚无值班、服务、普法活动、调解案件或信访登记台账记录，"
            "以下各项暂无统计数据。"
        )
    return Para((text,))


def _block_paras(block: ab.Block, text: str, st: dict, cut: dt.date) -> list[Para]:
    # the year's figures it names (not the register: 16个社区 is no activity)
    keys = [k for k in dict.fromkeys(ab.placeholders(text)) if k in FIGURE_KEYS]
    if keys and not any(st[k] for k in keys):
        labels = "、".join(statistics.statistic(k).label for k in keys)
        return [
            Para(
                (
                    f"【待核实】本项所引数据（{labels}）截至{date_cn(cut)}均为0，请核实台账或改写本段。",
                ),
                "placeholder",
                block.lead,
                block.key,
            )
        ]
    out = []
    for i, line in enumerate(line for line in text.split("\n") if line.strip()):
        out.append(Para(runs(line.strip(), st), "body", block.lead if i == 0 else "", block.key))
    return out


def _measures(ctx: Context, year: int, st: dict, cut: dt.date) -> list[Para]:
    saved, last = _texts(ctx, year)
    out = [Para(("一、主要举措",), "h1")]
    for section in ab.SECTIONS:
        out.append(Para((section.heading,), "h2"))
        for b in ab.BLOCKS:
            if b.section == section.key:
                text, _ = _chosen(b, saved, last)
                out += _block_paras(b, text, st, cut)
    return out


def _problems_and_plans(ctx: Context, year: int) -> list[Para]:
    texts = get_report_text(ctx, year)
    before = report_texts.get(ctx.db, year - 1) or {}
    plans = texts["plans"] or before.get("plans")
    return [
        Para(("二、存在问题及形势研判",), "h1"),
        *(
            _paras(texts["problems"], key="problems")
            or [Para((PLACEHOLDER_PROBLEMS,), "placeholder", key="problems")]
        ),
        Para((f"三、{year + 1}年法治政府建设重点工作计划",), "h1"),
        *(_paras(plans, key="plans") or [Para((PLACEHOLDER_PLANS,), "placeholder", key="plans")]),
    ]


def _value(key: str, value) -> str:
    return money(value) if statistics.statistic(key).money else rounded(value)


def _main_figures(st: dict, cut: dt.date) -> Annex:
    rows = tuple(
        (s.label, _value(s.key, st[s.key]))
        for s in statistics.STATISTICS
        if s.kind in ("register", "figure")
    )
    table = Table(
        "主要数据",
        ("项目", "数值"),
        rows,
        ("left", "right"),
        f"统计截至{date_cn(cut)}；金额单位为元。",
    )
    return Annex("主要数据", (table,))


def _breakdowns(ctx: Context, year: int, st: dict, cut: dt.date) -> Annex:
    start, end = f"{year}-01-01", cut.isoformat()
    success = report_queries.success_by_category(ctx.db, start, end)
    categories = tuple(
        (name, str(n), str(success.get(name, 0))) for name, n in st["by_category"].items()
    )
    total = ("合计", str(st["mediation_cases"]), str(st["mediation_success"]))
    routes = dict(st["by_route"])
    unrouted = st["petitions"] - sum(routes.values())
    if unrouted:
        routes["尚未分流"] = unrouted
    channels = _ordered(
        report_queries.counts_by(ctx.db, "petitions", "channel", "registered_date", start, end),
        PETITION_CHANNEL,
    )
    blocks: list = [
        Table(
            "人民调解案件分类统计",
            ("纠纷类别", "受理件数", "调解成功"),
            (*categories, total),
            ("left", "right", "right"),
        ),
    ]
    if st["by_category"]:
        blocks.append(
            Chart(
                "调解案件按纠纷类别",
                "bar",
                tuple((k, float(v)) for k, v in st["by_category"].items()),
            )
        )
    blocks.append(
        Table(
            "信访件分流去向",
            ("分流去向", "件数"),
            (*((k, str(v)) for k, v in routes.items()), ("合计", str(st["petitions"]))),
            ("left", "right"),
        )
    )
    if routes:
        blocks.append(
            Chart("信访件按分流去向", "pie", tuple((k, float(v)) for k, v in routes.items()))
        )
    no_channel = st["petitions"] - sum(channels.values())
    if no_channel:
        channels["未填渠道"] = no_channel
    blocks.append(
        Table(
            "信访件来源渠道",
            ("来源渠道", "件数"),
            (*((k, str(v)) for k, v in channels.items()), ("合计", str(st["petitions"]))),
            ("left", "right"),
        )
    )
    return Annex("分类统计", tuple(blocks))


def _quota_annex(ctx: Context, year: int, st: dict, cut: dt.date) -> Annex:
    if is_empty(st):
        note = Para((f"截至{date_cn(cut)}，{year}年度尚无台账记录，不作考核达标统计。",), "note")
        return Annex("社区考核达标情况", (note,))
    short: dict[str, Counter] = {
        name: Counter(item.split(" ", 1)[1] for item in items)
        for name, items in st["quota_shortfalls"].items()
    }
    rows = []
    for name in queries.community_names(ctx.db).values():
        per_rule = short.get(name, Counter())
        rows.append((name, *(str(per_rule[r]) if per_rule[r] else "达标" for r in rules.RULES)))
    table = Table(
        "社区考核达标情况（未达标周期数）",
        ("社区", *(RULE_WORDS[r] for r in rules.RULES)),
        tuple(rows),
        ("left", "center", "center", "center", "center"),
        f"仅统计截至{date_cn(cut)}已结束的考核周期（周、月、季度、年）；数字为未达标的周期数。"
        "本附件仅供内部使用，不对外公开。",
    )
    return Annex("社区考核达标情况（内部）", (table,))


def build_document(
    ctx: Context,
    year: int,
    *,
    issued: dt.date | None = None,
    internal: bool = False,
    today: dt.date | None = None,
) -> ReportDocument:
    """The year's report as content. `issued` (the signing date, default today) and
    `today` (default the actor's) bound the records counted."""
    year = _check_year(year)
    today = today or ctx.actor.today()
    issued = issued or today
    cut = cut_off(year, issued, today)
    st = figures(ctx, year, cut)
    empty = is_empty(st)
    s = ctx.settings
    body = [_opening(ctx, year, cut, empty), *_measures(ctx, year, st, cut)]
    body += _problems_and_plans(ctx, year)
    annexes = [_main_figures(st, cut), _breakdowns(ctx, year, st, cut)]
    if internal:
        annexes.append(_quota_annex(ctx, year, st, cut))
    return ReportDocument(
        title=f"{s.subdistrict}{year}年法治政府建设年度报告",
        body=body,
        issuer=s.issuing_body,
        issued=issued,
        cut_off=cut,
        year=year,
        internal=internal,
        annexes=annexes,
    )
