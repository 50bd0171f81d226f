"""The soak benchmark (bench/bench_soak.py), short: one window process writing and
opening its export dialog on the database's folder, two command-line loops writing the
same file, for 15 s. Every counted write must be there once, `check` must pass, the
window must keep its SQLite locks and its -wal (issue 10). About 20 s."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.platforms import LINUX_LOCKS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_soak import SoakResult, run_soak, seconds_for  # noqa: E402
from bench.runner import BY_NAME, GROUPS  # noqa: E402

pytest.importorskip("PySide6")


@pytest.mark.skipif(not LINUX_LOCKS, reason="needs Linux /proc/locks and /proc/<pid>/fd")
def test_a_short_soak_is_clean(tmp_path):
    result = run_soak(15, keep=tmp_path / "soak", stock_dialog=False, log=lambda _text: None)
    summary = result.summary()
    assert not result.errors, summary
    assert result.window_writes > 0 and result.dialogs > 0, summary
    assert result.cli_writes.get("holiday-add", 0) > 0, summary
    assert result.cli_writes.get("import", 0) > 0, summary
    assert result.window_refused_lost == 0 and not result.locks_lost, summary
    assert result.wal_deleted_samples == 0 and result.fd_samples > 0, summary
    assert not result.cli_failures and not result.window_refused_other, summary
    assert result.check_ok, summary
    assert result.missing == [] and result.extra == [], summary
    assert result.clean, summary


def test_a_lost_lock_or_a_deleted_wal_fails_the_verdict():
    ok = SoakResult(
        seconds=1,
        took=1,
        stock_dialog=False,
        window_writes=3,
        dialogs=1,
        cli_writes={"import": 1},
        check_ok=True,
        fd_samples=10,
    )
    assert ok.clean
    for change in (
        {"window_refused_lost": 1},
        {"window_lock_banner": True},
        {"wal_deleted_samples": 1},
        {"check_ok": False},
        {"missing": ["window community 窗口社区-00001"]},
        {"extra": ["community x ×2"]},
        {"cli_failures": ["import exit 1"]},
    ):
        bad = SoakResult(**{**ok.__dict__, **change})
        assert not bad.clean, change
        assert "FAILED" in bad.summary()


def test_the_runner_knows_the_soak():
    assert BY_NAME["soak"].group == "soak" and "soak" in GROUPS
    assert seconds_for(()) == 180 and seconds_for(("--quick",)) == 20
