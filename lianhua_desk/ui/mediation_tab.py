"""人民调解: the case list, the selected case's deadlines and its status workflow
(已受理 → 调解中 → 调解成功 | 调解不成功 | 已终止; escalation to the street committee),
its parts (当事人, 调查/调解记录, 回访记录: ui/case_parts.py), its 案卷评查
(ui/case_review.py), and the printable agreement, cover and whole dossier."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain import rules
from ..services import lookups, mediation
from ..services.records import CASE_TRANSITIONS
from . import access, case_dossier, case_review, file_dialogs, report_actions
from .badges import BadgeBox
from .case_form import CaseForm
from .case_parts import PartsPanel
from .columns import deadline_column, entity_columns
from .field_dialog import FieldsDialog
from .host import Host
from .i18n import _, enum_text
from .list_panel import ListPanel, lay_out_with_side

# Columns a clerk rarely needs in the list (still in the form and the column menu).
HIDDEN = (
    "source",
    "performance",
    "judicial_confirmation",
    "summary",
    "agreement",
    "closed_date",
    "disputed_issues",
    "responsibilities",
    "agreement_form",
    "amount_agreed",
    "performance_method",
    "performance_deadline",
    "other_terms",
    "extended_until",
    "extension_consent",
    "confirmation_court",
    "confirmation_applied",
    "confirmation_ruling",
)
# The selected case's parts, each a tab below the list.
PART_TABS = (("parties", "当事人"), ("case_records", "调查调解记录"), ("visits", "回访记录"))


class CaseListPanel(ListPanel):
    """The case list; a new case's form also takes its parties' ID and phone."""

    def open_form(self, record: dict | None = None, defaults: dict | None = None) -> CaseForm:
        form = CaseForm(
            self.host.ctx,
            "cases",
            record=record,
            defaults=defaults,
            parent=self,
            on_saved=self._saved,
        )
        form.open()
        return form

    def select_id(self, record_id: str) -> bool:
        """Not a case (a party whose delete was undone): nothing to page through."""
        if not lookups.rows_by_id(self.host.ctx.db, "cases", [record_id]):
            return False
        return super().select_id(record_id)


class MediationTab(QWidget):
    def __init__(self, host: Host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = host
        self.setObjectName("tab_cases")
        self.review = case_review.ReviewCache(host, self)
        columns = entity_columns("cases")
        # The deadline badge and the review right after the number: what is scanned for.
        columns[1:1] = [
            deadline_column("cases", lambda: host.settings, host.today),
            case_review.review_column(self.review),
        ]
        self.panel = CaseListPanel(host, "cases", columns=columns, hidden=HIDDEN)
        self.review.follow(self.panel.model)
        self.panel.selection_changed.connect(lambda _id: self.update_side())
        self.problem_filter = case_review.ProblemFilter(self.panel, self.review)
        # Beside the search (the row of drop-downs is already as wide as a small screen).
        top = self.panel.filter_row.itemAt(0).layout()
        top.insertWidget(1, self.problem_filter)
        top.insertWidget(2, self.problem_filter.count)
        self.review.updated.connect(self._review_updated)
        # The side shows the selected record and its deadlines: what the list shows.
        host.changed.connect(lambda c: c.touches(self.panel.depends_on) and self.update_side())

        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setObjectName("case_title")
        side_layout.addWidget(self.title)
        self.badges = BadgeBox()
        side_layout.addWidget(self.badges)

        flow = QGroupBox(_("办理流程"))
        flow_layout = QVBoxLayout(flow)
        self.buttons: dict[str, QPushButton] = {}
        for status, text in (
            ("调解中", _("开始调解")),
            ("调解成功", _("调解成功…")),
            ("调解不成功", _("调解不成功")),
            ("已终止", _("终止调解")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"to_{status}")
            button.clicked.connect(lambda _c=False, s=status: self.move_to(s))
            flow_layout.addWidget(button)
            self.buttons[status] = button
        self.escalate_button = QPushButton(_("上交街道调解委员会"))
        self.escalate_button.setToolTip(_("分级调解：小事不出社区，大事不出街道"))
        self.escalate_button.clicked.connect(self.escalate)
        flow_layout.addWidget(self.escalate_button)
        side_layout.addWidget(flow)

        docs = QGroupBox(_("文书"))
        docs_layout = QVBoxLayout(docs)
        self.print_button = QPushButton(_("打印调解协议书…"))
        self.print_button.clicked.connect(self.print_agreement)
        self.cover_button = QPushButton(_("打印卷宗封面…"))
        self.cover_button.clicked.connect(self.print_cover)
        self.dossier_button = QPushButton(_("打印卷宗…"))
        self.dossier_button.setObjectName("print_dossier")
        self.dossier_button.setToolTip(_("整本卷宗：封面、卷内目录及各类文书"))
        self.dossier_button.clicked.connect(self.print_dossier)
        docs_layout.addWidget(self.print_button)
        docs_layout.addWidget(self.cover_button)
        docs_layout.addWidget(self.dossier_button)
        side_layout.addWidget(docs)
        side_layout.addStretch(1)
        side.setMinimumWidth(200)

        # Below the list: the selected case's parts and its review.
        self.details = QTabWidget()
        self.details.setObjectName("case_details")
        self.parts: dict[str, PartsPanel] = {}
        for i, (name, title) in enumerate(PART_TABS):
            self.parts[name] = PartsPanel(host, name)
            self.details.addTab(self.parts[name], _(title))
            self.parts[name].counted.connect(lambda n, i=i, t=title: self._count_tab(i, t, n))
        self.problems = case_review.ProblemsPanel(self.review)
        self.details.addTab(self.problems, _("评查"))
        self.problems.counted.connect(lambda n: self._count_tab(len(PART_TABS), "评查", n))
        left = QSplitter(Qt.Vertical)
        left.addWidget(self.panel)
        left.addWidget(self.details)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)
        self.left = left

        lay_out_with_side(self, left, side, (900, 240))
        self.update_side()

    def current_panel(self) -> ListPanel:
        return self.panel

    def apply_access(self) -> None:
        """The signed-in account changed (main_window.apply_account)."""
        self.update_side()

    def update_side(self) -> None:
        case = self.panel.current_record()
        # What the account may do (issue 17): the services refuse the rest anyway.
        writes = access.may(self.host.ctx, "records.write")
        documents = access.may(self.host.ctx, "documents.personal")
        allowed = CASE_TRANSITIONS.get(case["status"], set()) if case and writes else set()
        for status, button in self.buttons.items():
            button.setEnabled(status in allowed)
        is_open = writes and bool(case) and case["status"] in ("已受理", "调解中")
        self.escalate_button.setEnabled(is_open and case["body"] != "街道人民调解委员会")
        self.print_button.setEnabled(documents and bool(case) and bool(case.get("agreement")))
        self.cover_button.setEnabled(documents and bool(case))
        self.dossier_button.setEnabled(documents and bool(case))
        for panel in self.parts.values():
            if (panel.case or {}).get("id") != (case or {}).get("id"):
                panel.set_case(case)
            else:
                panel.case = case
        self.problems.set_case(case)
        if case is None:
            self.title.setText(_("请在左侧选择一件案件"))
            self.badges.set_deadlines([])
            return
        self.title.setText(
            f"<b>{case['case_no']}</b><br>{case['applicant']}"
            + (f" — {case['respondent']}" if case.get("respondent") else "")
            + f"<br>{enum_text(case['category'])} · {enum_text(case['status'])}"
            + f"<br>{enum_text(case['body'])}"
        )
        self.badges.set_deadlines(rules.case_deadlines(case, self.host.settings, self.host.today()))

    def move_to(self, status: str) -> None:
        case = self.panel.current_record()
        if case is None:
            return
        if status == "调解成功":
            dialog = FieldsDialog(
                self.host.ctx.db,
                "cases",
                ["closed_date", "agreement", "performance", "amount_recovered"],
                _("调解成功"),
                values={
                    "closed_date": self.host.today().isoformat(),
                    "agreement": case.get("agreement"),
                    "performance": case.get("performance") or "未履行",
                    "amount_recovered": case.get("amount_recovered"),
                },
                required=("closed_date", "agreement"),
                parent=self,
            )
            if dialog.exec() != FieldsDialog.Accepted:
                return
            raw = dialog.raw_values()
            self.host.call(mediation.transition, case["id"], status, parent=self, **raw)
            return
        if status in mediation.OUTCOMES:
            answer = QMessageBox.question(
                self,
                _("确认"),
                _("将案件 {no} 的状态改为“{status}”？结案日期记为今天。").format(
                    no=case["case_no"], status=enum_text(status)
                ),
            )
            if answer != QMessageBox.Yes:
                return
        self.host.call(mediation.transition, case["id"], status, parent=self)

    def escalate(self) -> None:
        case = self.panel.current_record()
        if case is not None:
            self.host.call(mediation.escalate, case["id"], parent=self)

    def _count_tab(self, index: int, title: str, n: int | None) -> None:
        """A detail tab's title with how many it holds: a missing visit shows as (0)."""
        shown = n is not None and self.panel.current_id() is not None
        self.details.setTabText(index, _(title) + (f"（{n}）" if shown else ""))

    def _review_updated(self) -> None:
        """Repaint the 评查 column with the result that arrived."""
        self.panel.view.viewport().update()

    def print_dossier(self) -> None:
        case = self.panel.current_record()
        if case is not None:
            case_dossier.print_dossier(self.host, case, self)

    def _pdf_target(self, case: dict, what: str) -> str | None:
        name = f"{what}-{case['case_no']}.pdf".replace("/", "-")
        return file_dialogs.save_file(self, _("保存为"), name, "PDF (*.pdf)")

    def print_agreement(self) -> None:
        case = self.panel.current_record()
        if case is not None and (path := self._pdf_target(case, _("调解协议书"))):
            report_actions.agreement(self.host, case["case_no"], path, self)

    def print_cover(self) -> None:
        case = self.panel.current_record()
        if case is not None and (path := self._pdf_target(case, _("卷宗封面"))):
            report_actions.case_cover(self.host, case["case_no"], path, self)
