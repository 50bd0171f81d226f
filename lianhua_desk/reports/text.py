"""Turning values into safe Paragraph markup and into the way Chinese documents write
statistics and dates (numbers and money: domain/numbers.py, shared with the screen).

Every user string goes through `esc` before it reaches a Paragraph: reportlab reads
Paragraph text as markup, so `<b>`, `&` or `<img src=...>` typed by a user must
arrive as entities and print literally. `esc` also sets each run of rare characters the
main font lacks in a fallback font (fonts.fallback_markup).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.numbers import rounded, wan
from ..domain.statistics import statistic
from ..domain.workcalendar import weekday_name
from . import fonts


def esc(value: Any, empty: str = "", *, face: str = fonts.FONT) -> str:
    """Plain text → Paragraph markup that prints exactly that text; newlines kept;
    characters the paragraph's font (`face`) lacks set in a fallback font."""
    if value is None or value == "":
        return empty
    text = fonts.fallback_markup(str(value), face)
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def stat_text(key: str, value: float | int) -> str:
    """A statistic as prose writes it: rounded as declared (domain.statistics) and
    followed by its unit: '38次', '1234.5小时', '963.24万元（9632400元）'."""
    s = statistic(key)
    if s.rounding == "wan":
        return wan(value)
    shown = rounded(value) if s.rounding == "decimal" else str(value)
    return f"{shown}{s.unit}"


def date_cn(d: dt.date | str | None) -> str:
    """2020-12-24 → '2020年12月24日'."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


def weekday_cn(d: dt.date | str) -> str:
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return weekday_name(d)
