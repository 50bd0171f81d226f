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


# Qt's catalogues for the standard dialogs (buttons, file dialog, colour and font
# dialogs …): `qtbase_` holds the widgets' strings; `qt_` is the umbrella catalogue
# that names qtbase_ and qtmultimedia_ (loaded too when the whole set is there).
QT_CATALOGUES = ("qtbase", "qt")


def qt_translation_folders() -> list[str]:
    """Where Qt's .qm files are: Qt's own idea, then the wheel's folder (the packaged
    program ships them there too, see pyinstaller.spec)."""
    from pathlib import Path

    import PySide6
    from PySide6.QtCore import QLibraryInfo

    folders = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).parent / "Qt" / "translations"),
    ]
    return list(dict.fromkeys(folders))


def install_qt_translations(app) -> list:
    """Load Qt's own Chinese catalogues for the standard dialogs. Returns the
    translators (the caller keeps them alive for the application's lifetime)."""
    from PySide6.QtCore import QLocale, QTranslator

    if _language != ZH:
        QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    catalogues = []
    for name in QT_CATALOGUES:
        for folder in qt_translation_folders():
            translator = QTranslator(app)
            if translator.load(f"{name}_{ZH}", folder):
                catalogues.append(translator)
                break
    if not catalogues:
        return []
    # Installed first, so asked last: only for what no catalogue answers.
    kept = [_mnemonic_fallback(app, catalogues)]
    kept += catalogues
    for translator in kept:
        app.installTranslator(translator)
    return kept


def _mnemonic_fallback(app, catalogues):
    """Qt 6 gave some labels a shortcut letter ("&Look in:", "Files of &type:") that
    the Chinese catalogue still knows only without it ("Look in:" → "查找范围："), so
    the file dialog showed them in English. Ask again without the "&" and put the
    letter back the Chinese way: "查找范围(&L)："."""
    from PySide6.QtCore import QTranslator

    class MnemonicFallback(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            letter = _mnemonic(source)
            if not letter:
                return ""
            plain = source.replace("&&", "\0").replace("&", "", 1).replace("\0", "&&")
            for catalogue in catalogues:
                text = catalogue.translate(context, plain, disambiguation, n)
                if text:
                    return _with_mnemonic(text, letter)
            return ""

        def isEmpty(self):  # noqa: N802 - Qt API
            return False

    return MnemonicFallback(app)


def _mnemonic(source: str) -> str:
    """The shortcut letter of a Qt label ("Files of &type:" → "T"), or ""."""
    at = source.replace("&&", "  ").find("&")
    return source[at + 1].upper() if 0 <= at < len(source) - 1 else ""


def _with_mnemonic(text: str, letter: str) -> str:
    body = text.rstrip(":：")
    return f"{body}(&{letter}){text[len(body) :]}"
