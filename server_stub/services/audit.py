"""The append-only audit log, chained by SHA-256 so tampering is detectable (R30).

Each record stores the hash of the record before it (``prev_hash``) and its own hash over a
canonical JSON of its content and that ``prev_hash``. Editing a record breaks its own hash;
deleting or reordering records breaks the link of the record after it; deleting records
at the end is caught against the chain head kept in the ``counter`` row ``audit_head``.
A hash chain without a secret key cannot stop someone who rewrites every record after the
one they changed: publishing the head hash elsewhere from time to time closes that gap.

Writing is deferred to the commit. :func:`record` only queues an entry on the session;
the ``before_commit`` hook that :func:`install` registers then takes the chain head's row
lock, reads the last hash and inserts the queued entries. Doing it at commit keeps the
head lock for milliseconds instead of a whole business transaction, gives the chain the
order in which transactions commit, and drops the entries of a transaction (or savepoint)
that rolls back, since nothing was written for them.

Record ids are assigned here, under the lock, as ``head + 1, head + 2, ...`` so the chain
has no gaps and a missing id is itself evidence. Only this module writes the table.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from server_stub.db import insert_missing, make_engine, make_session_factory
from server_stub.models import AuditRecord, Counter

GENESIS_HASH = "0" * 64
HEAD_COUNTER = "audit_head"

_log = logging.getLogger("kezek.audit")

_PENDING_KEY = "kezek_audit"
_INSTALLED_KEY = "kezek_audit_installed"
_VERIFY_BATCH = 2000

# Column widths of AuditRecord: checked in record() so that a too-long value fails at the
# caller's line, not at commit time inside the hook.
_LIMITS = {"actor": 60, "action": 60, "entity": 40, "entity_id": 40}

# Defence in depth for R30: callers are meant to pass ids, but a stray IIN or phone in a
# log that is kept forever and cannot be edited (by design) would be a lasting leak.
_IIN_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE_RE = re.compile(
    r"(?<![\d+])(?:\+\s*7|8|7)[\s\-()]*7\d{2}[\s\-()]*\d{3}[\s\-()]*\d{2}[\s\-()]*\d{2}(?!\d)"
)
# Keys that can only carry a child's or parent's personal data whatever their value.
_PERSONAL_KEYS = frozenset(
    {
        "iin",
        "child_iin",
        "parent_iin",
        "child_name",
        "parent_name",
        "full_name",
        "phone",
        "phone1",
        "phone2",
        "address",
    }
)


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of :func:`verify`.

    ``checked`` counts the records found intact before the first bad one (all of them when
    ``ok``). ``first_bad_id`` is the id of the first record that fails, or of the first
    missing one when records were removed from the end; ``None`` when the head is missing.
    """

    ok: bool
    checked: int
    first_bad_id: int | None
    reason: str | None


@dataclass(frozen=True)
class _Entry:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    kindergarten_id: int | None
    data: dict[str, Any]
    # innermost savepoint open when the entry was made: its rollback drops the entry
    savepoint: SessionTransaction | None


# --------------------------------------------------------------------------- recording


def record(
    session: Session,
    *,
    now: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    kindergarten_id: int | None = None,
    data: Mapping[str, Any] | None = None,
) -> None:
    """Queue an audit entry; it is written, chained, when ``session`` commits.

    Raises ValueError for anything that would fail later inside the commit (naive time,
    too-long fields, data that is not JSON) or that looks like personal data.
    """
    if session.info.get(_INSTALLED_KEY) is not True:
        raise RuntimeError(
            "audit.install() was not called on this session's factory: the entry would be lost"
        )
    if now.tzinfo is None:
        raise ValueError("audit time must be timezone-aware")
    fields = {"actor": actor, "action": action, "entity": entity, "entity_id": str(entity_id)}
    for name, value in fields.items():
        if not value:
            raise ValueError(f"audit field {name} is empty")
        if len(value) > _LIMITS[name]:
            raise ValueError(f"audit field {name} is longer than {_LIMITS[name]} characters")
    _assert_no_personal_data(actor, "actor")
    _assert_no_personal_data(fields["entity_id"], "entity_id")
    # Round-trip through the canonical form now, so the hash computed at commit is over
    # exactly what the database will give back to verify() (tuples become lists, dates
    # become ISO strings), and later changes to the caller's dict cannot leak in.
    try:
        payload: dict[str, Any] = json.loads(_canonical(dict(data or {})))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"audit data is not JSON: {exc}") from None
    _assert_no_personal_data(payload)
    entry = _Entry(
        at=now.astimezone(UTC),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=fields["entity_id"],
        kindergarten_id=kindergarten_id,
        data=payload,
        savepoint=session.get_nested_transaction(),
    )
    session.info.setdefault(_PENDING_KEY, []).append(entry)


def install(session_factory: sessionmaker[Session]) -> None:
    """Make sessions of ``session_factory`` write their queued entries at commit.

    Idempotent. :func:`record` refuses sessions from a factory without it, because their
    entries would silently never reach the log.
    """
    info = session_factory.kw.setdefault("info", {})
    if info.get(_INSTALLED_KEY):
        return
    info[_INSTALLED_KEY] = True
    event.listen(session_factory, "before_commit", _before_commit)
    event.listen(session_factory, "after_commit", _after_commit)
    event.listen(session_factory, "after_soft_rollback", _after_soft_rollback)
    event.listen(session_factory, "after_transaction_end", _after_transaction_end)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint is being released: the outer transaction may still roll back, and
        # taking the head lock now would hold it for the rest of the transaction.
        return
    entries: list[_Entry] = session.info.pop(_PENDING_KEY, None) or []
    if not entries:
        return
    # Flush the caller's own changes before taking the head lock, so that once it holds the
    # lock this transaction takes no other row lock: no deadlock with a transaction that
    # holds one of those rows and waits for the head.
    session.flush()
    head = _lock_head(session)
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    prev_hash = last.hash if last is not None else GENESIS_HASH
    next_id = max(head, last.id if last is not None else 0) + 1
    rows: list[dict[str, Any]] = []
    for entry in entries:
        digest = _hash(
            prev_hash=prev_hash,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            kindergarten_id=entry.kindergarten_id,
            data=entry.data,
        )
        rows.append(
            {
                "id": next_id,
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "entity": entry.entity,
                "entity_id": entry.entity_id,
                "kindergarten_id": entry.kindergarten_id,
                "data": entry.data,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
        prev_hash = digest
        next_id += 1
    session.execute(insert(AuditRecord), rows)
    session.execute(update(Counter).where(Counter.name == HEAD_COUNTER).values(value=next_id - 1))


def _after_commit(session: Session) -> None:
    # Only reachable when the outermost transaction committed while a savepoint opened
    # with a bare begin_nested() was still open: its before_commit saw a savepoint and
    # could not tell it was the outermost commit. Say so loudly rather than lose silently.
    if not session.in_nested_transaction() and session.info.get(_PENDING_KEY):
        lost = len(session.info.pop(_PENDING_KEY))
        _log.error("%d audit entries were not written: a savepoint was open at commit", lost)


def _after_soft_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    entries: list[_Entry] | None = session.info.get(_PENDING_KEY)
    if not entries:
        return
    if not previous_transaction.nested:
        session.info.pop(_PENDING_KEY, None)
        return
    kept = [e for e in entries if not _inside(e.savepoint, previous_transaction)]
    session.info[_PENDING_KEY] = kept


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # close() without commit ends a transaction without a rollback event; whatever is
    # still queued when the outermost transaction ends was never committed.
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_PENDING_KEY, None)


def _inside(savepoint: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    current = savepoint
    while current is not None:
        if current is ancestor:
            return True
        current = current.parent
    return False


def _lock_head(session: Session) -> int:
    """Lock the ``audit_head`` counter row (creating it race-free) and return its value.

    On PostgreSQL the row lock serialises appenders so the chain cannot fork; on SQLite
    the ``BEGIN IMMEDIATE`` of every transaction already did.
    """
    select_head = select(Counter.value).where(Counter.name == HEAD_COUNTER).with_for_update()
    value = session.execute(select_head).scalar_one_or_none()
    if value is not None:
        return value
    insert_missing(session, Counter, name=HEAD_COUNTER, value=0)
    return session.execute(select_head).scalar_one()


# --------------------------------------------------------------------------- hashing


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in audit data")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"audit data cannot hold {type(value).__name__}")


def _canonical(value: Any) -> str:
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_json_default,
    )


def _hash(
    *,
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    kindergarten_id: int | None,
    data: Mapping[str, Any],
) -> str:
    document = {
        "prev_hash": prev_hash,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "kindergarten_id": kindergarten_id,
        "data": data,
    }
    return hashlib.sha256(_canonical(document).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- guard


def _assert_no_personal_data(data: Any, path: str = "data") -> None:
    """Raise ValueError if ``data`` seems to carry an IIN, a phone or a person's name.

    The message names where, never the value: it may end up in a log.
    """
    if isinstance(data, str):
        if _IIN_RE.search(data):
            raise ValueError(f"audit {path} looks like an IIN: pass ids, not personal data")
        if _PHONE_RE.search(data):
            raise ValueError(f"audit {path} looks like a phone: pass ids, not personal data")
    elif isinstance(data, Mapping):
        for key, value in data.items():
            key_text = str(key)
            if key_text.lower() in _PERSONAL_KEYS:
                raise ValueError(f"audit {path}.{key_text} is personal data: pass ids")
            _assert_no_personal_data(key_text, f"{path} key")
            _assert_no_personal_data(value, f"{path}.{key_text}")
    elif isinstance(data, Iterable) and not isinstance(data, (bytes, bytearray)):
        for index, item in enumerate(data):
            _assert_no_personal_data(item, f"{path}[{index}]")


# --------------------------------------------------------------------------- verifying


def verify(session: Session) -> VerifyResult:
    """Recompute the whole chain in id order and report the first break.

    Rows are streamed, so memory stays flat on millions of records. Under concurrent
    appends in READ COMMITTED the head is read before and after the scan and the scan
    must end between the two; in a single snapshot (SQLite, REPEATABLE READ) they agree.
    """
    head_before = _read_head(session)
    stmt = select(
        AuditRecord.id,
        AuditRecord.at,
        AuditRecord.actor,
        AuditRecord.action,
        AuditRecord.entity,
        AuditRecord.entity_id,
        AuditRecord.kindergarten_id,
        AuditRecord.data,
        AuditRecord.prev_hash,
        AuditRecord.hash,
    ).order_by(AuditRecord.id)
    checked = 0
    prev_id = 0
    prev_hash = GENESIS_HASH
    rows = session.execute(stmt, execution_options={"yield_per": _VERIFY_BATCH})
    try:
        for row in rows:
            problem = None
            if row.id != prev_id + 1:
                gap = (
                    f"#{prev_id + 1}" if row.id == prev_id + 2 else f"#{prev_id + 1}..#{row.id - 1}"
                )
                problem = f"record {gap} before it is missing (deleted)"
            else:
                digest = _hash(
                    prev_hash=row.prev_hash,
                    at=row.at,
                    actor=row.actor,
                    action=row.action,
                    entity=row.entity,
                    entity_id=row.entity_id,
                    kindergarten_id=row.kindergarten_id,
                    data=row.data,
                )
                if digest != row.hash:
                    problem = "content does not match its hash (record modified)"
                elif row.prev_hash != prev_hash:
                    problem = (
                        "prev_hash does not match the previous record's hash "
                        "(a record before it was deleted, changed or reordered)"
                    )
            if problem is not None:
                return VerifyResult(False, checked, row.id, problem)
            checked += 1
            prev_id = row.id
            prev_hash = row.hash
    finally:
        rows.close()
    head_after = _read_head(session)
    if head_after is None:
        if checked:
            return VerifyResult(False, checked, None, "the chain head marker is missing")
        return VerifyResult(True, 0, None, None)
    if head_before is not None and prev_id < head_before:
        return VerifyResult(
            False,
            checked,
            prev_id + 1,
            f"records #{prev_id + 1}..#{head_before} at the end of the chain are missing",
        )
    if prev_id > head_after:
        return VerifyResult(
            False,
            checked,
            head_after + 1,
            f"records after #{head_after} were not written by the audit log",
        )
    return VerifyResult(True, checked, None, None)


def _read_head(session: Session) -> int | None:
    return session.execute(
        select(func.max(Counter.value)).where(Counter.name == HEAD_COUNTER)
    ).scalar_one_or_none()


def verify_audit_command(database_url: str) -> int:
    """``python -m server_stub verify-audit``: 0 when the chain is intact, 1 otherwise."""
    engine = make_engine(database_url)
    try:
        factory = make_session_factory(engine)
        with factory() as session:
            if engine.dialect.name == "postgresql":
                # one snapshot for the whole scan, so concurrent appends cannot look
                # like a broken tail
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            result = verify(session)
            session.rollback()
    except SQLAlchemyError as exc:
        print(f"audit chain cannot be checked: {type(exc).__name__}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if result.ok:
        print(f"audit chain OK: {result.checked} records")
        return 0
    where = f" at record #{result.first_bad_id}" if result.first_bad_id is not None else ""
    print(f"audit chain BROKEN{where}: {result.reason}")
    return 1
