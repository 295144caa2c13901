"""``/api/v1/sync``: the desk's sync protocol (DESIGN.md, "Sync"; contract in sync.protocol).

Desk accounts only: a desk reaches its own kindergarten's feed and acts on it alone.
Unlike the other routers, these endpoints do not hold the request's unit of work open:
a push runs each op in a transaction of its own, and the reads run in one snapshot of the
database; a transaction held open around them would, on SQLite, hold the database's write
lock and stall them. So the caller is authenticated in a short transaction of its own
(:func:`get_sync_caller`, the same check as ``DeskDep``).

Also here: :class:`GzipRequestMiddleware`, which lets a desk on a slow link send its push
gzip-compressed (``Content-Encoding: gzip``). Responses are compressed by Starlette's
``GZipMiddleware`` when the client accepts gzip (see ``app.py``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import DomainError
from server_stub.api.deps import LanguageDep, NowDep, RuntimeDep, require_desk
from server_stub.api.errors import error_response, error_responses
from server_stub.services import auth, sync
from server_stub.services.context import Ctx
from sync import protocol

router = APIRouter(prefix="/api/v1/sync", tags=["sync"])

_AUTH = ("AUTH_REQUIRED", "AUTH_EXPIRED", "FORBIDDEN")
_bearer = HTTPBearer(auto_error=False)
# Seconds a desk waits before re-sending a push the server could not finish; the desk
# adds its own backoff and jitter.
RETRY_AFTER_SECONDS = 5
# A push of MAX_OPS_PER_PUSH ops is well under 1 MB of JSON; these bound what a request
# may make the server hold, compressed and decompressed (a gzip bomb stops here).
MAX_COMPRESSED_BODY = 4 * 1024 * 1024
MAX_BODY = 16 * 1024 * 1024


@dataclass(frozen=True)
class SyncCaller:
    principal: auth.Principal
    ctx: Ctx

    @property
    def kindergarten_id(self) -> int:
        assert self.principal.kindergarten_id is not None  # require_desk checked it
        return self.principal.kindergarten_id


def get_sync_caller(
    runtime: RuntimeDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> SyncCaller:
    """A desk account (head or staff) of a kindergarten; admins and parents get 403."""
    if credentials is None:
        raise DomainError("AUTH_REQUIRED")
    with runtime.session_factory() as session:
        principal = auth.authenticate(session, now=now, secret=credentials.credentials)
    require_desk(principal)
    ctx = Ctx(
        now=now, policy=runtime.settings.policy, calendar=runtime.calendar, actor=principal.actor
    )
    return SyncCaller(principal, ctx)


Caller = Annotated[SyncCaller, Depends(get_sync_caller)]


async def require_supported_protocol(request: Request) -> None:
    """Refuse an unsupported ``protocol`` before the body is validated against this one.

    A newer desk may send ops this server has never heard of: it must be told to wait for
    the server (or an older one to update), not that its request is malformed.
    """
    try:
        body = await request.json()
    except ValueError:
        return  # not JSON: the body's own validation answers
    if isinstance(body, dict):
        version = body.get("protocol", protocol.PROTOCOL_VERSION)
        if isinstance(version, int) and not isinstance(version, bool):
            sync.check_protocol(version)


@router.get("/meta", response_model=protocol.Meta, responses=error_responses(*_AUTH))
def meta(runtime: RuntimeDep, caller: Caller) -> protocol.Meta:
    """Protocol versions, server id and time, and the desk's feed bounds.

    A desk outside ``protocol_versions`` updates itself; a changed ``server_id`` (a
    restored server) makes it re-download a snapshot and push its outbox again.
    """
    with runtime.session_factory() as session:
        return sync.meta(session, caller.ctx, caller.kindergarten_id)


@router.post(
    "/push",
    response_model=protocol.PushResponse,
    responses=error_responses(
        *_AUTH,
        "PROTOCOL_UNSUPPORTED",
        "SYNC_RETRY_LATER",
        "BODY_ENCODING_INVALID",
        "BODY_TOO_LARGE",
        "CONTENT_ENCODING_UNSUPPORTED",
    ),
)
def push(
    _protocol: Annotated[None, Depends(require_supported_protocol)],
    body: protocol.PushRequest,
    request: Request,
    runtime: RuntimeDep,
    caller: Caller,
    language: LanguageDep,
) -> Any:
    """Apply the desk's outbox ops in order, each once (a replayed ``op_id`` answers
    ``duplicate`` with the stored outcome). Refusals are per-op results (``rejected``
    with a reason code and the server's rows), not HTTP errors. 503 with Retry-After
    when the server could not finish: re-send the same ops later, in the same order.
    The body may be gzip-compressed (``Content-Encoding: gzip``)."""
    try:
        return sync.push(
            runtime.session_factory,
            caller.ctx,
            caller.principal,
            body,
            language,
            registry=runtime.registry,
        )
    except sync.TryLater as exc:
        response = error_response(request, "SYNC_RETRY_LATER", {"processed": exc.processed})
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


@router.get(
    "/changes",
    response_model=protocol.ChangesPage,
    responses=error_responses(*_AUTH, "CURSOR_TOO_OLD", "CURSOR_UNKNOWN"),
)
def changes(
    runtime: RuntimeDep,
    caller: Caller,
    since: Annotated[int, Query(ge=0, description="The cursor of the last page applied")],
    limit: Annotated[int, Query(ge=1, le=protocol.MAX_PAGE)] = 500,
) -> protocol.ChangesPage:
    """The kindergarten's changes after ``since`` in commit order, tombstones included.

    410 when ``since`` is older than the history kept (or unknown here): download a
    snapshot, keep the outbox."""
    kindergarten_id = caller.kindergarten_id
    with sync.read_session(runtime.session_factory) as session:
        page = sync.changes(session, kindergarten_id, since, limit)
    with runtime.session_factory.begin() as session:
        sync.audit_pull(session, caller.ctx, kindergarten_id, page)
    return page


@router.get(
    "/directory",
    response_model=protocol.Directory,
    responses=error_responses(*_AUTH, "KINDERGARTEN_NOT_FOUND"),
)
def directory(runtime: RuntimeDep, caller: Caller) -> protocol.Directory:
    """The active kindergartens of the desk's district (names, address, languages; public
    data only), for the walk-in form's choices offline. A desk asks for it when
    ``meta.directory_version`` differs from the copy it keeps."""
    with runtime.session_factory() as session:
        return sync.directory(session, caller.kindergarten_id)


@router.get(
    "/snapshot",
    response_class=StreamingResponse,
    responses={
        200: {"model": protocol.Snapshot, "description": "Everything the desk mirrors"},
        **error_responses(*_AUTH),
    },
)
def snapshot(runtime: RuntimeDep, caller: Caller) -> StreamingResponse:
    """Everything the desk mirrors, with the cursor to pull changes from; streamed.

    The rows and the cursor come from one snapshot of the database, so pulling from the
    cursor brings exactly the changes committed after it. The download is audited."""
    kindergarten_id = caller.kindergarten_id
    with runtime.session_factory.begin() as session:
        sync.audit_snapshot(session, caller.ctx, kindergarten_id)
    return StreamingResponse(
        sync.stream_snapshot(runtime.session_factory, kindergarten_id, now=caller.ctx.now),
        media_type="application/json",
    )


# ------------------------------------------------------------------ gzip request bodies


class GzipRequestMiddleware:
    """Decompress a ``Content-Encoding: gzip`` request body before the app reads it.

    A body that is not valid gzip answers 400 ``BODY_ENCODING_INVALID``, another
    encoding 415, one too large 413: always JSON with a reason code, never a 500.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        encoding = Headers(scope=scope).get("content-encoding", "").strip().lower()
        if encoding in ("", "identity"):
            await self.app(scope, receive, send)
            return
        if encoding != "gzip":
            await self._refuse(
                scope, receive, send, "CONTENT_ENCODING_UNSUPPORTED", encoding=encoding[:40]
            )
            return
        compressed = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            compressed += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(compressed) > MAX_COMPRESSED_BODY:
                await self._refuse(scope, receive, send, "BODY_TOO_LARGE", max=MAX_COMPRESSED_BODY)
                return
        try:
            body = gunzip(bytes(compressed), MAX_BODY)
        except _TooLarge:
            await self._refuse(scope, receive, send, "BODY_TOO_LARGE", max=MAX_BODY)
            return
        except (zlib.error, EOFError):
            await self._refuse(scope, receive, send, "BODY_ENCODING_INVALID")
            return
        headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as usual

        await self.app({**scope, "headers": headers}, replay, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, code: str, **params: Any) -> None:
        response: JSONResponse = error_response(Request(scope), code, params)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip (members one after another, as the format allows) up to ``limit``.

    Raises ``zlib.error`` or ``EOFError`` for a body that is not complete gzip.
    """
    out = bytearray()
    rest = data
    while True:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        out += inflater.decompress(rest, limit + 1 - len(out))
        if len(out) > limit:
            raise _TooLarge
        if inflater.unconsumed_tail:  # stopped by the limit with input left
            raise _TooLarge
        if not inflater.eof:
            raise EOFError("truncated gzip body")
        rest = inflater.unused_data
        if not rest:
            return bytes(out)
