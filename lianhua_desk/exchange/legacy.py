"""Format-1 workbooks: the case sheet carried each side's ID number and phone.

A workbook written before format 2 has 申请人证件号, 申请人电话, 被申请人证件号 and
被申请人电话 on its 调解案件 sheet and no 当事人 sheet. Those columns are cleaned with
the case sheet (so a bad value is reported at the case's row, under the old header),
then each case row's sides become rows of a 当事人 sheet the planner merges as any
other: one 申请人 and one 被申请人 per case, as the database migration (m006) makes
them, with the same ids, so a community still on the old release and a street office
already upgraded agree on who is who.
"""

from __future__ import annotations

import uuid

from ..domain import parse
from ..domain.fields import CASE, PARTY, Field, Kind
from ..domain.parties import ROLES_ON_CASE, party_type_of
from ..services.parties import complete
from .validate import Row, Sheet

_NAMESPACE = uuid.UUID(int=0x6C69616E687561)  # "lianhua"
UNNAMED = "（未填写）"  # a side with an ID or phone and no name (as m006)

# The old columns: header → (role, the party's field, how the cell is cleaned).
COLUMNS: dict[str, tuple[str, str, Field]] = {
    f"{role}{what}": (role, target, Field(f"{side}_{target}", f"{role}{what}", kind, personal=True))
    for role, side in ROLES_ON_CASE.items()
    for what, target, kind in (("证件号", "id_no", Kind.ID_NUMBER), ("电话", "phone", Kind.PHONE))
}
FIELDS: dict[str, Field] = {header: field for header, (_r, _t, field) in COLUMNS.items()}


def migrated_party_id(case_id: str, role: str) -> str:
    """The id of a case's 申请人 or 被申请人 made from the case's own columns: derived
    from the case and the role, so every database that migrates the case agrees."""
    return str(uuid.uuid5(_NAMESPACE, f"{case_id}/{role}"))


def header_of(role: str, label: str) -> str | None:
    """The old column a party field of `role` came from (for problems), if any."""
    for header, (r, target, _field) in COLUMNS.items():
        if r == role and PARTY.by_name[target].label == label:
            return header
    if label == PARTY.by_name["name"].label:
        return CASE.by_name[ROLES_ON_CASE[role]].label
    return None


def parties_sheet(cases: Sheet) -> Sheet | None:
    """Take the old columns out of the case sheet; their sides as a 当事人 sheet
    (case_id still the case number, record ids settled by the planner)."""
    old = {f.name: (header, role, target) for header, (role, target, f) in COLUMNS.items()}
    found = [name for name in cases.present if name in old]
    if not found:
        return None
    cases.present = tuple(n for n in cases.present if n not in old)
    sheet = Sheet(PARTY, PARTY.sheet, legacy_of=cases.name)
    sheet.present = ("case_id", "role", "party_type", "name", *PARTY_DERIVED)
    for row in cases.rows:
        given = {name: row.values.pop(name, None) for name in found}
        for role, name_field in ROLES_ON_CASE.items():
            values = {"name": row.values.get(name_field)}
            for name, (_h, r, target) in old.items():
                if r == role and name in given:
                    values[target] = given[name]
            if not any(values.values()):
                continue
            sheet.rows.append(Row(row.excel_row, None, row.updated_at, _party(row, role, values)))
    sheet.row_count = len(sheet.rows)
    return sheet


PARTY_DERIVED = ("gender", "birth_date", "phone", "id_type", "id_no")


def _party(case_row: Row, role: str, given: dict) -> dict:
    name = parse.normalize_text(given.get("name")) or UNNAMED
    values = {k: v for k, v in given.items() if v is not None}
    values |= {
        "case_id": case_row.values.get("case_no"),
        "role": role,
        "name": name,
        "party_type": party_type_of(name, given.get("id_no")),
    }
    return complete(values)
