"""显示完整号码: a selected record's ID numbers and phones in full, for a role that
may see them (domain.accounts "unmask"). Each value is read through
services.accounts.reveal, which writes an "unmask" row to the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ..domain.fields import Entity
from ..errors import RefusedInput
from ..services import accounts
from . import errors
from .access import maskable_fields
from .i18n import _, entity_label, label


class RevealDialog(QDialog):
    """The record's full numbers, selectable (to copy), and a note that it was recorded."""

    def __init__(self, values: list[tuple[str, str]], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reveal")
        self.setWindowTitle(title)
        self.values = dict(values)
        form = QFormLayout()
        for caption, value in values:
            shown = QLabel(value)
            shown.setObjectName("value")
            shown.setTextInteractionFlags(Qt.TextSelectableByMouse)
            form.addRow(caption, shown)
        if not values:
            form.addRow(QLabel(_("这条记录没有填写身份证号或电话。")))
        note = QLabel(_("本次查看已记入审计记录。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(_("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)


def reveal_record(host, e: Entity, record: dict | None, parent: QWidget) -> RevealDialog | None:
    """Read `record`'s filled ID numbers and phones in full (audited) and show them."""
    if record is None:
        host.status.emit(_("请先选择一条记录"))
        return None
    values = []
    try:
        for f in maskable_fields(e):
            if record.get(f.name) not in (None, ""):
                values.append((label(f), accounts.reveal(host.ctx, e.name, record["id"], f.name)))
    except RefusedInput as exc:  # not permitted, or deleted meanwhile
        errors.show_refused(exc, parent)
        return None
    name = record.get(e.display) or ""
    dialog = RevealDialog(values, _("完整号码") + f" · {entity_label(e)} {name}", parent)
    dialog.open()
    return dialog
