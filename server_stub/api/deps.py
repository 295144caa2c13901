"""Request dependencies: the unit of work, the clock, the caller and the caller's language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.messages import negotiate_language
from server_stub.runtime import Runtime
from server_stub.services import auth
from server_stub.services.context import Ctx
from server_stub.services.errors import RefusalToKeep

_bearer = HTTPBearer(auto_error=False)


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    """One transaction per request: committed when the endpoint returns, else rolled back."""
    session = runtime.session_factory()
    try:
        session.begin()
        yield session
        session.commit()
    except RefusalToKeep:
        session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_now(runtime: RuntimeDep) -> datetime:
    """The server's time for this request: the only clock any decision uses (R9)."""
    return runtime.clock.now()


def get_language(accept_language: Annotated[str | None, Header()] = None) -> str:
    return negotiate_language(accept_language)


# scope="function": commit (or roll back) before the response is sent. FastAPI's default
# for a yield dependency runs the exit code *after* the response, so a client could be told
# "done" for a transaction that then fails to commit, or read its own write too early.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
NowDep = Annotated[datetime, Depends(get_now)]
LanguageDep = Annotated[str, Depends(get_language)]


def get_principal(
    session: SessionDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> auth.Principal:
    if credentials is None:
        raise DomainError("AUTH_REQUIRED")
    return auth.authenticate(session, now=now, secret=credentials.credentials)


PrincipalDep = Annotated[auth.Principal, Depends(get_principal)]


def require_admin(principal: PrincipalDep) -> auth.Principal:
    if not principal.is_admin:
        raise DomainError("FORBIDDEN")
    return principal


def require_desk(principal: PrincipalDep) -> auth.Principal:
    if not principal.is_desk or principal.kindergarten_id is None:
        raise DomainError("FORBIDDEN")
    return principal


def require_parent(principal: PrincipalDep) -> auth.Principal:
    if principal.parent_iin is None:
        raise DomainError("FORBIDDEN")
    return principal


AdminDep = Annotated[auth.Principal, Depends(require_admin)]
DeskDep = Annotated[auth.Principal, Depends(require_desk)]
ParentDep = Annotated[auth.Principal, Depends(require_parent)]


def get_ctx(runtime: RuntimeDep, now: NowDep, principal: PrincipalDep) -> Ctx:
    """The decision context of an authenticated request: server time, policy, who acts."""
    return Ctx(
        now=now, policy=runtime.settings.policy, calendar=runtime.calendar, actor=principal.actor
    )


CtxDep = Annotated[Ctx, Depends(get_ctx)]
