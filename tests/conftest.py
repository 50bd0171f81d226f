"""Shared fixtures: a fresh database with a fixed clock, and a demo database.

The demo database is generated once per test session into a template file and
copied for each test that wants it, so tests may write to their copy freely.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lianhua_desk.app import open_context
from lianhua_desk.services import demo
from lianhua_desk.services.context import Context
from lianhua_desk.store import review_queries
from lianhua_desk.store.records import Actor

# Tests run "on" this day unless they say otherwise, so that quota periods and
# deadlines do not drift with the real calendar.
TODAY = dt.date(2021, 1, 10)


def fixed_clock(day: dt.date = TODAY, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, 0)


def make_context(path: Path, day: dt.date = TODAY) -> Context:
    ctx = open_context(path, daily_backup=False)
    ctx.actor = Actor("测试员", lambda: fixed_clock(day))
    return ctx


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    """An empty, migrated database in a temporary folder."""
    context = make_context(tmp_path / "test.db")
    yield context
    context.db.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    context = make_context(path)
    demo.fill(context, year=2020, today=TODAY)
    context.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    context.db.close()
    return path


@pytest.fixture
def demo_ctx(demo_template: Path, tmp_path: Path) -> Context:
    """A private copy of the 2020 demo database (with 2021 to date, 'today' being TODAY)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    context = make_context(path)
    yield context
    context.db.close()


@pytest.fixture
def cases_read(monkeypatch):
    """How many cases each load of the review read (the worker thread's loads too)."""
    counts: list[int] = []
    load = review_queries._load

    def counting(db, where, params):
        files = load(db, where, params)
        counts.append(len(files.cases))
        return files

    monkeypatch.setattr(review_queries, "_load", counting)
    return counts


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """The program never opens a network connection: any attempt fails the test."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="module")
def user_folders(tmp_path_factory) -> Path:
    """HOME, the XDG folders and the log folder in a temporary folder, for a module whose
    tests run the real command line: no command touches the real user folder."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            mp.setenv(name, str(home / name.lower()))
        mp.setenv("LIANHUA_LOG_DIR", str(home / "logs"))
        mp.delenv("LIANHUA_DB", raising=False)
        mp.delenv("LIANHUA_DEBUG", raising=False)
        yield home


def run_cli(*args, db=None) -> subprocess.CompletedProcess:
    """`lianhua-desk ARGS` as a separate process (UTF-8 output), as a script runs it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "lianhua_desk"]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(
        cmd + list(args), capture_output=True, encoding="utf-8", env=env, timeout=120
    )
