"""Generate a duty rotation: every chosen weekday over a date range, previewed first.

The preview comes from services.roster.plan_rotation and shows each date's fate:
booked, skipped for a holiday (and where it moved to, e.g. a make-up working day),
already on the roster, or refused because the advisor sits elsewhere then.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
)

from ..domain.records import ValidationError
from ..domain.workcalendar import WEEKDAYS, weekday_name
from ..services import lookups, roster
from .columns import AMBER, GREEN, GREY, RED
from .host import Host
from .i18n import _
from .table_model import RowsModel


def plan_rows(plan: roster.RosterPlan) -> list[list]:
    """One row per date the rotation touches, in date order."""
    moved_to = dict(plan.moved)
    events: list[tuple[dt.date, str, str, str]] = []
    for d in plan.dates:
        events.append((d, _("安排值班"), "", GREEN))
    for d, name in plan.skipped:
        target = moved_to.get(d)
        note = (_("改到 {day}").format(day=target.isoformat())) if target else _("本周无工作日")
        events.append((d, _("跳过：{name}").format(name=_(name)), note, GREY))
    for d in plan.existing:
        events.append((d, _("已有安排"), "", AMBER))
    for d, where in plan.double_booked:
        events.append((d, _("顾问已在别处值班"), where, RED))
    events.sort(key=lambda e: e[0])
    return [
        [(d.isoformat(), QColor(color), None), (weekday_text(d), None, None), what, note]
        for d, what, note, color in events
    ]


def weekday_text(d: dt.date) -> str:
    return _(weekday_name(d))


class RosterDialog(QDialog):
    def __init__(self, host: Host, community_id: str | None = None, parent=None):
        super().__init__(parent)
        self.host = host
        self.plan: roster.RosterPlan | None = None
        self.setWindowTitle(_("生成值班轮值"))
        db = host.ctx.db
        self.community = QComboBox()
        for cid, name in lookups.choices(db, "communities"):
            self.community.addItem(name, cid)
        if community_id:
            self.community.setCurrentIndex(max(0, self.community.findData(community_id)))
        self.advisor = QComboBox()
        self._advisors = {
            a["id"]: a for a in lookups.advisors_with_community(db)
        }  # id → row, for the community's own advisor
        for aid, name in lookups.choices(db, "advisors"):
            self.advisor.addItem(name, aid)
        self.weekday = QComboBox()
        for i, name in enumerate(WEEKDAYS):
            self.weekday.addItem(_(name), i)
        self.weekday.setCurrentIndex(2)  # Wednesday, as in the seed
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(12, 0))
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        today = host.today()
        self.date_from = QDateEdit(QDate(today))
        self.date_to = QDateEdit(QDate(today.year, 12, 31))
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("如：社区党群服务中心"))

        form = QFormLayout()
        form.addRow(_("社区"), self.community)
        form.addRow(_("法律顾问"), self.advisor)
        form.addRow(_("每周"), self.weekday)
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end)
        form.addRow(_("时间"), times)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        form.addRow(_("日期范围"), dates)
        form.addRow(_("值班地点"), self.location)

        self.preview = RowsModel([_("日期"), _("星期"), _("结果"), _("说明")], parent=self)
        view = QTableView()
        view.setModel(self.preview)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        # A year without holiday data: said plainly, and 生成 waits for the tick.
        self.uncovered = QLabel()
        self.uncovered.setObjectName("uncovered")
        self.uncovered.setWordWrap(True)
        self.uncovered.setStyleSheet(
            "color: #8a4b00; background: #fff4e5; border: 1px solid #f0c36d; padding: 6px;"
        )
        self.uncovered.hide()
        self.confirm_uncovered = QCheckBox(_("我已知晓，仍要生成（假日可能未被跳过）"))
        self.confirm_uncovered.setObjectName("confirm_uncovered")
        self.confirm_uncovered.hide()
        self.confirm_uncovered.toggled.connect(lambda _on: self._enable_generate())

        buttons = QDialogButtonBox()
        self.generate_button = buttons.addButton(_("生成"), QDialogButtonBox.AcceptRole)
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.generate)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("预览")))
        layout.addWidget(view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.uncovered)
        layout.addWidget(self.confirm_uncovered)
        layout.addWidget(buttons)
        self.resize(620, 640)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.update_preview)
        self.community.currentIndexChanged.connect(self._community_changed)
        for signal in (
            self.advisor.currentIndexChanged,
            self.weekday.currentIndexChanged,
            self.start.timeChanged,
            self.end.timeChanged,
            self.date_from.dateChanged,
            self.date_to.dateChanged,
        ):
            signal.connect(lambda *_a: self._timer.start())
        self._community_changed()

    def _community_changed(self) -> None:
        """Offer the community's own advisor first."""
        cid = self.community.currentData()
        own = next((a for a in self._advisors.values() if a["community_id"] == cid), None)
        if own is not None:
            self.advisor.setCurrentIndex(max(0, self.advisor.findData(own["id"])))
        if not self.location.text().strip() and self.community.currentText():
            self.location.setPlaceholderText(self.community.currentText() + _("党群服务中心"))
        self._timer.start()

    def _args(self) -> tuple:
        return (
            self.community.currentData(),
            self.advisor.currentData(),
            self.weekday.currentData(),
            self.start.time().toString("HH:mm"),
            self.end.time().toString("HH:mm"),
            self.date_from.date().toString("yyyy-MM-dd"),
            self.date_to.date().toString("yyyy-MM-dd"),
        )

    def update_preview(self) -> None:
        self._timer.stop()
        args = self._args()
        if not args[0] or not args[1]:
            self.summary.setText(_("请先选择社区和法律顾问"))
            self._show_uncovered([])
            self.generate_button.setEnabled(False)
            return
        try:
            self.plan = roster.plan_rotation(self.host.ctx, *args)
        except ValidationError as exc:
            self.plan = None
            self.preview.set_rows([])
            self.summary.setText("；".join(e.reason for e in exc.errors))
            self.summary.setStyleSheet("color: #c5221f;")
            self._show_uncovered([])
            self.generate_button.setEnabled(False)
            return
        self.summary.setStyleSheet("")
        self.preview.set_rows(plan_rows(self.plan))
        p = self.plan
        self.summary.setText(
            _(
                "将安排 {n} 次值班；跳过节假日 {s} 次（其中改期 {m} 次）；已有 {e} 次；冲突 {d} 次。"
            ).format(
                n=len(p.dates),
                s=len(p.skipped),
                m=len(p.moved),
                e=len(p.existing),
                d=len(p.double_booked),
            )
        )
        self._show_uncovered(p.uncovered_years)
        self._enable_generate()

    def _show_uncovered(self, years: list[int]) -> None:
        text = roster.uncovered_message(years, _(roster.UNCOVERED_TEXT)) if years else ""
        if text != self.uncovered.text():  # a new range asks again
            self.confirm_uncovered.setChecked(False)
        self.uncovered.setText(text)
        self.uncovered.setVisible(bool(years))
        self.confirm_uncovered.setVisible(bool(years))

    def _ready(self) -> bool:
        p = self.plan
        return (
            p is not None
            and bool(p.dates)
            and (not p.uncovered_years or self.confirm_uncovered.isChecked())
        )

    def _enable_generate(self) -> None:
        self.generate_button.setEnabled(self._ready())

    def generate(self) -> None:
        self.update_preview()
        if not self._ready():
            return
        location = self.location.text().strip() or self.location.placeholderText() or None
        plan = self.host.call(
            roster.generate_rotation,
            *self._args(),
            location=location,
            confirm_uncovered=self.confirm_uncovered.isChecked(),
            parent=self,
        )
        if plan is None:
            return
        self.host.announce(plan.change, self.parentWidget())
        self.host.status.emit(_("已生成 {n} 次值班").format(n=len(plan.dates)))
        self.accept()
