"""`find ENTITY QUERY [--sort FIELD] [--desc] [--limit N] [--json]`: a list's search.

The window's search box and column sort, from the command line, through the same
queries (services.lookups: ListQuery, count, page_ids, rows_by_id): names sort by
pinyin, a keyword finds names by their pinyin or initials (wxm → 王小明).

Output: a table in Chinese (the entity's plain columns that the shown records fill: no
long text; ID numbers and phones masked, as lists show them) or, with --json, the records (keys are the column
names, references resolved to names, personal data masked). An unknown --sort field is
refused (exit 1) naming the fields there are; an unknown entity is a usage error.
"""

from __future__ import annotations

import json

from . import cli_common
from .cli_messages import INTEGER

ENTITIES = ("cases", "petitions", "advisors", "shifts", "services", "events")
DEFAULT_LIMIT = 50


class FindRefused(cli_common.RefusedError):
    pass


def sort_field(entity_name: str, text: str | None) -> str | None:
    """A field by its column name or its Chinese label; None: the list's default."""
    from .domain.fields import entity

    if text is None:
        return None
    e = entity(entity_name)
    for f in e.fields:
        if text in (f.name, f.label):
            return f.name
    known = "、".join(f"{f.label}（{f.name}）" for f in e.fields)
    raise FindRefused(f"--sort：{e.sheet}没有“{text}”这一列。可用的列：{known}")


def columns(entity_name: str) -> list:
    """The fields a table shows: every declared field but long text."""
    from .domain.fields import Kind, entity

    return [f for f in entity(entity_name).fields if f.kind is not Kind.LONGTEXT]


def value(field, row: dict):
    """A stored value as the list shows it (JSON: numbers stay numbers)."""
    from .domain import parse
    from .domain.fields import Kind
    from .services import lookups

    v = row.get(field.name)
    if field.kind is Kind.REF:
        return lookups.ref_name(row, field.name)
    if v is None:
        return None
    if field.kind in (Kind.ID_NUMBER, Kind.DOCUMENT_NO):
        return parse.mask_id(v)
    if field.kind is Kind.PHONE:
        return parse.mask_phone(v)
    if field.kind is Kind.BOOL:
        return bool(v)
    return v


def cell(field, row: dict) -> str:
    from .domain.fields import Kind
    from .domain.numbers import money, number

    v = value(field, row)
    if v is None:
        return ""
    if field.kind is Kind.BOOL:
        return "是" if v else "否"
    if field.kind is Kind.MONEY:
        return money(v)
    if field.kind in (Kind.INT, Kind.HOURS):
        return number(v)
    return str(v)


def table(fields: list, rows: list[dict]) -> str:
    """Rows under their Chinese headers, columns padded by display width."""
    from .domain.fields import Kind
    from .domain.width import display_width

    grid = [[f.label for f in fields]] + [[cell(f, r) for f in fields] for r in rows]
    widths = [max(display_width(line[i]) for line in grid) for i in range(len(fields))]
    numeric = [f.kind in (Kind.INT, Kind.HOURS, Kind.MONEY) for f in fields]

    def line(cells: list[str]) -> str:
        out = []
        for text, width, right in zip(cells, widths, numeric, strict=True):
            pad = " " * (width - display_width(text))
            out.append(pad + text if right else text + pad)
        return "  ".join(out).rstrip()

    return "\n".join(line(cells) for cells in grid)


def find(ctx, entity_name: str, text: str, sort: str | None, descending: bool, limit: int):
    """(total matches, the first `limit` rows in the list's order)."""
    from .services import lookups

    q = lookups.ListQuery(entity_name, search=text, sort=sort, descending=descending)
    total = lookups.count(ctx.db, q, ctx.settings)
    ids = lookups.page_ids(ctx.db, q, 0, limit, ctx.settings)
    rows = lookups.rows_by_id(ctx.db, entity_name, ids)
    return total, [rows[i] for i in ids if i in rows]


def cmd_find(args) -> int:
    from .domain.fields import entity

    if args.limit < 1:
        raise FindRefused(f"--limit：应为正整数，收到 {args.limit}")
    sort = sort_field(args.entity, args.sort)
    ctx = cli_common.context(args)
    total, rows = find(ctx, args.entity, args.query, sort, args.desc, args.limit)
    e = entity(args.entity)
    if args.json:
        records = [{f.name: value(f, r) for f in e.fields} | {"id": r["id"]} for r in rows]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return cli_common.EXIT_OK
    where = f"“{args.query}”" if args.query.strip() else "全部"
    shown = f"，显示前 {len(rows)} 条" if len(rows) < total else ""
    print(f"{e.sheet}：{where}共 {total} 条{shown}")
    if rows:
        # the columns some shown record fills: a terminal is narrower than the window
        shown_fields = [f for f in columns(args.entity) if any(cell(f, r) for r in rows)]
        print(table(shown_fields, rows))
    return cli_common.EXIT_OK


def register(add) -> None:
    p = add(
        "find",
        cmd_find,
        "查找记录：与窗口列表相同的检索与排序（姓名按拼音排序，可用拼音或首字母检索）",
    )
    p.add_argument(
        "entity",
        choices=ENTITIES,
        metavar="类别",
        help="cases 调解案件、petitions 信访登记、advisors 法律顾问、shifts 值班、"
        "services 服务记录、events 普法活动",
    )
    p.add_argument("query", metavar="关键词", help='检索词（空格分隔多个词；"" 为全部）')
    p.add_argument("--sort", metavar="列", help="排序的列：列名或中文列标题（默认按日期从新到旧）")
    p.add_argument("--desc", action="store_true", help="倒序")
    p.add_argument(
        "--limit",
        type=INTEGER,
        default=DEFAULT_LIMIT,
        metavar="条数",
        help=f"最多显示的条数（默认 {DEFAULT_LIMIT}）",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
