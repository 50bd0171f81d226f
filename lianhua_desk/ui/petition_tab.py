"""信访分流: intake (the list's form), screening and routing, deadlines, repeat
petitions, conclusion. Routing to 人民调解 registers the linked case in one step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import rules
from ..domain.fields import MEDIATION_BODY, ROUTE, SCREENING
from ..services import lookups, petitions
from . import access
from .badges import BadgeBox
from .field_dialog import FieldsDialog
from .host import Host
from .i18n import _, enum_text
from .list_panel import ListPanel, lay_out_with_side
from .table_model import RowsModel

HIDDEN = ("id_no", "phone", "handling", "screening", "receiving_unit", "concluded_date")


def _enum_combo(values, blank: bool = False) -> QComboBox:
    box = QComboBox()
    if blank:
        box.addItem("", None)
    for v in values:
        box.addItem(enum_text(v), v)
    return box


class PetitionTab(QWidget):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_petitions")
        self.panel = ListPanel(host, "petitions", hidden=HIDDEN)
        self.panel.add_button(_("超期清单"), self.show_overdue, "overdue")
        self.panel.selection_changed.connect(lambda _id: self.update_side())
        # The side shows the selected record and its deadlines: what the list shows.
        host.changed.connect(lambda c: c.touches(self.panel.depends_on) and self.update_side())

        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.title = QLabel()
        self.title.setWordWrap(True)
        side_layout.addWidget(self.title)
        self.badges = BadgeBox()
        side_layout.addWidget(self.badges)
        side_layout.addWidget(self._routing_box())
        side_layout.addWidget(self._repeat_box(), 1)
        self.conclude_button = QPushButton(_("办结…"))
        self.conclude_button.clicked.connect(self.conclude)
        side_layout.addWidget(self.conclude_button)
        side.setMinimumWidth(240)

        lay_out_with_side(self, self.panel, side, (880, 300))
        self.update_side()

    def current_panel(self) -> ListPanel:
        return self.panel

    def apply_access(self) -> None:
        """The signed-in account changed (main_window.apply_account)."""
        self.update_side()

    # --- building ------------------------------------------------------------------

    def _routing_box(self) -> QGroupBox:
        box = QGroupBox(_("甄别与分流"))
        form = QFormLayout(box)
        self.route = _enum_combo(ROUTE)
        self.route.setObjectName("route")
        self.screening = _enum_combo(SCREENING, blank=True)
        self.legal_service = QCheckBox(_("提供法律服务"))
        self.guided_legal = QCheckBox(_("引导法律途径"))
        self.receiving_unit = QLineEdit()
        self.body = _enum_combo(MEDIATION_BODY)
        self.body_label = QLabel(_("调解组织"))
        form.addRow(_("分流去向"), self.route)
        form.addRow(_("甄别结论"), self.screening)
        form.addRow(self.legal_service)
        form.addRow(self.guided_legal)
        form.addRow(_("接收单位"), self.receiving_unit)
        form.addRow(self.body_label, self.body)
        self.route_button = QPushButton(_("分流（Ctrl+S）"))
        self.route_button.setObjectName("route_button")
        self.route_button.clicked.connect(self.apply_route)
        self.mediate_button = QPushButton(_("转人民调解并立案"))
        self.mediate_button.setObjectName("to_mediation")
        self.mediate_button.clicked.connect(self.route_to_mediation)
        form.addRow(self.route_button)
        form.addRow(self.mediate_button)
        self.route.currentIndexChanged.connect(self._route_changed)
        self._route_changed()
        return box

    def _repeat_box(self) -> QGroupBox:
        box = QGroupBox(_("重复信访"))
        layout = QVBoxLayout(box)
        self.repeats = RowsModel([_("信访编号"), _("登记日期"), _("状态")], parent=self)
        view = QTableView()
        view.setModel(self.repeats)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.doubleClicked.connect(self._open_repeat)
        view.setToolTip(_("同一人就同类事项的其他信访，双击查看"))
        layout.addWidget(view)
        self.repeat_view = view
        return box

    def _route_changed(self) -> None:
        # The two flags are annual-report figures: choosing a route never ticks them.
        mediation = self.route.currentData() == "人民调解"
        self.body.setVisible(mediation)
        self.body_label.setVisible(mediation)

    # --- the selected petition -----------------------------------------------------

    def update_side(self) -> None:
        p = self.panel.current_record()
        # A 查阅 account (issue 17) routes and concludes nothing: the services refuse it.
        open_ = bool(p) and p["status"] != "已办结" and access.may(self.host.ctx, "records.write")
        for w in (self.route_button, self.mediate_button, self.conclude_button):
            w.setEnabled(open_)
        self.mediate_button.setEnabled(open_ and not (p or {}).get("case_no"))
        # The petition's own flags; with nothing selected, unticked and out of reach.
        for box, name in (
            (self.legal_service, "legal_service"),
            (self.guided_legal, "guided_legal"),
        ):
            box.setChecked(bool((p or {}).get(name)))
            box.setEnabled(open_)
        if p is None:
            self.title.setText(_("请在左侧选择一件信访"))
            self.badges.set_deadlines([])
            self.repeats.set_rows([])
            return
        linked = "<br>" + _("转入调解案件：") + p["case_no"] if p.get("case_no") else ""
        self.title.setText(
            f"<b>{p['petition_no']}</b><br>"
            + _("{name}（{n}人）").format(name=p["petitioner"], n=p.get("headcount") or 1)
            + f"<br>{p['subject']}"
            f"<br>{enum_text(p['status'])}"
            + (f" · {enum_text(p['route'])}" if p.get("route") else "")
            + linked
        )
        self.badges.set_deadlines(
            rules.petition_deadlines(p, self.host.settings, self.host.today())
        )
        if p.get("route"):
            self.route.setCurrentIndex(max(0, self.route.findData(p["route"])))
        self.screening.setCurrentIndex(max(0, self.screening.findData(p.get("screening"))))
        self.receiving_unit.setText(p.get("receiving_unit") or "")
        others = petitions.repeat_petitions(self.host.ctx, p)
        self.repeats.set_rows(
            [[o["petition_no"], o["registered_date"], enum_text(o["status"])] for o in others],
            [o["id"] for o in others],
        )

    def _open_repeat(self, index) -> None:
        record_id = self.repeats.payload(index.row())
        if record_id and not self.panel.select_id(record_id):
            self.panel.search.clear()
            self.panel.apply_filters()
            self.panel.select_id(record_id)

    def apply_route(self) -> None:
        p = self.panel.current_record()
        if p is None or p["status"] == "已办结":
            return
        route = self.route.currentData()
        change = self.host.call(
            petitions.route,
            p["id"],
            route,
            screening=self.screening.currentData(),
            legal_service=self.legal_service.isChecked(),
            guided_legal=self.guided_legal.isChecked(),
            receiving_unit=self.receiving_unit.text().strip() or None,
            body=self.body.currentData(),
            parent=self,
        )
        self._routed(change)

    def route_to_mediation(self) -> None:
        p = self.panel.current_record()
        if p is None:
            return
        self._routed(
            self.host.call(
                petitions.route,
                p["id"],
                "人民调解",
                body=self.body.currentData(),
                # As shown (the petition's own values unless the clerk ticked them).
                legal_service=self.legal_service.isChecked(),
                guided_legal=self.guided_legal.isChecked(),
                parent=self,
            )
        )

    def _routed(self, change) -> None:
        if change is None:
            return
        record = change.record or {}
        if record.get("case_no") and record.get("route") == "人民调解":
            self.host.status.emit(_("已分流，并登记调解案件 {no}").format(no=record["case_no"]))
        else:
            self.host.status.emit(_("已分流"))
        self.panel.select_id(record.get("id", ""))

    def conclude(self) -> None:
        p = self.panel.current_record()
        if p is None:
            return
        dialog = FieldsDialog(
            self.host.ctx.db,
            "petitions",
            ["concluded_date", "amount_recovered", "handling"],
            _("办结"),
            values={"concluded_date": self.host.today().isoformat(), "handling": p.get("handling")},
            required=("concluded_date",),
            parent=self,
        )
        if dialog.exec() == FieldsDialog.Accepted:
            self.host.call(petitions.conclude, p["id"], parent=self, **dialog.raw_values())

    def show_overdue(self) -> None:
        box = self.panel.due
        box.setCurrentIndex(box.findData(lookups.DUE_OVERDUE))

    def save(self) -> None:
        """Ctrl+S on this tab applies the routing panel."""
        self.apply_route()
