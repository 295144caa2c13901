"""Offers and referrals: answering, expiring, lapsing, postponing, cancelling (R16-R19).

Every path that gives a place back ends in :func:`release_place`, which hands it to the
next applicant at once (R17: "the place goes to the next applicant at once").
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.referrals import LIVE_REFERRAL_STATUSES
from server_stub.clock import local_date
from server_stub.models import Application, Choice, Group, Kindergarten, Offer, Place, Referral
from server_stub.services import allocation, audit, notifications
from server_stub.services.context import Ctx, next_number


def kindergarten_name(session: Session, kindergarten_id: int, language: str) -> str:
    kg = session.get(Kindergarten, kindergarten_id)
    assert kg is not None
    return kg.name_kk if language == "kk" else kg.name_ru


def _set_status(app: Application, ctx: Ctx, status: str) -> None:
    app.status = status
    app.status_changed_at = ctx.now
    app.version += 1


def lock_offer(session: Session, offer_id: int) -> Offer:
    allocation.lock_queue(session)
    offer = session.scalar(select(Offer).where(Offer.id == offer_id).with_for_update())
    if offer is None:
        raise DomainError("NOT_FOUND")
    return offer


def lock_referral(session: Session, referral_id: int) -> Referral:
    allocation.lock_queue(session)
    referral = session.scalar(select(Referral).where(Referral.id == referral_id).with_for_update())
    if referral is None:
        raise DomainError("NOT_FOUND")
    return referral


def release_place(session: Session, ctx: Ctx, place: Place) -> None:
    """Give a place back to the queue and offer it again at once (R17, R19)."""
    place.status = "free"
    place.version += 1
    session.flush()
    allocation.allocate(session, ctx, place.kindergarten_id)


def accept_offer(session: Session, ctx: Ctx, offer_id: int) -> Referral:
    """An accepted offer becomes a referral valid for 5 working days (R18)."""
    offer = lock_offer(session, offer_id)
    if offer.status != "open":
        raise DomainError("OFFER_NOT_OPEN", status=offer.status)
    if offer.deadline_at <= ctx.now:
        raise DomainError("OFFER_EXPIRED")
    if ctx.in_august_freeze():
        raise DomainError("AUGUST_FREEZE")
    place = session.get(Place, offer.place_id, with_for_update=True)
    app = session.get(Application, offer.application_id, with_for_update=True)
    assert place is not None and app is not None
    group = session.get(Group, place.group_id)
    assert group is not None
    offer.status = "accepted"
    offer.answered_at = ctx.now
    year = ctx.today.year
    referral = Referral(
        number=f"N-{year}-{next_number(session, 'referral'):07d}",
        offer_id=offer.id,
        place_id=place.id,
        application_id=app.id,
        kindergarten_id=place.kindergarten_id,
        group_id=group.id,
        status="active",
        issued_at=ctx.now,
        expires_at=ctx.working_deadline(
            ctx.policy.referral_validity_working_days, start=max(ctx.today, place.free_from)
        ),
        awaiting_benefit=app.benefit_status == "pending",
        staff_relative=app.staff_relative_of == place.kindergarten_id,
    )
    session.add(referral)
    place.status = "reserved"
    place.version += 1
    _set_status(app, ctx, "referred")
    session.flush()
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="referral_issued",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={
            "kindergarten": kindergarten_name(session, place.kindergarten_id, app.language),
            "referral": referral.number,
            "deadline": local_date(referral.expires_at).strftime("%d.%m.%Y"),
        },
        dedup_key=f"referral_issued:{referral.id}",
    )
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="offer_accepted",
        entity="referral",
        entity_id=referral.id,
        kindergarten_id=place.kindergarten_id,
        data={"offer_id": offer.id, "application_id": app.id},
    )
    return referral


def decline_offer(session: Session, ctx: Ctx, offer_id: int, *, expired: bool = False) -> Offer:
    """A declined (or unanswered, R17) offer removes that kindergarten from the choices."""
    offer = lock_offer(session, offer_id)
    if offer.status != "open":
        raise DomainError("OFFER_NOT_OPEN", status=offer.status)
    place = session.get(Place, offer.place_id, with_for_update=True)
    app = session.get(Application, offer.application_id, with_for_update=True)
    assert place is not None and app is not None
    offer.status = "expired" if expired else "declined"
    offer.answered_at = ctx.now
    choice = session.get(Choice, (app.id, place.kindergarten_id))
    if choice is not None:
        choice.active = False
    if app.status == "offered":
        _set_status(app, ctx, "queued")
    if expired:
        notifications.enqueue(
            session,
            now=ctx.now,
            kind="offer_expired",
            phone=app.phone1,
            language=app.language,
            application_id=app.id,
            params={
                "kindergarten": kindergarten_name(session, place.kindergarten_id, app.language)
            },
            dedup_key=f"offer_expired:{offer.id}",
        )
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="offer_expired" if expired else "offer_declined",
        entity="offer",
        entity_id=offer.id,
        kindergarten_id=place.kindergarten_id,
        data={"application_id": app.id, "place_id": place.id},
    )
    release_place(session, ctx, place)
    return offer


def cancel_offer(session: Session, ctx: Ctx, offer: Offer, *, reason: str) -> Place:
    """Withdraw an open offer without counting it as declined (choices kept).

    Used when the application is withdrawn or closed, and when August starts (R25).
    The caller decides whether to release the returned place.
    """
    place = session.get(Place, offer.place_id, with_for_update=True)
    app = session.get(Application, offer.application_id, with_for_update=True)
    assert place is not None and app is not None
    offer.status = "cancelled"
    offer.answered_at = ctx.now
    if app.status == "offered":
        _set_status(app, ctx, "queued")
    place.status = "free"
    place.version += 1
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="offer_cancelled",
        entity="offer",
        entity_id=offer.id,
        kindergarten_id=place.kindergarten_id,
        data={"application_id": app.id, "reason": reason},
    )
    session.flush()
    return place


def lapse_referral(session: Session, ctx: Ctx, referral_id: int) -> Referral:
    """R19: the place returns to the queue; the application goes on the stop list."""
    referral = lock_referral(session, referral_id)
    if referral.status not in LIVE_REFERRAL_STATUSES:
        raise DomainError("REFERRAL_NOT_ACTIVE", status=referral.status)
    place = session.get(Place, referral.place_id, with_for_update=True)
    app = session.get(Application, referral.application_id, with_for_update=True)
    assert place is not None and app is not None
    referral.status = "lapsed"
    referral.closed_at = ctx.now
    referral.version += 1
    app.stop_until = ctx.now + timedelta(days=ctx.policy.stop_list_days)
    _set_status(app, ctx, "stop_listed")
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="referral_lapsed",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={
            "kindergarten": kindergarten_name(session, referral.kindergarten_id, app.language),
            "until": local_date(app.stop_until).strftime("%d.%m.%Y"),
        },
        dedup_key=f"referral_lapsed:{referral.id}",
    )
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="referral_lapsed",
        entity="referral",
        entity_id=referral.id,
        kindergarten_id=referral.kindergarten_id,
        data={"application_id": app.id, "place_id": place.id},
    )
    release_place(session, ctx, place)
    return referral


def cancel_referral(session: Session, ctx: Ctx, referral: Referral, *, reason: str) -> Place:
    """End a live referral without the stop list (withdrawal, benefit not confirmed)."""
    place = session.get(Place, referral.place_id, with_for_update=True)
    assert place is not None
    referral.status = "cancelled"
    referral.closed_at = ctx.now
    referral.version += 1
    place.status = "free"
    place.version += 1
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="referral_cancelled",
        entity="referral",
        entity_id=referral.id,
        kindergarten_id=referral.kindergarten_id,
        data={"application_id": referral.application_id, "reason": reason},
    )
    session.flush()
    return place


def postpone_referral(session: Session, ctx: Ctx, referral_id: int, until: date) -> Referral:
    """R18: once, up to 30 calendar days; the place stays reserved meanwhile.

    The referral's 5 working days then count from the new start date.
    """
    referral = lock_referral(session, referral_id)
    if referral.status != "active":
        raise DomainError("REFERRAL_NOT_ACTIVE", status=referral.status)
    if referral.expires_at <= ctx.now:
        raise DomainError("REFERRAL_LAPSED")
    if referral.postponements >= ctx.policy.postponements_allowed:
        raise DomainError("POSTPONEMENT_USED")
    latest = ctx.today + timedelta(days=ctx.policy.postponement_max_days)
    if until <= ctx.today or until > latest:
        raise DomainError(
            "POSTPONEMENT_TOO_LONG", days=ctx.policy.postponement_max_days, latest=latest
        )
    referral.status = "postponed"
    referral.postponed_until = until
    referral.postponements += 1
    referral.expires_at = ctx.working_deadline(
        ctx.policy.referral_validity_working_days, start=until
    )
    referral.version += 1
    app = session.get(Application, referral.application_id)
    assert app is not None
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="postponed",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={
            "kindergarten": kindergarten_name(session, referral.kindergarten_id, app.language),
            "until": until.strftime("%d.%m.%Y"),
        },
        dedup_key=f"postponed:{referral.id}",
    )
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="referral_postponed",
        entity="referral",
        entity_id=referral.id,
        kindergarten_id=referral.kindergarten_id,
        data={"until": until.isoformat()},
    )
    return referral


def end_participation(session: Session, ctx: Ctx, app: Application, *, reason: str) -> None:
    """Cancel the application's open offer and live referral and re-offer their places.

    Used by withdrawal, aging out and closing: whatever the application held goes back.
    The caller sets the application's final status first, so the re-offer passes it by.
    """
    if app.status in allocation.QUEUE_STATUSES:
        raise ValueError("end_participation needs the application's final status set first")
    released: list[Place] = []
    for offer in session.scalars(
        select(Offer).where(Offer.application_id == app.id, Offer.status == "open")
    ).all():
        released.append(cancel_offer(session, ctx, offer, reason=reason))
    for referral in session.scalars(
        select(Referral).where(
            Referral.application_id == app.id, Referral.status.in_(LIVE_REFERRAL_STATUSES)
        )
    ).all():
        released.append(cancel_referral(session, ctx, referral, reason=reason))
    for kid in sorted({p.kindergarten_id for p in released}):
        allocation.allocate(session, ctx, kid)
