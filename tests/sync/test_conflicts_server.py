"""Conflicts a desk meets when it comes back online, judged by the server (DESIGN.md,
"Intent commands, not row overwrites"): the op is refused with a reason and the server's
row, never silently dropped. Through a real uvicorn server, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from server_stub.models import Enrollment, Place, ProcessedOp, Referral
from server_stub.services import allocation
from tests.live import live_server
from tests.server.factories import ctx_at
from tests.sync.test_server_sync import (
    Scene,
    accept,
    check_op,
    count,
    enroll_op,
    envelope,
    open_scene,
    publish,
    push,
    queued,
    rows_of,
)


@pytest.fixture
def scene(database_url: str, tmp_path: Path) -> Iterator[Scene]:
    with live_server(database_url, tmp_path) as server:
        made = open_scene(server)
        yield made
        made.close()


def _referrals(scene: Scene, n: int) -> list[tuple[Any, int]]:
    """``n`` families offered places the desk published, each accepted: (app, referral)."""
    apps = [queued(scene.server, scene.kg, days_ago=60 - i) for i in range(n)]
    (published,) = push(scene.head, envelope(publish(scene.group, n)))
    assert [c["row"]["status"] for c in rows_of(published, "place")] == ["offered"] * n
    return [(app, accept(scene.server, app)) for app in apps]


def _move_clock(scene: Scene, delta: timedelta) -> None:
    scene.server.clock.advance(delta)
    scene.relogin()


def test_enroll_on_a_referral_that_lapsed_while_offline_is_rejected_with_its_row(
    scene: Scene,
) -> None:
    """Intents: an enrollment recorded offline for a referral that lapsed meanwhile is
    rejected (REFERRAL_LAPSED before the scheduler ran, REFERRAL_NOT_ACTIVE after) with
    the referral's canonical row, and the refusal is kept, not dropped (R18, R19)."""
    server = scene.server
    (app1, first), (app2, second) = _referrals(scene, 2)
    checked = push(scene.head, envelope(check_op(first, app1)), envelope(check_op(second, app2)))
    assert [r["status"] for r in checked] == ["applied", "applied"]
    next_families = [queued(server, scene.kg, days_ago=d) for d in (2, 1)]
    # the desk goes offline and enrolls both children on its copy; meanwhile the
    # referrals' five working days run out on the server
    with server.runtime.session_factory() as s:
        expires = s.get_one(Referral, first).expires_at
    _move_clock(scene, expires - server.clock.now() + timedelta(minutes=1))

    early = envelope(enroll_op(first))
    (refused,) = push(scene.head, early)
    assert (refused["status"], refused["code"]) == ("rejected", "REFERRAL_LAPSED")
    (row,) = rows_of(refused, "referral")
    assert row["row"]["status"] == "active"
    assert datetime.fromisoformat(row["row"]["expires_at"]) <= server.clock.now()

    report = server.runtime.run_deadlines()
    assert report["referrals_lapsed"] == 2
    late = envelope(enroll_op(second))
    (after,) = push(scene.head, late)
    assert (after["status"], after["code"]) == ("rejected", "REFERRAL_NOT_ACTIVE")
    (referral,) = rows_of(after, "referral")
    (place,) = rows_of(after, "place")
    assert referral["id"] == second and referral["row"]["status"] == "lapsed"
    assert referral["row"]["closed_at"] is not None
    # the place went on to the next family at once (R17/R19): the desk learns it here
    assert place["row"]["status"] == "offered"
    assert app2.child_iin in str(referral["row"])
    assert not any(f.child_iin in str(after) for f in next_families)  # not this desk's yet
    assert count(server, Enrollment) == 0
    with server.runtime.session_factory() as s:
        kept = {p.op_id: (p.status, p.result["code"]) for p in s.scalars(select(ProcessedOp))}
    assert kept[early["op_id"]] == ("rejected", "REFERRAL_LAPSED")
    assert kept[late["op_id"]] == ("rejected", "REFERRAL_NOT_ACTIVE")
    (again,) = push(scene.head, early)  # a replay says the same, though it is lapsed now
    assert (again["status"], again["code"], again["rows"]) == (
        "duplicate",
        "REFERRAL_LAPSED",
        refused["rows"],
    )


def test_withdrawing_a_place_that_was_offered_meanwhile_is_rejected_with_its_row(
    scene: Scene,
) -> None:
    """Intents: "withdraw place P" for a place the engine offered to a family since is
    refused (PLACE_ALREADY_OFFERED) with the place's row; a filled one PLACE_NOT_FREE."""
    (published,) = push(scene.head, envelope(publish(scene.group, 1)))
    (place_id,) = [c["id"] for c in rows_of(published, "place")]
    assert rows_of(published, "place")[0]["row"]["status"] == "free"  # nobody waiting yet
    # the desk goes offline and decides to withdraw it; meanwhile a family applies and
    # the engine offers it the place at once
    app = queued(scene.server, scene.kg)
    with scene.server.runtime.session_factory.begin() as s:
        allocation.allocate(s, ctx_at(scene.server.clock.now()), scene.kg)
    (refused,) = push(scene.head, envelope({"kind": "withdraw_place", "place_id": place_id}))
    assert (refused["status"], refused["code"]) == ("rejected", "PLACE_ALREADY_OFFERED")
    assert rows_of(refused, "place") == [
        {
            "seq": 0,
            "entity": "place",
            "id": place_id,
            "op": "upsert",
            "row": {**rows_of(published, "place")[0]["row"], "status": "offered"},
        }
    ]
    with scene.server.runtime.session_factory() as s:
        assert s.get_one(Place, place_id).status == "offered"

    referral_id = accept(scene.server, app)
    push(scene.head, envelope(check_op(referral_id, app)), envelope(enroll_op(referral_id)))
    (filled,) = push(scene.head, envelope({"kind": "withdraw_place", "place_id": place_id}))
    assert (filled["code"], rows_of(filled, "place")[0]["row"]["status"]) == (
        "PLACE_NOT_FREE",
        "filled",
    )


def _at_once(*jobs: tuple[httpx.Client, list[dict[str, Any]]]) -> list[list[Any]]:
    """Push each batch from its own thread, released together."""
    start = threading.Barrier(len(jobs))
    results: list[list[Any]] = [[] for _ in jobs]
    errors: list[BaseException] = []

    def run(index: int, client: httpx.Client, batch: list[dict[str, Any]]) -> None:
        try:
            start.wait()
            results[index] = push(client, *batch, device=f"desk-{index}")
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(i, client, batch))
        for i, (client, batch) in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_desks_pushing_conflicting_ops_at_once_get_one_winner_each(scene: Scene) -> None:
    """Intents under concurrency (PostgreSQL with real parallel transactions; SQLite
    serialises them): two desks of one kindergarten enroll the same children and withdraw
    the same places at once. Each conflict has exactly one ``applied`` op; the other is
    ``rejected`` with a reason and the winner's row. Nothing is dropped silently."""
    server = scene.server
    families = _referrals(scene, 4)
    checks = [envelope(check_op(referral_id, app)) for app, referral_id in families]
    assert {r["status"] for r in push(scene.head, *checks)} == {"applied"}
    ids = [referral_id for _, referral_id in families]
    one = [envelope(enroll_op(r)) for r in ids]
    other = [envelope(enroll_op(r)) for r in reversed(ids)]
    first, second = _at_once((scene.head, one), (scene.head2, other))
    outcomes: dict[int, list[dict[str, Any]]] = {r: [] for r in ids}
    for env, result in [*zip(one, first, strict=True), *zip(other, second, strict=True)]:
        outcomes[env["op"]["referral_id"]].append(result)
    for referral_id, pair in outcomes.items():
        assert sorted(r["status"] for r in pair) == ["applied", "rejected"], pair
        (lost,) = [r for r in pair if r["status"] == "rejected"]
        assert lost["code"] == "REFERRAL_NOT_ACTIVE" and lost["message"]
        (row,) = rows_of(lost, "referral")
        assert row["id"] == referral_id and row["row"]["status"] == "enrolled"
    with server.runtime.session_factory() as s:
        enrolled = s.scalars(select(Enrollment.referral_id)).all()
        assert sorted(e for e in enrolled if e is not None) == sorted(ids)

    (published,) = push(scene.head, envelope(publish(scene.group, 6)))
    places = [c["id"] for c in rows_of(published, "place")]
    assert {c["row"]["status"] for c in rows_of(published, "place")} == {"free"}
    one = [envelope({"kind": "withdraw_place", "place_id": p}) for p in places]
    other = [envelope({"kind": "withdraw_place", "place_id": p}) for p in reversed(places)]
    first, second = _at_once((scene.head, one), (scene.head2, other))
    by_place: dict[int, list[dict[str, Any]]] = {p: [] for p in places}
    for env, result in [*zip(one, first, strict=True), *zip(other, second, strict=True)]:
        by_place[env["op"]["place_id"]].append(result)
    for place_id, pair in by_place.items():
        assert sorted(r["status"] for r in pair) == ["applied", "rejected"], pair
        (lost,) = [r for r in pair if r["status"] == "rejected"]
        assert lost["code"] == "PLACE_NOT_FREE"
        assert rows_of(lost, "place")[0]["row"]["status"] == "withdrawn"
        assert rows_of(lost, "place")[0]["id"] == place_id
    with server.runtime.session_factory() as s:
        assert {s.get_one(Place, p).status for p in places} == {"withdrawn"}
        stored = s.scalars(select(ProcessedOp.status)).all()
    # every op has its stored outcome: 1 publish + 4 checks + 8 enrolls + 1 + 12 withdraws
    assert len(stored) == 1 + 4 + 8 + 1 + 12

    # the same op delivered twice at once (a retry racing a slow first delivery): the
    # second waits on the op's key, then answers with the first one's stored result
    same = envelope(publish(scene.group, 2))
    (a,), (b,) = _at_once((scene.head, [same]), (scene.head2, [same]))
    assert sorted((a["status"], b["status"])) == ["applied", "duplicate"]
    assert a["rows"] == b["rows"] and len(a["rows"]) == 2
    assert count(server, Place) == 4 + 6 + 2
