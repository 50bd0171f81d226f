"""Signing in (issue 17): the dialog before the window opens, and 文件 → 切换账户….

On a database without accounts it creates the first 管理员 (name, password twice)
and signs them in. A refusal is said in the dialog, which stays open; after repeated
failures the service makes a name wait (services.accounts.sign_in_wait): the dialog
says how long and counts down instead of blocking the window in the service's sleep.

An encrypted database cannot be opened before sign-in, so at start-up the same dialog
is a gate on its path (`unlock_at_start`): the name and password unlock the key
(services.encryption, whose waits it counts down the same way), then it opens the
database and signs in with them, typed once. 忘记密码？ there sets a new password with
the recovery key (ui/encryption_dialog.py).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.accounts import ADMIN, Account
from ..errors import LianhuaError, RefusedInput
from ..services import accounts, encryption
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


class Countdown(QObject):
    """The wait after repeated failures: `button` greyed out and the seconds left said
    (through `say`, after the refusal that caused it) until the wait is over."""

    def __init__(self, parent: QObject, button, say: Callable[[str], None], now):
        super().__init__(parent)
        self.button, self.say, self.now = button, say, now
        self._until, self._before = 0.0, ""
        self._timer = QTimer(self, interval=250)
        self._timer.timeout.connect(self._tick)

    def start(self, seconds: float, before: str = "") -> None:
        self._until, self._before = self.now() + seconds, before
        self.button.setEnabled(False)
        self._tick()
        self._timer.start()

    def active(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        left = math.ceil(self._until - self.now())
        if left <= 0:
            self._timer.stop()
            self.button.setEnabled(True)
            self.say(self._before)
            return
        wait = _("登录失败次数较多，请等待 {n} 秒后再试。").format(n=left)
        self.say((self._before + "\n" + wait).strip())


def _waited(_seconds: float) -> None:
    """The services' sleep, never taken: the dialog asked for the wait first and
    counted it down (the GUI thread must not sleep)."""


class SignInDialog(QDialog):
    """Sign in to ctx's database; `account` is who signed in (after accept).

    With ctx None the database at `db_path` is encrypted and not open yet: the dialog
    unlocks it, opens it with `opener()` (an ui.recovery.Opened; kept in `opened`)
    and signs in to it; `ctx` is then the opened context."""

    def __init__(
        self,
        ctx: Context | None,
        parent: QWidget | None = None,
        switching: bool = False,
        *,
        db_path: Path | None = None,
        opener: Callable[[], object] | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.db_path, self.opener, self.clock = db_path, opener, clock
        self.opened = None
        self.account: Account | None = None
        self.locked = ctx is None
        self.first = not self.locked and not accounts.has_accounts(ctx)
        self.setObjectName("sign_in")
        if self.first:
            self.setWindowTitle(_("创建管理员账户"))
            intro = _(
                "这个数据库还没有账户。请先创建第一个管理员账户，以后用它登录并管理其他账户。"
            )
        elif switching:
            self.setWindowTitle(_("切换账户"))
            intro = _("请输入要切换到的账户名和密码。")
        elif self.locked:
            self.setWindowTitle(_("登录"))
            intro = _("这个数据库已加密，登录后才能打开。请输入账户名和密码。")
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
        self.forgot_button: QPushButton | None = None
        self.reset_dialog = None
        if self.locked:  # only the recovery key opens a database whose passwords are lost
            self.forgot_button = buttons.addButton(_("忘记密码？"), QDialogButtonBox.ResetRole)
            self.forgot_button.setObjectName("forgot")
            self.forgot_button.setAutoDefault(False)
            self.forgot_button.clicked.connect(self.forgot)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        # The countdown while the service makes this name wait.
        self._countdown = Countdown(self, self.ok_button, self.say, self._now)

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
        try:
            if not self.first and self._must_wait(name):
                return False
            if self.ctx is None and not self._unlock(name, password):
                return False
            if self.first:
                accounts.create_account(self.ctx, name, password, ADMIN)
            self.account = accounts.sign_in(self.ctx, name, password, sleep=_waited)
        except RefusedInput as exc:  # wrong name or password, a too short password …
            self.say(refusal_text(exc))
            self.password.clear()
            self.confirm.clear()
            self.password.setFocus()
            if not self.first:
                self._must_wait(name, after_failure=True)
            return False
        except LianhuaError as exc:
            if not self.locked:
                raise  # as before encryption: the crash handler's plain message
            self.say("\n".join(errors.reasons(exc)))  # the key file is missing or unreadable
            return False
        self.accept()
        return True

    def _unlock(self, name: str, password: str) -> bool:
        """Unlock the encrypted database and open it (self.ctx); False when it did not
        open (open_for_window said why) and the dialog is done. A wrong name or password
        raises SignInRefused."""
        encryption.unlock(self.db_path, name, password, now=self.clock(), sleep=_waited)
        self.opened = self.opener()
        if self.opened.ctx is None:
            self.reject()
            return False
        self.ctx = self.opened.ctx
        # Failures of this name in the accounts table make it wait too (not the key file's).
        return not self._must_wait(name)

    def forgot(self):
        """忘记密码？: a new password with the recovery key, then signed in with it."""
        from .encryption_dialog import RecoveryResetDialog

        self.reset_dialog = RecoveryResetDialog(
            self.db_path, self.name.text().strip(), self, clock=self.clock
        )
        self.reset_dialog.accepted.connect(self._after_reset)
        self.reset_dialog.open()
        return self.reset_dialog

    def _after_reset(self) -> None:
        reset = self.reset_dialog
        self.name.setText(reset.account_name())
        self.password.setText(reset.new_password())
        self.say("")
        self.submit()

    # --- the wait after repeated failures -----------------------------------------

    def _wait_seconds(self, name: str) -> float:
        if self.ctx is None:  # before an encrypted database opens: its key file counts
            return encryption.unlock_wait(self.db_path, name, self.clock())
        return accounts.sign_in_wait(self.ctx, name)

    def _must_wait(self, name: str, after_failure: bool = False) -> bool:
        """Whether `name` must still wait; if so, say so and count down."""
        seconds = self._wait_seconds(name)
        if seconds <= 0:
            return False
        self._countdown.start(seconds, self.message.text() if after_failure else "")
        return True

    def _now(self) -> float:
        if self.ctx is None:
            return self.clock().timestamp()
        return self.ctx.actor.clock().timestamp()

    def waiting(self) -> bool:
        return self._countdown.active()


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


def unlock_at_start(db_path: Path, opener: Callable[[], object], ask):
    """The sign-in that opens an encrypted database: the Opened of `opener` with its
    context signed in; one whose ctx is None when the file did not open; None when the
    user quit (nothing is left open)."""
    dialog = SignInDialog(None, db_path=Path(db_path), opener=opener)
    try:
        if ask(dialog) == QDialog.Accepted:
            return dialog.opened
        if dialog.ctx is not None:  # unlocked and opened, then not signed in
            dialog.ctx.db.close()
            return None
        return dialog.opened  # None (quit) or the file did not open
    finally:
        dialog.deleteLater()
