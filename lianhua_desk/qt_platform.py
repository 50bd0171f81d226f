"""Before the window opens on Linux: can Qt's X11 platform plugin load at all?

When a system library of the xcb plugin is missing, Qt does not raise; it prints a
hint that names the wrong package (libxcb-cursor0 even when that is installed) and
aborts the process. A clerk cannot act on that. So the window first loads the plugin
itself (the libraries Qt loads a moment later anyway, so a normal start pays nothing
extra); only when that fails does it ask the dynamic linker (`ldd`) which of the
plugin's libraries are missing, and print the one apt line that installs them. No Qt
is imported here.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

# Library (soname) → Debian package, for everything Qt's xcb plugin and QtGui load.
# The README's list of system packages for the window is this table's values.
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
}


def xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(list(spec.submodule_search_locations)[0]) / "Qt/plugins/platforms/libqxcb.so"
    return plugin if plugin.exists() else None


def missing_from_ldd(output: str) -> list[str]:
    """Sonames `ldd` reports as 'not found', in its order, once each."""
    missing: list[str] = []
    for line in output.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if rest.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def _ldd(path: Path) -> str | None:
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        return subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def wants_xcb(env: dict[str, str]) -> bool:
    """Qt will try the X11 plugin: Linux, a display, and no other platform chosen."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def no_display(env: dict[str, str]) -> bool:
    """Linux with no screen to show a window on, and no platform chosen (Qt would abort)."""
    return (
        sys.platform.startswith("linux")
        and not env.get("QT_QPA_PLATFORM")
        and not env.get("DISPLAY")
        and not env.get("WAYLAND_DISPLAY")
    )


def apt_line(missing: list[str]) -> str:
    packages = sorted({DEBIAN_PACKAGES.get(name, name) for name in missing})
    return "sudo apt-get install " + " ".join(packages)


def _loads(plugin: Path) -> bool:
    try:
        ctypes.CDLL(str(plugin))
    except OSError:
        return False
    return True


def problem(
    env: dict[str, str] | None = None,
    plugin: Path | None = None,
    ldd: Callable[[Path], str | None] = _ldd,
) -> str | None:
    """A Chinese message with the apt line when the window cannot start; else None."""
    env = dict(os.environ) if env is None else env
    if no_display(env):
        return (
            "无法打开图形界面：没有可用的显示器（DISPLAY 和 WAYLAND_DISPLAY 都未设置）。"
            "请在桌面环境中打开本程序；不需要窗口的工作请用命令行子命令（lianhua-desk --help）。"
        )
    if not wants_xcb(env):
        return None
    plugin = plugin or xcb_plugin()
    if plugin is None or _loads(plugin):
        return None
    output = ldd(plugin)
    if not output:
        return None  # nothing to go by: let Qt try
    missing = missing_from_ldd(output)
    if not missing:
        return None
    return (
        "无法打开图形界面：缺少 Qt 图形界面所需的系统库 "
        + "、".join(missing)
        + "。\n请用管理员权限运行下面这一行安装后再打开：\n  "
        + apt_line(missing)
    )
