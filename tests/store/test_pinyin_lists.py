"""Lists sorted by pinyin and the search by pinyin and initials, on a real database
(issue 15): the stored keys' order equals the oracle's, a rename moves the record,
imports and other connections' writes keep the keys, an old database gets them."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from lianhua_desk.app import open_context
from lianhua_desk.services import records
from lianhua_desk.store import listing, schema
from lianhua_desk.store.db import open_db
from lianhua_desk.store.driver import sqlite3

from ..domain.test_pinyin import POOL, oracle

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def ctx(tmp_path):
    context = open_context(tmp_path / "p.db", daily_backup=False)
    yield context
    context.db.close()


def add_petitioners(ctx, names: list[str]) -> dict[str, str]:
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record["id"]
    ids = {}
    for i, name in enumerate(names):
        change = records.create(
            ctx,
            "petitions",
            {
                "petition_no": f"莲访〔2020〕第{i + 1}号",
                "registered_date": "2020-03-05",
                "channel": "来访",
                "petitioner": name,
                "community_id": community,
                "subject": "反映问题",
            },
        )
        ids[change.inserted[0]] = name
    return ids


def listed(db, q: listing.ListQuery, names: dict[str, str]) -> list[str]:
    return [names[i] for i in listing.page_ids(db, q, 0, 10_000)]


def test_petitioners_sort_by_pinyin_as_the_oracle_says(ctx):
    rng = random.Random(7)
    people = ["".join(rng.choice(POOL) for _ in range(rng.randint(2, 3))) for _ in range(300)]
    names = add_petitioners(ctx, people)
    q = listing.ListQuery("petitions", sort="petitioner")
    got = listed(ctx.db, q, names)
    assert got == sorted(people, key=oracle)  # stable: equal names keep entry order
    assert listed(ctx.db, q.with_(descending=True), names) == got[::-1]


def test_excel_order_and_surnames_in_the_list(ctx):
    names = add_petitioners(ctx, ["王菲", "曾国藩", "万达", "陈晨", "张三", "程诚", "汪峰"])
    q = listing.ListQuery("petitions", sort="petitioner")
    assert listed(ctx.db, q, names) == ["陈晨", "程诚", "万达", "汪峰", "王菲", "曾国藩", "张三"]


def test_a_rename_moves_the_record(ctx):
    names = add_petitioners(ctx, ["王菲", "张三", "赵四"])
    q = listing.ListQuery("petitions", sort="petitioner")
    assert listed(ctx.db, q, names) == ["王菲", "张三", "赵四"]
    (wang,) = [i for i, n in names.items() if n == "王菲"]
    records.update(ctx, "petitions", wang, {"petitioner": "周杰"})
    names[wang] = "周杰"
    assert listed(ctx.db, q, names) == ["张三", "赵四", "周杰"]
    # found by the new name's initials, no longer by the old one's
    assert listed(ctx.db, q.with_(search="zj"), names) == ["周杰"]
    assert listed(ctx.db, q.with_(search="wf"), names) == []


def test_another_connection_writes_and_the_keys_follow(ctx, tmp_path):
    names = add_petitioners(ctx, ["王菲", "张三"])
    (zhang,) = [i for i, n in names.items() if n == "张三"]
    other = sqlite3.connect(tmp_path / "p.db")  # no function of ours: plain SQL triggers
    with other:
        other.execute("UPDATE petitions SET petitioner = '安娜' WHERE id = ?", [zhang])
    other.close()
    names[zhang] = "安娜"
    q = listing.ListQuery("petitions", sort="petitioner")
    assert listed(ctx.db, q, names) == ["安娜", "王菲"]
    assert listed(ctx.db, q.with_(search="anna"), names) == ["安娜"]


def test_search_by_full_pinyin_and_initials(ctx):
    names = add_petitioners(ctx, ["王小明", "汪晓敏", "万小明", "李四、单田芳", "张伟"])
    q = listing.ListQuery("petitions", sort="petitioner")
    # initials match both 王小明 and 汪晓敏 (no tones are typed), not 万小明 (wxm too!)
    assert listed(ctx.db, q.with_(search="wxm"), names) == ["万小明", "汪晓敏", "王小明"]
    assert listed(ctx.db, q.with_(search="wangxiaoming"), names) == ["王小明"]
    assert listed(ctx.db, q.with_(search="wangx"), names) == ["汪晓敏", "王小明"]
    assert listed(ctx.db, q.with_(search="WX"), names) == ["万小明", "汪晓敏", "王小明"]
    assert listed(ctx.db, q.with_(search="stf"), names) == ["李四、单田芳"]  # second name
    assert listed(ctx.db, q.with_(search="xm"), names) == []  # the start of a name only
    assert listed(ctx.db, q.with_(search="zw 反映"), names) == ["张伟"]  # with a word
    assert listing.count(ctx.db, q.with_(search="wxm")) == 3


def test_advisors_without_a_search_index_too(ctx):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record["id"]
    for name in ["王建国", "曾志伟", "安然"]:
        records.create(ctx, "advisors", {"name": name, "firm": "甲所", "community_id": community})
    q = listing.ListQuery("advisors", sort="name")
    ids = listing.page_ids(ctx.db, q, 0, 10)
    rows = listing.rows_by_id(ctx.db, "advisors", ids)
    assert [rows[i]["name"] for i in ids] == ["安然", "王建国", "曾志伟"]
    found = listing.page_ids(ctx.db, q.with_(search="zzw"), 0, 10)
    assert [rows[i]["name"] for i in found] == ["曾志伟"]
    assert [name for _, name in listing.choices(ctx.db, "advisors")] == [
        "安然（甲所）",
        "王建国（甲所）",
        "曾志伟（甲所）",
    ]


def test_an_old_database_gets_its_keys_when_opened(tmp_path):
    path = tmp_path / "v7.db"
    shutil.copyfile(FIXTURES / "schema_v7.db", path)  # 王建国 the advisor, 张伟 the applicant
    db = open_db(path)
    try:
        assert schema.pending(db) == []
        row = db.execute(
            "SELECT k.name, k.spell FROM advisors a JOIN pinyin_advisors k ON k.rid = a.rowid"
        ).fetchone()
        assert row[0].startswith("wang2") and "^wjg" in row[1]
        q = listing.ListQuery("cases", search="zw")
        assert [r for r in listing.page_ids(db, q, 0, 10)] == ["k1"]
    finally:
        db.close()


def test_an_old_database_with_statistics_opens(tmp_path):
    """A database that ran ANALYZE (the bench's, a clerk's after `check`?) has
    sqlite_stat1: m008 gives the side tables statistics too, and must not ask for
    those of an entity that has no side table (shifts: no name to sort)."""
    path = tmp_path / "v7.db"
    shutil.copyfile(FIXTURES / "schema_v7.db", path)
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    db = open_db(path)
    try:
        assert schema.pending(db) == []
        assert "pinyin_shifts" not in db.table_names()
        assert db.execute(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'pinyin_advisors'"
        ).fetchone()[0]
    finally:
        db.close()


def test_a_bulk_insert_gets_its_keys_at_the_end(tmp_path):
    """An import of 1,000+ rows fills the side table with one statement (the insert
    triggers come back after it): the same keys and search lines as row by row."""
    from lianhua_desk.domain.fields import entity
    from lianhua_desk.store import search
    from lianhua_desk.store.db import write_lock

    db = open_db(tmp_path / "b.db")
    rng = random.Random(3)
    people = ["".join(rng.choice(POOL) for _ in range(3)) for _ in range(1200)] + ["王小明"]
    with write_lock(db):
        db.execute("INSERT INTO communities (id, updated_at, name) VALUES ('c', 'x', '彩虹社区')")
        with search.indexing_in_bulk(db, entity("petitions"), rows=len(people)):
            db.conn.executemany(
                "INSERT INTO petitions (id, updated_at, petition_no, registered_date, channel, "
                "petitioner, community_id, subject, status) "
                "VALUES (?, 'x', ?, '2020-01-01', '来访', ?, 'c', '事', '已登记')",
                [(f"p{i}", f"n{i}", name) for i, name in enumerate(people)],
            )
            assert not db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'pinyin_petitions_insert'"
            ).fetchone()
    names = {f"p{i}": name for i, name in enumerate(people)}
    q = listing.ListQuery("petitions", sort="petitioner")
    assert listed(db, q, names) == sorted(people, key=oracle)
    assert "王小明" in listed(db, q.with_(search="wxm"), names)
    search.check(db, entity("petitions"))
    db.execute(
        "INSERT INTO [search_pinyin_petitions] ([search_pinyin_petitions], rank) "
        "VALUES ('integrity-check', 1)"
    )
    with write_lock(db):  # the trigger is back: the next row gets its key as before
        db.execute(
            "INSERT INTO petitions (id, updated_at, petition_no, registered_date, channel, "
            "petitioner, community_id, subject, status) "
            "VALUES ('z', 'x', 'z1', '2020-01-01', '来访', '阿朱', 'c', '事', '已登记')"
        )
    names["z"] = "阿朱"
    assert listed(db, q, names)[0] == "阿朱"
    db.close()
