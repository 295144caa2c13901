"""Every refusal is JSON with a stable reason code and a message in the caller's language.

``{"code": "IIN_CHECKSUM", "message": "...", "params": {...}}``. The HTTP status comes from
the code, so the same rule answers the same way from every endpoint. A 500 is a bug: it
says so without a traceback and is logged without request data.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import DomainError
from domain.messages import message, negotiate_language

log = logging.getLogger("kezek.api")

STATUS_BY_CODE: dict[str, int] = {
    "AUTH_REQUIRED": 401,
    "AUTH_EXPIRED": 401,
    "AUTH_FAILED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "CODE_TOO_MANY": 429,
    "CODE_TOO_SOON": 429,
    "APPLICATION_DUPLICATE": 409,
    "ACCOUNT_LOGIN_TAKEN": 409,
    "VERSION_CONFLICT": 409,
    "INTERNAL": 500,
    # parents: well-formed requests that the application's or offer's state refuses
    "APPLICATION_NOT_EDITABLE": 409,
    "OFFER_NOT_OPEN": 409,
    "OFFER_EXPIRED": 409,
    "REFERRAL_NOT_ACTIVE": 409,
    "REFERRAL_LAPSED": 409,
    "POSTPONEMENT_USED": 409,
    # desk and admin: the state of a place, child or benefit refuses the change
    "PLACE_ALREADY_OFFERED": 409,
    "PLACE_NOT_FREE": 409,
    "CHILD_ALREADY_LEFT": 409,
    "BENEFIT_NOT_PENDING": 409,
    "OPEN_PLACES_EXIST": 409,
    # sync: the client must update, re-download a snapshot, or come back later
    "PROTOCOL_UNSUPPORTED": 426,
    "CURSOR_TOO_OLD": 410,
    "CURSOR_UNKNOWN": 410,
    "SYNC_RETRY_LATER": 503,
    # request bodies that cannot be read (gzip request decoding)
    "BODY_ENCODING_INVALID": 400,
    "BODY_TOO_LARGE": 413,
    "CONTENT_ENCODING_UNSUPPORTED": 415,
}
DEFAULT_REFUSAL_STATUS = 422


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer."""

    code: str
    message: str
    params: dict[str, Any] = {}


def status_for(code: str) -> int:
    return STATUS_BY_CODE.get(code, DEFAULT_REFUSAL_STATUS)


def error_response(
    request: Request, code: str, params: dict[str, Any] | None = None
) -> JSONResponse:
    lang = negotiate_language(request.headers.get("accept-language"))
    params = params or {}
    body = ErrorBody(code=code, message=message(code, lang, **params), params=_plain(params))
    headers = {"WWW-Authenticate": "Bearer"} if status_for(code) == 401 else None
    return JSONResponse(body.model_dump(), status_code=status_for(code), headers=headers)


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, int | float | bool | None) else str(v) for k, v in params.items()}


def error_responses(*codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for an endpoint: each status with the codes it may carry."""
    by_status: dict[int, list[str]] = {}
    for code in ("INVALID_REQUEST", *codes):
        by_status.setdefault(status_for(code), []).append(code)
    return {
        status: {"model": ErrorBody, "description": "Reason codes: " + ", ".join(sorted(set(c)))}
        for status, c in sorted(by_status.items())
    }


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return error_response(request, exc.code, exc.params)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [".".join(str(p) for p in e.get("loc", ()) if p != "body") for e in exc.errors()]
        return error_response(request, "INVALID_REQUEST", {"fields": ", ".join(fields)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {401: "AUTH_REQUIRED", 403: "FORBIDDEN", 404: "NOT_FOUND"}.get(
            exc.status_code, "INVALID_REQUEST"
        )
        if exc.status_code == 405:
            return JSONResponse(
                ErrorBody(code="METHOD_NOT_ALLOWED", message="Method not allowed").model_dump(),
                status_code=405,
            )
        return error_response(request, code)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(request, "INTERNAL")
