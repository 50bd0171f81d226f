"""Checks on real PDFs: their text (pypdf) and their fonts (poppler's pdffonts)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from tests.platforms import require_poppler


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    """All the text, whitespace removed, so wrapped lines and table cells join up
    (compare with `squash(expected)`)."""
    return squash("".join(pdf_pages(path)))


def pdf_fonts(path: Path) -> list[dict]:
    """pdffonts' table: one dict per font (name, type, emb, sub, uni)."""
    require_poppler("pdffonts")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, encoding="utf-8", check=True)
    fonts = []
    for line in out.stdout.splitlines()[2:]:
        parts = line.split()
        # name type [type...] encoding emb sub uni object ID
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def assert_fonts_embedded(path: Path) -> None:
    fonts = pdf_fonts(path)
    assert fonts, f"{path.name}: no fonts at all"
    for font in fonts:
        assert font["emb"] == "yes", f"{path.name}: font {font['name']} not embedded"
        assert font["uni"] == "yes", f"{path.name}: font {font['name']} has no ToUnicode map"
        assert "Helvetica" not in font["name"], f"{path.name}: standard font {font['name']}"
