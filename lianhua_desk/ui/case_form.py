"""A new case's form: the case's own fields, and the applicant's and respondent's ID
number and phone typed with it (quick entry, services/parties.py QUICK), so a clerk
registers a walk-in in one form and hears at once of an open case of the same person.

The parties' other particulars, and any further party, are entered in the case's
当事人 list (ui/case_parts.py).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel

from ..domain.fields import CASE, PARTY
from ..services.parties import QUICK, QUICK_LABELS
from .field_widgets import make_editor
from .form import ERROR_STYLE, RecordForm
from .i18n import _

# The quick-entry keys besides the names (the names are the case's own fields).
QUICK_EXTRA = [key for key, (_role, field) in QUICK.items() if field != "name"]
# Those the form leaves out when blank (the required applicant is reported as such).
OPTIONAL_QUICK = {k for k in QUICK if not (k in CASE.by_name and CASE.field(k).required)}


def quick_field(key: str):
    """A quick-entry key as a field: the party field's kind, the case's label."""
    _role, name = QUICK[key]
    return replace(PARTY.field(name), name=key, label=QUICK_LABELS[key], required=False)


class CaseForm(RecordForm):
    def _build(self) -> None:
        super()._build()
        if self.record is not None:
            return  # an existing case's parties are edited in its 当事人 list
        box = QGroupBox(_("当事人证件与电话（快速登记，其余信息在“当事人”中填写）"))
        grid = QGridLayout(box)
        for i, key in enumerate(QUICK_EXTRA):
            f = quick_field(key)
            editor = make_editor(self.ctx.db, "parties", f, self)
            caption = QLabel(QUICK_LABELS[key])
            caption.setBuddy(editor.focus_widget())
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setObjectName(f"error_{key}")
            error.hide()
            editor.edited.connect(lambda name=key: self._check_one(name))
            row, col = (i // 2) * 2, (i % 2) * 2
            grid.addWidget(caption, row, col)
            grid.addWidget(editor, row, col + 1)
            grid.addWidget(error, row + 1, col + 1)
            self.editors[key] = editor
            self.error_labels[key] = error
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.layout().insertWidget(1, box)

    def raw_values(self) -> dict:
        """A blank quick-entry key is left out: nothing given for that side (the
        service would take a side with a key present for a party to register)."""
        raw = super().raw_values()
        if self.record is None:
            raw = {k: v for k, v in raw.items() if v is not None or k not in OPTIONAL_QUICK}
        return raw

    def validate(self, raw: dict) -> bool:
        """The case's fields as any form checks them; the quick entry is checked by the
        service (with the party's own rules) and its reasons shown at these fields."""
        return super().validate({k: v for k, v in raw.items() if k not in QUICK_EXTRA})
