"""Who is calling: desk and department accounts (password), parents (IIN + SMS code).

Passwords are hashed with Argon2id (memory-hard). Tokens are random and opaque; the
database keeps only their SHA-256, so a copy of the table logs nobody in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.iin import parse_iin
from domain.phones import normalize_phone
from server_stub.models import Account, Application, PhoneCode, Token, VerifiedPhone
from server_stub.services import notifications
from server_stub.services.errors import RefusalToKeep

ROLES = ("admin", "head", "staff")
DESK_ROLES = ("head", "staff")
# a parent may ask for at most this many codes per phone in CODE_WINDOW
CODES_PER_WINDOW = 5
CODE_WINDOW = timedelta(hours=1)
CODE_RESEND_AFTER = timedelta(seconds=60)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, as every service that checks scope sees it."""

    token_id: int
    account_id: int | None = None
    role: str | None = None
    kindergarten_id: int | None = None
    district_id: int | None = None
    parent_iin: str | None = None

    @property
    def actor(self) -> str:
        """How the audit log names the caller: never an IIN (R30)."""
        if self.account_id is not None:
            return f"account:{self.account_id}"
        return f"parent-token:{self.token_id}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_desk(self) -> bool:
        return self.role in DESK_ROLES


def create_account(
    session: Session,
    *,
    now: datetime,
    login: str,
    password: str,
    role: str,
    kindergarten_id: int | None = None,
    district_id: int | None = None,
    full_name: str = "",
) -> Account:
    login = login.strip()
    if role not in ROLES:
        raise DomainError("ACCOUNT_ROLE_INVALID", role=role)
    if role in DESK_ROLES and kindergarten_id is None:
        raise DomainError("ACCOUNT_NEEDS_KINDERGARTEN")
    if len(password) < 4 or not login:
        raise DomainError("ACCOUNT_PASSWORD_WEAK")
    if session.scalar(select(Account.id).where(Account.login == login)) is not None:
        raise DomainError("ACCOUNT_LOGIN_TAKEN", login=login)
    account = Account(
        login=login,
        password_hash=hash_password(password),
        role=role,
        kindergarten_id=kindergarten_id if role in DESK_ROLES else None,
        district_id=district_id,
        full_name=full_name,
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account


def _issue_token(
    session: Session,
    *,
    now: datetime,
    ttl: timedelta,
    account_id: int | None = None,
    parent_iin: str | None = None,
) -> tuple[str, Token]:
    secret = secrets.token_urlsafe(32)
    token = Token(
        token_hash=_digest(secret),
        account_id=account_id,
        parent_iin=parent_iin,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(token)
    session.flush()
    return secret, token


def login(
    session: Session, *, now: datetime, login: str, password: str, ttl: timedelta
) -> tuple[str, Account, datetime]:
    """Password login for desks and admins; one message for every failure (no oracle)."""
    account = session.scalar(select(Account).where(Account.login == login.strip()))
    if account is None or not account.active:
        _hasher().hash(password)  # same cost whether or not the login exists
        raise DomainError("AUTH_FAILED")
    if not _verify_password(account.password_hash, password):
        raise DomainError("AUTH_FAILED")
    secret, token = _issue_token(session, now=now, ttl=ttl, account_id=account.id)
    return secret, account, token.expires_at


def authenticate(session: Session, *, now: datetime, secret: str) -> Principal:
    token = session.scalar(select(Token).where(Token.token_hash == _digest(secret)))
    if token is None or token.revoked:
        raise DomainError("AUTH_REQUIRED")
    if token.expires_at <= now:
        raise DomainError("AUTH_EXPIRED")
    if token.account_id is None:
        return Principal(token_id=token.id, parent_iin=token.parent_iin)
    account = session.get(Account, token.account_id)
    if account is None or not account.active:
        raise DomainError("AUTH_REQUIRED")
    return Principal(
        token_id=token.id,
        account_id=account.id,
        role=account.role,
        kindergarten_id=account.kindergarten_id,
        district_id=account.district_id,
    )


def logout(session: Session, principal: Principal) -> None:
    session.execute(update(Token).where(Token.id == principal.token_id).values(revoked=True))


def request_code(
    session: Session,
    *,
    now: datetime,
    parent_iin: str,
    phone: str,
    purpose: str,
    language: str,
    ttl: timedelta,
) -> datetime:
    """Send a one-time code by SMS; returns when it expires.

    A login code goes only to a phone the parent already proved, or to the first phone of
    a parent who has none yet (a new family). A ``phone`` code proves a new number (R4).
    """
    parent_iin = parse_iin(parent_iin).iin
    phone = normalize_phone(phone)
    if purpose == "login":
        known = _known_phones(session, parent_iin)
        if known and phone not in known:
            raise DomainError("PHONE_NOT_REGISTERED")
    elif purpose != "phone":
        raise DomainError("INVALID_REQUEST")
    recent = session.scalars(
        select(PhoneCode.created_at).where(
            PhoneCode.phone == phone, PhoneCode.created_at > now - CODE_WINDOW
        )
    ).all()
    if len(recent) >= CODES_PER_WINDOW:
        raise DomainError("CODE_TOO_MANY")
    if recent and max(recent) > now - CODE_RESEND_AFTER:
        raise DomainError("CODE_TOO_SOON", seconds=int(CODE_RESEND_AFTER.total_seconds()))
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = PhoneCode(
        parent_iin=parent_iin,
        phone=phone,
        purpose=purpose,
        code_hash=_digest(f"{phone}:{code}"),
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(row)
    session.flush()
    notifications.enqueue(
        session,
        now=now,
        kind="login_code" if purpose == "login" else "phone_code",
        phone=phone,
        language=language,
        params={"code": code},
    )
    return row.expires_at


def _known_phones(session: Session, parent_iin: str) -> set[str]:
    verified = session.scalars(
        select(VerifiedPhone.phone).where(VerifiedPhone.parent_iin == parent_iin)
    ).all()
    on_file = session.execute(
        select(Application.phone1, Application.phone2).where(Application.parent_iin == parent_iin)
    ).all()
    return set(verified) | {p for row in on_file for p in row if p}


def verify_code(
    session: Session,
    *,
    now: datetime,
    parent_iin: str,
    phone: str,
    code: str,
    purpose: str,
    max_attempts: int,
) -> None:
    """Check a code; a correct one marks the phone as the parent's (R4)."""
    parent_iin = parse_iin(parent_iin).iin
    phone = normalize_phone(phone)
    row = session.scalar(
        select(PhoneCode)
        .where(
            PhoneCode.parent_iin == parent_iin,
            PhoneCode.phone == phone,
            PhoneCode.purpose == purpose,
            PhoneCode.used_at.is_(None),
        )
        .order_by(PhoneCode.id.desc())
        .limit(1)
        .with_for_update()
    )
    if row is None or row.expires_at <= now:
        raise DomainError("CODE_EXPIRED")
    if row.attempts >= max_attempts:
        raise DomainError("CODE_TOO_MANY")
    row.attempts += 1
    if not hmac.compare_digest(row.code_hash, _digest(f"{phone}:{code.strip()}")):
        raise RefusalToKeep("CODE_WRONG", left=max_attempts - row.attempts)
    row.used_at = now
    if session.get(VerifiedPhone, (parent_iin, phone)) is None:
        session.add(VerifiedPhone(parent_iin=parent_iin, phone=phone, verified_at=now))
    session.flush()


def parent_login(
    session: Session,
    *,
    now: datetime,
    parent_iin: str,
    phone: str,
    code: str,
    ttl: timedelta,
    max_attempts: int,
) -> tuple[str, datetime]:
    verify_code(
        session,
        now=now,
        parent_iin=parent_iin,
        phone=phone,
        code=code,
        purpose="login",
        max_attempts=max_attempts,
    )
    secret, token = _issue_token(session, now=now, ttl=ttl, parent_iin=parse_iin(parent_iin).iin)
    return secret, token.expires_at


def is_verified_phone(session: Session, parent_iin: str, phone: str) -> bool:
    return session.get(VerifiedPhone, (parent_iin, phone)) is not None
