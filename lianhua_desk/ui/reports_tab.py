"""报表导出: the annual report (with its two written sections), the roster sheet,
the subsidy statement and the monthly / quarterly statistics. Each document is
written on the background worker by its module in lianhua_desk.reports."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.records import ValidationError
from ..services import lookups
from ..services import reports as report_service
from ..services.database import StoreError
from . import errors, file_dialogs, report_actions
from .host import Host
from .i18n import _


def _date_edit(day: QDate, fmt: str = "yyyy-MM-dd") -> QDateEdit:
    edit = QDateEdit(day)
    edit.setCalendarPopup(fmt == "yyyy-MM-dd")
    edit.setDisplayFormat(fmt)
    return edit


class ReportsTab(QWidget):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_reports")
        today = host.today()
        grid = QGridLayout(self)
        grid.addWidget(self._annual_box(today), 0, 0, 3, 1)
        grid.addWidget(self._roster_box(today), 0, 1)
        grid.addWidget(self._subsidy_box(today), 1, 1)
        grid.addWidget(self._periodic_box(today), 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self._loaded_year = None
        self.load_texts()

    # --- the annual report ---------------------------------------------------------

    def _annual_box(self, today) -> QGroupBox:
        box = QGroupBox(_("法治政府建设年度报告"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year - 1 if today.month < 3 else today.year)
        self.year.setPrefix(_("年度 "))
        self.year.valueChanged.connect(lambda _v: self.load_texts())
        row.addWidget(self.year)
        row.addStretch(1)
        layout.addLayout(row)
        note = QLabel(_("“一、主要举措”中的数字由台账统计生成；下面两部分由您撰写，随数据库保存。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(QLabel(_("二、存在问题及形势研判")))
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("problems")
        layout.addWidget(self.problems, 1)
        layout.addWidget(QLabel(_("三、下一年度重点工作计划")))
        self.plans = QPlainTextEdit()
        self.plans.setObjectName("plans")
        layout.addWidget(self.plans, 1)
        buttons = QHBoxLayout()
        save = QPushButton(_("保存文字"))
        save.clicked.connect(self.save_texts)
        self.annual_button = QPushButton(_("生成年度报告 PDF…"))
        self.annual_button.clicked.connect(self.write_annual)
        self.annual_button.setEnabled(report_actions.available("annual"))
        buttons.addWidget(save)
        buttons.addStretch(1)
        buttons.addWidget(self.annual_button)
        layout.addLayout(buttons)
        return box

    def load_texts(self) -> None:
        year = self.year.value()
        texts = report_service.get_report_text(self.host.ctx, year)
        self.problems.setPlainText(texts.get("problems") or "")
        self.plans.setPlainText(texts.get("plans") or "")
        self._loaded_year = year

    def save_texts(self) -> bool:
        try:
            report_service.save_report_text(
                self.host.ctx,
                self.year.value(),
                self.problems.toPlainText(),
                self.plans.toPlainText(),
            )
        except report_service.ReportRefused as exc:
            errors.show_message(_("无法保存"), str(exc), self)
            return False
        except (StoreError, ValidationError) as exc:
            errors.show_message(_("无法保存"), str(exc), self)
            return False
        self.host.status.emit(_("年度报告文字已保存"))
        return True

    def save(self) -> None:
        """Ctrl+S on this tab saves the report's written sections."""
        self.save_texts()

    def _target(self, name: str, kinds: str = "PDF (*.pdf)") -> str | None:
        return file_dialogs.save_file(self, _("保存为"), name, kinds)

    def write_annual(self) -> None:
        if not self.save_texts():
            return
        year = self.year.value()
        if path := self._target(_("{year}年法治政府建设年度报告.pdf").format(year=year)):
            report_actions.write_document(
                self.host, "annual", (year,), path, self, today=self.host.today()
            )

    # --- other documents ---------------------------------------------------------------

    def _roster_box(self, today) -> QGroupBox:
        box = QGroupBox(_("值班表"))
        form = QFormLayout(box)
        self.roster_from = _date_edit(QDate(today.year, today.month, 1))
        self.roster_to = _date_edit(QDate(today.year, today.month, 1).addMonths(1).addDays(-1))
        dates = QHBoxLayout()
        dates.addWidget(self.roster_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.roster_to)
        self.roster_community = QComboBox()
        self.roster_community.addItem(_("全部社区"), None)
        for _cid, name in lookups.choices(self.host.ctx.db, "communities"):
            self.roster_community.addItem(name, name)
        button = QPushButton(_("生成值班表 PDF…"))
        button.setEnabled(report_actions.available("roster_sheet"))
        button.clicked.connect(self.write_roster)
        form.addRow(_("日期范围"), dates)
        form.addRow(_("社区"), self.roster_community)
        form.addRow(button)
        return box

    def write_roster(self) -> None:
        first = self.roster_from.date().toString("yyyy-MM-dd")
        last = self.roster_to.date().toString("yyyy-MM-dd")
        if path := self._target(_("值班表 {first} 至 {last}.pdf").format(first=first, last=last)):
            report_actions.write_document(
                self.host,
                "roster_sheet",
                (first, last),
                path,
                self,
                community=self.roster_community.currentData(),
            )

    def _subsidy_box(self, today) -> QGroupBox:
        box = QGroupBox(_("法律顾问补贴发放表"))
        form = QFormLayout(box)
        self.subsidy_month = _date_edit(QDate(today.year, today.month, 1), "yyyy-MM")
        button = QPushButton(_("生成补贴表 PDF…"))
        button.setEnabled(report_actions.available("subsidy"))
        button.clicked.connect(self.write_subsidy)
        form.addRow(_("月份"), self.subsidy_month)
        form.addRow(button)
        return box

    def write_subsidy(self) -> None:
        month = self.subsidy_month.date().toString("yyyy-MM")
        if path := self._target(_("补贴发放表 {month}.pdf").format(month=month)):
            report_actions.write_document(self.host, "subsidy", (month,), path, self)

    def _periodic_box(self, today) -> QGroupBox:
        box = QGroupBox(_("月度 / 季度统计"))
        form = QFormLayout(box)
        self.period = QComboBox()
        self.period.setObjectName("period")
        for year in (today.year, today.year - 1):
            for q in range(4, 0, -1):
                self.period.addItem(_("{year}年第{q}季度").format(year=year, q=q), f"{year}-Q{q}")
            for m in range(12, 0, -1):
                self.period.addItem(_("{year}年{m}月").format(year=year, m=m), f"{year}-{m:02d}")
        self.period.setCurrentIndex(max(0, self.period.findData(f"{today.year}-{today.month:02d}")))
        buttons = QHBoxLayout()
        for text, kinds in ((_("PDF…"), "PDF (*.pdf)"), (_("Excel…"), "Excel (*.xlsx)")):
            button = QPushButton(text)
            button.setEnabled(report_actions.available("periodic"))
            button.clicked.connect(lambda _c=False, k=kinds: self.write_periodic(k))
            buttons.addWidget(button)
        form.addRow(_("统计期间"), self.period)
        form.addRow(buttons)
        return box

    def write_periodic(self, kinds: str) -> None:
        period = self.period.currentData()
        suffix = ".xlsx" if "xlsx" in kinds else ".pdf"
        if path := self._target(_("统计 {period}").format(period=period) + suffix, kinds):
            report_actions.write_document(
                self.host, "periodic", (period,), path, self, today=self.host.today()
            )
