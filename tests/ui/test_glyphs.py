"""Every character the window writes by itself is in a font the program ships.

A clerk's Windows PC has no WenQuanYi and, under some setups, no symbol font: a mark
the shipped fonts lack (the quota matrix's old ✗) shows as an empty box there, even
though a Linux desktop's own fallback fonts hide the gap."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

import lianhua_desk.ui as ui_package
from lianhua_desk.reports.fonts import fallback_font_files
from lianhua_desk.ui.resources import cjk_font_file

UI = Path(ui_package.__file__).parent


def _cmap(path: Path) -> set[int]:
    return set(TTFont("glyph-check", str(path), subfontIndex=0).face.charToGlyph)


def _literal_characters() -> dict[str, str]:
    """Each non-ASCII character in a string literal of ui/, with one place it occurs."""
    found: dict[str, str] = {}
    for source in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for char in node.value:
                    if ord(char) > 0x7F:
                        found.setdefault(char, f"{source.name}:{node.lineno}")
    return found


def _ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


def test_every_character_the_window_writes_is_in_a_shipped_font():
    """Marks and punctuation in the application font itself (a ✗ borrowed from the
    Mincho fallback sits oddly in a sans table); a rare ideograph may come from the
    fallback fonts."""
    font = cjk_font_file()
    assert font is not None and font.name.startswith("wqy")
    main = _cmap(font)
    fallback = set()
    for _name, path in fallback_font_files():
        fallback |= _cmap(path)
    characters = _literal_characters()
    assert len(characters) > 500  # the window's Chinese words are all looked at
    missing = {
        c: where
        for c, where in characters.items()
        if ord(c) not in main and not (_ideograph(c) and ord(c) in fallback)
    }
    assert not missing, f"not in the application font: {missing}"
