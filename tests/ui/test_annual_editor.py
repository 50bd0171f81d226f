"""编辑年度报告: the annual report's blocks edited beside the real PDF's pages.

Each test opens the editor from the 报表导出 tab on the 2020 demo database and reads
what it did back through the services (the words stored, the change markers), or
from the preview's PDF document.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from lianhua_desk.domain.prose_numbers import prose
from lianhua_desk.services import annual_report, lookups, records
from lianhua_desk.services.reports import get_report_text
from lianhua_desk.ui.annual_editor import CHANGED
from lianhua_desk.ui.main_window import tab_by_key

YEAR = 2020
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture
def editor(qtbot, window):
    """The editor of 2020, opened with its button (it closes with the window)."""
    window.tabs.setCurrentIndex(tab_by_key("reports").index)
    tab = window.pages["reports"]
    tab.year.setValue(YEAR)
    qtbot.mouseClick(tab.edit_button, Qt.LeftButton)
    editor = tab.editor
    assert editor is not None and editor.isVisible()
    return editor


def stored(ctx) -> dict:
    return {s.key: s for s in annual_report.block_states(ctx, YEAR)}


def block_with_figures(editor):
    """A block of 一 that prints at least one statistic."""
    return next(s for s in editor.states.values() if PLACEHOLDER.search(s.text or ""))


def test_a_blocks_words_are_saved_and_read_back(qtbot, editor, demo_ctx):
    state = block_with_figures(editor)
    editor.select(state.key)
    assert editor.template.toPlainText() == state.text
    key = PLACEHOLDER.search(state.text).group(1)
    words = f"本段由街道改写：全年共计{{{key}}}。"
    editor.template.setPlainText(words)
    assert editor.item_for(state.key).text(0).startswith("* ")  # unsaved words are marked
    qtbot.mouseClick(editor.save_button, Qt.LeftButton)

    assert editor.error.isHidden()
    after = stored(demo_ctx)[state.key]
    assert after.text == words and after.source == "saved"
    assert not editor.item_for(state.key).text(0).startswith("* ")
    # The rendering prints the figure, not the placeholder, and highlights it.
    assert "本段由街道改写" in editor.rendering.toPlainText()
    assert "{" not in editor.rendering.toPlainText()
    printed = prose(key, editor.figures[key])
    assert f'background-color:#fff1b8;">{printed}</span>' in editor.rendering.toHtml()
    assert after.rendered == f"本段由街道改写：全年共计{printed}。"


def test_a_bad_placeholder_is_refused_in_chinese_and_nothing_is_written(qtbot, editor, demo_ctx):
    state = block_with_figures(editor)
    before = stored(demo_ctx)[state.key].text
    editor.select(state.key)
    editor.template.setPlainText("全年共有{没有这个统计}人参加。")
    qtbot.mouseClick(editor.save_button, Qt.LeftButton)

    assert editor.error.isVisible()
    message = editor.error.text()
    assert "没有这个统计" in message and re.search(r"[\u4e00-\u9fff]{4}", message)
    assert stored(demo_ctx)[state.key].text == before
    assert editor.item_for(state.key).text(0).startswith("* ")  # the words are still there


def test_a_changed_record_marks_its_block_until_the_clerk_has_seen_it(
    qtbot, window, editor, demo_ctx
):
    qtbot.mouseClick(editor.seen_button, Qt.LeftButton)
    assert not any(s.changed for s in stored(demo_ctx).values())
    assert CHANGED not in _markers(editor)

    community = lookups.choices(demo_ctx.db, "communities")[0][0]
    change = records.create(
        demo_ctx,
        "cases",
        {
            "case_no": "莲调〔2020〕第9001号",
            "received_date": "2020-06-01",
            "community_id": community,
            "body": "社区人民调解委员会",
            "category": "劳资纠纷",
            "applicant": "张三",
            "status": "调解成功",
            "closed_date": "2020-06-05",
        },
    )
    window.host.announce(change)  # as the case form does after saving
    changed = [s.key for s in stored(demo_ctx).values() if s.changed]
    assert changed, "a new case changes at least one block's figures"
    for key in changed:
        assert editor.item_for(key).text(1) == CHANGED
    assert "有变化" in editor.summary.text()

    qtbot.mouseClick(editor.seen_button, Qt.LeftButton)
    assert not any(s.changed for s in stored(demo_ctx).values())
    assert CHANGED not in _markers(editor)


def _markers(editor) -> str:
    return "".join(editor.item_for(k).text(1) for k in editor.states)


def test_an_adopted_suggestion_goes_to_the_end_of_part_two(qtbot, editor, demo_ctx):
    if not editor.suggestion_list.count():
        pytest.skip("the demo year gives no suggestion")
    assert not editor.adopt_button.isEnabled()  # suggestions are for 二 only
    editor.select("problems")
    assert editor.adopt_button.isEnabled() and editor.tools.currentIndex() == 1
    problems = editor.states["problems"]
    suggestion = editor.suggestion_list.item(0).text()
    before = editor.suggestion_list.count()
    qtbot.mouseClick(editor.adopt_button, Qt.LeftButton)
    assert editor.current == problems.key
    assert editor.template.toPlainText().endswith(suggestion)
    qtbot.mouseClick(editor.save_button, Qt.LeftButton)
    assert editor.error.isHidden(), editor.error.text()
    assert get_report_text(demo_ctx, YEAR)["problems"].endswith(suggestion)
    assert editor.suggestion_list.count() == before - 1  # taken off the list


def test_the_preview_shows_the_pdfs_pages_and_follows_a_save(qtbot, window, editor):
    preview = editor.preview
    qtbot.waitUntil(lambda: preview.document.pageCount() > 0, timeout=60_000)
    assert "页" in preview.status.text()
    first = preview.document.pageCount()

    state = block_with_figures(editor)
    editor.select(state.key)
    editor.template.setPlainText(state.text + "\n" + "补充说明。" * 400)  # about a page more
    with qtbot.waitSignal(preview.rendered, timeout=60_000) as rendered:
        qtbot.mouseClick(editor.save_button, Qt.LeftButton)
    assert rendered.args[0] > first


def test_the_tab_says_where_the_years_words_stand(qtbot, window, editor, demo_ctx):
    tab = window.pages["reports"]
    assert "已保存 0" in tab.annual_status.text()
    state = block_with_figures(editor)
    editor.select(state.key)
    editor.template.setPlainText(state.text + "另有补充。")
    qtbot.mouseClick(editor.save_button, Qt.LeftButton)
    assert "已保存 1" in tab.annual_status.text()
    tab.year.setValue(window.host.today().year + 1)  # a year not begun: said, not opened
    assert "早于该年度开始" in tab.annual_status.text()
