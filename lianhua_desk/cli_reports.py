"""Command-line subcommands that write reports:
`report annual|roster|subsidy|agreement|cover|periodic|text`.

Handlers import reportlab and the report modules lazily, so other commands stay fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import cli_common
from .cli_messages import INTEGER


def _run(args, make, *suffixes: str) -> int:
    """Check --out, open the database, make the document, translate the ways it can fail.

    `suffixes`: what --out may end with (default .pdf); a PDF named .docx is refused."""
    from .reports.fonts import FontMissingError
    from .services.reports import ReportRefused

    out = cli_common.output_path(args.out, *(suffixes or (".pdf",)))
    ctx = cli_common.context(args)
    try:
        written = make(ctx, out)
    except ReportRefused as exc:
        raise cli_common.RefusedError(str(exc)) from exc
    except FontMissingError as exc:
        cli_common.err(str(exc))
        return cli_common.EXIT_ENV
    except OSError as exc:
        raise cli_common.FileProblem(exc, out, writing=True) from None
    finally:
        ctx.db.close()
    print(f"已生成：{written}")
    return cli_common.EXIT_OK


def cmd_annual(args) -> int:
    from .domain import parse
    from .reports import annual

    issued = None
    if args.date:
        try:
            issued = parse.parse_date(args.date)
        except parse.ParseError as exc:
            raise cli_common.RefusedError(f"落款日期“{args.date}”无法识别：{exc.reason}") from exc
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
    return _run(args, lambda ctx, out: periodic.write(ctx, period, out), ".pdf", ".xlsx")


def _read_text(path: str | None, label: str) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).expanduser().read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise cli_common.RefusedError(f"{label}文件不存在：{path}") from exc
    except UnicodeDecodeError as exc:
        raise cli_common.RefusedError(f"{label}文件不是 UTF-8 文本：{path}") from exc
    except OSError as exc:  # a folder, no permission, …
        raise cli_common.FileProblem(exc, path, writing=False) from None


def cmd_text(args) -> int:
    """Show, or set from UTF-8 text files, the annual report's written sections."""
    from .services import reports

    problems = _read_text(args.problems, "存在问题及形势研判")
    plans = _read_text(args.plans, "重点工作计划")
    ctx = cli_common.context(args)
    try:
        current = reports.get_report_text(ctx, args.year)
        if problems is None and plans is None:
            print(f"{args.year}年 存在问题及形势研判：\n{current['problems'] or '（未填写）'}\n")
            print(f"{args.year + 1}年 重点工作计划：\n{current['plans'] or '（未填写）'}")
            return cli_common.EXIT_OK
        reports.save_report_text(
            ctx,
            args.year,
            current["problems"] if problems is None else problems,
            current["plans"] if plans is None else plans,
        )
    except reports.ReportRefused as exc:
        raise cli_common.RefusedError(str(exc)) from exc
    finally:
        ctx.db.close()
    print(f"已保存 {args.year} 年度报告文字。")
    return cli_common.EXIT_OK


def _missing_kind(parser: argparse.ArgumentParser) -> int:
    raise cli_common.UsageError(
        "请指定报表类型，例如 report annual --year 2020 --out 报告.pdf\n" + parser.format_usage()
    )


def register(add) -> None:
    """Add the report subcommands. `add(name, func, help)` returns the subparser."""
    p = add("report", None, "生成报表：年度报告、值班表、补贴表、调解协议书等")
    p.set_defaults(func=lambda args: _missing_kind(p))
    kinds = p.add_subparsers(
        dest="report_kind",
        parser_class=type(p),
        title="报表类型",
        metavar="类型",
        help="要生成的报表（每种的用法：lianhua-desk report 类型 --help）",
    )

    def kind(
        name: str, func, help_text: str, out_help: str = "输出的 PDF 文件（.pdf）"
    ) -> argparse.ArgumentParser:
        q = kinds.add_parser(name, help=help_text, description=help_text)
        q.add_argument("--db", metavar="路径", default=argparse.SUPPRESS, help=cli_common.DB_HELP)
        if out_help:
            metavar = "文件.pdf" if out_help.endswith("（.pdf）") else "文件"
            q.add_argument("--out", required=True, metavar=metavar, help=out_help)
        q.set_defaults(func=func)
        return q

    q = kind("annual", cmd_annual, "法治政府建设年度报告（PDF）")
    q.add_argument("--year", type=INTEGER, required=True, metavar="年份", help="年度，例如 2020")
    q.add_argument("--date", metavar="日期", help="落款日期（默认今天），例如 2020-12-24")
    q = kind("roster", cmd_roster, "法律顾问值班表（PDF，可张贴）")
    q.add_argument(
        "--from", dest="date_from", required=True, metavar="日期", help="开始日期，例如 2020-03-01"
    )
    q.add_argument(
        "--to", dest="date_to", required=True, metavar="日期", help="结束日期，例如 2020-03-31"
    )
    q.add_argument("--community", metavar="社区", help="只打印该社区（默认全部社区）")
    q = kind("subsidy", cmd_subsidy, "社区法律顾问补贴发放表（PDF）")
    q.add_argument("--month", required=True, metavar="月份", help="月份，例如 2020-03")
    q = kind("agreement", cmd_agreement, "人民调解协议书（PDF，含完整身份信息）")
    q.add_argument("case_number", metavar="案件编号", help="案件编号，例如 莲调〔2020〕第12号")
    q = kind("cover", cmd_cover, "人民调解卷宗封面及卷内目录（PDF）")
    q.add_argument("case_number", metavar="案件编号", help="案件编号，例如 莲调〔2020〕第12号")
    q = kind(
        "periodic",
        cmd_periodic,
        "月度或季度统计表（PDF 或 Excel）",
        "输出文件：.pdf 或 .xlsx（按扩展名决定格式）",
    )
    when = q.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="月份", help="月份，例如 2020-03")
    when.add_argument("--quarter", metavar="季度", help="季度，例如 2020-Q1")
    q = kind("text", cmd_text, "查看或设置年度报告的“存在问题”“工作计划”文字", out_help="")
    q.add_argument(
        "--year", type=INTEGER, required=True, metavar="年份", help="年度报告的年份，例如 2020"
    )
    q.add_argument("--problems", metavar="文件", help="存在问题及形势研判：UTF-8 文本文件")
    q.add_argument("--plans", metavar="文件", help="下一年度重点工作计划：UTF-8 文本文件")
