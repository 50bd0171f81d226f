"""Duty roster (值班安排): generating a weekly rotation, attendance, subsidies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..domain import parse
from ..domain.records import FieldError, ValidationError
from ..domain.workcalendar import month_end
from ..store import queries
from ..store.db import write_lock
from . import records
from .context import Change, Context

# Said by the preview, and by generate_rotation when it refuses (formatted with the years).
UNCOVERED_TEXT = (
    "{years} 年的法定节假日尚未收录：生成的排班可能落在春节等假日上。"
    "请先在 文件 → 节假日调整… 录入国务院公布的安排，或确认仍要生成。"
)


def uncovered_message(years: list[int], text: str = UNCOVERED_TEXT) -> str:
    """The warning for rotations into years without holiday data (`text` may be a
    translation of UNCOVERED_TEXT)."""
    return text.format(years="、".join(str(y) for y in years))


@dataclass
class RosterPlan:
    """What a rotation would create, and why some dates were left out."""

    dates: list[dt.date] = field(default_factory=list)  # shifts to create
    skipped: list[tuple[dt.date, str]] = field(default_factory=list)  # (date, holiday name)
    moved: list[tuple[dt.date, dt.date]] = field(
        default_factory=list
    )  # (holiday, day used instead)
    double_booked: list[tuple[dt.date, str]] = field(default_factory=list)  # (date, where else)
    existing: list[dt.date] = field(default_factory=list)  # already on the roster
    # Years of the range the calendar does not know (no library data, nothing entered):
    # their holidays are not skipped, so generating needs an explicit confirmation.
    uncovered_years: list[int] = field(default_factory=list)
    change: Change | None = None


def _overlaps(
    a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None
) -> bool:
    if not (a_start and a_end and b_start and b_end):
        return True  # an open-ended shift blocks the whole day
    return a_start < b_end and b_start < a_end


def plan_rotation(
    ctx: Context,
    community_id: str,
    advisor_id: str,
    weekday: int,
    start_time: Any,
    end_time: Any,
    date_from: Any,
    date_to: Any,
) -> RosterPlan:
    """Every `weekday` (0 = Monday) from date_from to date_to.

    A statutory holiday is skipped; the shift moves to a make-up working day (调休) of
    the same ISO week if there is one, else to the nearest other working day of that
    week, so every week that has a working day keeps its duty. A week with none (e.g.
    the Spring Festival week) is simply skipped. A date on which the advisor already
    sits elsewhere at an overlapping time is reported, not booked.
    """
    try:
        first, last = parse.parse_date(date_from), parse.parse_date(date_to)
        start, end = parse.parse_time(start_time), parse.parse_time(end_time)
    except parse.ParseError as exc:
        raise ValidationError([FieldError("", "", None, exc.reason)]) from exc
    if last < first:
        raise ValidationError([FieldError("", "", None, "结束日期不能早于开始日期")])
    if (last - first).days > 366 * 2:
        raise ValidationError([FieldError("", "", None, "一次最多生成两年的值班安排")])
    if not 0 <= weekday <= 6:
        raise ValidationError([FieldError("", "", weekday, "星期应为周一到周日")])
    if end <= start:
        raise ValidationError([FieldError("end_time", "结束时间", end, "结束时间应晚于开始时间")])
    records.get(ctx, "communities", community_id)
    records.get(ctx, "advisors", advisor_id)
    calendar = ctx.calendar()
    plan = RosterPlan(uncovered_years=calendar.uncovered_years(first, last))
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    while day <= last:
        chosen = day
        if not calendar.is_workday(day):
            plan.skipped.append((day, calendar.holiday_name(day) or "休息日"))
            chosen = substitute_day(calendar, day, first, last)
            if chosen:
                plan.moved.append((day, chosen))
        if chosen:
            _place(ctx, plan, community_id, advisor_id, chosen, start, end)
        day += dt.timedelta(days=7)
    return plan


def substitute_day(calendar, day: dt.date, first: dt.date, last: dt.date) -> dt.date | None:
    """The working day of `day`'s ISO week that best replaces it: a make-up day
    first, then the nearest ordinary working day; None if the week has none."""
    monday = day - dt.timedelta(days=day.weekday())
    week = [d for d in (monday + dt.timedelta(days=i) for i in range(7)) if first <= d <= last]
    makeup = [d for d in week if calendar.is_makeup_workday(d)]
    if makeup:
        return makeup[0]
    working = sorted((d for d in week if calendar.is_workday(d)), key=lambda d: abs((d - day).days))
    return working[0] if working else None


def _place(
    ctx: Context,
    plan: RosterPlan,
    community_id: str,
    advisor_id: str,
    day: dt.date,
    start: str,
    end: str,
) -> None:
    for other in queries.shifts_of_advisor_on(ctx.db, advisor_id, day.isoformat()):
        if other["community_id"] == community_id and other["start_time"] == start:
            plan.existing.append(day)
            return
        if _overlaps(start, end, other["start_time"], other["end_time"]):
            plan.double_booked.append(
                (day, f"{other['community_name']} {other['start_time'] or ''}".strip())
            )
            return
    plan.dates.append(day)


def generate_rotation(
    ctx: Context,
    community_id: str,
    advisor_id: str,
    weekday: int,
    start_time: Any,
    end_time: Any,
    date_from: Any,
    date_to: Any,
    location: str | None = None,
    *,
    confirm_uncovered: bool = False,
) -> RosterPlan:
    """Plan and create the rotation in one transaction.

    A range reaching into a year without holiday data is refused (nothing written)
    unless `confirm_uncovered`: the shifts could fall on the Spring Festival."""
    with write_lock(ctx.db):
        plan = plan_rotation(
            ctx, community_id, advisor_id, weekday, start_time, end_time, date_from, date_to
        )
        if plan.uncovered_years and not confirm_uncovered:
            raise ValidationError(
                [FieldError("", "", None, uncovered_message(plan.uncovered_years))]
            )
        change = Change("shifts")
        start, end = parse.parse_time(start_time), parse.parse_time(end_time)
        for day in plan.dates:
            change.merge(
                records.create(
                    ctx,
                    "shifts",
                    {
                        "community_id": community_id,
                        "advisor_id": advisor_id,
                        "date": day.isoformat(),
                        "start_time": start,
                        "end_time": end,
                        "location": location,
                        "status": "计划",
                    },
                )
            )
        change.warnings += [
            f"{d.isoformat()} 已在{where}值班，未重复安排" for d, where in plan.double_booked
        ]
        plan.change = change
    return plan


def mark_attendance(ctx: Context, shift_id: str, status: str) -> Change:
    """已到岗 / 缺勤 / 调班 (or back to 计划)."""
    return records.update(ctx, "shifts", shift_id, {"status": status})


@dataclass(frozen=True)
class SubsidyLine:
    advisor_id: str
    advisor: str
    firm: str
    community: str
    base: float
    cases: tuple[str, ...]
    per_case: float

    @property
    def case_amount(self) -> float:
        return round(self.per_case * len(self.cases), 2)

    @property
    def total(self) -> float:
        return round(self.base + self.case_amount, 2)


def subsidy_statement(ctx: Context, month: str) -> list[SubsidyLine]:
    """One line per advisor for `month` ('YYYY-MM'): the monthly base while under
    contract that month, plus 一案一补 for every case received that month in which the
    advisor took part."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise ValidationError([FieldError("", "月份", month, "月份格式应为 2020-03")]) from exc
    last = month_end(first.year, first.month)
    s = ctx.settings
    cases = queries.advisors_cases_in_month(ctx.db, month)
    lines = []
    for a in queries.advisors_with_community(ctx.db):
        under_contract = (
            a["status"] != "解聘"
            and (a["contract_start"] is None or a["contract_start"] <= last.isoformat())
            and (a["contract_end"] is None or a["contract_end"] >= first.isoformat())
        )
        taken = tuple(cases.get(a["id"], ()))
        if not under_contract and not taken:
            continue
        lines.append(
            SubsidyLine(
                a["id"],
                a["name"],
                a["firm"],
                a["community_name"],
                s.subsidy_base_monthly if under_contract else 0.0,
                taken,
                s.subsidy_per_case,
            )
        )
    return lines
