"""Coloured deadline badges and the side-panel frame the case and petition tabs share."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ..domain import rules
from .columns import STATE_COLORS, STATE_TEXT
from .i18n import _


def badge(deadline: rules.Deadline) -> QLabel:
    text = _("{what}：{due} · {state}").format(
        what=_(deadline.what), due=deadline.due.isoformat(), state=_(STATE_TEXT[deadline.state])
    )
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setObjectName(f"badge_{deadline.state}")
    widget.setStyleSheet(
        f"background: {STATE_COLORS[deadline.state]}; border-radius: 4px; padding: 3px 6px;"
    )
    return widget


class BadgeBox(QGroupBox):
    """The open deadlines of one record, most urgent first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("期限"), parent)
        self._layout = QVBoxLayout(self)
        self.labels: list[QLabel] = []
        self.set_deadlines([])

    def set_deadlines(self, deadlines: list[rules.Deadline]) -> None:
        for widget in self.labels:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        order = {rules.OVERDUE: 0, rules.DUE_SOON: 1, rules.OK: 2}
        if deadlines:
            self.labels = [badge(d) for d in sorted(deadlines, key=lambda d: order[d.state])]
        else:
            self.labels = [QLabel(_("无未到期限"))]
        for widget in self.labels:
            self._layout.addWidget(widget)

    def texts(self) -> list[str]:
        return [w.text() for w in self.labels]
