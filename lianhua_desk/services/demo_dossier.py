"""A demo case's dossier: its parties' particulars, the work records, the agreement's
parts, 司法确认 and the return visit (services/demo.py calls these for each case).

Particulars, work records, the agreement's parts and the return visit all come from
the case's own generator (seeded with the case number), never from the shared
stream: adding or changing a detail moves no other record of the demo.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from ..domain import fields as F
from ..domain import identity
from .demo_names import CLERKS, mobile, person

if TYPE_CHECKING:
    from .demo import _Builder


ROADS = ("红荔路", "彩田路", "莲花路", "景田路", "新洲路", "北环大道", "商报路", "香梅路", "福中路")
HOMETOWNS = {  # REGIONS → the place an ID number's first six digits name
    "440304": "广东省深圳市福田区",
    "440303": "广东省深圳市罗湖区",
    "440305": "广东省深圳市南山区",
    "440306": "广东省深圳市宝安区",
    "445281": "广东省普宁市",
    "441423": "广东省丰顺县",
    "430524": "湖南省隆回县",
    "360721": "江西省赣州市赣县区",
    "450881": "广西壮族自治区桂平市",
    "420117": "湖北省武汉市新洲区",
}
ETHNICITIES = ("汉族", "壮族", "回族", "土家族", "苗族", "瑶族", "满族")
OCCUPATIONS = ("务工人员", "个体经营者", "公司职员", "自由职业", "退休人员", "无业")
MEDIATION_ROOM = "莲花街道人民调解委员会调解室"
ONLINE_ROOM = "视频调解（疫情防控一级响应期间）"
# Guangdong's level-1 COVID response (services/demo.py builds 2020 on it): no meetings.
LEVEL_1 = (dt.date(2020, 1, 24), dt.date(2020, 2, 23))


def level_1(day: dt.date) -> bool:
    return LEVEL_1[0] <= day <= LEVEL_1[1]


COURT = "深圳市福田区人民法院"
OTHER_TERMS = "本协议一式三份，双方当事人各执一份，人民调解委员会留存一份。"
PAYING = ("一次性银行转账", "分期支付", "现金当面支付")
EVIDENCE = {
    "劳资纠纷": "劳动合同、考勤记录和工资发放记录",
    "工伤赔偿": "病历、医疗费票据和工伤认定材料",
    "损害赔偿": "病历和医疗费票据",
    "合同纠纷": "装修合同、施工进度记录和付款凭证",
    "医疗纠纷": "病历、诊疗记录和收费票据",
    "道路交通": "现场照片、行车记录仪视频和维修报价单",
}
# Per category: the applicant's claim ({amount}), the respondent's answer, the law the
# mediator explains, the issues in dispute and where the fault lies.
TALK = {
    "婚姻家庭": (
        "要求被申请人补付拖欠的子女抚养费{amount}元并按月支付",
        "承认拖欠，称近期收入减少，希望降低每月数额",
        "《民法典》第一千零八十五条关于离婚后子女抚养费负担的规定",
        "1. 拖欠子女抚养费的数额；\n2. 今后抚养费的支付方式。",
        "被申请人未按离婚协议支付抚养费，应承担主要责任。",
    ),
    "邻里纠纷": (
        "要求被申请人修复漏水并赔偿损失{amount}元",
        "同意维修，但认为损失数额过高",
        "《民法典》第二百八十八条、第二百九十六条关于相邻关系的规定",
        "1. 漏水原因及维修责任；\n2. 财产损失的赔偿数额。",
        "被申请人装修不当导致漏水，应承担主要责任；申请人未及时告知致损失扩大，负次要责任。",
    ),
    "房屋租赁": (
        "要求退还押金及预付租金共计{amount}元",
        "认为申请人提前退租构成违约，押金不予退还",
        "《民法典》租赁合同一章的规定及双方租赁合同的约定",
        "1. 提前退租是否构成违约；\n2. 押金及预付租金的退还数额。",
        "申请人提前退租，应承担相应违约责任；被申请人全额扣留押金超出其实际损失。",
    ),
    "物业纠纷": (
        "称物业服务不到位，要求减免物业管理费{amount}元",
        "表示已按物业服务合同提供服务，费用应按约缴纳",
        "《民法典》第九百四十四条及《深圳经济特区物业管理条例》的相关规定",
        "1. 物业服务是否符合合同约定；\n2. 物业管理费的缴纳数额。",
        "物业服务存在瑕疵，应予改进并适当减免；申请人拒交物业费亦有不当。",
    ),
    "合同纠纷": (
        "要求被申请人支付工期延误违约金{amount}元",
        "称工期延误部分系申请人变更设计所致，不同意全额支付",
        "《民法典》第五百七十七条、第五百八十五条关于违约责任及违约金的规定",
        "1. 工期延误的原因及责任；\n2. 违约金的数额。",
        "被申请人未按约定工期完工，应承担主要责任；申请人中途变更设计，负次要责任。",
    ),
    "劳资纠纷": (
        "要求支付拖欠工资及解除劳动合同经济补偿金共计{amount}元",
        "对拖欠工资无异议，但对经济补偿金的计算基数有异议，并称资金周转困难",
        "《劳动合同法》第三十条、第四十六条、第四十七条关于劳动报酬和经济补偿的规定",
        "1. 拖欠工资的数额；\n2. 经济补偿金的计算基数和年限。",
        "被申请人未按时足额支付劳动报酬，应承担主要责任。",
    ),
    "工伤赔偿": (
        "要求支付医疗费、停工留薪期工资及一次性伤残补助金等共计{amount}元",
        "认可申请人在上班途中受伤，但认为部分医疗费用不合理",
        "《工伤保险条例》第十四条、第三十条至第三十七条关于工伤认定和工伤待遇的规定",
        "1. 受伤是否属于工伤；\n2. 各项工伤待遇的数额。",
        "被申请人未为申请人缴纳工伤保险，应依法承担工伤保险待遇。",
    ),
    "损害赔偿": (
        "要求赔偿医疗费、误工费等共计{amount}元",
        "同意赔偿医疗费，对误工费数额有异议",
        "《民法典》第一千二百四十五条、第一千二百四十六条关于饲养动物损害责任的规定",
        "1. 损害的责任承担；\n2. 医疗费、误工费的数额。",
        "被申请人未对宠物采取安全措施，应承担赔偿责任。",
    ),
    "消费纠纷": (
        "要求退还预付卡余额{amount}元",
        "称因经营困难停业，同意退款但请求宽限时间",
        "《消费者权益保护法》第五十三条关于预付款退还的规定",
        "预付卡余额的退还数额及方式。",
        "被申请人停业未履行服务义务，应退还预付款余额。",
    ),
    "医疗纠纷": (
        "要求赔偿后续治疗费及精神损害抚慰金共计{amount}元",
        "认为诊疗行为符合规范，仅同意给予适当补偿",
        "《民法典》第一千二百一十八条、第一千二百一十九条关于医疗损害责任的规定",
        "1. 诊疗行为是否存在过错；\n2. 补偿的数额。",
        "被申请人诊疗中告知说明不充分，负次要责任。",
    ),
    "道路交通": (
        "要求赔偿车辆维修费{amount}元",
        "同意承担维修费用，但认为维修报价偏高",
        "《道路交通安全法》第七十六条及《民法典》侵权责任编的相关规定",
        "车辆维修费用的数额。",
        "被申请人倒车时未注意观察，应承担全部责任。",
    ),
    "其他": (
        "要求被申请人清理共用通道杂物并赔偿损失{amount}元",
        "同意清理杂物，对赔偿数额有异议",
        "《民法典》第二百七十二条、第二百八十八条关于共有部分和相邻关系的规定",
        "1. 共用通道的使用；\n2. 损失的赔偿数额。",
        "被申请人占用共用通道堆放杂物，应承担主要责任。",
    ),
}


CIVIL_CODE_IN_FORCE = dt.date(2021, 1, 1)
BEFORE_CIVIL_CODE = {  # what a mediator cited for these disputes until then
    "婚姻家庭": "《婚姻法》第三十七条关于离婚后子女抚养费负担的规定",
    "邻里纠纷": "《物权法》第八十四条、第九十二条关于相邻关系的规定",
    "房屋租赁": "《合同法》租赁合同一章的规定及双方租赁合同的约定",
    "物业纠纷": "《物业管理条例》第四十一条及《深圳经济特区物业管理条例》的相关规定",
    "合同纠纷": "《合同法》第一百零七条、第一百一十四条关于违约责任及违约金的规定",
    "损害赔偿": "《侵权责任法》第七十八条、第七十九条关于饲养动物损害责任的规定",
    "医疗纠纷": "《侵权责任法》第五十四条、第五十五条关于医疗损害责任的规定",
    "道路交通": "《道路交通安全法》第七十六条及《侵权责任法》的相关规定",
    "其他": "《物权法》第七十条、第八十四条关于共有部分和相邻关系的规定",
}


def _stamp(r: random.Random, day: dt.date) -> str:
    return f"{day.isoformat()} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}:00"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _credit_code(r: random.Random) -> str:
    """A valid 统一社会信用代码 of a company registered in 福田 (GB 32100, GB 11714)."""
    body = "".join(r.choice(identity.CREDIT_CODE_CHARS) for _ in range(8))
    return identity.make_credit_code("91440304", body)


def _street_address(r: random.Random) -> str:
    return f"{r.choice(ROADS)}{r.randint(1, 300)}号"


def particulars(seed: int, r: random.Random, party: dict, category: str, community: str) -> dict:
    """A party's particulars beyond name, phone and ID."""
    if party["party_type"] == "法人或其他组织":
        # The same company in several cases is the same company: its own generator.
        org = random.Random(f"{seed}/org/{party['name']}")
        found = {
            "id_type": "统一社会信用代码",
            "id_no": _credit_code(org),
            "legal_rep": person(org),
            "legal_rep_title": org.choice(("总经理", "执行董事", "执行董事兼总经理")),
            "address": f"广东省深圳市福田区莲花街道{_street_address(org)}"
            f"{org.choice(('大厦', '商务中心', '工业楼'))}{org.randint(2, 28)}楼",
        }
        if r.random() < 0.6:
            found |= {"agent": person(r), "agent_phone": mobile(r)}
        return found
    region, born = party["id_no"][:6], int(party["id_no"][6:10])
    labour = category in ("劳资纠纷", "工伤赔偿")
    if labour and party["role"] == "申请人":
        occupation = r.choice(("务工人员", "务工人员", "公司职员"))
    elif category == "工伤赔偿":  # the injured worker's employer
        occupation = "个体经营者"
    elif born < 1962:
        occupation = "退休人员"
    else:
        occupation = r.choices(OCCUPATIONS[:4] + OCCUPATIONS[5:], (3, 3, 4, 2, 1))[0]
    minority = (4, 1, 2, 2, 1, 1) if region != "450881" else (30, 0, 0, 0, 3, 0)
    local = region.startswith("4403") or r.random() < 0.55
    address = (
        f"广东省深圳市福田区莲花街道{community}{_street_address(r)}"
        f"{r.randint(1, 30)}栋{r.randint(1, 32)}{r.randint(1, 8):02d}室"
        if local
        else f"{HOMETOWNS[region]}{r.choice('东南西北新')}{r.choice('安和丰兴平')}镇"
        f"{r.choice('上下大小新')}{r.choice('村坪塘岭')}{r.randint(1, 12)}组{r.randint(1, 60)}号"
    )
    found = {
        "ethnicity": r.choices(ETHNICITIES, (88, *minority))[0],
        "occupation": occupation,
        "address": address,
    }
    if r.random() < 0.12:
        found |= {"agent": person(r), "agent_phone": mobile(r)}
    return found


def agreement_terms(
    r: random.Random,
    category: str,
    names: tuple[str, str],
    agreed: float,
    closed: dt.date,
    performance: str,
    confirmed: bool,
) -> dict:
    """The agreement's parts (人民调解法 Art. 29) for a settled case, for the sum `agreed`
    (the case's 协议金额, and what 已履行 means was paid): written, except now and then
    for a small sum (never when it goes to the court, Art. 33). An agreement still being
    performed (履行中) is paid in two instalments, the first half first."""
    applicant, respondent = names
    agreed = int(agreed)
    deadline = closed + dt.timedelta(days=15)
    method = (
        "分期支付"
        if performance == "履行中"
        else r.choices(PAYING, (6, 1, 2 if agreed < 10000 else 0))[0]
    )
    if method == "分期支付":
        first = int(agreed / 2 // 100 * 100)
        paying = (
            f"1. {respondent}分两期向{applicant}支付人民币{agreed}元："
            f"于{_cn_date(closed + dt.timedelta(days=7))}前支付{first}元，"
            f"于{_cn_date(deadline)}前支付余款{agreed - first}元。"
        )
    else:
        how = "以银行转账方式" if method == "一次性银行转账" else "以现金方式当面"
        paying = (
            f"1. {respondent}于协议签订之日起十五日内（{_cn_date(deadline)}前）"
            f"{how}向{applicant}一次性支付人民币{agreed}元。"
        )
    items = [
        paying,
        f"2. {applicant}收到上述款项后，不再就本纠纷向{respondent}主张其他权利。",
        "3. 双方就本纠纷再无其他争议。",
    ]
    oral = not confirmed and agreed < 10000 and r.random() < 0.6
    return {
        "disputed_issues": TALK[category][3],
        "responsibilities": TALK[category][4],
        "agreement": "\n".join(items),
        "agreement_form": "口头协议" if oral else "书面协议",
        "amount_agreed": agreed,
        "performance_method": method,
        "performance_deadline": deadline,
        "other_terms": None if oral else OTHER_TERMS,
    }


def confirmation(r: random.Random, closed: dt.date, last: dt.date) -> dict:
    """司法确认: applied for within the thirty days (人民调解法 Art. 33), now and then
    late; the court's ruling a few weeks later. Nothing yet if that is after `last`."""
    applied = closed + dt.timedelta(
        days=r.randint(31, 40) if r.random() < 0.05 else r.randint(1, 20)
    )
    if applied > last:
        return {}
    found = {"confirmation_court": COURT, "confirmation_applied": applied}
    ruled = applied + dt.timedelta(days=r.randint(7, 15))
    if ruled <= last:
        found["confirmation_ruling"] = (
            f"（{ruled.year}）粤0304民特{r.randint(100, 2999)}号 确认调解协议有效"
        )
    return found


def _who(party: dict) -> str:
    """A party as the record names those present: with its representative or agent."""
    name = f"{party['role']}{party['name']}"
    if party.get("agent"):
        return f"{name}及委托代理人{party['agent']}"
    if party.get("legal_rep"):
        return f"{name}（{party['legal_rep_title']}{party['legal_rep']}）"
    return name


def work_records(
    b: _Builder, r: random.Random, case: dict, sides: list[dict], adviser: str | None, last: dt.date
) -> None:
    """An investigation for the disputes that turn on facts, then one to three sessions
    between receipt and closing (or `last` for an open case); none before acceptance."""
    if case["status"] == "已受理":
        return
    applicant, respondent = sides
    received = dt.date.fromisoformat(case["received_date"])
    end = dt.date.fromisoformat(case["closed_date"]) if case["closed_date"] else last
    mediator = case["mediator"]
    clerk = r.choice([c for c in CLERKS if c != mediator])
    claim, reply, law = TALK[case["category"]][:3]
    if received < CIVIL_CODE_IN_FORCE:  # the laws the Civil Code replaced on 2021-01-01
        law = BEFORE_CIVIL_CODE.get(case["category"], law)
    claim = claim.format(amount=int(case["amount_disputed"]))
    start = received
    if case["category"] in EVIDENCE:
        start = min(received + dt.timedelta(days=r.randint(1, 2)), end)
        place = (
            ONLINE_ROOM
            if level_1(start)
            else f"{respondent['name']}办公室"
            if respondent["party_type"] == "法人或其他组织"
            else MEDIATION_ROOM
        )
        b.add(
            F.CASE_RECORD,
            {
                "case_id": case["id"],
                "kind": "调查记录",
                "date": start,
                "place": place,
                "participants": f"{_who(applicant)}、{_who(respondent)}、调解员{mediator}",
                "recorder": clerk,
                "content": f"调解员{mediator}向双方了解纠纷情况。申请人{applicant['name']}称："
                f"{case['summary']}，{claim}。被申请人{respondent['name']}表示：{reply}。"
                f"调解员查阅了{EVIDENCE[case['category']]}，对争议事实作了记录。",
            },
            _stamp(r, start),
        )
    closing = case["status"] in ("调解成功", "调解不成功", "已终止")
    span = (end - start).days
    n = min(r.randint(1, 3), span + 1)
    days = sorted(r.sample(range(span), n - 1) if closing else r.sample(range(span + 1), n))
    dates = [start + dt.timedelta(days=d) for d in days] + ([end] if closing else [])
    for i, day in enumerate(dates):
        final = closing and i == len(dates) - 1
        opening = (
            f"调解员{mediator}告知双方当事人在人民调解活动中享有的权利和承担的义务，"
            f"双方表示清楚，不申请回避。申请人{applicant['name']}陈述：{case['summary']}，"
            f"{claim}。被申请人{respondent['name']}意见：{reply}。"
            if i == 0
            else "调解员再次组织双方调解，双方各自陈述了考虑后的意见。"
        )
        present = [_who(applicant), _who(respondent), f"调解员{mediator}"]
        if adviser and r.random() < 0.6:
            present.append(f"法律顾问{adviser}")
        b.add(
            F.CASE_RECORD,
            {
                "case_id": case["id"],
                "kind": "调解记录",
                "date": day,
                "place": ONLINE_ROOM
                if level_1(day)
                else r.choices((MEDIATION_ROOM, "社区党群服务中心"), (3, 1))[0],
                "participants": "、".join(present),
                "recorder": clerk,
                "content": opening + _outcome(case, law, final),
            },
            _stamp(r, day),
        )


def _outcome(case: dict, law: str, final: bool) -> str:
    """How a session ended: agreement, failure, termination, or another session."""
    told = f"调解员依据{law}向双方释法说理，分析各自责任。"
    if not final:
        return told + "双方意见仍有差距，同意回去考虑后再行调解。"
    if case["status"] == "调解成功":
        signed = (
            "双方达成口头协议，调解员将协议内容记录在案。"
            if case["agreement_form"] == "口头协议"
            else "双方当场签订书面调解协议。"
        )
        return (
            told + f"经协商，双方自愿达成协议：被申请人向申请人支付人民币"
            f"{int(case['amount_agreed'])}元，"
            f"于{_cn_date(dt.date.fromisoformat(case['performance_deadline']))}前履行完毕。"
            + signed
        )
    if case["status"] == "调解不成功":
        way = "申请劳动仲裁" if case["category"] in ("劳资纠纷", "工伤赔偿") else "向人民法院起诉"
        return told + f"双方分歧较大，未能达成协议。调解员告知申请人可依法{way}。"
    return (
        "被申请人明确表示不同意继续调解，调解委员会依法终止调解，并告知当事人可通过其他途径解决。"
    )


def visit(b: _Builder, r: random.Random, case: dict, sides: list[dict], last: dt.date) -> None:
    """A return visit some days after the performance deadline; a few cases lack one."""
    deadline = case.get("performance_deadline")
    if case["status"] != "调解成功" or not deadline or r.random() < 0.03:
        return
    day = dt.date.fromisoformat(deadline) + dt.timedelta(days=r.randint(1, 10))
    if day > last:
        return
    performance = case["performance"]
    satisfaction = (
        r.choices(("满意", "基本满意", "不满意"), (2, 3, 2))[0]
        if performance == "未履行"
        else r.choices(("满意", "基本满意"), (9, 1))[0]
    )
    said = {
        "已履行": "被申请人已按协议履行完毕",
        "履行中": "被申请人正在按协议分期履行",
        "未履行": "被申请人尚未按协议履行，调解员已督促其尽快履行",
    }[performance]
    method = "电话回访" if level_1(day) else r.choices(("电话回访", "上门回访"), (6, 1))[0]
    b.add(
        F.VISIT,
        {
            "case_id": case["id"],
            "date": day,
            "visitor": case["mediator"],
            "method": method,
            "performance": performance,
            "satisfaction": satisfaction,
            "content": f"{method[:2]}回访申请人{sides[0]['name']}，其表示{said}，"
            f"对调解工作{satisfaction}。",
        },
        _stamp(r, day),
    )
