"""The demo's case dossiers: complete, consistent, and drawn without moving the rest.

The dossier of each case (particulars, work records, agreement parts, visits) comes
from a generator of its own; the demo's shared random stream — and so every other
record and every statistic — must be the same with or without it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from lianhua_desk.domain import identity
from lianhua_desk.services import demo, demo_dossier, demo_names
from lianhua_desk.services.stats import year_stats
from tests.conftest import TODAY, make_context

# The demo's own columns of a case, petition and party (not the dossier's), and the
# time each was written: the stamps come from the shared stream too.
CASE_COLUMNS = (
    "case_no", "received_date", "category", "body", "source", "status", "closed_date",
    "applicant", "respondent", "amount_disputed", "mediator", "performance",
    "amount_recovered", "judicial_confirmation", "covid", "summary", "updated_at",
)  # fmt: skip
PETITION_COLUMNS = ("petition_no", "registered_date", "petitioner", "status", "updated_at")
PARTY_COLUMNS = ("role", "name", "phone", "id_no", "updated_at")


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _snapshot(ctx, today: dt.date) -> tuple:
    db = ctx.db
    cases = sorted(tuple(r[c] for c in CASE_COLUMNS) for r in db["cases"].rows)
    petitions = sorted(tuple(r[c] for c in PETITION_COLUMNS) for r in db["petitions"].rows)
    people = sorted(
        tuple(r[c] for c in PARTY_COLUMNS)
        for r in db["parties"].rows
        if r["party_type"] == "自然人"  # a company's code is the dossier's
    )
    return year_stats(ctx, 2020, today), cases, petitions, people


def test_the_dossiers_move_nothing_else(tmp_path):
    today = dt.date(2020, 4, 1)  # a quarter: quick, and still 30-odd cases
    snapshots = {}
    for dossiers in (False, True):
        ctx = make_context(tmp_path / f"demo-{dossiers}.db", today)
        counts = demo.fill(ctx, year=2020, today=today, dossiers=dossiers)
        assert bool(counts.get("调查调解记录")) == dossiers
        snapshots[dossiers] = _snapshot(ctx, today)
        ctx.db.close()
    without, with_ = snapshots[False], snapshots[True]
    assert with_[0] == without[0]  # the statistics
    assert with_[1] == without[1]  # the cases
    assert with_[2] == without[2]  # the petitions
    assert with_[3] == without[3]  # the people


@pytest.fixture(scope="module")
def dossier(demo_template):
    """The session's demo database (2020 and 2021 to TODAY), read once."""
    import shutil

    path = demo_template.parent / "dossier-read.db"
    shutil.copyfile(demo_template, path)
    ctx = make_context(path)
    db = ctx.db
    data = {
        "cases": list(db["cases"].rows),
        "parties": defaultdict(list),
        "records": defaultdict(list),
        "visits": defaultdict(list),
    }
    for table, key in (("parties", "parties"), ("case_records", "records"), ("visits", "visits")):
        for row in db[table].rows:
            data[key][row["case_id"]].append(row)
    ctx.db.close()
    return data


def _last_day(case: dict) -> dt.date:
    """The demo's last day: yesterday (a year's last cases close in the next January)."""
    return TODAY - dt.timedelta(days=1)


def test_every_case_has_its_parties_and_its_names_are_theirs(dossier):
    for case in dossier["cases"]:
        parties = dossier["parties"][case["id"]]
        for role, field in (("申请人", "applicant"), ("被申请人", "respondent")):
            names = "、".join(p["name"] for p in parties if p["role"] == role)
            assert names, (case["case_no"], role)
            assert names == case[field], case["case_no"]


def test_every_party_has_valid_particulars(dossier):
    companies: dict[str, str] = {}
    for parties in dossier["parties"].values():
        for p in parties:
            assert p["address"] and p["phone"], p
            if p["party_type"] == "法人或其他组织":
                assert p["id_type"] == "统一社会信用代码"
                assert identity.check_credit_code(p["id_no"]) == p["id_no"]
                assert p["legal_rep"] and p["legal_rep_title"], p
                assert p["address"].startswith("广东省深圳市福田区")
                # The same company is the same company in every case.
                assert companies.setdefault(p["name"], p["id_no"]) == p["id_no"]
            else:
                assert identity.check_document(p["id_type"], p["id_no"]) == p["id_no"]
                assert (
                    p["birth_date"] == identity.birth_date_of(p["id_type"], p["id_no"]).isoformat()
                )
                assert p["gender"] == identity.gender_of(p["id_type"], p["id_no"])
                assert p["ethnicity"].endswith("族") and p["occupation"], p
            assert bool(p["agent"]) == bool(p["agent_phone"]), p
    assert companies


def test_labour_applicants_are_workers(dossier):
    for case in dossier["cases"]:
        if case["category"] == "劳资纠纷":
            (applicant,) = [p for p in dossier["parties"][case["id"]] if p["role"] == "申请人"]
            assert applicant["occupation"] in ("务工人员", "公司职员")


def test_every_settlement_has_its_agreement(dossier):
    settled = [c for c in dossier["cases"] if c["status"] == "调解成功"]
    assert settled
    for case in settled:
        agreed = int(case["amount_agreed"])  # 60–95% of the claim, what 已履行 paid
        assert 0.6 * case["amount_disputed"] - 100 <= agreed <= case["amount_disputed"]
        assert _day(case["performance_deadline"]) == _day(case["closed_date"]) + dt.timedelta(
            days=15
        )
        assert case["agreement_form"] in ("书面协议", "口头协议")
        assert case["disputed_issues"] and case["responsibilities"] and case["performance_method"]
        items = case["agreement"].splitlines()
        assert [i.split(".")[0] for i in items] == [str(n) for n in range(1, len(items) + 1)]
        assert f"人民币{agreed}元" in items[0]
    assert {c["agreement_form"] for c in settled} == {"书面协议", "口头协议"}
    unsettled = [c for c in dossier["cases"] if c["status"] != "调解成功"]
    assert all(c["amount_agreed"] is None and c["agreement"] is None for c in unsettled)


def test_judicial_confirmations_mostly_in_time_and_one_late(dossier):
    confirmed = [c for c in dossier["cases"] if c["judicial_confirmation"]]
    delays = []
    for case in confirmed:
        assert case["agreement_form"] == "书面协议"  # a court confirms a written one only
        if case["confirmation_applied"]:
            assert case["confirmation_court"] == "深圳市福田区人民法院"
            delays.append((_day(case["confirmation_applied"]) - _day(case["closed_date"])).days)
        if case["confirmation_ruling"]:
            assert case["confirmation_ruling"].endswith("确认调解协议有效")
            assert "粤0304民特" in case["confirmation_ruling"]
    assert delays and all(d > 0 for d in delays)
    late = [d for d in delays if d > 30]
    assert 1 <= len(late) <= len(delays) // 5  # the review has something to find


def test_work_records_lie_between_receipt_and_closing(dossier):
    for case in dossier["cases"]:
        records = dossier["records"][case["id"]]
        if case["status"] == "已受理":
            assert not records
            continue
        received, end = _day(case["received_date"]), _day(case["closed_date"]) or _last_day(case)
        sessions = [r for r in records if r["kind"] == "调解记录"]
        assert 1 <= len(sessions) <= 3, case["case_no"]
        investigations = [r for r in records if r["kind"] == "调查记录"]
        assert len(investigations) == (case["category"] in demo_dossier.EVIDENCE)
        for r in records:
            assert received <= _day(r["date"]) <= end, (case["case_no"], r["date"])
            assert r["recorder"] in demo_names.CLERKS and r["recorder"] != case["mediator"]
            assert case["applicant"] in r["participants"]
            assert f"调解员{case['mediator']}" in r["participants"]
            assert r["updated_at"].startswith(r["date"])
        if case["closed_date"]:
            assert max(r["date"] for r in sessions) == case["closed_date"]


def test_visits_follow_the_performance_deadline(dossier):
    due = 0
    visited = 0
    for case in dossier["cases"]:
        visits = dossier["visits"][case["id"]]
        if case["status"] != "调解成功":
            assert not visits
            continue
        deadline = _day(case["performance_deadline"])
        for v in visits:
            assert deadline < _day(v["date"]) <= _last_day(case)
            assert v["performance"] == case["performance"]
            assert v["visitor"] == case["mediator"]
        if deadline + dt.timedelta(days=10) < _last_day(case):
            due += 1
            visited += bool(visits)
    assert 0.8 * due <= visited < due  # most, not all: a gap or two to find
