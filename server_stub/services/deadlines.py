"""Everything that happens because time passed: ``tick(now)`` (R13, R17-R19, R24-R26).

The scheduler calls it every few seconds; tests call it with a fake clock. It is
idempotent: running it twice at the same ``now`` changes nothing the second time. Each
item is handled in its own short transaction, so one bad row or a lock conflict holds up
nothing else, and a crash half-way is resumed by the next tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, String, and_, cast, exists, literal, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain.ages import is_aged_out, school_year_of
from domain.errors import DomainError
from domain.referrals import LIVE_REFERRAL_STATUSES
from server_stub.clock import end_of_local_day, local_date
from server_stub.models import (
    Application,
    Choice,
    FeedChange,
    FeedHead,
    Notification,
    Offer,
    Place,
    Referral,
)
from server_stub.services import allocation, audit, feed, notifications, offers
from server_stub.services.context import Ctx

log = logging.getLogger("kezek.deadlines")
RETRIES = 3
# The feed is pruned when its oldest row is this much past the retention: about once a
# day, not on every tick.
FEED_PRUNE_SLACK = timedelta(days=1)


@dataclass
class TickReport:
    """What one tick did, by kind: counts only (no personal data), for logs and tests."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n

    def __getitem__(self, kind: str) -> int:
        return self.counts.get(kind, 0)


Step = Callable[[Session, Ctx, int], bool]


def _each(
    factory: sessionmaker[Session],
    ctx: Ctx,
    ids: Iterable[int],
    step: Step,
    kind: str,
    report: TickReport,
) -> None:
    """Run ``step`` for every id in its own transaction, retrying lock conflicts."""
    for item in ids:
        for attempt in range(RETRIES):
            try:
                with factory() as session, session.begin():
                    done = step(session, ctx, item)
                report.add(kind, int(done))
                break
            except DomainError:
                break  # the row moved on meanwhile (answered, enrolled): nothing to do
            except (IntegrityError, DBAPIError) as exc:
                if attempt == RETRIES - 1:
                    log.warning("%s #%s failed after retries: %s", kind, item, type(exc).__name__)


def _ids(factory: sessionmaker[Session], query: Select[int]) -> list[int]:
    with factory() as session:
        return list(session.scalars(query).all())


def tick(
    factory: sessionmaker[Session], ctx: Ctx, *, feed_retention: timedelta | None = None
) -> TickReport:
    """One round at ``ctx.now``; ``feed_retention`` (settings) also prunes the desks' feed."""
    report = TickReport()
    now = ctx.now
    # R19: after the stop list the application is back with its original position.
    released = _ids(
        factory,
        select(Application.id).where(
            Application.status == "stop_listed", Application.stop_until <= now
        ),
    )
    _each(factory, ctx, released, _release_stop_list, "stop_list_released", report)
    # R25: from 1 August no offers stand; their places wait for September.
    if ctx.in_august_freeze():
        open_offers = _ids(factory, select(Offer.id).where(Offer.status == "open"))
        _each(factory, ctx, open_offers, _cancel_for_freeze, "offers_cancelled_freeze", report)
    # R17: an unanswered offer counts as declined.
    expired = _ids(
        factory,
        select(Offer.id).where(Offer.status == "open", Offer.deadline_at <= now).order_by(Offer.id),
    )
    _each(factory, ctx, expired, _expire_offer, "offers_expired", report)
    # R18/R19: a referral not used in time lapses; the family goes on the stop list.
    lapsed = _ids(
        factory,
        select(Referral.id)
        .where(Referral.status.in_(LIVE_REFERRAL_STATUSES), Referral.expires_at <= now)
        .order_by(Referral.id),
    )
    _each(factory, ctx, lapsed, _lapse, "referrals_lapsed", report)
    # R13: a documentary benefit not confirmed in time is dropped.
    unconfirmed = _ids(
        factory,
        select(Application.id).where(
            Application.benefit_status == "pending", Application.benefit_deadline <= now
        ),
    )
    _each(factory, ctx, unconfirmed, _drop_benefit, "benefits_dropped", report)
    _yearly(factory, ctx, report)
    _reminders(factory, ctx, report)
    # Places left free (nobody eligible before, a stop list ended, a child turned 2).
    with factory() as session:
        kindergartens = allocation.kindergartens_with_free_places(session)
    _each(factory, ctx, kindergartens, _allocate, "offers_made_sweep", report)
    if feed_retention is not None:
        _prune_feed(factory, ctx, feed_retention, report)
    return report


def _prune_feed(
    factory: sessionmaker[Session], ctx: Ctx, keep: timedelta, report: TickReport
) -> None:
    """Drop feed rows older than ``keep``; desks behind them get 410 and a snapshot.

    Cheap on the ticks with nothing to do: a kindergarten's oldest kept change is number
    ``pruned_through + 1`` (numbers have no gaps), so one primary-key probe per feed head
    tells whether any is past the retention (and the slack), before anything is locked.
    """
    due = select(FeedHead.kindergarten_id).join(
        FeedChange,
        and_(
            FeedChange.kindergarten_id == FeedHead.kindergarten_id,
            FeedChange.seq == FeedHead.pruned_through + 1,
        ),
    )
    kindergartens = _ids(
        factory,
        due.where(FeedChange.at < ctx.now - keep - FEED_PRUNE_SLACK).order_by(
            FeedHead.kindergarten_id
        ),
    )

    def prune_one(session: Session, _ctx: Ctx, kindergarten_id: int) -> bool:
        report.add("feed_changes_pruned", feed.prune(session, kindergarten_id, ctx.now, keep))
        return True

    _each(factory, ctx, kindergartens, prune_one, "feeds_pruned", report)


def _cancel_for_freeze(session: Session, ctx: Ctx, offer_id: int) -> bool:
    offer = offers.lock_offer(session, offer_id)
    if offer.status != "open":
        return False
    offers.cancel_offer(session, ctx, offer, reason="august_freeze")
    return True


def _expire_offer(session: Session, ctx: Ctx, offer_id: int) -> bool:
    offers.decline_offer(session, ctx, offer_id, expired=True)
    return True


def _lapse(session: Session, ctx: Ctx, referral_id: int) -> bool:
    offers.lapse_referral(session, ctx, referral_id)
    return True


def _lock_app(session: Session, app_id: int) -> Application:
    allocation.lock_queue(session)
    app = session.scalar(select(Application).where(Application.id == app_id).with_for_update())
    if app is None:
        raise DomainError("NOT_FOUND")
    return app


def _release_stop_list(session: Session, ctx: Ctx, app_id: int) -> bool:
    app = _lock_app(session, app_id)
    if app.status != "stop_listed" or app.stop_until is None or app.stop_until > ctx.now:
        return False
    app.status = "queued"
    app.stop_until = None
    app.status_changed_at = ctx.now
    app.version += 1
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="stop_list_ended",
        entity="application",
        entity_id=app.id,
    )
    _allocate_choices(session, ctx, app.id)
    return True


def _drop_benefit(session: Session, ctx: Ctx, app_id: int) -> bool:
    from server_stub.services.benefits import reject_benefit

    reject_benefit(session, ctx, app_id, reason="not_confirmed_in_time")
    return True


def _allocate(session: Session, ctx: Ctx, kindergarten_id: int) -> bool:
    return bool(allocation.allocate(session, ctx, kindergarten_id))


def _allocate_choices(session: Session, ctx: Ctx, app_id: int) -> None:
    kids = session.scalars(
        select(Choice.kindergarten_id).where(Choice.application_id == app_id, Choice.active)
    ).all()
    allocation.allocate_many(session, ctx, kids)


# ----------------------------------------------------------------------------------------
# The yearly cycle (R6, R24)
# ----------------------------------------------------------------------------------------


def confirmation_year(today: date, ctx: Ctx) -> int:
    """The year whose confirmation window (1 August .. 1 October) ``today`` belongs to."""
    start = ctx.policy.confirmation_reminders_from
    return today.year if (today.month, today.day) >= (start.month, start.day) else today.year - 1


def _deadline_day(year: int, ctx: Ctx) -> date:
    deadline = ctx.policy.confirmation_deadline
    return date(year, deadline.month, deadline.day)


def _yearly(factory: sessionmaker[Session], ctx: Ctx, report: TickReport) -> None:
    today = ctx.today
    year = confirmation_year(today, ctx)
    deadline = _deadline_day(year, ctx)
    waiting = ("queued", "offered", "referred", "stop_listed")
    if today >= deadline:
        unconfirmed = _ids(
            factory,
            select(Application.id).where(
                Application.status.in_(("queued", "stop_listed")),
                Application.confirmed_school_year < year,
            ),
        )
        _each(factory, ctx, unconfirmed, _suspend, "suspended", report)
    elif today >= _first_reminder_day(ctx):
        stage = _reminder_stage(ctx)
        key = literal("confirm:") + cast(Application.id, String) + literal(f":{year}:{stage}")
        unreminded = _ids(
            factory,
            select(Application.id).where(
                Application.status.in_(waiting),
                Application.confirmed_school_year < year,
                ~exists().where(Notification.dedup_key == key),
            ),
        )
        _each(factory, ctx, unreminded, _confirmation_reminder, "confirmation_reminders", report)
    grace_cutoff = ctx.now - timedelta(days=ctx.policy.suspension_grace_days)
    stale = _ids(
        factory,
        select(Application.id).where(
            Application.status == "suspended", Application.suspended_at <= grace_cutoff
        ),
    )
    _each(factory, ctx, stale, _close, "closed", report)
    # R6: a child 6 or older on 1 September of this school year gets no new offer.
    school_year = school_year_of(today, ctx.policy)
    start = ctx.policy.school_year_start
    counting = date(school_year, start.month, start.day)
    born_by = counting.replace(year=counting.year - ctx.policy.aged_out_years)
    too_old = _ids(
        factory,
        select(Application.id).where(
            Application.status.in_(("queued", "offered", "stop_listed", "suspended")),
            Application.birth_date <= born_by,
        ),
    )
    _each(factory, ctx, too_old, _age_out, "aged_out", report)


def _notify(session: Session, ctx: Ctx, app: Application, kind: str, key: str) -> bool:
    sent = notifications.enqueue(
        session,
        now=ctx.now,
        kind=kind,
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={"number": app.number, "deadline": _deadline_text(ctx)},
        dedup_key=key,
    )
    return sent is not None


def _deadline_text(ctx: Ctx) -> str:
    return _deadline_day(confirmation_year(ctx.today, ctx), ctx).strftime("%d.%m.%Y")


def _reminder_stage(ctx: Ctx) -> str:
    """R24: one reminder when the window opens, one more in its last week."""
    last_week = _deadline_day(confirmation_year(ctx.today, ctx), ctx) - timedelta(days=7)
    return "final" if ctx.today >= last_week else "first"


def _confirmation_reminder(session: Session, ctx: Ctx, app_id: int) -> bool:
    app = session.get(Application, app_id)
    if app is None:
        return False
    year = confirmation_year(ctx.today, ctx)
    key = f"confirm:{app.id}:{year}:{_reminder_stage(ctx)}"
    return _notify(session, ctx, app, "confirmation_reminder", key)


def _first_reminder_day(ctx: Ctx) -> date:
    start = ctx.policy.confirmation_reminders_from
    return date(confirmation_year(ctx.today, ctx), start.month, start.day)


def _suspend(session: Session, ctx: Ctx, app_id: int) -> bool:
    app = _lock_app(session, app_id)
    year = confirmation_year(ctx.today, ctx)
    if app.status not in ("queued", "stop_listed") or app.confirmed_school_year >= year:
        return False
    app.status = "suspended"
    app.suspended_at = ctx.now
    app.status_changed_at = ctx.now
    app.version += 1
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="application_suspended",
        entity="application",
        entity_id=app.id,
        data={"year": year},
    )
    _notify(session, ctx, app, "suspended", f"suspended:{app.id}:{year}")
    return True


def _close(session: Session, ctx: Ctx, app_id: int) -> bool:
    app = _lock_app(session, app_id)
    if app.status != "suspended":
        return False
    app.status = "closed"
    app.status_changed_at = ctx.now
    app.version += 1
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="application_closed",
        entity="application",
        entity_id=app.id,
        data={"reason": "not_confirmed"},
    )
    return True


def _age_out(session: Session, ctx: Ctx, app_id: int) -> bool:
    app = _lock_app(session, app_id)
    school_year = school_year_of(ctx.today, ctx.policy)
    if app.status in ("referred", "enrolled") or not is_aged_out(
        app.birth_date, school_year, ctx.policy
    ):
        return False
    app.status = "aged_out"
    app.status_changed_at = ctx.now
    app.version += 1
    offers.end_participation(session, ctx, app, reason="aged_out")
    audit.record(
        session,
        now=ctx.now,
        actor=ctx.actor,
        action="application_aged_out",
        entity="application",
        entity_id=app.id,
    )
    _notify(session, ctx, app, "aged_out", f"aged_out:{app.id}")
    return True


# ----------------------------------------------------------------------------------------
# Reminders before an offer or a referral runs out
# ----------------------------------------------------------------------------------------


def _reminders(factory: sessionmaker[Session], ctx: Ctx, report: TickReport) -> None:
    horizon = end_of_local_day(
        ctx.calendar.add_working_days(ctx.today, ctx.policy.reminder_working_days_before)
    )
    due_offers = _ids(
        factory,
        select(Offer.id).where(
            Offer.status == "open", Offer.deadline_at > ctx.now, Offer.deadline_at <= horizon
        ),
    )
    _each(factory, ctx, due_offers, _offer_reminder, "offer_reminders", report)
    due_referrals = _ids(
        factory,
        select(Referral.id).where(
            Referral.status.in_(LIVE_REFERRAL_STATUSES),
            Referral.expires_at > ctx.now,
            Referral.expires_at <= horizon,
        ),
    )
    _each(factory, ctx, due_referrals, _referral_reminder, "referral_reminders", report)


def _offer_reminder(session: Session, ctx: Ctx, offer_id: int) -> bool:
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status != "open":
        return False
    app = session.get(Application, offer.application_id)
    assert app is not None
    place = session.get(Place, offer.place_id)
    assert place is not None
    sent = notifications.enqueue(
        session,
        now=ctx.now,
        kind="offer_reminder",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={
            "kindergarten": offers.kindergarten_name(session, place.kindergarten_id, app.language),
            "deadline": local_date(offer.deadline_at).strftime("%d.%m.%Y"),
        },
        dedup_key=f"offer_reminder:{offer.id}",
    )
    return sent is not None


def _referral_reminder(session: Session, ctx: Ctx, referral_id: int) -> bool:
    referral = session.get(Referral, referral_id)
    if referral is None or referral.status not in LIVE_REFERRAL_STATUSES:
        return False
    app = session.get(Application, referral.application_id)
    assert app is not None
    sent = notifications.enqueue(
        session,
        now=ctx.now,
        kind="referral_reminder",
        phone=app.phone1,
        language=app.language,
        application_id=app.id,
        params={
            "kindergarten": offers.kindergarten_name(
                session, referral.kindergarten_id, app.language
            ),
            "deadline": local_date(referral.expires_at).strftime("%d.%m.%Y"),
        },
        dedup_key=f"referral_reminder:{referral.id}:{referral.expires_at.date().isoformat()}",
    )
    return sent is not None
