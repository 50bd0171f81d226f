"""Command-line subcommands that write reports:
`report annual|roster|subsidy|agreement|cover|periodic|text`.

Handlers import reportlab and the report modules lazily, so other commands stay fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import cli


def _out_path(text: str) -> Path:
    out = Path(text).expanduser()
    if out.is_dir():
        raise cli.RefusedError(f"输出路径是一个文件夹，请给出文件名：{out}")
    if not out.parent.is_dir():
        raise cli.RefusedError(f"输出文件夹不存在：{out.parent}")
    return out


def _run(args, make) -> int:
    """Open the database, make the document, translate the ways it can fail."""
    from .reports.fonts import FontMissingError
    from .services.reports import ReportRefused

    out = _out_path(args.out)
    ctx = cli._context(args)
    try:
        written = make(ctx, out)
    except ReportRefused as exc:
        raise cli.RefusedError(str(exc)) from exc
    except FontMissingError as exc:
        cli._err(str(exc))
        return cli.EXIT_ENV
    except OSError as exc:
        cli._err(f"无法写入文件 {out}：{exc.strerror or exc}")
        return cli.EXIT_ENV
    finally:
        ctx.db.close()
    print(f"已生成：{written}")
    return cli.EXIT_OK


def cmd_annual(args) -> int:
    from .domain import parse
    from .reports import annual

    issued = None
    if args.date:
        try:
            issued = parse.parse_date(args.date)
        except parse.ParseError as exc:
            raise cli.RefusedError(f"落款日期“{args.date}”无法识别：{exc.reason}") from exc
    return _run(args, lambda ctx, out: annual.write(ctx, args.year, out, issued=issued))


def cmd_roster(args) -> int:
    from .reports import roster_sheet

    return _run(
        args,
        lambda ctx, out: roster_sheet.write(
            ctx, args.date_from, args.date_to, out, community=args.community
        ),
    )


def cmd_subsidy(args) -> int:
    from .reports import subsidy

    return _run(args, lambda ctx, out: subsidy.write(ctx, args.month, out))


def cmd_agreement(args) -> int:
    from .reports import agreement

    return _run(args, lambda ctx, out: agreement.write_agreement(ctx, args.case_number, out))


def cmd_cover(args) -> int:
    from .reports import agreement

    return _run(args, lambda ctx, out: agreement.write_cover(ctx, args.case_number, out))


def cmd_periodic(args) -> int:
    from .reports import periodic

    period = args.month or args.quarter
    return _run(args, lambda ctx, out: periodic.write(ctx, period, out))


def _read_text(path: str | None, label: str) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise cli.RefusedError(f"{label}文件不存在：{path}") from exc
    except UnicodeDecodeError as exc:
        raise cli.RefusedError(f"{label}文件不是 UTF-8 文本：{path}") from exc


def cmd_text(args) -> int:
    """Show, or set from UTF-8 text files, the annual report's written sections."""
    from .services import reports

    problems = _read_text(args.problems, "存在问题及形势研判")
    plans = _read_text(args.plans, "重点工作计划")
    ctx = cli._context(args)
    try:
        current = reports.get_report_text(ctx, args.year)
        if problems is None and plans is None:
            print(f"{args.year}年 存在问题及形势研判：\n{current['problems'] or '（未填写）'}\n")
            print(f"{args.year + 1}年 重点工作计划：\n{current['plans'] or '（未填写）'}")
            return cli.EXIT_OK
        reports.save_report_text(
            ctx,
            args.year,
            current["problems"] if problems is None else problems,
            current["plans"] if plans is None else plans,
        )
    except reports.ReportRefused as exc:
        raise cli.RefusedError(str(exc)) from exc
    finally:
        ctx.db.close()
    print(f"已保存 {args.year} 年度报告文字。")
    return cli.EXIT_OK


def _missing_kind(args) -> int:
    raise cli.UsageError("用法错误：请指定报表类型，例如 report annual --year 2020 --out 报告.pdf")


def register(add) -> None:
    """Add the report subcommands. `add(name, func, help)` returns the subparser."""
    p = add("report", _missing_kind, "生成报表：年度报告、值班表、补贴表、调解协议书等")
    kinds = p.add_subparsers(dest="report_kind", parser_class=type(p), metavar="类型")

    def kind(
        name: str, func, help_text: str, out_help: str = "输出的 PDF 文件"
    ) -> argparse.ArgumentParser:
        q = kinds.add_parser(name, help=help_text, description=help_text)
        q.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")
        if out_help:
            q.add_argument("--out", required=True, help=out_help)
        q.set_defaults(func=func)
        return q

    q = kind("annual", cmd_annual, "法治政府建设年度报告（PDF）")
    q.add_argument("--year", type=int, required=True, help="年度，例如 2020")
    q.add_argument("--date", help="落款日期（默认今天），例如 2020-12-24")
    q = kind("roster", cmd_roster, "法律顾问值班表（PDF，可张贴）")
    q.add_argument("--from", dest="date_from", required=True, help="开始日期")
    q.add_argument("--to", dest="date_to", required=True, help="结束日期")
    q.add_argument("--community", help="只打印该社区（默认全部社区）")
    q = kind("subsidy", cmd_subsidy, "社区法律顾问补贴发放表（PDF）")
    q.add_argument("--month", required=True, help="月份，例如 2020-03")
    q = kind("agreement", cmd_agreement, "人民调解协议书（PDF，含完整身份信息）")
    q.add_argument("case_number", help="案件编号，例如 莲调〔2020〕第12号")
    q = kind("cover", cmd_cover, "人民调解卷宗封面及卷内目录（PDF）")
    q.add_argument("case_number", help="案件编号")
    q = kind(
        "periodic", cmd_periodic, "月度或季度统计表（PDF 或 Excel）", "输出文件：.pdf 或 .xlsx"
    )
    when = q.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", help="月份，例如 2020-03")
    when.add_argument("--quarter", help="季度，例如 2020-Q1")
    q = kind("text", cmd_text, "查看或设置年度报告的“存在问题”“工作计划”文字", out_help="")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--problems", help="存在问题及形势研判：UTF-8 文本文件")
    q.add_argument("--plans", help="下一年度重点工作计划：UTF-8 文本文件")
