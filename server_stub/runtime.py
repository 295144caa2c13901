"""What a running server holds: settings, database, clock, calendar, SMS gateway."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from domain.calendar import WorkingCalendar
from server_stub.clock import Clock, SystemClock
from server_stub.db import make_engine, make_session_factory
from server_stub.migrate import upgrade
from server_stub.registries import DevRegistry, StateRegistry
from server_stub.services import audit, deadlines, feed, notifications
from server_stub.services.context import Ctx
from server_stub.services.notifications import FileGateway, SmsGateway
from server_stub.settings import Settings


def session_factory_for(engine: Engine, clock: Clock | None = None) -> sessionmaker[Session]:
    """Sessions as the server uses them: every commit feeds the desks and the audit chain.

    The feed hook goes first so feed heads are always locked before the audit head.
    """
    factory = make_session_factory(engine)
    feed.install(factory, clock.now if clock else None)
    audit.install(factory)
    return factory


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Clock
    calendar: WorkingCalendar
    gateway: SmsGateway
    # R13: state databases that confirm benefits; the dev one until a real one is plugged in
    registry: StateRegistry = field(default_factory=DevRegistry)

    @classmethod
    def start(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        gateway: SmsGateway | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> Runtime:
        """Open the database and bring its schema up to date (migrations run on start)."""
        engine = make_engine(settings.database_url)
        upgrade(engine)
        clock = clock or SystemClock()
        factory = session_factory_for(engine, clock)
        return cls(
            settings=settings,
            engine=engine,
            session_factory=factory,
            clock=clock,
            calendar=calendar or WorkingCalendar.default(),
            gateway=gateway or FileGateway(settings.sms_outbox_path),
        )

    def ctx(self, actor: str = "system") -> Ctx:
        return Ctx(
            now=self.clock.now(),
            policy=self.settings.policy,
            calendar=self.calendar,
            actor=actor,
        )

    def run_deadlines(self) -> deadlines.TickReport:
        """One scheduler round: deadlines at the clock's now, then the SMS outbox."""
        ctx = self.ctx("scheduler")
        report = deadlines.tick(
            self.session_factory,
            ctx,
            feed_retention=timedelta(days=self.settings.feed_retention_days),
        )
        delivery = notifications.deliver_pending(self.session_factory, self.gateway, ctx.now)
        report.add("sms_sent", delivery.sent)
        return report
