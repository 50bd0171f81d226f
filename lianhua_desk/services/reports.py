"""What the printed reports say: the stored annual texts and the data of each document.

Every figure of the annual report comes from `stats.year_stats`; the per-community
and per-month breakdowns use the same definitions (store/report_queries.py) and are
tested to add up to it. Personal data is masked here, before any document sees it,
except for the documents handed to the parties (the agreement and the file cover).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain import parse
from ..domain.fields import DISPUTE_CATEGORY, PETITION_CHANNEL, ROUTE
from ..domain.periods import period_label
from ..domain.rules import RULES, Shortfall, quarter_key
from ..domain.settings import Settings
from ..domain.workcalendar import month_end
from ..store import queries, report_queries, report_texts
from ..store import records as store
from ..store.db import write_lock
from . import stats
from .context import Context
from .permissions import require
from .roster import SubsidyLine, subsidy_statement

MAX_TEXT = 20_000  # characters per written section; a report page holds about 800


class ReportRefused(Exception):
    """The report cannot be made from this input; the message says why, in Chinese."""


def _clean_text(value: Any, label: str) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ReportRefused(f"“{label}”过长（{len(text)} 字），最多 {MAX_TEXT} 字。")
    return text or None


def _check_year(year: Any) -> int:
    try:
        number = int(year)
    except (TypeError, ValueError) as exc:
        raise ReportRefused(f"年度“{year}”不是有效的年份。") from exc
    if not 2000 <= number <= 2100:
        raise ReportRefused(f"年度“{year}”超出范围（2000–2100）。")
    return number


# --- the annual report's written sections ---------------------------------------


def get_report_text(ctx: Context, year: int) -> dict:
    """{'year', 'problems', 'plans', 'updated_at'}; empty sections are None."""
    row = report_texts.get(ctx.db, _check_year(year))
    return row or {"year": int(year), "problems": None, "plans": None, "updated_at": None}


def save_report_text(ctx: Context, year: int, problems: Any, plans: Any) -> dict:
    """Store the year's 存在问题及形势研判 and 重点工作计划, with an audit row."""
    require(ctx, "records.write")  # the report's words are the clerk's records too
    year = _check_year(year)
    problems = _clean_text(problems, "存在问题及形势研判")
    plans = _clean_text(plans, "重点工作计划")
    with write_lock(ctx.db):
        before = report_texts.get(ctx.db, year)
        if before and (before["problems"], before["plans"]) == (problems, plans):
            return before
        after = report_texts.save(ctx.db, year, problems, plans, ctx.actor.stamp())
        action = "update" if before else "insert"
        store.write_audit(ctx.db, ctx.actor, "report_texts", str(year), action, before, after)
    return after


# --- figures --------------------------------------------------------------------


def _figure(x: float) -> int | float:
    """As the statistics print money and hours: an int when whole, else cents."""
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


def _rounded(totals: dict[str, float]) -> dict[str, int | float]:
    return {k: _figure(v) for k, v in totals.items()}


def _sum(groups: list[dict[str, float]]) -> dict[str, int | float]:
    out = dict.fromkeys(report_queries.TOTAL_KEYS, 0.0)
    for g in groups:
        for k in out:
            out[k] += g.get(k, 0)
    return _rounded(out)


def _by_community(ctx: Context, start: str, end: str) -> dict[str, dict]:
    """Community name → figures for records dated start..end; every community listed."""
    grouped = report_queries.grouped_totals(ctx.db, start, end, "community")
    zero = dict.fromkeys(report_queries.TOTAL_KEYS, 0)
    out = {
        name: _rounded(grouped.get(cid, zero))
        for cid, name in queries.community_names(ctx.db).items()
    }
    if None in grouped:  # petitions registered without a community
        out["（未填社区）"] = _rounded(grouped[None])
    return out


def is_empty(figures: dict) -> bool:
    """No record of any kind dated in the period."""
    return not any(figures[k] for k in report_queries.TOTAL_KEYS)


def _counts(ctx: Context, table: str, column: str, date_col: str, start: str, end: str, order):
    """value → count in the period, declared values first (stable tables)."""
    counts = report_queries.counts_by(ctx.db, table, column, date_col, start, end)
    out = {k: counts[k] for k in order if k in counts}
    out.update({k: v for k, v in counts.items() if k and k not in out})
    return out


def _shortfall_detail(found: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """'2020-W05 duty_weekly' strings → community → rule → periods."""
    out: dict[str, dict[str, list[str]]] = {}
    for name, items in found.items():
        per_rule: dict[str, list[str]] = {rule: [] for rule in RULES}
        for item in items:
            period, rule = item.split(" ", 1)
            per_rule.setdefault(rule, []).append(period)
        out[name] = per_rule
    return out


@dataclass
class AnnualData:
    year: int
    stats: dict  # year_stats, the source of every figure
    settings: Settings
    issued: dt.date
    problems: str | None
    plans: str | None
    communities: list[str]  # every community, name order
    by_community: dict[str, dict]  # name → figures (same definitions as stats)
    shortfalls: dict[str, dict[str, list[str]]]  # name → rule → periods
    success_by_category: dict[str, int]
    by_channel: dict[str, int]
    unrouted: int  # petitions without a route yet
    by_month: dict[str, dict]  # 'YYYY-MM' → figures
    today: dt.date  # quota periods count when they ended before this day
    empty: bool


def annual_data(
    ctx: Context, year: int, today: dt.date | None = None, issued: dt.date | None = None
) -> AnnualData:
    year = _check_year(year)
    figures = stats.year_stats(ctx, year, today)
    texts = get_report_text(ctx, year)
    start, end = f"{year}-01-01", f"{year}-12-31"
    names = queries.community_names(ctx.db)
    by_community = _by_community(ctx, start, end)
    by_channel = _counts(
        ctx, "petitions", "channel", "registered_date", start, end, PETITION_CHANNEL
    )
    success = report_queries.success_by_category(ctx.db, start, end)
    months = report_queries.grouped_totals(ctx.db, start, end, "month")
    return AnnualData(
        year=year,
        stats=figures,
        settings=ctx.settings,
        issued=issued or ctx.actor.today(),
        problems=texts["problems"],
        plans=texts["plans"],
        communities=list(names.values()),
        by_community=by_community,
        shortfalls=_shortfall_detail(figures["quota_shortfalls"]),
        success_by_category={c: success.get(c, 0) for c in figures["by_category"]},
        by_channel=by_channel,
        unrouted=figures["petitions"] - sum(figures["by_route"].values()),
        by_month={m: _rounded(v) for m, v in sorted(months.items())},
        today=today or ctx.actor.today(),
        empty=is_empty(figures),
    )


# --- roster sheet ----------------------------------------------------------------


def _date(value: Any, label: str) -> dt.date:
    try:
        return parse.parse_date(value)
    except parse.ParseError as exc:
        raise ReportRefused(f"{label}“{value}”无法识别：{exc.reason}") from exc


@dataclass
class RosterData:
    subdistrict: str
    first: dt.date
    last: dt.date
    community: str | None
    rows: list[dict]  # mobile masked


def roster_data(ctx: Context, date_from: Any, date_to: Any, community: str | None = None):
    first, last = _date(date_from, "开始日期"), _date(date_to, "结束日期")
    if last < first:
        raise ReportRefused(f"结束日期 {last} 早于开始日期 {first}。")
    if (last - first).days > 366:
        raise ReportRefused("值班表一次最多打印一年的安排，请缩小日期范围。")
    cid = None
    if community:
        cid = report_queries.community_id(ctx.db, community.strip())
        if cid is None:
            raise ReportRefused(f"没有名为“{community}”的社区。")
    rows = report_queries.shifts_between(ctx.db, first.isoformat(), last.isoformat(), cid)
    for row in rows:
        row["mobile"] = parse.mask_phone(row["mobile"])
    return RosterData(ctx.settings.subdistrict, first, last, community and community.strip(), rows)


# --- subsidy statement -------------------------------------------------------------


@dataclass
class SubsidyData:
    subdistrict: str
    month: str
    base_monthly: float
    per_case: float
    lines: list[SubsidyLine]  # no personal data: names, firms and amounts only

    @property
    def total_base(self) -> float:
        return round(sum(line.base for line in self.lines), 2)

    @property
    def total_cases(self) -> int:
        return sum(len(line.cases) for line in self.lines)

    @property
    def total_case_amount(self) -> float:
        return round(sum(line.case_amount for line in self.lines), 2)

    @property
    def total(self) -> float:
        return round(sum(line.total for line in self.lines), 2)


def subsidy_data(ctx: Context, month: str) -> SubsidyData:
    text = (month or "").strip()
    try:
        dt.date.fromisoformat(f"{text}-01")
    except ValueError as exc:
        raise ReportRefused(f"月份“{month}”格式不对，应为 2020-03 这样的年-月。") from exc
    lines = subsidy_statement(ctx, text)
    s = ctx.settings
    return SubsidyData(s.subdistrict, text, s.subsidy_base_monthly, s.subsidy_per_case, lines)


# --- mediation agreement and case-file cover ------------------------------------------


def committee_name(case: dict, subdistrict: str) -> str:
    """The committee whose seal goes on the agreement."""
    body = case["body"]
    if body == "社区人民调解委员会":
        return f"{case.get('community_name') or ''}人民调解委员会"
    if body == "街道人民调解委员会":
        return f"{subdistrict}人民调解委员会"
    return f"{subdistrict}{body}"


@dataclass
class CaseData:
    subdistrict: str
    committee: str
    case: dict  # personal data in full: these documents go to the parties themselves
    petition_no: str | None


def case_data(ctx: Context, case_no: str) -> CaseData:
    """One case for its documents (agreement, covers, the dossier): the parties' full
    particulars, so only for accounts that may print them."""
    require(ctx, "documents.personal")
    number = (case_no or "").strip()
    case = report_queries.case_by_number(ctx.db, number) if number else None
    if case is None:
        raise ReportRefused(f"未找到案件编号为“{case_no}”的调解案件。")
    petition = report_queries.petition_for_case(ctx.db, number)
    s = ctx.settings
    return CaseData(
        s.subdistrict,
        committee_name(case, s.subdistrict),
        case,
        petition["petition_no"] if petition else None,
    )


def agreement_data(ctx: Context, case_no: str) -> CaseData:
    data = case_data(ctx, case_no)
    if not data.case["agreement"]:
        raise ReportRefused(
            f"案件“{data.case['case_no']}”（状态：{data.case['status']}）尚未填写协议内容，"
            "不能生成调解协议书。请先在案件中填写“协议内容”。"
        )
    return data


# --- monthly and quarterly statistics ---------------------------------------------------


# --- the Ministry's 人民调解 tables ---------------------------------------------------------
# 司法部《关于印发人民调解文书格式和统计报表的通知》(2010): the columns of its 人民调解
# case table, and which of our values each counts. `ours=None`: the register does not
# record it (printed "—", 台账未采集). Declared once: the PDF, the workbook, the notes
# under the tables and the tests derive from these.


@dataclass(frozen=True)
class MinistryColumn:
    key: str  # unique: 'type:婚姻家庭', 'source:主动调解' …
    group: str  # the form's column group ("" for a column of its own)
    label: str  # the form's column
    ours: tuple[str, ...] | None = ()  # our values counted here; None = not recorded
    money: bool = False


def _group(group: str, prefix: str, pairs) -> tuple[MinistryColumn, ...]:
    return tuple(MinistryColumn(f"{prefix}:{label}", group, label, ours) for label, ours in pairs)


# 纠纷类型: the form's types in its order; our DISPUTE_CATEGORY values under them.
MINISTRY_TYPES = _group(
    "调解纠纷类型",
    "type",
    (
        ("婚姻家庭", ("婚姻家庭",)),
        ("邻里", ("邻里纠纷",)),
        ("房屋宅基地", ("房屋租赁",)),
        ("合同", ("合同纠纷",)),
        ("生产经营", None),
        ("损害赔偿", ("损害赔偿",)),
        ("山林土地", None),
        ("征地拆迁", None),
        ("环境污染", None),
        ("劳动争议", ("劳资纠纷", "工伤赔偿")),
        ("消费", ("消费纠纷",)),
        ("医疗", ("医疗纠纷",)),
        ("道路交通事故", ("道路交通",)),
        ("物业", ("物业纠纷",)),
        ("其他", ("其他",)),
    ),
)
NOT_RECORDED = "—"  # a Ministry column the register has no field for
UNKNOWN = "未登记"  # a case whose source / agreement form was left blank
# 案件来源 (every case), 协议形式 (settled cases): a column for the blanks so each
# group adds up to its total.
MINISTRY_SOURCES = _group(
    "纠纷来源",
    "source",
    (
        ("主动调解", ("主动调解",)),
        ("申请调解", ("当事人申请",)),
        ("接受委托移送", ("委托移送", "信访转入")),
        (UNKNOWN, (None,)),
    ),
)
MINISTRY_FORMS = _group(
    "调解成功的协议形式",
    "form",
    (("书面协议", ("书面协议",)), ("口头协议", ("口头协议",)), (UNKNOWN, (None,))),
)
MINISTRY_PREVENTED = _group(
    "防止纠纷激化",
    "prevented",
    (
        ("防止民间纠纷转化为刑事案件", None),
        ("防止因民间纠纷引起自杀", None),
        ("防止群体性上访", None),
        ("防止群体性械斗", None),
    ),
)
MINISTRY_CASES = MinistryColumn("cases", "", "调解纠纷")
MINISTRY_SUCCESS = MinistryColumn("success", "", "调解成功")
MINISTRY_AMOUNT = MinistryColumn("amount_agreed", "", "协议涉及金额（元）", money=True)
MINISTRY_CONFIRMED = MinistryColumn("judicial_confirmations", "", "司法确认")
# The two tables: what kinds of dispute; how they were mediated and settled.
MINISTRY_TABLES: tuple[tuple[str, tuple[MinistryColumn, ...]], ...] = (
    ("人民调解案件情况统计表（一）", (MINISTRY_CASES, *MINISTRY_TYPES)),
    (
        "人民调解案件情况统计表（二）",
        (
            MINISTRY_CASES,
            *MINISTRY_SOURCES,
            MINISTRY_SUCCESS,
            *MINISTRY_FORMS,
            MINISTRY_AMOUNT,
            MINISTRY_CONFIRMED,
            *MINISTRY_PREVENTED,
        ),
    ),
)


def _check_mapping() -> None:
    """Each of our dispute categories counts in exactly one Ministry type."""
    mapped = [c for col in MINISTRY_TYPES for c in col.ours or ()]
    if sorted(mapped) != sorted(DISPUTE_CATEGORY):
        raise ValueError(f"纠纷类别与司法部统计表类型对应有误：{mapped}")


_check_mapping()


def _column_of(columns: tuple[MinistryColumn, ...], value) -> str:
    for col in columns:
        if col.ours and value in col.ours:
            return col.key
    return columns[-1].key  # a value the form has no column for: 其他 / 未登记


def _ministry_zero() -> dict:
    columns = {c.key: c for _, cols in MINISTRY_TABLES for c in cols}
    return {k: (None if c.ours is None else 0) for k, c in columns.items()}


def _ministry_rows(ctx: Context, start: str, end: str) -> dict[str, dict]:
    """Community name → Ministry column key → figure (None: not recorded); every
    community listed, cases without one under （未填社区）."""
    names = queries.community_names(ctx.db)
    out = {name: _ministry_zero() for name in names.values()}
    for g in report_queries.mediation_breakdown(ctx.db, start, end):
        name = names.get(g["community_id"], "（未填社区）")
        row = out.setdefault(name, _ministry_zero())
        n = g["n"]
        row["cases"] += n
        row[_column_of(MINISTRY_TYPES, g["category"])] += n
        row[_column_of(MINISTRY_SOURCES, g["source"])] += n
        row["judicial_confirmations"] += int(g["judicial_confirmations"])
        if g["status"] == "调解成功":
            row["success"] += n
            row[_column_of(MINISTRY_FORMS, g["agreement_form"])] += n
            row["amount_agreed"] = _figure(row["amount_agreed"] + g["amount_agreed"])
    return out


def ministry_total(rows: dict[str, dict]) -> dict:
    """The 合计 row: each column summed over the communities; a column not recorded
    stays None."""
    return {
        k: None if zero is None else _figure(sum(r[k] for r in rows.values()))
        for k, zero in _ministry_zero().items()
    }


@dataclass
class PeriodicData:
    subdistrict: str
    key: str  # '2020-03' or '2020-Q1'
    label: str  # 2020年3月 / 2020年第一季度
    first: dt.date
    last: dt.date
    figures: dict  # same keys and definitions as year_stats' scalar figures
    year_to_date: dict
    by_month: dict[str, dict]  # the period's months
    by_community: dict[str, dict]
    by_category: dict[str, int]
    by_route: dict[str, int]
    by_channel: dict[str, int]
    shortfalls: list[tuple[str, Shortfall]]  # (community, shortfall) in the period
    empty: bool
    ministry: dict[str, dict]  # community → the Ministry tables' figures (MINISTRY_TABLES)
    reporting_unit: str  # 填报单位 (settings: issuing body)
    preparer: str  # 填报人: the operator
    prepared: dt.date  # 填报日期


QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")


def parse_period(text: str) -> tuple[str, str, dt.date, dt.date]:
    """'2020-03' or '2020-Q1' → (key, label, first day, last day)."""
    value = (text or "").strip().upper()
    try:
        if "-Q" in value:
            year, q = value.split("-Q")
            quarter = int(q)
            if not 1 <= quarter <= 4:
                raise ValueError(value)
            first = dt.date(int(year), 3 * quarter - 2, 1)
            months, label = 3, f"{int(year)}年{QUARTER_NAMES[quarter - 1]}"
        else:
            first = dt.date.fromisoformat(f"{value}-01")
            months, label = 1, f"{first.year}年{first.month}月"
    except ValueError as exc:
        raise ReportRefused(
            f"统计期间“{text}”格式不对，应为 2020-03（月）或 2020-Q1（季度）。"
        ) from exc
    _check_year(first.year)
    key = f"{first.year}-Q{(first.month + 2) // 3}" if months == 3 else value
    return key, label, first, month_end(first.year, first.month + months - 1)


def period_name(period: str) -> str:
    """A quota period as a form names it, with a week's days (domain/periods.py)."""
    return period_label(period, days=True)


def _in_period(s: Shortfall, key: str, first: dt.date, last: dt.date) -> bool:
    if s.rule == "duty_weekly":  # an ISO week belongs to the month holding its Thursday
        year, week = s.period.split("-W")
        thursday = dt.date.fromisocalendar(int(year), int(week), 4)
        return first <= thursday <= last
    if s.rule == "service_hours":
        return first.isoformat()[:7] <= s.period <= last.isoformat()[:7]
    if s.rule == "lecture_quarterly":
        return "Q" in key and s.period == quarter_key(first)
    return "Q" in key and last.month == 12 and s.period == str(first.year)


def periodic_data(ctx: Context, period: str, today: dt.date | None = None) -> PeriodicData:
    key, label, first, last = parse_period(period)
    start, end = first.isoformat(), last.isoformat()
    months = report_queries.grouped_totals(ctx.db, f"{first.year}-01-01", end, "month")
    zero = dict.fromkeys(report_queries.TOTAL_KEYS, 0)
    in_period = {
        f"{first.year}-{m:02d}": _rounded(months.get(f"{first.year}-{m:02d}", zero))
        for m in range(first.month, last.month + 1)
    }
    by_community = _by_community(ctx, start, end)

    found = stats.quota_shortfalls(ctx, first.year, today)
    shortfalls = [
        (name, s) for name, items in found.items() for s in items if _in_period(s, key, first, last)
    ]
    figures = _sum(list(in_period.values()))
    return PeriodicData(
        subdistrict=ctx.settings.subdistrict,
        key=key,
        label=label,
        first=first,
        last=last,
        figures=figures,
        year_to_date=_sum(list(months.values())),
        by_month=in_period,
        by_community=by_community,
        by_category=_counts(
            ctx, "cases", "category", "received_date", start, end, DISPUTE_CATEGORY
        ),
        by_route=_counts(ctx, "petitions", "route", "registered_date", start, end, ROUTE),
        by_channel=_counts(
            ctx, "petitions", "channel", "registered_date", start, end, PETITION_CHANNEL
        ),
        shortfalls=sorted(shortfalls, key=lambda p: (p[0], str(p[1]))),
        empty=is_empty(figures),
        ministry=_ministry_rows(ctx, start, end),
        reporting_unit=ctx.settings.issuing_body,
        preparer=ctx.actor.operator,
        prepared=ctx.actor.today(),
    )
