"""How the annual report's prose writes a figure, as the seed report does: `600余人次`,
`1600余万元`, `16次`, `51起`. The appendix prints the exact values (domain/numbers.py).

The rule, declared once:
- counts of files (件, 起, 宗, 项): exact at any size — each one is a case or a
  petition a reader can count in the register (the seed: `342宗`, `116宗`, `51起`);
- other counts and hours (次, 人次, 场, 小时, 个): exact below `EXACT_BELOW`; from there
  on cut down to `LEADING` leading figures (one below 1000, two from 1000) and
  followed by 余 when something was cut (`613` → `600余`, `1234` → `1200余`,
  `600` → `600`); hours below the limit keep up to two decimals (`7.5小时`);
- money (元): below 10,000 yuan the exact amount (`8500元`); from there on in 万元, cut
  to whole 万元 (and to leading figures from 100万元 on, as counts) with 余 when
  something was cut (`16,123,456` → `1600余万元`, `125,000` → `12万余元`,
  `120,000` → `12万元`).

Cutting is always downward, so a prose figure never claims more than was counted.
"""

from __future__ import annotations

import math

from .numbers import rounded
from .statistics import statistic

EXACT_UNITS = ("件", "起", "宗", "项")  # counts of files: always exact
EXACT_BELOW = 100  # other counts: exact below this
WAN = 10_000  # yuan in one 万元
MORE = "余"


def leading(n: int) -> int:
    """How many leading figures prose keeps of `n` (≥ EXACT_BELOW): one below 1000,
    two from 1000 (`613` → 600, `1612` → 1600)."""
    return 1 if n < 1000 else 2


def cut(value: float) -> tuple[int, bool]:
    """`value` cut down to its leading figures, and whether anything was cut off."""
    whole = math.floor(value + 1e-9)
    if whole < EXACT_BELOW:
        return whole, whole != value
    step = 10 ** (len(str(whole)) - leading(whole))
    kept = whole // step * step
    return kept, kept != value


def _approx(value: float) -> str:
    kept, more = cut(value)
    return f"{kept}{MORE if more else ''}"


def count_text(value: float, unit: str) -> str:
    """A count or an amount of hours in prose, with its unit."""
    if unit in EXACT_UNITS or abs(value) < EXACT_BELOW:
        return f"{rounded(value)}{unit}"
    return f"{_approx(value)}{unit}"


def money_text(yuan: float) -> str:
    """An amount of money (yuan) in prose."""
    yuan = float(yuan or 0)
    if yuan < WAN:
        return f"{rounded(yuan)}元"
    kept, more = cut(yuan / WAN)
    if kept < EXACT_BELOW:  # '12万余元': 余 after the 万 it qualifies
        return f"{kept}万{MORE if more else ''}元"
    return f"{kept}{MORE if more else ''}万元"


def prose(key: str, value: float | int | None) -> str:
    """The statistic `key` as the report's prose writes it."""
    s = statistic(key)
    value = value or 0
    if s.money:
        return money_text(value)
    return count_text(value, s.unit)
