"""Bring a generated demo region to life through the real services.

The bulk generator writes a quiet region (a queue, full groups). A demo needs something
happening at the desks: published places, offers made by the engine and referrals waiting
for families. This goes through the same service functions as the desk and the parents,
so the demo shows real allocations with their audit records and SMS messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import DomainError
from server_stub.clock import local_date
from server_stub.models import Account, Group
from server_stub.services import desk, offers
from server_stub.services.context import Ctx


@dataclass
class ActivityReport:
    places: int = 0
    offers: int = 0
    referrals: int = 0

    def __str__(self) -> str:
        return (
            f"demo activity: {self.places} places published, {self.offers} offers made, "
            f"{self.referrals} referrals waiting at the desks"
        )


def bring_to_life(
    factory: sessionmaker[Session], ctx: Ctx, kindergarten_ids: list[int]
) -> ActivityReport:
    """Publish one place in each group of the demo kindergartens; accept two offers of three."""
    report = ActivityReport()
    for kindergarten_id in kindergarten_ids:
        with factory() as session, session.begin():
            head = session.scalar(
                select(Account.id).where(
                    Account.kindergarten_id == kindergarten_id, Account.role == "head"
                )
            )
            groups = session.scalars(
                select(Group.id).where(Group.kindergarten_id == kindergarten_id).order_by(Group.id)
            ).all()
            made = []
            for group_id in groups:
                try:
                    result = desk.publish_places(
                        session,
                        ctx.acting(f"account:{head}"),
                        kindergarten_id,
                        group_id=group_id,
                        count=1,
                        free_from=local_date(ctx.now + timedelta(days=1)),
                        account_id=head,
                    )
                except DomainError:
                    continue  # a full group: nothing to publish there
                report.places += len(result.places)
                made.extend(result.offers)
            report.offers += len(made)
            for n, offer in enumerate(made):
                if n % 3 != 2:
                    offers.accept_offer(session, ctx.acting("demo-parent"), offer.offer_id)
                    report.referrals += 1
    return report
