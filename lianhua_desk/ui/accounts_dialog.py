"""文件 → 账户管理… (管理员 only): the accounts, adding one, resetting a password,
changing a role, disabling and enabling. Every rule (the first account, keeping an
active 管理员, password length) is the service's (services.accounts); its refusal
is said in the dialog that asked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.accounts import ROLES
from ..errors import RefusedInput
from ..services import accounts
from . import errors
from .i18n import _
from .sign_in import message_line, password_line, refusal_text
from .table_model import RowsModel

HEADERS = ("账户名", "角色", "状态", "创建时间", "最近登录")


class AccountForm(QDialog):
    """A small form for one account change: the fields it needs, and `submit(values)`
    (the service call) run on OK; a refusal stays in the form, said in red."""

    def __init__(
        self,
        title: str,
        submit: Callable[[dict], None],
        name: bool = False,
        role: str | None = None,
        password: bool = False,
        old_password: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("account_form")
        self.setWindowTitle(title)
        self._submit = submit
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        if name:
            self.fields["name"] = QLineEdit()
            form.addRow(_("账户名"), self.fields["name"])
        if role is not None:
            box = QComboBox()
            for r in ROLES:
                box.addItem(_(r), r)
            box.setCurrentIndex(max(0, box.findData(role)))
            self.fields["role"] = box
            form.addRow(_("角色"), box)
        if old_password:
            self.fields["old"] = password_line("old")
            form.addRow(_("原密码"), self.fields["old"])
        if password:
            self.fields["password"] = password_line("password")
            self.fields["password"].setPlaceholderText(
                _("至少 {n} 个字符").format(n=accounts.MIN_PASSWORD)
            )
            self.fields["confirm"] = password_line("confirm")
            form.addRow(_("新密码"), self.fields["password"])
            form.addRow(_("再次输入密码"), self.fields["confirm"])
        for key, widget in self.fields.items():
            widget.setObjectName(key)
        self.message = message_line()
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("确定"), QDialogButtonBox.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(_("取消"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def values(self) -> dict:
        out = {}
        for key, widget in self.fields.items():
            out[key] = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
        return out

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def submit(self) -> bool:
        values = self.values()
        if "password" in values and values["password"] != values["confirm"]:
            self.say(_("两次输入的密码不一致。"))
            return False
        try:
            self._submit(values)
        except RefusedInput as exc:
            self.say(refusal_text(exc))
            return False
        self.accept()
        return True


class AccountsDialog(QDialog):
    """The accounts of the database and what a 管理员 may change about them."""

    def __init__(self, host, parent: QWidget | None = None):
        super().__init__(parent)
        self.host, self.ctx = host, host.ctx
        self.setObjectName("accounts")
        self.setWindowTitle(_("账户管理"))
        self.rows: list[dict] = []
        self.model = RowsModel([_(h) for h in HEADERS], parent=self)
        self.view = QTableView()
        self.view.setObjectName("table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())

        row = QHBoxLayout()
        self.add_button = self._button(_("添加账户…"), "add", self.add_account, row)
        self.password_button = self._button(_("重设密码…"), "password", self.reset_password, row)
        self.role_button = self._button(_("更改角色…"), "role", self.change_role, row)
        self.active_button = self._button(_("停用"), "active", self.toggle_active, row)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText(_("关闭"))
        close.rejected.connect(self.reject)
        note = QLabel(
            _(
                "管理员可管理账户和设置；录入员可录入、导入导出；查阅只能查看，身份证号和电话遮蔽显示。"
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 400)
        self.reload()

    def _button(self, text: str, name: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _c=False: slot())
        row.addWidget(button)
        return button

    # --- showing ------------------------------------------------------------------

    def reload(self) -> None:
        chosen = self.current()
        try:
            self.rows = accounts.list_accounts(self.ctx)
        except RefusedInput as exc:  # no longer a 管理员
            errors.show_refused(exc, self)
            self.rows = []
        self.model.set_rows(
            [
                [
                    r["name"],
                    _(r["role"]),
                    _("已启用") if r["active"] else _("已停用"),
                    r.get("created_at") or "",
                    r.get("last_sign_in") or "",
                ]
                for r in self.rows
            ],
            [r["name"] for r in self.rows],
        )
        if chosen is not None:
            self.select(chosen["name"])
        self._update_buttons()

    def current(self) -> dict | None:
        index = self.view.selectionModel().currentIndex()
        row = index.row() if index.isValid() else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select(self, name: str) -> None:
        for i, r in enumerate(self.rows):
            if r["name"] == name:
                self.view.selectRow(i)

    def _update_buttons(self) -> None:
        chosen = self.current()
        for button in (self.password_button, self.role_button, self.active_button):
            button.setEnabled(chosen is not None)
        active = chosen is None or chosen["active"]
        self.active_button.setText(_("停用") if active else _("启用"))

    # --- changes --------------------------------------------------------------------

    def _form(self, title: str, submit, **fields) -> AccountForm:
        form = AccountForm(title, submit, parent=self, **fields)
        form.accepted.connect(self.reload)
        form.open()
        return form

    def add_account(self) -> AccountForm:
        def submit(v):
            accounts.create_account(self.ctx, v["name"], v["password"], v["role"])

        return self._form(_("添加账户"), submit, name=True, role=ROLES[1], password=True)

    def reset_password(self) -> AccountForm | None:
        chosen = self.current()
        if chosen is None:
            return None
        name = chosen["name"]
        own = self.ctx.account is not None and self.ctx.account.name == name

        def submit(v):
            accounts.change_password(self.ctx, name, v["old"] if own else None, v["password"])

        title = _("重设密码") + f" · {name}"
        return self._form(title, submit, password=True, old_password=own)

    def change_role(self) -> AccountForm | None:
        chosen = self.current()
        if chosen is None:
            return None
        name = chosen["name"]

        def submit(v):
            accounts.set_role(self.ctx, name, v["role"])

        return self._form(_("更改角色") + f" · {name}", submit, role=chosen["role"])

    def toggle_active(self) -> bool:
        chosen = self.current()
        if chosen is None:
            return False
        try:
            accounts.set_active(self.ctx, chosen["name"], not chosen["active"])
        except RefusedInput as exc:  # the last active 管理员
            errors.show_refused(exc, self)
            return False
        self.reload()
        return True
