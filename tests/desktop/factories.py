"""Protocol rows for desk tests: what a server would send this desk.

Built through the protocol's own row types, so a test can never feed the store a row the
contract would not allow.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from domain.iin import make_iin
from sync import protocol

KINDERGARTEN_ID = 1
GENERAL_GROUP = 10
CORRECTIONAL_GROUP = 11
INACTIVE_GROUP = 12
ACCOUNT_ID = 7
ISSUED_AT = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 10:00 in Almaty
EXPIRES_AT = datetime(2026, 3, 10, 18, 59, 59, tzinfo=UTC)  # end of 10 March, Almaty
PARENT_IIN = make_iin(date(1990, 1, 1), "F", 1)


def child_iin(n: int) -> str:
    return make_iin(date(2022, 3, 15), "M", 100 + n)


def child_name(n: int) -> str:
    return f"Әлиев{n} Нұрлан Серікұлы"


def kindergarten() -> protocol.KindergartenRow:
    return protocol.KindergartenRow(
        id=KINDERGARTEN_ID,
        name_kk="Балдырған",
        name_ru="Балдырган",
        address="Алматы, Абай 1",
        languages=["kk", "ru"],
    )


# the district's other kindergartens, as the server's /sync/directory lists them
NEIGHBOURS = {
    2: ("№2 «Ақбота» балабақшасы", "Детский сад №2 «Акбота»", "Алматы, Сейфуллин 12"),
    3: ("№17 «Күншуақ» бөбекжайы", "Ясли-сад №17 «Солнышко»", "Алматы, Жибек жолы 40"),
    4: ("«Айгөлек» жеке балабақшасы", "Частный детский сад «Айголек»", "Алматы, Навои 7"),
    5: ("№23 «Балапан» балабақшасы", "Детский сад №23 «Балапан»", "Алматы, Абай 150"),
}


def directory(version: str = "dir-1") -> protocol.Directory:
    """This desk's district: its own kindergarten and :data:`NEIGHBOURS`."""
    own = kindergarten()
    entries = [protocol.DirectoryEntry.model_validate(own.model_dump())]
    entries += [
        protocol.DirectoryEntry(
            id=kid, name_kk=kk, name_ru=ru, address=address, languages=["kk", "ru"]
        )
        for kid, (kk, ru, address) in NEIGHBOURS.items()
    ]
    return protocol.Directory(version=version, district_id=1, kindergartens=entries)


def group(
    gid: int = GENERAL_GROUP, *, capacity: int = 20, type_: str = "general", active: bool = True
) -> protocol.GroupRow:
    return protocol.GroupRow(
        id=gid,
        name=f"Group {gid}",
        age_group=3,
        language="kk",
        type=type_,
        capacity=capacity,
        active=active,
    )


def place(pid: int, gid: int = GENERAL_GROUP, status: str = "reserved") -> protocol.PlaceRow:
    return protocol.PlaceRow(
        id=pid,
        group_id=gid,
        status=status,  # type: ignore[arg-type]
        free_from=date(2026, 3, 1),
        published_at=datetime(2026, 2, 20, 5, 0, tzinfo=UTC),
    )


def referral(
    rid: int,
    *,
    gid: int = GENERAL_GROUP,
    place_id: int | None = None,
    status: str = "active",
    expires_at: datetime = EXPIRES_AT,
    name: str | None = None,
    iin: str | None = None,
) -> protocol.ReferralRow:
    return protocol.ReferralRow(
        id=rid,
        number=f"N-2026-{rid:07d}",
        application_id=1000 + rid,
        application_number=f"Q-{1000 + rid:07d}",
        group_id=gid,
        place_id=place_id if place_id is not None else 500 + rid,
        status=status,  # type: ignore[arg-type]
        issued_at=ISSUED_AT,
        expires_at=expires_at,
        postponed_until=None,
        staff_relative=False,
        closed_at=None,
        child_name=name or child_name(rid),
        child_iin=iin or child_iin(rid),
        birth_date=date(2022, 3, 15),
        parent_iin=PARENT_IIN,
        phones=["+77011234567"],
    )


def enrollment(
    eid: int, *, gid: int = GENERAL_GROUP, vaccination: str = "complete", n: int | None = None
) -> protocol.EnrollmentRow:
    k = n if n is not None else 5000 + eid
    return protocol.EnrollmentRow(
        id=eid,
        referral_id=None,
        group_id=gid,
        child_name=child_name(k),
        child_iin=child_iin(k % 9000),
        birth_date=date(2022, 3, 15),
        parent_iin=PARENT_IIN,
        vaccination=vaccination,
        head_decision=None,
        enrolled_at=datetime(2025, 9, 1, 4, 0, tzinfo=UTC),
        left_at=None,
        leave_reason=None,
    )


def document_check(
    cid: int, rid: int, kind: str, *, ok: bool = True, visit: date = date(2026, 3, 2)
) -> protocol.DocumentCheckRow:
    details: dict[str, Any] = {"params": {}, "number": "X-1"}
    if kind == "epid_certificate":
        details["issue_date"] = visit.isoformat()
    if kind == "health_passport":
        details["vaccination"] = "complete"
    return protocol.DocumentCheckRow(
        id=cid,
        referral_id=rid,
        kind=kind,
        ok=ok,
        code=None if ok else "DOC_MISSING",
        visit_date=visit,
        checked_by=ACCOUNT_ID,
        checked_at=datetime(2026, 3, 2, 6, 0, tzinfo=UTC) + timedelta(minutes=cid),
        details=details,
    )


def snapshot(
    *,
    referrals: list[protocol.ReferralRow] | None = None,
    enrollments: list[protocol.EnrollmentRow] | None = None,
    places: list[protocol.PlaceRow] | None = None,
    groups: list[protocol.GroupRow] | None = None,
    checks: list[protocol.DocumentCheckRow] | None = None,
    cursor: int = 100,
    server_id: str = "server-A",
) -> protocol.Snapshot:
    refs = referrals if referrals is not None else [referral(1), referral(2)]
    return protocol.Snapshot(
        server_id=server_id,
        cursor=cursor,
        kindergarten=kindergarten(),
        groups=groups
        if groups is not None
        else [
            group(GENERAL_GROUP),
            group(CORRECTIONAL_GROUP, type_="correctional", capacity=10),
            group(INACTIVE_GROUP, active=False),
        ],
        places=places if places is not None else [place(r.place_id, r.group_id) for r in refs],
        referrals=refs,
        document_checks=checks or [],
        enrollments=enrollments or [],
        applications=[],
    )


def documents(
    *,
    visit: date = date(2026, 3, 3),
    epid_issued: date | None = None,
    parent_iin: str = PARENT_IIN,
    child: str | None = None,
    vaccination: str = "complete",
    n: int = 1,
) -> protocol.DocumentsIn:
    """A full, valid set for referral ``n`` unless told otherwise."""
    return protocol.DocumentsIn(
        visit_date=visit,
        parent_id=protocol.ParentIdIn(number="N123", iin=parent_iin, expiry_date=date(2030, 1, 1)),
        birth_certificate=protocol.BirthCertificateIn(
            number="I-АЛ 1", child_iin=child or child_iin(n), birth_date=date(2022, 3, 15)
        ),
        epid_certificate=protocol.EpidCertificateIn(
            number="E-77", issue_date=epid_issued or visit - timedelta(days=1)
        ),
        health_passport=protocol.HealthPassportIn(number="HP-5", vaccination=vaccination),  # type: ignore[arg-type]
    )


def change(
    entity: str, row: protocol._Wire | None, *, seq: int, id_: int | None = None
) -> protocol.Change:
    data = row.model_dump(mode="json") if row is not None else None
    return protocol.Change(
        seq=seq,
        entity=entity,  # type: ignore[arg-type]
        id=id_ if id_ is not None else int(data["id"]),  # type: ignore[index]
        op="upsert" if row is not None else "delete",
        row=data,
    )
