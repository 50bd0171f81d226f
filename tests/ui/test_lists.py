"""The lazy list: search, filters, sorting in SQL, paging, delete and undo, model checks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from lianhua_desk.domain import pinyin
from lianhua_desk.domain.fields import ENTITIES, entity
from lianhua_desk.store import listing
from lianhua_desk.ui.columns import entity_columns
from lianhua_desk.ui.list_panel import ListPanel
from lianhua_desk.ui.quota import QuotaModel, quota_matrix
from lianhua_desk.ui.table_model import LazyTableModel, RowsModel

from .conftest import settle, type_text


def _rows_containing(ctx, entity_name: str, text: str) -> set[str]:
    """Reference answer in Python: ids whose searchable fields contain text."""
    e = entity(entity_name)
    names = [f.name for f in e.fields if f.searchable]
    return {
        row["id"] for row in ctx.db[entity_name].rows if any(text in (row[n] or "") for n in names)
    }


def _all_ids(panel) -> list[str]:
    model = panel.model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.id_at(r) for r in range(model.rowCount())]


def test_a_one_character_surname_finds_exactly_the_right_rows(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(3)
    panel = window.pages["petitions"].panel
    for surname in ("王", "欧"):
        panel.search.clear()
        type_text(panel.search, surname)
        qtbot.waitUntil(lambda s=surname: panel.model.query.search == s, timeout=2000)
        expected = _rows_containing(demo_ctx, "petitions", surname)
        assert panel.model.total == len(expected)
        assert set(_all_ids(panel)) == expected
    assert panel.model.total == 0 or "欧" in panel.model.record(0)["petitioner"]
    assert _rows_containing(demo_ctx, "petitions", "王")  # the demo has some Wangs


def test_terms_and_filters_combine(qtbot, window, demo_ctx):
    panel = window.pages["cases"].panel
    window.tabs.setCurrentIndex(2)
    community_id, name = listing.choices(demo_ctx.db, "communities")[2]
    panel.community.setCurrentIndex(panel.community.findData(community_id))
    panel.category.setCurrentIndex(panel.category.findData("劳资纠纷"))
    rows = [panel.model.record(r) for r in range(panel.model.rowCount())]
    assert rows and all(
        r["community_id"] == community_id and r["category"] == "劳资纠纷" for r in rows
    )
    expected = demo_ctx.db.execute(
        "SELECT count(*) FROM cases WHERE community_id = ? AND category = '劳资纠纷'",
        [community_id],
    ).fetchone()[0]
    assert panel.model.total == expected
    panel.use_dates.setChecked(True)
    panel.date_from.setDate(panel.date_from.date().fromString("2020-03-01", "yyyy-MM-dd"))
    panel.date_to.setDate(panel.date_to.date().fromString("2020-06-30", "yyyy-MM-dd"))
    dates = [panel.model.record(r)["received_date"] for r in range(panel.model.rowCount())]
    assert all("2020-03-01" <= d <= "2020-06-30" for d in dates)
    assert panel.model.total == len(dates) < expected


def test_clicking_a_column_sorts_in_sql_both_ways(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    panel = window.pages["cases"].panel
    header = panel.view.horizontalHeader()
    columns = [c.key for c in panel.model.columns]
    for key in ("applicant", "amount_disputed", "community_id"):
        section = columns.index(key)
        header.sectionClicked.emit(section)
        first = [panel.model.index(r, section).data() for r in range(panel.model.rowCount())]
        assert panel.model.query.sort == key and not panel.model.query.descending
        header.sectionClicked.emit(section)
        second = [panel.model.index(r, section).data() for r in range(panel.model.rowCount())]
        assert panel.model.query.descending
        raw = [panel.model.record(r) for r in range(panel.model.rowCount())]
        if key == "amount_disputed":
            values = [r[key] for r in raw]
            assert values == sorted(values, key=lambda v: (v is not None, v), reverse=True)
        elif key == "community_id":
            names = [r["community_id:name"] for r in raw]
            assert names == sorted(names, key=pinyin.sort_key, reverse=True)  # by pinyin
        else:

            def key(name):
                return pinyin.sort_key(name, name=True)  # 申请人 is a person's name

            assert second == sorted(second, key=key, reverse=True)
            assert key(first[0]) <= key(first[-1])


def test_the_model_loads_pages_on_demand_and_keeps_a_bounded_cache(demo_ctx):
    model = LazyTableModel(demo_ctx.db, listing.ListQuery("shifts"), entity_columns("shifts"))
    model.CACHE_ROWS = 300
    assert model.total == demo_ctx.db["shifts"].count
    assert model.rowCount() == LazyTableModel.PAGE < model.total
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * LazyTableModel.PAGE
    for row in range(0, model.rowCount(), 7):
        assert model.index(row, 2).data()  # date shown
    assert len(model._cache) <= 300


def test_every_table_model_passes_the_model_tester(qtmodeltester, demo_ctx):
    # (One tester per model and no reset after attaching it: Qt's tester runs its
    # checks, which fetch more rows, before it clears its own "reset in flight" flag.)
    for e in ENTITIES:
        model = LazyTableModel(demo_ctx.db, listing.ListQuery(e.name), entity_columns(e))
        qtmodeltester.check(model)
        first = e.fields[0].name
        query = listing.ListQuery(e.name, sort=first, descending=True)
        qtmodeltester.check(LazyTableModel(demo_ctx.db, query, entity_columns(e)))
    searched = LazyTableModel(
        demo_ctx.db, listing.ListQuery("cases", search="王"), entity_columns("cases")
    )
    qtmodeltester.check(searched)
    qtmodeltester.check(RowsModel(["a", "b"], [["1", ("2", None, "tip")], ["3", "4"]]))
    qtmodeltester.check(RowsModel(["a"]))
    quota = QuotaModel()
    qtmodeltester.check(quota)
    quota.set_matrix(quota_matrix(demo_ctx, 2020, demo_ctx.actor.today()))
    qtmodeltester.check(quota)


def test_panel_models_with_badges_pass_the_model_tester(qtmodeltester, window):
    for key in ("cases", "petitions"):
        qtmodeltester.check(window.pages[key].panel.model)
    qtmodeltester.check(window.pages["dashboard"].quota_model)
    qtmodeltester.check(window.pages["dashboard"].deadlines)


def _answer_next_box(button) -> None:
    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(20, press)


def test_delete_asks_first_and_can_be_undone(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(2)
    panel = window.pages["cases"].panel
    panel.view.selectRow(0)
    record_id = panel.current_id()
    total = panel.model.total

    _answer_next_box(QMessageBox.No)
    panel.delete_current()
    assert demo_ctx.db["cases"].count == total

    _answer_next_box(QMessageBox.Yes)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key_Delete)
    assert demo_ctx.db["cases"].count == total - 1
    assert panel.model.total == total - 1
    assert window.undo_action.isEnabled()

    window.undo_action.trigger()
    settle(qtbot, window)
    assert demo_ctx.db["cases"].count == total
    assert panel.model.total == total
    assert panel.current_id() == record_id
    assert not window.undo_action.isEnabled()


def test_a_referenced_record_is_not_deleted(qtbot, window, demo_ctx):
    window.tabs.setCurrentIndex(1)
    advisors = window.pages["advisors"]
    advisors.tabs.setCurrentIndex(6)  # communities
    panel = advisors.communities
    panel.view.selectRow(0)
    before = demo_ctx.db["communities"].count
    _answer_next_box(QMessageBox.Yes)
    panel.delete_current()
    assert demo_ctx.db["communities"].count == before
    box = QApplication.activeModalWidget() or panel.window().findChild(QMessageBox, "message")
    assert box is not None and "引用" in box.text()
    box.close()


def test_columns_widen_once_to_show_the_rows_on_screen(qtbot, window):
    """The declared widths are guesses: a law firm's full name must not be cut off."""
    window.tabs.setCurrentIndex(1)
    window.pages["advisors"].tabs.setCurrentIndex(0)
    panel = window.findChild(ListPanel, "list_advisors")
    qtbot.waitUntil(lambda: panel._fitted, timeout=5000)
    firm = [c.key for c in panel.model.columns].index("firm")
    metrics = panel.view.fontMetrics()
    longest = max(
        metrics.horizontalAdvance(panel.model.index(r, firm).data())
        for r in range(panel.model.rowCount())
    )
    assert panel.view.columnWidth(firm) >= longest
    # Once only: a width the clerk chose afterwards stays through a refresh.
    panel.view.setColumnWidth(firm, 60)
    panel.refresh()
    assert panel.view.columnWidth(firm) == 60
