"""Program settings kept in the database (they travel with the data, not the PC).

Defaults come from the seed report: duty every week, 8 hours a month, a lecture a
quarter, a large publicity event a year; mediation within one month; judicial
confirmation within 30 days; petitions routed within 15 days and handled within 60
(+30). Window-only preferences (geometry, last tab) live in QSettings instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass
class Settings:
    subdistrict: str = "莲花街道"
    issuing_body: str = "莲花街道办事处"
    operator: str = "管理员"
    language: str = "zh_CN"
    # quotas (一社区一法律顾问)
    quota_shifts_per_week: int = 1
    quota_hours_per_month: float = 8.0
    quota_lectures_per_quarter: int = 1
    quota_publicity_per_year: int = 1
    # deadlines, in days
    mediation_days: int = 30
    confirmation_days: int = 30
    petition_routing_days: int = 15
    petition_handling_days: int = 60
    petition_extension_days: int = 30
    warn_days: int = 5  # "due soon" this many days ahead
    group_visit_max: int = 5  # representatives of a group visit
    # numbering patterns: {year} and {seq}
    case_number_pattern: str = "莲调〔{year}〕第{seq}号"
    petition_number_pattern: str = "莲访〔{year}〕第{seq}号"
    # subsidies, yuan
    subsidy_base_monthly: float = 3000.0
    subsidy_per_case: float = 300.0

    @classmethod
    def from_mapping(cls, values: dict) -> Settings:
        known = {f.name: f.type for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def as_dict(self) -> dict:
        return asdict(self)
