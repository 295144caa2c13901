"""The public lists (R28, R29) through a real uvicorn server.

The families seeded here have known names, IINs and phones; no public answer may contain
any of them, whichever endpoint and filters are used. The check scans the raw response
text, so a field added to a schema later cannot slip past it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from server_stub.app import create_app
from server_stub.models import Application, Group
from server_stub.services import allocation, desk, offers
from tests.live import LiveServer
from tests.server.factories import T0, birth_for_age_group, ctx_at, make_application, make_region

TODAY = date(2026, 3, 2)
NAMES = ("Әлихан Серікұлы", "Аружан Нұрланқызы", "Иван Петров", "Мария Ким", "Дана Әбенова")


@dataclass
class World:
    kg_id: int
    other_kg_id: int
    group_id: int
    kk_group_id: int
    district_id: int
    apps: list[Application]
    secrets: list[str]


def _seed(server: LiveServer) -> World:
    """Five families at kindergarten A (one of them a staff member's grandchild, one
    needing a correctional group), places published, two referrals issued."""
    with server.runtime.session_factory.begin() as s:
        region = make_region(s, kindergartens=2, age_groups=(3,))
        kg, other = region.kindergartens
        kk_group = Group(
            kindergarten_id=kg.id, name="Күншуақ", age_group=2, language="kk", capacity=5
        )
        s.add(kk_group)
        s.flush()
        apps = []
        for n, name in enumerate(NAMES):
            app = make_application(
                s,
                kindergarten_ids=[kg.id, other.id],
                queued_at=T0 - timedelta(days=100 - n),
                category=1 if n == 3 else 2,
                need="correctional" if n == 4 else "general",
            )
            app.child_name = name
            app.phone2 = f"+7777{n:07d}"
            apps.append(app)
        apps[0].staff_relative_of = kg.id  # R29
        s.flush()
        ctx = ctx_at()
        made = desk.publish_places(
            s,
            ctx,
            kg.id,
            group_id=region.groups[(kg.id, 3)].id,
            count=2,
            free_from=TODAY,
            account_id=None,
        )
        for offer in made.offers:
            offers.accept_offer(s, ctx, offer.offer_id)
        # a Kazakh early group nobody here can take: its places stay free
        desk.publish_places(
            s, ctx, kg.id, group_id=kk_group.id, count=3, free_from=TODAY, account_id=None
        )
        secrets = []
        for app in apps:
            secrets += [app.child_name, app.child_iin, app.parent_iin, app.birth_date.isoformat()]
            for phone in (app.phone1, app.phone2):
                assert phone is not None
                secrets += [phone, phone[2:]]  # +77XXXXXXXXX and 7XXXXXXXXX
        return World(
            kg.id,
            other.id,
            region.groups[(kg.id, 3)].id,
            kk_group.id,
            region.district.id,
            apps,
            secrets,
        )


def _public_requests(world: World) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Every public route with the requests that exercise it (filters included)."""
    day = TODAY.isoformat()
    return {
        "/api/v1/public/kindergartens": [
            ("/api/v1/public/kindergartens", {}),
            ("/api/v1/public/kindergartens", {"district_id": world.district_id}),
            ("/api/v1/public/kindergartens", {"language": "kk", "age_group": 2}),
        ],
        "/api/v1/public/bulletin": [
            ("/api/v1/public/bulletin", {}),
            ("/api/v1/public/bulletin", {"date": day, "district_id": world.district_id}),
        ],
        "/api/v1/public/queue": [
            ("/api/v1/public/queue", {"kindergarten_id": world.kg_id, "age_group": 3}),
            ("/api/v1/public/queue", {"kindergarten_id": world.other_kg_id, "age_group": 3}),
            (
                "/api/v1/public/queue",
                {"kindergarten_id": world.kg_id, "age_group": 3, "page": 2, "page_size": 2},
            ),
        ],
        "/api/v1/public/referrals": [
            ("/api/v1/public/referrals", {}),
            ("/api/v1/public/referrals", {"kindergarten_id": world.kg_id, "date_from": day}),
            ("/api/v1/public/referrals", {"district_id": world.district_id, "date_to": day}),
        ],
    }


def test_no_public_answer_contains_personal_data(server: LiveServer) -> None:
    world = _seed(server)
    requests = _public_requests(world)
    # The app's route table as it publishes it: included routers are not plain routes in
    # this FastAPI, and the OpenAPI document lists every endpoint with its path.
    paths = create_app(server.runtime).openapi()["paths"]
    public_paths = {path for path in paths if path.startswith("/api/v1/public")}
    assert public_paths == set(requests), "a public endpoint has no personal-data test"
    with server.client(language="ru") as client:
        for path, calls in requests.items():
            for url, params in calls:
                response = client.get(url, params=params)
                assert response.status_code == 200, (path, response.text)
                assert response.json(), (path, params)
                leaked = [s for s in world.secrets if s in response.text]
                assert leaked == [], f"{url} {params} shows personal data"
                for word in ('name"', "iin", "phone", "nationality"):
                    assert f'"child_{word}' not in response.text
                    assert f'"parent_{word}' not in response.text


def test_queue_is_in_offer_order_with_birth_years_only(server: LiveServer) -> None:
    world = _seed(server)
    with server.client() as client:
        page = client.get(
            "/api/v1/public/queue", params={"kindergarten_id": world.other_kg_id, "age_group": 3}
        ).json()
    assert page["total"] == 5 and page["school_year"] == 2025
    numbers = [e["application_number"] for e in page["entries"]]
    # R14: the public order is the order of the numbers shown to each parent
    with server.runtime.session_factory() as s:
        ctx = ctx_at(server.clock.now())
        shown = {
            a.number: allocation.queue_positions(s, ctx, s.get_one(Application, a.id))[
                world.other_kg_id
            ]
            for a in world.apps
        }
    assert [shown[n] for n in numbers] == [1, 2, 3, 4, 5]
    assert [e["position"] for e in page["entries"]] == [1, 2, 3, 4, 5]
    first_priority = world.apps[3].number
    assert page["entries"][0]["application_number"] == first_priority  # R10: 1 first
    assert page["entries"][0]["category"] == 1
    assert {e["birth_year"] for e in page["entries"]} == {birth_for_age_group(3).year}
    correctional = [e["correctional"] for e in page["entries"]]
    assert correctional.count(True) == 1
    with server.client() as client:
        second = client.get(
            "/api/v1/public/queue",
            params={
                "kindergarten_id": world.other_kg_id,
                "age_group": 3,
                "page": 2,
                "page_size": 2,
            },
        ).json()
        assert [e["position"] for e in second["entries"]] == [3, 4]
        missing = client.get(
            "/api/v1/public/queue", params={"kindergarten_id": 999, "age_group": 3}
        )
        assert missing.status_code == 404
        bad = client.get(
            "/api/v1/public/queue", params={"kindergarten_id": world.kg_id, "age_group": 7}
        )
        assert bad.status_code == 422 and bad.json()["code"] == "INVALID_REQUEST"


def test_free_places_bulletin_and_issued_referrals(server: LiveServer) -> None:
    world = _seed(server)
    with server.client() as client:
        free = client.get("/api/v1/public/kindergartens").json()
        (kg,) = free
        assert (kg["id"], kg["free"]) == (world.kg_id, 3)
        assert [(g["group_id"], g["free"], g["language"]) for g in kg["groups"]] == [
            (world.kk_group_id, 3, "kk")
        ]
        assert client.get("/api/v1/public/kindergartens", params={"language": "ru"}).json() == []
        assert client.get("/api/v1/public/kindergartens", params={"age_group": 3}).json() == []

        bulletin = client.get("/api/v1/public/bulletin").json()
        assert bulletin["date"] == TODAY.isoformat()
        by_group = {e["group_id"]: e for e in bulletin["entries"]}
        assert (by_group[world.group_id]["published"], by_group[world.group_id]["still_free"]) == (
            2,
            0,
        )
        assert by_group[world.kk_group_id]["still_free"] == 3
        yesterday = (TODAY - timedelta(days=1)).isoformat()
        assert (
            client.get("/api/v1/public/bulletin", params={"date": yesterday}).json()["entries"]
            == []
        )

        referrals = client.get("/api/v1/public/referrals").json()
        assert referrals["total"] == 2
        flags = {e["application_number"]: e["staff_relative"] for e in referrals["entries"]}
        # first priority, then the longest-waiting general applicant (R9, R10); the latter
        # is the grandchild of a member of the staff, marked as such (R29)
        assert flags == {world.apps[3].number: False, world.apps[0].number: True}
        assert {e["issued_on"] for e in referrals["entries"]} == {TODAY.isoformat()}
        other = client.get(
            "/api/v1/public/referrals", params={"kindergarten_id": world.other_kg_id}
        )
        assert other.json()["total"] == 0
        later = client.get(
            "/api/v1/public/referrals",
            params={"date_from": (TODAY + timedelta(days=1)).isoformat()},
        )
        assert later.json()["entries"] == []
        paged = client.get("/api/v1/public/referrals", params={"page": 2, "page_size": 1}).json()
        assert paged["total"] == 2 and len(paged["entries"]) == 1


@pytest.mark.parametrize("page_size", [0, 201])
def test_page_size_is_bounded(server: LiveServer, page_size: int) -> None:
    with server.client() as client:
        response = client.get("/api/v1/public/referrals", params={"page_size": page_size})
    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_REQUEST"
