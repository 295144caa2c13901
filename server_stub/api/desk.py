"""``/api/v1/desk``: the kindergarten's reception (R15-R23).

Every endpoint acts for the caller's own kindergarten only (``principal.kindergarten_id``);
the services answer NOT_FOUND for anything of another kindergarten. Which role may do
what is :data:`server_stub.services.desk.ROLE_ACTIONS`, checked by one dependency per
action, so the router and the sync protocol enforce the same table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from domain.messages import message
from server_stub.api.deps import CtxDep, DeskDep, LanguageDep, SessionDep
from server_stub.api.errors import error_responses
from server_stub.api.schemas.desk import (
    CheckOut,
    ChildOut,
    DocumentStateOut,
    EnrollIn,
    EnrollmentOut,
    GroupOut,
    LeaveIn,
    PlaceOut,
    PlaceStatus,
    PublishIn,
    PublishOut,
    ReferralOut,
    ReferralStatus,
)
from server_stub.services import desk
from server_stub.services.auth import Principal
from server_stub.services.desk import DeskAction, DocumentState, ReferralView
from sync.protocol import DocumentsIn  # one shape for the desk API and sync ops

router = APIRouter(prefix="/api/v1/desk", tags=["desk"])

_AUTH = ("AUTH_REQUIRED", "AUTH_EXPIRED", "FORBIDDEN")


def _may(action: DeskAction) -> Callable[[Principal], Principal]:
    def dependency(principal: DeskDep) -> Principal:
        desk.authorize(principal.role, action)
        return principal

    dependency.__name__ = f"desk_may_{action.value}"
    return dependency


Viewer = Annotated[Principal, Depends(_may(DeskAction.VIEW))]
Checker = Annotated[Principal, Depends(_may(DeskAction.CHECK_DOCUMENTS))]
Publisher = Annotated[Principal, Depends(_may(DeskAction.PUBLISH_PLACES))]
Withdrawer = Annotated[Principal, Depends(_may(DeskAction.WITHDRAW_PLACE))]
Enroller = Annotated[Principal, Depends(_may(DeskAction.ENROLL))]
LeaveRecorder = Annotated[Principal, Depends(_may(DeskAction.RECORD_LEAVE))]


def _kg(principal: Principal) -> int:
    assert principal.kindergarten_id is not None  # require_desk refused it otherwise
    return principal.kindergarten_id


def _document_out(state: DocumentState, language: str) -> DocumentStateOut:
    return DocumentStateOut(
        kind=state.kind,
        status=state.status,
        code=state.code,
        message=message(state.code, language, **dict(state.params or {})) if state.code else None,
        visit_date=state.visit_date,
        checked_at=state.checked_at,
        checked_by=state.checked_by,
        this_visit=state.this_visit,
    )


def _referral_out(view: ReferralView, language: str) -> ReferralOut:
    fields = {k: v for k, v in vars(view).items() if k != "documents"}
    return ReferralOut(**fields, documents=[_document_out(d, language) for d in view.documents])


@router.get("/groups", response_model=list[GroupOut], responses=error_responses(*_AUTH))
def list_groups(session: SessionDep, ctx: CtxDep, principal: Viewer) -> list[GroupOut]:
    """The kindergarten's groups: capacity, children enrolled, places published and free."""
    return [GroupOut.model_validate(g) for g in desk.list_groups(session, ctx, _kg(principal))]


@router.post(
    "/places",
    response_model=PublishOut,
    status_code=201,
    responses=error_responses(
        *_AUTH, "NOT_FOUND", "AUGUST_FREEZE", "PLACES_OVER_CAPACITY", "GROUP_INACTIVE"
    ),
)
def publish_places(
    body: PublishIn, session: SessionDep, ctx: CtxDep, principal: Publisher
) -> PublishOut:
    """Publish free places in a group (R15); they are offered at once to the first
    eligible applicants (R16), and the offers made are in the answer."""
    result = desk.publish_places(
        session,
        ctx,
        _kg(principal),
        group_id=body.group_id,
        count=body.count,
        free_from=body.free_from,
        account_id=principal.account_id,
    )
    return PublishOut.model_validate(result)


@router.get("/places", response_model=list[PlaceOut], responses=error_responses(*_AUTH))
def list_places(
    session: SessionDep,
    ctx: CtxDep,
    principal: Viewer,
    status: PlaceStatus | None = None,
    group_id: int | None = None,
) -> list[PlaceOut]:
    places = desk.list_places(session, ctx, _kg(principal), status=status, group_id=group_id)
    return [PlaceOut.model_validate(p) for p in places]


@router.post(
    "/places/{place_id}/withdraw",
    response_model=PlaceOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "PLACE_ALREADY_OFFERED", "PLACE_NOT_FREE"),
)
def withdraw_place(
    place_id: int, session: SessionDep, ctx: CtxDep, principal: Withdrawer
) -> PlaceOut:
    """Take back a published place that nobody has been offered yet."""
    return PlaceOut.model_validate(desk.withdraw_place(session, ctx, _kg(principal), place_id))


@router.get("/referrals", response_model=list[ReferralOut], responses=error_responses(*_AUTH))
def list_referrals(
    session: SessionDep,
    ctx: CtxDep,
    principal: Viewer,
    language: LanguageDep,
    status: ReferralStatus | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Name, IIN or number")] = None,
) -> list[ReferralOut]:
    """Referrals to this kindergarten with the family's data: the live ones and those
    closed in the last 30 days, or those of one status. The view is audited (R30)."""
    views = desk.list_referrals(session, ctx, _kg(principal), status=status, query=q)
    return [_referral_out(v, language) for v in views]


@router.get(
    "/referrals/{referral_id}",
    response_model=ReferralOut,
    responses=error_responses(*_AUTH, "NOT_FOUND"),
)
def get_referral(
    referral_id: int, session: SessionDep, ctx: CtxDep, principal: Viewer, language: LanguageDep
) -> ReferralOut:
    """One referral with the family's data and its latest document checks (audited)."""
    return _referral_out(desk.get_referral(session, ctx, _kg(principal), referral_id), language)


@router.post(
    "/referrals/{referral_id}/documents",
    response_model=CheckOut,
    responses=error_responses(
        *_AUTH, "NOT_FOUND", "REFERRAL_NOT_ACTIVE", "REFERRAL_LAPSED", "VISIT_DATE_INVALID"
    ),
)
def check_documents(
    referral_id: int,
    body: DocumentsIn,
    session: SessionDep,
    ctx: CtxDep,
    principal: Checker,
    language: LanguageDep,
) -> CheckOut:
    """Check the documents the family brought (R20) and record every result.

    A failed check is an answer, not an error: the verdict per document comes with its
    reason code and a message in the caller's language, and the referral stays active so
    the family can come back with a corrected document.
    """
    assert principal.account_id is not None  # desks are accounts
    outcome = desk.record_document_check(
        session,
        ctx,
        _kg(principal),
        referral_id,
        body.to_domain(),
        visit_date=body.visit_date,
        account_id=principal.account_id,
    )
    return CheckOut(
        referral_id=outcome.referral_id,
        visit_date=outcome.visit_date,
        all_passed=outcome.all_passed,
        documents=[_document_out(d, language) for d in outcome.documents],
    )


@router.post(
    "/referrals/{referral_id}/enroll",
    response_model=EnrollmentOut,
    status_code=201,
    responses=error_responses(
        *_AUTH,
        "NOT_FOUND",
        "REFERRAL_NOT_ACTIVE",
        "REFERRAL_LAPSED",
        "DOCUMENTS_NOT_CHECKED",
        "DOCUMENTS_FAILED",
        "EPID_CERT_TOO_OLD",
        "VACCINATION_DECISION_REQUIRED",
    ),
)
def enroll(
    referral_id: int, body: EnrollIn, session: SessionDep, ctx: CtxDep, principal: Enroller
) -> EnrollmentOut:
    """Enroll the child (R21, R22): the application leaves every queue it was in."""
    result = desk.enroll(
        session,
        ctx,
        _kg(principal),
        referral_id,
        head_decision=body.head_decision,
        account_id=principal.account_id,
    )
    return EnrollmentOut.model_validate(result)


@router.get("/children", response_model=list[ChildOut], responses=error_responses(*_AUTH))
def list_children(
    session: SessionDep,
    ctx: CtxDep,
    principal: Viewer,
    group_id: int | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Name or IIN")] = None,
) -> list[ChildOut]:
    """The children attending now (audited view, R30)."""
    children = desk.list_children(session, ctx, _kg(principal), group_id=group_id, query=q)
    return [ChildOut.model_validate(c) for c in children]


@router.post(
    "/children/{enrollment_id}/leave",
    response_model=ChildOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "CHILD_ALREADY_LEFT", "LEAVE_DATE_INVALID"),
)
def record_leave(
    enrollment_id: int, body: LeaveIn, session: SessionDep, ctx: CtxDep, principal: LeaveRecorder
) -> ChildOut:
    """The child leaves (R23): the seat becomes free capacity; publish it to offer it."""
    child = desk.record_leave(
        session, ctx, _kg(principal), enrollment_id, day=body.date, reason=body.reason
    )
    return ChildOut.model_validate(child)
