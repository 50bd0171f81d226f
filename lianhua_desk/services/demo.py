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
from ..domain import identity
from ..domain.parse import make_id_number
from ..domain.parties import party_type_of
from ..domain.records import FieldError, ValidationError, check_record, clean
from ..domain.workcalendar import WorkCalendar
from ..store import records as store
from ..store.db import write_lock
from . import parties
from .context import Context
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
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉宇晨欣怡子涵浩然梓轩雨婷佳琪俊杰晓峰海燕春梅永红立新"
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
CLERKS = ("陈晓敏", "林佳怡", "黄志文", "周雨婷")
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
        return _person(self.rng)

    def id_number(self) -> str:
        birth = dt.date(
            self.rng.randint(1950, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
        )
        return make_id_number(self.rng.choice(REGIONS), birth, self.rng.randint(1, 999))

    def mobile(self) -> str:
        return _mobile(self.rng)


def _person(r: random.Random) -> str:
    given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
    return r.choice(SURNAMES) + given


def _mobile(r: random.Random) -> str:
    return (
        r.choice(("138", "139", "135", "186", "189", "177", "150"))
        + f"{r.randint(0, 99999999):08d}"
    )


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
            terms = _agreement_terms(
                detail, category, (applicant, respondent), amount, closed, performance, confirmed
            )
            if confirmed:
                terms |= _confirmation(detail, closed, last)
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
                party |= _particulars(b.seed, detail, party, category, communities[idx]["name"])
            sides.append(b.add(F.PARTY, parties.complete(party), case["updated_at"]))
        if b.dossiers:
            adviser = next((a["name"] for a in advisors if a["id"] == advisor_id), None)
            _work_records(b, detail, case, sides, adviser, last)
            _visit(b, detail, case, sides, last)


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


# --- A case's dossier ----------------------------------------------------------------
# Particulars, work records, the agreement's parts and the return visit all come from
# the case's own generator (seeded with the case number), never from the shared
# stream: adding or changing a detail moves no other record of the demo.

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
COURT = "深圳市福田区人民法院"
OTHER_TERMS = "本协议一式三份，双方当事人各执一份，人民调解委员会留存一份。"
PAYING = ("一次性银行转账", "分期支付", "现金当面支付")
EVIDENCE = {
    "劳资纠纷": "劳动合同、考勤记录和工资发放记录",
    "工伤赔偿": "病历、医疗费票据和工伤认定材料",
    "损害赔偿": "病历和医疗费票据",
    "合同纠纷": "装修合同、施工进度记录和付款凭证",
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


def _stamp(r: random.Random, day: dt.date) -> str:
    return f"{day.isoformat()} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}:00"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _credit_code(r: random.Random) -> str:
    """A valid 统一社会信用代码 of a company registered in 福田 (GB 32100, GB 11714)."""
    chars = identity._CREDIT_CHARS  # the code's alphabet: no I O Z S V
    body = "".join(r.choice(chars) for _ in range(8))
    first17 = "91440304" + body + identity._org_check_char(body)
    return first17 + identity._credit_check_char(first17)


def _street_address(r: random.Random) -> str:
    return f"{r.choice(ROADS)}{r.randint(1, 300)}号"


def _particulars(seed: int, r: random.Random, party: dict, category: str, community: str) -> dict:
    """A party's particulars beyond name, phone and ID."""
    if party["party_type"] == "法人或其他组织":
        # The same company in several cases is the same company: its own generator.
        org = random.Random(f"{seed}/org/{party['name']}")
        found = {
            "id_type": "统一社会信用代码",
            "id_no": _credit_code(org),
            "legal_rep": _person(org),
            "legal_rep_title": org.choice(("总经理", "执行董事", "执行董事兼总经理")),
            "address": f"广东省深圳市福田区莲花街道{_street_address(org)}"
            f"{org.choice(('大厦', '商务中心', '工业楼'))}{org.randint(2, 28)}楼",
        }
        if r.random() < 0.6:
            found |= {"agent": _person(r), "agent_phone": _mobile(r)}
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
        found |= {"agent": _person(r), "agent_phone": _mobile(r)}
    return found


def _agreement_terms(
    r: random.Random,
    category: str,
    names: tuple[str, str],
    amount: float,
    closed: dt.date,
    performance: str,
    confirmed: bool,
) -> dict:
    """The agreement's parts (人民调解法 Art. 29) for a settled case: written, except
    now and then for a small sum (never when it goes to the court, Art. 33)."""
    applicant, respondent = names
    agreed = int(amount * 0.8)
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


def _confirmation(r: random.Random, closed: dt.date, last: dt.date) -> dict:
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


def _work_records(
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
    claim = claim.format(amount=int(case["amount_disputed"]))
    start = received
    if case["category"] in EVIDENCE:
        start = min(received + dt.timedelta(days=r.randint(1, 2)), end)
        place = (
            f"{respondent['name']}办公室"
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
                "place": r.choices((MEDIATION_ROOM, "社区党群服务中心"), (3, 1))[0],
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


def _visit(b: _Builder, r: random.Random, case: dict, sides: list[dict], last: dt.date) -> None:
    """A return visit some days after the performance deadline; a few cases lack one."""
    deadline = case.get("performance_deadline")
    if case["status"] != "调解成功" or not deadline or r.random() < 0.08:
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
    method = r.choices(("电话回访", "上门回访"), (6, 1))[0]
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
