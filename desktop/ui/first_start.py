"""First start: sign the desk in to a server and pull its kindergarten's data.

:func:`sign_in` is the network part (no Qt; it runs in the runner): it logs in with the
desk account, keeps the token (never the password) and ties the profile to the account's
kindergarten. :class:`FirstStartDialog` is the form around it, also used to sign in again
when the server refuses the saved token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import httpx
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.store import LocalStore
from desktop.models.sync_store import LocalSyncStore
from desktop.ui.context import DeskContext
from desktop.ui.dialogs import reason_text
from desktop.ui.i18n import LANGUAGES, NATIVE_NAMES, Translators
from desktop.ui.status import SyncController, SyncOutcome
from domain.errors import DomainError
from domain.messages import message
from sync.client import Progress

SignInFailure = Literal["address", "unreachable", "rejected", "not_desk", "server"]


class SignInError(Exception):
    """Why a sign-in failed, as a kind the wizard turns into a sentence (no traceback)."""

    def __init__(self, kind: SignInFailure, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind: SignInFailure = kind
        self.detail = detail


@dataclass(frozen=True)
class SignedIn:
    server_url: str
    kindergarten_id: int
    account_id: int
    role: str
    login: str | None = None
    full_name: str | None = None


def _text(value: object) -> str | None:
    """A name field of ``/auth/me``: text, or None (an older server sends none)."""
    return value if isinstance(value, str) else None


def normalize_server(address: str) -> str:
    """``kezek.example.kz`` -> ``https://kezek.example.kz``; loopback may be plain http."""
    text = address.strip().rstrip("/")
    if not text:
        raise SignInError("address")
    if "://" not in text:
        loopback = text.startswith(("127.", "localhost", "[::1]"))
        text = ("http://" if loopback else "https://") + text
    url = httpx.URL(text)
    if url.scheme not in ("http", "https") or not url.host:
        raise SignInError("address")
    return text


def sign_in(
    store: LocalStore,
    server: str,
    login: str,
    password: str,
    *,
    language: str = "ru",
    transport: httpx.BaseTransport | None = None,
    timeout: float = 15.0,
) -> SignedIn:
    """Log in as a desk account (head or staff), keep the token (never the password) and
    tie the profile to the account's kindergarten. Runs in the runner (network)."""
    base = normalize_server(server)
    headers = {"Accept-Language": language}
    try:
        with httpx.Client(
            base_url=base, headers=headers, timeout=timeout, transport=transport
        ) as client:
            answer = client.post(
                "/api/v1/auth/login", json={"login": login.strip(), "password": password}
            )
            if answer.status_code in (401, 403, 422):
                raise SignInError("rejected")
            if not answer.is_success:
                raise SignInError("server", f"HTTP {answer.status_code}")
            body = answer.json()
            token = str(body["token"])
            if body.get("role") not in ("head", "staff") or body.get("kindergarten_id") is None:
                raise SignInError("not_desk")
            me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
            if not me.is_success:
                raise SignInError("server", f"HTTP {me.status_code}")
            who = me.json()
    except httpx.TransportError as exc:
        raise SignInError("unreachable", type(exc).__name__) from exc
    except (ValueError, KeyError, TypeError) as exc:  # not a Kezek server's answer
        raise SignInError("server", type(exc).__name__) from exc
    signed = SignedIn(
        server_url=base,
        kindergarten_id=int(body["kindergarten_id"]),
        account_id=int(who["account_id"]),
        role=str(body["role"]),
        login=_text(who.get("login")),
        full_name=_text(who.get("full_name")),
    )
    # set_server first: it refuses another kindergarten's sign-in into this profile, and a
    # refused sign-in must not replace the token of the profile's own account
    LocalSyncStore(store).set_server(
        signed.server_url,
        signed.kindergarten_id,
        signed.account_id,
        role=signed.role,
        login=signed.login,
        full_name=signed.full_name,
    )
    store.save_token(token)
    return signed


# ----------------------------------------------------------------------------------- wizard


class FirstStartDialog(QDialog):
    """First start: language, server address, login, password; signs in and pulls the
    kindergarten's data with progress. Also "sign in again" (``relogin``) when the server
    refused the saved token: then only the sign-in, the data stay.

    Why one form and not a multi-page wizard: at a reception desk the whole setup is four
    fields; one form keeps every field visible, and a failure keeps every input in place
    (only the message changes), so nothing is typed twice.
    """

    def __init__(
        self,
        ctx: DeskContext,
        translators: Translators | None = None,
        *,
        relogin: bool = False,
        server: str = "",
        login: str = "",
        password: str = "",
        auto: bool = False,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first-start")
        self.ctx = ctx
        self.translators = translators
        self.settings = settings
        self.relogin = relogin
        self.auto = auto
        self.signed: SignedIn | None = None
        self.busy = False
        self._signed_in_once = False
        self.controller = SyncController(ctx, self)
        self.controller.progress.connect(self._progress)
        self.controller.finished.connect(self._synced)

        self.heading = QLabel()
        self.heading.setObjectName("first-start-heading")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("first-start-language")
        for code in LANGUAGES:
            self.language.addItem(NATIVE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, LANGUAGES.index(ctx.language)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.server = QLineEdit(server)
        self.server.setObjectName("first-start-server")
        self.login = QLineEdit(login)
        self.login.setObjectName("first-start-login")
        self.password = QLineEdit(password)
        self.password.setObjectName("first-start-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if relogin and ctx.sync_store.configured():
            self.server.setText(self.server.text() or ctx.sync_store.state().server_url)

        self.form = QFormLayout()
        self.language_label = QLabel()
        self.server_label = QLabel()
        self.login_label = QLabel()
        self.password_label = QLabel()
        for label, field in (
            (self.language_label, self.language),
            (self.server_label, self.server),
            (self.login_label, self.login),
            (self.password_label, self.password),
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        if relogin:
            self.language_label.setVisible(False)
            self.language.setVisible(False)

        self.error = QLabel()
        self.error.setObjectName("first-start-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        self.phase = QLabel()
        self.phase.setObjectName("first-start-phase")
        self.phase.setVisible(False)
        self.bar = QProgressBar()
        self.bar.setObjectName("first-start-progress")
        self.bar.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.go = QPushButton()
        self.go.setObjectName("first-start-go")
        self.go.setDefault(True)
        self.go.setAutoDefault(True)
        self.later = QPushButton()
        self.later.setObjectName("first-start-later")
        self.later.setVisible(False)
        self.quit = QPushButton()
        self.quit.setObjectName("first-start-quit")
        self.buttons.addButton(self.go, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.later, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.quit, QDialogButtonBox.ButtonRole.RejectRole)
        self.go.clicked.connect(self.submit)
        self.later.clicked.connect(self.accept)
        self.quit.clicked.connect(self.reject)
        self.later.setVisible(False)  # only once signed in and the first sync failed

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.phase)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        QWidget.setTabOrder(self.language, self.server)
        QWidget.setTabOrder(self.server, self.login)
        QWidget.setTabOrder(self.login, self.password)
        QWidget.setTabOrder(self.password, self.go)
        self.retranslate()
        first_empty = next(
            (f for f in (self.server, self.login, self.password) if not f.text()), self.password
        )
        first_empty.setFocus()
        if auto:
            QTimer.singleShot(0, self.submit)

    # --- texts ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.relogin:
            self.setWindowTitle(self.tr("Sign in again"))
            self.intro.setText(
                self.tr(
                    "The server did not accept the saved sign-in. Enter the password to "
                    "sync again; the data and unsent work on this computer are kept."
                )
            )
        else:
            self.setWindowTitle(self.tr("Welcome to Kezek"))
            self.intro.setText(
                self.tr(
                    "Connect this desk to your kindergarten. Sign in once with the head's "
                    "or staff account; afterwards the desk works without the Internet and "
                    "needs the server only to sync."
                )
            )
        self.heading.setText(self.windowTitle())
        self.language_label.setText(self.tr("&Language:"))
        self.server_label.setText(self.tr("&Server address:"))
        self.server.setPlaceholderText(self.tr("e.g. https://kezek.example.kz"))
        self.login_label.setText(self.tr("L&ogin:"))
        self.login.setPlaceholderText(self.tr("head or staff account"))
        self.password_label.setText(self.tr("&Password:"))
        self.quit.setText(self.tr("Cancel") if self.relogin else self.tr("Quit"))
        self.later.setText(self.tr("Continue without data"))
        self._button_text()

    def _button_text(self) -> None:
        if self._signed_in_once and not self.relogin:
            self.go.setText(self.tr("Sync again"))
        else:
            self.go.setText(self.tr("Sign in"))

    def _language_chosen(self, index: int) -> None:
        """The language applies at once, to this form and to everything after it."""
        language = str(self.language.itemData(index))
        self.ctx.language = language
        self.ctx.store.language = language
        if self.settings is not None:
            self.settings.setValue("language", language)
        if self.translators is not None:
            self.translators.apply(language)
            QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.retranslate()
        if self._last_error is not None:
            self._show_error(self._last_error)

    # --- sign in and first sync -----------------------------------------------------------

    _last_error: SignInError | DomainError | str | None = None

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.language, self.server, self.login, self.password, self.go):
            widget.setEnabled(not busy)
        self.later.setEnabled(not busy)
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)

    def submit(self) -> None:
        """Sign in (or, once signed in, sync again) in the runner; the form keeps its input."""
        if self.busy:
            return
        if self._signed_in_once and not self.relogin:
            self._start_sync()
            return
        missing = next(
            (f for f in (self.server, self.login, self.password) if not f.text().strip()), None
        )
        if missing is not None:
            self._show_error("missing")
            missing.setFocus()
            return
        self._hide_error()
        self._set_busy(True)
        self._set_phase(self.tr("Signing in…"))
        server, login, password = self.server.text(), self.login.text(), self.password.text()
        store, language = self.ctx.store, self.ctx.language

        def work() -> SignedIn | SignInError:
            try:
                return sign_in(store, server, login, password, language=language)
            except SignInError as exc:
                return exc

        self.ctx.runner.submit(work, self._signed_in, self._sign_in_failed)

    def _signed_in(self, result: SignedIn | SignInError) -> None:
        if isinstance(result, SignInError):
            self._sign_in_failed(result)
            return
        self.signed = result
        self._signed_in_once = True
        self.server.setText(result.server_url)
        if self.relogin:
            self._set_busy(False)
            self.accept()
            return
        self._start_sync()

    def _sign_in_failed(self, error: SignInError | DomainError) -> None:
        self._set_busy(False)
        self._set_phase("")
        self._show_error(error)
        if isinstance(error, SignInError) and error.kind == "rejected":
            self.password.setFocus()
            self.password.selectAll()
        elif isinstance(error, SignInError) and error.kind in ("address", "unreachable"):
            self.server.setFocus()
            self.server.selectAll()

    def _start_sync(self) -> None:
        self._hide_error()
        self._set_busy(True)
        self._set_phase(self.tr("Downloading the kindergarten's data…"))
        if not self.controller.start():
            self._set_busy(False)

    def _progress(self, step: Progress) -> None:
        texts = {
            "meta": self.tr("Connecting…"),
            "push": self.tr("Sending changes…"),
            "snapshot": self.tr("Downloading the kindergarten's data…"),
            "pull": self.tr("Receiving changes…"),
            "directory": self.tr("Updating the district's kindergartens…"),
            "retry": self.tr("No answer, retrying…"),
        }
        if step.phase in texts:
            self._set_phase(texts[step.phase])
        if step.total:
            self.bar.setRange(0, step.total)
            self.bar.setValue(step.done)

    def _synced(self, outcome: SyncOutcome) -> None:
        self._set_busy(False)
        if outcome.ok:
            self._set_phase(self.tr("Done"))
            self.accept()
            return
        # signed in, but the data did not come: say why; "Sync again" or continue offline
        self._set_phase("")
        self._show_error(outcome.error_code or "INTERNAL")
        self._button_text()
        self.later.setVisible(True)
        for field in (self.server, self.login, self.password, self.language):
            field.setEnabled(False)

    # --- messages -------------------------------------------------------------------------

    def _set_phase(self, text: str) -> None:
        self.phase.setText(text)
        self.phase.setVisible(bool(text))

    def _hide_error(self) -> None:
        self._last_error = None
        self.error.setVisible(False)

    def _show_error(self, error: SignInError | DomainError | str) -> None:
        self._last_error = error
        self.error.setText(self.error_text(error))
        self.error.setVisible(True)

    def error_text(self, error: SignInError | DomainError | str) -> str:
        """A failure as a sentence in the chosen language, with what to do next."""
        language = self.ctx.language
        if error == "missing":
            return self.tr("Fill in the server address, the login and the password.")
        if isinstance(error, SignInError):
            if error.kind == "address":
                return self.tr(
                    "This is not a server address. Enter it like https://kezek.example.kz."
                )
            if error.kind == "unreachable":
                return self.tr(
                    "The server %1 does not answer. Check the address and the Internet "
                    "connection, then try again."
                ).replace("%1", self.server.text().strip())
            if error.kind == "rejected":
                return message("AUTH_FAILED", language)
            if error.kind == "not_desk":
                return self.tr(
                    "This account is not a kindergarten head's or staff account. Sign in "
                    "with your kindergarten's desk account."
                )
            return self.tr(
                "The server answered with an error. Try again later or ask your administrator."
            )
        return reason_text(error, language)
