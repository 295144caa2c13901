"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from server_stub.api import errors
from server_stub.runtime import Runtime

API_TITLE = "Kezek central queue server"


def create_app(runtime: Runtime) -> FastAPI:
    """Build the app around a started :class:`Runtime` (database migrated, clock chosen).

    The scheduler (deadlines, SMS) runs inside the server unless its interval is 0.
    """
    from server_stub.api import routers
    from server_stub.api.sync import GzipRequestMiddleware
    from server_stub.scheduler import Scheduler

    scheduler = Scheduler(runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()

    app = FastAPI(
        title=API_TITLE,
        version="1.0",
        lifespan=lifespan,
        description=(
            "The national kindergarten queue: parents' applications, automatic allocation "
            "of published places, offers, referrals, the desk API and the public lists. "
            "Every refusal is JSON `{code, message, params}`; `message` follows "
            "Accept-Language (kk, ru, en)."
        ),
    )
    app.state.runtime = runtime
    errors.install(app)
    # Desks sync over slow links (DESIGN.md, "Sync"): gzip request bodies are accepted
    # and responses are compressed when the client accepts gzip; tiny ones are not worth it.
    app.add_middleware(GzipRequestMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    for router in routers():
        app.include_router(router)
    return app
