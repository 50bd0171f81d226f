"""A new case's form: the case's own fields, and the applicant's and respondent's name,
ID number and phone typed with it in one group on top (quick entry, services/parties.py QUICK), so a clerk
registers a walk-in in one form and hears at once of an open case of the same person.

The parties' other particulars, and any further party, are entered in the case's
当事人 list (ui/case_parts.py).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel

from ..domain.fields import CASE, PARTY
from ..services.parties import QUICK, QUICK_LABELS
from .field_widgets import make_editor
from .form import RecordForm
from .i18n import _, label

# The quick-entry keys besides the names (the names are the case's own fields).
QUICK_EXTRA = [key for key, (_role, field) in QUICK.items() if field != "name"]
# Those the form leaves out when blank (the required applicant is reported as such).
OPTIONAL_QUICK = {k for k in QUICK if not (k in CASE.by_name and CASE.field(k).required)}
# The quick keys that are the case's own fields (the names), and the group's rows:
# one side a row, its name, ID number and phone in QUICK's order.
NAMES = frozenset(k for k in QUICK if k in CASE.by_name)
ROWS = [
    [k for k, (r, _f) in QUICK.items() if r == role]
    for role in dict.fromkeys(r for r, _f in QUICK.values())
]


def quick_field(key: str):
    """A quick-entry key as a field: the party field's kind, the case's label."""
    _role, name = QUICK[key]
    return replace(PARTY.field(name), name=key, label=QUICK_LABELS[key], required=False)


class CaseForm(RecordForm):
    def placed_apart(self) -> frozenset[str]:
        # A new case's names sit in the parties' group with their ID and phone.
        return frozenset() if self.record is not None else NAMES

    def _top_box(self):
        """申请人 and 被申请人, each on one row with its ID number and phone: what
        belongs together sits together and Tab goes along the row."""
        if self.record is not None:
            return None  # an existing case's parties are edited in its 当事人 list
        # (The names sit here too; the title keeps its translated wording for now.)
        box = QGroupBox(_("当事人（快速登记，其余信息在“当事人”中填写）"))
        grid = QGridLayout(box)
        grid.setVerticalSpacing(0)
        for row, keys in enumerate(ROWS):
            for col, key in enumerate(keys):
                if key in NAMES:
                    f = CASE.field(key)
                    editor = make_editor(self.ctx.db, "cases", f, self)
                    text = label(f) + (" *" if f.required else "")
                else:
                    f = quick_field(key)
                    editor = make_editor(self.ctx.db, "parties", f, self)
                    # The row names the side: the caption names only the particular.
                    text = label(PARTY.field(QUICK[key][1]))
                    editor.focus_widget().setAccessibleName(QUICK_LABELS[key])
                caption = QLabel(text)
                caption.setBuddy(editor.focus_widget())
                caption.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                error = self.add_editor(key, editor)
                grid.addWidget(caption, row * 2, col * 2)
                grid.addWidget(editor, row * 2, col * 2 + 1)
                grid.addWidget(error, row * 2 + 1, col * 2 + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return box

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
