"""Every statistic the program has, declared once, in the order `stats --json` gives it.

Each `Statistic` says what it is called (Chinese label for tables and the terminal,
short label for narrow columns, English for an English screen), what it counts and
in which unit, whether it is money, how prose rounds it, and its definition: the
table(s) it is counted over and the SQL aggregate and row condition the store runs.
Everything that lists statistics derives from `STATISTICS`: the keys and labels of
`services.stats` (and so `stats` / `stats --json`), the grouped totals of
`store.report_queries` (per month and per community), the periodic report's columns,
the dashboard's figures panel, the annual report's sentences and appendix table and
the English of `ui/strings_en.py`.

Pure: SQL appears here only as text; the store builds and runs its queries from it.
Every figure counts records whose own date (`DATE_COLUMNS`) falls in the year.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a statistic is: the year asked for; a count of the register (not dated); a
# scalar figure over dated records; a breakdown (object: value → count); the quota
# shortfalls (object: community → periods).
KINDS = ("year", "register", "figure", "breakdown", "shortfalls")
# How prose writes the value: as it is (an integer); `number` (up to two decimals,
# '1234.5'); `wan` (money: '963.24万元（9632400元）', under 10,000 yuan '8500元').
ROUNDINGS = ("exact", "decimal", "wan")
UNITS = ("年", "个", "次", "小时", "人次", "场", "件", "起", "宗", "项", "元", "")

# The date column that puts a record of a table into a year or a period.
DATE_COLUMNS = {
    "shifts": "date",
    "services": "date",
    "events": "date",
    "cases": "received_date",
    "petitions": "registered_date",
}


@dataclass(frozen=True)
class Statistic:
    key: str  # the exact key of `stats --json`
    label: str  # Chinese: terminal output, report tables, the dashboard
    short_label: str  # narrow column heads (periodic report's per-community table); "" if none
    english: str  # the English screen (strings_en is built from it)
    unit: str  # what one of it is, as prose writes it after the number
    kind: str  # one of KINDS
    tables: tuple[str, ...] = ()  # counted over (summed when two)
    aggregate: str = ""  # SQL aggregate over a table's rows: 'count(*)', 'total(hours)'
    condition: str = ""  # SQL condition on a row ('' = every row dated in the year)
    group: str = ""  # breakdowns: the column counted per value
    money: bool = False  # yuan: shown as money on screen, as 万元 in prose
    rounding: str = "exact"  # one of ROUNDINGS
    narrow_label: str = ""  # the annual report's quota table, over a unit line
    computed: str = ""  # where it is worked out, when that is not one SQL aggregate

    @property
    def definition(self) -> str:
        """The definition as the year statistics run it (SQL over `tables`), or where
        it is computed."""
        if self.computed:
            return self.computed
        if self.group:
            return f"{self.aggregate} GROUP BY {self.group}"
        if self.condition:
            return f"{self.aggregate} FILTER (WHERE {self.condition})"
        return self.aggregate

    @property
    def table(self) -> str:
        return " + ".join(self.tables)


STATISTICS: tuple[Statistic, ...] = (
    Statistic("year", "年度", "", "Year", "年", "year", computed="the year asked for"),
    Statistic(
        "communities", "社区数", "", "Communities", "个", "register", ("communities",), "count(*)"
    ),
    Statistic(
        "duty_shifts",
        "值班次数",
        "值班",
        "Duty shifts",
        "次",
        "figure",
        ("shifts",),
        "count(*)",
        narrow_label="值班",
    ),
    Statistic(
        "service_hours",
        "服务时长（小时）",
        "服务时长",
        "Service hours",
        "小时",
        "figure",
        ("services",),
        "total(hours)",
        rounding="decimal",
        narrow_label="服务",
    ),
    Statistic(
        "consultations",
        "法律咨询人次",
        "咨询人次",
        "Consultations (persons)",
        "人次",
        "figure",
        ("services",),
        "total(persons)",
        "service_type = '法律咨询'",
        narrow_label="咨询",
    ),
    Statistic(
        "lectures",
        "法治讲座",
        "讲座",
        "Lectures",
        "次",
        "figure",
        ("events",),
        "count(*)",
        "event_type = '法治讲座'",
        narrow_label="讲座",
    ),
    Statistic(
        "publicity_events",
        "普法活动",
        "普法活动",
        "Publicity events",
        "场",
        "figure",
        ("events",),
        "count(*)",
    ),
    Statistic(
        "mediation_cases",
        "受理调解案件",
        "调解案件",
        "Mediation cases",
        "件",
        "figure",
        ("cases",),
        "count(*)",
    ),
    Statistic(
        "mediation_success",
        "调解成功",
        "调解成功",
        "Settled",
        "件",
        "figure",
        ("cases",),
        "count(*)",
        "status = '调解成功'",
    ),
    Statistic(
        "advisor_mediations",
        "法律顾问参与调解",
        "顾问参与",
        "With an advisor",
        "起",
        "figure",
        ("cases",),
        "count(*)",
        "advisor_id IS NOT NULL",
    ),
    Statistic(
        "labor_mediation_success",
        "劳资纠纷调解成功",
        "劳资成功",
        "Labour disputes settled",
        "件",
        "figure",
        ("cases",),
        "count(*)",
        "category = '劳资纠纷' AND status = '调解成功'",
    ),
    Statistic(
        "mediation_amount_recovered",
        "调解追回金额（元）",
        "调解追回",
        "Recovered in mediation (yuan)",
        "元",
        "figure",
        ("cases",),
        "total(amount_recovered)",
        money=True,
        rounding="wan",
    ),
    Statistic(
        "judicial_confirmations",
        "司法确认",
        "司法确认",
        "Judicial confirmations",
        "件",
        "figure",
        ("cases",),
        "count(*)",
        "judicial_confirmation = 1",
    ),
    Statistic(
        "petitions",
        "信访登记",
        "信访件",
        "Petitions",
        "宗",
        "figure",
        ("petitions",),
        "count(*)",
    ),
    Statistic(
        "petitions_legal_service",
        "信访件提供法律服务",
        "法律服务",
        "Petitions given legal service",
        "宗",
        "figure",
        ("petitions",),
        "count(*)",
        "legal_service = 1",
    ),
    Statistic(
        "petitions_guided_legal",
        "引导法律途径解决",
        "引导法律途径",
        "Guided to legal channels",
        "宗",
        "figure",
        ("petitions",),
        "count(*)",
        "guided_legal = 1",
    ),
    Statistic(
        "petition_amount_recovered",
        "信访追回金额（元）",
        "信访追回",
        "Recovered in petitions (yuan)",
        "元",
        "figure",
        ("petitions",),
        "total(amount_recovered)",
        money=True,
        rounding="wan",
    ),
    Statistic(
        "covid_disputes",
        "涉疫矛盾纠纷",
        "涉疫纠纷",
        "COVID-related disputes",
        "项",
        "figure",
        ("cases", "petitions"),
        "count(*)",
        "covid = 1",
    ),
    Statistic(
        "by_category",
        "调解案件按类别",
        "",
        "Mediation cases by category",
        "件",
        "breakdown",
        ("cases",),
        "count(*)",
        group="category",
    ),
    Statistic(
        "by_route",
        "信访按分流去向",
        "",
        "Petitions by route",
        "宗",
        "breakdown",
        ("petitions",),
        "count(*)",
        group="route",
    ),
    Statistic(
        "quota_shortfalls",
        "未达标情况",
        "",
        "Quota shortfalls",
        "",
        "shortfalls",
        ("shifts", "services", "events"),
        computed="domain.rules.shortfalls over the quota periods ended before today",
    ),
)

BY_KEY: dict[str, Statistic] = {s.key: s for s in STATISTICS}
KEYS: tuple[str, ...] = tuple(s.key for s in STATISTICS)
# The year's scalar figures over dated records (a dashboard, a summary table).
FIGURES: tuple[Statistic, ...] = tuple(s for s in STATISTICS if s.kind == "figure")
MONEY: tuple[Statistic, ...] = tuple(s for s in STATISTICS if s.money)


def statistic(key: str) -> Statistic:
    return BY_KEY[key]


def over(table: str) -> tuple[Statistic, ...]:
    """The figures counted over `table`, in declared order."""
    return tuple(s for s in FIGURES if table in s.tables)
