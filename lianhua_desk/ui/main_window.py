"""The main window: six tabs, menus with the standard shortcuts, the status bar
showing the database, geometry and last tab remembered in QSettings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from .. import __version__
from ..domain.accounts import can
from ..services import accounts
from ..services.context import Context
from . import access
from .advisors_tab import AdvisorsTab
from .backup_dialog import DataActions
from .dashboard import Dashboard
from .encryption_actions import EncryptionActions
from .host import Host
from .i18n import _
from .lock_monitor import LockMonitor
from .mediation_tab import MediationTab
from .petition_tab import PetitionTab
from .tasks import TaskRunner

SETTINGS_VERSION = 1  # bump when the stored window preferences change meaning
# The menu entries (by object name) a role may be denied, and the action of
# domain.accounts.ACTIONS each is; the others (find, check, manual …) are for every role.
GUARDED = {
    "settings": "settings",
    "holidays": "records.write",
    "accounts": "accounts",
    "new": "records.write",
    "save": "records.write",
    "edit": "records.write",
    "delete": "records.write",
    "undo_delete": "records.write",
    "export": "exchange.export_masked",  # a 查阅 account exports masked (the service holds it)
    "import": "exchange.import",
    "backup": "backup",
    "restore": "restore",
    "encryption": "encryption",
}


@dataclass(frozen=True)
class Tab:
    """One tab of the window; the list of them is TABS (at the end of this module)."""

    key: str  # names the page (MainWindow.pages) and its screenshot (shots)
    title: str  # Chinese, shown through _()
    build: Callable[[Host], QWidget]

    @property
    def index(self) -> int:
        return TABS.index(self)


def tab_by_key(key: str) -> Tab:
    return next(t for t in TABS if t.key == key)


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: Context,
        db_path: Path,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.prefs = settings or QSettings()
        self.runner = TaskRunner(self.db_path, ctx.actor, self, account=ctx.account)
        self.host = Host(ctx, self.runner, self)
        self.setWindowTitle(_("莲花法治工作台") + f" — {ctx.settings.subdistrict}")
        self.setObjectName("main_window")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, QWidget] = {}
        for t in TABS:
            page = t.build(self.host)
            self.pages[t.key] = page
            self.tabs.addTab(page, _(t.title))
        self.setCentralWidget(self.tabs)

        self.db_label = QLabel(_("数据库：") + str(self.db_path))
        self.db_label.setObjectName("db_path")
        self.db_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.account_label = QLabel()
        self.account_label.setObjectName("account")
        self.statusBar().addPermanentWidget(self.account_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.lock_monitor = LockMonitor(self, self.host)
        self.lock_banner = self.lock_monitor.banner
        self.host.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._build_menus()
        self.apply_account()
        self._restore()

    # --- menus and shortcuts ------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("文件"))
        file_menu.addAction(self._action(_("设置…"), self.open_settings, None, "settings"))
        file_menu.addAction(self._action(_("节假日调整…"), self.open_holidays, None, "holidays"))
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(_("切换账户…"), self.switch_account, None, "switch_account")
        )
        file_menu.addAction(self._action(_("账户管理…"), self.open_accounts, None, "accounts"))
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("退出"), self.close, QKeySequence.Quit, "quit"))

        edit = bar.addMenu(_("编辑"))
        self.new_action = self._action(_("新建"), self.new_record, QKeySequence.New, "new")
        self.save_action = self._action(_("保存"), self.save_current, QKeySequence.Save, "save")
        self.find_action = self._action(_("查找"), self.find, QKeySequence.Find, "find")
        self.edit_action = self._action(_("编辑所选"), self.edit_current, "Ctrl+E", "edit")
        self.delete_action = self._action(_("删除所选"), self.delete_current, None, "delete")
        self.undo_action = self._action(
            _("撤销删除"), self.undo_delete, QKeySequence.Undo, "undo_delete"
        )
        self.undo_action.setEnabled(False)
        self.host.undo_available.connect(
            lambda on: self.undo_action.setEnabled(on and self.may("records.write"))
        )
        for action in (
            self.new_action,
            self.save_action,
            self.find_action,
            self.edit_action,
            self.delete_action,
            self.undo_action,
        ):
            edit.addAction(action)
        self.delete_action.setToolTip(_("在列表中按 Delete 键"))

        self._build_data_menu()
        help_menu = bar.addMenu(_("帮助"))
        help_menu.addAction(
            self._action(_("使用说明"), self.open_manual, QKeySequence.HelpContents, "manual")
        )
        help_menu.addAction(self._action(_("关于"), self.about, None, "about"))

    def _build_data_menu(self) -> None:
        """数据 → 导出 / 导入 / 备份 / 恢复 / 检查 / 加密 (or 解密). Export and import are
        also the 数据交换 tab's buttons; here they have shortcuts. The rest is
        DataActions' and EncryptionActions' work."""
        self.data_actions = DataActions(self)
        exchange = self.pages["exchange"]
        menu = self.menuBar().addMenu(_("数据"))
        menu.addAction(
            self._action(_("导出交换表…"), exchange.choose_export, "Ctrl+Shift+E", "export")
        )
        menu.addAction(
            self._action(_("导入交换表…"), exchange.choose_import, "Ctrl+Shift+I", "import")
        )
        menu.addSeparator()
        menu.addAction(self._action(_("立即备份"), self.data_actions.backup, None, "backup"))
        menu.addAction(
            self._action(_("从备份恢复…"), self.data_actions.choose_backup, None, "restore")
        )
        menu.addAction(self._action(_("检查数据库"), self.data_actions.check, None, "check"))
        menu.addSeparator()
        self.encryption_actions = EncryptionActions(self)
        self.encryption_actions.add_to(menu)

    # --- the signed-in account ----------------------------------------------------------

    def may(self, action: str) -> bool:
        return access.may(self.host.ctx, action)

    def apply_account(self) -> None:
        """Show who is signed in; grey out what their role may not do (GUARDED), in the
        menus and in every list; the pages that have their own buttons follow through
        their `apply_access` (if they have one)."""
        account = self.host.ctx.account
        self.account_label.setText(access.account_text(account))
        for action in self.findChildren(QAction):
            if (key := GUARDED.get(action.objectName())) is not None:
                action.setEnabled(can(account, key))
        self.undo_action.setEnabled(
            self.host.last_deleted is not None and can(account, "records.write")
        )
        from .case_parts import PartsPanel
        from .list_panel import ListPanel

        for widget in (*self.findChildren(ListPanel), *self.findChildren(PartsPanel)):
            widget.apply_access()
        for page in self.pages.values():
            if (hook := getattr(page, "apply_access", None)) is not None:
                hook()

    def switch_account(self):
        """文件 → 切换账户…: sign in as another account; cancelled, nothing changes."""
        from .sign_in import SignInDialog

        dialog = SignInDialog(self.host.ctx, self, switching=True)
        dialog.accepted.connect(self._account_switched)
        dialog.open()
        return dialog

    def _account_switched(self) -> None:
        # sign_in gave the context a new Actor (the audit's operator): the worker too.
        self.runner.set_actor(self.host.ctx.actor)
        self.runner.set_account(self.host.ctx.account)
        self.apply_account()
        self.host.status.emit(access.account_text(self.host.ctx.account))

    def open_accounts(self):
        from .accounts_dialog import AccountsDialog

        if not self.may("accounts"):
            return None
        dialog = AccountsDialog(self.host, self)
        dialog.finished.connect(lambda _r: self.apply_account())  # one's own role may change
        dialog.open()
        return dialog

    def current_panel(self):
        page = self.tabs.currentWidget()
        getter = getattr(page, "current_panel", None)
        return getter() if getter else None

    def new_record(self) -> None:
        panel = self.current_panel()
        if panel is not None:
            panel.new_record()

    def edit_current(self) -> None:
        panel = self.current_panel()
        if panel is not None:
            panel.edit_current()

    def delete_current(self) -> None:
        panel = self.current_panel()
        if panel is not None:
            panel.delete_current()

    def find(self) -> None:
        panel = self.current_panel()
        if panel is not None:
            panel.focus_search()

    def save_current(self) -> None:
        """Ctrl+S: a form saves itself; on a tab with an edit panel, that panel saves."""
        save = getattr(self.tabs.currentWidget(), "save", None)
        if save is not None:
            save()

    def undo_delete(self) -> None:
        record_id = self.host.undo_delete(self)
        panel = self.current_panel()
        if record_id and panel is not None:
            panel.select_id(record_id)

    def open_settings(self):
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.host, self)
        dialog.open()
        return dialog

    def open_holidays(self):
        from .holiday_dialog import HolidayDialog

        dialog = HolidayDialog(self.host, self)
        dialog.open()
        return dialog

    def open_manual(self):
        from .manual import show_manual

        return show_manual(self)

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("关于"),
            _("莲花法治工作台") + f" {__version__}\n" + _("数据库：") + str(self.db_path),
        )

    def reopen(self) -> MainWindow:
        """A new main window on the same file (after a restore put another file in
        place); this one closes. Its preferences carry over."""
        from ..app import open_context

        ctx = open_context(self.db_path, daily_backup=False)
        # Still signed in as the 管理员 who restored (a restored file from before accounts
        # has none: then, as for any such database, nothing is limited).
        ctx.actor = self.host.ctx.actor
        ctx.account = self.host.ctx.account if accounts.has_accounts(ctx) else None
        new = type(self)(ctx, self.db_path, settings=self.prefs)
        self.successor = new
        new.show()
        self.close()
        self.deleteLater()
        return new

    # --- window state ---------------------------------------------------------------

    def _restore(self) -> None:
        if self.prefs.value("window/version", 0, int) != SETTINGS_VERSION:
            self.resize(1280, 800)
            return
        geometry = self.prefs.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        tab = self.prefs.value("window/tab", 0, int)
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def save_state(self) -> None:
        self.prefs.setValue("window/version", SETTINGS_VERSION)
        self.prefs.setValue("window/geometry", self.saveGeometry())
        self.prefs.setValue("window/tab", self.tabs.currentIndex())
        self.prefs.sync()

    def closeEvent(self, event) -> None:
        self.save_state()
        # A closed window's watch would later find its closed connection's locks gone.
        self.lock_monitor.timer.stop()
        self.runner.shutdown()
        super().closeEvent(event)


def _reports_tab(host: Host) -> QWidget:
    from .reports_tab import ReportsTab

    return ReportsTab(host)


def _exchange_tab(host: Host) -> QWidget:
    from .exchange_tab import ExchangeTab

    return ExchangeTab(host)


# The window's tabs, in order: listed once (the window, shots and tests use it).
TABS: tuple[Tab, ...] = (
    Tab("dashboard", "首页", Dashboard),
    Tab("advisors", "法律顾问值班", AdvisorsTab),
    Tab("cases", "人民调解", MediationTab),
    Tab("petitions", "信访分流", PetitionTab),
    Tab("reports", "报表导出", _reports_tab),
    Tab("exchange", "数据交换", _exchange_tab),
)
