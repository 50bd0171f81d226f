"""Rare characters on screen: the fallback fonts the PDFs use (reports.fonts), given to
Qt too, so a name such as 王䶮堃𬌗 shows in tables and forms, not as empty boxes.

WenQuanYi Micro Hei, the application font (ui.resources.install_cjk_font), lacks CJK
Extensions A–F; Qt's own fallback depends on the machine's fonts (on a clerk's Windows
PC, mostly none for Extension B and later). Call `install_fallback_fonts()` once, after
the application font is set.
"""

from __future__ import annotations

from ..reports.fonts import fallback_font_files

_installed: list[str] = []  # the fallback families, once added to Qt


def install_fallback_fonts(app=None) -> list[str]:
    """Add the shipped fallback fonts to Qt and append their families to the application
    font's family list (QFont.setFamilies), so any character the main font lacks is
    looked up in them before the system's fonts. Also registers them as substitutes of
    the main family, for widgets that build their own QFont of that family. Safe to call
    again (the files are added once). Returns the fallback families."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = app or QApplication.instance()
    if not _installed:
        for _name, path in fallback_font_files():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _installed.extend(QFontDatabase.applicationFontFamilies(font_id))
    if app is None or not _installed:
        return list(_installed)
    font = app.font()
    main = font.families() or [font.family()]
    font.setFamilies(main + [f for f in _installed if f not in main])
    app.setFont(font)
    QFont.insertSubstitutions(main[0], [f for f in _installed if f not in main])
    return list(_installed)
