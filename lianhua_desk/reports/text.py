"""Turning values into safe Paragraph markup and into the way Chinese documents write
numbers, money and dates.

Every user string goes through `esc` before it reaches a Paragraph: reportlab reads
Paragraph text as markup, so `<b>`, `&` or `<img src=...>` typed by a user must
arrive as entities and print literally.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from ..domain.statistics import statistic
from ..domain.workcalendar import weekday_name


def esc(value: Any, empty: str = "") -> str:
    """Plain text → Paragraph markup that prints exactly that text; newlines kept."""
    if value is None or value == "":
        return empty
    text = escape(str(value), {'"': "&quot;"})
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def number(x: float | int | None) -> str:
    """12 → '12'; 12.5 → '12.5'; 12.345 → '12.35'."""
    if x is None:
        return "0"
    x = round(float(x), 2)
    return str(int(x)) if x.is_integer() else f"{x:.2f}".rstrip("0")


def yuan(x: float | int | None) -> str:
    """The exact amount in yuan, as the statistics give it: '9632400元'."""
    return f"{number(x)}元"


def money(x: float | int | None) -> str:
    """Table cells: two decimals, thousands separated: '9,632,400.00'."""
    return f"{float(x or 0):,.2f}"


def wan(x: float | int | None) -> str:
    """A large amount as 万元 with the exact yuan after it, as reports write it:
    '963.24万元（9632400元）'; under 10,000 yuan just '8500元'."""
    x = float(x or 0)
    if abs(x) < 10_000:
        return yuan(x)
    return f"{number(round(x / 10_000, 2))}万元（{yuan(x)}）"


def stat_text(key: str, value: float | int) -> str:
    """A statistic as prose writes it: rounded as declared (domain.statistics) and
    followed by its unit: '38次', '1234.5小时', '963.24万元（9632400元）'."""
    s = statistic(key)
    if s.rounding == "wan":
        return wan(value)
    shown = number(value) if s.rounding == "decimal" else str(value)
    return f"{shown}{s.unit}"


def percent(part: float, whole: float) -> str:
    if not whole:
        return "—"
    return f"{100 * part / whole:.1f}%"


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
