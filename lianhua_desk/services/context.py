"""What every service call needs: the database, who acts, and the calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from ..domain.accounts import Account
from ..domain.fields import BY_SHEET, ENTITIES
from ..domain.settings import Settings
from ..domain.workcalendar import WorkCalendar
from ..store import settings_store
from ..store.records import Actor

# The kinds of data a Change can touch: every entity of domain.fields, and these.
SETTINGS = "settings"  # the settings dialog's values (deadline days, quotas, subsidies …)
HOLIDAYS = "holidays"  # holiday overrides: which days are working days (rosters, quotas)
IMPORTS = "import"  # the import history (the imports table)
ENTITY_NAMES: frozenset[str] = frozenset(e.name for e in ENTITIES)
EVERYTHING: frozenset[str] = ENTITY_NAMES | {SETTINGS, HOLIDAYS, IMPORTS}
# Import counts that mean rows were written (a conflict may have replaced the local row).
_WRITTEN = ("inserted", "updated", "conflicts", "deleted")


@dataclass
class Change:
    """What one user action changed, so views refresh only that (Anki's OpChanges).

    `touched` is every kind of data the action wrote: always `entity` itself, plus
    what it wrote besides (the case a petition's routing registers, the petitions a
    case delete unlinks); `merge` unions them. A view reloads only when `touches`
    its own kinds (ui.host)."""

    entity: str
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record: dict | None = None
    touched: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.touched = set(self.touched)
        if self.entity == IMPORTS and not self.touched:
            # An import that does not say what it wrote: any record (never settings).
            self.touched = set(ENTITY_NAMES)
        self.touched.add(self.entity)

    def touches(self, kinds) -> bool:
        """Whether this change wrote any of `kinds` (a view's dependencies)."""
        return not self.touched.isdisjoint(kinds)

    def merge(self, other: Change) -> Change:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.warnings += other.warnings
        self.touched |= other.touched
        return self

    @classmethod
    def of_import(cls, result) -> Change:
        """A written import (exchange.result.ImportResult): the import history plus
        every entity whose sheet counts say rows were written. Deletions are counted
        on the 已删除 sheet without their entity, so any deletion touches every entity."""
        touched = {IMPORTS}
        for sheet, counts in result.counts.items():
            if not any(counts.get(key) for key in _WRITTEN):
                continue
            entity = BY_SHEET.get(sheet)
            touched |= {entity.name} if entity is not None else ENTITY_NAMES
        return cls(IMPORTS, touched=touched)


@dataclass
class Context:
    db: Database
    actor: Actor = field(default_factory=Actor)
    backup_dir: Path | None = None
    # The signed-in account; None when the database has no accounts (issue 17).
    account: Account | None = None

    @property
    def settings(self) -> Settings:
        return settings_store.load_settings(self.db)

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(settings_store.holiday_overrides(self.db))
