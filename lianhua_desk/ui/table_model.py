"""Table models: one lazy model over SQL for every entity list, and a small
in-memory model for short derived tables (previews, history, deadlines).

The lazy model holds the ids of the rows loaded so far, a page at a time
(canFetchMore / fetchMore), and a bounded cache of row contents fetched by id for
the rows actually painted. Sorting by a column asks SQL for a new order; nothing is
sorted in Python, so a million rows sort as fast as the index allows.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..services import lookups

# Qt's enum lookups cost microseconds each; data() runs for every painted cell.
BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
TEXTALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
ENABLED_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
NO_FLAGS = Qt.ItemFlag.NoItemFlags
HORIZONTAL = Qt.Orientation.Horizontal
VERTICAL = Qt.Orientation.Vertical


ID_ROLE = Qt.UserRole + 1
_ALIGN_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
# A figure as domain.numbers writes it ('1,266,100', '3,000.00', '7.5', '12'): a short
# table right-aligns such a cell, so amounts line up on their last digit.
_FIGURE = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")


def row_header(section: int, role) -> str | None:
    """The row number, as Qt's default would give (its base headerData is avoided:
    see lianhua_desk/ui/__init__.py)."""
    return str(section + 1) if role == DISPLAY_ROLE else None


@dataclass
class Column:
    key: str
    header: str
    text: Callable[[dict], str]
    sort: str | None = None  # field name ORDER BY can use; None: not sortable
    numeric: bool = False
    background: Callable[[dict], QColor | None] | None = None
    tooltip: Callable[[dict], str | None] | None = None
    width: int = 110


class LazyTableModel(QAbstractTableModel):
    PAGE = 200
    CACHE_ROWS = 2000
    FETCH_AROUND = 100

    def __init__(
        self,
        db,
        query: lookups.ListQuery,
        columns: list[Column],
        settings_fn: Callable[[], Any] | None = None,
        today_fn: Callable[[], Any] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.db, self.query, self.columns = db, query, columns
        self._settings_fn, self._today_fn = settings_fn, today_fn
        self._ids: list[str] = []
        self._total = 0
        self._cache: OrderedDict[str, dict] = OrderedDict()
        self._load()

    # --- querying --------------------------------------------------------------

    def _extra(self) -> tuple:
        settings = self._settings_fn() if self._settings_fn else None
        today = self._today_fn() if self._today_fn else None
        return settings, today

    def _load(self) -> None:
        settings, today = self._extra()
        self._cache.clear()
        self._ids = lookups.page_ids(self.db, self.query, 0, self.PAGE, settings, today)
        if len(self._ids) < self.PAGE:
            # A short first page is every match: no count needed. For a rare keyword
            # this saves a second scan of the whole table.
            self._total = len(self._ids)
            return
        self._total = lookups.count(self.db, self.query, settings, today)

    def set_query(self, query: lookups.ListQuery) -> None:
        self.beginResetModel()
        self.query = query
        self._load()
        self.endResetModel()

    def refresh(self) -> None:
        """Reload after a change (same filters and order)."""
        self.set_query(self.query)

    @property
    def total(self) -> int:
        """Rows matching the query (all of them, not only those loaded)."""
        return self._total

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str) -> int:
        """The row of a loaded id, or -1."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def record(self, row: int) -> dict | None:
        record_id = self.id_at(row)
        if record_id is None:
            return None
        if record_id not in self._cache:
            self._fetch_rows(row)
        return self._cache.get(record_id)

    def _fetch_rows(self, row: int) -> None:
        start = max(0, row - self.FETCH_AROUND // 5)
        wanted = [i for i in self._ids[start : row + self.FETCH_AROUND] if i not in self._cache]
        for record_id, record in lookups.rows_by_id(self.db, self.query.entity, wanted).items():
            self._cache[record_id] = record
        while len(self._cache) > self.CACHE_ROWS:
            self._cache.popitem(last=False)

    # --- Qt model API ------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and len(self._ids) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid():
            return
        settings, today = self._extra()
        more = lookups.page_ids(self.db, self.query, len(self._ids), self.PAGE, settings, today)
        if not more:
            self._total = len(self._ids)  # rows vanished under us: stop asking
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._ids.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation, role=DISPLAY_ROLE):
        if orientation == HORIZONTAL and 0 <= section < len(self.columns):
            if role == DISPLAY_ROLE:
                return self.columns[section].header
            return None
        return row_header(section, role)

    def data(self, index: QModelIndex, role=DISPLAY_ROLE):
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        column = self.columns[index.column()]
        if role == TEXTALIGNMENT_ROLE:
            return _ALIGN_RIGHT if column.numeric else None
        if role not in (DISPLAY_ROLE, TOOLTIP_ROLE, BACKGROUND_ROLE):
            return None
        record = self.record(index.row())
        if record is None:
            return None
        if role == DISPLAY_ROLE:
            return column.text(record)
        if role == TOOLTIP_ROLE:
            return column.tooltip(record) if column.tooltip else None
        return column.background(record) if column.background else None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return NO_FLAGS
        return ENABLED_SELECTABLE

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort is None:
            return
        self.set_query(
            self.query.with_(sort=self.columns[column].sort, descending=order == Qt.DescendingOrder)
        )


class RowsModel(QAbstractTableModel):
    """A short table held in memory: headers, rows of cells, an optional payload per row.

    A cell is plain text, or (text, background QColor or None, tooltip or None). A cell
    whose text is a figure (money, a count) is right-aligned."""

    def __init__(self, headers: list[str], rows=(), payloads=(), parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[list] = [list(r) for r in rows]
        self.payloads: list = list(payloads) or [None] * len(self.rows)

    def set_rows(self, rows, payloads=()) -> None:
        self.beginResetModel()
        self.rows = [list(r) for r in rows]
        self.payloads = list(payloads) or [None] * len(self.rows)
        self.endResetModel()

    def payload(self, row: int):
        return self.payloads[row] if 0 <= row < len(self.payloads) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=DISPLAY_ROLE):
        if role == DISPLAY_ROLE and orientation == HORIZONTAL:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return row_header(section, role) if orientation == VERTICAL else None

    def data(self, index: QModelIndex, role=DISPLAY_ROLE):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        cell = row[index.column()] if index.column() < len(row) else ""
        text, color, tip = cell if isinstance(cell, tuple) else (cell, None, None)
        if role == DISPLAY_ROLE:
            return "" if text is None else str(text)
        if role == BACKGROUND_ROLE:
            return color
        if role == TOOLTIP_ROLE:
            return tip
        if role == TEXTALIGNMENT_ROLE:
            return _ALIGN_RIGHT if _FIGURE.fullmatch(str(text or "")) else None
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return NO_FLAGS
        return ENABLED_SELECTABLE
