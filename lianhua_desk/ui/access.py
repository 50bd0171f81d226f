"""What the signed-in account may do and see in the window (issue 17).

Everything here is derived from domain.accounts (ACTIONS, masks_personal_data): the
window greys out what the services would refuse, and shows ID numbers and phones
masked to a role that may not see them. A context without an account (a database
without accounts, as before issue 17) may do everything and sees everything.
"""

from __future__ import annotations

from ..domain import parse
from ..domain.accounts import Account, can, masks_personal_data
from ..domain.fields import Entity, Field, Kind
from .i18n import _

# How each kind of personal number is shown to an account that sees it masked (the
# lists show them masked to everyone: ui/columns.py).
MASKS = {
    Kind.ID_NUMBER: parse.mask_id,
    Kind.DOCUMENT_NO: parse.mask_id,
    Kind.PHONE: parse.mask_phone,
}


def account_of(ctx) -> Account | None:
    return getattr(ctx, "account", None)


def may(ctx, action: str) -> bool:
    """Whether ctx's account may do `action` (an ACTIONS key)."""
    return can(account_of(ctx), action)


def masks(ctx) -> bool:
    """Whether ctx's account sees ID numbers and phones masked everywhere."""
    return masks_personal_data(account_of(ctx))


def maskable(f: Field) -> bool:
    return f.kind in MASKS


def maskable_fields(e: Entity) -> list[Field]:
    """The fields of `e` that hold an ID number or a phone (what 显示完整号码 shows)."""
    return [f for f in e.fields if maskable(f)]


def shown(ctx, f: Field, value):
    """A stored value as ctx's account may see it (masked ID numbers and phones)."""
    if value is None or not maskable(f) or not masks(ctx):
        return value
    return MASKS[f.kind](str(value))


def account_text(account: Account | None) -> str:
    """The status bar's account: 张三（管理员）."""
    if account is None:
        return _("未启用账户")
    return _("账户：{name}（{role}）").format(name=account.name, role=_(account.role))
