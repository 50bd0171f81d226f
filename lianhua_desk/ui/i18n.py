"""The translation layer: Simplified Chinese by default, English selectable.

Strings in the code are the Chinese text itself, wrapped in `_()`; the English
values live in `strings_en.py`, keyed by that Chinese. Field labels come from the
field declarations (`label` / `label_en`); enumeration values are data (stored in
Chinese) but are shown through `enum_text` so an English screen reads English: each
value's English is declared beside it (domain.fields.CHOICES_EN).
Qt's own dialogs (buttons of QMessageBox, QFileDialog …) get Qt's catalogue.

The language is chosen once, before the window is built; changing it in the
settings takes effect at the next start.
"""

from __future__ import annotations

from ..domain.fields import CHOICES_EN, Field
from .strings_en import STRINGS_EN

ZH, EN = "zh_CN", "en"
LANGUAGES = {ZH: "简体中文", EN: "English"}

_language = ZH
# Chinese strings asked for in English that have no English yet (tests keep it empty).
MISSING: set[str] = set()


def set_language(language: str) -> None:
    global _language
    _language = EN if language and language.lower().startswith("en") else ZH


def language() -> str:
    return _language


def is_english() -> bool:
    return _language == EN


def _(text: str) -> str:
    """The text in the current language (the Chinese itself is the key)."""
    if _language == ZH:
        return text
    english = STRINGS_EN.get(text)
    if english is None:
        MISSING.add(text)
        return text
    return english


def label(field: Field) -> str:
    return field.label_en if _language == EN and field.label_en else field.label


def entity_label(e) -> str:
    return e.label_en if _language == EN else e.sheet


def enum_text(value: str | None) -> str:
    """An enumeration value (or 是/否) as shown on screen."""
    if value is None:
        return ""
    if _language == ZH:
        return value
    english = CHOICES_EN.get(value)
    if english is None:
        MISSING.add(value)
        return value
    return english


def yes_no(value) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def install_qt_translations(app) -> list:
    """Load Qt's own Chinese catalogue for the standard dialogs. Returns the
    translators (the caller keeps them alive for the application's lifetime)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if _language != ZH:
        QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    kept = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            kept.append(translator)
    return kept
