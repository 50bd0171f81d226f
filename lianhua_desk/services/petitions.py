"""Petition triage (信访分流, 诉访分离): intake, screening and routing, conclusion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import parse
from ..domain.fields import DISPUTE_CATEGORY, PETITION
from ..domain.records import FieldError, ValidationError, clean
from ..store import queries
from ..store.db import write_lock
from . import mediation, records
from .context import Change, Context
from .numbering import next_number

LEGAL_ROUTES = {"诉讼", "劳动仲裁", "行政复议", "人民调解", "公安机关", "检察机关"}
SCREENING_FOR_ROUTE = {"信访程序": "信访途径", "心访工作室": "心理疏导"}


def repeat_petitions(ctx: Context, petition: Mapping[str, Any]) -> list[dict]:
    """Other petitions by the same person (ID number, or name + phone) on the same
    kind of matter: the repeat-petition links."""
    return queries.petitions_of_person(
        ctx.db,
        petition.get("category"),
        petition.get("id_no"),
        petition.get("petitioner"),
        petition.get("phone"),
        petition.get("id"),
    )


def register_petition(ctx: Context, raw: Mapping[str, Any]) -> Change:
    raw = dict(raw)
    values = clean(PETITION, {k: v for k, v in raw.items() if k != "petition_no"}, partial=True)
    with write_lock(ctx.db):  # the number is taken inside the lock: no two alike
        if not parse.normalize_text(raw.get("petition_no")):
            registered = values.get("registered_date") or ctx.actor.today().isoformat()
            raw["petition_no"] = next_number(ctx, "petitions", int(registered[:4]))
        change = records.create(ctx, "petitions", raw)
    petition = change.record
    limit = ctx.settings.group_visit_max
    if (petition.get("headcount") or 1) > limit:
        change.warnings.append(
            f"集体访应推选不超过{limit}名代表（本次登记 {petition['headcount']} 人）"
        )
    for other in repeat_petitions(ctx, petition):
        change.warnings.append(
            f"重复信访：{petition['petitioner']} 曾于 {other['registered_date']} 就同类事项信访（{other['petition_no']}，{other['status']}）"
        )
    return change


def _case_category(petition_category: str | None) -> str:
    return petition_category if petition_category in DISPUTE_CATEGORY else "其他"


def route(
    ctx: Context,
    petition_id: str,
    route_to: str,
    *,
    screening: str | None = None,
    legal_service: bool | None = None,
    guided_legal: bool | None = None,
    receiving_unit: str | None = None,
    body: str = "社区人民调解委员会",
    received_date: str | None = None,
) -> Change:
    """Record the screening conclusion and the route. Route 人民调解 also registers
    the linked mediation case, in the same transaction."""
    with write_lock(ctx.db):
        petition = records.get(ctx, "petitions", petition_id)
        if petition["status"] == "已办结":
            raise ValidationError(
                [FieldError("status", "状态", "已办结", "已办结的信访件不能再分流")]
            )
        legal = route_to in LEGAL_ROUTES
        changes = {
            "route": route_to,
            "screening": screening
            or SCREENING_FOR_ROUTE.get(route_to, "法律途径" if legal else None),
            # Annual-report figures: they change only when the caller says so (issue 10).
            "legal_service": petition["legal_service"] if legal_service is None else legal_service,
            "guided_legal": petition["guided_legal"] if guided_legal is None else guided_legal,
            "status": "已分流" if petition["status"] == "已登记" else petition["status"],
        }
        if receiving_unit is not None:
            changes["receiving_unit"] = receiving_unit
        change = Change("petitions")
        if route_to == "人民调解" and not petition.get("case_no"):
            if not petition.get("community_id"):
                raise ValidationError(
                    [FieldError("community_id", "社区", None, "转人民调解须先填写信访件所属社区")]
                )
            case_change = mediation.register_case(
                ctx,
                {
                    "received_date": received_date or ctx.actor.today().isoformat(),
                    "community_id": petition["community_id"],
                    "body": body,
                    "category": _case_category(petition.get("category")),
                    "source": "信访转入",
                    "applicant": petition["petitioner"],
                    "applicant_id_no": petition.get("id_no"),
                    "applicant_phone": petition.get("phone"),
                    "summary": petition["subject"],
                    "covid": petition.get("covid"),
                },
            )
            changes["case_no"] = case_change.record["case_no"]
            changes.setdefault("receiving_unit", body)
            change.merge(case_change)
        change.merge(records.update(ctx, "petitions", petition_id, changes))
        change.record = records.get(ctx, "petitions", petition_id)
    return change


def conclude(
    ctx: Context,
    petition_id: str,
    *,
    concluded_date: Any = None,
    amount_recovered: Any = None,
    handling: str | None = None,
) -> Change:
    changes: dict[str, Any] = {
        "status": "已办结",
        "concluded_date": concluded_date or ctx.actor.today().isoformat(),
    }
    if amount_recovered is not None:
        changes["amount_recovered"] = amount_recovered
    if handling is not None:
        changes["handling"] = handling
    return records.update(ctx, "petitions", petition_id, changes)
