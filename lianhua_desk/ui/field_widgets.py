"""One editor widget per field kind, all with the same small interface.

`value()` returns what the user entered as raw input (text, an ISO date, an
enumeration value, a record id, 0/1, or None when blank); domain.records.clean
decides whether it is valid, so the form and the importer judge input alike.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ..domain.fields import Field, Kind
from ..domain.numbers import number
from ..services import lookups
from .i18n import _, enum_text

DATE_FORMAT = "yyyy-MM-dd"
_PLACEHOLDERS = {
    Kind.TIME: "09:00",
    Kind.MONEY: "元",
    Kind.HOURS: "小时",
    Kind.ID_NUMBER: "18位居民身份证号",
    Kind.DOCUMENT_NO: "证件号码（按证件类型校验）",
    Kind.PHONE: "手机号或区号-座机号",
}


class FieldEditor(QWidget):
    """Base: a field's editor. Subclasses fill `value` / `set_value`."""

    edited = Signal()  # the user finished a change (validate now)

    def __init__(self, field: Field, parent=None):
        super().__init__(parent)
        self.field = field
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setObjectName(f"edit_{field.name}")

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self


class LineEditor(FieldEditor):
    def __init__(self, field: Field, parent=None, completer: QCompleter | None = None):
        super().__init__(field, parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(
            _(_PLACEHOLDERS[field.kind]) if field.kind in _PLACEHOLDERS else ""
        )
        if completer is not None:
            self.line.setCompleter(completer)
        self.line.editingFinished.connect(self.edited)
        self._layout.addWidget(self.line)

    def value(self):
        text = self.line.text().strip()
        return text or None

    def set_value(self, value) -> None:
        if value is None:
            self.line.setText("")
        elif self.field.kind in (Kind.MONEY, Kind.HOURS):
            self.line.setText(number(value))
        else:
            self.line.setText(str(value))

    def focus_widget(self) -> QWidget:
        return self.line


class TextAreaEditor(FieldEditor):
    def __init__(self, field: Field, parent=None):
        super().__init__(field, parent)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.text.setFixedHeight(64)
        self._layout.addWidget(self.text)

    def value(self):
        return self.text.toPlainText().strip() or None

    def set_value(self, value) -> None:
        self.text.setPlainText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.text


class DateEditor(FieldEditor):
    """A date picker; an optional date has a tick box, unticked meaning blank."""

    def __init__(self, field: Field, parent=None, today: QDate | None = None):
        super().__init__(field, parent)
        self.check = None
        if not field.required:
            self.check = QCheckBox(self)
            self.check.setToolTip(_("勾选以填写日期"))
            self.check.toggled.connect(self._toggled)
            self._layout.addWidget(self.check)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setDate(today or QDate.currentDate())
        self.date.editingFinished.connect(self.edited)
        self.date.dateChanged.connect(lambda _d: self.edited.emit())
        self._layout.addWidget(self.date, 1)
        self._toggled(self.check is None)

    def _toggled(self, on: bool) -> None:
        self.date.setEnabled(on)
        self.edited.emit()

    def value(self):
        if self.check is not None and not self.check.isChecked():
            return None
        return self.date.date().toString(DATE_FORMAT)

    def set_value(self, value) -> None:
        if value:
            self.date.setDate(QDate.fromString(str(value)[:10], DATE_FORMAT))
        if self.check is not None:
            self.check.setChecked(bool(value))

    def focus_widget(self) -> QWidget:
        return self.date


class ComboEditor(FieldEditor):
    """Drop-down of an enumeration (shown translated, stored in Chinese) or of the
    records a REF field may point to (shown by name, stored by id)."""

    def __init__(self, field: Field, items: list[tuple[str, str]], parent=None):
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        # Even a required drop-down starts blank unless the field has a default, so a
        # forgotten choice is reported instead of silently taking the first item.
        self.combo.addItem("", None)
        for data, text in items:
            self.combo.addItem(text, data)
        if field.kind is Kind.REF and len(items) > 12:
            # Long pick lists (advisors of a city) are searched by typing.
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.NoInsert)
            self.combo.completer().setFilterMode(Qt.MatchContains)
            self.combo.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self._layout.addWidget(self.combo)

    def value(self):
        if self.combo.isEditable():
            index = self.combo.findText(self.combo.currentText())
            if index < 0:
                return self.combo.currentText().strip() or None  # clean() will refuse it
            return self.combo.itemData(index)
        return self.combo.currentData()

    def set_value(self, value) -> None:
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            # A stored value no longer offered (e.g. an old enumeration): keep it visible.
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class BoolEditor(FieldEditor):
    def __init__(self, field: Field, parent=None):
        super().__init__(field, parent)
        self.check = QCheckBox(_("是"), self)
        self.check.toggled.connect(lambda _b: self.edited.emit())
        self._layout.addWidget(self.check)

    def value(self):
        return 1 if self.check.isChecked() else 0

    def set_value(self, value) -> None:
        self.check.setChecked(bool(value))

    def focus_widget(self) -> QWidget:
        return self.check


class NameCompleter(QCompleter):
    """Suggests names already in the table as the user types (an indexed range query)."""

    def __init__(self, db, entity_name: str, column: str, parent=None):
        super().__init__(parent)
        self.db, self.entity_name, self.column = db, entity_name, column
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setCaseSensitivity(Qt.CaseInsensitive)

    def update_for(self, text: str) -> None:
        prefix = text.strip()
        self._model.setStringList(
            lookups.suggestions(self.db, self.entity_name, self.column, prefix) if prefix else []
        )


def wants_completer(field: Field) -> bool:
    return (
        field.kind is Kind.TEXT
        and (field.searchable or field.indexed)
        and not field.name.endswith("_no")
    )


def make_editor(db, entity_name: str, field: Field, parent=None) -> FieldEditor:
    kind = field.kind
    if kind is Kind.DATE:
        return DateEditor(field, parent)
    if kind is Kind.BOOL:
        return BoolEditor(field, parent)
    if kind is Kind.LONGTEXT:
        return TextAreaEditor(field, parent)
    if kind is Kind.ENUM:
        return ComboEditor(field, [(v, enum_text(v)) for v in field.choices], parent)
    if kind is Kind.REF:
        return ComboEditor(field, lookups.choices(db, field.ref), parent)
    completer = None
    if wants_completer(field):
        completer = NameCompleter(db, entity_name, field.name, parent)
    editor = LineEditor(field, parent, completer)
    if completer is not None:
        editor.line.textEdited.connect(completer.update_for)
    if kind is Kind.TIME:
        editor.line.setToolTip(_("时间，如 09:00"))
    return editor
