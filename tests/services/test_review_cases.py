"""review_cases, the window's 评查 column: the cases asked for and nothing else of
their year, with the findings the year's review gives them."""

from __future__ import annotations

import datetime as dt

import pytest

from lianhua_desk.services import records
from lianhua_desk.services.review import review, review_cases
from lianhua_desk.store import review_queries
from tests import case_files

TODAY = dt.date(2021, 1, 10)


@pytest.fixture
def year(ctx):
    """Six cases of 2020: complete ones and broken ones."""
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    ids = []
    for n in range(1, 7):
        changes = {"agreement": ""} if n % 2 else {}
        ids.append(case_files.file_case(ctx, community["id"], n, **changes)["id"])
    return ids


def test_the_same_findings_as_the_years_review(ctx, year):
    whole = {c.case_id: c.problems for c in review(ctx, 2020, today=TODAY).cases}
    assert any(whole.values()) and not all(whole.values())
    assert review_cases(ctx, year, today=TODAY) == whole
    assert review_cases(ctx, year[2:4], today=TODAY) == {i: whole[i] for i in year[2:4]}


def test_reads_only_the_cases_asked_for(ctx, year, cases_read):
    found = review_cases(ctx, [year[0], year[3]], today=TODAY)
    assert set(found) == {year[0], year[3]}
    assert sum(cases_read) == 2


def test_many_ids_in_bounded_queries_and_unknown_ids_left_out(ctx, year, monkeypatch):
    whole = review_cases(ctx, year, today=TODAY)
    monkeypatch.setattr(review_queries, "IDS_PER_QUERY", 4)
    asked = [*year, "no-such-case", year[0]]
    assert review_cases(ctx, asked, today=TODAY) == whole
    assert review_cases(ctx, [], today=TODAY) == {}
