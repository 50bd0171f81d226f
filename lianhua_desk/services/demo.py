"""Deterministic, realistic demo data: the seed report's 2020, and the current year to date.

Sixteen communities of 莲花街道, sixteen advisors from a few firms, a year of roster,
ledger and publicity, mediation cases and petitions at the figures of 莲花街道2020年法治政府
建设年度报告 (16 lectures, 51 advisor mediations, 600余 consultations, 342 petitions given
legal service and 116 guided to legal channels, 58 labour disputes settled, about 1600万
recovered, 20余 COVID disputes, two specialist committees), then the current year up to
yesterday at the same pace. Names and ID numbers are fictional but valid; the same
seed gives the same database.

Every record is made through the services the window uses (records.create, mediation.
register_case / transition, petitions.register_petition / route / conclude), each write
stamped with the day it happens in the story, so numbers follow receipt order and a
petition routed to 人民调解 registers its case as the window would. 2020 is the real
2020: Guangdong's level-1 COVID response from 2020-01-24 (duty by phone, publicity
online only), level 2 from 02-24, level 3 from 05-09; the Civil Code adopted 05-28.
One transaction: a demo fill is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..domain import fields as F
from ..domain.parse import make_id_number
from ..domain.parties import party_type_of
from ..domain.records import FieldError, ValidationError
from ..domain.workcalendar import WorkCalendar
from ..store import queries
from ..store import records as store
from ..store.db import write_lock
from ..store.records import Actor
from . import mediation, parties, petitions, records
from .context import Context
from .demo_dossier import (
    LEVEL_1,
    agreement_terms,
    confirmation,
    level_1,
    particulars,
    visit,
    work_records,
)
from .demo_names import CLERKS, mobile, person
from .roster import substitute_day

log = logging.getLogger(__name__)

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

# --- 2020 as it was ----------------------------------------------------------------
# LEVEL_1 (demo_dossier): 广东省重大突发公共卫生事件一级响应 from 2020-01-24.
LEVEL_2 = (dt.date(2020, 2, 24), dt.date(2020, 5, 8))  # eased to level 3 on 2020-05-09
CIVIL_CODE_ADOPTED = dt.date(2020, 5, 28)
COVID_MONTHS = range(2, 7)  # the seed's 涉疫纠纷 came with the stoppage and the restart


def gatherings_allowed(day: dt.date) -> bool:
    """In-person lectures and events: not during levels 1 and 2 (publicity went online)."""
    return not LEVEL_1[0] <= day <= LEVEL_2[1]


# --- a year's figures: the seed report's (莲花街道2020年法治政府建设年度报告) -----------------
# Later years run at the same pace, scaled to the part of the year written.
LECTURES_2020 = 16  # 开展法律知识讲座16次 (other years: one a quarter per community)
ADVISOR_MEDIATIONS = 51  # 社区法律顾问共参与调解51起
CONSULTATIONS = 618  # 累计提供法律咨询服务600余次
LABOUR_SETTLED = 58  # 调解成功58件劳资纠纷
LABOUR_CASES = 66
DIRECT_CASES = 90  # besides the petitions routed to 人民调解
PETITION_RECOVERED = 2_100_000  # of 追回款项1600万元: the rest in mediation
CASE_RECOVERED = 13_900_000
COVID_CASES, COVID_PETITIONS = 14, 8  # 排查出涉疫矛盾纠纷20余项
# 342 petitions given legal service, 116 of them guided to legal channels.
ROUTES = {
    "人民调解": 40,
    "劳动仲裁": 62,
    "诉讼": 48,
    "行政复议": 10,
    "公安机关": 8,
    "检察机关": 4,
    "信访程序": 120,
    "心访工作室": 40,
    "其他": 40,
}
GUIDED = 116  # among the routes to a court, arbitration, review, police, procuratorate
WITHOUT_LEGAL_SERVICE = 30  # registered 372, 342 given legal service
GUIDED_ROUTES = ("劳动仲裁", "诉讼", "行政复议", "公安机关", "检察机关")
CATEGORY_FOR_ROUTE = {
    "人民调解": (("劳资纠纷", "房屋租赁", "物业纠纷", "婚姻家庭", "邻里纠纷"), (10, 3, 2, 2, 3)),
    "劳动仲裁": (("劳资纠纷",), (1,)),
    "诉讼": (("劳资纠纷", "房屋租赁", "物业纠纷", "婚姻家庭", "其他"), (4, 2, 2, 2, 1)),
    "行政复议": (("征地拆迁", "物业纠纷"), (3, 1)),
    "公安机关": (("邻里纠纷", "其他"), (1, 1)),
    "检察机关": (("其他",), (1,)),
    "信访程序": (("征地拆迁", "劳资纠纷", "物业纠纷", "其他"), (3, 3, 2, 2)),
    "心访工作室": (("婚姻家庭", "邻里纠纷", "其他"), (2, 2, 1)),
    "其他": (("其他",), (1,)),
}
RECEIVING_UNIT = {
    "劳动仲裁": "福田区劳动人事争议仲裁院",
    "诉讼": "福田区人民法院",
    "行政复议": "福田区人民政府行政复议办公室",
    "公安机关": "莲花派出所",
    "检察机关": "福田区人民检察院",
}
# 2020's cases by month of receipt: the Spring Festival and the lockdown, then the
# wage and rent disputes of the restart.
MONTHS_2020 = (7, 3, 12, 11, 10, 9, 8, 8, 8, 7, 8, 9)

TOPICS = (
    "劳动合同与工资支付",
    "房屋租赁中的法律风险",
    "防范电信网络诈骗",
    "未成年人保护法宣讲",
    "物业管理条例解读",
    "反家庭暴力法",
    "消费者权益保护",
    "校园安全与法律",
)
CIVIL_CODE_TOPICS = ("民法典与居民生活", "民法典婚姻家庭编解读", "民法典合同编与企业经营")
COVID_TOPICS = ("疫情防控相关法律问题", "企业复工复产法律指引", "疫情期间劳动用工与租金减免")
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
COVID_SUMMARIES = {
    "劳资纠纷": "疫情期间公司停工停产，员工与公司就停工期间工资发生争议",
    "房屋租赁": "疫情期间商铺无法营业，承租人要求减免租金",
    "消费纠纷": "疫情期间健身房停业，会员要求退还预付费",
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
DIRECT_CATEGORIES = (  # cases brought straight to a committee, besides labour disputes
    ("婚姻家庭", "邻里纠纷", "房屋租赁", "物业纠纷", "合同纠纷", "工伤赔偿"),
    (6, 8, 8, 6, 5, 4),
)
OTHER_CATEGORIES = (("损害赔偿", "消费纠纷", "医疗纠纷", "道路交通", "其他"), (4, 3, 2, 3, 3))
MONEY_CATEGORIES = ("劳资纠纷", "工伤赔偿", "合同纠纷", "损害赔偿")


class _Builder:
    """Writes through the services, each write stamped with its day in the story."""

    def __init__(self, ctx: Context, rng: random.Random, seed: int, dossiers: bool):
        self.ctx, self.rng, self.seed, self.dossiers = ctx, rng, seed, dossiers
        # The hour of a write: a stream of its own, so drawing it moves nothing else.
        self.clock = random.Random(f"{seed}/clock")

    def at(self, when: dt.date | str) -> Context:
        """The context of a write on day `when` (a random office hour) or at stamp `when`."""
        if isinstance(when, str):
            moment = dt.datetime.fromisoformat(when)
        else:
            moment = dt.datetime.combine(
                when, dt.time(self.clock.randint(8, 17), self.clock.randint(0, 59))
            )
        actor = Actor(self.ctx.actor.operator, clock=lambda: moment)
        return Context(self.ctx.db, actor, self.ctx.backup_dir)

    def add(self, entity: F.Entity, raw: dict, when: dt.date | str) -> dict:
        """Register one record through services.records (the dossier's records too)."""
        return records.create(self.at(when), entity.name, raw).record

    def update(self, entity_name: str, record_id: str, raw: dict, when: dt.date | str) -> None:
        records.update(self.at(when), entity_name, record_id, raw)

    def transition(self, case_id: str, status: str, when: dt.date, **more) -> None:
        """A case's next step in the workflow (an outcome closes it on `when`)."""
        closed = when if status in mediation.OUTCOMES else None
        mediation.transition(self.at(when), case_id, status, closed_date=closed, **more)

    def person(self) -> str:
        return person(self.rng)

    def id_number(self) -> str:
        birth = dt.date(
            self.rng.randint(1955, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
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
    """Fill an empty database with `year` and, when later, the current year up to
    yesterday; returns the number of records per sheet.

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
    start = dt.date(year, 1, 2)
    with write_lock(ctx.db), _quiet(records.log):
        communities = [
            b.add(F.COMMUNITY, {"name": name, "code": f"440304008{i + 1:03d}"}, start)
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
                start,
            )
            for i, c in enumerate(communities)
        ]
        years = [year] + ([today.year] if today.year > year else [])
        for y in years:
            last = min(dt.date(y, 12, 31), today - dt.timedelta(days=1))
            _year_of_work(b, calendar, communities, advisors, y, last, today)
    return {e.sheet: n for e in F.ENTITIES if (n := ctx.db[e.name].count)}


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """The demo's thousands of writes are not the clerk's: they stay out of the log."""
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
    log.info("demo data written")


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


def _scaled(n: int, share: float) -> int:
    return round(n * share)


def _some_day(
    rng: random.Random, calendar: WorkCalendar, year: int, last: dt.date, months=None
) -> dt.date:
    """A working day of the year up to `last`, months weighted as given."""
    first = dt.date(year, 1, 2)
    if months is None:
        day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    else:
        usable = [m for m in range(1, 13) if dt.date(year, m, 1) <= last]
        month = rng.choices(usable, [months[m - 1] for m in usable])[0]
        start = max(first, dt.date(year, month, 1))
        end = min(last, (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1))
        day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days - 1)))
    while not calendar.is_workday(day) and day < last:
        day += dt.timedelta(days=1)
    return min(day, last)


def _year_of_work(
    b: _Builder,
    calendar: WorkCalendar,
    communities: list[dict],
    advisors: list[dict],
    year: int,
    last: dt.date,
    today: dt.date,
) -> None:
    """A year's records up to `last`, one generator per kind, in a fixed order: the
    random stream (and so the demo database) depends on it."""
    share = ((last - dt.date(year, 1, 1)).days + 1) / 366
    # A few communities are careless on purpose: the quota matrix must show it.
    weak = {communities[i]["id"] for i in (3, 9, 13, 6)}
    pairs = list(zip(communities, advisors, strict=True))
    duty_days = _duty_days(calendar, year, last)
    day = dt.date(year, 1, 1)
    while day <= last:  # day by day: a duty day's shifts and sittings
        if day in duty_days:
            _duty(b, pairs, weak, day)
        day += dt.timedelta(days=1)
    _services(b, calendar, pairs, year, last, _scaled(CONSULTATIONS, share))
    _events(b, pairs, weak, year, last, share)
    plans = _petition_plans(b, calendar, communities, year, last, share)
    _stragglers(b.rng, plans, _limit(last, today))
    cases = _case_plans(b, calendar, communities, advisors, year, last, today, share, plans)
    limit = _limit(last, today)
    _register(b, communities, plans, cases, limit)
    for case in cases:
        _mediate(b, case, communities, advisors, last, today)
    for plan in plans:
        _conclude_petition(b, plan, limit)


# --- roster, ledger, publicity -------------------------------------------------------


def _duty(b: _Builder, pairs: list[tuple[dict, dict]], weak: set[str], day: dt.date) -> None:
    """A duty day: each community's shift, and the sitting recorded as a service. During
    the level-1 response the advisors sat by phone."""
    rng = b.rng
    by_phone = level_1(day)
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
                "location": "电话值班" if by_phone else f"{c['name']}党群服务中心",
                "status": status,
                "note": "疫情防控一级响应期间，改为电话、线上值班" if by_phone else None,
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
                    "mode": "非现场" if by_phone else "现场",
                    "service_type": "坐班值守",
                    "hours": 3,
                    "persons": rng.randint(0, 3),
                    "summary": "电话、线上值班，解答居民疫情期间的法律问题"
                    if by_phone
                    else "社区法律顾问坐班，接待居民来访",
                },
                day,
            )


def _services(
    b: _Builder,
    calendar: WorkCalendar,
    pairs: list[tuple[dict, dict]],
    year: int,
    last: dt.date,
    consultations: int,
) -> None:
    """Services besides duty: now and then per community; the consultations' persons
    add up to the year's figure."""
    rng = b.rng
    planned = []
    day = dt.date(year, 1, 1)
    while day <= last:
        if calendar.is_workday(day):
            for c, a in pairs:
                if rng.random() < 0.05:
                    kind = rng.choices(
                        ("法律咨询", "合同审查", "参与调解", "法律援助", "法治宣传"),
                        (6, 2, 1, 1, 1),
                    )[0]
                    planned.append(
                        {
                            "community_id": c["id"],
                            "advisor_id": a["id"],
                            "date": day,
                            "mode": "非现场"
                            if not gatherings_allowed(day)
                            else rng.choice(("现场", "非现场")),
                            "service_type": kind,
                            "hours": rng.choice((1, 1.5, 2)),
                            "persons": rng.randint(2, 8)
                            if kind == "法律咨询"
                            else rng.randint(0, 2),
                            "summary": f"{kind}：{rng.choice(list(SUMMARIES.values()))}",
                        }
                    )
        day += dt.timedelta(days=1)
    consults = [s for s in planned if s["service_type"] == "法律咨询"]
    total = sum(s["persons"] for s in consults)
    while consults and total != consultations:  # one person more or less at a time
        s = rng.choice(consults)
        step = 1 if total < consultations else -1
        if 1 <= s["persons"] + step <= 12:
            s["persons"] += step
            total += step
    for s in planned:
        b.add(F.SERVICE, s, s["date"])


def _topic(rng: random.Random, day: dt.date) -> str:
    """What a lecture of that day was about: the Civil Code once it was adopted."""
    if day >= CIVIL_CODE_ADOPTED and rng.random() < (0.6 if day.year == 2020 else 0.3):
        return rng.choice(CIVIL_CODE_TOPICS)
    if day.year == 2020 and day.month in COVID_MONTHS and rng.random() < 0.5:
        return rng.choice(COVID_TOPICS)
    return rng.choice(TOPICS)


def _events(
    b: _Builder,
    pairs: list[tuple[dict, dict]],
    weak: set[str],
    year: int,
    last: dt.date,
    share: float,
) -> None:
    """Publicity. 2020: the seed's 16 lectures, none while gatherings were barred (online
    publicity instead); other years one lecture a quarter for most communities. Every
    year the 12·4 国家宪法日 events."""
    rng = b.rng
    lectures = []
    if year == 2020:
        open_days = [
            d
            for n in range((last - dt.date(year, 1, 2)).days + 1)
            if gatherings_allowed(d := dt.date(year, 1, 2) + dt.timedelta(days=n))
            and d.weekday() < 5
        ]
        for i in rng.sample(range(len(pairs)), min(len(pairs), _scaled(LECTURES_2020, share))):
            lectures.append((i, rng.choice(open_days)))
        for n in range(3):  # 线上普法 during the stoppage, two a community
            for i in range(len(pairs)):
                when = dt.date(2020, 2, 3) + dt.timedelta(days=rng.randint(0, 95) + n)
                if when <= last:
                    lectures.append((i, when, "线上普法"))
    else:
        for i, (c, _a) in enumerate(pairs):
            for q in range(4):
                when = dt.date(year, 3 * q + 1, 5) + dt.timedelta(days=rng.randint(0, 75))
                if when <= last and not (c["id"] in weak and rng.random() < 0.4):
                    lectures.append((i, when))
    for item in sorted(lectures, key=lambda t: (t[1], t[0])):
        i, when = item[:2]
        kind = item[2] if len(item) > 2 else "法治讲座"
        c, a = pairs[i]
        online = kind == "线上普法"
        b.add(
            F.EVENT,
            {
                "community_id": c["id"],
                "date": when,
                "event_type": kind,
                "topic": rng.choice(COVID_TOPICS) if online and year == 2020 else _topic(rng, when),
                "audience": rng.choice(F.EVENT_AUDIENCE[:3]),
                "speaker_id": a["id"],
                "attendance": None if online else rng.randint(20, 120),
                "online_reach": rng.randint(500, 12000) if online else None,
            },
            when,
        )
    for i, (c, _a) in enumerate(pairs):
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


# --- petitions and cases -------------------------------------------------------------


@dataclass
class _Case:
    received: dt.date
    community: int  # index into the communities
    category: str
    body: str
    source: str
    mediator: str
    amount: float = 0.0
    agreed_share: float = 0.8
    advisor: bool = False
    covid: bool = False
    status: str = "调解中"
    started: int = 0  # days from receipt to the first session
    closed: dt.date | None = None
    extended: dt.date | None = None
    consent: bool = True
    performance: str | None = None
    paid: dt.date | None = None  # when the agreement was (last) paid on
    confirmed: bool = False
    petition: _Petition | None = None
    people: list[tuple[str, str | None, str]] = field(default_factory=list)  # name, ID, phone
    id: str | None = None
    case_no: str | None = None
    stamp: str = ""  # when it was registered: its parties are completed then


@dataclass
class _Petition:
    registered: dt.date
    raw: dict
    route: str
    routed: dt.date | None
    concluded: dt.date | None
    legal_service: bool
    guided: bool
    amount: float | None = None
    body: str = "街道人民调解委员会"
    straggling: bool = False  # still in hand past its extended period: a real lapse
    id: str | None = None
    case: _Case | None = field(default=None, repr=False)


def _limit(last: dt.date, today: dt.date) -> dt.date:
    """The last day anything of the year may have happened: a past year's cases close
    in the next January; nothing happens today or later."""
    return today - dt.timedelta(days=1)


def _petition_plans(
    b: _Builder,
    calendar: WorkCalendar,
    communities: list[dict],
    year: int,
    last: dt.date,
    share: float,
) -> list[_Petition]:
    """The year's petitions, their route and figures (342 given legal service, 116 guided
    to legal channels in a full year), in registration order."""
    rng = b.rng
    routes = [r for r, n in ROUTES.items() for _ in range(_scaled(n, share))]
    rng.shuffle(routes)
    guided_pool = [i for i, r in enumerate(routes) if r in GUIDED_ROUTES]
    guided = set(rng.sample(guided_pool, min(len(guided_pool), _scaled(GUIDED, share))))
    plain = [i for i, r in enumerate(routes) if r in ("信访程序", "心访工作室", "其他")]
    unserved = set(rng.sample(plain, min(len(plain), _scaled(WITHOUT_LEGAL_SERVICE, share))))
    months = MONTHS_2020 if year == 2020 else None
    plans = []
    for i, route in enumerate(routes):
        registered = _some_day(rng, calendar, year, last, months)
        category = rng.choices(*CATEGORY_FOR_ROUTE[route])[0]
        routed = registered + dt.timedelta(days=rng.randint(1, 10))
        concluded = routed + dt.timedelta(days=rng.randint(5, 40))
        mediation_bound = route == "人民调解"
        headcount = 1 if mediation_bound else rng.choices((1, 2, 3, 5, 8), (70, 12, 8, 6, 4))[0]
        channel = rng.choices(F.PETITION_CHANNEL, (35, 5, 10, 25, 8, 7, 10))[0]
        if level_1(registered) and channel == "来访":
            channel = "来电"  # the reception hall was closed
        body = (
            "劳资纠纷专业调解委员会"
            if category == "劳资纠纷" and rng.random() < 0.5
            else "住房领域专业调解委员会"
            if category in ("房屋租赁", "物业纠纷") and rng.random() < 0.5
            else rng.choice(F.MEDIATION_BODY[:2])
        )
        plans.append(
            _Petition(
                registered=registered,
                raw={
                    "registered_date": registered,
                    "channel": channel,
                    "petitioner": b.person() + ("等" if headcount > 1 else ""),
                    "id_no": b.id_number() if mediation_bound or rng.random() < 0.8 else None,
                    "phone": b.mobile(),
                    "headcount": headcount,
                    "community_id": rng.choice(communities)["id"],
                    "subject": PETITION_SUBJECTS[category],
                    "category": category,
                },
                route=route,
                routed=routed,
                concluded=concluded,
                legal_service=i not in unserved,
                guided=i in guided,
                body=body,
            )
        )
    # Wages recovered through the office (the cases' money is the cases').
    earners = [p for p in plans if p.raw["category"] == "劳资纠纷" and p.route != "人民调解"]
    chosen = rng.sample(earners, min(len(earners), _scaled(20, share)))
    for p in chosen:
        p.amount = rng.uniform(20000, 200000)
    total = sum(p.amount for p in chosen)
    for p in chosen:
        p.amount = round(p.amount * PETITION_RECOVERED * share / total, -2)
    if year == 2020:
        _mark_covid(rng, [p.raw for p in plans], "registered_date", COVID_PETITIONS)
    plans.sort(key=lambda p: p.registered)
    return plans


def _stragglers(rng: random.Random, plans: list[_Petition], limit: dt.date) -> None:
    """One or two petitions of a few months ago still in hand past the extended period
    (90 days): the lapse a dashboard exists to show. Older ones are all concluded."""
    late = [
        p
        for p in plans
        if p.route == "信访程序"
        and limit - dt.timedelta(days=150) <= p.registered <= limit - dt.timedelta(days=95)
    ]
    for p in rng.sample(late, min(len(late), 2)):
        p.straggling, p.concluded = True, None


def _mark_covid(rng: random.Random, items: list[dict], date_key: str, n: int) -> None:
    """n COVID disputes, all but one or two from February to June."""
    spring = [x for x in items if x[date_key].month in COVID_MONTHS]
    later = [x for x in items if x[date_key].month > max(COVID_MONTHS)]
    picked = rng.sample(spring, min(len(spring), n - 1)) + rng.sample(later, min(len(later), 1))
    for x in picked:
        x["covid"] = True


def _case_plans(
    b: _Builder,
    calendar: WorkCalendar,
    communities: list[dict],
    advisors: list[dict],
    year: int,
    last: dt.date,
    today: dt.date,
    share: float,
    plans: list[_Petition],
) -> list[_Case]:
    """The year's cases (direct and from petitions), outcomes and money."""
    rng = b.rng
    cases = []
    index = {c["id"]: i for i, c in enumerate(communities)}
    for p in plans:
        if p.route == "人民调解":
            category = p.raw["category"] if p.raw["category"] in F.DISPUTE_CATEGORY else "其他"
            p.case = _Case(
                p.routed, index[p.raw["community_id"]], category, p.body, "信访转入",
                rng.choice(CLERKS), covid=bool(p.raw.get("covid")), petition=p,
            )  # fmt: skip
            cases.append(p.case)
    labour = max(0, _scaled(LABOUR_CASES, share) - sum(c.category == "劳资纠纷" for c in cases))
    months = MONTHS_2020 if year == 2020 else None
    direct = []
    for n in range(_scaled(DIRECT_CASES, share)):
        category = (
            "劳资纠纷"
            if n < labour
            else rng.choices(*(DIRECT_CATEGORIES if rng.random() < 0.8 else OTHER_CATEGORIES))[0]
        )
        body = (
            "劳资纠纷专业调解委员会"
            if category in ("劳资纠纷", "工伤赔偿") and rng.random() < 0.5
            else "住房领域专业调解委员会"
            if category in ("房屋租赁", "物业纠纷") and rng.random() < 0.4
            else rng.choices(F.MEDIATION_BODY[:2], (4, 1))[0]
        )
        direct.append(
            _Case(
                _some_day(rng, calendar, year, last, months),
                rng.randrange(len(communities)),
                category,
                body,
                rng.choices(F.CASE_SOURCE[:3], (6, 2, 1))[0],
                rng.choice(CLERKS),
            )
        )
    if year == 2020:
        marks = [{"received_date": c.received, "case": c} for c in direct]
        _mark_covid(rng, marks, "received_date", COVID_CASES - sum(c.covid for c in cases))
        for m in marks:
            m["case"].covid = bool(m.get("covid"))
    cases += direct
    cases.sort(key=lambda c: c.received)
    for c in cases:
        _people(b, c)
    for c in rng.sample(cases, min(len(cases), _scaled(ADVISOR_MEDIATIONS, share))):
        c.advisor = True
    _outcomes(rng, cases, _limit(last, today), share)
    _money(rng, cases, share)
    return cases


def _people(b: _Builder, c: _Case) -> None:
    """The applicant (the petitioner of a routed petition) and the respondent: a company
    in labour and contract disputes."""
    rng = b.rng
    if c.petition is None:
        applicant = (b.person(), b.id_number(), b.mobile())
    else:
        raw = c.petition.raw
        applicant = (raw["petitioner"], raw["id_no"], raw["phone"])
    phone = b.mobile() if rng.random() < 0.8 else "0755-8" + f"{rng.randint(0, 9999999):07d}"
    if c.category in ("劳资纠纷", "合同纠纷"):
        company = (
            f"深圳市{rng.choice(('华莲', '景田', '彩田', '梅林'))}"
            f"{rng.choice(('科技', '餐饮', '建筑', '物业'))}有限公司"
        )
        c.people = [applicant, (company, None, phone)]
    else:
        c.people = [applicant, (b.person(), b.id_number(), phone)]


def _outcomes(rng: random.Random, cases: list[_Case], limit: dt.date, share: float) -> None:
    """Sessions, closing and performance. Nearly every case closes within the 30 days;
    a few take longer (most of those with the parties' consent to extend)."""
    for c in cases:
        c.started = rng.randint(0, 2)
        days = rng.randint(3, 28)
        if rng.random() < 0.04:
            days = rng.randint(32, 42)
            c.extended = c.received + dt.timedelta(days=45)
            c.consent = rng.random() < 0.7
        closed = c.received + dt.timedelta(days=days)
        if closed <= limit:
            c.closed = closed
        elif c.received + dt.timedelta(days=c.started) > limit:
            c.status = "已受理"
        if c.extended and c.received + dt.timedelta(days=25) > limit:
            c.extended = None  # not yet asked for (on day 25)
    closed = [c for c in cases if c.closed]
    labour = [c for c in closed if c.category == "劳资纠纷"]
    settled = set(map(id, rng.sample(labour, min(len(labour), _scaled(LABOUR_SETTLED, share)))))
    for c in closed:
        if c.category == "劳资纠纷":
            c.status = (
                "调解成功" if id(c) in settled else rng.choices(("调解不成功", "已终止"), (7, 3))[0]
            )
        else:
            c.status = rng.choices(("调解成功", "调解不成功", "已终止"), (85, 10, 5))[0]
        if c.status != "调解成功":
            continue
        c.paid = c.closed + dt.timedelta(days=rng.randint(3, 15))
        if c.paid > limit:
            c.performance, c.paid = "未履行", None  # not yet due
        else:
            c.performance = rng.choices(("已履行", "履行中", "未履行"), (90, 4, 6))[0]
            if c.performance == "未履行":
                c.paid = None
        c.confirmed = rng.random() < 0.25


def _money(rng: random.Random, cases: list[_Case], share: float) -> None:
    """Sums in dispute; the money disputes scaled so that what the agreements brought in
    comes to the year's figure."""
    for c in cases:
        if c.category in MONEY_CATEGORIES:
            tier = rng.random()
            c.amount = rng.uniform(
                *((5000, 60000) if tier < 0.7 else (60000, 300000) if tier < 0.95 else (3e5, 1.2e6))
            )
        else:
            c.amount = rng.uniform(500, 30000)
        c.agreed_share = rng.uniform(0.6, 0.95)

    def brought(c: _Case) -> float:
        paid = {"已履行": 1.0, "履行中": 0.5}.get(c.performance or "", 0.0)
        return c.amount * c.agreed_share * paid

    money = [c for c in cases if c.category in MONEY_CATEGORIES]
    other = sum(brought(c) for c in cases if c.category not in MONEY_CATEGORIES)
    found = sum(brought(c) for c in money)
    if found:
        factor = max(0.2, (CASE_RECOVERED * share - other) / found)
        for c in money:
            c.amount *= factor
    for c in cases:
        c.amount = max(500.0, round(c.amount, -2))


def _register(
    b: _Builder,
    communities: list[dict],
    plans: list[_Petition],
    cases: list[_Case],
    limit: dt.date,
) -> None:
    """Registrations in the order they happened: petitions, their routing (a route to
    人民调解 registers its case) and the cases brought directly, so that every number
    follows receipt order."""
    steps = [(p.registered, 0, n, p) for n, p in enumerate(plans)]
    steps += [(p.routed, 1, n, p) for n, p in enumerate(plans)]
    steps += [(c.received, 2, n, c) for n, c in enumerate(cases) if c.petition is None]
    for day, kind, _n, item in sorted(steps, key=lambda s: s[:3]):
        ctx = b.at(day)
        if kind == 0:
            item.id = petitions.register_petition(ctx, item.raw).record["id"]
        elif kind == 1 and day <= limit:
            _route(b, ctx, item)
        elif kind == 2:
            raw = _case_raw(item) | {"community_id": communities[item.community]["id"]}
            change = mediation.register_case(ctx, raw)
            item.id, item.case_no = change.record["id"], change.record["case_no"]
            item.stamp = ctx.actor.stamp()


def _route(b: _Builder, ctx: Context, p: _Petition) -> None:
    change = petitions.route(
        ctx,
        p.id,
        p.route,
        legal_service=p.legal_service,
        guided_legal=p.guided,
        receiving_unit=RECEIVING_UNIT.get(p.route),
        body=p.body,
        received_date=p.routed.isoformat(),
    )
    if p.case is not None:
        p.case.case_no, p.case.stamp = change.record["case_no"], ctx.actor.stamp()
        p.case.id = store.find_by_key(ctx.db, F.CASE, {"case_no": p.case.case_no})["id"]


def _case_raw(c: _Case) -> dict:
    (applicant, applicant_id, applicant_phone), (respondent, respondent_id, phone) = c.people
    return {
        "applicant": applicant,
        "applicant_id_no": applicant_id,
        "applicant_phone": applicant_phone,
        "respondent": respondent,
        "respondent_id_no": respondent_id,
        "respondent_phone": phone,
        "received_date": c.received,
        "body": c.body,
        "category": c.category,
        "source": c.source,
        "summary": (COVID_SUMMARIES.get(c.category) if c.covid else None) or SUMMARIES[c.category],
        "covid": c.covid,
    }


HANDLING = {
    "人民调解": "转人民调解，调解结束后办结",
    "信访程序": "按信访程序办理，已书面答复信访人",
    "心访工作室": "转心访工作室进行心理疏导，情绪已平稳",
    "其他": "已解答并告知相关办理渠道",
}


def _mediate(
    b: _Builder,
    c: _Case,
    communities: list[dict],
    advisors: list[dict],
    last: dt.date,
    today: dt.date,
) -> None:
    """A registered case's story: its parties, sessions, outcome, 司法确认, payment and the
    return visit, each written on its day."""
    if c.id is None:
        return
    limit = _limit(last, today)
    db = b.ctx.db
    community = communities[c.community]
    advisor = advisors[c.community] if c.advisor else None
    # The dossier's own generator (seeded with the case number): it never touches `rng`.
    detail = random.Random(f"{b.seed}/{c.case_no}")
    names = [person for person, _id, _phone in c.people]
    agreed = round(c.amount * c.agreed_share, -2)
    terms = {}
    if c.status == "调解成功":
        terms = agreement_terms(
            detail, c.category, tuple(names), agreed, c.closed, c.performance, c.confirmed
        )
    found = confirmation(detail, c.closed, limit) if c.confirmed else {}
    received = c.received
    b.update(
        "cases",
        c.id,
        {
            "amount_disputed": c.amount,
            "mediator": c.mediator,
            "advisor_id": advisor["id"] if advisor else None,
        },
        received,
    )
    sides = []
    for role, (name, id_no, phone) in zip(("申请人", "被申请人"), c.people, strict=True):
        party = {"case_id": c.id, "role": role, "name": name, "phone": phone}
        party["party_type"] = party_type_of(name, id_no)
        if id_no:
            party |= {"id_type": "居民身份证", "id_no": id_no}
        if b.dossiers:
            party |= particulars(b.seed, detail, party, c.category, community["name"])
        existing = queries.parties_of_case(db, c.id, role)
        if existing:  # registered by quick entry, or from the petition: completed
            b.update("parties", existing[0]["id"], parties.complete(party), c.stamp)
            sides.append(store.get(db, F.PARTY, existing[0]["id"]))
        else:
            sides.append(b.add(F.PARTY, party, received))
    if c.status == "已受理":
        return
    b.transition(c.id, "调解中", received + dt.timedelta(days=c.started))
    if c.extended:
        b.update(
            "cases",
            c.id,
            {"extended_until": c.extended, "extension_consent": c.consent},
            received + dt.timedelta(days=25),
        )
    if c.closed and c.status == "调解成功":
        b.update("cases", c.id, {k: v for k, v in terms.items() if k != "agreement"}, c.closed)
        b.transition(c.id, c.status, c.closed, agreement=terms["agreement"])
    elif c.closed:
        b.transition(c.id, c.status, c.closed)
    if found:
        b.update(
            "cases",
            c.id,
            {"judicial_confirmation": True} | found,
            dt.date.fromisoformat(str(found["confirmation_applied"])),
        )
    if c.paid:
        first = int(agreed / 2 // 100 * 100)
        b.update(
            "cases",
            c.id,
            {
                "performance": c.performance,
                "amount_recovered": agreed if c.performance == "已履行" else first,
            },
            c.paid,
        )
    if b.dossiers:
        case = store.get(db, F.CASE, c.id)
        adviser = advisor["name"] if advisor else None
        work_records(b, detail, case, sides, adviser, limit)
        visit(b, detail, case, sides, limit)


def _conclude_petition(b: _Builder, p: _Petition, limit: dt.date) -> None:
    """Conclusion: a petition routed to 人民调解 when its case has closed."""
    if p.id is None or p.routed > limit:
        return
    if p.straggling:
        b.update(
            "petitions",
            p.id,
            {"status": "办理中", "handling": "涉及多个部门，正在协调办理，尚未答复信访人"},
            p.routed + dt.timedelta(days=7),
        )
        return
    concluded = p.concluded
    if p.case is not None:
        concluded = (
            p.case.closed + dt.timedelta(days=b.rng.randint(1, 3)) if p.case.closed else None
        )
    if concluded is None or concluded > limit:
        return
    petitions.conclude(
        b.at(concluded),
        p.id,
        concluded_date=concluded,
        amount_recovered=p.amount,
        handling=HANDLING.get(p.route, "已告知当事人通过法律途径解决并提供法律咨询"),
    )
