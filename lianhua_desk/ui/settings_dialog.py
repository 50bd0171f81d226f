"""The settings dialog: sub-district, operator, quotas, deadlines, numbering,
subsidies, language. Saved through services.settings.update_settings (validated,
audited, stored in the database so they travel with the data)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.records import ValidationError
from ..domain.settings import Settings
from ..services.settings import update_settings
from ..store.errors import StoreError
from . import errors
from .form import ERROR_STYLE
from .host import Host
from .i18n import LANGUAGES, _

GROUPS = (
    (
        "基本信息",
        (
            ("subdistrict", "街道名称"),
            ("issuing_body", "发文单位"),
            ("operator", "操作员"),
            ("language", "界面语言"),
        ),
    ),
    (
        "达标要求",
        (
            ("quota_shifts_per_week", "每周值班（次）"),
            ("quota_hours_per_month", "每月服务时长（小时）"),
            ("quota_lectures_per_quarter", "每季度法治讲座（次）"),
            ("quota_publicity_per_year", "每年大型法治宣传（次）"),
        ),
    ),
    (
        "期限（天）",
        (
            ("mediation_days", "调解期限"),
            ("confirmation_days", "司法确认申请期限"),
            ("petition_routing_days", "信访分流期限"),
            ("petition_handling_days", "信访办理期限"),
            ("petition_extension_days", "信访延期"),
            ("warn_days", "提前提醒"),
            ("group_visit_max", "集体访代表人数上限"),
        ),
    ),
    (
        "编号格式（{year} 年份，{seq} 序号）",
        (
            ("case_number_pattern", "案件编号"),
            ("petition_number_pattern", "信访件编号"),
        ),
    ),
    (
        "补贴（元）",
        (
            ("subsidy_base_monthly", "每月基本补贴"),
            ("subsidy_per_case", "一案一补（每件）"),
        ),
    ),
)


class SettingsDialog(QDialog):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(_("设置"))
        self.setObjectName("settings_dialog")
        self.current = host.ctx.settings
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        types = {f.name: f.type for f in dataclasses.fields(Settings)}
        grid = QGridLayout()
        for i, (title, items) in enumerate(GROUPS):
            box = QGroupBox(_(title))
            form = QFormLayout(box)
            for name, caption in items:
                editor = self._editor(name, types[name], getattr(self.current, name))
                error = QLabel()
                error.setStyleSheet(ERROR_STYLE)
                error.setObjectName(f"error_{name}")
                error.hide()
                form.addRow(_(caption), editor)
                form.addRow("", error)
                self.editors[name], self.error_labels[name] = editor, error
            grid.addWidget(box, i % 3, i // 3)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton(_("保存"), QDialogButtonBox.AcceptRole)
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @staticmethod
    def _editor(name: str, kind, value) -> QWidget:
        if name == "language":
            box = QComboBox()
            for code, text in LANGUAGES.items():
                box.addItem(text, code)
            box.setCurrentIndex(max(0, box.findData(value)))
            return box
        if kind in (int, "int"):
            spin = QSpinBox()
            spin.setRange(0, 100000)
            spin.setValue(int(value))
            return spin
        if kind in (float, "float"):
            spin = QDoubleSpinBox()
            spin.setRange(0, 10_000_000)
            spin.setDecimals(2 if "subsidy" in name else 1)
            spin.setValue(float(value))
            return spin
        line = QLineEdit(str(value))
        line.setMinimumWidth(220)
        return line

    def values(self) -> dict:
        out = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[name] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                out[name] = editor.text()
            else:
                out[name] = editor.value()
        return out

    def changed_values(self) -> dict:
        return {k: v for k, v in self.values().items() if getattr(self.current, k) != v}

    def save(self) -> bool:
        for label in self.error_labels.values():
            label.hide()
        changes = self.changed_values()
        if not changes:
            self.accept()
            return True
        try:
            saved = update_settings(self.host.ctx, changes)
        except ValidationError as exc:
            for e in exc.errors:
                target = self.error_labels.get(e.field)
                if target is not None:
                    target.setText(e.reason)
                    target.show()
            return False
        except StoreError as exc:
            errors.show_store_error(exc, self)
            return False
        if "operator" in changes:
            actor = dataclasses.replace(self.host.ctx.actor, operator=saved.operator)
            self.host.ctx.actor = actor
            self.host.runner.set_actor(actor)
        self.host.settings_changed()
        if "language" in changes:
            errors.show_message(
                _("界面语言"), _("界面语言将在下次启动程序时切换。"), self.parentWidget()
            )
        self.accept()
        return True
