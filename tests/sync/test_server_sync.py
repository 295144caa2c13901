"""The server side of the sync protocol through a real uvicorn server, on SQLite and
PostgreSQL (DESIGN.md, "Sync": push before pull, intents, pull, meta, retention).

Each test names the invariant of DESIGN.md it proves. The helpers at the top are shared
with ``test_conflicts_server.py``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from domain.iin import make_iin
from server_stub.models import (
    Application,
    AuditRecord,
    Counter,
    District,
    DocumentCheck,
    Enrollment,
    Kindergarten,
    Offer,
    Place,
    ProcessedOp,
)
from server_stub.services import feed, offers
from server_stub.services import sync as sync_service
from server_stub.services.auth import create_account
from sync import protocol
from tests.live import LiveServer, live_server
from tests.server.factories import T0, birth_for_age_group, ctx_at, make_application, make_region

TODAY = date(2026, 3, 2)  # the live server's first day in Kazakhstan
PUSH = "/api/v1/sync/push"
DESK_CLOCK = "2026-02-27T09:00:00+05:00"  # a desk clock that is days off: display only


# ------------------------------------------------------------------------------ helpers


@dataclass
class Scene:
    """Kindergarten A (head, second head, staff) and B (its head), one middle group each."""

    server: LiveServer
    kg: int
    other: int
    group: int
    other_group: int
    head: httpx.Client
    head2: httpx.Client
    staff: httpx.Client
    other_head: httpx.Client

    def close(self) -> None:
        for client in (self.head, self.head2, self.staff, self.other_head):
            client.close()

    def relogin(self) -> None:
        """New tokens after the clock moved past their lifetime (a desk logs in again)."""
        self.close()
        self.head, self.head2, self.staff, self.other_head = _desks(
            self.server, self.kg, self.other
        )


def _desks(server: LiveServer, kg: int, other: int) -> tuple[httpx.Client, ...]:
    return tuple(
        server.client(server.desk_token(login, password))
        for login, password in (
            (f"head{kg}", "secret-pass"),
            ("head-a2", "desk-pass"),
            ("staff-a", "desk-pass"),
            (f"head{other}", "secret-pass"),
        )
    )


def open_scene(server: LiveServer, capacity: int = 20) -> Scene:
    with server.runtime.session_factory.begin() as s:
        region = make_region(s, kindergartens=2, age_groups=(3,), capacity=capacity)
        kg, other = region.kindergartens
        for login, role in (("head-a2", "head"), ("staff-a", "staff")):
            create_account(
                s, now=T0, login=login, password="desk-pass", role=role, kindergarten_id=kg.id
            )
        # the factories number their applications Q-0000001...; the server's own
        # numbers (walk-ins) start far above them
        s.add(Counter(name="application", value=900_000))
        ids = (kg.id, other.id, region.groups[(kg.id, 3)].id, region.groups[(other.id, 3)].id)
    head, head2, staff, other_head = _desks(server, ids[0], ids[1])
    return Scene(server, *ids, head=head, head2=head2, staff=staff, other_head=other_head)


@pytest.fixture
def live(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(database_url, tmp_path) as server:
        yield server


@pytest.fixture
def scene(live: LiveServer) -> Iterator[Scene]:
    made = open_scene(live)
    yield made
    made.close()


def envelope(op: dict[str, Any], op_id: str | None = None) -> dict[str, Any]:
    return {"op_id": op_id or str(uuid4()), "created_at": DESK_CLOCK, "op": op}


def push(client: httpx.Client, *envelopes: dict[str, Any], device: str = "desk-1") -> list[Any]:
    """Push ops; the per-op results (the HTTP answer must be 200)."""
    response = client.post(PUSH, json={"protocol": 1, "device_id": device, "ops": list(envelopes)})
    assert response.status_code == 200, response.text
    results: list[Any] = response.json()["results"]
    assert [r["op_id"] for r in results] == [e["op_id"] for e in envelopes]
    return results


def publish(group_id: int, count: int = 1) -> dict[str, Any]:
    return {
        "kind": "publish_places",
        "group_id": group_id,
        "count": count,
        "free_from": TODAY.isoformat(),
    }


def documents_of(app: Application, epid_issued: date = TODAY) -> dict[str, Any]:
    return {
        "visit_date": TODAY.isoformat(),
        "parent_id": {"number": "N0001", "iin": app.parent_iin, "expiry_date": "2030-01-01"},
        "birth_certificate": {
            "number": "I-АЛ 1",
            "child_iin": app.child_iin,
            "birth_date": app.birth_date.isoformat(),
        },
        "epid_certificate": {"number": "E-1", "issue_date": epid_issued.isoformat()},
        "health_passport": {"number": "HP-1", "vaccination": "complete"},
    }


def check_op(referral_id: int, app: Application) -> dict[str, Any]:
    return {
        "kind": "record_document_check",
        "referral_id": referral_id,
        "documents": documents_of(app),
    }


def enroll_op(referral_id: int) -> dict[str, Any]:
    return {"kind": "enroll", "referral_id": referral_id}


def queued(server: LiveServer, kg_id: int, days_ago: int = 30) -> Application:
    with server.runtime.session_factory.begin() as s:
        return make_application(
            s, kindergarten_ids=[kg_id], queued_at=T0 - timedelta(days=days_ago)
        )


def accept(server: LiveServer, app: Application) -> int:
    """The parent accepts the open offer (the parents' API has its own tests)."""
    with server.runtime.session_factory.begin() as s:
        offer_id = s.scalar(
            select(Offer.id).where(Offer.application_id == app.id, Offer.status == "open")
        )
        assert offer_id is not None
        return offers.accept_offer(s, ctx_at(server.clock.now()), offer_id).id


def referred(scene: Scene, days_ago: int = 30) -> tuple[Application, int]:
    """An application offered a place the desk published through sync, and accepted."""
    app = queued(scene.server, scene.kg, days_ago)
    (result,) = push(scene.head, envelope(publish(scene.group)))
    assert result["status"] == "applied", result
    return app, accept(scene.server, app)


def walk_in_op(
    serial: int, kg_id: int, client_ref: str | None = None, **fields: Any
) -> dict[str, Any]:
    birth = birth_for_age_group(3)
    return {
        "kind": "register_walk_in",
        "client_ref": client_ref or str(uuid4()),
        "child_iin": make_iin(birth, "F", 7000 + serial),
        "child_name": f"Айгерим {serial}",
        "birth_date": birth.isoformat(),
        "parent_iin": make_iin(date(1991, 5, 5), "F", 7000 + serial),
        "phones": [f"8 701 555 00 {serial:02d}"],
        "kindergarten_ids": [kg_id],
        **fields,
    }


def rows_of(result: dict[str, Any], entity: str) -> list[dict[str, Any]]:
    return [c for c in result["rows"] if c["entity"] == entity]


def count(server: LiveServer, model: type[Any], *where: Any) -> int:
    with server.runtime.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def pull_all(client: httpx.Client, since: int, limit: int = 500) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    while True:
        response = client.get("/api/v1/sync/changes", params={"since": since, "limit": limit})
        assert response.status_code == 200, response.text
        page = protocol.ChangesPage.model_validate(response.json())
        changes += [c.model_dump(mode="json") for c in page.changes]
        since = page.cursor
        if not page.more:
            return changes


# --------------------------------------------------------------------------------- meta


def test_meta_gives_versions_server_id_time_and_feed_bounds(scene: Scene) -> None:
    """Meta: protocol versions, server id, server time; desk accounts only."""
    answer = scene.staff.get("/api/v1/sync/meta")
    assert answer.status_code == 200, answer.text
    meta = protocol.Meta.model_validate(answer.json())
    with scene.server.runtime.session_factory() as s:
        assert meta.server_id == feed.server_id(s)
        assert (meta.oldest_cursor, meta.latest_cursor) == feed.bounds(s, scene.kg)
    assert meta.protocol_versions == [1] and meta.kindergarten_id == scene.kg
    assert meta.server_time == scene.server.clock.now()
    assert meta.latest_cursor >= 2  # the kindergarten and its group
    with scene.server.client(scene.server.desk_token("admin", "admin-pass")) as admin:
        refused = admin.get("/api/v1/sync/meta")
        assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
        assert admin.post(PUSH, json={"device_id": "x", "ops": []}).status_code == 403
    with scene.server.client() as anonymous:
        assert anonymous.get("/api/v1/sync/changes?since=0").status_code == 401


def test_a_parent_token_cannot_sync(live: LiveServer) -> None:
    """Meta/push/pull: desk accounts only; a parent is refused with 403."""
    parent = make_iin(date(1990, 2, 2), "F", 11)
    token = live.parent_token(parent, "+77015550011")
    with live.client(token) as client:
        for path in (
            "/api/v1/sync/meta",
            "/api/v1/sync/snapshot",
            "/api/v1/sync/changes?since=0",
            "/api/v1/sync/directory",
        ):
            answer = client.get(path)
            assert answer.status_code == 403 and answer.json()["code"] == "FORBIDDEN", path


# ---------------------------------------------------------------------------- directory

DIRECTORY = "/api/v1/sync/directory"


def test_the_directory_lists_the_districts_kindergartens_and_nothing_personal(
    scene: Scene,
) -> None:
    """Directory: the active kindergartens of the desk's own district, each with its
    names, address and languages only; another district's are not there; meta names its
    version, which changes when a kindergarten does; desk accounts only."""
    with scene.server.runtime.session_factory.begin() as s:
        district = s.get(Kindergarten, scene.kg).district_id  # type: ignore[union-attr]
        closed = Kindergarten(
            district_id=district, name_kk="Жабық", name_ru="Закрыт", address="-", active=False
        )
        elsewhere = District(name_kk="Бостандық ауданы", name_ru="Бостандыкский район")
        s.add_all([closed, elsewhere])
        s.flush()
        foreign = Kindergarten(
            district_id=elsewhere.id, name_kk="Алыс", name_ru="Далёкий", address="ул. Дальняя"
        )
        s.add(foreign)
        s.flush()
        foreign_id = foreign.id
        create_account(
            s,
            now=T0,
            login="head-far",
            password="desk-pass",
            role="head",
            kindergarten_id=foreign_id,
        )
    for desk in (scene.head, scene.staff, scene.other_head):
        answer = desk.get(DIRECTORY)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert [k["id"] for k in body["kindergartens"]] == sorted([scene.kg, scene.other])
        assert {tuple(sorted(k)) for k in body["kindergartens"]} == {
            ("address", "id", "languages", "name_kk", "name_ru")
        }
        assert body["district_id"] == district
    own = protocol.Directory.model_validate(scene.head.get(DIRECTORY).json())
    assert own.kindergartens[0].name_ru == "Ясли-сад №1 «Балапан»"
    assert own.kindergartens[0].address == "ул. Абая, 1" and own.kindergartens[0].languages
    meta = protocol.Meta.model_validate(scene.head.get("/api/v1/sync/meta").json())
    assert meta.directory_version == own.version

    with scene.server.runtime.session_factory.begin() as s:
        s.get(Kindergarten, scene.other).name_ru = "Ясли-сад №2 «Акбота»"  # type: ignore[union-attr]
    renamed = protocol.Meta.model_validate(scene.head.get("/api/v1/sync/meta").json())
    assert renamed.directory_version != own.version
    with scene.server.client(scene.server.desk_token("head-far", "desk-pass")) as far:
        theirs = protocol.Directory.model_validate(far.get(DIRECTORY).json())
    assert [k.id for k in theirs.kindergartens] == [foreign_id]  # their district only
    with scene.server.client(scene.server.desk_token("admin", "admin-pass")) as admin:
        refused = admin.get(DIRECTORY)
        assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    with scene.server.client() as anonymous:
        assert anonymous.get(DIRECTORY).status_code == 401


# --------------------------------------------------------------------------------- push


def test_each_op_kind_is_applied_with_the_servers_rows(scene: Scene) -> None:
    """Push: intents are applied by the desk services, answered ``applied`` with the
    canonical rows they touched; ops in one batch run in order (the enroll after its
    document check in the same push works)."""
    server = scene.server
    app = queued(server, scene.kg)
    (published,) = push(scene.head, envelope(publish(scene.group, count=2)))
    assert published["status"] == "applied" and published["code"] is None
    places = rows_of(published, "place")
    assert len(places) == 2 and all(c["op"] == "upsert" and c["seq"] == 0 for c in places)
    # the immediate allocation offered one of them to the applicant waiting (R16)
    assert sorted(c["row"]["status"] for c in places) == ["free", "offered"]
    free_place = next(c["id"] for c in places if c["row"]["status"] == "free")
    referral_id = accept(server, app)

    check, enrolled = push(
        scene.head,
        envelope(check_op(referral_id, app)),
        envelope(enroll_op(referral_id)),
    )
    assert check["status"] == "applied", check
    checks = rows_of(check, "document_check")
    assert sorted(c["row"]["kind"] for c in checks) == [
        "birth_certificate",
        "epid_certificate",
        "health_passport",
        "parent_id",
    ]
    assert all(c["row"]["ok"] and c["row"]["referral_id"] == referral_id for c in checks)
    assert enrolled["status"] == "applied", enrolled
    (enrollment,) = rows_of(enrolled, "enrollment")
    (referral,) = rows_of(enrolled, "referral")
    (place,) = rows_of(enrolled, "place")
    assert enrollment["row"]["child_iin"] == app.child_iin
    assert referral["row"]["status"] == "enrolled" and place["row"]["status"] == "filled"

    withdrawn, left, walk_in = push(
        scene.head,
        envelope({"kind": "withdraw_place", "place_id": free_place}),
        envelope(
            {"kind": "record_leave", "enrollment_id": enrollment["id"], "reason": "moved away"}
        ),
        envelope(walk_in_op(1, scene.kg)),
    )
    assert withdrawn["status"] == "applied"
    assert rows_of(withdrawn, "place")[0]["row"]["status"] == "withdrawn"
    assert left["status"] == "applied"
    (gone,) = rows_of(left, "enrollment")
    assert gone["row"]["leave_reason"] == "moved away" and gone["row"]["left_at"] is not None
    assert walk_in["status"] == "applied", walk_in
    (filed,) = rows_of(walk_in, "application")
    assert filed["row"]["number"].startswith("Q-") and filed["row"]["status"] == "queued"
    with server.runtime.session_factory() as s:
        assert s.get_one(Place, free_place).status == "withdrawn"
        assert s.get_one(Enrollment, enrollment["id"]).left_at is not None
        stored = s.scalars(select(ProcessedOp).order_by(ProcessedOp.processed_at)).all()
        assert {p.status for p in stored} == {"applied"} and len(stored) == 6
        assert {p.device_id for p in stored} == {"desk-1"}


def test_a_replayed_op_returns_the_stored_result_and_changes_nothing(scene: Scene) -> None:
    """Push: a replayed op_id returns the stored result (``duplicate``, same rows), and
    the change happened once (one set of places, one enrollment)."""
    server = scene.server
    app = queued(server, scene.kg)
    publish_env = envelope(publish(scene.group, count=1))
    (first,) = push(scene.head, publish_env)
    (again,) = push(scene.head, publish_env, device="desk-1-after-crash")
    assert first["status"] == "applied" and again["status"] == "duplicate"
    assert again["rows"] == first["rows"] and again["code"] is None
    assert count(server, Place) == 1
    referral_id = accept(server, app)
    batch = [envelope(check_op(referral_id, app)), envelope(enroll_op(referral_id))]
    applied = push(scene.head, *batch)
    replayed = push(scene.head, *batch)
    assert [r["status"] for r in applied] == ["applied", "applied"]
    assert [r["status"] for r in replayed] == ["duplicate", "duplicate"]
    assert [r["rows"] for r in replayed] == [r["rows"] for r in applied]
    assert count(server, Enrollment) == 1
    assert count(server, DocumentCheck) == 4
    assert count(server, ProcessedOp) == 3


def test_a_rejected_op_is_stored_and_replayed_identically(scene: Scene) -> None:
    """Push: a rejection carries a reason code, a message in the caller's language and the
    server's rows; it is stored, so a replay gets the same rejection even after the state
    changed (a new op is needed to act on the new state)."""
    server = scene.server
    app, referral_id = referred(scene)
    too_early = envelope(enroll_op(referral_id))
    ru = server.client(server.desk_token(f"head{scene.kg}", "secret-pass"), language="ru")
    with ru:
        (refused,) = push(ru, too_early)
        assert refused["status"] == "rejected" and refused["code"] == "DOCUMENTS_NOT_CHECKED"
        assert "документ" in refused["message"].lower()
        (referral,) = rows_of(refused, "referral")
        (place,) = rows_of(refused, "place")
        assert referral["id"] == referral_id and referral["row"]["status"] == "active"
        assert referral["row"]["child_iin"] == app.child_iin
        assert place["row"]["status"] == "reserved"
        (checked,) = push(ru, envelope(check_op(referral_id, app)))
        assert checked["status"] == "applied"
        (replayed,) = push(ru, too_early)
    assert replayed["status"] == "duplicate"
    for key in ("code", "message", "rows"):
        assert replayed[key] == refused[key], key
    assert count(server, Enrollment) == 0
    with server.runtime.session_factory() as s:
        stored = s.get_one(ProcessedOp, too_early["op_id"])
        assert stored.status == "rejected" and stored.result["code"] == "DOCUMENTS_NOT_CHECKED"
        audited = s.scalars(
            select(AuditRecord).where(AuditRecord.action == "sync_op_rejected")
        ).one()
        assert audited.data["referral_ids"] == [referral_id]
        assert app.child_iin not in json.dumps(audited.data)
    (now_enrolled,) = push(scene.head, envelope(enroll_op(referral_id)))
    assert now_enrolled["status"] == "applied"


def test_a_desk_acts_only_on_its_own_kindergarten_and_by_its_role(scene: Scene) -> None:
    """Push: scope and roles are the desk services' own (R30, ROLE_ACTIONS): another
    kindergarten's ids are NOT_FOUND (a tombstone, no data), staff may check documents
    but not enroll or publish, and another kindergarten's op id is refused."""
    server = scene.server
    app, referral_id = referred(scene)
    check_env = envelope(check_op(referral_id, app))
    foreign = push(
        scene.other_head,
        envelope(enroll_op(referral_id)),
        check_env,
        envelope(publish(scene.group)),
        envelope({"kind": "withdraw_place", "place_id": 1}),
    )
    assert [r["code"] for r in foreign] == ["NOT_FOUND"] * 4
    assert [r["status"] for r in foreign] == ["rejected"] * 4
    assert rows_of(foreign[0], "referral") == [
        {"seq": 0, "entity": "referral", "id": referral_id, "op": "delete", "row": None}
    ]
    assert app.child_iin not in json.dumps(foreign) and app.child_name not in json.dumps(foreign)
    # the same op id from the right desk is another kindergarten's: refused, not replayed
    (taken,) = push(scene.head, check_env)
    assert taken["status"] == "rejected" and taken["code"] == "FORBIDDEN" and taken["rows"] == []

    staff = push(
        scene.staff,
        envelope(check_op(referral_id, app)),
        envelope(enroll_op(referral_id)),
        envelope(publish(scene.group)),
        envelope(walk_in_op(2, scene.kg)),
    )
    assert [(r["status"], r["code"]) for r in staff] == [
        ("applied", None),
        ("rejected", "FORBIDDEN"),
        ("rejected", "FORBIDDEN"),
        ("applied", None),  # registering a family at reception is staff's work
    ]
    assert rows_of(staff[1], "referral")[0]["row"]["status"] == "active"
    assert count(server, Enrollment) == 0
    assert count(server, Place) == 1


def test_a_transient_failure_stops_the_batch_with_503_and_retry_after(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Push: a transient failure is retried, never stored as an outcome; if it persists
    the push stops there with 503 + Retry-After and the later ops are not attempted, so
    re-sending the same batch keeps the order."""
    server = scene.server
    real_apply = sync_service._apply
    failures = {"withdraw_place": 99, "record_leave": 2}  # fails always / twice

    def flaky(*args: Any) -> list[protocol.Change]:
        op = args[4]
        if failures.get(op.kind, 0) > 0:
            failures[op.kind] -= 1
            raise OperationalError("UPDATE place", {}, Exception("deadlock detected"))
        return real_apply(*args)

    monkeypatch.setattr(sync_service, "_apply", flaky)
    batch = [
        envelope(publish(scene.group, 2)),
        envelope({"kind": "withdraw_place", "place_id": 1}),
        envelope(publish(scene.group, 1)),
    ]
    answer = scene.head.post(PUSH, json={"device_id": "d", "ops": batch})
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "5"
    assert answer.json()["code"] == "SYNC_RETRY_LATER" and answer.json()["params"]["processed"] == 1
    assert failures["withdraw_place"] == 99 - sync_service.RETRIES
    with server.runtime.session_factory() as s:
        assert set(s.scalars(select(ProcessedOp.op_id))) == {batch[0]["op_id"]}
    assert count(server, Place) == 2  # the third op was not attempted

    failures["withdraw_place"] = 0
    results = push(scene.head, *batch)
    assert [r["status"] for r in results] == ["duplicate", "applied", "applied"]
    assert count(server, Place) == 3

    # a failure that clears within the retries is invisible to the desk
    app, referral_id = referred(scene)
    enrolled = push(
        scene.head, envelope(check_op(referral_id, app)), envelope(enroll_op(referral_id))
    )
    assert [r["status"] for r in enrolled] == ["applied", "applied"]
    enrollment_id = rows_of(enrolled[1], "enrollment")[0]["id"]
    leave = {"kind": "record_leave", "enrollment_id": enrollment_id, "reason": "moved"}
    (left,) = push(scene.head, envelope(leave))
    assert left["status"] == "applied" and failures["record_leave"] == 0


def test_an_unsupported_protocol_version_is_refused_before_anything(scene: Scene) -> None:
    """Meta/versions: a desk outside the supported versions is told to update (426,
    PROTOCOL_UNSUPPORTED), even when its ops are ones this server does not know."""
    for body in (
        {"protocol": 2, "device_id": "d", "ops": [envelope(publish(scene.group))]},
        {"protocol": 2, "device_id": "d", "ops": [envelope({"kind": "teleport_child"})]},
        {"protocol": 0, "device_id": "d", "ops": []},
    ):
        answer = scene.head.post(PUSH, json=body, headers={"Accept-Language": "kk"})
        assert answer.status_code == 426, answer.text
        assert answer.json()["code"] == "PROTOCOL_UNSUPPORTED"
        assert "жаңартыңыз" in answer.json()["message"]
    assert count(scene.server, Place) == 0 and count(scene.server, ProcessedOp) == 0


def test_gzip_request_bodies_and_gzip_responses(scene: Scene) -> None:
    """Payloads gzip-compressed: a push may be sent with Content-Encoding: gzip, and
    answers are compressed for a client that accepts gzip."""
    queued(scene.server, scene.kg)
    body = {"device_id": "d", "ops": [envelope(publish(scene.group, 3))]}
    answer = scene.head.post(
        PUSH,
        content=gzip.compress(json.dumps(body).encode()),
        headers={
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Accept-Encoding": "gzip",
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers.get("content-encoding") == "gzip"  # over 500 bytes: compressed
    assert answer.json()["results"][0]["status"] == "applied"
    snapshot = scene.head.get("/api/v1/sync/snapshot", headers={"Accept-Encoding": "gzip"})
    assert snapshot.headers.get("content-encoding") == "gzip"
    assert len(protocol.Snapshot.model_validate(snapshot.json()).places) == 3
    plain = scene.head.get("/api/v1/sync/snapshot", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == snapshot.json()


def test_a_garbled_body_is_a_reasoned_refusal_never_a_500(scene: Scene) -> None:
    """Push: what cannot be read is refused with a code (400/413/415/422), never a 500,
    and nothing is applied."""
    good = gzip.compress(
        json.dumps({"device_id": "d", "ops": [envelope(publish(scene.group))]}).encode()
    )
    cases: list[tuple[bytes, dict[str, str], int, str]] = [
        (b"not gzip at all", {"Content-Encoding": "gzip"}, 400, "BODY_ENCODING_INVALID"),
        (good[: len(good) // 2], {"Content-Encoding": "gzip"}, 400, "BODY_ENCODING_INVALID"),
        (good + b"trailing junk", {"Content-Encoding": "gzip"}, 400, "BODY_ENCODING_INVALID"),
        (b"", {"Content-Encoding": "gzip"}, 400, "BODY_ENCODING_INVALID"),
        (good, {"Content-Encoding": "br"}, 415, "CONTENT_ENCODING_UNSUPPORTED"),
        (gzip.compress(b"{not json"), {"Content-Encoding": "gzip"}, 422, "INVALID_REQUEST"),
        (b'{"device_id": "d", "ops": [{"op_id": 5}]}', {}, 422, "INVALID_REQUEST"),
        (b"[1, 2", {}, 422, "INVALID_REQUEST"),
        (
            gzip.compress(b"\x00" * (17 * 1024 * 1024)),
            {"Content-Encoding": "gzip"},
            413,
            "BODY_TOO_LARGE",
        ),
    ]
    for content, headers, status, code in cases:
        answer = scene.head.post(
            PUSH, content=content, headers={"Content-Type": "application/json", **headers}
        )
        assert (answer.status_code, answer.json()["code"]) == (status, code), content[:20]
        assert answer.json()["message"]
    assert count(scene.server, Place) == 0
    assert scene.head.get("/api/v1/sync/meta").status_code == 200  # the server is fine


# ------------------------------------------------------------------------------- pull


def test_changes_page_by_cursor_in_commit_order(scene: Scene) -> None:
    """Pull: pages follow the cursor with no gap and no repeat; the limit is bounded;
    a cursor this server never gave is refused like a pruned one (410)."""
    server = scene.server
    for _ in range(3):
        push(scene.head, envelope(publish(scene.group, 2)))
    everything = pull_all(scene.head, since=0, limit=1000)
    paged: list[dict[str, Any]] = []
    since = 0
    while True:
        page = scene.staff.get("/api/v1/sync/changes", params={"since": since, "limit": 3}).json()
        assert len(page["changes"]) <= 3
        paged += page["changes"]
        if not page["more"]:
            assert page["cursor"] == since or page["changes"]
            break
        since = page["cursor"]
    assert paged == everything
    assert [c["seq"] for c in everything] == list(range(1, len(everything) + 1))
    assert sum(c["entity"] == "place" for c in everything) == 6
    assert {c["entity"] for c in pull_all(scene.other_head, 0)} == {"kindergarten", "group"}
    latest = everything[-1]["seq"]
    empty = scene.head.get("/api/v1/sync/changes", params={"since": latest}).json()
    assert empty == {"changes": [], "cursor": latest, "more": False}
    for bad in (
        {"since": 0, "limit": 0},
        {"since": 0, "limit": protocol.MAX_PAGE + 1},
        {"since": -1},
        {},
    ):
        answer = scene.head.get("/api/v1/sync/changes", params=bad)
        assert answer.status_code == 422 and answer.json()["code"] == "INVALID_REQUEST", bad
    ahead = scene.head.get("/api/v1/sync/changes", params={"since": latest + 10})
    assert ahead.status_code == 410 and ahead.json()["code"] == "CURSOR_UNKNOWN"
    assert count(server, AuditRecord, AuditRecord.action == "sync_changes") == 0  # no family


def test_a_pull_that_brings_a_familys_data_is_audited(scene: Scene) -> None:
    """R30 through pull: a page carrying referral rows is an audited read (ids only)."""
    app, referral_id = referred(scene)
    changes = pull_all(scene.head, 0)
    assert any(c["entity"] == "referral" and c["id"] == referral_id for c in changes)
    with scene.server.runtime.session_factory() as s:
        record = s.scalars(select(AuditRecord).where(AuditRecord.action == "sync_changes")).one()
        assert record.kindergarten_id == scene.kg and record.data["referral_ids"] == [referral_id]
        assert app.child_iin not in json.dumps(record.data)


def test_a_cursor_older_than_the_kept_history_gets_410_after_pruning(scene: Scene) -> None:
    """Pull: the scheduler tick prunes the feed past ``feed_retention_days``; a cursor
    older than the kept history gets 410 and a snapshot continues from there."""
    server = scene.server
    push(scene.head, envelope(publish(scene.group)))
    old_cursor = 1
    assert scene.head.get("/api/v1/sync/changes", params={"since": old_cursor}).status_code == 200
    # feed rows carry the server clock's time of their commit, as the tick judges them
    written = server.clock.now()
    server.clock.set(written + timedelta(days=30))
    assert server.runtime.run_deadlines()["feed_changes_pruned"] == 0  # within retention
    server.clock.set(written + timedelta(days=70))
    scene.relogin()
    report = server.runtime.run_deadlines()
    assert report["feed_changes_pruned"] >= 3
    assert server.runtime.run_deadlines()["feed_changes_pruned"] == 0  # nothing left to do
    gone = scene.head.get("/api/v1/sync/changes", params={"since": old_cursor})
    assert gone.status_code == 410 and gone.json()["code"] == "CURSOR_TOO_OLD"
    meta = protocol.Meta.model_validate(scene.head.get("/api/v1/sync/meta").json())
    assert meta.oldest_cursor > old_cursor
    snapshot = protocol.Snapshot.model_validate(scene.head.get("/api/v1/sync/snapshot").json())
    assert snapshot.cursor >= meta.oldest_cursor
    assert len(snapshot.places) == 1
    after = scene.head.get("/api/v1/sync/changes", params={"since": snapshot.cursor})
    assert after.status_code == 200 and after.json()["changes"] == []


# --------------------------------------------------------------------------- snapshot


def test_snapshot_holds_what_the_desk_mirrors_and_its_cursor_continues_exactly(
    scene: Scene,
) -> None:
    """Snapshot: the desk's kindergarten only, with live and recent rows, and a cursor
    read in the same consistent snapshot: the first change pulled from it is exactly the
    first change committed after it. The download is audited without personal data."""
    server = scene.server
    app, referral_id = referred(scene)
    push(scene.head, envelope(check_op(referral_id, app)))
    waiting = queued(server, scene.kg)
    (walk_in,) = push(scene.staff, envelope(walk_in_op(3, scene.kg)))
    push(scene.head, envelope(publish(scene.group, 3)))  # offered to both waiting, one free
    other_app = queued(server, scene.other)
    push(scene.other_head, envelope(publish(scene.other_group)))
    accept(server, other_app)
    with server.runtime.session_factory.begin() as s:
        # a child who left two years ago is history the desk does not need
        s.add(
            Enrollment(
                kindergarten_id=scene.kg,
                group_id=scene.group,
                child_iin=make_iin(date(2019, 1, 1), "M", 5),
                child_name="Бывший воспитанник",
                birth_date=date(2019, 1, 1),
                parent_iin=make_iin(date(1985, 1, 1), "M", 5),
                vaccination="complete",
                enrolled_at=T0 - timedelta(days=1000),
                left_at=T0 - timedelta(days=700),
            )
        )

    answer = scene.staff.get("/api/v1/sync/snapshot")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    snap = protocol.Snapshot.model_validate(answer.json())
    with sync_service.read_session(server.runtime.session_factory) as s:
        assert snap == sync_service.snapshot(s, scene.kg, now=server.clock.now())
        assert snap.server_id == feed.server_id(s) and snap.cursor == feed.bounds(s, scene.kg)[1]
    assert snap.kindergarten.id == scene.kg and [g.id for g in snap.groups] == [scene.group]
    assert sorted(p.status for p in snap.places) == ["free", "offered", "offered", "reserved"]
    assert [r.id for r in snap.referrals] == [referral_id]
    assert snap.referrals[0].child_iin == app.child_iin  # the family's data, for its desk
    assert len(snap.document_checks) == 4 and snap.enrollments == []
    assert [a.number for a in snap.applications] == [walk_in["rows"][0]["row"]["number"]]
    assert other_app.child_iin not in answer.text and waiting.child_iin not in answer.text
    with server.runtime.session_factory() as s:
        record = s.scalars(select(AuditRecord).where(AuditRecord.action == "sync_snapshot")).one()
        assert record.kindergarten_id == scene.kg and record.actor.startswith("account:")
        assert app.child_iin not in json.dumps(record.data) and "feed_head" in record.data

    (later,) = push(scene.head, envelope(publish(scene.group, 1)))
    first = scene.head.get("/api/v1/sync/changes", params={"since": snap.cursor}).json()
    assert first["changes"][0]["seq"] == snap.cursor + 1
    assert (first["changes"][0]["entity"], first["changes"][0]["id"]) == (
        "place",
        later["rows"][0]["id"],
    )
    assert len(first["changes"]) == 1


# ----------------------------------------------------------------------------- walk-in


def test_a_walk_in_is_queued_at_the_servers_time_and_registered_once(scene: Scene) -> None:
    """R9 through sync: a walk-in registered offline gets the server time of the sync that
    delivers it (not the desk's clock) and a number; the same client_ref delivered again,
    even as another op, is the same application."""
    server = scene.server
    earlier = queued(server, scene.kg, days_ago=1)
    delivered_at = server.clock.advance(timedelta(days=2, hours=3))  # offline for days
    scene.relogin()
    ref = str(uuid4())
    op = walk_in_op(4, scene.kg, client_ref=ref, kindergarten_ids=[scene.kg, scene.other])
    (first,) = push(scene.staff, envelope(op))
    assert first["status"] == "applied", first
    (row,) = rows_of(first, "application")
    assert (
        datetime.fromisoformat(row["row"]["queued_at"])
        == delivered_at
        != datetime.fromisoformat(DESK_CLOCK)
    )
    assert row["row"]["client_ref"] == ref and row["row"]["number"].startswith("Q-")
    (second,) = push(scene.head, envelope(op))  # a new op id, the same draft
    assert second["status"] == "applied" and second["rows"] == first["rows"]
    with server.runtime.session_factory() as s:
        (app,) = s.scalars(select(Application).where(Application.client_ref == ref)).all()
        assert app.created_by == f"desk:{scene.kg}" and app.registered_at_kindergarten == scene.kg
        assert app.queued_at == delivered_at and app.queued_at > earlier.queued_at
        assert app.phone1 == "+77015550004"  # normalised, accepted without an SMS code
    # the same child filed twice under different drafts is the R3 duplicate
    (dup,) = push(scene.head, envelope({**op, "client_ref": str(uuid4())}))
    assert dup["status"] == "rejected" and dup["code"] == "APPLICATION_DUPLICATE"
    # another kindergarten's desk cannot reach the draft by its id
    (foreign,) = push(scene.other_head, envelope(op))
    assert foreign["status"] == "rejected" and foreign["code"] == "FORBIDDEN"
    assert foreign["rows"] == []
    invalid = walk_in_op(5, scene.kg, child_iin="061211600013")
    (bad,) = push(scene.staff, envelope(invalid))
    assert bad["status"] == "rejected" and bad["code"] == "IIN_CHECKSUM"
    assert count(server, Application, Application.registered_at_kindergarten == scene.kg) == 1
    # the walk-in reaches the desk's mirror through the feed and the snapshot
    assert any(c["entity"] == "application" and c["id"] == app.id for c in pull_all(scene.head, 0))
    snap = protocol.Snapshot.model_validate(scene.head.get("/api/v1/sync/snapshot").json())
    assert [a.id for a in snap.applications] == [app.id]
