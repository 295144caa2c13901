"""``/api/v1/auth``: desk and admin accounts log in with a password, parents with an SMS code.

The parent's code request answers the same whatever the IIN: a phone that is not the
parent's simply gets no SMS, so nobody can learn through this endpoint which IINs have an
application or which phones they use (R30).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, status

from domain.errors import DomainError
from server_stub.api.deps import LanguageDep, NowDep, PrincipalDep, RuntimeDep, SessionDep
from server_stub.api.errors import error_responses
from server_stub.api.schemas.auth import (
    CodeSent,
    LoginIn,
    LoginOut,
    MeOut,
    ParentCodeIn,
    ParentLoginIn,
    ParentTokenOut,
)
from server_stub.models import Account
from server_stub.services import audit, auth

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

IIN_CODES = ("IIN_FORMAT", "IIN_CHECKSUM", "IIN_NEVER_ISSUED")
PHONE_CODES = ("PHONE_FORMAT", "PHONE_NOT_MOBILE")
CODE_CODES = ("CODE_EXPIRED", "CODE_WRONG", "CODE_TOO_MANY")


@router.post("/login", response_model=LoginOut, responses=error_responses("AUTH_FAILED"))
def login(body: LoginIn, session: SessionDep, now: NowDep, runtime: RuntimeDep) -> LoginOut:
    """Desk (head, staff) or department (admin) login; one answer for every failure."""
    secret, account, expires_at = auth.login(
        session,
        now=now,
        login=body.login,
        password=body.password,
        ttl=timedelta(hours=runtime.settings.token_ttl_hours),
    )
    audit.record(
        session,
        now=now,
        actor=f"account:{account.id}",
        action="login",
        entity="account",
        entity_id=account.id,
        kindergarten_id=account.kindergarten_id,
    )
    return LoginOut.model_validate(
        {
            "token": secret,
            "expires_at": expires_at,
            "role": account.role,
            "kindergarten_id": account.kindergarten_id,
        }
    )


@router.post(
    "/parent/code",
    response_model=CodeSent,
    responses=error_responses(*IIN_CODES, *PHONE_CODES, "CODE_TOO_MANY", "CODE_TOO_SOON"),
)
def parent_code(
    body: ParentCodeIn,
    session: SessionDep,
    now: NowDep,
    runtime: RuntimeDep,
    language: LanguageDep,
) -> CodeSent:
    """Text a one-time login code to the phone (R4)."""
    ttl = timedelta(minutes=runtime.settings.code_ttl_minutes)
    try:
        expires_at = auth.request_code(
            session,
            now=now,
            parent_iin=body.parent_iin,
            phone=body.phone,
            purpose="login",
            language=body.language or language,
            ttl=ttl,
        )
    except DomainError as exc:
        if exc.code != "PHONE_NOT_REGISTERED":
            raise
        # Not this parent's phone: the same answer as a sent code, and no SMS.
        expires_at = now + ttl
    return CodeSent(expires_at=expires_at)


@router.post(
    "/parent/login",
    response_model=ParentTokenOut,
    responses=error_responses(*IIN_CODES, *PHONE_CODES, *CODE_CODES),
)
def parent_login(
    body: ParentLoginIn, session: SessionDep, now: NowDep, runtime: RuntimeDep
) -> ParentTokenOut:
    """Exchange the SMS code for a token. Wrong codes count even though they are refused."""
    secret, expires_at = auth.parent_login(
        session,
        now=now,
        parent_iin=body.parent_iin,
        phone=body.phone,
        code=body.code,
        ttl=timedelta(hours=runtime.settings.parent_token_ttl_hours),
        max_attempts=runtime.settings.code_max_attempts,
    )
    return ParentTokenOut(token=secret, expires_at=expires_at)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses("AUTH_REQUIRED", "AUTH_EXPIRED"),
)
def logout(session: SessionDep, principal: PrincipalDep) -> None:
    """Revoke the token now rather than waiting for it to expire."""
    auth.logout(session, principal)


@router.get("/me", response_model=MeOut, responses=error_responses("AUTH_REQUIRED", "AUTH_EXPIRED"))
def me(session: SessionDep, principal: PrincipalDep) -> MeOut:
    """Who the token belongs to. An account's login and full name come with it, so a desk
    can show who did what in its audit log; a parent gets nothing personal back (R30)."""
    if principal.parent_iin is not None:
        return MeOut(kind="parent", role="parent")
    account = session.get(Account, principal.account_id)
    return MeOut.model_validate(
        {
            "kind": "account",
            "role": principal.role,
            "account_id": principal.account_id,
            "kindergarten_id": principal.kindergarten_id,
            "district_id": principal.district_id,
            "login": account.login if account is not None else None,
            "full_name": account.full_name if account is not None else None,
        }
    )
