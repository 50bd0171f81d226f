"""Escaping, number formats and Chinese line breaking."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from lianhua_desk.domain.numbers import rounded as number
from lianhua_desk.domain.numbers import wan, yuan
from lianhua_desk.reports import fonts
from lianhua_desk.reports.styles import styles
from lianhua_desk.reports.text import esc


def test_escape_keeps_markup_literal():
    assert esc("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert esc("甲\n乙") == "甲<br/>乙"
    assert esc(None, "—") == "—"
    para = Paragraph(esc("<img src='x.png'/> & <font size=40>大</font>"), styles()["body"])
    assert para.getPlainText() == "<img src='x.png'/> & <font size=40>大</font>"


def test_money_formats():
    assert yuan(9632400) == "9632400元"
    assert wan(9632400) == "963.24万元（9632400元）"
    assert wan(8500) == "8500元"
    assert number(12.5) == "12.5" and number(3.0) == "3" and number(None) == "0"


def test_full_width_comma_never_starts_a_line():
    fonts.register()
    style = styles()["plain"]
    for punct in "，：；？！":
        para = Paragraph("字" * 10 + punct + "字" * 10, style)
        para.wrap(style.fontSize * 10 + 0.5, 1000)
        lines = ["".join(words) for _, words in para.blPara.lines]
        assert lines[0].endswith(punct), lines  # hangs at the end of the first line
        assert not any(line.startswith(punct) for line in lines), lines
