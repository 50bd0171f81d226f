"""Every entity's fields, declared once.

The database columns, the exchange workbook's sheets and drop-downs, the import
validation, the table-view columns and the edit forms are all derived from the
tables below. Adding a field is one edit here (plus a migration only when an
existing column changes meaning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Kind(Enum):
    """How a value is parsed, stored and shown."""

    TEXT = "text"
    LONGTEXT = "longtext"  # multi-line text in forms
    INT = "int"
    HOURS = "hours"  # REAL, 0–24
    MONEY = "money"  # REAL yuan, ≥ 0
    DATE = "date"  # TEXT 'YYYY-MM-DD'
    TIME = "time"  # TEXT 'HH:MM'
    BOOL = "bool"  # INTEGER 0/1; 是/否 on screen and in workbooks
    ENUM = "enum"  # TEXT, one of Field.choices
    ID_NUMBER = "id_number"  # mainland resident ID, GB 11643 check digit
    # Any identity document's or organisation's number: normalised here, checked against
    # its type (the record's id_type) by domain/identity.py.
    DOCUMENT_NO = "document_no"
    PHONE = "phone"  # mobile or landline with area code
    REF = "ref"  # TEXT id of another entity, shown and exchanged by name


SQL_TYPES = {
    Kind.INT: int,
    Kind.HOURS: float,
    Kind.MONEY: float,
    Kind.BOOL: int,
}


@dataclass(frozen=True)
class Field:
    name: str  # column name in the database
    label: str  # Chinese label: exchange header, form label
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    personal: bool = False  # masked in reports and on `export --mask`
    ref: str | None = None  # entity name for Kind.REF
    # A text field holding another entity's number (its natural key): a link by number,
    # not a foreign key. Deleting the linked record must say so (services.records).
    links_to: str | None = None
    minimum: int | None = None
    label_en: str = ""
    indexed: bool = False  # filterable or sortable in lists at scale
    searchable: bool = False  # part of the keyword search text
    default: Any = None  # value a new record gets when the field is left out

    @property
    def sql_type(self) -> type:
        return SQL_TYPES.get(self.kind, str)


# Internal columns every entity table carries besides its declared fields.
INTERNAL_COLUMNS: dict[str, type] = {
    "id": str,  # UUID
    "updated_at": str,  # 'YYYY-MM-DD HH:MM:SS', local time of the last change
    "synced_at": str,  # updated_at of the version last exchanged (conflict detection)
    # 'local', 'demo', or 'import:<n>' for the import that last wrote it. (Not "source":
    # that is a declared field of mediation cases, 案件来源.)
    "origin": str,
}


@dataclass(frozen=True)
class Entity:
    name: str  # table name
    sheet: str  # exchange sheet name (Chinese)
    label_en: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...]
    date_field: str | None = None  # the record's own date, used for "in year Y"
    has_record_id: bool = True  # communities are keyed by name in workbooks
    display: str = "name"  # field that names a record to a person
    # No two records share a natural key: the form (services.records.check_unique) and
    # an import (exchange.plan) refuse a duplicate. A key with a blank part is no key.
    unique: bool = False
    # The database enforces `unique` too, with a UNIQUE index (store.schema_sync). Only
    # where it always has: older databases may hold keys an import let in twice.
    unique_index: bool = False
    # A record that belongs to another (a party to its case): the REF field naming the
    # owner. Deleting the owner deletes its parts with it (services.records.delete), an
    # export of a year takes the parts of that year's owners (a party has no date).
    parent: str | None = None
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        clash = set(self.by_name) & set(INTERNAL_COLUMNS)
        if clash or len(self.by_name) != len(self.fields):
            raise ValueError(f"{self.name}: duplicate or reserved field names {clash}")
        if (self.unique and not self.natural_key) or (self.unique_index and not self.unique):
            raise ValueError(f"{self.name}: a unique key needs a natural key (and unique)")
        if self.parent is not None and self.by_name[self.parent].kind is not Kind.REF:
            raise ValueError(f"{self.name}: the parent field must be a reference")

    def field(self, name: str) -> Field:
        return self.by_name[name]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]

    def defaults(self) -> dict[str, Any]:
        return {f.name: f.default for f in self.fields if f.default is not None}


# --- enumerations (values exactly as in spec/exchange-format.md) ---
# Each value is declared with its English (as an English screen shows it); a field's
# choices are the Chinese values, CHOICES_EN maps each to its English.

CHOICES_EN: dict[str, str] = {}


def _choices(*pairs: tuple[str, str]) -> tuple[str, ...]:
    """An enumeration's values from (中文, English) pairs; the English kept in CHOICES_EN.
    A value in several enumerations (其他, 劳资纠纷 …) has one English."""
    for chinese, english in pairs:
        if CHOICES_EN.setdefault(chinese, english) != english:
            raise ValueError(f"{chinese}: two English names ({CHOICES_EN[chinese]}, {english})")
    return tuple(chinese for chinese, _english in pairs)


ADVISOR_STATUS = _choices(
    ("在聘", "Engaged"),
    ("解聘", "Dismissed"),
)

SHIFT_STATUS = _choices(
    ("计划", "Planned"),
    ("已到岗", "Present"),
    ("缺勤", "Absent"),
    ("调班", "Swapped"),
)

SERVICE_MODE = _choices(
    ("现场", "On site"),
    ("非现场", "Off site"),
)

SERVICE_TYPE = _choices(
    ("坐班值守", "Office hours"),
    ("法律咨询", "Legal consultation"),
    ("合同审查", "Contract review"),
    ("参与调解", "Mediation"),
    ("法律援助", "Legal aid"),
    ("法治宣传", "Publicity"),
    ("其他", "Other"),
)

EVENT_TYPE = _choices(
    ("法治讲座", "Law lecture"),
    ("大型法治宣传", "Large publicity event"),
    ("线上普法", "Online publicity"),
    ("其他", "Other"),
)

EVENT_AUDIENCE = _choices(
    ("居民", "Residents"),
    ("企业", "Businesses"),
    ("学校师生", "Schools"),
    ("干部", "Officials"),
    ("其他", "Other"),
)

MEDIATION_BODY = _choices(
    ("社区人民调解委员会", "Community mediation committee"),
    ("街道人民调解委员会", "Street mediation committee"),
    ("住房领域专业调解委员会", "Housing mediation committee"),
    ("劳资纠纷专业调解委员会", "Labour mediation committee"),
)

DISPUTE_CATEGORY = _choices(
    ("婚姻家庭", "Marriage & family"),
    ("邻里纠纷", "Neighbours"),
    ("房屋租赁", "Tenancy"),
    ("物业纠纷", "Property management"),
    ("合同纠纷", "Contract"),
    ("劳资纠纷", "Labour"),
    ("工伤赔偿", "Work injury"),
    ("损害赔偿", "Damages"),
    ("消费纠纷", "Consumer"),
    ("医疗纠纷", "Medical"),
    ("道路交通", "Road traffic"),
    ("其他", "Other"),
)

CASE_SOURCE = _choices(
    ("当事人申请", "Party's application"),
    ("主动调解", "Own initiative"),
    ("委托移送", "Referred"),
    ("信访转入", "From petition"),
)

CASE_STATUS = _choices(
    ("已受理", "Received"),
    ("调解中", "Mediating"),
    ("调解成功", "Settled"),
    ("调解不成功", "Not settled"),
    ("已终止", "Terminated"),
)

PERFORMANCE = _choices(
    ("未履行", "Not performed"),
    ("履行中", "Being performed"),
    ("已履行", "Performed"),
)

AGREEMENT_FORM = _choices(
    ("书面协议", "Written agreement"),
    ("口头协议", "Oral agreement"),
)

PARTY_ROLE = _choices(
    ("申请人", "Applicant"),
    ("被申请人", "Respondent"),
    ("第三人", "Third party"),
)

# The standard forms (司法部 2010 人民调解文书格式) distinguish a natural person from
# "法人或其他组织" only: the two have different particulars.
PARTY_TYPE = _choices(
    ("自然人", "Natural person"),
    ("法人或其他组织", "Organisation"),
)

GENDER = _choices(
    ("男", "Male"),
    ("女", "Female"),
)

# Identity documents of a person, then the organisation's code (domain/identity.py
# checks each one's own format).
ID_TYPE = _choices(
    ("居民身份证", "Resident ID card"),
    ("港澳台居民居住证", "HK/Macao/Taiwan residence permit"),
    ("港澳居民来往内地通行证", "Home-return permit"),
    ("台湾居民来往大陆通行证", "Taiwan compatriot permit"),
    ("外国人永久居留身份证", "Foreigner permanent residence ID"),
    ("护照", "Passport"),
    ("统一社会信用代码", "Unified social credit code"),
)

CASE_RECORD_KIND = _choices(
    ("调查记录", "Investigation"),
    ("调解记录", "Mediation session"),
)

VISIT_METHOD = _choices(
    ("电话回访", "By phone"),
    ("上门回访", "In person"),
    ("其他", "Other"),
)

SATISFACTION = _choices(
    ("满意", "Satisfied"),
    ("基本满意", "Mostly satisfied"),
    ("不满意", "Dissatisfied"),
)

PETITION_CHANNEL = _choices(
    ("来访", "Visit"),
    ("来信", "Letter"),
    ("来电", "Phone call"),
    ("12345热线", "12345 hotline"),
    ("投诉举报电话", "Complaints line"),
    ("社区摸排", "Community survey"),
    ("网上信访", "Online petition"),
)

PETITION_CATEGORY = _choices(
    ("劳资纠纷", "Labour"),
    ("房屋租赁", "Tenancy"),
    ("物业纠纷", "Property management"),
    ("征地拆迁", "Land & demolition"),
    ("婚姻家庭", "Marriage & family"),
    ("邻里纠纷", "Neighbours"),
    ("其他", "Other"),
)

SCREENING = _choices(
    ("法律途径", "Legal channel"),
    ("信访途径", "Petition channel"),
    ("心理疏导", "Counselling"),
    ("不予受理", "Not accepted"),
)

ROUTE = _choices(
    ("诉讼", "Litigation"),
    ("劳动仲裁", "Labour arbitration"),
    ("行政复议", "Administrative review"),
    ("人民调解", "People's mediation"),
    ("公安机关", "Police"),
    ("检察机关", "Procuratorate"),
    ("信访程序", "Petition procedure"),
    ("心访工作室", "Counselling studio"),
    ("其他", "Other"),
)

PETITION_STATUS = _choices(
    ("已登记", "Registered"),
    ("已分流", "Routed"),
    ("办理中", "In hand"),
    ("已办结", "Concluded"),
)

K = Kind

COMMUNITY = Entity(
    name="communities",
    sheet="社区",
    label_en="Communities",
    has_record_id=False,
    natural_key=("name",),
    unique=True,
    unique_index=True,
    fields=(
        Field("name", "社区名称", required=True, label_en="Community", searchable=True),
        Field("code", "社区编码", label_en="Code"),
        Field("note", "备注", K.LONGTEXT, label_en="Note"),
    ),
)

ADVISOR = Entity(
    name="advisors",
    sheet="法律顾问",
    label_en="Legal advisors",
    natural_key=("name", "firm"),
    unique=True,
    unique_index=True,
    fields=(
        Field("name", "姓名", required=True, label_en="Name", indexed=True, searchable=True),
        Field("firm", "律师事务所", required=True, label_en="Law firm", searchable=True),
        Field("licence_no", "执业证号", label_en="Licence no."),
        Field("mobile", "手机号", K.PHONE, personal=True, label_en="Mobile"),
        Field(
            "community_id",
            "服务社区",
            K.REF,
            required=True,
            ref="communities",
            label_en="Community served",
            indexed=True,
        ),
        Field("contract_start", "聘期开始", K.DATE, label_en="Contract start"),
        Field("contract_end", "聘期结束", K.DATE, label_en="Contract end"),
        Field("assistant", "顾问助理", label_en="Assistant", searchable=True),
        Field("status", "状态", K.ENUM, choices=ADVISOR_STATUS, label_en="Status", default="在聘"),
    ),
)

SHIFT = Entity(
    name="shifts",
    sheet="值班安排",
    label_en="Duty roster",
    natural_key=("community_id", "advisor_id", "date", "start_time"),
    unique=True,
    date_field="date",
    display="date",
    fields=(
        Field(
            "community_id",
            "社区",
            K.REF,
            required=True,
            ref="communities",
            indexed=True,
            label_en="Community",
        ),
        Field(
            "advisor_id",
            "法律顾问",
            K.REF,
            required=True,
            ref="advisors",
            indexed=True,
            label_en="Advisor",
        ),
        Field("date", "日期", K.DATE, required=True, indexed=True, label_en="Date"),
        Field("start_time", "开始时间", K.TIME, label_en="Start"),
        Field("end_time", "结束时间", K.TIME, label_en="End"),
        Field("location", "值班地点", label_en="Location"),
        Field(
            "status",
            "状态",
            K.ENUM,
            choices=SHIFT_STATUS,
            indexed=True,
            label_en="Status",
            default="计划",
        ),
        Field("note", "备注", K.LONGTEXT, label_en="Note"),
    ),
)

SERVICE = Entity(
    name="services",
    sheet="服务台账",
    label_en="Service ledger",
    natural_key=(),
    date_field="date",
    display="summary",
    fields=(
        Field(
            "community_id",
            "社区",
            K.REF,
            required=True,
            ref="communities",
            indexed=True,
            label_en="Community",
        ),
        Field(
            "advisor_id",
            "法律顾问",
            K.REF,
            required=True,
            ref="advisors",
            indexed=True,
            label_en="Advisor",
        ),
        Field("date", "日期", K.DATE, required=True, indexed=True, label_en="Date"),
        Field("mode", "服务方式", K.ENUM, required=True, choices=SERVICE_MODE, label_en="Mode"),
        Field(
            "service_type",
            "服务类型",
            K.ENUM,
            required=True,
            choices=SERVICE_TYPE,
            indexed=True,
            label_en="Type",
        ),
        Field("hours", "时长", K.HOURS, required=True, label_en="Hours"),
        Field("persons", "服务人次", K.INT, minimum=0, label_en="Persons served"),
        Field("summary", "内容摘要", K.LONGTEXT, label_en="Summary", searchable=True),
    ),
)

EVENT = Entity(
    name="events",
    sheet="普法活动",
    label_en="Publicity events",
    natural_key=(),
    date_field="date",
    display="topic",
    fields=(
        Field(
            "community_id",
            "社区",
            K.REF,
            required=True,
            ref="communities",
            indexed=True,
            label_en="Community",
        ),
        Field("date", "日期", K.DATE, required=True, indexed=True, label_en="Date"),
        Field(
            "event_type",
            "活动类型",
            K.ENUM,
            required=True,
            choices=EVENT_TYPE,
            indexed=True,
            label_en="Type",
        ),
        Field("topic", "主题", required=True, label_en="Topic", searchable=True),
        Field("audience", "对象", K.ENUM, choices=EVENT_AUDIENCE, label_en="Audience"),
        Field("speaker_id", "主讲人", K.REF, ref="advisors", label_en="Speaker"),
        Field("attendance", "参加人数", K.INT, minimum=0, label_en="Attendance"),
        Field("online_reach", "线上受众", K.INT, minimum=0, label_en="Online reach"),
    ),
)

CASE = Entity(
    name="cases",
    sheet="调解案件",
    label_en="Mediation cases",
    natural_key=("case_no",),
    unique=True,
    unique_index=True,
    date_field="received_date",
    display="case_no",
    fields=(
        Field(
            "case_no", "案件编号", required=True, label_en="Case no.", indexed=True, searchable=True
        ),
        Field(
            "received_date", "受理日期", K.DATE, required=True, indexed=True, label_en="Received"
        ),
        Field(
            "community_id",
            "社区",
            K.REF,
            required=True,
            ref="communities",
            indexed=True,
            label_en="Community",
        ),
        Field(
            "body",
            "调解组织",
            K.ENUM,
            required=True,
            choices=MEDIATION_BODY,
            label_en="Mediation body",
        ),
        Field(
            "category",
            "纠纷类别",
            K.ENUM,
            required=True,
            choices=DISPUTE_CATEGORY,
            indexed=True,
            label_en="Category",
        ),
        Field("source", "案件来源", K.ENUM, choices=CASE_SOURCE, label_en="Source"),
        # The names of the case's 申请人 / 被申请人 (当事人 records), joined with 、: kept
        # in step by services/parties.py. Lists, search and the workbook show them; a
        # form or an import that gives a name here registers or renames that party.
        Field(
            "applicant",
            "申请人",
            required=True,
            label_en="Applicant",
            indexed=True,
            searchable=True,
        ),
        Field("respondent", "被申请人", label_en="Respondent", indexed=True, searchable=True),
        Field("amount_disputed", "争议金额", K.MONEY, label_en="Amount in dispute"),
        Field("mediator", "调解员", label_en="Mediator", searchable=True),
        Field("advisor_id", "法律顾问", K.REF, ref="advisors", indexed=True, label_en="Advisor"),
        Field(
            "status",
            "状态",
            K.ENUM,
            required=True,
            choices=CASE_STATUS,
            indexed=True,
            label_en="Status",
            default="已受理",
        ),
        Field("closed_date", "结案日期", K.DATE, label_en="Closed"),
        Field("performance", "履行情况", K.ENUM, choices=PERFORMANCE, label_en="Performance"),
        Field("amount_recovered", "追回金额", K.MONEY, label_en="Recovered"),
        Field("judicial_confirmation", "司法确认", K.BOOL, label_en="Judicial confirmation"),
        Field("covid", "涉疫", K.BOOL, label_en="COVID-related"),
        Field("summary", "案情摘要", K.LONGTEXT, label_en="Facts", searchable=True),
        Field("agreement", "协议内容", K.LONGTEXT, label_en="Agreement"),
        # The agreement's other parts (人民调解法 Art. 29): the facts are `summary`.
        Field("disputed_issues", "争议事项", K.LONGTEXT, label_en="Issues in dispute"),
        Field("responsibilities", "各方责任", K.LONGTEXT, label_en="Responsibilities"),
        Field(
            "agreement_form", "协议形式", K.ENUM, choices=AGREEMENT_FORM, label_en="Agreement form"
        ),
        Field("amount_agreed", "协议金额", K.MONEY, label_en="Amount agreed"),
        Field("performance_method", "履行方式", label_en="Way of performance"),
        Field("performance_deadline", "履行期限", K.DATE, label_en="Performance deadline"),
        Field("other_terms", "其他事项", K.LONGTEXT, label_en="Other terms"),
        # The mediation period extended with the parties' consent (人民调解法 Art. 26
        # leaves the period to the committee; the settings hold it).
        Field("extended_until", "延长调解期限至", K.DATE, label_en="Period extended to"),
        Field("extension_consent", "延期经当事人同意", K.BOOL, label_en="Extension consented"),
        Field("confirmation_court", "司法确认法院", label_en="Confirming court"),
        Field("confirmation_applied", "司法确认申请日期", K.DATE, label_en="Confirmation applied"),
        Field("confirmation_ruling", "司法确认裁定", label_en="Confirmation ruling"),
    ),
)

# The case a party, a record or a visit belongs to (their Entity.parent).
CASE_REF = Field(
    "case_id", "案件编号", K.REF, required=True, ref="cases", indexed=True, label_en="Case no."
)

PARTY = Entity(
    name="parties",
    sheet="当事人",
    label_en="Parties",
    natural_key=("case_id", "role", "name"),
    parent="case_id",
    fields=(
        CASE_REF,
        Field(
            "role", "身份", K.ENUM, required=True, choices=PARTY_ROLE, indexed=True, label_en="Role"
        ),
        Field(
            "party_type",
            "当事人类型",
            K.ENUM,
            required=True,
            choices=PARTY_TYPE,
            label_en="Party type",
            default="自然人",
        ),
        Field("name", "姓名或名称", required=True, indexed=True, searchable=True, label_en="Name"),
        Field("gender", "性别", K.ENUM, choices=GENDER, label_en="Gender"),
        Field("ethnicity", "民族", label_en="Ethnicity"),
        Field("birth_date", "出生日期", K.DATE, personal=True, label_en="Date of birth"),
        Field("occupation", "职业或职务", label_en="Occupation"),
        Field("address", "住址或住所", personal=True, label_en="Address"),
        Field("phone", "联系电话", K.PHONE, personal=True, label_en="Phone"),
        Field("id_type", "证件类型", K.ENUM, choices=ID_TYPE, label_en="Document type"),
        Field(
            "id_no",
            "证件号码",
            K.DOCUMENT_NO,
            personal=True,
            indexed=True,
            label_en="Document no.",
        ),
        Field("legal_rep", "法定代表人或负责人", label_en="Legal representative"),
        Field("legal_rep_title", "法定代表人职务", label_en="Representative's title"),
        Field("agent", "委托代理人", label_en="Authorised agent"),
        Field("agent_phone", "代理人电话", K.PHONE, personal=True, label_en="Agent's phone"),
    ),
)

CASE_RECORD = Entity(
    name="case_records",
    sheet="调查调解记录",
    label_en="Investigation and session records",
    natural_key=(),
    date_field="date",
    display="date",
    parent="case_id",
    fields=(
        CASE_REF,
        Field(
            "kind",
            "记录类型",
            K.ENUM,
            required=True,
            choices=CASE_RECORD_KIND,
            label_en="Kind",
        ),
        Field("date", "日期", K.DATE, required=True, indexed=True, label_en="Date"),
        Field("place", "地点", label_en="Place"),
        Field("participants", "参加人员", label_en="Present"),
        Field("recorder", "记录人", label_en="Recorded by"),
        Field("content", "记录内容", K.LONGTEXT, required=True, label_en="Record"),
    ),
)

VISIT = Entity(
    name="visits",
    sheet="回访记录",
    label_en="Return visits",
    natural_key=(),
    date_field="date",
    display="date",
    parent="case_id",
    fields=(
        CASE_REF,
        Field("date", "回访日期", K.DATE, required=True, indexed=True, label_en="Date"),
        Field("visitor", "回访人", required=True, label_en="Visited by"),
        Field("method", "回访方式", K.ENUM, required=True, choices=VISIT_METHOD, label_en="Method"),
        Field("performance", "履行情况", K.ENUM, choices=PERFORMANCE, label_en="Performance"),
        Field(
            "satisfaction", "当事人满意度", K.ENUM, choices=SATISFACTION, label_en="Satisfaction"
        ),
        Field("content", "回访情况", K.LONGTEXT, label_en="Findings"),
    ),
)

PETITION = Entity(
    name="petitions",
    sheet="信访登记",
    label_en="Petitions",
    natural_key=("petition_no",),
    unique=True,
    unique_index=True,
    date_field="registered_date",
    display="petition_no",
    fields=(
        Field(
            "petition_no",
            "信访编号",
            required=True,
            label_en="Petition no.",
            indexed=True,
            searchable=True,
        ),
        Field(
            "registered_date",
            "登记日期",
            K.DATE,
            required=True,
            indexed=True,
            label_en="Registered",
        ),
        Field(
            "channel",
            "来源渠道",
            K.ENUM,
            required=True,
            choices=PETITION_CHANNEL,
            indexed=True,
            label_en="Channel",
        ),
        Field(
            "petitioner",
            "信访人",
            required=True,
            label_en="Petitioner",
            indexed=True,
            searchable=True,
        ),
        Field("id_no", "证件号", K.ID_NUMBER, personal=True, label_en="ID no.", indexed=True),
        Field("phone", "电话", K.PHONE, personal=True, label_en="Phone"),
        Field("headcount", "人数", K.INT, minimum=1, label_en="Headcount", default=1),
        Field("community_id", "社区", K.REF, ref="communities", indexed=True, label_en="Community"),
        Field(
            "subject", "事项摘要", K.LONGTEXT, required=True, label_en="Subject", searchable=True
        ),
        Field(
            "category",
            "问题类别",
            K.ENUM,
            choices=PETITION_CATEGORY,
            indexed=True,
            label_en="Category",
        ),
        Field("screening", "甄别结论", K.ENUM, choices=SCREENING, label_en="Screening"),
        Field("route", "分流去向", K.ENUM, choices=ROUTE, indexed=True, label_en="Route"),
        Field("legal_service", "提供法律服务", K.BOOL, label_en="Legal service provided"),
        Field("guided_legal", "引导法律途径", K.BOOL, label_en="Guided to legal channel"),
        Field("receiving_unit", "接收单位", label_en="Receiving unit"),
        Field("case_no", "转入调解案件编号", label_en="Linked case no.", links_to="cases"),
        Field(
            "status",
            "状态",
            K.ENUM,
            required=True,
            choices=PETITION_STATUS,
            indexed=True,
            label_en="Status",
            default="已登记",
        ),
        Field("concluded_date", "办结日期", K.DATE, label_en="Concluded"),
        Field("amount_recovered", "追回金额", K.MONEY, label_en="Recovered"),
        Field("covid", "涉疫", K.BOOL, label_en="COVID-related"),
        Field("handling", "办理情况", K.LONGTEXT, label_en="Handling", searchable=True),
    ),
)

# Order matters: referenced entities come before the ones that reference them.
ENTITIES: tuple[Entity, ...] = (
    COMMUNITY,
    ADVISOR,
    SHIFT,
    SERVICE,
    EVENT,
    CASE,
    PARTY,
    CASE_RECORD,
    VISIT,
    PETITION,
)
BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
BY_SHEET: dict[str, Entity] = {e.sheet: e for e in ENTITIES}


def entity(name: str) -> Entity:
    return BY_NAME[name]
