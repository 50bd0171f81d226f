"""The schema: numbered sqlite-utils migrations, then a step that follows the declarations.

Migration names are the schema's history: never rename or remove one. A database
that has applied a migration this program does not know was written by a newer
program and is refused untouched.

Each numbered step runs the literal SQL it ran when it was written (store/
schema_frozen.py), so an old database and a new one go through the same history.
After them, at every open, store/schema_sync.py brings each table up to what
domain/fields.py declares today: a declared column the database lacks is added with
its default, an `indexed` field gets its index, a change to the `searchable` fields
re-creates the search index. That step does nothing (and costs a few schema reads)
when the database already matches. A field that changes meaning (another type, a
new natural key, values to convert) still needs a numbered step of its own here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlite_utils import Database, Migrations

from . import schema_frozen as frozen
from . import schema_sync, search

migrations = Migrations("lianhua_desk")

_STEPS: list[str] = []  # names of the numbered steps, in order


def step(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register a numbered step (a sqlite-utils migration named after the function)."""
    _STEPS.append(fn.__name__)
    return migrations()(fn)


# Natural keys the database keeps unique (derived from Entity.unique_index).
UNIQUE_KEYS = schema_sync.UNIQUE_KEYS


def _run(db: Database, statements: tuple[str, ...]) -> None:
    for sql in statements:
        db.execute(sql)


@step
def m001_initial(db: Database) -> None:
    """The seven record tables as first declared, audit, history, tombstones, settings
    and holiday overrides."""
    _run(db, frozen.M001_INITIAL)


@step
def m002_imports(db: Database) -> None:
    """Each import recorded: what came from which file, when and by whom."""
    _run(db, frozen.M002_IMPORTS)


@step
def m003_report_texts(db: Database) -> None:
    """The annual report's written sections, stored per year."""
    _run(db, frozen.M003_REPORT_TEXTS)


@step
def m004_stats_indexes(db: Database) -> None:
    """Covering indexes for the statistics: each year's aggregate reads only the index,
    grouped in index order (date, community), never the table rows."""
    _run(db, frozen.M004_STATS_INDEXES)


@step
def m005_search_index(db: Database) -> None:
    """FTS5 trigram indexes for the keyword search, filled from the existing rows.

    Without FTS5 trigram support in this SQLite nothing is created and every search
    falls back to LIKE. A later change of the `searchable` flags is followed by
    schema_sync (it re-creates an index whose definition differs)."""
    if not search.trigram_available(db):
        return
    for table, statements in frozen.M005_SEARCH_INDEX.items():
        _run(db, statements)
        db.execute(f"INSERT INTO [search_{table}] ([search_{table}]) VALUES ('rebuild')")


@step
def m006_parties(db: Database) -> None:
    """The case's dossier as records: 调查/调解记录 (case_records), 回访记录 (visits) and
    the agreement's Art. 29 parts and 司法确认 on the case.

    The parties of each case become records of their own (当事人): one 申请人 and
    one 被申请人 per case from the case's name, ID number and phone columns, which are
    then dropped (the names stay on the case). A party's id is derived from its case's
    id and role, so the street office and a community migrating the same case give it
    the same id and their workbooks still merge. Birth date and sex are read from an
    ID number (the old column held mainland resident IDs only)."""
    _run(db, frozen.M006_PARTIES_TABLE + frozen.M006_WORK_TABLES + frozen.M006_CASE_COLUMNS)
    rows = db.execute(
        "SELECT id, updated_at, synced_at, origin, applicant, applicant_id_no,"
        " applicant_phone, respondent, respondent_id_no, respondent_phone FROM cases"
    ).fetchall()
    parties = []
    for case_id, updated, synced, origin, *sides in rows:
        for role, (name, id_no, phone) in (("申请人", sides[0:3]), ("被申请人", sides[3:6])):
            if not name and not id_no and not phone:
                continue
            # An ID number was a person's; else the name tells (the clerk can correct it).
            organisation = (
                not id_no and bool(name) and name.endswith(frozen.M006_ORGANISATION_ENDINGS)
            )
            born = sex = None
            if id_no and len(id_no) == 18 and id_no[:17].isdigit():
                born = f"{id_no[6:10]}-{id_no[10:12]}-{id_no[12:14]}"
                sex = "男" if int(id_no[16]) % 2 else "女"
            parties.append(
                {
                    "id": str(uuid.uuid5(uuid.UUID(int=0x6C69616E687561), f"{case_id}/{role}")),
                    "updated_at": updated,
                    "synced_at": synced,
                    "origin": origin,
                    "case_id": case_id,
                    "role": role,
                    "party_type": "法人或其他组织" if organisation else "自然人",
                    "name": name or "（未填写）",
                    "gender": None if organisation else sex,
                    "birth_date": None if organisation else born,
                    "phone": phone,
                    "id_type": "居民身份证" if id_no else None,
                    "id_no": id_no,
                }
            )
    if parties:
        db["parties"].insert_all(parties, batch_size=1000)
    _run(db, frozen.M006_DROP)


@step
def m007_report_blocks(db: Database) -> None:
    """The annual report's text blocks, per year and block: the clerk's words (with
    {statistic} placeholders) and the figures' values as last seen (JSON)."""
    _run(db, frozen.M007_REPORT_BLOCKS)


@step
def m008_pinyin_keys(db: Database) -> None:
    """Lists sort Chinese text by pinyin and the search matches names' pinyin (issue 15):
    each character's reading (search_pinyin_chars, from pypinyin), and per entity a side table
    of sort keys and pinyin lines filled from its rows, indexed, kept by triggers.

    Not literal SQL: schema_sync generates it from the declarations, and the fixture
    of version 8 holds what it generated then (tests/store/test_schema_growth.py
    fails if the generator changes without a new KEY_VERSION)."""
    schema_sync.make_all_pinyin(db)


# m009's literal SQL (kept here rather than in schema_frozen: it never changes either).
M009_ACCOUNTS = (
    """CREATE TABLE [accounts] (
   [name] TEXT PRIMARY KEY,
   [role] TEXT NOT NULL,
   [password_hash] TEXT NOT NULL,
   [active] INTEGER NOT NULL DEFAULT 1,
   [created_at] TEXT NOT NULL,
   [last_sign_in] TEXT,
   [failed_count] INTEGER NOT NULL DEFAULT 0,
   [failed_at] TEXT
)""",
)


@step
def m009_accounts(db: Database) -> None:
    """Accounts and roles (issue 17): who signs in, with a scrypt hash of the password
    and the count of failed sign-ins since the last success (the wait before the next
    attempt survives a restart). A database without rows here has no accounts."""
    _run(db, M009_ACCOUNTS)


def known_migrations() -> list[str]:
    return list(_STEPS)


SCHEMA_VERSION = len(_STEPS)


def pending(db: Database) -> list[str]:
    """What opening would do: the numbered steps not yet applied, or else what the
    declarations add (read-only; empty when the database is up to date)."""
    numbered = [m.name for m in migrations.pending(db)]
    return numbered or schema_sync.pending(db)


def apply(db: Database) -> None:
    """The pending numbered steps, each in its transaction, then the declarations' step
    in one more (it audits what it changed)."""
    migrations.apply(db)
    schema_sync.sync(db)
