"""The settings dialog: sub-district, operator, quotas, deadlines, numbering,
subsidies, language. Saved through services.settings.update_settings (validated,
audited, stored in the database so they travel with the data)."""

from __future__ import annotations

import dataclasses
from itertools import groupby

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
from ..domain.settings import (
    EXAMPLE_LINE,
    NO_EXAMPLE,
    SETTING_FIELDS,
    SettingField,
    placeholder_example,
)
from ..services.database import StoreError
from ..services.settings import update_settings
from . import errors
from .form import ERROR_STYLE
from .host import Host
from .i18n import LANGUAGES, _, is_english

HELP_STYLE = "color: #555;"


class SettingsDialog(QDialog):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(_("设置"))
        self.setObjectName("settings_dialog")
        self.current = host.ctx.settings
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        # One box per group, in the order the settings are declared (domain.settings).
        for i, (group, items) in enumerate(groupby(SETTING_FIELDS, lambda s: s.group)):
            box = QGroupBox(_(group.title))
            form = QFormLayout(box)
            for setting in items:
                name = setting.name
                editor = self._editor(name, setting.type, getattr(self.current, name))
                error = QLabel()
                error.setStyleSheet(ERROR_STYLE)
                error.setObjectName(f"error_{name}")
                error.hide()
                form.addRow(_(setting.label), editor)
                if setting.help:
                    form.addRow("", self._help(setting, editor))
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

    def _help(self, setting: SettingField, editor: QWidget) -> QLabel:
        """What the value means; for a pattern, also the value as it will come out (live)."""
        english = is_english()
        help_text = setting.help_en if english else setting.help
        label = QLabel()
        label.setObjectName(f"help_{setting.name}")
        label.setWordWrap(True)
        label.setStyleSheet(HELP_STYLE)

        label.setText(help_text)
        editor.setToolTip(help_text)

        def show(text: str) -> None:
            example = placeholder_example(text)
            line = EXAMPLE_LINE[english].format(example=example) if example else NO_EXAMPLE[english]
            label.setText(f"{help_text}\n{line}")

        if setting.example and isinstance(editor, QLineEdit):
            editor.textChanged.connect(show)
            show(editor.text())
        return label

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
            spin.setGroupSeparatorShown(True)  # 3,000.00 as amounts read everywhere
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
                    target.setText(errors.message(e.reason))
                    target.show()
            return False
        except StoreError as exc:
            errors.show_store_error(exc, self)
            return False
        # Signed in (issue 17), the audit and the documents name the account: the
        # setting is only the name used on a database without accounts.
        if "operator" in changes and getattr(self.host.ctx, "account", None) is None:
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
