"""Workbooks as people make them: forgiving with clerks, exact about what is wrong."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from lianhua_desk.domain.parse import make_id_number
from lianhua_desk.services.exchange import import_workbook

from .helpers import table_counts, workbook

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ID = make_id_number("440304", dt.date(1985, 6, 15), 123)


def clerk_sheets():
    return {
        "社区": [
            ["社区名称", "社区编码", "备注"],
            [" 彩虹社区 ", "４４０３０４００８００１", None],
            ["福新社区\u3000", None, "新建社区"],
        ],
        "法律顾问": [
            ["姓名", "律师事务所", "手机号", "服务社区", "聘期开始", "聘期结束", "状态"],
            [
                "王建国",
                "广东莲城律师事务所",
                "138 0013 8000",
                "彩虹社区",
                "2020.1.1",
                "2021年12月31日",
                "在聘",
            ],
        ],
        "调解案件": [
            ["莲花街道调解案件台账（2020年）"],  # a title row above the headers
            [
                "记录ID",
                "案件编号",
                "受理日期",
                "社区",
                "调解组织",
                "纠纷类别",
                "申请人",
                "申请人证件号",
                "申请人电话",
                "争议金额",
                "法律顾问",
                "状态",
                "结案日期",
                "履行情况",
                "追回金额",
                "司法确认",
                "涉疫",
            ],
            [
                None,
                "莲调〔２０２０〕第１号",
                "2020.3.5",
                "彩虹社区",
                "社区人民调解委员会",
                " 邻里纠纷 ",
                "张三",
                ID.translate(FULL_WIDTH),
                "０７５５-８３１２３４５６",
                "1.5万",
                "王建国",
                "调解成功",
                "2020年3月25日",
                "已履行",
                "1,200元",
                "√",
                None,
            ],
        ],
        "信访登记": [
            [
                "信访编号",
                "登记日期",
                "来源渠道",
                "信访人",
                "人数",
                "社区",
                "事项摘要",
                "提供法律服务",
                "状态",
            ],
            [
                "莲访〔2020〕第1号",
                dt.date(2020, 4, 1),
                "12345热线",
                "李四",
                "3人",
                "福新社区",
                "反映工资拖欠",
                "是",
                "已登记",
            ],
        ],
        "值班安排": [
            ["社区", "法律顾问", "日期", "开始时间", "结束时间", "状态"],
            ["彩虹社区", "王建国", "2020/3/4", dt.time(9, 0), "12:00", "已到岗"],
        ],
        "普法活动": [
            ["社区", "日期", "活动类型", "主题", "主讲人", "参加人数"],
            ["彩虹社区", 20200310, "法治讲座", "民法典与居民生活", "王建国", "45人"],
        ],
        "服务台账": [
            ["社区", "法律顾问", "日期", "服务方式", "服务类型", "时长", "服务人次"],
            ["彩虹社区", "王建国", dt.datetime(2020, 3, 4), "现场", "法律咨询", "2小时", "3"],
        ],
    }


def test_a_clerks_workbook_imports(ctx, tmp_path):
    path = workbook(tmp_path / "clerk.xlsx", clerk_sheets())
    result = import_workbook(ctx, path)
    assert not result.errors, [str(p) for p in result.errors]
    # 8 records and the case's 申请人 from its (format-1) ID and phone columns
    assert result.written and result.totals()["inserted"] == 9
    (rainbow,) = ctx.db["communities"].rows_where("name = '彩虹社区'")
    assert rainbow["code"] == "440304008001"
    (advisor,) = ctx.db["advisors"].rows
    assert advisor["mobile"] == "13800138000" and advisor["community_id"] == rainbow["id"]
    assert (advisor["contract_start"], advisor["contract_end"]) == ("2020-01-01", "2021-12-31")
    (case,) = ctx.db["cases"].rows
    assert case["case_no"] == "莲调〔2020〕第1号" and case["category"] == "邻里纠纷"
    assert case["received_date"] == "2020-03-05" and case["closed_date"] == "2020-03-25"
    (party,) = ctx.db["parties"].rows_where("case_id = ?", [case["id"]])
    assert (party["role"], party["name"]) == ("申请人", case["applicant"])
    assert party["id_no"] == ID and party["phone"] == "0755-83123456"
    assert party["id_type"] == "居民身份证" and party["party_type"] == "自然人"
    assert case["amount_disputed"] == 15000.0 and case["amount_recovered"] == 1200.0
    assert case["judicial_confirmation"] == 1 and case["covid"] is None
    assert case["advisor_id"] == advisor["id"] and len(case["id"]) == 36
    assert case["updated_at"] == "2021-01-10 10:00:00"  # blank 更新时间: the import time
    (petition,) = ctx.db["petitions"].rows
    assert petition["registered_date"] == "2020-04-01" and petition["headcount"] == 3
    assert petition["legal_service"] == 1
    (shift,) = ctx.db["shifts"].rows
    assert (shift["date"], shift["start_time"], shift["end_time"]) == (
        "2020-03-04",
        "09:00",
        "12:00",
    )
    (event,) = ctx.db["events"].rows
    assert event["date"] == "2020-03-10" and event["attendance"] == 45
    assert event["speaker_id"] == advisor["id"]
    (service,) = ctx.db["services"].rows
    assert service["hours"] == 2.0 and service["persons"] == 3 and service["date"] == "2020-03-04"


def careless_sheets():
    header = [
        "案件编号",
        "受理日期",
        "社区",
        "调解组织",
        "纠纷类别",
        "申请人",
        "申请人证件号",
        "争议金额",
        "状态",
        "备注列",
    ]
    good = [
        "莲调〔2020〕第{}号",
        "2020-03-05",
        "彩虹社区",
        "社区人民调解委员会",
        "邻里纠纷",
        "张三",
        ID,
        1000,
        "已受理",
        "随手记",
    ]

    def row(n, **changes):
        values = list(good)
        values[0] = values[0].format(n)
        for column, value in changes.items():
            values[header.index(column)] = value
        return values

    wrong_check = ID[:17] + ("0" if ID[17] != "0" else "1")
    return {
        "社区": [["社区名称"], ["彩虹社区"]],
        "调解案件": [
            header,
            row(1, 申请人证件号=wrong_check),
            row(2, 受理日期="2020-02-30"),
            row(3, 纠纷类别="吵架"),
            row(4, 争议金额=-100),
            row(5, 社区="不存在社区"),
            row(6, 申请人=None),
            row(7),
        ],
        "服务台账": [
            ["社区", "法律顾问", "日期", "服务方式", "服务类型"],
            ["彩虹社区", "王建国", "2020-03-05", "现场", "法律咨询"],
        ],
        "我的备注": [["随便写写"]],
    }


EXPECTED = [
    # (sheet, row, column, words in the reason)
    ("调解案件", 2, "申请人证件号", "校验位"),
    ("调解案件", 3, "受理日期", "日期不存在"),
    ("调解案件", 4, "纠纷类别", "不是可选值"),
    ("调解案件", 5, "争议金额", "负数"),
    ("调解案件", 6, "社区", "不存在"),
    ("调解案件", 7, "申请人", "必填"),
    ("服务台账", 1, "时长", "缺少必填列"),
]


def test_a_careless_workbook_reports_every_problem_and_writes_nothing(ctx, tmp_path):
    path = workbook(tmp_path / "careless.xlsx", careless_sheets())
    result = import_workbook(ctx, path)
    assert result.refused and not result.written
    assert all(n == 0 for n in table_counts(ctx).values())
    found = {(p.sheet, p.row, p.column): p for p in result.errors}
    for sheet, row, column, words in EXPECTED:
        problem = found.get((sheet, row, column))
        assert problem is not None, (sheet, row, column, [str(p) for p in result.errors])
        assert words in problem.reason
    assert len(result.errors) == len(EXPECTED), [str(p) for p in result.errors]
    assert found[("调解案件", 2, "申请人证件号")].value.endswith(
        careless_sheets()["调解案件"][1][6][-1]
    )
    assert found[("调解案件", 3, "受理日期")].value == "2020-02-30"
    assert found[("调解案件", 4, "纠纷类别")].value == "吵架"
    assert found[("调解案件", 6, "社区")].value == "不存在社区"
    warnings = {(p.sheet, p.column or None) for p in result.warnings}
    assert ("我的备注", None) in warnings and ("调解案件", "备注列") in warnings
    assert result.counts["调解案件"]["errors"] == 6 and result.counts["服务台账"]["errors"] == 1
    text = str(found[("调解案件", 4, "纠纷类别")])
    assert text.startswith("工作表“调解案件”第4行「纠纷类别」") and "吵架" in text


def test_the_errors_copy_marks_each_bad_cell(ctx, tmp_path):
    path = workbook(tmp_path / "careless.xlsx", careless_sheets())
    out = tmp_path / "marked.xlsx"
    result = import_workbook(ctx, path, errors_out=out)
    assert result.errors_workbook == out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "导入问题"
    assert wb["导入问题"].max_row == len(result.problems) + 1
    ws = wb["调解案件"]
    cell = ws["G2"]  # 申请人证件号 of the first data row
    assert cell.fill.fgColor.rgb.endswith("FFC7CE") and "校验位" in cell.comment.text
    assert "日期不存在" in ws["B3"].comment.text
    assert ws["A8"].comment is None  # the good row is left alone
    # The original is untouched.
    assert openpyxl.load_workbook(path)["调解案件"]["G2"].comment is None


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("2020.13.1", "日期不存在"), ("明天", "无法识别的日期"), (45000000, "日期超出范围")],
)
def test_bad_dates_name_row_and_column(ctx, tmp_path, cell, reason):
    sheets = {
        "社区": [["社区名称"], ["彩虹社区"]],
        "普法活动": [["社区", "日期", "活动类型", "主题"], ["彩虹社区", cell, "法治讲座", "讲座"]],
    }
    result = import_workbook(ctx, workbook(tmp_path / "d.xlsx", sheets))
    (problem,) = result.errors
    assert (problem.sheet, problem.row, problem.column) == ("普法活动", 2, "日期")
    assert reason in problem.reason


def test_two_advisors_with_one_name_must_be_told_apart(ctx, tmp_path):
    sheets = {
        "社区": [["社区名称"], ["彩虹社区"]],
        "法律顾问": [
            ["姓名", "律师事务所", "服务社区"],
            ["王伟", "甲律师事务所", "彩虹社区"],
            ["王伟", "乙律师事务所", "彩虹社区"],
        ],
        "普法活动": [
            ["社区", "日期", "活动类型", "主题", "主讲人"],
            ["彩虹社区", "2020-05-01", "法治讲座", "讲座一", "王伟"],
            ["彩虹社区", "2020-05-02", "法治讲座", "讲座二", "王伟（乙律师事务所）"],
        ],
    }
    result = import_workbook(ctx, workbook(tmp_path / "same.xlsx", sheets))
    (problem,) = result.errors
    assert (problem.row, problem.column) == (2, "主讲人") and "同名" in problem.reason
    result = import_workbook(ctx, workbook(tmp_path / "same.xlsx", sheets), skip_invalid=True)
    (event,) = ctx.db["events"].rows
    assert ctx.db["advisors"].get(event["speaker_id"])["firm"] == "乙律师事务所"


def test_the_row_count_notice_says_more_or_fewer(demo_ctx, tmp_path):
    """Rows added by hand are normal: the notice says how many more, not "truncated"."""
    from lianhua_desk.services.exchange import export_workbook

    path = export_workbook(demo_ctx, tmp_path / "out.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["服务台账"]
    extra = [c.value for c in ws[2]]
    ws.append([None, *extra[1:]])  # a copy of a row, 记录ID left blank
    ws.append([None, *extra[1:]])
    wb["普法活动"].delete_rows(3)
    wb.save(path)
    result = import_workbook(demo_ctx, path, dry_run=True)
    notices = {p.column: p.reason for p in result.warnings if p.sheet == "导出信息"}
    assert "多出 2 行（手工添加？）" in notices["记录数:服务台账"]
    assert "少了 1 行（文件可能被截断" in notices["记录数:普法活动"]
    assert len(notices) == 2
