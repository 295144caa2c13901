"""The SMS outbox and its delivery, on SQLite and PostgreSQL; the dev gateway's file."""

from __future__ import annotations

import json
import logging
import string
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain.messages import LANGUAGES
from server_stub import sms_templates
from server_stub.models import Notification
from server_stub.services import notifications
from server_stub.services.notifications import (
    DeliveryReport,
    FileGateway,
    SmsDeliveryError,
    deliver_pending,
    enqueue,
)

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
PHONE = "+77011234567"
PARAMS: dict[str, Any] = {
    "code": "482913",
    "number": "ALM-2026-000123",
    "positions": "Балапан №12: 5; Айгөлек №3: 17",
    "kindergarten": "Ясли-сад №12 «Балапан»",
    "group": "Солнышко",
    "deadline": "05.03.2026",
    "referral": "N-2026-0001234",
    "until": "15.03.2026",
}
BRIEF_KINDS = {
    "login_code",
    "phone_code",
    "application_registered",
    "offer_made",
    "offer_reminder",
    "offer_expired",
    "referral_issued",
    "referral_reminder",
    "referral_lapsed",
    "postponed",
    "confirmation_reminder",
    "suspended",
    "benefit_rejected",
    "enrolled",
    "aged_out",
    "withdrawn",
}


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _enqueue_many(factory: sessionmaker[Session], count: int, **kw: Any) -> list[int]:
    ids = []
    with factory.begin() as session:
        for n in range(count):
            row = enqueue(
                session,
                now=T0,
                kind="login_code",
                phone=f"+7701{n:07d}",
                language="ru",
                params={"code": f"{n:06d}"},
                **kw,
            )
            assert row is not None
            ids.append(row.id)
    return ids


# --------------------------------------------------------------------------- templates


def test_every_kind_has_all_languages_the_same_fields_and_no_personal_data() -> None:
    assert set(sms_templates.TEMPLATES) == BRIEF_KINDS
    for kind, entry in sms_templates.TEMPLATES.items():
        assert set(entry) == set(LANGUAGES), kind
        field_sets = {
            lang: {f for _, f, _, _ in string.Formatter().parse(tpl) if f}
            for lang, tpl in entry.items()
        }
        assert len({frozenset(s) for s in field_sets.values()}) == 1, (kind, field_sets)
        for lang, template in entry.items():
            lowered = template.lower()
            assert "{child" not in lowered and "iin" not in lowered, (kind, lang)
            assert "иин" not in lowered and "жсн" not in lowered, (kind, lang)
            assert "name" not in lowered, (kind, lang)


@pytest.mark.parametrize("kind", sorted(BRIEF_KINDS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_renders_within_three_sms_segments(kind: str, language: str) -> None:
    body = sms_templates.render(kind, language, PARAMS)
    assert "{" not in body and "}" not in body
    assert len(body) <= 3 * 67  # three concatenated UCS-2 parts


def test_render_refuses_a_missing_field_and_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="deadline"):
        sms_templates.render("offer_reminder", "ru", {"kindergarten": "x"})
    with pytest.raises(ValueError, match="unknown"):
        sms_templates.render("lottery_won", "ru", PARAMS)


# --------------------------------------------------------------------------- enqueue


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", "№ALM-2026-000123 өтінішке орын ұсынылды: Ясли-сад №12 «Балапан», Солнышко тобы"),
        ("ru", "по заявлению №ALM-2026-000123 предложено место: Ясли-сад №12 «Балапан»"),
        ("en", "a place is offered for application ALM-2026-000123"),
        ("de", "по заявлению №ALM-2026-000123 предложено место"),  # falls back to Russian
    ],
)
def test_enqueue_renders_in_the_parents_language_and_keeps_cyrillic(
    session_factory: sessionmaker[Session], language: str, expected: str
) -> None:
    with session_factory.begin() as session:
        row = enqueue(
            session,
            now=T0,
            kind="offer_made",
            phone=PHONE,
            language=language,
            params=PARAMS,
            dedup_key="offer_made:1",
        )
        assert row is not None and row.id is not None
    with session_factory() as session:
        stored = session.scalars(select(Notification)).one()
    assert expected in stored.body
    assert "05.03.2026" in stored.body
    assert stored.language == ("ru" if language == "de" else language)
    assert (stored.kind, stored.phone, stored.sent_at, stored.attempts) == (
        "offer_made",
        PHONE,
        None,
        0,
    )
    assert stored.created_at == T0


def test_enqueue_refuses_an_unnormalised_phone_and_a_naive_time(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        with pytest.raises(ValueError, match="phone"):
            enqueue(
                session,
                now=T0,
                kind="login_code",
                phone="8 701 123 45 67",
                language="ru",
                params={"code": "1"},
            )
        with pytest.raises(ValueError, match="aware"):
            enqueue(
                session,
                now=datetime(2026, 1, 1),
                kind="login_code",
                phone=PHONE,
                language="ru",
                params={"code": "1"},
            )


def test_a_rolled_back_transaction_sends_nothing(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        enqueue(session, now=T0, kind="login_code", phone=PHONE, language="kk", params=PARAMS)
        session.rollback()
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_dedup_key_inserts_once_and_keeps_the_callers_transaction_usable(
    session_factory: sessionmaker[Session],
) -> None:
    def remind(session: Session, key: str) -> Notification | None:
        return enqueue(
            session,
            now=T0,
            kind="offer_reminder",
            phone=PHONE,
            language="ru",
            params=PARAMS,
            dedup_key=key,
        )

    with session_factory.begin() as session:
        assert remind(session, "offer_reminder:7") is not None
        assert remind(session, "offer_reminder:7") is None  # same transaction
    with session_factory.begin() as session:  # the scheduler runs again
        assert remind(session, "offer_reminder:7") is None
        assert remind(session, "offer_reminder:8") is not None  # transaction still fine

    with session_factory() as session:
        keys = session.scalars(select(Notification.dedup_key).order_by(Notification.id)).all()
    assert keys == ["offer_reminder:7", "offer_reminder:8"]


@pytest.mark.postgres
@pytest.mark.parametrize("db_dialect", ["postgresql"], indirect=True)  # SQLite has no race
def test_dedup_race_is_settled_by_the_unique_index_without_aborting_the_loser(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    """Two transactions insert the same key; the second waits, loses, and still commits."""

    def remind(session: Session, key: str) -> Notification | None:
        return enqueue(
            session,
            now=T0,
            kind="offer_reminder",
            phone=PHONE,
            language="ru",
            params=PARAMS,
            dedup_key=key,
        )

    first = session_factory()
    first.begin()
    assert remind(first, "race") is not None  # inserted, not committed
    outcome: dict[str, Any] = {}

    def second() -> None:
        try:
            with session_factory.begin() as session:
                outcome["dup"] = remind(session, "race")
                outcome["other"] = remind(session, "other")
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=second)
    thread.start()
    _wait_until_a_backend_waits_for_a_lock(engine)
    first.commit()
    first.close()
    thread.join(timeout=30)

    assert "error" not in outcome, outcome.get("error")
    assert outcome["dup"] is None and outcome["other"] is not None
    with session_factory() as session:
        keys = sorted(session.scalars(select(Notification.dedup_key)).all())  # type: ignore[type-var]
    assert keys == ["other", "race"]


def _wait_until_a_backend_waits_for_a_lock(engine: Engine) -> None:
    """Poll until one of this test's connections blocks on a lock (not a deadline sleep)."""
    deadline = time.monotonic() + 20
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND application_name = current_setting('application_name')"
                )
            ).scalar_one()
            connection.rollback()
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError("the second transaction never waited for the first")


# --------------------------------------------------------------------------- delivery


def test_deliver_pending_sends_in_order_to_the_file_and_marks_sent(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with session_factory.begin() as session:
        for language in ("kk", "ru", "en"):
            enqueue(
                session,
                now=T0,
                kind="referral_issued",
                phone=PHONE,
                language=language,
                params=PARAMS,
            )
    out = tmp_path / "not-yet" / "sms.jsonl"
    gateway = FileGateway(out)
    sent_at = T0 + timedelta(minutes=1)

    assert deliver_pending(session_factory, gateway, sent_at) == DeliveryReport(3, 0, 0)

    lines = _lines(out)
    assert [line["phone"] for line in lines] == [PHONE] * 3
    assert lines[0]["body"].startswith("Kezek: №N-2026-0001234 жолдама берілді")
    assert lines[1]["body"].startswith("Kezek: выдано направление №N-2026-0001234")
    assert lines[2]["body"].startswith("Kezek: referral N-2026-0001234 issued")
    raw = out.read_bytes()
    assert "жолдама берілді".encode() in raw  # UTF-8, not \u escapes
    assert all(datetime.fromisoformat(line["at"]).tzinfo is not None for line in lines)
    with session_factory() as session:
        rows = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(r.sent_at, r.attempts, r.last_error) for r in rows] == [(sent_at, 0, None)] * 3

    assert deliver_pending(session_factory, gateway, sent_at) == DeliveryReport(0, 0, 0)
    assert len(_lines(out)) == 3


def test_deliver_pending_respects_the_limit(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    ids = _enqueue_many(session_factory, 5)
    out = tmp_path / "sms.jsonl"
    assert deliver_pending(session_factory, FileGateway(out), T0, limit=2).sent == 2
    assert [line["body"] for line in _lines(out)] == [
        "Kezek: код для входа 000000. Никому его не сообщайте.",
        "Kezek: код для входа 000001. Никому его не сообщайте.",
    ]
    assert deliver_pending(session_factory, FileGateway(out), T0).sent == 3
    assert len(ids) == len(_lines(out))


class RefusingGateway:
    """A provider that is down for the first ``failures`` calls; echoes what it got."""

    def __init__(self, failures: int, out: Path, error: type[Exception] = SmsDeliveryError):
        self.failures = failures
        self.error = error
        self.calls = 0
        self.file = FileGateway(out)

    def send(self, phone: str, body: str) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            # a careless provider library: the phone and the text in its error message
            raise self.error(f"rejected {phone} / {phone[1:]} / {body}")
        self.file.send(phone, body)


def test_a_failed_send_is_kept_for_the_next_run_without_personal_data_in_the_error(
    session_factory: sessionmaker[Session], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kezek.sms")
    _enqueue_many(session_factory, 1)
    out = tmp_path / "sms.jsonl"
    gateway = RefusingGateway(failures=1, out=out)

    assert deliver_pending(session_factory, gateway, T0) == DeliveryReport(0, 1, 0)
    with session_factory() as session:
        row = session.scalars(select(Notification)).one()
    assert (row.sent_at, row.attempts) == (None, 1)
    assert row.last_error is not None and "rejected" in row.last_error
    assert "7010000000" not in row.last_error and "000000" not in row.last_error
    assert gateway.calls == 1  # tried once per run, not five times in a burst

    assert deliver_pending(session_factory, gateway, T0 + timedelta(minutes=1)).sent == 1
    with session_factory() as session:
        row = session.scalars(select(Notification)).one()
    assert (row.sent_at, row.attempts, row.last_error) == (T0 + timedelta(minutes=1), 1, None)
    assert len(_lines(out)) == 1
    for record in caplog.records:
        assert "7010000000" not in record.getMessage()
        assert "код" not in record.getMessage()


def test_delivery_gives_up_after_five_attempts(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _enqueue_many(session_factory, 2)
    gateway = RefusingGateway(failures=10**6, out=tmp_path / "sms.jsonl")

    reports = [
        deliver_pending(session_factory, gateway, T0 + timedelta(minutes=n)) for n in range(6)
    ]

    assert reports[:4] == [DeliveryReport(0, 2, 0)] * 4
    assert reports[4] == DeliveryReport(0, 2, 2)
    assert reports[5] == DeliveryReport(0, 0, 0)  # never picked again
    assert gateway.calls == 10
    with session_factory() as session:
        rows = session.scalars(select(Notification)).all()
    for row in rows:
        assert (row.sent_at, row.attempts) == (None, notifications.MAX_ATTEMPTS)
        assert row.last_error is not None and row.last_error.startswith("gave up")


def test_an_unexpected_gateway_exception_counts_as_a_failure_and_is_not_echoed(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _enqueue_many(session_factory, 1)
    gateway = RefusingGateway(failures=1, out=tmp_path / "sms.jsonl", error=RuntimeError)

    assert deliver_pending(session_factory, gateway, T0) == DeliveryReport(0, 1, 0)

    with session_factory() as session:
        row = session.scalars(select(Notification)).one()
    assert row.last_error == "unexpected RuntimeError"


def test_the_file_gateway_reports_a_write_failure_as_a_delivery_error(tmp_path: Path) -> None:
    blocked = tmp_path / "sms.jsonl"
    blocked.mkdir()  # a directory where the file should be
    with pytest.raises(SmsDeliveryError) as caught:
        FileGateway(blocked).send(PHONE, "Kezek: код 1")
    assert PHONE not in str(caught.value)


def test_concurrent_deliveries_never_send_a_message_twice(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    total, workers = 120, 4
    _enqueue_many(session_factory, total)
    out = tmp_path / "sms.jsonl"
    barrier = threading.Barrier(workers)
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []

    class SlowGateway(FileGateway):
        def send(self, phone: str, body: str) -> None:
            time.sleep(0.002)  # a provider round trip, so that the workers overlap
            super().send(phone, body)

    def scheduler() -> None:
        try:
            barrier.wait()
            reports.append(deliver_pending(session_factory, SlowGateway(out), T0, limit=total))
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=scheduler) for _ in range(workers)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)

    assert not errors, errors
    bodies = [line["body"] for line in _lines(out)]
    assert len(bodies) == total
    assert len(set(bodies)) == total
    assert sum(r.sent for r in reports) == total
    with session_factory() as session:
        unsent = session.scalar(
            select(func.count()).select_from(Notification).where(Notification.sent_at.is_(None))
        )
    assert unsent == 0
