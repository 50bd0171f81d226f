"""帮助 → 使用说明: the menu opens the shipped manual; its sections are there, every
picture it shows exists and loads, every link lands on an anchor; it is small."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from PySide6.QtGui import QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QMenu

from lianhua_desk.ui import manual

from .conftest import make_window

SECTIONS = (
    "首次打开与演示数据",
    "登记调解案件、当事人、调查调解记录、回访",
    "打印卷宗与案卷评查",
    "值班安排与服务台账",
    "信访登记与分流",
    "导出 / 导入交换表",
    "在 Excel / WPS 中修改交换表的注意事项",
    "生成年度报告",
    "备份与恢复",
    "常见问题",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.hrefs: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a["src"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        for key in ("name", "id"):
            if a.get(key) and tag == "a":
                self.anchors.add(a[key])


def _parsed() -> _Links:
    links = _Links()
    links.feed(manual.manual_file().read_text(encoding="utf-8"))
    return links


def test_the_help_menu_opens_the_manual(qtbot, ctx, tmp_path):
    window = make_window(qtbot, ctx, tmp_path)
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text() == "帮助" and a.menu()
    )
    action = next(a for a in help_menu.actions() if a.objectName() == "manual")
    assert action.text() == "使用说明" and isinstance(help_menu, QMenu)
    action.trigger()
    dialog = window.findChild(manual.ManualDialog, "manual")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "使用说明"
    text = dialog.browser.toPlainText()
    for title in SECTIONS:
        assert title in text, title
    # every picture the browser was asked for is loaded (not Qt's broken-image square)
    document = dialog.browser.document()
    for src in _parsed().images:
        image = document.resource(QTextDocument.ResourceType.ImageResource, src)
        assert isinstance(image, (QImage, QPixmap)) and not image.isNull(), src
        assert image.width() >= 400, src
    action.trigger()  # a second time brings the same window forward
    assert len(window.findChildren(manual.ManualDialog)) == 1
    dialog.close()


def test_every_picture_exists_and_every_link_lands():
    links = _parsed()
    folder = manual.manual_dir()
    assert len(links.images) >= 8
    for src in links.images:
        path = folder / src
        assert path.is_file(), src
        assert not QImage(str(path)).isNull(), src
    assert links.hrefs
    for href in links.hrefs:
        assert href.startswith("#"), href  # no links out of the manual
        assert href[1:] in links.anchors, href
    # every shipped picture is used (none left behind to weigh down the program)
    used = {folder / s for s in links.images}
    assert set((folder / "images").glob("*")) == used


def test_the_manual_is_small():
    total = sum(p.stat().st_size for p in manual.manual_dir().rglob("*") if p.is_file())
    assert total < 3_000_000, total


def test_the_pictures_are_named_in_the_figure_list():
    html = manual.manual_file().read_text(encoding="utf-8")
    figures = re.findall(r"图(\d+)　", html)
    assert figures == [str(i) for i in range(1, len(figures) + 1)]
    assert len(figures) == len(_parsed().images)
