"""Quota and deadline rules: pure functions over plain data, no SQL.

The store aggregates (counts and sums per community and period); these functions
decide which periods fall short. Keeping the rule here lets the dashboard, the
statistics and the annual report share one definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .settings import Settings
from .workcalendar import WorkCalendar, month_end

RULES = ("duty_weekly", "service_hours", "lecture_quarterly", "publicity_yearly")
RULE_LABELS = {
    "duty_weekly": "每周至少值班一次",
    "service_hours": "每月服务不少于规定时长",
    "lecture_quarterly": "每季度至少一次法治讲座",
    "publicity_yearly": "每年至少一次大型法治宣传",
}


# --- periods ---------------------------------------------------------------


def week_key(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(d: dt.date) -> str:
    return f"{d.year}-{d.month:02d}"


def quarter_key(d: dt.date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def monthly_totals(per_day: Mapping[str, float]) -> dict[str, float]:
    """Fold 'YYYY-MM-DD' → value into 'YYYY-MM' → sum."""
    months: dict[str, float] = {}
    for day, value in per_day.items():
        months[day[:7]] = months.get(day[:7], 0) + value
    return months


@dataclass(frozen=True)
class Period:
    rule: str
    key: str
    start: dt.date
    end: dt.date  # inclusive


def periods(year: int, today: dt.date, calendar: WorkCalendar) -> list[Period]:
    """Every quota period of `year` that has ended before `today`.

    Weeks are ISO weeks of ISO year `year`; a week with no working day (all its
    weekdays statutory holidays, e.g. 2020-W05) is exempt from the duty rule.
    """
    out: list[Period] = []
    monday = dt.date.fromisocalendar(year, 1, 1)
    while monday.isocalendar()[0] == year:
        sunday = monday + dt.timedelta(days=6)
        if sunday < today and any(
            calendar.is_workday(monday + dt.timedelta(days=i)) for i in range(7)
        ):
            out.append(Period("duty_weekly", week_key(monday), monday, sunday))
        monday += dt.timedelta(days=7)
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        end = month_end(year, month)
        if end < today:
            out.append(Period("service_hours", month_key(start), start, end))
    for q in range(4):
        start = dt.date(year, 3 * q + 1, 1)
        end = month_end(year, 3 * q + 3)
        if end < today:
            out.append(Period("lecture_quarterly", quarter_key(start), start, end))
    if dt.date(year, 12, 31) < today:
        out.append(
            Period("publicity_yearly", str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
        )
    return out


@dataclass(frozen=True)
class Activity:
    """One community's countable activity in a year, bucketed by period key."""

    shifts: Mapping[str, int]  # week key → shifts that count (not 缺勤)
    hours: Mapping[str, float]  # month key → service hours
    lectures: Mapping[str, int]  # quarter key → 法治讲座
    publicity: Mapping[str, int]  # year key → 大型法治宣传


@dataclass(frozen=True)
class Shortfall:
    period: str
    rule: str
    actual: float
    required: float

    def __str__(self) -> str:
        return f"{self.period} {self.rule}"

    @property
    def reason(self) -> str:
        return f"{RULE_LABELS[self.rule]}：要求 {_num(self.required)}，实际 {_num(self.actual)}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def shortfalls(activity: Activity, all_periods: Iterable[Period], s: Settings) -> list[Shortfall]:
    """The periods in which one community fell short, sorted as the stats key wants."""
    need = {
        "duty_weekly": (activity.shifts, s.quota_shifts_per_week),
        "service_hours": (activity.hours, s.quota_hours_per_month),
        "lecture_quarterly": (activity.lectures, s.quota_lectures_per_quarter),
        "publicity_yearly": (activity.publicity, s.quota_publicity_per_year),
    }
    out = []
    for p in all_periods:
        counts, required = need[p.rule]
        actual = counts.get(p.key, 0)
        if actual + 1e-9 < required:
            out.append(Shortfall(p.key, p.rule, actual, required))
    return sorted(out, key=str)


# --- deadlines ---------------------------------------------------------------

OK, DUE_SOON, OVERDUE = "ok", "due_soon", "overdue"
STATE_LABELS = {OK: "正常", DUE_SOON: "即将到期", OVERDUE: "已超期"}


@dataclass(frozen=True)
class Deadline:
    what: str  # Chinese description
    due: dt.date
    state: str  # OK / DUE_SOON / OVERDUE


def _state(due: dt.date, today: dt.date, warn_days: int) -> str:
    if today > due:
        return OVERDUE
    if (due - today).days <= warn_days:
        return DUE_SOON
    return OK


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def case_deadlines(case: Mapping, s: Settings, today: dt.date) -> list[Deadline]:
    """Open deadlines of a mediation case.

    An open case (已受理 / 调解中) should be concluded within `mediation_days` of
    receipt (人民调解工作若干规定 Art. 33), or by the date it was extended to with the
    parties' consent. A successful case with no judicial confirmation yet has
    `confirmation_days` from the agreement (人民调解法 Art. 33).
    """
    out = []
    received = _d(case.get("received_date"))
    if case.get("status") in ("已受理", "调解中") and received:
        due = received + dt.timedelta(days=s.mediation_days)
        extended = _d(case.get("extended_until")) if case.get("extension_consent") else None
        due = max(due, extended) if extended else due
        out.append(Deadline("调解期限", due, _state(due, today, s.warn_days)))
    closed = _d(case.get("closed_date"))
    if case.get("status") == "调解成功" and closed and not case.get("judicial_confirmation"):
        due = closed + dt.timedelta(days=s.confirmation_days)
        if today <= due:  # past the window the option has lapsed: nothing to chase
            out.append(Deadline("司法确认申请期限", due, _state(due, today, s.warn_days)))
    return out


def petition_deadlines(petition: Mapping, s: Settings, today: dt.date) -> list[Deadline]:
    """Open deadlines of a petition (信访工作条例 2022).

    Routing is due within `petition_routing_days` of registration (Art. 22–23);
    handling within `petition_handling_days`, extendable by `petition_extension_days`
    (Art. 34). Without a separate acceptance date the clock starts at registration,
    which is the stricter reading.
    """
    out = []
    registered = _d(petition.get("registered_date"))
    status = petition.get("status")
    if not registered or status == "已办结":
        return out
    if status == "已登记":
        due = registered + dt.timedelta(days=s.petition_routing_days)
        out.append(Deadline("分流期限", due, _state(due, today, s.warn_days)))
    due = registered + dt.timedelta(days=s.petition_handling_days)
    state = _state(due, today, s.warn_days)
    if state == OVERDUE:
        # Past the ordinary period only an approved extension covers it: never "ok".
        extended = due + dt.timedelta(days=s.petition_extension_days)
        late = OVERDUE if today > extended else DUE_SOON
        out.append(Deadline("延期办理期限", extended, late))
    else:
        out.append(Deadline("办理期限", due, state))
    return out
