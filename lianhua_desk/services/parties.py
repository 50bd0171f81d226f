"""The parties of a mediation case (当事人) and the case's names that follow them.

A case carries the names of its 申请人 and 被申请人 (joined with 、) for lists, search
and the workbook; the parties are the records. Each write of a party brings those
names up to date in the same transaction. The case form and the command line may
still give one applicant's and one respondent's name, ID number and phone with the
case (quick entry): they register or update that side's party.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import parse
from ..domain.fields import CASE, PARTY
from ..domain.parties import ROLES_ON_CASE, party_type_of, read_from_document
from ..domain.records import FieldError, ValidationError, check_record, clean
from ..store import queries
from ..store import records as store
from .context import Context

# Quick-entry keys a case's input may carry: key → (role, the party's field).
QUICK = {
    f"{prefix}{suffix}": (role, field)
    for role, prefix in ROLES_ON_CASE.items()
    for suffix, field in (("", "name"), ("_id_no", "id_no"), ("_phone", "phone"))
}
QUICK_LABELS = {
    key: f"{role}{PARTY.by_name[field].label if field != 'name' else ''}"
    for key, (role, field) in QUICK.items()
}


def split_quick(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(the case's own input, {role: the party's input}) from a case's raw input.

    The names stay in the case's input too (they are its fields); a side whose keys
    are all absent is left out of the parties' input."""
    case_raw = {k: v for k, v in raw.items() if k in CASE.by_name}
    sides: dict[str, dict[str, Any]] = {}
    for key, (role, field) in QUICK.items():
        if key in raw:
            sides.setdefault(role, {})[field] = raw[key]
    return case_raw, sides


def complete(values: Mapping[str, Any]) -> dict[str, Any]:
    """A party's input with what it implies: the document type of a bare mainland ID
    number, and birth date and sex read from the ID."""
    out = dict(values)
    if out.get("id_no") and not out.get("id_type"):
        if out.get("party_type") == "法人或其他组织":
            out["id_type"] = "统一社会信用代码"
        elif out.get("party_type", "自然人") == "自然人":
            out["id_type"] = "居民身份证"
    out.update(read_from_document(out))
    return out


# (role, party field) → quick-entry key, to report a party's error where it was typed.
_QUICK_KEY = {side: key for key, side in QUICK.items()}


def _relabel(exc: ValidationError, role: str) -> ValidationError:
    """A quick-entry party's errors as the case's input names them (applicant_id_no,
    「申请人证件号码」)."""
    return ValidationError(
        [
            FieldError(
                _QUICK_KEY.get((role, e.field), e.field), f"{role}{e.label}", e.value, e.reason
            )
            for e in exc.errors
        ]
    )


def _with_type(given: Mapping[str, Any]) -> dict[str, Any]:
    name, id_no = (parse.normalize_text(given.get(k)) for k in ("name", "id_no"))
    return complete({"party_type": party_type_of(name, id_no), **given})


def quick_errors(sides: Mapping[str, Mapping[str, Any]]) -> list[FieldError]:
    """What is wrong with quick-entry parties, found before anything is written (so a
    form hears of every problem at once)."""
    errors: list[FieldError] = []
    for role, given in sides.items():
        if not any(parse.normalize_text(v) for v in given.values()):
            continue  # a side left blank: no party (as apply_quick)
        try:
            values = clean(PARTY, _with_type(given), partial=True)
            check_record(PARTY, {name: None for name in PARTY.columns} | values)
        except ValidationError as exc:
            errors += [e for e in _relabel(exc, role).errors if e.field != "name"]
    return errors


def apply_quick(
    ctx: Context, case_id: str, sides: Mapping[str, Mapping[str, Any]]
) -> tuple[list[str], list[str]]:
    """Register or update each side's party from quick entry; returns the ids of the
    parties (inserted, updated). Runs inside the caller's write lock."""
    from . import records

    inserted: list[str] = []
    updated: list[str] = []
    for role, given in sides.items():
        if not any(parse.normalize_text(v) for v in given.values()):
            continue
        existing = queries.parties_of_case(ctx.db, case_id, role)
        try:
            if not existing:
                values = {"case_id": case_id, "role": role, **_with_type(given)}
                change = records.create(ctx, "parties", values, refresh=False)
                inserted += change.inserted
            elif len(existing) == 1:
                party = existing[0]
                changes = {k: v for k, v in given.items() if party.get(k) != v}
                if "id_no" in changes and not party.get("id_type") and "id_type" not in changes:
                    changes = complete({"party_type": party["party_type"], **changes})
                if changes:
                    change = records.update(ctx, "parties", party["id"], changes, refresh=False)
                    updated += change.updated
            else:
                names = "、".join(p["name"] for p in existing)
                if set(given) - {"name"} or parse.normalize_text(given.get("name")) != names:
                    raise ValidationError(
                        [
                            FieldError(
                                ROLES_ON_CASE[role],
                                role,
                                given.get("name"),
                                f"本案有{len(existing)}名{role}（{names}），请在“当事人”中逐一修改",
                            )
                        ]
                    )
        except ValidationError as exc:
            raise _relabel(exc, role) from None
    return inserted, updated


def refresh_case_names(ctx: Context, case_id: str) -> bool:
    """Bring the case's 申请人 / 被申请人 names up to its parties (inside the caller's
    write lock); True when they changed."""
    case = store.get(ctx.db, CASE, case_id)
    if case is None:
        return False
    changes = {}
    for role, name_field in ROLES_ON_CASE.items():
        names = "、".join(p["name"] for p in queries.parties_of_case(ctx.db, case_id, role))
        if names and names != case.get(name_field):
            changes[name_field] = names
        elif not names and name_field != "applicant" and case.get(name_field):
            changes[name_field] = None  # a case always keeps an applicant's name
    if not changes:
        return False
    store.update(ctx.db, ctx.actor, CASE, case, changes, action="parties")
    return True
