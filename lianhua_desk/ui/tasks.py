"""One background worker for long database work (imports, exports, reports, big
generations, the dashboard's figures).

One Python thread runs one job at a time on its own SQLite connection, so the
window's connection is never shared across threads and writes are serialised.

The worker never touches a Qt or PySide object, not even to drop a reference: it
takes jobs from one queue and puts outcomes (and the job itself) into another, which
the GUI thread drains on a short timer while jobs are pending. Two earlier designs
crashed the test run: Python QRunnables in a QThreadPool (SIGBUS on CI as Qt deleted
the runnable's wrapper on the pool thread) and signals emitted from the worker (a
segfault when the worker dropped the last reference to a bound signal). Whatever a
job's closure holds (widgets, signals) is therefore released on the GUI thread.

A progress dialog with a cancel button appears only if the job takes over ~0.5 s;
cancelling sets a flag the job checks (`progress.check()`), and since each service
runs in one transaction, a cancelled job leaves nothing half-written.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..errors import LianhuaError
from ..services.context import Actor
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
    """A job's GUI-side parts; created, used and released on the GUI thread."""

    def __init__(self, dialog: QProgressDialog, on_done, on_error):
        self.dialog, self.on_done, self.on_error = dialog, on_done, on_error


POLL_MS = 10  # how often the GUI thread looks for outcomes while jobs are pending


class TaskRunner(QObject):
    """Runs `fn(ctx, progress)` in the background; `on_done(result)` on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, db_path: Path, actor: Actor, parent: QObject | None = None, account=None):
        super().__init__(parent)
        self.db_path, self.actor, self.account = Path(db_path), actor, account
        self._ctx = None
        self._jobs: dict[int, _Job] = {}
        self._next_id = 0
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()  # (id, fn, progress) | None
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()  # what the GUI thread handles
        self._unfinished = 0  # submitted and not yet run to the end, under _lock
        self._lock = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._work, name="lianhua-worker", daemon=True)
        self._thread.start()
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._drain)

    # --- the worker thread ------------------------------------------------------------

    def _work(self) -> None:
        while (item := self._inbox.get()) is not None:
            job_id, fn, progress = item
            try:
                outcome = ("done", fn(self.worker_context(), progress))
            except BaseException:  # noqa: BLE001 - every failure goes back to the GUI thread
                outcome = ("failed", sys.exc_info())
            # The job goes back with its outcome, so the last references to whatever
            # it holds are dropped on the GUI thread, never here.
            self._outbox.put((job_id, *outcome, item))
            del item, fn, progress, outcome
            with self._lock:
                self._unfinished -= 1
                self._lock.notify_all()
        self._close_worker_context()

    def worker_context(self):
        """The worker's own connection, opened on first use (in the worker thread)."""
        if self._ctx is None:
            from ..app import open_context

            self._ctx = open_context(self.db_path, daily_backup=False)
            self._ctx.actor = self.actor
            self._ctx.account = self.account
        return self._ctx

    def _close_worker_context(self) -> None:
        if self._ctx is not None:
            self._ctx.db.close()
            self._ctx = None

    # --- the GUI thread -----------------------------------------------------------------

    def set_actor(self, actor: Actor) -> None:
        """The operator changed in the settings: later jobs write under the new name."""
        self.actor = actor
        if self._ctx is not None:
            self._ctx.actor = actor

    def set_account(self, account) -> None:
        """The signed-in account (issue 17): later jobs are permitted what it is, and
        no more. A worker without it would run with no account, which the services
        allow everything (the rule for a database without accounts)."""
        self.account = account
        if self._ctx is not None:
            self._ctx.account = account

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
        job_id, outbox = self._next_id, self._outbox
        progress = Progress(
            lambda done, total, text: outbox.put((job_id, "progress", (done, total, text), None))
        )
        dialog = self._dialog(label, parent, progress, cancellable)
        self._jobs[job_id] = _Job(dialog, on_done, on_error)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        with self._lock:
            self._unfinished += 1
        self._inbox.put((job_id, fn, progress))
        self._timer.start()
        return progress

    def _drain(self) -> None:
        """Handle what the worker has finished or reported since the last look."""
        while True:
            try:
                job_id, kind, value, _job = self._outbox.get_nowait()
            except queue.Empty:
                break
            job = self._jobs.get(job_id)
            if job is None:
                continue
            if kind == "progress":
                self._show(job.dialog, *value)
                continue
            self._end(job_id)
            if kind == "done":
                if job.on_done is not None:
                    job.on_done(value)
            else:
                (job.on_error or report_failure)(value)
        if not self._jobs:
            self._timer.stop()

    def _end(self, job_id: int) -> None:
        job = self._jobs.pop(job_id)
        job.dialog.reset()
        job.dialog.deleteLater()
        if not self._jobs:
            self.busy_changed.emit(False)

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
        """Block until the worker has run every submitted job (tests and shutdown).
        The outcomes are handled on the GUI thread's next look (`_drain`)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._unfinished == 0, timeout=msecs / 1000)

    def shutdown(self) -> None:
        """Finish queued jobs, close the worker's connection on its own thread, stop.
        Safe to call twice (a restore closes the window, then Qt closes it again)."""
        if self._stopped:
            return
        self._stopped = True
        self._inbox.put(None)
        self._thread.join()
        self._timer.stop()
        self._drain_quietly()

    def _drain_quietly(self) -> None:
        """Drop the finished jobs' outcomes here, on the GUI thread, without calling back
        into a window that is closing."""
        while True:
            try:
                self._outbox.get_nowait()
            except queue.Empty:
                return


def report_failure(info: tuple) -> None:
    """Route a job's exception like any other: a message for any LianhuaError (refused
    input: a field, a file; or an environment failure), crash dialog for a bug, nothing
    for a cancel."""
    exc_type, exc, tb = info
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, LianhuaError):
        errors.show_error(exc)
    else:
        sys.excepthook(exc_type, exc, tb)
