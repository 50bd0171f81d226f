"""The dossier's documents, each after its standard form (司法部 2010《人民调解文书格式》).

Each function returns the flowables of one document; `contents_documents` lists the
documents between the 卷内目录 and the 封底 as (title, flowables, pending), pending
meaning the records cannot fill it and the blank form is printed for completing by hand.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from ..domain.numbers import rmb, rmb_in_full
from ..domain.settings import signer
from ..services.dossier import DossierData
from .dossier_forms import (
    blank,
    blank_party_grid,
    cn_number,
    day,
    grid,
    numbered_items,
    party_grid,
    party_names,
    ruled,
    section,
    signature_table,
    signatures,
    title,
    value,
)
from .styles import styles
from .text import date_cn, esc

ROLES = ("申请人", "被申请人", "第三人")
APPLICATION_SOURCE = "当事人申请"


def cause(case: dict) -> str:
    """案由: the category as a dispute (邻里纠纷; 道路交通 → 道路交通纠纷)."""
    category = case["category"] or ""
    return category if category.endswith("纠纷") else f"{category}纠纷"


def _people(d: DossierData) -> str:
    """申请人：甲<br/>被申请人：乙 — every side that has parties."""
    lines = []
    for role in ROLES:
        names = party_names(d.parties, role)
        if not names and role == "申请人":
            names = d.case["applicant"]
        if not names and role == "被申请人":
            names = d.case["respondent"]
        if names:
            lines.append(f"{role}：{esc(names)}")
    return "<br/>".join(lines) or blank(12)


def _between(d: DossierData) -> str:
    a = party_names(d.parties, "申请人") or d.case["applicant"]
    b = party_names(d.parties, "被申请人") or d.case["respondent"]
    return f"{esc(a)}与{esc(b)}" if b else esc(a)


# --- 卷宗封面 and 封底 -------------------------------------------------------------------


def cover(d: DossierData) -> list[Flowable]:
    s, case = styles(), d.case
    closed = date_cn(case["closed_date"]) or blank(6)
    rows = [
        [("卷　　名", f"{_between(d)}{esc(cause(case))}")],
        [("卷　　号", esc(case["case_no"]))],
        [("案　　由", esc(cause(case)))],
        [("案件来源", _source(d))],
        [("当 事 人", _people(d))],
        [("人民调解员", value(case["mediator"]))],
        [("调解日期", f"{date_cn(case['received_date'])} 至 {closed}")],
        [("调解结果", esc(case["status"]))],
        [("立 卷 人", value(signer(d.filed_by)))],
        [("立卷日期", date_cn(d.filed_on))],
        [("保管期限", blank(8))],
    ]
    return [
        Spacer(1, 12 * mm),
        Paragraph(esc(d.base.committee), s["center"]),
        Spacer(1, 8 * mm),
        Paragraph("人民调解卷宗", s["cover"]),
        Spacer(1, 14 * mm),
        grid(rows, label_mm=30),
    ]


def back_cover(d: DossierData, total: int) -> list[Flowable]:
    s = styles()
    return [
        *title("封底（备考表）"),
        Spacer(1, 4 * mm),
        Paragraph(
            f"本卷共{total or blank(3)}页（含封面、卷内目录和本表），"
            f"收录{esc(d.case_no)}案件的全部文书材料。",
            s["body"],
        ),
        *section("卷宗情况说明", None, 6),
        Spacer(1, 6 * mm),
        grid(
            [
                [("立 卷 人", value(signer(d.filed_by))), ("立卷日期", date_cn(d.filed_on))],
                [("检 查 人", blank(6)), ("检查日期", day(None))],
            ]
        ),
    ]


# --- 申请书 / 受理登记表, 告知书 ---------------------------------------------------------------


def application(d: DossierData) -> tuple[list[Flowable], bool]:
    s, case = styles(), d.case
    sides = [p for p in d.parties if p["role"] in ("申请人", "被申请人")]
    grids: list[Flowable] = []
    for p in sides:
        grids += [party_grid(p), Spacer(1, 2 * mm)]
    if not sides:
        grids = [blank_party_grid("申请人"), Spacer(1, 2 * mm), blank_party_grid("被申请人")]
    body = [
        *title("人民调解申请书", d.base.committee),
        *grids,
        *section("纠纷简要情况", case["summary"]),
        *section("申请事项", case["disputed_issues"], 3),
        Paragraph(
            f"{esc(d.base.committee)}已将申请人民调解的相关规定告知我，现自愿申请人民调解委员会进行调解。",
            s["body"],
        ),
        signatures(
            [("申请人", esc(p["name"])) for p in d.parties if p["role"] == "申请人"]
            or [("申请人", "")],
            day(case["received_date"]),
        ),
    ]
    return body, not (sides and case["summary"])


def _source(d: DossierData) -> str:
    """案件来源, with the petition a case was diverted from."""
    source = esc(d.case["source"] or blank(6))
    if d.base.petition_no:
        source += f"（信访件 {esc(d.base.petition_no)}）"
    return source


def registration(d: DossierData) -> tuple[list[Flowable], bool]:
    s, case = styles(), d.case
    source = _source(d)
    body = [
        *title("人民调解受理登记表", d.base.committee),
        Paragraph(
            f"{date_cn(case['received_date'])}，本人民调解委员会经当事人同意，"
            f"调解{_between(d)}之间的纠纷。",
            s["body"],
        ),
        Spacer(1, 2 * mm),
        grid(
            [
                [("纠纷类型", esc(cause(case))), ("案件来源", source)],
                [("当 事 人", _people(d))],
                [("争议金额", rmb(case["amount_disputed"]) if case["amount_disputed"] else "—")],
            ]
        ),
        *section("纠纷简要情况", case["summary"]),
        KeepTogether(
            [
                Spacer(1, 4 * mm),
                signature_table(
                    [("当事人", esc(p["name"])) for p in d.parties if p["role"] in ROLES]
                    + [("登记人", esc(case["mediator"]))],
                ),
                Paragraph(f"{esc(d.base.committee)}（印章）", s["right"]),
                Paragraph(date_cn(case["received_date"]), s["right"]),
            ]
        ),
    ]
    return body, not case["summary"]


NOTICE = (
    "根据《中华人民共和国人民调解法》的规定，现将人民调解委员会的性质、人民调解的原则和效力，"
    "以及当事人在调解活动中享有的权利和承担的义务告知如下：",
    "一、人民调解委员会是依法设立的调解民间纠纷的群众性组织。人民调解委员会调解民间纠纷，"
    "不收取任何费用。",
    "二、人民调解遵循下列原则：（一）在当事人自愿、平等的基础上进行调解；（二）不违背法律、"
    "法规和国家政策；（三）尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、"
    "司法等途径维护自己的权利。",
    "三、当事人在人民调解活动中享有下列权利（《人民调解法》第二十三条）：（一）选择或者接受"
    "人民调解员；（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解公开进行或者不公开"
    "进行；（四）自主表达意愿、自愿达成调解协议。",
    "四、当事人在人民调解活动中履行下列义务（《人民调解法》第二十四条）：（一）如实陈述纠纷"
    "事实；（二）遵守调解现场秩序，尊重人民调解员；（三）尊重对方当事人行使权利。",
    "五、经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。经调解"
    "达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院"
    "申请司法确认（《人民调解法》第三十一条、第三十三条）。",
    "以上内容，本人已知悉。",
)


def notice(d: DossierData) -> tuple[list[Flowable], bool]:
    s = styles()
    parties = [(p["role"], esc(p["name"])) for p in d.parties] or [
        ("申请人", ""),
        ("被申请人", ""),
    ]
    return [
        *title("人民调解当事人权利义务告知书", d.base.committee),
        Spacer(1, 2 * mm),
        *[Paragraph(text, s["body"]) for text in NOTICE],
        signatures(
            [*parties, ("告知人（人民调解员）", value(d.case["mediator"], 0))],
            day(d.case["received_date"]),
        ),
    ], False


# --- 调查记录, 调解记录 ----------------------------------------------------------------------

RECORD_TITLES = {"调查记录": "人民调解调查记录", "调解记录": "人民调解记录"}


def record(d: DossierData, kind: str, r: dict | None) -> list[Flowable]:
    """One 调查记录 or 调解记录; r None: the blank form."""
    r = r or {}
    case = d.case
    head = [
        [("时　　间", day(r.get("date"))), ("地　　点", value(r.get("place")))],
        [("事　　由", esc(cause(case)))],
    ]
    if kind == "调查记录":
        head += [[("被调查人", value(r.get("participants"), 16))]]
        head += [[("调 查 人", value(case["mediator"])), ("记 录 人", value(r.get("recorder")))]]
        signers = [("被调查人", ""), ("调查人", ""), ("记录人", value(r.get("recorder"), 0))]
    else:
        head += [[("当 事 人", _people(d))], [("参 加 人", value(r.get("participants"), 16))]]
        head += [[("人民调解员", value(case["mediator"])), ("记 录 人", value(r.get("recorder")))]]
        signers = [("当事人", esc(p["name"])) for p in d.parties] or [("当事人", "")]
        signers += [
            ("人民调解员", value(case["mediator"], 0)),
            ("记录人", value(r.get("recorder"), 0)),
        ]
    return [
        *title(RECORD_TITLES[kind], d.base.committee),
        grid(head, label_mm=30),
        *section("记录内容", r.get("content"), 12),
        signatures(signers),
    ]


# --- 协议书 / 口头协议登记表 -------------------------------------------------------------------


def _copies(d: DossierData) -> str:
    n = len(d.parties) or 2
    return f"本协议一式{cn_number(n + 1)}份，当事人各执一份，人民调解委员会留存一份。"


def agreement(d: DossierData) -> tuple[list[Flowable], bool]:
    """人民调解协议书 with every element of 人民调解法 Art. 29."""
    s, case = styles(), d.case
    sides = d.parties or []
    grids: list[Flowable] = []
    for p in sides:
        grids += [party_grid(p), Spacer(1, 2 * mm)]
    if not sides:
        grids = [blank_party_grid("申请人"), Spacer(1, 2 * mm), blank_party_grid("被申请人")]
    items = numbered_items(case["agreement"])
    terms = (case["other_terms"] or "").strip()
    deadline = date_cn(case["performance_deadline"]) or blank(8)
    if case["performance_deadline"]:
        deadline += "前履行完毕"
    # In figures and in 大写, as the parties sign for it.
    amount = case["amount_agreed"]
    amount_line = [Paragraph(f"协议金额：{rmb_in_full(amount)}", s["plain"])] if amount else []
    signers = [(p["role"], esc(p["name"])) for p in sides] or [("申请人", ""), ("被申请人", "")]
    body = [
        *title("人民调解协议书", d.base.committee),
        Paragraph(f"编号：{esc(case['case_no'])}", s["right"]),
        Paragraph("当事人基本情况", s["h3"]),
        *grids,
        *section("纠纷主要事实", case["summary"]),
        *section("争议事项", case["disputed_issues"], 3),
        *section("各方责任", case["responsibilities"], 3),
        Paragraph("经调解，各方当事人自愿达成如下协议：", s["h3"]),
        *([Paragraph(esc(item), s["body"]) for item in items] or [ruled(6)]),
        *amount_line,
        Paragraph(f"履行方式：{value(case['performance_method'], 16)}", s["plain"]),
        Paragraph(f"履行期限：{deadline}", s["plain"]),
        Paragraph("其他事项：", s["h3"]),
        *[Paragraph(esc(t.strip()), s["body"]) for t in terms.split("\n") if t.strip()],
        Paragraph(
            "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
            "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"
            "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。",
            s["body"],
        ),
        *([] if "一式" in terms else [Paragraph(_copies(d), s["body"])]),
        KeepTogether(  # the signatures, the seal and the date on one page
            [
                Spacer(1, 4 * mm),
                signature_table(signers, how="签名、盖章或按指印"),
                signature_table([("人民调解员", value(case["mediator"], 0))]),
                Paragraph(f"{esc(d.base.committee)}（印章）", s["right"]),
                Paragraph(day(case["closed_date"]), s["right"]),
            ]
        ),
    ]
    return body, not (case["agreement"] and d.parties and case["summary"])


def _amount_row(case: dict) -> list[list[tuple[str, str]]]:
    """协议金额 in figures and 大写, when the agreement names one."""
    if not case["amount_agreed"]:
        return []
    return [[("协议金额", rmb_in_full(case["amount_agreed"]))]]


def oral_agreement(d: DossierData) -> tuple[list[Flowable], bool]:
    s, case = styles(), d.case
    items = numbered_items(case["agreement"])
    deadline = date_cn(case["performance_deadline"]) or blank(8)
    body = [
        *title("人民调解口头协议登记表", d.base.committee),
        Paragraph(f"编号：{esc(case['case_no'])}", s["right"]),
        grid(
            [
                [("当 事 人", _people(d))],
                [("纠纷类型", esc(cause(case))), ("达成日期", day(case["closed_date"]))],
                [("履行方式", value(case["performance_method"])), ("履行期限", deadline)],
                *_amount_row(case),
            ],
            label_mm=30,
        ),
        *section("纠纷简要情况", case["summary"]),
        Paragraph("口头协议内容", s["h3"]),
        *([Paragraph(esc(item), s["body"]) for item in items] or [ruled(6)]),
        signatures(
            [("人民调解员（登记人）", value(case["mediator"], 0))], day(case["closed_date"])
        ),
    ]
    return body, not (case["agreement"] and case["summary"])


# --- 回访记录, 司法确认材料 -------------------------------------------------------------------


def visit(d: DossierData, v: dict | None) -> list[Flowable]:
    v = v or {}
    case = d.case
    return [
        *title("人民调解回访记录", d.base.committee),
        grid(
            [
                [("当 事 人", _people(d))],
                [("调解协议编号", esc(case["case_no"])), ("回访事由", esc(cause(case)))],
                [("回访时间", day(v.get("date"))), ("回访方式", value(v.get("method")))],
                [
                    ("履行情况", value(v.get("performance"))),
                    ("满意程度", value(v.get("satisfaction"))),
                ],
            ],
            label_mm=30,
        ),
        *section("回访情况", v.get("content"), 12),
        signatures([("回访人", value(v.get("visitor"), 0))], day(v.get("date"))),
    ]


def confirmation(d: DossierData) -> tuple[list[Flowable], bool]:
    s, case = styles(), d.case
    fields = (case["confirmation_applied"], case["confirmation_court"], case["confirmation_ruling"])
    return [
        *title("司法确认材料", d.base.committee),
        Paragraph(
            "依据《中华人民共和国人民调解法》第三十三条，双方当事人自调解协议生效之日起三十日内"
            "共同向人民法院申请司法确认。本卷所附材料：",
            s["body"],
        ),
        Spacer(1, 2 * mm),
        grid(
            [
                [("调解协议编号", esc(case["case_no"]))],
                [("申请日期", day(case["confirmation_applied"]))],
                [("受理法院", value(case["confirmation_court"], 16))],
                [("裁定情况", value(case["confirmation_ruling"], 16))],
            ],
            label_mm=30,
        ),
        Paragraph("（司法确认申请书、人民法院确认裁定书附后）", s["note"]),
    ], not all(fields)


def contents_documents(d: DossierData) -> list[tuple[str, list[Flowable], bool]]:
    """The documents between the 卷内目录 and the 封底, in their order in the file."""
    case = d.case
    out: list[tuple[str, list[Flowable], bool]] = []
    if case["source"] == APPLICATION_SOURCE:
        out.append(("人民调解申请书", *application(d)))
    else:
        out.append(("人民调解受理登记表", *registration(d)))
    out.append(("人民调解当事人权利义务告知书", *notice(d)))
    for kind in ("调查记录", "调解记录"):
        found = [r for r in d.records if r["kind"] == kind]
        name = RECORD_TITLES[kind]
        for r in found:
            out.append((f"{name}（{date_cn(r['date'])}）", record(d, kind, r), False))
        if not found:
            out.append((name, record(d, kind, None), True))
    success = case["status"] == "调解成功"
    if success and case["agreement_form"] == "口头协议":
        out.append(("人民调解口头协议登记表", *oral_agreement(d)))
    elif success:
        out.append(("人民调解协议书", *agreement(d)))
    for v in d.visits:
        out.append((f"人民调解回访记录（{date_cn(v['date'])}）", visit(d, v), False))
    if success and not d.visits:
        out.append(("人民调解回访记录", visit(d, None), True))
    if case["judicial_confirmation"]:
        out.append(("司法确认材料", *confirmation(d)))
    return out
