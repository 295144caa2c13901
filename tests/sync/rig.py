"""A desk against a live server, for the sync fault tests: a seeded region, a desk wired as
the app wires it (encrypted store, engine, use cases) whose network is the fault-injecting
transport, a reception day of operations, and *stable projections* of the server's and
the desk's state (counts and business keys, never ids) to compare a faulty run with a
fault-free one.

Everything here is deterministic for a given seed: the families, the IINs, the order of
the queue and the desk's operations. The server's clock does not move unless a test moves
it, so two runs that deliver the same ops in the same order end in the same state; that is
what the fault tests compare.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from desktop.models import tables as local
from desktop.models.queries import DeskQueries
from desktop.models.store import LocalStore, open_store
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from domain.documents import Vaccination
from domain.iin import make_iin
from server_stub.models import (
    Application,
    Choice,
    DocumentCheck,
    Enrollment,
    Offer,
    Place,
    ProcessedOp,
    Referral,
)
from server_stub.models import Counter as ServerCounter
from server_stub.services import allocation, offers
from server_stub.services.auth import create_account
from sync import protocol
from sync.client import RetryPolicy, SyncEngine, SyncError, SyncSummary
from tests.desktop.conftest import FAST_KDF, Clock
from tests.live import LiveServer, tls
from tests.server.factories import T0, add_places, birth_for_age_group, ctx_at, make_region
from tests.sync.faults import FaultyTransport, Plan

PASSWORD = "secret-pass"  # every desk account's password in these tests
SECOND_HEAD = "head-b"  # a second head of kindergarten A: the two-desk conflicts
DESK_PASSPHRASE = "correct horse battery staple"  # the stores' passphrase (no keyring)
KZ = timezone(timedelta(hours=5))
BIRTH = birth_for_age_group(3)


def today_at(moment: datetime) -> date:
    """The calendar day in Kazakhstan at ``moment``."""
    return moment.astimezone(KZ).date()


# -------------------------------------------------------------------------------- region


@dataclass(frozen=True)
class Family:
    """A family holding a referral to kindergarten A, with what its documents say."""

    referral_id: int
    child_iin: str
    child_name: str
    birth_date: date
    parent_iin: str


@dataclass(frozen=True)
class Region:
    kg: int
    other: int
    group: int
    head: str
    families: list[Family]
    enrollments: list[int]  # children attending before the day starts
    personal: list[str]  # every name, IIN and phone the region holds (the privacy tests)


def _iin(birth: date, sex: str, serial: int) -> str:
    # serials ten apart: make_iin moves to the next serial when one has no check digit,
    # so neighbours could otherwise meet on one IIN
    return make_iin(birth, sex, serial * 10)  # type: ignore[arg-type]


def seed_region(
    live: LiveServer,
    *,
    referrals: int = 3,
    enrollments: int = 2,
    waiting: int = 2,
    capacity: int = 40,
) -> Region:
    """Kindergarten A (two heads) with one group: ``referrals`` families holding active
    referrals, ``waiting`` more in the queue (the next places published go to them),
    ``enrollments`` children attending; and kindergarten B, which nobody here serves."""
    personal: list[str] = []
    with live.runtime.session_factory.begin() as s:
        made = make_region(s, kindergartens=2, age_groups=(3,), capacity=capacity)
        kg, other = made.kindergartens
        group = made.groups[(kg.id, 3)]
        create_account(
            s, now=T0, login=SECOND_HEAD, password=PASSWORD, role="head", kindergarten_id=kg.id
        )
        s.add(ServerCounter(name="application", value=900_000))  # walk-ins number from here
        apps: list[Application] = []
        for n in range(referrals + waiting):
            app = Application(
                number=f"Q-{n + 1:07d}",
                child_iin=_iin(BIRTH, "M" if n % 2 else "F", 100 + n),
                child_name=f"Жанұзақов{n} Әлихан",
                birth_date=BIRTH,
                parent_iin=_iin(date(1990, 1, 1), "F", 100 + n),
                phone1=f"+7701{3000000 + n:07d}",
                language="ru",
                benefit=None,
                benefit_status="none",
                category=2,
                need="general",
                accepted_languages="kk,ru",
                queued_at=T0 - timedelta(days=90 - n),
                status="queued",
                status_changed_at=T0 - timedelta(days=90 - n),
                confirmed_school_year=2025,
            )
            s.add(app)
            s.flush()
            s.add(Choice(application_id=app.id, kindergarten_id=kg.id, rank=1))
            apps.append(app)
            personal += [app.child_iin, app.child_name.split()[0], app.parent_iin, app.phone1[2:]]
        s.flush()
        add_places(s, group, referrals)
        ctx = ctx_at(live.clock.now())
        made_offers = allocation.allocate(s, ctx, kg.id)
        assert len(made_offers) == referrals
        families = []
        for offer in sorted(made_offers, key=lambda o: o.application_id):
            referral = offers.accept_offer(s, ctx, offer.id)
            app = s.get_one(Application, offer.application_id)
            families.append(
                Family(referral.id, app.child_iin, app.child_name, app.birth_date, app.parent_iin)
            )
        attending = []
        for n in range(enrollments):
            row = Enrollment(
                kindergarten_id=kg.id,
                group_id=group.id,
                child_iin=_iin(date(2021, 6, 1), "M", 300 + n),
                child_name=f"Бекмұратов{n} Ержан",
                birth_date=date(2021, 6, 1),
                parent_iin=_iin(date(1988, 2, 2), "M", 300 + n),
                vaccination="complete",
                enrolled_at=T0 - timedelta(days=200),
            )
            s.add(row)
            s.flush()
            attending.append(row.id)
            personal += [row.child_iin, row.child_name.split()[0], row.parent_iin]
        ids = (kg.id, other.id, group.id)
    assert len(set(personal)) == len(personal), "seeded IINs must not collide"
    return Region(*ids, f"head{ids[0]}", families, attending, personal)


def documents(family: Family, visit: date, *, passing: bool = True) -> protocol.DocumentsIn:
    """What the family brings: all four documents, or (``passing=False``) no health
    passport, which fails the check with DOC_MISSING (R20)."""
    return protocol.DocumentsIn(
        visit_date=visit,
        parent_id=protocol.ParentIdIn(number="N0001", iin=family.parent_iin, expiry_date=None),
        birth_certificate=protocol.BirthCertificateIn(
            number="I-АЛ 1", child_iin=family.child_iin, birth_date=family.birth_date
        ),
        epid_certificate=protocol.EpidCertificateIn(number="E-1", issue_date=visit),
        health_passport=(
            protocol.HealthPassportIn(number="HP-1", vaccination=Vaccination.COMPLETE)
            if passing
            else None
        ),
    )


def walk_in(n: int, kg: int) -> dict[str, Any]:
    """The n-th family registered at the desk (its own IINs, name and phone)."""
    return {
        "child_iin": _iin(BIRTH, "F", 500 + n),
        "child_name": f"Сейтқали{n} Аружан",
        "birth_date": BIRTH,
        "parent_iin": _iin(date(1991, 5, 5), "F", 500 + n),
        "phones": [f"8 702 444 {n // 100:02d} {n % 100:02d}"],
        "kindergarten_ids": [kg],
    }


def walk_in_personal(n: int, kg: int) -> list[str]:
    data = walk_in(n, kg)
    return [
        data["child_iin"],
        data["child_name"].split()[0],
        data["parent_iin"],
        f"702444{n // 100:02d}{n % 100:02d}",
    ]


# ---------------------------------------------------------------------------------- desk


class DeskRig:
    """A desk as the app wires it, signed in to ``live`` as ``login``.

    Its store is in passphrase mode (the token lives inside it, so a subprocess can open
    it with the passphrase alone). Each :meth:`sync` goes through a fresh
    :class:`FaultyTransport` with the given plan; retries never sleep, they call
    :attr:`on_sleep` (a test's hook, e.g. to bring a stopped server back).
    """

    def __init__(
        self,
        live: LiveServer,
        home: Path,
        login: str,
        *,
        profile: str = "desk",
        batch_size: int = 100,
        page_size: int = 500,
        attempts: int = 4,
    ) -> None:
        self.live = live
        self.login = login
        self.clock = Clock(live.clock.now())
        self.store: LocalStore = open_store(
            profile,
            home=home,
            clock=self.clock,
            mode="passphrase",
            passphrase=lambda _request: DESK_PASSPHRASE,
            kdf=FAST_KDF,
        )
        self.local = LocalSyncStore(self.store)
        self.sign_in()
        with live.client(self.store.load_token()) as client:
            me = client.get("/api/v1/auth/me").json()
        self.local.set_server(
            live.base_url,
            me["kindergarten_id"],
            me["account_id"],
            role=me["role"],
            login=me.get("login"),
            full_name=me.get("full_name"),
        )
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[], None] | None = None
        self.transport: FaultyTransport | None = None
        self.engine = SyncEngine(
            store=self.local,
            base_url=live.base_url,
            token=lambda: self.store.load_token() or "",
            reauthenticate=self.sign_in,
            lock_path=self.store.path.parent / "sync.lock",
            clock=self.clock,
            sleep=self._sleep,
            rng=random.Random(7),
            retry=RetryPolicy(attempts=attempts),
            batch_size=batch_size,
            page_size=page_size,
        )
        self.desk = Desk(self.store)
        self.queries = DeskQueries(self.store)

    def sign_in(self) -> None:
        self.store.save_token(self.live.desk_token(self.login, PASSWORD))

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep()

    def sync(
        self,
        plan: Plan | None = None,
        *,
        delay: Callable[[], None] | None = None,
        inner: httpx.BaseTransport | None = None,
    ) -> SyncSummary:
        """One run through a fresh fault-injecting transport (no plan: no faults)."""
        self.transport = FaultyTransport(
            inner or httpx.HTTPTransport(verify=tls()),
            plan or (lambda _request, _n: None),
            delay=delay or (lambda: None),
        )
        self.engine.transport = self.transport
        return self.engine.sync()

    def try_sync(self, plan: Plan | None = None) -> SyncSummary | SyncError:
        """A run that may fail: its summary, or the error it ended with."""
        try:
            return self.sync(plan)
        except SyncError as exc:
            return exc

    def faults_seen(self) -> list[tuple[str, str]]:
        assert self.transport is not None
        return [(where, f.value) for where, f in self.transport.log if f is not None]

    def close(self) -> None:
        self.store.close()


def reception_day(rig: DeskRig, region: Region, *, walk_ins: int = 3) -> int:
    """A day at the desk, offline: places published, documents checked (passing and
    failing), two enrollments, a child leaving, walk-in families. Returns the number of
    ops it left in the outbox."""
    today = today_at(rig.clock())
    desk = rig.desk
    first, second, third = region.families[:3]
    desk.publish_places(region.group, 2, today)
    desk.record_document_check(first.referral_id, documents(first, today))
    desk.record_document_check(second.referral_id, documents(second, today, passing=False))
    desk.enroll(first.referral_id)
    desk.record_leave(region.enrollments[0], None, "moved away")
    for n in range(walk_ins):
        desk.register_walk_in(**walk_in(n, region.kg))
    desk.record_document_check(third.referral_id, documents(third, today))
    desk.enroll(third.referral_id)
    desk.publish_places(region.group, 1, today)
    return rig.local.pending_count()


# --------------------------------------------------------------------------- projections


def server_state(live: LiveServer, kg: int) -> dict[str, Any]:
    """What the server holds for kindergarten ``kg``, by business keys (children's IINs,
    kinds, statuses, dates), in a form equal for equal states whatever the ids."""
    with live.runtime.session_factory() as s:
        child = dict(s.execute(select(Application.id, Application.child_iin)).all())
        referrals = s.scalars(select(Referral).where(Referral.kindergarten_id == kg)).all()
        referral_child = {r.id: child[r.application_id] for r in referrals}
        places = s.scalars(select(Place).where(Place.kindergarten_id == kg)).all()
        place_ids = [p.id for p in places]
        return {
            "referrals": sorted((referral_child[r.id], r.status) for r in referrals),
            "offers": sorted(
                (child[o.application_id], o.status)
                for o in s.scalars(select(Offer).where(Offer.place_id.in_(place_ids)))
            ),
            "places": sorted(Counter((p.status, p.free_from.isoformat()) for p in places).items()),
            "enrollments": sorted(
                (
                    e.child_iin,
                    e.vaccination,
                    e.head_decision or "",
                    e.left_at is not None,
                    e.leave_reason or "",
                    e.referral_id is not None,
                )
                for e in s.scalars(select(Enrollment).where(Enrollment.kindergarten_id == kg))
            ),
            "document_checks": sorted(
                (referral_child[c.referral_id], c.kind, c.ok, c.code or "", str(c.visit_date))
                for c in s.scalars(
                    select(DocumentCheck).where(DocumentCheck.referral_id.in_(referral_child))
                )
            ),
            "walk_ins": sorted(
                (a.child_iin, a.status, a.queued_at.isoformat())
                for a in s.scalars(
                    select(Application).where(Application.registered_at_kindergarten == kg)
                )
            ),
            "applications": sorted((a.child_iin, a.status) for a in s.scalars(select(Application))),
            "processed_ops": sorted(
                Counter(
                    (p.kind, p.status)
                    for p in s.scalars(select(ProcessedOp).where(ProcessedOp.kindergarten_id == kg))
                ).items()
            ),
        }


def desk_state(store: LocalStore) -> dict[str, Any]:
    """What the desk shows, by the same business keys, plus its bookkeeping: the outbox
    (empty when everything reached the server) and the conflicts by kind and code."""
    with store.read() as s:
        referral_child = dict(s.execute(select(local.Referral.id, local.Referral.child_iin)).all())
        return {
            "referrals": sorted(
                s.execute(select(local.Referral.child_iin, local.Referral.status)).all()
            ),
            "places": sorted(
                Counter((p.status, p.id > 0) for p in s.scalars(select(local.Place))).items()
            ),
            "enrollments": sorted(
                (e.child_iin, e.left_at is not None, e.leave_reason or "", e.id > 0)
                for e in s.scalars(select(local.Enrollment))
            ),
            "document_checks": sorted(
                (referral_child.get(c.referral_id, "?"), c.kind, c.ok, c.code or "", c.id > 0)
                for c in s.scalars(select(local.DocumentCheck))
            ),
            "walk_ins": sorted(
                (a.child_iin, a.status, a.number is not None, a.id > 0)
                for a in s.scalars(select(local.Application))
            ),
            "conflicts": sorted(
                Counter((c.kind, c.code) for c in s.scalars(select(local.Conflict))).items()
            ),
            "outbox": int(s.scalar(select(func.count()).select_from(local.Outbox)) or 0),
            "pending_marks": int(s.scalar(select(func.count()).select_from(local.Pending)) or 0),
        }
