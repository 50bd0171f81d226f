"""How a count or an amount of hours reads in a list, a tooltip or a reason text."""

from __future__ import annotations


def number(value) -> str:
    """'8' for 8.0, '7.5' for 7.5, '' for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
