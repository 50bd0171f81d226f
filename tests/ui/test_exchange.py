"""The exchange tab: export, the import wizard (check first, then import), history."""

from __future__ import annotations

from lianhua_desk.services import exchange

from .conftest import settle


def test_export_writes_a_workbook_in_the_background(qtbot, window, tmp_path):
    window.tabs.setCurrentIndex(5)
    tab = window.pages["exchange"]
    done = []
    tab.export_to(tmp_path / "out.xlsx", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert (tmp_path / "out.xlsx").stat().st_size > 10000
    assert sum(done[0].counts.values()) > 1000


def test_the_import_wizard_checks_first_then_imports(qtbot, empty_window, ctx, demo_ctx, tmp_path):
    workbook = tmp_path / "demo.xlsx"
    exchange.export_workbook(demo_ctx, workbook)
    expected_cases = demo_ctx.db["cases"].count
    empty_window.tabs.setCurrentIndex(5)
    tab = empty_window.pages["exchange"]

    dialog = tab.open_import(workbook)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=60000)
    assert ctx.db["cases"].count == 0  # the check wrote nothing
    assert "尚未写入" in dialog.summary.text()
    sheets = [dialog.counts.index(r, 0).data() for r in range(dialog.counts.rowCount())]
    assert "调解案件" in sheets
    row = sheets.index("调解案件")
    assert dialog.counts.index(row, 1).data() == str(expected_cases)  # 新增
    assert dialog.import_button.isEnabled()

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60000)
    settle(qtbot, empty_window)
    assert dialog.result.written
    assert ctx.db["cases"].count == expected_cases
    assert "已导入" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # no second import from the same dialog
    # The history shows it, and the lists when they are next shown.
    assert tab.history.rowCount() == 1
    assert tab.history.index(0, 2).data() == "demo.xlsx"
    dialog.close()
    empty_window.tabs.setCurrentIndex(2)
    assert empty_window.pages["cases"].panel.model.total == expected_cases


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(qtbot, window, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    dialog = window.pages["exchange"].open_import(bad)
    settle(qtbot, window)
    assert dialog.summary.text().startswith("无法导入")
    assert not dialog.import_button.isEnabled()
    dialog.close()
