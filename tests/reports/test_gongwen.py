"""The annual report in official-document form (GB/T 9704): a ReportDocument built by
hand with every kind of block, rendered by reports/annual.py, read back with poppler
(pdftotext, pdffonts) and pypdf."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from lianhua_desk.reports import annual, gongwen
from lianhua_desk.reports.document import Annex, Chart, Figure, Para, ReportDocument, Table
from tests.platforms import require_poppler

from .pdfcheck import pdf_fonts

PROGRAM = "莲花法治工作台"
RARE = "王䶮𬌗𠀀堃"  # Extensions A, E, B (𠀀: not in the 仿宋 stand-in), 堃 not in GB 2312
LONG = (
    "街道高度重视法治建设工作，从街道到各社区，指派专人负责此项工作。街道党工委定期召开专题会议"
    "听取工作汇报，对工作过程中的重点、难点问题进行研判、处置。同时街道司法所定期到各社区指导"
    "检查工作开展，形成上下联动、齐抓共建的工作格局。今年共召开居民议事会48次，形成决议61个，"
    "累计提供法律咨询服务600余次。"
)


def _annex_2() -> Annex:
    rows = tuple((f"社区{i:02d}", f"{i * 3}", f"{i * 1234.5:,.1f}") for i in range(1, 41))
    return Annex(
        "社区法律顾问工作量",
        (
            Table(
                "附表2　社区法律顾问工作量",
                ("社区", "值班（次）", "服务时长（小时）"),
                rows,
                ("left", "right", "right"),
                note="注：仅统计已结束的考核周期。",
            ),
        ),
    )


def document(body_paragraphs: int = 3) -> ReportDocument:
    body = [
        Para(("近几年来，莲花街道积极响应省委“全面依法治省”的号召。",)),
        Para(("一、主要举措",), "h1"),
        Para(("（一）落实四个保障，夯实法治建设工作基础",), "h2"),
        Para(
            ("今年以来，社区法律顾问共参与调解", Figure("advisor_mediations", "51起", 51), "。"),
            lead="1、组织保障。",
        ),
        *[Para((LONG,)) for _ in range(body_paragraphs)],
        Para((f"申请人{RARE}的纠纷已调解。",)),
        Para((f"（二）{RARE}调解工作室",), "h2"),  # the 楷 face has GB 2312 only
        Para(("二、存在问题及形势研判",), "h1"),
        Para(("【待填写】本部分尚未填写。",), "placeholder"),
        Para(("注：数字统计截至年末。",), "note"),
    ]
    annexes = [
        Annex(
            "主要工作数据",
            (
                Table(
                    "附表1　主要数据", ("项目", "数值"), (("调解案件", "63"),), ("left", "right")
                ),
                Chart("图1　调解案件按纠纷类别", "bar", (("劳资纠纷", 30.0), ("邻里纠纷", 12.0))),
                Chart("图2　信访件按分流去向", "pie", (("司法途径", 5.0), ("调解", 7.0))),
                Para(("以上数据由街道司法所提供。",)),
            ),
        ),
        _annex_2(),
    ]
    return ReportDocument(
        title="莲花街道2020年法治政府建设年度报告",
        body=body,
        issuer="莲花街道办事处",
        issued=dt.date(2020, 12, 24),
        cut_off=dt.date(2020, 12, 24),
        year=2020,
        annexes=annexes,
    )


def _poppler(*args: str) -> str:
    require_poppler(args[0])
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def page_texts(path: Path) -> list[str]:
    return _poppler("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """pdftotext -bbox: (xMin, yMin, xMax, yMax, word) in points from the top left."""
    html = _poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    )
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in found]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    return annual.render(document(), tmp_path_factory.mktemp("gongwen") / "report.pdf")


def test_every_block_kind_renders_with_the_words_in_order(pdf):
    text = "".join(page_texts(pdf))
    flat = re.sub(r"\s+", "", text)
    order = [
        "莲花街道2020年法治政府建设年度报告",
        "一、主要举措",
        "（一）落实四个保障",
        "1、组织保障。今年以来，社区法律顾问共参与调解51起。",
        "【待填写】本部分尚未填写。",
        "附件：1.主要工作数据",
        "2.社区法律顾问工作量",
        "莲花街道办事处",
        "2020年12月24日",
        "附件1",
        "附表1主要数据",
        "附件2",
        "附表2社区法律顾问工作量",
    ]
    at = [flat.find(s) for s in order]
    assert -1 not in at, [s for s, i in zip(order, at, strict=True) if i == -1]
    assert at == sorted(at), "blocks out of order: " + str(list(zip(order, at, strict=True)))


def test_fonts_embedded_and_at_least_three_faces(pdf):
    found = pdf_fonts(pdf)
    assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in found), found
    faces = {f["name"].split("+")[-1] for f in found}
    assert {"LXGWWenKai-Regular", "LXGWWenKai-Bold"} <= faces, faces
    assert any(f.startswith("WenQuanYiMicroHei") for f in faces), faces
    assert any("Sung" in f or "Kai" in f for f in faces - {"LXGWWenKai-Regular"}), faces
    assert len(faces) >= 3 and not any("Helvetica" in f for f in faces), faces


def test_page_numbers_on_every_page_odd_right_even_left(pdf):
    pages = page_texts(pdf)
    assert len(pages) >= 4
    width = 210 * mm
    for n, text in enumerate(pages, start=1):
        assert f"— {n} —" in text, (n, text[-200:])
        marks = [w for w in words(pdf, n) if w[4] == str(n)]
        x = marks[-1][0]  # the number is the lowest such word
        if n % 2:
            assert x > width / 2, f"第{n}页（单页）页码应在右侧"
        else:
            assert x < width / 2, f"第{n}页（双页）页码应在左侧"


def test_a_full_page_of_body_text_holds_22_lines(tmp_path):
    doc = document(body_paragraphs=30)
    doc.annexes = []
    out = annual.render(doc, tmp_path / "long.pdf")
    second = page_texts(out)[1]  # all body text: no title, no signature
    lines = [line for line in second.splitlines() if line.strip() and "—" not in line]
    assert abs(len(lines) - 22) <= 1, len(lines)


def test_text_block_sits_in_the_gb9704_margins(tmp_path):
    doc = document(body_paragraphs=30)
    doc.annexes = []
    out = annual.render(doc, tmp_path / "long.pdf")
    text_words = [w for w in words(out, 2) if "—" not in w[4] and not w[4].isdigit()]
    left = min(w[0] for w in text_words) / mm
    right = max(w[2] for w in text_words) / mm
    top = min(w[1] for w in text_words) / mm
    bottom = max(w[3] for w in text_words) / mm
    assert 27.5 <= left <= 29, left  # 订口 28 mm (a line that is not indented)
    assert 28 + 156 - 1 <= right <= 28 + 156 + 0.5, right  # the block is 156 mm wide
    assert 37 <= top <= 38.5, top  # 天头 37 mm, the first line's glyphs just below
    assert 37 + 225 - 5 <= bottom <= 37 + 225, bottom  # 22 lines fill 225 mm
    # justified: a line that is not a paragraph's last reaches the block's right edge
    flush = [w for w in text_words if abs(w[2] / mm - (28 + 156)) < 0.3]
    assert len(flush) >= 15, sorted(round(w[2] / mm, 1) for w in text_words)


def test_date_attachments_before_issuer_and_date_four_characters_in(pdf):
    pages = page_texts(pdf)
    signed = next(i for i, t in enumerate(pages, start=1) if "2020年12月24日" in t)
    flat = re.sub(r"\s+", "", pages[signed - 1])
    assert flat.index("附件：") < flat.index("莲花街道办事处") < flat.index("2020年12月24日")
    date = [w for w in words(pdf, signed) if w[4].startswith("2020年12月24日")]
    right_gap = (28 + 156) * mm - date[0][2]
    assert abs(right_gap - 4 * gongwen.PITCH) < 3, right_gap / gongwen.PITCH


def test_no_program_name_in_text_or_metadata(pdf):
    assert PROGRAM not in "".join(page_texts(pdf))
    meta = PdfReader(pdf).metadata
    assert meta.title == "莲花街道2020年法治政府建设年度报告"
    assert meta.author == "莲花街道办事处"
    for value in meta.values():
        assert PROGRAM not in str(value) and "Lianhua" not in str(value), meta
    raw = pdf.read_bytes()
    assert "莲花法治工作台".encode("utf-16-be") not in raw and b"Lianhua Desk" not in raw


def test_rare_characters_survive_in_a_fangsong_paragraph_and_a_kai_heading(pdf):
    flat = re.sub(r"\s+", "", "".join(page_texts(pdf)))
    assert f"申请人{RARE}的纠纷已调解" in flat
    assert f"（二）{RARE}调解工作室" in flat
    faces = {f["name"].split("+")[-1] for f in pdf_fonts(pdf)}
    assert {"HanaMinA", "HanaMinB"} <= faces, faces


def test_table_header_repeats_on_the_next_page(pdf):
    pages = page_texts(pdf)
    with_rows = [t for t in pages if "社区40" in t or "社区01" in t]
    holding = [i for i, t in enumerate(pages) if re.search(r"社区\d\d", t)]
    assert len(holding) >= 2, "附表2 should run over two pages"
    for i in holding:
        assert "服务时长（小时）" in pages[i], f"第{i + 1}页缺表头"
    assert with_rows


def test_a_paragraph_split_over_two_pages_gains_no_spaces(tmp_path):
    """reportlab rejoins a split paragraph's lines with spaces; between Chinese
    characters they would print as gaps."""
    lead_para = Para((LONG * 6,), lead="2、抓调解“模式”引入。")
    doc = document(body_paragraphs=8)
    doc.body.insert(5, lead_para)
    doc.annexes = []
    out = annual.render(doc, tmp_path / "split.pdf")
    raw = _poppler("pdftotext", str(out), "-")
    pages = raw.split("\f")
    assert any(LONG[:10] in p for p in pages[1:]), "the long paragraph should reach page 2"
    joined = "".join(line.strip() for line in raw.splitlines() if "—" not in line)
    assert lead_para.text in joined


def test_demo_year_end_to_end(demo_ctx, tmp_path):
    """services.annual_report.build_document + this renderer, as the CLI calls them."""
    out = annual.write(demo_ctx, 2020, tmp_path / "annual.pdf", issued=dt.date(2020, 12, 24))
    pages = page_texts(out)
    for n, text in enumerate(pages, start=1):
        assert f"— {n} —" in text, n
    flat = re.sub(r"\s+", "", "".join(pages))
    assert flat.startswith("莲花街道2020年法治政府建设年度报告")
    assert flat.index("附件：") < flat.index("莲花街道办事处2020年12月24日") < flat.index("附件1")
    assert PROGRAM not in flat
    assert PROGRAM not in str(PdfReader(out).metadata)
    found = pdf_fonts(out)
    assert all(f["emb"] == "yes" for f in found) and len({f["name"] for f in found}) >= 3
    # figures print as plain text: the body's pages fill in black only (but for the
    # background of a 【待填写】 placeholder)
    signed = next(i for i, t in enumerate(pages) if re.search(r"办事处\s+2020年12月24日", t))
    fills = set()
    for page in PdfReader(out).pages[: signed + 1]:
        content = page.get_contents().get_data().decode("latin-1")
        fills |= set(re.findall(r"([\d.]+ [\d.]+ [\d.]+) rg", content))
    assert fills <= {"0 0 0", "1 .964706 .839216"}, fills
    # the signature never stands alone on its page: some of the text comes with it
    before = re.sub(r"\s+", "", pages[signed].split("莲花街道办事处")[0])
    assert re.sub(r"附件：.*", "", before), pages[signed]
    # no line of the body runs into the right margin (reportlab lets a closing mark hang)
    for n in range(1, signed + 2):
        right = max(w[2] for w in words(out, n)) / mm
        assert right <= 28 + 156 + 0.2, (n, right)


def test_internal_version_renders(demo_ctx, tmp_path):
    public = annual.write(demo_ctx, 2020, tmp_path / "public.pdf", issued=dt.date(2020, 12, 24))
    internal = annual.write(
        demo_ctx, 2020, tmp_path / "internal.pdf", issued=dt.date(2020, 12, 24), internal=True
    )
    assert len(page_texts(internal)) > len(page_texts(public))
