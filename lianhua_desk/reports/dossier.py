"""The mediation dossier (人民调解卷宗) of one case, in the order and forms of 司法部
2010《人民调解文书格式》: 卷宗封面, 卷内目录, 人民调解申请书 or 受理登记表, 当事人权利义务
告知书, 调查记录, 调解记录, 人民调解协议书 or 口头协议登记表, 回访记录, 司法确认材料, 封底.

Each document starts a page; the 卷内目录 gives each one's first page. The PDF is laid
out until those numbers stop changing (two passes, a third if the 目录 itself grew):
a zero-size marker at the head of each document notes the page it lands on.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from ..domain.numbers import count
from ..domain.settings import signer
from ..services.dossier import DossierData, DossierEntry, DossierResult
from . import dossier_docs as docs
from .layout import build_pdf, cell, data_table, frame_width
from .styles import styles
from .text import date_cn, esc


@dataclass
class Document:
    title: str  # the 卷内目录's name for it; also printed at its head
    body: list[Flowable]
    pending: bool = False
    listed: bool = True  # the cover and the 目录 itself are not listed


END = -1  # the key of the marker after the last document


class _Mark(Flowable):
    """Zero-size: notes the page it is drawn on."""

    def __init__(self, pages: dict[int, int], key: int):
        super().__init__()
        self.pages, self.key = pages, key
        self.width = self.height = 0

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        self.pages.setdefault(self.key, self.canv.getPageNumber())


def _documents(d: DossierData, total: int) -> list[Document]:
    out = [Document("卷宗封面", docs.cover(d), listed=False)]
    out.append(Document("卷内目录", [], listed=False))  # filled in by _story
    out += [Document(t, body, pending) for t, body, pending in docs.contents_documents(d)]
    out.append(Document("封底（备考表）", docs.back_cover(d, total)))
    return out


def _contents(entries: list[tuple[str, int | None, bool]]) -> list[Flowable]:
    s = styles()
    width = frame_width()
    rows = [[cell(h, "big_cell_c") for h in ("序号", "文书名称", "页号", "备注")]]
    for i, (name, page, pending) in enumerate(entries, start=1):
        rows.append(
            [
                cell(str(i), "big_cell_c"),
                cell(esc(name), "big_cell"),
                cell(str(page) if page else "", "big_cell_c"),
                cell("待补" if pending else "", "big_cell_c"),
            ]
        )
    table = data_table(
        rows,
        [16 * mm, width - 66 * mm, 20 * mm, 30 * mm],
        extra=[("TOPPADDING", (0, 1), (-1, -1), 6), ("BOTTOMPADDING", (0, 1), (-1, -1), 6)],
    )
    return [
        Paragraph("卷内目录", s["title"]),
        Spacer(1, 3 * mm),
        table,
        Paragraph("注：标“待补”的文书，案件记录尚不能填写，卷内附空白格式文书待补填。", s["note"]),
    ]


def _story(d: DossierData, pages: dict[int, int], known: dict[int, int], total: int):
    documents = _documents(d, total)
    listed = [(i, doc) for i, doc in enumerate(documents) if doc.listed]
    documents[1].body = _contents([(doc.title, known.get(i), doc.pending) for i, doc in listed])
    story: list[Flowable] = []
    for i, doc in enumerate(documents):
        if i:
            story.append(PageBreak())
        story.append(_Mark(pages, i))
        story += doc.body
    story.append(_Mark(pages, END))  # the last page: the 封底 counts the pages
    return documents, story


def render_dossier(d: DossierData, out: str | os.PathLike) -> tuple[Path, list[DossierEntry]]:
    """Lay the dossier out until its 目录's page numbers are right; the layout that
    agrees with the numbers it prints becomes `out` (renamed, never half written)."""
    out = Path(out)
    known: dict[int, int] = {}
    total = 0
    title = f"人民调解卷宗（{d.case_no}）"
    with tempfile.TemporaryDirectory(prefix=".lianhua-dossier-", dir=out.parent) as tmp:
        for _ in range(4):
            pages: dict[int, int] = {}
            documents, story = _story(d, pages, known, total)
            trial = build_pdf(
                Path(tmp) / "trial.pdf", story, title=title, author=signer(d.filed_by)
            )
            count = pages.pop(END)
            if pages == known and count == total:
                os.replace(trial, out)
                break
            known, total = pages, count
        else:  # each pass can only move a page number by the 目录's own growth
            raise RuntimeError(f"{d.case_no} 卷内目录的页码排版四次仍未稳定")
    entries = [DossierEntry(doc.title, pages[i], doc.pending) for i, doc in enumerate(documents)]
    return out, entries


def render_cover(d: DossierData, out: str | os.PathLike) -> Path:
    """The cover and the 卷内目录 alone, with the page numbers of the full dossier."""
    with tempfile.TemporaryDirectory(prefix="lianhua-dossier-") as tmp:
        _, entries = render_dossier(d, Path(tmp) / "full.pdf")
    known = {i: e.page for i, e in enumerate(entries)}
    documents, story = _story(d, {}, known, entries[-1].page)
    cut = next(i for i, f in enumerate(story) if isinstance(f, _Mark) and f.key == 2)
    return build_pdf(out, story[: cut - 1], title=f"人民调解卷宗封面（{d.case_no}）")


def render_index(
    title: str, subdistrict: str, cases: list[dict], results: list[DossierResult], out: Path
) -> Path:
    """卷宗目录.pdf: one row per case's dossier, with the documents still 待补."""
    s = styles()
    width = frame_width(wide=True)
    heads = ("序号", "案件编号", "案由", "当事人", "调解员", "受理日期", "结案日期", "结果")
    heads += ("页数", "待补文书")
    rows = [[cell(h, "head") for h in heads]]
    for i, (case, result) in enumerate(zip(cases, results, strict=True), start=1):
        people = "、".join(x for x in (case["applicant"], case["respondent"]) if x)
        pending = "、".join(e.title for e in result.documents if e.pending) or "—"
        last = result.documents[-1].page
        rows.append(
            [
                cell(str(i), "cell_c"),
                cell(esc(case["case_no"])),
                cell(esc(docs.cause(case))),
                cell(esc(people)),
                cell(esc(case["mediator"], "—")),
                cell(date_cn(case["received_date"]), "cell_c"),
                cell(date_cn(case["closed_date"]) or "—", "cell_c"),
                cell(esc(case["status"]), "cell_c"),
                cell(str(last), "cell_c"),
                cell(esc(pending)),
            ]
        )
    fixed = [10, 38, 24, 42, 18, 28, 28, 22, 12]  # mm; the 待补 list takes the rest
    fixed.append(width / mm - sum(fixed))
    story = [
        Paragraph(esc(title), s["title"]),
        Paragraph(
            f"{esc(subdistrict)}　共 {count(len(results))} 卷，每卷的文件名为其案件编号",
            s["subtitle"],
        ),
        Spacer(1, 4 * mm),
        data_table(rows, [w * mm for w in fixed]),
    ]
    return build_pdf(out, story, title=title, header=title, wide=True)
