"""Command-line subcommands of the exchange workbook: template, export, import.

The summary goes to stdout; problems, in Chinese, to stderr. Exit status 1 when
the input is refused (nothing written). Personal numbers are masked in what is
printed: the terminal output may end up in a log.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MAX_LISTED = 1000  # problems printed; the --errors copy has them all
# The exchange password comes from here or from a prompt, never from the command line:
# an argument would stay in the shell's history and be visible in the process list.
PASSWORD_VARIABLE = "LIANHUA_EXCHANGE_PASSWORD"


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _progress(stage: str) -> None:
    if sys.stderr.isatty():
        _err(f"…{stage}")


def _pad(text: str, width: int) -> str:
    from .domain.width import display_width

    return text + " " * max(0, width - display_width(text))


def _write_failed(exc, out: Path):
    """A RefusedFile raised because writing `out` failed: the Chinese sentence for the
    operating-system error (exit 1 or 3) instead of its English text."""
    from . import cli_common

    if isinstance(exc.__cause__, OSError):
        return cli_common.FileProblem(exc.__cause__, out, writing=True)
    return cli_common.RefusedError(str(exc))


def _password(why: str, *, twice: bool) -> str:
    """The exchange password: the environment variable, else typed on the terminal
    (twice when setting one). Refused (exit 1) when neither is possible."""
    import getpass

    from . import cli_common

    if value := os.environ.get(PASSWORD_VARIABLE):
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise cli_common.RefusedError(
            f"{why}需要密码：请在终端中运行以便输入密码，"
            f"或用环境变量 {PASSWORD_VARIABLE} 给出密码。未写入任何数据。"
        )
    first = getpass.getpass("交换表密码：")
    if not first:
        raise cli_common.RefusedError("密码不能为空。未写入任何数据。")
    if twice and getpass.getpass("再输入一次：") != first:
        raise cli_common.RefusedError("两次输入的密码不一致。未写入任何数据。")
    return first


def cmd_template(args) -> int:
    """The blank workbook needs no database: with one, its drop-downs list the
    database's communities and advisors; without one, nothing is created."""
    from . import cli_common, paths
    from .app import DatabaseMissing, blank_context
    from .exchange.result import RefusedFile
    from .services.exchange import write_template

    out = cli_common.output_path(args.out, ".xlsx")
    try:
        ctx = cli_common.context(args)
    except DatabaseMissing:
        _err(
            f"提示：数据库文件不存在（{paths.database_path(args.db)}），"
            "空白交换表中“社区”“法律顾问”的下拉选项为空。"
        )
        ctx = blank_context()
        cli_common.contexts.append(ctx)
    try:
        written = write_template(ctx, out)
    except RefusedFile as exc:
        raise _write_failed(exc, out) from None
    except OSError as exc:
        raise cli_common.FileProblem(exc, out, writing=True) from None
    print(f"已生成空白交换表：{written}")
    return cli_common.EXIT_OK


def cmd_export(args) -> int:
    from . import cli_common
    from .exchange.result import RefusedFile
    from .services.exchange import export_workbook

    out = cli_common.output_path(args.out, ".xlsx")
    ctx = cli_common.context(args)
    password = _password("加密导出", twice=True) if args.password else None
    try:
        result = export_workbook(
            ctx,
            out,
            community=args.community,
            since=args.since,
            mask=args.mask,
            password=password,
            progress=_progress,
        )
    except RefusedFile as exc:
        raise _write_failed(exc, out) from None
    except OSError as exc:  # a temporary sheet or the file itself could not be written
        raise cli_common.FileProblem(exc, out, writing=True) from None
    total = sum(n for sheet, n in result.counts.items())
    notes = ["证件号、电话已脱敏"] if result.masked else []
    if password:
        notes.append("已加密，打开时需输入密码")
    print(f"已导出到：{result.path}" + (f"（{'；'.join(notes)}）" if notes else ""))
    for sheet, n in result.counts.items():
        print(f"  {_pad(sheet, 10)}{n:>8}")
    print(f"  {_pad('合计', 10)}{total:>8}")
    return cli_common.EXIT_OK


def _summary(result) -> None:
    from .exchange.result import COUNT_KEYS, COUNT_LABELS

    if result.dry_run:
        state = "试运行，未写入任何数据"
    elif result.written:
        state = f"已写入（导入编号 {result.import_id}）"
    else:
        state = "有错误，未写入任何数据"
    print(f"导入“{result.file_name}”：{state}")
    print(_pad("工作表", 12) + "".join(f"{COUNT_LABELS[k]:>6}" for k in COUNT_KEYS))
    for sheet, counts in result.counts.items():
        print(_pad(sheet, 12) + "".join(f"{counts[k]:>8}" for k in COUNT_KEYS))
    totals = result.totals()
    print(_pad("合计", 12) + "".join(f"{totals[k]:>8}" for k in COUNT_KEYS))
    if result.backup:
        print(f"导入前已备份：{result.backup}")
    if result.errors_workbook:
        print(f"标注了问题的副本：{result.errors_workbook}")


def _personal_labels() -> set[str]:
    """Headers whose values are never printed: every personal field's, and the old
    (format-1) case columns that held the parties' IDs and phones."""
    from .domain.fields import ENTITIES
    from .exchange import legacy

    return {f.label for e in ENTITIES for f in e.fields if f.personal} | set(legacy.FIELDS)


def _printable(problem, personal: set[str]) -> str:
    from dataclasses import replace

    from .domain.parse import mask_id, mask_phone

    if problem.column in personal and isinstance(problem.value, str) and problem.value:
        masked = mask_id(problem.value) if len(problem.value) >= 15 else mask_phone(problem.value)
        problem = replace(problem, value=masked)
    return str(problem)


def _report(result) -> None:
    personal = _personal_labels()
    errors, warnings = result.errors, result.warnings
    if errors:
        if result.skip_invalid:
            _err(f"有 {len(errors)} 个错误，出错的行未导入：")
        else:
            _err(
                f"发现 {len(errors)} 个错误，未写入任何数据"
                "（改正后重新导入；或用 --skip-invalid 只导入没有错误的行，"
                "用 --errors 文件.xlsx 输出标注了问题的副本）："
            )
        for problem in errors[:MAX_LISTED]:
            _err(f"  错误  {_printable(problem, personal)}")
        if len(errors) > MAX_LISTED:
            _err(f"  ……另有 {len(errors) - MAX_LISTED} 个错误未列出")
    if warnings:
        _err(f"提示 {len(warnings)} 条：")
        for problem in warnings[:MAX_LISTED]:
            _err(f"  提示  {_printable(problem, personal)}")
        if len(warnings) > MAX_LISTED:
            _err(f"  ……另有 {len(warnings) - MAX_LISTED} 条提示未列出")
    if result.conflicts:
        _err(f"冲突 {len(result.conflicts)} 条（已保留较新的版本，另一版本存入历史记录，请核对）：")
        for conflict in result.conflicts[:MAX_LISTED]:
            _err(f"  冲突  {conflict}")


def cmd_import(args) -> int:
    from . import cli_common
    from .exchange import protect
    from .exchange.result import RefusedFile
    from .services.exchange import import_workbook

    errors_out = cli_common.output_path(args.errors, ".xlsx") if args.errors else None
    source = Path(args.file).expanduser()
    if source.is_file():  # a missing file or a folder is told apart by the import itself
        try:
            source.open("rb").close()
        except OSError as exc:  # no permission, a file locked by Excel, …
            raise cli_common.FileProblem(exc, source, writing=False) from None
    ctx = cli_common.context(args)
    password = None
    if protect.is_encrypted(source):
        password = _password(f"“{source.name}”设有打开密码（已加密），导入", twice=False)
    try:
        result = import_workbook(
            ctx,
            source,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            errors_out=errors_out,
            password=password,
            progress=_progress,
        )
    except RefusedFile as exc:
        if errors_out is not None and isinstance(exc.__cause__, OSError):  # writing --errors
            raise cli_common.FileProblem(exc.__cause__, errors_out, writing=True) from None
        raise cli_common.RefusedError(
            f"无法导入“{Path(args.file).name}”：{exc}。未写入任何数据。"
        ) from None
    _summary(result)
    _report(result)
    return cli_common.EXIT_REFUSED if result.refused else cli_common.EXIT_OK


def register(add) -> None:
    """Add the exchange subcommands. `add(name, func, help)` returns the subparser."""
    p = add(
        "template",
        cmd_template,
        "生成空白交换表（含下拉选项；不需要数据库，有数据库时下拉列出其中的社区和顾问）",
    )
    p.add_argument("--out", required=True, metavar="文件.xlsx", help="输出的 .xlsx 文件")
    p = add("export", cmd_export, "导出交换表")
    p.add_argument("--out", required=True, metavar="文件.xlsx", help="输出的 .xlsx 文件")
    p.add_argument("--community", metavar="社区", help="只导出该社区的记录")
    p.add_argument(
        "--since", metavar="日期", help="只导出此日期（含）之后修改过的记录，如 2020-07-01"
    )
    p.add_argument("--mask", action="store_true", help="证件号、电话脱敏（发往街道以外时使用）")
    p.add_argument(
        "--password",
        action="store_true",
        help=f"用密码加密导出的文件（Excel、WPS、LibreOffice 打开时输入密码）。密码取自环境变量 "
        f"{PASSWORD_VARIABLE}，否则在终端提示输入两次；不能写在命令行上：会留在命令历史中",
    )
    p = add(
        "import",
        cmd_import,
        "导入交换表（先校验全部内容，有错误则不写入；加密的文件：密码取自环境变量 "
        f"{PASSWORD_VARIABLE}，否则在终端提示输入）",
    )
    p.add_argument("file", metavar="文件.xlsx", help="要导入的 .xlsx 文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    p.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余的行")
    p.add_argument("--errors", metavar="文件.xlsx", help="输出标注了问题的工作簿副本（.xlsx）")
