"""Seeded bulk data for benchmarks: a database of N records in one year, fast.

    from bench.gen_db import generate
    generate(path, records=100_000, year=2020, seed=1)

or `python bench/gen_db.py OUT.db --records 1000000`.

Records are spread over every entity (about 10% roster shifts, 35% service ledger,
5% publicity events, 20% mediation cases, 30% petitions) and over communities in
proportion to the scale (16 communities per 100,000 records, at least 16). Every
value is valid for its field declaration (enumerations, ID check digits, mobiles),
so importers, lists and reports see realistic rows. Bench-only: rows are written
with executemany straight into the tables, without audit rows, which is why a
million records take seconds rather than minutes.
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
from lianhua_desk.store.db import open_db  # noqa: E402

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

    def stamp(self, day: dt.date) -> str:
        return f"{day.isoformat()} {self.rng.randint(8, 17):02d}:{self.rng.randint(0, 59):02d}:00"


def _rows(entity: F.Entity, values: list[dict], m: _Maker, dates: list[dt.date]) -> list[tuple]:
    """Full rows in column order: internal columns first, then the declared fields."""
    columns = list(INTERNAL_COLUMNS) + entity.columns
    out = []
    for v, day in zip(values, dates, strict=True):
        v.update(id=m.id(), updated_at=m.stamp(day), synced_at=None)
        # cases declare a field named `source` (案件来源) that shares the internal column
        v.setdefault("source", "bench")
        out.append(tuple(v.get(c) for c in columns))
    return out


def _insert(db, entity: F.Entity, rows: list[tuple]) -> None:
    columns = list(INTERNAL_COLUMNS) + entity.columns
    marks = ", ".join("?" * len(columns))
    names = ", ".join(f"[{c}]" for c in columns)
    db.conn.executemany(f"INSERT INTO [{entity.name}] ({names}) VALUES ({marks})", rows)


def generate(
    path: str | Path, records: int = 100_000, year: int = 2020, seed: int = 1
) -> dict[str, int]:
    """Write a fresh database at `path` (replacing any file there); returns rows per table."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    m = _Maker(rng, year)
    db = open_db(path)
    n_comm = max(16, records * 16 // 100_000)
    counts = {name: int(records * share) for name, share in SHARES.items()}
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("BEGIN")
    communities = [{"name": f"社区{i + 1:04d}", "code": f"4403{i + 1:06d}"} for i in range(n_comm)]
    jan = [dt.date(year, 1, 2)] * n_comm
    comm_rows = _rows(F.COMMUNITY, communities, m, jan)
    _insert(db, F.COMMUNITY, comm_rows)
    comm_ids = [c["id"] for c in communities]
    names: set[str] = set()
    while len(names) < n_comm:  # (name, firm) is the advisors' unique key
        names.add(m.person())
    advisors = [
        {
            "name": name,
            "firm": FIRMS[i % len(FIRMS)],
            "licence_no": f"1440320{rng.randrange(10**10):010d}",
            "mobile": m.mobile(),
            "community_id": comm_ids[i],
            "contract_start": f"{year}-01-01",
            "contract_end": f"{year + 1}-12-31",
            "assistant": m.person(),
            "status": "在聘",
        }
        for i, name in enumerate(sorted(names))
    ]
    _insert(db, F.ADVISOR, _rows(F.ADVISOR, advisors, m, jan))
    adv_ids = [a["id"] for a in advisors]

    def dated(n: int) -> list[dt.date]:
        return sorted(m.day() for _ in range(n))

    days = dated(counts["shifts"])
    shifts = []
    for day in days:
        k = rng.randrange(n_comm)
        shifts.append(
            {
                "community_id": comm_ids[k],
                "advisor_id": adv_ids[k],
                "date": day.isoformat(),
                "start_time": rng.choice(("09:00", "14:00", "19:00")),
                "location": f"{communities[k]['name']}党群服务中心",
                "status": rng.choices(F.SHIFT_STATUS, (5, 90, 3, 2))[0],
            }
        )
        shifts[-1]["end_time"] = {"09:00": "12:00", "14:00": "17:00", "19:00": "21:00"}[
            shifts[-1]["start_time"]
        ]
    _insert(db, F.SHIFT, _rows(F.SHIFT, shifts, m, days))

    days = dated(counts["services"])
    services = []
    for day in days:
        k = rng.randrange(n_comm)
        kind = rng.choice(F.SERVICE_TYPE)
        services.append(
            {
                "community_id": comm_ids[k],
                "advisor_id": adv_ids[k],
                "date": day.isoformat(),
                "mode": rng.choice(F.SERVICE_MODE),
                "service_type": kind,
                "hours": rng.choice((0.5, 1.0, 1.5, 2.0, 3.0)),
                "persons": rng.randint(1, 6),
                "summary": f"{kind}：{rng.choice(('劳动合同', '房屋租赁', '婚姻家庭', '物业管理'))}问题",
            }
        )
    _insert(db, F.SERVICE, _rows(F.SERVICE, services, m, days))

    days = dated(counts["events"])
    events = []
    for day in days:
        k = rng.randrange(n_comm)
        events.append(
            {
                "community_id": comm_ids[k],
                "date": day.isoformat(),
                "event_type": rng.choice(F.EVENT_TYPE),
                "topic": rng.choice(("民法典与居民生活", "劳动合同与工资支付", "防范电信网络诈骗")),
                "audience": rng.choice(F.EVENT_AUDIENCE),
                "speaker_id": adv_ids[k],
                "attendance": rng.randint(10, 200),
                "online_reach": rng.choice((None, rng.randint(100, 5000))),
            }
        )
    _insert(db, F.EVENT, _rows(F.EVENT, events, m, days))

    days = dated(counts["cases"])
    cases = []
    for n, day in enumerate(days, start=1):
        k = rng.randrange(n_comm)
        status = rng.choices(F.CASE_STATUS, (5, 10, 70, 10, 5))[0]
        done = status in ("调解成功", "调解不成功", "已终止")
        success = status == "调解成功"
        company = rng.random() < 0.4
        disputed = float(rng.randrange(1_000, 300_000, 100))
        cases.append(
            {
                "case_no": f"莲调〔{year}〕第{n}号",
                "received_date": day.isoformat(),
                "community_id": comm_ids[k],
                "body": rng.choice(F.MEDIATION_BODY),
                "category": rng.choice(F.DISPUTE_CATEGORY),
                "source": rng.choice(F.CASE_SOURCE),
                "applicant": m.person(),
                "applicant_id_no": m.id_number(),
                "applicant_phone": m.mobile(),
                "respondent": rng.choice(COMPANIES) if company else m.person(),
                "respondent_id_no": None if company else m.id_number(),
                "respondent_phone": m.mobile(),
                "amount_disputed": disputed,
                "mediator": m.person(),
                "advisor_id": adv_ids[k] if rng.random() < 0.4 else None,
                "status": status,
                "closed_date": (day + dt.timedelta(days=rng.randint(1, 30))).isoformat()
                if done
                else None,
                "performance": rng.choice(F.PERFORMANCE) if success else None,
                "amount_recovered": round(disputed * rng.uniform(0.5, 1.0), -2)
                if success
                else None,
                "judicial_confirmation": int(success and rng.random() < 0.3),
                "covid": int(rng.random() < 0.05),
                "summary": "双方就款项支付发生争议",
                "agreement": "双方自愿达成协议，于十五日内付清款项。" if success else None,
            }
        )
    _insert(db, F.CASE, _rows(F.CASE, cases, m, days))

    days = dated(counts["petitions"])
    petitions = []
    for n, day in enumerate(days, start=1):
        routed = rng.random() < 0.9
        status = rng.choice(F.PETITION_STATUS[1:]) if routed else "已登记"
        petitions.append(
            {
                "petition_no": f"莲访〔{year}〕第{n}号",
                "registered_date": day.isoformat(),
                "channel": rng.choice(F.PETITION_CHANNEL),
                "petitioner": m.person(),
                "id_no": m.id_number(),
                "phone": m.mobile(),
                "headcount": rng.choice((1, 1, 1, 2, 3)),
                "community_id": rng.choice(comm_ids) if rng.random() < 0.95 else None,
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
        )
    _insert(db, F.PETITION, _rows(F.PETITION, petitions, m, days))
    db.conn.execute("COMMIT")
    db.conn.execute("ANALYZE")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"communities": n_comm, "advisors": n_comm, **counts}


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
