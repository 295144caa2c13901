"""Message boxes and small dialogs every part of the desk shares.

Why one module: a message must always be a sentence in the user's language with a way
forward (never a code, never a traceback), and tests must never hang on a modal box. So
pages and the shell call :func:`show_error`, :func:`show_info`, :func:`ask` or
:func:`show_reason` instead of ``QMessageBox`` directly; all of them go through one
*presenter*, which the tests replace with a recorder (:func:`set_presenter`).

The passphrase dialog implements :data:`desktop.models.keys.PassphrasePrompt` for stores
without a secure keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.keys import MIN_PASSPHRASE_LENGTH, PassphrasePrompt, PassphraseRequest
from desktop.ui.i18n import current_language
from domain.errors import DomainError
from domain.messages import message

Kind = Literal["info", "warning", "error", "question"]


@dataclass(frozen=True)
class Message:
    """What a message box says; tests read these instead of looking at a window."""

    kind: Kind
    title: str
    text: str


# Shows a message; returns True for "yes"/"OK" (only questions can say False).
Presenter = Callable[[QWidget | None, Message], bool]


def _qt_presenter(parent: QWidget | None, note: Message) -> bool:
    box = QMessageBox(parent)
    box.setWindowTitle(note.title)
    box.setText(note.text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    icons = {
        "info": QMessageBox.Icon.Information,
        "warning": QMessageBox.Icon.Warning,
        "error": QMessageBox.Icon.Critical,
        "question": QMessageBox.Icon.Question,
    }
    box.setIcon(icons[note.kind])
    if note.kind == "question":
        yes = box.addButton(
            QCoreApplication.translate("Dialogs", "Yes"), QMessageBox.ButtonRole.YesRole
        )
        no = box.addButton(
            QCoreApplication.translate("Dialogs", "No"), QMessageBox.ButtonRole.NoRole
        )
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes
    box.addButton(QCoreApplication.translate("Dialogs", "OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return True


_presenter: Presenter = _qt_presenter


def set_presenter(presenter: Presenter | None) -> Presenter:
    """Replace how messages are shown (tests record them); None restores the real boxes.
    Returns the previous presenter so a caller can put it back."""
    global _presenter
    previous = _presenter
    _presenter = presenter if presenter is not None else _qt_presenter
    return previous


def _present(parent: QWidget | None, kind: Kind, text: str, title: str | None) -> bool:
    return _presenter(
        parent, Message(kind, title or QCoreApplication.translate("Dialogs", "Kezek"), text)
    )


def show_error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _present(parent, "error", text, title)


def show_warning(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _present(parent, "warning", text, title)


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _present(parent, "info", text, title)


def ask(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    """A yes/no question; "No" is the default, so Enter never confirms by accident."""
    return _present(parent, "question", text, title)


def reason_text(error: DomainError | str, language: str | None = None) -> str:
    """A reason code (or a DomainError with its params) as a sentence in the language."""
    lang = language or current_language()
    if isinstance(error, DomainError):
        return message(error.code, lang, **error.params)
    return message(error, lang)


def show_reason(
    parent: QWidget | None, error: DomainError | str, *, language: str | None = None
) -> None:
    """Show a reason code's sentence (kk/ru/en from domain.messages) as an error."""
    show_error(parent, reason_text(error, language))


# ------------------------------------------------------------------------------ passphrase


class PassphraseDialog(QDialog):
    """Asks for the store's passphrase; twice when the store is being created.

    Why: without a secure keyring the passphrase is the only thing that unlocks the
    children's data, and a forgotten one cannot be recovered (the data come back only by a
    sync), so creating one says so and asks for it twice.
    """

    def __init__(
        self, request: PassphraseRequest, parent: QWidget | None = None, error: str = ""
    ) -> None:
        super().__init__(parent)
        self.request = request
        self.setObjectName("passphrase-dialog")
        self.setWindowTitle(self.tr("Passphrase of the local data"))
        layout = QVBoxLayout(self)
        if request.creating:
            intro = self.tr(
                "This computer has no secure keyring, so the children's data on it are "
                "protected by a passphrase. Choose one of at least %1 characters and keep "
                "it safe: a forgotten passphrase cannot be recovered (the data then come "
                "back only by a sync)."
            ).replace("%1", str(MIN_PASSPHRASE_LENGTH))
        else:
            intro = self.tr("Enter the passphrase of the local data (profile %1).").replace(
                "%1", request.profile
            )
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.error = QLabel(error)
        self.error.setObjectName("passphrase-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(error))
        layout.addWidget(self.error)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setObjectName("passphrase")
        form.addRow(self.tr("&Passphrase:"), self.first)
        self.second: QLineEdit | None = None
        if request.creating:
            self.second = QLineEdit()
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            self.second.setObjectName("passphrase-repeat")
            form.addRow(self.tr("&Repeat:"), self.second)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Open"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.first.setFocus()

    def _check(self) -> None:
        """Refuse a short or mismatched new passphrase here, keeping what was typed."""
        text = self.first.text()
        if self.second is not None:
            if len(text) < MIN_PASSPHRASE_LENGTH:
                self._fail(
                    self.tr("The passphrase must have at least %1 characters.").replace(
                        "%1", str(MIN_PASSPHRASE_LENGTH)
                    )
                )
                return
            if self.second.text() != text:
                self._fail(self.tr("The two passphrases differ. Type them again."))
                self.second.clear()
                self.second.setFocus()
                return
        elif not text:
            self._fail(self.tr("Enter the passphrase."))
            return
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def passphrase(self) -> str:
        return self.first.text()


# How a passphrase dialog is run; tests replace it to answer without a window.
PassphraseAsker = Callable[[PassphraseRequest, QWidget | None, str], str | None]


def _ask_with_dialog(request: PassphraseRequest, parent: QWidget | None, error: str) -> str | None:
    dialog = PassphraseDialog(request, parent, error)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase()


_asker: PassphraseAsker = _ask_with_dialog


def set_passphrase_asker(asker: PassphraseAsker | None) -> PassphraseAsker:
    """Replace the passphrase dialog (tests); None restores it. Returns the previous one."""
    global _asker
    previous = _asker
    _asker = asker if asker is not None else _ask_with_dialog
    return previous


def passphrase_prompt(parent: QWidget | None = None, error: str = "") -> PassphrasePrompt:
    """A :data:`PassphrasePrompt` for ``open_store``; ``error`` is shown above the field
    (e.g. "wrong passphrase" when asking again)."""

    def prompt(request: PassphraseRequest) -> str | None:
        return _asker(request, parent, error)

    return prompt
