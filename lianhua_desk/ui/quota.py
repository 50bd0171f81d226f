"""The quota matrix: community × month, red / amber / green, the reason on hover.

Ended periods are judged by services.stats.quota_shortfalls (the same rule the
statistics and the annual report use). A week counts in the month holding its
Thursday, a quarter in its last month, the year in December. The running month is
shown as progress so far: service hours against the monthly quota.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from ..domain import rules
from ..services import stats
from ..services.context import Context
from ..store import queries
from .columns import AMBER, GREEN, GREY, RED, number
from .i18n import _, is_english
from .table_model import (
    BACKGROUND_ROLE,
    DISPLAY_ROLE,
    ENABLED_SELECTABLE,
    HORIZONTAL,
    NO_FLAGS,
    TEXTALIGNMENT_ROLE,
    TOOLTIP_ROLE,
    VERTICAL,
)

SHORT, WARN, OK, RUNNING, FUTURE = "short", "warn", "ok", "running", "future"
COLORS = {SHORT: RED, WARN: AMBER, OK: GREEN, RUNNING: "#e8f0fe", FUTURE: GREY}
MARKS = {SHORT: "✗", WARN: "!", OK: "✓", RUNNING: "…", FUTURE: ""}
STATE_TEXT = {
    SHORT: "未达标",
    WARN: "部分未达标",
    OK: "达标",
    RUNNING: "本月进行中",
    FUTURE: "未到期",
}


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
        out = dict.fromkeys(COLORS, 0)
        for c in self.cells.values():
            out[c.state] += 1
        return out


def shortfall_month(s: rules.Shortfall, year: int) -> int | None:
    if s.rule == "duty_weekly":
        iso_year, week = s.period.split("-W")
        thursday = dt.date.fromisocalendar(int(iso_year), int(week), 4)
        return thursday.month if thursday.year == year else None
    if s.rule == "service_hours":
        return int(s.period[5:7])
    if s.rule == "lecture_quarterly":
        return 3 * int(s.period[-1])
    return 12


def reason_text(s: rules.Shortfall) -> str:
    return _("{period} {rule}：要求 {required}，实际 {actual}").format(
        period=s.period,
        rule=_(rules.RULE_LABELS[s.rule]),
        required=number(s.required),
        actual=number(s.actual),
    )


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def quota_matrix(ctx: Context, year: int, today: dt.date) -> QuotaMatrix:
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
            if _month_end(year, month) < today:
                short = per_month.get(month, [])
                duty = sum(1 for s in short if s.rule == "duty_weekly")
                severe = duty >= 2 or any(
                    s.rule in ("service_hours", "publicity_yearly") for s in short
                )
                state = SHORT if severe else WARN if short else OK
                cells[(name, month)] = QuotaCell(state, [reason_text(s) for s in short])
            elif month == running_month:
                hours = progress.get(cid, {}).get("hours", {})
                done = sum(hours.values())
                need = settings.quota_hours_per_month
                note = _("本月已服务 {done} 小时（要求 {need} 小时）").format(
                    done=number(done), need=number(need)
                )
                cells[(name, month)] = QuotaCell(RUNNING, [note])
            else:
                cells[(name, month)] = QuotaCell(FUTURE, [])
    return QuotaMatrix(year, list(names.values()), cells)


class QuotaModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix: QuotaMatrix | None = None

    def set_matrix(self, matrix: QuotaMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.communities)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else 12

    def headerData(self, section: int, orientation, role=DISPLAY_ROLE):
        if role == DISPLAY_ROLE and self.matrix is not None:
            if orientation == HORIZONTAL and 0 <= section < 12:
                if is_english():
                    return calendar.month_abbr[section + 1]
                return f"{section + 1}月"
            if orientation == VERTICAL and 0 <= section < len(self.matrix.communities):
                return self.matrix.communities[section]
        return None

    def data(self, index: QModelIndex, role=DISPLAY_ROLE):
        if not index.isValid() or self.matrix is None:
            return None
        cell = self.matrix.cell(self.matrix.communities[index.row()], index.column() + 1)
        if role == DISPLAY_ROLE:
            return MARKS[cell.state]
        if role == BACKGROUND_ROLE:
            return QColor(COLORS[cell.state])
        if role == TOOLTIP_ROLE:
            head = f"{self.matrix.communities[index.row()]} {self.matrix.year}-{index.column() + 1:02d}"
            return "\n".join([head, _(STATE_TEXT[cell.state]), *cell.reasons])
        if role == TEXTALIGNMENT_ROLE:
            return int(Qt.AlignCenter)
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return NO_FLAGS
        return ENABLED_SELECTABLE
