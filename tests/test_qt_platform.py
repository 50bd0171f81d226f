"""The window's start on Linux: a missing X11 library is named with its apt line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lianhua_desk import qt_platform

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd3b7e5000)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
"""

X11 = {"DISPLAY": ":0"}


def test_ldd_output_names_each_missing_library_once():
    assert qt_platform.missing_from_ldd(LDD_MISSING) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin is Linux's")
def test_the_message_is_chinese_with_one_apt_line_for_the_missing_packages():
    text = qt_platform.problem(X11, Path("/x/libqxcb.so"), ldd=lambda _p: LDD_MISSING)
    assert "缺少" in text and "libxcb-icccm.so.4" in text
    apt = [line.strip() for line in text.splitlines() if "apt-get install" in line]
    assert apt == ["sudo apt-get install libxcb-icccm4 libxcb-keysyms1"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin is Linux's")
def test_nothing_is_said_when_every_library_is_there_or_x11_is_not_used():
    complete = LDD_MISSING.replace("not found", "/lib/found.so")
    assert qt_platform.problem(X11, Path("/x"), ldd=lambda _p: complete) is None
    for env in ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "w"}):
        assert qt_platform.problem(env, Path("/x"), ldd=lambda _p: LDD_MISSING) is None
    assert qt_platform.wants_xcb({"QT_QPA_PLATFORM": "xcb"})


@pytest.mark.skipif(qt_platform.xcb_plugin() is None, reason="PySide6 without its xcb plugin")
def test_every_library_of_the_real_plugin_has_its_debian_package_named():
    """The table covers what this PySide6's xcb plugin links against (X11 and GL parts)."""
    output = subprocess.run(
        ["ldd", str(qt_platform.xcb_plugin())], capture_output=True, encoding="utf-8", check=False
    ).stdout
    names = [line.split()[0] for line in output.splitlines() if "=>" in line]
    x11 = [n for n in names if n.startswith(("libxcb", "libX11", "libxkb", "libEGL", "libGL."))]
    assert x11 and all(n in qt_platform.DEBIAN_PACKAGES for n in x11), x11


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_the_window_command_prints_the_apt_line_instead_of_aborting(tmp_path):
    """A plugin whose library cannot be found (a made-up one: the real ones may all be
    installed here): the command says what is missing and how to install it, exit 3."""
    fake = tmp_path / "libqxcb.so"
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-o",
            str(tmp_path / "libxcb-lianhua-test.so.4"),
            "-x",
            "c",
            "/dev/null",
        ],
        check=True,
    )
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-o",
            str(fake),
            "-x",
            "c",
            "/dev/null",
            "-Wl,--no-as-needed",
            "-L",
            str(tmp_path),
            "-l:libxcb-lianhua-test.so.4",
        ],
        check=True,
    )
    (tmp_path / "libxcb-lianhua-test.so.4").unlink()  # now the linker cannot find it
    code = (
        "import sys; from pathlib import Path; from lianhua_desk import qt_platform, cli;"
        f"qt_platform.xcb_plugin = lambda: Path({str(fake)!r});"
        "sys.exit(cli.main(['--db', sys.argv[1]]))"
    )
    env = {**os.environ, "DISPLAY": ":97", "PYTHONIOENCODING": "utf-8"}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.db")],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert "缺少" in result.stderr and "libxcb-lianhua-test.so.4" in result.stderr
    assert "sudo apt-get install" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.db").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_no_display_at_all_is_said_in_chinese_instead_of_a_qt_abort(tmp_path):
    assert "没有可用的显示器" in qt_platform.problem({}, Path("/x"), ldd=lambda _p: "")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONIOENCODING"] = "utf-8"
    db = tmp_path / "x.db"
    result = subprocess.run(
        [sys.executable, "-m", "lianhua_desk", "--db", str(db)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert "没有可用的显示器" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()
