"""The quota matrix as data: each community-month judged, with the reasons.

Ended periods are judged by services.stats.quota_shortfalls (the same rule the
statistics and the annual report use). A week counts in the month holding its
Thursday, a quarter in its last month, the year in December. A month that has
ended is 未达标 (short) when it missed two or more duty weeks, its service hours
or the year's publicity event; 部分未达标 (warn) when it missed anything else (one
duty week, a quarter's lecture); else 达标. The running month is shown as progress
so far (service hours before today against the monthly quota), later months as
未到期.

No Qt here: texts are the Chinese templates, passed through `tr` (the window's
translation function; identity by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..domain import rules
from ..domain.numbers import number
from ..domain.periods import period_label, period_label_en
from ..domain.workcalendar import month_end
from ..store import queries
from . import stats
from .context import Context

SHORT, WARN, OK, RUNNING, FUTURE = "short", "warn", "ok", "running", "future"
STATES = (SHORT, WARN, OK, RUNNING, FUTURE)
STATE_TEXT = {
    SHORT: "未达标",
    WARN: "部分未达标",
    OK: "达标",
    RUNNING: "本月进行中",
    FUTURE: "未到期",
}
REASON = "{period} {rule}：要求 {required}，实际 {actual}"
RUNNING_NOTE = "本月已服务 {done} 小时（要求 {need} 小时）"
# Missing this many duty weeks in one month makes the month short rather than partly.
SEVERE_DUTY_WEEKS = 2
SEVERE_RULES = ("service_hours", "publicity_yearly")

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass
class QuotaCell:
    state: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class QuotaMatrix:
    year: int
    communities: list[str]
    cells: dict[tuple[str, int], QuotaCell]  # (community, month 1–12)

    def cell(self, community: str, month: int) -> QuotaCell:
        return self.cells[(community, month)]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for c in self.cells.values():
            out[c.state] += 1
        return out


def shortfall_month(s: rules.Shortfall, year: int) -> int | None:
    """The month (1–12) of `year` a shortfall is shown in, None if outside it."""
    if s.rule == "duty_weekly":
        iso_year, week = s.period.split("-W")
        thursday = dt.date.fromisocalendar(int(iso_year), int(week), 4)
        return thursday.month if thursday.year == year else None
    if s.rule == "service_hours":
        return int(s.period[5:7])
    if s.rule == "lecture_quarterly":
        return 3 * int(s.period[-1])
    return 12


def ended_month_state(short: list[rules.Shortfall]) -> str:
    """SHORT, WARN or OK for a month that has ended, from its shortfalls."""
    duty = sum(1 for s in short if s.rule == "duty_weekly")
    severe = duty >= SEVERE_DUTY_WEEKS or any(s.rule in SEVERE_RULES for s in short)
    return SHORT if severe else WARN if short else OK


def reason_text(s: rules.Shortfall, tr: Translate = _same) -> str:
    template = tr(REASON)
    english = template != REASON  # the screen's language, as the template says
    return template.format(
        period=period_label_en(s.period) if english else period_label(s.period),
        rule=tr(rules.RULE_LABELS[s.rule]),
        required=number(s.required),
        actual=number(s.actual),
    )


def running_note(done: float, need: float, tr: Translate = _same) -> str:
    return tr(RUNNING_NOTE).format(done=number(done), need=number(need))


def quota_matrix(ctx: Context, year: int, today: dt.date, tr: Translate = _same) -> QuotaMatrix:
    """Plain data (safe to build on the worker thread)."""
    found = stats.quota_shortfalls(ctx, year, today)
    names = queries.community_names(ctx.db)
    settings = ctx.settings
    running_month = today.month if today.year == year else None
    progress = {}
    if running_month:
        start = dt.date(year, running_month, 1)
        if start < today:
            progress = queries.quota_activity(ctx.db, start, today - dt.timedelta(days=1))
    cells: dict[tuple[str, int], QuotaCell] = {}
    for cid, name in names.items():
        per_month: dict[int, list[rules.Shortfall]] = {}
        for s in found.get(name, []):
            month = shortfall_month(s, year)
            if month:
                per_month.setdefault(month, []).append(s)
        for month in range(1, 13):
            if month_end(year, month) < today:
                short = per_month.get(month, [])
                cells[(name, month)] = QuotaCell(
                    ended_month_state(short), [reason_text(s, tr) for s in short]
                )
            elif month == running_month:
                hours = progress.get(cid, {}).get("hours", {})
                note = running_note(sum(hours.values()), settings.quota_hours_per_month, tr)
                cells[(name, month)] = QuotaCell(RUNNING, [note])
            else:
                cells[(name, month)] = QuotaCell(FUTURE, [])
    return QuotaMatrix(year, list(names.values()), cells)
