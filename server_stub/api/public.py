"""``/api/v1/public``: free places, the daily bulletin, the queue, issued referrals (R28).

No authentication: these lists are what makes the queue transparent. They carry no
personal data (see :mod:`server_stub.services.public`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from server_stub.api.deps import NowDep, RuntimeDep, SessionDep
from server_stub.api.errors import error_responses
from server_stub.api.schemas.public import (
    BulletinEntryOut,
    BulletinOut,
    KindergartenFreeOut,
    QueueOut,
    ReferralsOut,
)
from server_stub.services import public
from server_stub.services.context import Ctx

router = APIRouter(prefix="/api/v1/public", tags=["public"])


def get_public_ctx(runtime: RuntimeDep, now: NowDep) -> Ctx:
    """The decision context of an anonymous read: the server's time and the policy."""
    return Ctx(now=now, policy=runtime.settings.policy, calendar=runtime.calendar, actor="public")


PublicCtx = Annotated[Ctx, Depends(get_public_ctx)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
PageSize = Annotated[int, Query(ge=1, le=public.MAX_PAGE_SIZE)]
AgeGroup = Annotated[int, Query(ge=1, le=5, description="R5: 1 early ... 5 pre-school")]


@router.get("/kindergartens", response_model=list[KindergartenFreeOut], responses=error_responses())
def kindergartens_with_free_places(
    session: SessionDep,
    district_id: int | None = None,
    language: Literal["kk", "ru"] | None = None,
    age_group: Annotated[int | None, Query(ge=1, le=5)] = None,
) -> list[KindergartenFreeOut]:
    """Kindergartens with places published and not yet offered to anyone."""
    found = public.kindergartens_with_free_places(
        session, district_id=district_id, language=language, age_group=age_group
    )
    return [KindergartenFreeOut.model_validate(k) for k in found]


@router.get("/bulletin", response_model=BulletinOut, responses=error_responses())
def bulletin(
    session: SessionDep,
    ctx: PublicCtx,
    day: Annotated[date | None, Query(alias="date", description="Default: today")] = None,
    district_id: int | None = None,
) -> BulletinOut:
    """The daily bulletin: places published on a day (Kazakhstan time)."""
    on = day or ctx.today
    entries = public.bulletin(session, on, district_id=district_id)
    return BulletinOut(date=on, entries=[BulletinEntryOut.model_validate(e) for e in entries])


@router.get("/queue", response_model=QueueOut, responses=error_responses("NOT_FOUND"))
def queue(
    session: SessionDep,
    ctx: PublicCtx,
    kindergarten_id: int,
    age_group: AgeGroup,
    school_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> QueueOut:
    """The queue of a kindergarten and age group, in the order places would be offered
    (R14): application number, birth year, category and correctional need only."""
    result = public.queue(
        session,
        ctx,
        kindergarten_id,
        age_group,
        public.Page(page, page_size),
        school_year=school_year,
    )
    return QueueOut.model_validate(result)


@router.get("/referrals", response_model=ReferralsOut, responses=error_responses())
def issued_referrals(
    session: SessionDep,
    kindergarten_id: int | None = None,
    district_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 50,
) -> ReferralsOut:
    """Referrals issued, newest first; those to staff's relatives are marked (R29)."""
    result = public.issued_referrals(
        session,
        public.Page(page, page_size),
        kindergarten_id=kindergarten_id,
        district_id=district_id,
        date_from=date_from,
        date_to=date_to,
    )
    return ReferralsOut.model_validate(result)
