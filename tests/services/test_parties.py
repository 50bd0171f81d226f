"""The parties of a case (当事人): records of their own, the case's names follow them,
quick entry from the case's input, and the migration of the old case columns."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlite_utils import Database

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import mediation, records
from lianhua_desk.store import schema
from lianhua_desk.store.db import open_db
from lianhua_desk.store.driver import sqlite3

# A valid mainland ID (GB 11643's own example) and a valid credit code (Huawei's).
ID_1949 = "11010519491231002X"
HUAWEI = "91440300708461136T"


@pytest.fixture
def community(ctx):
    return records.create(ctx, "communities", {"name": "彩虹社区"}).record


def _case(ctx, community, **extra):
    raw = {
        "received_date": "2020-03-05",
        "community_id": community["id"],
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "applicant": "张伟",
    }
    return mediation.register_case(ctx, raw | extra).record


def _parties(ctx, case_id):
    return list(ctx.db["parties"].rows_where("case_id = ?", [case_id], order_by="rowid"))


def test_quick_entry_registers_a_party_per_side_with_what_the_id_says(ctx, community):
    case = _case(
        ctx,
        community,
        applicant_id_no=ID_1949.lower(),
        applicant_phone="138 0013 8000",
        respondent="深圳市华莲科技有限公司",
        respondent_phone="0755-83331234",
    )
    applicant, respondent = _parties(ctx, case["id"])
    assert (applicant["role"], applicant["name"], applicant["party_type"]) == (
        "申请人",
        "张伟",
        "自然人",
    )
    assert applicant["id_type"] == "居民身份证" and applicant["id_no"] == ID_1949
    assert applicant["birth_date"] == "1949-12-31" and applicant["gender"] == "女"
    assert applicant["phone"] == "13800138000"
    assert respondent["party_type"] == "法人或其他组织" and respondent["gender"] is None
    assert ctx.db["cases"].get(case["id"])["respondent"] == "深圳市华莲科技有限公司"


def test_the_case_names_follow_its_parties(ctx, community):
    case = _case(ctx, community)
    second = records.create(
        ctx, "parties", {"case_id": case["id"], "role": "申请人", "name": "李娜"}
    )
    assert "cases" in second.touched  # the case list shows the new name
    assert ctx.db["cases"].get(case["id"])["applicant"] == "张伟、李娜"
    records.update(ctx, "parties", second.record["id"], {"name": "李娜娜"})
    assert ctx.db["cases"].get(case["id"])["applicant"] == "张伟、李娜娜"
    company = records.create(
        ctx,
        "parties",
        {
            "case_id": case["id"],
            "role": "被申请人",
            "party_type": "法人或其他组织",
            "name": "深圳市某某物业管理有限公司",
            "id_type": "统一社会信用代码",
            "id_no": HUAWEI,
            "legal_rep": "王五",
        },
    )
    assert ctx.db["cases"].get(case["id"])["respondent"] == "深圳市某某物业管理有限公司"
    records.delete(ctx, "parties", company.record["id"])
    assert ctx.db["cases"].get(case["id"])["respondent"] is None
    records.delete(ctx, "parties", second.record["id"])
    assert ctx.db["cases"].get(case["id"])["applicant"] == "张伟"


def test_quick_entry_cannot_rename_one_of_several(ctx, community):
    case = _case(ctx, community)
    records.create(ctx, "parties", {"case_id": case["id"], "role": "申请人", "name": "李娜"})
    with pytest.raises(ValidationError, match="本案有2名申请人"):
        records.update(ctx, "cases", case["id"], {"applicant": "赵六"})
    # One applicant: the case form's name renames that party.
    other = _case(ctx, community, case_no="莲调〔2020〕第9号")
    records.update(ctx, "cases", other["id"], {"applicant": "赵六"})
    assert [p["name"] for p in _parties(ctx, other["id"])] == ["赵六"]


def test_a_party_document_is_checked_for_its_type(ctx, community):
    case = _case(ctx, community)
    base = {"case_id": case["id"], "role": "第三人", "name": "陈某"}
    bad = {
        ("居民身份证", "110105194912310021"): "校验",
        ("港澳居民来往内地通行证", "X12345678"): "通行证",
        ("统一社会信用代码", HUAWEI): "自然人的证件不能是统一社会信用代码",
    }
    before = ctx.db["parties"].count
    for (id_type, id_no), reason in bad.items():
        with pytest.raises(ValidationError, match=reason):
            records.create(ctx, "parties", base | {"id_type": id_type, "id_no": id_no})
    # A number without its type is taken as a mainland resident ID, and checked as one.
    with pytest.raises(ValidationError, match="居民身份证号码应为18位"):
        records.create(ctx, "parties", base | {"id_no": "H12345678"})
    with pytest.raises(ValidationError, match="出生日期与证件号码不符"):
        records.create(
            ctx,
            "parties",
            base | {"id_type": "居民身份证", "id_no": ID_1949, "birth_date": "1950-01-01"},
        )
    with pytest.raises(ValidationError, match="法人或其他组织的证件应为统一社会信用代码"):
        records.create(
            ctx,
            "parties",
            base | {"party_type": "法人或其他组织", "id_type": "护照", "id_no": "E12345678"},
        )
    assert ctx.db["parties"].count == before  # nothing written
    ok = records.create(
        ctx, "parties", base | {"id_type": "港澳居民来往内地通行证", "id_no": "h12345678"}
    )
    assert ok.record["id_no"] == "H12345678"


def test_a_bad_quick_entry_id_is_named_as_the_case_form_names_it(ctx, community):
    with pytest.raises(ValidationError) as info:
        _case(ctx, community, applicant_id_no="110105194912310021", category="不存在的类别")
    reasons = {e.field: str(e) for e in info.value.errors}
    assert "申请人证件号码" in reasons["applicant_id_no"] and "category" in reasons
    assert ctx.db["cases"].count == 0 and ctx.db["parties"].count == 0


def test_deleting_a_case_takes_its_parts_and_undo_restores_them(ctx, community):
    case = _case(ctx, community, respondent="李四")
    records.create(
        ctx,
        "case_records",
        {"case_id": case["id"], "kind": "调解记录", "date": "2020-03-06", "content": "调解"},
    )
    records.create(
        ctx,
        "visits",
        {"case_id": case["id"], "date": "2020-04-06", "visitor": "王芳", "method": "电话回访"},
    )
    deleted = records.delete(ctx, "cases", case["id"])
    assert {"parties", "case_records", "visits"} <= deleted.touched
    assert ctx.db["parties"].count == ctx.db["case_records"].count == ctx.db["visits"].count == 0
    records.undelete(ctx, "cases", deleted.record)
    assert [p["name"] for p in _parties(ctx, case["id"])] == ["张伟", "李四"]
    assert ctx.db["case_records"].count == 1 and ctx.db["visits"].count == 1


# --- the migration (m006) -----------------------------------------------------------------

OLD_CASES = [
    # id, applicant, applicant_id_no, applicant_phone, respondent, respondent_id_no, respondent_phone
    ("k1", "张伟", ID_1949, "13800138000", "李四", "440304199001011234", None),
    ("k2", "王芳", None, "13912345678", "深圳市景田餐饮有限公司", None, "0755-87941445"),
    ("k3", "刘洋", None, None, None, None, None),
    ("k4", "个体户陈记店", "440304199001011234", None, "某某管理处", None, None),
]


def _old_release_database(path: Path) -> None:
    """A database as the release before m006 wrote it: the numbered steps up to m005
    (the literal SQL that release ran) and cases with the old party columns."""
    db = Database(sqlite3.connect(path), execute_plugins=False)
    schema.migrations.apply(db, stop_before="m006_parties")
    db.execute("PRAGMA user_version = 5")
    stamp = "2020-03-05 10:00:00"
    db["communities"].insert({"id": "c1", "updated_at": stamp, "name": "彩虹社区"})
    for n, (case_id, a, a_id, a_phone, r, r_id, r_phone) in enumerate(OLD_CASES, 1):
        db["cases"].insert(
            {
                "id": case_id,
                "updated_at": stamp,
                "synced_at": stamp if case_id == "k1" else None,
                "case_no": f"莲调〔2020〕第{n}号",
                "received_date": "2020-03-05",
                "community_id": "c1",
                "body": "社区人民调解委员会",
                "category": "劳资纠纷",
                "status": "已受理",
                "applicant": a,
                "applicant_id_no": a_id,
                "applicant_phone": a_phone,
                "respondent": r,
                "respondent_id_no": r_id,
                "respondent_phone": r_phone,
            }
        )
    db.conn.commit()
    db.close()


def test_the_old_party_columns_migrate_into_parties_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    _old_release_database(path)
    db = open_db(path, backup_dir=tmp_path / "backups")
    columns = set(db["cases"].columns_dict)
    assert not columns & {"applicant_id_no", "applicant_phone", "respondent_phone"}
    for case_id, a, a_id, a_phone, r, r_id, r_phone in OLD_CASES:
        got = {
            p["role"]: p
            for p in db["parties"].rows_where("case_id = ?", [case_id], order_by="rowid")
        }
        assert (got["申请人"]["name"], got["申请人"]["id_no"], got["申请人"]["phone"]) == (
            a,
            a_id,
            a_phone,
        )
        if r is None:
            assert "被申请人" not in got
        else:
            assert (got["被申请人"]["name"], got["被申请人"]["id_no"]) == (r, r_id)
            assert got["被申请人"]["phone"] == r_phone
        for role, party in got.items():
            # The same id on every PC that migrates this case: exchanges still merge.
            expected = uuid.uuid5(uuid.UUID(int=0x6C69616E687561), f"{case_id}/{role}")
            assert party["id"] == str(expected)
            assert party["synced_at"] == db["cases"].get(case_id)["synced_at"]
    by_name = {p["name"]: p for p in db["parties"].rows}
    assert by_name["深圳市景田餐饮有限公司"]["party_type"] == "法人或其他组织"
    assert by_name["某某管理处"]["party_type"] == "法人或其他组织"
    # An ID number makes a person, whatever the name says.
    assert by_name["个体户陈记店"]["party_type"] == "自然人"
    assert by_name["张伟"]["birth_date"] == "1949-12-31" and by_name["张伟"]["gender"] == "女"
    assert db["cases"].get("k1")["applicant"] == "张伟"  # the names stay on the case
    db.close()


def test_a_side_left_blank_is_no_party(ctx, community):
    case = _case(ctx, community, respondent=None, respondent_phone="")
    assert [p["role"] for p in _parties(ctx, case["id"])] == ["申请人"]
