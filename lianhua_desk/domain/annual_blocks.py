"""The annual report's 一、主要举措 as the seed lays it out, declared once: four parts
（一）–（四）, each with its numbered items. Every item is a text block the clerk keeps
(services/annual_report.py stores it per year); its default draft follows the seed's
manner — the measure first, the year's figures woven in — with each figure written
as a placeholder `{statistic_key}` (domain/statistics.py) that the report replaces by
the year's value, rounded for prose (domain/prose_numbers.py).

Every sentence names what its figure counts: `社区法律顾问参与调解{advisor_mediations}`
(cases an advisor took part in), `各级人民调解组织调解成功劳资纠纷{labor_mediation_success}`
(labour cases settled, by any mediator) — never a count that reads as a part of
another it is not part of. Items the records say nothing about (组织保障 …) start from
the seed's wording without figures, for the clerk to make true of the year.

Drafts say 今年以来 rather than 全年, which is true of a running year too.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .statistics import BY_KEY

# The statistics a block may name: a scalar value of the year (not a breakdown).
PLACEHOLDER_KINDS = ("register", "figure")
ALLOWED: tuple[str, ...] = tuple(k for k, s in BY_KEY.items() if s.kind in PLACEHOLDER_KINDS)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str  # '（一）落实四个保障，夯实法治建设工作基础'


@dataclass(frozen=True)
class Block:
    key: str
    section: str  # Section.key
    lead: str  # '1、组织保障。'
    draft: str  # the default text, with {statistic_key} placeholders


SECTIONS: tuple[Section, ...] = (
    Section("guarantees", "（一）落实四个保障，夯实法治建设工作基础"),
    Section("system", "（二）完善工作体系，深入推进城市精细化管理"),
    Section("functions", "（三）优化政府职能，提升社会治理法治化水平"),
    Section("resolution", "（四）推行多元化解，助力“枫桥经验”落地扎根"),
)

BLOCKS: tuple[Block, ...] = (
    Block(
        "organisation",
        "guarantees",
        "1、组织保障。",
        "街道高度重视法治建设工作，从街道到各社区，指派专人负责此项工作。街道党工委定期召开专题会议"
        "听取工作汇报，对工作过程中的重点、难点问题进行研判、处置。同时街道司法所定期到各社区指导"
        "检查工作开展，形成上下联动、齐抓共建的工作格局。",
    ),
    Block(
        "rules",
        "guarantees",
        "2、制度保障。",
        "健全“一社区一法律顾问”工作制度，规范社区法律顾问的职责范围和服务模式，明确每周要有律师"
        "坐班，每月要有现场与非现场服务，每季度要有法治讲座，每年重要节点要有大型法治宣传。建立"
        "工作台账制度，通过定期检查各社区工作台账进行监督。",
    ),
    Block(
        "funding",
        "guarantees",
        "3、经费保障。",
        "设立专项经费，将社区法律顾问补贴、人民调解和法治宣传经费等纳入街道财政预算，确保各社区"
        "法治宣传有资料、法治培训有教材、律师坐班有补贴。落实上级“一案一补”方案，激励顾问律师"
        "积极参与社区调解。",
    ),
    Block(
        "expertise",
        "guarantees",
        "4、专业保障。",
        "除上级组织培训外，街道同时组织开展法律知识培训和业务知识培训，着力提升社区法律顾问、"
        "社区专职人员的业务能力和服务意识，确保全街道法治建设工作稳步推进。",
    ),
    Block(
        "responsibility",
        "system",
        "1、完善责任体系。",
        "一是落实党政主要负责人履行推进法治建设第一责任人职责，对法治建设工作亲自部署、亲自督查；"
        "二是建立健全普法责任清单，各部门根据业务范围明确普法任务、宣传内容，与业务工作同步部署、"
        "同步检查、同步落实；三是强化“谁执法谁普法”工作责任制，坚持处罚与教育相结合，依法实施"
        "行政处罚。",
    ),
    Block(
        "publicity",
        "system",
        "2、完善普法体系。",
        "一是以空间为依托推动辖区法治文化建设；二是以网络为平台有效回应群众法律需求，采用线上线下"
        "并行的方式扩大普法受众面。今年以来，辖区各社区共开展各类普法活动{publicity_events}，"
        "其中法治讲座{lectures}。",
    ),
    Block(
        "services",
        "system",
        "3、完善服务体系。",
        "落实“一社区一法律顾问”机制，街道与律师事务所签订社区法律顾问合同，由律师事务所向各社区"
        "指派律师，为社区提供法律咨询、法律宣传、法律援助、人民调解等专业服务，使群众不出社区便能"
        "享受法律服务。今年以来，社区法律顾问在{communities}社区值班{duty_shifts}，"
        "提供现场与非现场服务{service_hours}，提供法律咨询服务{consultations}，"
        "参与调解{advisor_mediations}。",
    ),
    Block(
        "party",
        "functions",
        "1、坚持发挥党建引领。",
        "进一步健全党领导下居委会、业委会、物业公司“三位一体”协同治理机制，以党建引领物业管理；"
        "以社区党委为指引，深化“一社区一法官、检察官、法律顾问”以案释法机制，形成长效机制。",
    ),
    Block(
        "deliberation",
        "functions",
        "2、坚持居民参与议事。",
        "搭建有律师参与的议事平台，引导社区居民遇事民主协商、依法维权，由律师提供法律咨询并对"
        "议事内容进行审核，确保议事会在法律框架下开展，使基层民主决策不偏离法律方向。",
    ),
    Block(
        "co_governance",
        "functions",
        "3、坚持多元主体共治。",
        "扩宽社会主体参与度，主动与高校、辖区律所合作，引入专业团队为街道工作提供参考性意见；"
        "广纳社会治理类项目，帮助居民疏导化解矛盾，防范社会事件升级，降低社会风险。",
    ),
    Block(
        "platform",
        "resolution",
        "1、抓纠纷化解平台建立。",
        "建立诉访分离机制，依托访前法律工作室依法开展信访件前端甄别、分流、引导，推动群众依法维权，"
        "有效扭转“信访不信法”观念。今年以来，街道共登记信访件{petitions}，其中"
        "{petitions_legal_service}获得法律服务，{petitions_guided_legal}引导通过法律途径解决，"
        "信访件办理中追回款项{petition_amount_recovered}。",
    ),
    Block(
        "mediation",
        "resolution",
        "2、抓调解“模式”引入。",
        "按照“预防在先、发现在早、控制得住、化解得了”的原则，对风险隐患提前介入；完善行业性专业性"
        "调解机制，引入分级调解模式，将司法确认延伸至社区，真正做到“小事不出社区，大事不出街道”。"
        "今年以来，各级人民调解组织共受理矛盾纠纷{mediation_cases}，调解成功{mediation_success}，"
        "其中劳资纠纷调解成功{labor_mediation_success}，调解中追回款项{mediation_amount_recovered}；"
        "调解协议经司法确认的{judicial_confirmations}。",
    ),
    Block(
        "covid",
        "resolution",
        "3、抓涉疫纠纷化解。",
        "随着疫情防控形势变化，主动开展涉疫矛盾纠纷排查化解工作，延伸12345电话平台、街道投诉举报"
        "电话及社区摸排等渠道，主动摸排辖区涉疫矛盾纠纷，抓早抓小化解。今年以来，调解案件和信访件中"
        "涉疫矛盾纠纷共{covid_disputes}。",
    ),
)

BY_KEY_BLOCK: dict[str, Block] = {b.key: b for b in BLOCKS}
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def placeholders(text: str) -> list[str]:
    """The `{key}` placeholders of a block's text, in order; ValueError on a brace that
    does not close (the message says where)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(f"花括号不成对：{exc}") from exc
    return [name for _, name, _, _ in parsed if name is not None]


def unknown(text: str) -> list[str]:
    """Placeholders of `text` that name no statistic a block may use."""
    return [name for name in placeholders(text) if name not in ALLOWED]


def parts(text: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder key or None) pairs, in order."""
    return [(lit, name) for lit, name, _, _ in string.Formatter().parse(text)]


for _b in BLOCKS:  # declared once: every draft names only real statistics
    assert _b.section in SECTION_KEYS, _b
    assert not unknown(_b.draft), (_b.key, unknown(_b.draft))
