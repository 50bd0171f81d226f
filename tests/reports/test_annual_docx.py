"""The annual report's Word copy holds the model's text, tables and charts, in the 公文
styles and page, read back from the saved .docx with python-docx (no mocks)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image

from lianhua_desk.domain.numbers import separated
from lianhua_desk.reports import annual_docx, chart_images
from lianhua_desk.reports.annual_docx import FIGURE_STYLE, STYLES
from lianhua_desk.reports.document import Annex, Chart, Figure, Para, ReportDocument, Table
from lianhua_desk.reports.text import date_cn

PROGRAM_NAMES = ("python-docx", "法治工作台", "Lianhua Desk", "lianhua_desk", "lianhua-desk")


def sample() -> ReportDocument:
    """Every kind of block: body styles, lead, figures, placeholder, note, two annexes
    with a table (amounts right-aligned) and a bar and a pie chart."""
    return ReportDocument(
        title="莲花街道2020年法治政府建设年度报告",
        body=[
            Para(("近几年来，莲花街道以群众需求与社会问题为导向，夯实基层法治建设。",)),
            Para(("一、主要举措",), style="h1"),
            Para(("（一）落实四个保障，夯实法治建设工作基础",), style="h2"),
            Para(
                (
                    "街道司法所全年开展法治讲座",
                    Figure("lectures", "40余场", 43),
                    "，服务群众",
                    Figure("consultations", "600余人次", 612),
                    "。",
                ),
                lead="1、组织保障。",
            ),
            Para(("二、存在问题及形势研判",), style="h1"),
            Para(("【待填写】本部分尚未填写。",), style="placeholder"),
            Para(("注：本报告数字统计截至2020年12月24日。",), style="note"),
        ],
        issuer="莲花街道办事处",
        issued=dt.date(2020, 12, 24),
        cut_off=dt.date(2020, 12, 24),
        year=2020,
        annexes=[
            Annex(
                "2020年主要数据",
                (
                    Table(
                        "附表1 主要数据",
                        ("项目", "数量", "金额（元）"),
                        (("人民调解", "55", "10,561,600.00"), ("法律咨询", "612", "0.00")),
                        ("left", "right", "right"),
                        "注：金额为调解追回款项。",
                    ),
                    Chart(
                        "图1 各社区调解金额",
                        "bar",
                        (("莲花北社区", 10561600.0), ("景华社区", 35.5)),
                    ),
                ),
            ),
            Annex(
                "纠纷类型",
                (Chart("图2 纠纷类型", "pie", (("劳资纠纷", 55.0), ("婚姻家庭", 20.0))),),
            ),
        ],
    )


def expected_paragraphs(doc: ReportDocument) -> list[str]:
    """The paragraphs outside tables, in order, as the model says they should read."""
    texts = [doc.title, *(p.text for p in doc.body)]
    titles = doc.attachments
    texts += [
        ("附件：" if n == 1 else "") + (f"{n}. " if len(titles) > 1 else "") + title
        for n, title in enumerate(titles, 1)
    ]
    texts += [doc.issuer, date_cn(doc.issued)]
    for n, annex in enumerate(doc.annexes, 1):
        texts += [f"附件{n}" if len(doc.annexes) > 1 else "附件", annex.title]
        for block in annex.blocks:
            if isinstance(block, Para):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [block.caption] + ([block.note] if block.note else [])
            else:
                texts.append(block.caption)
    return texts


@pytest.fixture
def saved(tmp_path) -> tuple[ReportDocument, Path]:
    doc = sample()
    return doc, annual_docx.render(doc, tmp_path / "报告.docx")


def test_paragraph_texts_in_the_model_order(saved):
    doc, out = saved
    word = docx.Document(out)
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts == expected_paragraphs(doc)
    annex_marks = [p for p in word.paragraphs if p.text in ("附件1", "附件2")]
    assert [p.paragraph_format.page_break_before for p in annex_marks] == [True, True]


def test_paragraphs_carry_their_styles(saved):
    doc, out = saved
    word = docx.Document(out)
    by_text = {p.text: p.style.name for p in word.paragraphs}
    assert by_text[doc.title] == STYLES["title"].name
    for para in doc.body:
        assert by_text[para.text] == STYLES[para.style].name, para.text


def test_a_figure_is_a_run_of_its_own_style_inside_its_paragraph(saved):
    doc, out = saved
    word = docx.Document(out)
    para = next(p for p in doc.body if p.figures)
    (found,) = [p for p in word.paragraphs if p.text == para.text]
    figure_runs = [r.text for r in found.runs if r.style.name == FIGURE_STYLE]
    assert figure_runs == [f.text for f in para.figures]
    lead = found.runs[0]
    assert lead.text == para.lead and lead.style.font.bold
    style = word.styles[FIGURE_STYLE].element
    assert style.find(qn("w:rPr")) is None or style.find(qn("w:rPr")).find(qn("w:color")) is None
    for run in found.runs:  # no colour on the runs either
        assert run.font.color.rgb is None


def test_tables_hold_the_model_cells_with_a_repeating_header(saved):
    doc, out = saved
    word = docx.Document(out)
    (model,) = [b for a in doc.annexes for b in a.blocks if isinstance(b, Table)]
    (table,) = word.tables
    cells = [tuple(c.text for c in row.cells) for row in table.rows]
    assert cells == [model.head, *model.rows]
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    for row in table.rows[1:]:
        aligns = [c.paragraphs[0].alignment for c in row.cells]
        assert aligns[1:] == [WD_ALIGN_PARAGRAPH.RIGHT] * 2  # counts and amounts
        assert aligns[0] == WD_ALIGN_PARAGRAPH.LEFT


def test_charts_are_pictures_with_their_data_in_the_alt_text(saved):
    doc, out = saved
    word = docx.Document(out)
    charts = [b for a in doc.annexes for b in a.blocks if isinstance(b, Chart)]
    shapes = word.inline_shapes
    assert len(shapes) == len(charts)
    assert "莲花北社区 10,561,600；景华社区 35.50" in shapes[0]._inline.docPr.get("descr")
    for shape, chart in zip(shapes, charts, strict=True):
        descr = shape._inline.docPr.get("descr")
        for label, value in chart.data:
            assert f"{label} {separated(value)}" in descr
        blob = word.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        with Image.open(io.BytesIO(blob)) as image:
            assert image.format == "PNG" and image.width >= 1000


def test_styles_name_the_office_fonts_for_east_asian_text(saved):
    _, out = saved
    word = docx.Document(out)
    for spec in STYLES.values():
        element = word.styles[spec.name].element
        fonts = element.rPr.rFonts
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            assert fonts.get(qn(attr)) == spec.font, (spec.name, attr)
        assert not any("Theme" in name or "theme" in name for name in fonts.attrib), spec.name
        assert word.styles[spec.name].font.size == Pt(spec.size)
    fonts = {key: STYLES[key].font for key in ("title", "body", "h1", "h2", "page_number")}
    assert fonts == {
        "title": "方正小标宋简体",
        "body": "仿宋_GB2312",
        "h1": "黑体",
        "h2": "楷体_GB2312",
        "page_number": "宋体",
    }
    body = word.styles[STYLES["body"].name]
    assert body.font.size == Pt(16) and word.styles[STYLES["title"].name].font.size == Pt(22)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_page_is_a4_with_the_gbt9704_margins(saved):
    _, out = saved
    section = docx.Document(out).sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    # Word keeps twips (1/20 pt): millimetres to a tenth.
    assert [round(length.mm, 1) for length in sizes] == [210, 297]
    assert [round(length.mm, 1) for length in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines a page


def test_footer_has_a_page_field_on_the_outer_side(saved):
    _, out = saved
    word = docx.Document(out)
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        (p,) = footer.paragraphs
        assert p.alignment == side
        assert p.style.name == STYLES["page_number"].name
        instr = [e.text for e in p._p.iter(qn("w:instrText"))]
        assert [t.strip() for t in instr] == ["PAGE"]
        kinds = [e.get(qn("w:fldCharType")) for e in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert p.text.startswith("— ") and p.text.endswith(" —")


def test_properties_name_the_issuer_and_no_program(saved):
    doc, out = saved
    props = docx.Document(out).core_properties
    assert props.author == props.last_modified_by == doc.issuer
    assert props.title == doc.title
    assert props.comments == ""
    with zipfile.ZipFile(out) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                text = package.read(name).decode("utf-8")
                for program in PROGRAM_NAMES:
                    assert program.lower() not in text.lower(), (name, program)
        assert not any("thumbnail" in name for name in package.namelist())


@pytest.mark.parametrize("name", ["报告.pdf", "报告", "报告.doc", "报告.docx.tmp"])
def test_a_wrong_suffix_is_refused(tmp_path, name):
    with pytest.raises(ValueError, match=r"\.docx") as error:
        annual_docx.render(sample(), tmp_path / name)
    assert name in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "报告.DOCX"
    annual_docx.render(sample(), out)  # the suffix in capitals is still .docx
    before = out.read_bytes()
    broken = sample()
    broken.annexes.append(Annex("坏附件", ("不是表格也不是图表",)))
    with pytest.raises(TypeError, match="坏附件"):
        annual_docx.render(broken, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def _writer() -> str | None:
    """Why LibreOffice cannot turn a .docx into a PDF here, or None if it can."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return "LibreOffice (soffice) is not installed"
    program = Path(soffice).resolve().parent
    if not any(program.glob("libswlo.so*")):
        return f"LibreOffice Writer is not installed (no libswlo.so in {program})"
    return None


def test_libreoffice_reads_the_text_back(saved, tmp_path):
    reason = _writer()
    if reason:
        print(f"skipped: {reason}")
        pytest.skip(reason)
    doc, out = saved
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out.with_suffix(".pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        encoding="utf-8",
    ).stdout
    flat = "".join(text.split())
    for line in expected_paragraphs(doc):
        assert "".join(line.split()) in flat, line


def test_demo_year_end_to_end_figures_match_the_model(demo_ctx, tmp_path):
    from lianhua_desk.services.annual_report import build_document

    issued = dt.date(2020, 12, 24)
    out = annual_docx.write(demo_ctx, 2020, tmp_path / "2020.docx", issued=issued)
    model = build_document(demo_ctx, 2020, issued=issued)
    word = docx.Document(out)
    runs = [r.text for p in word.paragraphs for r in p.runs if r.style.name == FIGURE_STYLE]
    assert model.figures() and runs == [f.text for f in model.figures()]
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts == expected_paragraphs(model)
    assert "2020年12月24日" in texts


def test_chart_pictures_grow_with_their_data_and_say_when_empty():
    def size(chart: Chart) -> tuple[int, int]:
        with Image.open(io.BytesIO(chart_images.png(chart))) as image:
            return image.size

    few = Chart("图", "bar", (("甲社区", 3.0),))
    many = Chart("图", "bar", tuple((f"{n}号社区", float(n)) for n in range(1, 13)))
    assert size(many)[1] > size(few)[1] and size(many)[0] == size(few)[0]
    # a zero is no bar, and an empty chart is a short "本期无数据" picture, not an error
    assert size(Chart("图", "bar", (("甲社区", 3.0), ("乙社区", 0.0)))) == size(few)
    assert (
        size(Chart("图", "pie", ())) == size(Chart("图", "bar", (("甲社区", 0.0),))) == (1600, 160)
    )
    with pytest.raises(ValueError, match="图9.*line"):
        chart_images.png(Chart("图9", "line", (("甲", 1.0),)))
