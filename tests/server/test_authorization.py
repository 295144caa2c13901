"""Who may call which desk and admin endpoint, through a real uvicorn server (R30).

The matrix below names every desk and admin endpoint; the app's own route table is
compared with it, so an endpoint added without a line here fails the suite. For each:

- anonymous -> 401; a parent's token -> 403;
- desk endpoints: an admin -> 403; reception staff -> 403 on what only a head may do;
  the head of kindergarten A on B's group, place, referral or child -> 404, and A's lists
  never show B's rows;
- admin endpoints: a head or staff -> 403; an admin reads every list.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from server_stub.app import create_app
from server_stub.models import Account, Allocation, Enrollment, Place, Token
from server_stub.services import desk, offers
from server_stub.services.auth import create_account
from tests.live import LiveServer
from tests.server.factories import T0, ctx_at, make_application, make_region

TODAY = "2026-03-02"
Ids = dict[str, int]
Body = Callable[[Ids], dict[str, Any] | None]


@dataclass(frozen=True)
class Endpoint:
    body: Body = lambda ids: None
    head_only: bool = False  # desk: a head's decision, refused to staff
    # list endpoints: query params that aim at another kindergarten's rows
    list_params: Callable[[Ids], dict[str, Any]] | None = None


DESK: dict[tuple[str, str], Endpoint] = {
    ("GET", "/api/v1/desk/groups"): Endpoint(list_params=lambda ids: {}),
    ("POST", "/api/v1/desk/places"): Endpoint(
        body=lambda ids: {"group_id": ids["group_id"], "count": 1, "free_from": TODAY},
        head_only=True,
    ),
    ("GET", "/api/v1/desk/places"): Endpoint(list_params=lambda ids: {"group_id": ids["group_id"]}),
    ("POST", "/api/v1/desk/places/{place_id}/withdraw"): Endpoint(head_only=True),
    ("GET", "/api/v1/desk/referrals"): Endpoint(list_params=lambda ids: {}),
    ("GET", "/api/v1/desk/referrals/{referral_id}"): Endpoint(),
    ("POST", "/api/v1/desk/referrals/{referral_id}/documents"): Endpoint(
        body=lambda ids: {"epid_certificate": {"number": "E-1", "issue_date": TODAY}}
    ),
    ("POST", "/api/v1/desk/referrals/{referral_id}/enroll"): Endpoint(
        body=lambda ids: {}, head_only=True
    ),
    ("GET", "/api/v1/desk/children"): Endpoint(
        list_params=lambda ids: {"group_id": ids["group_id"]}
    ),
    ("POST", "/api/v1/desk/children/{enrollment_id}/leave"): Endpoint(
        body=lambda ids: {"reason": "переезд"}, head_only=True
    ),
}

ADMIN: dict[tuple[str, str], Endpoint] = {
    ("POST", "/api/v1/admin/districts"): Endpoint(
        body=lambda ids: {"name_kk": "Медеу", "name_ru": "Медеуский"}
    ),
    ("GET", "/api/v1/admin/districts"): Endpoint(),
    ("POST", "/api/v1/admin/kindergartens"): Endpoint(
        body=lambda ids: {"district_id": ids["district_id"], "name_kk": "a", "name_ru": "b"}
    ),
    ("GET", "/api/v1/admin/kindergartens"): Endpoint(),
    ("GET", "/api/v1/admin/kindergartens/{kindergarten_id}"): Endpoint(),
    ("PATCH", "/api/v1/admin/kindergartens/{kindergarten_id}"): Endpoint(
        body=lambda ids: {"address": "ул. Абая, 10"}
    ),
    ("POST", "/api/v1/admin/kindergartens/{kindergarten_id}/groups"): Endpoint(
        body=lambda ids: {"name": "x", "age_group": 2, "language": "kk", "capacity": 3}
    ),
    ("GET", "/api/v1/admin/kindergartens/{kindergarten_id}/groups"): Endpoint(),
    ("PATCH", "/api/v1/admin/groups/{group_id}"): Endpoint(body=lambda ids: {"name": "y"}),
    ("POST", "/api/v1/admin/accounts"): Endpoint(
        body=lambda ids: {"login": "new", "password": "pw-pw-pw", "role": "admin"}
    ),
    ("GET", "/api/v1/admin/accounts"): Endpoint(),
    ("POST", "/api/v1/admin/accounts/{account_id}/deactivate"): Endpoint(),
    ("GET", "/api/v1/admin/benefits/pending"): Endpoint(),
    ("POST", "/api/v1/admin/applications/{application_id}/benefit/confirm"): Endpoint(),
    ("POST", "/api/v1/admin/applications/{application_id}/benefit/reject"): Endpoint(),
    ("GET", "/api/v1/admin/statistics"): Endpoint(),
    ("GET", "/api/v1/admin/allocations/{allocation_id}/explain"): Endpoint(),
}


@dataclass
class World:
    own: Ids  # kindergarten A's rows (and the ids admin paths need)
    foreign: Ids  # kindergarten B's rows
    tokens: dict[str, str]


def _kindergarten_rows(s: Any, kg_id: int, group_id: int) -> Ids:
    """A referral, a free place and an attending child at one kindergarten."""
    app = make_application(s, kindergarten_ids=[kg_id])
    made = desk.publish_places(
        s, ctx_at(), kg_id, group_id=group_id, count=2, free_from=T0.date(), account_id=None
    )
    referral = offers.accept_offer(s, ctx_at(), made.offers[0].offer_id)
    free = next(p.id for p in made.places if p.status == "free")
    child = make_application(s, kindergarten_ids=[kg_id], status="enrolled")
    enrollment = Enrollment(
        kindergarten_id=kg_id,
        group_id=group_id,
        application_id=child.id,
        child_iin=child.child_iin,
        child_name=child.child_name,
        birth_date=child.birth_date,
        parent_iin=child.parent_iin,
        vaccination="complete",
        enrolled_at=T0 - timedelta(days=30),
    )
    s.add(enrollment)
    s.flush()
    return {
        "kindergarten_id": kg_id,
        "group_id": group_id,
        "place_id": free,
        "referral_id": referral.id,
        "enrollment_id": enrollment.id,
        "application_id": app.id,
    }


def _parent_token(s: Any, parent_iin: str) -> str:
    secret = secrets.token_urlsafe(24)
    s.add(
        Token(
            token_hash=hashlib.sha256(secret.encode()).hexdigest(),
            parent_iin=parent_iin,
            created_at=T0,
            expires_at=T0 + timedelta(hours=2),
        )
    )
    return secret


def _login(server: LiveServer, login: str, password: str) -> str:
    with server.client() as client:
        response = client.post("/api/v1/auth/login", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def _world(server: LiveServer) -> World:
    with server.runtime.session_factory.begin() as s:
        region = make_region(s, kindergartens=2, age_groups=(3,))
        a, b = region.kindergartens
        own = _kindergarten_rows(s, a.id, region.groups[(a.id, 3)].id)
        foreign = _kindergarten_rows(s, b.id, region.groups[(b.id, 3)].id)
        staff = create_account(
            s, now=T0, login="staff", password="staff-pass", role="staff", kindergarten_id=a.id
        )
        own["account_id"] = staff.id
        own["district_id"] = region.district.id
        allocation_id = s.scalar(select(Allocation.id))
        assert allocation_id is not None
        own["allocation_id"] = allocation_id
        parent = _parent_token(s, make_application(s, kindergarten_ids=[a.id]).parent_iin)
    tokens = {
        "head": _login(server, f"head{own['kindergarten_id']}", "secret-pass"),
        "staff": _login(server, "staff", "staff-pass"),
        "admin": _login(server, "admin", "admin-pass"),
        "parent": parent,
    }
    return World(own, foreign, tokens)


def _call(
    client: httpx.Client, method: str, path: str, endpoint: Endpoint, ids: Ids
) -> httpx.Response:
    return client.request(method, path.format(**ids), json=endpoint.body(ids))


def _check(
    server: LiveServer,
    table: dict[tuple[str, str], Endpoint],
    token: str | None,
    ids: Ids,
    expect: Callable[[str, Endpoint], int | None],
) -> list[str]:
    """Call every endpoint of ``table``; list those answering other than expected."""
    wrong = []
    with server.client(token) as client:
        for (method, path), endpoint in table.items():
            wanted = expect(method, endpoint)
            if wanted is None:
                continue
            response = _call(client, method, path, endpoint, ids)
            if response.status_code != wanted:
                wrong.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
            elif wanted >= 400:
                code = response.json()["code"]
                expected_code = {401: "AUTH_REQUIRED", 403: "FORBIDDEN", 404: "NOT_FOUND"}
                if code != expected_code[wanted]:
                    wrong.append(f"{method} {path}: code {code}")
    return wrong


def test_the_matrix_names_every_desk_and_admin_endpoint(server: LiveServer) -> None:
    # The route table as the app publishes it (included routers are not plain routes in
    # this FastAPI; the OpenAPI document lists every endpoint with its methods).
    paths = create_app(server.runtime).openapi()["paths"]
    routes = {
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if path.startswith(("/api/v1/desk/", "/api/v1/admin/"))
    }
    assert routes == set(DESK) | set(ADMIN)
    for method, path in routes:
        documented = set(paths[path][method.lower()]["responses"])
        assert {"401", "403"} <= documented, f"{method} {path} does not document 401/403"


def test_anonymous_callers_are_asked_to_log_in(server: LiveServer) -> None:
    world = _world(server)
    wrong = _check(server, DESK, None, world.own, lambda m, e: 401)
    wrong += _check(server, ADMIN, None, world.own, lambda m, e: 401)
    assert wrong == []


def test_a_parent_reaches_neither_desk_nor_admin(server: LiveServer) -> None:
    world = _world(server)
    token = world.tokens["parent"]
    wrong = _check(server, DESK, token, world.own, lambda m, e: 403)
    wrong += _check(server, ADMIN, token, world.own, lambda m, e: 403)
    assert wrong == []


def test_desk_accounts_reach_no_admin_endpoint(server: LiveServer) -> None:
    world = _world(server)
    wrong = []
    for role in ("head", "staff"):
        wrong += _check(server, ADMIN, world.tokens[role], world.own, lambda m, e: 403)
    assert wrong == []


def test_an_admin_is_not_a_desk(server: LiveServer) -> None:
    world = _world(server)
    wrong = _check(server, DESK, world.tokens["admin"], world.own, lambda m, e: 403)
    # ... but reads every admin list
    wrong += _check(
        server, ADMIN, world.tokens["admin"], world.own, lambda m, e: 200 if m == "GET" else None
    )
    assert wrong == []


def test_staff_may_view_and_check_but_not_decide(server: LiveServer) -> None:
    world = _world(server)
    wrong = _check(
        server,
        DESK,
        world.tokens["staff"],
        world.own,
        lambda m, e: 403 if e.head_only else 200,
    )
    assert wrong == []
    with server.runtime.session_factory() as s:
        # nothing a head decides happened: the free place is still free, the child attends
        assert s.get_one(Place, world.own["place_id"]).status == "free"
        assert s.get_one(Enrollment, world.own["enrollment_id"]).left_at is None


def test_a_head_cannot_reach_another_kindergarten(server: LiveServer) -> None:
    world = _world(server)
    items = {key: e for key, e in DESK.items() if e.list_params is None}
    wrong = _check(server, items, world.tokens["head"], world.foreign, lambda m, e: 404)
    with server.client(world.tokens["head"]) as client:
        for (method, path), endpoint in DESK.items():
            if endpoint.list_params is None:
                continue
            # aimed at B (its group as a filter) the list is empty ...
            params = endpoint.list_params(world.foreign)
            aimed = client.request(method, path, params=params)
            if params and (aimed.status_code, aimed.json()) != (200, []):
                wrong.append(f"{method} {path} with B's group: {aimed.text[:120]}")
            # ... and unfiltered it shows A's rows only
            shown = [row["id"] for row in client.request(method, path).json()]
            own = {
                "/api/v1/desk/groups": [world.own["group_id"]],
                "/api/v1/desk/referrals": [world.own["referral_id"]],
                "/api/v1/desk/children": [world.own["enrollment_id"]],
            }.get(path)
            if own is not None and shown != own:
                wrong.append(f"{method} {path} shows {shown}, not A's {own}")
        places = client.get("/api/v1/desk/places").json()
        assert {p["group_id"] for p in places} == {world.own["group_id"]}
    assert wrong == []
    with server.runtime.session_factory() as s:
        # B's rows are untouched
        assert s.get_one(Enrollment, world.foreign["enrollment_id"]).left_at is None
        assert s.scalar(select(Account.id).where(Account.login == "new")) is None
