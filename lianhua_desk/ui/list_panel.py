"""A list of one entity: search, filters, the count, the lazy table, add/edit/delete.

Every list in the window is this panel; tabs add their own buttons beside the
standard ones. Filters and search go to store.listing (through services.lookups), which answers in SQL.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.fields import Entity, Kind, entity
from ..domain.records import ValidationError
from ..services import lookups, records
from ..services.context import HOLIDAYS, SETTINGS
from . import access
from .columns import deadline_column, entity_columns
from .form import RecordForm
from .host import Host
from .i18n import _, entity_label, enum_text, label
from .table_model import Column, LazyTableModel

SEARCH_DELAY_MS = 250


def _combo(all_text: str, items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.addItem(all_text, None)
    for data, text in items:
        box.addItem(text, data)
    box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
    return box


MAX_FITTED_WIDTH = 320  # a long text column still leaves room for the others
DEADLINE_ENTITIES = ("cases", "petitions")  # those with the badge column and the 期限 filter
# What a clerk scans each list for: these columns come first, in this order, so they
# stay in view without sideways scrolling on a 1024-pixel screen (the others follow
# in their declared order; the column menu still hides or shows any of them).
KEY_COLUMNS = {
    "cases": ("case_no", "_deadline", "applicant", "status"),
    "petitions": ("petition_no", "_deadline", "petitioner", "route", "status"),
    "advisors": ("name", "firm", "community_id", "status"),
    "shifts": ("date", "community_id", "advisor_id", "status"),
    "services": ("date", "community_id", "advisor_id", "service_type"),
    "events": ("date", "community_id", "event_type", "topic"),
    "communities": ("name", "code"),
}


def list_dependencies(e: Entity) -> frozenset[str]:
    """The kinds of data a list of `e` shows; a change to any other leaves it alone.

    - its own records;
    - every entity a REF column names (a case list shows its community's name, a
      shift list its advisor's), which also fills the community filter's drop-down;
    - for cases and petitions, settings (the deadline badge and the 需关注/已超期
      filter count the settings' days) and holidays (deadlines are a calendar matter;
      a holiday change is rare, so this costs next to nothing).
    A number linking to another record (a petition's 转入调解案件编号) is stored on
    the record itself: the routing and the case delete that change it touch both.
    """
    kinds = {e.name} | {f.ref for f in e.fields if f.kind is Kind.REF}
    if e.name in DEADLINE_ENTITIES:
        kinds |= {SETTINGS, HOLIDAYS}
    return frozenset(kinds)


class ListPanel(QWidget):
    selection_changed = Signal(object)  # the selected record id, or None

    def __init__(
        self,
        host: Host,
        entity_name: str,
        columns: list[Column] | None = None,
        hidden: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.host, self.entity = host, entity(entity_name)
        self.depends_on = list_dependencies(self.entity)
        self.setObjectName(f"list_{entity_name}")
        self._dirty = False
        self._fitted = False  # columns widened to the first rows shown (once)
        if columns is None:
            columns = entity_columns(self.entity)
            if entity_name in ("cases", "petitions"):
                # The deadline badge right after the number: what the clerk scans for.
                badge = deadline_column(entity_name, lambda: host.settings, host.today)
                columns.insert(1, badge)
        self.model = LazyTableModel(
            host.ctx.db,
            lookups.ListQuery(entity_name),
            columns,
            settings_fn=lambda: host.settings,
            today_fn=host.today,
            parent=self,
        )
        self._build_filters()
        self._build_view(hidden)
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.button_row)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        host.changed.connect(self._on_change)
        self._update_count()
        self.apply_access()

    # --- building ----------------------------------------------------------------

    def _build_filters(self) -> None:
        e = self.entity
        # Search, dates and count on top, the drop-downs below: the list stays usable
        # on a narrow screen.
        top, row = QHBoxLayout(), QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        searchable = "、".join(label(f) for f in e.fields if f.searchable)
        self.search.setPlaceholderText(_("搜索（Ctrl+F）"))
        self.search.setToolTip(_("在以下字段中查找：") + searchable)
        top.addWidget(self.search, 1)
        self.community = None
        if lookups.has_community(e):
            self.community = _combo(_("全部社区"), lookups.choices(self.host.ctx.db, "communities"))
            self.community.setObjectName("filter_community")
            row.addWidget(self.community)
        self.status = None
        if lookups.status_field(e):
            choices = e.by_name["status"].choices
            self.status = _combo(_("全部状态"), [(v, enum_text(v)) for v in choices])
            self.status.setObjectName("filter_status")
            row.addWidget(self.status)
        self.category = None
        cat = lookups.category_field(e)
        if cat:
            choices = e.by_name[cat].choices
            self.category = _combo(_("全部类别"), [(v, enum_text(v)) for v in choices])
            self.category.setObjectName("filter_category")
            row.addWidget(self.category)
        self.use_dates = self.date_from = self.date_to = None
        if e.date_field:
            self.use_dates = QCheckBox(_("按日期"))
            self.use_dates.setObjectName("filter_dates")
            today = QDate(self.host.today())
            self.date_from = QDateEdit(QDate(today.year(), 1, 1))
            self.date_to = QDateEdit(today)
            for edit in (self.date_from, self.date_to):
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("yyyy-MM-dd")
                edit.setEnabled(False)
                edit.dateChanged.connect(lambda _d: self.apply_filters())
            self.use_dates.toggled.connect(self._dates_toggled)
            # Beside the search, not among the drop-downs: that row, with English
            # labels, would make the window wider than a 1024-pixel screen.
            for w in (self.use_dates, self.date_from, QLabel("–"), self.date_to):
                top.addWidget(w)
        self.due = None
        if e.name in ("cases", "petitions"):
            self.due = _combo(
                _("全部期限"),
                [(lookups.DUE_ATTENTION, _("需关注")), (lookups.DUE_OVERDUE, _("已超期"))],
            )
            self.due.setObjectName("filter_due")
            row.addWidget(self.due)
        for box in (self.community, self.status, self.category, self.due):
            if box is not None:
                box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        top.addWidget(self.count_label)
        row.addStretch(1)
        self.filter_row = QVBoxLayout()
        self.filter_row.addLayout(top)
        self.filter_row.addLayout(row)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _build_view(self, hidden: tuple[str, ...]) -> None:
        view = QTableView()
        view.setObjectName("table")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        # Fixed rows: no per-row size query, so a long list lays out in no time.
        view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        header = view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.AscendingOrder)
        header.sectionClicked.connect(self._header_clicked)
        header.setContextMenuPolicy(Qt.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setHighlightSections(False)
        for i, column in enumerate(self.model.columns):
            view.setColumnWidth(i, column.width)
            view.setColumnHidden(i, column.key in hidden)
        keys = [c.key for c in self.model.columns]
        for place, key in enumerate(self.key_columns()):
            header.moveSection(header.visualIndex(keys.index(key)), place)
        header.setStretchLastSection(True)  # the columns fill the list's width
        view.doubleClicked.connect(lambda _i: self.edit_current())
        view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.selection_changed.emit(self.model.id_at(current.row()))
        )
        view.installEventFilter(self)  # Delete in the list deletes (not in the search box)
        self.view = view

    def key_columns(self) -> list[str]:
        """This list's KEY_COLUMNS that it shows (a tab may drop or hide one)."""
        keys = {c.key for c in self.model.columns}
        return [k for k in KEY_COLUMNS.get(self.entity.name, ()) if k in keys]

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.KeyPress
            and event.matches(QKeySequence.Delete)
        ):
            self.delete_current()
            return True
        return super().eventFilter(watched, event)

    def _header_clicked(self, section: int) -> None:
        """Sort in SQL by the clicked column; a second click reverses the order."""
        column = self.model.columns[section]
        header = self.view.horizontalHeader()
        if column.sort is None:
            self.host.status.emit(_("此列不能排序"))
            return
        q = self.model.query
        descending = q.sort == column.sort and not q.descending
        header.setSortIndicator(section, Qt.DescendingOrder if descending else Qt.AscendingOrder)
        self.sort_by(column.sort, descending)

    def sort_by(self, field_name: str, descending: bool = False) -> None:
        self._reload(self.model.query.with_(sort=field_name, descending=descending))

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for i, column in enumerate(self.model.columns):
            action = QAction(column.header, menu, checkable=True)
            action.setChecked(not self.view.isColumnHidden(i))
            action.toggled.connect(lambda on, i=i: self.view.setColumnHidden(i, not on))
            menu.addAction(action)
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def _build_buttons(self) -> None:
        row = QHBoxLayout()
        self.new_button = QPushButton(_("新建") + " (Ctrl+N)")
        self.edit_button = QPushButton(_("编辑"))
        self.delete_button = QPushButton(_("删除"))
        self.history_button = QPushButton(_("修改记录"))
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.history_button.clicked.connect(self.show_history)
        for b in (self.new_button, self.edit_button, self.delete_button, self.history_button):
            row.addWidget(b)
        self.reveal_button = None
        if access.maskable_fields(self.entity):
            self.reveal_button = QPushButton(_("显示完整号码"))
            self.reveal_button.setObjectName("reveal")
            self.reveal_button.setToolTip(_("查看所选记录的完整身份证号和电话（留有记录）"))
            self.reveal_button.clicked.connect(self.reveal_current)
            row.addWidget(self.reveal_button)
        self.extra_buttons = QHBoxLayout()
        row.addSpacing(16)
        row.addLayout(self.extra_buttons)
        row.addStretch(1)
        self.button_row = row

    def apply_access(self) -> None:
        """What the signed-in account may use here (again after 切换账户): writing
        records, the history (it shows numbers in full) and 显示完整号码."""
        ctx = self.host.ctx
        writes = access.may(ctx, "records.write")
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setEnabled(writes)
        self.history_button.setVisible(not access.masks(ctx))
        if self.reveal_button is not None:
            self.reveal_button.setVisible(access.may(ctx, "unmask"))

    def add_button(self, text: str, slot, object_name: str = "") -> QPushButton:
        button = QPushButton(text)
        if object_name:
            button.setObjectName(object_name)
        button.clicked.connect(slot)
        self.extra_buttons.addWidget(button)
        return button

    # --- querying ----------------------------------------------------------------

    def current_query(self) -> lookups.ListQuery:
        q = self.model.query
        dates = self.use_dates is not None and self.use_dates.isChecked()

        def data(box):
            return box.currentData() if box is not None else None

        return q.with_(
            search=self.search.text().strip(),
            community_id=data(self.community),
            status=data(self.status),
            category=data(self.category),
            due=data(self.due),
            date_from=self.date_from.date().toString("yyyy-MM-dd") if dates else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if dates else None,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self._reload(self.current_query())

    def _reload(self, query: lookups.ListQuery) -> None:
        keep = self.current_id()
        self.model.set_query(query)
        self._update_count()
        if keep:
            self.select_id(keep)
        if self.isVisible():
            self._fit_columns_once()

    def _fit_columns_once(self) -> None:
        """Widen the columns whose declared width cuts off the rows on screen (a law
        firm's name, say), the first time rows are shown. Only the visible rows are
        measured, so a million-row list costs the same; widths the clerk sets later
        stay as they are."""
        if self._fitted or self.model.rowCount() == 0:
            return
        self._fitted = True
        for i in range(self.model.columnCount()):
            if not self.view.isColumnHidden(i):
                wanted = min(self.view.sizeHintForColumn(i), MAX_FITTED_WIDTH)
                if wanted > self.view.columnWidth(i):
                    self.view.setColumnWidth(i, wanted)

    def _update_count(self) -> None:
        self.count_label.setText(_("共 {n} 条").format(n=self.model.total))

    def refresh(self) -> None:
        if self.community is not None:
            self._refill_communities()
        self._reload(self.model.query)
        self._dirty = False

    def _refill_communities(self) -> None:
        box = self.community
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(_("全部社区"), None)
        for data, text in lookups.choices(self.host.ctx.db, "communities"):
            box.addItem(text, data)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def _on_change(self, change) -> None:
        # Only a change to what the list shows; hidden lists refresh when shown again.
        if not change.touches(self.depends_on):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)
        if not self._fitted:
            # After the layout has given the view its size: measure what is on screen.
            QTimer.singleShot(0, self._fit_columns_once)

    # --- selection ----------------------------------------------------------------

    def current_id(self) -> str | None:
        index = self.view.selectionModel().currentIndex()
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else (index.row() if index.isValid() else -1)
        return self.model.id_at(row)

    def current_record(self) -> dict | None:
        record_id = self.current_id()
        if record_id is None:
            return None
        try:
            return records.get(self.host.ctx, self.entity.name, record_id)
        except ValidationError:  # deleted meanwhile: nothing selected
            return None

    def select_id(self, record_id: str) -> bool:
        """Select a record, loading further pages if needed (up to a few thousand rows)."""
        row = self.model.row_of(record_id)
        while (
            row < 0
            and self.model.canFetchMore(self.view.rootIndex())
            and (self.model.rowCount() < 5000)
        ):
            self.model.fetchMore(self.view.rootIndex())
            row = self.model.row_of(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        self.view.scrollTo(index)
        return True

    # --- actions ----------------------------------------------------------------

    def new_defaults(self) -> dict:
        """A new record starts in the community the list is filtered to."""
        out = {}
        if self.community is not None and self.community.currentData():
            out["community_id"] = self.community.currentData()
        if self.entity.date_field:
            out[self.entity.date_field] = self.host.today().isoformat()
        return out

    def open_form(self, record: dict | None = None, defaults: dict | None = None) -> RecordForm:
        form = RecordForm(
            self.host.ctx,
            self.entity.name,
            record=record,
            defaults=defaults,
            parent=self,
            on_saved=self._saved,
        )
        form.open()
        return form

    def new_record(self) -> RecordForm | None:
        if not self._may_write():
            return None
        return self.open_form(None, self.new_defaults())

    def _may_write(self) -> bool:
        """Whether the account may write records; if not, the status bar says so."""
        if access.may(self.host.ctx, "records.write"):
            return True
        self.host.status.emit(_("当前账户只能查阅，不能新建、修改或删除记录。"))
        return False

    def edit_current(self) -> RecordForm | None:
        """The selected record's form (a read-only view for a 查阅 account)."""
        record = self.current_record()
        if record is None:
            self.host.status.emit(_("请先选择一条记录"))
            return None
        return self.open_form(record)

    def _saved(self, change) -> None:
        self.host.announce(change, self)
        if change.record is not None:
            self.select_id(change.record["id"])

    def delete_current(self) -> None:
        if not self._may_write():
            return
        record = self.current_record()
        if record is None:
            self.host.status.emit(_("请先选择一条记录"))
            return
        links = records.links_of(self.host.ctx, self.entity.name, record["id"])
        answer = QMessageBox.question(
            self,
            _("确认删除"),
            self.delete_question(record, links),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        if answer != QMessageBox.Yes:
            return
        # Asked and confirmed: any links are cleared in the delete's own transaction.
        self.host.delete(self.entity.name, record["id"], self, unlink=bool(links.linked_from))

    def delete_question(self, record: dict, links: records.Links) -> str:
        """The confirmation, naming every record linked to this one or by it."""
        what = entity_label(self.entity)
        text = _("确定删除{what}“{name}”吗？删除后可用“撤销删除”（Ctrl+Z）恢复。").format(
            what=what, name=record.get(self.entity.display) or ""
        )
        if links.linked_from:
            others = "、".join(dict.fromkeys(entity_label(x.entity) for x in links.linked_from))
            lines = "\n".join(
                f"  · {entity_label(x.entity)} {x.name}（{label(x.field)}）"
                for x in links.linked_from
            )
            text += (
                "\n\n"
                + _("以下记录关联本{what}：").format(what=what)
                + "\n"
                + lines
                + "\n\n"
                + _("删除后这些{others}将不再关联本{what}。").format(others=others, what=what)
            )
        for f, target in links.links_to:
            other = entity(f.links_to)
            text += "\n\n" + _(
                "本{what}关联着{other} {name}（{field}）；删除本{what}不会删除该{other}。"
            ).format(
                what=what, other=entity_label(other), name=target.get(other.display), field=label(f)
            )
        return text

    def reveal_current(self):
        """显示完整号码 for the selected record (audited by the service)."""
        from .reveal import reveal_record

        return reveal_record(self.host, self.entity, self.current_record(), self)

    def show_history(self) -> None:
        if access.masks(self.host.ctx):
            return  # the history shows numbers in full
        record_id = self.current_id()
        if record_id is None:
            self.host.status.emit(_("请先选择一条记录"))
            return
        from .history import HistoryDialog

        HistoryDialog(self.host.ctx, self.entity.name, record_id, self).open()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


def lay_out_with_side(tab, panel, side, sizes: tuple[int, int]) -> None:
    """A list tab's layout: the list, and a side panel for the selected record."""
    from PySide6.QtWidgets import QSplitter, QVBoxLayout

    splitter = QSplitter()
    splitter.addWidget(panel)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 1)
    splitter.setSizes(list(sizes))
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
