"""Unsaved input is never thrown away without asking.

A dialog's Esc, its 取消 button and its window's close button all end in
`QDialog.reject()`. `AsksBeforeDiscarding.reject` asks 保存 / 放弃修改 / 继续编辑 when the
input differs from what the dialog was opened with, and closes at once when it does not.
`discard()` closes without asking (for code that means it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from .i18n import _

SAVE, DISCARD, KEEP = "save", "discard", "keep"


def ask_unsaved(parent: QWidget | None) -> str:
    """SAVE, DISCARD or KEEP (also for Esc on the question itself)."""
    box = QMessageBox(
        QMessageBox.Question,
        _("未保存的修改"),
        _("表单中有尚未保存的修改。要保存吗？"),
        QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
        parent,
    )
    box.setObjectName("unsaved_question")
    box.button(QMessageBox.Save).setText(_("保存"))
    box.button(QMessageBox.Discard).setText(_("放弃修改"))
    box.button(QMessageBox.Cancel).setText(_("继续编辑"))
    box.setDefaultButton(QMessageBox.Save)
    box.setEscapeButton(QMessageBox.Cancel)
    answer = box.exec()
    return {QMessageBox.Save: SAVE, QMessageBox.Discard: DISCARD}.get(answer, KEEP)


class AsksBeforeDiscarding:
    """Mix into a QDialog (before QDialog) that provides `current_input()` (anything
    comparable) and `save_from_question()` (True when saved and closed); call
    `remember_input()` once the dialog is filled."""

    _opened_with: object = None

    def remember_input(self) -> None:
        self._opened_with = self.current_input()

    def has_unsaved_changes(self) -> bool:
        return self.current_input() != self._opened_with

    def ask_unsaved(self) -> str:
        """The question; a separate method so that a test can answer it."""
        return ask_unsaved(self)

    def reject(self) -> None:
        if self.isVisible() and self.has_unsaved_changes():
            answer = self.ask_unsaved()
            if answer == KEEP:
                return
            if answer == SAVE:
                self.save_from_question()  # closes the dialog when it saved
                return
        self.discard()

    def discard(self) -> None:
        QDialog.reject(self)
