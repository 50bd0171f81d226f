"""案卷评查 in the case list: a 评查 column, the filter 只看有问题的案件, and the
selected case's problems.

The review (services/review.py) reads a whole year's cases with their parts, so it
runs on the background worker, once per year the list shows, and again after any
change to what it reads. Painting a row only looks its case up in the result.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.review import RULES
from ..services import review
from .host import Host
from .i18n import _
from .table_model import Column, RowsModel
from .tasks import report_failure

# What a review reads: a change to any of it makes the result stale.
REVIEW_READS = frozenset(
    {"cases", "parties", "case_records", "visits", "petitions", "settings", "holidays"}
)
PROBLEM_COLOR = "#fce8b2"
OK_MARK = "✓"
MAX_FILTERED_ROWS = 5000  # the filter loads the list's rows up to this many


def rule_title(rule: str) -> str:
    return _(RULES.get(rule, rule))


class ReviewCache(QObject):
    """Each reviewed year's problems by case id, computed in the background."""

    updated = Signal()

    def __init__(self, host: Host, parent: QObject | None = None):
        super().__init__(parent)
        self.host = host
        self.by_case: dict[str, list] = {}
        self.done: set[int] = set()
        self.pending: set[int] = set()
        self.wanted: set[int] = set()  # years asked for: reviewed again after a change
        self._generation = 0
        host.changed.connect(self._on_change)

    def problems_of(self, case: dict | None) -> list | None:
        """The case's problems; None while its year is being reviewed (asked for here)."""
        if case is None:
            return None
        year = int(str(case.get("received_date") or "0")[:4] or 0)
        if year and year not in self.done:
            self.request(year)
            return None
        return self.by_case.get(case["id"], [])

    def request(self, year: int) -> None:
        if year in self.done or year in self.pending:
            return
        self.wanted.add(year)
        self.pending.add(year)
        # Not from inside a paint: the job's progress dialog is a widget.
        QTimer.singleShot(0, lambda: self._start(year, self._generation))

    def _start(self, year: int, generation: int) -> None:
        if generation != self._generation:
            return
        today = self.host.today()

        def work(ctx, progress):
            progress.check()
            return review.review(ctx, year, today=today)

        def done(result) -> None:
            if generation != self._generation:
                return  # stale: a change came in meanwhile; asked again already
            self.pending.discard(year)
            self.done.add(year)
            for case in result.cases:
                self.by_case[case.case_id] = list(case.problems)
            self.updated.emit()

        def failed(info) -> None:
            if generation == self._generation:
                self.pending.discard(year)
            report_failure(info)

        owner = self.parent() if isinstance(self.parent(), QWidget) else None
        self.host.runner.run(_("正在评查案卷…"), work, done, failed, owner, cancellable=False)

    def _on_change(self, change) -> None:
        if change.touches(REVIEW_READS) and (self.done or self.pending):
            self.invalidate()

    def invalidate(self) -> None:
        """Forget every result; review again the years asked for."""
        self._generation += 1
        self.by_case.clear()
        self.done.clear()
        self.pending.clear()
        for year in sorted(self.wanted):
            self.request(year)
        self.updated.emit()


def review_column(cache: ReviewCache) -> Column:
    """评查: the number of problems the review finds in the case, or ✓."""

    def text(row: dict) -> str:
        found = cache.problems_of(row)
        if found is None:
            return ""
        return _("{n} 项").format(n=len(found)) if found else OK_MARK

    def color(row: dict):
        found = cache.problems_of(row)
        return QColor(PROBLEM_COLOR) if found else None

    def tooltip(row: dict):
        found = cache.problems_of(row)
        return "\n".join(f"{rule_title(p.rule)}：{p.message}" for p in found) if found else None

    return Column(
        key="_review",
        header=_("评查"),
        text=text,
        background=color,
        tooltip=tooltip,
        width=64,
    )


class ProblemFilter(QCheckBox):
    """只看有问题的案件: hides the list's rows the review found nothing wrong with."""

    def __init__(self, panel, cache: ReviewCache, parent: QWidget | None = None):
        super().__init__(_("只看有问题的案件"), parent)
        self.setObjectName("filter_problems")
        self.panel, self.cache = panel, cache
        self.count = QLabel()
        self.count.setObjectName("problem_count")
        self._queued = False
        self._hiding = False  # some rows may be hidden: showing all again needs a pass
        self.toggled.connect(lambda _on: self.apply())
        model = panel.model
        model.modelReset.connect(self.queue)
        model.rowsInserted.connect(self.queue)
        cache.updated.connect(self.queue)

    def queue(self) -> None:
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self.apply)

    def apply(self) -> None:
        self._queued = False
        view, model = self.panel.view, self.panel.model
        on = self.isChecked()
        if not on and not self._hiding:
            return
        self._hiding = on
        if on:
            root = view.rootIndex()
            while model.canFetchMore(root) and model.rowCount() < MAX_FILTERED_ROWS:
                model.fetchMore(root)
        flagged = 0
        for row in range(model.rowCount()):
            hide = False
            if on:
                found = self.cache.problems_of(model.record(row))
                hide = found is not None and not found
                flagged += bool(found)
            view.setRowHidden(row, hide)
        self.count.setText(_("有问题 {n} 件").format(n=flagged) if on else "")


class ProblemsPanel(QWidget):
    """The selected case's problems: the rule and what is wrong."""

    counted = Signal(object)  # the number of problems, None while unknown

    def __init__(self, cache: ReviewCache, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problems")
        self.cache = cache
        self.case: dict | None = None
        self.summary = QLabel()
        self.summary.setObjectName("problems_summary")
        self.summary.setWordWrap(True)
        self.model = RowsModel([_("评查项目"), _("问题")], parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        cache.updated.connect(self.refresh)

    def set_case(self, case: dict | None) -> None:
        self.case = case
        self.refresh()

    def refresh(self) -> None:
        found = self.cache.problems_of(self.case) if self.case else None
        if self.case is None:
            self.summary.setText(_("请在上方选择一件案件"))
        elif found is None:
            self.summary.setText(_("正在评查…"))
        elif not found:
            self.summary.setText(_("评查未发现问题 ✓"))
        else:
            self.summary.setText(
                _("案件 {no} 评查发现 {n} 个问题：").format(no=self.case["case_no"], n=len(found))
            )
        rows = [[rule_title(p.rule), p.message] for p in (found or [])]
        self.model.set_rows(rows)
        self.view.resizeRowsToContents()
        self.counted.emit(None if found is None else len(found))
