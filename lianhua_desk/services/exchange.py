"""The exchange workbook's user actions: export, blank template, import.

export_workbook streams the records into an .xlsx, puts it in place atomically and
then marks what it exported as exchanged (synced_at = updated_at), so the next
import can tell a record changed on both sides from one changed on one side.
import_workbook refuses hostile files, validates every cell, plans the merge and
applies it in one transaction (or, with dry_run, rolls it back). Either may carry an
opening password (exchange.protect): the export is then encrypted, the import
decrypts, and the annotated copy of an encrypted import is encrypted the same way.
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..domain import parse
from ..domain.fields import BY_NAME, CASE, ENTITIES, PARTY, Entity
from ..domain.records import FieldError, ValidationError
from ..exchange import format as fmt
from ..exchange import legacy, protect
from ..exchange.apply import apply_plan
from ..exchange.errors_workbook import write_errors_workbook
from ..exchange.export import WorkbookWriter, row_converter
from ..exchange.plan import make_plan
from ..exchange.reader import read_workbook
from ..exchange.result import WARNING, ExportResult, ImportResult, Problem, RefusedFile
from ..exchange.template import write_template as _write_template
from ..exchange.validate import read_info, read_tombstones, validate_sheet
from ..os_errors import os_error_message, xml_write_errors
from ..store import backup as backups
from ..store import exchange_store as store
from ..store.db import write_lock
from .context import Context
from .permissions import require

COMMUNITY, ADVISOR = ENTITIES[0], ENTITIES[1]
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


# --- names shown for references --------------------------------------------------------


def display_names(ctx: Context) -> dict[str, dict[str, str]]:
    """id → name per referable entity; advisors sharing a name get 姓名（律师事务所）."""
    communities = {id_: name for id_, (name,) in store.names(ctx.db, COMMUNITY).items()}
    advisors = store.names(ctx.db, ADVISOR)
    shared = Counter(name for name, _ in advisors.values())
    shown = {
        id_: name if shared[name] == 1 else f"{name}（{firm}）"
        for id_, (name, firm) in advisors.items()
    }
    # Cases are shown by their number (a party's 案件编号).
    cases = {id_: number for number, id_ in store.ids_by_display(ctx.db, CASE).items()}
    return {COMMUNITY.name: communities, ADVISOR.name: shown, CASE.name: cases}


def _drop_down_lists(names: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    return {
        COMMUNITY.sheet: sorted(set(names[COMMUNITY.name].values())),
        ADVISOR.sheet: sorted(set(names[ADVISOR.name].values())),
    }


def _info(ctx: Context) -> list[tuple[str, object]]:
    return [
        (fmt.INFO_VERSION, fmt.FORMAT_VERSION),
        (fmt.INFO_UNIT, ctx.settings.subdistrict),
        (fmt.INFO_TIME, ctx.actor.stamp()),
        (fmt.INFO_APP, f"莲花法治工作台 {__version__}"),
    ]


def write_template(ctx: Context, path: str | Path) -> Path:
    """A blank workbook with every sheet, header and drop-down."""
    lists = _drop_down_lists(display_names(ctx))
    try:
        return _write_template(Path(path), _info(ctx), lists)
    except OSError as exc:
        raise RefusedFile(os_error_message(exc, path, writing=True)) from exc


# --- export ---------------------------------------------------------------------------------


def _refuse(field: str, label: str, value, reason: str) -> ValidationError:
    return ValidationError([FieldError(field, label, value, reason)])


def _filters(ctx: Context, community_id: str | None, since: str | None) -> dict[str, tuple]:
    """WHERE clause per entity; with a filter, referenced advisors and communities come
    too, and every exported case takes its parts (parties, records, visits) with it."""
    filters = {}
    parts = [e for e in ENTITIES if e.parent is not None]
    dependents = [e for e in ENTITIES[2:] if e.parent is None]
    if community_id is None and since is None:
        return {e.name: ("", []) for e in ENTITIES}
    for entity in dependents:
        own = [p for p in parts if BY_NAME[p.by_name[p.parent].ref] is entity]
        filters[entity.name] = store.entity_filter(
            entity, community_id=community_id, since=since, parts=own
        )
    for part in parts:
        owner = BY_NAME[part.by_name[part.parent].ref]
        filters[part.name] = store.parts_filter(part, owner, *filters[owner.name])
    advisor_ids, community_ids = set(), set()
    for entity in dependents:
        where, params = filters[entity.name]
        for f in entity.fields:
            if f.ref in (ADVISOR.name, COMMUNITY.name):
                found = store.referenced_ids(ctx.db, entity.name, f.name, where, params)
                (advisor_ids if f.ref == ADVISOR.name else community_ids).update(found)
    filters[ADVISOR.name] = store.entity_filter(
        ADVISOR, community_id=community_id, since=since, extra_ids=advisor_ids
    )
    where, params = filters[ADVISOR.name]
    community_ids |= store.referenced_ids(ctx.db, ADVISOR.name, "community_id", where, params)
    # Communities are few and everything names them: always send the referenced ones.
    filters[COMMUNITY.name] = store.entity_filter(
        COMMUNITY, community_id=community_id, since=None, extra_ids=community_ids
    )
    return filters


def _tapped(rows, seen: list):
    for row in rows:
        seen.append((row[0], row[-1]))
        yield row


def export_workbook(
    ctx: Context,
    path: str | Path,
    *,
    community: str | None = None,
    since: str | None = None,
    mask: bool = False,
    password: str | None = None,
    progress: Progress = _quiet,
) -> ExportResult:
    """Write the records (optionally one community's, changed since a date, masked,
    encrypted with `password`)."""
    require(ctx, "exchange.export_masked" if mask else "exchange.export")
    db, path = ctx.db, Path(path)
    _check_password(password)
    community_id = None
    if community:
        name = parse.normalize_text(community)
        community_id = store.community_id(db, name)
        if community_id is None:
            raise _refuse("community", "社区", community, f"没有名为“{name}”的社区")
    since_stamp = None
    if since:
        try:
            since_stamp = parse.parse_datetime(since)
        except parse.ParseError as exc:
            raise _refuse("since", "起始日期", since, exc.reason) from None
    names = display_names(ctx)
    writer = WorkbookWriter(_drop_down_lists(names))
    info = _info(ctx)
    if mask:
        info.append((fmt.INFO_MASKED, fmt.YES))
    if community or since:
        parts = [f"社区={name}" if community else "", f"更新时间≥{since_stamp}" if since else ""]
        info.append((fmt.INFO_FILTER, "，".join(p for p in parts if p)))
    exported: dict[str, list[tuple[str, str]]] = {}
    own_transaction = not db.conn.in_transaction
    if own_transaction:
        db.execute("BEGIN")  # one consistent snapshot of every table
    try:
        with xml_write_errors():  # write-only sheets stream to temporary files as they fill
            filters = _filters(ctx, community_id, since_stamp)
            info_ws = writer.info_sheet(info)
            for entity in ENTITIES:
                progress(f"导出{entity.sheet}")
                where, params = filters[entity.name]
                seen = exported.setdefault(entity.name, [])
                rows = _tapped(store.export_rows(db, entity, where=where, params=params), seen)
                writer.record_sheet(entity, rows, row_converter(entity, names, mask=mask))
            writer.deleted_sheet(_tombstone_rows(db, since_stamp))
            writer.info_rows(
                info_ws, [(f"{fmt.INFO_COUNT}{sheet}", n) for sheet, n in writer.counts.items()]
            )
    finally:
        if own_transaction:
            db.execute("COMMIT")
    progress("加密并保存文件" if password else "保存文件")
    try:
        if password:
            _save_encrypted(writer, path, password)
        else:
            writer.save(path)
    except OSError as exc:
        raise RefusedFile(os_error_message(exc, path, writing=True)) from exc
    if not mask:  # a masked copy goes elsewhere; it is not an exchange with a peer
        with write_lock(db):
            for entity in ENTITIES:
                store.mark_synced(db, entity, exported.get(entity.name, []))
    return ExportResult(path, dict(writer.counts), masked=mask)


def _check_password(password: str | None) -> None:
    if password is not None and not password:
        raise _refuse("password", "密码", "", "密码不能为空（不加密时不要设密码）")


def _save_encrypted(writer: WorkbookWriter, path: Path, password: str) -> None:
    """The workbook saved into memory, encrypted, then written: its plain bytes never
    reach the disk. (WorkbookWriter.save writes a file; this is its in-memory twin.)"""
    buffer = io.BytesIO()
    writer._lists_sheet()  # what save() adds before writing
    try:
        with xml_write_errors():
            writer.wb.save(buffer)
    except BaseException:
        for ws in writer.wb.worksheets:  # as WorkbookWriter.save: no writes at collection
            with contextlib.suppress(Exception):
                ws.close()
        raise
    protect.write_encrypted(buffer.getvalue(), password, path)


def _tombstone_rows(db, since: str | None):
    by_name = {e.name: e for e in ENTITIES}
    for t in store.tombstone_rows(db, since):
        entity: Entity | None = by_name.get(t["entity"])
        if entity is None:
            continue
        key = t["record_id"] if entity.has_record_id else t["label"]
        yield (entity.sheet, key, t["deleted_at"])


# --- import ---------------------------------------------------------------------------------


def import_workbook(
    ctx: Context,
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    errors_out: str | Path | None = None,
    password: str | None = None,
    progress: Progress = _quiet,
) -> ImportResult:
    """Import an exchange workbook. Raises RefusedFile for a file that cannot be read
    (protect.PasswordNeeded / WrongPassword for an encrypted one without the right
    password: nothing written).

    Returns the result with per-sheet counts and every problem. With errors and no
    skip_invalid nothing is written (result.refused)."""
    require(ctx, "exchange.import")  # the dry run too: it reads every personal number
    path = Path(path)
    progress("读取文件")
    with protect.plain_workbook(path, password) as (plain, encrypted):
        return _import(
            ctx,
            plain,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            errors_out=errors_out,
            password=password if encrypted else None,
            progress=progress,
        )


def _import(
    ctx: Context,
    path: Path,
    *,
    dry_run: bool,
    skip_invalid: bool,
    errors_out: str | Path | None,
    password: str | None,
    progress: Progress,
) -> ImportResult:
    result = ImportResult(path.name, dry_run=dry_run, skip_invalid=skip_invalid)
    with read_workbook(path) as raw:
        result.sha256 = raw.sha256
        progress("校验")
        info, sheets, tombstones = _validate(raw, result)
    _check_counts(info, result)
    will_write = not dry_run and not (result.errors and not skip_invalid)
    if will_write and ctx.backup_dir is not None and store.has_records(ctx.db):
        # Before the write lock: the backup API must not run inside our own transaction.
        progress("备份")
        result.backup = backups.backup(ctx.db, ctx.backup_dir, reason="import")
    progress("比对")
    # Plan and write under one write lock: another process cannot change the records
    # between the plan and its application (two imports at once stay consistent).
    with write_lock(ctx.db):
        plan = make_plan(ctx.db, result, info, sheets, tombstones, ctx.actor.stamp())
        del sheets
        if result.errors and not skip_invalid:
            if plan.deletions:  # what would have been deleted
                result.count(fmt.DELETED_SHEET, "deleted", len(plan.deletions))
        else:
            progress("写入")
            apply_plan(ctx, plan, result, info, dry_run=dry_run)
            result.written = not dry_run
    if errors_out is not None:
        progress("输出标注副本")
        try:
            result.errors_workbook = _write_errors(path, Path(errors_out), result, password)
        except OSError as exc:
            raise RefusedFile(os_error_message(exc, errors_out, writing=True)) from exc
    return result


def _write_errors(plain: Path, out: Path, result: ImportResult, password: str | None) -> Path:
    """The annotated copy; of an encrypted workbook, encrypted with the same password
    (written plain beside the decrypted input, in its private folder, then encrypted)."""
    if password is None:
        return write_errors_workbook(plain, out, result.problems)
    inside = write_errors_workbook(plain, plain.with_name(".errors.xlsx"), result.problems)
    return protect.write_encrypted(inside.read_bytes(), password, out)


def _validate(raw, result: ImportResult):
    """Read and validate sheet by sheet: one sheet's raw cells in memory at a time."""
    problems = result.problems
    # A format-1 workbook: the case sheet's ID and phone columns are its parties.
    old_format = PARTY.sheet not in raw.names
    raw.read_ahead([fmt.INFO_SHEET, *(e.sheet for e in ENTITIES), fmt.DELETED_SHEET])
    info = read_info(raw.take(fmt.INFO_SHEET), problems)
    if info.masked:
        problems.append(
            Problem(
                fmt.INFO_SHEET, None, "", None, "此文件为脱敏导出，证件号和电话无法导入", WARNING
            )
        )
    sheets = {}
    for entity in ENTITIES:
        sheet_raw = raw.take(entity.sheet)
        if sheet_raw is not None:
            extra = legacy.FIELDS if entity is CASE and old_format else None
            sheets[entity.sheet] = sheet = validate_sheet(entity, sheet_raw, problems, extra)
            del sheet_raw
            if extra and (parties := legacy.parties_sheet(sheet)) is not None:
                sheets[PARTY.sheet] = parties
    tombstones, bad_tombs, n_tombs = read_tombstones(raw.take(fmt.DELETED_SHEET), problems)
    for name in raw.unknown:
        problems.append(Problem(name, None, "", None, "不是交换表的工作表，已忽略", WARNING))
    if not sheets and not n_tombs:
        raise RefusedFile(
            "文件中没有可导入的工作表（应包含“" + "”“".join(fmt.RECORD_SHEETS) + "”等工作表）"
        )
    if n_tombs:
        result.count(fmt.DELETED_SHEET, "errors", len(bad_tombs))
    info.counts_found = {name: sheet.row_count for name, sheet in sheets.items()}
    info.counts_found[fmt.DELETED_SHEET] = n_tombs
    return info, sheets, tombstones


def _check_counts(info, result: ImportResult) -> None:
    """导出信息's 记录数 against what the sheets hold: a cut-short file shows here."""
    problems = result.problems
    actual = info.counts_found
    for sheet, declared in info.counts.items():
        found = actual.get(sheet, 0)
        if found == declared:
            continue
        if found > declared:
            what = f"多出 {found - declared} 行（手工添加？）"
        else:
            what = f"少了 {declared - found} 行（文件可能被截断，或有行被删去）"
        problems.append(
            Problem(
                fmt.INFO_SHEET,
                None,
                f"{fmt.INFO_COUNT}{sheet}",
                declared,
                f"导出信息记载“{sheet}”有 {declared} 行，实际读到 {found} 行，{what}",
                WARNING,
            )
        )
