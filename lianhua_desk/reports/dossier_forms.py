"""The building blocks of the dossier's standard forms (司法部 2010《人民调解文书格式》):
labelled grids, ruled lines for handwriting, signature lines, and the parties'
particulars as 人民调解法 Art. 29 asks for them.

A value the records do not hold prints as a ruled blank, so the form can be completed
by hand; every user string goes through `esc`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from . import fonts
from .layout import cell, frame_width
from .styles import INK, RULE, styles, table_style
from .text import date_cn, esc

LINE = "＿"
CN_NUMBERS = "一二三四五六七八九十"


def blank(n: int = 8) -> str:
    return LINE * n


def value(v, n: int = 8) -> str:
    """A stored value as markup, or a ruled blank to fill by hand."""
    if v is None or v == "":
        return blank(n)
    return esc(v)


def day(v, blank_text: str = "＿＿＿＿年＿＿月＿＿日") -> str:
    return date_cn(v) if v else blank_text


def title(text: str, committee: str | None = None) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    if committee:
        out.append(Paragraph(esc(committee), s["center"]))
    out.append(Paragraph(text, s["title"]))
    return out


def grid(rows: Sequence[Sequence[tuple[str, str]]], label_mm: float = 26) -> Table:
    """Rows of (label, markup) pairs: two pairs make a row of four cells, one pair
    spans the row."""
    width = frame_width()
    half = width / 2 - label_mm * mm
    data, spans = [], []
    for i, pairs in enumerate(rows):
        if len(pairs) == 1:
            (k, v) = pairs[0]
            data.append([cell(k, "mid_cell_c"), cell(v, "mid_cell"), "", ""])
            spans.append(("SPAN", (1, i), (3, i)))
        else:
            (k1, v1), (k2, v2) = pairs
            data.append(
                [
                    cell(k1, "mid_cell_c"),
                    cell(v1, "mid_cell"),
                    cell(k2, "mid_cell_c"),
                    cell(v2, "mid_cell"),
                ]
            )
    table = Table(data, colWidths=[label_mm * mm, half, label_mm * mm, half])
    table.setStyle(
        table_style(
            *spans,
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            header_rows=0,
        )
    )
    return table


def ruled(lines: int, label: str = "") -> Table:
    """Empty ruled lines for handwriting, under an optional label."""
    rows = [[cell(label, "mid_cell")]] if label else []
    rows += [[""] for _ in range(lines)]
    table = Table(rows, colWidths=[frame_width()], rowHeights=[9 * mm] * len(rows))
    first = 1 if label else 0
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
            ("LINEBELOW", (0, first), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]
    )
    return table


def section(label: str, text: str | None, lines: int = 5) -> list[Flowable]:
    """A labelled passage: the stored text, one paragraph per line, or ruled lines."""
    s = styles()
    head = Paragraph(label, s["h3"])
    body = [Paragraph(esc(t.strip()), s["body"]) for t in (text or "").split("\n") if t.strip()]
    if not body:
        return [head, ruled(lines)]
    return [head, *body]


def signatures(
    lines: Sequence[tuple[str, str]], date: str | None = None, how: str = "签名"
) -> KeepTogether:
    """Signature lines kept on one page: (who, already-written name or '') each with
    room to sign (`how`: 签名, or 签名、盖章或按指印); a date line at the end when given."""
    return KeepTogether([Spacer(1, 4 * mm), signature_table(lines, date, how)])


def signature_table(
    lines: Sequence[tuple[str, str]], date: str | None = None, how: str = "签名"
) -> Table:
    s = styles()
    rows = []
    for who, name in lines:
        shown = f"{who}：{name}" if name else f"{who}："
        rows.append([Paragraph(shown, s["plain"]), Paragraph(f"（{how}）{blank(9)}", s["plain"])])
    if date is not None:
        rows.append(["", Paragraph(date, s["right"])])
    width = frame_width()
    table = Table(rows, colWidths=[width * 0.5, width * 0.5])
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("TOPPADDING", (0, 0), (-1, -1), 12),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


# --- the parties ----------------------------------------------------------------------


def party_names(parties: Sequence[dict], role: str) -> str:
    return "、".join(p["name"] for p in parties if p["role"] == role)


def person_rows(p: dict) -> list[list[tuple[str, str]]]:
    """A person's particulars (人民调解法 Art. 29; 文书格式: 姓名 性别 民族 出生日期 职业或
    职务 住址 联系电话, and the identity document)."""
    document = p.get("id_type") or "证件"
    return [
        [(f"{esc(p['role'])}姓名", value(p["name"])), ("性　　别", value(p.get("gender"), 4))],
        [("民　　族", value(p.get("ethnicity"), 4)), ("出生日期", day(p.get("birth_date")))],
        [("职业或职务", value(p.get("occupation"))), ("联系电话", value(p.get("phone"), 11))],
        [("住　　址", value(p.get("address"), 24))],
        [
            ("证件类型", value(p.get("id_type"))),
            (f"{esc(document)}号码", value(p.get("id_no"), 18)),
        ],
    ]


def organisation_rows(p: dict) -> list[list[tuple[str, str]]]:
    """An organisation's: 名称 住所 统一社会信用代码 法定代表人（负责人） 职务 电话."""
    code = p.get("id_no") if p.get("id_type") in (None, "", "统一社会信用代码") else None
    return [
        [(f"{esc(p['role'])}名称", value(p["name"], 16))],
        [("住　　所", value(p.get("address"), 24))],
        [("统一社会信用代码", value(code, 18)), ("联系电话", value(p.get("phone"), 11))],
        [
            ("法定代表人（负责人）", value(p.get("legal_rep"), 6)),
            ("职　　务", value(p.get("legal_rep_title"), 6)),
        ],
    ]


def party_grid(p: dict) -> Table:
    rows = organisation_rows(p) if p.get("party_type") == "法人或其他组织" else person_rows(p)
    if p.get("agent"):
        rows.append(
            [("委托代理人", esc(p["agent"])), ("代理人电话", value(p.get("agent_phone"), 11))]
        )
    return grid(rows, label_mm=40)


def blank_party_grid(role: str) -> Table:
    return grid(person_rows({"role": role, "name": None}), label_mm=40)


# --- the agreed items -----------------------------------------------------------------

NUMBERED = re.compile(
    r"^\s*(\d+\s*[.．、)）]|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])"
)


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, units = divmod(n, 10)
    return (
        (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[units - 1] if units else "")
    )


def numbered_items(text: str | None) -> list[str]:
    """The agreement's items, one per line, numbered 一、二、… unless the clerk
    already numbered them."""
    items = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if any(NUMBERED.match(item) for item in items):
        return items
    return [f"{cn_number(i)}、{item}" for i, item in enumerate(items, start=1)]
