"""The dashboard's deadline list and the urgency order of deadline badges, without Qt.

The expected lists on the demo data were re-derived from the demo of issue 15 (2020
concluded but for two straggling petitions; settlements of late December).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from lianhua_desk.domain import urgency
from lianhua_desk.domain.rules import DUE_SOON, OK, OVERDUE, Deadline
from lianhua_desk.domain.settings import Settings
from lianhua_desk.services import deadlines

TODAY = dt.date(2021, 1, 10)  # tests/conftest.py's fixed day
D = dt.date.fromisoformat


def listed(items):
    return [
        (i.entity, i.number, i.who, i.deadline.what, i.deadline.due.isoformat(), i.deadline.state)
        for i in items
    ]


def test_the_deadline_list_on_the_demo_data(demo_ctx):
    assert demo_ctx.actor.today() == TODAY
    items = deadlines.deadline_items(demo_ctx, TODAY)
    # 2020 is concluded but for two petitions still in hand past their extension (the
    # demo's stragglers) and two settlements of late December within their 30 days.
    assert listed(items) == [
        ("petitions", "莲访〔2020〕第277号", "汤勇怡", "延期办理期限", "2020-12-20", OVERDUE),
        ("petitions", "莲访〔2020〕第287号", "叶然霞", "延期办理期限", "2020-12-28", OVERDUE),
        ("cases", "莲调〔2020〕第122号", "朱俊", "司法确认申请期限", "2021-01-15", DUE_SOON),
        ("cases", "莲调〔2020〕第123号", "姚刚霞", "司法确认申请期限", "2021-01-15", DUE_SOON),
    ]
    assert deadlines.overdue_count(items) == 2
    assert all(len(i.id) == 36 for i in items)  # the record's id, for opening it


def test_the_deadline_list_on_an_earlier_day(demo_ctx):
    items = deadlines.deadline_items(demo_ctx, D("2020-12-01"))
    assert listed(items) == [
        ("cases", "莲调〔2020〕第98号", "毛洋玉", "司法确认申请期限", "2020-12-04", DUE_SOON),
        ("petitions", "莲访〔2020〕第277号", "汤勇怡", "延期办理期限", "2020-12-20", DUE_SOON),
        ("petitions", "莲访〔2020〕第287号", "叶然霞", "延期办理期限", "2020-12-28", DUE_SOON),
    ]
    assert deadlines.overdue_count(items) == 0


@pytest.mark.parametrize(
    ("received", "due", "state"),
    [
        ("2020-11-20", "2020-12-20", OVERDUE),
        ("2020-12-10", "2021-01-09", OVERDUE),  # due yesterday
        ("2020-12-11", "2021-01-10", DUE_SOON),  # due today
        ("2020-12-16", "2021-01-15", DUE_SOON),  # warn_days (5) ahead
        ("2020-12-17", "2021-01-16", OK),  # six days ahead
    ],
)
def test_the_due_soon_and_overdue_thresholds(received, due, state):
    case = {"status": "调解中", "received_date": received}
    found = urgency.deadlines_of("cases", case, Settings(), TODAY)
    assert found == [Deadline("调解期限", D(due), state)]
    assert urgency.needs_attention(found[0]) == (state != OK)


def test_records_without_deadlines():
    assert urgency.deadlines_of("services", {"date": "2021-01-01"}, Settings(), TODAY) == []
    assert urgency.most_urgent([]) is None


def test_the_urgency_order():
    late = Deadline("延期办理期限", D("2020-11-19"), OVERDUE)
    later_late = Deadline("分流期限", D("2021-01-09"), OVERDUE)
    soon = Deadline("调解期限", D("2021-01-12"), DUE_SOON)
    sooner = Deadline("办理期限", D("2021-01-10"), DUE_SOON)
    fine = Deadline("办理期限", D("2021-01-11"), OK)  # earlier than `soon`, still after it
    assert urgency.URGENCY == (OVERDUE, DUE_SOON, OK)
    assert urgency.by_urgency([fine, soon, later_late, sooner, late]) == [
        late,
        later_late,
        sooner,
        soon,
        fine,
    ]
    assert urgency.most_urgent([fine, soon]) == soon
    assert urgency.most_urgent([soon, later_late, late]) == late


def test_the_badge_of_each_demo_petition_is_its_most_urgent_deadline(demo_ctx):
    s = demo_ctx.settings
    shown = {}
    for row in demo_ctx.db["petitions"].rows:
        found = urgency.deadlines_of("petitions", row, s, TODAY)
        d = urgency.most_urgent(found)
        if len(found) > 1:
            shown[row["petition_no"]] = (d.what, d.due.isoformat(), d.state)
    # Only this January's unrouted petitions have two deadlines (分流 and 办理), both ok:
    # the badge shows the earlier.
    assert {k: shown[k] for k in ("莲访〔2021〕第3号", "莲访〔2021〕第9号")} == {
        "莲访〔2021〕第3号": ("分流期限", "2021-01-19", OK),
        "莲访〔2021〕第9号": ("分流期限", "2021-01-23", OK),
    }
    assert len(shown) == 6


def test_badge_states_on_the_demo_data(demo_ctx):
    s = demo_ctx.settings
    for entity_name, expected in (
        ("cases", {None: 118, OK: 12, DUE_SOON: 2}),
        ("petitions", {None: 355, OK: 24, OVERDUE: 2}),
    ):
        counts: dict = {}
        for row in demo_ctx.db[entity_name].rows:
            d = urgency.most_urgent(urgency.deadlines_of(entity_name, row, s, TODAY))
            state = d.state if d else None
            counts[state] = counts.get(state, 0) + 1
        assert counts == expected, entity_name


def test_no_qt_behind_the_rules():
    code = (
        "import sys\n"
        "import lianhua_desk.services.deadlines, lianhua_desk.domain.urgency\n"
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide6' in m)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "received, extended_until, consent, expected",
    [
        ("2020-12-01", None, 0, ("2020-12-31", OVERDUE)),
        ("2020-12-01", "2021-01-31", 1, None),  # extended with consent: not yet due soon
        ("2020-12-01", "2021-01-12", 1, ("2021-01-12", DUE_SOON)),
        ("2020-12-01", "2021-01-05", 1, ("2021-01-05", OVERDUE)),
        ("2020-12-01", "2021-01-31", 0, ("2020-12-31", OVERDUE)),  # no consent: no extension
        ("2020-12-15", None, None, ("2021-01-14", DUE_SOON)),
    ],
)
def test_an_extension_with_consent_moves_the_mediation_deadline(
    ctx, received, extended_until, consent, expected
):
    """The dashboard's query (store.listing) and the rules (domain.rules) agree."""
    from lianhua_desk.services import records
    from lianhua_desk.store import listing

    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    case = records.create(
        ctx,
        "cases",
        {
            "case_no": "莲调〔2020〕第1号",
            "received_date": received,
            "community_id": c["id"],
            "body": "社区人民调解委员会",
            "category": "邻里纠纷",
            "applicant": "张伟",
            "status": "调解中",
            "extended_until": extended_until,
            "extension_consent": consent,
        },
    ).record
    items = deadlines.deadline_items(ctx, TODAY)
    got = [(i.deadline.due.isoformat(), i.deadline.state) for i in items if i.id == case["id"]]
    assert got == ([expected] if expected else [])
    # The list's 已逾期 filter is the same query with the overdue clause.
    query = listing.ListQuery("cases", due=listing.DUE_OVERDUE)
    overdue = listing.page_ids(ctx.db, query, 0, 10, ctx.settings, TODAY)
    assert (case["id"] in overdue) == (expected is not None and expected[1] == OVERDUE)
