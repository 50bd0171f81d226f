"""Case and petition numbers from a configurable pattern such as 莲调〔{year}〕第{seq}号."""

from __future__ import annotations

import re

from ..store import queries
from .context import Context


def pattern_regex(pattern: str, year: int) -> re.Pattern:
    text = re.escape(pattern).replace(r"\{year\}", str(year)).replace(r"\{seq\}", r"(\d+)")
    return re.compile(f"^{text}$")


def next_number(ctx: Context, table: str, year: int) -> str:
    """The next free number in `year`: one past the highest sequence used so far."""
    settings = ctx.settings
    if table == "cases":
        pattern, column, date_column = settings.case_number_pattern, "case_no", "received_date"
    else:
        pattern, column, date_column = (
            settings.petition_number_pattern,
            "petition_no",
            "registered_date",
        )
    regex = pattern_regex(pattern, year)
    used = [
        int(m.group(1))
        for number in queries.numbers_in_year(ctx.db, table, column, date_column, year)
        if number and (m := regex.match(number))
    ]
    return pattern.format(year=year, seq=max(used, default=0) + 1)
