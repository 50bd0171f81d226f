"""What a party's particulars say about it, before anyone has typed them all in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import identity

ROLES_ON_CASE = {"申请人": "applicant", "被申请人": "respondent"}  # role → case name field

# Names that are an organisation's, not a person's: how a name typed on the case form
# (or an old workbook's 被申请人 column) becomes a party of the right type. The clerk
# can correct it in the party's form.
ORGANISATION_ENDINGS = (
    "公司", "厂", "店", "部", "行", "中心", "管理处", "委员会", "医院", "学校", "幼儿园",
    "银行", "合作社", "事务所", "集团", "工作室", "酒店", "餐厅", "超市", "诊所",
)  # fmt: skip


def party_type_of(name: str | None, id_no: str | None) -> str:
    if not id_no and name and name.endswith(ORGANISATION_ENDINGS):
        return "法人或其他组织"
    return "自然人"


def read_from_document(values: Mapping[str, Any]) -> dict[str, Any]:
    """Birth date and sex a person's ID number encodes, for the fields left blank."""
    id_type, id_no = values.get("id_type"), values.get("id_no")
    if values.get("party_type") == "法人或其他组织" or not id_type or not id_no:
        return {}
    try:
        number = identity.check_document(id_type, id_no)
    except ValueError:
        return {}  # the record check says what is wrong with it
    found: dict[str, Any] = {}
    born = identity.birth_date_of(id_type, number)
    if born and not values.get("birth_date"):
        found["birth_date"] = born.isoformat()
    sex = identity.gender_of(id_type, number)
    if sex and not values.get("gender"):
        found["gender"] = sex
    return found
