"""R30 (DESIGN.md, "Data protection": no personal data in logs) over a full sync: the
snapshot that brings every family of the kindergarten to the desk, a day of work with
walk-in families, faults that make the engine retry and log, a token that expires on the
way (re-authentication), and refusals that carry the families' rows back as conflicts.

Everything logged at DEBUG by the engine, the desk's store, the server (it runs in this
process) and httpx/httpcore is searched for the children's names, IINs and the phone
numbers; the bearer tokens must not appear either.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from server_stub.models import Referral
from tests.live import LiveServer, live_server
from tests.sync.faults import Fault, on_path
from tests.sync.rig import (
    DeskRig,
    documents,
    reception_day,
    seed_region,
    today_at,
    walk_in_personal,
)

LOGGERS = ("kezek", "desktop", "sync", "server_stub", "httpx", "httpcore", "uvicorn")
pytestmark = pytest.mark.usefixtures("cheap_passwords")


@pytest.fixture
def live(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(database_url, tmp_path) as server:
        yield server


def _text(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), record.exc_text or "", record.stack_info or ""]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1]))
    return "\n".join(parts)


def test_no_personal_data_in_the_logs_of_a_full_sync(
    live: LiveServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    region = seed_region(live)
    rig = DeskRig(live, tmp_path / "desk", region.head, batch_size=3, page_size=5)
    tokens: list[str] = []
    try:
        rig.sync()  # the snapshot: every family's name, IIN and phones
        tokens.append(rig.store.load_token() or "")
        reception_day(rig, region, walk_ins=3)
        faults = on_path("/push", [Fault.LOSE_RESPONSE, Fault.ERROR_AFTER, Fault.LOSE_REQUEST])
        assert rig.sync(faults).outcome == "ok"  # retried three times, logged each time

        # offline again: the second family comes back with its documents and is enrolled,
        # but the desk syncs only after the referrals' deadline (and the token's lifetime)
        (_, family, _) = region.families
        today = today_at(rig.clock())
        rig.desk.record_document_check(family.referral_id, documents(family, today))
        rig.desk.enroll(family.referral_id)
        with live.runtime.session_factory() as s:
            expires = s.get_one(Referral, family.referral_id).expires_at
        live.clock.set(expires + timedelta(hours=1))
        run = rig.sync()
        assert (run.outcome, run.rejected) == ("ok", 2)  # both refused, rows sent back
        tokens.append(rig.store.load_token() or "")
        live.runtime.run_deadlines()
        assert rig.sync().outcome == "ok"
    finally:
        rig.close()

    records = caplog.records  # everything that reached the root logger, from any source
    names = {r.name for r in records}
    # the logs really were on: the engine's retries, the store, the HTTP layers
    assert any("retrying" in r.getMessage() for r in records if r.name == "kezek.sync")
    assert {"httpx", "desktop.models.sync_store"} <= names
    assert any(n.startswith("httpcore") for n in names)
    personal = list(region.personal)
    for n in range(3):
        personal += walk_in_personal(n, region.kg)
    for record in records:
        text = _text(record)
        for value in [*personal, *tokens]:
            assert value not in text, (record.name, value)
