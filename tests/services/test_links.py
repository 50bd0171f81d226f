"""Links between records: nothing is deleted leaving another record pointing at it.

A petition routed to 人民调解 names its case by number (信访登记.转入调解案件编号); every
other link is a foreign key (社区, 法律顾问, 主讲人), refused while in use."""

from __future__ import annotations

import pytest

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import petitions, records
from lianhua_desk.store import records as store


@pytest.fixture
def linked(ctx):
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    p = petitions.register_petition(
        ctx,
        {
            "registered_date": "2020-04-01",
            "channel": "来访",
            "petitioner": "赵敏",
            "community_id": c["id"],
            "subject": "反映公司拖欠工资",
            "category": "劳资纠纷",
        },
    ).record
    p = petitions.route(ctx, p["id"], "人民调解", received_date="2020-04-03").record
    case = next(ctx.db["cases"].rows_where("case_no = ?", [p["case_no"]]))
    return ctx, c, p, case


def test_deleting_a_case_a_petition_links_to_is_refused_naming_the_petition(linked):
    ctx, _c, p, case = linked
    audit = ctx.db["audit"].count
    with pytest.raises(ValidationError) as exc:
        records.delete(ctx, "cases", case["id"])
    message = exc.value.errors[0].reason
    assert p["petition_no"] in message and case["case_no"] in message
    assert "删除后这些信访登记将不再关联本调解案件" in message
    # Nothing written: the case is there, the petition still names it, no audit row.
    assert ctx.db["cases"].count == 1
    assert records.get(ctx, "petitions", p["id"])["case_no"] == case["case_no"]
    assert ctx.db["audit"].count == audit


def test_links_are_listed_both_ways(linked):
    ctx, _c, p, case = linked
    links = records.links_of(ctx, "cases", case["id"])
    assert [(x.entity.name, x.name) for x in links.linked_from] == [("petitions", p["petition_no"])]
    back = records.links_of(ctx, "petitions", p["id"])
    assert back.linked_from == []
    assert [(f.name, target["id"]) for f, target in back.links_to] == [("case_no", case["id"])]


def test_delete_with_unlink_clears_the_link_in_the_same_transaction_audited(linked):
    ctx, _c, p, case = linked
    change = records.delete(ctx, "cases", case["id"], unlink=True)
    assert change.deleted == [case["id"]] and change.updated == [p["id"]]
    assert ctx.db["cases"].count == 0
    assert records.get(ctx, "petitions", p["id"])["case_no"] is None
    unlink = store.audit_trail(ctx.db, "petitions", p["id"])[-1]
    assert unlink["action"] == "unlink"
    assert unlink["before"]["case_no"] == case["case_no"] and unlink["after"]["case_no"] is None
    # Undo puts the case back and links the petition to it again.
    records.undelete(ctx, "cases", change.record)
    assert records.get(ctx, "cases", case["id"])["case_no"] == case["case_no"]
    assert records.get(ctx, "petitions", p["id"])["case_no"] == case["case_no"]
    assert store.audit_trail(ctx.db, "petitions", p["id"])[-1]["action"] == "relink"


def test_a_failed_unlinking_delete_leaves_both_sides_as_they_were(linked, monkeypatch):
    ctx, _c, p, case = linked

    def disk_full(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(store, "delete", disk_full)
    with pytest.raises(OSError):
        records.delete(ctx, "cases", case["id"], unlink=True)
    assert records.get(ctx, "petitions", p["id"])["case_no"] == case["case_no"]
    assert ctx.db["cases"].count == 1


def test_deleting_the_petition_leaves_the_case_and_no_link_behind(linked):
    ctx, _c, p, case = linked
    records.delete(ctx, "petitions", p["id"])
    assert records.get(ctx, "cases", case["id"])["source"] == "信访转入"
    assert records.links_of(ctx, "cases", case["id"]).linked_from == []


def test_records_in_use_through_a_foreign_key_are_refused_naming_the_tables(linked):
    ctx, c, _p, case = linked
    with pytest.raises(ValidationError, match="调解案件 1 条、信访登记 1 条"):
        records.delete(ctx, "communities", c["id"])
    assert ctx.db["communities"].count == 1
    a = records.create(
        ctx, "advisors", {"name": "王建国", "firm": "莲城律所", "community_id": c["id"]}
    ).record
    records.update(ctx, "cases", case["id"], {"advisor_id": a["id"]})
    with pytest.raises(ValidationError, match="引用"):
        records.delete(ctx, "advisors", a["id"])
    # The database enforces them too.
    assert ctx.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    fks = {(fk.column, fk.other_table) for fk in ctx.db["petitions"].foreign_keys}
    assert ("community_id", "communities") in fks
