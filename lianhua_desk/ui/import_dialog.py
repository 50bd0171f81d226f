"""The import wizard: a dry run first (what would change, every problem, every
conflict), then the real import on the clerk's word. Both run on the background
worker; the import is one transaction, so cancelling leaves nothing half-written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.numbers import count
from ..services.context import Change
from . import errors, file_dialogs
from .columns import AMBER, RED
from .host import Host
from .i18n import _
from .table_model import RowsModel
from .tasks import report_failure

# The refusals of an encrypted workbook (exchange.protect): the dialog asks for the password.
PASSWORD_REFUSALS = frozenset({"PasswordNeeded", "WrongPassword"})
SHOWN_PROBLEMS = 5000  # the rest are in the annotated copy
COUNT_KEYS = ("inserted", "updated", "unchanged", "skipped", "conflicts", "deleted", "errors")
COUNT_HEADERS = ("新增", "更新", "未变", "跳过", "冲突", "删除", "错误")


def table_view(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def count_view(model) -> QTableView:
    """The counts: the sheet's name as wide as it is, the seven figures sharing the
    rest evenly (not squeezed to their digits beside one stretched last column)."""
    view = table_view(model)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.Stretch)
    header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
    header.setMinimumSectionSize(56)
    return view


def total_text(counts: dict[str, int]) -> str:
    return "，".join(
        f"{_(label)} {count(counts.get(key, 0))}"
        for key, label in zip(COUNT_KEYS, COUNT_HEADERS, strict=True)
    )


class ImportDialog(QDialog):
    def __init__(self, host: Host, path: str | Path, parent=None):
        super().__init__(parent)
        self.host, self.path = host, Path(path)
        self.preview = None  # the dry run's ImportResult
        self.result = None  # the real import's ImportResult
        self.password: str | None = None  # of an encrypted workbook, once typed
        self.setWindowTitle(_("导入交换表") + f" — {self.path.name}")
        self.setObjectName("import_dialog")
        self.summary = QLabel(_("正在检查文件…"))
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        # Shown when the workbook is encrypted: its password, then 打开 checks again.
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("import_password")
        self.password_edit.setEchoMode(QLineEdit.Password)
        self.password_edit.setPlaceholderText(_("导出时设定的密码"))
        self.password_edit.returnPressed.connect(self.use_password)
        self.password_button = QPushButton(_("打开"))
        self.password_button.clicked.connect(self.use_password)
        self.password_row = QWidget()
        row = QHBoxLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("打开密码")))
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.password_button)
        self.password_row.hide()
        self.counts = RowsModel([_("工作表"), *[_(h) for h in COUNT_HEADERS]], parent=self)
        self.problems = RowsModel([_("位置"), _("问题"), _("级别")], parent=self)
        self.conflicts = RowsModel([_("修改冲突")], parent=self)
        tabs = QTabWidget()
        tabs.addTab(count_view(self.counts), _("各表变化"))
        tabs.addTab(table_view(self.problems), _("问题"))
        tabs.addTab(table_view(self.conflicts), _("冲突"))
        self.tabs = tabs
        self.skip_invalid = QCheckBox(_("跳过有错误的行，导入其余各行"))
        self.skip_invalid.toggled.connect(self._update_buttons)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_("确认导入"), QDialogButtonBox.AcceptRole)
        self.import_button.setObjectName("confirm_import")
        self.errors_button = QPushButton(_("保存标注错误的副本…"))
        buttons.addButton(self.errors_button, QDialogButtonBox.ActionRole)
        self.close_button = buttons.addButton(_("关闭"), QDialogButtonBox.RejectRole)
        self.import_button.clicked.connect(self.run_import)
        self.errors_button.clicked.connect(self.save_annotated)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.password_row)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.import_button.setEnabled(False)
        self.errors_button.setEnabled(False)

    # --- dry run -----------------------------------------------------------------

    def start(self) -> None:
        path, password = self.path, self.password

        def work(ctx, progress):
            from ..services import exchange  # imported on the worker, when first used

            return exchange.import_workbook(
                ctx,
                path,
                dry_run=True,
                password=password,
                progress=lambda text: progress.report(0, 0, text),
            )

        self.host.runner.run(_("正在检查交换表…"), work, self._previewed, self._failed, parent=self)

    def use_password(self) -> None:
        """Check the file again with the password typed."""
        if not self.password_edit.text():
            return
        self.password = self.password_edit.text()
        self.password_button.setEnabled(False)
        self.summary.setText(_("正在检查文件…"))
        self.summary.setStyleSheet("")
        self.start()

    def _failed(self, info) -> None:
        exc = info[1]
        if type(exc).__name__ in PASSWORD_REFUSALS:  # encrypted: ask for the password
            self.summary.setText(str(exc) + "。")
            self.summary.setStyleSheet("color: #c5221f;" if self.password else "")
            self.password_row.show()
            self.password_button.setEnabled(True)
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        if type(exc).__name__ == "RefusedFile":  # not an exchange workbook, hostile, unreadable
            self.summary.setText(_("无法导入：") + str(exc))
            self.summary.setStyleSheet("color: #c5221f;")
            self.import_button.setEnabled(False)
            return
        self.summary.setText(_("未完成。"))
        report_failure(info)

    def _previewed(self, result) -> None:
        self.preview = result
        self.password_row.hide()
        self._show(result)
        n_err, n_warn = len(result.errors), len(result.warnings)
        text = _("检查完毕（尚未写入）：") + total_text(result.totals()) + "。"
        if n_err:
            text += _("发现 {e} 处错误、{w} 处提示。有错误时默认不导入任何数据。").format(
                e=n_err, w=n_warn
            )
        elif n_warn:
            text += _("{w} 处提示。").format(w=n_warn)
        self.summary.setText(text)
        self.errors_button.setEnabled(bool(result.problems))
        self._update_buttons()

    def _show(self, result) -> None:
        self.counts.set_rows(
            [
                [sheet, *[count(c.get(k, 0)) for k in COUNT_KEYS]]
                for sheet, c in result.counts.items()
            ]
        )
        rows = []
        for p in result.problems[:SHOWN_PROBLEMS]:
            color = QColor(RED if p.is_error else AMBER)
            level = _("错误") if p.is_error else _("提示")
            rows.append([p.where(), str(p).split("：", 1)[-1], (level, color, None)])
        self.problems.set_rows(rows)
        self.conflicts.set_rows([[str(c)] for c in result.conflicts])
        if result.problems:
            self.tabs.setCurrentIndex(1)

    def _update_buttons(self) -> None:
        p = self.preview
        ok = (
            p is not None
            and self.result is None
            and (not p.errors or self.skip_invalid.isChecked())
        )
        self.import_button.setEnabled(ok)

    # --- the real import ---------------------------------------------------------------

    def run_import(self) -> None:
        if self.preview is None or self.result is not None:
            return
        path, skip, password = self.path, self.skip_invalid.isChecked(), self.password
        self.import_button.setEnabled(False)

        def work(ctx, progress):
            from ..services import exchange  # imported on the worker, when first used

            return exchange.import_workbook(
                ctx,
                path,
                skip_invalid=skip,
                password=password,
                progress=lambda text: progress.report(0, 0, text),
            )

        self.host.runner.run(_("正在导入…"), work, self._imported, self._failed, parent=self)

    def _imported(self, result) -> None:
        self.result = result
        self._show(result)
        if result.written:
            text = _("已导入：") + total_text(result.totals()) + "。"
            if result.backup:
                text += _("导入前的数据已备份到：") + str(result.backup)
        else:
            text = _("未导入任何数据：文件中有错误。")
        self.summary.setText(text)
        self.close_button.setText(_("完成"))
        self._update_buttons()
        if result.written:
            self.host.announce(Change.of_import(result))

    def save_annotated(self) -> None:
        target = file_dialogs.save_file(
            self, _("保存为"), self.path.stem + "-标注.xlsx", "Excel (*.xlsx)"
        )
        if target:
            self.write_annotated(target)

    def write_annotated(self, target: str | Path, on_done=None) -> None:
        path, password = self.path, self.password

        def work(ctx, progress):
            from ..services import exchange  # imported on the worker, when first used

            # Of an encrypted workbook the copy is encrypted with the same password.
            return exchange.import_workbook(
                ctx, path, dry_run=True, errors_out=target, password=password
            )

        def done(result) -> None:
            self.host.status.emit(_("已保存：") + str(result.errors_workbook))
            if on_done is not None:
                on_done(result.errors_workbook)

        def failed(info) -> None:
            if type(info[1]).__name__ == "RefusedFile":
                errors.show_message(_("无法保存"), str(info[1]), self)
            else:
                report_failure(info)

        self.host.runner.run(_("正在生成标注副本…"), work, done, failed, parent=self)

    def keyPressEvent(self, event) -> None:
        # Enter must not import by accident: the clerk clicks 确认导入.
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            return
        super().keyPressEvent(event)
