"""A form's reasons beside each field are in the window's language."""

from __future__ import annotations

from lianhua_desk.ui import i18n
from lianhua_desk.ui.form import RecordForm


def _empty_community_form(qtbot, ctx) -> RecordForm:
    form = RecordForm(ctx, "communities")
    qtbot.addWidget(form)
    form.editors["name"].set_value("")
    return form


def test_a_required_field_reads_in_english_beside_the_field(qtbot, ctx):
    i18n.set_language("en")
    try:
        form = _empty_community_form(qtbot, ctx)
        assert not form.save()
        assert form.error_text("name") == "Required"
        assert form.form_error.text() == ""
    finally:
        i18n.set_language("zh_CN")
    assert ctx.db["communities"].count == 0


def test_in_chinese_it_stays_as_written(qtbot, ctx):
    form = _empty_community_form(qtbot, ctx)
    assert not form.save()
    assert form.error_text("name") == "必填项不能为空"
