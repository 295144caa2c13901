"""``/api/v1/admin``: the district education department (admins only).

The register of kindergartens and groups, desk accounts, the confirmation of documentary
benefits (R13), statistics, and the explanation of any allocation decision.
"""

from __future__ import annotations

from fastapi import APIRouter

from server_stub.api.deps import AdminDep, CtxDep, LanguageDep, SessionDep
from server_stub.api.errors import error_responses
from server_stub.api.schemas.admin import (
    AccountIn,
    AccountOut,
    BenefitDecisionOut,
    DistrictIn,
    DistrictOut,
    ExplanationOut,
    GroupIn,
    GroupOut,
    GroupPatch,
    KindergartenIn,
    KindergartenOut,
    KindergartenPatch,
    PendingBenefitOut,
    Role,
    StatisticsOut,
)
from server_stub.services import benefits, register

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

_AUTH = ("AUTH_REQUIRED", "AUTH_EXPIRED", "FORBIDDEN")


# --------------------------------------------------------------------------- districts


@router.post(
    "/districts", response_model=DistrictOut, status_code=201, responses=error_responses(*_AUTH)
)
def create_district(body: DistrictIn, session: SessionDep, ctx: CtxDep, _: AdminDep) -> DistrictOut:
    view = register.create_district(session, ctx, name_kk=body.name_kk, name_ru=body.name_ru)
    return DistrictOut.model_validate(view)


@router.get("/districts", response_model=list[DistrictOut], responses=error_responses(*_AUTH))
def list_districts(session: SessionDep, _: AdminDep) -> list[DistrictOut]:
    return [DistrictOut.model_validate(d) for d in register.list_districts(session)]


# --------------------------------------------------------------------------- kindergartens


@router.post(
    "/kindergartens",
    response_model=KindergartenOut,
    status_code=201,
    responses=error_responses(*_AUTH, "NOT_FOUND"),
)
def create_kindergarten(
    body: KindergartenIn, session: SessionDep, ctx: CtxDep, _: AdminDep
) -> KindergartenOut:
    view = register.create_kindergarten(session, ctx, **body.model_dump())
    return KindergartenOut.model_validate(view)


@router.get(
    "/kindergartens", response_model=list[KindergartenOut], responses=error_responses(*_AUTH)
)
def list_kindergartens(
    session: SessionDep, _: AdminDep, district_id: int | None = None, active: bool | None = None
) -> list[KindergartenOut]:
    views = register.list_kindergartens(session, district_id=district_id, active=active)
    return [KindergartenOut.model_validate(k) for k in views]


@router.get(
    "/kindergartens/{kindergarten_id}",
    response_model=KindergartenOut,
    responses=error_responses(*_AUTH, "NOT_FOUND"),
)
def get_kindergarten(kindergarten_id: int, session: SessionDep, _: AdminDep) -> KindergartenOut:
    return KindergartenOut.model_validate(register.get_kindergarten(session, kindergarten_id))


@router.patch(
    "/kindergartens/{kindergarten_id}",
    response_model=KindergartenOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "OPEN_PLACES_EXIST"),
)
def update_kindergarten(
    kindergarten_id: int, body: KindergartenPatch, session: SessionDep, ctx: CtxDep, _: AdminDep
) -> KindergartenOut:
    """Change the fields sent; closing a kindergarten with places on offer is refused."""
    view = register.update_kindergarten(
        session, ctx, kindergarten_id, **body.model_dump(exclude_none=True)
    )
    return KindergartenOut.model_validate(view)


# --------------------------------------------------------------------------- groups


@router.post(
    "/kindergartens/{kindergarten_id}/groups",
    response_model=GroupOut,
    status_code=201,
    responses=error_responses(*_AUTH, "NOT_FOUND"),
)
def create_group(
    kindergarten_id: int, body: GroupIn, session: SessionDep, ctx: CtxDep, _: AdminDep
) -> GroupOut:
    view = register.create_group(session, ctx, kindergarten_id, **body.model_dump())
    return GroupOut.model_validate(view)


@router.get(
    "/kindergartens/{kindergarten_id}/groups",
    response_model=list[GroupOut],
    responses=error_responses(*_AUTH, "NOT_FOUND"),
)
def list_groups(kindergarten_id: int, session: SessionDep, _: AdminDep) -> list[GroupOut]:
    return [GroupOut.model_validate(g) for g in register.list_groups(session, kindergarten_id)]


@router.patch(
    "/groups/{group_id}",
    response_model=GroupOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "CAPACITY_BELOW_ENROLLED", "OPEN_PLACES_EXIST"),
)
def update_group(
    group_id: int, body: GroupPatch, session: SessionDep, ctx: CtxDep, _: AdminDep
) -> GroupOut:
    """Change the fields sent. Capacity cannot go below the children enrolled plus the
    places published; age group, language and type cannot change under places on offer."""
    view = register.update_group(session, ctx, group_id, **body.model_dump(exclude_none=True))
    return GroupOut.model_validate(view)


# --------------------------------------------------------------------------- accounts


@router.post(
    "/accounts",
    response_model=AccountOut,
    status_code=201,
    responses=error_responses(
        *_AUTH,
        "NOT_FOUND",
        "ACCOUNT_ROLE_INVALID",
        "ACCOUNT_NEEDS_KINDERGARTEN",
        "ACCOUNT_PASSWORD_WEAK",
        "ACCOUNT_LOGIN_TAKEN",
    ),
)
def create_account(body: AccountIn, session: SessionDep, ctx: CtxDep, _: AdminDep) -> AccountOut:
    """A desk (head, staff) or department (admin) account with a password."""
    return AccountOut.model_validate(register.create_account(session, ctx, **body.model_dump()))


@router.get("/accounts", response_model=list[AccountOut], responses=error_responses(*_AUTH))
def list_accounts(
    session: SessionDep,
    _: AdminDep,
    kindergarten_id: int | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> list[AccountOut]:
    views = register.list_accounts(
        session, kindergarten_id=kindergarten_id, role=role, active=active
    )
    return [AccountOut.model_validate(a) for a in views]


@router.post(
    "/accounts/{account_id}/deactivate",
    response_model=AccountOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "ACCOUNT_SELF_DEACTIVATE"),
)
def deactivate_account(
    account_id: int, session: SessionDep, ctx: CtxDep, principal: AdminDep
) -> AccountOut:
    """Close the account and end its open sessions now."""
    view = register.deactivate_account(session, ctx, account_id, by_account_id=principal.account_id)
    return AccountOut.model_validate(view)


# --------------------------------------------------------------------------- benefits (R13)


@router.get(
    "/benefits/pending", response_model=list[PendingBenefitOut], responses=error_responses(*_AUTH)
)
def pending_benefits(session: SessionDep, ctx: CtxDep, _: AdminDep) -> list[PendingBenefitOut]:
    """Documentary benefits waiting for the department, nearest deadline first (audited)."""
    return [PendingBenefitOut.model_validate(p) for p in benefits.list_pending(session, ctx)]


@router.post(
    "/applications/{application_id}/benefit/confirm",
    response_model=BenefitDecisionOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "BENEFIT_NOT_PENDING"),
)
def confirm_benefit(
    application_id: int, session: SessionDep, ctx: CtxDep, _: AdminDep
) -> BenefitDecisionOut:
    """R13: the benefit is confirmed; a referral waiting for it goes to the kindergarten."""
    decision = benefits.confirm_benefit(session, ctx, application_id)
    return BenefitDecisionOut.model_validate(decision)


@router.post(
    "/applications/{application_id}/benefit/reject",
    response_model=BenefitDecisionOut,
    responses=error_responses(*_AUTH, "NOT_FOUND", "BENEFIT_NOT_PENDING"),
)
def reject_benefit(
    application_id: int, session: SessionDep, ctx: CtxDep, _: AdminDep
) -> BenefitDecisionOut:
    """R13: the benefit is dropped; the application is general with its original time,
    and a place it held on the benefit's strength goes to the next applicant."""
    decision = benefits.reject_benefit(session, ctx, application_id, reason="rejected")
    return BenefitDecisionOut.model_validate(decision)


# --------------------------------------------------------------------------- oversight


@router.get(
    "/statistics", response_model=StatisticsOut, responses=error_responses(*_AUTH, "NOT_FOUND")
)
def statistics(session: SessionDep, _: AdminDep, district_id: int | None = None) -> StatisticsOut:
    """Counts by status and category, region-wide or for one district."""
    return StatisticsOut.model_validate(register.statistics(session, district_id=district_id))


@router.get(
    "/allocations/{allocation_id}/explain",
    response_model=ExplanationOut,
    responses=error_responses(*_AUTH, "NOT_FOUND"),
)
def explain(
    allocation_id: int, session: SessionDep, ctx: CtxDep, language: LanguageDep, _: AdminDep
) -> ExplanationOut:
    """Why this allocation chose this child and passed over those ahead, in sentences."""
    from server_stub.services.explain import explain_allocation

    result = explain_allocation(session, allocation_id, language, policy=ctx.policy)
    return ExplanationOut.model_validate(result)
