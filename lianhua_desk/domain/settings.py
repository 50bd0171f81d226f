"""Program settings kept in the database (they travel with the data, not the PC).

Defaults come from the seed report: duty every week, 8 hours a month, a lecture a
quarter, a large publicity event a year; mediation within one month; judicial
confirmation within 30 days; petitions routed within 15 days and handled within 60
(+30). Window-only preferences (geometry, last tab) live in QSettings instead.

Each setting's group and label (Chinese and English) are declared beside its default,
and, for a value with placeholders ({year}, {seq}), what each stands for; the settings
dialog and its English are built from SETTING_FIELDS and GROUPS.
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
NUMBERING = Group("编号格式", "Numbering")
SUBSIDIES = Group("补贴（元）", "Subsidies (yuan)")
GROUPS: tuple[Group, ...] = (GENERAL, QUOTAS, DEADLINES, NUMBERING, SUBSIDIES)


# The placeholders a numbering pattern may hold: what each stands for (Chinese,
# English) and the value the settings dialog's live example puts in.
PLACEHOLDERS = {
    "year": ("年份（如 2020）", "the year (e.g. 2020)", 2020),
    "seq": ("当年序号（如 12）", "the number within the year (e.g. 12)", 12),
}
NUMBER_HELP = "，".join(f"{{{k}}} {zh}" for k, (zh, _en, _v) in PLACEHOLDERS.items())
NUMBER_HELP_EN = "; ".join(f"{{{k}}} {en}" for k, (_zh, en, _v) in PLACEHOLDERS.items())

# The live example under such a setting (Chinese, English): the value filled in, or why not.
EXAMPLE_LINE = ("例：{example}", "e.g. {example}")
NO_EXAMPLE = (
    "无法生成示例：只可用 {year}、{seq}，花括号须成对",
    "No example: use only {year} and {seq}, braces in pairs",
)


def placeholder_example(pattern: str) -> str:
    """The pattern filled with the example values: '莲调〔2020〕第12号'; '' if it does not
    fill (an unknown placeholder, an unpaired brace)."""
    try:
        return pattern.format(**{k: v for k, (_zh, _en, v) in PLACEHOLDERS.items()})
    except (KeyError, IndexError, ValueError):
        return ""


# The operator's name until the clerk sets one: not a person, so no document prints
# it where a person signs (制表人, 立卷人).
DEFAULT_OPERATOR = "管理员"


def signer(operator: str | None) -> str:
    """The name a document prints where the operator signs: '' (a line to sign on)
    while the operator is still the default '管理员'."""
    name = (operator or "").strip()
    return "" if name == DEFAULT_OPERATOR else name


def _setting(
    default: Any,
    group: Group,
    label: str,
    english: str,
    alone: str = "",
    help: str = "",
    help_en: str = "",
    example: bool = False,
) -> Any:
    """A setting's default, with its group and its label (Chinese, English) beside it.

    `alone`: the Chinese label where the group's title is not beside it (a refusal's
    message names the setting so); the label itself when not given. `help`/`help_en`:
    what the value means (its placeholders), shown under it in the settings dialog;
    `example`: the dialog also shows the value filled in (placeholder_example)."""
    metadata = {
        "group": group,
        "label": label,
        "english": english,
        "alone": alone or label,
        "help": help,
        "help_en": help_en,
        "example": example,
    }
    return field(default=default, metadata=metadata)


@dataclass
class Settings:
    subdistrict: str = _setting("莲花街道", GENERAL, "街道名称", "Sub-district")
    issuing_body: str = _setting("莲花街道办事处", GENERAL, "发文单位", "Issuing body")
    operator: str = _setting(
        DEFAULT_OPERATOR,
        GENERAL,
        "操作员",
        "Operator",
        help="印在文书的制表人、立卷人处；仍为“管理员”时留空，由经办人手签",
        help_en="Printed as the preparer (制表人, 立卷人) on documents; "
        "left blank to sign by hand while it is 管理员",
    )
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
        "莲调〔{year}〕第{seq}号",
        NUMBERING,
        "案件编号",
        "Case numbers",
        alone="案件编号格式",
        help=NUMBER_HELP,
        help_en=NUMBER_HELP_EN,
        example=True,
    )
    petition_number_pattern: str = _setting(
        "莲访〔{year}〕第{seq}号",
        NUMBERING,
        "信访件编号",
        "Petition numbers",
        alone="信访编号格式",
        help=NUMBER_HELP,
        help_en=NUMBER_HELP_EN,
        example=True,
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
    help: str  # what the value means, its placeholders ('' when nothing to explain)
    help_en: str
    example: bool  # the dialog shows the value filled in (a numbering pattern)


_TYPES = get_type_hints(Settings)
# Every setting in declaration order (the settings dialog's order).
SETTING_FIELDS: tuple[SettingField, ...] = tuple(
    SettingField(f.name, _TYPES[f.name], **f.metadata) for f in fields(Settings)
)
