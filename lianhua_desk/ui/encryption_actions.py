"""数据 → 加密数据库… / 解密数据库… (issue 17), for a 管理员.

As a restore (backup_dialog.DataActions.replace): the service converts the whole file
and needs nobody else to have it open, the window's own worker included, so every
connection of this window is closed, services.encryption runs on a worker that
opens its own, and a new window opens on the result, signed in as the same 管理员.
If the service refuses or fails, the new window opens on the file as it is and says
why. After encrypting it shows the recovery key, once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox

from ..errors import LianhuaError
from ..services import accounts, encryption
from . import errors
from .backup_dialog import FileRunner, info_box
from .encryption_dialog import ConvertDialog, RecoveryKeyDialog
from .i18n import _
from .tasks import report_failure


class EncryptionActions(QObject):
    """What it uses of the window: db_path, host (its context), runner, lock_monitor,
    may(), _action(), save_state(), hide(), statusBar() and reopen()."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.confirm_dialog: ConvertDialog | None = None
        self.key_dialog: RecoveryKeyDialog | None = None
        self.last_message: QMessageBox | None = None  # tests read what was said
        self.file_runner: FileRunner | None = None

    def add_to(self, menu) -> None:
        """One entry, for the file as it is now: 加密数据库… or 解密数据库… (each
        conversion opens a new window, whose menu then offers the other)."""
        self.kind = "decrypt" if encryption.is_encrypted(self.window.db_path) else "encrypt"
        text = _("解密数据库…") if self.kind == "decrypt" else _("加密数据库…")
        self.action = self.window._action(text, lambda: self.ask(self.kind), None, "encryption")
        menu.addAction(self.action)

    def _say(self, title: str, text: str) -> None:
        self.window.statusBar().showMessage(text.splitlines()[0], 8000)
        self.last_message = info_box(self.window, title, text)

    def ask(self, kind: str) -> ConvertDialog | None:
        """The confirmation (with the password); accepted, the conversion runs."""
        window = self.window
        if not window.may("encryption"):  # the menu item is greyed out: the service decides
            return None
        title = _("加密数据库") if kind == "encrypt" else _("解密数据库")
        account = window.host.ctx.account
        if account is None:
            self.last_message = errors.show_message(
                title,
                _(
                    "加密前请先在“文件 → 账户管理…”中建立管理员账户，并以它登录"
                    "（加密的数据库只能凭账户密码打开）。"
                ),
                window,
            )
            return None
        if window.runner.busy:
            self._say(title, _("请等待当前操作完成后再试。"))
            return None
        ctx = window.host.ctx
        dialog = ConvertDialog(
            kind,
            account.name,
            window.db_path,
            window,
            check=lambda password: accounts.is_own_password(ctx, password),
        )
        dialog.accepted.connect(lambda: self.convert(kind, dialog.password.text()))
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    def convert(self, kind: str, password: str) -> None:
        """Close this window's connections, convert on a worker, open a new window."""
        window = self.window
        path, ctx = window.db_path, window.host.ctx
        actor, account = ctx.actor, ctx.account
        window.save_state()
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # no window is shown for a moment
        window.lock_monitor.timer.stop()  # the closed connection has no locks to watch
        window.hide()
        window.runner.shutdown()
        ctx.db.close()
        self.file_runner = FileRunner(path, actor, self)
        service = encryption.encrypt if kind == "encrypt" else encryption.decrypt
        was_encrypted = kind != "encrypt"

        def work(_ctx, _progress):
            from ..app import open_context

            # Its own connection, on this thread, as the same signed-in 管理员.
            own = open_context(path, daily_backup=False)
            own.actor, own.account = actor, account
            try:
                return service(own, password)
            finally:
                own.db.close()  # the service closed it, unless it refused first

        def finish(then) -> None:
            self.file_runner.shutdown()  # its one job is done: stop its thread
            new = window.reopen()
            app.setQuitOnLastWindowClosed(quit_on_close)
            then(new.encryption_actions)

        def done(result: encryption.Converted) -> None:
            finish(lambda actions: actions.converted(kind, result))

        def failed(info) -> None:
            exc = info[1]
            now_encrypted = encryption.is_encrypted(path)
            if now_encrypted == was_encrypted:
                state = _("数据库文件保持原样。")
            else:  # the file was converted, a later step failed
                state = _("数据库文件已经转换，但之后的步骤未完成。")
            reason = "\n".join(errors.reasons(exc)) if isinstance(exc, LianhuaError) else ""
            title = _("加密失败") if kind == "encrypt" else _("解密失败")
            finish(lambda actions: actions.failed(title, (reason + "\n" + state).strip()))
            if not isinstance(exc, LianhuaError):
                report_failure(info)  # a bug: the crash dialog

        label = _("正在加密数据库及其备份…") if kind == "encrypt" else _("正在解密数据库及其备份…")
        self.file_runner.run(label, work, done, failed, None, cancellable=False)

    # --- in the new window --------------------------------------------------------------

    def converted(self, kind: str, done: encryption.Converted) -> None:
        if kind == "encrypt":
            self.window.statusBar().showMessage(_("数据库已加密。"), 8000)
            self.show_key(done)
            return
        lines = [
            _("数据库已解密为普通文件：{path}").format(path=self.window.db_path),
            _("解密前的备份：{path}").format(path=done.backup),
            _("已一并解密备份文件夹中的 {n} 个备份。").format(n=done.backups),
        ]
        lines += [
            _("未能解密的备份（保持加密，密钥文件因此保留）：") + p for p in done.failed_backups
        ]
        self._say(_("解密完成"), "\n".join(lines))

    def failed(self, title: str, text: str) -> None:
        self.last_message = errors.show_message(title, text, self.window)

    def show_key(self, done: encryption.Converted) -> RecoveryKeyDialog:
        self.key_dialog = RecoveryKeyDialog(done, self.window.db_path, self.window)
        self.key_dialog.open()
        return self.key_dialog
