"""The schema, created and evolved by sqlite-utils migrations from the field declarations.

Migration names are the schema's history: never rename or remove one. A database
that has applied a migration this program does not know was written by a newer
program and is refused untouched.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from ..domain.fields import ENTITIES, INTERNAL_COLUMNS, Entity, Kind
from . import search

migrations = Migrations("lianhua_desk")

# Natural keys that must be unique in the database (shifts may repeat a slot with
# an empty start time; services and events have none).
UNIQUE_KEYS = {"communities", "advisors", "cases", "petitions"}


def create_entity_table(db: Database, entity: Entity) -> None:
    columns: dict[str, type] = dict(INTERNAL_COLUMNS)
    columns.update({f.name: f.sql_type for f in entity.fields})
    foreign_keys = [(f.name, f.ref, "id") for f in entity.fields if f.kind is Kind.REF]
    db[entity.name].create(
        columns,
        pk="id",
        not_null={"id", "updated_at"} | {f.name for f in entity.required},
        foreign_keys=foreign_keys,
        if_not_exists=True,
    )
    table = db[entity.name]
    indexed = [f.name for f in entity.fields if f.indexed or f.kind is Kind.REF]
    for column in indexed:
        table.create_index([column], if_not_exists=True)
    table.create_index(["updated_at"], if_not_exists=True)
    if entity.natural_key:
        table.create_index(
            list(entity.natural_key),
            unique=entity.name in UNIQUE_KEYS,
            if_not_exists=True,
            index_name=f"key_{entity.name}",
        )


@migrations()
def m001_initial(db: Database) -> None:
    for entity in ENTITIES:
        create_entity_table(db, entity)
    db["audit"].create(
        {
            "id": int,
            "at": str,
            "operator": str,
            "entity": str,
            "record_id": str,
            "action": str,  # insert / update / delete / import / restore
            "before": str,  # JSON or NULL
            "after": str,  # JSON or NULL
        },
        pk="id",
        not_null={"at", "entity", "record_id", "action"},
    )
    db["audit"].create_index(["entity", "record_id"])
    db["audit"].create_index(["at"])
    # Superseded and conflicting versions: nothing an import overwrites is lost.
    db["history"].create(
        {
            "id": int,
            "at": str,
            "entity": str,
            "record_id": str,
            "reason": str,  # superseded / conflict / deleted
            "data": str,  # JSON of the version kept aside
            "import_id": int,
        },
        pk="id",
        not_null={"at", "entity", "record_id", "reason", "data"},
    )
    db["history"].create_index(["entity", "record_id"])
    db["tombstones"].create(
        {"entity": str, "record_id": str, "deleted_at": str, "label": str},
        pk=("entity", "record_id"),
        not_null={"deleted_at"},
    )
    db["settings"].create({"key": str, "value": str}, pk="key")
    # Corrections and years the holiday library does not cover yet.
    db["holiday_overrides"].create(
        {"date": str, "kind": str, "name": str}, pk="date", not_null={"kind"}
    )


@migrations()
def m002_imports(db: Database) -> None:
    """Each import recorded: what came from which file, when and by whom."""
    db["imports"].create(
        {
            "id": int,
            "at": str,
            "operator": str,
            "file_name": str,
            "sha256": str,
            "source_unit": str,  # 导出单位 of the workbook
            "exported_at": str,  # 导出时间 of the workbook
            "counts": str,  # JSON: sheet → {inserted, updated, unchanged, skipped, conflicts, deleted, errors}
            "conflicts": int,
        },
        pk="id",
        not_null={"at", "file_name", "sha256"},
        if_not_exists=True,
    )
    db["imports"].create_index(["sha256"], if_not_exists=True)


@migrations()
def m003_report_texts(db: Database) -> None:
    """The annual report's written sections, stored per year."""
    db["report_texts"].create(
        {"year": int, "problems": str, "plans": str, "updated_at": str},
        pk="year",
        if_not_exists=True,
    )


# Covering indexes for the statistics: each year's aggregate reads only the index,
# grouped in index order (date, community), never the table rows.
STATS_INDEXES = {
    "shifts": ("date", "community_id", "status"),
    "services": ("date", "community_id", "service_type", "hours", "persons"),
    "events": ("date", "community_id", "event_type"),
    "cases": (
        "received_date",
        "category",
        "status",
        "advisor_id",
        "amount_recovered",
        "judicial_confirmation",
        "covid",
    ),
    "petitions": (
        "registered_date",
        "route",
        "legal_service",
        "guided_legal",
        "amount_recovered",
        "covid",
    ),
}


@migrations()
def m004_stats_indexes(db: Database) -> None:
    for table, columns in STATS_INDEXES.items():
        db[table].create_index(list(columns), index_name=f"stats_{table}", if_not_exists=True)


@migrations()
def m005_search_index(db: Database) -> None:
    """FTS5 trigram indexes for the keyword search, filled from the existing rows.

    What is indexed derives from Field.searchable (see store/search.py); a later change
    of those flags needs a migration that drops and re-creates the index."""
    search.create_indexes(db)


def known_migrations() -> list[str]:
    return [m.name for m in migrations._migrations]


SCHEMA_VERSION = len(known_migrations())
