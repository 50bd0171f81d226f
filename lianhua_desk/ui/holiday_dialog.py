"""文件 → 节假日调整: the holidays and make-up working days the library does not know.

The State Council publishes next year's arrangement late in the year, and the
`chinesecalendar` package carries it only after an update. Until then the clerk
enters the days here; rosters, the duty quota and deadlines follow them at once.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.records import ValidationError
from ..domain.workcalendar import KIND_NAMES, library_covers, weekday_name
from ..services import settings as settings_service
from ..services.database import StoreError
from . import errors
from .host import Host
from .i18n import _


class HolidayDialog(QDialog):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(_("节假日调整"))
        self.setObjectName("holiday_dialog")
        today = host.today()

        self.year = QSpinBox(minimum=2000, maximum=2100, value=today.year)
        self.year.setPrefix(_("年度 "))
        self.year.valueChanged.connect(self.reload)
        self.coverage = QLabel()
        self.coverage.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(self.coverage, 1)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("日期"), _("星期"), _("类型"), _("名称")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)

        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        for kind, text in KIND_NAMES.items():
            self.kind.addItem(_(text), kind)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("名称，如 元旦、春节调休"))
        self.add_button = QPushButton(_("录入"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("删除所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        entry = QHBoxLayout()
        for widget in (self.date, self.kind, self.name, self.add_button, self.remove_button):
            entry.addWidget(widget)
        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(_("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.reload()

    def reload(self) -> None:
        year = self.year.value()
        if library_covers(year):
            text = _("{year} 年的法定节假日已由节假日库提供；此处只需录入更正。")
        else:
            text = _(
                "{year} 年的法定节假日节假日库尚未包含：请按国务院通知逐日录入放假日和调休上班日，否则只按周一至周五计算。"
            )
        self.coverage.setText(text.format(year=year))
        rows = settings_service.holiday_overrides(self.host.ctx, year)
        self.table.setRowCount(len(rows))
        for r, (day, kind, name) in enumerate(rows):
            weekday = _(weekday_name(day, "星期"))
            cells = (day.isoformat(), weekday, _(KIND_NAMES[kind]), name)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, day.isoformat())
                self.table.setItem(r, c, item)

    def add(self) -> bool:
        day = self.date.date().toString("yyyy-MM-dd")
        try:
            settings_service.set_holiday_override(
                self.host.ctx, day, self.kind.currentData(), self.name.text().strip()
            )
        except ValidationError as exc:
            self.message.setText("；".join(e.reason for e in exc.errors))
            return False
        except StoreError as exc:
            errors.show_store_error(exc, self)
            return False
        self.message.setText(_("已录入 {day}").format(day=day))
        self.name.clear()
        self._changed(int(day[:4]))
        return True

    def remove_selected(self) -> bool:
        row = self.table.currentRow()
        if row < 0:
            self.message.setText(_("请先在表中选择要删除的日期"))
            return False
        day = self.table.item(row, 0).data(Qt.UserRole)
        if self.host.call(settings_service.remove_holiday_override, day, parent=self) is None:
            return False
        self.message.setText(_("已删除 {day} 的调整").format(day=day))
        self._changed(int(day[:4]))
        return True

    def _changed(self, year: int) -> None:
        if self.year.value() != year:
            self.year.setValue(year)  # reloads
        else:
            self.reload()
        self.host.holidays_changed()  # rosters, quotas and deadlines look again
