"""The records that belong to the selected case: its 当事人, 调查/调解记录 and 回访记录.

Each is a short list (a case has a handful) with 新增/编辑/删除 through the generic
form of its entity (domain/fields.py declares PARTY, CASE_RECORD and VISIT), the case
fixed: the form never offers a drop-down of every case. Writes go through the generic
services (services.records), so a party's write also renames the case (its Change
touches "cases" and the case list refreshes).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.fields import Entity, entity
from ..domain.parties import ROLES_ON_CASE
from ..domain.records import ValidationError
from ..services import lookups, records
from . import access
from .columns import cell_text, field_column
from .field_widgets import FieldEditor
from .form import RecordForm
from .host import Host
from .i18n import _, entity_label, label
from .table_model import RowsModel

# The columns each list shows (the form shows every field).
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "parties": ("role", "party_type", "name", "id_type", "id_no", "phone", "agent"),
    "case_records": ("kind", "date", "place", "participants", "recorder", "content"),
    "visits": ("date", "visitor", "method", "performance", "satisfaction", "content"),
}

ORGANISATION = "法人或其他组织"
# What only a person has, and what only an organisation has (domain/records.py refuses
# a person's particulars on an organisation).
PERSON_ONLY = ("gender", "ethnicity", "birth_date")
ORGANISATION_ONLY = ("legal_rep", "legal_rep_title")
ORG_ID_TYPE = "统一社会信用代码"


def parts_of_case(ctx, e: Entity, case_id: str) -> list[dict]:
    """The case's records of entity `e`, oldest first (dated ones by date)."""
    rows = lookups.parts_of(ctx.db, e.name, e.parent, case_id)
    if e.date_field:
        rows.sort(key=lambda r: r.get(e.date_field) or "")
    return rows


class FixedValue(FieldEditor):
    """The owner's reference in a part's form: shown by its number, never edited."""

    def __init__(self, field, ctx, parent=None):
        super().__init__(field, parent)
        self.ctx, self._value = ctx, None
        self.shown = QLabel()
        self.shown.setObjectName("fixed_case")
        self._layout.addWidget(self.shown)

    def value(self):
        return self._value

    def set_value(self, value) -> None:
        self._value = value
        owner = entity(self.field.ref)
        try:
            self.shown.setText(str(records.get(self.ctx, owner.name, value)[owner.display]))
        except ValidationError:
            self.shown.setText("")


class PartForm(RecordForm):
    """The generic form of a part, with its case fixed; a party's form enables only
    the particulars of its type (a person's or an organisation's)."""

    def _add_field(self, grid, f, row, col, span) -> None:
        if f.name != self.entity.parent:
            super()._add_field(grid, f, row, col, span)
            return
        # Not the generic drop-down of every case: the case this part belongs to.
        editor = FixedValue(f, self.ctx, self)
        caption = QLabel(label(f))
        caption.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        grid.addWidget(caption, row, col)
        grid.addWidget(editor, row, col + 1, 1, span)
        self.editors[f.name] = editor  # no error label: its errors go to form_error

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.entity.name == "parties":
            kind = self.editors["party_type"]
            kind.edited.connect(lambda: self._fit_to_type(clear=True))
            self._fit_to_type(clear=False)
            self.remember_input()

    def _fit_to_type(self, clear: bool) -> None:
        if self.read_only:
            return  # a view (查阅): every field already read-only
        organisation = self.editors["party_type"].value() == ORGANISATION
        for name in PERSON_ONLY:
            self._enable(name, not organisation, clear)
        for name in ORGANISATION_ONLY:
            self._enable(name, organisation, clear)
        id_type = self.editors["id_type"]
        if clear and organisation and id_type.value() != ORG_ID_TYPE:
            id_type.set_value(ORG_ID_TYPE)
        elif clear and not organisation and id_type.value() == ORG_ID_TYPE:
            id_type.set_value("居民身份证")

    def _enable(self, name: str, on: bool, clear: bool) -> None:
        editor = self.editors[name]
        if not on and clear:
            editor.set_value(None)
        # A stored value stays editable, so a wrong one can be corrected or cleared.
        editor.setEnabled(on or editor.value() is not None)
        if on or clear:
            self.error_labels[name].hide()


class PartsPanel(QWidget):
    """One kind of part of the selected case: a list and 新增/编辑/删除."""

    counted = Signal(int)  # how many the case has, after each reload

    def __init__(self, host: Host, entity_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.host, self.entity = host, entity(entity_name)
        self.case: dict | None = None
        self.rows: list[dict] = []
        self.fields = [self.entity.field(n) for n in LIST_FIELDS[entity_name]]
        self.setObjectName(f"parts_{entity_name}")
        self.model = RowsModel([label(f) for f in self.fields], parent=self)
        self.view = QTableView()
        self.view.setObjectName("table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.doubleClicked.connect(lambda _i: self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())

        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("添加"))
        self.edit_button = QPushButton(_("编辑"))
        self.delete_button = QPushButton(_("删除"))
        self.new_button.setObjectName("new_part")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        for b in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        self.reveal_button = None
        if access.maskable_fields(self.entity):  # a party's ID number and phones
            self.reveal_button = QPushButton(_("显示完整号码"))
            self.reveal_button.setObjectName("reveal")
            self.reveal_button.clicked.connect(self.reveal_current)
            buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.host.changed.connect(self._on_change)
        self._update_buttons()

    # --- showing ------------------------------------------------------------------

    def set_case(self, case: dict | None) -> None:
        self.case = case
        self.reload()

    def reload(self) -> None:
        case_id = self.case["id"] if self.case else None
        self.rows = parts_of_case(self.host.ctx, self.entity, case_id) if case_id else []
        self.model.set_rows(
            [[cell_text(f, row) for f in self.fields] for row in self.rows],
            [row["id"] for row in self.rows],
        )
        for i, f in enumerate(self.fields[:-1]):
            # What the rows need, at least the list's declared width, at most 220 px.
            wanted = max(self.view.sizeHintForColumn(i), field_column(f).width)
            self.view.setColumnWidth(i, min(wanted, 220))
        self._update_buttons()
        self.counted.emit(len(self.rows))

    def _on_change(self, change) -> None:
        if self.case is not None and change.touches({self.entity.name, "cases"}):
            self.reload()

    def _update_buttons(self) -> None:
        """Also what the signed-in account may use (ui/access.py); again after 切换账户."""
        writes = access.may(self.host.ctx, "records.write")
        self.new_button.setEnabled(self.case is not None and writes)
        chosen = self.current_record() is not None
        self.edit_button.setEnabled(chosen and writes)
        self.delete_button.setEnabled(chosen and writes)
        if self.reveal_button is not None:
            self.reveal_button.setVisible(access.may(self.host.ctx, "unmask"))
            self.reveal_button.setEnabled(chosen)

    apply_access = _update_buttons

    def current_record(self) -> dict | None:
        index = self.view.selectionModel().currentIndex()
        row = index.row() if index.isValid() else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_id(self, record_id: str) -> None:
        for row, record in enumerate(self.rows):
            if record["id"] == record_id:
                self.view.selectRow(row)

    # --- actions ------------------------------------------------------------------

    def new_defaults(self) -> dict:
        out = {self.entity.parent: self.case["id"]}
        if self.entity.date_field:
            out[self.entity.date_field] = self.host.today().isoformat()
        if self.entity.name == "parties":
            # The first party is the applicant, the next the respondent.
            taken = {row["role"] for row in self.rows}
            out["role"] = next((r for r in ROLES_ON_CASE if r not in taken), None)
        return out

    def open_form(self, record: dict | None, defaults: dict | None = None) -> PartForm:
        form = PartForm(
            self.host.ctx,
            self.entity.name,
            record=record,
            defaults=defaults,
            parent=self,
            on_saved=self._saved,
        )
        title = _("查看") if form.read_only else _("编辑") if record else _("添加")
        case_no = self.case["case_no"] if self.case else ""
        form.setWindowTitle(f"{title} · {entity_label(self.entity)} · {case_no}")
        form.open()
        return form

    def new_record(self) -> PartForm | None:
        if self.case is None or not access.may(self.host.ctx, "records.write"):
            return None
        return self.open_form(None, self.new_defaults())

    def edit_current(self) -> PartForm | None:
        record = self.current_record()
        if record is None:
            self.host.status.emit(_("请先选择一条记录"))
            return None
        return self.open_form(record)

    def _saved(self, change) -> None:
        self.host.announce(change, self)
        if change.record is not None:
            self.select_id(change.record["id"])

    def reveal_current(self):
        """显示完整号码 for the selected part (audited by the service)."""
        from .reveal import reveal_record

        return reveal_record(self.host, self.entity, self.current_record(), self)

    def delete_current(self) -> None:
        if not access.may(self.host.ctx, "records.write"):
            return
        record = self.current_record()
        if record is None:
            self.host.status.emit(_("请先选择一条记录"))
            return
        what = entity_label(self.entity)
        name = cell_text(self.entity.field(self.entity.display), record)
        answer = QMessageBox.question(
            self,
            _("确认删除"),
            _("确定删除{what}“{name}”吗？删除后可用“撤销删除”（Ctrl+Z）恢复。").format(
                what=what, name=name
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        if answer == QMessageBox.Yes:
            self.host.delete(self.entity.name, record["id"], self)
