"""The edit form of any entity, built from its field declarations.

Required fields carry (*). Each field is checked when the user leaves it
(domain.records.clean_value) and everything again on save (clean + check_record,
then the service); every reason appears in red beside its field, in the window's
language where the catalogue has it (ui.errors.message), and nothing is written
until all of them are gone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain import parse
from ..domain.fields import Kind, entity
from ..domain.records import ValidationError, check_record, clean, clean_value
from ..errors import RefusedInput
from ..services import mediation, petitions, records
from ..services.context import Change, Context
from ..services.database import StoreError
from . import access, errors
from .field_widgets import FieldEditor, make_editor
from .i18n import _, entity_label, label
from .unsaved import AsksBeforeDiscarding

ERROR_STYLE = "color: #c5221f;"
ROW_HEIGHT = 44  # a field and its reserved error line
# The order of a form's fields where the declaration's (domain/fields.py, also the
# workbook's column order) would part related ones; fields not named follow in
# declared order. Laid column-major: each run of related fields stays in one column.
FORM_ORDER = {
    "cases": (
        # the case: number, receipt, parties, where and what
        "case_no",
        "received_date",
        "applicant",
        "respondent",
        "community_id",
        "body",
        "category",
        "source",
        "covid",
        "amount_disputed",
        "mediator",
        "advisor_id",
        "status",
        # its course and outcome: period, agreement, performance, confirmation
        "closed_date",
        "extended_until",
        "extension_consent",
        "agreement_form",
        "amount_agreed",
        "performance_method",
        "performance_deadline",
        "performance",
        "amount_recovered",
        "judicial_confirmation",
        "confirmation_court",
        "confirmation_applied",
        "confirmation_ruling",
    ),
}


def ordered_fields(e) -> list:
    """An entity's fields in FORM_ORDER, then the rest as declared."""
    named = [e.by_name[n] for n in FORM_ORDER.get(e.name, ()) if n in e.by_name]
    return named + [f for f in e.fields if f not in named]


def error_line(name: str) -> QLabel:
    """A field's error line: always in the layout, one line high, so a message appears
    without moving any field (the whole reason is in the tooltip when it is long)."""
    error = QLabel()
    error.setStyleSheet(ERROR_STYLE)
    error.setObjectName(f"error_{name}")
    font = error.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
    error.setFont(font)
    error.setFixedHeight(error.fontMetrics().height() + 2)
    error.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)  # a long reason never widens
    return error


# Numbers left blank on a new record are assigned by the service.
AUTO_NUMBERED = {"cases": "case_no", "petitions": "petition_no"}


def show_reason(error: QLabel, reason: str) -> None:
    error.setText(reason)
    error.setToolTip(reason)


class RecordForm(AsksBeforeDiscarding, QDialog):
    """Create (record=None) or edit one record. `saved` gets the service's Change.

    Closing it with unsaved input asks first (ui/unsaved.py). For an account that
    may not write records (查阅) it is a read-only view, ID numbers and phones masked
    when the role sees them so (ui/access.py)."""

    def __init__(
        self,
        ctx: Context,
        entity_name: str,
        record: dict | None = None,
        defaults: dict | None = None,
        parent: QWidget | None = None,
        on_saved: Callable[[Change], None] | None = None,
    ):
        super().__init__(parent)
        self.ctx, self.entity = ctx, entity(entity_name)
        self.record = record
        self.on_saved = on_saved
        self.change: Change | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.read_only = not access.may(ctx, "records.write")
        title = _("查看") if self.read_only else _("编辑") if record else _("新建")
        self.setWindowTitle(f"{title} · {entity_label(self.entity)}")
        self.setObjectName(f"form_{entity_name}")
        self._build()
        self._fill(record or {**self.entity.defaults(), **(defaults or {})})
        if self.read_only:
            self._make_read_only()
        self.remember_input()

    # --- layout ----------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        # Created first, so Tab meets its fields first (the focus chain is creation order).
        top = self._top_box()
        if top is not None:
            outer.addWidget(top)
        fields = [f for f in ordered_fields(self.entity) if f.name not in self.placed_apart()]
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(0)  # each field's reserved error line keeps them apart
        short = [f for f in fields if f.kind is not Kind.LONGTEXT]
        long = [f for f in fields if f.kind is Kind.LONGTEXT]
        per_column = (len(short) + 1) // 2 if len(short) > 8 else len(short)
        # Column-major: down the left column, then down the right, so the fields that
        # FORM_ORDER puts side by side sit one under the other and Tab follows them.
        for i, f in enumerate(short):
            row, block = (i % per_column, i // per_column) if per_column else (i, 0)
            self._add_field(grid, f, row * 2, block * 2, 1)
        top_row = per_column * 2
        for j, f in enumerate(long):
            self._add_field(grid, f, top_row + j * 2, 0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(top_row + 2 * len(long), 1)  # spare height below, not between rows
        outer.addWidget(grid_widget, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.NoFrame)

        self.form_error = QLabel()
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.setObjectName("form_error")
        self.form_error.hide()

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("保存"), QDialogButtonBox.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("取消"), QDialogButtonBox.RejectRole)
        # The history shows values in full: not to a role that sees them masked.
        if self.record is not None and not access.masks(self.ctx):
            history = QPushButton(_("修改记录"))
            history.clicked.connect(self.show_history)
            buttons.addButton(history, QDialogButtonBox.HelpRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        extra = top.sizeHint().height() if top is not None else 0
        height = 140 + ROW_HEIGHT * per_column + 90 * len(long) + extra
        self.resize(860 if per_column < len(short) else 520, min(720, height))

    def _top_box(self) -> QWidget | None:
        """Fields laid out above the grid (a subclass's group); None: none."""
        return None

    def placed_apart(self) -> frozenset[str]:
        """Fields the subclass lays out itself (in its _top_box), not in the grid."""
        return frozenset()

    def _add_field(self, grid: QGridLayout, f, row: int, col: int, span: int) -> None:
        editor = make_editor(self.ctx.db, self.entity.name, f, self)
        required = f.required and f.name != AUTO_NUMBERED.get(self.entity.name)
        caption = QLabel(label(f) + (" *" if required else ""))
        caption.setBuddy(editor.focus_widget())
        caption.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        if f.name == AUTO_NUMBERED.get(self.entity.name) and self.record is None:
            editor.line.setPlaceholderText(_("留空则自动编号"))
        self.add_editor(f.name, editor)
        grid.addWidget(caption, row, col)
        grid.addWidget(editor, row, col + 1, 1, span)
        grid.addWidget(self.error_labels[f.name], row + 1, col + 1, 1, span)

    def add_editor(self, name: str, editor: FieldEditor) -> QLabel:
        """Register an editor, checked when left, and its error line (to be placed)."""
        editor.edited.connect(lambda name=name: self._check_one(name))
        self.editors[name] = editor
        self.error_labels[name] = error_line(name)
        return self.error_labels[name]

    def _fill(self, values: dict) -> None:
        for name, editor in self.editors.items():
            if name in values:
                editor.set_value(access.shown(self.ctx, editor.field, values[name]))
        self.clear_errors()

    def _make_read_only(self) -> None:
        """A view: every field read-only (greyed where Qt has no read-only state), no save."""
        for editor in self.editors.values():
            widget = editor.focus_widget()
            if hasattr(widget, "setReadOnly"):
                widget.setReadOnly(True)
            else:
                editor.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText(_("关闭"))

    # --- validation ----------------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.error_labels.values():
            show_reason(error, "")
        self.form_error.clear()
        self.form_error.hide()

    def set_error(self, name: str, reason: str) -> None:
        target = self.error_labels.get(name)
        if target is None:
            target = self.form_error
            reason = (self.form_error.text() + "\n" + reason).strip()
            target.setText(reason)
            target.show()
            return
        show_reason(target, reason)

    def error_text(self, name: str) -> str:
        return self.error_labels[name].text()

    def _check_one(self, name: str) -> None:
        if self.read_only:
            return  # a view: masked numbers are not input to check
        editor, error = self.editors[name], self.error_labels[name]
        try:
            clean_value(editor.field, editor.value())
        except parse.ParseError as exc:
            show_reason(error, errors.message(exc.reason))
            return
        show_reason(error, "")

    def current_input(self) -> dict:
        return {name: editor.value() for name, editor in self.editors.items()}

    def save_from_question(self) -> bool:
        return self.save()

    def raw_values(self) -> dict:
        """What the user entered; when editing, only the fields that changed."""
        raw = {name: editor.value() for name, editor in self.editors.items()}
        auto = AUTO_NUMBERED.get(self.entity.name)
        if self.record is None:
            if auto and not raw.get(auto):
                raw.pop(auto)
            return raw
        changed = {}
        for name, value in raw.items():
            try:
                same = clean_value(self.editors[name].field, value) == self.record.get(name)
            except parse.ParseError:
                same = False
            if not same:
                changed[name] = value
        return changed

    def _show_validation(self, exc: ValidationError) -> None:
        for e in exc.errors:
            self.set_error(e.field, errors.message(e.reason))
        first = next((e.field for e in exc.errors if e.field in self.editors), None)
        if first:
            self.editors[first].focus_widget().setFocus()

    def validate(self, raw: dict) -> bool:
        """Every problem at its field; True when the input may go to the service."""
        self.clear_errors()
        auto = AUTO_NUMBERED.get(self.entity.name)
        try:
            if self.record is None:
                # The number may be left blank: the service assigns it.
                checked = {k: v for k, v in raw.items() if k != auto}
                values = clean(self.entity, {**self.entity.defaults(), **checked}, partial=True)
                merged = {n: None for n in self.entity.columns} | values
            else:
                values = clean(self.entity, raw, partial=True)
                merged = self.record | values
            check_record(self.entity, merged)
        except ValidationError as exc:
            self._show_validation(exc)
            return False
        return True

    # --- saving ----------------------------------------------------------------

    def _call_service(self, raw: dict) -> Change:
        name = self.entity.name
        if self.record is not None:
            return records.update(self.ctx, name, self.record["id"], raw)
        if name == "cases":
            return mediation.register_case(self.ctx, raw)
        if name == "petitions":
            return petitions.register_petition(self.ctx, raw)
        return records.create(self.ctx, name, raw)

    def save(self) -> bool:
        if self.read_only:
            return False
        raw = self.raw_values()
        if self.record is not None and not raw:
            self.accept()  # nothing changed: nothing to write
            return True
        if not self.validate(raw):
            return False
        try:
            self.change = self._call_service(raw)
        except ValidationError as exc:
            self._show_validation(exc)
            return False
        except StoreError as exc:
            errors.show_store_error(exc, self)
            return False
        except RefusedInput as exc:  # not permitted to this account (services.permissions)
            errors.show_refused(exc, self)
            return False
        if self.on_saved is not None:
            self.on_saved(self.change)
        self.accept()
        return True

    def show_history(self) -> None:
        from .history import HistoryDialog

        HistoryDialog(self.ctx, self.entity.name, self.record["id"], self).exec()
