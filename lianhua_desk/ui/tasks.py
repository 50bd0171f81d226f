"""One background worker for long database work (imports, exports, reports, big
generations, the dashboard's figures).

One Python worker thread runs one job at a time on its own SQLite connection, so the
window's connection is never shared across threads and writes are serialised. It is a
plain `concurrent.futures` thread, not a QThreadPool of Python QRunnables: a pooled
runnable is deleted by Qt on the worker thread after it runs, and that teardown of
the Python wrapper crashed the test run on CI (SIGBUS in a frameless worker thread).
Results come back as queued signals to the GUI thread; a job never touches a widget.
A progress dialog with a cancel button appears only if the job takes over ~0.5 s;
cancelling sets a flag the job checks (`progress.check()`), and since each service
runs in one transaction, a cancelled job leaves nothing half-written.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent import futures
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..domain.records import ValidationError
from ..store.errors import StoreError
from ..store.records import Actor
from . import errors
from .i18n import _

SHOW_AFTER_MS = 500


class Cancelled(Exception):
    """The user pressed cancel; the job stopped and its transaction rolled back."""


class Progress:
    """Handed to a job: report progress, and check whether to stop."""

    def __init__(self, report: Callable[[int, int, str], None]):
        self._report = report
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        self._report(int(done), int(total), text)
        self.check()


class _Job:
    """A running job's GUI-side parts; lives and dies on the GUI thread."""

    def __init__(self, dialog: QProgressDialog, on_done, on_error):
        self.dialog, self.on_done, self.on_error = dialog, on_done, on_error


class TaskRunner(QObject):
    """Runs `fn(ctx, progress)` in the background; `on_done(result)` on the GUI thread.

    The worker only ever emits the runner's own signals, tagged with the job's number;
    no QObject is created, kept or dropped on the worker thread, so none can be
    destroyed there or raced by a deleteLater on the GUI thread."""

    busy_changed = Signal(bool)
    _progress = Signal(int, int, int, str)  # job, done, total, text
    _finished = Signal(int, object)  # job, result
    _failed = Signal(int, object)  # job, sys.exc_info()

    def __init__(self, db_path: Path, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path, self.actor = Path(db_path), actor
        self._executor = futures.ThreadPoolExecutor(1, thread_name_prefix="lianhua-worker")
        self._pending: set[futures.Future] = set()
        self._stopped = False
        self._ctx = None
        self._jobs: dict[int, _Job] = {}
        self._next_id = 0
        # Queued explicitly: the handlers touch widgets and must run on the GUI thread.
        self._progress.connect(self._on_progress, Qt.QueuedConnection)
        self._finished.connect(self._on_finished, Qt.QueuedConnection)
        self._failed.connect(self._on_failed, Qt.QueuedConnection)

    def worker_context(self):
        """The worker's own connection, opened on first use (in the worker thread)."""
        if self._ctx is None:
            from ..app import open_context

            self._ctx = open_context(self.db_path, daily_backup=False)
            self._ctx.actor = self.actor
        return self._ctx

    def set_actor(self, actor: Actor) -> None:
        """The operator changed in the settings: later jobs write under the new name."""
        self.actor = actor
        if self._ctx is not None:
            self._ctx.actor = actor

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def run(
        self,
        label: str,
        fn: Callable[[Any, Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[tuple], None] | None = None,
        parent: QWidget | None = None,
        cancellable: bool = True,
    ) -> Progress:
        self._next_id += 1
        job_id = self._next_id
        emit_progress = self._progress.emit
        progress = Progress(lambda done, total, text: emit_progress(job_id, done, total, text))
        dialog = self._dialog(label, parent, progress, cancellable)
        self._jobs[job_id] = _Job(dialog, on_done, on_error)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        finished, failed = self._finished.emit, self._failed.emit

        def work() -> None:  # on the worker thread; never touches a widget
            try:
                result = fn(self.worker_context(), progress)
            except BaseException:  # noqa: BLE001 - every failure goes back to the GUI thread
                failed(job_id, sys.exc_info())
            else:
                finished(job_id, result)

        future = self._executor.submit(work)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return progress

    def _on_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        if (job := self._jobs.get(job_id)) is not None:
            self._show(job.dialog, done, total, text)

    def _on_finished(self, job_id: int, result: Any) -> None:
        job = self._end(job_id)
        if job.on_done is not None:
            job.on_done(result)

    def _on_failed(self, job_id: int, info: tuple) -> None:
        job = self._end(job_id)
        (job.on_error or report_failure)(info)

    def _end(self, job_id: int) -> _Job:
        job = self._jobs.pop(job_id)
        job.dialog.reset()
        job.dialog.deleteLater()
        if not self._jobs:
            self.busy_changed.emit(False)
        return job

    def _dialog(
        self, label: str, parent: QWidget | None, progress: Progress, cancellable: bool
    ) -> QProgressDialog:
        dialog = QProgressDialog(label, _("取消") if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle(_("请稍候"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setMinimumDuration(SHOW_AFTER_MS)  # shows itself only if the job is slow
        dialog.canceled.connect(progress.cancel)
        return dialog

    @staticmethod
    def _show(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if text:
            dialog.setLabelText(text)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker is idle (tests and shutdown)."""
        _, not_done = futures.wait(list(self._pending), timeout=msecs / 1000)
        return not not_done

    def shutdown(self) -> None:
        """Finish queued jobs, close the worker's connection on its own thread, stop.
        Safe to call twice (a restore closes the window, then Qt closes it again)."""
        if self._stopped:
            return
        self._stopped = True
        self._executor.submit(self._close_worker_context)
        self._executor.shutdown(wait=True)

    def _close_worker_context(self) -> None:
        if self._ctx is not None:
            self._ctx.db.close()
            self._ctx = None


def report_failure(info: tuple) -> None:
    """Route a job's exception like any other: message for the environment or the
    user's input, crash dialog for a bug, nothing for a cancel."""
    exc_type, exc, tb = info
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, StoreError):
        errors.show_store_error(exc)
    elif isinstance(exc, ValidationError):
        errors.show_validation_error(exc)
    else:
        sys.excepthook(exc_type, exc, tb)
