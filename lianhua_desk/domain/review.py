"""案卷评查, computed: the rules a reviewer applies to a mediation case's file.

Pure functions over plain dicts (a case row, its parties, its 调查/调解 records and
return visits), no SQL: services/review.py loads a year's files set-based and calls
`check_case` per case and `check_petition` per petition routed to 人民调解.

Each rule has a stable key (JSON, the window's filter) and a Chinese title, declared
once in RULES. Each finding's message names the case and the specific thing missing
or wrong. A missing item is flagged under one rule only: the agreement's items, way
and deadline of performance are `materials` (the file must hold them); `art29` is
the rest of what 人民调解法 Art. 29 asks of a written agreement (the parties'
particulars, the facts, the issues, each side's responsibility).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .numbers import yuan
from .settings import Settings

RULES: dict[str, str] = {
    "materials": "材料齐全",
    "art29": "协议书要素齐全（人民调解法第二十九条）",
    "deadline": "在调解期限内结案",
    "confirmation": "司法确认在期限内申请",
    "visit": "履行期限届满后回访",
    "consistency": "数据一致",
}
# Column heads where a table has a column per rule (the PDF, the workbook).
RULE_SHORT: dict[str, str] = {
    "materials": "材料",
    "art29": "协议要素",
    "deadline": "调解期限",
    "confirmation": "司法确认",
    "visit": "回访",
    "consistency": "一致性",
}
assert RULE_SHORT.keys() == RULES.keys()

SUCCESS = "调解成功"
CONCLUDED = ("调解成功", "调解不成功", "已终止")
ORAL = "口头协议"
ORGANISATION = "法人或其他组织"
# Disputes over labour, injury or damages turn on facts (wages owed, the injury, the
# loss): their file needs an 调查记录 once mediation has begun.
INVESTIGATED_CATEGORIES = ("劳资纠纷", "工伤赔偿", "损害赔偿", "医疗纠纷", "道路交通")

# The particulars Art. 29 asks of each party: field → what the message calls it.
PERSON_PARTICULARS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "occupation": "职业或职务",
    "address": "住址",
    "id_type": "证件类型",
    "id_no": "证件号码",
}
ORGANISATION_PARTICULARS = {
    "name": "名称",
    "address": "住所",
    "id_no": "统一社会信用代码",
    "legal_rep": "法定代表人或负责人",
}
# The agreement's own parts (besides the parties), as Art. 29 names them.
AGREEMENT_PARTS = {
    "summary": "纠纷的主要事实（案情摘要）",
    "disputed_issues": "争议事项",
    "responsibilities": "各方当事人的责任",
}


@dataclass
class Problem:
    """One finding: the rule broken (a key of RULES) and what is wrong, in Chinese."""

    rule: str
    message: str


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _money(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def case_sort_key(case_no: str | None) -> tuple:
    """Case numbers in numeric order: 莲调〔2020〕第2号 before 第10号."""
    parts = re.split(r"(\d+)", case_no or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


class _Findings:
    """Collects a case's problems, each message prefixed with the case's number."""

    def __init__(self, case_no: str | None) -> None:
        self.case_no = case_no or "（无编号）"
        self.items: list[Problem] = []

    def add(self, rule: str, text: str) -> None:
        assert rule in RULES, rule
        self.items.append(Problem(rule, f"{self.case_no}：{text}"))


# --- the rules ---------------------------------------------------------------------


def _money_involved(case: Mapping) -> bool:
    return any((_money(case.get(k)) or 0) > 0 for k in ("amount_disputed", "amount_recovered"))


def _materials(f: _Findings, case: Mapping, parties: list[Mapping], records: list[Mapping]):
    if not any(p.get("role") == "申请人" for p in parties):
        f.add("materials", "没有申请人（当事人记录中无申请人）")
    if _blank(case.get("received_date")):
        f.add("materials", "没有受理登记（受理日期为空）")
    status = case.get("status")
    if status and status != "已受理":
        kinds = {r.get("kind") for r in records}
        if "调解记录" not in kinds:
            f.add("materials", f"案件已进入调解（状态为{status}）但没有调解记录")
        category = case.get("category")
        if category in INVESTIGATED_CATEGORIES and "调查记录" not in kinds:
            f.add("materials", f"{category}案件没有调查记录")
    if status != SUCCESS:
        return
    if _blank(case.get("agreement")):
        document = "口头协议登记" if case.get("agreement_form") == ORAL else "人民调解协议书"
        f.add("materials", f"调解成功但没有{document}（协议内容为空）")
    if case.get("agreement_form") == ORAL:
        return  # an oral agreement is registered by its content only
    missing = []
    if _money_involved(case) and _money(case.get("amount_agreed")) is None:
        missing.append("协议金额（案件涉及金额）")
    for name, label in (("performance_method", "履行方式"), ("performance_deadline", "履行期限")):
        if _blank(case.get(name)):
            missing.append(label)
    if missing:
        f.add("materials", f"调解协议缺少{'、'.join(missing)}")


def _party_gaps(party: Mapping) -> list[str]:
    if party.get("party_type") == ORGANISATION:
        wanted = ORGANISATION_PARTICULARS
    else:
        wanted = PERSON_PARTICULARS
    return [label for name, label in wanted.items() if _blank(party.get(name))]


def _art29(f: _Findings, case: Mapping, parties: list[Mapping]):
    if case.get("status") != SUCCESS or case.get("agreement_form") == ORAL:
        return
    roles = {p.get("role") for p in parties}
    if "被申请人" not in roles:
        f.add("art29", "书面协议没有被申请人（协议书须载明双方当事人）")
    for p in parties:
        gaps = _party_gaps(p)
        if gaps:
            who = f"{p.get('role') or '当事人'}{p.get('name') or '（未填姓名）'}"
            f.add("art29", f"{who}缺少{'、'.join(gaps)}")
    missing = [label for name, label in AGREEMENT_PARTS.items() if _blank(case.get(name))]
    if missing:
        f.add("art29", f"协议书缺少{'、'.join(missing)}")


def mediation_deadline(case: Mapping, settings: Settings) -> dt.date | None:
    """The day the case should be concluded by: received + the mediation period, or
    the extended date when the parties consented to the extension."""
    received = _date(case.get("received_date"))
    if received is None:
        return None
    due = received + dt.timedelta(days=settings.mediation_days)
    extended = _date(case.get("extended_until"))
    if extended and case.get("extension_consent"):
        due = max(due, extended)
    return due


def _deadline(f: _Findings, case: Mapping, settings: Settings, today: dt.date):
    extended = _date(case.get("extended_until"))
    if extended and not case.get("extension_consent"):
        f.add("deadline", f"调解期限延长至{extended}，但没有记录当事人同意延期")
    due = mediation_deadline(case, settings)
    if due is None:
        return
    how = (
        f"延长至{due}"
        if extended and case.get("extension_consent")
        else f"受理后{settings.mediation_days}日，即{due}"
    )
    closed = _date(case.get("closed_date"))
    if case.get("status") in CONCLUDED and closed and closed > due:
        late = (closed - due).days
        f.add("deadline", f"{closed}结案，超过调解期限（{how}）{late}日")
    elif case.get("status") not in CONCLUDED and today > due:
        f.add("deadline", f"尚未结案，已超过调解期限（{how}）{(today - due).days}日")


def _confirmation(f: _Findings, case: Mapping, settings: Settings):
    applied = _date(case.get("confirmation_applied"))
    court = case.get("confirmation_court")
    if not case.get("judicial_confirmation"):
        given = [
            label
            for name, label in (
                ("confirmation_applied", "司法确认申请日期"),
                ("confirmation_court", "司法确认法院"),
                ("confirmation_ruling", "司法确认裁定"),
            )
            if not _blank(case.get(name))
        ]
        if given:
            f.add("confirmation", f"填写了{'、'.join(given)}，但未标记申请司法确认")
        return
    closed = _date(case.get("closed_date"))
    if applied is None:
        f.add("confirmation", "标记了司法确认，但没有司法确认申请日期")
    elif closed is not None:
        due = closed + dt.timedelta(days=settings.confirmation_days)
        if applied > due:
            f.add(
                "confirmation",
                f"司法确认于{applied}申请，超过协议生效（{closed}）后"
                f"{settings.confirmation_days}日的期限（{due}）",
            )
    if _blank(court):
        f.add("confirmation", "标记了司法确认，但没有填写司法确认法院")


def _visit(f: _Findings, case: Mapping, visits: list[Mapping], today: dt.date):
    deadline = _date(case.get("performance_deadline"))
    if case.get("status") != SUCCESS or deadline is None or deadline >= today:
        return
    dates = [d for v in visits if (d := _date(v.get("date"))) is not None]
    if any(d > deadline for d in dates):
        return
    before = f"（已有回访{len(dates)}次，均在履行期限之前）" if dates else ""
    f.add("visit", f"履行期限{deadline}已过，没有履行期限届满后的回访记录{before}")


def _consistency(
    f: _Findings, case: Mapping, records: list[Mapping], visits: list[Mapping], today: dt.date
):
    agreed, recovered = _money(case.get("amount_agreed")), _money(case.get("amount_recovered"))
    performance = case.get("performance")
    if agreed is not None and recovered is not None and recovered > agreed:
        f.add("consistency", f"追回金额{yuan(recovered)}高于协议金额{yuan(agreed)}")
    if performance == "未履行" and recovered:
        f.add("consistency", f"履行情况为未履行，却有追回金额{yuan(recovered)}")
    if performance == "已履行" and agreed is not None and recovered is not None:
        if recovered < agreed:
            f.add(
                "consistency",
                f"履行情况为已履行，但追回金额{yuan(recovered)}少于协议金额{yuan(agreed)}",
            )
    status = case.get("status")
    if status == SUCCESS and _blank(case.get("agreement_form")):
        f.add("consistency", "调解成功但没有记录协议形式（书面协议或口头协议）")
    received, closed = _date(case.get("received_date")), _date(case.get("closed_date"))
    if closed and status not in CONCLUDED:
        f.add("consistency", f"尚未结案（状态为{status}）却填写了结案日期{closed}")
    if received and closed and closed < received:
        f.add("consistency", f"结案日期{closed}早于受理日期{received}")
    for r in records:
        day = _date(r.get("date"))
        what = r.get("kind") or "记录"
        if day and received and day < received:
            f.add("consistency", f"{what}日期{day}早于受理日期{received}")
        if day and closed and day > closed:
            f.add("consistency", f"{what}日期{day}晚于结案日期{closed}")
    for v in visits:
        day = _date(v.get("date"))
        if day and received and day < received:
            f.add("consistency", f"回访日期{day}早于受理日期{received}")
        elif day and closed and day < closed:
            f.add("consistency", f"回访日期{day}早于结案日期{closed}")
        if day and day > today:
            f.add("consistency", f"回访日期{day}晚于评查日{today}")
    applied = _date(case.get("confirmation_applied"))
    if applied and closed and applied < closed:
        f.add("consistency", f"司法确认申请日期{applied}早于结案日期{closed}")
    performance_deadline = _date(case.get("performance_deadline"))
    if performance_deadline and closed and performance_deadline < closed:
        f.add("consistency", f"履行期限{performance_deadline}早于结案日期{closed}")


def check_case(
    case: Mapping,
    parties: Iterable[Mapping],
    records: Iterable[Mapping],
    visits: Iterable[Mapping],
    settings: Settings,
    today: dt.date,
) -> list[Problem]:
    """Every problem of one case's file, in RULES order."""
    parties, records, visits = list(parties), list(records), list(visits)
    f = _Findings(case.get("case_no"))
    _materials(f, case, parties, records)
    _art29(f, case, parties)
    _deadline(f, case, settings, today)
    _confirmation(f, case, settings)
    _visit(f, case, visits, today)
    _consistency(f, case, records, visits, today)
    order = list(RULES)
    return sorted(f.items, key=lambda p: order.index(p.rule))


def check_petition(petition: Mapping, case_exists: bool) -> list[Problem]:
    """A petition routed to 人民调解 must name the case it became, and that case exist."""
    if petition.get("route") != "人民调解":
        return []
    f = _Findings(petition.get("petition_no"))
    case_no = petition.get("case_no")
    if _blank(case_no):
        f.add("consistency", "信访件分流至人民调解，但没有填写转入的调解案件编号")
    elif not case_exists:
        f.add("consistency", f"信访件分流至人民调解，转入的调解案件{case_no}不存在")
    return f.items
