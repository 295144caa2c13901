"""Development-only endpoints: moving the server's clock for demos and black-box tests.

Mounted always, answering 404 unless the server was started with ``--dev-clock``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.errors import DomainError
from server_stub.api.deps import RuntimeDep
from server_stub.api.errors import error_responses
from server_stub.clock import DevClock

router = APIRouter(prefix="/api/v1/dev", tags=["dev"])


class ClockMove(BaseModel):
    days: float = Field(0, ge=0, le=400)
    hours: float = Field(0, ge=0, le=24 * 400)


class ClockNow(BaseModel):
    now: datetime


@router.post("/clock", response_model=ClockNow, responses=error_responses("NOT_FOUND"))
def move_clock(move: ClockMove, runtime: RuntimeDep) -> ClockNow:
    """Move the server's clock forward (only with ``--dev-clock``); deadlines then run."""
    clock = runtime.clock
    if not runtime.settings.dev_clock or not isinstance(clock, DevClock):
        raise DomainError("NOT_FOUND")
    now = clock.advance(timedelta(days=move.days, hours=move.hours))
    runtime.run_deadlines()
    return ClockNow(now=now)
