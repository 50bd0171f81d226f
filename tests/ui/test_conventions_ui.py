"""Chinese conventions on screen: figures right-aligned and thousands separated in the
lists, and the settings dialog explaining its placeholders with a live example."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from lianhua_desk.services import records
from lianhua_desk.store import listing
from lianhua_desk.ui.columns import entity_columns
from lianhua_desk.ui.settings_dialog import SettingsDialog
from lianhua_desk.ui.table_model import LazyTableModel, RowsModel

RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)


def _case(ctx):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    raw = {
        "case_no": "莲调〔2020〕第7号",
        "received_date": "2020-03-02",
        "community_id": community["id"],
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "applicant": "张三",
        "amount_disputed": "1266100",
    }
    return records.create(ctx, "cases", raw).record


def test_amounts_and_counts_right_aligned_and_separated_in_a_list(qtbot, ctx):
    case = _case(ctx)
    event = {"date": "2020-05-30", "event_type": "法治讲座", "topic": "民法典进社区"}
    event["community_id"] = case["community_id"]
    records.create(ctx, "events", {**event, "attendance": "12345"})
    for name, field, shown in (
        ("cases", "amount_disputed", "1,266,100.00"),
        ("events", "attendance", "12,345"),
    ):
        columns = entity_columns(name)
        model = LazyTableModel(ctx.db, listing.ListQuery(name), columns)
        keys = [c.key for c in columns]
        index = model.index(0, keys.index(field))
        assert index.data(Qt.DisplayRole) == shown
        assert index.data(Qt.TextAlignmentRole) == RIGHT
        text_column = model.index(0, keys.index("community_id" if name == "cases" else "topic"))
        assert text_column.data(Qt.TextAlignmentRole) is None


def test_a_short_table_right_aligns_its_figures():
    # The subsidy panel (advisors tab) and the import preview are RowsModels.
    model = RowsModel(
        ["法律顾问", "基本补贴", "案件"], [["王律师", "3,000.00", "莲调〔2020〕第7号"]]
    )
    cells = [model.index(0, c) for c in range(3)]
    assert [c.data(Qt.TextAlignmentRole) for c in cells] == [None, RIGHT, None]
    assert model.index(0, 5).data(Qt.TextAlignmentRole) is None
    assert not QModelIndex().data(Qt.TextAlignmentRole)


def test_settings_dialog_explains_placeholders_with_a_live_example(qtbot, empty_window):
    dialog = SettingsDialog(empty_window.host, empty_window)
    qtbot.addWidget(dialog)
    help_label = dialog.findChild(type(dialog.message), "help_case_number_pattern")
    assert help_label is not None
    text = help_label.text()
    assert "{year} 年份（如 2020）" in text and "{seq} 当年序号（如 12）" in text
    assert "例：莲调〔2020〕第12号" in text
    dialog.editors["case_number_pattern"].setText("莲调字〔{year}〕{seq}号")
    assert "例：莲调字〔2020〕12号" in help_label.text()
    dialog.editors["case_number_pattern"].setText("莲调〔{yaer}〕第{seq}号")
    assert "无法生成示例" in help_label.text()
    assert dialog.editors["case_number_pattern"].toolTip().startswith("{year}")
    operator_help = dialog.findChild(type(dialog.message), "help_operator")
    assert "制表人" in operator_help.text()
    # The group title no longer shows raw placeholders.
    from PySide6.QtWidgets import QGroupBox

    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert "编号格式" in titles and not any("{" in t for t in titles)
    dialog.close()


def test_quota_tooltip_names_the_month_in_chinese():
    from lianhua_desk.ui.quota import OK, QuotaCell, QuotaMatrix, QuotaModel

    cells = {("彩虹社区", m): QuotaCell(OK) for m in range(1, 13)}
    model = QuotaModel()
    model.set_matrix(QuotaMatrix(2020, ["彩虹社区"], cells))
    tip = model.index(0, 2).data(Qt.ToolTipRole)
    assert tip.startswith("彩虹社区 2020年3月") and "2020-03" not in tip


def test_settings_amounts_show_thousands_separators(qtbot, empty_window):
    dialog = SettingsDialog(empty_window.host, empty_window)
    qtbot.addWidget(dialog)
    spin = dialog.editors["subsidy_base_monthly"]
    assert spin.text().replace("\u00a0", ",") == "3,000.00"
    assert dialog.values()["subsidy_base_monthly"] == 3000.0
    dialog.close()
