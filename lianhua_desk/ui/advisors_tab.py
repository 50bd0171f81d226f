"""法律顾问值班: advisors, the duty roster (rotation and attendance), the service
ledger, publicity events, the quota matrix, subsidies, and the community list."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.numbers import money
from ..services import roster
from ..services.context import HOLIDAYS, SETTINGS
from .host import Host, ReloadWhenShown
from .i18n import _, entity_label, enum_text
from .list_panel import ListPanel
from .quota import QuotaModel, quota_matrix
from .roster_dialog import RosterDialog
from .table_model import RowsModel


class QuotaPanel(ReloadWhenShown, QWidget):
    """The community × month matrix for a chosen year."""

    # Its rows are communities (by name); its cells count shifts, service hours and
    # lectures (services) and events against the settings' quotas, over periods
    # that the holidays decide (a week of holidays owes no duty).
    depends_on = frozenset({"communities", "shifts", "services", "events", SETTINGS, HOLIDAYS})

    def __init__(self, host: Host, parent=None):
        super().__init__(parent)
        self.host = host
        self._dirty = True
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(host.today().year)
        self.year.setPrefix(_("年度 "))
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.model = QuotaModel(self)
        view = QTableView()
        view.setModel(self.model)
        view.setObjectName("quota_matrix")
        view.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        view.setSelectionMode(QAbstractItemView.NoSelection)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(view, 1)
        host.changed.connect(self._on_change)

    def reload(self) -> None:
        self._dirty = False
        year, today = self.year.value(), self.host.today()
        self.host.runner.run(
            _("正在统计…"),
            lambda ctx, _p: quota_matrix(ctx, year, today),
            self._show,
            parent=self,
            cancellable=False,
        )

    def _show(self, matrix) -> None:
        self.model.set_matrix(matrix)
        n = matrix.counts()
        self.summary.setText(
            _("未达标 {s} 个社区月，部分未达标 {w} 个，达标 {o} 个。悬停单元格查看原因。").format(
                s=n["short"], w=n["warn"], o=n["ok"]
            )
        )


class SubsidyPanel(QWidget):
    """一案一补: the monthly statement per advisor."""

    # Advisors (name, firm, contract) with their community's name, the cases each took
    # part in that month, and the settings' base and per-case amounts.
    depends_on = frozenset({"advisors", "communities", "cases", SETTINGS})

    def __init__(self, host: Host, parent=None):
        super().__init__(parent)
        self.host = host
        today = host.today()
        self.month = QDateEdit(QDate(today.year, today.month, 1))
        self.month.setDisplayFormat("yyyy-MM")
        self.month.dateChanged.connect(lambda _d: self.reload())
        self.model = RowsModel(
            [
                _("法律顾问"),
                _("律师事务所"),
                _("服务社区"),
                _("基本补贴"),
                _("参与调解案件"),
                _("案件补贴"),
                _("合计"),
            ],
            parent=self,
        )
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        self.total = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("月份")))
        top.addWidget(self.month)
        top.addWidget(self.total, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(view, 1)
        host.changed.connect(self._on_change)

    def _on_change(self, change) -> None:
        # Reloaded whenever shown (showEvent), so only a visible one needs telling.
        if self.isVisible() and change.touches(self.depends_on):
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        month = self.month.date().toString("yyyy-MM")
        lines = roster.subsidy_statement(self.host.ctx, month)
        self.model.set_rows(
            [
                [
                    line.advisor,
                    line.firm,
                    line.community,
                    money(line.base),
                    "、".join(line.cases),
                    money(line.case_amount),
                    money(line.total),
                ]
                for line in lines
            ]
        )
        self.total.setText(
            _("合计 {total} 元").format(total=money(sum(line.total for line in lines)))
        )


class AdvisorsTab(QWidget):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_advisors")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("advisor_tabs")
        self.advisors = ListPanel(host, "advisors")
        self.shifts = ListPanel(host, "shifts")
        self.shifts.add_button(_("生成轮值…"), self.generate_rotation, "generate")
        mark = self.shifts.add_button(_("标记到岗情况"), lambda: None, "mark")
        menu = QMenu(mark)
        for status in ("已到岗", "缺勤", "调班", "计划"):
            menu.addAction(enum_text(status), lambda s=status: self.mark(s))
        mark.setMenu(menu)
        self.services = ListPanel(host, "services", hidden=())
        self.events = ListPanel(host, "events")
        self.quota = QuotaPanel(host)
        self.subsidy = SubsidyPanel(host)
        self.communities = ListPanel(host, "communities")
        for widget, title in (
            (self.advisors, entity_label(self.advisors.entity)),
            (self.shifts, entity_label(self.shifts.entity)),
            (self.services, entity_label(self.services.entity)),
            (self.events, entity_label(self.events.entity)),
            (self.quota, _("达标情况")),
            (self.subsidy, _("补贴")),
            (self.communities, entity_label(self.communities.entity)),
        ):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def current_panel(self) -> ListPanel | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ListPanel) else None

    def generate_rotation(self) -> RosterDialog:
        community = self.shifts.community.currentData() if self.shifts.community else None
        dialog = RosterDialog(self.host, community, self)
        dialog.open()
        return dialog

    def mark(self, status: str) -> None:
        shift_id = self.shifts.current_id()
        if shift_id is None:
            self.host.status.emit(_("请先选择一条记录"))
            return
        self.host.call(roster.mark_attendance, shift_id, status, parent=self)
