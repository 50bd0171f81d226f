"""The dialogs of database encryption (issue 17): 忘记密码？ (a new password with the
recovery key), the confirmation before 加密数据库… / 解密数据库…, and the recovery key
shown once after encrypting, to print and hand to the street office.

The work is services.encryption's; ui/encryption_actions.py runs the conversions.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import LianhuaError, RefusedInput
from ..services import accounts, encryption
from . import errors, file_dialogs
from .i18n import _
from .sign_in import Countdown, message_line, password_line, refusal_text

KEY_PLACEHOLDER = "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
KEY_LETTERS = 32  # as services.encryption prints it: 8 groups of 4


def mono_font(points: int = 0, bold: bool = False) -> QFont:
    """The system's fixed-width font: the recovery key's letters and digits line up."""
    font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
    if points:
        font.setPointSize(points)
    font.setBold(bold)
    return font


def fit(dialog: QDialog, width: int) -> None:
    """`width` wide and tall enough for its wrapped labels at that width (a window's
    size hint ignores how a word-wrapped label grows when narrowed)."""
    dialog.setMinimumWidth(width)
    height = dialog.layout().totalHeightForWidth(width)
    dialog.setMinimumHeight(height)
    dialog.resize(width, height)


def _waited(_seconds: float) -> None:
    """The service's sleep, never taken: the dialog counted the wait down first."""


class RecoveryResetDialog(QDialog):
    """忘记密码？ at the sign-in of an encrypted database: the recovery key, the account
    and its new password twice. Accepted once the new password is set."""

    def __init__(
        self,
        db_path: Path,
        name: str = "",
        parent: QWidget | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ):
        super().__init__(parent)
        self.db_path, self.clock = Path(db_path), clock
        self.setObjectName("recovery_reset")
        self.setWindowTitle(_("忘记密码"))
        intro = QLabel(
            _(
                "用恢复密钥为账户设置新密码。恢复密钥是加密数据库时打印、交街道办保管的"
                " {n} 个字母和数字，每 4 个一组；大小写、空格和横线都可以。"
            ).format(n=KEY_LETTERS)
        )
        intro.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setObjectName("recovery_key")
        self.key.setPlaceholderText(KEY_PLACEHOLDER)
        self.key.setFont(mono_font())
        self.key.setMinimumWidth(self.key.fontMetrics().horizontalAdvance(KEY_PLACEHOLDER) + 24)
        self.name = QLineEdit(name)
        self.name.setObjectName("name")
        self.password = password_line("password")
        self.password.setPlaceholderText(_("至少 {n} 个字符").format(n=accounts.MIN_PASSWORD))
        self.confirm = password_line("confirm")
        form = QFormLayout()
        form.addRow(_("恢复密钥"), self.key)
        form.addRow(_("账户名"), self.name)
        form.addRow(_("新密码"), self.password)
        form.addRow(_("再次输入新密码"), self.confirm)
        self.message = message_line()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("设置新密码并登录"), QDialogButtonBox.AcceptRole)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole).setObjectName("cancel")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit(self, 480)
        self._countdown = Countdown(self, self.ok_button, self.say, self._now)
        (self.name if self.key.text() and not name else self.key).setFocus()

    def _now(self) -> float:
        return self.clock().timestamp()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def account_name(self) -> str:
        return self.name.text().strip()

    def new_password(self) -> str:
        return self.password.text()

    def waiting(self) -> bool:
        return self._countdown.active()

    def _must_wait(self, after_failure: bool = False) -> bool:
        """Wrong recovery keys make the next attempt wait (the key file counts them)."""
        seconds = encryption.unlock_wait(self.db_path, encryption.RECOVERY_ACTOR, self.clock())
        if seconds <= 0:
            return False
        self._countdown.start(seconds, self.message.text() if after_failure else "")
        return True

    def _refuse(self, text: str, field: QLineEdit) -> bool:
        self.say(text)
        field.setFocus()
        field.selectAll()
        return False

    def submit(self) -> bool:
        """Set the new password; True when set and the dialog accepted."""
        if not self.key.text().strip():
            return self._refuse(_("请输入恢复密钥。"), self.key)
        typed = sum(ch.isalnum() for ch in self.key.text())
        if typed != KEY_LETTERS:  # a group left out or doubled: said before it counts as a try
            return self._refuse(
                _("恢复密钥应有 {n} 个字母和数字，现在输入了 {typed} 个。").format(
                    n=KEY_LETTERS, typed=typed
                ),
                self.key,
            )
        if not self.account_name():
            return self._refuse(_("请输入要设置新密码的账户名。"), self.name)
        if self.password.text() != self.confirm.text():
            self.confirm.clear()
            return self._refuse(_("两次输入的密码不一致。"), self.confirm)
        if self._must_wait():
            return False
        try:
            encryption.reset_with_recovery_key(
                self.db_path,
                self.key.text(),
                self.account_name(),
                self.password.text(),
                now=self.clock(),
                sleep=_waited,
            )
        except accounts.SignInRefused:
            self._refuse(
                _("恢复密钥不正确。请对照街道办保管的纸上所印，逐组核对后再输入。"), self.key
            )
            self._must_wait(after_failure=True)
            return False
        except RefusedInput as exc:  # no such account, a too short password
            return self._refuse(refusal_text(exc), self.password)
        except LianhuaError as exc:  # the key file or the database could not be written
            return self._refuse("\n".join(errors.reasons(exc)), self.key)
        self.accept()
        return True


# --- 加密数据库… / 解密数据库… ---------------------------------------------------------------


def conversion_text(kind: str, db_path: Path) -> str:
    """What encrypting (kind "encrypt") or decrypting does, said before it is done."""
    keys = db_path.name + ".keys"
    if kind == "encrypt":
        lines = [
            _("加密后，数据库只能凭账户密码打开，复制走的文件也读不出个人信息。"),
            _("1. 先备份当前数据库，再加密；备份文件夹中的每个备份都一并加密。"),
            _(
                "2. 数据库旁会生成密钥文件“{keys}”：复制或搬移数据库时必须连同它一起，"
                "否则数据库无法打开。"
            ).format(keys=keys),
            _("3. 其他账户暂时不能登录，需由管理员在“文件 → 账户管理…”中为它们设置新密码。"),
            _("4. 完成后只显示一次恢复密钥：请打印或抄写，交街道办保管。"),
            _("加密期间窗口会关闭片刻，然后以当前账户重新打开。"),
        ]
    else:
        lines = [
            _(
                "解密后，数据库和备份又是普通文件：拿到文件的人不用密码就能读出身份证号码等个人信息。"
            ),
            _("1. 先备份当前数据库，再解密；备份文件夹中的每个备份都一并解密。"),
            _("2. 全部解密后删除密钥文件“{keys}”，原来的恢复密钥随之作废。").format(keys=keys),
            _("解密期间窗口会关闭片刻，然后以当前账户重新打开。"),
        ]
    return "\n".join(lines)


class ConvertDialog(QDialog):
    """The confirmation before encrypting or decrypting, with the 管理员's password
    (the service checks it again)."""

    def __init__(
        self,
        kind: str,
        name: str,
        db_path: Path,
        parent: QWidget | None = None,
        check: Callable[[str], bool] | None = None,
    ):
        super().__init__(parent)
        self.kind = kind
        self.check = check  # the password, checked before the window closes for the work
        encrypting = kind == "encrypt"
        self.setObjectName(f"confirm_{kind}")
        self.setWindowTitle(_("加密数据库") if encrypting else _("解密数据库"))
        self.text = QLabel(conversion_text(kind, Path(db_path)))
        self.text.setObjectName("text")
        self.text.setWordWrap(True)
        self.password = password_line("password")
        form = QFormLayout()
        form.addRow(_("“{name}”的密码").format(name=name), self.password)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("加密") if encrypting else _("解密"), QDialogButtonBox.AcceptRole
        )
        self.ok_button.setObjectName("ok")
        self.ok_button.setEnabled(False)
        self.password.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole).setObjectName("cancel")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.message = message_line()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit(self, 560)
        self.password.setFocus()

    def submit(self) -> bool:
        """Accepted only with the right password: a typo is said here, and the window
        is not closed and reopened for nothing."""
        if self.check is not None and not self.check(self.password.text()):
            self.message.setText(_("密码不正确。"))
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return False
        self.accept()
        return True


# --- the recovery key, shown once ------------------------------------------------------------


def key_document(key: str, db_path: Path, when: dt.datetime) -> QTextDocument:
    """The printed page: what the key is for, the key large, where to keep it."""
    mono = html.escape(mono_font().family())
    text = [
        f"<h2>{html.escape(_('莲花法治工作台 数据库恢复密钥'))}</h2>",
        "<p>"
        + html.escape(_("数据库：{path}").format(path=db_path))
        + "<br>"
        + html.escape(_("加密时间：{when}").format(when=when.strftime("%Y-%m-%d %H:%M")))
        + "</p>",
        f"<p style=\"font-family: '{mono}'; font-size: 20pt; font-weight: bold; white-space: nowrap;\">"
        f"{html.escape(key)}</p>",
        "<p>"
        + html.escape(
            _(
                "忘记所有管理员密码时：在程序的登录窗口点“忘记密码？”，输入这个恢复密钥，"
                "为账户设置新密码。"
            )
        )
        + "</p>",
        "<p>"
        + html.escape(_("请交街道办保管，不要与电脑放在一起：拿到它和数据库文件的人能打开数据库。"))
        + "</p>",
    ]
    document = QTextDocument()
    document.setHtml("\n".join(text))
    return document


class RecoveryKeyDialog(QDialog):
    """The recovery key after encrypting, shown this once: large, selectable, to print
    (or save as a PDF to print elsewhere). It closes only once the clerk ticked that
    it is printed or written down."""

    def __init__(self, done: encryption.Converted, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.done_info, self.db_path = done, Path(db_path)
        self.when = dt.datetime.now()
        self.setObjectName("recovery_key_dialog")
        self.setWindowTitle(_("恢复密钥"))
        intro = QLabel(
            _(
                "数据库已加密。下面是恢复密钥，只显示这一次：忘记所有管理员密码时，"
                "凭它为账户设置新密码。请打印或抄写后交街道办保管。"
            )
        )
        intro.setWordWrap(True)
        self.key = QLabel(done.recovery_key)
        self.key.setObjectName("recovery_key")
        self.key.setFont(mono_font(18, bold=True))
        self.key.setAlignment(Qt.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.key.setFrameShape(QFrame.StyledPanel)
        self.key.setMargin(12)
        self.details = QLabel(self._details())
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.accounts = QLabel()
        self.accounts.setObjectName("needs_new_password")
        self.accounts.setWordWrap(True)
        if done.needs_new_password:
            self.accounts.setText(
                _("以下账户还不能登录加密的数据库，请在“文件 → 账户管理…”中为它们设置新密码：")
                + "、".join(done.needs_new_password)
            )
        self.accounts.setVisible(bool(done.needs_new_password))
        self.kept = QCheckBox(_("我已打印或抄写恢复密钥，并交街道办保管"))
        self.kept.setObjectName("kept")
        self.message = message_line()
        self.print_button = QPushButton(_("打印…"))
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button = QPushButton(_("另存为 PDF…"))
        self.pdf_button.setObjectName("save_pdf")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.close_button = QPushButton(_("关闭"))
        self.close_button.setObjectName("close")
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.accept)
        self.kept.toggled.connect(self.close_button.setEnabled)
        self.kept.toggled.connect(lambda _on: self.say(""))
        row = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, None, self.close_button):
            if button is None:
                row.addStretch(1)
                continue
            button.setAutoDefault(False)  # Enter must not close it or start printing
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key)
        layout.addWidget(self.details)
        layout.addWidget(self.accounts)
        layout.addWidget(self.kept)
        layout.addWidget(self.message)
        layout.addLayout(row)
        # As wide as the key on one line (it is copied by hand, group by group).
        fit(self, self.key.sizeHint().width() + 40)

    def _details(self) -> str:
        done = self.done_info
        lines = [
            _("密钥文件：{path}（必须与数据库放在一起，复制或搬移时一并带上）").format(
                path=f"{self.db_path}.keys"
            ),
            _("加密前的备份：{path}").format(path=done.backup),
            _("已一并加密备份文件夹中的 {n} 个备份。").format(n=done.backups),
        ]
        lines += [_("未能加密的备份（保持原样）：") + problem for problem in done.failed_backups]
        return "\n".join(lines)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def document(self) -> QTextDocument:
        return key_document(self.done_info.recovery_key, self.db_path, self.when)

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(_("恢复密钥"))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("打印恢复密钥"))
        if dialog.exec() == QDialog.Accepted:
            self.document().print_(printer)

    def choose_pdf(self) -> Path | None:
        name = file_dialogs.save_file(
            self,
            _("另存为 PDF"),
            _("恢复密钥-{name}.pdf").format(name=self.db_path.stem),
            _("PDF 文件 (*.pdf)"),
        )
        return self.save_pdf(Path(name)) if name else None

    def save_pdf(self, path: Path) -> Path | None:
        """One A4 page, readable by its owner only (it opens the database)."""
        path = Path(path)
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.A4))
        writer.setTitle(_("恢复密钥"))
        self.document().print_(writer)
        del writer  # the file is complete once the writer is gone
        try:
            os.chmod(path, 0o600)
        except OSError:
            self.say(_("未能写入 {path}，请换一个文件夹。").format(path=path))
            return None
        self.say(_("已保存到 {path}。打印后请删除这个文件，不要留在电脑上。").format(path=path))
        return path

    def reject(self) -> None:
        """Esc and the title bar's close: only once the key is kept."""
        if not self.kept.isChecked():
            self.say(_("请先打印或抄写恢复密钥，交街道办保管，并勾选上面的确认。"))
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if not self.kept.isChecked():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
