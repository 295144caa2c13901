"""HTTP routers: thin, each endpoint parses, calls one service function, shapes the answer."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from server_stub.api import admin, auth, desk, dev, parents, public, sync

    return [
        auth.router,
        parents.router,
        desk.router,
        sync.router,
        admin.router,
        public.router,
        dev.router,
    ]
