"""The department's confirmation of documentary benefits (R13).

An extraordinary benefit proved only by a workplace certificate counts while the
department checks it: an offer may be made and accepted, but the referral is not handed to
the kindergarten until the benefit is confirmed. Confirmation hands it over; rejection (by
the department, or by the scheduler when the deadline passes) drops the benefit, puts the
application back in the general category with its original timestamp (R9), and gives the
place it held to whoever is next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.benefits import Category
from domain.errors import DomainError
from domain.referrals import LIVE_REFERRAL_STATUSES
from server_stub.models import Application, Offer, Place, Referral
from server_stub.services import allocation, audit, notifications, offers
from server_stub.services.context import Ctx

PENDING = "pending"


@dataclass(frozen=True)
class PendingBenefit:
    """What the department needs to match a certificate to a family.

    The child's name and the parent's IIN are shown because the certificate names the
    parent; the view is audited (R30).
    """

    application_id: int
    application_number: str
    child_name: str
    parent_iin: str
    benefit: str | None
    category: int
    status: str
    queued_at: datetime
    benefit_deadline: datetime | None
    referral_id: int | None


@dataclass(frozen=True)
class BenefitDecision:
    application_id: int
    application_number: str
    benefit_status: str
    category: int
    status: str
    # the referral handed to the kindergarten (confirm) or cancelled (reject)
    referral_id: int | None
    offers_made: int = 0


def list_pending(session: Session, ctx: Ctx) -> list[PendingBenefit]:
    """Applications whose benefit awaits the department, nearest deadline first."""
    apps = session.scalars(
        select(Application)
        .where(Application.benefit_status == PENDING)
        .order_by(Application.benefit_deadline, Application.id)
    ).all()
    if not apps:
        return []
    referrals = {
        r.application_id: r.id
        for r in session.scalars(
            select(Referral).where(
                Referral.application_id.in_([a.id for a in apps]),
                Referral.status.in_(LIVE_REFERRAL_STATUSES),
                Referral.awaiting_benefit.is_(True),
            )
        )
    }
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="view_pending_benefits",
        entity="application",
        entity_id="list",
        data={"application_ids": [a.id for a in apps]},
    )
    return [
        PendingBenefit(
            application_id=a.id,
            application_number=a.number,
            child_name=a.child_name,
            parent_iin=a.parent_iin,
            benefit=a.benefit,
            category=a.category,
            status=a.status,
            queued_at=a.queued_at,
            benefit_deadline=a.benefit_deadline,
            referral_id=referrals.get(a.id),
        )
        for a in apps
    ]


def _lock_pending(session: Session, application_id: int) -> Application:
    allocation.lock_queue(session)
    app = session.scalar(
        select(Application)
        .where(Application.id == application_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if app is None:
        raise DomainError("NOT_FOUND")
    if app.benefit_status != PENDING:
        raise DomainError("BENEFIT_NOT_PENDING", status=app.benefit_status)
    return app


def _awaiting_referrals(session: Session, app: Application) -> list[Referral]:
    return list(
        session.scalars(
            select(Referral)
            .where(
                Referral.application_id == app.id,
                Referral.status.in_(LIVE_REFERRAL_STATUSES),
                Referral.awaiting_benefit.is_(True),
            )
            .with_for_update()
        ).all()
    )


def confirm_benefit(session: Session, ctx: Ctx, application_id: int) -> BenefitDecision:
    """R13: the benefit stands; a referral waiting for it goes to the kindergarten now.

    The referral's validity restarts from today when less than the full term is left: the
    family could not use the days the department spent checking, since the kindergarten
    could not see the referral then (R18 gives the family 5 working days at the desk).
    """
    app = _lock_pending(session, application_id)
    app.benefit_status = "confirmed"
    app.version += 1
    handed: int | None = None
    for referral in _awaiting_referrals(session, app):
        referral.awaiting_benefit = False
        full_term = ctx.working_deadline(
            ctx.policy.referral_validity_working_days,
            start=max(ctx.today, referral.postponed_until or ctx.today),
        )
        referral.expires_at = max(referral.expires_at, full_term)
        referral.version += 1
        handed = referral.id
    session.flush()
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="benefit_confirmed",
        entity="application",
        entity_id=app.id,
        data={"benefit": app.benefit, "referral_id": handed},
    )
    return BenefitDecision(
        application_id=app.id,
        application_number=app.number,
        benefit_status=app.benefit_status,
        category=app.category,
        status=app.status,
        referral_id=handed,
    )


def reject_benefit(
    session: Session, ctx: Ctx, application_id: int, *, reason: str = "rejected"
) -> BenefitDecision:
    """R13: drop the benefit, back to the general category with the original timestamp.

    Whatever the application holds because of the benefit goes back to the queue: a
    referral awaiting confirmation is cancelled (no stop list: the family did nothing
    wrong), and an open offer made on the strength of the benefit is cancelled too, since
    the ranking that earned it no longer holds. The places are then offered again at once
    (R17), the application now ranked as general, so it may well get one back fairly.
    ``reason`` is ``rejected`` (the department) or ``not_confirmed_in_time`` (the
    scheduler, when ``benefit_deadline`` passes).
    """
    app = _lock_pending(session, application_id)
    released: list[Place] = []
    cancelled: int | None = None
    for referral in _awaiting_referrals(session, app):
        released.append(offers.cancel_referral(session, ctx, referral, reason="benefit_rejected"))
        cancelled = referral.id
    for offer in session.scalars(
        select(Offer).where(Offer.application_id == app.id, Offer.status == "open")
    ).all():
        released.append(offers.cancel_offer(session, ctx, offer, reason="benefit_rejected"))
    app.benefit_status = "rejected"
    app.category = int(Category.GENERAL)
    if app.status in ("offered", "referred", "pending_benefit"):
        app.status = "queued"
        app.status_changed_at = ctx.now
    app.version += 1
    session.flush()
    notifications.enqueue(
        session,
        now=ctx.now,
        kind="benefit_rejected",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={"number": app.number},
        dedup_key=f"benefit_rejected:{app.id}:{app.version}",
    )
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="benefit_rejected",
        entity="application",
        entity_id=app.id,
        data={
            "benefit": app.benefit,
            "reason": reason,
            "referral_id": cancelled,
            "places": [p.id for p in released],
        },
    )
    made = allocation.allocate_many(session, ctx, [p.kindergarten_id for p in released])
    return BenefitDecision(
        application_id=app.id,
        application_number=app.number,
        benefit_status=app.benefit_status,
        category=app.category,
        status=app.status,
        referral_id=cancelled,
        offers_made=len(made),
    )
