"""The deadline list of the dashboard: open deadlines due soon or overdue.

Cases and petitions the store finds needing attention (store.listing.open_deadline_rows,
at most `limit` of each, oldest first) are judged by domain.rules; every deadline
due soon (within settings.warn_days) or overdue is listed, overdue first, then by
due date (domain.urgency). Plain data, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain import rules
from ..domain.urgency import deadlines_of, needs_attention, urgency_key
from ..store import listing
from .context import Context

# entity → (its number field, the party named in the list)
SOURCES = {
    "cases": ("case_no", "applicant"),
    "petitions": ("petition_no", "petitioner"),
}


@dataclass(frozen=True)
class DeadlineItem:
    entity: str  # "cases" or "petitions"
    id: str
    number: str | None
    who: str | None
    deadline: rules.Deadline


def deadline_items(ctx: Context, today: dt.date) -> list[DeadlineItem]:
    """Open deadlines of cases and petitions that are due soon or overdue, most urgent first."""
    settings = ctx.settings
    out = []
    for entity_name, (number_field, who) in SOURCES.items():
        for row in listing.open_deadline_rows(ctx.db, entity_name, settings, today):
            for d in deadlines_of(entity_name, row, settings, today):
                if needs_attention(d):
                    out.append(DeadlineItem(entity_name, row["id"], row[number_field], row[who], d))
    out.sort(key=lambda item: urgency_key(item.deadline))
    return out


def overdue_count(items: list[DeadlineItem]) -> int:
    return sum(1 for i in items if i.deadline.state == rules.OVERDUE)
