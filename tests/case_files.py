"""A complete mediation case file, written through the services: the case (settled,
with every part of its agreement and 司法确认), both parties with their particulars,
an investigation and a mediation record, and a return visit after the performance
deadline. The 案卷评查 finds nothing in it (tests/services/test_review.py); other
tests break one piece of it or print it."""

from __future__ import annotations

from lianhua_desk.services import records

CASE = {
    "received_date": "2020-03-02",
    "body": "社区人民调解委员会",
    "category": "劳资纠纷",
    "status": "调解成功",
    "closed_date": "2020-03-20",
    "amount_disputed": "12000",
    "summary": "申请人在被申请人处工作，被拖欠工资。",
    "disputed_issues": "工资数额",
    "responsibilities": "被申请人应支付拖欠工资。",
    "agreement": "一、被申请人支付工资10000元。",
    "agreement_form": "书面协议",
    "amount_agreed": "10000",
    "performance_method": "银行转账",
    "performance_deadline": "2020-04-20",
    "performance": "已履行",
    "amount_recovered": "10000",
    "judicial_confirmation": "是",
    "confirmation_applied": "2020-03-25",
    "confirmation_court": "深圳市福田区人民法院",
    "confirmation_ruling": "（2020）粤0304民特1号",
}
PERSON = {
    "role": "申请人",
    "party_type": "自然人",
    "name": "张三",
    "gender": "男",
    "ethnicity": "汉族",
    "occupation": "工人",
    "address": "深圳市福田区莲花路1号",
    "id_type": "居民身份证",
    "id_no": "110105198001010016",
}
COMPANY = {
    "role": "被申请人",
    "party_type": "法人或其他组织",
    "name": "深圳市景田餐饮有限公司",
    "address": "深圳市福田区景田路2号",
    "id_type": "统一社会信用代码",
    "id_no": "91440300708461136T",
    "legal_rep": "李四",
}


def file_case(ctx, community_id: str, number: int = 7, **changes) -> dict:
    """A complete case file: the case, both parties, an investigation and a mediation
    record, a return visit after the performance deadline."""
    raw = {**CASE, "case_no": f"莲调〔2020〕第{number}号", "community_id": community_id}
    raw["applicant"] = PERSON["name"]
    raw.update(changes)
    case = records.create(ctx, "cases", {k: v for k, v in raw.items() if v is not None}).record
    (applicant,) = ctx.db["parties"].rows_where("case_id = ?", [case["id"]])
    records.update(ctx, "parties", applicant["id"], PERSON)
    records.create(ctx, "parties", {**COMPANY, "case_id": case["id"]})
    for kind, day in (("调查记录", "2020-03-05"), ("调解记录", "2020-03-18")):
        records.create(
            ctx, "case_records", {"case_id": case["id"], "kind": kind, "date": day, "content": "…"}
        )
    records.create(
        ctx,
        "visits",
        {"case_id": case["id"], "date": "2020-04-25", "visitor": "王五", "method": "电话回访"},
    )
    return records.get(ctx, "cases", case["id"])
