"""Signing in (issue 17): the dialog before the window opens, and 文件 → 切换账户….

On a database without accounts it creates the first 管理员 (name, password twice)
and signs them in. A refusal is said in the dialog, which stays open; after repeated
failures the service makes a name wait (services.accounts.sign_in_wait): the dialog
says how long and counts down instead of blocking the window in the service's sleep.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.accounts import ADMIN, Account
from ..errors import RefusedInput
from ..services import accounts
from ..services.context import Context
from . import errors
from .form import ERROR_STYLE
from .i18n import _


def password_line(name: str) -> QLineEdit:
    line = QLineEdit()
    line.setObjectName(name)
    line.setEchoMode(QLineEdit.Password)
    return line


def message_line() -> QLabel:
    """The dialog's refusal, in red under the fields; hidden until there is one."""
    message = QLabel()
    message.setObjectName("message")
    message.setStyleSheet(ERROR_STYLE)
    message.setWordWrap(True)
    message.hide()
    return message


def refusal_text(exc: RefusedInput) -> str:
    """A refusal's reasons, one a line, in the window's language."""
    return "\n".join(errors.reasons(exc))


class SignInDialog(QDialog):
    """Sign in to ctx's database; `account` is who signed in (after accept)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, switching: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.account: Account | None = None
        self.first = not accounts.has_accounts(ctx)
        self.setObjectName("sign_in")
        if self.first:
            self.setWindowTitle(_("创建管理员账户"))
            intro = _(
                "这个数据库还没有账户。请先创建第一个管理员账户，以后用它登录并管理其他账户。"
            )
        elif switching:
            self.setWindowTitle(_("切换账户"))
            intro = _("请输入要切换到的账户名和密码。")
        else:
            self.setWindowTitle(_("登录"))
            intro = _("请输入账户名和密码。")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.password = password_line("password")
        self.confirm = password_line("confirm")
        form = QFormLayout()
        form.addRow(_("账户名"), self.name)
        form.addRow(_("密码"), self.password)
        if self.first:
            form.addRow(_("再次输入密码"), self.confirm)
            self.password.setPlaceholderText(_("至少 {n} 个字符").format(n=accounts.MIN_PASSWORD))
        self.message = message_line()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("创建并登录") if self.first else _("登录"), QDialogButtonBox.AcceptRole
        )
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        cancel = buttons.addButton(
            _("取消") if switching else _("退出"), QDialogButtonBox.RejectRole
        )
        cancel.setObjectName("cancel")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        # The countdown while the service makes this name wait.
        self._wait_until = 0.0
        self._countdown = QTimer(self, interval=250)
        self._countdown.timeout.connect(self._tick)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def submit(self) -> bool:
        """Create (first start) or sign in; True when signed in and the dialog accepted."""
        name, password = self.name.text().strip(), self.password.text()
        if self.first and password != self.confirm.text():
            self.say(_("两次输入的密码不一致。"))
            self.confirm.clear()
            self.confirm.setFocus()
            return False
        if not self.first and self._must_wait(name):
            return False
        try:
            if self.first:
                accounts.create_account(self.ctx, name, password, ADMIN)
            self.account = accounts.sign_in(self.ctx, name, password)
        except RefusedInput as exc:  # wrong name or password, a too short password …
            self.say(refusal_text(exc))
            self.password.clear()
            self.confirm.clear()
            self.password.setFocus()
            if not self.first:
                self._must_wait(name, after_failure=True)
            return False
        self.accept()
        return True

    # --- the wait after repeated failures -----------------------------------------

    def _must_wait(self, name: str, after_failure: bool = False) -> bool:
        """Whether `name` must still wait; if so, say so and count down."""
        seconds = accounts.sign_in_wait(self.ctx, name)
        if seconds <= 0:
            return False
        self._wait_until = self._now() + seconds
        self._waited_text = self.message.text() if after_failure else ""
        self.ok_button.setEnabled(False)
        self._tick()
        self._countdown.start()
        return True

    def _now(self) -> float:
        return self.ctx.actor.clock().timestamp()

    def _tick(self) -> None:
        left = math.ceil(self._wait_until - self._now())
        if left <= 0:
            self._countdown.stop()
            self.ok_button.setEnabled(True)
            self.say(self._waited_text)
            return
        wait = _("登录失败次数较多，请等待 {n} 秒后再试。").format(n=left)
        self.say((self._waited_text + "\n" + wait).strip())

    def waiting(self) -> bool:
        return self._countdown.isActive()


def sign_in_at_start(ctx: Context, ask) -> Account | None:
    """The sign-in before the window opens (`ask(dialog)` runs it modally); None: the
    user quit."""
    dialog = SignInDialog(ctx)
    try:
        if ask(dialog) != QDialog.Accepted:
            return None
        return dialog.account
    finally:
        dialog.deleteLater()
