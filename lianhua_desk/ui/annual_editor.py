"""编辑年度报告: the annual report's text blocks beside its pages.

Left, the blocks by section (一's items, 二, 三), each marked when a figure it
prints changed since the clerk last confirmed them (我已核对). In the middle, the
selected block's words with their `{statistic}` placeholders, the statistics to
insert (with this year's values), the block as it will print (figures highlighted,
changed ones in red) and, for 二, the suggestions drawn from the records. Right, the
real PDF's pages (annual_preview), refreshed after each save.

Everything the block says comes from `services.annual_report`; this module only
shows it and hands the clerk's words back.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import annual_blocks as ab
from ..domain import statistics
from ..domain.prose_numbers import prose
from ..errors import LianhuaError
from ..services import annual_report
from ..services import reports as report_service
from ..services.annual_report import DRAFT, LAST_YEAR, SAVED
from ..services.context import Change
from ..services.reports import ReportRefused
from .annual_preview import AnnualPreview
from .host import Host
from .i18n import _, is_english
from .unsaved import AsksBeforeDiscarding

CHANGED = "●"  # the marker of a block whose figures changed since last seen
FIGURE_STYLE = "background:#fff1b8;"
CHANGED_STYLE = "background:#ffd6d6;color:#a8071a;font-weight:bold;"


EMPTY_TEXT = {
    "problems": annual_report.PLACEHOLDER_PROBLEMS,
    "plans": annual_report.PLACEHOLDER_PLANS,
}


def source_text(source: str) -> str:
    """Where a block's words come from, as the clerk reads it."""
    return {SAVED: _("已保存"), LAST_YEAR: _("沿用上年文字"), DRAFT: _("系统草稿，尚未保存")}.get(
        source, source
    )


def changes_summary(states: dict) -> str:
    """One line: how many blocks show figures changed since the clerk last checked."""
    changed = sum(1 for s in states.values() if s.changed)
    if changed:
        return _("● {n} 段的数字自上次核对后有变化，请看过后按“我已核对”。").format(n=changed)
    return _("没有自上次核对后变化的数字。")


def runs_html(runs, changed: set[str]) -> str:
    """A paragraph's runs as HTML: plain text escaped, figures highlighted."""
    parts = []
    for run in runs:
        if isinstance(run, str):
            parts.append(html.escape(run))
            continue
        style = CHANGED_STYLE if run.key in changed else FIGURE_STYLE
        title = html.escape(f"{{{run.key}}} = {run.value}")
        parts.append(f'<span style="{style}" title="{title}">{html.escape(run.text)}</span>')
    return "".join(parts)


def rendering_html(state, text: str, figures: dict) -> str:
    """The words as the report prints them, line by line: figures highlighted (those
    changed since last seen in red), the lead in bold; a placeholder the service would
    refuse is said in red instead of a figure."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if isinstance(state, WrittenState):
        if not lines:  # the report prints its 【待填写】 line
            empty = EMPTY_TEXT[state.key]
            return f'<p style="background:#fff7e6;">{html.escape(empty)}</p>'
        return "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    try:
        bad = ab.unknown(text)
    except ValueError as exc:
        bad = [str(exc)]
    if bad:
        return f'<p style="color:#a8071a;">{html.escape(_("占位符有误：") + "、".join(bad))}</p>'
    out = []
    for i, line in enumerate(lines):
        lead = f"<b>{html.escape(state.lead)}</b>" if i == 0 and state.lead else ""
        body = runs_html(annual_report.runs(line, figures), set(state.changed))
        out.append(f"<p>{lead}{body}</p>")
    return "".join(out)


@dataclass(frozen=True)
class Placeholder:
    key: str
    label: str
    printed: str  # as prose prints it ('600余人次')
    exact: str


def placeholders(figures: dict) -> list[Placeholder]:
    """The statistics a block may print (domain/annual_blocks.ALLOWED), with this
    year's values as prose rounds them and exact."""
    out = []
    for key in ab.ALLOWED:
        s = statistics.statistic(key)
        label = s.english if is_english() else s.label
        out.append(Placeholder(key, label, prose(key, figures[key]), f"{figures[key]}{s.unit}"))
    return out


@dataclass(frozen=True)
class WrittenState:
    """二 or 三: the clerk's own text (services.annual_report.save_texts), no figures."""

    key: str  # 'problems' | 'plans', as save_texts names them
    section: str
    text: str
    source: str
    lead: str = ""
    changed: tuple[str, ...] = ()


def load_states(ctx, year: int, today) -> dict:
    """key → state in the report's order: the blocks of 一, then 二 and 三 (三 starts
    from last year's plan, as the report prints it)."""
    states = {s.key: s for s in annual_report.block_states(ctx, year, today=today)}
    texts = report_service.get_report_text(ctx, year)
    before = report_service.get_report_text(ctx, year - 1) if year > 2000 else {}
    problems = texts.get("problems") or ""
    states["problems"] = WrittenState(
        "problems", _("二、存在问题及形势研判"), problems, SAVED if problems else DRAFT
    )
    plans, source = texts.get("plans") or "", SAVED
    if not plans:
        plans, source = before.get("plans") or "", LAST_YEAR if before.get("plans") else DRAFT
    heading = _("三、{year}年法治政府建设重点工作计划").format(year=year + 1)
    states["plans"] = WrittenState("plans", heading, plans, source)
    return states


def save_state(ctx, year: int, state, text: str) -> Change | None:
    """Save one block's words (refused words raise ReportRefused, nothing written)."""
    if isinstance(state, WrittenState):
        annual_report.save_texts(ctx, year, **{state.key: text})
        return None
    return annual_report.save_block(ctx, year, state.key, text)


class AnnualEditor(AsksBeforeDiscarding, QDialog):
    """One year's report: its blocks, their words and the pages."""

    def __init__(self, host: Host, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.host, self.year = host, year
        self.setObjectName("annual_editor")
        self.setWindowTitle(_("{year}年法治政府建设年度报告 — 编辑").format(year=year))
        self.setWindowFlag(Qt.WindowMaximizeButtonHint, True)
        self.states: dict[str, object] = {}  # key → BlockState, in the report's order
        self.drafts: dict[str, str] = {}  # key → words edited and not yet saved
        self.current: str | None = None
        self._loading = False
        self._writing = False  # our own change announced: no reload from it
        self._ignored: set[str] = set()  # suggestions the clerk dropped (this session)
        self.figures: dict = {}
        self.items: dict = {}

        splitter = QSplitter(Qt.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._blocks_pane())
        splitter.addWidget(self._edit_pane())
        self.preview = AnnualPreview(host, year, self)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([230, 410, 360])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())
        QShortcut(QKeySequence.Save, self, activated=self.save)
        host.changed.connect(self._on_change)
        self.finished.connect(lambda _r: host.changed.disconnect(self._on_change))

        self.reload()
        self.remember_input()
        self.preview.render_now()

    # --- the panes ---------------------------------------------------------------------

    def _blocks_pane(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("blocks")
        self.tree.setHeaderLabels([_("段落"), CHANGED])
        self.tree.headerItem().setToolTip(1, _("数字有变化"))
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.currentItemChanged.connect(self._select)
        layout.addWidget(self.tree, 1)
        self.summary = QLabel()
        self.summary.setObjectName("changes_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        return pane

    def _edit_pane(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("block_heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.template = QPlainTextEdit()
        self.template.setObjectName("template")
        self.template.setPlaceholderText(_("在此撰写本段。{统计项} 处将填入台账统计的数字。"))
        self.template.textChanged.connect(self._edited)
        layout.addWidget(self.template, 3)
        self.error = QLabel()
        self.error.setObjectName("block_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#a8071a;")
        self.error.hide()
        layout.addWidget(self.error)
        legend = QLabel(_("本段印出效果（黄色为统计数字，红色为自上次核对后有变化的数字）："))
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.rendering = QTextBrowser()
        self.rendering.setObjectName("rendering")
        layout.addWidget(self.rendering, 2)
        self.tools = QTabWidget()
        self.tools.addTab(self._statistics(), _("插入统计数"))
        self.tools.addTab(self._suggestions(), _("问题建议"))
        layout.addWidget(self.tools, 2)
        return pane

    def _statistics(self) -> QWidget:
        self.stats_table = QTableWidget(0, 3)
        self.stats_table.setObjectName("statistics")
        self.stats_table.setHorizontalHeaderLabels([_("统计项"), _("占位符"), _("报告中印为")])
        self.stats_table.verticalHeader().hide()
        self.stats_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.stats_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.stats_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.stats_table.setToolTip(_("双击一项，把它的占位符插入到光标处。"))
        self.stats_table.cellDoubleClicked.connect(lambda row, _c: self.insert_placeholder(row))
        return self.stats_table

    def _suggestions(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(2, 2, 2, 2)
        self.suggestion_list = QListWidget()
        self.suggestion_list.setObjectName("suggestions")
        self.suggestion_list.setWordWrap(True)
        layout.addWidget(self.suggestion_list, 1)
        row = QHBoxLayout()
        self.adopt_button = QPushButton(_("采用"))
        self.adopt_button.setToolTip(_("把这条建议加到“二、存在问题”的末尾（保存后生效）。"))
        self.adopt_button.clicked.connect(self.adopt)
        self.ignore_button = QPushButton(_("忽略"))
        self.ignore_button.clicked.connect(self.ignore)
        row.addWidget(self.adopt_button)
        row.addWidget(self.ignore_button)
        row.addStretch(1)
        layout.addLayout(row)
        return pane

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton(_("保存本段"))
        self.save_button.setObjectName("save_block")
        self.save_button.clicked.connect(self.save)
        self.seen_button = QPushButton(_("我已核对"))
        self.seen_button.setObjectName("mark_seen")
        self.seen_button.setToolTip(_("确认已看过现在的数字，清除“数字有变化”标记。"))
        self.seen_button.clicked.connect(self.mark_seen)
        close = QPushButton(_("关闭"))
        close.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addWidget(self.seen_button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    # --- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        """Read the blocks, the figures and the suggestions again (the clerk's unsaved
        words and the selected block stay)."""
        today = self.host.today()
        ctx = self.host.ctx
        self.figures = annual_report.figures(
            ctx, self.year, annual_report.cut_off(self.year, today, today)
        )
        self.states = load_states(ctx, self.year, today)
        self._fill_tree()
        self._fill_statistics(placeholders(self.figures))
        self._fill_suggestions(annual_report.suggestions(ctx, self.year, today=today))
        self._show_current()

    def _fill_tree(self) -> None:
        """一 → its parts （一）… → their blocks; then 二 and 三, each one block."""
        self.tree.blockSignals(True)
        self.tree.clear()
        measures = QTreeWidgetItem(self.tree, [_("一、主要举措"), ""])
        parts: dict[str, QTreeWidgetItem] = {}
        self.items: dict[str, QTreeWidgetItem] = {}
        for state in self.states.values():
            if isinstance(state, WrittenState):
                item = QTreeWidgetItem(self.tree, ["", ""])
            else:
                if state.section not in parts:
                    parts[state.section] = QTreeWidgetItem(measures, [state.section, ""])
                    parts[state.section].setToolTip(0, state.section)
                item = QTreeWidgetItem(parts[state.section], ["", ""])
            item.setData(0, Qt.UserRole, state.key)
            self.items[state.key] = item
            self._label_item(item, state)
        for item in (measures, *parts.values()):
            item.setFlags(item.flags() & ~Qt.ItemIsSelectable)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self.summary.setText(changes_summary(self.states))
        if self.current not in self.states:
            self.current = None
        key = self.current or next(iter(self.states), None)
        if key is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(self.items[key])
            self.tree.blockSignals(False)
            self.current = key

    def _label_item(self, item: QTreeWidgetItem, state) -> None:
        title = state.section if isinstance(state, WrittenState) else state.lead
        title = title or (state.text or "").strip()[:14]
        item.setText(0, ("* " if state.key in self.drafts else "") + title)
        item.setToolTip(0, f"{title}（{source_text(state.source)}）")
        if state.changed:
            item.setText(1, CHANGED)
            item.setForeground(1, QBrush(QColor("#a8071a")))
            item.setToolTip(1, _("数字有变化") + "：" + "、".join(state.changed))
        else:
            item.setText(1, "")
            item.setToolTip(1, "")

    def _fill_statistics(self, items: list[Placeholder]) -> None:
        self.stats_table.setRowCount(len(items))
        for row, p in enumerate(items):
            for col, text in enumerate((p.label, "{" + p.key + "}", p.printed)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(_("准确值：") + p.exact)
                if col == 2:
                    cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.stats_table.setItem(row, col, cell)
        self.stats_table.resizeColumnToContents(1)
        self.stats_table.resizeColumnToContents(2)

    def _fill_suggestions(self, suggestions: list[str]) -> None:
        """The suggestions for 二 the clerk has neither adopted nor dropped."""
        self.suggestion_list.clear()
        problems = self.drafts.get("problems", self.states["problems"].text)
        for text in suggestions:
            if text not in self._ignored and text not in problems:  # not adopted already
                QListWidgetItem(text, self.suggestion_list)
        if self.suggestion_list.count():
            self.suggestion_list.setCurrentRow(0)
        self.tools.setTabText(1, _("问题建议（{n}）").format(n=self.suggestion_list.count()))

    # --- the selected block ------------------------------------------------------------

    def item_for(self, key: str) -> QTreeWidgetItem | None:
        return self.items.get(key)

    def select(self, key: str) -> None:
        if key in self.items:
            self.tree.setCurrentItem(self.items[key])

    def _select(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        key = item.data(0, Qt.UserRole) if item is not None else None
        if key is None or key == self.current:
            return
        self.current = key
        self._show_current()

    def _show_current(self) -> None:
        state = self.states.get(self.current)
        self._loading = True
        self.template.setPlainText(self.drafts.get(self.current, state.text or "") if state else "")
        self._loading = False
        self.template.setEnabled(state is not None)
        self.save_button.setEnabled(state is not None)
        self.error.hide()
        if state is None:
            self.heading.setText("")
            self.rendering.clear()
            return
        self.heading.setText(
            f"<b>{html.escape(state.section)}</b>　{html.escape(state.lead)}"
            f'　<span style="color:#666;">（{html.escape(source_text(state.source))}）</span>'
        )
        self._render()
        written = isinstance(state, WrittenState)
        self.tools.setTabEnabled(0, not written)
        self.tools.setTabEnabled(1, self.is_problems(state))
        self.tools.setCurrentIndex(1 if self.is_problems(state) else 0)

    def _render(self) -> None:
        state = self.states.get(self.current)
        if state is not None:
            html_text = rendering_html(state, self.template.toPlainText(), self.figures)
            self.rendering.setHtml(html_text)

    @staticmethod
    def is_problems(state) -> bool:
        return state.key == "problems"

    def _edited(self) -> None:
        if self._loading or self.current is None:
            return
        state = self.states[self.current]
        text = self.template.toPlainText()
        if text == (state.text or ""):
            self.drafts.pop(self.current, None)
        else:
            self.drafts[self.current] = text
        item = self.item_for(self.current)
        if item is not None:
            self._label_item(item, state)
        self._render()

    def insert_placeholder(self, row: int) -> None:
        cell = self.stats_table.item(row, 1)
        if cell is None:
            return
        self.template.insertPlainText(cell.text())
        self.template.setFocus()

    # --- actions -----------------------------------------------------------------------

    def _show_error(self, exc: Exception) -> None:
        self.error.setText(_("未保存：") + str(exc))
        self.error.show()

    def save(self) -> bool:
        """Save the selected block's words (refused words: the reason, nothing written)."""
        key = self.current
        if key is None:
            return False
        try:
            change = save_state(
                self.host.ctx, self.year, self.states[key], self.template.toPlainText()
            )
        except (LianhuaError, ReportRefused) as exc:
            self._show_error(exc)
            return False
        self.drafts.pop(key, None)
        state = self.states[key]
        self.host.status.emit(_("已保存：") + (state.lead or state.section))
        self._after_write(change)
        return True

    def save_all(self) -> bool:
        """Every block with unsaved words; stops at the first refused one (selected)."""
        for key in list(self.drafts):
            self.select(key)
            if not self.save():
                return False
        return True

    def mark_seen(self) -> None:
        annual_report.mark_seen(self.host.ctx, self.year, today=self.host.today())
        self.host.status.emit(_("已核对，数字变化标记已清除。"))
        self.reload()

    def adopt(self) -> None:
        """采用: the suggestion goes to the end of 二's words (saved with 保存本段)."""
        item = self.suggestion_list.currentItem()
        problems = next((s for s in self.states.values() if self.is_problems(s)), None)
        if item is None or problems is None:
            return
        self.select(problems.key)
        text = self.template.toPlainText().rstrip()
        self.template.setPlainText((text + "\n" if text else "") + item.text())
        self.suggestion_list.takeItem(self.suggestion_list.row(item))

    def ignore(self) -> None:
        item = self.suggestion_list.currentItem()
        if item is not None:
            self._ignored.add(item.text())
            self.suggestion_list.takeItem(self.suggestion_list.row(item))

    def _after_write(self, change) -> None:
        self._writing = True
        try:
            if isinstance(change, Change):
                self.host.announce(change, self)
        finally:
            self._writing = False
        self.reload()
        self.preview.refresh()

    def _on_change(self, _change) -> None:
        """A record changed elsewhere: figures and markers may differ now."""
        if self._writing:
            return
        self.reload()
        self.preview.refresh()

    # --- closing with unsaved words ----------------------------------------------------

    def current_input(self) -> dict:
        return dict(self.drafts)

    def has_unsaved_changes(self) -> bool:
        return bool(self.drafts)

    def save_from_question(self) -> bool:
        if self.save_all():
            self.discard()
            return True
        return False
