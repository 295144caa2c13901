"""The desk's languages: Kazakh, Russian, English, switched at once while running.

Why here and not in each window: Qt translates through translators installed on the
application, and a switch must remove the old ones and install the new ones in one place;
Qt then sends ``QEvent.LanguageChange`` to every widget, and each page re-sets its texts
(:meth:`desktop.ui.pages.base.Page.retranslate`). Reason-code sentences come from
:mod:`domain.messages` in the same language (:func:`desktop.ui.dialogs.reason_text`).

The ``.ts`` sources live in ``desktop/i18n/`` (``make i18n`` compiles them to ``.qm``).
The language is kept in an INI file beside the profiles (``desk.ini``), not in the
store, because it is needed before the store is opened (the passphrase dialog speaks it).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from desktop.models.store import desk_home

log = logging.getLogger("kezek.desk.ui")

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
# Each language named in itself: a user who cannot read the current one still finds theirs.
NATIVE_NAMES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
SETTINGS_FILE = "desk.ini"
LANGUAGE_PROPERTY = "kezekLanguage"


def locale_for(language: str) -> QLocale:
    """The QLocale whose formats the desk uses for dates and numbers in ``language``."""
    if language == "kk":
        return QLocale(QLocale.Language.Kazakh, QLocale.Country.Kazakhstan)
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Russian, QLocale.Country.Kazakhstan)


def system_language(locale: QLocale | None = None) -> str:
    """The first-start language: Kazakh on a Kazakh system, Russian otherwise (the two
    languages of Kazakhstan's kindergartens; English only when chosen)."""
    chosen = locale if locale is not None else QLocale.system()
    return "kk" if chosen.language() == QLocale.Language.Kazakh else "ru"


def settings(home: Path | str | None = None) -> QSettings:
    """The desk's own settings (language, window geometry): an INI file in the desk home,
    so tests and profiles in another home never touch the user's settings."""
    path = desk_home(home) / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def saved_language(store: QSettings) -> str | None:
    value = store.value("language")
    return str(value) if value in LANGUAGES else None


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return str(value) if value in LANGUAGES else "ru"


class Translators:
    """The translators installed for the current language (the desk's and Qt's own)."""

    def __init__(self, i18n_dir: Path = I18N_DIR) -> None:
        self.i18n_dir = i18n_dir
        self.language = ""
        self._installed: list[QTranslator] = []
        # what was there before the first apply, so clear() leaves no trace (tests)
        self._before: tuple[QLocale, object] | None = None

    def clear(self) -> None:
        """Remove the installed translators and put back the default locale and language
        as they were before the first :meth:`apply`."""
        for old in self._installed:
            QCoreApplication.removeTranslator(old)
        self._installed = []
        self.language = ""
        app = QCoreApplication.instance()
        if self._before is not None and app is not None:
            locale, language = self._before
            QLocale.setDefault(locale)
            app.setProperty(LANGUAGE_PROPERTY, language)
            self._before = None

    def apply(self, language: str) -> bool:
        """Switch to ``language``: Qt then sends LanguageChange to every widget. Returns
        False when the desk's own .qm is missing (texts stay in English: run ``make i18n``)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QCoreApplication")
        if self._before is None:
            self._before = (QLocale(), app.property(LANGUAGE_PROPERTY))
        for old in self._installed:
            QCoreApplication.removeTranslator(old)
        self._installed = []
        found = True
        ours = QTranslator(app)
        if ours.load(f"kezek_{language}", str(self.i18n_dir)):
            self._installed.append(ours)
        else:
            found = language == "en"  # English is the source language
            if not found:
                log.warning("no compiled translation for %s (run make i18n)", language)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_own = QTranslator(app)
        if language != "en" and qt_own.load(f"qtbase_{language}", qt_dir):
            self._installed.append(qt_own)
        QLocale.setDefault(locale_for(language))
        app.setProperty(LANGUAGE_PROPERTY, language)
        self.language = language
        # install last: each install sends LanguageChange, and by now everything is set
        for translator in self._installed:
            QCoreApplication.installTranslator(translator)
        # English installs nothing, and a widget may read the language property or the
        # default locale (dates) even when no text changed: always announce the switch
        QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        return found
