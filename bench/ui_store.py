"""A big desk store for ``python -m bench ui``: the first sync of a very large kindergarten.

The store is made the way a desk makes it: :func:`desktop.models.store.open_store` in a
profile folder (passphrase mode with the production Argon2id parameters: this benchmark
machine has no secure keyring, like a kiosk account), signed in with
:meth:`LocalSyncStore.set_server`, then filled by :meth:`LocalSyncStore.replace_with_snapshot`
with one :class:`sync.protocol.Snapshot`: what the server sends a desk on its first sync
(every row validated by the protocol's types, bulk-inserted through the store's engine,
the name index written as in service).

The kindergarten: ``children`` attending children in ``groups`` groups (plus 2 % who left
in the last weeks), ``referrals`` referrals (60 % active, 25 % postponed, 15 % closed in
the last 30 days: what a desk's list shows), a place for each referral and a few free
ones, and document checks for a tenth of the live referrals. Names, IINs and phones come
from the demo region's generator (Kazakh and Russian families, valid IINs), so searches
meet the same word frequencies as in a real list.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from desktop.models.keys import DEFAULT_KDF, KdfParams, PassphraseRequest
from desktop.models.store import open_store
from desktop.models.sync_store import LocalSyncStore
from domain.documents import DOCUMENT_KINDS
from domain.iin import Sex
from domain.referrals import LIVE_REFERRAL_STATUSES
from server_stub.demo import _People, _Rng
from sync import protocol

PROFILE = "bench"
PASSPHRASE = "bench-ui-passphrase-2026"
KINDERGARTEN_ID = 1
ACCOUNT_ID = 7
# nothing listens there: the desk is started with --no-sync and never asks
SERVER_URL = "http://127.0.0.1:9"


@dataclass(frozen=True)
class StoreFacts:
    """What was built, and how long it took (setup only: not a measurement)."""

    home: Path
    profile: str
    children: int
    left: int
    referrals: int
    live_referrals: int
    groups: int
    places: int
    document_checks: int
    file_mib: float
    seconds: float
    sample_iins: tuple[str, ...]  # children's IINs the keystroke run types
    sample_referral_iins: tuple[str, ...]
    sample_numbers: tuple[str, ...]


def _passphrase(_request: PassphraseRequest) -> str:
    return PASSPHRASE


def _birth(rng: _Rng, today: date, low_years: float, high_years: float) -> date:
    days = int((low_years + rng.random() * (high_years - low_years)) * 365.25)
    return today - timedelta(days=days)


def build_snapshot(
    *, children: int, referrals: int, groups: int, seed: int, now: datetime
) -> tuple[protocol.Snapshot, dict[str, list[str]]]:
    """The snapshot, and a few real values for the searches (IINs, numbers)."""
    rng = _Rng(seed)
    today = now.date()
    people = _People(rng, today)
    per_group = max(1, math.ceil(children / groups))
    kindergarten = protocol.KindergartenRow(
        id=KINDERGARTEN_ID,
        name_kk="№ 1 «Балдырған» бөбекжай-бақшасы",
        name_ru="Ясли-сад № 1 «Балдырган»",
        address="Алматы, Абай даңғылы 1",
        languages=["kk", "ru"],
    )
    group_rows = []
    for gid in range(1, groups + 1):
        language = "kk" if gid % 3 else "ru"
        group_rows.append(
            protocol.GroupRow(
                id=gid,
                name=f"{'Балапан' if language == 'kk' else 'Солнышко'} {gid}",
                age_group=1 + gid % 5,
                language=language,
                type="correctional" if gid % 25 == 0 else "general",
                capacity=per_group + 5,
                active=True,
            )
        )
    samples: dict[str, list[str]] = {"child_iin": [], "referral_iin": [], "number": []}

    enrollment_rows = []
    left = children // 50
    enrolled_at = datetime(now.year - 1, 9, 1, 4, 0, tzinfo=UTC)
    for n in range(children + left):
        sex: Sex = "M" if rng.random() < 0.5 else "F"
        birth = _birth(rng, today, 1.5, 6.0)
        family = people.family(birth, with_phones=False)
        iin = people.iin(birth, sex)
        gone = n >= children
        enrollment_rows.append(
            protocol.EnrollmentRow(
                id=n + 1,
                referral_id=None,
                group_id=1 + n % groups,
                child_name=people.child_name(family, sex),
                child_iin=iin,
                birth_date=birth,
                parent_iin=family.parent_iin,
                vaccination="incomplete" if rng.random() < 0.04 else "complete",
                head_decision=None,
                enrolled_at=enrolled_at - timedelta(days=int(rng.random() * 700)),
                left_at=now - timedelta(days=1 + int(rng.random() * 25)) if gone else None,
                leave_reason="Went to school" if gone else None,
            )
        )
        if n % max(1, children // 40) == 7 and not gone:
            samples["child_iin"].append(iin)

    place_rows = []
    referral_rows = []
    check_rows = []
    check_id = 0
    for n in range(referrals):
        rid = n + 1
        roll = rng.random()
        status = "active" if roll < 0.60 else "postponed" if roll < 0.85 else "closed"
        sex = "M" if rng.random() < 0.5 else "F"
        birth = _birth(rng, today, 1.0, 6.0)
        family = people.family(birth)
        issued = now - timedelta(days=int(rng.random() * 20), minutes=int(rng.random() * 600))
        closed_at = None
        postponed_until = None
        place_status = "reserved"
        if status == "active":
            expires = now + timedelta(days=1 + int(rng.random() * 9), hours=int(rng.random() * 8))
        elif status == "postponed":
            expires = now + timedelta(days=20 + int(rng.random() * 100))
            postponed_until = (now + timedelta(days=15 + int(rng.random() * 100))).date()
        else:
            status = ("enrolled", "lapsed", "cancelled")[int(rng.random() * 3)]
            closed_at = now - timedelta(days=1 + int(rng.random() * 28))
            expires = closed_at
            place_status = "filled" if status == "enrolled" else "free"
        gid = 1 + n % groups
        place_id = 100_000 + rid
        place_rows.append(
            protocol.PlaceRow(
                id=place_id,
                group_id=gid,
                status=place_status,  # type: ignore[arg-type]
                free_from=(issued - timedelta(days=10)).date(),
                published_at=issued - timedelta(days=3),
            )
        )
        phones = [p for p in family.phones if p]
        number = f"N-{now.year}-{rid:07d}"
        iin = people.iin(birth, sex)
        referral_rows.append(
            protocol.ReferralRow(
                id=rid,
                number=number,
                application_id=500_000 + rid,
                application_number=f"Q-{now.year - 2}-{500_000 + rid:07d}",
                group_id=gid,
                place_id=place_id,
                status=status,  # type: ignore[arg-type]
                issued_at=issued,
                expires_at=expires,
                postponed_until=postponed_until,
                staff_relative=rng.random() < 0.02,
                closed_at=closed_at,
                child_name=people.child_name(family, sex),
                child_iin=iin,
                birth_date=birth,
                parent_iin=family.parent_iin,
                phones=phones,
            )
        )
        if n % max(1, referrals // 30) == 3:
            samples["referral_iin"].append(iin)
            samples["number"].append(number)
        if status in ("active", "postponed") and rng.random() < 0.1:
            visit = (now - timedelta(days=int(rng.random() * 3))).date()
            for kind in DOCUMENT_KINDS[: 1 + int(rng.random() * 4)]:
                check_id += 1
                ok = kind != "parent_id" or rng.random() < 0.9
                check_rows.append(
                    protocol.DocumentCheckRow(
                        id=check_id,
                        referral_id=rid,
                        kind=kind,
                        ok=ok,
                        code=None if ok else "PARENT_ID_EXPIRED",
                        visit_date=visit,
                        checked_by=ACCOUNT_ID,
                        checked_at=now - timedelta(hours=1 + int(rng.random() * 48)),
                        details={},
                    )
                )
    # a few published seats nobody was sent to yet
    for gid in range(1, groups + 1):
        place_rows.append(
            protocol.PlaceRow(
                id=gid,
                group_id=gid,
                status="free",
                free_from=today,
                published_at=now - timedelta(days=1),
            )
        )
    snapshot = protocol.Snapshot(
        server_id="bench-ui",
        cursor=1,
        kindergarten=kindergarten,
        groups=group_rows,
        places=place_rows,
        referrals=referral_rows,
        document_checks=check_rows,
        enrollments=enrollment_rows,
        applications=[],
    )
    return snapshot, samples


def build_store(
    home: Path,
    *,
    children: int,
    referrals: int,
    groups: int,
    seed: int,
    kdf: KdfParams = DEFAULT_KDF,
) -> StoreFacts:
    """Create the profile's store in ``home`` and fill it through the first-sync path."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    snapshot, samples = build_snapshot(
        children=children, referrals=referrals, groups=groups, seed=seed, now=now
    )
    store = open_store(PROFILE, home=home, passphrase=_passphrase, mode="passphrase", kdf=kdf)
    try:
        local = LocalSyncStore(store)
        local.set_server(SERVER_URL, KINDERGARTEN_ID, ACCOUNT_ID, role="head")
        store.save_token("bench-token")
        local.replace_with_snapshot(snapshot)
        with store.engine.connect() as connection:
            # what SQLite's planner knows after a desk's own use (the first sync leaves
            # no statistics; ANALYZE is not run by the desk): nothing, deliberately
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = store.path
    finally:
        store.close()
    return StoreFacts(
        home=home,
        profile=PROFILE,
        children=children,
        left=len(snapshot.enrollments) - children,
        referrals=referrals,
        live_referrals=sum(r.status in LIVE_REFERRAL_STATUSES for r in snapshot.referrals),
        groups=groups,
        places=len(snapshot.places),
        document_checks=len(snapshot.document_checks),
        file_mib=path.stat().st_size / (1024 * 1024),
        seconds=time.perf_counter() - started,
        sample_iins=tuple(samples["child_iin"]),
        sample_referral_iins=tuple(samples["referral_iin"]),
        sample_numbers=tuple(samples["number"]),
    )
