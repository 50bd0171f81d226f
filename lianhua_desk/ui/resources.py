"""Files the window needs at run time (the CJK font), found both in a source checkout
and in a PyInstaller bundle."""

from __future__ import annotations

from pathlib import Path

from ..paths import resources_dir

SYSTEM_CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_NAMES = ("wqy-microhei.ttc", "wqy-microhei.ttf", "LXGWWenKai-Regular.ttf")


def cjk_font_file() -> Path | None:
    """The shipped CJK font, else the system's WenQuanYi Micro Hei, else None."""
    fonts = resources_dir() / "fonts"
    for name in FONT_NAMES:
        if (fonts / name).is_file():
            return fonts / name
    return SYSTEM_CJK_FONT if SYSTEM_CJK_FONT.is_file() else None


def install_cjk_font(app) -> str | None:
    """Register the CJK font with Qt and make it the application font, so Chinese
    renders on a machine without Chinese fonts. Returns the family used."""
    from PySide6.QtGui import QFont, QFontDatabase

    path = cjk_font_file()
    if path is None:
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families[0]
