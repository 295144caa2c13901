"""The per-kindergarten change feed that desks pull (DESIGN.md, "Pull").

Nothing calls this module to say "I changed a referral": a session hook sees every row of
the mirrored tables that a transaction inserts, updates or deletes, and just before commit
writes one feed row per changed entity for each kindergarten that sees it. So no service,
today's or tomorrow's, can forget to tell the desks.

Ordering: the numbers are taken under the row lock of the kindergarten's
:class:`FeedHead`, held until commit; two transactions touching one kindergarten therefore
commit in the order of their numbers, and a reader that has seen N never later meets a
smaller one. Heads are locked in kindergarten-id order, before the audit chain's head, so
no two transactions wait for each other in a cycle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from server_stub.db import insert_missing
from server_stub.models import (
    Application,
    DocumentCheck,
    Enrollment,
    FeedChange,
    FeedHead,
    Group,
    Kindergarten,
    Place,
    Referral,
    ServerMeta,
)
from sync import protocol

_PENDING = "kezek_feed"
_INSTALLED = "kezek_feed_installed"
_CLOCK = "kezek_feed_clock"

ENTITY_ORDER = (
    "kindergarten",
    "group",
    "place",
    "referral",
    "document_check",
    "enrollment",
    "application",
)
_ENTITY_OF: dict[type, str] = {
    Kindergarten: "kindergarten",
    Group: "group",
    Place: "place",
    Referral: "referral",
    DocumentCheck: "document_check",
    Enrollment: "enrollment",
    Application: "application",
}


def install(factory: sessionmaker[Session], clock: Callable[[], datetime] | None = None) -> None:
    """Record feed changes for every session of ``factory``; install before the audit hook.

    ``clock`` stamps the rows (the server's clock, so pruning by age follows it too).
    """
    if factory.kw.get("info", {}).get(_INSTALLED):
        return
    info = dict(factory.kw.get("info", {}))
    info[_INSTALLED] = True
    info[_CLOCK] = clock or (lambda: datetime.now(UTC))
    factory.configure(info=info)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _after_rollback)


def _after_flush(session: Session, _context: Any) -> None:
    pending: set[tuple[str, int]] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        entity = _ENTITY_OF.get(type(obj))
        if entity is not None and getattr(obj, "id", None) is not None:
            pending.add((entity, obj.id))


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _before_commit(session: Session) -> None:
    session.flush()
    pending: set[tuple[str, int]] = session.info.pop(_PENDING, set())
    if not pending:
        return
    now = session.info[_CLOCK]()  # when the change was written; used only to prune old rows
    by_kindergarten: dict[int, dict[tuple[int, str, int], dict[str, Any] | None]] = defaultdict(
        dict
    )
    for entity, entity_id in pending:
        for kindergarten_id, shown, shown_id, row in _rows_for(session, entity, entity_id):
            key = (ENTITY_ORDER.index(shown), shown, shown_id)
            by_kindergarten[kindergarten_id][key] = row
    for kindergarten_id in sorted(by_kindergarten):
        head = _lock_head(session, kindergarten_id)
        # parents before children, so a desk applying a page in order never meets a
        # place before its group
        for (_, entity, entity_id), row in sorted(by_kindergarten[kindergarten_id].items()):
            head.last_seq += 1
            session.add(
                FeedChange(
                    kindergarten_id=kindergarten_id,
                    seq=head.last_seq,
                    entity=entity,
                    entity_id=entity_id,
                    op="upsert" if row is not None else "delete",
                    row=row,
                    at=now,
                )
            )
    session.flush()
    session.info.pop(_PENDING, None)  # the flush above must not queue our own rows


def _lock_head(session: Session, kindergarten_id: int) -> FeedHead:
    head = session.scalar(
        select(FeedHead).where(FeedHead.kindergarten_id == kindergarten_id).with_for_update()
    )
    if head is None:
        insert_missing(
            session, FeedHead, kindergarten_id=kindergarten_id, last_seq=0, pruned_through=0
        )
        head = session.scalar(
            select(FeedHead).where(FeedHead.kindergarten_id == kindergarten_id).with_for_update()
        )
        assert head is not None
    return head


# ------------------------------------------------------------------------------ visibility


Shown = tuple[int, str, int, dict[str, Any] | None]


def _rows_for(session: Session, entity: str, entity_id: int) -> Iterable[Shown]:
    """(kindergarten, entity, id, row or None for a tombstone) for each desk that sees it.

    A change to an application shows at a desk as its referral there (the family's data).
    """
    if entity == "kindergarten":
        kg = session.get(Kindergarten, entity_id)
        if kg is not None:
            yield kg.id, entity, kg.id, kindergarten_row(kg)
    elif entity == "group":
        group = session.get(Group, entity_id)
        if group is not None:
            yield group.kindergarten_id, entity, group.id, group_row(group)
    elif entity == "place":
        place = session.get(Place, entity_id)
        if place is not None:
            yield place.kindergarten_id, entity, place.id, place_row(place)
    elif entity == "referral":
        referral = session.get(Referral, entity_id)
        if referral is not None:
            yield referral.kindergarten_id, entity, referral.id, referral_row(session, referral)
    elif entity == "document_check":
        check = session.get(DocumentCheck, entity_id)
        if check is not None:
            referral = session.get(Referral, check.referral_id)
            if referral is not None:
                yield referral.kindergarten_id, entity, check.id, document_check_row(check)
    elif entity == "enrollment":
        enrollment = session.get(Enrollment, entity_id)
        if enrollment is not None:
            yield enrollment.kindergarten_id, entity, enrollment.id, enrollment_row(enrollment)
    elif entity == "application":
        yield from _application_rows(session, entity_id)


def _application_rows(session: Session, application_id: int) -> Iterable[Shown]:
    """A family's data reach a desk through its referral there, and a walk-in's desk."""
    app = session.get(Application, application_id)
    if app is None:
        return
    if app.registered_at_kindergarten is not None:
        yield app.registered_at_kindergarten, "application", app.id, application_row(app)
    for referral in session.scalars(
        select(Referral).where(Referral.application_id == app.id)
    ).all():
        yield referral.kindergarten_id, "referral", referral.id, referral_row(session, referral)


def _dump(model: protocol._Wire) -> dict[str, Any]:
    return model.model_dump(mode="json")


def kindergarten_row(kg: Kindergarten) -> dict[str, Any]:
    return _dump(
        protocol.KindergartenRow(
            id=kg.id,
            name_kk=kg.name_kk,
            name_ru=kg.name_ru,
            address=kg.address,
            languages=[x for x in kg.languages.split(",") if x],
        )
    )


def group_row(group: Group) -> dict[str, Any]:
    return _dump(protocol.GroupRow.model_validate(group))


def place_row(place: Place) -> dict[str, Any]:
    return _dump(protocol.PlaceRow.model_validate(place))


def referral_row(session: Session, referral: Referral) -> dict[str, Any] | None:
    """None while a documentary benefit awaits confirmation: not the desk's yet (R13)."""
    if referral.awaiting_benefit:
        return None
    app = session.get(Application, referral.application_id)
    assert app is not None
    return _dump(
        protocol.ReferralRow(
            id=referral.id,
            number=referral.number,
            application_id=app.id,
            application_number=app.number,
            group_id=referral.group_id,
            place_id=referral.place_id,
            status=referral.status,  # type: ignore[arg-type]
            issued_at=referral.issued_at,
            expires_at=referral.expires_at,
            postponed_until=referral.postponed_until,
            staff_relative=referral.staff_relative,
            closed_at=referral.closed_at,
            child_name=app.child_name,
            child_iin=app.child_iin,
            birth_date=app.birth_date,
            parent_iin=app.parent_iin,
            phones=[p for p in (app.phone1, app.phone2) if p],
        )
    )


def document_check_row(check: DocumentCheck) -> dict[str, Any]:
    return _dump(protocol.DocumentCheckRow.model_validate(check))


def enrollment_row(enrollment: Enrollment) -> dict[str, Any]:
    return _dump(protocol.EnrollmentRow.model_validate(enrollment))


def application_row(app: Application) -> dict[str, Any]:
    return _dump(
        protocol.ApplicationRow(
            id=app.id,
            number=app.number,
            client_ref=app.client_ref,  # type: ignore[arg-type]
            status=app.status,
            queued_at=app.queued_at,
            child_name=app.child_name,
            child_iin=app.child_iin,
        )
    )


# ---------------------------------------------------------------------------------- reads


def server_id(session: Session) -> str:
    value = session.scalar(select(ServerMeta.value).where(ServerMeta.key == "server_id"))
    assert value is not None, "server_meta.server_id is set by migration 0002"
    return value


def bounds(session: Session, kindergarten_id: int) -> tuple[int, int]:
    """(oldest cursor still served, latest change number) of a kindergarten's feed."""
    head = session.get(FeedHead, kindergarten_id)
    if head is None:
        return 0, 0
    return head.pruned_through, head.last_seq


class CursorTooOld(Exception):
    """The changes after this cursor were pruned: the desk must take a snapshot."""


def changes_since(
    session: Session, kindergarten_id: int, since: int, limit: int
) -> protocol.ChangesPage:
    oldest, _ = bounds(session, kindergarten_id)
    if since < oldest:
        raise CursorTooOld
    rows = session.scalars(
        select(FeedChange)
        .where(FeedChange.kindergarten_id == kindergarten_id, FeedChange.seq > since)
        .order_by(FeedChange.seq)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    changes = [
        protocol.Change(seq=r.seq, entity=r.entity, id=r.entity_id, op=r.op, row=r.row)  # type: ignore[arg-type]
        for r in page
    ]
    cursor = page[-1].seq if page else max(since, 0)
    return protocol.ChangesPage(changes=changes, cursor=cursor, more=len(rows) > limit)


def prune(session: Session, kindergarten_id: int, now: datetime, keep: timedelta) -> int:
    """Drop one kindergarten's feed rows older than ``keep``; returns how many.

    A desk whose cursor is behind them gets 410 and re-downloads a snapshot. One
    kindergarten a transaction: its feed head is locked only for its own short prune.
    """
    head = _lock_head(session, kindergarten_id)
    newest_old = session.scalar(
        select(func.max(FeedChange.seq)).where(
            FeedChange.kindergarten_id == kindergarten_id, FeedChange.at < now - keep
        )
    )
    if newest_old is None:
        return 0
    result = session.execute(
        delete(FeedChange).where(
            FeedChange.kindergarten_id == kindergarten_id, FeedChange.seq <= newest_old
        )
    )
    head.pruned_through = newest_old
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
