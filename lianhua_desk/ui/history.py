"""A record's history: every change from the audit trail (who, when, before → after)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout

from ..domain.fields import Kind, entity
from ..services import lookups
from ..services.context import Context
from .i18n import _, enum_text, label, yes_no
from .table_model import RowsModel

ACTIONS = {
    "insert": "新建",
    "update": "修改",
    "delete": "删除",
    "undelete": "撤销删除",
    "import": "导入",
    "restore": "恢复",
    "demo": "演示数据",
    "unlink": "解除关联",  # the linked record was deleted (services.records.delete)
    "relink": "恢复关联",  # and its deletion undone
}


def describe_changes(entity_name: str, before: dict | None, after: dict | None, names) -> str:
    """'状态：已受理 → 调解中' lines for the declared fields that differ."""
    e = entity(entity_name)
    lines = []
    for f in e.fields:
        old = (before or {}).get(f.name)
        new = (after or {}).get(f.name)
        if old == new or (before is None and new is None):
            continue

        def show(value, f=f):
            if value is None:
                return "—"
            if f.kind is Kind.REF:
                return names(f.ref).get(value, value)
            if f.kind is Kind.ENUM:
                return enum_text(value)
            if f.kind is Kind.BOOL:
                return yes_no(value)
            return str(value)

        if before is None:
            lines.append(f"{label(f)}：{show(new)}")
        else:
            lines.append(f"{label(f)}：{show(old)} → {show(new)}")
    return "\n".join(lines)


def history_rows(ctx: Context, entity_name: str, record_id: str) -> list[list[str]]:
    cache: dict[str, dict[str, str]] = {}

    def names(ref: str) -> dict[str, str]:
        if ref not in cache:
            cache[ref] = dict(lookups.choices(ctx.db, ref))
        return cache[ref]

    rows = []
    for a in lookups.audit_trail(ctx.db, entity_name, record_id):
        action = _(ACTIONS.get(a["action"], a["action"]))
        detail = (
            _("记录已删除")
            if a["after"] is None
            else describe_changes(entity_name, a["before"], a["after"], names)
        )
        rows.append([a["at"], a["operator"] or "", action, detail])
    return rows


class HistoryDialog(QDialog):
    def __init__(self, ctx: Context, entity_name: str, record_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("修改记录"))
        self.model = RowsModel(
            [_("时间"), _("操作员"), _("操作"), _("内容")],
            history_rows(ctx, entity_name, record_id),
            parent=self,
        )
        view = QTableView(self)
        view.setModel(self.model)
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.verticalHeader().hide()
        view.setColumnWidth(0, 150)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(760, 420)
