"""`review --year Y [--community X] [--json] [--out 评查.pdf|.xlsx]`: 案卷评查, computed.

Problems found are findings, not errors: a review that ran exits 0 whatever it found.
An unknown community is refused (exit 1), as a wrong --out is.
"""

from __future__ import annotations

import json

from . import cli_common
from .cli_messages import INTEGER


def format_review(r, subdistrict: str = "") -> str:
    """The review as a reader's Chinese summary: totals, per rule, per community, then
    each file with its problems."""
    from .domain.review import RULE_SHORT, RULES

    s = r.summary()
    where = r.community or "全部社区"
    lines = [
        f"{subdistrict}{r.year}年人民调解案卷评查（{where}，评查日期 {r.today.isoformat()}）",
        f"评查案卷 {s['cases']} 件，存在问题 {s['cases_with_problems']} 件。"
        + ("" if r.cases else f"{r.year}年没有受理的调解案件。"),
        "",
        "按评查项目（存在该项问题的案卷数，信访件计入数据一致）：",
        *(f"  {title}：{s['by_rule'][key]}" for key, title in RULES.items()),
    ]
    if s["by_community"]:
        lines += ["", "按社区（案卷数 / 存在问题）："]
        lines += [
            f"  {name}：{c['cases']} / {c['with_problems']}"
            for name, c in s["by_community"].items()
        ]
    if s["petitions_with_problems"]:
        lines.append(f"分流至人民调解但没有对应案件的信访件 {s['petitions_with_problems']} 件。")
    flagged = [c for c in r.cases if c.problems] + list(r.petitions)
    if flagged:
        lines += ["", "问题清单："]
        for item in flagged:
            for p in item.problems:
                lines.append(f"  [{RULE_SHORT[p.rule]}] {p.message}")
    return "\n".join(lines)


def cmd_review(args) -> int:
    from .services import review as review_service

    out = cli_common.output_path(args.out, ".pdf", ".xlsx") if args.out else None
    ctx = cli_common.context(args)
    if out is not None:
        from .reports import review_report
        from .reports.fonts import FontMissingError

        try:
            written = review_report.write(ctx, args.year, out, args.community)
        except FontMissingError as exc:
            cli_common.err(str(exc))
            return cli_common.EXIT_ENV
        except OSError as exc:
            raise cli_common.FileProblem(exc, out, writing=True) from None
        print(f"已生成：{written}")
        return cli_common.EXIT_OK
    r = review_service.review(ctx, args.year, args.community)
    if args.json:
        print(json.dumps(r.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_review(r, ctx.settings.subdistrict))
    return cli_common.EXIT_OK


def register(add) -> None:
    p = add("review", cmd_review, "案卷评查：按规则检查一年的调解案卷，列出每件案卷存在的问题")
    p.add_argument(
        "--year",
        type=INTEGER,
        required=True,
        metavar="年份",
        help="评查的年度（按受理日期），例如 2020",
    )
    p.add_argument("--community", metavar="社区", help="只评查该社区的案卷（默认全部社区）")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    output.add_argument(
        "--out", metavar="文件", help="输出评查表：.pdf 或 .xlsx（按扩展名决定格式）"
    )
