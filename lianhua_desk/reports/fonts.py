"""The CJK TrueType font every PDF uses for all of its text, embedded and subset, and
the fallback fonts for the rare characters it lacks.

WenQuanYi Micro Hei (Apache-2.0 or GPLv3 with the font exception, licence beside the
font file). reportlab embeds TrueType outlines only, so an OTF/CFF font would not do.
One font for everything, numbers and Latin included: a PDF that mentions no
standard-14 font (Helvetica) needs nothing from the reader's machine.

WenQuanYi has the common characters only (URO), not CJK Extensions A–F, where rare
characters in people's names live (䶮 U+4DAE, 𠀀 U+20000, 𬌗 U+2C317). Such a character
is set in Hanazono Mincho instead, character by character (`fallback_markup`, applied
by `text.esc` to every user string); one that no shipped font has is reported
(`check_renderable`) rather than printed as a silent blank. See
resources/fonts/hanazono-README.txt.

The annual report in 公文 form (GB/T 9704) sets its text in more faces (`FACES`,
registered on demand by `register_face`; resources/fonts/README-gongwen.txt): a 宋 for
the title and page numbers, a 仿宋 stand-in and its bold for the body, a 楷 for the
second-level headings; 黑体 is FONT. A character such a face lacks is set in FONT, and
one FONT lacks in the fallback fonts (`fallback_markup(text, face)`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

FONT = "LianhuaCJK"
FONT_FILE = "wqy-microhei.ttc"
SYSTEM_COPY = Path("/usr/share/fonts/truetype/wqy") / FONT_FILE

# Tried in this order for a character FONT lacks: (reportlab name, file in resources/fonts).
FALLBACK_FONTS = (
    ("LianhuaCJKExtA", "HanaMinA-subset.ttf"),  # Extension A, compatibility ideographs
    ("LianhuaCJKExtB", "HanaMinB.ttf"),  # Extensions B–F
)

# The 公文 faces: reportlab name → (file in resources/fonts, bold face's name or "").
FACES = {
    "LianhuaSong": ("gbsn00lp.ttf", ""),  # AR PL SungtiL GB: 宋 (title, page numbers)
    "LianhuaFangSong": ("LXGWWenKai-Regular.ttf", "LianhuaFangSongBold"),  # for 仿宋
    "LianhuaFangSongBold": ("LXGWWenKai-Bold.ttf", ""),
    "LianhuaKai": ("gkai00mp.ttf", ""),  # AR PL KaitiM GB: 楷
}


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


def fallback_font_files() -> list[tuple[str, Path]]:
    """The shipped fallback fonts that are present: (reportlab name, file), in order."""
    from ..paths import resources_dir

    folder = resources_dir() / "fonts"
    return [(name, folder / file) for name, file in FALLBACK_FONTS if (folder / file).is_file()]


# reportlab writes a ToUnicode entry as 4 hex digits, so a character beyond U+FFFF
# (Extensions B–F) would be extracted, copied or searched as garbage: write it as the
# UTF-16 surrogate pair the PDF format wants.
_ASTRAL_ENTRY = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)


def _teach_astral_to_unicode() -> None:
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "lianhua_astral", False):
        return

    def make_to_unicode_cmap(fontname, subset):
        return _ASTRAL_ENTRY.sub(
            lambda m: f"{m[1]} <{chr(int(m[2], 16)).encode('utf-16-be').hex().upper()}>",
            original(fontname, subset),
        )

    make_to_unicode_cmap.lianhua_astral = True
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _register_ttf(name: str, path: Path, bold_face: str = "", **kw) -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(name, str(path), **kw))
    # Bold and italic map to the same face (or to `bold_face` for <b>), so markup never
    # falls back to Helvetica.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, (bold_face or name) if bold else name)


def register() -> str:
    """Register the font with reportlab once; returns its name. Safe to call often.
    The fallback fonts are registered on first need (`font_runs`)."""
    from reportlab.pdfbase import pdfmetrics

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    _teach_line_breaking()
    _teach_astral_to_unicode()
    _register_ttf(FONT, font_path(), subfontIndex=0)
    return FONT


def register_face(name: str) -> str:
    """Register one of `FACES` (and its bold) with reportlab once; returns `name`."""
    from reportlab.pdfbase import pdfmetrics

    from ..paths import resources_dir

    register()
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    file, bold = FACES[name]
    if bold:
        register_face(bold)
    path = resources_dir() / "fonts" / file
    if not path.is_file():
        raise FontMissingError(
            f"找不到公文字体文件 {file}（应在 resources/fonts/ 中），无法生成公文格式的 PDF。"
        )
    with _lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            _register_ttf(name, path, bold)
    return name


_lock = threading.RLock()
_fallbacks: tuple[tuple[str, Mapping[int, int]], ...] | None = None


def _cmap(name: str) -> Mapping[int, int]:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name).face.charToGlyph  # read from the file once, by reportlab


def _fallback_cmaps() -> tuple[tuple[str, Mapping[int, int]], ...]:
    """The fallback fonts, registered once (under a lock: reports run in worker threads)."""
    global _fallbacks
    if _fallbacks is None:
        with _lock:
            if _fallbacks is None:
                register()
                for name, path in fallback_font_files():
                    _register_ttf(name, path)
                _fallbacks = tuple((name, _cmap(name)) for name, _ in fallback_font_files())
    return _fallbacks


def _not_drawn(cp: int) -> bool:
    """Controls (a newline becomes <br/>) and variation selectors: no glyph wanted."""
    return cp < 0x20 or 0x7F <= cp <= 0xA0 or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def font_runs(text: str, face: str = FONT) -> list[tuple[str, str]]:
    """`text` cut into runs, each with the registered font to set it in: `face` (FONT
    unless given) wherever it has the character (and for a character no font has:
    `missing_glyphs`), else FONT, else the first fallback font that has it."""
    own = _cmap(register() if face == FONT else register_face(face))
    if all(ord(c) in own or _not_drawn(ord(c)) for c in text):
        return [(face, text)] if text else []
    others = ((FONT, _cmap(FONT)),) if face != FONT else ()
    fallbacks = others + _fallback_cmaps()
    runs: list[tuple[str, list[str]]] = []
    for c in text:
        cp = ord(c)
        name = face
        if cp not in own and not _not_drawn(cp):
            name = next((n for n, cmap in fallbacks if cp in cmap), face)
        if runs and runs[-1][0] == name:
            runs[-1][1].append(c)
        else:
            runs.append((name, [c]))
    return [(name, "".join(chars)) for name, chars in runs]


def fallback_markup(text: str, face: str = FONT) -> str:
    """Plain text → Paragraph markup (escaped) that prints it in a paragraph set in
    `face` (FONT unless given), every run of characters `face` lacks wrapped in
    <font name="…"> of FONT or a fallback font that has them. Text `face` can set
    entirely comes back merely escaped, without any font tag."""
    out = []
    for name, run in font_runs(text, face):
        run = escape(run, {'"': "&quot;"})
        out.append(run if name == face else f'<font name="{name}">{run}</font>')
    return "".join(out)


def missing_glyphs(text: str) -> str:
    """The characters of `text` (each once, in order) that no shipped font has."""
    main = _cmap(register())
    missing = dict.fromkeys(
        c
        for c in text
        if ord(c) not in main
        and not _not_drawn(ord(c))
        and not any(ord(c) in cmap for _, cmap in _fallback_cmaps())
    )
    return "".join(missing)


def check_renderable(text: str, where: str) -> str | None:
    """A warning if some character of `text` is in no shipped font and would print as a
    blank, else None. Callers pass the record and field the text comes from as `where`
    (e.g. "莲调〔2020〕第2号 申请人"), so the clerk can find and fix it:

    “张𰻝”中的“𰻝”（U+30EDD）没有可用字体，PDF 中将显示为空白：记录 莲调〔2020〕第2号 申请人
    """
    missing = missing_glyphs(text or "")
    if not missing:
        return None
    shown = text
    if len(text) > 20:  # a long text is quoted around its first missing character
        at = text.index(missing[0])
        start = max(0, at - 8)
        shown = ("…" if start else "") + text[start : at + 9] + ("…" if at + 9 < len(text) else "")
    chars = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing)
    return f"“{shown}”中的{chars}没有可用字体，PDF 中将显示为空白：记录 {where}"
