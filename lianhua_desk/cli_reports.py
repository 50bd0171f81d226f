"""Command-line subcommands that write reports:
`report annual|roster|subsidy|agreement|cover|dossier|periodic|text`.

Handlers import reportlab and the report modules lazily, so other commands stay fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import cli_common
from .cli_messages import INTEGER


def _run(args, make, *suffixes: str, out: Path | None = None) -> int:
    """Check --out, open the database, make the document, translate the ways it can fail.

    `suffixes`: what --out may end with (default .pdf); a PDF named .docx is refused.
    `out`: an output already checked (a folder), instead of --out as a file."""
    from .reports.fonts import FontMissingError
    from .services.reports import ReportRefused

    if out is None:
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


FORMATS = {"pdf": ".pdf", "docx": ".docx"}  # report annual --format → the suffix of --out


def _annual_format(args) -> str:
    """--format, else the --out suffix (.docx → docx, anything else pdf, which --out's
    own check then refuses); a --format the suffix contradicts is refused."""
    suffix = Path(args.out).suffix.lower()
    if args.format is None:
        return "docx" if suffix == FORMATS["docx"] else "pdf"
    if suffix != FORMATS[args.format]:
        raise cli_common.RefusedError(
            f"--format {args.format} 的输出文件须以 {FORMATS[args.format]} 结尾，"
            f"而 --out 是“{args.out}”。请改用 {Path(args.out).stem}{FORMATS[args.format]}。"
        )
    return args.format


def cmd_annual(args) -> int:
    from .domain import parse

    fmt = _annual_format(args)
    if fmt == "docx":
        from .reports import annual_docx as module
    else:
        from .reports import annual as module

    issued = None
    if args.date:
        try:
            issued = parse.parse_date(args.date)
        except parse.ParseError as exc:
            raise cli_common.RefusedError(f"落款日期“{args.date}”无法识别：{exc.reason}") from exc

    def make(ctx, out):
        return module.write(ctx, args.year, out, issued=issued, internal=args.internal)

    suffixes = (FORMATS[fmt],) if args.format else tuple(FORMATS.values())
    return _run(args, make, *suffixes)


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


def _dossier_folder(text: str) -> Path:
    """--out of a year's dossiers: a folder, made if missing (its parent must exist)."""
    out = Path(text).expanduser()
    if out.suffix.lower() == ".pdf":
        raise cli_common.RefusedError(
            f"按年度生成卷宗时 --out 应为文件夹（每案一个 PDF 和卷宗目录.pdf），而不是文件：{text}"
        )
    if out.exists() and not out.is_dir():
        raise cli_common.RefusedError(f"--out 指定的“{text}”已存在且不是文件夹。")
    if not out.exists() and not out.parent.is_dir():
        raise cli_common.RefusedError(f"--out 所在的文件夹不存在：{out.parent}")
    return out


def _print_warnings(results) -> None:
    for result in results:
        for warning in result.warnings:
            cli_common.err(f"警告：{warning}")


def cmd_dossier(args) -> int:
    """One case's dossier (CASE_NUMBER --out FILE.pdf), or a year's (--year, --out DIR)."""
    from .services import dossier

    if args.case_number and args.year is not None:
        raise cli_common.UsageError("请只给出案件编号或 --year 之一，不能同时给出。")
    if args.case_number:
        if args.community:
            raise cli_common.UsageError("--community 只用于按年度生成（--year）。")

        def one(ctx, out):
            result = dossier.write_dossier(ctx, args.case_number, out)
            _print_warnings([result])
            return result.path

        return _run(args, one)
    if args.year is None:
        raise cli_common.UsageError(
            "请给出案件编号（例如 莲调〔2020〕第2号）或 --year 年份。\n"
            "例如：report dossier 莲调〔2020〕第2号 --out 卷宗.pdf"
        )

    def progress(i: int, n: int, case_no: str) -> None:
        if sys.stderr.isatty():
            print(f"…（{i}/{n}）{case_no}", file=sys.stderr)

    def year(ctx, out):
        results = dossier.write_dossiers(ctx, args.year, args.community, out, on_case=progress)
        _print_warnings(results)
        for result in results:
            pending = [e.title for e in result.documents if e.pending]
            note = f"（待补：{'、'.join(pending)}）" if pending else ""
            print(f"{result.case_no}：{result.path.name}{note}")
        print(f"共 {len(results)} 卷，目录：{out / dossier.INDEX_NAME}")
        return out

    return _run(args, year, out=_dossier_folder(args.out))


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


SOURCE_LABELS = {"saved": "本年度已保存", "last_year": "沿用上年度", "draft": "默认草稿"}


def _block_files(args) -> list[tuple[str, str]]:
    """(block key, file) pairs from --block/--text-file and every --set KEY=FILE."""
    pairs = []
    if (args.block is None) != (args.text_file is None):
        raise cli_common.UsageError(
            "--block 与 --text-file 须同时给出，例如 --block covid --text-file 涉疫.txt"
        )
    if args.block is not None:
        pairs.append((args.block, args.text_file))
    for item in args.set or ():
        key, sep, path = item.partition("=")
        if not sep or not key.strip() or not path.strip():
            raise cli_common.UsageError(
                f"--set 应写作 段落=文件，例如 --set covid=涉疫.txt（收到“{item}”）"
            )
        pairs.append((key.strip(), path.strip()))
    return pairs


def _show_texts(ctx, year: int) -> None:
    from .services import annual_report, reports

    print(f"{year}年度报告 一、主要举措（统计项写作 {{键名}}，生成报告时替换为数字）：")
    section = None
    for state in annual_report.block_states(ctx, year):
        if state.section != section:
            section = state.section
            print(f"\n{section}")
        changed = f"；数字有变化：{'、'.join(state.changed)}" if state.changed else ""
        print(f"[{state.key}] {state.lead}（{SOURCE_LABELS[state.source]}{changed}）")
        print(f"    {state.text}")
    current = reports.get_report_text(ctx, year)
    print(f"\n二、{year}年 存在问题及形势研判：\n{current['problems'] or '（未填写）'}")
    hints = annual_report.suggestions(ctx, year)
    if hints:
        print("  根据台账数据的建议（可复制到文字文件中，用 --problems 保存）：")
        for i, line in enumerate(hints, start=1):
            print(f"  {i}. {line}")
    print(f"\n三、{year + 1}年 重点工作计划：\n{current['plans'] or '（未填写）'}")


def cmd_text(args) -> int:
    """Show, or set from UTF-8 text files, the annual report's written parts: the
    blocks of 一 (--block/--text-file, --set KEY=FILE), 二 (--problems), 三 (--plans)."""
    from .services import annual_report, reports

    blocks = [(key, _read_text(path, f"段落“{key}”")) for key, path in _block_files(args)]
    problems = _read_text(args.problems, "存在问题及形势研判")
    plans = _read_text(args.plans, "重点工作计划")
    ctx = cli_common.context(args)
    try:
        if problems is None and plans is None and not blocks:
            _show_texts(ctx, args.year)
            return cli_common.EXIT_OK
        for key, text in blocks:
            annual_report.check_block(key, text)  # all refused before any is saved
        for key, text in blocks:
            annual_report.save_block(ctx, args.year, key, text)
        if problems is not None or plans is not None:
            annual_report.save_texts(ctx, args.year, problems, plans)
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

    q = kind(
        "annual",
        cmd_annual,
        "法治政府建设年度报告（PDF，或 Word 文档供修改）",
        "输出文件：.pdf 或 .docx（未给 --format 时按扩展名决定格式）",
    )
    q.add_argument("--year", type=INTEGER, required=True, metavar="年份", help="年度，例如 2020")
    q.add_argument(
        "--date",
        metavar="日期",
        help="落款日期（默认今天；只统计此日及以前的记录），例如 2020-12-24",
    )
    q.add_argument(
        "--internal", action="store_true", help="内部版：附社区考核达标情况（对外公开版不含）"
    )
    q.add_argument("--format", choices=tuple(FORMATS), help="pdf 或 docx（默认按 --out 的扩展名）")
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
        "dossier",
        cmd_dossier,
        "人民调解卷宗（PDF）：单个案件，或按年度每案一卷并附卷宗目录",
        "单个案件：输出的 PDF 文件（.pdf）；按年度：输出的文件夹",
    )
    q.add_argument(
        "case_number", nargs="?", metavar="案件编号", help="案件编号，例如 莲调〔2020〕第2号"
    )
    q.add_argument("--year", type=INTEGER, metavar="年份", help="按受理年度生成，例如 2020")
    q.add_argument("--community", metavar="社区", help="按年度生成时只含该社区的案件")
    q = kind(
        "periodic",
        cmd_periodic,
        "月度或季度统计表（PDF 或 Excel）",
        "输出文件：.pdf 或 .xlsx（按扩展名决定格式）",
    )
    when = q.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="月份", help="月份，例如 2020-03")
    when.add_argument("--quarter", metavar="季度", help="季度，例如 2020-Q1")
    q = kind(
        "text", cmd_text, "查看或设置年度报告的文字：主要举措各段、存在问题、工作计划", out_help=""
    )
    q.add_argument(
        "--year", type=INTEGER, required=True, metavar="年份", help="年度报告的年份，例如 2020"
    )
    q.add_argument("--block", metavar="段落", help="一、主要举措中的段落键名（见不带参数的输出）")
    q.add_argument("--text-file", metavar="文件", help="--block 段落的文字：UTF-8 文本文件")
    q.add_argument(
        "--set", action="append", metavar="段落=文件", help="设置一个段落的文字，可多次给出"
    )
    q.add_argument("--problems", metavar="文件", help="存在问题及形势研判：UTF-8 文本文件")
    q.add_argument("--plans", metavar="文件", help="下一年度重点工作计划：UTF-8 文本文件")
