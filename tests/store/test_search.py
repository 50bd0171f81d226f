"""Keyword search: the index answers exactly what a plain substring scan answers.

The reference is Python over the same rows: every whitespace-separated term occurs in
some searchable field, ASCII letters compared without case (as SQLite's LIKE does).
Both ways of answering a page (sorting the matches; walking the sort order) and of
counting are forced by moving the thresholds, so a small database covers them all.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from lianhua_desk.domain import pinyin
from lianhua_desk.domain.fields import entity
from lianhua_desk.store import listing, search
from lianhua_desk.store.db import open_db, write_lock
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.store.schema_sync import name_fields

FIXTURES = Path(__file__).parent.parent / "fixtures"

# Few distinct characters, so that one- and two-character terms hit often; letters in
# both cases and characters whose case folding differs between FTS5 and LIKE; the
# characters FTS5 and LIKE treat specially.
SURNAMES = "王李张陈欧阳"
GIVEN = "伟芳志明娜"
OTHER = "调解号第〔〕，。0129"
LATIN = "aAbBéÉKKſsß"
SPECIAL = ["%", "_", '"', "*", "(", ")", "\\", "'", "-", "^", ":"]
WORDS = ["AND", "OR", "NEAR", "NOT", "and", "near"]
ALPHABET = list(SURNAMES + GIVEN + OTHER + LATIN) + SPECIAL
ROWS = 1500


def _text(rng: random.Random, low: int, high: int) -> str:
    parts = []
    for _ in range(rng.randint(low, high)):
        r = rng.random()
        parts.append(rng.choice(WORDS) if r < 0.05 else " " if r < 0.1 else rng.choice(ALPHABET))
    return "".join(parts)


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return rng.choice(["欧阳", *SURNAMES[:4]]) + given


def _fill(db, rng: random.Random, rows: int = ROWS, commit: bool = True) -> None:
    db.conn.execute(
        "INSERT INTO communities (id, updated_at, name) VALUES ('c1', '2020-01-01 00:00:00', '社区')"
    )
    cases, petitions = [], []
    for i in range(rows):
        day = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cases.append(
            (
                f"k{i}",
                f"{_text(rng, 0, 4)}{i}",
                day,
                _name(rng),
                rng.choice([None, _name(rng), _text(rng, 1, 6)]),
                rng.choice([None, _name(rng)]),
                rng.choice([None, _text(rng, 0, 12), "双方\n就款项" + _text(rng, 0, 3)]),
                rng.choice(["已受理", "调解中", "调解成功"]),
            )
        )
        petitions.append(
            (f"p{i}", f"访{i}", day, _name(rng), _text(rng, 1, 10), rng.choice([None, "办理"]))
        )
    db.conn.executemany(
        "INSERT INTO cases (id, updated_at, case_no, received_date, community_id, body, category, "
        "applicant, respondent, mediator, summary, status) VALUES (?, '2020-01-01 00:00:00', ?, ?, "
        "'c1', '社区人民调解委员会', '其他', ?, ?, ?, ?, ?)",
        cases,
    )
    db.conn.executemany(
        "INSERT INTO petitions (id, updated_at, petition_no, registered_date, channel, petitioner, "
        "subject, handling, status) VALUES (?, '2020-01-01 00:00:00', ?, ?, '来访', ?, ?, ?, "
        "'已登记')",
        petitions,
    )
    if commit:
        db.conn.commit()


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "search.db"
    db = open_db(path)
    _fill(db, random.Random(7))
    yield db
    db.close()


def _fold(text: str) -> str:
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def _reference(db, entity_name: str, text: str, status: str | None = None) -> list[str]:
    """Ids of the matching rows, newest first (the list's default order), in Python."""
    e = entity(entity_name)
    columns = search.searchable(e)
    # a term of 2+ ASCII letters also matches the start of a name's pinyin or initials
    names = [i + 2 for i, c in enumerate(columns) if c in {f.name for f in name_fields(e)}]
    terms = [_fold(t) for t in text.split()]
    rows = db.execute(
        f"SELECT id, status, {', '.join(columns)} FROM [{e.name}] "
        f"ORDER BY [{e.date_field}] DESC, rowid DESC"
    ).fetchall()

    def found(term: str, row) -> bool:
        if any(term in _fold(v or "") for v in row[2:]):
            return True
        return search.spelling(e, term) and any(
            pinyin.matches_spelling(term, row[i]) for i in names
        )

    return [
        row[0]
        for row in rows
        if (status is None or row[1] == status) and all(found(term, row) for term in terms)
    ]


def _queries(db, rng: random.Random, n: int) -> list[str]:
    """Substrings of stored values of length 1, 2, 3 and 5, random strings (mostly no
    hit), special characters and several terms at once."""
    values = [
        v
        for (v,) in db.execute(
            "SELECT applicant FROM cases UNION ALL SELECT summary FROM cases "
            "UNION ALL SELECT case_no FROM cases UNION ALL SELECT subject FROM petitions"
        )
        if v
    ]
    out = []
    while len(out) < n:
        kind = rng.random()
        length = rng.choice([1, 2, 3, 5])
        if kind < 0.5:
            value = rng.choice(values)
            start = rng.randrange(len(value))
            term = value[start : start + length].strip()
        elif kind < 0.8:
            term = "".join(rng.choice(ALPHABET) for _ in range(length))
        elif kind < 0.9:
            term = rng.choice(SPECIAL + WORDS + ['"*"', "(王", "AND 王", '王"', "%王%", "_"])
        else:
            term = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN + OTHER)}"
        if term.strip():
            out.append(term)
    return out


def _everything(db, q) -> list[str]:
    return listing.page_ids(db, q, 0, ROWS * 2)


# Thresholds moved so that each way of answering is taken: (first page from the
# matches, count looking candidates up) and (walking the sort order, counting by scan).
MODES = [(10**9, 10**9), (0, 0), (50, 100)]


@pytest.mark.parametrize(("set_limit", "drive_limit"), MODES)
@pytest.mark.parametrize("entity_name", ["cases", "petitions"])
def test_search_equals_a_substring_scan(filled, monkeypatch, entity_name, set_limit, drive_limit):
    monkeypatch.setattr(search, "SET_LIMIT", set_limit)
    monkeypatch.setattr(search, "COUNT_DRIVE_LIMIT", drive_limit)
    rng = random.Random(f"{entity_name}{set_limit}")
    hits = misses = 0
    for text in _queries(filled, rng, 150):
        want = _reference(filled, entity_name, text)
        q = listing.ListQuery(entity_name, search=text)
        assert _everything(filled, q) == want, text
        assert listing.page_ids(filled, q, 0, 20) == want[:20], text
        assert listing.page_ids(filled, q, 20, 20) == want[20:40], text
        assert listing.count(filled, q) == len(want), text
        hits, misses = hits + bool(want), misses + (not want)
    assert hits > 40 and misses > 20  # the queries exercised both outcomes


@pytest.mark.parametrize(("set_limit", "drive_limit"), MODES)
def test_search_with_a_filter_counts_and_pages_right(filled, monkeypatch, set_limit, drive_limit):
    monkeypatch.setattr(search, "SET_LIMIT", set_limit)
    monkeypatch.setattr(search, "COUNT_DRIVE_LIMIT", drive_limit)
    for text in ["王", "欧阳", "调解", "双方", "a", "王 9", "伟 %", "zzz"]:
        want = _reference(filled, "cases", text, status="调解中")
        q = listing.ListQuery("cases", search=text, status="调解中")
        assert _everything(filled, q) == want, text
        assert listing.count(filled, q) == len(want), text


def test_short_terms_are_counted_from_the_index_alone(filled):
    """The count of a Chinese keyword comes from the index (no row is read), and
    equals the scan whichever way the trigrams are merged."""
    for text in ["王", "欧阳", "伟", "号", "9", "调解号", "qqqqq"]:
        want = len(_reference(filled, "cases", text))
        assert search.exact_count(filled, entity("cases"), text) == want, text
    assert search.exact_count(filled, entity("cases"), "a") is None  # letters: LIKE decides
    # letters that start some name's pinyin (张志忠: zzz): the index cannot count them
    assert search.exact_count(filled, entity("cases"), "zzz") is None
    assert search.exact_count(filled, entity("communities"), "王") is None  # no index


@pytest.mark.parametrize("or_cost", [0, 10**9])
def test_both_ways_of_counting_a_short_term_agree(filled, monkeypatch, or_cost):
    monkeypatch.setattr(search, "OR_TRIGRAM_COST", or_cost)
    for text in ["王", "伟", "号", "阳", "，", "0"]:
        want = len(_reference(filled, "cases", text))
        assert search.exact_count(filled, entity("cases"), text) == want, text


def test_sorting_by_another_column_keeps_the_matches(filled):
    for text in ["王", "欧阳", "调解号"]:
        want = set(_reference(filled, "cases", text))
        for sort in ["applicant", "community_id", "status"]:
            q = listing.ListQuery("cases", search=text, sort=sort, descending=True)
            got = _everything(filled, q)
            assert len(got) == len(want) and set(got) == want, (text, sort)


def test_small_entities_search_with_like(filled):
    q = listing.ListQuery("communities", search="社")
    assert listing.count(filled, q) == 1 and len(_everything(filled, q)) == 1
    assert not search.has_index(filled, entity("communities"))
    assert search.has_index(filled, entity("cases"))


def test_the_index_follows_inserts_updates_and_deletes(tmp_path):
    db = open_db(tmp_path / "w.db")
    rng = random.Random(3)
    _fill(db, rng, rows=300)
    with db.conn:
        db.execute("UPDATE cases SET applicant = '诸葛亮' WHERE id = 'k1'")
        db.execute("UPDATE cases SET summary = summary || '追加' WHERE rowid % 3 = 0")
        db.execute("UPDATE cases SET status = '调解成功'")  # no searchable column: no work
        db.execute("DELETE FROM cases WHERE rowid % 5 = 0")
        db.execute("UPDATE petitions SET subject = '新的事项' WHERE rowid % 7 = 0")
        db.execute("DELETE FROM petitions WHERE rowid % 4 = 0")
    for name in ("cases", "petitions"):
        search.check(db, entity(name))
    for text in ["诸葛", "诸葛亮", "亮", "追加", "追", "新的事项", "王", "调解", "双方"]:
        for name in ("cases", "petitions"):
            want = _reference(db, name, text)
            q = listing.ListQuery(name, search=text)
            assert _everything(db, q) == want and listing.count(db, q) == len(want), text
    assert listing.count(db, listing.ListQuery("cases", search="诸葛亮")) == (
        0 if db.execute("SELECT 1 FROM cases WHERE id = 'k1'").fetchone() is None else 1
    )
    db.close()


def _has_insert_trigger(db, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?"
    return db.execute(sql, [f"search_{name}_insert"]).fetchone() is not None


def test_a_bulk_insert_is_indexed_at_the_end_and_the_trigger_comes_back(tmp_path):
    db = open_db(tmp_path / "b.db")
    with write_lock(db):
        with search.indexing_in_bulk(db, entity("cases"), rows=1200):
            assert not _has_insert_trigger(db, "cases")
            _fill(db, random.Random(11), rows=1200, commit=False)
    assert _has_insert_trigger(db, "cases")
    search.check(db, entity("cases"))
    for text in ["王", "欧阳", "调解", "双方", "第1", "1199"]:
        q = listing.ListQuery("cases", search=text)
        assert _everything(db, q) == _reference(db, "cases", text), text
    # The re-created trigger indexes the next row as before.
    with db.conn:
        db.execute("UPDATE cases SET id = 'k0' WHERE id = 'k0'")
        db.execute(
            "INSERT INTO cases (id, updated_at, case_no, received_date, community_id, body, "
            "category, applicant, status) VALUES ('z', '2020-01-01 00:00:00', 'z1', "
            "'2020-05-05', 'c1', '社区人民调解委员会', '其他', '诸葛亮', '已受理')"
        )
    assert _everything(db, listing.ListQuery("cases", search="诸葛亮")) == ["z"]
    db.close()


def test_a_failed_bulk_insert_rolls_back_with_its_trigger(tmp_path):
    db = open_db(tmp_path / "f.db")
    with pytest.raises(RuntimeError), write_lock(db):
        with search.indexing_in_bulk(db, entity("cases"), rows=5000):
            _fill(db, random.Random(12), rows=1200, commit=False)
            raise RuntimeError("stopped half way")
    assert _has_insert_trigger(db, "cases")
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    search.check(db, entity("cases"))
    db.close()


def test_a_count_cached_before_a_write_is_not_reused_after_it(tmp_path):
    db = open_db(tmp_path / "c.db")
    _fill(db, random.Random(5), rows=50)
    q = listing.ListQuery("cases", search="诸葛")
    assert listing.count(db, q) == 0
    with db.conn:
        db.execute("UPDATE cases SET applicant = '诸葛亮' WHERE id = 'k2'")
    assert listing.count(db, q) == 1 and listing.page_ids(db, q, 0, 10) == ["k2"]
    # ... nor after another connection's write
    other = sqlite3.connect(tmp_path / "c.db")
    with other:
        other.execute("UPDATE cases SET applicant = '诸葛瑾' WHERE id = 'k3'")
    other.close()
    assert listing.count(db, q) == 2
    db.close()


def test_migrating_an_old_database_indexes_its_rows(tmp_path):
    path = tmp_path / "v4.db"
    shutil.copyfile(FIXTURES / "schema_v4.db", path)
    db = open_db(path)
    for text in ["张伟", "张", "伟", "莲调〔2020〕第1号", "〔2020〕"]:
        q = listing.ListQuery("cases", search=text)
        assert listing.page_ids(db, q, 0, 10) == ["k1"], text
        assert listing.count(db, q) == 1, text
    search.check(db, entity("cases"))
    db.close()


def test_without_a_database_the_search_is_plain_like():
    clauses, params = search.clauses(None, entity("cases"), "王 50%")
    assert len(clauses) == 2 and all("LIKE" in c for c in clauses)
    assert "%50\\%%" in params
