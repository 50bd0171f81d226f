"""The CJK TrueType font every PDF uses for all of its text, embedded and subset.

WenQuanYi Micro Hei (Apache-2.0 or GPLv3 with the font exception, licence beside the
font file). reportlab embeds TrueType outlines only, so an OTF/CFF font would not do.
One font for everything, numbers and Latin included: a PDF that mentions no
standard-14 font (Helvetica) needs nothing from the reader's machine.
"""

from __future__ import annotations

from pathlib import Path

FONT = "LianhuaCJK"
FONT_FILE = "wqy-microhei.ttc"
SYSTEM_COPY = Path("/usr/share/fonts/truetype/wqy") / FONT_FILE


class FontMissingError(RuntimeError):
    """The shipped font file is gone (a broken installation)."""


def font_path() -> Path:
    """The shipped font: in the source tree, in a PyInstaller bundle, else the system's."""
    from ..paths import resources_dir

    candidates = [resources_dir() / "fonts" / FONT_FILE, SYSTEM_COPY]
    for path in candidates:
        if path.is_file():
            return path
    raise FontMissingError(
        f"找不到中文字体文件 {FONT_FILE}（应在 resources/fonts/ 中），无法生成 PDF。"
    )


# Full-width punctuation that must not begin a line (GB/T 15834). reportlab's CJK line
# breaker knows the ideographic comma and full stop but not these, and would print
# "，" or "：" at the start of a line.
NO_LINE_START = "，：；？！）》」』】〉”’…"


def _teach_line_breaking() -> None:
    # Both breakers keep their own copy: textsplit for one-style paragraphs,
    # paragraph for mixed ones.
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        missing = "".join(c for c in NO_LINE_START if c not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing


def register() -> str:
    """Register the font with reportlab once; returns its name. Safe to call often."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    _teach_line_breaking()
    pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
    # Bold and italic map to the same face, so markup never falls back to Helvetica.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT, bold, italic, FONT)
    return FONT
