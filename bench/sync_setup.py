"""Setting the scene for the sync benchmark through the server's own services.

A generated demo region has a queue and full groups but nothing for a desk to act on, and
head accounts for its first 50 kindergartens only. Here, in the benchmark's process and
against the scratch database (the server process is not involved):

- :func:`ensure_heads`: a head account for every kindergarten that needs one
  (``auth.create_account`` with a cheap Argon2 hasher: the time is the data's, not the
  password's), and :func:`issue_tokens` logs them in (``auth.login``);
- :func:`make_referrals`: referrals at a kindergarten the way they arise: places are
  published where the groups have room (``desk.publish_places``, which offers them at
  once) and every offer is accepted (``offers.accept_offer``). When the queue holds too
  few children for the number wanted, walk-in applications are filed first
  (``applications.file_walk_in``) and the groups' capacity is raised
  (``register.update_group``), as a department does for a new building;
- :func:`read_site`: what a desk acts on there (live referrals with the family's data,
  children attending, free places);
- :func:`plan_ops`: a desk's work as a list of :class:`Planned` ops (document checks on
  several visits, leaves, publishing the freed seats, withdrawing free places,
  enrollments), in an order the rules accept, and :func:`wire_op` /
  :func:`run_on_desk` to turn it into protocol ops or Desk use-case calls.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from unittest import mock

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.calendar import WorkingCalendar
from domain.documents import Vaccination
from domain.errors import DomainError
from domain.iin import make_iin
from domain.policy import DEFAULT_POLICY
from server_stub.clock import local_date
from server_stub.demo import HEAD_PASSWORD as DEMO_HEAD_PASSWORD
from server_stub.models import (
    Account,
    Application,
    Enrollment,
    Group,
    Offer,
    Place,
    Referral,
)
from server_stub.registries import DevRegistry
from server_stub.services import allocation, applications, auth, desk, offers, register
from server_stub.services.context import Ctx
from server_stub.services.register import group_summary
from sync import protocol

Factory = sessionmaker[Session]
Clock = Callable[[], datetime]

# Cheap on purpose: creating 1,000 accounts and logging them in must not take minutes.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
BENCH_HEAD_PASSWORD = "bench-head-pass"
TOKEN_TTL = timedelta(hours=12)


def ctx_at(clock: Clock, actor: str = "bench-setup") -> Ctx:
    return Ctx(now=clock(), policy=DEFAULT_POLICY, calendar=WorkingCalendar.default(), actor=actor)


@contextmanager
def cheap_passwords() -> Iterator[None]:
    with mock.patch.object(auth, "_hasher", lambda: CHEAP_HASHER):
        yield


# ----------------------------------------------------------------------------- accounts


def ensure_heads(factory: Factory, clock: Clock, kindergartens: Sequence[int]) -> dict[int, str]:
    """``{kindergarten: login}`` of an active head for each; missing ones are created."""
    with factory.begin() as session:
        rows = session.execute(
            select(Account.kindergarten_id, Account.login)
            .where(Account.role == "head", Account.active.is_(True))
            .where(Account.kindergarten_id.in_(list(kindergartens)))
            .order_by(Account.id)
        ).all()
    heads: dict[int, str] = {}
    for kg_id, login in rows:
        if kg_id is not None:
            heads.setdefault(int(kg_id), str(login))
    missing = [kg for kg in kindergartens if kg not in heads]
    if missing:
        with cheap_passwords(), factory.begin() as session:
            for kg in missing:
                account = auth.create_account(
                    session,
                    now=clock(),
                    login=f"bench-head{kg}",
                    password=BENCH_HEAD_PASSWORD,
                    role="head",
                    kindergarten_id=kg,
                    full_name=f"Bench head {kg}",
                )
                heads[kg] = account.login
    return heads


def password_of(login: str) -> str:
    return BENCH_HEAD_PASSWORD if login.startswith("bench-head") else DEMO_HEAD_PASSWORD


def issue_tokens(factory: Factory, clock: Clock, heads: dict[int, str]) -> dict[int, str]:
    """A bearer token per kindergarten's head (``auth.login``, as the login endpoint)."""
    tokens: dict[int, str] = {}
    with cheap_passwords(), factory.begin() as session:
        for kg, login in heads.items():
            secret, _, _ = auth.login(
                session, now=clock(), login=login, password=password_of(login), ttl=TOKEN_TTL
            )
            tokens[kg] = secret
    return tokens


# ---------------------------------------------------------------------------- referrals


def _general_groups(session: Session, kg: int) -> list[Group]:
    return list(
        session.scalars(
            select(Group)
            .where(Group.kindergarten_id == kg, Group.active.is_(True), Group.type == "general")
            .order_by(Group.id)
        )
    )


def _live_referrals(session: Session, kg: int) -> int:
    return len(
        session.scalars(
            select(Referral.id).where(
                Referral.kindergarten_id == kg,
                Referral.status == "active",
                Referral.awaiting_benefit.is_(False),
            )
        ).all()
    )


def _publish(factory: Factory, clock: Clock, kg: int, group_id: int, count: int) -> int:
    """Publish ``count`` places; the server offers them at once. The offers made."""
    ctx = ctx_at(clock)
    with factory.begin() as session:
        head = session.scalar(
            select(Account.id).where(Account.kindergarten_id == kg, Account.role == "head")
        )
        result = desk.publish_places(
            session,
            ctx.acting(f"account:{head}"),
            kg,
            group_id=group_id,
            count=count,
            free_from=ctx.today,
            account_id=head,
        )
        return len(result.offers)


def accept_open_offers(factory: Factory, clock: Clock, kg: int) -> int:
    """Every open offer of a place at ``kg`` accepted by its family: a referral each."""
    with factory() as session:
        open_offers = session.scalars(
            select(Offer.id)
            .join(Place, Place.id == Offer.place_id)
            .where(Place.kindergarten_id == kg, Offer.status == "open")
            .order_by(Offer.id)
        ).all()
    for offer_id in open_offers:
        with factory.begin() as session:
            offers.accept_offer(session, ctx_at(clock, "bench-parent"), offer_id)
    return len(open_offers)


def _birth_range(ctx: Ctx, age_group: int) -> tuple[date, date]:
    """(exclusive, inclusive] birth dates of ``age_group`` for a place free today."""
    school_year = allocation.school_year_for(ctx, ctx.today)
    start = ctx.policy.school_year_start
    counting = date(school_year, start.month, start.day)
    return (
        counting.replace(year=counting.year - age_group - 1),
        counting.replace(year=counting.year - age_group),
    )


def _walk_in(factory: Factory, clock: Clock, kg: int, age_group: int, rng: random.Random) -> bool:
    """File one walk-in application for a child of ``age_group``'s age choosing ``kg``."""
    for _ in range(20):
        ctx = ctx_at(clock, f"desk:{kg}")
        low, high = _birth_range(ctx, age_group)
        birth = low + timedelta(days=rng.randint(20, (high - low).days - 20))
        serial = rng.randint(5000, 9999)
        parent_birth = date(rng.randint(1985, 1998), rng.randint(1, 12), rng.randint(1, 28))
        data = applications.ApplicationInput(
            child_iin=make_iin(birth, rng.choice(("M", "F")), serial),
            child_name=f"Бенчмарк Бала {serial}",
            birth_date=birth,
            phones=(f"+7701{rng.randint(0, 9_999_999):07d}",),
            kindergarten_ids=(kg,),
        )
        try:
            with factory.begin() as session:
                applications.file_walk_in(
                    session,
                    ctx,
                    kindergarten_id=kg,
                    data=data,
                    parent_iin=make_iin(parent_birth, "F", serial),
                    client_ref=str(uuid.UUID(int=rng.getrandbits(128))),
                    registry=DevRegistry(),
                )
            return True
        except DomainError:
            continue  # an IIN the demo region already uses: another child
    return False


def make_referrals(factory: Factory, clock: Clock, kg: int, wanted: int, rng: random.Random) -> int:
    """At least ``wanted`` live referrals at ``kg``; returns how many there are.

    First round: free room is published, group by group (the roomiest first), until the
    queue as it is has received offers enough. Later rounds: walk-ins of a group's age are
    filed and the group gets the room for them (a large number is spread over the
    groups). Every offer made is accepted.
    """
    with factory() as session:
        have = _live_referrals(session, kg)
        groups = [(g.id, g.age_group) for g in _general_groups(session, kg)]
    for attempt in range(4):
        missing = wanted - have
        if missing <= 0 or not groups:
            break
        if attempt == 0:
            with factory() as session:
                room = {
                    gid: group_summary(session, session.get_one(Group, gid)).available
                    for gid, _ in groups
                }
            offered = 0
            for group_id, _age in sorted(groups, key=lambda g: -room[g[0]]):
                count = min(missing - offered, room[group_id])
                if count >= 1:
                    offered += _publish(factory, clock, kg, group_id, count)
                if offered >= missing:
                    break
        else:  # the queue alone was not enough: walk-ins and room for them
            used = groups[: max(1, min(len(groups), missing // 20))]
            per_group = -(-missing // len(used))
            left = missing
            for group_id, age_group in used:
                want = min(per_group, left)
                if want <= 0:
                    break
                left -= want
                for _ in range(want):
                    _walk_in(factory, clock, kg, age_group, rng)
                with factory.begin() as session:
                    group = session.get_one(Group, group_id)
                    available = group_summary(session, group).available
                    if available < want:
                        register.update_group(
                            session,
                            ctx_at(clock, "bench-department"),
                            group_id,
                            capacity=group.capacity + want - available,
                        )
                _publish(factory, clock, kg, group_id, want)
        accept_open_offers(factory, clock, kg)
        with factory() as session:
            have = _live_referrals(session, kg)
    return have


# -------------------------------------------------------------------------------- sites


@dataclass(frozen=True)
class Family:
    referral_id: int
    group_id: int
    parent_iin: str
    child_iin: str
    birth_date: date


@dataclass
class Site:
    """One kindergarten as its desk sees it, for planning the desk's work."""

    kindergarten_id: int
    login: str
    referrals: list[Family]
    enrollments: list[tuple[int, int]]  # (enrollment id, group id) of children attending
    free_places: list[int]
    capacity_left: dict[int, int] = field(default_factory=dict)  # group id -> available


def read_site(factory: Factory, kg: int, login: str) -> Site:
    with factory() as session:
        families = session.execute(
            select(
                Referral.id,
                Referral.group_id,
                Application.parent_iin,
                Application.child_iin,
                Application.birth_date,
            )
            .join(Application, Application.id == Referral.application_id)
            .where(
                Referral.kindergarten_id == kg,
                Referral.status == "active",
                Referral.awaiting_benefit.is_(False),
            )
            .order_by(Referral.id)
        ).all()
        enrollments = session.execute(
            select(Enrollment.id, Enrollment.group_id)
            .where(Enrollment.kindergarten_id == kg, Enrollment.left_at.is_(None))
            .order_by(Enrollment.id)
        ).all()
        free = session.scalars(
            select(Place.id).where(Place.kindergarten_id == kg, Place.status == "free")
        ).all()
        left = {g.id: group_summary(session, g).available for g in _general_groups(session, kg)}
    return Site(
        kindergarten_id=kg,
        login=login,
        referrals=[Family(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in families],
        enrollments=[(int(e[0]), int(e[1])) for e in enrollments],
        free_places=[int(p) for p in free],
        capacity_left=left,
    )


# ---------------------------------------------------------------------------------- ops


@dataclass(frozen=True)
class Planned:
    kind: str  # check | leave | publish | withdraw | enroll
    args: dict[str, Any]


def documents(family: Family, visit: date, visit_kind: str) -> protocol.DocumentsIn:
    """What the family brings: ``ids`` (parent's ID and birth certificate only),
    ``stale`` (an epidemiological certificate too old, the health passport) or ``all``
    (all four, valid)."""
    parent = protocol.ParentIdIn(number="N0123456", iin=family.parent_iin, expiry_date=None)
    birth = protocol.BirthCertificateIn(
        number="I-АЛ 012345", child_iin=family.child_iin, birth_date=family.birth_date
    )
    passport = protocol.HealthPassportIn(number="HP-0001", vaccination=Vaccination.COMPLETE)
    if visit_kind == "ids":
        return protocol.DocumentsIn(visit_date=visit, parent_id=parent, birth_certificate=birth)
    if visit_kind == "stale":
        return protocol.DocumentsIn(
            visit_date=visit,
            epid_certificate=protocol.EpidCertificateIn(
                number="E-0001", issue_date=visit - timedelta(days=20)
            ),
            health_passport=passport,
        )
    return protocol.DocumentsIn(
        visit_date=visit,
        parent_id=parent,
        birth_certificate=birth,
        epid_certificate=protocol.EpidCertificateIn(number="E-0002", issue_date=visit),
        health_passport=passport,
    )


def plan_ops(
    site: Site,
    total: int,
    *,
    visit: date,
    leaves: int,
    publishes: int,
    withdraws: int,
    enrolls: int,
) -> list[Planned]:
    """``total`` ops of a desk, in an order the rules accept.

    Children leave (``leaves``); the seat a leave frees is published later (``publishes``,
    at most one per leave); free places are withdrawn (``withdraws``); the rest are
    document checks, spread over the referrals in rounds (visit after visit: the IDs
    first, then a stale epidemiological certificate, ..., the last visit brings all four
    and passes), and ``enrolls`` of the referrals end the list.
    """
    leaves = min(leaves, len(site.enrollments))
    publishes = min(publishes, leaves)
    withdraws = min(withdraws, len(site.free_places))
    enrolls = min(enrolls, len(site.referrals))
    checks = total - leaves - publishes - withdraws - enrolls
    if site.referrals and checks < enrolls:
        raise ValueError("too few ops for the enrollments planned")
    if not site.referrals:
        checks = 0
    referrals = site.referrals
    visits = [0] * len(referrals)
    for i in range(checks):
        visits[i % len(referrals)] += 1
    check_ops: list[Planned] = []
    for round_ in range(max(visits, default=0)):
        for family, count in zip(referrals, visits, strict=True):
            if round_ >= count:
                continue
            kind = "all" if round_ == count - 1 else ("ids" if round_ % 2 == 0 else "stale")
            check_ops.append(
                Planned(
                    "check",
                    {"family": family, "documents": documents(family, visit, kind)},
                )
            )
    others: list[Planned] = []
    for i in range(max(leaves, withdraws)):
        if i < leaves:
            enrollment_id, group_id = site.enrollments[i]
            others.append(Planned("leave", {"enrollment_id": enrollment_id, "group_id": group_id}))
        if i < publishes:
            others.append(Planned("publish", {"group_id": site.enrollments[i][1]}))
        if i < withdraws:
            others.append(Planned("withdraw", {"place_id": site.free_places[i]}))
    # spread the others evenly among the checks, keeping their own order
    merged: list[Planned] = []
    step = (len(check_ops) + 1) / (len(others) + 1)
    next_at = step
    pending = list(others)
    for index, op in enumerate(check_ops):
        while pending and index + 1 >= next_at:
            merged.append(pending.pop(0))
            next_at += step
        merged.append(op)
    merged += pending
    enrolled = [f for f, count in zip(referrals, visits, strict=True) if count > 0][:enrolls]
    merged += [Planned("enroll", {"family": f}) for f in enrolled]
    return merged


def wire_op(planned: Planned, *, visit: date) -> protocol.Op:
    """The protocol op a desk would put in its outbox for ``planned``."""
    args = planned.args
    if planned.kind == "check":
        family: Family = args["family"]
        return protocol.RecordDocumentCheck(
            referral_id=family.referral_id, documents=args["documents"]
        )
    if planned.kind == "leave":
        return protocol.RecordLeave(
            enrollment_id=args["enrollment_id"], date=visit, reason="Семья переехала"
        )
    if planned.kind == "publish":
        return protocol.PublishPlaces(group_id=args["group_id"], count=1, free_from=visit)
    if planned.kind == "withdraw":
        return protocol.WithdrawPlace(place_id=args["place_id"])
    if planned.kind == "enroll":
        return protocol.Enroll(referral_id=args["family"].referral_id, head_decision=None)
    raise ValueError(planned.kind)


def envelope(planned: Planned, *, visit: date, at: datetime) -> protocol.OpEnvelope:
    return protocol.OpEnvelope(op_id=uuid.uuid4(), created_at=at, op=wire_op(planned, visit=visit))


def run_on_desk(desk_: Any, planned: Planned, *, visit: date) -> None:
    """Do ``planned`` through the Desk use case (``desktop.models.usecases.Desk``)."""
    args = planned.args
    if planned.kind == "check":
        desk_.record_document_check(args["family"].referral_id, args["documents"], visit)
    elif planned.kind == "leave":
        desk_.record_leave(args["enrollment_id"], visit, "Семья переехала")
    elif planned.kind == "publish":
        desk_.publish_places(args["group_id"], 1, visit)
    elif planned.kind == "withdraw":
        desk_.withdraw_place(args["place_id"])
    elif planned.kind == "enroll":
        desk_.enroll(args["family"].referral_id)
    else:
        raise ValueError(planned.kind)


def kinds(ops: Sequence[Planned]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for op in ops:
        counted[op.kind] = counted.get(op.kind, 0) + 1
    return counted


def local_today(clock: Clock) -> date:
    return local_date(clock())
