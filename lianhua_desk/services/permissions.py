"""The services' permission checks (issue 17): the window and the command line both
call services, so a refusal here holds for both."""

from __future__ import annotations

from ..domain.accounts import DESCRIPTIONS, can
from ..errors import RefusedInput


class NotPermitted(RefusedInput):
    """The signed-in account's role may not do this; nothing was written."""

    def __init__(self, message: str, action: str):
        super().__init__(message)
        self.action = action


def refusal(account, action: str) -> str:
    return f"当前账户「{account.name}」（{account.role}）无权{DESCRIPTIONS[action]}。"


def require(ctx, action: str) -> None:
    """Raise NotPermitted unless ctx's account may do `action` (no account: allowed)."""
    account = getattr(ctx, "account", None)
    if not can(account, action):
        raise NotPermitted(refusal(account, action), action)
