"""What every tab shares: the context, the background worker, and change notices.

A service call returns a Change; `announce` passes it to every view and shows its
warnings without blocking the clerk. A view reloads only when the Change touched a
kind of data it shows (Anki's OpChanges): each view declares its `depends_on` in one
place, and a hidden view is only marked stale (ReloadWhenShown).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.settings import Settings
from ..services import records
from ..services.context import EVERYTHING, HOLIDAYS, SETTINGS, Change, Context
from . import errors
from .i18n import _
from .tasks import TaskRunner


class Host(QObject):
    changed = Signal(object)  # a services.context.Change
    status = Signal(str)  # a short message for the status bar
    undo_available = Signal(bool)

    def __init__(self, ctx: Context, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self._settings: Settings | None = None
        self.last_deleted: tuple[str, dict] | None = None
        self.warning_boxes: list[QMessageBox] = []  # shown, not blocking (tests read them)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self.ctx.settings
        return self._settings

    def today(self) -> dt.date:
        return self.ctx.actor.today()

    def announce(self, change: Change | None, parent: QWidget | None = None) -> None:
        """Tell every view what changed (each reloads if it shows what the change
        touched); show the change's warnings."""
        if change is None:
            return
        if SETTINGS in change.touched:
            self._settings = None
        if change.warnings:
            self.show_warnings(change.warnings, parent)
        self.changed.emit(change)

    def settings_changed(self) -> None:
        """The settings were saved. Announced as touching holidays too, because the
        holiday dialog also calls this: it costs no extra reload, since every view that
        shows holidays also shows settings (tests/ui/test_refresh.py holds this)."""
        self.announce(Change(SETTINGS, touched={HOLIDAYS}))

    def holidays_changed(self) -> None:
        """A holiday override was added or removed: rosters, quotas, deadlines."""
        self.announce(Change(HOLIDAYS))

    def show_warnings(self, warnings: list[str], parent: QWidget | None = None) -> None:
        box = QMessageBox(QMessageBox.Warning, _("请注意"), "\n".join(warnings), parent=parent)
        box.setObjectName("warnings")
        box.finished.connect(lambda _r, b=box: self._forget(b))
        self.warning_boxes.append(box)
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if box in self.warning_boxes:
            self.warning_boxes.remove(box)
        box.deleteLater()

    # --- delete and its undo ----------------------------------------------------

    def delete(
        self, entity_name: str, record_id: str, parent: QWidget | None = None, unlink: bool = False
    ) -> bool:
        """Delete (with `unlink`, also clearing the links others hold to it, as the clerk
        confirmed); Ctrl+Z puts it back."""
        change = self._attempt(records.delete, entity_name, record_id, unlink=unlink, parent=parent)
        if change is None:
            return False
        self.last_deleted = (entity_name, change.record)
        self.undo_available.emit(True)
        if unlink:
            self.status.emit(_("已删除，并解除了关联。可按 Ctrl+Z 撤销。"))
        else:
            self.status.emit(_("已删除。可按 Ctrl+Z 撤销。"))
        self.announce(change)
        return True

    def undo_delete(self, parent: QWidget | None = None) -> str | None:
        """Put the last deleted record back; returns its id."""
        if self.last_deleted is None:
            return None
        entity_name, record = self.last_deleted
        change = self._attempt(records.undelete, entity_name, record, parent=parent)
        if change is None:
            return None
        self.last_deleted = None
        self.undo_available.emit(False)
        self.status.emit(_("已撤销删除。"))
        self.announce(change)
        return record["id"]

    def _attempt(self, fn, *args, parent: QWidget | None = None, **kwargs):
        """fn(ctx, …), or None after showing why it was refused or failed."""
        try:
            return fn(self.ctx, *args, **kwargs)
        except errors.RefusedInput as exc:  # ValidationError, RefusedFile, …
            errors.show_refused(exc, parent)
        except errors.EnvironmentFailure as exc:  # StoreError and its kinds
            errors.show_environment_failure(exc, parent)
        return None

    def call(self, fn, *args, parent: QWidget | None = None, **kwargs) -> Change | None:
        """Run one service action on the GUI thread: errors as messages, changes announced."""
        change = self._attempt(fn, *args, parent=parent, **kwargs)
        if isinstance(change, Change):
            self.announce(change, parent)
        return change


class ReloadWhenShown:
    """Mixin for a QWidget view with `reload()`: a change that touches `depends_on`
    marks it stale; it reloads at once if visible, else the next time it is shown (no
    work for hidden tabs). Other changes leave it alone."""

    _dirty = True
    # The kinds of data (services.context) the view shows; a subclass narrows it.
    depends_on: frozenset[str] = EVERYTHING

    def _on_change(self, change: Change) -> None:
        if not change.touches(self.depends_on):
            return
        self._dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
