"""Which open deadline comes first: the urgency order of deadline badges and lists.

Overdue before due soon before on time; within a state, the earlier due date first.
Pure functions over domain.rules.Deadline (no SQL, no Qt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from . import rules
from .settings import Settings

URGENCY = (rules.OVERDUE, rules.DUE_SOON, rules.OK)  # most urgent first
_RANK = {state: i for i, state in enumerate(URGENCY)}


def urgency_key(d: rules.Deadline) -> tuple[int, dt.date]:
    return _RANK[d.state], d.due


def by_urgency(found: Iterable[rules.Deadline]) -> list[rules.Deadline]:
    """Most urgent first (stable for equal keys)."""
    return sorted(found, key=urgency_key)


def most_urgent(found: list[rules.Deadline]) -> rules.Deadline | None:
    return min(found, key=urgency_key) if found else None


def needs_attention(d: rules.Deadline) -> bool:
    """Due soon or overdue: what the dashboard's deadline list shows."""
    return d.state != rules.OK


def deadlines_of(
    entity_name: str, row: Mapping, s: Settings, today: dt.date
) -> list[rules.Deadline]:
    """The open deadlines of a case or a petition; other records have none."""
    if entity_name == "cases":
        return rules.case_deadlines(row, s, today)
    if entity_name == "petitions":
        return rules.petition_deadlines(row, s, today)
    return []
