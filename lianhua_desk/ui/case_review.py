"""案卷评查 in the case list: a 评查 column, the filter 只看有问题的案件, and the
selected case's problems.

A row painted asks for its case's problems; the cases asked for in one turn of the
event loop, with the list's loaded rows around each (as the list model fetches rows by
id around a painted one), are reviewed in one background job
(services.review.review_cases). Never the case's whole year: on a city-scale database
that is 200,000 cases and their 400,000 parties, 1.4 GB of Python objects held while
the review ran (measured, session 6). The results are kept for the last MAX_CASES
cases asked for, and forgotten after any change to what a review reads.
"""

from __future__ import annotations

from collections import OrderedDict

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
# The loaded rows reviewed along with one asked for: a screen or two below it, a few
# above (LazyTableModel fetches row contents the same way).
AROUND_BEFORE, AROUND_AFTER = 20, 100


def rule_title(rule: str) -> str:
    return _(RULES.get(rule, rule))


def _year(case: dict) -> int:
    return int(str(case.get("received_date") or "0")[:4] or 0)


class ReviewCache(QObject):
    """The problems of the cases the list asks for, by case id, computed in the
    background a batch at a time; the last MAX_CASES asked for are kept."""

    updated = Signal()
    # Above what the filter holds (MAX_FILTERED_ROWS rows, each asked for on every
    # pass): a smaller bound would evict what the same pass asks for again.
    MAX_CASES = 2 * MAX_FILTERED_ROWS

    def __init__(self, host: Host, parent: QObject | None = None):
        super().__init__(parent)
        self.host = host
        self.by_case: OrderedDict[str, list] = OrderedDict()
        self.pending: set[str] = set()  # case ids queued or being reviewed
        # Years of the cases asked for, once none asked for is still being reviewed.
        self.done: set[int] = set()
        self._asked_years: set[int] = set()
        self._queue: list[str] = []
        self._model = None  # the list whose loaded rows are reviewed along (follow)
        self._generation = 0
        host.changed.connect(self._on_change)

    def follow(self, model) -> None:
        """Review `model`'s loaded rows around a case asked for along with it (one job
        for a screenful instead of one per painted row)."""
        self._model = model

    def problems_of(self, case: dict | None) -> list | None:
        """The case's problems; None while it is being reviewed (asked for here)."""
        if case is None:
            return None
        found = self.by_case.get(case["id"])
        if found is None:
            self.request(case)
            return None
        self.by_case.move_to_end(case["id"])
        return found

    def _around(self, case_id: str) -> list[str]:
        model = self._model
        row = model.row_of(case_id) if model is not None else -1
        if row < 0:
            return []
        rows = range(max(0, row - AROUND_BEFORE), min(model.rowCount(), row + AROUND_AFTER))
        return [model.id_at(r) for r in rows]

    def request(self, case: dict) -> None:
        case_id = case["id"]
        if case_id in self.pending:
            return
        if year := _year(case):
            self.done.discard(year)
            self._asked_years.add(year)
        wanted = dict.fromkeys([case_id, *self._around(case_id)])
        fresh = [i for i in wanted if i not in self.by_case and i not in self.pending]
        first = not self._queue
        self.pending.update(fresh)
        self._queue.extend(fresh)
        if first:
            # Not from inside a paint: the job's progress dialog is a widget. The rest
            # of this paint's rows join the same job.
            generation = self._generation
            QTimer.singleShot(0, lambda: self._start(generation))

    def _start(self, generation: int) -> None:
        if generation != self._generation:
            return
        ids, self._queue = self._queue, []
        if not ids:
            return
        today = self.host.today()

        def work(ctx, progress):
            progress.check()
            return review.review_cases(ctx, ids, today=today)

        def done(result) -> None:
            if generation != self._generation:
                return  # stale: a change came in meanwhile; asked again on the next paint
            for case_id in ids:
                self.pending.discard(case_id)
                self.by_case[case_id] = list(result.get(case_id, ()))  # deleted: nothing
                self.by_case.move_to_end(case_id)
            while len(self.by_case) > self.MAX_CASES:
                self.by_case.popitem(last=False)
            if not self.pending:
                self.done |= self._asked_years
                self._asked_years.clear()
            self.updated.emit()

        def failed(info) -> None:
            if generation == self._generation:
                self.pending.difference_update(ids)
            report_failure(info)

        owner = self.parent() if isinstance(self.parent(), QWidget) else None
        self.host.runner.run(_("正在评查案卷…"), work, done, failed, owner, cancellable=False)

    def _on_change(self, change) -> None:
        if change.touches(REVIEW_READS) and (self.by_case or self.pending):
            self.invalidate()

    def invalidate(self) -> None:
        """Forget every result; the rows painted next ask for theirs again."""
        self._generation += 1
        self.by_case.clear()
        self.pending.clear()
        self.done.clear()
        self._asked_years.clear()
        self._queue = []
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
