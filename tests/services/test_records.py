"""Generic create / update / delete: validation, audit trail, nothing half-written."""

import json

import pytest

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import records
from lianhua_desk.store import records as store


def community(ctx, name="彩虹社区"):
    return records.create(ctx, "communities", {"name": name}).record


def advisor(ctx, community_id, name="王建国", firm="广东莲城律师事务所"):
    return records.create(
        ctx, "advisors", {"name": name, "firm": firm, "community_id": community_id}
    ).record


def counts(ctx):
    return {t: ctx.db[t].count for t in ("communities", "advisors", "cases", "audit")}


def test_create_stamps_id_time_and_audit(ctx):
    row = community(ctx)
    assert len(row["id"]) == 36 and row["updated_at"] == "2021-01-10 10:00:00"
    (audit,) = store.audit_trail(ctx.db, "communities", row["id"])
    assert audit["action"] == "insert" and audit["operator"] == "测试员"
    assert audit["before"] is None and audit["after"]["name"] == "彩虹社区"


def test_update_audits_before_and_after_and_skips_no_change(ctx):
    c = community(ctx)
    a = advisor(ctx, c["id"])
    change = records.update(ctx, "advisors", a["id"], {"mobile": "138 0013 8000"})
    assert change.updated == [a["id"]] and change.record["mobile"] == "13800138000"
    trail = store.audit_trail(ctx.db, "advisors", a["id"])
    assert [t["action"] for t in trail] == ["insert", "update"]
    assert trail[1]["before"]["mobile"] is None and trail[1]["after"]["mobile"] == "13800138000"
    # The same value again changes nothing and writes no audit row.
    again = records.update(ctx, "advisors", a["id"], {"mobile": "13800138000"})
    assert again.updated == [] and len(store.audit_trail(ctx.db, "advisors", a["id"])) == 2


def test_bad_input_is_refused_with_chinese_messages_and_writes_nothing(ctx):
    c = community(ctx)
    before = counts(ctx)
    with pytest.raises(ValidationError) as info:
        records.create(
            ctx,
            "cases",
            {
                "case_no": "莲调〔2020〕第1号",
                "received_date": "2020-02-30",
                "community_id": c["id"],
                "body": "居委会",
                "category": "劳资纠纷",
                "applicant_id_no": "110105194912310021",
                "amount_disputed": "-5",
            },
        )
    reasons = {e.field: e.reason for e in info.value.errors}
    assert "不存在" in reasons["received_date"]
    assert "不是可选值" in reasons["body"]
    assert "校验位" in reasons["applicant_id_no"]
    assert "负" in reasons["amount_disputed"]
    assert "必填" in reasons["applicant"]
    assert counts(ctx) == before


def test_unknown_reference_and_duplicate_key_are_refused(ctx):
    c = community(ctx)
    with pytest.raises(ValidationError, match="服务社区不存在"):
        advisor(ctx, "no-such-id")
    advisor(ctx, c["id"])
    with pytest.raises(ValidationError, match="已存在相同记录"):
        advisor(ctx, c["id"])
    with pytest.raises(ValidationError, match="已存在"):
        community(ctx)


def test_cross_field_rule(ctx):
    c = community(ctx)
    with pytest.raises(ValidationError, match="聘期结束不能早于聘期开始"):
        records.create(
            ctx,
            "advisors",
            {
                "name": "李明",
                "firm": "所",
                "community_id": c["id"],
                "contract_start": "2020-06-01",
                "contract_end": "2020-01-01",
            },
        )


def test_delete_leaves_tombstone_and_undo_restores(ctx):
    c = community(ctx)
    a = advisor(ctx, c["id"])
    with pytest.raises(ValidationError, match="仍被 1 条记录引用"):
        records.delete(ctx, "communities", c["id"])
    change = records.delete(ctx, "advisors", a["id"])
    assert ctx.db["advisors"].count == 0
    (tomb,) = list(ctx.db["tombstones"].rows)
    assert tomb["record_id"] == a["id"] and tomb["label"] == "王建国"
    records.undelete(ctx, "advisors", change.record)
    assert ctx.db["advisors"].count == 1 and ctx.db["tombstones"].count == 0
    actions = [t["action"] for t in store.audit_trail(ctx.db, "advisors", a["id"])]
    assert actions == ["insert", "delete", "undelete"]


def test_every_write_leaves_exactly_one_audit_row_in_the_same_transaction(ctx):
    c = community(ctx)
    n = ctx.db["audit"].count
    records.update(ctx, "communities", c["id"], {"note": "新备注"})
    assert ctx.db["audit"].count == n + 1
    row = ctx.db.execute("SELECT after FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert json.loads(row[0])["note"] == "新备注"
    # A failing write rolls back its audit row with it.
    with pytest.raises(ValidationError):
        records.update(ctx, "communities", c["id"], {"name": ""})
    assert ctx.db["audit"].count == n + 1


def test_missing_record_message(ctx):
    with pytest.raises(ValidationError, match="记录不存在"):
        records.update(ctx, "cases", "nope", {"mediator": "x"})
