"""How numbers and money read, on screen and in print: the one place for both.

On screen (lists, tooltips, reason texts, the dashboard): `number` and `money`, a
missing value left blank. In print (the PDF reports): `rounded` (two decimals at
most), `money_or_zero` (a table cell is never blank), `yuan` and `wan` (large
amounts as 万元 in prose) and `percent`. Counts in lists: `count` (thousands
separated). Amounts the parties and finance sign for: `amount_in_words` (大写).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def number(value) -> str:
    """'8' for 8.0, '7.5' for 7.5, '' for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def count(value) -> str:
    """A count or hours as a list shows it: '12,345', '7.5'; '' for None."""
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


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


# --- 大写 --------------------------------------------------------------------------------
# After 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》: 人民币 before
# the words; 整 after 元 (not after 角 or 分); a 0 between digits is written 零 (one 零
# for a run of zeros); 元零X分 when the 角 is 0. Where the rules allow a 零 or none (a 0
# in the 万 or 元 place), their first form is written: 零 after 元 (壹仟陆佰捌拾元零叁角
# 贰分), none after 万 (壹拾万柒仟元零伍角叁分). A leading ten is 壹拾, as the rules' own
# example writes it, so nothing can be slipped in front.

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _group_words(n: int) -> str:
    """0 < n < 10000 in 大写, zeros inside as one 零, none at the end: 1005 → 壹仟零伍."""
    out, zero = [], False
    for place in range(3, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[digit] + _PLACES[place])
    return "".join(out)


def _integer_words(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    out: list[str] = []
    zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero = bool(out)
            continue
        if out and (zero or g < 1000):  # 壹拾万零柒佰; but 壹拾万柒仟
            out.append("零")
        out.append(_group_words(g) + _GROUPS[i])
        zero = False
    return "".join(out)


def amount_in_words(value) -> str:
    """An amount in 大写, as finance and the parties sign for it:
    254880 → '人民币贰拾伍万肆仟捌佰捌拾元整', 1005 → '人民币壹仟零伍元整',
    10.5 → '人民币壹拾元零伍角', 0.05 → '人民币伍分', 0 → '人民币零元整'."""
    cents = int((Decimal(str(value or 0)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign, cents = ("负", -cents) if cents < 0 else ("", cents)
    yuan_part, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = _integer_words(yuan_part)
    if not jiao and not fen:
        return f"人民币{sign}{words or '零'}元整"
    if words:
        words += "元"
        if not jiao or yuan_part % 10 == 0:
            words += "零"  # 元零贰分; 捌拾元零叁角
    if jiao:
        words += _DIGITS[jiao] + "角"
    if fen:
        words += _DIGITS[fen] + "分"
    return f"人民币{sign}{words}"


def rmb_in_full(value) -> str:
    """An amount in figures and in words, as an agreement states it:
    '人民币254,880.00元（大写：人民币贰拾伍万肆仟捌佰捌拾元整）'."""
    return f"{rmb(value)}（大写：{amount_in_words(value)}）"
