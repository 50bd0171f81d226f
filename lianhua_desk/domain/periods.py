"""How a period reads to a person: '2020年第12周', '2020年3月', '2020年第一季度', '2020年'.

The program keys periods as '2020-W12' (ISO week), '2020-03', '2020-Q1' and '2020'
(domain.rules); those keys are for sorting and storing, never for the clerk. Every
screen and document names a period through `period_label`.
"""

from __future__ import annotations

import datetime as dt

QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")


def week_label(year: int, week: int, days: bool = False) -> str:
    """'2020年第12周'; with days: '2020年第12周（3月16日—22日）'."""
    text = f"{year}年第{week}周"
    if not days:
        return text
    monday = dt.date.fromisocalendar(year, week, 1)
    sunday = monday + dt.timedelta(days=6)
    if monday.year != sunday.year:
        return f"{text}（{monday.year}年{monday.month}月{monday.day}日—{sunday.year}年{sunday.month}月{sunday.day}日）"
    end = f"{sunday.day}日" if sunday.month == monday.month else f"{sunday.month}月{sunday.day}日"
    return f"{text}（{monday.month}月{monday.day}日—{end}）"


def month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年{QUARTER_NAMES[quarter - 1]}"


def period_label(key: str, days: bool = False) -> str:
    """A period key as a person reads it: '2020-W12' → '2020年第12周', '2020-03' →
    '2020年3月', '2020-Q1' → '2020年第一季度', '2020' → '2020年'. `days` adds a week's
    dates. A key of no known form is returned as it is."""
    text = (key or "").strip()
    year, _, rest = text.partition("-")
    try:
        if not rest:
            return f"{int(year)}年"
        if rest[:1] in "Ww":
            return week_label(int(year), int(rest[1:]), days)
        if rest[:1] in "Qq":
            return quarter_label(int(year), int(rest[1:]))
        return month_label(int(year), int(rest[:2]))
    except (ValueError, IndexError):
        return text


def period_label_en(key: str) -> str:
    """The same in English, for the English screen: '2020 week 12', 'March 2020',
    '2020 Q1', '2020'."""
    text = (key or "").strip()
    year, _, rest = text.partition("-")
    try:
        if not rest:
            return str(int(year))
        if rest[:1] in "Ww":
            return f"{int(year)} week {int(rest[1:])}"
        if rest[:1] in "Qq":
            return f"{int(year)} Q{int(rest[1:])}"
        return dt.date(int(year), int(rest[:2]), 1).strftime("%B %Y")
    except (ValueError, IndexError):
        return text
