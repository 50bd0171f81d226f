"""How numbers and money read, on screen and in print: the one place for both.

On screen (lists, tooltips, reason texts, the dashboard): `number` and `money`, a
missing value left blank. In print (the PDF reports): `rounded` (two decimals at
most), `money_or_zero` (a table cell is never blank), `yuan` and `wan` (large
amounts as 万元 in prose) and `percent`.
"""

from __future__ import annotations


def number(value) -> str:
    """'8' for 8.0, '7.5' for 7.5, '' for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def money(value) -> str:
    """Two decimals, thousands separated: '9,632,400.00'; '' for None."""
    return "" if value is None else f"{value:,.2f}"


def separated(value) -> str:
    """A figure with thousands separated, decimals only when it has some: '10,561,600',
    '2,708.50'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def money_or_zero(value) -> str:
    """`money` for a printed table: a missing amount is '0.00'."""
    return money(float(value or 0))


def rmb(value) -> str:
    """An amount as documents handed to the parties state it: '人民币254,880.00元'."""
    return f"人民币{money_or_zero(value)}元"


def rounded(x: float | int | None) -> str:
    """As print writes a figure: 12 → '12'; 12.5 → '12.5'; 12.345 → '12.35'; None → '0'."""
    if x is None:
        return "0"
    x = round(float(x), 2)
    return str(int(x)) if x.is_integer() else f"{x:.2f}".rstrip("0")


def yuan(x: float | int | None) -> str:
    """The exact amount in yuan, as the statistics give it: '9632400元'."""
    return f"{rounded(x)}元"


def wan(x: float | int | None) -> str:
    """A large amount as 万元 with the exact yuan after it, as reports write it:
    '963.24万元（9632400元）'; under 10,000 yuan just '8500元'."""
    x = float(x or 0)
    if abs(x) < 10_000:
        return yuan(x)
    return f"{rounded(round(x / 10_000, 2))}万元（{yuan(x)}）"


def percent(part: float, whole: float) -> str:
    """'37.5%' (one decimal); '—' when there is no whole."""
    if not whole:
        return "—"
    return f"{100 * part / whole:.1f}%"
