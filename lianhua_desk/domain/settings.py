"""Program settings kept in the database (they travel with the data, not the PC).

Defaults come from the seed report: duty every week, 8 hours a month, a lecture a
quarter, a large publicity event a year; mediation within one month; judicial
confirmation within 30 days; petitions routed within 15 days and handled within 60
(+30). Window-only preferences (geometry, last tab) live in QSettings instead.

Each setting's group and label (Chinese and English) are declared beside its default;
the settings dialog and its English are built from SETTING_FIELDS and GROUPS.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, get_type_hints


@dataclass(frozen=True)
class Group:
    """A group of settings as the settings dialog shows them (a titled box)."""

    title: str  # Chinese
    english: str


GENERAL = Group("基本信息", "General")
QUOTAS = Group("达标要求", "Quotas")  # 一社区一法律顾问
DEADLINES = Group("期限（天）", "Deadlines (days)")
NUMBERING = Group("编号格式（{year} 年份，{seq} 序号）", "Numbering ({year} year, {seq} sequence)")
SUBSIDIES = Group("补贴（元）", "Subsidies (yuan)")
GROUPS: tuple[Group, ...] = (GENERAL, QUOTAS, DEADLINES, NUMBERING, SUBSIDIES)


def _setting(default: Any, group: Group, label: str, english: str, alone: str = "") -> Any:
    """A setting's default, with its group and its label (Chinese, English) beside it.

    `alone`: the Chinese label where the group's title is not beside it (a refusal's
    message names the setting so); the label itself when not given."""
    metadata = {"group": group, "label": label, "english": english, "alone": alone or label}
    return field(default=default, metadata=metadata)


@dataclass
class Settings:
    subdistrict: str = _setting("莲花街道", GENERAL, "街道名称", "Sub-district")
    issuing_body: str = _setting("莲花街道办事处", GENERAL, "发文单位", "Issuing body")
    operator: str = _setting("管理员", GENERAL, "操作员", "Operator")
    language: str = _setting("zh_CN", GENERAL, "界面语言", "Language")
    quota_shifts_per_week: int = _setting(1, QUOTAS, "每周值班（次）", "Duty shifts per week")
    quota_hours_per_month: float = _setting(
        8.0, QUOTAS, "每月服务时长（小时）", "Service hours per month"
    )
    quota_lectures_per_quarter: int = _setting(
        1, QUOTAS, "每季度法治讲座（次）", "Lectures per quarter"
    )
    quota_publicity_per_year: int = _setting(
        1, QUOTAS, "每年大型法治宣传（次）", "Large publicity events per year"
    )
    mediation_days: int = _setting(30, DEADLINES, "调解期限", "Mediation period")
    confirmation_days: int = _setting(
        30, DEADLINES, "司法确认申请期限", "Judicial confirmation window"
    )
    petition_routing_days: int = _setting(15, DEADLINES, "信访分流期限", "Petition routing period")
    petition_handling_days: int = _setting(
        60, DEADLINES, "信访办理期限", "Petition handling period"
    )
    petition_extension_days: int = _setting(30, DEADLINES, "信访延期", "Petition extension")
    warn_days: int = _setting(5, DEADLINES, "提前提醒", "Warn ahead")  # "due soon" days ahead
    group_visit_max: int = _setting(  # representatives of a group visit
        5, DEADLINES, "集体访代表人数上限", "Group visit representatives (max)"
    )
    # numbering patterns: {year} and {seq}
    case_number_pattern: str = _setting(
        "莲调〔{year}〕第{seq}号", NUMBERING, "案件编号", "Case numbers", alone="案件编号格式"
    )
    petition_number_pattern: str = _setting(
        "莲访〔{year}〕第{seq}号", NUMBERING, "信访件编号", "Petition numbers", alone="信访编号格式"
    )
    subsidy_base_monthly: float = _setting(3000.0, SUBSIDIES, "每月基本补贴", "Monthly base")
    subsidy_per_case: float = _setting(300.0, SUBSIDIES, "一案一补（每件）", "Per mediation case")

    @classmethod
    def from_mapping(cls, values: dict) -> Settings:
        known = {f.name: f.type for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SettingField:
    """One setting as declared above: name, Python type, group and labels."""

    name: str
    type: type
    group: Group
    label: str
    english: str
    alone: str  # the label in a message, away from the group's title


_TYPES = get_type_hints(Settings)
# Every setting in declaration order (the settings dialog's order).
SETTING_FIELDS: tuple[SettingField, ...] = tuple(
    SettingField(f.name, _TYPES[f.name], **f.metadata) for f in fields(Settings)
)
