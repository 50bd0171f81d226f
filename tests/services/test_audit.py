"""Every service write leaves exactly one audit row per record it changes, with before
and after, committed with the change (and rolled back with it)."""

import json

import pytest

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import mediation, petitions, records, roster, settings


def audit_rows(ctx, since):
    return ctx.db.execute(
        "SELECT entity, record_id, action, before, after FROM audit WHERE id > ? ORDER BY id",
        [since],
    ).fetchall()


def last_id(ctx):
    return ctx.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]


@pytest.fixture
def world(ctx):
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    a = records.create(
        ctx, "advisors", {"name": "王建国", "firm": "甲所", "community_id": c["id"]}
    ).record
    case = mediation.register_case(
        ctx,
        {
            "received_date": "2020-03-05",
            "community_id": c["id"],
            "body": "社区人民调解委员会",
            "category": "劳资纠纷",
            "applicant": "张伟",
        },
    ).record
    p = petitions.register_petition(
        ctx,
        {
            "registered_date": "2020-04-01",
            "channel": "来访",
            "petitioner": "赵敏",
            "subject": "欠薪",
            "community_id": c["id"],
        },
    ).record
    return ctx, c, a, case, p


ACTIONS = {
    "update": lambda ctx, c, a, case, p: records.update(
        ctx, "advisors", a["id"], {"mobile": "13800138000"}
    ),
    "transition": lambda ctx, c, a, case, p: mediation.transition(ctx, case["id"], "调解中"),
    "escalate": lambda ctx, c, a, case, p: mediation.escalate(ctx, case["id"]),
    "route to mediation": lambda ctx, c, a, case, p: petitions.route(ctx, p["id"], "人民调解"),
    "conclude": lambda ctx, c, a, case, p: petitions.conclude(ctx, p["id"]),
    "rotation": lambda ctx, c, a, case, p: (
        roster.generate_rotation(
            ctx, c["id"], a["id"], 2, "9:00", "12:00", "2020-03-01", "2020-03-21"
        ).change
    ),
    "delete": lambda ctx, c, a, case, p: records.delete(ctx, "petitions", p["id"]),
    "create": lambda ctx, c, a, case, p: records.create(
        ctx,
        "events",
        {
            "community_id": c["id"],
            "date": "2020-05-01",
            "event_type": "法治讲座",
            "topic": "民法典",
        },
    ),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_one_audit_row_per_changed_record(world, name):
    ctx, *rest = world
    since = last_id(ctx)
    change = ACTIONS[name](ctx, *rest)
    rows = audit_rows(ctx, since)
    changed = change.inserted + change.updated + change.deleted
    assert sorted(r[1] for r in rows) == sorted(changed)
    for _entity, record_id, action, before, after in rows:
        if action in ("insert",):
            assert before is None and json.loads(after)["id"] == record_id
        elif action == "delete":
            assert json.loads(before)["id"] == record_id and after is None
        else:
            assert json.loads(before) != json.loads(after)


def test_settings_change_is_audited_once(world):
    ctx, *_ = world
    since = last_id(ctx)
    settings.update_settings(ctx, {"subsidy_per_case": 350})
    (row,) = audit_rows(ctx, since)
    assert (
        json.loads(row[3])["subsidy_per_case"] == 300
        and json.loads(row[4])["subsidy_per_case"] == 350
    )


def test_a_refused_action_leaves_no_audit_row(world):
    ctx, c, a, case, p = world
    since = last_id(ctx)
    with pytest.raises(ValidationError):
        mediation.transition(ctx, case["id"], "调解成功")  # not from 已受理
    with pytest.raises(ValidationError):
        petitions.route(ctx, p["id"], "人民调解", body="不存在的委员会")
    assert audit_rows(ctx, since) == []
    assert ctx.db["cases"].count == 1  # the half-made linked case was rolled back too
