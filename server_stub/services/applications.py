"""A parent's applications: filing, choices, yearly confirmation, withdrawal, answers.

Every function takes the caller's ``parent_iin`` (from the token, never from the request
body) and finds the application *through* it, so another parent's application answers
NOT_FOUND exactly like one that does not exist: ids are sequential and guessable, and
their existence must not leak (R30).

Rules enforced here: R2 (birth date vs IIN is only a warning), R3 (child differs from
parent, one active application per child IIN: checked, and backed by the partial unique
index for the concurrent case), R4 (only phones proven by an SMS code), R6 (no filing for
a child who is already school age), R9 (the queue time is the server's), R12 (twins'
batch ids), R13 (benefits: registry or pending a document), R14 (positions shown come
from the allocation engine itself), R17 (a declined kindergarten cannot be chosen again),
R18 (answers and one postponement through :mod:`offers`), R24 (yearly confirmation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import applications as intake
from domain.ages import is_aged_out
from domain.benefits import DEFAULT_BENEFIT_RULES, BenefitRules, Category
from domain.errors import DomainError
from domain.phones import mask_phone, normalize_phone
from domain.policy import Policy
from domain.priority import batches_from_births
from domain.referrals import LIVE_REFERRAL_STATUSES
from server_stub.models import (
    ACTIVE_APPLICATION_STATUSES,
    Application,
    Choice,
    Group,
    Kindergarten,
    Offer,
    Place,
    Referral,
)
from server_stub.registries import StateRegistry
from server_stub.services import allocation, audit, auth, explain, notifications, offers
from server_stub.services.context import Ctx, next_number

# Statuses in which the family may still change its kindergartens: not while an offer or
# a referral is open (the answer to it decides the choices, R17), never once it is over.
EDITABLE_STATUSES = ("queued", "stop_listed", "suspended")

# A warning code (the application is filed all the same); R2's is domain.applications'.
BENEFIT_NOT_CONFIRMED = "BENEFIT_NOT_CONFIRMED"  # R13: registry said no


@dataclass(frozen=True)
class ApplicationInput:
    """What a parent types; validated by :func:`file_application`, not by its type."""

    child_iin: str
    child_name: str
    birth_date: date
    phones: tuple[str, ...]
    kindergarten_ids: tuple[int, ...]
    accepted_languages: tuple[str, ...] = ("kk", "ru")
    need: str = "general"
    benefit: str | None = None
    staff_relative_of: int | None = None
    language: str = "ru"
    desired_start: date | None = None


@dataclass(frozen=True)
class FiledApplication:
    application: Application
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ChoiceView:
    kindergarten_id: int
    name_kk: str
    name_ru: str
    rank: int
    position: int | None


@dataclass(frozen=True)
class OfferView:
    id: int
    place_id: int
    kindergarten_id: int
    kindergarten_name_kk: str
    kindergarten_name_ru: str
    group_id: int
    group_name: str
    age_group: int
    group_language: str
    free_from: date
    made_at: datetime
    deadline_at: datetime


@dataclass(frozen=True)
class ReferralView:
    id: int
    number: str
    kindergarten_id: int
    kindergarten_name_kk: str
    kindergarten_name_ru: str
    group_name: str
    status: str
    issued_at: datetime
    expires_at: datetime
    postponed_until: date | None
    postponements: int
    awaiting_benefit: bool


@dataclass(frozen=True)
class ApplicationView:
    """One application as its parent sees it; ``application`` is the row itself."""

    application: Application
    choices: tuple[ChoiceView, ...]
    offer: OfferView | None
    referral: ReferralView | None


# --------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------


def confirmation_year(today: date, policy: Policy) -> int:
    """The year Y whose confirmation window (1 August Y .. 1 October Y) covers ``today``.

    An application confirmed for Y counts as confirmed until the window of Y + 1 closes
    (R24), so one filed in March belongs to the previous August's year: it will be asked
    to confirm from the coming August, not immediately.
    """
    start = policy.confirmation_reminders_from
    return today.year if (today.month, today.day) >= (start.month, start.day) else today.year - 1


def _accepted_languages(values: Iterable[str]) -> str:
    """R7, stored as "kk,ru" in a fixed order, so equal choices compare equal as text."""
    return ",".join(language.value for language in intake.normalize_accepted_languages(values))


# --------------------------------------------------------------------------------------
# Lookups through the caller
# --------------------------------------------------------------------------------------


def own_application(
    session: Session, parent_iin: str, application_id: int, *, lock: bool = False
) -> Application:
    """The caller's application, or NOT_FOUND whether it is missing or someone else's."""
    stmt = select(Application).where(
        Application.id == application_id, Application.parent_iin == parent_iin
    )
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    app = session.scalar(stmt)
    if app is None:
        raise DomainError("NOT_FOUND")
    return app


def _own_offer(session: Session, parent_iin: str, offer_id: int) -> Offer:
    offer = session.scalar(
        select(Offer)
        .join(Application, Application.id == Offer.application_id)
        .where(Offer.id == offer_id, Application.parent_iin == parent_iin)
    )
    if offer is None:
        raise DomainError("NOT_FOUND")
    return offer


def _own_referral(session: Session, parent_iin: str, referral_id: int) -> Referral:
    referral = session.scalar(
        select(Referral)
        .join(Application, Application.id == Referral.application_id)
        .where(Referral.id == referral_id, Application.parent_iin == parent_iin)
    )
    if referral is None:
        raise DomainError("NOT_FOUND")
    return referral


def _kindergartens(session: Session, ids: Sequence[int], policy: Policy) -> list[Kindergarten]:
    """1..max_choices distinct (domain), existing, active kindergartens, in the family's
    order."""
    intake.check_choices(ids, policy)
    found = {
        kg.id: kg
        for kg in session.scalars(select(Kindergarten).where(Kindergarten.id.in_(ids))).all()
    }
    for kid in ids:
        kg = found.get(kid)
        if kg is None or not kg.active:
            raise DomainError("KINDERGARTEN_NOT_FOUND", kindergarten_id=kid)
    return [found[kid] for kid in ids]


def _declined_kindergartens(session: Session, application_id: int) -> set[int]:
    """R17: kindergartens whose offer this application declined or let expire."""
    return set(
        session.scalars(
            select(Place.kindergarten_id)
            .join(Offer, Offer.place_id == Place.id)
            .where(
                Offer.application_id == application_id,
                Offer.status.in_(("declined", "expired")),
            )
        ).all()
    )


def _active_choice_ids(app: Application) -> list[int]:
    return [c.kindergarten_id for c in sorted(app.choices, key=lambda c: c.rank) if c.active]


def _set_status(app: Application, ctx: Ctx, status: str) -> None:
    app.status = status
    app.status_changed_at = ctx.now
    app.version += 1


def _recompute_batches(session: Session, ctx: Ctx, parent_iin: str) -> None:
    """R12: regroup the family's active applications; a withdrawn twin leaves the batch."""
    apps = session.scalars(
        select(Application).where(
            Application.parent_iin == parent_iin,
            Application.status.in_(ACTIVE_APPLICATION_STATUSES),
        )
    ).all()
    batches = batches_from_births(((a.id, a.parent_iin, a.birth_date) for a in apps), ctx.policy)
    for app in apps:
        batch = batches.get(app.id)
        if app.batch_id != batch:
            app.batch_id = batch
            app.version += 1


def _kindergarten_name(kg: Kindergarten, language: str) -> str:
    return kg.name_kk if language == "kk" else kg.name_ru


# --------------------------------------------------------------------------------------
# Filing
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Origin:
    """Who files: a parent online (phones proven by SMS codes) or a desk (a walk-in)."""

    created_by: str = "parent"
    verify_phones: bool = True
    kindergarten_id: int | None = None
    client_ref: str | None = None


def file_application(
    session: Session,
    ctx: Ctx,
    *,
    parent_iin: str,
    data: ApplicationInput,
    registry: StateRegistry,
    rules: BenefitRules = DEFAULT_BENEFIT_RULES,
) -> FiledApplication:
    """Put a child in the queue of up to four kindergartens, timed by the server (R9).

    Then texts the queue numbers and tries to allocate at once: free places may be
    waiting for exactly this child (nobody else eligible when they were published).
    """
    return _file(session, ctx, parent_iin, data, registry, rules, _Origin())


def file_walk_in(
    session: Session,
    ctx: Ctx,
    *,
    kindergarten_id: int,
    data: ApplicationInput,
    parent_iin: str,
    client_ref: str,
    registry: StateRegistry,
    rules: BenefitRules = DEFAULT_BENEFIT_RULES,
) -> FiledApplication:
    """An application a desk registered for a family that came in person (R9).

    The same rules and the same insert as :func:`file_application`, with two
    differences. The phones are not proven by SMS codes: the staff saw the family and
    its documents in person, and the family may have no phone at hand. And the queue
    time is the server's time now, i.e. of the sync that delivers the desk's draft,
    never the desk's clock (R9). ``client_ref`` is the desk's id for its draft: a second
    delivery of it returns the first application, so a retried sync never queues a
    child twice even if the op's own record were lost.
    """
    existing = _walk_in(session, client_ref)
    if existing is not None:
        if existing.registered_at_kindergarten != kindergarten_id:
            raise DomainError("FORBIDDEN")  # another desk's draft id: not this desk's to see
        return FiledApplication(existing, ())
    origin = _Origin(
        created_by=f"desk:{kindergarten_id}",
        verify_phones=False,
        kindergarten_id=kindergarten_id,
        client_ref=client_ref,
    )
    return _file(session, ctx, parent_iin, data, registry, rules, origin)


def _walk_in(session: Session, client_ref: str) -> Application | None:
    return session.scalar(select(Application).where(Application.client_ref == client_ref))


def _file(
    session: Session,
    ctx: Ctx,
    parent_iin: str,
    data: ApplicationInput,
    registry: StateRegistry,
    rules: BenefitRules,
    origin: _Origin,
) -> FiledApplication:
    applicant = intake.check_applicant(  # R1-R3, R6; R2 is a warning
        child_iin=data.child_iin,
        parent_iin=parent_iin,
        child_name=data.child_name,
        birth_date=data.birth_date,
        desired_start=data.desired_start,
        today=ctx.today,
        policy=ctx.policy,
    )
    parent, child, name = applicant.parent_iin, applicant.child_iin, applicant.child_name
    warnings = list(applicant.warnings)
    phones = intake.normalize_phones(data.phones, ctx.policy)
    for phone in phones if origin.verify_phones else ():
        if not auth.is_verified_phone(session, parent, phone):
            raise DomainError("PHONE_NOT_VERIFIED", phone=mask_phone(phone))
    kindergartens = _kindergartens(session, list(data.kindergarten_ids), ctx.policy)
    accepted = _accepted_languages(data.accepted_languages)
    need = intake.parse_need(data.need)
    intake.require_sms_language(data.language)
    if data.staff_relative_of is not None:
        staff_kg = session.get(Kindergarten, data.staff_relative_of)
        if staff_kg is None:
            raise DomainError("KINDERGARTEN_NOT_FOUND", kindergarten_id=data.staff_relative_of)
    benefit = intake.parse_benefit(data.benefit)
    if _active_application_of(session, child):
        raise DomainError("APPLICATION_DUPLICATE")

    # R13: a document-only benefit counts while the department checks it; any other
    # benefit is asked of the state registries now.
    category = Category.GENERAL
    benefit_status = "none"
    benefit_deadline: datetime | None = None
    if benefit is not None:
        if benefit in rules.needs_document:
            benefit_status = "pending"
            category = rules.category_of(benefit)
            benefit_deadline = ctx.working_deadline(ctx.policy.benefit_confirmation_working_days)
        elif registry.confirms(benefit, parent_iin=parent, child_iin=child):
            benefit_status = "confirmed"
            category = rules.category_of(benefit)
        else:
            benefit_status = "rejected"
            warnings.append(BENEFIT_NOT_CONFIRMED)

    app = Application(
        number=f"Q-{next_number(session, 'application'):07d}",
        child_iin=child,
        child_name=name,
        birth_date=data.birth_date,
        parent_iin=parent,
        phone1=phones[0],
        phone2=phones[1] if len(phones) > 1 else None,
        language=data.language,
        benefit=benefit.value if benefit is not None else None,
        benefit_status=benefit_status,
        benefit_deadline=benefit_deadline,
        category=int(category),
        need=need.value,
        accepted_languages=accepted,
        desired_start=data.desired_start,
        staff_relative_of=data.staff_relative_of,
        queued_at=ctx.now,
        status="queued",
        status_changed_at=ctx.now,
        confirmed_school_year=confirmation_year(ctx.today, ctx.policy),
        created_by=origin.created_by,
        client_ref=origin.client_ref,
        registered_at_kindergarten=origin.kindergarten_id,
        version=1,
    )
    app.choices = [
        Choice(kindergarten_id=kg.id, rank=rank, active=True)
        for rank, kg in enumerate(kindergartens, start=1)
    ]
    try:
        # The pre-check above misses a concurrent filing for the same child; the partial
        # unique index catches it. The savepoint keeps the request's transaction usable
        # (PostgreSQL aborts a transaction on an error outside one).
        with session.begin_nested():
            session.add(app)
    except IntegrityError:
        # a walk-in delivered twice at once: the other delivery's application is this one
        if origin.client_ref is not None:
            existing = _walk_in(session, origin.client_ref)
            if (
                existing is not None
                and existing.registered_at_kindergarten == origin.kindergarten_id
            ):
                return FiledApplication(existing, ())
        raise DomainError("APPLICATION_DUPLICATE") from None
    _recompute_batches(session, ctx, parent)
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="application_filed",
        entity="application",
        entity_id=app.id,
        data={
            "number": app.number,
            "category": app.category,
            "benefit_status": benefit_status,
            "kindergarten_ids": [kg.id for kg in kindergartens],
            "warnings": warnings,
            "created_by": origin.created_by,
        },
    )
    positions = allocation.queue_positions(session, ctx, app)
    listed = "; ".join(
        f"{_kindergarten_name(kg, app.language)}: {positions.get(kg.id) or '-'}"
        for kg in kindergartens
    )
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="application_registered",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={"number": app.number, "positions": listed},
        dedup_key=f"application_registered:{app.id}",
    )
    allocation.allocate_many(session, ctx, [kg.id for kg in kindergartens])
    return FiledApplication(app, tuple(warnings))


def _active_application_of(session: Session, child_iin: str) -> bool:
    found = session.scalar(
        select(Application.id).where(
            Application.child_iin == child_iin,
            Application.status.in_(ACTIVE_APPLICATION_STATUSES),
        )
    )
    return found is not None


# --------------------------------------------------------------------------------------
# Changes
# --------------------------------------------------------------------------------------


def update_choices(
    session: Session,
    ctx: Ctx,
    *,
    parent_iin: str,
    application_id: int,
    kindergarten_ids: Sequence[int],
) -> Application:
    """Replace the ranked kindergartens; the queue time stays (R9), so do positions held.

    A kindergarten whose offer was declined or let expire stays out (R17): otherwise
    declining would cost nothing and the place would bounce between families.
    """
    app = own_application(session, parent_iin, application_id, lock=True)
    if app.status not in EDITABLE_STATUSES:
        raise DomainError("APPLICATION_NOT_EDITABLE", status=app.status)
    ids = list(kindergarten_ids)
    _kindergartens(session, ids, ctx.policy)
    declined = _declined_kindergartens(session, app.id)
    for kid in ids:
        if kid in declined:
            raise DomainError("CHOICE_DECLINED_BEFORE", kindergarten_id=kid)
    before = _active_choice_ids(app)
    existing = {c.kindergarten_id: c for c in app.choices}
    for kid, choice in existing.items():
        if kid not in ids and kid not in declined:
            app.choices.remove(choice)  # delete-orphan: a plain removal leaves no trace
    for rank, kid in enumerate(ids, start=1):
        kept = existing.get(kid)
        if kept is None:
            app.choices.append(Choice(kindergarten_id=kid, rank=rank, active=True))
        else:
            kept.rank = rank
            kept.active = True
    # Declined ones stay as inactive history rows, ranked after the live choices.
    for offset, kid in enumerate(sorted((declined & set(existing)) - set(ids)), start=1):
        existing[kid].rank = len(ids) + offset
    app.version += 1
    session.flush()
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="choices_updated",
        entity="application",
        entity_id=app.id,
        data={"before": before, "after": ids},
    )
    added = [kid for kid in ids if kid not in before]
    if added:
        allocation.allocate_many(session, ctx, added)
    return app


def confirm_year(
    session: Session, ctx: Ctx, *, parent_iin: str, application_id: int
) -> Application:
    """R24: the yearly confirmation; a suspended application resumes where it stood.

    The queue time is untouched, so a family that confirms late gets its old position
    back rather than the end of the queue.
    """
    app = own_application(session, parent_iin, application_id, lock=True)
    if app.status not in ACTIVE_APPLICATION_STATUSES:
        raise DomainError("APPLICATION_NOT_EDITABLE", status=app.status)
    if is_aged_out(app.birth_date, allocation.school_year_for(ctx, ctx.today), ctx.policy):
        raise DomainError("AGE_AGED_OUT")
    year = confirmation_year(ctx.today, ctx.policy)
    resumed = app.status == "suspended"
    if app.confirmed_school_year >= year and not resumed:
        return app  # already confirmed: asking twice changes nothing
    app.confirmed_school_year = max(app.confirmed_school_year, year)
    app.version += 1
    if resumed:
        app.suspended_at = None
        # A stop list that had not run out when the application was suspended still runs.
        still_stopped = app.stop_until is not None and app.stop_until > ctx.now
        _set_status(app, ctx, "stop_listed" if still_stopped else "queued")
    session.flush()
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="application_confirmed",
        entity="application",
        entity_id=app.id,
        data={"year": year, "resumed": resumed},
    )
    if resumed:
        allocation.allocate_many(session, ctx, _active_choice_ids(app))
    return app


def withdraw(session: Session, ctx: Ctx, *, parent_iin: str, application_id: int) -> Application:
    """Leave the queue for good; an open offer's or referral's place goes on at once."""
    app = own_application(session, parent_iin, application_id, lock=True)
    if app.status not in ACTIVE_APPLICATION_STATUSES:
        raise DomainError("APPLICATION_NOT_EDITABLE", status=app.status)
    previous = app.status
    _set_status(app, ctx, "withdrawn")
    session.flush()
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="application_withdrawn",
        entity="application",
        entity_id=app.id,
        data={"number": app.number, "previous_status": previous},
    )
    offers.end_participation(session, ctx, app, reason="withdrawn")
    _recompute_batches(session, ctx, app.parent_iin)
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="withdrawn",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={"number": app.number},
        dedup_key=f"withdrawn:{app.id}",
    )
    return app


def add_phone(
    session: Session, ctx: Ctx, *, parent_iin: str, application_id: int, phone: str
) -> Application:
    """R4: set the second phone, only to a number the parent proved with a code."""
    app = own_application(session, parent_iin, application_id, lock=True)
    if app.status not in ACTIVE_APPLICATION_STATUSES:
        raise DomainError("APPLICATION_NOT_EDITABLE", status=app.status)
    number = normalize_phone(phone)
    if not auth.is_verified_phone(session, app.parent_iin, number):
        raise DomainError("PHONE_NOT_VERIFIED", phone=mask_phone(number))
    if number in (app.phone1, app.phone2):
        return app
    replaced = app.phone2 is not None
    app.phone2 = number
    app.version += 1
    session.flush()
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="phone_replaced" if replaced else "phone_added",
        entity="application",
        entity_id=app.id,
        data={"slot": 2},
    )
    return app


# --------------------------------------------------------------------------------------
# Offers and referrals
# --------------------------------------------------------------------------------------


def answer_offer(
    session: Session, ctx: Ctx, *, parent_iin: str, offer_id: int, accept: bool
) -> Offer | Referral:
    """Accept (-> referral, R18) or decline (the kindergarten leaves the choices, R17)."""
    offer = _own_offer(session, parent_iin, offer_id)
    if accept:
        return offers.accept_offer(session, ctx, offer.id)
    return offers.decline_offer(session, ctx, offer.id)


def postpone(
    session: Session, ctx: Ctx, *, parent_iin: str, referral_id: int, until: date
) -> Referral:
    """R18: move the start once, up to 30 days; the place stays reserved."""
    referral = _own_referral(session, parent_iin, referral_id)
    if referral.status == "postponed" or referral.postponements >= ctx.policy.postponements_allowed:
        # said plainly: "not active" would puzzle a family whose place is still reserved
        raise DomainError("POSTPONEMENT_USED")
    return offers.postpone_referral(session, ctx, referral.id, until)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def my_applications(session: Session, ctx: Ctx, parent_iin: str) -> list[ApplicationView]:
    """Every application of the caller, newest first, each view audited (R30)."""
    apps = session.scalars(
        select(Application)
        .where(Application.parent_iin == parent_iin)
        .order_by(Application.queued_at.desc(), Application.id.desc())
    ).all()
    return [_view(session, ctx, app) for app in apps]


def get_application(
    session: Session, ctx: Ctx, *, parent_iin: str, application_id: int
) -> ApplicationView:
    return _view(session, ctx, own_application(session, parent_iin, application_id))


def view_application(session: Session, ctx: Ctx, app: Application) -> ApplicationView:
    """The view of an application already checked to be the caller's (after a change)."""
    return _view(session, ctx, app)


def positions(
    session: Session, ctx: Ctx, *, parent_iin: str, application_id: int
) -> tuple[ChoiceView, ...]:
    """R14: the number per chosen kindergarten, from the engine's own ordering."""
    app = own_application(session, parent_iin, application_id)
    return _choice_views(session, ctx, app)


def application_explanations(
    session: Session,
    ctx: Ctx,
    *,
    parent_iin: str,
    application_id: int,
    language: str,
    limit: int = 20,
) -> list[explain.Explanation]:
    """ "Why not me": the recent offers at the family's kindergartens that went to others."""
    app = own_application(session, parent_iin, application_id)
    return explain.explanations_for_application(
        session, app, language, policy=ctx.policy, limit=limit
    )


def _choice_views(session: Session, ctx: Ctx, app: Application) -> tuple[ChoiceView, ...]:
    active = [c for c in sorted(app.choices, key=lambda c: c.rank) if c.active]
    if not active:
        return ()
    numbers: dict[int, int | None] = {}
    if app.status in allocation.QUEUE_STATUSES:
        numbers = allocation.queue_positions(session, ctx, app)
    kgs = {
        kg.id: kg
        for kg in session.scalars(
            select(Kindergarten).where(Kindergarten.id.in_([c.kindergarten_id for c in active]))
        ).all()
    }
    return tuple(
        ChoiceView(
            kindergarten_id=c.kindergarten_id,
            name_kk=kgs[c.kindergarten_id].name_kk,
            name_ru=kgs[c.kindergarten_id].name_ru,
            rank=c.rank,
            position=numbers.get(c.kindergarten_id),
        )
        for c in active
    )


def _view(session: Session, ctx: Ctx, app: Application) -> ApplicationView:
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="view_application",
        entity="application",
        entity_id=app.id,
    )
    offer_view: OfferView | None = None
    offer = session.scalar(
        select(Offer).where(Offer.application_id == app.id, Offer.status == "open").limit(1)
    )
    if offer is not None:
        place = session.get(Place, offer.place_id)
        assert place is not None
        group = session.get(Group, place.group_id)
        kg = session.get(Kindergarten, place.kindergarten_id)
        assert group is not None and kg is not None
        offer_view = OfferView(
            id=offer.id,
            place_id=place.id,
            kindergarten_id=kg.id,
            kindergarten_name_kk=kg.name_kk,
            kindergarten_name_ru=kg.name_ru,
            group_id=group.id,
            group_name=group.name,
            age_group=group.age_group,
            group_language=group.language,
            free_from=place.free_from,
            made_at=offer.made_at,
            deadline_at=offer.deadline_at,
        )
    referral_view: ReferralView | None = None
    referral = session.scalar(
        select(Referral)
        .where(Referral.application_id == app.id, Referral.status.in_(LIVE_REFERRAL_STATUSES))
        .limit(1)
    )
    if referral is not None:
        kg = session.get(Kindergarten, referral.kindergarten_id)
        group = session.get(Group, referral.group_id)
        assert kg is not None and group is not None
        referral_view = ReferralView(
            id=referral.id,
            number=referral.number,
            kindergarten_id=kg.id,
            kindergarten_name_kk=kg.name_kk,
            kindergarten_name_ru=kg.name_ru,
            group_name=group.name,
            status=referral.status,
            issued_at=referral.issued_at,
            expires_at=referral.expires_at,
            postponed_until=referral.postponed_until,
            postponements=referral.postponements,
            awaiting_benefit=referral.awaiting_benefit,
        )
    return ApplicationView(app, _choice_views(session, ctx, app), offer_view, referral_view)
