"""``/api/v1/parents``: a parent's own applications, offers, referrals and phones.

Every path finds its object through the caller's IIN (from the token), so another
family's application, offer or referral is NOT_FOUND, exactly like a missing one.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from domain.messages import message
from domain.phones import normalize_phone
from server_stub.api.deps import CtxDep, LanguageDep, ParentDep, RuntimeDep, SessionDep
from server_stub.api.errors import error_responses
from server_stub.api.schemas.auth import CodeSent
from server_stub.api.schemas.parents import (
    ApplicationIn,
    ApplicationOut,
    ChoicesIn,
    ExplanationOut,
    OfferAnswerOut,
    OfferOut,
    PhoneCodeIn,
    PhoneVerified,
    PhoneVerifyIn,
    PositionOut,
    PositionsOut,
    PostponeIn,
    ReferralOut,
    WarningOut,
)
from server_stub.models import Offer, Referral
from server_stub.services import applications, auth
from server_stub.services.applications import ApplicationInput, ApplicationView, ChoiceView
from server_stub.services.context import Ctx

router = APIRouter(prefix="/api/v1/parents", tags=["parents"])

AUTH = ("AUTH_REQUIRED", "AUTH_EXPIRED", "FORBIDDEN")
OWN = (*AUTH, "NOT_FOUND")
CHOICE_CODES = ("CHOICES_COUNT", "CHOICE_DUPLICATE", "KINDERGARTEN_NOT_FOUND")
PHONE_CODES = ("PHONE_FORMAT", "PHONE_NOT_MOBILE", "PHONE_NOT_VERIFIED")
CODE_CODES = ("CODE_EXPIRED", "CODE_WRONG", "CODE_TOO_MANY", "CODE_TOO_SOON")


def _parent_iin(principal: auth.Principal) -> str:
    assert principal.parent_iin is not None  # ParentDep guarantees it
    return principal.parent_iin


def _name(name_kk: str, name_ru: str, language: str) -> str:
    return name_kk if language == "kk" else name_ru


def _positions(choices: tuple[ChoiceView, ...], language: str) -> list[PositionOut]:
    return [
        PositionOut(
            kindergarten_id=c.kindergarten_id,
            kindergarten_name=_name(c.name_kk, c.name_ru, language),
            rank=c.rank,
            position=c.position,
        )
        for c in choices
    ]


def _referral_out(view: applications.ReferralView, language: str) -> ReferralOut:
    return ReferralOut(
        id=view.id,
        number=view.number,
        kindergarten_id=view.kindergarten_id,
        kindergarten_name=_name(view.kindergarten_name_kk, view.kindergarten_name_ru, language),
        group_name=view.group_name,
        status=view.status,
        issued_at=view.issued_at,
        expires_at=view.expires_at,
        postponed_until=view.postponed_until,
        postponements=view.postponements,
        awaiting_benefit=view.awaiting_benefit,
    )


def _application_out(
    view: ApplicationView, language: str, warnings: tuple[str, ...] = ()
) -> ApplicationOut:
    app = view.application
    offer = view.offer
    return ApplicationOut.model_validate(
        {
            "id": app.id,
            "number": app.number,
            "status": app.status,
            "child_name": app.child_name,
            "birth_date": app.birth_date,
            "category": app.category,
            "benefit": app.benefit,
            "benefit_status": app.benefit_status,
            "benefit_deadline": app.benefit_deadline,
            "need": app.need,
            "accepted_languages": [x for x in app.accepted_languages.split(",") if x],
            "language": app.language,
            "phones": [p for p in (app.phone1, app.phone2) if p],
            "desired_start": app.desired_start,
            "staff_relative_of": app.staff_relative_of,
            "queued_at": app.queued_at,
            "confirmed_school_year": app.confirmed_school_year,
            "stop_until": app.stop_until,
            "choices": _positions(view.choices, language),
            "offer": None
            if offer is None
            else OfferOut(
                id=offer.id,
                place_id=offer.place_id,
                kindergarten_id=offer.kindergarten_id,
                kindergarten_name=_name(
                    offer.kindergarten_name_kk, offer.kindergarten_name_ru, language
                ),
                group_id=offer.group_id,
                group_name=offer.group_name,
                age_group=offer.age_group,
                group_language=offer.group_language,
                free_from=offer.free_from,
                made_at=offer.made_at,
                deadline_at=offer.deadline_at,
            ),
            "referral": None if view.referral is None else _referral_out(view.referral, language),
            "warnings": [WarningOut(code=w, message=message(w, language)) for w in warnings],
        }
    )


# --------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------


@router.post(
    "/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=ApplicationOut,
    responses=error_responses(
        *AUTH,
        "IIN_FORMAT",
        "IIN_CHECKSUM",
        "IIN_NEVER_ISSUED",
        "IIN_SAME_AS_PARENT",
        "CHILD_NAME_REQUIRED",
        "BIRTH_DATE_IN_FUTURE",
        "DESIRED_START_PAST",
        "AGE_AGED_OUT",
        "PHONES_COUNT",
        *PHONE_CODES,
        *CHOICE_CODES,
        "ACCEPTED_LANGUAGES_INVALID",
        "NEED_INVALID",
        "SMS_LANGUAGE_INVALID",
        "BENEFIT_UNKNOWN",
        "APPLICATION_DUPLICATE",
    ),
)
def file_application(
    body: ApplicationIn,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    runtime: RuntimeDep,
    language: LanguageDep,
) -> ApplicationOut:
    """File an application (R1-R4, R9): the queue time is the server's receipt time.

    Warnings (birth date unlike the IIN's, benefit not confirmed by the registries) do
    not stop the filing; they come back in ``warnings``.
    """
    data = ApplicationInput(
        child_iin=body.child_iin,
        child_name=body.child_name,
        birth_date=body.birth_date,
        phones=tuple(body.phones),
        kindergarten_ids=tuple(body.kindergarten_ids),
        accepted_languages=tuple(body.accepted_languages),
        need=body.need,
        benefit=body.benefit.value if body.benefit is not None else None,
        staff_relative_of=body.staff_relative_of,
        language=body.language or (language if language in ("kk", "ru") else "ru"),
        desired_start=body.desired_start,
    )
    filed = applications.file_application(
        session, ctx, parent_iin=_parent_iin(principal), data=data, registry=runtime.registry
    )
    view = applications.view_application(session, ctx, filed.application)
    return _application_out(view, language, filed.warnings)


@router.get("/applications", response_model=list[ApplicationOut], responses=error_responses(*AUTH))
def list_applications(
    session: SessionDep, ctx: CtxDep, principal: ParentDep, language: LanguageDep
) -> list[ApplicationOut]:
    """The caller's applications, newest first, with positions, open offer and referral."""
    views = applications.my_applications(session, ctx, _parent_iin(principal))
    return [_application_out(v, language) for v in views]


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    responses=error_responses(*OWN),
)
def get_application(
    application_id: int,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> ApplicationOut:
    view = applications.get_application(
        session, ctx, parent_iin=_parent_iin(principal), application_id=application_id
    )
    return _application_out(view, language)


@router.put(
    "/applications/{application_id}/choices",
    response_model=ApplicationOut,
    responses=error_responses(
        *OWN, *CHOICE_CODES, "CHOICE_DECLINED_BEFORE", "APPLICATION_NOT_EDITABLE"
    ),
)
def update_choices(
    application_id: int,
    body: ChoicesIn,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> ApplicationOut:
    """Replace the ranked kindergartens; the queue time, hence the order, is kept (R9).

    Not while an offer or referral is open, and never a kindergarten whose offer was
    declined or left to expire (R17).
    """
    app = applications.update_choices(
        session,
        ctx,
        parent_iin=_parent_iin(principal),
        application_id=application_id,
        kindergarten_ids=body.kindergarten_ids,
    )
    return _application_out(applications.view_application(session, ctx, app), language)


@router.post(
    "/applications/{application_id}/confirm",
    response_model=ApplicationOut,
    responses=error_responses(*OWN, "APPLICATION_NOT_EDITABLE", "AGE_AGED_OUT"),
)
def confirm_application(
    application_id: int,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> ApplicationOut:
    """The yearly confirmation (R24); a suspended application returns to its position."""
    app = applications.confirm_year(
        session, ctx, parent_iin=_parent_iin(principal), application_id=application_id
    )
    return _application_out(applications.view_application(session, ctx, app), language)


@router.post(
    "/applications/{application_id}/withdraw",
    response_model=ApplicationOut,
    responses=error_responses(*OWN, "APPLICATION_NOT_EDITABLE"),
)
def withdraw_application(
    application_id: int,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> ApplicationOut:
    """Leave the queue; a held offer or referral goes to the next child at once."""
    app = applications.withdraw(
        session, ctx, parent_iin=_parent_iin(principal), application_id=application_id
    )
    return _application_out(applications.view_application(session, ctx, app), language)


@router.get(
    "/applications/{application_id}/positions",
    response_model=PositionsOut,
    responses=error_responses(*OWN),
)
def get_positions(
    application_id: int,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> PositionsOut:
    """The number per chosen kindergarten: the order in which offers would be made (R14)."""
    parent_iin = _parent_iin(principal)
    choices = applications.positions(
        session, ctx, parent_iin=parent_iin, application_id=application_id
    )
    app = applications.own_application(session, parent_iin, application_id)
    return PositionsOut.model_validate(
        {
            "application_id": app.id,
            "status": app.status,
            "positions": _positions(choices, language),
        }
    )


@router.get(
    "/applications/{application_id}/explanations",
    response_model=list[ExplanationOut],
    responses=error_responses(*OWN),
)
def get_explanations(
    application_id: int,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> list[ExplanationOut]:
    """Why recent places at the chosen kindergartens went to other children (newest first,
    at most 20): the chosen child's category, sibling, time, the 1:3 turn, and why this
    application was passed over or behind. Applications appear by number only."""
    explanations = applications.application_explanations(
        session,
        ctx,
        parent_iin=_parent_iin(principal),
        application_id=application_id,
        language=language,
    )
    return [
        ExplanationOut(
            allocation_id=e.allocation_id,
            kindergarten_id=e.kindergarten_id,
            decided_at=e.decided_at,
            summary=e.summary,
            lines=e.lines,
            viewer_line=e.viewer_line,
        )
        for e in explanations
    ]


# --------------------------------------------------------------------------------------
# Offers and referrals
# --------------------------------------------------------------------------------------


def _answer(
    offer_id: int,
    accept: bool,
    session: Session,
    ctx: Ctx,
    principal: auth.Principal,
    language: str,
) -> OfferAnswerOut:
    result = applications.answer_offer(
        session, ctx, parent_iin=_parent_iin(principal), offer_id=offer_id, accept=accept
    )
    if isinstance(result, Referral):
        view = applications.get_application(
            session, ctx, parent_iin=_parent_iin(principal), application_id=result.application_id
        )
        assert view.referral is not None
        return OfferAnswerOut(
            offer_id=offer_id, status="accepted", referral=_referral_out(view.referral, language)
        )
    assert isinstance(result, Offer)
    return OfferAnswerOut(offer_id=offer_id, status="declined")


@router.post(
    "/offers/{offer_id}/accept",
    response_model=OfferAnswerOut,
    responses=error_responses(*OWN, "OFFER_NOT_OPEN", "OFFER_EXPIRED", "AUGUST_FREEZE"),
)
def accept_offer(
    offer_id: int, session: SessionDep, ctx: CtxDep, principal: ParentDep, language: LanguageDep
) -> OfferAnswerOut:
    """Take the place: the offer becomes a referral valid 5 working days (R18)."""
    return _answer(offer_id, True, session, ctx, principal, language)


@router.post(
    "/offers/{offer_id}/decline",
    response_model=OfferAnswerOut,
    responses=error_responses(*OWN, "OFFER_NOT_OPEN"),
)
def decline_offer(
    offer_id: int, session: SessionDep, ctx: CtxDep, principal: ParentDep, language: LanguageDep
) -> OfferAnswerOut:
    """Refuse the place: it goes to the next child and this kindergarten leaves the
    choices (R17); the other kindergartens' positions are kept."""
    return _answer(offer_id, False, session, ctx, principal, language)


@router.post(
    "/referrals/{referral_id}/postpone",
    response_model=ReferralOut,
    responses=error_responses(
        *OWN,
        "REFERRAL_NOT_ACTIVE",
        "REFERRAL_LAPSED",
        "POSTPONEMENT_USED",
        "POSTPONEMENT_TOO_LONG",
    ),
)
def postpone_referral(
    referral_id: int,
    body: PostponeIn,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    language: LanguageDep,
) -> ReferralOut:
    """Move the start once, up to 30 days ahead; the place stays reserved (R18)."""
    referral = applications.postpone(
        session, ctx, parent_iin=_parent_iin(principal), referral_id=referral_id, until=body.until
    )
    view = applications.get_application(
        session, ctx, parent_iin=_parent_iin(principal), application_id=referral.application_id
    )
    assert view.referral is not None
    return _referral_out(view.referral, language)


# --------------------------------------------------------------------------------------
# A second phone (R4)
# --------------------------------------------------------------------------------------


@router.post(
    "/phones/code",
    response_model=CodeSent,
    responses=error_responses(
        *AUTH, "PHONE_FORMAT", "PHONE_NOT_MOBILE", "CODE_TOO_MANY", "CODE_TOO_SOON"
    ),
)
def request_phone_code(
    body: PhoneCodeIn,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    runtime: RuntimeDep,
    language: LanguageDep,
) -> CodeSent:
    """Text a code to a new number; entering it back proves the number is the family's."""
    expires_at = auth.request_code(
        session,
        now=ctx.now,
        parent_iin=_parent_iin(principal),
        phone=body.phone,
        purpose="phone",
        language=body.language or language,
        ttl=timedelta(minutes=runtime.settings.code_ttl_minutes),
    )
    return CodeSent(expires_at=expires_at)


@router.post(
    "/phones/verify",
    response_model=PhoneVerified,
    responses=error_responses(*OWN, *PHONE_CODES, *CODE_CODES, "APPLICATION_NOT_EDITABLE"),
)
def verify_phone(
    body: PhoneVerifyIn,
    session: SessionDep,
    ctx: CtxDep,
    principal: ParentDep,
    runtime: RuntimeDep,
) -> PhoneVerified:
    """Enter the code; with ``application_id`` the number becomes its second phone."""
    parent_iin = _parent_iin(principal)
    if body.application_id is not None:
        # fail on someone else's application before a code attempt is spent
        applications.own_application(session, parent_iin, body.application_id)
    auth.verify_code(
        session,
        now=ctx.now,
        parent_iin=parent_iin,
        phone=body.phone,
        code=body.code,
        purpose="phone",
        max_attempts=runtime.settings.code_max_attempts,
    )
    if body.application_id is not None:
        applications.add_phone(
            session,
            ctx,
            parent_iin=parent_iin,
            application_id=body.application_id,
            phone=body.phone,
        )
    return PhoneVerified(phone=normalize_phone(body.phone), verified=True)
