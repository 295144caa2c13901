"""The hash-chained audit log (R30), on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server_stub.db import make_session_factory
from server_stub.models import AuditRecord, Counter
from server_stub.services import audit

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def _append(
    factory: sessionmaker[Session], count: int, *, per_transaction: int = 1, first: int = 0
) -> None:
    n = first
    while n < first + count:
        with factory.begin() as session:
            for _ in range(min(per_transaction, first + count - n)):
                audit.record(
                    session,
                    now=T0 + timedelta(seconds=n, microseconds=n),
                    actor=f"account:{n % 3 + 1}",
                    action="offer_made",
                    entity="offer",
                    entity_id=n,
                    kindergarten_id=n % 2 or None,
                    data={"n": n, "reason": "қабылданбады / отказ", "place_id": 10 * n},
                )
                n += 1


def _verify(factory: sessionmaker[Session]) -> audit.VerifyResult:
    with factory() as session:
        return audit.verify(session)


def _exec(engine: Engine, sql: str, **params: Any) -> None:
    with engine.begin() as connection:
        connection.execute(text(sql), params)


def test_empty_log_verifies(session_factory: sessionmaker[Session]) -> None:
    assert _verify(session_factory) == audit.VerifyResult(True, 0, None, None)


def test_chain_of_records_verifies(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 10)
    _append(session_factory, 20, per_transaction=7, first=10)

    result = _verify(session_factory)

    assert result == audit.VerifyResult(True, 30, None, None)
    with session_factory() as session:
        rows = session.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
        head = session.get(Counter, audit.HEAD_COUNTER)
    assert [r.id for r in rows] == list(range(1, 31))
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert [r.entity_id for r in rows] == [str(n) for n in range(30)]
    assert head is not None and head.value == 30


def test_hash_is_sha256_of_the_documented_canonical_json(
    session_factory: sessionmaker[Session],
) -> None:
    """An auditor must be able to re-check the chain with nothing but this recipe."""
    with session_factory.begin() as session:
        audit.record(
            session,
            now=T0,
            actor="account:7",
            action="document_checked",
            entity="referral",
            entity_id=42,
            kindergarten_id=3,
            data={"kind": "epid_certificate", "ok": False, "visit": date(2026, 3, 2)},
        )
    with session_factory() as session:
        row = session.scalars(select(AuditRecord)).one()
    document = {
        "prev_hash": "0" * 64,
        "at": "2026-03-02T06:00:00.000000+00:00",
        "actor": "account:7",
        "action": "document_checked",
        "entity": "referral",
        "entity_id": "42",
        "kindergarten_id": 3,
        "data": {"kind": "epid_certificate", "ok": False, "visit": "2026-03-02"},
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert row.hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert row.data == document["data"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("data", '{"n": 4, "place_id": 999}'),
        ("actor", "account:666"),
        ("kindergarten_id", 9),
        ("at", "2026-03-02 06:00:01.000000"),
    ],
)
def test_a_modified_record_is_detected_at_its_id(
    session_factory: sessionmaker[Session], engine: Engine, column: str, value: Any
) -> None:
    _append(session_factory, 12, per_transaction=5)
    if column == "at" and engine.dialect.name == "postgresql":
        value = "2026-03-02 06:00:01+00"

    _exec(engine, f"UPDATE audit SET {column} = :value WHERE id = 5", value=value)

    result = _verify(session_factory)
    assert not result.ok
    assert result.first_bad_id == 5
    assert result.checked == 4
    assert result.reason is not None and "modified" in result.reason


def test_a_record_modified_with_its_hash_recomputed_breaks_the_next_link(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    _append(session_factory, 8)
    _exec(engine, "UPDATE audit SET hash = :h WHERE id = 3", h="f" * 64)

    result = _verify(session_factory)

    assert (result.ok, result.first_bad_id) == (False, 3)  # own hash no longer matches


def test_a_deleted_middle_record_is_detected(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    _append(session_factory, 12, per_transaction=4)
    _exec(engine, "DELETE FROM audit WHERE id = 6")

    result = _verify(session_factory)

    assert (result.ok, result.first_bad_id, result.checked) == (False, 7, 5)
    assert result.reason is not None and "#6" in result.reason


def test_a_deleted_middle_record_with_ids_closed_up_is_detected_by_the_link(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    _append(session_factory, 8)
    _exec(engine, "DELETE FROM audit WHERE id = 4")
    for n in range(5, 9):
        _exec(engine, "UPDATE audit SET id = :new WHERE id = :old", new=n - 1, old=n)
    _exec(engine, "UPDATE counter SET value = 7 WHERE name = 'audit_head'")

    result = _verify(session_factory)

    assert (result.ok, result.first_bad_id) == (False, 4)
    assert result.reason is not None and "prev_hash" in result.reason


def test_deleted_first_and_last_records_are_detected(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    _append(session_factory, 6)
    _exec(engine, "DELETE FROM audit WHERE id = 6")
    result = _verify(session_factory)
    assert (result.ok, result.first_bad_id, result.checked) == (False, 6, 5)
    assert result.reason is not None and "missing" in result.reason

    _exec(engine, "DELETE FROM audit WHERE id = 1")
    result = _verify(session_factory)
    assert (result.ok, result.first_bad_id) == (False, 2)


def test_a_tail_deleted_before_more_appends_stays_detectable(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    _append(session_factory, 5)
    _exec(engine, "DELETE FROM audit WHERE id = 5")
    _append(session_factory, 2, first=5)

    result = _verify(session_factory)

    assert (result.ok, result.first_bad_id) == (False, 6)


def test_reordered_records_are_detected(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    _append(session_factory, 6)
    _exec(engine, "UPDATE audit SET id = 100 WHERE id = 3")
    _exec(engine, "UPDATE audit SET id = 3 WHERE id = 4")
    _exec(engine, "UPDATE audit SET id = 4 WHERE id = 100")

    result = _verify(session_factory)

    assert (result.ok, result.first_bad_id) == (False, 3)


def test_a_record_appended_behind_the_logs_back_is_detected(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    """A forger can compute a valid hash (no secret); the head marker still gives them away."""
    _append(session_factory, 3)
    with session_factory() as session:
        last = session.get_one(AuditRecord, 3)
    forged = audit._hash(
        prev_hash=last.hash,
        at=T0,
        actor="account:1",
        action="forged",
        entity="offer",
        entity_id="1",
        kindergarten_id=None,
        data={},
    )
    with session_factory.begin() as session:
        session.add(
            AuditRecord(
                id=4,
                at=T0,
                actor="account:1",
                action="forged",
                entity="offer",
                entity_id="1",
                kindergarten_id=None,
                data={},
                prev_hash=last.hash,
                hash=forged,
            )
        )

    result = _verify(session_factory)

    assert (result.ok, result.first_bad_id, result.checked) == (False, 4, 4)


def test_verify_streams_across_batches(
    session_factory: sessionmaker[Session], engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "_VERIFY_BATCH", 4)
    _append(session_factory, 23, per_transaction=10)
    assert _verify(session_factory) == audit.VerifyResult(True, 23, None, None)
    _exec(engine, "UPDATE audit SET action = 'x' WHERE id = 17")
    assert _verify(session_factory).first_bad_id == 17


def test_entries_of_a_rolled_back_transaction_are_not_written(
    session_factory: sessionmaker[Session],
) -> None:
    def record(session: Session, action: str) -> None:
        audit.record(session, now=T0, actor="test", action=action, entity="x", entity_id=1)

    with pytest.raises(RuntimeError), session_factory.begin() as session:
        record(session, "raised")
        raise RuntimeError("business rule failed")
    with session_factory() as session:
        record(session, "rolled_back")
        session.rollback()
        record(session, "closed_without_commit")
    with session_factory() as session:
        record(session, "kept")
        session.commit()
        record(session, "after_commit_then_rollback")
        session.rollback()

    with session_factory() as session:
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions == ["kept"]
    assert _verify(session_factory) == audit.VerifyResult(True, 1, None, None)


def test_a_rolled_back_savepoint_drops_only_its_own_entries(
    session_factory: sessionmaker[Session],
) -> None:
    def record(session: Session, action: str) -> None:
        audit.record(session, now=T0, actor="test", action=action, entity="x", entity_id=1)

    with session_factory.begin() as session:
        record(session, "before")
        with pytest.raises(RuntimeError), session.begin_nested():
            record(session, "in_failed_savepoint")
            with session.begin_nested():
                record(session, "in_inner_released_savepoint")
            raise RuntimeError
        with session.begin_nested():
            record(session, "in_released_savepoint")
        record(session, "after")

    with session_factory() as session:
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions == ["before", "in_released_savepoint", "after"]


def test_a_savepoint_left_open_at_commit_is_reported_not_silently_lost(
    session_factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    """The hook cannot tell this outer commit from a savepoint release: it must say so."""
    with session_factory.begin() as session:
        session.begin_nested()  # never closed: the outer commit releases it
        audit.record(session, now=T0, actor="test", action="a", entity="x", entity_id=1)

    assert any("not written" in r.getMessage() for r in caplog.records)
    assert _verify(session_factory) == audit.VerifyResult(True, 0, None, None)


def test_a_commit_that_fails_writes_no_audit_and_the_chain_goes_on(
    session_factory: sessionmaker[Session],
) -> None:
    _append(session_factory, 2)
    with session_factory.begin() as session:
        session.add(Counter(name="dup", value=1))
    with pytest.raises(IntegrityError), session_factory.begin() as session:
        audit.record(session, now=T0, actor="test", action="lost", entity="x", entity_id=1)
        session.add(Counter(name="dup", value=2))
    _append(session_factory, 2, first=2)

    with session_factory() as session:
        actions = session.scalars(select(AuditRecord.action)).all()
    assert "lost" not in actions
    assert _verify(session_factory) == audit.VerifyResult(True, 4, None, None)


def test_record_refuses_a_session_whose_factory_has_no_hook(engine: Engine) -> None:
    plain = make_session_factory(engine)
    with plain() as session, pytest.raises(RuntimeError, match="install"):
        audit.record(session, now=T0, actor="test", action="a", entity="x", entity_id=1)


def test_install_is_idempotent(session_factory: sessionmaker[Session]) -> None:
    audit.install(session_factory)
    _append(session_factory, 3)
    assert _verify(session_factory) == audit.VerifyResult(True, 3, None, None)


@pytest.mark.parametrize(
    "bad",
    [
        {"naive": datetime(2026, 1, 1)},
        {"blob": b"\x00"},
        {"nan": float("nan")},
    ],
)
def test_record_rejects_what_would_fail_or_change_at_commit(
    session_factory: sessionmaker[Session], bad: dict[str, Any]
) -> None:
    with session_factory() as session, pytest.raises(ValueError):
        audit.record(session, now=T0, actor="t", action="a", entity="x", entity_id=1, data=bad)
    with session_factory() as session, pytest.raises(ValueError):
        audit.record(
            session, now=datetime(2026, 1, 1), actor="t", action="a", entity="x", entity_id=1
        )
    with session_factory() as session, pytest.raises(ValueError, match="entity_id"):
        audit.record(session, now=T0, actor="t", action="a", entity="x", entity_id="9" * 41)


def test_concurrent_appends_keep_one_chain(session_factory: sessionmaker[Session]) -> None:
    """8 writers x 25 transactions, starting together on a log with no head row yet."""
    threads, per_thread = 8, 25
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(per_thread):
                with session_factory.begin() as session:
                    audit.record(
                        session,
                        now=T0 + timedelta(milliseconds=n),
                        actor=f"account:{worker}",
                        action="concurrent",
                        entity="worker",
                        entity_id=f"{worker}-{n}",
                    )
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)

    pool = [threading.Thread(target=writer, args=(w,)) for w in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)

    assert not errors, errors
    result = _verify(session_factory)
    assert result == audit.VerifyResult(True, threads * per_thread, None, None)
    with session_factory() as session:
        prev_hashes = session.scalars(select(AuditRecord.prev_hash)).all()
    assert len(set(prev_hashes)) == threads * per_thread  # no two records share a parent


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"child": "061211600012"}, "data.child"),
        ({"note": "ИИН 061211600012 отказ"}, "data.note"),
        ({"to": "+77011234567"}, "data.to"),
        ({"to": "8 (701) 123-45-67"}, "data.to"),
        ({"to": "+7 701 123 45 67"}, "data.to"),
        ({"nested": [{"deep": ["ok", "77011234567"]}]}, "data.nested[0].deep[1]"),
        ({"061211600012": True}, "data key"),
        ({"child_name": "Айгерім"}, "data.child_name"),
        ({"Phone1": None}, "data.Phone1"),
    ],
)
def test_personal_data_guard_rejects_iins_phones_and_names(
    session_factory: sessionmaker[Session], data: dict[str, Any], where: str
) -> None:
    with pytest.raises(ValueError) as caught:
        audit._assert_no_personal_data(data)
    assert where in str(caught.value)
    assert "061211600012" not in str(caught.value) and "1234567" not in str(caught.value)
    with session_factory() as session, pytest.raises(ValueError):
        audit.record(session, now=T0, actor="t", action="a", entity="x", entity_id=1, data=data)


def test_personal_data_guard_checks_actor_and_entity_id(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        with pytest.raises(ValueError, match="actor"):
            audit.record(
                session, now=T0, actor="parent:061211600012", action="a", entity="x", entity_id=1
            )
        with pytest.raises(ValueError, match="entity_id"):
            audit.record(
                session, now=T0, actor="t", action="a", entity="child", entity_id="061211600012"
            )


def test_personal_data_guard_lets_ids_numbers_and_dates_through() -> None:
    audit._assert_no_personal_data(
        {
            "application_id": 123456789012,  # ints are ids, never IINs
            "number": "ALM-2026-000123",
            "referral": "N-2026-0001234",
            "visit": "2026-03-02",
            "at": "2026-03-02T06:00:00.000000+00:00",
            "passed_over": [1, 2, 3],
            "reason": "EPID_CERT_TOO_OLD",
            "code_hash_prefix": "ab12",
        }
    )


def test_verify_audit_command(
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _append(session_factory, 4)
    assert audit.verify_audit_command(database_url) == 0
    assert capsys.readouterr().out.strip() == "audit chain OK: 4 records"

    _exec(engine, "UPDATE audit SET entity = 'tampered' WHERE id = 2")
    assert audit.verify_audit_command(database_url) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith("audit chain BROKEN at record #2: ")
