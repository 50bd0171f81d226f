"""The quota matrix on screen: community × month, red / amber / green, the reason on hover.

How each cell is judged (and the reason texts) is services.quotas; this module
only colours and marks the states it returns.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from ..domain.periods import month_label
from ..services import quotas
from ..services.context import Context
from ..services.quotas import (  # noqa: F401 (the names the window and the tests import)
    FUTURE,
    OK,
    RUNNING,
    SHORT,
    STATE_TEXT,
    WARN,
    QuotaCell,
    QuotaMatrix,
)
from .columns import AMBER, GREEN, GREY, RED
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

COLORS = {SHORT: RED, WARN: AMBER, OK: GREEN, RUNNING: "#e8f0fe", FUTURE: GREY}
MARKS = {SHORT: "✘", WARN: "!", OK: "✓", RUNNING: "…", FUTURE: ""}


def quota_matrix(ctx: Context, year: int, today: dt.date) -> QuotaMatrix:
    """The services' matrix with its texts in the window's language (worker-safe)."""
    return quotas.quota_matrix(ctx, year, today, tr=_)


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
            year, month = self.matrix.year, index.column() + 1
            when = (
                f"{calendar.month_abbr[month]} {year}" if is_english() else month_label(year, month)
            )
            head = f"{self.matrix.communities[index.row()]} {when}"
            return "\n".join([head, _(STATE_TEXT[cell.state]), *cell.reasons])
        if role == TEXTALIGNMENT_ROLE:
            return int(Qt.AlignCenter)
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return NO_FLAGS
        return ENABLED_SELECTABLE
