"""The desk API through a real uvicorn server: the reception part of a family's path.

publish -> offer to the right applicant -> accept -> referral at the desk -> documents
(a stale epidemiological certificate refused in Russian, then a fresh one) -> enroll ->
the application is enrolled, the place filled, and the public list shows the referral
without personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from server_stub.models import Account, Application, Enrollment, Offer, Place, Referral
from server_stub.services import offers
from server_stub.services.auth import create_account
from tests.live import LiveServer
from tests.server.factories import T0, ctx_at, make_application, make_region

TODAY = date(2026, 3, 2)  # the live server's start day in Kazakhstan


@dataclass
class Desk:
    kg_id: int
    other_kg_id: int
    group_id: int
    head: httpx.Client
    staff: httpx.Client


def login(server: LiveServer, login_name: str, password: str, language: str = "en") -> str:
    with server.client(language=language) as client:
        response = client.post(
            "/api/v1/auth/login", json={"login": login_name, "password": password}
        )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def seed_desk(server: LiveServer, capacity: int = 20) -> tuple[int, int, int]:
    """Two kindergartens with one middle group each; head1.. accounts and a staff login."""
    with server.runtime.session_factory.begin() as s:
        region = make_region(s, kindergartens=2, age_groups=(3,), capacity=capacity)
        kg, other = region.kindergartens
        create_account(
            s, now=T0, login="staff", password="staff-pass", role="staff", kindergarten_id=kg.id
        )
        return kg.id, other.id, region.groups[(kg.id, 3)].id


def open_desk(server: LiveServer, capacity: int = 20) -> Desk:
    kg_id, other_id, group_id = seed_desk(server, capacity)
    return Desk(
        kg_id,
        other_id,
        group_id,
        server.client(login(server, f"head{kg_id}", "secret-pass")),
        server.client(login(server, "staff", "staff-pass"), language="ru"),
    )


def accept(server: LiveServer, offer_id: int) -> int:
    """The parent's acceptance, done in the session (the parents' API has its own tests)."""
    with server.runtime.session_factory.begin() as s:
        return offers.accept_offer(s, ctx_at(server.clock.now()), offer_id).id


def documents(app: Application, epid_issued: date, vaccination: str = "complete") -> dict[str, Any]:
    return {
        "parent_id": {"number": "N0001", "iin": app.parent_iin, "expiry_date": "2030-01-01"},
        "birth_certificate": {
            "number": "I-АЛ 1",
            "child_iin": app.child_iin,
            "birth_date": app.birth_date.isoformat(),
        },
        "epid_certificate": {"number": "E-1", "issue_date": epid_issued.isoformat()},
        "health_passport": {"number": "HP-1", "vaccination": vaccination},
    }


def test_reception_lifecycle(server: LiveServer) -> None:
    desk = open_desk(server)
    with server.runtime.session_factory.begin() as s:
        behind = make_application(s, kindergarten_ids=[desk.kg_id], queued_at=T0 - timedelta(1))
        first = make_application(s, kindergarten_ids=[desk.kg_id], queued_at=T0 - timedelta(60))
    published = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 1, "free_from": TODAY.isoformat()},
    )
    assert published.status_code == 201, published.text
    body = published.json()
    assert [p["status"] for p in body["places"]] == ["offered"]
    assert [o["application_number"] for o in body["offers"]] == [first.number]  # R9
    referral_id = accept(server, body["offers"][0]["offer_id"])

    listed = desk.staff.get("/api/v1/desk/referrals")
    assert listed.status_code == 200
    (referral,) = listed.json()
    assert referral["id"] == referral_id
    assert (referral["child_name"], referral["child_iin"], referral["parent_iin"]) == (
        first.child_name,
        first.child_iin,
        first.parent_iin,
    )
    assert referral["phones"] == [first.phone1] and referral["days_left"] == 5
    assert [d["status"] for d in referral["documents"]] == ["not_checked"] * 4

    stale = desk.staff.post(
        f"/api/v1/desk/referrals/{referral_id}/documents",
        json=documents(first, TODAY - timedelta(days=4)),
    )
    assert stale.status_code == 200, stale.text
    verdict = {d["kind"]: d for d in stale.json()["documents"]}
    assert not stale.json()["all_passed"]
    epid = verdict["epid_certificate"]
    assert (epid["status"], epid["code"]) == ("failed", "EPID_CERT_TOO_OLD")
    assert "Справка об эпидокружении выдана 2026-02-26" in epid["message"]
    assert verdict["parent_id"]["status"] == "passed" and verdict["parent_id"]["message"] is None

    refused = desk.head.post(f"/api/v1/desk/referrals/{referral_id}/enroll", json={})
    assert refused.status_code == 422
    assert refused.json()["code"] == "DOCUMENTS_FAILED"

    fixed = desk.staff.post(
        f"/api/v1/desk/referrals/{referral_id}/documents",
        json={"epid_certificate": {"number": "E-2", "issue_date": TODAY.isoformat()}},
    )
    assert fixed.json()["all_passed"] is True

    staff_enroll = desk.staff.post(f"/api/v1/desk/referrals/{referral_id}/enroll", json={})
    assert staff_enroll.status_code == 403
    enrolled = desk.head.post(f"/api/v1/desk/referrals/{referral_id}/enroll", json={})
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["application_number"] == first.number

    with server.runtime.session_factory() as s:
        row = s.get(Referral, referral_id)
        assert row is not None and row.status == "enrolled"
        assert s.get_one(Place, row.place_id).status == "filled"
        assert s.get_one(Application, first.id).status == "enrolled"
        assert s.get_one(Application, behind.id).status == "queued"

    children = desk.staff.get("/api/v1/desk/children", params={"q": first.child_iin}).json()
    assert [c["child_name"] for c in children] == [first.child_name]
    (group,) = desk.head.get("/api/v1/desk/groups").json()
    assert (group["enrolled"], group["published"], group["available"]) == (1, 0, 19)

    with server.client() as anonymous:
        public = anonymous.get("/api/v1/public/referrals")
    assert public.status_code == 200
    (issued,) = public.json()["entries"]
    assert (issued["application_number"], issued["status"]) == (first.number, "enrolled")
    assert issued["birth_year"] == first.birth_date.year
    for secret in (first.child_name, first.child_iin, first.parent_iin, first.phone1[2:]):
        assert secret not in public.text


def test_publishing_is_refused_in_august(server: LiveServer) -> None:
    server.clock.set(datetime(2026, 8, 10, 6, 0, tzinfo=UTC))
    desk = open_desk(server)
    response = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 1, "free_from": "2026-09-01"},
        headers={"Accept-Language": "kk"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "AUGUST_FREEZE"
    assert "Тамызда" in response.json()["message"]
    assert desk.head.get("/api/v1/desk/places").json() == []


def test_capacity_limit_and_withdrawal(server: LiveServer) -> None:
    desk = open_desk(server, capacity=3)
    with server.runtime.session_factory.begin() as s:
        make_application(s, kindergarten_ids=[desk.kg_id])
    over = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 4, "free_from": TODAY.isoformat()},
    )
    assert over.status_code == 422
    assert over.json()["code"] == "PLACES_OVER_CAPACITY"
    assert over.json()["params"]["available"] == 3
    made = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 3, "free_from": TODAY.isoformat()},
    ).json()
    offered = next(p["id"] for p in made["places"] if p["status"] == "offered")
    free = [p["id"] for p in made["places"] if p["status"] == "free"]
    conflict = desk.head.post(f"/api/v1/desk/places/{offered}/withdraw")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "PLACE_ALREADY_OFFERED"
    assert desk.staff.post(f"/api/v1/desk/places/{free[0]}/withdraw").status_code == 403
    withdrawn = desk.head.post(f"/api/v1/desk/places/{free[0]}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    (group,) = desk.head.get("/api/v1/desk/groups").json()
    assert (group["free"], group["offered"], group["available"]) == (1, 1, 1)
    statuses = [p["status"] for p in desk.head.get("/api/v1/desk/places").json()]
    assert sorted(statuses) == ["free", "offered", "withdrawn"]
    only_free = desk.head.get("/api/v1/desk/places", params={"status": "free"}).json()
    assert [p["id"] for p in only_free] == [free[1]]


def test_vaccination_decision_and_leaving(server: LiveServer) -> None:
    desk = open_desk(server)
    with server.runtime.session_factory.begin() as s:
        for n in range(9):  # one of nine attending children is unvaccinated
            filler = make_application(s, kindergarten_ids=[desk.kg_id], status="enrolled")
            s.add(
                Enrollment(
                    kindergarten_id=desk.kg_id,
                    group_id=desk.group_id,
                    application_id=filler.id,
                    child_iin=filler.child_iin,
                    child_name=filler.child_name,
                    birth_date=filler.birth_date,
                    parent_iin=filler.parent_iin,
                    vaccination="incomplete" if n == 0 else "complete",
                    enrolled_at=T0 - timedelta(days=200),
                )
            )
        app = make_application(s, kindergarten_ids=[desk.kg_id])
    body = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 1, "free_from": TODAY.isoformat()},
    ).json()
    referral_id = accept(server, body["offers"][0]["offer_id"])
    checked = desk.staff.post(
        f"/api/v1/desk/referrals/{referral_id}/documents",
        json=documents(app, TODAY, vaccination="incomplete"),
    )
    assert checked.json()["all_passed"] is True
    refused = desk.head.post(f"/api/v1/desk/referrals/{referral_id}/enroll", json={})
    assert refused.status_code == 422
    assert refused.json()["code"] == "VACCINATION_DECISION_REQUIRED"
    decided = desk.head.post(
        f"/api/v1/desk/referrals/{referral_id}/enroll",
        json={"head_decision": "Решение заведующей от 02.03.2026"},
    )
    assert decided.status_code == 201 and decided.json()["head_decision_recorded"] is True
    enrollment_id = decided.json()["enrollment_id"]

    assert len(desk.staff.get("/api/v1/desk/children").json()) == 10
    bad_day = desk.head.post(
        f"/api/v1/desk/children/{enrollment_id}/leave",
        json={"date": (TODAY + timedelta(days=1)).isoformat(), "reason": "переезд"},
    )
    assert bad_day.status_code == 422 and bad_day.json()["code"] == "LEAVE_DATE_INVALID"
    staff_leave = desk.staff.post(
        f"/api/v1/desk/children/{enrollment_id}/leave", json={"reason": "переезд"}
    )
    assert staff_leave.status_code == 403
    left = desk.head.post(
        f"/api/v1/desk/children/{enrollment_id}/leave", json={"reason": "переезд"}
    )
    assert left.status_code == 200 and left.json()["left_at"] is not None
    assert len(desk.staff.get("/api/v1/desk/children").json()) == 9
    (group,) = desk.head.get("/api/v1/desk/groups").json()
    assert (group["enrolled"], group["free"], group["available"]) == (9, 0, 11)  # R23


def test_a_lapsed_referral_cannot_be_used(server: LiveServer) -> None:
    desk = open_desk(server)
    with server.runtime.session_factory.begin() as s:
        app = make_application(s, kindergarten_ids=[desk.kg_id])
    body = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 1, "free_from": TODAY.isoformat()},
    ).json()
    referral_id = accept(server, body["offers"][0]["offer_id"])
    server.clock.advance(timedelta(days=14))  # the scheduler is off: still "active"
    desk.staff = server.client(login(server, "staff", "staff-pass"), language="ru")
    desk.head = server.client(login(server, f"head{desk.kg_id}", "secret-pass"))
    response = desk.staff.post(
        f"/api/v1/desk/referrals/{referral_id}/documents", json=documents(app, TODAY)
    )
    assert response.status_code == 409
    assert response.json()["code"] == "REFERRAL_LAPSED"
    assert response.json()["message"] == "Срок направления истёк."
    assert desk.head.post(f"/api/v1/desk/referrals/{referral_id}/enroll", json={}).json()[
        "code"
    ] == ("REFERRAL_LAPSED")


def test_views_of_personal_data_are_audited(server: LiveServer) -> None:
    desk = open_desk(server)
    with server.runtime.session_factory.begin() as s:
        make_application(s, kindergarten_ids=[desk.kg_id])
        staff_id = s.scalar(select(Account.id).where(Account.login == "staff"))
    body = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 1, "free_from": TODAY.isoformat()},
    ).json()
    referral_id = accept(server, body["offers"][0]["offer_id"])
    assert desk.staff.get(f"/api/v1/desk/referrals/{referral_id}").status_code == 200
    assert desk.staff.get("/api/v1/desk/referrals").status_code == 200
    foreign = server.client(login(server, f"head{desk.other_kg_id}", "secret-pass"))
    assert foreign.get(f"/api/v1/desk/referrals/{referral_id}").status_code == 404
    assert foreign.get("/api/v1/desk/referrals").json() == []
    from server_stub.models import AuditRecord

    with server.runtime.session_factory() as s:
        views = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "view_referral")
            .order_by(AuditRecord.id)
        ).all()
    assert [(v.actor, v.kindergarten_id) for v in views] == [
        (f"account:{staff_id}", desk.kg_id),
        (f"account:{staff_id}", desk.kg_id),
    ]
    assert views[1].data == {"referral_ids": [referral_id]}


def test_offer_rows_match_the_answer(server: LiveServer) -> None:
    """What the desk is told about offers is what the database holds."""
    desk = open_desk(server)
    with server.runtime.session_factory.begin() as s:
        apps = [
            make_application(s, kindergarten_ids=[desk.kg_id], queued_at=T0 - timedelta(days=n))
            for n in (3, 2, 1)
        ]
    body = desk.head.post(
        "/api/v1/desk/places",
        json={"group_id": desk.group_id, "count": 2, "free_from": TODAY.isoformat()},
    ).json()
    with server.runtime.session_factory() as s:
        rows = s.scalars(select(Offer).order_by(Offer.id)).all()
        assert [(o.id, o.place_id) for o in rows] == [
            (o["offer_id"], o["place_id"]) for o in body["offers"]
        ]
    assert [o["application_number"] for o in body["offers"]] == [apps[0].number, apps[1].number]
