"""`holiday list|add|remove`: the days the holiday library does not know yet.

The State Council publishes next year's holidays and make-up working days (调休) late
in the year; until the `chinesecalendar` package carries them, a clerk enters them
here (or in the window: 文件 → 节假日调整…), and rosters and quotas follow them.
"""

from __future__ import annotations

import datetime as dt

from . import cli_common
from .cli_messages import INTEGER

# What --kind accepts: the clerk's word or the stored one.
KINDS = {"放假": "holiday", "holiday": "holiday", "上班": "workday", "workday": "workday"}


def cmd_holiday(args) -> int:
    from .domain.workcalendar import KIND_NAMES, library_covers, weekday_name
    from .services import settings

    ctx = cli_common.context(args)
    if args.action == "list":
        year = args.year or dt.date.today().year
        rows = settings.holiday_overrides(ctx, year)
        source = (
            "节假日库已包含" if library_covers(year) else "节假日库尚未包含，请按国务院通知录入"
        )
        print(f"{year} 年法定节假日安排：{source}")
        if not rows:
            print("本年没有手工录入的调整。")
        for day, kind, name in rows:
            print(f"{day.isoformat()}  {weekday_name(day, '星期')}  {KIND_NAMES[kind]}  {name}")
        return cli_common.EXIT_OK
    if args.date is None:
        raise cli_common.UsageError(f"holiday {args.action} 需要日期，例如 2027-01-01")
    if args.action == "add":
        if args.kind is None:
            raise cli_common.UsageError("holiday add 需要 --kind 放假 或 --kind 上班")
        settings.set_holiday_override(ctx, args.date, KINDS[args.kind], args.name or "")
        print(f"已录入：{args.date} {KIND_NAMES[KINDS[args.kind]]} {args.name or ''}".rstrip())
        return cli_common.EXIT_OK
    if not settings.remove_holiday_override(ctx, args.date):
        raise cli_common.RefusedError(f"{args.date} 没有手工录入的调整，未做任何改动")
    print(f"已删除 {args.date} 的调整，该日按节假日库（或周一至周五）计算")
    return cli_common.EXIT_OK


def register(add) -> None:
    p = add("holiday", cmd_holiday, "法定节假日与调休上班日的手工调整（节假日库尚未包含的年份）")
    p.add_argument(
        "action",
        metavar="操作",
        choices=("list", "add", "remove"),
        help="list 列出 / add 录入 / remove 删除",
    )
    p.add_argument("date", nargs="?", metavar="日期", help="日期，如 2027-01-01")
    p.add_argument(
        "--kind",
        choices=sorted(KINDS),
        help="放假（holiday）或 上班（workday，调休）",
    )
    p.add_argument("--name", metavar="名称", help="节日名称，如 元旦")
    p.add_argument("--year", type=INTEGER, metavar="年份", help="list 的年份（默认今年）")
