"""Backups: consistent copies, rotation, verified restore that keeps the replaced file."""

import datetime as dt
import os

import pytest

from lianhua_desk.services import records
from lianhua_desk.store import backup as backups
from lianhua_desk.store.errors import StoreError
from tests.platforms import posix_modes


def test_backup_is_a_checked_copy(ctx, tmp_path):
    records.create(ctx, "communities", {"name": "彩虹社区"})
    out = backups.backup(ctx.db, tmp_path / "b")
    result = backups.check_file(out)
    assert result.ok and result.counts["communities"] == 1
    assert not list((tmp_path / "b").glob("*.part"))


@posix_modes
def test_backup_and_restored_files_are_owner_only(ctx, tmp_path):
    records.create(ctx, "communities", {"name": "彩虹社区"})
    out = backups.backup(ctx.db, tmp_path / "b")
    assert out.stat().st_mode & 0o777 == 0o600
    target = tmp_path / "live.db"
    target.write_bytes(b"")
    backups.restore(out, target, tmp_path / "b")
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_rotation_keeps_seven_days_and_four_weeks(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    start = dt.datetime(2020, 1, 1, 9)
    for i in range(60):  # two backups a day for 60 days
        for hour in (9, 17):
            taken = start + dt.timedelta(days=i, hours=hour - 9)
            (folder / f"lianhua-{taken:%Y%m%d-%H%M%S}-daily.db").write_bytes(b"x")
    backups.rotate(folder)
    kept = sorted(p.name for p in folder.iterdir())
    days = {name[8:16] for name in kept}
    # Newest day keeps both of its backups; 7 most recent days; plus older weekly ones.
    assert "lianhua-20200229-170000-daily.db" in kept and "lianhua-20200229-090000-daily.db" in kept
    assert {"20200223", "20200229"} <= days
    assert len(days) <= 7 + 4
    assert "20200201" not in days


def test_restore_verifies_before_replacing(ctx, tmp_path):
    target = tmp_path / "live.db"
    records.create(ctx, "communities", {"name": "彩虹社区"})
    good = backups.backup(ctx.db, tmp_path / "b")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all" * 100)
    target.write_bytes(b"")
    with pytest.raises(StoreError, match="未通过检查"):
        backups.restore(bogus, target, tmp_path / "b")
    assert target.read_bytes() == b""  # untouched
    kept = backups.restore(good, ctx_path := target, tmp_path / "b")
    assert kept is not None and "replaced" in kept.name
    assert backups.check_file(ctx_path).counts["communities"] == 1


def test_daily_backup_due(tmp_path):
    folder = tmp_path / "b"
    assert backups.daily_backup_due(folder, dt.date(2020, 1, 1))
    folder.mkdir()
    (folder / "lianhua-20200101-090000-daily.db").write_bytes(b"x")
    assert not backups.daily_backup_due(folder, dt.date(2020, 1, 1))
    assert backups.daily_backup_due(folder, dt.date(2020, 1, 2))


def test_latest_good_backup_skips_damaged_ones(ctx, tmp_path):
    folder = tmp_path / "b"
    records.create(ctx, "communities", {"name": "彩虹社区"})
    good = backups.backup(ctx.db, folder, now=dt.datetime(2020, 1, 1, 9))
    newer = backups.backup(ctx.db, folder, now=dt.datetime(2020, 1, 2, 9))
    newer.write_bytes(b"garbage" * 500)  # the newest one got damaged
    assert backups.latest_good_backup(folder) == good
    assert backups.latest_good_backup(tmp_path / "none") is None
