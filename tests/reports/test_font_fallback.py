"""Rare characters in PDFs and on screen: set in the fallback font (Hanazono Mincho),
never dropped silently; a character no shipped font has is reported."""

from __future__ import annotations

import os
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from reportlab.platypus import Paragraph  # noqa: E402

from lianhua_desk.reports import agreement, fonts  # noqa: E402
from lianhua_desk.reports.layout import build_pdf, cell, data_table  # noqa: E402
from lianhua_desk.reports.styles import styles  # noqa: E402
from lianhua_desk.reports.text import esc  # noqa: E402
from lianhua_desk.services import records  # noqa: E402
from tests.platforms import require_poppler  # noqa: E402

from .pdfcheck import assert_fonts_embedded, pdf_fonts, pdf_text  # noqa: E402

NAME = "王䶮堃𬌗"  # 䶮 U+4DAE Extension A, 𬌗 U+2C317 Extension E
EXT_B = "𠀀"  # U+20000
NO_FONT = "\U00030edd"  # 𰻝 Extension G: in none of the shipped fonts
PUA = "\ue000"  # Private Use Area: deliberately left out of the fallback subset


def _pdftotext(path) -> str:
    require_poppler("pdftotext")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


@pytest.fixture
def rare_pdf(tmp_path):
    """The project's page template, styles and `esc`, as every document uses them."""
    s = styles()
    story = [
        Paragraph(f"申请人：{esc(NAME)}", s["body"]),
        data_table([[cell("姓名", "head"), cell(esc(NAME + EXT_B))]], [80, 200], header_rows=0),
        Paragraph(esc(f"{EXT_B}与{NAME}之争"), s["plain"]),
    ]
    return build_pdf(tmp_path / "rare.pdf", story, title="生僻字", header="莲调〔2020〕第2号")


def test_rare_characters_survive_in_the_pdf_text(rare_pdf):
    text = _pdftotext(rare_pdf)
    assert f"申请人：{NAME}" in text and NAME + EXT_B in text
    assert f"{EXT_B}与{NAME}之争" in text
    squashed = pdf_text(rare_pdf)  # pypdf reads the same ToUnicode maps
    assert f"申请人：{NAME}" in squashed and f"{EXT_B}与{NAME}之争" in squashed


def test_fallback_fonts_are_embedded(rare_pdf):
    names = [f["name"].split("+")[-1] for f in pdf_fonts(rare_pdf)]
    assert "HanaMinA" in names and "HanaMinB" in names, names
    assert_fonts_embedded(rare_pdf)  # embedded, with ToUnicode, no Helvetica


def test_a_document_prints_a_rare_name(demo_ctx, tmp_path):
    case_no, case_id = demo_ctx.db.execute(
        "SELECT case_no, id FROM cases WHERE agreement IS NOT NULL LIMIT 1"
    ).fetchone()
    records.update(demo_ctx, "cases", case_id, {"applicant": NAME})
    out = agreement.write_cover(demo_ctx, case_no, tmp_path / "c.pdf")
    assert f"申请人：{NAME}" in _pdftotext(out)
    assert "HanaMinB" in [f["name"].split("+")[-1] for f in pdf_fonts(out)]


def test_text_the_main_font_has_gets_no_font_tag():
    plain = '莲调〔2020〕第2号 张三 <b>&"</b> ABC 123，。'
    assert (
        fonts.fallback_markup(plain)
        == "莲调〔2020〕第2号 张三 &lt;b&gt;&amp;&quot;&lt;/b&gt; ABC 123，。"
    )
    assert "<font" not in esc(plain + "\n李四")
    assert fonts.font_runs(plain) == [(fonts.FONT, plain)]


def test_runs_the_main_font_lacks_are_wrapped_in_a_fallback_font():
    a, b = (name for name, _ in fonts.FALLBACK_FONTS)
    assert esc(f"{NAME}<\n{EXT_B}{EXT_B}") == (
        f'王<font name="{a}">䶮</font>堃<font name="{b}">𬌗</font>&lt;<br/>'
        f'<font name="{b}">{EXT_B}{EXT_B}</font>'
    )


def test_missing_glyphs_and_the_warning_naming_the_record():
    assert fonts.missing_glyphs(NAME + EXT_B + "张三\n") == ""
    assert fonts.missing_glyphs(f"张{NO_FONT}{PUA}{NO_FONT}") == NO_FONT + PUA
    assert fonts.check_renderable("张三 ABC，", "莲调〔2020〕第2号 申请人") is None
    assert fonts.check_renderable(NAME + EXT_B, "莲调〔2020〕第2号 申请人") is None
    assert fonts.check_renderable(f"张{NO_FONT}", "莲调〔2020〕第2号 申请人") == (
        f"“张{NO_FONT}”中的“{NO_FONT}”（U+30EDD）没有可用字体，PDF 中将显示为空白："
        "记录 莲调〔2020〕第2号 申请人"
    )
    long = "甲" * 30 + PUA + "乙" * 30
    warning = fonts.check_renderable(long, "莲调〔2020〕第2号 纠纷事实")
    assert warning is not None and "（U+E000）" in warning and len(warning) < 90


def test_the_window_finds_the_rare_characters(qapp):
    from PySide6.QtGui import QFont, QFontMetrics, QRawFont

    from lianhua_desk.ui.fonts import install_fallback_fonts
    from lianhua_desk.ui.resources import install_cjk_font

    before = qapp.font()
    main = install_cjk_font(qapp)
    try:
        families = install_fallback_fonts(qapp)
        assert families == ["HanaMinA", "HanaMinB"]
        assert qapp.font().families() == [main, *families]
        metrics = QFontMetrics(qapp.font())
        for char in (NAME[1], NAME[3], EXT_B):
            assert metrics.inFontUcs4(ord(char)), f"U+{ord(char):04X}"
        assert QRawFont.fromFont(QFont("HanaMinB")).supportsCharacter(ord(NAME[3]))
        assert QRawFont.fromFont(QFont("HanaMinA")).supportsCharacter(ord(NAME[1]))
    finally:
        qapp.setFont(before)
        QFont.removeSubstitutions(main)
