"""Seeded bulk data for benchmarks: a database of N records in one year, fast.

    from bench.gen_db import generate
    generate(path, records=100_000, year=2020, seed=1)

or `python bench/gen_db.py OUT.db --records 1000000`.

Records are spread over every entity (about 10% roster shifts, 35% service ledger,
5% publicity events, 20% mediation cases, each with its 申请人 and 被申请人 as parties,
30% petitions) and over communities in
proportion to the scale (16 communities per 100,000 records, at least 16). Every
value is valid for its field declaration (enumerations, ID check digits, mobiles),
so importers, lists and reports see realistic rows. Bench-only: rows are written
in batches with executemany straight into the tables, without audit rows: 100,000
records take about 4 s and a million about a minute, in under 100 MB of memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lianhua_desk.domain import fields as F  # noqa: E402
from lianhua_desk.domain.fields import INTERNAL_COLUMNS  # noqa: E402
from lianhua_desk.domain.parse import make_id_number  # noqa: E402
from lianhua_desk.store.db import CLEAN_SUFFIX, open_db  # noqa: E402

SHARES = {"shifts": 0.10, "services": 0.35, "events": 0.05, "cases": 0.20, "petitions": 0.30}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉宇晨欣怡子涵浩然梓轩雨婷佳琪俊杰晓峰海燕春梅永红立新"
FIRMS = ("广东莲城律师事务所", "广东福田法信律师事务所", "深圳中鹏律师事务所", "广东华景律师事务所")
REGIONS = ("440304", "440303", "440305", "440306", "445281", "441423", "430524", "360721")
COMPANIES = ("深圳市景田餐饮有限公司", "深圳市梅林建筑有限公司", "深圳市福华物业管理有限公司")


class _Maker:
    def __init__(self, rng: random.Random, year: int):
        self.rng, self.year = rng, year
        self.start = dt.date(year, 1, 1)
        self.days = (dt.date(year, 12, 31) - self.start).days + 1

    def id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self) -> dt.date:
        return self.start + dt.timedelta(days=self.rng.randrange(self.days))

    def person(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")

    def id_number(self) -> str:
        r = self.rng
        birth = dt.date(r.randint(1950, 2000), r.randint(1, 12), r.randint(1, 28))
        return make_id_number(r.choice(REGIONS), birth, r.randint(1, 999))

    def mobile(self) -> str:
        return (
            self.rng.choice(("138", "139", "135", "186", "189"))
            + f"{self.rng.randrange(10**8):08d}"
        )

    def party(self, role: str, name: str, id_no: str | None) -> dict:
        """A case's party as a form would complete it (birth date and sex from the ID)."""
        person = id_no is not None
        return {
            "role": role,
            "party_type": "自然人" if person else "法人或其他组织",
            "name": name,
            "gender": ("男" if int(id_no[16]) % 2 else "女") if person else None,
            "birth_date": f"{id_no[6:10]}-{id_no[10:12]}-{id_no[12:14]}" if person else None,
            "phone": self.mobile(),
            "id_type": "居民身份证" if person else None,
            "id_no": id_no,
        }

    def stamp(self, day: dt.date) -> str:
        return f"{day.isoformat()} {self.rng.randint(8, 17):02d}:{self.rng.randint(0, 59):02d}:00"


class _World:
    """What every record refers to: the communities and their advisors."""

    def __init__(self, m: _Maker, n_comm: int):
        self.m, self.rng, self.year = m, m.rng, m.year
        self._shift_slots: set[tuple[int, dt.date, str]] = set()
        self.communities = [
            {"name": f"社区{i + 1:04d}", "code": f"4403{i + 1:06d}"} for i in range(n_comm)
        ]
        names: set[str] = set()
        while len(names) < n_comm:  # (name, firm) is the advisors' unique key
            names.add(m.person())
        self.advisors = [
            {
                "name": name,
                "firm": FIRMS[i % len(FIRMS)],
                "licence_no": f"1440320{self.rng.randrange(10**10):010d}",
                "mobile": m.mobile(),
                "contract_start": f"{m.year}-01-01",
                "contract_end": f"{m.year + 1}-12-31",
                "assistant": m.person(),
                "status": "在聘",
            }
            for i, name in enumerate(sorted(names))
        ]

    def pick(self) -> int:
        return self.rng.randrange(len(self.communities))

    def shift(self, day: dt.date, n: int) -> dict:
        # 社区 + 法律顾问 + 日期 + 开始时间 is a shift's unique key (the form and the import
        # refuse a second one): draw again while the slot is taken.
        rng = self.rng
        while True:
            k, start = self.pick(), rng.choice(("09:00", "14:00", "19:00"))
            if (k, day, start) not in self._shift_slots:
                self._shift_slots.add((k, day, start))
                break
        return {
            "community_id": self.communities[k]["id"],
            "advisor_id": self.advisors[k]["id"],
            "date": day.isoformat(),
            "start_time": start,
            "end_time": {"09:00": "12:00", "14:00": "17:00", "19:00": "21:00"}[start],
            "location": f"{self.communities[k]['name']}党群服务中心",
            "status": rng.choices(F.SHIFT_STATUS, (5, 90, 3, 2))[0],
        }

    def service(self, day: dt.date, n: int) -> dict:
        k, rng = self.pick(), self.rng
        kind = rng.choice(F.SERVICE_TYPE)
        return {
            "community_id": self.communities[k]["id"],
            "advisor_id": self.advisors[k]["id"],
            "date": day.isoformat(),
            "mode": rng.choice(F.SERVICE_MODE),
            "service_type": kind,
            "hours": rng.choice((0.5, 1.0, 1.5, 2.0, 3.0)),
            "persons": rng.randint(1, 6),
            "summary": f"{kind}：{rng.choice(('劳动合同', '房屋租赁', '婚姻家庭', '物业管理'))}问题",
        }

    def event(self, day: dt.date, n: int) -> dict:
        k, rng = self.pick(), self.rng
        return {
            "community_id": self.communities[k]["id"],
            "date": day.isoformat(),
            "event_type": rng.choice(F.EVENT_TYPE),
            "topic": rng.choice(("民法典与居民生活", "劳动合同与工资支付", "防范电信网络诈骗")),
            "audience": rng.choice(F.EVENT_AUDIENCE),
            "speaker_id": self.advisors[k]["id"],
            "attendance": rng.randint(10, 200),
            "online_reach": rng.choice((None, rng.randint(100, 5000))),
        }

    def case(self, day: dt.date, n: int) -> dict:
        k, rng, m = self.pick(), self.rng, self.m
        status = rng.choices(F.CASE_STATUS, (5, 10, 70, 10, 5))[0]
        done, success = status in ("调解成功", "调解不成功", "已终止"), status == "调解成功"
        company = rng.random() < 0.4
        disputed = float(rng.randrange(1_000, 300_000, 100))
        applicant = m.party("申请人", m.person(), m.id_number())
        if company:
            respondent = m.party("被申请人", rng.choice(COMPANIES), None)
        else:
            respondent = m.party("被申请人", m.person(), m.id_number())
        return {
            "case_no": f"莲调〔{self.year}〕第{n}号",
            "received_date": day.isoformat(),
            "community_id": self.communities[k]["id"],
            "body": rng.choice(F.MEDIATION_BODY),
            "category": rng.choice(F.DISPUTE_CATEGORY),
            "source": rng.choice(F.CASE_SOURCE),
            "applicant": applicant["name"],
            "respondent": respondent["name"],
            "_parts": (applicant, respondent),  # written to parties with the case's id
            "amount_disputed": disputed,
            "mediator": m.person(),
            "advisor_id": self.advisors[k]["id"] if rng.random() < 0.4 else None,
            "status": status,
            "closed_date": (day + dt.timedelta(days=rng.randint(1, 30))).isoformat()
            if done
            else None,
            "performance": rng.choice(F.PERFORMANCE) if success else None,
            "amount_recovered": round(disputed * rng.uniform(0.5, 1.0), -2) if success else None,
            "judicial_confirmation": int(success and rng.random() < 0.3),
            "covid": int(rng.random() < 0.05),
            "summary": "双方就款项支付发生争议",
            "agreement": "双方自愿达成协议，于十五日内付清款项。" if success else None,
        }

    def petition(self, day: dt.date, n: int) -> dict:
        rng, m = self.rng, self.m
        routed = rng.random() < 0.9
        status = rng.choice(F.PETITION_STATUS[1:]) if routed else "已登记"
        return {
            "petition_no": f"莲访〔{self.year}〕第{n}号",
            "registered_date": day.isoformat(),
            "channel": rng.choice(F.PETITION_CHANNEL),
            "petitioner": m.person(),
            "id_no": m.id_number(),
            "phone": m.mobile(),
            "headcount": rng.choice((1, 1, 1, 2, 3)),
            "community_id": self.communities[self.pick()]["id"] if rng.random() < 0.95 else None,
            "subject": "反映拖欠工资问题，要求协助追讨",
            "category": rng.choice(F.PETITION_CATEGORY),
            "screening": rng.choice(F.SCREENING),
            "route": rng.choice(F.ROUTE) if routed else None,
            "legal_service": int(rng.random() < 0.8),
            "guided_legal": int(rng.random() < 0.35),
            "receiving_unit": "街道司法所" if routed else None,
            "status": status,
            "concluded_date": (day + dt.timedelta(days=rng.randint(5, 60))).isoformat()
            if status == "已办结"
            else None,
            "amount_recovered": float(rng.randrange(0, 50_000, 100))
            if rng.random() < 0.2
            else None,
            "covid": int(rng.random() < 0.03),
            "handling": None,
        }


BATCH = 20_000  # rows per executemany: keeps memory flat at a million records


def _insert(db, entity: F.Entity, m: _Maker, rows) -> None:
    """Write (values, day) pairs with their internal columns, in batches. A row's
    `_parts` (a case's parties) are written after it, in batches of their own."""
    columns = list(INTERNAL_COLUMNS) + entity.columns
    sql = (
        f"INSERT INTO [{entity.name}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    batch, parts = [], []
    for values, day in rows:
        children = values.pop("_parts", ())
        values.update(id=m.id(), updated_at=m.stamp(day), synced_at=None, origin="bench")
        for child in children:
            child["case_id"] = values["id"]
            parts.append((child, day))
        batch.append(tuple(values.get(c) for c in columns))
        if len(batch) >= BATCH:
            db.conn.executemany(sql, batch)
            batch.clear()
            if parts:
                _insert(db, F.PARTY, m, parts)
                parts = []
    db.conn.executemany(sql, batch)
    if parts:
        _insert(db, F.PARTY, m, parts)


def generate(
    path: str | Path, records: int = 100_000, year: int = 2020, seed: int = 1
) -> dict[str, int]:
    """Write a fresh database at `path` (replacing any file there); returns rows per table."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    m = _Maker(random.Random(seed), year)
    n_comm = max(16, records * 16 // 100_000)
    counts = {name: int(records * share) for name, share in SHARES.items()}
    world = _World(m, n_comm)
    db = open_db(path)
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("BEGIN")
    jan = dt.date(year, 1, 2)
    _insert(db, F.COMMUNITY, m, ((c, jan) for c in world.communities))
    for c, a in zip(world.communities, world.advisors, strict=True):
        a["community_id"] = c["id"]
    _insert(db, F.ADVISOR, m, ((a, jan) for a in world.advisors))
    makers = {
        F.SHIFT: world.shift,
        F.SERVICE: world.service,
        F.EVENT: world.event,
        F.CASE: world.case,
        F.PETITION: world.petition,
    }
    for entity, make in makers.items():
        # numbers follow the date order, as a clerk's register would
        days = sorted(m.rng.randrange(m.days) for _ in range(counts[entity.name]))
        rows = (
            (make(m.start + dt.timedelta(days=d), n), m.start + dt.timedelta(days=d))
            for n, d in enumerate(days, start=1)
        )
        _insert(db, entity, m, rows)
    db.conn.execute("COMMIT")
    db.conn.execute("ANALYZE")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"communities": n_comm, "advisors": n_comm, **counts, "parties": 2 * counts["cases"]}


OUT = Path(__file__).resolve().parent / "out"  # git-ignored


def cached_database(records: int) -> Path:
    """bench/out/bench_<records>.db (year 2020, seed 1), generated on first use only:
    a million records take minutes, so every benchmark shares the one file."""
    path = OUT / f"bench_{records}.db"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        partial = path.with_name(path.name + ".partial")  # an interrupted run leaves no half file
        generate(partial, records=records, year=2020, seed=1)
        partial.replace(path)
        # the clean-close stamp names the old path: the first open checks the whole file
        Path(f"{partial}{CLEAN_SUFFIX}").unlink(missing_ok=True)
        print(f"generated {records:,} records in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a seeded benchmark database.")
    parser.add_argument("out")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    t = time.perf_counter()
    counts = generate(args.out, args.records, args.year, args.seed)
    print(f"{counts} in {time.perf_counter() - t:.1f} s → {args.out}")


if __name__ == "__main__":
    main()
