"""Documents handed to the parties: the mediation agreement (人民调解协议书, 人民调解法
Art. 29) and the case-file cover (卷宗封面). These show ID numbers and phones in full:
the parties sign them and keep a copy."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table

from ..domain.numbers import money_or_zero
from ..services import reports as data_service
from ..services.context import Context
from . import fonts
from .layout import build_pdf, cell, data_table, frame_width, prose
from .styles import RULE, styles, table_style
from .text import date_cn, esc

CLAUSES = (
    "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。",
    "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。",
    "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
    "本协议一式三份，当事人各执一份，人民调解委员会留存一份。",
)
BLANK = "＿＿＿＿＿＿＿＿＿＿"


def person_details(id_no: str | None) -> str:
    """性别 and 出生日期 read from an 18-digit resident ID; '' for anything else."""
    if not id_no or len(id_no) != 18:
        return ""
    try:
        born = dt.date(int(id_no[6:10]), int(id_no[10:12]), int(id_no[12:14]))
    except ValueError:
        return ""
    sex = "男" if int(id_no[16]) % 2 else "女"
    return f"{sex}，{date_cn(born)}出生"


def _parties(case: dict) -> Table:
    rows = []
    for role, prefix in (("申请人", "applicant"), ("被申请人", "respondent")):
        name, id_no = case[prefix], case[f"{prefix}_id_no"]
        rows.append(
            [
                cell(role, "big_cell_c"),
                cell(esc(name, "—"), "big_cell"),
                cell("性别、出生", "big_cell_c"),
                cell(esc(person_details(id_no), "—"), "big_cell"),
            ]
        )
        rows.append(
            [
                cell("证件号码", "big_cell_c"),
                cell(esc(id_no, "—"), "big_cell"),
                cell("联系电话", "big_cell_c"),
                cell(esc(case[f"{prefix}_phone"], "—"), "big_cell"),
            ]
        )
    width = frame_width()
    table = Table(rows, colWidths=[24 * mm, width / 2 - 24 * mm, 24 * mm, width / 2 - 24 * mm])
    table.setStyle(table_style(header_rows=0))
    return table


def agreement_title(d: data_service.CaseData) -> str:
    return f"人民调解协议书（{d.case['case_no']}）"


def write_agreement(ctx: Context, case_no: str, out: str | os.PathLike) -> Path:
    return render_agreement(data_service.agreement_data(ctx, case_no), out)


def render_agreement(d: data_service.CaseData, out: str | os.PathLike) -> Path:
    s, case = styles(), d.case
    facts = [f"纠纷类别：{esc(case['category'])}。"]
    if case["amount_disputed"]:
        facts.append(f"争议金额：人民币{money_or_zero(case['amount_disputed'])}元。")
    story = [
        Paragraph(esc(d.committee), s["center"]),
        Paragraph("人民调解协议书", s["title"]),
        Paragraph(f"编号：{esc(case['case_no'])}", s["right"]),
        Spacer(1, 3 * mm),
        Paragraph("当事人基本情况", s["h3"]),
        _parties(case),
        Paragraph("一、纠纷的主要事实、争议事项", s["h3"]),
        *(prose(case["summary"]) or [Paragraph("（未填写）", s["body"])]),
        Paragraph("".join(facts), s["body"]),
        Paragraph("二、经调解，各方当事人自愿达成如下协议", s["h3"]),
        *prose(case["agreement"]),
        Paragraph("三、履行方式和期限", s["h3"]),
        Paragraph(
            "各方当事人应当按照本协议第二项约定的方式和期限履行；未约定期限的，自本协议生效之日起"
            f"三十日内履行完毕。其他约定：{BLANK}{BLANK}。",
            s["body"],
        ),
        Paragraph("四、其他", s["h3"]),
        *[Paragraph(f"{i}. {text}", s["body"]) for i, text in enumerate(CLAUSES, start=1)],
        Spacer(1, 5 * mm),
        _signatures(d),
    ]
    return build_pdf(
        out, story, title=agreement_title(d), header=f"{d.committee}　{case['case_no']}"
    )


def _signatures(d: data_service.CaseData):
    s, case = styles(), d.case
    signed = date_cn(case["closed_date"]) if case["closed_date"] else "＿＿＿＿年＿＿月＿＿日"
    mediator = esc(case["mediator"])
    rows = [
        [
            Paragraph("申请人（签名或按指印）：", s["plain"]),
            Paragraph("被申请人（签名、盖章或按指印）：", s["plain"]),
        ],
        ["", ""],
        [
            Paragraph(f"人民调解员（签名）：{mediator}", s["plain"]),
            Paragraph(f"{esc(d.committee)}（印章）", s["right"]),
        ],
        ["", Paragraph(signed, s["right"])],
    ]
    width = frame_width() / 2
    table = Table(rows, colWidths=[width, width], rowHeights=[8 * mm, 14 * mm, 8 * mm, 10 * mm])
    table.setStyle(
        [("FONTNAME", (0, 0), (-1, -1), fonts.register()), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    )
    return KeepTogether([table])


# --- case-file cover ------------------------------------------------------------------

FILE_CONTENTS = (
    "人民调解申请书（或口头申请笔录）",
    "人民调解受理登记表",
    "当事人身份证明材料",
    "调查记录及证据材料",
    "人民调解记录",
    "人民调解协议书（或调解不成记录）",
    "回访记录",
    "司法确认材料",
    "其他材料",
)


def cover_title(d: data_service.CaseData) -> str:
    return f"人民调解卷宗（{d.case['case_no']}）"


def write_cover(ctx: Context, case_no: str, out: str | os.PathLike) -> Path:
    d = data_service.case_data(ctx, case_no)
    return render_cover(d, out, filed_by=ctx.actor.operator, filed_on=ctx.actor.today())


def render_cover(
    d: data_service.CaseData, out: str | os.PathLike, filed_by: str = "", filed_on=None
) -> Path:
    s, case = styles(), d.case
    parties = f"申请人：{esc(case['applicant'])}"
    if case["respondent"]:
        parties += f"<br/>被申请人：{esc(case['respondent'])}"
    # The cases table's `source` column is shared with the record's internal origin
    # ('local', 'demo', 'import:n'); only a declared 案件来源 value is shown.
    source = esc(case["source"] or "—")
    if d.petition_no:
        source += f"（信访件 {esc(d.petition_no)}）"
    judicial = {1: "是", 0: "否"}.get(case["judicial_confirmation"], "—")
    category = case["category"] if case["category"].endswith("纠纷") else f"{case['category']}纠纷"
    items = [
        ("案件编号", esc(case["case_no"])),
        ("案　　由", esc(category)),
        ("当 事 人", parties),
        ("调解组织", esc(d.committee)),
        ("调 解 员", esc(case["mediator"], "—")),
        ("法律顾问", esc(case["advisor_name"], "—")),
        ("案件来源", source),
        ("受理日期", date_cn(case["received_date"])),
        ("结案日期", date_cn(case["closed_date"]) or "—"),
        ("调解结果", esc(case["status"])),
        ("履行情况", esc(case["performance"], "—")),
        ("司法确认", judicial),
        ("立 卷 人", esc(filed_by, BLANK)),
        ("立卷日期", date_cn(filed_on) if filed_on else BLANK),
        ("保管期限", BLANK),
    ]
    width = frame_width()
    rows = [[cell(k, "big_cell_c"), cell(v, "big_cell")] for k, v in items]
    info = Table(rows, colWidths=[32 * mm, width - 62 * mm], hAlign="CENTER")
    info.setStyle(
        table_style(
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, RULE),
            header_rows=0,
        )
    )
    story = [
        Spacer(1, 10 * mm),
        Paragraph(esc(d.committee), s["center"]),
        Spacer(1, 8 * mm),
        Paragraph("人 民 调 解 卷 宗", s["cover"]),
        Spacer(1, 14 * mm),
        info,
        PageBreak(),
        Paragraph("卷 内 目 录", s["title"]),
        Paragraph(f"案件编号：{esc(case['case_no'])}", s["right"]),
        Spacer(1, 3 * mm),
        _contents(width),
    ]
    return build_pdf(out, story, title=cover_title(d), header="")


def _contents(width: float):
    rows = [[cell(h, "big_cell_c") for h in ("序号", "文件名称", "页号", "备注")]]
    for i, name in enumerate(FILE_CONTENTS, start=1):
        rows.append([cell(str(i), "big_cell_c"), cell(name, "big_cell"), "", ""])
    return data_table(
        rows,
        [16 * mm, width - 66 * mm, 20 * mm, 30 * mm],
        extra=[("TOPPADDING", (0, 1), (-1, -1), 8), ("BOTTOMPADDING", (0, 1), (-1, -1), 8)],
    )
