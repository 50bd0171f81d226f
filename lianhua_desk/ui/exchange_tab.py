"""数据交换: export, the blank template, import with preview, import history.

The work is done by services.exchange (export_workbook / write_template /
import_workbook) on the background worker; this tab gathers the choices and shows
the results.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import lookups
from ..services.context import IMPORTS
from . import errors, file_dialogs
from .host import Host
from .i18n import _
from .import_dialog import COUNT_KEYS, ImportDialog, table_view, total_text
from .table_model import RowsModel
from .tasks import report_failure


def _template_job(path):
    def work(ctx, _progress):
        from ..services import exchange

        return exchange.write_template(ctx, path)

    return work


class ExchangeTab(QWidget):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_exchange")
        self._dirty = True
        top = QHBoxLayout()
        top.addWidget(self._export_box(), 2)
        top.addWidget(self._import_box(), 1)
        self.history = RowsModel(
            [_("时间"), _("操作员"), _("文件"), _("导出单位"), _("导出时间"), _("结果")],
            parent=self,
        )
        history_box = QGroupBox(_("导入记录"))
        view = table_view(self.history)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        for column, width in enumerate((150, 80, 240, 120, 150)):
            view.setColumnWidth(column, width)
        QVBoxLayout(history_box).addWidget(view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(history_box, 1)
        host.changed.connect(self._on_change)

    # --- export --------------------------------------------------------------------

    def _export_box(self) -> QGroupBox:
        box = QGroupBox(_("导出交换表"))
        form = QFormLayout(box)
        self.community = QComboBox()
        self.community.addItem(_("全部社区"), None)
        for _cid, name in lookups.choices(self.host.ctx.db, "communities"):
            self.community.addItem(name, name)
        self.use_since = QCheckBox(_("只导出此日期后修改的记录"))
        self.since = QDateEdit(QDate(self.host.today()).addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setEnabled(False)
        self.use_since.toggled.connect(self.since.setEnabled)
        since_row = QHBoxLayout()
        since_row.addWidget(self.use_since)
        since_row.addWidget(self.since)
        since_row.addStretch(1)
        self.mask = QCheckBox(_("证件号和电话脱敏（用于报送，不能再导入）"))
        # An optional opening password, typed twice: the file is then encrypted, and
        # Excel, WPS or LibreOffice ask for it when opening.
        self.use_password = QCheckBox(_("设置打开密码（加密文件，U盘或邮件丢失也无法读取）"))
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for edit, name, hint in (
            (self.password, "export_password", _("密码")),
            (self.password_again, "export_password_again", _("再输入一次")),
        ):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.Password)
            edit.setPlaceholderText(hint)
            edit.setEnabled(False)
            self.use_password.toggled.connect(edit.setEnabled)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password)
        password_row.addWidget(self.password_again)
        export = QPushButton(_("导出…"))
        export.setObjectName("export")
        export.clicked.connect(self.choose_export)
        template = QPushButton(_("下载空白模板…"))
        template.clicked.connect(self.choose_template)
        buttons = QHBoxLayout()
        buttons.addWidget(export)
        buttons.addWidget(template)
        buttons.addStretch(1)
        form.addRow(_("社区"), self.community)
        form.addRow(since_row)
        form.addRow(self.mask)
        form.addRow(self.use_password)
        form.addRow(password_row)
        form.addRow(buttons)
        return box

    def _save_path(self, name: str) -> str | None:
        return file_dialogs.save_file(self, _("保存为"), name, "Excel (*.xlsx)")

    def export_password(self) -> str | None:
        """The password to encrypt with (None: none wanted); a message and "" when the
        two entries are empty or differ."""
        if not self.use_password.isChecked():
            return None
        first, second = self.password.text(), self.password_again.text()
        if not first:
            errors.show_message(_("无法导出"), _("请输入打开密码，或取消“设置打开密码”。"), self)
            return ""
        if first != second:
            errors.show_message(_("无法导出"), _("两次输入的密码不一致，请重新输入。"), self)
            return ""
        return first

    def choose_export(self) -> None:
        if self.export_password() == "":
            return
        stamp = self.host.today().isoformat()
        name = _("交换表") + f"-{self.host.settings.subdistrict}-{stamp}.xlsx"
        if path := self._save_path(name):
            self.export_to(path)

    def export_to(self, path, on_done=None):
        community = self.community.currentData()
        since = self.since.date().toString("yyyy-MM-dd") if self.use_since.isChecked() else None
        mask = self.mask.isChecked()
        password = self.export_password()
        if password == "":
            return None

        def work(ctx, progress):
            from ..services import exchange  # imported on the worker, when first used

            return exchange.export_workbook(
                ctx,
                path,
                community=community,
                since=since,
                mask=mask,
                password=password,
                progress=lambda text: progress.report(0, 0, text),
            )

        def done(result) -> None:
            total = sum(result.counts.values())
            text = _("已导出 {n} 条记录到：").format(n=total) + str(result.path)
            if password:
                text += _("（已加密，打开时需输入密码）")
            self.host.status.emit(text)
            if on_done is not None:
                on_done(result)

        return self.host.runner.run(_("正在导出…"), work, done, self._failed, parent=self)

    def choose_template(self) -> None:
        if path := self._save_path(_("交换表模板.xlsx")):
            self.host.runner.run(
                _("正在生成模板…"),
                _template_job(path),
                lambda out: self.host.status.emit(_("已保存：") + str(out)),
                self._failed,
                parent=self,
            )

    def _failed(self, info) -> None:
        if type(info[1]).__name__ == "RefusedFile":
            errors.show_message(_("无法完成"), str(info[1]), self)
        else:
            report_failure(info)

    # --- import --------------------------------------------------------------------

    def _import_box(self) -> QGroupBox:
        box = QGroupBox(_("导入交换表"))
        layout = QVBoxLayout(box)
        note = QLabel(
            _(
                "先检查、再导入：检查时列出将要新增、更新、删除的记录和每一处问题，确认后才写入。导入前自动备份。"
            )
        )
        note.setWordWrap(True)
        button = QPushButton(_("选择文件并检查…"))
        button.setObjectName("import")
        button.clicked.connect(self.choose_import)
        layout.addWidget(note)
        layout.addWidget(button)
        layout.addStretch(1)
        return box

    def choose_import(self) -> None:
        path = file_dialogs.open_file(
            self, _("选择交换表"), "Excel (*.xlsx);;" + _("所有文件") + " (*)"
        )
        if path:
            self.open_import(path)

    def open_import(self, path) -> ImportDialog:
        dialog = ImportDialog(self.host, path, self)
        dialog.open()
        dialog.start()
        return dialog

    # --- history ---------------------------------------------------------------------

    # The import history lists the imports table only: written by an import alone.
    depends_on = frozenset({IMPORTS})

    def _on_change(self, change) -> None:
        if not change.touches(self.depends_on):
            return
        self._dirty = True
        if self.isVisible():
            self.load_history()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.load_history()

    def load_history(self) -> None:
        self._dirty = False
        rows = []
        for item in lookups.import_history(self.host.ctx.db):
            counts = json.loads(item["counts"] or "{}")
            totals = {k: sum(c.get(k, 0) for c in counts.values()) for k in COUNT_KEYS}
            rows.append(
                [
                    item["at"],
                    item["operator"] or "",
                    item["file_name"],
                    item["source_unit"] or "",
                    item["exported_at"] or "",
                    total_text(totals),
                ]
            )
        self.history.set_rows(rows)
