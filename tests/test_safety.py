"""Faults injected on purpose: full disk, read-only database, a locked file, log contents."""

import logging
import os
import re
import subprocess
import sys

import pytest

from lianhua_desk import logs
from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import demo, mediation, records
from lianhua_desk.store.errors import StoreError

ID_OR_MOBILE = re.compile(r"(?<!\d)(\d{17}[\dXx]|1[3-9]\d{9})(?!\d)")


def snapshot(ctx):
    tables = (
        "communities",
        "advisors",
        "shifts",
        "services",
        "events",
        "cases",
        "petitions",
        "audit",
    )
    return {t: ctx.db[t].count for t in tables}


def test_full_disk_is_a_clear_error_with_nothing_half_written(ctx):
    before = snapshot(ctx)
    pages = ctx.db.execute("PRAGMA page_count").fetchone()[0]
    ctx.db.execute(f"PRAGMA max_page_count = {pages + 20}")  # the disk fills up mid-way
    with pytest.raises(StoreError, match="磁盘空间已满"):
        demo.fill(ctx)
    assert snapshot(ctx) == before  # all or nothing
    # The program keeps running: with room again, the same work succeeds.
    ctx.db.execute("PRAGMA max_page_count = 1073741823")
    demo.fill(ctx)
    assert ctx.db["communities"].count == 16


def test_read_only_database_is_a_clear_error(ctx):
    records.create(ctx, "communities", {"name": "彩虹社区"})
    before = snapshot(ctx)
    ctx.db.execute("PRAGMA query_only = ON")  # root ignores file modes; this is the same refusal
    with pytest.raises(StoreError, match="只读"):
        records.create(ctx, "communities", {"name": "景华社区"})
    ctx.db.execute("PRAGMA query_only = OFF")
    assert snapshot(ctx) == before


def test_locked_database_waits_then_says_so(ctx, tmp_path):
    path = ctx.db.conn.execute("PRAGMA database_list").fetchone()[2]
    ctx.db.close()  # empty, so `demo` goes on to take the write lock
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(12)",
            path,
        ],
        stdout=subprocess.PIPE,
        encoding="utf-8",
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = {**os.environ, "LIANHUA_LOG_DIR": str(tmp_path / "logs"), "LIANHUA_BUSY_TIMEOUT": "3"}
        result = subprocess.run(
            [sys.executable, "-m", "lianhua_desk", "--db", path, "demo"],
            capture_output=True,
            encoding="utf-8",
            timeout=60,
            env=env,
        )
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert result.returncode == 3
    assert "另一个程序" in result.stderr and "database is locked" not in result.stderr
    assert "Traceback" not in result.stderr


def test_logs_never_hold_id_numbers_or_mobiles(ctx, tmp_path):
    path = logs.setup(tmp_path / "logs")
    log = logging.getLogger("lianhua_desk.test")
    c = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    case = {
        "received_date": "2020-03-05",
        "community_id": c["id"],
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "applicant": "张伟",
        "applicant_id_no": "11010519491231002X",
        "applicant_phone": "13800138000",
    }
    mediation.register_case(ctx, case)
    try:
        mediation.register_case(ctx, {**case, "applicant_id_no": "110105194912310021"})
    except ValidationError as exc:
        log.warning("refused %s for 110105194912310021 / 13912345678: %s", case, exc)
    try:
        raise RuntimeError("boom 11010519491231002X 13800138000")
    except RuntimeError:
        log.exception("crash while saving")
    for handler in logging.getLogger("lianhua_desk").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "refused" in text and "crash while saving" in text and "boom" in text
    assert ID_OR_MOBILE.findall(text) == []
    assert "110105********002X" in text and "138****8000" in text


def test_scrub_masks_landlines_too():
    assert logs.scrub("电话 0755-83123456") == "电话 0755-****3456"
