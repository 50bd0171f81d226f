"""Schema creation and migrations: empty, every earlier version, newer refused."""

import shutil
from pathlib import Path

import pytest

from lianhua_desk.domain.fields import ENTITIES, INTERNAL_COLUMNS
from lianhua_desk.store import schema
from lianhua_desk.store.backup import list_backups
from lianhua_desk.store.db import open_db
from lianhua_desk.store.driver import sqlite3
from lianhua_desk.store.errors import DamagedDatabaseError, NewerDatabaseError
from tests.platforms import posix_modes

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_empty_database_gets_every_declared_column(tmp_path):
    db = open_db(tmp_path / "new.db")
    for entity in ENTITIES:
        columns = set(db[entity.name].columns_dict)
        assert columns == set(entity.columns) | set(INTERNAL_COLUMNS), entity.name
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db["communities"].count == 0  # a new database holds no records at all


@posix_modes
def test_new_database_file_is_owner_only(tmp_path):
    open_db(tmp_path / "new.db").close()
    assert (tmp_path / "new.db").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_every_fixture_version_migrates_with_data_intact(tmp_path, version):
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", path)
    db = open_db(path, backup_dir=tmp_path / "backups")
    assert [m.name for m in schema.migrations.applied(db)] == schema.known_migrations()
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    case = db["cases"].get("k1")
    assert case["applicant"] == "张伟" and case["amount_recovered"] == 12000
    (party,) = db["parties"].rows_where("case_id = 'k1'")
    assert (party["role"], party["name"], party["id_no"]) == (
        "申请人",
        "张伟",
        "11010519491231002X",
    )
    assert db["advisors"].get("a1")["community_id"] == "c1"
    assert "imports" in db.table_names() and "report_texts" in db.table_names()
    backups = list_backups(tmp_path / "backups")
    if version < schema.SCHEMA_VERSION:
        assert len(backups) == 1 and "migrate" in backups[0].name  # backup before migrating
    else:
        assert backups == []


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('lianhua_desk', 'm999_from_the_future', 'x')"
    )
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        open_db(path)
    assert path.read_bytes() == before


def test_damaged_database_is_not_opened(tmp_path):
    path = tmp_path / "bad.db"
    shutil.copyfile(FIXTURES / f"schema_v{schema.SCHEMA_VERSION}.db", path)
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, 4096 * 6):  # scribble over a few pages
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises((DamagedDatabaseError, Exception)) as info:
        open_db(path)
    assert "损坏" in str(info.value) or "不是本程序" in str(info.value)
