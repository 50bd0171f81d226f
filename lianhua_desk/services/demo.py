"""Deterministic, realistic demo data at the seed report's scale.

Sixteen communities of 莲花街道, sixteen advisors from a few firms, a year of roster,
ledger and publicity events, about 130 mediation cases and about 420 petitions, plus
the current year to date. Names and ID numbers are fictional but valid. The same
seed gives the same database; a few communities fall short of quotas on purpose so
the quota matrix is not all green.

Records go through the same store functions as any other write (one audit row
each) inside one transaction, so a demo fill is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from ..domain import fields as F
from ..domain.parse import make_id_number
from ..domain.parties import party_type_of
from ..domain.records import FieldError, ValidationError, check_record, clean
from ..domain.workcalendar import WorkCalendar
from ..store import records as store
from ..store.db import write_lock
from . import parties
from .context import Context
from .demo_dossier import agreement_terms, confirmation, particulars, visit, work_records
from .demo_names import CLERKS, mobile, person
from .roster import substitute_day

COMMUNITIES = (
    "彩虹社区",
    "彩田社区",
    "福新社区",
    "福中社区",
    "景华社区",
    "康欣社区",
    "莲花北社区",
    "莲花二村社区",
    "莲花一村社区",
    "梅岗社区",
    "梅岭社区",
    "狮岭社区",
    "新港社区",
    "悦峰社区",
    "紫荆社区",
    "莲花山社区",
)
FIRMS = ("广东莲城律师事务所", "广东福田法信律师事务所", "深圳中鹏律师事务所", "广东华景律师事务所")
REGIONS = (
    "440304",
    "440303",
    "440305",
    "440306",
    "445281",
    "441423",
    "430524",
    "360721",
    "450881",
    "420117",
)
TOPICS = (
    "民法典与居民生活",
    "民法典婚姻家庭编解读",
    "劳动合同与工资支付",
    "房屋租赁中的法律风险",
    "防范电信网络诈骗",
    "未成年人保护法宣讲",
    "物业管理条例解读",
    "疫情防控相关法律问题",
    "企业复工复产法律指引",
    "反家庭暴力法",
    "消费者权益保护",
    "校园安全与法律",
)
SUMMARIES = {
    "婚姻家庭": "双方因离婚后子女抚养费支付问题发生争执",
    "邻里纠纷": "楼上住户装修噪音及漏水影响楼下住户生活",
    "房屋租赁": "承租人提前退租，双方就押金退还产生争议",
    "物业纠纷": "业主以服务不到位为由拒交物业管理费",
    "合同纠纷": "装修合同工期延误，双方就违约金发生争议",
    "劳资纠纷": "员工离职后公司拖欠工资及经济补偿金",
    "工伤赔偿": "员工上班途中受伤，就工伤待遇与公司协商未果",
    "损害赔偿": "小区内宠物咬伤他人，就医疗费赔偿发生争议",
    "消费纠纷": "预付卡商家停业，消费者要求退还余额",
    "医疗纠纷": "患者对诊疗结果不满，要求诊所赔偿",
    "道路交通": "小区内车辆剐蹭，双方就维修费用协商不一",
    "其他": "因共用通道堆放杂物引发争执",
}
PETITION_SUBJECTS = {
    "劳资纠纷": "反映某公司拖欠员工工资，要求协助追讨",
    "房屋租赁": "反映房东拒不退还押金",
    "物业纠纷": "反映物业公司擅自提高停车费",
    "征地拆迁": "反映城市更新项目补偿标准问题",
    "婚姻家庭": "反映家庭成员赡养纠纷",
    "邻里纠纷": "反映邻居长期占用公共楼道",
    "其他": "咨询法律援助申请条件",
}
ROUTE_FOR = {
    "劳资纠纷": ("劳动仲裁", "人民调解", "诉讼"),
    "房屋租赁": ("人民调解", "诉讼"),
    "物业纠纷": ("人民调解", "诉讼", "行政复议"),
    "征地拆迁": ("行政复议", "诉讼", "信访程序"),
    "婚姻家庭": ("人民调解", "诉讼", "心访工作室"),
    "邻里纠纷": ("人民调解", "公安机关", "心访工作室"),
    "其他": ("其他", "信访程序", "检察机关", "诉讼"),
}


class _Builder:
    """Collects clean records and writes them through the store in one go."""

    def __init__(self, ctx: Context, rng: random.Random, seed: int = 0, dossiers: bool = True):
        self.ctx, self.rng, self.seed, self.dossiers = ctx, rng, seed, dossiers
        self.counts: dict[str, int] = {}
        self._stamp_day: dt.date | None = None

    def add(self, entity: F.Entity, raw: dict, when: dt.date | str) -> dict:
        """Write one record, last changed on day `when` (or at the stamp `when`)."""
        values = clean(entity, {**entity.defaults(), **raw})
        record = {name: None for name in entity.columns} | values
        check_record(entity, record)
        stamp = (
            when
            if isinstance(when, str)
            else f"{when.isoformat()} {self.rng.randint(8, 17):02d}:{self.rng.randint(0, 59):02d}:00"
        )
        row = store.insert(
            self.ctx.db,
            self.ctx.actor,
            entity,
            record,
            updated_at=stamp,
            source="demo",
            action="demo",
        )
        self.counts[entity.sheet] = self.counts.get(entity.sheet, 0) + 1
        return row

    def person(self) -> str:
        return person(self.rng)

    def id_number(self) -> str:
        birth = dt.date(
            self.rng.randint(1950, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
        )
        return make_id_number(self.rng.choice(REGIONS), birth, self.rng.randint(1, 999))

    def mobile(self) -> str:
        return mobile(self.rng)


def fill(
    ctx: Context,
    year: int = 2020,
    *,
    seed: int = 20201224,
    today: dt.date | None = None,
    dossiers: bool = True,
) -> dict[str, int]:
    """Fill an empty database; returns the number of records per sheet.

    `dossiers=False` leaves out each case's particulars, work records and visits (they
    come from generators of their own, so everything else is the same either way)."""
    if ctx.db["communities"].count:
        raise ValidationError(
            [
                FieldError(
                    "",
                    "",
                    None,
                    "数据库中已有数据，演示数据只能写入空数据库（请用 --db 指定新文件）",
                )
            ]
        )
    today = today or ctx.actor.today()
    rng = random.Random(seed)
    b = _Builder(ctx, rng, seed, dossiers)
    calendar = ctx.calendar()
    with write_lock(ctx.db):
        communities = [
            b.add(F.COMMUNITY, {"name": name, "code": f"440304008{i + 1:03d}"}, dt.date(year, 1, 2))
            for i, name in enumerate(COMMUNITIES)
        ]
        advisors = [
            b.add(
                F.ADVISOR,
                {
                    "name": b.person(),
                    "firm": FIRMS[i % len(FIRMS)],
                    "licence_no": f"14403{rng.randint(2005, 2018)}1{rng.randint(0, 9999999):07d}"[
                        :17
                    ],
                    "mobile": b.mobile(),
                    "community_id": c["id"],
                    "contract_start": f"{year}-01-01",
                    "contract_end": f"{today.year}-12-31",
                    "assistant": b.person(),
                    "status": "在聘",
                },
                dt.date(year, 1, 2),
            )
            for i, c in enumerate(communities)
        ]
        years = [year] + ([today.year] if today.year > year else [])
        for y in years:
            last = min(dt.date(y, 12, 31), today - dt.timedelta(days=1))
            _year_of_work(b, calendar, communities, advisors, y, last)
    return b.counts


def _duty_days(calendar: WorkCalendar, year: int, last: dt.date) -> set[dt.date]:
    """Every Wednesday of the year, moved as the rotation generator moves holidays (and,
    in a week that straddles New Year, to a working day of the year's own part)."""
    first = dt.date(year, 1, 1)
    days = set()
    wednesday = first - dt.timedelta(days=first.weekday()) + dt.timedelta(days=2)
    while wednesday <= last + dt.timedelta(days=6):
        usable = first <= wednesday <= last and calendar.is_workday(wednesday)
        day = wednesday if usable else substitute_day(calendar, wednesday, first, last)
        if day and first <= day <= last:
            days.add(day)
        wednesday += dt.timedelta(days=7)
    return days


def _year_of_work(
    b: _Builder,
    calendar: WorkCalendar,
    communities: list[dict],
    advisors: list[dict],
    year: int,
    last: dt.date,
) -> None:
    """A year's records up to `last`, one generator per kind, in a fixed order: the
    random stream (and so the demo database) depends on it."""
    # A few communities are careless on purpose: the quota matrix must show it.
    weak = {communities[i]["id"] for i in (3, 9, 13, 6)}
    pairs = list(zip(communities, advisors, strict=True))
    duty_days = _duty_days(calendar, year, last)
    day = dt.date(year, 1, 1)
    while day <= last:  # day by day: a duty day's shifts, then that day's other services
        if day in duty_days:
            _duty(b, pairs, weak, day)
        if calendar.is_workday(day):
            _services(b, pairs, day)
        day += dt.timedelta(days=1)
    _events(b, pairs, weak, year, last)
    span = (last - dt.date(year, 1, 1)).days
    _cases(b, communities, advisors, year, last, max(1, int(130 * (span + 1) / 366)))
    _petitions(b, communities, year, last, max(1, int(420 * (span + 1) / 366)))


def _duty(b: _Builder, pairs: list[tuple[dict, dict]], weak: set[str], day: dt.date) -> None:
    """A duty day: each community's shift, and the sitting recorded as a service."""
    rng = b.rng
    for c, a in pairs:
        if c["id"] in weak and rng.random() < 0.12:
            continue
        roll = rng.random()
        status = "已到岗" if roll > 0.04 else ("缺勤" if c["id"] in weak else "调班")
        b.add(
            F.SHIFT,
            {
                "community_id": c["id"],
                "advisor_id": a["id"],
                "date": day,
                "start_time": "09:00",
                "end_time": "12:00",
                "location": f"{c['name']}党群服务中心",
                "status": status,
            },
            day,
        )
        if status == "已到岗":
            b.add(
                F.SERVICE,
                {
                    "community_id": c["id"],
                    "advisor_id": a["id"],
                    "date": day,
                    "mode": "现场",
                    "service_type": "坐班值守",
                    "hours": 3,
                    "persons": rng.randint(0, 3),
                    "summary": "社区法律顾问坐班，接待居民来访",
                },
                day,
            )


def _services(b: _Builder, pairs: list[tuple[dict, dict]], day: dt.date) -> None:
    """Services besides duty on a working day: now and then, per community."""
    rng = b.rng
    for c, a in pairs:
        if rng.random() < 0.06:
            mode = rng.choice(("现场", "非现场"))
            kind = rng.choices(
                ("法律咨询", "合同审查", "参与调解", "法律援助", "法治宣传"),
                (6, 2, 1, 1, 1),
            )[0]
            b.add(
                F.SERVICE,
                {
                    "community_id": c["id"],
                    "advisor_id": a["id"],
                    "date": day,
                    "mode": mode,
                    "service_type": kind,
                    "hours": rng.choice((1, 1.5, 2)),
                    "persons": rng.randint(2, 8) if kind == "法律咨询" else rng.randint(0, 2),
                    "summary": f"{kind}：{rng.choice(list(SUMMARIES.values()))}",
                },
                day,
            )


def _events(
    b: _Builder, pairs: list[tuple[dict, dict]], weak: set[str], year: int, last: dt.date
) -> None:
    """Publicity: one lecture a quarter for most communities, large events yearly."""
    rng = b.rng
    for i, (c, a) in enumerate(pairs):
        for q in range(4):
            start = dt.date(year, 3 * q + 1, 5)
            when = start + dt.timedelta(days=rng.randint(0, 75))
            if when > last:
                continue
            # Diligent communities lecture every quarter; weak ones sometimes hold
            # only an online or other event instead.
            kind = "法治讲座"
            if c["id"] in weak and rng.random() < 0.5:
                kind = rng.choice(("线上普法", "其他"))
            b.add(
                F.EVENT,
                {
                    "community_id": c["id"],
                    "date": when,
                    "event_type": kind,
                    "topic": rng.choice(TOPICS),
                    "audience": rng.choice(F.EVENT_AUDIENCE[:3]),
                    "speaker_id": a["id"],
                    "attendance": rng.randint(20, 120),
                    "online_reach": rng.randint(500, 12000) if kind == "线上普法" else None,
                },
                when,
            )
        when = dt.date(year, 12, 4)  # 国家宪法日
        if when <= last and (c["id"] not in weak or i % 2):
            b.add(
                F.EVENT,
                {
                    "community_id": c["id"],
                    "date": when,
                    "event_type": "大型法治宣传",
                    "topic": "12·4国家宪法日法治宣传",
                    "audience": "居民",
                    "attendance": rng.randint(150, 600),
                    "online_reach": rng.randint(1000, 15000),
                },
                when,
            )


def _cases(
    b: _Builder,
    communities: list[dict],
    advisors: list[dict],
    year: int,
    last: dt.date,
    n_cases: int,
) -> None:
    """Mediation cases: labour disputes dominate, as in the seed."""
    rng = b.rng
    span = (last - dt.date(year, 1, 1)).days
    case_seq = 0
    for _ in range(n_cases):
        case_seq += 1
        received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, span))
        category = rng.choices(F.DISPUTE_CATEGORY, (6, 8, 8, 6, 5, 60, 4, 4, 3, 2, 3, 3))[0]
        idx = rng.randrange(len(communities))
        body = (
            "劳资纠纷专业调解委员会"
            if category in ("劳资纠纷", "工伤赔偿") and rng.random() < 0.5
            else "住房领域专业调解委员会"
            if category in ("房屋租赁", "物业纠纷") and rng.random() < 0.4
            else rng.choices(F.MEDIATION_BODY[:2], (4, 1))[0]
        )
        age = (last - received).days
        status = (
            "调解中"
            if age < 20 and rng.random() < 0.6
            else rng.choices(
                ("调解成功", "调解不成功", "已终止", "已受理"), (80, 10, 4, 2 if age < 40 else 0)
            )[0]
        )
        closed = (
            received + dt.timedelta(days=rng.randint(3, 28))
            if status in ("调解成功", "调解不成功", "已终止")
            else None
        )
        if closed and closed > last:
            closed = last
        amount = (
            round(rng.uniform(3000, 400000), -2)
            if category in ("劳资纠纷", "工伤赔偿", "合同纠纷", "损害赔偿")
            else round(rng.uniform(500, 30000), -2)
        )
        success = status == "调解成功"
        applicant, respondent = (
            b.person(),
            (
                b.person()
                if category not in ("劳资纠纷", "合同纠纷")
                else f"深圳市{rng.choice(('华莲', '景田', '彩田', '梅林'))}{rng.choice(('科技', '餐饮', '建筑', '物业'))}有限公司"
            ),
        )
        source = rng.choices(F.CASE_SOURCE, (6, 2, 1, 1))[0]  # drawn in the old order
        applicant_id, applicant_phone = b.id_number(), b.mobile()
        respondent_id = b.id_number() if not respondent.endswith("公司") else None
        respondent_phone = (
            b.mobile() if rng.random() < 0.8 else "0755-8" + f"{rng.randint(0, 9999999):07d}"
        )
        # Drawn in the dict's old order, before it, so the dossier can use them.
        mediator = rng.choice(CLERKS)
        advisor_id = advisors[idx]["id"] if rng.random() < 0.4 else None
        performance = rng.choice(("已履行", "已履行", "履行中", "未履行")) if success else None
        recovered = round(amount * rng.uniform(0.5, 1.0), -2) if success else None
        confirmed = (rng.random() < 0.25) if success else None
        covid = rng.random() < 0.08
        case_no = f"莲调〔{year}〕第{case_seq}号"
        # The dossier's own generator: it never touches `rng`.
        detail = random.Random(f"{b.seed}/{case_no}")
        terms = {}
        if success and b.dossiers:
            terms = agreement_terms(
                detail, category, (applicant, respondent), amount, closed, performance, confirmed
            )
            if confirmed:
                terms |= confirmation(detail, closed, last)
        case = b.add(
            F.CASE,
            {
                "case_no": case_no,
                "received_date": received,
                "community_id": communities[idx]["id"],
                "body": body,
                "category": category,
                "source": source,
                "applicant": applicant,
                "respondent": respondent,
                "amount_disputed": amount,
                "mediator": mediator,
                "advisor_id": advisor_id,
                "status": status,
                "closed_date": closed,
                "performance": performance,
                "amount_recovered": recovered,
                "judicial_confirmation": confirmed,
                "covid": covid,
                "summary": SUMMARIES[category],
                **terms,
            },
            closed or received,
        )
        sides = []
        for role, name, id_no, phone in (
            ("申请人", applicant, applicant_id, applicant_phone),
            ("被申请人", respondent, respondent_id, respondent_phone),
        ):
            party = {"case_id": case["id"], "role": role, "name": name, "phone": phone}
            party["party_type"] = party_type_of(name, id_no)
            if id_no:
                party |= {"id_type": "居民身份证", "id_no": id_no}
            if b.dossiers:
                party |= particulars(b.seed, detail, party, category, communities[idx]["name"])
            sides.append(b.add(F.PARTY, parties.complete(party), case["updated_at"]))
        if b.dossiers:
            adviser = next((a["name"] for a in advisors if a["id"] == advisor_id), None)
            work_records(b, detail, case, sides, adviser, last)
            visit(b, detail, case, sides, last)


def _petitions(
    b: _Builder, communities: list[dict], year: int, last: dt.date, n_petitions: int
) -> None:
    """Petitions (信访): routed and concluded according to their age at `last`."""
    rng = b.rng
    span = (last - dt.date(year, 1, 1)).days
    petition_seq = 0
    for _ in range(n_petitions):
        petition_seq += 1
        registered = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, span))
        category = rng.choices(F.PETITION_CATEGORY, (40, 12, 14, 5, 6, 8, 15))[0]
        age = (last - registered).days
        route = rng.choice(ROUTE_FOR[category])
        status = (
            "已登记"
            if age < 10 and rng.random() < 0.5
            else "办理中"
            if age < 50 and rng.random() < 0.5
            # Old petitions are nearly all concluded; a few stragglers stay overdue.
            else rng.choices(("已办结", "已分流"), (98, 2) if age > 90 else (85, 15))[0]
        )
        routed = status != "已登记"
        legal = route in ("诉讼", "劳动仲裁", "行政复议", "人民调解", "公安机关", "检察机关")
        concluded = (
            min(registered + dt.timedelta(days=rng.randint(5, 55)), last)
            if status == "已办结"
            else None
        )
        headcount = rng.choices((1, 2, 3, 5, 8), (70, 12, 8, 6, 4))[0]
        b.add(
            F.PETITION,
            {
                "petition_no": f"莲访〔{year}〕第{petition_seq}号",
                "registered_date": registered,
                "channel": rng.choices(F.PETITION_CHANNEL, (35, 5, 10, 25, 8, 7, 10))[0],
                "petitioner": b.person() + ("等" if headcount > 1 else ""),
                "id_no": b.id_number() if rng.random() < 0.8 else None,
                "phone": b.mobile(),
                "headcount": headcount,
                "community_id": rng.choice(communities)["id"],
                "subject": PETITION_SUBJECTS[category],
                "category": category,
                "screening": (
                    "法律途径" if legal else "心理疏导" if route == "心访工作室" else "信访途径"
                )
                if routed
                else None,
                "route": route if routed else None,
                "legal_service": (rng.random() < 0.9) if routed else (rng.random() < 0.5),
                "guided_legal": (legal and rng.random() < 0.4) if routed else False,
                "receiving_unit": {
                    "劳动仲裁": "福田区劳动人事争议仲裁院",
                    "诉讼": "福田区人民法院",
                    "人民调解": "莲花街道人民调解委员会",
                    "公安机关": "莲花派出所",
                }.get(route)
                if routed
                else None,
                "status": status,
                "concluded_date": concluded,
                "amount_recovered": round(rng.uniform(5000, 150000), -2)
                if status == "已办结" and category == "劳资纠纷" and rng.random() < 0.6
                else None,
                "covid": rng.random() < 0.03,
                "handling": "已告知当事人通过法律途径解决并提供法律咨询" if routed else None,
            },
            concluded or registered,
        )
