"""People's mediation (人民调解): registration, the status workflow, escalation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import parse
from ..domain.fields import CASE
from ..domain.records import FieldError, ValidationError
from ..store import queries
from ..store.db import write_lock
from . import parties, records
from .context import Change, Context
from .numbering import next_number

OUTCOMES = ("调解成功", "调解不成功", "已终止")


def duplicate_warnings(
    ctx: Context, values: Mapping[str, Any], exclude_id: str | None = None
) -> list[str]:
    """Warn when the applicant already has an open case of the same category
    (`values` as a case's input, with quick-entry keys)."""
    id_no = parse.normalize_text(values.get("applicant_id_no"))
    found = queries.open_cases_of_party(
        ctx.db,
        values.get("category"),
        id_no.upper() if id_no else None,
        parse.normalize_text(values.get("applicant")),
        parse.normalize_text(values.get("applicant_phone")),
        exclude_id,
    )
    return [
        f"当事人“{values.get('applicant')}”已有同类未结案件 {c['case_no']}（{c['received_date']} 受理，{c['status']}），请核实是否重复登记"
        for c in found
    ]


def register_case(ctx: Context, raw: Mapping[str, Any]) -> Change:
    """Register a mediation case; a blank number gets the next one of its year."""
    raw = dict(raw)
    case_raw, sides = parties.split_quick(raw)
    values = records.clean_with_parties(
        CASE, {k: v for k, v in case_raw.items() if k != "case_no"}, sides, partial=True
    )
    with write_lock(ctx.db):  # the number is taken inside the lock: no two alike
        if not parse.normalize_text(raw.get("case_no")):
            received = values.get("received_date") or ctx.actor.today().isoformat()
            raw["case_no"] = next_number(ctx, "cases", int(received[:4]))
        warnings = duplicate_warnings(ctx, {**raw, **values})
        change = records.create(ctx, "cases", raw)
    change.warnings += warnings
    return change


def transition(
    ctx: Context,
    case_id: str,
    status: str,
    *,
    closed_date: Any = None,
    agreement: str | None = None,
    performance: str | None = None,
    amount_recovered: Any = None,
) -> Change:
    """Move a case along 已受理 → 调解中 → 调解成功 | 调解不成功 | 已终止.

    An outcome records its closing date (today unless given); success records the
    agreement and its performance (未履行 unless given).
    """
    changes: dict[str, Any] = {"status": status}
    if status in OUTCOMES:
        changes["closed_date"] = closed_date or ctx.actor.today().isoformat()
    if status == "调解成功":
        before = records.get(ctx, "cases", case_id)
        text = agreement if agreement is not None else before.get("agreement")
        if not parse.normalize_text(text):
            raise ValidationError(
                [FieldError("agreement", "协议内容", text, "调解成功须填写协议内容")]
            )
        changes["agreement"] = text
        changes["performance"] = performance or before.get("performance") or "未履行"
        if amount_recovered is not None:
            changes["amount_recovered"] = amount_recovered
    return records.update(ctx, "cases", case_id, changes)


def escalate(ctx: Context, case_id: str, body: str = "街道人民调解委员会") -> Change:
    """分级调解: hand an open community case up to the street committee.

    The audit trail keeps the earlier body, so the history shows the escalation."""
    case = records.get(ctx, "cases", case_id)
    if case["status"] not in ("已受理", "调解中"):
        raise ValidationError(
            [FieldError("status", "状态", case["status"], "已结案的案件不能再上交")]
        )
    if case["body"] == body:
        raise ValidationError([FieldError("body", "调解组织", body, f"案件已由{body}调解")])
    return records.update(ctx, "cases", case_id, {"body": body})
