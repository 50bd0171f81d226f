"""A field added to the declarations reaches every existing database (issue 12).

The numbered steps run the literal SQL they ran when written; after them, at every
open, store/schema_sync.py adds what domain/fields.py declares and the database lacks.
Here a copy of the declarations grows three fields (communities.phone, indexed;
cases.court, searchable; shifts.remote, a flag defaulting to 否) and each database an
earlier release wrote, and the demo database of today's, is opened with it: the
columns appear, nothing stored is lost or changed, the statistics are the same, and a
record with the new field can be written and read back.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from lianhua_desk.app import open_context
from lianhua_desk.domain import fields
from lianhua_desk.domain.fields import Field, Kind
from lianhua_desk.services import records as services
from lianhua_desk.services.stats import year_stats
from lianhua_desk.store import schema, schema_sync, search
from lianhua_desk.store import schema_frozen as frozen
from lianhua_desk.store.backup import list_backups
from lianhua_desk.store.db import open_db
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.store.errors import NewerDatabaseError
from lianhua_desk.store.records import Actor

FIXTURES = Path(__file__).parent.parent / "fixtures"
TODAY = dt.date(2021, 1, 10)  # as tests/conftest.py
VERSIONS = range(1, schema.SCHEMA_VERSION + 1)

NEW_FIELDS = {
    "communities": Field("phone", "联系电话", Kind.PHONE, indexed=True, label_en="Phone"),
    "cases": Field("court", "移送法院", label_en="Court", searchable=True),
    "shifts": Field("remote", "线上值班", Kind.BOOL, label_en="Remote", default=False),
}


def grow_declarations(monkeypatch) -> None:
    """Add NEW_FIELDS to the declared entities, for this test only.

    The Entity objects are changed in place (their copies of `fields` and `by_name`
    replaced), because schema, store, services and exchange all hold these same
    objects (ENTITIES, BY_NAME, module-level aliases); monkeypatch puts them back."""
    for name, new in NEW_FIELDS.items():
        e = fields.entity(name)
        grown = (*e.fields, new)
        monkeypatch.setitem(e.__dict__, "fields", grown)
        monkeypatch.setitem(e.__dict__, "by_name", {f.name: f for f in grown})


def master(path: Path) -> set[tuple]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (search shadow tables aside), by the columns the file
    has now; audit rows the schema step wrote left out."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
                "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
            )
        ]
        out = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")]
            where = " WHERE action != 'schema'" if t == "audit" else ""
            sql = f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{t}]{where} ORDER BY rowid"
            out[t] = [tuple(zip(cols, row, strict=True)) for row in conn.execute(sql)]
        return out
    finally:
        conn.close()


def without_new_columns(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    new = {(t, f.name) for t, f in NEW_FIELDS.items()}
    return {
        t: [tuple(p for p in row if (t, p[0]) not in new) for row in table]
        for t, table in rows.items()
    }


def same_but_for_m006(before: list[tuple], after: list[tuple]) -> bool:
    """Rows unchanged, except that m006 moved the cases' party columns into parties
    (tests/services/test_parties.py checks where they went) and added columns that
    start empty."""
    if len(before) != len(after):
        return False
    moved = set(frozen.M006_CASES_OLD_PARTY_COLUMNS)
    for old, new in zip(before, after, strict=True):
        new_values = dict(new)
        for column, value in old:
            if column in moved:
                assert column not in new_values
            elif new_values.pop(column, object()) != value:
                return False
        if any(value is not None for value in new_values.values()):
            return False  # a column m006 added holds something it cannot have known
    return True


def schema_audit(db: Database) -> list[dict]:
    return list(db["audit"].rows_where("action = 'schema'", order_by="id"))


def stats_of(path: Path) -> dict:
    ctx = open_context(path, daily_backup=False)
    try:
        return year_stats(ctx, 2020, today=TODAY)
    finally:
        ctx.db.close()


def _source(kind: str, demo_template: Path) -> Path:
    return demo_template if kind == "demo" else FIXTURES / f"schema_v{kind}.db"


KINDS = [str(v) for v in VERSIONS] + ["demo"]


# --- the numbered steps are frozen ---------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_frozen_steps_make_exactly_what_the_releases_made(tmp_path, version):
    """Steps 1..v on an empty file give the schema of the fixture release v wrote."""
    path = tmp_path / "steps.db"
    db = Database(sqlite3.connect(path), execute_plugins=False)
    names = schema.known_migrations()
    schema.migrations.apply(db, stop_before=names[version] if version < len(names) else None)
    db.close()
    assert master(path) == master(FIXTURES / f"schema_v{version}.db")


def test_new_database_gets_todays_schema_and_nothing_more(tmp_path):
    db = open_db(tmp_path / "new.db")
    assert schema.pending(db) == []
    assert db["audit"].count == 0
    db.close()
    assert master(tmp_path / "new.db") == master(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db")


def test_known_migrations_without_private_state():
    assert schema.known_migrations() == [
        m.name for m in schema.migrations.pending(Database(memory=True))
    ]
    assert schema.SCHEMA_VERSION == len(schema.known_migrations())


# --- a declared field reaches every existing database --------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_new_field_reaches_existing_database(tmp_path, monkeypatch, demo_template, kind):
    source = _source(kind, demo_template)
    before_rows = contents(source)
    # the statistics as today's release sees this database
    plain = tmp_path / "plain.db"
    shutil.copyfile(source, plain)
    stats_before = stats_of(plain)

    grow_declarations(monkeypatch)
    path = tmp_path / "grown.db"
    shutil.copyfile(source, path)
    backups = tmp_path / "grown-backups"  # (open_context keeps its own beside the file)
    db = open_db(path, backup_dir=backups)
    try:
        for table, new in NEW_FIELDS.items():
            assert new.name in db[table].columns_dict, table
        assert "idx_communities_phone" in {i.name for i in db["communities"].indexes}
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        # one audit row per table changed, saying what was added
        audit = schema_audit(db)
        assert [(a["entity"], a["record_id"]) for a in audit] == [
            ("schema", "communities"),
            ("schema", "shifts"),
            ("schema", "cases"),
        ]
        assert '"added_columns": ["phone"]' in audit[0]["after"]
        # existing shifts take the flag's default; other new columns are empty
        assert {r[0] for r in db.execute("SELECT DISTINCT remote FROM shifts")} <= {0}
        assert (
            db.execute("SELECT count(*) FROM communities WHERE phone IS NOT NULL").fetchone()[0]
            == 0
        )
        if search.has_index(db, fields.entity("cases")):
            search.check(db, fields.entity("cases"))
        assert schema.pending(db) == []
    finally:
        db.close()
    # a backup of the database as it was, taken before the change
    (kept,) = list_backups(backups)
    assert "migrate" in kept.name

    # every row of every table the file had is still there, unchanged (an older
    # release's file also gained the tables of the numbered steps it lacked)
    after_rows = without_new_columns(contents(path))
    for t, rows in without_new_columns(before_rows).items():
        assert same_but_for_m006(rows, after_rows[t]), t
    for t in ("communities", "audit", "history", "settings", "report_texts"):
        if t in before_rows:
            assert len(after_rows[t]) == len(before_rows[t]), t

    # a record with the new field, written through the services and read back
    ctx = open_context(path, daily_backup=False)
    ctx.actor = Actor("测试员")
    try:
        assert stats_before == year_stats(ctx, 2020, today=TODAY)
        change = services.create(ctx, "communities", {"name": "新建社区", "phone": "13800138000"})
        assert services.get(ctx, "communities", change.inserted[0])["phone"] == "13800138000"
        case = ctx.db.execute("SELECT id FROM cases LIMIT 1").fetchone()[0]
        services.update(ctx, "cases", case, {"court": "甲乙丙丁法院"})
        assert services.get(ctx, "cases", case)["court"] == "甲乙丙丁法院"
        cases = fields.entity("cases")
        if search.has_index(ctx.db, cases):
            assert search.exact_count(ctx.db, cases, "甲乙丙丁法院") == 1
            search.check(ctx.db, cases)
    finally:
        ctx.db.close()


def test_second_open_does_nothing(tmp_path, monkeypatch):
    grow_declarations(monkeypatch)
    path = tmp_path / "v5.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    open_db(path, backup_dir=tmp_path / "backups").close()
    schema_before = master(path)
    db = open_db(path, backup_dir=tmp_path / "backups")
    try:
        assert len(schema_audit(db)) == 3
        assert schema.pending(db) == []
    finally:
        db.close()
    assert master(path) == schema_before
    assert len(list_backups(tmp_path / "backups")) == 1


def test_new_database_with_grown_declarations_matches_a_grown_old_one(tmp_path, monkeypatch):
    grow_declarations(monkeypatch)
    open_db(tmp_path / "new.db").close()
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", old)
    open_db(old).close()
    assert master(tmp_path / "new.db") == master(old)


@pytest.mark.parametrize("how", ["migration", "user_version"])
def test_newer_database_still_refused_untouched(tmp_path, monkeypatch, how):
    grow_declarations(monkeypatch)
    path = tmp_path / "future.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    conn = sqlite3.connect(path)
    if how == "migration":
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('lianhua_desk', 'm999_from_the_future', 'x')"
        )
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + (how == 'user_version')}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        open_db(path, backup_dir=tmp_path / "backups")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_columns_a_newer_program_declared_are_left_alone(tmp_path):
    path = tmp_path / "v5.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE communities ADD COLUMN from_the_future TEXT")
    conn.commit()
    conn.close()
    db = open_db(path)
    try:
        assert "from_the_future" in db["communities"].columns_dict
        assert schema_audit(db) == []
    finally:
        db.close()


def test_up_to_date_check_is_cheap(demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    db = open_db(path)
    try:
        times = []
        for _ in range(20):
            start = time.perf_counter()
            assert schema.pending(db) == []
            times.append(time.perf_counter() - start)
        # measured about 0.2 ms; the bound leaves room for a slow, busy machine
        assert statistics.median(times) < 0.005
        assert schema_sync.plan(db) == []
    finally:
        db.close()
