"""The whole life of a place, only through HTTP, as the department, families and a desk do it.

admin registers a kindergarten, a group and a head -> two families apply -> the head
publishes a place -> the engine offers it to the first family -> they accept -> the desk
sees the referral, checks documents (one fails, is corrected) -> enrolls -> the next
family moves up; then a second place is offered, left unanswered and expires.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.iin import make_iin
from server_stub.services import audit
from server_stub.services.auth import create_account
from tests.live import LiveServer, live_server

CHILD_BIRTH = date(2022, 3, 15)  # the middle group in school year 2025-26


@pytest.fixture
def live(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(database_url, tmp_path) as running:
        with running.runtime.session_factory.begin() as session:
            create_account(
                session,
                now=running.clock.now(),
                login="admin",
                password="admin-pass",
                role="admin",
            )
        yield running


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


class Family:
    def __init__(self, live: LiveServer, n: int) -> None:
        self.iin = make_iin(date(1991, 5, 5), "F", 700 + n)
        self.child_iin = make_iin(CHILD_BIRTH, "M", 800 + n)
        self.child_name = f"Әлихан Серікұлы-{n}"
        self.phone = f"+7707555{n:04d}"
        self.client = live.client(live.parent_token(self.iin, self.phone), "ru")

    def apply(self, kindergarten_id: int) -> dict[str, Any]:
        body = {
            "child_iin": self.child_iin,
            "child_name": self.child_name,
            "birth_date": CHILD_BIRTH.isoformat(),
            "phones": [self.phone],
            "kindergarten_ids": [kindergarten_id],
            "language": "ru",
        }
        result: dict[str, Any] = ok(
            self.client.post("/api/v1/parents/applications", json=body), 201
        )
        return result

    def application(self, app_id: int) -> dict[str, Any]:
        result: dict[str, Any] = ok(self.client.get(f"/api/v1/parents/applications/{app_id}"))
        return result


def documents(family: Family, visit: date, epid_issued: date) -> dict[str, Any]:
    return {
        "visit_date": visit.isoformat(),
        "parent_id": {"number": "N0001234", "iin": family.iin, "expiry_date": "2031-01-01"},
        "birth_certificate": {
            "number": "I-АЛ 000123",
            "child_iin": family.child_iin,
            "birth_date": CHILD_BIRTH.isoformat(),
        },
        "epid_certificate": {"number": "E-1", "issue_date": epid_issued.isoformat()},
        "health_passport": {"number": "HP-1", "vaccination": "complete"},
    }


def test_apply_publish_offer_accept_check_enroll_then_expiry(live: LiveServer) -> None:
    admin = live.client(live.desk_token("admin", "admin-pass"), "ru")
    district = ok(
        admin.post("/api/v1/admin/districts", json={"name_kk": "Есіл", "name_ru": "Есиль"}), 201
    )
    kg = ok(
        admin.post(
            "/api/v1/admin/kindergartens",
            json={
                "district_id": district["id"],
                "name_kk": "№7 «Айгөлек» бөбекжайы",
                "name_ru": "Ясли-сад №7 «Айгөлек»",
                "address": "ул. Кенесары, 7",
                "languages": ["ru"],
            },
        ),
        201,
    )
    group = ok(
        admin.post(
            f"/api/v1/admin/kindergartens/{kg['id']}/groups",
            json={
                "name": "Солнышко",
                "age_group": 3,
                "language": "ru",
                "type": "general",
                "capacity": 2,
            },
        ),
        201,
    )
    ok(
        admin.post(
            "/api/v1/admin/accounts",
            json={
                "login": "head7",
                "password": "head-pass",
                "role": "head",
                "kindergarten_id": kg["id"],
            },
        ),
        201,
    )
    desk = live.client(live.desk_token("head7", "head-pass"), "ru")

    first, second = Family(live, 1), Family(live, 2)
    first_app = first.apply(kg["id"])
    live.clock.advance(timedelta(minutes=5))
    second_app = second.apply(kg["id"])
    assert [c["position"] for c in second_app["choices"]] == [2]

    published = ok(
        desk.post(
            "/api/v1/desk/places",
            json={
                "group_id": group["id"],
                "count": 1,
                "free_from": live.clock.now().date().isoformat(),
            },
        ),
        201,
    )
    assert [o["application_number"] for o in published["offers"]] == [first_app["number"]]
    offer = first.application(first_app["id"])["offer"]
    assert offer["group_name"] == "Солнышко"
    offer_sms = [
        m for m in live.sms() if m["phone"] == first.phone and first_app["number"] in m["body"]
    ]
    assert offer_sms, "the family was told of the offer by SMS"

    accepted = ok(first.client.post(f"/api/v1/parents/offers/{offer['id']}/accept"))
    referral_number = accepted["referral"]["number"]

    referrals = ok(desk.get("/api/v1/desk/referrals"))
    (referral,) = [r for r in referrals if r["number"] == referral_number]
    assert referral["child_name"] == first.child_name  # the desk sees the family (R30)

    visit = live.clock.now().date()
    failed = ok(
        desk.post(
            f"/api/v1/desk/referrals/{referral['id']}/documents",
            json=documents(first, visit, visit - timedelta(days=4)),
        )
    )
    assert failed["all_passed"] is False
    (epid,) = [d for d in failed["documents"] if d["kind"] == "epid_certificate"]
    assert epid["code"] == "EPID_CERT_TOO_OLD"
    assert "справк" in epid["message"].lower() or "эпид" in epid["message"].lower()
    refused = desk.post(f"/api/v1/desk/referrals/{referral['id']}/enroll", json={})
    assert refused.status_code == 422 and refused.json()["code"] == "DOCUMENTS_FAILED"

    passed = ok(
        desk.post(
            f"/api/v1/desk/referrals/{referral['id']}/documents",
            json=documents(first, visit, visit - timedelta(days=3)),
        )
    )
    assert passed["all_passed"] is True
    ok(desk.post(f"/api/v1/desk/referrals/{referral['id']}/enroll", json={}), 201)

    assert first.application(first_app["id"])["status"] == "enrolled"
    assert [c["position"] for c in second.application(second_app["id"])["choices"]] == [1]
    children = ok(desk.get("/api/v1/desk/children"))
    assert [c["child_name"] for c in children] == [first.child_name]

    public = httpx.get(f"{live.base_url}/api/v1/public/referrals", timeout=10)
    assert referral_number in public.text
    for secret in (first.child_name, first.child_iin, first.iin, first.phone, "Серікұлы"):
        assert secret not in public.text

    # the second place: offered to the next family, left unanswered, expires (R17)
    ok(
        desk.post(
            "/api/v1/desk/places",
            json={"group_id": group["id"], "count": 1, "free_from": visit.isoformat()},
        ),
        201,
    )
    assert second.application(second_app["id"])["offer"] is not None
    live.clock.advance(timedelta(days=7))
    report = live.runtime.run_deadlines()
    assert report["offers_expired"] == 1
    second.client = live.client(live.parent_token(second.iin, second.phone), "ru")  # a new day
    after = second.application(second_app["id"])
    assert after["offer"] is None and after["status"] == "queued"
    assert after["choices"] == []  # the kindergarten left its choices

    with live.runtime.session_factory() as session:
        assert audit.verify(session).ok
