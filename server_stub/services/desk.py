"""The kindergarten desk: places, referrals, document checks, enrollment, leaving (R15-R23).

Every function takes the desk's kindergarten id as an explicit argument and looks rows up
only within it: a row of another kindergarten answers NOT_FOUND exactly like a missing
one, so a desk can neither read another kindergarten's children nor probe which ids exist
(R30). A referral still waiting for the department to confirm a benefit is not handed to
the kindergarten yet (R13), so the desk does not see it either.

The HTTP API calls these functions now and the sync protocol will call the same ones for
the desk's intent commands ("publish N places", "enroll on referral R"), which is why they
take plain arguments and return plain result objects, and why who may do what is one
table (:data:`domain.roles.ROLE_ACTIONS`, re-exported here with :func:`authorize`) rather
than a check in each router. The rules themselves (roles, the R20 checks kept and required
before enrolling, the seats a group may publish, the referral's deadline, a leave) are the
:mod:`domain` functions the offline desk applies too; this module adds the rows, the locks
and the audit.

Every view of a family's personal data and every change to it is audited (R30); audit
data carry ids and reason codes, never a name, an IIN or a phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.ages import GroupType
from domain.documents import (
    DOCUMENT_KINDS,
    DocumentKind,
    DocumentSet,
    Vaccination,
    check_details,
    check_documents,
    recorded_vaccination,
    require_enrollment_documents,
    require_head_decision,
    require_visit_date,
    results_to_record,
)
from domain.enrollment import check_leave, left_at
from domain.errors import DomainError
from domain.kztime import local_date
from domain.places import require_publishable, require_withdrawable
from domain.referrals import (
    LIVE_REFERRAL_STATUSES,
    RECENTLY_CLOSED_DAYS,
    require_open,
    working_days_left,
)
from domain.roles import ROLE_ACTIONS as ROLE_ACTIONS
from domain.roles import DeskAction as DeskAction
from domain.roles import authorize as authorize
from server_stub.models import (
    Application,
    DocumentCheck,
    Enrollment,
    Group,
    Offer,
    Place,
    Referral,
)
from server_stub.services import allocation, audit, notifications, offers
from server_stub.services.context import Ctx
from server_stub.services.register import GroupSummary, group_summaries, group_summary

DocumentStatus = Literal["not_checked", "passed", "failed"]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceView:
    id: int
    group_id: int
    status: str
    free_from: date
    published_at: datetime
    published_by: int | None


@dataclass(frozen=True)
class OfferMade:
    """An offer the engine made right after a publication; the number is public (R28)."""

    offer_id: int
    place_id: int
    application_number: str
    deadline_at: datetime


@dataclass(frozen=True)
class PublishResult:
    places: list[PlaceView]
    offers: list[OfferMade]


@dataclass(frozen=True)
class DocumentState:
    """The latest R20 check of one document kind for a referral.

    ``status`` is ``not_checked``, ``passed`` or ``failed``; ``params`` fill the
    message of ``code`` and hold no personal data (domain.documents).
    """

    kind: DocumentKind
    status: DocumentStatus
    code: str | None = None
    params: Mapping[str, Any] | None = None
    visit_date: date | None = None
    checked_at: datetime | None = None
    checked_by: int | None = None
    this_visit: bool = False


@dataclass(frozen=True)
class ReferralView:
    """A referral with the family's data, for the desk that receives the family (R30)."""

    id: int
    number: str
    status: str
    application_id: int
    application_number: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    phones: list[str]
    group_id: int
    group_name: str
    age_group: int
    issued_at: datetime
    expires_at: datetime
    days_left: int
    postponed_until: date | None
    staff_relative: bool
    closed_at: datetime | None
    documents: list[DocumentState]


@dataclass(frozen=True)
class CheckOutcome:
    referral_id: int
    visit_date: date
    all_passed: bool
    documents: list[DocumentState]


@dataclass(frozen=True)
class EnrollmentResult:
    enrollment_id: int
    referral_id: int
    application_id: int
    application_number: str
    group_id: int
    place_id: int
    vaccination: str
    head_decision_recorded: bool
    enrolled_at: datetime


@dataclass(frozen=True)
class ChildView:
    id: int
    group_id: int
    group_name: str
    child_name: str
    child_iin: str
    birth_date: date
    parent_iin: str
    vaccination: str
    enrolled_at: datetime
    referral_id: int | None
    left_at: datetime | None
    leave_reason: str | None


# --------------------------------------------------------------------------------------
# Scoped lookups: another kindergarten's row is NOT_FOUND, like a missing one
# --------------------------------------------------------------------------------------


def _own_group(session: Session, kindergarten_id: int, group_id: int, *, lock: bool) -> Group:
    query = select(Group).where(Group.id == group_id, Group.kindergarten_id == kindergarten_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    group = session.scalar(query)
    if group is None:
        raise DomainError("NOT_FOUND")
    return group


def _own_place(session: Session, kindergarten_id: int, place_id: int) -> Place:
    place = session.scalar(
        select(Place)
        .where(Place.id == place_id, Place.kindergarten_id == kindergarten_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if place is None:
        raise DomainError("NOT_FOUND")
    return place


def _own_referral(
    session: Session, kindergarten_id: int, referral_id: int, *, lock: bool = False
) -> Referral:
    query = select(Referral).where(
        Referral.id == referral_id,
        Referral.kindergarten_id == kindergarten_id,
        Referral.awaiting_benefit.is_(False),
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    referral = session.scalar(query)
    if referral is None:
        raise DomainError("NOT_FOUND")
    return referral


def _own_enrollment(session: Session, kindergarten_id: int, enrollment_id: int) -> Enrollment:
    row = session.scalar(
        select(Enrollment)
        .where(Enrollment.id == enrollment_id, Enrollment.kindergarten_id == kindergarten_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise DomainError("NOT_FOUND")
    return row


def _application(session: Session, application_id: int) -> Application:
    app = session.get(Application, application_id)
    assert app is not None  # a foreign key
    return app


def _groups_of(session: Session, kindergarten_id: int) -> dict[int, Group]:
    query = select(Group).where(Group.kindergarten_id == kindergarten_id)
    return {g.id: g for g in session.scalars(query)}


def _audit(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    action: str,
    entity: str,
    entity_id: int,
    data: dict[str, Any],
) -> None:
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        kindergarten_id=kindergarten_id,
        data=data,
    )


# --------------------------------------------------------------------------------------
# Groups and places (R15)
# --------------------------------------------------------------------------------------


def list_groups(session: Session, ctx: Ctx, kindergarten_id: int) -> list[GroupSummary]:
    """The groups with their occupancy; ``ctx`` is unused but keeps every desk call alike
    for the sync protocol, which dispatches on one signature."""
    return group_summaries(session, kindergarten_id)


def _place_view(place: Place) -> PlaceView:
    return PlaceView(
        id=place.id,
        group_id=place.group_id,
        status=place.status,
        free_from=place.free_from,
        published_at=place.published_at,
        published_by=place.published_by,
    )


def publish_places(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    *,
    group_id: int,
    count: int,
    free_from: date,
    account_id: int | None,
) -> PublishResult:
    """R15/R16: publish ``count`` free places and offer them at once, in this transaction.

    The queue lock comes first (allocation's rule for anything that changes who holds a
    place), then the group row, so two desks publishing into one group at the same time
    cannot together exceed its capacity.
    """
    if ctx.in_august_freeze():
        raise DomainError("AUGUST_FREEZE")
    allocation.lock_queue(session)
    group = _own_group(session, kindergarten_id, group_id, lock=True)
    if not group.active:
        raise DomainError("GROUP_INACTIVE")
    summary = group_summary(session, group)
    require_publishable(
        count, capacity=group.capacity, enrolled=summary.enrolled, published=summary.published
    )
    places = [
        Place(
            group_id=group.id,
            kindergarten_id=kindergarten_id,
            free_from=free_from,
            status="free",
            published_at=ctx.now,
            published_by=account_id,
        )
        for _ in range(count)
    ]
    session.add_all(places)
    session.flush()
    _audit(
        session,
        ctx,
        kindergarten_id,
        "places_published",
        "group",
        group.id,
        {"count": count, "free_from": free_from.isoformat(), "place_ids": [p.id for p in places]},
    )
    made = allocation.allocate(session, ctx, kindergarten_id)
    return PublishResult(
        places=[_place_view(p) for p in places],
        offers=[_offer_made(session, offer) for offer in made],
    )


def _offer_made(session: Session, offer: Offer) -> OfferMade:
    return OfferMade(
        offer_id=offer.id,
        place_id=offer.place_id,
        application_number=_application(session, offer.application_id).number,
        deadline_at=offer.deadline_at,
    )


def list_places(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    *,
    status: str | None = None,
    group_id: int | None = None,
) -> list[PlaceView]:
    query = select(Place).where(Place.kindergarten_id == kindergarten_id).order_by(Place.id)
    if status is not None:
        query = query.where(Place.status == status)
    if group_id is not None:
        query = query.where(Place.group_id == group_id)
    return [_place_view(p) for p in session.scalars(query)]


def withdraw_place(session: Session, ctx: Ctx, kindergarten_id: int, place_id: int) -> PlaceView:
    """Take back a published place nobody has been offered yet.

    An offered or reserved place has a family acting on it (R16-R18): withdrawing it would
    take a promise back, so that is refused; the place is locked first, so the engine
    cannot offer it in between.
    """
    allocation.lock_queue(session)
    place = _own_place(session, kindergarten_id, place_id)
    require_withdrawable(place.status)
    place.status = "withdrawn"
    place.version += 1
    session.flush()
    _audit(session, ctx, kindergarten_id, "place_withdrawn", "place", place.id, {})
    return _place_view(place)


# --------------------------------------------------------------------------------------
# Referrals and their documents (R18, R20)
# --------------------------------------------------------------------------------------


def _latest_checks(
    session: Session, referral_ids: Sequence[int]
) -> dict[int, dict[str, DocumentCheck]]:
    """referral id -> document kind -> its latest check (by time, then id)."""
    latest: dict[int, dict[str, DocumentCheck]] = {rid: {} for rid in referral_ids}
    if not referral_ids:
        return latest
    rows = session.scalars(
        select(DocumentCheck)
        .where(DocumentCheck.referral_id.in_(list(referral_ids)))
        .order_by(DocumentCheck.checked_at, DocumentCheck.id)
    ).all()
    for row in rows:
        latest[row.referral_id][row.kind] = row  # later rows overwrite earlier ones
    return latest


def _document_state(
    kind: DocumentKind, row: DocumentCheck | None, *, this_visit: bool = False
) -> DocumentState:
    if row is None:
        return DocumentState(kind=kind, status="not_checked")
    return DocumentState(
        kind=kind,
        status="passed" if row.ok else "failed",
        code=row.code,
        params=dict(row.details.get("params", {})),
        visit_date=row.visit_date,
        checked_at=row.checked_at,
        checked_by=row.checked_by,
        this_visit=this_visit,
    )


def _referral_view(
    ctx: Ctx,
    referral: Referral,
    app: Application,
    group: Group,
    checks: Mapping[str, DocumentCheck],
) -> ReferralView:
    return ReferralView(
        id=referral.id,
        number=referral.number,
        status=referral.status,
        application_id=app.id,
        application_number=app.number,
        child_name=app.child_name,
        child_iin=app.child_iin,
        birth_date=app.birth_date,
        parent_iin=app.parent_iin,
        phones=[p for p in (app.phone1, app.phone2) if p],
        group_id=group.id,
        group_name=group.name,
        age_group=group.age_group,
        issued_at=referral.issued_at,
        expires_at=referral.expires_at,
        days_left=working_days_left(ctx.calendar, ctx.now, referral.expires_at),
        postponed_until=referral.postponed_until,
        staff_relative=referral.staff_relative,
        closed_at=referral.closed_at,
        documents=[_document_state(kind, checks.get(kind.value)) for kind in DOCUMENT_KINDS],
    )


def _matches(query: str | None, texts: Iterable[str | None]) -> bool:
    """Case-insensitive substring search done in Python: SQLite's LOWER() and LIKE fold
    only ASCII, and Kazakh and Russian names must match whatever case the staff type."""
    if not query or not query.strip():
        return True
    needle = query.strip().casefold()
    return any(needle in text.casefold() for text in texts if text)


def list_referrals(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    *,
    status: str | None = None,
    query: str | None = None,
) -> list[ReferralView]:
    """Referrals to this kindergarten: the live ones and those closed in the last 30 days,
    or those of one ``status``; ``query`` matches a name, an IIN or a number.

    One audit record per call lists the referrals whose data were shown (R30).
    """
    stmt = select(Referral).where(
        Referral.kindergarten_id == kindergarten_id, Referral.awaiting_benefit.is_(False)
    )
    if status is not None:
        stmt = stmt.where(Referral.status == status)
    else:
        since = ctx.now - timedelta(days=RECENTLY_CLOSED_DAYS)
        stmt = stmt.where(
            Referral.status.in_(LIVE_REFERRAL_STATUSES) | (Referral.closed_at >= since)
        )
    referrals = session.scalars(stmt.order_by(Referral.expires_at, Referral.id)).all()
    if not referrals:
        return []
    apps = {
        a.id: a
        for a in session.scalars(
            select(Application).where(Application.id.in_([r.application_id for r in referrals]))
        )
    }
    groups = _groups_of(session, kindergarten_id)
    chosen = [
        r
        for r in referrals
        if _matches(
            query,
            (
                apps[r.application_id].child_name,
                apps[r.application_id].child_iin,
                apps[r.application_id].parent_iin,
                apps[r.application_id].number,
                r.number,
            ),
        )
    ]
    checks = _latest_checks(session, [r.id for r in chosen])
    views = [
        _referral_view(ctx, r, apps[r.application_id], groups[r.group_id], checks[r.id])
        for r in chosen
    ]
    if views:
        _audit(
            session,
            ctx,
            kindergarten_id,
            "view_referral",
            "kindergarten",
            kindergarten_id,
            {"referral_ids": [v.id for v in views]},
        )
    return views


def get_referral(
    session: Session, ctx: Ctx, kindergarten_id: int, referral_id: int
) -> ReferralView:
    """One referral with the family's data; the view is audited (R30)."""
    referral = _own_referral(session, kindergarten_id, referral_id)
    view = _load_referral_view(session, ctx, referral)
    _audit(session, ctx, kindergarten_id, "view_referral", "referral", referral.id, {})
    return view


def _load_referral_view(session: Session, ctx: Ctx, referral: Referral) -> ReferralView:
    group = session.get(Group, referral.group_id)
    assert group is not None
    checks = _latest_checks(session, [referral.id])[referral.id]
    return _referral_view(
        ctx, referral, _application(session, referral.application_id), group, checks
    )


def _require_open(referral: Referral, ctx: Ctx) -> None:
    """R18, R19 by the server's clock (:func:`domain.referrals.require_open`)."""
    require_open(referral.status, referral.expires_at, ctx.now)


def record_document_check(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    referral_id: int,
    docs: DocumentSet,
    *,
    visit_date: date | None = None,
    account_id: int,
) -> CheckOutcome:
    """R20: check what the family brought on a visit and record the results
    :func:`domain.documents.results_to_record` names (what was brought, and what was never
    checked, as missing). A failed check does not end the referral (R20).
    """
    # Not locked: a check changes no place, and one recorded in the same instant as the
    # referral lapses is harmless history.
    referral = _own_referral(session, kindergarten_id, referral_id)
    _require_open(referral, ctx)
    visit = visit_date or ctx.today
    require_visit_date(visit, today=ctx.today, issued_on=local_date(referral.issued_at))
    app = _application(session, referral.application_id)
    verdict = check_documents(
        docs,
        parent_iin=app.parent_iin,
        child_iin=app.child_iin,
        birth_date=app.birth_date,
        visit_date=visit,
        policy=ctx.policy,
    )
    before = _latest_checks(session, [referral.id])[referral.id]
    rows: dict[str, DocumentCheck] = {}
    for result in results_to_record(verdict, docs, before):
        row = DocumentCheck(
            referral_id=referral.id,
            kind=result.document.value,
            ok=result.ok,
            code=result.code,
            details=check_details(result.document, docs, result),
            visit_date=visit,
            checked_by=account_id,
            checked_at=ctx.now,
        )
        session.add(row)
        session.flush()
        rows[row.kind] = row
    recorded = {kind: row.code or "OK" for kind, row in rows.items()}
    latest = {**before, **rows}
    states = [_document_state(k, latest[k.value], this_visit=k in rows) for k in DOCUMENT_KINDS]
    _audit(
        session,
        ctx,
        kindergarten_id,
        "documents_checked",
        "referral",
        referral.id,
        {"visit_date": visit.isoformat(), "results": recorded},
    )
    return CheckOutcome(
        referral_id=referral.id,
        visit_date=visit,
        all_passed=all(s.status == "passed" for s in states),
        documents=states,
    )


# --------------------------------------------------------------------------------------
# Enrollment (R21, R22)
# --------------------------------------------------------------------------------------


def _group_vaccination(session: Session, group_id: int) -> tuple[int, int]:
    """(children enrolled now, of whom unvaccinated without an exemption) for R21."""
    enrolled = session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(Enrollment.group_id == group_id, Enrollment.left_at.is_(None))
    )
    unvaccinated = session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(
            Enrollment.group_id == group_id,
            Enrollment.left_at.is_(None),
            Enrollment.vaccination == Vaccination.INCOMPLETE.value,
        )
    )
    return int(enrolled or 0), int(unvaccinated or 0)


def enroll(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    referral_id: int,
    *,
    head_decision: str | None = None,
    account_id: int | None,
) -> EnrollmentResult:
    """R21/R22: sign the child in on a live referral whose four documents passed.

    Takes the queue lock (a place changes hands), then the referral, then the group (the
    R21 count must not race another enrollment into the same group), then the place and
    the application. The application is then
    ``enrolled``: it leaves every queue it was in, and it cannot hold another offer (one
    at a time, R17) that would need cancelling.
    """
    allocation.lock_queue(session)
    referral = _own_referral(session, kindergarten_id, referral_id, lock=True)
    _require_open(referral, ctx)
    checks = _latest_checks(session, [referral.id])[referral.id]
    require_enrollment_documents(
        checks, issued_on=local_date(referral.issued_at), today=ctx.today, policy=ctx.policy
    )
    group = _own_group(session, kindergarten_id, referral.group_id, lock=True)
    vaccination = recorded_vaccination(checks[DocumentKind.HEALTH_PASSPORT.value].details)
    enrolled, unvaccinated = _group_vaccination(session, group.id)
    decision = require_head_decision(
        head_decision,
        group_type=GroupType(group.type),
        enrolled=enrolled,
        unvaccinated=unvaccinated,
        child=vaccination,
        policy=ctx.policy,
    )
    place = session.get(Place, referral.place_id, with_for_update=True, populate_existing=True)
    app = session.get(
        Application, referral.application_id, with_for_update=True, populate_existing=True
    )
    assert place is not None and app is not None
    enrollment = Enrollment(
        referral_id=referral.id,
        application_id=app.id,
        kindergarten_id=kindergarten_id,
        group_id=group.id,
        place_id=place.id,
        child_iin=app.child_iin,
        child_name=app.child_name,
        birth_date=app.birth_date,
        parent_iin=app.parent_iin,
        vaccination=vaccination.value,
        head_decision=decision,
        enrolled_at=ctx.now,
        enrolled_by=account_id,
    )
    session.add(enrollment)
    referral.status = "enrolled"
    referral.closed_at = ctx.now
    referral.version += 1
    place.status = "filled"
    place.version += 1
    app.status = "enrolled"
    app.status_changed_at = ctx.now
    app.version += 1
    session.flush()
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="enrolled",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={"kindergarten": offers.kindergarten_name(session, kindergarten_id, app.language)},
        dedup_key=f"enrolled:{enrollment.id}",
    )
    _audit(
        session,
        ctx,
        kindergarten_id,
        "child_enrolled",
        "enrollment",
        enrollment.id,
        {
            "referral_id": referral.id,
            "application_id": app.id,
            "group_id": group.id,
            "place_id": place.id,
            "head_decision": decision is not None,
        },
    )
    return EnrollmentResult(
        enrollment_id=enrollment.id,
        referral_id=referral.id,
        application_id=app.id,
        application_number=app.number,
        group_id=group.id,
        place_id=place.id,
        vaccination=vaccination.value,
        head_decision_recorded=decision is not None,
        enrolled_at=enrollment.enrolled_at,
    )


# --------------------------------------------------------------------------------------
# Children (R23)
# --------------------------------------------------------------------------------------


def _child_view(row: Enrollment, group: Group) -> ChildView:
    return ChildView(
        id=row.id,
        group_id=group.id,
        group_name=group.name,
        child_name=row.child_name,
        child_iin=row.child_iin,
        birth_date=row.birth_date,
        parent_iin=row.parent_iin,
        vaccination=row.vaccination,
        enrolled_at=row.enrolled_at,
        referral_id=row.referral_id,
        left_at=row.left_at,
        leave_reason=row.leave_reason,
    )


def list_children(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    *,
    group_id: int | None = None,
    query: str | None = None,
) -> list[ChildView]:
    """The children attending now; the view is audited with the ids shown (R30)."""
    stmt = select(Enrollment).where(
        Enrollment.kindergarten_id == kindergarten_id, Enrollment.left_at.is_(None)
    )
    if group_id is not None:
        stmt = stmt.where(Enrollment.group_id == group_id)
    rows = session.scalars(stmt.order_by(Enrollment.group_id, Enrollment.id)).all()
    groups = _groups_of(session, kindergarten_id)
    views = [
        _child_view(row, groups[row.group_id])
        for row in rows
        if _matches(query, (row.child_name, row.child_iin, row.parent_iin))
    ]
    if views:
        _audit(
            session,
            ctx,
            kindergarten_id,
            "view_children",
            "kindergarten",
            kindergarten_id,
            {"enrollment_ids": [v.id for v in views]},
        )
    return views


def record_leave(
    session: Session,
    ctx: Ctx,
    kindergarten_id: int,
    enrollment_id: int,
    *,
    day: date | None = None,
    reason: str,
) -> ChildView:
    """R23: the child leaves; the seat counts as free capacity, but nothing is published.

    The head decides when to publish the seat (R15). A leave is recorded on or after the
    enrollment day and never in the future: a future date would free the seat now.
    """
    row = _own_enrollment(session, kindergarten_id, enrollment_id)
    leave = check_leave(
        left_at=row.left_at,
        day=day,
        today=ctx.today,
        enrolled_on=local_date(row.enrolled_at),
        reason=reason,
    )
    row.left_at = left_at(leave.day, today=ctx.today, now=ctx.now)
    row.leave_reason = leave.reason
    row.version += 1
    session.flush()
    group = session.get(Group, row.group_id)
    assert group is not None
    _audit(
        session, ctx, kindergarten_id, "child_left", "enrollment", row.id, {"group_id": group.id}
    )
    return _child_view(row, group)
