"""首页: the quota matrix, deadlines due soon and overdue, the year's figures, charts.

Everything here is computed on the background worker (the statistics of a city's
decade take a noticeable moment) and painted when it arrives. What is shown is
decided by services (stats, quotas, deadlines); this module lays it out.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import statistics
from ..domain.numbers import count, money
from ..reports.palette import color_at
from ..services import stats
from ..services.context import ENTITY_NAMES, HOLIDAYS, SETTINGS
from ..services.deadlines import DeadlineItem, deadline_items, overdue_count
from ..services.stats import MONEY_KEYS
from .columns import STATE_COLORS, STATE_TEXT
from .host import Host, ReloadWhenShown
from .i18n import _, enum_text
from .quota import COLORS, MARKS, QuotaModel, quota_matrix
from .quota import STATE_TEXT as QUOTA_TEXT
from .table_model import RowsModel

FIGURES = statistics.FIGURES  # the year's declared figures, in declared order
TOP_CATEGORIES = 6
# The layout's sizes (pixels): below WIDE_FROM the charts move under the deadlines.
WIDE_FROM = 1500
UPPER_HEIGHT = 330
DEADLINE_HEIGHT = 220
CHART_HEIGHT = 240
DEADLINE_STRETCH = 2  # 当事人: the one column that gives way


def dashboard_data(ctx, year: int, today: dt.date) -> dict:
    return {
        "year": year,
        "stats": stats.year_stats(ctx, year, today),
        "matrix": quota_matrix(ctx, year, today),
        "deadlines": deadline_items(ctx, today),
    }


def _small_font() -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() - 2))
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


class Dashboard(ReloadWhenShown, QWidget):
    # What the dashboard shows, and so what reloads it (the import history does not):
    # - the quota matrix: communities, shifts, services, events, against the settings'
    #   quotas over periods the holidays decide;
    # - the year's figures and charts: the same activity plus cases and petitions
    #   (counts, categories, routes, amounts);
    # - the deadline list: open cases and petitions, the settings' day counts;
    # - advisors: read by none of these today, but an advisor edit is rare and the
    #   figures grow (services.stats), so every record kind reloads it.
    depends_on = ENTITY_NAMES | {SETTINGS, HOLIDAYS}

    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_dashboard")
        self.data: dict | None = None
        self._dirty = True
        self.loading = False

        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(host.today().year)
        self.year.setPrefix(_("年度 "))
        self.year.valueChanged.connect(lambda _v: self.reload())
        refresh = QPushButton(_("刷新"))
        refresh.clicked.connect(self.reload)
        self.stamp = QLabel()
        top.addWidget(self.year)
        top.addWidget(refresh)
        top.addWidget(self.stamp)
        top.addStretch(1)
        top.addWidget(self._legend())

        self.quota_model = QuotaModel(self)
        quota_view = QTableView()
        quota_view.setObjectName("quota_matrix")
        quota_view.setModel(self.quota_model)
        quota_view.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        quota_view.horizontalHeader().setMinimumSectionSize(30)
        quota_view.verticalHeader().setDefaultSectionSize(22)
        quota_view.setSelectionMode(QAbstractItemView.NoSelection)
        self.quota_box = QGroupBox(_("达标情况"))
        QVBoxLayout(self.quota_box).addWidget(quota_view)

        self.figures_box = QGroupBox(_("年度数据"))
        grid = QGridLayout(self.figures_box)
        self.figure_labels: dict[str, QLabel] = {}
        for i, figure in enumerate(FIGURES):
            value = QLabel("—")
            value.setObjectName(f"figure_{figure.key}")
            value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            value.setStyleSheet("font-weight: bold;")
            grid.addWidget(QLabel(_(figure.label)), i % 8, (i // 8) * 2)
            grid.addWidget(value, i % 8, (i // 8) * 2 + 1)
            self.figure_labels[figure.key] = value

        self.deadlines = RowsModel(
            [_("类型"), _("编号"), _("当事人"), _("期限"), _("到期日"), _("状态")], parent=self
        )
        deadline_view = QTableView()
        deadline_view.setObjectName("deadlines")
        deadline_view.setModel(self.deadlines)
        deadline_view.verticalHeader().hide()
        deadline_view.verticalHeader().setDefaultSectionSize(24)
        deadline_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        deadline_view.setWordWrap(False)
        deadline_view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        # Every column as wide as its text, the parties' names take what is left (and
        # are elided): the number, the due date and the state are never cut off.
        header = deadline_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(DEADLINE_STRETCH, QHeaderView.Stretch)
        self.deadline_view = deadline_view
        self.deadline_box = QGroupBox(_("临近期限与已超期"))
        QVBoxLayout(self.deadline_box).addWidget(deadline_view)

        self.category_chart = QChartView(_chart(_("调解案件按类别")))
        self.route_chart = QChartView(_chart(_("信访分流去向")))
        for view in (self.category_chart, self.route_chart):
            view.setRenderHint(QPainter.Antialiasing)
            view.setMinimumHeight(CHART_HEIGHT)

        upper = QSplitter()
        upper.addWidget(self.quota_box)
        upper.addWidget(self.figures_box)
        upper.setSizes([700, 420])
        upper.setMinimumHeight(UPPER_HEIGHT)
        self.lower = QGridLayout()
        self.lower.setContentsMargins(0, 0, 0, 0)
        self.wide: bool | None = None
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(upper, 3)
        body_layout.addLayout(self.lower, 2)
        self.body = body
        self._reflow(WIDE_FROM)
        # A narrow window scrolls down to the charts, never sideways.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        host.changed.connect(self._on_change)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow(event.size().width())

    def _reflow(self, width: int) -> None:
        """Wide: the deadlines and both charts side by side under the matrix. Narrow
        (a 1024-pixel laptop): the deadlines across the whole width, the charts below
        them side by side, reached by scrolling down."""
        wide = width >= WIDE_FROM
        if wide == self.wide:
            return
        self.wide = wide
        grid = self.lower
        for w in (self.deadline_box, self.category_chart, self.route_chart):
            grid.removeWidget(w)
        for c in range(3):
            grid.setColumnStretch(c, 0)
        if wide:
            grid.addWidget(self.deadline_box, 0, 0)
            grid.addWidget(self.category_chart, 0, 1)
            grid.addWidget(self.route_chart, 0, 2)
            for c, stretch in enumerate((5, 4, 4)):
                grid.setColumnStretch(c, stretch)
            self.deadline_box.setMinimumHeight(CHART_HEIGHT)
            self.body.setMinimumHeight(0)
        else:
            grid.addWidget(self.deadline_box, 0, 0, 1, 2)
            grid.addWidget(self.category_chart, 1, 0)
            grid.addWidget(self.route_chart, 1, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            self.deadline_box.setMinimumHeight(DEADLINE_HEIGHT)
            self.body.setMinimumHeight(UPPER_HEIGHT + DEADLINE_HEIGHT + CHART_HEIGHT + 20)

    def _legend(self) -> QLabel:
        parts = [
            f"<span style='background:{COLORS[s]}'>&nbsp;{MARKS[s] or '&nbsp;'}&nbsp;</span> "
            f"{_(QUOTA_TEXT[s])}"
            for s in COLORS
        ]
        return QLabel("&nbsp;&nbsp;".join(parts))

    def reload(self) -> None:
        """Recompute on the worker; the old figures stay until the new ones arrive."""
        self._dirty = False
        self.loading = True
        year, today = self.year.value(), self.host.today()
        self.stamp.setText(_("正在计算…"))
        self.host.runner.run(
            _("正在统计…"),
            lambda ctx, _progress: dashboard_data(ctx, year, today),
            self.populate,
            parent=self,
            cancellable=False,
        )

    def populate(self, data: dict) -> None:
        self.loading = False
        self.data = data
        year = data["year"]
        self.quota_box.setTitle(_("达标情况（{year}年）").format(year=year))
        self.quota_model.set_matrix(data["matrix"])
        s = data["stats"]
        for key, widget in self.figure_labels.items():
            widget.setText(money(s[key]) if key in MONEY_KEYS else count(s[key]))
        self.figures_box.setTitle(_("{year}年数据").format(year=year))
        self._fill_deadlines(data["deadlines"])
        self._fill_charts(s)
        self.stamp.setText(_("截至 {day}").format(day=self.host.today().isoformat()))

    def _fill_deadlines(self, items: list[DeadlineItem]) -> None:
        rows = []
        for item in items:
            d = item.deadline
            color = QColor(STATE_COLORS[d.state])
            kind = _("调解") if item.entity == "cases" else _("信访")
            rows.append(
                [
                    kind,
                    item.number,
                    item.who,
                    _(d.what),
                    d.due.isoformat(),
                    (_(STATE_TEXT[d.state]), color, None),
                ]
            )
        self.deadlines.set_rows(rows, items)
        overdue = overdue_count(items)
        self.deadline_box.setTitle(
            _("临近期限与已超期（超期 {o}，即将到期 {s}）").format(
                o=overdue, s=len(items) - overdue
            )
        )

    def _fill_charts(self, s: dict) -> None:
        # Horizontal bars: the category names need the room a vertical axis gives.
        chart = _chart(_("调解案件按类别"))
        bars = QBarSet(_("案件"))
        bars.setColor(QColor(color_at(0)))
        # The six biggest categories and the rest together: more bars than that do
        # not fit the chart's height with readable names.
        ranked = sorted(s["by_category"].items(), key=lambda kv: -kv[1])
        shown = [(enum_text(c), n) for c, n in ranked[:TOP_CATEGORIES]]
        rest = sum(n for _c, n in ranked[TOP_CATEGORIES:])
        if rest:
            shown.append((_("其余类别"), rest))
        shown.reverse()  # the biggest on top
        categories = [name for name, _n in shown]
        for _name, n in shown:
            bars.append(n)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append(categories or [""])
        y.setLabelsFont(_small_font())  # twelve categories must fit the height unelided
        x = QValueAxis()
        x.setLabelFormat("%d")
        x.setRange(0, max([*s["by_category"].values(), 1]) * 1.15)
        x.applyNiceNumbers()
        x.setLabelsFont(_small_font())
        chart.addAxis(y, Qt.AlignLeft)
        chart.addAxis(x, Qt.AlignBottom)
        series.attachAxis(y)
        series.attachAxis(x)
        self.category_chart.setChart(chart)

        chart = _chart(_("信访分流去向"))
        pie = QPieSeries()
        for i, (route, n) in enumerate(s["by_route"].items()):
            piece = pie.append(f"{enum_text(route)} {n}", n)
            piece.setColor(QColor(color_at(i)))  # one hue each, not the theme's blues
            piece.setBorderColor(QColor("white"))
        chart.addSeries(pie)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignRight)
        chart.legend().setFont(_small_font())
        chart.legend().setShowToolTips(True)
        self.route_chart.setChart(chart)
