"""The department's API through a real uvicorn server: register, accounts, benefits (R13),
statistics and the explanation of an allocation."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy import select

from server_stub.models import Allocation, Application, Group, Offer, Referral
from server_stub.services import offers
from tests.live import LiveServer
from tests.server.factories import T0, ctx_at, make_application, make_region

TODAY = date(2026, 3, 2)


def _login(server: LiveServer, login: str, password: str, language: str = "en") -> httpx.Client:
    with server.client() as anonymous:
        response = anonymous.post("/api/v1/auth/login", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    return server.client(response.json()["token"], language=language)


def _admin(server: LiveServer, language: str = "en") -> tuple[httpx.Client, int]:
    with server.runtime.session_factory.begin() as s:
        region = make_region(s, kindergartens=1, age_groups=(3,))
        kg_id = region.kindergartens[0].id
    return _login(server, "admin", "admin-pass", language), kg_id


def test_register_through_the_api(server: LiveServer) -> None:
    admin, _ = _admin(server)
    district = admin.post(
        "/api/v1/admin/districts", json={"name_kk": "Медеу", "name_ru": "Медеуский"}
    )
    assert district.status_code == 201
    district_id = district.json()["id"]
    created = admin.post(
        "/api/v1/admin/kindergartens",
        json={
            "district_id": district_id,
            "name_kk": "№7 «Айгөлек»",
            "name_ru": "Детский сад №7 «Айгөлек»",
            "address": "ул. Жандосова, 7",
            "languages": ["kk"],
            "latitude": 43.22,
            "longitude": 76.86,
        },
    )
    assert created.status_code == 201, created.text
    kg = created.json()
    assert kg["languages"] == ["kk"] and kg["active"] is True
    assert admin.get(f"/api/v1/admin/kindergartens/{kg['id']}").json() == kg
    patched = admin.patch(
        f"/api/v1/admin/kindergartens/{kg['id']}", json={"languages": ["kk", "ru"]}
    )
    assert patched.json()["languages"] == ["kk", "ru"]
    assert patched.json()["name_ru"] == "Детский сад №7 «Айгөлек»"
    listed = admin.get("/api/v1/admin/kindergartens", params={"district_id": district_id}).json()
    assert [k["id"] for k in listed] == [kg["id"]]

    group = admin.post(
        f"/api/v1/admin/kindergartens/{kg['id']}/groups",
        json={"name": "Балапан", "age_group": 2, "language": "kk", "capacity": 2},
    )
    assert group.status_code == 201, group.text
    assert group.json()["type"] == "general" and group.json()["available"] == 2
    invalid = admin.post(
        f"/api/v1/admin/kindergartens/{kg['id']}/groups",
        json={"name": "x", "age_group": 6, "language": "en", "capacity": 0},
    )
    assert invalid.status_code == 422 and invalid.json()["code"] == "INVALID_REQUEST"
    missing = admin.post(
        "/api/v1/admin/kindergartens/999999/groups",
        json={"name": "x", "age_group": 2, "language": "kk", "capacity": 2},
    )
    assert missing.status_code == 404

    head = admin.post(
        "/api/v1/admin/accounts",
        json={
            "login": "head-7",
            "password": "long-pass-7",
            "role": "head",
            "kindergarten_id": kg["id"],
            "full_name": "Гүлнар Ахметова",
        },
    )
    assert head.status_code == 201, head.text
    desk = _login(server, "head-7", "long-pass-7")
    places = desk.post(
        "/api/v1/desk/places",
        json={"group_id": group.json()["id"], "count": 2, "free_from": TODAY.isoformat()},
    )
    assert places.status_code == 201
    shrink = admin.patch(f"/api/v1/admin/groups/{group.json()['id']}", json={"capacity": 1})
    assert shrink.status_code == 422 and shrink.json()["code"] == "CAPACITY_BELOW_ENROLLED"
    assert shrink.json()["params"] == {"capacity": 1, "enrolled": 0, "published": 2}
    retype = admin.patch(f"/api/v1/admin/groups/{group.json()['id']}", json={"language": "ru"})
    assert retype.status_code == 409 and retype.json()["code"] == "OPEN_PLACES_EXIST"
    grow = admin.patch(f"/api/v1/admin/groups/{group.json()['id']}", json={"capacity": 5})
    assert grow.status_code == 200 and grow.json()["available"] == 3
    groups = admin.get(f"/api/v1/admin/kindergartens/{kg['id']}/groups").json()
    assert [(g["capacity"], g["free"]) for g in groups] == [(5, 2)]

    accounts = admin.get("/api/v1/admin/accounts", params={"kindergarten_id": kg["id"]})
    assert [a["login"] for a in accounts.json()] == ["head-7"]
    assert "password" not in accounts.text and "argon2" not in accounts.text
    taken = admin.post(
        "/api/v1/admin/accounts",
        json={
            "login": "head-7",
            "password": "xxxxxx",
            "role": "staff",
            "kindergarten_id": kg["id"],
        },
    )
    assert taken.status_code == 409 and taken.json()["code"] == "ACCOUNT_LOGIN_TAKEN"
    off = admin.post(f"/api/v1/admin/accounts/{head.json()['id']}/deactivate")
    assert off.status_code == 200 and off.json()["active"] is False
    # the open session ends at once, not when its token expires
    assert desk.get("/api/v1/desk/groups").status_code == 401
    me = admin.get("/api/v1/admin/accounts", params={"role": "admin"}).json()
    self_off = admin.post(f"/api/v1/admin/accounts/{me[0]['id']}/deactivate")
    assert self_off.status_code == 422 and self_off.json()["code"] == "ACCOUNT_SELF_DEACTIVATE"


def _pending(server: LiveServer, kg_id: int) -> tuple[Application, Application, int]:
    """A military family (benefit pending) accepted an offer; a general family waits."""
    with server.runtime.session_factory.begin() as s:
        military = make_application(
            s, kindergarten_ids=[kg_id], category=0, benefit="military", benefit_status="pending"
        )
        military.benefit_deadline = T0 + timedelta(days=7)
        waiting = make_application(s, kindergarten_ids=[kg_id], queued_at=T0 - timedelta(200))
    desk = _login(server, f"head{kg_id}", "secret-pass")
    body = desk.post(
        "/api/v1/desk/places",
        json={"group_id": group_id(server, kg_id), "count": 1, "free_from": TODAY.isoformat()},
    ).json()
    assert [o["application_number"] for o in body["offers"]] == [military.number]
    with server.runtime.session_factory.begin() as s:
        referral = offers.accept_offer(s, ctx_at(server.clock.now()), body["offers"][0]["offer_id"])
        referral_id = referral.id
    return military, waiting, referral_id


def group_id(server: LiveServer, kg_id: int) -> int:
    with server.runtime.session_factory() as s:
        found = s.scalar(select(Group.id).where(Group.kindergarten_id == kg_id))
    assert found is not None
    return found


def test_benefit_confirmation(server: LiveServer) -> None:
    admin, kg_id = _admin(server)
    military, _, referral_id = _pending(server, kg_id)
    desk = _login(server, f"head{kg_id}", "secret-pass")
    assert desk.get(f"/api/v1/desk/referrals/{referral_id}").status_code == 404
    pending = admin.get("/api/v1/admin/benefits/pending")
    assert pending.status_code == 200
    (row,) = pending.json()
    assert (row["application_number"], row["benefit"], row["referral_id"]) == (
        military.number,
        "military",
        referral_id,
    )
    confirmed = admin.post(f"/api/v1/admin/applications/{military.id}/benefit/confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["benefit_status"] == "confirmed"
    handed = desk.get(f"/api/v1/desk/referrals/{referral_id}")
    assert handed.status_code == 200 and handed.json()["application_number"] == military.number
    again = admin.post(f"/api/v1/admin/applications/{military.id}/benefit/confirm")
    assert again.status_code == 409 and again.json()["code"] == "BENEFIT_NOT_PENDING"
    assert admin.get("/api/v1/admin/benefits/pending").json() == []


def test_benefit_rejection(server: LiveServer) -> None:
    admin, kg_id = _admin(server, language="ru")
    military, waiting, referral_id = _pending(server, kg_id)
    rejected = admin.post(f"/api/v1/admin/applications/{military.id}/benefit/reject")
    assert rejected.status_code == 200, rejected.text
    decision = rejected.json()
    assert (decision["benefit_status"], decision["category"], decision["status"]) == (
        "rejected",
        2,
        "queued",
    )
    assert decision["referral_id"] == referral_id and decision["offers_made"] == 1
    with server.runtime.session_factory() as s:
        assert s.get_one(Referral, referral_id).status == "cancelled"
        open_offer = s.scalar(select(Offer).where(Offer.status == "open"))
        assert open_offer is not None and open_offer.application_id == waiting.id
        app = s.get(Application, military.id)
        assert app is not None and app.queued_at == military.queued_at
    missing = admin.post("/api/v1/admin/applications/999999/benefit/reject")
    assert missing.status_code == 404 and missing.json()["message"] == "Не найдено."


def test_statistics_and_explanation(server: LiveServer) -> None:
    admin, kg_id = _admin(server, language="ru")
    with server.runtime.session_factory.begin() as s:
        chosen = make_application(s, kindergarten_ids=[kg_id], queued_at=T0 - timedelta(30))
        make_application(s, kindergarten_ids=[kg_id], queued_at=T0 - timedelta(3))
    desk = _login(server, f"head{kg_id}", "secret-pass")
    published = desk.post(
        "/api/v1/desk/places",
        json={"group_id": group_id(server, kg_id), "count": 1, "free_from": "2026-03-02"},
    )
    assert published.status_code == 201
    stats = admin.get("/api/v1/admin/statistics").json()
    assert stats["applications_by_status"] == {"offered": 1, "queued": 1}
    assert stats["applications_by_category"] == {"2": 2}
    assert stats["offers_by_status"] == {"open": 1} and stats["free_places"] == 0
    assert stats["districts"][0]["queued_applications"] == 2
    assert admin.get("/api/v1/admin/statistics", params={"district_id": 999}).status_code == 404
    with server.runtime.session_factory() as s:
        allocation_id = s.scalar(select(Allocation.id))
    explained = admin.get(f"/api/v1/admin/allocations/{allocation_id}/explain")
    assert explained.status_code == 200, explained.text
    body = explained.json()
    assert body["allocation_id"] == allocation_id and body["kindergarten_id"] == kg_id
    assert chosen.number in body["summary"] + " ".join(body["lines"])
    assert chosen.child_name not in explained.text
    assert admin.get("/api/v1/admin/allocations/999999/explain").status_code == 404
