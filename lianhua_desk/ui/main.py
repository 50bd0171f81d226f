"""Starting the window: the application object, font, language, crash handler, log."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME, paths
from .errors import CrashHandler
from .fonts import install_fallback_fonts
from .i18n import _, install_qt_translations, set_language
from .instance_guard import InstanceGuard
from .recovery import open_for_window
from .resources import install_cjk_font
from .sign_in import sign_in_at_start, unlock_at_start

EXIT_DECLINED = 1  # the user chose not to create the database, or not to sign in
EXIT_ENV = 3


def offer_demo(ctx, ask) -> bool:
    """On a first start with an empty database, offer the demo data; True if written.

    `ask(title, text)` returns the user's yes/no (a message box in the program)."""
    from ..app import has_records
    from ..services import demo

    if has_records(ctx):
        return False
    if not ask(
        _("空数据库"),
        _("数据库中还没有任何记录。要写入一套演示数据（莲花街道 16 个社区）来熟悉程序吗？"),
    ):
        return False
    demo.fill(ctx)
    return True


def confirm_new_database(db_path: Path, ask) -> bool:
    """Whether the window may open db_path: it exists, or it is the default database
    (a first start creates it), or the user agreed to create it where --db or
    $LIANHUA_DB pointed. `ask(title, text)` returns the answer (新建 → True)."""
    db_path = Path(db_path)
    if db_path.exists() or paths.is_default_database(db_path):
        return True
    return ask(
        _("新建数据库"),
        _("数据库文件不存在：{path}").format(path=db_path)
        + "\n\n"
        + _("要在这里新建一个空数据库吗？"),
    )


def ask_create_database(title: str, text: str) -> bool:
    """新建 / 退出 (Esc: 退出)."""
    box = QMessageBox(QMessageBox.Question, title, text)
    box.setObjectName("create_database")
    create = box.addButton(_("新建"), QMessageBox.AcceptRole)
    quit_ = box.addButton(_("退出"), QMessageBox.RejectRole)
    box.setDefaultButton(create)
    box.setEscapeButton(quit_)
    box.exec()
    return box.clickedButton() is create


def _ask_yes_no(title: str, text: str) -> bool:
    answer = QMessageBox.question(None, title, text, QMessageBox.Yes | QMessageBox.No)
    return answer == QMessageBox.Yes


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named for QSettings, with the CJK font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    install_cjk_font(app)
    install_fallback_fonts(app)  # rare characters (CJK Ext A–F) as the PDFs set them
    return app


def setup_language(app: QApplication, language: str) -> list:
    set_language(language)
    return install_qt_translations(app)


def setup_logging() -> None:
    """A rotating log in the user's log folder (never personal data: see errors.py)."""
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "lianhua-desk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def start_daily_backup(window) -> None:
    """The first opening of a day backs the database up, on the background worker."""
    import datetime as dt

    from ..app import has_records
    from ..services import database

    def work(ctx, _progress):
        if database.daily_backup_due(ctx.backup_dir, dt.date.today()) and has_records(ctx):
            return database.backup(ctx.db, ctx.backup_dir, reason="daily")
        return None

    def done(path) -> None:
        if path is not None:
            window.host.status.emit(_("已完成今日备份：") + str(path))

    window.runner.run(_("正在备份数据库…"), work, done, parent=window, cancellable=False)


def _ask(dialog) -> int:
    """Start-up dialogs are modal: nothing else is on screen yet."""
    return dialog.exec()


def current_window(window):
    """A restore from the 数据 menu replaces the window by a new one on the restored file."""
    while getattr(window, "successor", None) is not None:
        window = window.successor
    return window


def _open_signed_in(app: QApplication, db_path: Path) -> tuple:
    """The database opened and signed in (or the first 管理员 created) before anything
    is written or shown, in its settings' language: (an Opened, the Qt translators to
    keep alive). The Opened's ctx is None when the file did not open; it is None itself
    when the user quit. An encrypted database's settings are read once it is unlocked,
    so its sign-in is in Chinese."""
    from ..services import encryption

    if encryption.is_encrypted(db_path):  # nothing can be read before the key is unlocked
        opened = unlock_at_start(db_path, lambda: open_for_window(db_path, _ask), _ask)
        if opened is None or opened.ctx is None:
            return opened, []
        return opened, setup_language(app, opened.ctx.settings.language)
    opened = open_for_window(db_path, _ask)
    if opened.ctx is None:
        return opened, []
    translators = setup_language(app, opened.ctx.settings.language)
    if sign_in_at_start(opened.ctx, _ask) is None:
        opened.ctx.db.close()
        return None, translators
    return opened, translators


def run(db_path: Path) -> int:
    """Open the main window on the database at db_path; the exit status."""
    from .main_window import MainWindow

    app = create_app()
    setup_logging()
    crash = CrashHandler()
    crash.install()
    db_path = Path(db_path)
    # Before the lock file and the database: a mistyped --db creates nothing.
    if not confirm_new_database(db_path, ask_create_database):
        crash.uninstall()
        return EXIT_DECLINED
    guard = InstanceGuard(db_path)
    if not guard.acquire():
        QMessageBox.warning(None, _("数据库已在使用中"), guard.message())
        crash.uninstall()
        return EXIT_ENV
    try:
        # The day's backup of a big database takes seconds: done after the window shows.
        opened, translators = _open_signed_in(app, db_path)  # translators: kept alive
        if opened is None:
            return EXIT_DECLINED
        if opened.ctx is None:
            return EXIT_ENV
        ctx = opened.ctx
        offer_demo(ctx, _ask_yes_no)
        window = MainWindow(ctx, db_path)
        window.show()
        if opened.note:
            window.statusBar().showMessage(opened.note)
            QMessageBox.information(window, _("已恢复"), opened.note)
        if note := getattr(ctx.db, "location_note", None):  # on a network share: no WAL
            QMessageBox.warning(window, _("数据库在网络位置"), note)
        start_daily_backup(window)
        try:
            return app.exec()
        finally:
            window = current_window(window)
            window.runner.shutdown()  # also when the loop ends without closing the window
            window.host.ctx.db.close()
    finally:
        guard.release()
        crash.uninstall()
