"""The desk's store behind the real sync engine (``sync/client.py``) and a real server on
loopback: work done offline reaches the server through the outbox, the server's canonical
rows replace the desk's, and what the server refuses comes back as a conflict (DESIGN.md,
"Sync")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event, func, select

from desktop.models.queries import DeskQueries
from desktop.models.store import LocalStore, open_store
from desktop.models.sync_store import LocalSyncStore
from desktop.models.usecases import Desk
from domain.documents import Vaccination
from domain.iin import make_iin
from server_stub.models import Application, Enrollment, Kindergarten
from sync import protocol
from sync.client import SyncEngine
from tests.desktop.conftest import Clock, MemoryKeyring
from tests.live import LiveServer, live_server, tls
from tests.server.factories import birth_for_age_group
from tests.sync.faults import FaultyTransport
from tests.sync.test_server_sync import Scene, accept, open_scene, queued


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_url, tmp_path) as server:
        yield server


@pytest.fixture
def scene(live: LiveServer) -> Iterator[Scene]:
    made = open_scene(live)
    yield made
    made.close()


class Desktop:
    """A desk as the app wires it: store, engine, use cases, reads; signed in as a head."""

    def __init__(self, live: LiveServer, scene: Scene, home: Path) -> None:
        self.clock = Clock(live.clock.now())
        self.store: LocalStore = open_store("kg", home=home, clock=self.clock)
        self.login = f"head{scene.kg}"
        self._sign_in(live)
        me = live.client(self.store.load_token()).get("/api/v1/auth/me").json()
        self.local = LocalSyncStore(self.store)
        self.local.set_server(
            live.base_url, me["kindergarten_id"], me["account_id"], role=me["role"]
        )
        self.engine = SyncEngine(
            store=self.local,
            base_url=live.base_url,
            token=lambda: self.store.load_token() or "",
            reauthenticate=lambda: self._sign_in(live),
            lock_path=home / "sync.lock",
            sleep=lambda _seconds: None,
        )
        self.desk = Desk(self.store)
        self.queries = DeskQueries(self.store)

    def _sign_in(self, live: LiveServer) -> None:
        self.store.save_token(live.desk_token(self.login, "secret-pass"))


def _count(live: LiveServer, model: type[object]) -> int:
    with live.runtime.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _documents(app: Application, visit: date) -> protocol.DocumentsIn:
    return protocol.DocumentsIn(
        visit_date=visit,
        parent_id=protocol.ParentIdIn(number="N1", iin=app.parent_iin, expiry_date=None),
        birth_certificate=protocol.BirthCertificateIn(
            number="I-АЛ 1", child_iin=app.child_iin, birth_date=app.birth_date
        ),
        epid_certificate=protocol.EpidCertificateIn(number="E-1", issue_date=visit),
        health_passport=protocol.HealthPassportIn(number="HP-1", vaccination=Vaccination.COMPLETE),
    )


def test_offline_work_round_trips_through_the_engine(
    live: LiveServer, scene: Scene, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    desk = Desktop(live, scene, tmp_path / "desk")
    first = desk.engine.sync()
    assert (first.outcome, first.snapshot) == ("ok", True)
    assert [g.id for g in desk.queries.groups()] == [scene.group]

    # offline: publish a place; the server offers it to the family waiting in the queue
    app = queued(live, scene.kg)
    published = desk.desk.publish_places(scene.group, 1, desk.clock().date())
    assert published.places[0].pending
    run = desk.engine.sync()
    assert (run.pushed, run.applied, run.rejected) == (1, 1, 0)
    (place,) = desk.queries.places()
    assert place.id > 0 and place.status == "offered" and not place.pending

    # the parent accepts; the referral with the family's data reaches the desk by the feed
    referral_id = accept(live, app)
    desk.engine.sync()
    (item,) = desk.queries.referrals().items
    assert (item.id, item.child_iin) == (referral_id, app.child_iin)

    # offline again: the documents and the enrollment
    today = desk.clock().date()
    assert desk.desk.record_document_check(referral_id, _documents(app, today)).all_passed
    enrolled = desk.desk.enroll(referral_id)
    assert desk.local.pending_count() == 2
    run = desk.engine.sync()
    assert (run.applied, run.rejected, run.outcome) == (2, 0, "ok")
    assert desk.local.pending_count() == 0
    (child,) = desk.queries.children().items
    assert child.id > 0 and child.id != enrolled.enrollment_id and not child.pending
    assert desk.queries.referral(referral_id).status == "enrolled"
    assert _count(live, Enrollment) == 1


def test_a_walk_in_gets_its_number_and_queue_time_from_the_server(
    live: LiveServer, scene: Scene, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    desk = Desktop(live, scene, tmp_path / "desk")
    desk.engine.sync()
    birth = birth_for_age_group(3)
    draft = desk.desk.register_walk_in(
        child_iin=make_iin(birth, "F", 4242),
        child_name="Сейтқали Аружан",
        birth_date=birth,
        parent_iin=make_iin(date(1991, 5, 5), "F", 4242),
        phones=["8 701 555 00 42"],
        kindergarten_ids=[scene.kg],
    )
    live.clock.advance(timedelta(minutes=5))
    desk.engine.sync()
    (walk_in,) = desk.queries.walk_ins()
    assert walk_in.client_ref == draft.client_ref and not walk_in.pending
    assert walk_in.number is not None and walk_in.number.startswith("Q-")
    assert walk_in.queued_at == live.clock.now()  # R9: the server's time of the sync


def test_what_the_server_refuses_comes_back_as_a_conflict(
    live: LiveServer, scene: Scene, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    desk = Desktop(live, scene, tmp_path / "desk")
    app = queued(live, scene.kg)
    desk.engine.sync()
    desk.desk.publish_places(scene.group, 1, desk.clock().date())
    desk.engine.sync()
    referral_id = accept(live, app)
    desk.engine.sync()
    today = desk.clock().date()
    # the desk's clock says the referral is live: its verdict offline is "enrolled"
    desk.desk.record_document_check(referral_id, _documents(app, today))
    desk.desk.enroll(referral_id)
    # ...but the desk syncs only after the referral's deadline (and its token's lifetime)
    live.clock.advance(timedelta(days=12))
    run = desk.engine.sync()
    assert (run.outcome, run.rejected) == ("ok", 2)
    conflicts = desk.queries.conflicts()
    assert {c.code for c in conflicts} == {"REFERRAL_LAPSED"}
    assert {c.kind for c in conflicts} == {"record_document_check", "enroll"}
    assert all(c.payload["op"]["referral_id"] == referral_id for c in conflicts)
    assert desk.queries.children().items == []  # the desk's enrollment gave way
    assert desk.queries.referral(referral_id).status != "enrolled"
    assert desk.local.pending_count() == 0
    assert _count(live, Enrollment) == 0


def test_the_district_directory_is_stored_and_fetched_again_only_when_it_changed(
    live: LiveServer, scene: Scene, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """Directory: the first sync stores the district's kindergartens for the walk-in
    choosers; a sync with nothing changed neither downloads nor rewrites them; a renamed
    kindergarten comes with the next sync."""
    desk = Desktop(live, scene, tmp_path / "desk")
    network = FaultyTransport(httpx.HTTPTransport(verify=tls()), lambda _request, _n: None)
    desk.engine.transport = network
    assert not desk.queries.kindergarten_directory().stored  # never synced: own only (none yet)

    first = desk.engine.sync()
    directory = desk.queries.kindergarten_directory()
    assert first.directory and directory.stored
    assert [(c.id, c.name_ru) for c in directory.choices] == [
        (scene.kg, "Ясли-сад №1 «Балапан»"),
        (scene.other, "Ясли-сад №2 «Балапан»"),
    ]
    fetched = [path for path, _ in network.log if path.endswith("/directory")]
    assert len(fetched) == 1

    writes: list[str] = []

    def watch(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "directory_kindergarten" in statement and not statement.startswith("SELECT"):
            writes.append(statement)

    event.listen(desk.store.engine, "before_cursor_execute", watch)
    second = desk.engine.sync()
    event.remove(desk.store.engine, "before_cursor_execute", watch)
    assert not second.directory and writes == []
    assert desk.queries.kindergarten_directory() == directory
    assert [path for path, _ in network.log if path.endswith("/directory")] == fetched

    with live.runtime.session_factory.begin() as session:
        renamed = session.get(Kindergarten, scene.other)
        assert renamed is not None
        renamed.name_ru = "Детский сад №2 «Акбота»"
    event.listen(desk.store.engine, "before_cursor_execute", watch)
    assert desk.engine.sync().directory
    event.remove(desk.store.engine, "before_cursor_execute", watch)
    assert writes  # the watch sees a rewrite when there is one
    names = [c.name_ru for c in desk.queries.kindergarten_directory().choices]
    assert names == ["Ясли-сад №1 «Балапан»", "Детский сад №2 «Акбота»"]
