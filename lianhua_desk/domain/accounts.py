"""Accounts and roles (issue 17): who may do what, declared once.

`ACTIONS` is the one table of permissions: the services refuse with it
(services.permissions), the window greys out with it, the README's table is
rendered from it (`permission_table`), and the tests walk it.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN = "管理员"
CLERK = "录入员"
VIEWER = "查阅"
ROLES = (ADMIN, CLERK, VIEWER)

# The English names of the roles (the README's English table).
ROLES_EN = {ADMIN: "Administrator", CLERK: "Clerk", VIEWER: "Viewer"}


@dataclass(frozen=True)
class Account:
    name: str
    role: str


@dataclass(frozen=True)
class Action:
    roles: frozenset[str]
    chinese: str  # said after 无权 in a refusal, and in the README's table
    english: str  # the README's English table


_ALL = frozenset(ROLES)
_WRITERS = frozenset({ADMIN, CLERK})
_ADMIN = frozenset({ADMIN})

_DECLARED: dict[str, Action] = {
    "records.write": Action(
        _WRITERS,
        "录入和修改数据（新建、修改、删除、恢复记录，节假日调整）",
        "Enter and change data (create, edit, delete, restore records; holidays)",
    ),
    "exchange.import": Action(_WRITERS, "导入交换文件", "Import exchange workbooks"),
    "exchange.export": Action(
        _WRITERS, "导出含完整个人信息的交换文件", "Export workbooks with full personal data"
    ),
    "exchange.export_masked": Action(
        _ALL, "导出遮蔽个人信息的交换文件", "Export workbooks with personal data masked"
    ),
    "reports": Action(_ALL, "查看和导出统计报表", "View and export reports"),
    "settings": Action(_ADMIN, "修改设置", "Change settings"),
    "accounts": Action(_ADMIN, "管理账户", "Manage accounts"),
    "restore": Action(_ADMIN, "从备份恢复数据库", "Restore the database from a backup"),
    "backup": Action(_WRITERS, "备份数据库", "Back up the database"),
    "unmask": Action(
        _WRITERS, "查看完整的身份证号和电话（留有记录）", "See full ID numbers and phones (audited)"
    ),
    # The case documents print the parties' full particulars (Art. 29 of the mediation
    # law asks for them): a 查阅 may read the records masked, not print them whole.
    "documents.personal": Action(
        _WRITERS,
        "打印含完整个人信息的案件文书（调解卷宗、协议书、封面）",
        "Print case documents with full personal data (dossiers, agreements, covers)",
    ),
    "encryption": Action(_ADMIN, "设置数据库加密", "Set up database encryption"),
}

# action → the roles allowed it
ACTIONS: dict[str, frozenset[str]] = {name: a.roles for name, a in _DECLARED.items()}
# action → its Chinese description (said in refusals: 无权<description>)
DESCRIPTIONS: dict[str, str] = {name: a.chinese for name, a in _DECLARED.items()}
DESCRIPTIONS_EN: dict[str, str] = {name: a.english for name, a in _DECLARED.items()}


def can(account: Account | None, action: str) -> bool:
    """Whether `account` may do `action`. None: the database has no accounts (as
    before issue 17), so everything is allowed. An unknown action is a bug."""
    allowed = ACTIONS[action]
    return account is None or account.role in allowed


def masks_personal_data(account: Account | None) -> bool:
    """Whether ID numbers and phones are shown masked to this account."""
    return account is not None and account.role == VIEWER


def permission_table(english: bool = False) -> str:
    """The Markdown table of who may do what (the README's, rendered from ACTIONS)."""
    roles = [ROLES_EN[r] for r in ROLES] if english else list(ROLES)
    head = "Action" if english else "操作"
    texts = DESCRIPTIONS_EN if english else DESCRIPTIONS
    lines = [
        "| " + " | ".join([head, *roles]) + " |",
        "|" + "---|" * (len(roles) + 1),
    ]
    for action, allowed in ACTIONS.items():
        marks = ["✔" if r in allowed else "—" for r in ROLES]
        lines.append("| " + " | ".join([texts[action], *marks]) + " |")
    return "\n".join(lines)
