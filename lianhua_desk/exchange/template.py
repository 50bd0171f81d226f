"""The blank exchange workbook a community fills by hand."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain.fields import ENTITIES
from .export import WorkbookWriter

NOTE = (
    "空白模板：每行一条记录；记录ID、更新时间留空即可。社区、法律顾问、主讲人填名称，"
    "须已在数据库中或在本工作簿的“社区”“法律顾问”表中登记；当事人、调查调解记录、回访记录"
    "的案件编号须已在数据库中或在本工作簿的“调解案件”表中；案件的申请人、被申请人以“当事人”"
    "表为准；日期可写 2020-03-05、"
    "2020/3/5 或 2020年3月5日；是/否 可写 是、否 或 √。"
)


def write_template(path: Path, info: Sequence[tuple[str, object]], lists: dict) -> Path:
    writer = WorkbookWriter(lists)
    writer.info_sheet([*info, ("说明", NOTE)])
    for entity in ENTITIES:
        writer.record_sheet(entity, [], None)
    writer.deleted_sheet([])
    writer.save(path)
    return Path(path)
