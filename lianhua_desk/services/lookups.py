"""The read-only queries the window reads with: lists, choices, suggestions, history.

The window (ui/) does not import the store; what it only reads goes through this
module, which names the store's read-only functions (store.listing, store.queries,
store.records.audit_trail) without changing them. Writes go through the other
service modules (records, petitions, mediation, roster, settings, exchange …).
"""

from __future__ import annotations

from ..store.listing import (
    DUE_ATTENTION,
    DUE_OVERDUE,
    ListQuery,
    category_field,
    choices,
    count,
    has_community,
    import_history,
    page_ids,
    ref_name,
    rows_by_id,
    status_field,
    suggestions,
)
from ..store.queries import advisors_with_community, parts_of
from ..store.records import audit_trail

__all__ = [
    "DUE_ATTENTION",
    "DUE_OVERDUE",
    "ListQuery",
    "advisors_with_community",
    "audit_trail",
    "category_field",
    "choices",
    "count",
    "has_community",
    "import_history",
    "page_ids",
    "parts_of",
    "ref_name",
    "rows_by_id",
    "status_field",
    "suggestions",
]
