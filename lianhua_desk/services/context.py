"""What every service call needs: the database, who acts, and the calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from ..domain.settings import Settings
from ..domain.workcalendar import WorkCalendar
from ..store import settings_store
from ..store.records import Actor


@dataclass
class Change:
    """What one user action changed, so views refresh only that."""

    entity: str
    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record: dict | None = None

    def merge(self, other: Change) -> Change:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.warnings += other.warnings
        return self


@dataclass
class Context:
    db: Database
    actor: Actor = field(default_factory=Actor)
    backup_dir: Path | None = None

    @property
    def settings(self) -> Settings:
        return settings_store.load_settings(self.db)

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(settings_store.holiday_overrides(self.db))
