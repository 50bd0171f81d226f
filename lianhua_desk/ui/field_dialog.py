"""A small dialog asking for a few fields of an entity (a case's outcome, a
petition's conclusion), with the same editors and inline checks as the full form."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout

from ..domain import parse
from ..domain.fields import entity
from ..domain.records import ValidationError, clean, clean_value
from .field_widgets import FieldEditor, make_editor
from .form import ERROR_STYLE
from .i18n import _, label
from .unsaved import AsksBeforeDiscarding


class FieldsDialog(AsksBeforeDiscarding, QDialog):
    """Closing it with changed input asks first (ui/unsaved.py)."""

    def __init__(
        self,
        db,
        entity_name: str,
        names: list[str],
        title: str,
        values: dict | None = None,
        required: tuple[str, ...] = (),
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.entity = entity(entity_name)
        self.required = set(required)
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, name in enumerate(names):
            f = self.entity.field(name)
            editor = make_editor(db, entity_name, f, self)
            if values and name in values:
                editor.set_value(values[name])
            caption = QLabel(label(f) + (" *" if name in self.required else ""))
            caption.setBuddy(editor.focus_widget())
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setObjectName(f"error_{name}")
            error.setWordWrap(True)
            error.hide()
            editor.edited.connect(lambda n=name: self._check(n))
            grid.addWidget(caption, 2 * i, 0)
            grid.addWidget(editor, 2 * i, 1)
            grid.addWidget(error, 2 * i + 1, 1)
            self.editors[name], self.errors[name] = editor, error
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(_("确定"), QDialogButtonBox.AcceptRole)
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())
        self.remember_input()

    def _check(self, name: str) -> bool:
        editor, error = self.editors[name], self.errors[name]
        try:
            value = clean_value(editor.field, editor.value())
        except parse.ParseError as exc:
            error.setText(exc.reason)
            error.show()
            return False
        if value is None and name in self.required:
            error.setText(_("必填项不能为空"))
            error.show()
            return False
        error.hide()
        return True

    def raw_values(self) -> dict:
        return {name: editor.value() for name, editor in self.editors.items()}

    def current_input(self) -> dict:
        return self.raw_values()

    def save_from_question(self) -> bool:
        self.try_accept()
        return self.result() == QDialog.Accepted and not self.isVisible()

    def try_accept(self) -> None:
        if all([self._check(name) for name in self.editors]):
            try:
                clean(self.entity, self.raw_values(), partial=True)
            except ValidationError as exc:
                for e in exc.errors:
                    if e.field in self.errors:
                        self.errors[e.field].setText(e.reason)
                        self.errors[e.field].show()
                return
            self.accept()
