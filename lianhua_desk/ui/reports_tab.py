"""报表导出: the annual report (edited in its own window, annual_editor.py; PDF or
Word, public or internal), the roster sheet,
the subsidy statement and the monthly / quarterly statistics. Each document is
written on the background worker by its module in lianhua_desk.reports."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..services import lookups
from . import errors, file_dialogs, report_actions
from .host import Host
from .i18n import _

MAX_WIDTH = 1400  # pixels: the boxes' line of sight on a wide screen


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
        # Each box as tall as its contents, the spare height below them (not empty
        # panels), and no wider than a form reads well on a full-HD screen.
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._annual_box(today))
        left.addStretch(1)
        for box in (self._roster_box(today), self._subsidy_box(today), self._periodic_box(today)):
            right.addWidget(box)
        right.addStretch(1)
        content = QWidget()
        content.setMaximumWidth(MAX_WIDTH)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer = QHBoxLayout(self)
        outer.addWidget(content, 1)
        outer.addStretch(0)
        self.editor = None  # the annual report's editor, while open
        self.show_annual_status()
        host.changed.connect(self._on_change)

    # --- the annual report ---------------------------------------------------------

    def _annual_box(self, today) -> QGroupBox:
        box = QGroupBox(_("法治政府建设年度报告"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year - 1 if today.month < 3 else today.year)
        self.year.setPrefix(_("年度 "))
        self.year.valueChanged.connect(lambda _v: self.show_annual_status())
        row.addWidget(self.year)
        row.addStretch(1)
        layout.addLayout(row)
        note = QLabel(
            _(
                "报告按公文格式生成。“一、主要举措”各段由台账起草，数字随记录自动更新；"
                "您可以改写每一段的文字，并撰写“二、存在问题”和“三、下一年度工作计划”。"
                "编辑窗口右侧是与 PDF 相同的页面预览；自上次核对后数字有变化的段落会标出。"
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.edit_button = QPushButton(_("编辑年度报告…"))
        self.edit_button.setObjectName("edit_annual")
        self.edit_button.clicked.connect(self.edit_annual)
        layout.addWidget(self.edit_button)
        self.annual_status = QLabel()
        self.annual_status.setObjectName("annual_status")
        self.annual_status.setWordWrap(True)
        layout.addWidget(self.annual_status)
        self.internal = QCheckBox(_("内部版（附各社区达标情况）"))
        self.internal.setObjectName("internal")
        self.internal.setToolTip(_("对外公开的报告不点名未达标的社区；内部版另附社区达标情况表。"))
        layout.addWidget(self.internal)
        buttons = QHBoxLayout()
        self.annual_button = QPushButton(_("生成年度报告 PDF…"))
        self.annual_button.clicked.connect(self.write_annual)
        self.annual_button.setEnabled(report_actions.available("annual"))
        self.docx_button = QPushButton(_("生成 Word 版…"))
        self.docx_button.clicked.connect(self.write_annual_docx)
        self.docx_button.setEnabled(report_actions.available("annual_docx"))
        buttons.addWidget(self.annual_button)
        buttons.addWidget(self.docx_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _on_change(self, _change) -> None:
        self.show_annual_status()

    def show_annual_status(self) -> None:
        """Where the year's words stand: blocks saved, taken from last year or still
        the draft; blocks whose figures changed since last checked; 二 and 三."""
        from ..services import annual_report
        from ..services import reports as report_service

        year, ctx = self.year.value(), self.host.ctx
        try:
            states = annual_report.block_states(ctx, year, today=self.host.today())
        except report_service.ReportRefused as exc:  # a year not begun yet
            self.annual_status.setText(str(exc))
            return
        count = Counter(s.source for s in states)
        changed = sum(1 for s in states if s.changed)
        texts = report_service.get_report_text(ctx, year)
        lines = [
            _("一、主要举措 {n} 段：已保存 {saved}，沿用上年 {last}，系统草稿 {draft}。").format(
                n=len(states),
                saved=count[annual_report.SAVED],
                last=count[annual_report.LAST_YEAR],
                draft=count[annual_report.DRAFT],
            ),
            _("二、存在问题：{state}；三、工作计划：{plans}。").format(
                state=_("已填写") if texts["problems"] else _("未填写"),
                plans=_("已填写") if texts["plans"] else _("未填写（沿用上年或待填写）"),
            ),
        ]
        if changed:
            lines.append(_("● {n} 段的数字自上次核对后有变化。").format(n=changed))
        self.annual_status.setText("\n".join(lines))

    def edit_annual(self):
        """The year's text blocks beside the report's pages (a window of its own);
        imported when first opened (the builder and the PDF viewer are not needed to
        start the window)."""
        from ..services.reports import ReportRefused
        from .annual_editor import AnnualEditor

        try:
            editor = AnnualEditor(self.host, self.year.value(), self.window())
        except ReportRefused as exc:  # e.g. a year that has not begun
            errors.show_message(_("无法编辑"), str(exc), self)
            return None
        editor.setAttribute(Qt.WA_DeleteOnClose)
        main = self.window().size()
        editor.resize(main.width() - 20, main.height() - 20)
        editor.finished.connect(lambda _r: self.show_annual_status())
        editor.open()
        self.editor = editor
        return editor

    def save(self) -> None:
        """Ctrl+S on this tab: the words are saved in the editor (nothing to save here)."""

    def _target(self, name: str, kinds: str = "PDF (*.pdf)") -> str | None:
        return file_dialogs.save_file(self, _("保存为"), name, kinds)

    def _annual_name(self, suffix: str) -> str:
        name = _("{year}年法治政府建设年度报告").format(year=self.year.value())
        return name + (_("（内部版）") if self.internal.isChecked() else "") + suffix

    def write_annual(self) -> None:
        if path := self._target(self._annual_name(".pdf")):
            report_actions.write_document(
                self.host,
                "annual",
                (self.year.value(),),
                path,
                self,
                today=self.host.today(),
                internal=self.internal.isChecked(),
            )

    def write_annual_docx(self) -> None:
        if path := self._target(self._annual_name(".docx"), "Word (*.docx)"):
            report_actions.write_document(
                self.host,
                "annual_docx",
                (self.year.value(),),
                path,
                self,
                today=self.host.today(),
                internal=self.internal.isChecked(),
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
