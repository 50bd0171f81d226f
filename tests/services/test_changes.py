"""What each service action reports it touched (Change.touched): the kinds of data
whose views must reload (issue 12; Anki's OpChanges). No Qt here."""

from __future__ import annotations

import sys

import pytest

from lianhua_desk.exchange.format import DELETED_SHEET
from lianhua_desk.exchange.result import ImportResult
from lianhua_desk.services import exchange, mediation, petitions, records, roster
from lianhua_desk.services.context import ENTITY_NAMES, HOLIDAYS, IMPORTS, SETTINGS, Change


@pytest.fixture
def base(ctx):
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    a = records.create(
        ctx, "advisors", {"name": "王建国", "firm": "广东莲城律师事务所", "community_id": c["id"]}
    ).record
    return ctx, c, a


def _petition(ctx, c) -> dict:
    return petitions.register_petition(
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


def _case(ctx, c) -> Change:
    return mediation.register_case(
        ctx,
        {
            "received_date": "2020-03-05",
            "community_id": c["id"],
            "body": "社区人民调解委员会",
            "category": "劳资纠纷",
            "applicant": "张伟",
        },
    )


def test_a_change_touches_its_own_entity(base):
    ctx, c, a = base
    assert Change("cases").touched == {"cases"}
    change = _case(ctx, c)
    assert change.touched == {"cases", "parties"}  # the applicant named with it
    case_id = change.record["id"]
    assert mediation.transition(ctx, case_id, "调解中").touched == {"cases"}
    assert mediation.escalate(ctx, case_id).touched == {"cases"}
    assert records.update(ctx, "communities", c["id"], {"name": "彩虹"}).touched == {"communities"}
    # Unchanged input writes nothing, and still names its entity (views may reload).
    assert records.update(ctx, "communities", c["id"], {"name": "彩虹"}).touched == {"communities"}


def test_touches_is_an_intersection():
    change = Change("cases", touched={"petitions"})
    assert change.touches({"petitions", "shifts"}) and change.touches(["cases"])
    assert not change.touches({"shifts", SETTINGS}) and not change.touches(())


def test_merge_unions_what_was_touched():
    change = Change("petitions").merge(Change("cases"))
    assert change.touched == {"petitions", "cases"}


def test_routing_to_mediation_touches_the_case_it_registers(base):
    ctx, c, _a = base
    p = _petition(ctx, c)
    change = petitions.route(ctx, p["id"], "人民调解", received_date="2020-04-03")
    assert change.touched == {"petitions", "cases", "parties"}  # the petitioner a party
    assert change.inserted and change.updated == [p["id"]]


def test_routing_elsewhere_and_concluding_touch_petitions_only(base):
    ctx, c, _a = base
    p = _petition(ctx, c)
    assert petitions.route(ctx, p["id"], "诉讼").touched == {"petitions"}
    assert petitions.conclude(ctx, p["id"]).touched == {"petitions"}


def test_a_case_delete_touches_the_petitions_it_unlinks_and_its_undo_too(base):
    ctx, c, _a = base
    p = _petition(ctx, c)
    p = petitions.route(ctx, p["id"], "人民调解", received_date="2020-04-03").record
    case = next(ctx.db["cases"].rows_where("case_no = ?", [p["case_no"]]))
    deleted = records.delete(ctx, "cases", case["id"], unlink=True)
    assert deleted.touched == {"cases", "petitions", "parties"}  # its parties go with it
    undone = records.undelete(ctx, "cases", deleted.record)
    assert undone.touched == {"cases", "petitions", "parties"}
    assert ctx.db["parties"].count_where("case_id = ?", [case["id"]]) == 1  # back again
    # Nothing linked: the delete touches the case and its parties alone.
    other = _case(ctx, c).record
    assert records.delete(ctx, "cases", other["id"]).touched == {"cases", "parties"}


def test_roster_actions_touch_shifts(base):
    ctx, c, a = base
    plan = roster.generate_rotation(
        ctx, c["id"], a["id"], 2, "9:00", "12:00", "2020-03-01", "2020-03-14"
    )
    assert plan.change.touched == {"shifts"} and plan.change.inserted
    shift_id = plan.change.inserted[0]
    assert roster.mark_attendance(ctx, shift_id, "已到岗").touched == {"shifts"}


def test_settings_and_holidays_are_kinds_of_their_own():
    assert Change(SETTINGS).touched == {SETTINGS}
    assert Change(HOLIDAYS).touched == {HOLIDAYS}
    assert not Change(SETTINGS).touches(ENTITY_NAMES)


def test_an_import_that_does_not_say_touches_every_record_but_not_settings():
    assert Change(IMPORTS).touched == ENTITY_NAMES | {IMPORTS}


def test_an_import_touches_the_entities_its_sheet_counts_say_it_wrote():
    result = ImportResult("x.xlsx")
    result.count("调解案件", "inserted", 3)
    result.count("信访登记", "updated", 1)
    result.count("社区", "unchanged", 9)  # read, not written
    result.count("法律顾问", "skipped", 2)
    result.count("普法活动", "conflicts", 1)  # one side's version replaced
    assert Change.of_import(result).touched == {IMPORTS, "cases", "petitions", "events"}
    # A deletion is counted without its entity: every entity may have lost a record.
    result.count(DELETED_SHEET, "deleted", 1)
    assert Change.of_import(result).touched == ENTITY_NAMES | {IMPORTS}


def test_a_real_import_reports_what_it_wrote(base, tmp_path):
    ctx, c, a = base
    _case(ctx, c)
    path = tmp_path / "out.xlsx"
    exchange.export_workbook(ctx, path)
    from tests.conftest import make_context

    other = make_context(tmp_path / "other.db")
    try:
        result = exchange.import_workbook(other, path)
        assert result.written
        assert Change.of_import(result).touched == {
            IMPORTS,
            "communities",
            "advisors",
            "cases",
            "parties",
        }
        # Importing the same file again writes nothing new: only the history row.
        again = exchange.import_workbook(other, path)
        assert Change.of_import(again).touched == {IMPORTS}
    finally:
        other.db.close()


def test_services_import_no_qt():
    import subprocess

    code = (
        "import sys, lianhua_desk.services.context, lianhua_desk.services.records;"
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True
    )
    assert out.stdout.strip() == "False"
