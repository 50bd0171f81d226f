"""A natural key declared unique (Entity.unique) is refused twice by the form and by an
import alike: a duplicate shift (same 社区 + 法律顾问 + 日期 + 开始时间) is a row error."""

from __future__ import annotations

import uuid

import pytest

from lianhua_desk.domain.fields import ENTITIES
from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import records
from lianhua_desk.services.exchange import import_workbook

from .helpers import problems_at, workbook

HEADERS = ["社区", "法律顾问", "日期", "开始时间", "状态"]
KEY_LABELS = "社区、法律顾问、日期、开始时间"


def _advisor(ctx):
    row = ctx.db.execute(
        "SELECT a.name, c.name FROM advisors a JOIN communities c ON c.id = a.community_id "
        "ORDER BY a.name LIMIT 1"
    ).fetchone()
    return row  # (advisor name, community name)


def _shift(ctx, community, advisor, day, start):
    ids = {
        "community_id": ctx.db.execute(
            "SELECT id FROM communities WHERE name = ?", [community]
        ).fetchone()[0],
        "advisor_id": ctx.db.execute(
            "SELECT id FROM advisors WHERE name = ?", [advisor]
        ).fetchone()[0],
    }
    return {**ids, "date": day, "start_time": start, "status": "计划"}


def test_the_form_refuses_a_duplicate_shift(demo_ctx):
    advisor, community = _advisor(demo_ctx)
    records.create(demo_ctx, "shifts", _shift(demo_ctx, community, advisor, "2031-03-04", "09:00"))
    with pytest.raises(ValidationError, match=KEY_LABELS):
        records.create(
            demo_ctx, "shifts", _shift(demo_ctx, community, advisor, "2031-03-04", "09:00")
        )


def test_an_import_refuses_two_rows_for_the_same_shift(demo_ctx, tmp_path):
    advisor, community = _advisor(demo_ctx)
    before = demo_ctx.db["shifts"].count
    path = workbook(
        tmp_path / "twice.xlsx",
        {
            "值班安排": [
                HEADERS,
                [community, advisor, "2031-03-04", "09:00", "计划"],
                [community, advisor, "2031-03-04", "09:00", "已到岗"],
            ]
        },
    )
    result = import_workbook(demo_ctx, path)
    (problem,) = problems_at(result, "值班安排", 3)
    assert KEY_LABELS in problem.reason and "第2行" in problem.reason
    assert demo_ctx.db["shifts"].count == before  # refused: nothing written


def test_an_import_refuses_a_new_record_with_a_stored_shifts_key(demo_ctx, tmp_path):
    """A row with another database's 记录ID for a shift already booked here."""
    advisor, community = _advisor(demo_ctx)
    records.create(demo_ctx, "shifts", _shift(demo_ctx, community, advisor, "2031-03-04", "09:00"))
    before = demo_ctx.db["shifts"].count
    path = workbook(
        tmp_path / "other.xlsx",
        {
            "值班安排": [
                ["记录ID", *HEADERS],
                [str(uuid.uuid4()), community, advisor, "2031-03-04", "09:00", "计划"],
            ]
        },
    )
    result = import_workbook(demo_ctx, path)
    (problem,) = problems_at(result, "值班安排", 2)
    assert KEY_LABELS in problem.reason and "不能重复登记" in problem.reason
    assert demo_ctx.db["shifts"].count == before


def test_shifts_without_a_start_time_may_repeat_as_in_the_form(demo_ctx, tmp_path):
    """A key with a blank part is no key (the form's rule, and SQLite's for NULLs)."""
    advisor, community = _advisor(demo_ctx)
    records.create(demo_ctx, "shifts", _shift(demo_ctx, community, advisor, "2031-03-04", None))
    records.create(demo_ctx, "shifts", _shift(demo_ctx, community, advisor, "2031-03-04", None))
    before = demo_ctx.db["shifts"].count
    path = workbook(
        tmp_path / "blank.xlsx",
        {
            "值班安排": [
                ["记录ID", *HEADERS],
                [str(uuid.uuid4()), community, advisor, "2031-03-05", None, "计划"],
                [str(uuid.uuid4()), community, advisor, "2031-03-05", None, "计划"],
            ]
        },
    )
    result = import_workbook(demo_ctx, path)
    assert not result.errors, result.problems
    assert demo_ctx.db["shifts"].count == before + 2


def test_every_unique_key_is_a_declared_natural_key():
    for e in ENTITIES:
        assert not e.unique or e.natural_key, e.name
        assert not e.unique_index or e.unique, e.name
