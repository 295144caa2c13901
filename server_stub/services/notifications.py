"""The SMS outbox: messages are written with the event they tell about, sent later.

:func:`enqueue` inserts into the ``notification`` table in the caller's transaction, so an
offer that rolls back never texts a parent, and one that commits always does. The
scheduler calls :func:`deliver_pending`, which hands the rows to an :class:`SmsGateway`.

Delivery is at-least-once: a message is marked sent in the transaction that sent it, and a
crash between the provider's acceptance and that commit sends it again on the next run.
Each message gets its own short transaction so such a crash repeats one SMS, not a batch.
Two schedulers never send the same row at once: on PostgreSQL each takes its row with
``FOR UPDATE SKIP LOCKED``; on SQLite every write transaction is exclusive already.

Nothing here logs a phone number or a message body (R30): only ids and counts.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server_stub import sms_templates
from server_stub.clock import Clock, SystemClock
from server_stub.models import Notification

MAX_ATTEMPTS = 5
GAVE_UP = "gave up"

_log = logging.getLogger("kezek.sms")
_PHONE_RE = re.compile(r"^\+77\d{9}$")
_ERROR_LIMIT = 300  # Notification.last_error width


class SmsDeliveryError(Exception):
    """The gateway could not hand the message over.

    Its text is stored and logged, so gateways put a reason there (``"timeout"``,
    ``"provider rejected: 21"``), never the phone or the message.
    """


class SmsGateway(Protocol):
    """Where SMS go: the dev file, or a real provider plugged in at start."""

    def send(self, phone: str, body: str) -> None:
        """Hand one message over; raise :class:`SmsDeliveryError` if it was not taken."""
        ...


class FileGateway:
    """The dev gateway: appends ``{"at", "phone", "body"}`` as one JSON line per SMS.

    Text is written as UTF-8 with Cyrillic kept readable, so a developer (or a black-box
    test reading the login code) sees exactly what a parent would.
    """

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()

    def send(self, phone: str, body: str) -> None:
        line = json.dumps(
            {"at": self._clock.now().isoformat(), "phone": phone, "body": body},
            ensure_ascii=False,
        )
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # one write() of a whole line on an O_APPEND file: lines from several
                # processes interleave but never mix
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
        except OSError as exc:
            raise SmsDeliveryError(f"file gateway: {type(exc).__name__}") from None


@dataclass(frozen=True)
class DeliveryReport:
    """What one :func:`deliver_pending` run did; ``failed`` includes ``gave_up``."""

    sent: int
    failed: int
    gave_up: int = 0


def enqueue(
    session: Session,
    *,
    now: datetime,
    kind: str,
    phone: str,
    language: str,
    params: Mapping[str, Any],
    application_id: int | None = None,
    dedup_key: str | None = None,
) -> Notification | None:
    """Render the SMS now and put it in the outbox, in the caller's transaction.

    The body is rendered at enqueue time so the message says what was true when the event
    happened, even if it is sent after a retry. With a ``dedup_key`` that is already in the
    outbox nothing is inserted and None is returned: a scheduler that runs twice, or two
    that race, still text a reminder once. On PostgreSQL and SQLite that is one
    ``INSERT … ON CONFLICT (dedup_key) DO NOTHING RETURNING``: a racing transaction that
    inserted the same key waits for the first to commit and then inserts nothing, and the
    caller's transaction stays usable. Elsewhere the race is settled by the unique index
    inside a savepoint.
    """
    if now.tzinfo is None:
        raise ValueError("notification time must be timezone-aware")
    if not _PHONE_RE.match(phone):
        raise ValueError("phone must be normalised to +77XXXXXXXXX (domain.phones)")
    language = sms_templates.resolve_language(language)
    body = sms_templates.render(kind, language, params)
    values: dict[str, Any] = {
        "application_id": application_id,
        "phone": phone,
        "language": language,
        "kind": kind,
        "body": body,
        "dedup_key": dedup_key,
        "created_at": now,
        "attempts": 0,
    }
    if dedup_key is None:
        row = Notification(**values)
        session.add(row)
        session.flush()
        return row
    # the caller's pending changes fail here, not in our insert, where their error could
    # pass for a duplicate key
    session.flush()
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        return session.scalars(
            upsert(Notification)
            .values(values)
            .on_conflict_do_nothing(index_elements=[Notification.dedup_key])
            .returning(Notification)
        ).one_or_none()
    if _dedup_taken(session, dedup_key):
        return None
    row = Notification(**values)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if not _dedup_taken(session, dedup_key):
            raise  # not our unique key: a real error (say, an unknown application id)
        # a concurrent transaction inserted the same key and committed first
        _log.info("sms dedup settled by the unique index (kind %s)", kind)
        return None
    return row


def _dedup_taken(session: Session, dedup_key: str) -> bool:
    found = session.execute(
        select(Notification.id).where(Notification.dedup_key == dedup_key)
    ).first()
    return found is not None


def deliver_pending(
    session_factory: sessionmaker[Session],
    gateway: SmsGateway,
    now: datetime,
    limit: int = 100,
) -> DeliveryReport:
    """Send up to ``limit`` unsent messages, oldest first, one transaction each.

    A message is tried at most once per run (the run walks forward by id), so a failing
    one waits for the next run instead of using up its attempts in a burst. After
    :data:`MAX_ATTEMPTS` failures it stays unsent with ``last_error`` starting with
    "gave up" and is never picked again.
    """
    sent = failed = gave_up = 0
    after_id = 0
    for _ in range(limit):
        with session_factory() as session, session.begin():
            row = session.scalars(
                select(Notification)
                .where(
                    Notification.sent_at.is_(None),
                    Notification.attempts < MAX_ATTEMPTS,
                    Notification.id > after_id,
                )
                .order_by(Notification.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                break
            after_id = row.id
            try:
                gateway.send(row.phone, row.body)
            except Exception as exc:
                row.attempts += 1
                reason = _safe_reason(exc, row.phone, row.body)
                failed += 1
                if row.attempts >= MAX_ATTEMPTS:
                    row.last_error = f"{GAVE_UP}: {reason}"[:_ERROR_LIMIT]
                    gave_up += 1
                    _log.warning("sms %d: gave up after %d attempts", row.id, row.attempts)
                else:
                    row.last_error = reason
                    _log.warning(
                        "sms %d: attempt %d failed (%s)", row.id, row.attempts, type(exc).__name__
                    )
            else:
                row.sent_at = now
                row.last_error = None
                sent += 1
    if sent or failed:
        _log.info("sms delivery: %d sent, %d failed, %d gave up", sent, failed, gave_up)
    return DeliveryReport(sent=sent, failed=failed, gave_up=gave_up)


def _safe_reason(exc: Exception, phone: str, body: str) -> str:
    """A storable failure reason: never the phone or the text, whatever the gateway said.

    Only :class:`SmsDeliveryError` promises a clean message; anything else (a bug, a
    library error that echoes its request) is reduced to its class name.
    """
    if not isinstance(exc, SmsDeliveryError):
        return f"unexpected {type(exc).__name__}"[:_ERROR_LIMIT]
    text = str(exc) or type(exc).__name__
    digits = phone.lstrip("+")
    for secret in (body, phone, digits, digits[1:]):
        if secret:
            text = text.replace(secret, "***")
    return text[:_ERROR_LIMIT]
