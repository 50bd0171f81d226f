"""The window's lists come from the declarations: the settings dialog's boxes and
labels (domain.settings), the tabs (main_window.TABS), enumeration values' English
(domain.fields)."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from lianhua_desk.domain.settings import SETTING_FIELDS
from lianhua_desk.ui import i18n


def _boxes(dialog) -> list[tuple[str, list[str]]]:
    out = []
    for box in dialog.findChildren(QGroupBox):
        form = box.layout()
        assert isinstance(form, QFormLayout)
        labels = []
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel) and item.widget().text():
                labels.append(item.widget().text())
        out.append((box.title(), labels))
    return out


def _declared(english: bool) -> list[tuple[str, list[str]]]:
    return [
        (
            group.english if english else group.title,
            [s.english if english else s.label for s in items],
        )
        for group, items in groupby(SETTING_FIELDS, lambda s: s.group)
    ]


def test_the_settings_dialog_shows_the_declared_groups_and_labels(window):
    dialog = window.open_settings()
    assert _boxes(dialog) == _declared(english=False)
    assert list(dialog.editors) == [s.name for s in SETTING_FIELDS]
    dialog.reject()


def test_the_english_settings_dialog_shows_the_declared_english(qtbot, demo_ctx, tmp_path):
    from .conftest import make_window

    i18n.MISSING.clear()
    i18n.set_language("en")
    w = make_window(qtbot, demo_ctx, tmp_path)
    dialog = w.open_settings()
    assert _boxes(dialog) == _declared(english=True)
    assert not i18n.MISSING, sorted(i18n.MISSING)
    dialog.reject()
    w.close()


def test_the_window_has_the_listed_tabs_in_order(window):
    from lianhua_desk.ui.main_window import TABS

    assert list(window.pages) == [t.key for t in TABS]
    for t in TABS:
        assert window.tabs.widget(t.index) is window.pages[t.key]
        assert window.tabs.tabText(t.index) == t.title
    assert len({t.key for t in TABS}) == len(TABS)


def test_every_tab_title_has_english():
    from lianhua_desk.ui.main_window import TABS
    from lianhua_desk.ui.strings_en import STRINGS_EN

    assert all(STRINGS_EN.get(t.title) for t in TABS)


def test_enumeration_values_are_shown_in_their_declared_english():
    from lianhua_desk.domain.fields import CASE, CHOICES_EN

    i18n.set_language("en")
    for value in CASE.field("status").choices:
        assert i18n.enum_text(value) == CHOICES_EN[value]
    i18n.set_language("zh_CN")
    assert i18n.enum_text("调解中") == "调解中"
