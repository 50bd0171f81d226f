"""The real program in a real X server (Xvfb), driven by keyboard through xdotool.

Offscreen tests miss what a clerk meets: the platform plugin, focus, real dialogs. Here
`lianhua-desk --db X` runs as the clerk starts it, the export dialog (数据 → 导出交换表…,
Ctrl+Shift+E) is pointed at the database's own folder, a command runs beside the
window, and the window must keep its SQLite locks throughout (issue 10). Screenshots
land in the test's temporary folder (`import -window root`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lianhua_desk import qt_platform
from lianhua_desk.store.locks import locked_inodes
from tests.platforms import LINUX_LOCKS

TOOLS = ("Xvfb", "xdotool", "import")
pytestmark = [
    pytest.mark.skipif(
        not all(shutil.which(t) for t in TOOLS),
        reason="needs Xvfb, xdotool and ImageMagick's import (Debian: xvfb xdotool imagemagick)",
    ),
    pytest.mark.skipif(not LINUX_LOCKS, reason="needs Linux /proc/locks"),
]


def _wait(what, timeout=30.0, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = what()
        if value:
            return value
        time.sleep(step)
    return None


@pytest.fixture
def display(tmp_path):
    for number in range(71, 99):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 15), "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(10)


def _env(display: str, home: Path) -> dict[str, str]:
    env = {**os.environ, "DISPLAY": display, "HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    for key in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env.pop(key, None)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local/share")
    return env


def _xdo(env, *args) -> str:
    return subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, encoding="utf-8", timeout=30
    ).stdout.strip()


def _window(env, name: str) -> str | None:
    found = _xdo(env, "search", "--onlyvisible", "--name", name)
    return found.splitlines()[0] if found else None


def _shot(env, path: Path) -> None:
    subprocess.run(["import", "-window", "root", str(path)], env=env, timeout=30, check=False)


def _locks_of(pid: int, files: list[Path]) -> dict[str, bool]:
    held = locked_inodes(pid) or set()
    return {p.name: os.stat(p).st_ino in held for p in files}


def _cli(env, db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lianhua_desk", "--db", str(db), *args],
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_export_dialog_in_a_real_window_keeps_the_database_locks(display, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = _env(display, home)
    if (missing := qt_platform.problem(env)) is not None:
        pytest.skip(missing)
    folder = tmp_path / "数据"
    folder.mkdir()
    db = folder / "r.db"
    assert _cli(env, db, "demo").returncode == 0

    window = subprocess.Popen(
        [sys.executable, "-m", "lianhua_desk", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding="utf-8",
    )
    try:
        # The first start on a database without accounts: the first 管理员 (issue 17).
        sign_in = _wait(lambda: _window(env, "创建管理员账户"), 60)
        assert sign_in, "the first start did not ask for the first 管理员"
        _xdo(env, "windowfocus", "--sync", sign_in)
        _xdo(env, "type", "--delay", "40", "admin")
        for _ in range(2):  # the password, then again
            _xdo(env, "key", "Tab")
            _xdo(env, "type", "--delay", "40", "lianhua-2020")
        _xdo(env, "key", "Return")
        # The commands beside the window sign in as that account too.
        env = {**env, "LIANHUA_USER": "admin", "LIANHUA_PASSWORD": "lianhua-2020"}
        main = _wait(lambda: _window(env, "莲花法治工作台"), 60)
        assert main, "the window did not appear"
        files = [db, Path(f"{db}-shm")]
        assert _wait(lambda: all(_locks_of(window.pid, files).values()), 30)
        time.sleep(1.0)  # the first-start work (daily backup) settles
        _shot(env, tmp_path / "1-window.png")

        # 数据 → 导出交换表… by its shortcut, then the clerk types the database's folder.
        _xdo(env, "windowfocus", "--sync", main)
        _xdo(env, "key", "ctrl+shift+e")
        dialog = _wait(lambda: _window(env, "保存为"), 20)
        assert dialog, "the export dialog did not open"
        _xdo(env, "windowfocus", "--sync", dialog)
        _xdo(env, "key", "ctrl+a")
        _xdo(env, "type", "--delay", "40", f"{folder}/")
        _xdo(env, "key", "Return")
        time.sleep(2.0)  # the dialog lists the folder: demo.db, -wal, -shm are there
        _shot(env, tmp_path / "2-dialog-on-database-folder.png")
        assert _locks_of(window.pid, files) == {"r.db": True, "r.db-shm": True}

        # A command beside the window while the dialog is open, then cancel.
        assert _cli(env, db, "stats", "--year", "2020").returncode == 0
        _xdo(env, "windowfocus", "--sync", dialog)
        _xdo(env, "key", "Escape")  # closes the folder-name completer
        time.sleep(0.3)
        if _window(env, "保存为"):
            _xdo(env, "key", "Escape")  # cancels the dialog
        assert _wait(lambda: _window(env, "保存为") is None, 10)
        assert _cli(env, db, "backup", "--out", str(tmp_path / "b.db")).returncode == 0
        assert Path(f"{db}-wal").exists()  # not deleted under the window
        fds = [os.readlink(p) for p in Path(f"/proc/{window.pid}/fd").iterdir() if p.is_symlink()]
        assert not [f for f in fds if "(deleted)" in f and "r.db" in f], fds
        assert _locks_of(window.pid, files) == {"r.db": True, "r.db-shm": True}

        # Quit with Ctrl+Q: a clean close, and the file checks out.
        _xdo(env, "windowfocus", "--sync", main)
        _xdo(env, "key", "ctrl+q")
        window.wait(30)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(10)
    with window.stdout:
        assert window.returncode == 0, window.stdout.read()
    check = _cli(env, db, "check")
    assert check.returncode == 0, check.stderr
