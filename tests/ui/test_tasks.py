"""The background worker: jobs off the GUI thread, results and failures back on it,
cancel, many jobs in a row, a clean shutdown."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtWidgets import QWidget

from lianhua_desk.store.records import Actor
from lianhua_desk.ui.tasks import Cancelled, TaskRunner

from .conftest import db_file


@pytest.fixture
def runner(qtbot, ctx):
    parent = QWidget()
    qtbot.addWidget(parent)
    r = TaskRunner(db_file(ctx), Actor("测试员"), parent)
    yield r, parent
    r.shutdown()


def test_a_job_runs_off_the_gui_thread_and_its_result_arrives_on_it(qtbot, runner):
    r, parent = runner
    seen = {}

    def work(ctx, progress):
        seen["worker"] = threading.get_ident()
        return ctx.db["communities"].count

    def done(result):
        seen["done_on"] = threading.get_ident()
        seen["result"] = result

    busy = []
    r.busy_changed.connect(busy.append)
    r.run("…", work, done, parent=parent)
    assert r.busy
    qtbot.waitUntil(lambda: "result" in seen, timeout=10000)
    assert seen["result"] == 0
    assert seen["worker"] != threading.get_ident()
    assert seen["done_on"] == threading.get_ident()
    assert busy == [True, False] and not r.busy


def test_a_failure_comes_back_to_its_error_handler(qtbot, runner):
    r, parent = runner
    errors = []

    def work(ctx, progress):
        raise ValueError("坏了")

    r.run("…", work, on_error=errors.append, parent=parent)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    exc_type, exc, _ = errors[0]
    assert exc_type is ValueError and str(exc) == "坏了"


def test_cancel_stops_a_job_at_its_next_check(qtbot, runner):
    r, parent = runner
    errors, started = [], threading.Event()

    def work(ctx, progress):
        started.set()
        while True:
            progress.report(1, 10, "进行中")

    progress = r.run("…", work, on_error=errors.append, parent=parent)
    assert started.wait(10)
    progress.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert errors[0][0] is Cancelled
    assert not r.busy


def test_many_jobs_in_a_row_all_finish_in_order(qtbot, runner):
    r, parent = runner
    results = []
    for i in range(200):
        r.run("…", lambda ctx, progress, i=i: i, results.append, parent=parent)
    qtbot.waitUntil(lambda: len(results) == 200, timeout=30000)
    assert results == list(range(200))


def test_shutdown_waits_closes_the_worker_connection_and_can_repeat(qtbot, ctx):
    parent = QWidget()
    qtbot.addWidget(parent)
    r = TaskRunner(db_file(ctx), Actor("测试员"), parent)
    release = threading.Event()
    r.run("…", lambda c, p: release.wait(10), parent=parent)
    threading.Timer(0.2, release.set).start()
    r.shutdown()  # waits for the job
    assert release.is_set()
    assert r._ctx is None
    r.shutdown()


def test_a_job_and_what_it_holds_are_released_on_the_gui_thread(qtbot, runner):
    """The worker never drops the last reference to a job: a closure holding widgets or
    signals must be freed where Qt allows it."""
    r, parent = runner
    released, done = [], []

    class Job:
        def __call__(self, ctx, progress):
            return 1

        def __del__(self):
            released.append(threading.get_ident())

    r.run("…", Job(), done.append, parent=parent)
    qtbot.waitUntil(lambda: done == [1], timeout=10000)
    gc.collect()
    assert released == [threading.get_ident()]
